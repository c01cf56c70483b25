//! Loading the Tera templates: Hearth's built-in templates of the
//! machine-readable files first, then the theme's, then the site's own
//! `templates/`, each overriding the files of the same name before it (as
//! in Zola), so that a theme or a site can reshape the feed or the redirect
//! pages without Hearth knowing.

use std::collections::HashMap;
use std::path::Path;

use tera::Tera;

use crate::config::{SITE_TEMPLATES_DIR, SiteConfig, THEMES_DIR};
use crate::diagnostic::{Diagnostic, Location};
use crate::load::{SiteRoot, walk_files};

/// The built-in template of the Atom feed, `/atom.xml`.
pub(crate) const ATOM_TEMPLATE: &str = "atom.xml";
/// The built-in template of the sitemap, `/sitemap.xml`.
pub(crate) const SITEMAP_TEMPLATE: &str = "sitemap.xml";
/// The built-in template of `/robots.txt`.
pub(crate) const ROBOTS_TEMPLATE: &str = "robots.txt";
/// The built-in template of the redirect page at each alias.
pub(crate) const ALIAS_TEMPLATE: &str = "alias.html";

/// The built-in templates, embedded in the binary: files no theme needs to
/// carry, but any theme or site may replace. docs/templates.md lists the
/// variables each receives.
const BUILTIN_TEMPLATES: [(&str, &str); 5] = [
    (ALIAS_TEMPLATE, include_str!("builtin/alias.html")),
    (ATOM_TEMPLATE, include_str!("builtin/atom.xml")),
    (ROBOTS_TEMPLATE, include_str!("builtin/robots.txt")),
    (
        super::share::SHARE_TEMPLATE,
        include_str!("builtin/share.svg"),
    ),
    (SITEMAP_TEMPLATE, include_str!("builtin/sitemap.xml")),
];

/// What error messages call a built-in template's file (it has none).
const BUILTIN_DISPLAY: &str = "(built into hearth)";

/// The loaded templates and where each came from, for error messages.
pub struct Templates {
    pub tera: Tera,
    /// Template name -> (path relative to the root, source text).
    sources: HashMap<String, (String, String)>,
    /// Symbolic links left out while loading (see [`crate::load::walk_files`]).
    warnings: Vec<Diagnostic>,
}

impl Templates {
    /// Loads the built-in templates, then `themes/<theme>/templates/`, then
    /// the site's `templates/`: a later file replaces an earlier one of the
    /// same name.
    pub fn load(config: &SiteConfig) -> Result<Templates, Vec<Diagnostic>> {
        let theme_dir = config.theme_dir().join("templates");
        if !theme_dir.is_dir() {
            return Err(vec![
                Diagnostic::error("missing-theme", format!("the theme `{}` has no templates folder", config.theme))
                    .in_file(format!("{THEMES_DIR}/{}/templates", config.theme))
                    .help("check `theme:` in content/site.yaml, or run `hearth init` to get the default theme"),
            ]);
        }
        let site = SiteRoot::new(&config.root);
        if let Some(error) = site.outside_error(&theme_dir, "missing-theme") {
            return Err(vec![error]);
        }
        let mut sources: HashMap<String, (String, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|&(name, text)| {
                let path = format!("{BUILTIN_DISPLAY} {name}");
                (name.to_string(), (path, text.to_string()))
            })
            .collect();
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let theme_display = format!("{THEMES_DIR}/{}/templates", config.theme);
        collect(
            &site,
            &theme_dir,
            &theme_display,
            &mut sources,
            &mut errors,
            &mut warnings,
        );
        let site_dir = config.root.join(SITE_TEMPLATES_DIR);
        if site_dir.is_dir() {
            collect(
                &site,
                &site_dir,
                SITE_TEMPLATES_DIR,
                &mut sources,
                &mut errors,
                &mut warnings,
            );
        }
        if !errors.is_empty() {
            errors.extend(warnings);
            return Err(errors);
        }
        let mut tera = Tera::new();
        register_strings(&mut tera, &config.strings);
        let mut sorted: Vec<(String, String)> = sources
            .iter()
            .map(|(name, (_, text))| (name.clone(), text.clone()))
            .collect();
        sorted.sort();
        let mut templates = Templates {
            tera: Tera::new(),
            sources,
            warnings: Vec::new(),
        };
        match tera.add_raw_templates(sorted) {
            Ok(()) => {
                templates.tera = tera;
                templates.warnings = warnings;
                Ok(templates)
            }
            Err(error) => {
                warnings.push(templates.diagnostic(&error, None));
                Err(warnings)
            }
        }
    }

    /// The warnings of loading (symbolic links left out), once.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.warnings)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Template names, sorted, for did-you-mean hints: the theme's and the
    /// site's, not the built-in templates of machine-readable files that
    /// neither replaced.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .sources
            .iter()
            .filter(|(_, (path, _))| !path.starts_with(BUILTIN_DISPLAY))
            .map(|(name, _)| name.as_str())
            .collect();
        names.sort_unstable();
        names
    }

    /// Where a template's file is, relative to the site root.
    pub fn display_path(&self, name: &str) -> Option<&str> {
        self.sources.get(name).map(|(path, _)| path.as_str())
    }

    /// Renders one template; errors name the template file and line.
    pub fn render(
        &self,
        name: &str,
        context: &tera::Context,
        page_file: &str,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map(valid_text)
            .map_err(|error| self.diagnostic(&error, Some((name, page_file))))
    }

    /// Renders one template into bytes, with room for `capacity` of them:
    /// pages go straight to files, so they need no UTF-8 check or copy.
    pub fn render_bytes(
        &self,
        name: &str,
        context: &tera::Context,
        page_file: &str,
        capacity: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(capacity);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|error| self.diagnostic(&error, Some((name, page_file))))?;
        Ok(valid_bytes(out))
    }

    /// Turns a Tera error into a diagnostic at the template's line and column.
    fn diagnostic(&self, error: &tera::Error, rendering: Option<(&str, &str)>) -> Diagnostic {
        let report = match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                Some(report)
            }
            _ => None,
        };
        let context = rendering
            .map(|(_, page)| format!(" while rendering {page}"))
            .unwrap_or_default();
        match report {
            Some(report) => {
                let mut diagnostic =
                    Diagnostic::error("template", format!("{}{context}", report.message()));
                if let Some((path, source)) = self.sources.get(report.filename()) {
                    let span = report.span();
                    diagnostic = diagnostic.in_file(path).at(Location::at_line_column(
                        source,
                        span.start_line,
                        span.start_col + 1,
                    ));
                }
                diagnostic.help("fix the template; see docs/templates.md for the variables each template receives")
            }
            None => {
                let mut diagnostic = Diagnostic::error("template", format!("{error}{context}"));
                if let Some((name, _)) = rendering
                    && let Some((path, _)) = self.sources.get(name)
                {
                    diagnostic = diagnostic.in_file(path);
                }
                diagnostic.help("fix the template; see docs/templates.md")
            }
        }
    }
}

/// Registers `t(key="reading_time", count=5)`: the theme's words for `key`
/// in the site's language (see [`crate::config::Strings`]), in the form
/// `count` takes, with every other argument filling its `{placeholder}`.
fn register_strings(tera: &mut Tera, strings: &std::sync::Arc<crate::config::Strings>) {
    let strings = std::sync::Arc::clone(strings);
    tera.register_function(
        "t",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let key: &str = kwargs.must_get("key")?;
            let count = kwargs.get::<tera::Value>("count")?.and_then(|v| v.as_i64());
            // Borrowed where they are text already: `t` runs a score of
            // times on every page, most often with no argument but `key`.
            let texts: Vec<(&str, std::borrow::Cow<'_, str>)> = kwargs
                .iter()
                .filter_map(|(name, value)| {
                    let name = name.as_str().filter(|&name| name != "key")?;
                    let text = value.as_str().map_or_else(
                        || std::borrow::Cow::Owned(value.to_string()),
                        std::borrow::Cow::Borrowed,
                    );
                    Some((name, text))
                })
                .collect();
            let args: Vec<(&str, &str)> = texts
                .iter()
                .map(|(name, text)| (*name, text.as_ref()))
                .collect();
            strings.lookup(key, count, &args).ok_or_else(|| {
                let listed = strings.keys();
                let hint = crate::diagnostic::did_you_mean(key, listed.iter().copied())
                    .map(|close| format!(" (did you mean `{close}`?)"))
                    .unwrap_or_default();
                tera::Error::message(format!(
                    "the theme's strings have no words `{key}`{hint}: add it to the theme's i18n/en.yaml"
                ))
            })
        },
    );
}

/// Reads the templates under `dir` (`display` is its path for messages),
/// following symbolic links only inside the site.
fn collect(
    site: &SiteRoot,
    dir: &Path,
    display: &str,
    sources: &mut HashMap<String, (String, String)>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    let (files, problems) = walk_files(site, dir);
    for problem in problems {
        match problem.severity {
            crate::diagnostic::Severity::Error => errors.push(problem),
            crate::diagnostic::Severity::Warning => warnings.push(problem),
        }
    }
    for file in files {
        let Ok(relative) = file.path.strip_prefix(dir) else {
            continue;
        };
        let name: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = name.join("/");
        // Text files other than the built-in ones (a theme's LICENSE.txt)
        // are not templates.
        let builtin_text = BUILTIN_TEMPLATES
            .iter()
            .any(|(builtin, _)| *builtin == name);
        if name.starts_with('.')
            || !(name.ends_with(".html") || name.ends_with(".xml") || builtin_text)
        {
            continue;
        }
        let path = format!("{display}/{name}");
        match site
            .read_at_most(&file.path, crate::files::MOST_TEXT_BYTES)
            .map(String::from_utf8)
        {
            Ok(Ok(text)) => {
                sources.insert(name, (path, text));
            }
            Err(error) => errors.push(
                Diagnostic::error(
                    "unreadable-template",
                    format!("cannot read the template: {error}"),
                )
                .in_file(&path)
                .help("check that the file exists and that you may read it"),
            ),
            Ok(Err(_)) => errors.push(
                Diagnostic::error(
                    "unreadable-template",
                    "cannot read the template as UTF-8 text",
                )
                .in_file(&path)
                .help("save the template as UTF-8"),
            ),
        }
    }
}

/// True for the characters XML 1.0 forbids and HTML reads as errors: C0
/// controls but tab, newline and carriage return; DEL and C1 controls.
fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Whether the UTF-8 `bytes` hold a character [`is_forbidden`] says is:
/// a control character (U+0000 to U+001F but for tab, line feed and
/// carriage return; U+007F to U+009F, which start with `C2 80` to `C2
/// 9F`), U+FFFE or U+FFFF (`EF BF BE`, `EF BF BF`). Reads the bytes
/// without decoding characters: every page passes through here.
fn has_forbidden(bytes: &[u8]) -> bool {
    // Most blocks hold no byte a forbidden character can start with: each
    // block is first looked over in a loop without branches, which the
    // compiler turns into vector instructions, and read byte by byte only
    // when it holds one. Every byte of every page passes through here.
    const BLOCK: usize = 64;
    let may_start = |b: u8| {
        (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r')
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xef)
    };
    bytes.chunks(BLOCK).enumerate().any(|(n, block)| {
        block.iter().fold(false, |found, &b| found | may_start(b))
            && (n * BLOCK..n * BLOCK + block.len()).any(|i| forbidden_at(bytes, i))
    })
}

/// Whether a forbidden character starts at byte `i` of `bytes`.
fn forbidden_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\t' | b'\n' | b'\r' => false,
        0..0x20 | 0x7f => true,
        0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        0xef => bytes.get(i + 1) == Some(&0xbf) && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)),
        _ => false,
    }
}

/// `text` with every character XML 1.0 forbids (a NUL in a title, say)
/// replaced by U+FFFD, so that every page and feed stays well-formed
/// whatever the source holds. Clean text, the usual case, is not copied.
pub(crate) fn valid_text(text: String) -> String {
    if !has_forbidden(text.as_bytes()) {
        return text;
    }
    text.chars()
        .map(|c| if is_forbidden(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// [`valid_text`] for rendered bytes, which are UTF-8 text.
pub(crate) fn valid_bytes(bytes: Vec<u8>) -> Vec<u8> {
    if !has_forbidden(&bytes) {
        return bytes;
    }
    match String::from_utf8(bytes) {
        Ok(text) => valid_text(text).into_bytes(),
        Err(error) => {
            valid_text(String::from_utf8_lossy(error.as_bytes()).into_owned()).into_bytes()
        }
    }
}

#[cfg(test)]
mod valid_text_tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_replaced() {
        assert_eq!(
            valid_text("a\u{0}b\u{1b}c\td\n".into()),
            "a\u{FFFD}b\u{FFFD}c\td\n"
        );
        assert_eq!(
            valid_text("\u{85}\u{7f}\u{FFFF}".into()),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(
            valid_bytes("Ünïcødé – fine".into()),
            "Ünïcødé – fine".as_bytes()
        );
        assert_eq!(valid_bytes(vec![b'a', 0, b'b']), "a\u{FFFD}b".as_bytes());
    }

    #[test]
    fn the_byte_check_agrees_with_the_character_check_on_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}©’b");
            assert_eq!(
                has_forbidden(text.as_bytes()),
                is_forbidden(c),
                "{:X}",
                c as u32
            );
        }
    }

    #[test]
    fn the_byte_check_finds_a_forbidden_character_wherever_it_falls_among_blocks() {
        let clean = "Clean text – café, ©, ’quoted’ and\ttabs\r\n".repeat(8);
        assert!(!has_forbidden(clean.as_bytes()));
        for forbidden in [
            "\u{0}", "\u{1b}", "\u{7f}", "\u{85}", "\u{FFFE}", "\u{FFFF}",
        ] {
            for at in (0..=clean.len()).filter(|&at| clean.is_char_boundary(at)) {
                let text = format!("{}{forbidden}{}", &clean[..at], &clean[at..]);
                assert!(has_forbidden(text.as_bytes()), "{forbidden:?} at {at}");
            }
        }
    }
}
