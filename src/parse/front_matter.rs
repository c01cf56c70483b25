//! Front matter: the YAML block between `---` lines at the top of a markdown
//! file, validated against the keys Hearth knows.

use jiff::civil::Date;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Location};
use crate::load::SourceFile;
use crate::yaml::{self, Spanned};

/// A date from front matter: `YYYY-MM-DD` or an RFC 3339 timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageDate {
    pub date: Date,
    /// The instant, when the front matter gave one (RFC 3339).
    pub timestamp: Option<jiff::Timestamp>,
}

impl PageDate {
    fn parse(text: &str) -> Option<PageDate> {
        let text = text.trim();
        if let Ok(date) = text.parse::<Date>()
            && text.len() == 10
        {
            return Some(PageDate {
                date,
                timestamp: None,
            });
        }
        let timestamp: jiff::Timestamp = text.parse().ok()?;
        let zoned = text
            .parse::<jiff::Zoned>()
            .ok()
            .map(|zoned| zoned.date())
            .unwrap_or_else(|| timestamp.to_zoned(jiff::tz::TimeZone::UTC).date());
        Some(PageDate {
            date: zoned,
            timestamp: Some(timestamp),
        })
    }

    /// `YYYY-MM-DD`.
    pub fn iso_date(&self) -> String {
        self.date.to_string()
    }

    /// RFC 3339, as feeds need it (midnight UTC for plain dates).
    pub fn rfc3339(&self) -> String {
        match self.timestamp {
            Some(timestamp) => timestamp.to_string(),
            None => format!("{}T00:00:00Z", self.date),
        }
    }

    /// For people: `12 March 2026`.
    pub fn display(&self) -> String {
        self.date.strftime("%-d %B %Y").to_string()
    }
}

/// Why a date written as `YYYY-MM-DD` (alone or starting a timestamp) is not
/// one, in words: `April has 30 days`, `there is no month 13`. `None` when
/// the text is not shaped like a date, or the day exists.
fn why_no_such_day(text: &str) -> Option<String> {
    let text = text.trim();
    let shaped = text.len() >= 10
        && text.bytes().take(10).enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    let year: i16 = text.get(0..4)?.parse().ok()?;
    let month: i8 = text.get(5..7)?.parse().ok()?;
    let day: i8 = text.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&month) {
        return Some(format!(
            "there is no month {month} (months go from 01 to 12)"
        ));
    }
    let first = Date::new(year, month, 1).ok()?;
    let days = first.days_in_month();
    let name = first.strftime("%B").to_string();
    if day == 0 {
        return Some("days of the month start at 01".to_string());
    }
    if day <= days {
        return None;
    }
    Some(if month == 2 && day == 29 {
        format!("{year} is not a leap year, so February has 28 days")
    } else {
        format!("{name} has {days} days")
    })
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Newest first; undated pages last, by title.
    #[default]
    Date,
    /// By `weight`, lowest first.
    Weight,
    /// Alphabetically by title.
    Title,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    /// Optional here so that the other keys are still checked when the
    /// title is missing or wrong; `Some(None)` is `title:` with no value.
    #[serde(default, deserialize_with = "present")]
    title: Option<Spanned<Option<String>>>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    date: Option<Spanned<String>>,
    #[serde(default)]
    updated: Option<Spanned<String>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default, deserialize_with = "yaml::boolean::draft")]
    draft: bool,
    #[serde(default)]
    slug: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    template: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "yaml::boolean::toc")]
    toc: bool,
    #[serde(default, deserialize_with = "yaml::boolean::search")]
    search: Option<bool>,
    #[serde(default)]
    glossary: Option<bool>,
    #[serde(default)]
    sort_by: Option<Spanned<String>>,
    #[serde(default)]
    author: Option<String>,
    image: Option<Spanned<String>>,
    #[serde(default)]
    image_alt: Option<Spanned<String>>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// A key that is written, whatever its value (null included).
fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Spanned<Option<String>>>, D::Error> {
    Spanned::deserialize(deserializer).map(Some)
}

/// A text value of the front matter and where it was written: 1-based line
/// (within the front matter) and column, and its length in the source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Scalar {
    pub value: String,
    pub line: usize,
    pub column: usize,
    pub length: usize,
}

impl Scalar {
    fn from_yaml(value: &Spanned<String>) -> Scalar {
        let (line, column) = yaml::position(value);
        Scalar {
            value: value.value.clone(),
            line,
            column,
            length: yaml::length(value),
        }
    }
}

/// The front matter's keys as read, before validation: from the YAML
/// library, or from [`super::simple_yaml`] for the simple cases.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Fields {
    /// `None` when the front matter has no `title` key.
    pub title: Option<Scalar>,
    pub description: Option<String>,
    pub date: Option<Scalar>,
    pub updated: Option<Scalar>,
    pub tags: Vec<Scalar>,
    pub draft: bool,
    pub slug: Option<Scalar>,
    pub aliases: Vec<Scalar>,
    pub weight: Option<i64>,
    pub template: Option<Scalar>,
    pub toc: bool,
    /// `glossary: false` turns the page's term links off.
    pub glossary: Option<bool>,
    pub search: Option<bool>,
    pub sort_by: Option<Scalar>,
    pub author: Option<String>,
    pub image: Option<Scalar>,
    pub image_alt: Option<Scalar>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl From<RawFrontMatter> for Fields {
    fn from(raw: RawFrontMatter) -> Fields {
        let one = |value: &Option<Spanned<String>>| value.as_ref().map(Scalar::from_yaml);
        Fields {
            title: raw.title.map(|title| {
                let (line, column) = yaml::position(&title);
                Scalar {
                    value: title.value.clone().unwrap_or_default(),
                    line,
                    column,
                    length: yaml::length(&title),
                }
            }),
            description: raw.description,
            date: one(&raw.date),
            updated: one(&raw.updated),
            tags: raw.tags.iter().map(Scalar::from_yaml).collect(),
            draft: raw.draft,
            slug: one(&raw.slug),
            aliases: raw.aliases.iter().map(Scalar::from_yaml).collect(),
            weight: raw.weight,
            template: one(&raw.template),
            toc: raw.toc,
            glossary: raw.glossary,
            search: raw.search,
            sort_by: one(&raw.sort_by),
            author: raw.author,
            image: one(&raw.image),
            image_alt: one(&raw.image_alt),
            extra: raw.extra,
        }
    }
}

/// Reads the front matter's YAML: the fast path when it applies, else the
/// YAML library, which on failure reports every problem of the front
/// matter (`line_offset`: the lines of the file before it).
pub(super) fn read_fields(
    yaml_text: &str,
    line_offset: usize,
) -> Result<Fields, yaml::Failure<Fields>> {
    if let Some(fields) = super::simple_yaml::parse(yaml_text) {
        return Ok(fields);
    }
    yaml::parse_all::<RawFrontMatter>(yaml_text, line_offset)
        .map(Fields::from)
        .map_err(|failure| yaml::Failure {
            errors: failure.errors,
            partial: failure.partial.map(|raw| Box::new(Fields::from(*raw))),
            failed_keys: failure.failed_keys,
        })
}

/// Reads the front matter with the YAML library only, to check the fast path.
#[cfg(test)]
pub(super) fn read_with_library(yaml_text: &str) -> Result<Fields, yaml::YamlError> {
    yaml::parse::<RawFrontMatter>(yaml_text).map(Fields::from)
}

/// A value from front matter with where it was written, for later errors.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub location: Location,
}

/// The validated front matter of one markdown file.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub title: String,
    pub description: String,
    pub date: Option<PageDate>,
    pub updated: Option<PageDate>,
    pub tags: Vec<String>,
    /// Where each of `tags` is written, in the same order.
    pub tag_places: Vec<Location>,
    pub draft: bool,
    pub slug: Option<Located<String>>,
    pub aliases: Vec<Located<String>>,
    pub weight: Option<i64>,
    pub template: Option<Located<String>>,
    pub toc: bool,
    /// Whether the glossary's terms link on this page (`glossary: false`: no).
    pub glossary: bool,
    /// False for `search: false`: the page stays out of the search index.
    pub search: bool,
    pub sort_by: SortBy,
    /// A guest author's name, for the byline; `None` for the site's author.
    pub author: Option<String>,
    /// `image`: a picture relative to the markdown file, the page's share
    /// image (and hero); checked to exist and decode when it is drawn.
    pub image: Option<Located<String>>,
    /// `image_alt`: what the picture shows, required with `image`.
    pub image_alt: String,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Front matter that could be read, with the problems found in its values
/// (a bad date): the page is still scanned so its other errors show too.
#[derive(Debug)]
pub struct ParsedFrontMatter {
    pub front: FrontMatter,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
    pub errors: Vec<Diagnostic>,
}

/// Splits a markdown file into front matter and body, and validates the
/// front matter. Fails when the front matter cannot be read at all.
pub fn split_and_parse(file: &SourceFile) -> Result<ParsedFrontMatter, Vec<Diagnostic>> {
    let display = file.display_path();
    let error = |code, message: String, location: Location, help: &str| {
        vec![
            Diagnostic::error(code, message)
                .in_file(&display)
                .at(location)
                .help(help),
        ]
    };
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let bom = file.text.len() - text.len();
    if text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error("empty-file", "the file is empty")
                .in_file(&display)
                .help("start it with front matter: a `---` line, `title: ...`, and another `---` line"),
        ]);
    }
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(error(
            "no-front-matter",
            "the file has no front matter".to_string(),
            Location::at_offset(&file.text, bom, first_line_end),
            "start the file with a `---` line, `title: ...`, and another `---` line",
        ));
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut cursor = yaml_start;
    let mut yaml_end = None;
    while cursor < text.len() {
        let line_end = text[cursor..].find('\n').map_or(text.len(), |i| cursor + i);
        if text[cursor..line_end].trim_end() == "---" {
            yaml_end = Some((cursor, (line_end + 1).min(text.len())));
            break;
        }
        cursor = line_end + 1;
    }
    let Some((yaml_end, body_start)) = yaml_end else {
        return Err(error(
            "unclosed-front-matter",
            "the front matter is never closed".to_string(),
            Location::at_offset(&file.text, bom, 3),
            "add a `---` line after the last front matter key",
        ));
    };
    let yaml_text = &text[yaml_start..yaml_end];
    let line_offset = text[..yaml_start].matches('\n').count();
    let at = |line: usize, column: usize| {
        Location::at_line_column(&file.text, line + line_offset, column)
    };
    let at_value = |value: &Scalar| {
        let mut location = at(value.line, value.column);
        location.length = value.length;
        location
    };

    let yaml_diagnostic = |yaml_error: yaml::YamlError| {
        let location = if yaml_text.trim().is_empty() {
            Location::at_offset(&file.text, bom, 3)
        } else {
            let mut location = at(yaml_error.line, yaml_error.column);
            location.length = yaml_error.length;
            location
        };
        Diagnostic::error("front-matter", yaml_error.message)
            .in_file(&display)
            .at(location)
            .help(yaml_error.help)
    };
    let (raw, mut errors, failed_keys) = match read_fields(yaml_text, line_offset) {
        Ok(raw) => (raw, Vec::new(), Vec::new()),
        Err(failure) => {
            let suggests_title = failure
                .errors
                .iter()
                .any(|e| e.suggestion.as_deref() == Some("title"));
            let mut failed_keys = failure.failed_keys;
            if suggests_title {
                // `titel: x` is the missing title: not a second error.
                failed_keys.push("title".to_string());
            }
            let errors: Vec<Diagnostic> = failure.errors.into_iter().map(yaml_diagnostic).collect();
            match failure.partial {
                Some(raw) => (*raw, errors, failed_keys),
                None => return Err(errors),
            }
        }
    };
    // Front matter that could not be read as written fails the file, with
    // every problem of its values too.
    let mut failed = !errors.is_empty();

    let located = |value: &Scalar| Located {
        value: value.value.clone(),
        location: at_value(value),
    };
    let mut date_of = |value: &Option<Scalar>, key: &str| {
        let value = value.as_ref()?;
        let parsed = PageDate::parse(&value.value);
        if parsed.is_none() {
            errors.push(
                Diagnostic::error("bad-date", match why_no_such_day(&value.value) {
                    Some(why) => format!("`{}` is not a valid {key} date: {why}", value.value),
                    None => format!("`{}` is not a valid {key} date", value.value),
                })
                    .in_file(&display)
                    .at(at_value(value))
                    .help("write dates as YYYY-MM-DD (2026-03-14) or RFC 3339 (2026-03-14T09:30:00+01:00)"),
            );
        }
        parsed
    };
    let date = date_of(&raw.date, "publication");
    let updated = date_of(&raw.updated, "`updated`");
    let sort_by = match raw.sort_by.as_ref().map(|s| s.value.as_str()) {
        None | Some("date") => SortBy::Date,
        Some("weight") => SortBy::Weight,
        Some("title") => SortBy::Title,
        Some(other) => {
            let value = raw.sort_by.as_ref().map(located);
            let mut diagnostic =
                Diagnostic::error("bad-sort-by", format!("unknown sort order `{other}`"))
                    .in_file(&display)
                    .help("use `date`, `weight` or `title`");
            if let Some(value) = value {
                diagnostic = diagnostic.at(value.location);
            }
            errors.push(diagnostic);
            SortBy::Date
        }
    };
    let title = match &raw.title {
        Some(scalar) => {
            let title = scalar.value.trim().to_string();
            if title.is_empty() {
                errors.push(
                    Diagnostic::error("missing-title", "the title is empty")
                        .in_file(&display)
                        .at(located(scalar).location)
                        .help("give the page a title: `title: Your page title`"),
                );
            }
            title
        }
        None => {
            failed = true;
            if !failed_keys.iter().any(|key| key == "title") {
                let location = if yaml_text.trim().is_empty() {
                    Location::at_offset(&file.text, bom, 3)
                } else {
                    at(1, 1)
                };
                errors.push(
                    Diagnostic::error("front-matter", "missing required key `title`")
                        .in_file(&display)
                        .at(location)
                        .help("add a line `title: Your page title` to the front matter"),
                );
            }
            String::new()
        }
    };
    // A tag's page lives at `/tags/<slug>/`: a tag with nothing left once
    // made URL-safe (`!!!`) would have no address.
    let mut tags = Vec::with_capacity(raw.tags.len());
    let mut tag_places = Vec::with_capacity(raw.tags.len());
    for tag in &raw.tags {
        let name = tag.value.trim();
        let slug = slug::slugify(name);
        if slug.len() > crate::paths::MAX_SEGMENT {
            errors.push(
                Diagnostic::error("bad-tag", "the tag is longer than 200 characters once made URL-safe, too long for its page's address")
                    .in_file(&display)
                    .at(at_value(tag))
                    .help("use a word or two for a tag, like `self-compassion`"),
            );
            continue;
        }
        if slug.is_empty() {
            errors.push(
                Diagnostic::error(
                    "bad-tag",
                    format!("the tag `{name}` has no letters or digits to make its address from"),
                )
                .in_file(&display)
                .at(at_value(tag))
                .help("use words for tags, like `self-compassion`"),
            );
            continue;
        }
        tags.push(name.to_string());
        tag_places.push(at_value(tag));
    }
    // A slug is one segment of the page's address.
    let slug = match &raw.slug {
        Some(scalar) => match crate::paths::slug_segment(&scalar.value) {
            Ok(_) => Some(located(scalar)),
            Err(problem) => {
                errors.push(
                    Diagnostic::error("bad-slug", format!("the slug `{}` {problem}", scalar.value))
                        .in_file(&display)
                        .at(at_value(scalar))
                        .help("a slug is one URL segment: letters, digits and dashes, like `my-article`"),
                );
                None
            }
        },
        None => None,
    };
    let image = raw.image.as_ref().map(located);
    if let Some(image) = &image {
        let alt = raw.image_alt.as_ref().map(|alt| alt.value.trim());
        // An `image_alt` that could not be read is an error already.
        let unread = failed_keys.iter().any(|key| key == "image_alt");
        if alt.is_none_or(str::is_empty) && !unread {
            let (message, location) = match &raw.image_alt {
                Some(alt) => ("`image_alt` is empty", at_value(alt)),
                None => ("`image` needs an `image_alt`", image.location.clone()),
            };
            errors.push(
                Diagnostic::error("missing-image-alt", message)
                    .in_file(&display)
                    .at(location)
                    .help("say in a few words what the picture shows, for people who cannot see it: `image_alt: Dana smiling in her practice room`"),
            );
        }
    }
    let front = FrontMatter {
        title,
        description: raw.description.unwrap_or_default().trim().to_string(),
        date,
        updated,
        tags,
        tag_places,
        draft: raw.draft,
        slug,
        aliases: raw.aliases.iter().map(located).collect(),
        weight: raw.weight,
        template: raw.template.as_ref().map(located),
        toc: raw.toc,
        glossary: raw.glossary.unwrap_or(true),
        search: raw.search.unwrap_or(true),
        sort_by,
        author: raw
            .author
            .map(|name| name.trim().to_string())
            .filter(|name| !name.is_empty()),
        image,
        image_alt: raw
            .image_alt
            .as_ref()
            .map(|alt| alt.value.trim().to_string())
            .unwrap_or_default(),
        extra: raw.extra,
    };
    if failed {
        errors.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
        return Err(errors);
    }
    Ok(ParsedFrontMatter {
        front,
        body_offset: bom + body_start,
        errors,
    })
}

#[cfg(test)]
mod tests;
