//! The one place YAML is parsed. serde_yaml is archived and unmaintained, so
//! Hearth reads YAML with serde-saphyr (maintained, pure Rust, no unsafe) and
//! turns its errors into plain messages with a line, a column and a fix.
//!
//! [`parse`] reads a file in one pass, as every file is read when it is
//! right. When it is not, [`parse_all`] finds every problem of the file at
//! once: a YAML syntax error alone (everything else would follow from it),
//! else each unknown, repeated or mistyped top-level key, each on its own.
//!
//! - `filter.rs`: the checking passes, which show serde only some keys;
//! - `explain.rs`: each kind of problem in plain words with a fix;
//! - `scan.rs`: the scanner's and parser's errors, placed where they are;
//! - `boolean.rs`: yes-or-no keys that refuse a quoted `"no"`.

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
        Location::new(line, column, 1, &text[start..end])
    }

    /// The location of a spanned value, as long as the value is written.
    pub fn at_spanned<T>(&self, value: &Spanned<T>) -> Location {
        let (line, column) = position(value);
        let mut location = self.at(line, column);
        location.length = length(value);
        location
    }
}

pub mod boolean;
mod explain;
mod filter;
mod scan;
#[cfg(test)]
mod tests;

use explain::*;
use filter::*;
use scan::*;
