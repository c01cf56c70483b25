//! The errors of the YAML scanner and parser, placed where the problem really is (a tab, an unclosed bracket, a colon in a title), with the text they are found in.

use super::*;

/// The errors of the YAML scanner and parser, by kind.
pub(super) fn scan_error(kind: &ErrorKind, text: &Text, place: &mut Place) -> Words {
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
pub(super) fn colon_in_value(text: &Text, place: &mut Place) -> Words {
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
pub(super) fn unclosed(open: char, text: &Text, place: &mut Place) -> Words {
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
pub(super) fn quoted(value: &str) -> String {
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
pub(super) struct Text<'a> {
    pub(super) source: &'a str,
}

impl Text<'_> {
    /// Line `line` (1-based), without its line break.
    pub(super) fn line(&self, line: usize) -> Option<&str> {
        self.source
            .split('\n')
            .nth(line.checked_sub(1)?)
            .map(|text| text.trim_end_matches('\r'))
    }

    /// The text of `line` from `column` (1-based, in characters) on.
    pub(super) fn rest_of_line(&self, line: usize, column: usize) -> Option<&str> {
        let text = self.line(line)?;
        let start = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(index, _)| index);
        Some(&text[start..])
    }

    /// The first tab on `line` or after it, else the last one before it: the
    /// scanner reports some tabs at the value before them.
    pub(super) fn tab_near(&self, line: usize) -> Option<(usize, usize)> {
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
    pub(super) fn requoted(&self, line: usize) -> Option<String> {
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
    pub(super) fn bad_escape(&self, place: &mut Place) -> Option<String> {
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
    pub(super) fn unclosed_bracket(
        &self,
        open: char,
        line: usize,
        column: usize,
    ) -> Option<(usize, usize)> {
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
    pub(super) fn second_key(
        &self,
        key: &str,
        line: usize,
        column: usize,
    ) -> Option<(usize, usize)> {
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
    pub(super) fn earlier_key(&self, key: &str, line: usize, column: usize) -> Option<usize> {
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
