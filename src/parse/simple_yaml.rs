//! A fast path for the front matter most pages have: one `key: value` line
//! per known key, with plain or simply quoted text, `true`/`false`, whole
//! numbers and one-line `[a, b]` lists. It gives exactly what the YAML
//! library would, and gives up (`None`) on anything else (comments,
//! escapes, block lists, `extra`, words YAML reads as null, booleans or
//! numbers, any error), which then goes through the YAML library as before.
//! The YAML library's general machinery costs about as much as rendering
//! a short article, for five lines of text.

use super::front_matter::{Fields, Scalar};

/// The front matter's fields, or `None` when the YAML library must read it.
pub fn parse(yaml: &str) -> Option<Fields> {
    let mut fields = Fields::default();
    let mut title = None;
    let mut seen: Vec<&str> = Vec::new();
    for (index, line) in yaml.split('\n').enumerate() {
        let line_number = index + 1;
        if line.trim().is_empty() {
            if line.contains('\t') || line.contains('\r') {
                return None;
            }
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') || seen.contains(&key) {
            return None;
        }
        seen.push(key);
        let value_text = rest.strip_prefix(' ')?.trim_start_matches(' ');
        // Where the value starts: byte and character columns agree, as only
        // the ASCII key and spaces come before it.
        let start = line.len() - value_text.len();
        let column = start + 1;
        match key {
            "title" => title = Some(scalar(value_text, line_number, column)?),
            "description" => {
                fields.description = Some(scalar(value_text, line_number, column)?.value)
            }
            "date" => fields.date = Some(scalar(value_text, line_number, column)?),
            "updated" => fields.updated = Some(scalar(value_text, line_number, column)?),
            "slug" => fields.slug = Some(scalar(value_text, line_number, column)?),
            "template" => fields.template = Some(scalar(value_text, line_number, column)?),
            "sort_by" => fields.sort_by = Some(scalar(value_text, line_number, column)?),
            "author" => fields.author = Some(scalar(value_text, line_number, column)?.value),
            "tags" => fields.tags = list(line, start, line_number)?,
            "aliases" => fields.aliases = list(line, start, line_number)?,
            "draft" => fields.draft = boolean(value_text)?,
            "toc" => fields.toc = boolean(value_text)?,
            "search" => fields.search = Some(boolean(value_text)?),
            "weight" => fields.weight = Some(integer(value_text)?),
            _ => return None,
        }
    }
    fields.title = Some(title?);
    Some(fields)
}

/// One text value: plain, or in quotes without escapes.
fn scalar(text: &str, line: usize, column: usize) -> Option<Scalar> {
    let text = text.trim_end_matches(' ');
    let value = match text.as_bytes().first()? {
        quote @ (b'"' | b'\'') => {
            let inner = text[1..].strip_suffix(char::from(*quote))?;
            if inner.contains(['"', '\'', '\\', '\t', '\r']) {
                return None;
            }
            inner
        }
        _ => plain(text)?,
    };
    Some(Scalar {
        value: value.to_string(),
        line,
        column,
        length: text.chars().count(),
    })
}

/// A plain (unquoted) scalar that YAML reads as text, as it is.
fn plain(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    let special_start = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    let special_inside = text.contains([':', '#', '[', ']', '{', '}', '\t', '\r', '"', '\\']);
    if special_start || special_inside || not_text(text) {
        return None;
    }
    Some(text)
}

/// Words and numbers YAML reads as something other than text.
fn not_text(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let words = [
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf",
        ".nan",
    ];
    words.contains(&lower.as_str())
        || text.parse::<f64>().is_ok()
        || text.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '+')
            && !text.contains(|c: char| c.is_ascii_alphabetic() || c == ' ' || c == '-')
        || lower.starts_with("0x")
        || lower.starts_with("0o")
}

/// A one-line flow list of text items, `[a, "b c", d]`, that starts at
/// byte `start` of the line.
fn list(line_text: &str, start: usize, line: usize) -> Option<Vec<Scalar>> {
    let text = line_text[start..].trim_end_matches(' ');
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    if inner.trim().is_empty() {
        return inner.is_empty().then(Vec::new);
    }
    let mut items = Vec::new();
    let mut offset = start + 1; // where `item` starts in the line
    for item in inner.split(',') {
        let leading = item.len() - item.trim_start_matches(' ').len();
        let trimmed = item.trim_matches(' ');
        if trimmed.is_empty() {
            return None;
        }
        // Columns count characters.
        let column = line_text[..offset + leading].chars().count() + 1;
        items.push(scalar(trimmed, line, column)?);
        offset += item.len() + 1;
    }
    Some(items)
}

fn boolean(text: &str) -> Option<bool> {
    match text.trim_end_matches(' ') {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

fn integer(text: &str) -> Option<i64> {
    let text = text.trim_end_matches(' ');
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || (digits.len() > 1 && digits.starts_with('0'))
    {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::front_matter::read_with_library;

    /// Front matter the fast path must read, exactly as the YAML library does.
    const SIMPLE: &[&str] = &[
        "title: Hi",
        "title: Why goals get buried\ndescription: One sentence, for the feed.\ndate: 2026-03-14\ntags: [goals, coaching]\n",
        "title: \"Protectors and big decisions (7)\"\ndescription: A short note.\ndate: 2010-01-07\ntags: [transitions, therapy]\n",
        "title:   It's   spaced   \ndraft: true\ntoc: false\nweight: -12\n",
        "title: 'Single quoted'\nslug: my-page\ntemplate: page.html\nsort_by: weight\n",
        "title: Café – naïve “quotes”\ntags: [émigré,  two words ,x]\naliases: [/old/page/, /other.html]\n",
        "title: Spacey\n\n  \ntags: []\nupdated: 2026-01-02\n",
        "title: \"Quoted: with colon\"\ndescription: 'Hash # inside quotes'\n",
        "title: C++, Rust & Go; 100% fun @ work\nweight: 0\n",
    ];

    /// Front matter the fast path leaves to the YAML library.
    const OTHER: &[&str] = &[
        "title: Hi\nextra: { a: 1 }\n",
        "title: Hi # comment\n",
        "# comment\ntitle: Hi\n",
        "title: Hi\ntags:\n  - a\n  - b\n",
        "title: null\n",
        "title: 2026\n",
        "title: 1.5\n",
        "title: yes\n",
        "title: \"esc\\\"aped\"\n",
        "title: Hi\ntitle: Again\n",
        "titel: Hi\n",
        "description: no title\n",
        "title: Hi\ndraft: True\n",
        "title: Hi\nweight: 007\n",
        "title: Hi\r\n",
        "title: Hi\ndescription:\n",
        "title: a: b\n",
        "title: Hi\ntags: [a, , b]\n",
        "title: Hi\ntags: [a, b,]\n",
        "title: Hi\ntags: [\"a, b\", c]\n",
        "  title: Hi\n",
        "title: -dash\n",
        "title: [a]\n",
        "title: Hi\ndate: 2026-03-14T09:30:00+01:00\n",
        "title: Hi\ttab\n",
    ];

    #[test]
    fn the_fast_path_reads_simple_front_matter_as_the_yaml_library_does() {
        for text in SIMPLE {
            let fast = parse(text).unwrap_or_else(|| panic!("not read fast: {text:?}"));
            let library = read_with_library(text).expect("valid YAML");
            assert_eq!(fast, library, "{text:?}");
        }
    }

    /// Many generated front matters, built from the pieces that trip YAML
    /// up: whenever the fast path reads one, the library must read it the
    /// same way (or the fast path accepted what the library rejects).
    #[test]
    fn the_fast_path_agrees_with_the_library_on_generated_front_matter() {
        const KEYS: &[&str] = &[
            "title",
            "description",
            "date",
            "tags",
            "draft",
            "weight",
            "slug",
            "toc",
            "aliases",
        ];
        const PIECES: &[&str] = &[
            "Hi",
            "a b",
            "-",
            ":",
            ": ",
            "#",
            " #",
            "'",
            "\"",
            "\\",
            "[",
            "]",
            ",",
            "{",
            "}",
            "&",
            "*",
            "!",
            "|",
            ">",
            "%",
            "@",
            "`",
            "?",
            "~",
            "null",
            "yes",
            "No",
            "true",
            "1",
            "0x1",
            "1.5",
            "-3",
            ".5",
            "2026-03-14",
            "é",
            "“q”",
            " ",
            "  ",
            "\t",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut read_fast = 0;
        for _ in 0..60_000 {
            let mut text = String::from("title: Start\n");
            for _ in 0..next(3) + 1 {
                let key = KEYS[next(KEYS.len())];
                let value: String = (0..next(4) + 1)
                    .map(|_| PIECES[next(PIECES.len())])
                    .collect();
                let value = match next(4) {
                    0 => format!("[{value}, {}]", PIECES[next(PIECES.len())]),
                    1 => format!("\"{value}\""),
                    _ => value,
                };
                text.push_str(&format!("{key}: {value}\n"));
            }
            let Some(fast) = parse(&text) else { continue };
            read_fast += 1;
            match read_with_library(&text) {
                Ok(library) => assert_eq!(fast, library, "{text:?}"),
                Err(error) => panic!("the fast path read what YAML rejects: {text:?}: {error:?}"),
            }
        }
        assert!(read_fast > 1_000, "only {read_fast} were read fast");
    }

    #[test]
    fn the_fast_path_gives_up_on_everything_else() {
        for text in OTHER {
            assert!(parse(text).is_none(), "read fast: {text:?}");
        }
    }
}
