//! The one place YAML is parsed. serde_yaml is archived and unmaintained, so
//! Hearth reads YAML with serde-saphyr (maintained, pure Rust, no unsafe) and
//! turns its errors into plain messages with a line and column.

use serde::de::DeserializeOwned;

pub use serde_saphyr::Spanned;

/// A YAML problem at a 1-based line and column of the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// A likely intended key when the problem is an unknown key.
    pub suggestion: Option<String>,
}

/// Parses `source` into `T`, rejecting what `T` does not describe.
pub fn parse<T: DeserializeOwned>(source: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str(source).map_err(|error| {
        let (line, column) = error
            .location()
            .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
        let raw = error.without_snippet().to_string();
        let raw = match raw.rfind(" at line ") {
            Some(index) => raw[..index].to_string(),
            None => raw,
        };
        let (message, suggestion) = explain(&raw);
        YamlError {
            message,
            line: line.max(1),
            column: column.max(1),
            suggestion,
        }
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

/// Rewrites the parser's terse messages into what a coach can act on.
fn explain(raw: &str) -> (String, Option<String>) {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest
            .split_once("expected one of ")
            .or_else(|| rest.split_once("expected "))
            .map(|(_, list)| {
                list.split(", ")
                    .map(|name| name.trim_matches('`'))
                    .collect()
            })
            .unwrap_or_default();
        let suggestion = crate::diagnostic::did_you_mean(key, expected.iter().copied());
        let message = format!(
            "unknown key `{key}`; the keys allowed here are: {}",
            expected.join(", ")
        );
        return (message, suggestion.map(str::to_string));
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or_default();
        return (format!("missing required key `{key}`"), None);
    }
    let friendly = match raw {
        "expected sequence start" => {
            "expected a list here, like `[a, b]` or lines starting with `- `"
        }
        "expected mapping start" => "expected `key: value` lines here",
        "expected string scalar" => "expected text here",
        "invalid boolean" => "expected `true` or `false` here",
        "unexpected end of input" => "the YAML is empty or ends too early",
        _ => "",
    };
    if friendly.is_empty() {
        (format!("invalid YAML: {raw}"), None)
    } else {
        (friendly.to_string(), None)
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
}
