//! Comparisons: side-by-side tables described in YAML, either a file
//! `content/comparisons/<id>.yaml` or a fenced `comparison` block inside a
//! markdown file. Validation reports every problem with its line and column.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::markdown::{RawLink, scan_inline_links};
use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use crate::yaml::{self, Spanned};

/// The folder of comparison files, under `content/`.
pub const COMPARISONS_DIR: &str = "comparisons";

/// The row key that holds a row's header rather than a cell.
const ASPECT_KEY: &str = "aspect";

/// A column of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub id: String,
    pub label: String,
}

/// A cell's inline markdown and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub location: Location,
    /// Links inside the cell, with offsets into `text`.
    pub links: Vec<RawLink>,
    /// Index of the cell in [`Comparison::cells`] order, to key resolved links.
    pub index: usize,
}

/// A row: an optional header and one entry per column (`None`: left blank with `~`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub aspect: Option<Cell>,
    pub cells: Vec<Option<Cell>>,
}

/// Rows under an optional group label; plain rows form one unlabelled group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowGroup {
    pub label: Option<String>,
    pub rows: Vec<Row>,
}

/// A cited source.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// A validated comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The file name without `.yaml`, or `inline` for an embedded definition.
    pub id: String,
    pub title: String,
    pub description: String,
    pub columns: Vec<Column>,
    pub groups: Vec<RowGroup>,
    pub sources: Vec<Source>,
    /// True when any row has an `aspect` header.
    pub has_aspects: bool,
}

impl Comparison {
    /// Every cell (aspects included) in reading order.
    pub fn cells(&self) -> impl Iterator<Item = &Cell> {
        self.groups
            .iter()
            .flat_map(|group| &group.rows)
            .flat_map(|row| row.aspect.iter().chain(row.cells.iter().flatten()))
    }

    pub fn row_count(&self) -> usize {
        self.groups.iter().map(|group| group.rows.len()).sum()
    }
}

type RawRow = Spanned<BTreeMap<String, Spanned<Option<String>>>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    id: Spanned<String>,
    label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    label: String,
    rows: Spanned<Vec<RawRow>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComparison {
    title: String,
    #[serde(default)]
    description: Option<String>,
    columns: Spanned<Vec<RawColumn>>,
    #[serde(default)]
    groups: Option<Spanned<Vec<Spanned<RawGroup>>>>,
    #[serde(default)]
    rows: Option<Spanned<Vec<RawRow>>>,
    #[serde(default)]
    sources: Vec<Source>,
}

/// Where a comparison's YAML sits: the file it is in, and for an embedded
/// block, the line before its first line.
pub struct YamlPlace<'a> {
    /// Path shown in diagnostics (`content/comparisons/x.yaml`).
    pub display: &'a str,
    /// The whole text of that file, for the lines in reports.
    pub file_text: &'a str,
    /// Lines of the file before the YAML starts.
    pub line_offset: usize,
}

impl YamlPlace<'_> {
    pub(crate) fn at(&self, line: usize, column: usize) -> Location {
        Location::at_line_column(self.file_text, line + self.line_offset, column)
    }

    pub(crate) fn at_spanned<T>(&self, value: &Spanned<T>) -> Location {
        let (line, column) = yaml::position(value);
        let mut location = self.at(line, column);
        location.length = yaml::length(value);
        location
    }

    pub(crate) fn error(
        &self,
        code: &'static str,
        message: String,
        location: Location,
        help: &str,
    ) -> Diagnostic {
        Diagnostic::error(code, message)
            .in_file(self.display)
            .at(location)
            .help(help)
    }

    /// Turns a YAML syntax or type error into a diagnostic.
    pub fn yaml_error(&self, error: yaml::YamlError) -> Diagnostic {
        let help = match &error.suggestion {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => "see the format of this file in README.md".to_string(),
        };
        self.error(
            "invalid-comparison",
            error.message,
            self.at(error.line, error.column),
            &help,
        )
    }
}

/// Parses and validates a comparison; returns every problem found.
pub fn parse_comparison(
    id: &str,
    source: &str,
    place: &YamlPlace,
) -> Result<Comparison, Vec<Diagnostic>> {
    let raw: RawComparison = yaml::parse(source).map_err(|error| vec![place.yaml_error(error)])?;
    let mut errors = Vec::new();

    let mut columns = Vec::new();
    let mut seen = HashSet::new();
    for column in &raw.columns.value {
        let column_id = column.id.value.trim().to_string();
        if column_id == ASPECT_KEY {
            errors.push(place.error(
                "comparison-column",
                "`aspect` cannot be a column id: it names the row header".to_string(),
                place.at_spanned(&column.id),
                "rename the column, e.g. `id: aspects`",
            ));
        } else if !seen.insert(column_id.clone()) {
            errors.push(place.error(
                "comparison-column",
                format!("the column id `{column_id}` is used twice"),
                place.at_spanned(&column.id),
                "give each column its own id",
            ));
        }
        columns.push(Column {
            id: column_id,
            label: column.label.trim().to_string(),
        });
    }
    if columns.len() < 2 {
        errors.push(place.error(
            "comparison-columns",
            format!(
                "a comparison needs at least two columns, and this one has {}",
                columns.len()
            ),
            place.at_spanned(&raw.columns),
            "add columns like `- { id: coaching, label: Coaching }`",
        ));
    }

    let column_ids: Vec<&str> = columns.iter().map(|c| c.id.as_str()).collect();
    let mut next_cell = 0;
    let mut build_rows = |rows: &[RawRow], errors: &mut Vec<Diagnostic>| -> Vec<Row> {
        rows.iter()
            .map(|row| {
                let mut cell_of = |value: &Spanned<Option<String>>| {
                    value.value.as_ref().map(|text| {
                        let index = next_cell;
                        next_cell += 1;
                        Cell {
                            text: text.clone(),
                            location: place.at_spanned(value),
                            links: scan_inline_links(text),
                            index,
                        }
                    })
                };
                for (key, value) in &row.value {
                    if key != ASPECT_KEY && !column_ids.contains(&key.as_str()) {
                        let help = match did_you_mean(key, column_ids.iter().copied()) {
                            Some(id) => format!("did you mean `{id}`?"),
                            None => format!("the columns are: {}", column_ids.join(", ")),
                        };
                        let (line, _) = yaml::position(value);
                        let line_text = place
                            .file_text
                            .split('\n')
                            .nth(line + place.line_offset - 1)
                            .unwrap_or("");
                        let column = line_text
                            .find(key.as_str())
                            .map_or(1, |i| line_text[..i].chars().count() + 1);
                        let mut location = place.at(line, column);
                        location.length = key.chars().count();
                        errors.push(place.error(
                            "comparison-cell",
                            format!("unknown column `{key}`"),
                            location,
                            &help,
                        ));
                    }
                }
                let aspect = row.value.get(ASPECT_KEY).and_then(&mut cell_of);
                let cells = columns
                    .iter()
                    .map(|column| match row.value.get(&column.id) {
                        Some(value) => cell_of(value),
                        None => {
                            errors.push(place.error(
                                "comparison-cell",
                                format!("this row has no cell for the column `{}`", column.id),
                                place.at_spanned(row),
                                &format!(
                                    "add `{}: ...`, or `{}: ~` to leave it blank on purpose",
                                    column.id, column.id
                                ),
                            ));
                            None
                        }
                    })
                    .collect();
                Row { aspect, cells }
            })
            .collect()
    };

    let mut groups = Vec::new();
    match (&raw.groups, &raw.rows) {
        (Some(_), Some(rows)) => errors.push(place.error(
            "comparison-rows",
            "a comparison has either `rows` or `groups`, not both".to_string(),
            place.at_spanned(rows),
            "move these rows into a group, or drop `groups`",
        )),
        (Some(raw_groups), None) => {
            if raw_groups.value.is_empty() {
                errors.push(place.error(
                    "comparison-rows",
                    "`groups` is empty: the table has no rows".to_string(),
                    place.at_spanned(raw_groups),
                    "add a group with `label:` and `rows:`",
                ));
            }
            for group in &raw_groups.value {
                if group.value.rows.value.is_empty() {
                    errors.push(place.error(
                        "comparison-rows",
                        format!("the group `{}` has no rows", group.value.label),
                        place.at_spanned(group),
                        "add rows to the group, or remove it",
                    ));
                }
                let rows = build_rows(&group.value.rows.value, &mut errors);
                groups.push(RowGroup {
                    label: Some(group.value.label.trim().to_string()),
                    rows,
                });
            }
        }
        (None, Some(rows)) => {
            if rows.value.is_empty() {
                errors.push(place.error(
                    "comparison-rows",
                    "`rows` is empty: the table has no rows".to_string(),
                    place.at_spanned(rows),
                    "add rows, one cell per column id",
                ));
            }
            let rows = build_rows(&rows.value, &mut errors);
            groups.push(RowGroup { label: None, rows });
        }
        (None, None) => errors.push(place.error(
            "comparison-rows",
            "the comparison has no rows".to_string(),
            place.at(1, 1),
            "add `rows:` (or `groups:` with labelled rows), one cell per column id",
        )),
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let has_aspects = groups
        .iter()
        .flat_map(|g| &g.rows)
        .any(|row| row.aspect.is_some());
    Ok(Comparison {
        id: id.to_string(),
        title: raw.title.trim().to_string(),
        description: raw.description.unwrap_or_default().trim().to_string(),
        columns,
        groups,
        sources: raw.sources,
        has_aspects,
    })
}

/// A fenced `comparison` block: a reference `id: x`, or a whole definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComparisonBlock {
    Reference { id: String, location: Location },
    Inline(Box<Comparison>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReference {
    id: Spanned<String>,
}

/// Parses the body of a fenced `comparison` block.
pub fn parse_block(source: &str, place: &YamlPlace) -> Result<ComparisonBlock, Vec<Diagnostic>> {
    let is_reference = source
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .all(|line| line.starts_with("id:"));
    if is_reference {
        let raw: RawReference =
            yaml::parse(source).map_err(|error| vec![place.yaml_error(error)])?;
        return Ok(ComparisonBlock::Reference {
            id: raw.id.value.trim().to_string(),
            location: place.at_spanned(&raw.id),
        });
    }
    parse_comparison("inline", source, place)
        .map(|comparison| ComparisonBlock::Inline(Box::new(comparison)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<Comparison, Vec<Diagnostic>> {
        let place = YamlPlace {
            display: "content/comparisons/x.yaml",
            file_text: source,
            line_offset: 0,
        };
        parse_comparison("x", source, &place)
    }

    const COLUMNS: &str = "title: T\ncolumns:\n  - { id: a, label: A }\n  - { id: b, label: B }\n";

    #[test]
    fn plain_rows_with_blanks_and_aspects() {
        let comparison = parse(&format!(
            "{COLUMNS}rows:\n  - aspect: Who\n    a: '*x*'\n    b: ~\n"
        ))
        .unwrap();
        assert_eq!(comparison.row_count(), 1);
        assert!(comparison.has_aspects);
        let row = &comparison.groups[0].rows[0];
        assert_eq!(row.cells[0].as_ref().unwrap().text, "*x*");
        assert!(row.cells[1].is_none());
    }

    #[test]
    fn unknown_and_missing_cells_are_located() {
        let errors = parse(&format!("{COLUMNS}rows:\n  - a: x\n    c: y\n")).unwrap_err();
        let positions: Vec<String> = errors.iter().filter_map(|e| e.position()).collect();
        assert!(
            positions.contains(&"content/comparisons/x.yaml:7:5".to_string()),
            "{positions:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("unknown column `c`"))
        );
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("no cell for the column `b`"))
        );
    }

    #[test]
    fn a_reference_block_is_just_an_id() {
        let place = YamlPlace {
            display: "content/a.md",
            file_text: "x\nid: abc\n",
            line_offset: 1,
        };
        match parse_block("id: abc\n", &place).unwrap() {
            ComparisonBlock::Reference { id, location } => {
                assert_eq!(id, "abc");
                assert_eq!((location.line, location.column), (2, 5));
            }
            other => panic!("{other:?}"),
        }
    }
}
