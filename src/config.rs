//! Site settings from `content/site.yaml`, plus what the command line
//! overrides (`--base-url`, `--drafts`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Location};
use crate::yaml;

/// Where the site's files are, relative to its root folder.
pub const CONTENT_DIR: &str = "content";
pub const SITE_FILE: &str = "content/site.yaml";
pub const THEMES_DIR: &str = "themes";
pub const SITE_TEMPLATES_DIR: &str = "templates";

/// What the command line asks of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's root folder (holding `content/`).
    pub root: PathBuf,
    /// Replaces `base_url` from `site.yaml`, for CI and previews.
    pub base_url: Option<String>,
    /// Includes pages marked `draft: true`.
    pub drafts: bool,
    /// A preview for `hearth serve`: the stylesheet keeps its plain name
    /// instead of a fingerprinted one, so that an edit to it swaps in the
    /// open page without a rebuild of every page (a preview sends no cache
    /// headers that would need a new name).
    pub preview: bool,
}

/// A labelled link in `site.yaml` (menu items, the booking call to action).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkItem {
    pub label: String,
    pub url: String,
    /// Where `url` is written in `content/site.yaml`, for link errors.
    pub location: Location,
}

/// A [`LinkItem`] as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLinkItem {
    label: String,
    url: yaml::Spanned<String>,
}

impl RawLinkItem {
    fn located(self, lines: &yaml::Lines) -> LinkItem {
        LinkItem {
            label: self.label,
            location: lines.at_spanned(&self.url),
            url: self.url.value,
        }
    }
}

mod feed;
mod forms;
mod images;
mod profile;
pub mod strings;

pub use feed::FeedContent;
use feed::RawFeed;
pub use forms::{Form, FormAction, FormKind, Forms};
pub use profile::{Author, Practice, PracticeLocation, SocialLink};
pub use strings::Strings;

/// Settings of the referral guidelines page.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ReferralSettings {
    /// Where the page is published.
    #[serde(default = "default_referral_path")]
    pub path: String,
    /// When true, a site without `content/referral.yaml` fails to build.
    #[serde(default)]
    pub required: bool,
    /// Where `path` is written in `site.yaml`, when it is.
    #[serde(skip)]
    pub location: Option<Location>,
}

fn default_referral_path() -> String {
    "/referral/".to_string()
}

impl Default for ReferralSettings {
    fn default() -> ReferralSettings {
        ReferralSettings {
            path: default_referral_path(),
            required: false,
            location: None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    title: String,
    base_url: yaml::Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    language: Option<yaml::Spanned<String>>,
    #[serde(default)]
    author: Option<profile::RawAuthor>,
    #[serde(default)]
    practice: Option<Practice>,
    #[serde(default)]
    social: Vec<profile::RawSocial>,
    #[serde(default)]
    theme: Option<yaml::Spanned<String>>,
    #[serde(default)]
    menu: Vec<RawLinkItem>,
    #[serde(default)]
    booking: Option<RawLinkItem>,
    #[serde(default)]
    referral: Option<yaml::Spanned<ReferralSettings>>,
    #[serde(default)]
    lints: BTreeMap<String, yaml::Spanned<String>>,
    #[serde(default)]
    feed: Option<RawFeed>,
    #[serde(default, deserialize_with = "yaml::boolean::search")]
    search: Option<bool>,
    #[serde(default)]
    forms: Option<forms::RawForms>,
    #[serde(default)]
    strings: BTreeMap<String, serde_json::Value>,
    images: Option<images::RawImages>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// How a lint's findings are reported, as `lints:` in `site.yaml` sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintLevel {
    Off,
    Warning,
    Error,
}

/// The words `lints:` accepts for a [`LintLevel`].
pub const LINT_LEVELS: &[&str] = &["off", "warning", "error"];

/// One entry of `lints:` in `site.yaml`: a lint code and its level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintSetting {
    pub code: String,
    pub level: LintLevel,
    /// Where the code is written in `content/site.yaml`.
    pub location: Location,
}

/// The settings of one build: `site.yaml` with command-line overrides applied.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub root: PathBuf,
    pub title: String,
    /// Absolute URL of the site, without a trailing slash.
    pub base_url: String,
    /// The path part of `base_url` without a trailing slash (`""` at a domain's root).
    pub base_path: String,
    pub description: String,
    pub language: String,
    pub author: Author,
    pub practice: Practice,
    /// The coach's profiles elsewhere, each an https address.
    pub social: Vec<SocialLink>,
    pub theme: String,
    pub menu: Vec<LinkItem>,
    pub booking: Option<LinkItem>,
    pub referral: ReferralSettings,
    /// `lints:`: levels that replace lints' defaults, in the file's order of codes.
    pub lints: Vec<LintSetting>,
    /// What the Atom feed carries of each article.
    pub feed_content: FeedContent,
    /// `forms:`: the contact and newsletter forms.
    pub forms: Forms,
    /// `search:`: false turns off the search page and its index.
    pub search: bool,
    /// The theme's words in the site's language, with `strings:` applied.
    pub strings: std::sync::Arc<Strings>,
    /// `images:`: the widths and formats content photos are published in.
    pub images: crate::photo::Settings,
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub drafts: bool,
    /// See [`BuildOptions::preview`].
    pub preview: bool,
    /// The text of `content/site.yaml`, for lints that point into it.
    pub site_yaml: String,
}

impl SiteConfig {
    /// Reads `content/site.yaml` under the root and applies the options.
    pub fn load(options: &BuildOptions) -> Result<SiteConfig, Vec<Diagnostic>> {
        let root = &options.root;
        if !root.join(CONTENT_DIR).is_dir() {
            return Err(vec![
                Diagnostic::error(
                    "missing-content",
                    format!("no `{CONTENT_DIR}/` folder in {}", display_root(root)),
                )
                .help("run hearth in the site's folder, pass `--root DIR`, or create a site with `hearth init`"),
            ]);
        }
        let source = match crate::files::read_in_site(
            root,
            &root.join(SITE_FILE),
            crate::files::MOST_TEXT_BYTES,
        ) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(error) => {
                    let offset = error.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(error.as_bytes());
                    return Err(vec![
                        Diagnostic::error("not-utf8", "site.yaml is not UTF-8 text")
                            .in_file(SITE_FILE)
                            .at(Location::at_offset(&text, offset, 1))
                            .help("save the file as UTF-8 in your editor"),
                    ]);
                }
            },
            Err(error) => return Err(vec![unreadable(&error)]),
        };
        Self::parse(&source, options)
    }

    /// Parses the text of `site.yaml`.
    pub fn parse(source: &str, options: &BuildOptions) -> Result<SiteConfig, Vec<Diagnostic>> {
        let (file, mut errors) = match yaml::parse_all::<SiteFile>(source, 0) {
            Ok(file) => (Some(file), Vec::new()),
            Err(failure) => {
                let errors: Vec<Diagnostic> = failure
                    .errors
                    .into_iter()
                    .map(|error| {
                        let mut location =
                            Location::at_line_column(source, error.line, error.column);
                        location.length = error.length;
                        Diagnostic::error("invalid-site-yaml", error.message)
                            .in_file(SITE_FILE)
                            .at(location)
                            .help(error.help)
                    })
                    .collect();
                (failure.partial.map(|file| *file), errors)
            }
        };
        // The keys that could be read are checked too, so that every
        // problem of the file shows at once.
        let Some(file) = file else {
            return Err(errors);
        };
        let base_url_source = options
            .base_url
            .clone()
            .unwrap_or_else(|| file.base_url.value.clone());
        let base_url = base_url_source.trim_end_matches('/').to_string();
        let base_path = base_path_of(&base_url);
        if base_path.is_none() {
            let mut diagnostic = Diagnostic::error(
                "invalid-base-url",
                format!("`{base_url_source}` is not an absolute http(s) URL"),
            )
            .help("write it like `https://example.com` or `https://example.com/practice`");
            if options.base_url.is_none() {
                let (line, column) = yaml::position(&file.base_url);
                let mut location = Location::at_line_column(source, line, column);
                location.length = yaml::length(&file.base_url);
                diagnostic = diagnostic.in_file(SITE_FILE).at(location);
            }
            errors.push(diagnostic);
        }
        let referral = match file.referral {
            Some(settings) => {
                let written = settings.value.path.trim();
                // One path from the site root, in lowercase with dashes: a
                // folder, so that the page is `<path>index.html`.
                let path = crate::paths::site_path(written)
                    .ok()
                    .filter(|path| path != "/" && path.ends_with('/'))
                    .filter(|path| {
                        path.split('/')
                            .filter(|s| !s.is_empty())
                            .all(|s| slug::slugify(s) == s)
                    });
                if path.is_none() {
                    errors.push(
                        Diagnostic::error("invalid-site-yaml", format!("`{written}` is not a usable path for the referral page"))
                            .in_file(SITE_FILE)
                            .at(spanned_at(source, &settings))
                            .help("write a site path in lowercase with dashes, like `/referral/` or `/when-to-see-a-therapist/`"),
                    );
                }
                ReferralSettings {
                    path: path.unwrap_or_else(default_referral_path),
                    required: settings.value.required,
                    location: Some(spanned_at(source, &settings)),
                }
            }
            None => ReferralSettings::default(),
        };
        // The theme is one folder of `themes/`: never a path that leads
        // elsewhere on the computer.
        let theme = match &file.theme {
            Some(theme) => {
                let name = theme.value.trim();
                let plain = !name.is_empty()
                    && !name.starts_with('.')
                    && !name.contains(['/', '\\', ':'])
                    && !name.chars().any(char::is_control);
                if !plain {
                    errors.push(
                        Diagnostic::error(
                            "invalid-site-yaml",
                            format!("`{name}` is not a theme name"),
                        )
                        .in_file(SITE_FILE)
                        .at(spanned_at(source, theme))
                        .help("name a folder of `themes/`, like `theme: default`"),
                    );
                }
                name.to_string()
            }
            None => "default".to_string(),
        };
        let lints = lint_settings(source, file.lints, &mut errors);
        let feed_content = feed::feed_content(source, file.feed.as_ref(), &mut errors);
        let (author, social) =
            profile::validate(&options.root, source, file.author, file.social, &mut errors);
        let forms = forms::validate(source, file.forms, &mut errors);
        // The language goes into every page's `lang` and names the theme's
        // file of words: a language tag only, never a path.
        let written_language = file.language.as_ref().filter(|language| {
            let tag = language.value.trim();
            if is_language_tag(tag) {
                return true;
            }
            let fixed = tag.replace('_', "-");
            errors.push(
                Diagnostic::error(
                    "invalid-site-yaml",
                    format!("`language: {tag}` is not a language code"),
                )
                .in_file(SITE_FILE)
                .at(spanned_at(source, language))
                .help(if fixed != tag && is_language_tag(&fixed) {
                    format!("write it with a hyphen: `language: {fixed}`")
                } else {
                    "write the language's code, like `language: en`, `de` or `pt-BR`".to_string()
                }),
            );
            false
        });
        let language = written_language
            .map_or("en", |language| language.value.trim())
            .to_string();
        let strings = strings::for_site(
            &options.root,
            &theme,
            source,
            written_language,
            file.strings,
            &mut errors,
        );
        let images = images::validate(source, file.images, &mut errors);
        let lines = yaml::Lines::new(source, 0);
        let Some(base_path) = base_path.filter(|_| errors.is_empty()) else {
            errors.sort_by_key(|e| e.location.as_ref().map(|l| (l.line, l.column)));
            return Err(errors);
        };
        Ok(SiteConfig {
            root: options.root.clone(),
            title: file.title,
            base_url,
            base_path,
            description: file.description,
            language,
            author,
            practice: file.practice.unwrap_or_default(),
            social,
            theme,
            menu: file
                .menu
                .into_iter()
                .map(|item| item.located(&lines))
                .collect(),
            booking: file.booking.map(|item| item.located(&lines)),
            referral,
            lints,
            feed_content,
            forms,
            search: file.search.unwrap_or(true),
            strings: std::sync::Arc::new(strings),
            images,
            extra: file.extra,
            drafts: options.drafts,
            preview: options.preview,
            site_yaml: source.to_string(),
        })
    }

    /// Every link written in `content/site.yaml` ([`SITE_FILE`]), with where
    /// its URL is written: the menu items, the booking button, then the
    /// forms' success pages. For checking them like the links of a page.
    pub fn site_links(&self) -> Vec<(&str, &Location)> {
        self.menu
            .iter()
            .chain(self.booking.as_ref())
            .map(|item| (item.url.as_str(), &item.location))
            .chain(self.forms.success_links())
            .collect()
    }

    /// The folder of the theme's templates.
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join(THEMES_DIR).join(&self.theme)
    }

    /// Turns a site path (`/articles/x/`) into a link that works under `base_path`.
    pub fn url(&self, path: &str) -> String {
        // Joined, not formatted: these two run a score of times per page.
        [self.base_path.as_str(), path].concat()
    }

    /// Turns a site path into an absolute URL.
    pub fn permalink(&self, path: &str) -> String {
        let origin_end = self.base_url.len() - self.base_path.len();
        [&self.base_url[..origin_end], self.base_path.as_str(), path].concat()
    }

    /// Prefixes a link from `site.yaml` with the base path when it is site-absolute.
    pub fn link(&self, url: &str) -> String {
        if url.starts_with('/') && !url.starts_with("//") {
            self.url(url)
        } else {
            url.to_string()
        }
    }
}

/// Why `site.yaml` could not be read, in the system's words, and what to
/// do: "missing" only when it is not there.
/// Where a spanned value of `site.yaml` is written.
/// Reads `lints:`: each code with its level, at the place the code is written.
fn lint_settings(
    source: &str,
    written: BTreeMap<String, yaml::Spanned<String>>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<LintSetting> {
    let mut settings: Vec<LintSetting> = written
        .into_iter()
        .filter_map(|(code, level)| {
            let level_location = spanned_at(source, &level);
            // The code is on the level's line, before it.
            let line_start = source
                .split_inclusive('\n')
                .take(level_location.line - 1)
                .map(str::len)
                .sum::<usize>();
            let before_level = source[line_start..]
                .char_indices()
                .nth(level_location.column.saturating_sub(1))
                .map_or(source.len(), |(i, _)| line_start + i);
            let location = match source[line_start..before_level].rfind(code.as_str()) {
                Some(at) => Location::at_offset(source, line_start + at, code.len().max(1)),
                None => level_location.clone(),
            };
            let parsed = match level.value.trim() {
                "off" => Some(LintLevel::Off),
                "warning" => Some(LintLevel::Warning),
                "error" => Some(LintLevel::Error),
                other => {
                    let help =
                        match crate::diagnostic::did_you_mean(other, LINT_LEVELS.iter().copied()) {
                            Some(close) => format!(
                                "did you mean `{close}`? A lint can be `off`, `warning` or `error`"
                            ),
                            None => "a lint can be `off`, `warning` or `error`".to_string(),
                        };
                    errors.push(
                        Diagnostic::error(
                            "invalid-site-yaml",
                            format!("`{other}` is not a level for the lint `{code}`"),
                        )
                        .in_file(SITE_FILE)
                        .at(level_location)
                        .help(help),
                    );
                    None
                }
            };
            if !crate::diagnostic::LINTS
                .iter()
                .any(|(known, _)| *known == code)
            {
                let codes = crate::diagnostic::LINTS.iter().map(|(known, _)| *known);
                let listed = codes.clone().collect::<Vec<_>>().join(", ");
                let help = match crate::diagnostic::did_you_mean(&code, codes) {
                    Some(close) => format!("did you mean `{close}`? The lints are: {listed}"),
                    None => format!("the lints are: {listed}"),
                };
                errors.push(
                    Diagnostic::error(
                        "invalid-site-yaml",
                        format!("`{code}` in `lints:` is not a lint"),
                    )
                    .in_file(SITE_FILE)
                    .at(location)
                    .help(help),
                );
                return None;
            }
            parsed.map(|level| LintSetting {
                code,
                level,
                location,
            })
        })
        .collect();
    settings.sort_by_key(|s| (s.location.line, s.location.column));
    settings
}

/// Whether `tag` has the shape of a language tag (BCP 47): a language of
/// two or three letters, then subtags of letters and digits, one to eight
/// each, joined by hyphens (`en`, `de-CH`, `pt-BR`, `zh-Hant-TW`).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

fn spanned_at<T>(source: &str, value: &yaml::Spanned<T>) -> Location {
    let (line, column) = yaml::position(value);
    let mut location = Location::at_line_column(source, line, column);
    location.length = yaml::length(value);
    location
}

fn unreadable(error: &std::io::Error) -> Diagnostic {
    use std::io::ErrorKind;
    if error.kind() == ErrorKind::NotFound {
        return Diagnostic::error("missing-site-yaml", "the site settings file is missing")
            .in_file(SITE_FILE)
            .help("create it with at least `title:` and `base_url:`; see README.md");
    }
    // EMFILE and ENFILE: the process's or the system's open files.
    let help = if matches!(error.raw_os_error(), Some(23 | 24)) {
        "too many files are open: close other programs, or raise the limit (`ulimit -n 4096`), and run hearth again"
    } else {
        match error.kind() {
            // A link to a file outside the site: the message says where.
            ErrorKind::PermissionDenied if error.get_ref().is_some() => {
                "keep the settings in the site: make `content/site.yaml` a file, not a link to one elsewhere"
            }
            ErrorKind::PermissionDenied => {
                "make the file readable for your user (for example `chmod u+r content/site.yaml`) and run hearth again"
            }
            ErrorKind::IsADirectory | ErrorKind::InvalidInput => {
                "`content/site.yaml` must be a file: move the folder of that name away, and write the settings in a file"
            }
            _ => "check that the file can be read (open it in your editor), then run hearth again",
        }
    };
    Diagnostic::error(
        "unreadable-site-yaml",
        format!("the site settings file cannot be read: {error}"),
    )
    .in_file(SITE_FILE)
    .help(help)
}

fn display_root(root: &Path) -> String {
    if root.as_os_str().is_empty() || root == Path::new(".") {
        "the current folder".to_string()
    } else {
        root.display().to_string()
    }
}

/// The path of an absolute http(s) URL without a trailing slash, or `None`
/// when the URL is not one a site can live at (see [`crate::urls::base_path`]).
fn base_path_of(url: &str) -> Option<String> {
    crate::urls::base_path(url)
}

#[cfg(test)]
mod tests;
