//! The one place YAML is parsed. serde_yaml is archived and unmaintained, so
//! Hearth reads YAML with serde-saphyr (maintained, pure Rust, no unsafe) and
//! turns its errors into plain messages with a line, a column and a fix.
//!
//! [`parse`] reads a file in one pass, as every file is read when it is
//! right. When it is not, [`parse_all`] finds every problem of the file at
//! once: a YAML syntax error alone (everything else would follow from it),
//! else each unknown, repeated or mistyped top-level key, each on its own.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::{Budget, DuplicateKeyPolicy, Error, ExternalMessageSource, Options};

use crate::diagnostic::Location;

pub use serde_saphyr::Spanned;

/// A YAML problem at a 1-based line and column of the parsed text, in plain
/// words, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// How many characters the problem covers (at least 1).
    pub length: usize,
    /// What to do about it.
    pub help: String,
    /// A likely intended key when the problem is an unknown key.
    pub suggestion: Option<String>,
}

/// Parses `source` into `T`, rejecting what `T` does not describe; on
/// failure, the first problem the parser met.
pub fn parse<T: DeserializeOwned>(source: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str(source).map_err(|error| explain(&error, source, 0))
}

/// What [`parse_all`] found in a text that could not be read as a whole.
#[derive(Debug)]
pub struct Failure<T> {
    /// Every problem, each once, in the order of the text; a syntax error
    /// comes alone.
    pub errors: Vec<YamlError>,
    /// The value read without the top-level keys that had errors, when
    /// the rest still makes one (no required key among them).
    pub partial: Option<Box<T>>,
    /// The top-level keys left out of `partial` because of their errors.
    pub failed_keys: Vec<String>,
}

/// Parses `source` into the struct `T` like [`parse`] but, when that fails,
/// reports every problem: each unknown or repeated top-level key and each
/// top-level value of the wrong type. `line_offset` is the number of lines
/// of the file before `source`, for messages that name a second line.
pub fn parse_all<T: DeserializeOwned>(source: &str, line_offset: usize) -> Result<T, Failure<T>> {
    let first_error = match serde_saphyr::from_str::<T>(source) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    // A syntax error is the root cause of everything after it, so it is
    // reported alone: the first error when it is one, else one the parser
    // had not reached yet, found by reading the text as YAML of any shape.
    if !about_content(&first_error) {
        return Err(Failure {
            errors: vec![explain(&first_error, source, line_offset)],
            partial: None,
            failed_keys: Vec::new(),
        });
    }
    if let Err(error) =
        serde_saphyr::from_str_with_options::<IgnoredAny>(source, checking_options())
    {
        return Err(Failure {
            errors: vec![explain(&error, source, line_offset)],
            partial: None,
            failed_keys: Vec::new(),
        });
    }
    let state = RefCell::new(PassState {
        line_offset,
        ..PassState::default()
    });
    let mut errors = Vec::new();
    let mut partial = None;
    // Each pass leaves out one more failing key, so there are at most as
    // many passes as keys, plus the last one.
    loop {
        state.borrow_mut().start_pass();
        let result = serde_saphyr::with_deserializer_from_str_with_options(
            source,
            checking_options(),
            |deserializer| {
                T::deserialize(FilterKeys {
                    inner: deserializer,
                    state: &state,
                })
            },
        );
        let mut pass = state.borrow_mut();
        match result {
            Ok(value) => {
                partial = Some(Box::new(value));
                break;
            }
            Err(error) => match pass.reading {
                Some(index) if !pass.skip.contains(&index) => {
                    errors.push(explain(&error, source, line_offset));
                    pass.skip.insert(index);
                }
                _ if pass.reading_key => {
                    let mut key_error = explain(&error, source, line_offset);
                    key_error.message = "this key is not a plain word".to_string();
                    key_error.help = "write each key as a word followed by `: `, like `title: ...`; put a key that starts with `[`, `{`, `?` or `~` in quotes".to_string();
                    errors.push(key_error);
                    break;
                }
                _ => {
                    let suppressed = match innermost(&error) {
                        Error::SerdeMissingField { field, .. } => {
                            pass.failed_keys().contains(&(*field).to_string())
                                || pass
                                    .key_errors
                                    .iter()
                                    .any(|e| e.suggestion.as_deref() == Some(*field))
                        }
                        _ => false,
                    };
                    if !suppressed {
                        let mut explained = explain(&error, source, line_offset);
                        if matches!(innermost(&error), Error::SerdeMissingField { .. }) {
                            // Missing from the whole text: it belongs at the top.
                            (explained.line, explained.column, explained.length) = (1, 1, 1);
                        }
                        errors.push(explained);
                    }
                    break;
                }
            },
        }
    }
    let pass = state.into_inner();
    let failed_keys = pass.failed_keys();
    errors.extend(pass.key_errors);
    // The parser's own first error is among them, unless the key-by-key
    // reading could not see it (a repeated key in free-form `extra` data).
    let first = explain(&first_error, source, line_offset);
    if !errors
        .iter()
        .any(|e| e.line == first.line || e.message == first.message)
    {
        errors.push(first);
    }
    errors.sort_by_key(|e| (e.line, e.column));
    errors.dedup();
    Err(Failure {
        errors,
        partial,
        failed_keys,
    })
}

/// The line and column of a spanned value, for errors found after parsing.
pub fn position<T>(value: &Spanned<T>) -> (usize, usize) {
    (
        (value.referenced.line() as usize).max(1),
        (value.referenced.column() as usize).max(1),
    )
}

/// The length in characters of a spanned value as written (at least 1).
pub fn length<T>(value: &Spanned<T>) -> usize {
    (value.referenced.span().len() as usize).max(1)
}

/// True for errors about what a value holds (a wrong type, an unknown or
/// missing key), which may come before a syntax error further on; false
/// for syntax errors and limits, which come first wherever they are.
fn about_content(error: &Error) -> bool {
    matches!(
        innermost(error),
        Error::SerdeInvalidType { .. }
            | Error::SerdeInvalidValue { .. }
            | Error::SerdeInvalidLength { .. }
            | Error::SerdeUnknownField { .. }
            | Error::SerdeMissingField { .. }
            | Error::SerdeUnknownVariant { .. }
            | Error::DuplicateMappingKey { .. }
            | Error::Message { .. }
            | Error::Unexpected { .. }
            | Error::InvalidScalar { .. }
            | Error::InvalidBooleanStrict { .. }
            | Error::NullIntoString { .. }
            | Error::NonFiniteFloat { .. }
            | Error::QuotingRequired { .. }
            | Error::TaggedScalarCannotDeserializeIntoString { .. }
            | Error::RecursiveReferencesRequireWeakTypes { .. }
    )
}

/// Locations of YAML values in their file, found in time proportional to
/// the line, not the file: the lines are indexed once, so that a file with
/// thousands of values is located in linear time.
pub struct Lines<'a> {
    file_text: &'a str,
    /// Lines of the file before the YAML text.
    line_offset: usize,
    /// Byte offset of each line's start in the file.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Indexes `file_text`, in which the YAML starts after `line_offset` lines.
    pub fn new(file_text: &'a str, line_offset: usize) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(file_text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines {
            file_text,
            line_offset,
            starts,
        }
    }

    /// The location at a 1-based line and column of the YAML text.
    pub fn at(&self, line: usize, column: usize) -> Location {
        let line = line.max(1) + self.line_offset;
        let text = self.file_text;
        let start = self.starts.get(line - 1).copied().unwrap_or(text.len());
        let end = self
            .starts
            .get(line)
            .map_or(text.len(), |next| next - 1)
            .max(start);
        Location {
            line,
            column: column.max(1),
            length: 1,
            line_text: text[start..end].trim_end_matches('\r').to_string(),
        }
    }

    /// The location of a spanned value, as long as the value is written.
    pub fn at_spanned<T>(&self, value: &Spanned<T>) -> Location {
        let (line, column) = position(value);
        let mut location = self.at(line, column);
        location.length = length(value);
        location
    }
}

/// How the checking passes read: repeated keys reach Hearth, so that it can
/// name both lines; no source snippets, which Hearth renders itself.
fn checking_options() -> Options {
    let mut options = Options::default();
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    options.with_snippet = false;
    options
}

/// What the passes of [`parse_all`] share: which keys to leave out, and
/// what was found about the keys themselves.
#[derive(Debug, Default)]
struct PassState {
    /// Indexes of top-level entries to skip: their value had an error.
    skip: BTreeSet<usize>,
    /// The keys of the entries met in this pass, in order.
    entries: Vec<String>,
    /// The line of each key's first entry in this pass.
    first_lines: HashMap<String, usize>,
    /// The entry whose value is being read, while it is.
    reading: Option<usize>,
    /// True while a top-level key is being read.
    reading_key: bool,
    /// Unknown and repeated keys, found in the first pass.
    key_errors: Vec<YamlError>,
    /// Indexes of the entries already looked at, in any pass.
    reported: BTreeSet<usize>,
    /// Lines of the file before the text, for messages naming a line.
    line_offset: usize,
}

impl PassState {
    fn start_pass(&mut self) {
        self.entries.clear();
        self.first_lines.clear();
        self.reading = None;
        self.reading_key = false;
    }

    fn failed_keys(&self) -> Vec<String> {
        self.skip
            .iter()
            .filter_map(|index| self.entries.get(*index).cloned())
            .collect()
    }
}

/// A deserializer for a struct that hands it only the top-level keys that
/// are known, not repeated and not left out, recording the others.
struct FilterKeys<'s, D> {
    inner: D,
    state: &'s RefCell<PassState>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for FilterKeys<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_struct(
            name,
            fields,
            FilterVisitor {
                visitor,
                fields,
                state: self.state,
            },
        )
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

struct FilterVisitor<'s, V> {
    visitor: V,
    fields: &'static [&'static str],
    state: &'s RefCell<PassState>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for FilterVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(formatter)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(FilterMap {
            inner: map,
            fields: self.fields,
            state: self.state,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_seq(seq)
    }
}

struct FilterMap<'s, A> {
    inner: A,
    fields: &'static [&'static str],
    state: &'s RefCell<PassState>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for FilterMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            self.state.borrow_mut().reading_key = true;
            let Some(key) = self.inner.next_key::<Spanned<String>>()? else {
                self.state.borrow_mut().reading_key = false;
                return Ok(None);
            };
            self.state.borrow_mut().reading_key = false;
            let (line, column) = position(&key);
            let mut state = self.state.borrow_mut();
            let index = state.entries.len();
            let earlier = state.first_lines.get(&key.value).copied();
            if earlier.is_none() {
                state.first_lines.insert(key.value.clone(), line);
            }
            state.entries.push(key.value.clone());
            let known = self.fields.contains(&key.value.as_str());
            // Entries come in the same order in every pass: each is reported once.
            let first_time = state.reported.insert(index);
            if let Some(earlier) = earlier {
                if first_time {
                    let message = twice(&key.value, Some(earlier), line, state.line_offset);
                    state.key_errors.push(YamlError {
                        message,
                        line,
                        column,
                        length: key.value.chars().count().max(1),
                        help: "keep one of the two lines, the one with the value you mean"
                            .to_string(),
                        suggestion: None,
                    });
                }
            } else if !known {
                if first_time {
                    state
                        .key_errors
                        .push(unknown_key(&key.value, self.fields, line, column));
                }
            } else if !state.skip.contains(&index) {
                state.reading = Some(index);
                drop(state);
                let name = de::value::StringDeserializer::<A::Error>::new(key.value);
                return seed.deserialize(name).map(Some);
            }
            drop(state);
            self.inner.next_value::<IgnoredAny>()?;
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        // On an error, `reading` keeps naming the entry whose value failed.
        let value = self.inner.next_value_seed(seed)?;
        self.state.borrow_mut().reading = None;
        Ok(value)
    }
}

fn unknown_key(key: &str, fields: &[&str], line: usize, column: usize) -> YamlError {
    let suggestion = crate::diagnostic::did_you_mean(key, fields.iter().copied());
    let help = match suggestion {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None => "remove it, or rename it to one of the keys allowed here".to_string(),
    };
    YamlError {
        message: format!(
            "unknown key `{key}`; the keys allowed here are: {}",
            fields.join(", ")
        ),
        line,
        column,
        length: key.chars().count().max(1),
        help,
        suggestion: suggestion.map(str::to_string),
    }
}

/// A problem put in plain words, before it gets its place.
struct Words {
    message: String,
    help: String,
}

fn words(message: impl Into<String>, help: impl Into<String>) -> Words {
    Words {
        message: message.into(),
        help: help.into(),
    }
}

/// Where a problem is, 1-based, in characters.
#[derive(Clone, Copy)]
struct Place {
    line: usize,
    column: usize,
    length: usize,
}

/// Turns a parser error into plain words and a fix, placed where the
/// problem really is (a tab on its own line, the bracket never closed).
/// No text of the library reaches the user: every kind of error it has is
/// named here, and anything new gets a general message.
fn explain(error: &Error, source: &str, line_offset: usize) -> YamlError {
    let (line, column) = error.location().map_or((1, 1), |location| {
        (
            (location.line() as usize).max(1),
            (location.column() as usize).max(1),
        )
    });
    let mut place = Place {
        line,
        column,
        length: 1,
    };
    let text = Text { source };
    let mut suggestion = None;
    let Words { message, help } = match innermost(error) {
        Error::ExternalMessage { source: from, .. } => match from.as_ref() {
            ExternalMessageSource::Parser(scan) => scan_error(scan.kind(), &text, &mut place),
            _ => unreadable(),
        },
        Error::Eof { .. } if has_no_keys(source) => words(
            "there is nothing here: the YAML is empty (or only comments)",
            "write the keys this file needs; README.md shows them",
        ),
        Error::Eof { .. } => words(
            "the YAML ends too early: a value, a quote or a bracket is left open",
            "finish the last value, and close every quote, `[` and `{` you opened",
        ),
        Error::MultipleDocuments { .. } => words(
            "a `---` or `...` line here starts a second YAML document in the file",
            "remove that line: a file holds one set of keys",
        ),
        Error::Unexpected { expected, .. } => match *expected {
            "sequence start" => list_expected(),
            "mapping start" | "empty mapping start" | "empty mapping end" | "mapping end" => {
                mapping_expected()
            }
            "string scalar" | "scalar" | "string" | "value" | "binary scalar" => text_expected(),
            "tagged node" => tag_words(),
            _ => unreadable(),
        },
        Error::InvalidScalar { ty, .. } => scalar_expected(ty),
        Error::InvalidBooleanStrict { .. } => scalar_expected("boolean"),
        Error::NullIntoString { .. } => words(
            "this value is empty",
            "write the text after the colon, or remove the line",
        ),
        Error::NonFiniteFloat { value, .. } => words(
            format!("`{value}` is not a number Hearth can keep"),
            format!("put it in quotes to keep it as text: `\"{value}\"`"),
        ),
        Error::SerdeInvalidType { expected, .. }
        | Error::SerdeInvalidValue { expected, .. }
        | Error::SerdeInvalidLength { expected, .. } => serde_expected(expected),
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            place.length = field.chars().count().max(1);
            let unknown = unknown_key(field, expected, place.line, place.column);
            suggestion = unknown.suggestion;
            words(unknown.message, unknown.help)
        }
        Error::SerdeMissingField { field, .. } => words(
            format!("missing required key `{field}`"),
            format!("add a line `{field}: ...`; README.md shows what it holds"),
        ),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => words(
            format!("`{variant}` is not one of the values allowed here"),
            format!("use one of: {}", expected.join(", ")),
        ),
        Error::DuplicateMappingKey { key, .. } => {
            repeated_key(key.as_deref(), &text, &mut place, line_offset)
        }
        Error::Message { msg, .. } => match msg
            .strip_prefix("duplicate field `")
            .and_then(|rest| rest.split('`').next())
        {
            Some(key) => {
                // Placed at the mapping that has the key twice: find the
                // second one, from which the first is found again.
                if let Some((line, column)) = text.second_key(key, place.line, place.column) {
                    place.line = line;
                    place.column = column;
                }
                repeated_key(Some(key), &text, &mut place, line_offset)
            }
            None => unreadable(),
        },
        Error::RecursiveReferencesRequireWeakTypes { .. } => words(
            "YAML anchors and aliases (&name / *name) that refer to themselves are not supported",
            "write the value out instead of referring to it with `*name`",
        ),
        Error::UnknownAnchor { .. } => unknown_anchor(&text, &mut place),
        Error::AliasReplayCounterOverflow { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => too_many_aliases(),
        Error::Budget { breach, .. } => budget_words(breach),
        Error::MergeValueNotMapOrSeqOfMaps { .. } | Error::MergeKeyNotAllowed { .. } => words(
            "a YAML merge (`<<:`) here does not merge `key: value` lines",
            "write the keys out instead of merging them with `<<:`",
        ),
        Error::UnsupportedTag { .. }
        | Error::TaggedStructFieldName { .. }
        | Error::TaggedScalarCannotDeserializeIntoString { .. }
        | Error::TaggedEnumMismatch { .. }
        | Error::InvalidBinaryBase64 { .. }
        | Error::BinaryNotUtf8 { .. }
        | Error::BytesNotSupportedMissingBinaryTag { .. } => tag_words(),
        Error::QuotingRequired { value, .. } => words(
            format!("`{value}` must be in quotes here to be read as text"),
            format!("write it as `\"{value}\"`"),
        ),
        Error::FoldedBlockScalarMustIndentContent { .. } | Error::IndentationError { .. } => {
            indentation_words()
        }
        Error::InvalidUtf8Input => words(
            "the file is not UTF-8 text",
            "save the file as UTF-8 in your editor",
        ),
        _ => unreadable(),
    };
    YamlError {
        message,
        line: place.line,
        column: place.column,
        length: place.length,
        help,
        suggestion,
    }
}

/// True for a text of blank lines and comments only.
fn has_no_keys(source: &str) -> bool {
    source
        .lines()
        .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
}

/// The error a wrapper (a source snippet, an alias) carries.
fn innermost(error: &Error) -> &Error {
    match error {
        Error::WithSnippet { error, .. } => innermost(error),
        Error::AliasError { error, .. } => innermost(error),
        other => other,
    }
}

/// For errors with nothing more specific to say.
fn unreadable() -> Words {
    words(
        "YAML cannot read this",
        "check this line: put a value in quotes when it contains `: ` or ` #`, or starts with `[`, `{`, `&`, `*`, `!`, `|`, `>`, `%`, `@` or a backtick",
    )
}

fn list_expected() -> Words {
    words(
        "expected a list here, like `[a, b]` or lines starting with `- `",
        "write the items in brackets, `[a, b]`, or each on its own line under the key, starting with `- `",
    )
}

fn mapping_expected() -> Words {
    words(
        "expected `key: value` lines here",
        "write the keys of this value on their own lines, indented under it, or like `{ key: value }`",
    )
}

fn text_expected() -> Words {
    words(
        "expected text here",
        "write plain text after the colon; put it in quotes if it starts with `[`, `{` or `-`, like `\"[1]\"`",
    )
}

fn tag_words() -> Words {
    words(
        "YAML tags (words starting with `!`, like `!!int`) are not used in Hearth files",
        "remove the tag, or put the whole value in quotes to keep it as text",
    )
}

fn indentation_words() -> Words {
    words(
        "this line is not indented as YAML expects",
        "indent the lines inside a value by the same number of spaces, more than its key",
    )
}

fn too_many_aliases() -> Words {
    words(
        "this YAML repeats values through anchors and aliases (&name / *name) too often",
        "write the values out instead of repeating them with `*name`",
    )
}

/// A scalar that is not of the type `ty` the key needs.
fn scalar_expected(ty: &str) -> Words {
    match ty {
        "boolean" | "bool" => words(
            "expected `true` or `false` here",
            "write `true` or `false`, without quotes",
        ),
        "floating point" | "f32" | "f64" => words(
            "expected a number here, like `1.5`",
            "write digits, with a dot for decimals, without quotes",
        ),
        "char" => words(
            "expected a single character here",
            "write one character, in quotes",
        ),
        ty if ty.starts_with('i') || ty.starts_with('u') => words(
            "expected a whole number here, like `3` or `-1`",
            "write digits only, without quotes or decimals",
        ),
        _ => unreadable(),
    }
}

/// serde's description of what it expected, in plain words.
fn serde_expected(expected: &str) -> Words {
    let expected = expected.to_ascii_lowercase();
    if expected.contains("bool") {
        scalar_expected("boolean")
    } else if expected.contains("integer") || expected.starts_with('i') || expected.starts_with('u')
    {
        scalar_expected("i64")
    } else if expected.contains("float") || expected.starts_with('f') {
        scalar_expected("f64")
    } else if expected.contains("string") || expected.contains("char") {
        text_expected()
    } else if expected.contains("sequence")
        || expected.contains("tuple")
        || expected.contains("array")
    {
        list_expected()
    } else if expected.contains("map") || expected.contains("struct") {
        mapping_expected()
    } else {
        unreadable()
    }
}

fn budget_words(breach: &BudgetBreach) -> Words {
    let budget = Budget::default();
    let help = "a Hearth file needs far less: split it up, or remove what is not needed";
    match breach {
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => words(
            format!(
                "this YAML is too large or too deeply nested (more than {} values)",
                budget.max_nodes
            ),
            help,
        ),
        BudgetBreach::Depth { .. } => words(
            format!(
                "this YAML is nested too deeply (more than {} levels)",
                budget.max_depth
            ),
            help,
        ),
        BudgetBreach::ScalarBytes { .. } | BudgetBreach::InputBytes { .. } => {
            words("this YAML holds too much text", help)
        }
        BudgetBreach::Documents { .. } => words(
            "this file holds too many YAML documents (`---` lines)",
            "a file holds one set of keys: remove the `---` lines",
        ),
        BudgetBreach::Aliases { .. }
        | BudgetBreach::Anchors { .. }
        | BudgetBreach::AliasAnchorRatio { .. }
        | BudgetBreach::RecordedAnchorEvents { .. }
        | BudgetBreach::RecordedAnchorBytes { .. } => too_many_aliases(),
        _ => words("this YAML is too large or too deeply nested", help),
    }
}

/// The same key twice in one mapping: both places, when the earlier one
/// can be found (same column, above, within the same block).
fn repeated_key(key: Option<&str>, text: &Text, place: &mut Place, line_offset: usize) -> Words {
    let Some(key) = key else {
        return words(
            "a key is written twice here",
            "keep one of the two lines, the one with the value you mean",
        );
    };
    place.length = key.chars().count().max(1);
    let earlier = text.earlier_key(key, place.line, place.column);
    words(
        twice(key, earlier, place.line, line_offset),
        "keep one of the two lines, the one with the value you mean",
    )
}

/// "The key is written twice", naming the other line (`earlier`, like
/// `line`, counted in the YAML text) in the file's numbers.
fn twice(key: &str, earlier: Option<usize>, line: usize, line_offset: usize) -> String {
    match earlier {
        Some(earlier) if earlier == line => {
            format!("the key `{key}` is written twice on this line")
        }
        Some(earlier) => format!(
            "the key `{key}` is written twice: here and on line {}",
            earlier + line_offset
        ),
        None => format!("the key `{key}` is written twice"),
    }
}

fn unknown_anchor(text: &Text, place: &mut Place) -> Words {
    let name = text
        .rest_of_line(place.line, place.column)
        .and_then(|rest| rest.strip_prefix('*'))
        .map(|rest| {
            rest.chars()
                .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
                .collect::<String>()
        })
        .filter(|name| !name.is_empty());
    match name {
        Some(name) => words(
            format!("`*{name}` refers to an anchor `&{name}` that is not defined before it"),
            format!(
                "write the value out; if you meant the text `*{name}`, put it in quotes: `\"*{name}\"`"
            ),
        ),
        None => words(
            "a `*` here refers to a YAML anchor (`&name`) that is not defined before it",
            "write the value out; if you meant text starting with `*`, put it in quotes",
        ),
    }
}

/// The errors of the YAML scanner and parser, by kind.
fn scan_error(kind: &ErrorKind, text: &Text, place: &mut Place) -> Words {
    match kind {
        ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabInIndentation
        | ErrorKind::TabInPlainScalar
        | ErrorKind::TabAtBlockScalarStart => {
            if let Some((line, column)) = text.tab_near(place.line) {
                place.line = line;
                place.column = column;
            }
            words(
                "this line has a tab: YAML indents with spaces, not tabs",
                "replace the tab with spaces (most editors can show tabs and convert them)",
            )
        }
        ErrorKind::MappingValueNotAllowed => colon_in_value(text, place),
        ErrorKind::InvalidTrailingSingleQuotedScalar => {
            let fix = text.requoted(place.line);
            words(
                "there is more text after the closing single quote (`'`)",
                match fix {
                    Some(fix) => format!(
                        "an apostrophe inside single quotes ends them: put the value in double quotes, `{fix}`, or write the apostrophe twice (`''`)"
                    ),
                    None => "an apostrophe inside single quotes ends them: write it twice (`''`), or put the value in double quotes".to_string(),
                },
            )
        }
        ErrorKind::InvalidTrailingDoubleQuotedScalar => words(
            "there is more text after the closing double quote (`\"`)",
            "a `\"` inside double quotes ends them: write it as `\\\"`, or put the whole value in single quotes",
        ),
        ErrorKind::UnclosedQuotedScalar | ErrorKind::DocumentIndicatorInQuotedScalar => words(
            "this quote is never closed",
            "add the closing quote at the end of the value (a value in quotes ends with the same quote it starts with)",
        ),
        ErrorKind::UnknownQuotedScalarEscape
        | ErrorKind::InvalidQuotedScalarHexEscape
        | ErrorKind::InvalidLowSurrogateHexEscape
        | ErrorKind::InvalidLowSurrogate
        | ErrorKind::MissingLowSurrogate
        | ErrorKind::UnpairedLowSurrogate
        | ErrorKind::InvalidUnicodeEscape => {
            let escape = text.bad_escape(place);
            words(
                match escape {
                    Some(escape) => format!(
                        "`{escape}` is not a valid escape: inside double quotes, a backslash starts one, like `\\n`"
                    ),
                    None => "a backslash inside double quotes starts an escape, like `\\n`, and this one is not valid".to_string(),
                },
                "write a backslash as `\\\\`, or put the value in single quotes, where a backslash is just a backslash",
            )
        }
        ErrorKind::UnclosedFlowCollection { open } => unclosed(*open, text, place),
        ErrorKind::UnexpectedEofFlowSequence => unclosed('[', text, place),
        ErrorKind::UnexpectedEofFlowMapping | ErrorKind::UnexpectedEofImplicitFlowMapping => {
            unclosed('{', text, place)
        }
        ErrorKind::UnexpectedEof
        | ErrorKind::UnexpectedEofBlockSequence
        | ErrorKind::UnexpectedEofBlockMapping => words(
            "the YAML ends too early: a value, a quote or a bracket is left open",
            "finish the last value, and close every quote, `[` and `{` you opened",
        ),
        ErrorKind::ExpectedFlowSequenceSeparator => words(
            "expected `,` or `]` here, in this `[...]` list",
            "separate the items with commas and close the list with `]`; put an item in quotes when it contains `,`, `:`, `[` or `]`",
        ),
        ErrorKind::ExpectedFlowMappingSeparator | ErrorKind::InvalidColonPlacement => words(
            "expected `,` or `}` here, in this `{...}` group",
            "write `{ key: value, other: value }`; put a value in quotes when it contains `,`, `:`, `{` or `}`",
        ),
        ErrorKind::MisplacedFlowCollectionEnd => words(
            "this closing bracket has no opening bracket before it",
            "remove it, or put the value in quotes if the bracket is part of the text",
        ),
        ErrorKind::MismatchedFlowCollectionEnd { open, close } => words(
            format!("`{close}` closes a list opened with `{open}`"),
            format!("close it with `{}`", if *open == '[' { ']' } else { '}' }),
        ),
        ErrorKind::UnknownAnchor => unknown_anchor(text, place),
        ErrorKind::ExpectedDocumentStart
        | ErrorKind::InvalidIndentation
        | ErrorKind::ExpectedBlockMappingKey
        | ErrorKind::ExpectedBlockSequenceEntry
        | ErrorKind::InvalidFlowScalarIndent
        | ErrorKind::InvalidQuotedScalarIndent
        | ErrorKind::InvalidDocumentEnd => words(
            "this line is indented differently from the lines above it, so YAML cannot tell what it belongs to",
            "start each top-level key at the very beginning of its line, and indent the lines inside a value by the same number of spaces; put a value in quotes if it contains `: `",
        ),
        ErrorKind::InvalidBlockScalarIndent
        | ErrorKind::InvalidBlockScalarHeader
        | ErrorKind::ZeroBlockScalarIndent => words(
            "the text after `|` or `>` is not indented as YAML expects",
            "put the text on the lines below the `|` or `>`, each indented by the same number of spaces, more than the key",
        ),
        ErrorKind::BlockEntryInFlowCollection | ErrorKind::BlockSequenceEntryNotAllowed => words(
            "a `- ` list item is not allowed here",
            "put list items on their own lines, indented under their key, or write the list as `[a, b]`",
        ),
        ErrorKind::UnexpectedCharacter { character } => words(
            match character {
                '`' => "a value cannot start with a backtick in YAML".to_string(),
                other => format!("a value cannot start with `{other}` in YAML"),
            },
            "put the value in quotes",
        ),
        ErrorKind::CommentInterceptedScalar => words(
            "a comment (` #`) interrupts this text that goes on over several lines",
            "put the whole text in quotes, or remove the comment",
        ),
        ErrorKind::ExpectedWhitespace
        | ErrorKind::CommentNotSeparated
        | ErrorKind::InvalidMappingValueWhitespace
        | ErrorKind::InvalidBlockEntryWhitespace
        | ErrorKind::FlowMappingValueAdjacentCollection => words(
            "YAML needs a space here",
            "write a space after `:` and `-`, and before `#`; put the value in quotes if these signs are part of the text",
        ),
        ErrorKind::MappingKeyNotAllowed
        | ErrorKind::SimpleKeyExpected
        | ErrorKind::InvalidSimpleKey => words(
            "YAML expected `key: value` here, and a key on one short line",
            "write keys as single words followed by `: `; put a value in quotes when it contains `: ` or starts with `?`",
        ),
        ErrorKind::PlainScalarStartsWithDashFlowIndicator
        | ErrorKind::ExpectedNodeContent
        | ErrorKind::UnexpectedEndOfPlainScalar => words(
            "a value is missing or starts with signs YAML reads specially",
            "put the value in quotes",
        ),
        ErrorKind::RecursionLimitExceeded => words(
            format!(
                "this YAML is nested too deeply (more than {} levels)",
                Budget::default().max_depth
            ),
            "a Hearth file needs only a few levels: remove the extra brackets or indentation",
        ),
        ErrorKind::BomInsideDocument => words(
            "an invisible byte-order mark is in the middle of the text",
            "delete the invisible character at this place, or save the file as UTF-8 without BOM",
        ),
        ErrorKind::MissingDocumentEndBeforeDirective
        | ErrorKind::DirectiveDisallowed
        | ErrorKind::InvalidDirectiveTerminator
        | ErrorKind::MissingYamlVersionSeparator
        | ErrorKind::MissingDirectiveName
        | ErrorKind::InvalidDirectiveName
        | ErrorKind::DuplicateVersionDirective
        | ErrorKind::UnsupportedYamlMajorVersion
        | ErrorKind::DuplicateTagDirective
        | ErrorKind::YamlVersionTooLong
        | ErrorKind::MissingYamlVersion
        | ErrorKind::InvalidTagDirectiveTerminator => words(
            "a line starting with `%` is a YAML directive, which Hearth files do not use",
            "put the text in quotes, or remove the line",
        ),
        ErrorKind::ExpectedTagBang
        | ErrorKind::ExpectedTagDirectiveBang
        | ErrorKind::InvalidGlobalTagCharacter
        | ErrorKind::UndeclaredTagHandle
        | ErrorKind::InvalidTagTerminator
        | ErrorKind::MissingTagUri
        | ErrorKind::UnclosedVerbatimTag
        | ErrorKind::InvalidTagEscape
        | ErrorKind::InvalidTagUtf8LeadingByte
        | ErrorKind::InvalidTagUtf8TrailingByte
        | ErrorKind::InvalidTagUtf8 => tag_words(),
        ErrorKind::MissingAnchorOrAliasName | ErrorKind::AnchorCountOverflow => words(
            "`&` and `*` start YAML anchors and aliases, and this one has no name",
            "put the value in quotes if `&` or `*` is part of the text",
        ),
        ErrorKind::InputDecoding { .. } => words(
            "the file is not UTF-8 text",
            "save the file as UTF-8 in your editor",
        ),
        _ => unreadable(),
    }
}

/// `key: a: b`: a second `: ` in a value, or a key indented under a value.
fn colon_in_value(text: &Text, place: &mut Place) -> Words {
    let line = text.line(place.line).unwrap_or("");
    let before: String = line.chars().take(place.column - 1).collect();
    let indent = line.len() - line.trim_start().len();
    match line.split_once(": ") {
        Some((key, value)) if before.contains(':') => {
            let key = key.trim_start().trim_start_matches("- ");
            let fix = quoted(value.trim_end());
            words(
                "this value holds `: ` (a colon and a space), which YAML reads as the start of another key",
                format!("put the value in quotes: `{}: {fix}`", key.trim_end()),
            )
        }
        _ if indent > 0 => words(
            "this key is indented further than the key above it, so YAML reads it as part of that key's value",
            "start this line at the same column as the key above it",
        ),
        _ => words(
            "a `: ` (a colon and a space) here is not allowed: YAML reads it as the start of a key",
            "put the value in quotes if the colon is part of the text",
        ),
    }
}

/// `open` never closed: points at the bracket itself, where it can be found.
fn unclosed(open: char, text: &Text, place: &mut Place) -> Words {
    if let Some((line, column)) = text.unclosed_bracket(open, place.line, place.column) {
        place.line = line;
        place.column = column;
    }
    let close = if open == '[' { ']' } else { '}' };
    words(
        format!("this `{open}` is never closed"),
        format!(
            "add `{close}` at the end of the value; put items in quotes when they contain `,`, `[`, `]`, `{{` or `}}`"
        ),
    )
}

/// `value` in quotes as YAML reads it back: double quotes unless the value
/// holds some, else single quotes with inner ones doubled.
fn quoted(value: &str) -> String {
    let value = value.trim();
    let inner = value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or(value);
    if inner.contains('"') || inner.contains('\\') {
        format!("'{}'", inner.replace('\'', "''"))
    } else {
        format!("\"{inner}\"")
    }
}

/// The YAML text, for finding the real place of a problem.
struct Text<'a> {
    source: &'a str,
}

impl Text<'_> {
    /// Line `line` (1-based), without its line break.
    fn line(&self, line: usize) -> Option<&str> {
        self.source
            .split('\n')
            .nth(line.checked_sub(1)?)
            .map(|text| text.trim_end_matches('\r'))
    }

    /// The text of `line` from `column` (1-based, in characters) on.
    fn rest_of_line(&self, line: usize, column: usize) -> Option<&str> {
        let text = self.line(line)?;
        let start = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(index, _)| index);
        Some(&text[start..])
    }

    /// The first tab on `line` or after it, else the last one before it: the
    /// scanner reports some tabs at the value before them.
    fn tab_near(&self, line: usize) -> Option<(usize, usize)> {
        let lines: Vec<&str> = self.source.split('\n').collect();
        let column_of = |text: &str| {
            text.find('\t')
                .map(|index| text[..index].chars().count() + 1)
        };
        let start = line.saturating_sub(1).min(lines.len());
        (start..lines.len())
            .chain((0..start).rev())
            .find_map(|index| column_of(lines[index]).map(|column| (index + 1, column)))
    }

    /// The suggested rewrite of a `key: 'it's'` line in double quotes.
    fn requoted(&self, line: usize) -> Option<String> {
        let text = self.line(line)?;
        let (key, value) = text.split_once(": ")?;
        let value = value.trim();
        let inner = value.strip_prefix('\'')?.strip_suffix('\'')?;
        if inner.contains('"') || inner.contains('\\') {
            return None;
        }
        Some(format!(
            "{}: \"{inner}\"",
            key.trim_start().trim_start_matches("- ")
        ))
    }

    /// The first invalid backslash escape from the place on, pointed at.
    fn bad_escape(&self, place: &mut Place) -> Option<String> {
        const VALID: &str = "0abt\tnvfre \"/\\N_LPxuU";
        for (index, line) in self.source.split('\n').enumerate().skip(place.line - 1) {
            let skip = if index + 1 == place.line {
                place.column - 1
            } else {
                0
            };
            let mut chars = line.chars().enumerate().skip(skip).peekable();
            while let Some((column, c)) = chars.next() {
                if c != '\\' {
                    continue;
                }
                let next = chars.next().map(|(_, next)| next);
                let bad = match next {
                    None => false,
                    Some(next) if !VALID.contains(next) => true,
                    Some(next @ ('x' | 'u' | 'U')) => {
                        let digits = match next {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String = chars.clone().map(|(_, h)| h).take(digits).collect();
                        hex.chars().count() < digits || !hex.chars().all(|h| h.is_ascii_hexdigit())
                    }
                    Some(_) => false,
                };
                if bad {
                    // `\q`, or `\x4` with what there is of its digits.
                    let digits = match next {
                        Some('x') => 2,
                        Some('u') => 4,
                        Some('U') => 8,
                        _ => 0,
                    };
                    let escape: String = line
                        .chars()
                        .skip(column)
                        .take(2 + digits)
                        .take_while(|c| *c != '"')
                        .collect();
                    place.line = index + 1;
                    place.column = column + 1;
                    place.length = escape.chars().count();
                    return Some(escape);
                }
            }
        }
        None
    }

    /// Where the `open` bracket that is still open at `line`:`column` was
    /// opened (outside quotes), or `None` when that is unclear.
    fn unclosed_bracket(&self, open: char, line: usize, column: usize) -> Option<(usize, usize)> {
        let mut stack: Vec<(char, usize, usize)> = Vec::new();
        let mut quote: Option<char> = None;
        for (index, text) in self.source.split('\n').enumerate() {
            if index + 1 > line {
                break;
            }
            let mut previous = ' ';
            for (col, c) in text.chars().enumerate() {
                if index + 1 == line && col + 1 >= column {
                    break;
                }
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None => match c {
                        '"' | '\'' if " [{,:".contains(previous) => quote = Some(c),
                        '#' if previous == ' ' => break,
                        '[' | '{' => stack.push((c, index + 1, col + 1)),
                        ']' | '}' => {
                            stack.pop();
                        }
                        _ => {}
                    },
                }
                previous = c;
            }
        }
        stack
            .iter()
            .rev()
            .find(|(c, _, _)| *c == open)
            .map(|(_, line, column)| (*line, *column))
    }

    /// Where `key:` is written a second time in the mapping that starts at
    /// `line`:`column`, as a key (at the start of a line, after `- `, `{`
    /// or `,`), before the text leaves that mapping's indentation.
    fn second_key(&self, key: &str, line: usize, column: usize) -> Option<(usize, usize)> {
        let mut seen = 0;
        for (index, text) in self
            .source
            .split('\n')
            .enumerate()
            .skip(line.checked_sub(1)?)
        {
            let indent = text.chars().take_while(|c| *c == ' ').count();
            if index + 1 > line && !text.trim().is_empty() && indent + 1 < column {
                return None;
            }
            let first = if index + 1 == line { column - 1 } else { 0 };
            // The last sign before the place looked at, other than a space.
            let mut before = None;
            for (count, (byte, c)) in text.char_indices().enumerate() {
                let at_key = matches!(before, None | Some('-' | '{' | ','));
                let is_key = text[byte..]
                    .strip_prefix(key)
                    .is_some_and(|after| after.trim_start().starts_with(':'));
                if count >= first && at_key && is_key {
                    seen += 1;
                    if seen == 2 {
                        return Some((index + 1, count + 1));
                    }
                }
                if c != ' ' {
                    before = Some(c);
                }
            }
        }
        None
    }

    /// The line of an earlier `key:` at the same column as `line`:`column`,
    /// within the same block (no line indented less in between), or on the
    /// same line for a `{ ... }` mapping.
    fn earlier_key(&self, key: &str, line: usize, column: usize) -> Option<usize> {
        let lines: Vec<&str> = self.source.split('\n').collect();
        let starts_with_key = |text: &str| {
            let text = text.trim_start_matches("- ");
            text.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
                || text
                    .strip_prefix(['"', '\''])
                    .and_then(|rest| rest.strip_prefix(key))
                    .is_some_and(|rest| rest.starts_with(['"', '\'']))
        };
        let current = lines.get(line.checked_sub(1)?)?;
        let before: String = current.chars().take(column.saturating_sub(1)).collect();
        if before.contains('{')
            && (before.contains(&format!("{key}:")) || before.contains(&format!("{key} :")))
        {
            return Some(line);
        }
        for index in (0..line - 1).rev() {
            let text = lines[index];
            if text.trim().is_empty() || text.trim_start().starts_with('#') {
                continue;
            }
            let indent = text.chars().take_while(|c| *c == ' ').count();
            let after_dash = text[indent..]
                .strip_prefix("- ")
                .map_or(indent, |rest| text.len() - rest.len());
            if after_dash + 1 == column && starts_with_key(&text[after_dash..])
                || indent + 1 == column && starts_with_key(&text[indent..])
            {
                return Some(index + 1);
            }
            if indent + 1 < column && after_dash + 1 < column {
                return None;
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        tags: Option<Vec<String>>,
        #[serde(default)]
        draft: bool,
    }

    fn all(source: &str) -> Failure<Sample> {
        parse_all::<Sample>(source, 0).unwrap_err()
    }

    fn places(failure: &Failure<Sample>) -> Vec<(usize, usize)> {
        failure.errors.iter().map(|e| (e.line, e.column)).collect()
    }

    #[test]
    fn unknown_keys_are_named_with_a_suggestion() {
        let error = parse::<Sample>("title: A\ntitel: B\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 1));
        assert!(
            error.message.contains("unknown key `titel`"),
            "{}",
            error.message
        );
        assert_eq!(error.suggestion.as_deref(), Some("title"));
        assert_eq!(error.help, "did you mean `title`?");
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let error = parse::<Sample>("title: A\ntags: foo\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 7));
        assert!(
            error.message.contains("expected a list"),
            "{}",
            error.message
        );
    }

    #[test]
    fn every_unknown_and_mistyped_key_is_reported_with_what_still_reads() {
        let failure = all("colour: red\ntitle: A\ntags: 5\ndraft: maybe\nsize: 3\n");
        assert_eq!(places(&failure), [(1, 1), (3, 7), (4, 8), (5, 1)]);
        let partial = failure.partial.expect("the title still reads");
        assert_eq!(partial.title, "A");
        assert_eq!(partial.tags, None);
        assert_eq!(failure.failed_keys, ["tags", "draft"]);
        assert!(failure.errors.iter().all(|e| !e.help.is_empty()));
    }

    #[test]
    fn a_bad_required_key_is_not_also_missing() {
        let failure = all("title: [1]\ncolour: red\n");
        assert_eq!(places(&failure), [(1, 8), (2, 1)]);
        assert!(failure.partial.is_none());
        // `titel` is the title, misspelt: one error, not two.
        let failure = all("titel: A\n");
        assert_eq!(failure.errors.len(), 1, "{:?}", failure.errors);
        assert_eq!(failure.errors[0].help, "did you mean `title`?");
        let failure = all("draft: true\n");
        assert_eq!(failure.errors[0].message, "missing required key `title`");
        assert_eq!(places(&failure), [(1, 1)]);
    }

    #[test]
    fn a_syntax_error_comes_alone_though_a_type_error_is_met_first() {
        let failure = all("title: [1]\ncolour: red\ntags: [a, b\n");
        assert_eq!(failure.errors.len(), 1, "{:?}", failure.errors);
        assert_eq!(failure.errors[0].message, "this `[` is never closed");
        assert_eq!(places(&failure), [(3, 7)]);
    }

    #[test]
    fn a_repeated_key_names_both_lines_in_the_file() {
        let failure = parse_all::<Sample>("title: A\ndraft: true\ndraft: false\n", 1).unwrap_err();
        assert_eq!(places_of(&failure.errors), [(3, 1)]);
        assert_eq!(
            failure.errors[0].message,
            "the key `draft` is written twice: here and on line 3"
        );
        let error = parse::<Sample>("title: A\ntags: [a]\nextra:\n  x: 1\n  x: 2\n").unwrap_err();
        assert_eq!((error.line, error.column), (3, 1), "unknown `extra` first");
    }

    fn places_of(errors: &[YamlError]) -> Vec<(usize, usize)> {
        errors.iter().map(|e| (e.line, e.column)).collect()
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct WithData {
        title: String,
        #[serde(default)]
        extra: serde_json::Map<String, serde_json::Value>,
    }

    #[test]
    fn a_repeated_key_in_free_form_data_is_not_lost_among_other_errors() {
        let failure = parse_all::<WithData>("title: A\nextra:\n  x: 1\n  x: 2\ncolour: red\n", 0)
            .unwrap_err();
        let messages: Vec<&str> = failure.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert_eq!(
            messages[0],
            "the key `x` is written twice: here and on line 3"
        );
        assert!(
            messages[1].starts_with("unknown key `colour`"),
            "{messages:?}"
        );
    }

    #[test]
    fn problems_are_placed_where_they_really_are() {
        // A tab on the line after the value the parser blames.
        let error = parse::<Sample>("title: A\n\tdraft: true\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 1));
        assert!(error.message.contains("not tabs"), "{}", error.message);
        // The bracket never closed, not the end of the text.
        let error = parse::<Sample>("title: A\ntags: [a, \"b]\", c\n\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 7));
        // The escape itself, not the opening quote.
        let error = parse::<Sample>("title: \"a \\q\"\n").unwrap_err();
        assert_eq!((error.line, error.column, error.length), (1, 11, 2));
        assert!(error.message.starts_with("`\\q`"), "{}", error.message);
    }

    #[test]
    fn a_colon_or_apostrophe_in_a_title_says_how_to_quote_it() {
        let error = parse::<Sample>("title: Parts: a primer\n").unwrap_err();
        assert_eq!(
            error.help,
            "put the value in quotes: `title: \"Parts: a primer\"`"
        );
        let error = parse::<Sample>("title: Say \"no\": kindly\n").unwrap_err();
        assert_eq!(
            error.help,
            "put the value in quotes: `title: 'Say \"no\": kindly'`"
        );
        let error = parse::<Sample>("title: 'It's time'\n").unwrap_err();
        assert!(
            error.help.contains("`title: \"It's time\"`"),
            "{}",
            error.help
        );
        let error = parse::<Sample>("title: A\n  draft: true\n").unwrap_err();
        assert!(
            error.message.contains("indented further"),
            "{}",
            error.message
        );
    }

    #[test]
    fn limits_are_named_in_plain_numbers() {
        let deep = format!("title: A\ntags: {}{}\n", "[".repeat(100), "]".repeat(100));
        let failure = all(&deep);
        assert_eq!(
            failure.errors[0].message,
            "this YAML is nested too deeply (more than 64 levels)"
        );
    }
}
