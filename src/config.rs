//! Site settings from `content/site.yaml`, plus what the command line
//! overrides (`--base-url`, `--drafts`).

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
}

/// A labelled link in `site.yaml` (menu items, the booking call to action).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LinkItem {
    pub label: String,
    pub url: String,
}

/// The site's author, for feeds and page metadata.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Author {
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
}

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
}

fn default_referral_path() -> String {
    "/referral/".to_string()
}

impl Default for ReferralSettings {
    fn default() -> ReferralSettings {
        ReferralSettings {
            path: default_referral_path(),
            required: false,
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
    language: Option<String>,
    #[serde(default)]
    author: Option<Author>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    menu: Vec<LinkItem>,
    #[serde(default)]
    booking: Option<LinkItem>,
    #[serde(default)]
    referral: Option<yaml::Spanned<ReferralSettings>>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
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
    pub theme: String,
    pub menu: Vec<LinkItem>,
    pub booking: Option<LinkItem>,
    pub referral: ReferralSettings,
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub drafts: bool,
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
        let source = match std::fs::read(root.join(SITE_FILE)) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    return Err(vec![
                        Diagnostic::error("not-utf8", "site.yaml is not UTF-8 text")
                            .in_file(SITE_FILE)
                            .help("save the file as UTF-8"),
                    ]);
                }
            },
            Err(_) => {
                return Err(vec![
                    Diagnostic::error("missing-site-yaml", "the site settings file is missing")
                        .in_file(SITE_FILE)
                        .help("create it with at least `title:` and `base_url:`; see README.md"),
                ]);
            }
        };
        Self::parse(&source, options)
    }

    /// Parses the text of `site.yaml`.
    pub fn parse(source: &str, options: &BuildOptions) -> Result<SiteConfig, Vec<Diagnostic>> {
        let file: SiteFile = yaml::parse(source).map_err(|error| {
            let mut diagnostic = Diagnostic::error("invalid-site-yaml", error.message)
                .in_file(SITE_FILE)
                .at(Location::at_line_column(source, error.line, error.column));
            if let Some(suggestion) = error.suggestion {
                diagnostic = diagnostic.help(format!("did you mean `{suggestion}`?"));
            }
            vec![diagnostic]
        })?;
        let base_url_source = options
            .base_url
            .clone()
            .unwrap_or_else(|| file.base_url.value.clone());
        let base_url = base_url_source.trim_end_matches('/').to_string();
        let Some(base_path) = base_path_of(&base_url) else {
            let mut diagnostic = Diagnostic::error(
                "invalid-base-url",
                format!("`{base_url_source}` is not an absolute http(s) URL"),
            )
            .help("write it like `https://example.com` or `https://example.com/practice`");
            if options.base_url.is_none() {
                let (line, column) = yaml::position(&file.base_url);
                diagnostic = diagnostic
                    .in_file(SITE_FILE)
                    .at(Location::at_line_column(source, line, column));
            }
            return Err(vec![diagnostic]);
        };
        let referral = match file.referral {
            Some(settings) => {
                let path = settings.value.path.trim();
                let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
                let safe = path.starts_with('/')
                    && !segments.is_empty()
                    && segments
                        .iter()
                        .all(|s| *s != ".." && slug::slugify(s) == *s);
                if !safe {
                    let (line, column) = yaml::position(&settings);
                    return Err(vec![
                        Diagnostic::error("invalid-site-yaml", format!("`{path}` is not a usable path for the referral page"))
                            .in_file(SITE_FILE)
                            .at(Location::at_line_column(source, line, column))
                            .help("write a site path in lowercase with dashes, like `/referral/` or `/when-to-see-a-therapist/`"),
                    ]);
                }
                ReferralSettings {
                    path: format!("/{}/", segments.join("/")),
                    required: settings.value.required,
                }
            }
            None => ReferralSettings::default(),
        };
        Ok(SiteConfig {
            root: options.root.clone(),
            title: file.title,
            base_url,
            base_path,
            description: file.description,
            language: file.language.unwrap_or_else(|| "en".to_string()),
            author: file.author.unwrap_or_default(),
            theme: file.theme.unwrap_or_else(|| "default".to_string()),
            menu: file.menu,
            booking: file.booking,
            referral,
            extra: file.extra,
            drafts: options.drafts,
        })
    }

    /// The folder of the theme's templates.
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join(THEMES_DIR).join(&self.theme)
    }

    /// Turns a site path (`/articles/x/`) into a link that works under `base_path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// Turns a site path into an absolute URL.
    pub fn permalink(&self, path: &str) -> String {
        let origin_end = self.base_url.len() - self.base_path.len();
        format!("{}{}", &self.base_url[..origin_end], self.url(path))
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

fn display_root(root: &Path) -> String {
    if root.as_os_str().is_empty() || root == Path::new(".") {
        "the current folder".to_string()
    } else {
        root.display().to_string()
    }
}

/// The path of an absolute http(s) URL without a trailing slash, or `None`
/// when the URL is not one.
fn base_path_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = match rest.find('/') {
        Some(index) => (&rest[..index], &rest[index..]),
        None => (rest, ""),
    };
    if host.is_empty() || host.contains(char::is_whitespace) || path.contains(['?', '#']) {
        return None;
    }
    Some(path.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> BuildOptions {
        BuildOptions::default()
    }

    #[test]
    fn base_path_comes_from_the_url() {
        let config = SiteConfig::parse(
            "title: T\nbase_url: https://a.example/practice/\n",
            &options(),
        )
        .unwrap();
        assert_eq!(config.base_url, "https://a.example/practice");
        assert_eq!(config.base_path, "/practice");
        assert_eq!(config.url("/about/"), "/practice/about/");
        assert_eq!(
            config.permalink("/about/"),
            "https://a.example/practice/about/"
        );
    }

    #[test]
    fn a_relative_base_url_is_an_error_at_its_line() {
        let errors = SiteConfig::parse("title: T\nbase_url: harbor\n", &options()).unwrap_err();
        assert_eq!(
            errors[0].position().as_deref(),
            Some("content/site.yaml:2:11")
        );
    }
}
