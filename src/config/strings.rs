//! The words a theme prints, in the site's language: `themes/<theme>/i18n/
//! <language>.yaml` over the theme's `en.yaml` (and Hearth's own copy of
//! the default theme's, so that a theme without strings still works), with
//! `strings:` from `site.yaml` over both. Templates read them through the
//! `t` function; Hearth's own words (form labels, page titles) through
//! [`Strings::text`] and [`Strings::format`].

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Location};
use crate::yaml;

/// The folder of a theme that holds its strings files.
pub const STRINGS_DIR: &str = "i18n";

/// The default theme's English words, built in: every key a site may set.
const BUILTIN_ENGLISH: &str = include_str!("../../themes/default/i18n/en.yaml");

/// The plural forms a value may have (CLDR's category names).
const PLURAL_FORMS: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// One value of a strings file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// Plain words, perhaps with `{placeholders}`.
    Text(String),
    /// A form for each plural category, `other` always among them.
    Forms(BTreeMap<String, String>),
    /// A list, such as the months.
    List(Vec<String>),
}

impl Entry {
    /// What the value is, in words, for messages.
    fn shape(&self) -> &'static str {
        match self {
            Entry::Text(_) => "text",
            Entry::Forms(_) => "forms for each number (`one:` and `other:`)",
            Entry::List(_) => "a list",
        }
    }
}

/// One entry of `strings:` in `site.yaml`, with where its key is written.
#[derive(Debug, Clone)]
pub struct Override {
    pub key: String,
    pub value: serde_json::Value,
    pub location: Location,
}

/// The theme's words for one site.
#[derive(Debug, Clone)]
pub struct Strings {
    language: String,
    /// By key: looked up some twenty times for every page, so hashed.
    entries: ahash::AHashMap<String, Entry>,
    /// `missing-translation` warnings: keys the language's file lacks, or
    /// that there is no file for the language.
    warnings: Vec<Diagnostic>,
}

impl Default for Strings {
    /// The built-in English words alone.
    fn default() -> Strings {
        let entries = read_entries(BUILTIN_ENGLISH, "").unwrap_or_default();
        Strings {
            language: "en".to_string(),
            entries: entries.into_iter().collect(),
            warnings: Vec::new(),
        }
    }
}

/// Which plural form `count` takes in `language`: French (and Portuguese)
/// say "0 page" like "1 page"; English, German, Dutch and Spanish use the
/// singular for 1 alone.
pub fn plural_form(language: &str, count: i64) -> &'static str {
    match base_language(language) {
        "fr" | "pt" => {
            if count == 0 || count == 1 {
                "one"
            } else {
                "other"
            }
        }
        _ => {
            if count == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

/// `de` of `de-CH`.
fn base_language(language: &str) -> &str {
    language.split(['-', '_']).next().unwrap_or(language)
}

/// `text` with each `{name}` replaced by its value in `args`; other braces
/// stay as they are.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl Strings {
    /// The words for `language` with the theme `theme` of the site at
    /// `root`, and the site's `overrides`. Problems that stop the build
    /// (an unreadable file, an unknown key) go to `errors`.
    pub fn load(
        root: &Path,
        theme: &str,
        language: &str,
        language_at: Option<&Location>,
        overrides: &[Override],
        errors: &mut Vec<Diagnostic>,
    ) -> Strings {
        let mut strings = Strings {
            language: language.to_string(),
            ..Strings::default()
        };
        let folder = format!("{}/{theme}/{STRINGS_DIR}", super::THEMES_DIR);
        let dir = root.join(&folder);
        // The theme's English: its own keys, and its wording of Hearth's.
        let english_file = format!("{folder}/en.yaml");
        if let Some((_, entries)) = read_file(root, &dir.join("en.yaml"), &english_file, errors) {
            strings.entries.extend(entries);
        }
        if base_language(language) != "en" {
            strings.translate(root, &dir, &folder, language, language_at, errors);
        }
        strings.apply(overrides, errors);
        strings
    }

    /// Replaces the English words with those of `language`'s file, warning
    /// of the keys it lacks, or once that there is no file.
    fn translate(
        &mut self,
        root: &Path,
        dir: &Path,
        folder: &str,
        language: &str,
        language_at: Option<&Location>,
        errors: &mut Vec<Diagnostic>,
    ) {
        // `de-CH.yaml`, else `de.yaml`.
        let candidates = [language, base_language(language)];
        let Some(name) = candidates
            .iter()
            .find(|name| dir.join(format!("{name}.yaml")).is_file())
        else {
            let available = available_languages(root, dir);
            let mut warning = Diagnostic::warning(
                "missing-translation",
                format!(
                    "the theme has no words in the language `{language}` (no {folder}/{language}.yaml): pages show its English words"
                ),
            )
            .in_file(super::SITE_FILE);
            if let Some(at) = language_at {
                warning = warning.at(at.clone());
            }
            self.warnings.push(warning.help(format!(
                "choose a language the theme has ({}), or copy {folder}/en.yaml to {folder}/{language}.yaml and translate it",
                available.join(", ")
            )));
            return;
        };
        let file = format!("{folder}/{name}.yaml");
        let Some((text, translated)) =
            read_file(root, &dir.join(format!("{name}.yaml")), &file, errors)
        else {
            return;
        };
        let translated_keys: Vec<String> = translated.keys().cloned().collect();
        for (key, entry) in translated {
            match self.entries.get(&key) {
                None => errors.push(unknown_key(
                    &key,
                    &file,
                    top_level_key_at(&text, &key),
                    self.keys(),
                )),
                Some(english) if !same_shape(english, &entry) => errors.push(
                    Diagnostic::error(
                        "invalid-strings",
                        format!(
                            "`{key}` is {}, but the English is {}",
                            entry.shape(),
                            english.shape()
                        ),
                    )
                    .in_file(&file)
                    .at(top_level_key_at(&text, &key))
                    .help("write it in the same shape as in en.yaml"),
                ),
                Some(_) => {
                    self.entries.insert(key.clone(), entry);
                }
            }
        }
        let mut untranslated: Vec<&String> = self
            .entries
            .keys()
            .filter(|key| !translated_keys.contains(*key))
            .collect();
        untranslated.sort_unstable();
        for key in untranslated {
            self.warnings.push(
                Diagnostic::warning(
                    "missing-translation",
                    format!("`{key}` has no translation in {file}: pages show the English words"),
                )
                .in_file(&file)
                .help(format!(
                    "add `{key}:` to {file} (en.yaml beside it has the English), or set it for this site with `strings:` in content/site.yaml"
                )),
            );
        }
    }

    /// Applies `strings:` from `site.yaml`: each key must be one the theme
    /// has, in the same shape (a plain text may stand for every plural form).
    fn apply(&mut self, overrides: &[Override], errors: &mut Vec<Diagnostic>) {
        for item in overrides {
            let Some(current) = self.entries.get(&item.key) else {
                let keys = self.keys();
                let listed = keys.join(", ");
                let help = match crate::diagnostic::did_you_mean(&item.key, keys.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`? The keys are: {listed}"),
                    None => format!("the keys are: {listed}"),
                };
                errors.push(
                    Diagnostic::error(
                        "invalid-site-yaml",
                        format!(
                            "`{}` in `strings:` is not a word the theme prints",
                            item.key
                        ),
                    )
                    .in_file(super::SITE_FILE)
                    .at(item.location.clone())
                    .help(help),
                );
                continue;
            };
            let entry = match (current, entry_of(&item.value)) {
                (Entry::Forms(_), Some(Entry::Text(text))) => {
                    Some(Entry::Forms(BTreeMap::from([("other".to_string(), text)])))
                }
                (current, Some(entry)) if same_shape(current, &entry) => Some(entry),
                _ => None,
            };
            match entry {
                Some(entry) => {
                    // The site's words need no translation.
                    self.warnings.retain(|w| !w.message.starts_with(&format!("`{}` ", item.key)));
                    self.entries.insert(item.key.clone(), entry);
                }
                None => errors.push(
                    Diagnostic::error(
                        "invalid-site-yaml",
                        format!(
                            "`{}` in `strings:` must be {}",
                            item.key,
                            current.shape()
                        ),
                    )
                    .in_file(super::SITE_FILE)
                    .at(item.location.clone())
                    .help(match current {
                        Entry::List(list) => format!("write a list of {} items, like `[a, b]`", list.len()),
                        Entry::Forms(_) => "write `{ one: \"1 page\", other: \"{count} pages\" }`, or one text for every number".to_string(),
                        Entry::Text(_) => "write the words as one text, in quotes if they hold `:` or `{`".to_string(),
                    }),
                ),
            }
        }
    }

    /// Every key, sorted.
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.entries.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }

    /// The site's language, as `site.yaml` names it.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The `missing-translation` warnings, each once.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The value of `key` with its placeholders filled from `args`, in the
    /// form `count` takes when it is given; `None` for a key the theme
    /// does not have, or a list.
    pub fn lookup(&self, key: &str, count: Option<i64>, args: &[(&str, &str)]) -> Option<String> {
        let text = match self.entries.get(key)? {
            Entry::Text(text) => text,
            Entry::Forms(forms) => {
                let form = count.map_or("other", |n| plural_form(&self.language, n));
                forms.get(form).or_else(|| forms.get("other"))?
            }
            Entry::List(_) => return None,
        };
        Some(fill(text, args))
    }

    /// The words of `key` (its `other` form when it has forms); the key
    /// itself when the theme lacks it, which Hearth's own keys never do.
    pub fn text(&self, key: &str) -> String {
        self.lookup(key, None, &[])
            .unwrap_or_else(|| key.to_string())
    }

    /// [`Strings::text`] in the form `count` takes, with `{count}` and the
    /// other placeholders filled in.
    pub fn format(&self, key: &str, count: Option<i64>, args: &[(&str, &str)]) -> String {
        let shown = count.map(|n| n.to_string());
        let mut all: Vec<(&str, &str)> = args.to_vec();
        if let Some(shown) = &shown {
            all.push(("count", shown));
        }
        self.lookup(key, count, &all)
            .unwrap_or_else(|| key.to_string())
    }

    /// A date for people, in the language's form: `15 November 2022`,
    /// `15. November 2022`.
    pub fn date(&self, date: jiff::civil::Date) -> String {
        let pattern = self.text("date_format");
        let month = match self.entries.get("months") {
            Some(Entry::List(months)) => months
                .get(usize::try_from(date.month() - 1).unwrap_or(0))
                .cloned()
                .unwrap_or_else(|| date.month().to_string()),
            _ => date.month().to_string(),
        };
        fill(
            &pattern,
            &[
                (
                    "day",
                    &if date.day() == 1 {
                        self.text("first_day")
                    } else {
                        date.day().to_string()
                    },
                ),
                ("month", &month),
                ("year", &date.year().to_string()),
            ],
        )
    }
}

/// The languages the theme's folder has a strings file for, sorted.
fn available_languages(root: &Path, dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = crate::files::SiteRoot::new(root)
        .file_names_in(dir)
        .into_iter()
        .filter_map(|name| name.strip_suffix(".yaml").map(str::to_string))
        .collect();
    if !names.iter().any(|name| name == "en") {
        names.push("en".to_string());
    }
    names.sort();
    names
}

fn same_shape(a: &Entry, b: &Entry) -> bool {
    match (a, b) {
        (Entry::List(a), Entry::List(b)) => a.len() == b.len(),
        (Entry::Text(_), Entry::Text(_)) | (Entry::Forms(_), Entry::Forms(_)) => true,
        _ => false,
    }
}

/// A YAML value as an [`Entry`], when it is one.
fn entry_of(value: &serde_json::Value) -> Option<Entry> {
    use serde_json::Value;
    let text = |value: &Value| match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    };
    match value {
        Value::Array(items) => items
            .iter()
            .map(text)
            .collect::<Option<Vec<_>>>()
            .map(Entry::List),
        Value::Object(forms) => {
            let forms: BTreeMap<String, String> = forms
                .iter()
                .map(|(form, value)| {
                    PLURAL_FORMS
                        .contains(&form.as_str())
                        .then(|| text(value).map(|text| (form.clone(), text)))
                        .flatten()
                })
                .collect::<Option<_>>()?;
            forms.contains_key("other").then_some(Entry::Forms(forms))
        }
        other => text(other).map(Entry::Text),
    }
}

/// The entries of a strings file's text; `Err` with the diagnostic when it
/// cannot be read as one. `file` names it in messages.
fn read_entries(text: &str, file: &str) -> Result<BTreeMap<String, Entry>, Diagnostic> {
    let values: BTreeMap<String, serde_json::Value> = if text.trim().is_empty() {
        BTreeMap::new()
    } else {
        yaml::parse(text).map_err(|error| {
            let mut location = Location::at_line_column(text, error.line, error.column);
            location.length = error.length;
            Diagnostic::error("invalid-strings", error.message)
                .in_file(file)
                .at(location)
                .help(error.help)
        })?
    };
    let mut entries = BTreeMap::new();
    for (key, value) in values {
        match entry_of(&value) {
            Some(entry) => {
                entries.insert(key, entry);
            }
            None => {
                return Err(Diagnostic::error(
                    "invalid-strings",
                    format!("`{key}` is neither text, a list, nor forms for each number"),
                )
                .in_file(file)
                .at(top_level_key_at(text, &key))
                .help("write text (`key: words`), a list (`[a, b]`), or `{ one: ..., other: ... }` with `other` among them"));
            }
        }
    }
    Ok(entries)
}

/// Reads one strings file; `None` when it is not there (no problem) or
/// cannot be read (an error).
fn read_file(
    root: &Path,
    path: &Path,
    file: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<(String, BTreeMap<String, Entry>)> {
    if !path.is_file() {
        return None;
    }
    // A theme reached through a link outside the site is refused once, by
    // the template loader (`missing-theme`); its words are not read either.
    let site = crate::files::SiteRoot::new(root);
    // Nor are words behind a link into a hidden file (`.env`).
    if let Err(crate::files::Escape::Outside(_) | crate::files::Escape::Hidden(_)) =
        site.check(path)
    {
        return None;
    }
    let text = match site
        .read_at_most(path, crate::files::MOST_TEXT_BYTES)
        .map(String::from_utf8)
    {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            errors.push(
                Diagnostic::error("invalid-strings", "the strings file is not UTF-8 text")
                    .in_file(file)
                    .help("save it as UTF-8 in your editor"),
            );
            return None;
        }
        Err(error) => {
            errors.push(
                Diagnostic::error(
                    "invalid-strings",
                    format!("cannot read the strings file: {error}"),
                )
                .in_file(file)
                .help("check that it is a file you may read, inside the site"),
            );
            return None;
        }
    };
    match read_entries(&text, file) {
        Ok(entries) => Some((text, entries)),
        Err(error) => {
            errors.push(error);
            None
        }
    }
}

/// Where the top-level `key:` is written in `text` (its first line when
/// it cannot be found).
fn top_level_key_at(text: &str, key: &str) -> Location {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let unquoted = line.strip_prefix(key).map(str::trim_start);
        let quoted = ["\"", "'"].iter().find_map(|q| {
            line.strip_prefix(q)
                .and_then(|l| l.strip_prefix(key))
                .and_then(|l| l.strip_prefix(q))
                .map(str::trim_start)
        });
        if unquoted
            .or(quoted)
            .is_some_and(|rest| rest.starts_with(':'))
        {
            return Location::at_offset(text, offset, key.len().max(1));
        }
        offset += line.len();
    }
    Location::at_line_column(text, 1, 1)
}

/// The error of a key no strings file of the theme has.
fn unknown_key(key: &str, file: &str, location: Location, keys: Vec<&str>) -> Diagnostic {
    let listed = keys.join(", ");
    let help = match crate::diagnostic::did_you_mean(key, keys.iter().copied()) {
        Some(close) => format!("did you mean `{close}`? The keys are: {listed}"),
        None => format!("en.yaml has no such key; the keys are: {listed}"),
    };
    Diagnostic::error(
        "invalid-strings",
        format!("`{key}` is not a word the theme prints"),
    )
    .in_file(file)
    .at(location)
    .help(help)
}

/// The strings of the site whose `site.yaml` is `source`: its `language`
/// (as written, for the place of a warning) and its `strings:`.
pub(super) fn for_site(
    root: &Path,
    theme: &str,
    source: &str,
    language: Option<&yaml::Spanned<String>>,
    written: BTreeMap<String, serde_json::Value>,
    errors: &mut Vec<Diagnostic>,
) -> Strings {
    let language_at = language.map(|language| {
        let (line, column) = yaml::position(language);
        let mut location = Location::at_line_column(source, line, column);
        location.length = yaml::length(language);
        location
    });
    let overrides: Vec<Override> = written
        .into_iter()
        .map(|(key, value)| Override {
            location: override_key_at(source, &key),
            key,
            value,
        })
        .collect();
    let name = language.map_or("en", |language| language.value.trim());
    Strings::load(root, theme, name, language_at.as_ref(), &overrides, errors)
}

/// Where each key of `strings:` is written in `site.yaml`'s text: the first
/// `key:` after the line that opens `strings:`.
pub(super) fn override_key_at(source: &str, key: &str) -> Location {
    let start = source
        .match_indices("strings:")
        .find(|(at, _)| *at == 0 || source.as_bytes()[at - 1] == b'\n')
        .map(|(at, _)| at);
    let Some(start) = start else {
        return Location::at_line_column(source, 1, 1);
    };
    let after = &source[start + "strings:".len()..];
    let found = after.match_indices(key).find(|(at, _)| {
        let before = after[..*at].chars().next_back();
        let rest = after[at + key.len()..].trim_start_matches(['"', '\'', ' ']);
        before.is_none_or(|c| c.is_whitespace() || matches!(c, '{' | ',' | '"' | '\''))
            && rest.starts_with(':')
    });
    match found {
        Some((at, _)) => Location::at_offset(source, start + "strings:".len() + at, key.len()),
        None => Location::at_offset(source, start, "strings".len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_unknown_braces_stay() {
        assert_eq!(fill("{count} min read", &[("count", "5")]), "5 min read");
        assert_eq!(fill("a {b} {c", &[("c", "x")]), "a {b} {c");
    }

    #[test]
    fn french_says_one_for_zero_and_one() {
        assert_eq!(plural_form("fr", 0), "one");
        assert_eq!(plural_form("fr-CA", 1), "one");
        assert_eq!(plural_form("fr", 2), "other");
        assert_eq!(plural_form("de", 0), "other");
        assert_eq!(plural_form("en", 1), "one");
    }

    #[test]
    fn the_built_in_english_has_every_key_hearth_uses() {
        let strings = Strings::default();
        assert_eq!(strings.format("reading_time", Some(1), &[]), "1 min read");
        assert_eq!(strings.format("page_count", Some(2), &[]), "2 pages");
        let date = jiff::civil::date(2022, 11, 15);
        assert_eq!(strings.date(date), "15 November 2022");
        assert_eq!(strings.date(jiff::civil::date(2023, 3, 1)), "1 March 2023");
    }

    #[test]
    fn a_key_of_strings_is_found_in_block_and_flow_style() {
        let source = "title: T\nstrings:\n  menu: Menü\n  skip_link: x\n";
        let at = override_key_at(source, "skip_link");
        assert_eq!((at.line, at.column), (4, 3));
        let source = "menu: []\nstrings: { menu: Menü }\n";
        let at = override_key_at(source, "menu");
        assert_eq!((at.line, at.column), (2, 12));
    }
}
