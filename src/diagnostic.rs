//! Diagnostics: every problem a build finds, with the file, line and column it
//! comes from, collected so that a build reports all of them at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file: 1-based line and column (in characters), the
/// length of the marked text, and the text of that line for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub length: usize,
    /// The text of the line, or of a window of it around the column when
    /// the line is long (a minified file, thousands of links on one line):
    /// a report never copies a huge line once per problem.
    pub line_text: String,
    /// The 1-based column of `column` within `line_text`.
    pub text_column: usize,
}

/// How many characters of a long line a location keeps around its column.
const LINE_WINDOW: usize = 160;

impl Location {
    /// The location at `column` (1-based, in characters) of `line`, whose
    /// text is `line_text`, marking `length` characters.
    pub fn new(line: usize, column: usize, length: usize, line_text: &str) -> Location {
        let column = column.max(1);
        let at = line_text
            .char_indices()
            .nth(column - 1)
            .map_or(line_text.len(), |(i, _)| i);
        Location::windowed(line, column, length, line_text, at)
    }

    /// [`Location::new`] when the byte `at` of `line_text` is known to be
    /// the column's: the work is the window's, not the line's.
    fn windowed(line: usize, column: usize, length: usize, line_text: &str, at: usize) -> Location {
        let line_text = line_text.trim_end_matches('\r');
        if line_text.len() <= LINE_WINDOW * 2 {
            return Location {
                line,
                column,
                length,
                line_text: line_text.to_string(),
                text_column: column,
            };
        }
        let at = floor_char_boundary(line_text, at.min(line_text.len()));
        let start = floor_char_boundary(line_text, at.saturating_sub(LINE_WINDOW / 2));
        let end = floor_char_boundary(line_text, (at + LINE_WINDOW * 3 / 2).min(line_text.len()));
        let window = &line_text[start..end];
        let text_column = line_text[start..at].chars().count() + 1;
        Location {
            line,
            column,
            length: length.min(window.chars().count().max(1)),
            line_text: window.to_string(),
            text_column,
        }
    }

    /// The location of `length` bytes at byte `offset` of `source`.
    pub fn at_offset(source: &str, offset: usize, length: usize) -> Location {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        let line = source[..offset].matches('\n').count() + 1;
        let column = source[line_start..offset].chars().count() + 1;
        let end = floor_char_boundary(source, (offset + length).min(line_end));
        let length = source[offset..end].chars().count().max(1);
        Location::new(line, column, length, &source[line_start..line_end])
    }

    /// Like [`Location::at_offset`], with the line found in `lines`: many
    /// locations in one file cost one pass over it, not one pass each.
    pub fn at_offset_in(lines: &LineIndex, source: &str, offset: usize, length: usize) -> Location {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line = lines
            .starts
            .partition_point(|&start| start <= offset)
            .max(1);
        let line_start = lines.starts[line - 1];
        let line_end = lines
            .starts
            .get(line)
            .map_or(source.len(), |next| next - 1)
            .max(offset);
        // Columns of one line are counted on from the last one asked for,
        // so that thousands of links on one line cost one pass over it.
        let (last_offset, last_column) = lines.cursor.get();
        let column = if last_offset >= line_start && last_offset <= offset {
            last_column + source[last_offset..offset].chars().count()
        } else {
            source[line_start..offset].chars().count() + 1
        };
        lines.cursor.set((offset, column));
        let end = floor_char_boundary(source, (offset + length).min(line_end));
        let length = source[offset..end].chars().count().max(1);
        let line_text = &source[line_start..line_end];
        Location::windowed(line, column, length, line_text, offset - line_start)
    }

    /// The location at a 1-based `line` and `column` of `source`.
    pub fn at_line_column(source: &str, line: usize, column: usize) -> Location {
        let line = line.max(1);
        let line_text = source.split('\n').nth(line - 1).unwrap_or("");
        Location::new(line, column, 1, line_text)
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Where each line of a text starts, for finding many locations in it.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offsets of line starts; the first is 0.
    starts: Vec<usize>,
    /// The byte offset and column of the last location found.
    cursor: std::cell::Cell<(usize, usize)>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            starts,
            cursor: std::cell::Cell::new((0, 1)),
        }
    }
}

/// One problem found in a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short stable name for the kind of problem, e.g. `broken-link`.
    pub code: &'static str,
    pub message: String,
    /// The file, relative to the site root, when the problem has one.
    pub file: Option<PathBuf>,
    pub location: Option<Box<Location>>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with a code and a message, not yet tied to a file.
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            location: None,
            help: None,
        }
    }

    /// A warning with a code and a message, not yet tied to a file.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Ties the diagnostic to a file.
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Diagnostic {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    /// Ties the diagnostic to a place in its file.
    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(Box::new(location));
        self
    }

    /// Adds advice on how to fix the problem.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// `file:line:col`, `file`, or nothing, for the one-line form.
    pub fn position(&self) -> Option<String> {
        let file = self.file.as_ref()?.display().to_string().replace('\\', "/");
        Some(match &self.location {
            Some(location) => format!("{file}:{}:{}", location.line, location.column),
            None => file,
        })
    }

    /// Renders the diagnostic with the offending source line underlined.
    pub fn render(&self, color: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self
            .file
            .as_ref()
            .map(|file| file.display().to_string().replace('\\', "/"));
        let mut group = Group::with_title(level.primary_title(&self.message).id(self.code));
        if let (Some(path), Some(location)) = (&path, &self.location) {
            let column = location.text_column.max(1);
            let start = byte_index_of_char(&location.line_text, column - 1);
            let end = byte_index_of_char(&location.line_text, column - 1 + location.length);
            let snippet = Snippet::source(location.line_text.as_str())
                .line_start(location.line)
                .path(path.as_str())
                .annotation(AnnotationKind::Primary.span(start..end.max(start)));
            group = group.element(snippet);
        } else if let Some(path) = &path {
            group = group.element(annotate_snippets::Origin::path(path.as_str()));
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

fn byte_index_of_char(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(index, _)| index)
}

impl fmt::Display for Diagnostic {
    /// The one-line form: `error[code]: file:line:col: message (help)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}[{}]: ", self.code)?;
        if let Some(position) = self.position() {
            write!(f, "{position}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

/// All diagnostics of one build, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorts errors first, then by file and position, so reports are stable
    /// whatever order parallel stages finished in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.severity,
                    d.file.clone(),
                    d.location.as_ref().map(|l| (l.line, l.column)),
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        self.items.dedup();
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Diagnostics {
        Diagnostics {
            items: vec![diagnostic],
        }
    }
}

/// Every lint: its code and how bad it is unless `lints:` in `site.yaml`
/// says otherwise. Here rather than in [`crate::lint`] so that the settings
/// can check the codes they name when they are read.
pub const LINTS: &[(&str, Severity)] = &[
    ("missing-alt", Severity::Warning),
    ("missing-description", Severity::Warning),
    ("skipped-heading-level", Severity::Warning),
    ("unreachable-page", Severity::Warning),
    ("missing-referral", Severity::Warning),
    ("unused-data", Severity::Warning),
    ("duplicate-description", Severity::Warning),
    ("empty-link", Severity::Warning),
    ("tag-spelling", Severity::Warning),
    ("scope-claim", Severity::Warning),
    ("placeholder-text", Severity::Warning),
    ("missing-translation", Severity::Warning),
    ("large-image", Severity::Warning),
    ("remote-image", Severity::Warning),
];

/// The candidate closest to `wanted`, when it is close enough to be a likely
/// typo: used for "did you mean" hints on keys, links and names.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    closest_within(wanted, candidates, limit)
}

/// The candidate closest to `wanted` at most `limit` edits away (and never
/// more than eight: more is no typo). Paths use it
/// with a limit set by the file name alone, so that a long shared folder
/// does not make a very different name look like a typo.
pub fn closest_within<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Option<&'a str> {
    let limit = limit.min(MOST_TYPO_EDITS);
    let wanted: Vec<char> = wanted.to_lowercase().chars().collect();
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let lower: Vec<char> = candidate.to_lowercase().chars().collect();
            edit_distance_within(&wanted, &lower, limit).map(|distance| (distance, candidate))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, candidate)| candidate)
}

/// More edits than this is no typo: a suggestion that far off would not
/// help, and the bound keeps a page of long broken links quick to report.
const MOST_TYPO_EDITS: usize = 8;

/// The Levenshtein distance of `a` and `b` (in characters) when it is at
/// most `limit`, else `None`. Only the cells within `limit` of the diagonal
/// are worked out, and it stops at the first row that is all over the
/// limit, so that comparing long names costs their length times the limit,
/// not their lengths multiplied.
fn edit_distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let over = limit + 1;
    let mut previous: Vec<usize> = (0..=b.len()).map(|j| j.min(over)).collect();
    let mut current = vec![over; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let row = i + 1;
        let first = row.saturating_sub(limit).max(1);
        let last = (row + limit).min(b.len());
        // Cells beside the band read as over the limit; the rest of the
        // row is never read.
        current[0] = row.min(over);
        if first > 1 {
            current[first - 1] = over;
        }
        if let Some(beyond) = current.get_mut(last + 1) {
            *beyond = over;
        }
        let mut best = current[0];
        for j in first..=last {
            let substitution = previous[j - 1] + usize::from(*ca != b[j - 1]);
            let cell = substitution
                .min(previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(over);
            current[j] = cell;
            best = best.min(cell);
        }
        if best > limit {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    Some(previous[b.len()]).filter(|&distance| distance <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The banded distance agrees with the full one wherever the full one
    /// is within the limit, and says `None` beyond it.
    #[test]
    fn the_bounded_edit_distance_is_the_levenshtein_distance_within_its_limit() {
        fn full(a: &[char], b: &[char]) -> usize {
            let mut previous: Vec<usize> = (0..=b.len()).collect();
            for (i, ca) in a.iter().enumerate() {
                let mut current = vec![i + 1; b.len() + 1];
                for (j, cb) in b.iter().enumerate() {
                    current[j + 1] = (previous[j] + usize::from(ca != cb))
                        .min(previous[j + 1] + 1)
                        .min(current[j] + 1);
                }
                previous = current;
            }
            previous[b.len()]
        }
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "kitten",
            "sitting",
            "flaw",
            "lawn",
            "coaching",
            "coachnig",
            "therapy",
            "therapist",
            "ifs-parts",
            "parts-work",
            "aaaaaaa",
            "aaa",
        ];
        for a in words {
            for b in words {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let distance = full(&a, &b);
                for limit in 0..10 {
                    let expected = (distance <= limit).then_some(distance);
                    assert_eq!(
                        edit_distance_within(&a, &b, limit),
                        expected,
                        "{a:?} {b:?} {limit}"
                    );
                }
            }
        }
    }

    /// Hundreds of long broken names against hundreds of long titles: each
    /// comparison stops within a few rows, so this is quick, where the full
    /// distance took minutes.
    #[test]
    fn long_names_far_from_every_candidate_get_no_suggestion() {
        // A thousand letters from a small xorshift generator per seed.
        let name = |seed: u64| -> String {
            let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            (0..1_000)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    char::from(b'a' + (state % 26) as u8)
                })
                .collect()
        };
        let titles: Vec<String> = (0..200).map(name).collect();
        for wanted in 1_000..1_200 {
            assert_eq!(
                did_you_mean(&name(wanted), titles.iter().map(String::as_str)),
                None
            );
        }
        let mut near = titles[5].clone();
        near.replace_range(0..1, "#");
        assert_eq!(
            did_you_mean(&near, titles.iter().map(String::as_str)),
            Some(titles[5].as_str())
        );
    }

    #[test]
    fn a_long_line_is_kept_only_around_the_column() {
        let line = format!("{}[x](y.md){}", "é".repeat(5_000), "z".repeat(5_000));
        let location = Location::new(3, 5_001, 9, &line);
        assert_eq!(location.column, 5_001);
        assert!(location.line_text.chars().count() <= 2 * LINE_WINDOW);
        let marked: String = location
            .line_text
            .chars()
            .skip(location.text_column - 1)
            .take(location.length)
            .collect();
        assert_eq!(marked, "[x](y.md)");
        let lines = LineIndex::new(&line);
        assert_eq!(
            Location::at_offset_in(&lines, &line, 10_000, 9),
            location_at(&line, 10_000)
        );
    }

    fn location_at(source: &str, offset: usize) -> Location {
        let mut location = Location::at_offset(source, offset, 9);
        location.line = 1;
        location
    }

    #[test]
    fn indexed_locations_match_plain_ones() {
        let source = "ab\n\ncdé\r\nx";
        let lines = LineIndex::new(source);
        for offset in 0..=source.len() {
            assert_eq!(
                Location::at_offset_in(&lines, source, offset, 2),
                Location::at_offset(source, offset, 2),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn location_counts_lines_and_characters() {
        let source = "one\ntwé [x](y)\n";
        let offset = source.find('[').unwrap();
        let location = Location::at_offset(source, offset, 6);
        assert_eq!((location.line, location.column, location.length), (2, 5, 6));
        assert_eq!(location.line_text, "twé [x](y)");
    }

    #[test]
    fn suggestions_prefer_the_closest_candidate() {
        assert_eq!(
            did_you_mean("titel", ["title", "tags", "toc"]),
            Some("title")
        );
        assert_eq!(did_you_mean("zzzzzz", ["title", "tags"]), None);
        assert_eq!(
            closest_within("articles/nowhere.md", ["articles/_index.md"], 3),
            None
        );
        assert_eq!(
            closest_within("articles/nowhere.md", ["articles/nowhere.md.bak"], 4),
            Some("articles/nowhere.md.bak")
        );
    }
}
