//! The parser's errors in plain words with a fix: one function per kind of problem, none of the library's own text.

use super::*;

/// A problem put in plain words, before it gets its place.
pub(super) struct Words {
    pub(super) message: String,
    pub(super) help: String,
}

pub(super) fn words(message: impl Into<String>, help: impl Into<String>) -> Words {
    Words {
        message: message.into(),
        help: help.into(),
    }
}

/// Where a problem is, 1-based, in characters.
#[derive(Clone, Copy)]
pub(super) struct Place {
    pub(super) line: usize,
    pub(super) column: usize,
    pub(super) length: usize,
}

/// Turns a parser error into plain words and a fix, placed where the
/// problem really is (a tab on its own line, the bracket never closed).
/// No text of the library reaches the user: every kind of error it has is
/// named here, and anything new gets a general message.
pub(super) fn explain(error: &Error, source: &str, line_offset: usize) -> YamlError {
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
        Error::Message { msg, .. } if msg.starts_with('\u{0}') => {
            match super::boolean::explain(msg) {
                Some(problem) => {
                    place.line = problem.line;
                    place.column = problem.column;
                    place.length = problem.length;
                    words(problem.message, problem.help)
                }
                None => unreadable(),
            }
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
pub(super) fn has_no_keys(source: &str) -> bool {
    source
        .lines()
        .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
}

/// The error a wrapper (a source snippet, an alias) carries.
pub(super) fn innermost(error: &Error) -> &Error {
    match error {
        Error::WithSnippet { error, .. } => innermost(error),
        Error::AliasError { error, .. } => innermost(error),
        other => other,
    }
}

/// For errors with nothing more specific to say.
pub(super) fn unreadable() -> Words {
    words(
        "YAML cannot read this",
        "check this line: put a value in quotes when it contains `: ` or ` #`, or starts with `[`, `{`, `&`, `*`, `!`, `|`, `>`, `%`, `@` or a backtick",
    )
}

pub(super) fn list_expected() -> Words {
    words(
        "expected a list here, like `[a, b]` or lines starting with `- `",
        "write the items in brackets, `[a, b]`, or each on its own line under the key, starting with `- `",
    )
}

pub(super) fn mapping_expected() -> Words {
    words(
        "expected `key: value` lines here",
        "write the keys of this value on their own lines, indented under it, or like `{ key: value }`",
    )
}

pub(super) fn text_expected() -> Words {
    words(
        "expected text here",
        "write plain text after the colon; put it in quotes if it starts with `[`, `{` or `-`, like `\"[1]\"`",
    )
}

pub(super) fn tag_words() -> Words {
    words(
        "YAML tags (words starting with `!`, like `!!int`) are not used in Hearth files",
        "remove the tag, or put the whole value in quotes to keep it as text",
    )
}

pub(super) fn indentation_words() -> Words {
    words(
        "this line is not indented as YAML expects",
        "indent the lines inside a value by the same number of spaces, more than its key",
    )
}

pub(super) fn too_many_aliases() -> Words {
    words(
        "this YAML repeats values through anchors and aliases (&name / *name) too often",
        "write the values out instead of repeating them with `*name`",
    )
}

/// A scalar that is not of the type `ty` the key needs.
pub(super) fn scalar_expected(ty: &str) -> Words {
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
pub(super) fn serde_expected(expected: &str) -> Words {
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

pub(super) fn budget_words(breach: &BudgetBreach) -> Words {
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
pub(super) fn repeated_key(
    key: Option<&str>,
    text: &Text,
    place: &mut Place,
    line_offset: usize,
) -> Words {
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
pub(super) fn twice(key: &str, earlier: Option<usize>, line: usize, line_offset: usize) -> String {
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

pub(super) fn unknown_anchor(text: &Text, place: &mut Place) -> Words {
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
