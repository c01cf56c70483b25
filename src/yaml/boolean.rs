//! Yes-or-no keys that take `true` or `false` as written, not text that
//! looks like them: `draft: "no"` is the text `no` in quotes, which the
//! YAML library would quietly read as `false`.

use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};

/// What a quoted yes-or-no word's error message starts with, so that
/// [`super::explain`] can tell it from the library's own messages.
const QUOTED: &str = "\u{0}quoted boolean\u{0}";

/// Reads `key`'s value as a boolean: `true`, `false` (and the YAML 1.1
/// words `yes`, `no`, `on`, `off` unquoted, as before); a quoted
/// `"no"` or `"true"` is an error that says to drop the quotes.
pub fn strict<'de, D: Deserializer<'de>>(deserializer: D, key: &str) -> Result<bool, D::Error> {
    deserializer.deserialize_any(Strict { key })
}

struct Strict<'a> {
    key: &'a str,
}

impl Visitor<'_> for Strict<'_> {
    type Value = bool;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a boolean")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
        Ok(value)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<bool, E> {
        // Plain yes-or-no words arrive as booleans: text here was quoted.
        match meaning(text) {
            Some(value) => Err(E::custom(format!(
                "{QUOTED}{}\u{0}{text}\u{0}{value}",
                self.key
            ))),
            None => Err(E::invalid_type(Unexpected::Str(text), &self)),
        }
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

/// The message and the help for an error made by [`strict`], from the
/// library's message; `None` for any other message.
pub(super) fn explain_quoted(message: &str) -> Option<(String, String)> {
    let mut parts = message.strip_prefix(QUOTED)?.split('\u{0}');
    let (key, text, value) = (parts.next()?, parts.next()?, parts.next()?);
    Some((
        format!("`\"{text}\"` is text in quotes, not `true` or `false`"),
        format!("write {key}: {value} (without quotes)"),
    ))
}
