//! Yes-or-no keys that take `true` or `false` as written, not text that
//! looks like them: `draft: "no"` is the text `no` in quotes, which the
//! YAML library would quietly read as `false`.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::Spanned;

/// What the error message of a yes-or-no value starts with, so that
/// [`super::explain`] can tell it from the library's own messages. The
/// error carries the value's place: the library would point at the key.
const MARK: &str = "\u{0}yes-or-no\u{0}";

/// Reads `key`'s value as a boolean: `true`, `false` (and the YAML 1.1
/// words `yes`, `no`, `on`, `off` unquoted, as before); a quoted
/// `"no"` or `"true"` is an error that says to drop the quotes.
pub fn strict<'de, D: Deserializer<'de>>(deserializer: D, key: &str) -> Result<bool, D::Error> {
    let value: Spanned<Written> = Spanned::deserialize(deserializer)?;
    let (line, column) = super::position(&value);
    let length = super::length(&value);
    let problem = match value.value {
        Written::Bool(value) => return Ok(value),
        Written::Text(text) => match meaning(&text) {
            Some(meant) => format!("quoted\u{0}{key}\u{0}{text}\u{0}{meant}"),
            None => "other".to_string(),
        },
        Written::Other => "other".to_string(),
    };
    Err(de::Error::custom(format!(
        "{MARK}{line}\u{0}{column}\u{0}{length}\u{0}{problem}"
    )))
}

/// `draft:` in front matter, read by [`strict`].
pub fn draft<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    strict(deserializer, "draft")
}

/// `toc:` in front matter, read by [`strict`].
pub fn toc<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    strict(deserializer, "toc")
}

/// `search:` in `site.yaml` and in front matter, read by [`strict`]:
/// `None` when it is not written, as search is on unless turned off.
pub fn search<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    strict(deserializer, "search").map(Some)
}

/// A value as YAML read it: plain yes-or-no words arrive as booleans, so
/// text that is one was quoted.
enum Written {
    Bool(bool),
    Text(String),
    Other,
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Written, D::Error> {
        deserializer.deserialize_any(WrittenVisitor)
    }
}

struct WrittenVisitor;

impl<'de> Visitor<'de> for WrittenVisitor {
    type Value = Written;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a boolean")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Written, E> {
        Ok(Written::Bool(value))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Written, E> {
        Ok(Written::Text(text.to_string()))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Written, E> {
        Ok(Written::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Written, E> {
        Ok(Written::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Written, E> {
        Ok(Written::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Written, E> {
        Ok(Written::Other)
    }

    fn visit_none<E: de::Error>(self) -> Result<Written, E> {
        Ok(Written::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Written, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Written::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Written, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Written::Other)
    }
}

/// What a yes-or-no word means, in any case: `yes`, `on`, `y` and `true`
/// are true; `no`, `off`, `n` and `false` are false.
fn meaning(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "on" => Some(true),
        "false" | "no" | "n" | "off" => Some(false),
        _ => None,
    }
}

/// A problem found by [`strict`]: where the value is, what is wrong, and
/// what to do.
pub(super) struct Problem {
    pub(super) line: usize,
    pub(super) column: usize,
    pub(super) length: usize,
    pub(super) message: String,
    pub(super) help: String,
}

/// The problem of an error made by [`strict`], from the library's message;
/// `None` for any other message.
pub(super) fn explain(message: &str) -> Option<Problem> {
    let mut parts = message.strip_prefix(MARK)?.split('\u{0}');
    let mut number = || parts.next()?.parse::<usize>().ok();
    let (line, column, length) = (number()?, number()?, number()?);
    let (message, help) = match parts.next()? {
        "quoted" => {
            let (key, text, meant) = (parts.next()?, parts.next()?, parts.next()?);
            (
                format!("`\"{text}\"` is text in quotes, not `true` or `false`"),
                format!("write {key}: {meant} (without quotes)"),
            )
        }
        _ => (
            "expected `true` or `false` here".to_string(),
            "write `true` or `false`, without quotes".to_string(),
        ),
    };
    Some(Problem {
        line,
        column,
        length,
        message,
        help,
    })
}
