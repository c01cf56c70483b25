//! Parse: turns each loaded markdown file into a page: validated front
//! matter plus what its body holds (headings, links, words, summary).

pub mod comparison;
pub mod faq;
mod front_matter;
pub mod glossary;
pub mod referral;
pub mod services;
mod simple_yaml;
pub mod testimonials;

pub use crate::markdown::{Heading, LinkKind, RawLink};
pub use comparison::{Comparison, ComparisonBlock};
pub use faq::{Faq, FaqEntry, FormBlock};
pub use front_matter::{FrontMatter, Located, PageDate, SortBy};
pub use glossary::{Glossary, Term};
pub use referral::{Level, Referral};
pub use services::{Service, Services, ServicesBlock};
pub use testimonials::{Testimonial, Testimonials, TestimonialsBlock};

use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::files::SiteRoot;
use crate::load::SourceFile;
use crate::markdown::{self, Prerendered, ScannedBody};

/// What role a markdown file plays in the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `content/_index.md`: the home page.
    Home,
    /// `content/<folder>/_index.md`: a section's own page.
    Section,
    /// Any other markdown file, including `<name>/index.md` bundles.
    Page,
}

/// Data embedded in a page by a fenced block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbedKind {
    Comparison(ComparisonBlock),
    /// The short referral callout.
    Referral,
    /// Cards of some or all services.
    Services(ServicesBlock),
    /// Quotes of some or all testimonials.
    Testimonials(TestimonialsBlock),
    /// Questions and answers.
    Faq(Faq),
    /// One of the forms of `forms:` in `site.yaml`.
    Form(FormBlock),
}

/// A fenced block of a page that renders as embedded data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    /// Byte offset of the block in the body, which identifies it.
    pub offset: usize,
    pub kind: EmbedKind,
}

/// A comparison file, `content/comparisons/<id>.yaml`.
#[derive(Debug, Clone)]
pub struct ParsedComparison {
    pub file: SourceFile,
    pub comparison: Comparison,
}

/// The referral guidelines file, `content/referral.yaml`.
#[derive(Debug, Clone)]
pub struct ParsedReferral {
    pub file: SourceFile,
    pub referral: Referral,
}

/// The glossary file, `content/glossary.yaml`.
#[derive(Debug, Clone)]
pub struct ParsedGlossary {
    pub file: SourceFile,
    pub glossary: Glossary,
}

/// One parsed markdown file.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    pub file: SourceFile,
    pub kind: PageKind,
    pub front: FrontMatter,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
    pub body: ScannedBody,
    pub embeds: Vec<Embed>,
    /// The body as HTML with its links still to fill in, made from the
    /// same parse as `body`; empty when it is rendered from the text.
    pub prerendered: HeldBody,
    /// Set once `build` has let go of the body's text (see
    /// [`ParsedPage::release_body_text`]).
    pub released_body: Option<ReleasedBody>,
}

/// What is kept of a markdown file whose body text was let go of: enough
/// to tell whether the file read again for a diagnostic is still the file
/// that was parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleasedBody {
    length: usize,
    hash: u64,
}

/// A page's prerendered body, which `build` takes out as it writes the
/// page (see [`HeldBody::fill`]): at 10,000 articles the bodies are the
/// largest thing a build holds, and each is needed once.
#[derive(Debug, Default)]
pub struct HeldBody(std::sync::Mutex<Option<Prerendered>>);

impl HeldBody {
    pub fn new(body: Option<Prerendered>) -> HeldBody {
        HeldBody(std::sync::Mutex::new(body))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Prerendered>> {
        // A panic elsewhere cannot leave a body half-written: it is only
        // ever read, or taken whole.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether the page has a prerendered body (still held).
    pub fn is_held(&self) -> bool {
        self.lock().is_some()
    }

    /// What `fill` makes of the body, if it is still held; with `free`,
    /// the body is let go of afterwards, so that no later call sees it.
    pub fn fill<T>(&self, free: bool, fill: impl FnOnce(&Prerendered) -> T) -> Option<T> {
        let mut held = self.lock();
        let filled = held.as_ref().map(fill);
        if free {
            *held = None;
        }
        filled
    }
}

impl Clone for HeldBody {
    fn clone(&self) -> HeldBody {
        HeldBody::new(self.lock().clone())
    }
}

impl ParsedPage {
    /// The markdown body, after the front matter; empty once released.
    pub fn body_text(&self) -> &str {
        self.file.text.get(self.body_offset..).unwrap_or_default()
    }

    /// Whether the page can be rendered without its body's text: its body
    /// was prerendered and embeds no site data.
    pub fn renders_without_text(&self) -> bool {
        self.embeds.is_empty() && self.prerendered.is_held()
    }

    /// Lets go of the body's text, keeping the front matter: for `build`,
    /// once the checks that read the body have run, as the text of every
    /// page held until rendering is the largest part of a large site's
    /// memory after the bodies' HTML. A diagnostic that needs the body's
    /// lines later reads the file again ([`ParsedPage::source_text`]).
    pub fn release_body_text(&mut self) {
        if self.released_body.is_some() {
            return;
        }
        self.released_body = Some(ReleasedBody {
            length: self.file.text.len(),
            hash: xxhash_rust::xxh3::xxh3_64(self.file.text.as_bytes()),
        });
        let front_matter = self.body_offset.min(self.file.text.len());
        self.file.text.truncate(front_matter);
        self.file.text.shrink_to_fit();
    }

    /// Whether [`ParsedPage::release_body_text`] let go of the body.
    pub fn body_released(&self) -> bool {
        self.released_body.is_some()
    }

    /// The whole text of the page's file, for the line and column of a
    /// diagnostic: the text held, or, once the body was released, the file
    /// read again under `site` (one made [`SiteRoot::for_one_pass`] opens
    /// it beneath the site's folder in one call, so that a FIFO put in its
    /// place cannot block), no further than one byte past the length it
    /// had. A file that changed since it was parsed gives only its front
    /// matter, so that no diagnostic points at a line that was not what
    /// Hearth read.
    pub fn source_text(&self, site: &SiteRoot) -> std::borrow::Cow<'_, str> {
        let Some(released) = self.released_body else {
            return std::borrow::Cow::Borrowed(&self.file.text);
        };
        let path = site
            .folder()
            .join(crate::config::CONTENT_DIR)
            .join(&self.file.path);
        let limit =
            u64::try_from(released.length).map_or(u64::MAX, |length| length.saturating_add(1));
        match site
            .read_start(&path, limit)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
        {
            Some(text)
                if text.len() == released.length
                    && xxhash_rust::xxh3::xxh3_64(text.as_bytes()) == released.hash =>
            {
                std::borrow::Cow::Owned(text)
            }
            _ => std::borrow::Cow::Borrowed(&self.file.text),
        }
    }

    /// True for `<name>/index.md`, whose folder holds its images.
    pub fn is_bundle(&self) -> bool {
        self.kind == PageKind::Page
            && (self.file.path == "index.md" || self.file.path.ends_with("/index.md"))
    }
}

/// Why a markdown file is not a page of this build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpublish {
    /// `draft: true`, and drafts are left out.
    Draft,
    /// Its front matter could not be read; its own errors say why.
    Failed,
}

/// A markdown file that is not a page of this build, kept so that a link
/// to it says what is wrong with it instead of "no such page".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpublished {
    /// Path relative to `content/` (`articles/x.md`).
    pub path: String,
    /// Its title, as well as can be read.
    pub title: Option<String>,
    /// Its `slug:`, when it has one.
    pub slug: Option<String>,
    pub reason: Unpublish,
}

/// What one markdown file became.
#[derive(Debug, Clone)]
pub enum Parsed {
    Page(Arc<ParsedPage>),
    Unpublished(Unpublished),
}

/// What parsing one markdown file gives: its page, or why it is not one,
/// with its warnings and errors. A pure function of the file and the
/// drafts setting, so `serve` can keep it for as long as the file is
/// unchanged. The page is shared, so that keeping it costs no copy.
pub type ParsedFile = (Parsed, Vec<Diagnostic>);

/// The markdown files of a build, parsed.
#[derive(Debug, Clone, Default)]
pub struct ParsedPages {
    pub pages: Vec<Arc<ParsedPage>>,
    /// Drafts left out and files that failed, in path order.
    pub unpublished: Vec<Unpublished>,
}

/// Parses every markdown file in parallel; drafts are dropped unless wanted.
pub fn parse_pages(files: Vec<SourceFile>, drafts: bool) -> (ParsedPages, Vec<Diagnostic>) {
    let results: Vec<ParsedFile> = files
        .into_par_iter()
        .map(|file| parse_file(file, drafts))
        .collect();
    collect_parsed(results)
}

/// Parses one markdown file; a draft is dropped unless wanted.
pub fn parse_file(file: SourceFile, drafts: bool) -> ParsedFile {
    let front_matter::ParsedFrontMatter {
        front,
        body_offset,
        errors,
    } = match front_matter::split_and_parse(&file) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let unpublished = Unpublished {
                title: loose_title(&file.text),
                path: file.path,
                slug: None,
                reason: Unpublish::Failed,
            };
            return (Parsed::Unpublished(unpublished), errors);
        }
    };
    if front.draft && !drafts {
        let unpublished = Unpublished {
            path: file.path,
            title: Some(front.title),
            slug: front.slug.map(|slug| slug.value),
            reason: Unpublish::Draft,
        };
        return (Parsed::Unpublished(unpublished), errors);
    }
    let mut errors = errors;
    let (body, prerendered) = markdown::scan_and_prerender(&file.text[body_offset..]);
    let embeds = parse_embeds(&file, body_offset, &body, &mut errors);
    let name = file.path.rsplit('/').next().unwrap_or_default();
    let kind = match (name, file.path.as_str()) {
        (_, "_index.md") => PageKind::Home,
        ("_index.md", _) => PageKind::Section,
        _ => PageKind::Page,
    };
    let page = ParsedPage {
        file,
        kind,
        front,
        body_offset,
        body,
        embeds,
        prerendered: HeldBody::new(prerendered),
        released_body: None,
    };
    (Parsed::Page(Arc::new(page)), errors)
}

/// The title of a file whose front matter could not be read, as well as a
/// plain look at its `title:` line can tell: so that links to the page by
/// its title are known to point at a broken file, not at nothing.
fn loose_title(text: &str) -> Option<String> {
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    lines
        .take_while(|line| line.trim_end() != "---")
        .find_map(|line| line.strip_prefix("title:"))
        .map(|value| {
            let value = value.trim();
            let unquoted = ['"', '\'']
                .iter()
                .find_map(|quote| value.strip_prefix(*quote))
                .map_or(value, |rest| rest.trim_end_matches(['"', '\'']));
            unquoted.trim().to_string()
        })
        .filter(|title| !title.is_empty())
}

/// The pages and the diagnostics of many parsed files, in their order.
pub fn collect_parsed(
    results: impl IntoIterator<Item = ParsedFile>,
) -> (ParsedPages, Vec<Diagnostic>) {
    let mut parsed = ParsedPages::default();
    let mut diagnostics = Vec::new();
    for (result, errors) in results {
        match result {
            Parsed::Page(page) => parsed.pages.push(page),
            Parsed::Unpublished(unpublished) => parsed.unpublished.push(unpublished),
        }
        diagnostics.extend(errors);
    }
    (parsed, diagnostics)
}

/// Parses the data of a page's fenced `comparison`, `referral`, `faq` and
/// `form` blocks, with errors pointing at lines of the markdown file.
fn parse_embeds(
    file: &SourceFile,
    body_offset: usize,
    body: &ScannedBody,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Embed> {
    let display = file.display_path();
    let mut embeds = Vec::new();
    let mut used_ids: std::collections::HashSet<String> =
        body.headings.iter().map(|h| h.id.clone()).collect();
    for block in &body.blocks {
        let start = body_offset + block.content_offset;
        let place = comparison::YamlPlace {
            display: &display,
            file_text: &file.text,
            line_offset: file.text[..start.min(file.text.len())]
                .matches('\n')
                .count(),
        };
        let kind = match block.kind.as_str() {
            "comparison" => match comparison::parse_block(&block.content, &place) {
                Ok(parsed) => EmbedKind::Comparison(parsed),
                Err(block_errors) => {
                    errors.extend(block_errors);
                    continue;
                }
            },
            "services" => match services::parse_block(&block.content, &place) {
                Ok(parsed) => EmbedKind::Services(parsed),
                Err(block_errors) => {
                    errors.extend(block_errors);
                    continue;
                }
            },
            "faq" => match faq::parse_faq(&block.content, &place, &mut used_ids) {
                Ok(parsed) => EmbedKind::Faq(parsed),
                Err(block_errors) => {
                    errors.extend(block_errors);
                    continue;
                }
            },
            "testimonials" => match testimonials::parse_block(&block.content, &place) {
                Ok(parsed) => EmbedKind::Testimonials(parsed),
                Err(block_errors) => {
                    errors.extend(block_errors);
                    continue;
                }
            },
            "form" => match faq::parse_form(&block.content, &place) {
                Ok(parsed) => EmbedKind::Form(parsed),
                Err(block_errors) => {
                    errors.extend(block_errors);
                    continue;
                }
            },
            _ => EmbedKind::Referral,
        };
        embeds.push(Embed {
            offset: block.offset,
            kind,
        });
    }
    embeds
}

/// A data file of `content/` with what it holds, validated.
#[derive(Debug, Clone)]
pub struct ParsedFileData<T> {
    pub file: SourceFile,
    pub data: T,
}

/// The YAML files of `content/`, parsed: comparisons, the referral
/// guidelines, services and testimonials.
#[derive(Debug, Default)]
pub struct ParsedData {
    pub comparisons: Vec<ParsedComparison>,
    pub referral: Option<ParsedReferral>,
    /// `services.yaml`, when it lists at least one service.
    pub services: Option<ParsedFileData<Services>>,
    /// `testimonials.yaml`, when it holds at least one testimonial.
    pub testimonials: Option<ParsedFileData<Testimonials>>,
    /// True when `referral.yaml` exists, even if it failed to parse: its
    /// errors are reported already, so nothing should say it is missing.
    pub has_referral_file: bool,
    pub glossary: Option<ParsedGlossary>,
    /// Data files (relative to `content/`) that failed validation: links to
    /// them are not reported again as broken.
    pub invalid_files: Vec<String>,
    /// YAML files Hearth does not use (relative to `content/`), for lint.
    pub unused_files: Vec<String>,
}

/// The data of a file that parsed; else `None`, with its errors kept and
/// the file noted as invalid.
fn keep_valid<T>(
    result: Result<T, Vec<Diagnostic>>,
    file: &SourceFile,
    invalid_files: &mut Vec<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    result
        .map_err(|errors| {
            invalid_files.push(file.path.clone());
            diagnostics.extend(errors);
        })
        .ok()
}

/// Parses every `content/comparisons/*.yaml`, `content/referral.yaml`,
/// `content/glossary.yaml`, `content/services.yaml` and
/// `content/testimonials.yaml`; any other YAML file is kept as unused, for
/// lint to report.
pub fn parse_data(data: &[SourceFile]) -> (ParsedData, Vec<Diagnostic>) {
    let mut parsed = ParsedData::default();
    let mut diagnostics = Vec::new();
    let comparisons_prefix = format!("{}/", comparison::COMPARISONS_DIR);
    for file in data {
        let display = file.display_path();
        let place = comparison::YamlPlace {
            display: &display,
            file_text: &file.text,
            line_offset: 0,
        };
        if file.path == referral::REFERRAL_FILE {
            let referral = keep_valid(
                referral::parse_referral(&file.text, &place),
                file,
                &mut parsed.invalid_files,
                &mut diagnostics,
            );
            parsed.has_referral_file = true;
            parsed.referral = referral.map(|referral| ParsedReferral {
                file: file.clone(),
                referral,
            });
            continue;
        }
        if file.path == glossary::GLOSSARY_FILE {
            let glossary = keep_valid(
                glossary::parse_glossary(&file.text, &place),
                file,
                &mut parsed.invalid_files,
                &mut diagnostics,
            );
            parsed.glossary = glossary.map(|glossary| ParsedGlossary {
                file: file.clone(),
                glossary,
            });
            continue;
        }
        // A services or testimonials file with nothing in it (the starter's,
        // all comments) makes no page.
        if file.path == services::SERVICES_FILE {
            let data = keep_valid(
                services::parse_services(&file.text, &place),
                file,
                &mut parsed.invalid_files,
                &mut diagnostics,
            );
            parsed.services =
                data.filter(|data| !data.services.is_empty())
                    .map(|data| ParsedFileData {
                        file: file.clone(),
                        data,
                    });
            continue;
        }
        if file.path == testimonials::TESTIMONIALS_FILE {
            let data = keep_valid(
                testimonials::parse_testimonials(&file.text, &place),
                file,
                &mut parsed.invalid_files,
                &mut diagnostics,
            );
            parsed.testimonials = data
                .filter(|data| !data.testimonials.is_empty())
                .map(|data| ParsedFileData {
                    file: file.clone(),
                    data,
                });
            continue;
        }
        let Some(name) = file.path.strip_prefix(&comparisons_prefix) else {
            parsed.unused_files.push(file.path.clone());
            continue;
        };
        let id = name.trim_end_matches(".yaml").trim_end_matches(".yml");
        if id.contains('/') || slug::slugify(id) != id {
            diagnostics.push(
                Diagnostic::error("comparison-id", format!("`{name}` is not a usable comparison file name"))
                    .in_file(&display)
                    .help("name comparison files in lowercase with dashes, directly in content/comparisons/, like `coaching-vs-therapy.yaml`"),
            );
            continue;
        }
        match comparison::parse_comparison(id, &file.text, &place) {
            Ok(comparison) => parsed.comparisons.push(ParsedComparison {
                file: file.clone(),
                comparison,
            }),
            Err(errors) => {
                parsed.invalid_files.push(file.path.clone());
                diagnostics.extend(errors);
            }
        }
    }
    (parsed, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_front_matter_still_gives_its_title() {
        let text = "---\ntitle: 'Dana's notes'\ndate: 2026-01-01\n---\nBody\n";
        assert_eq!(loose_title(text).as_deref(), Some("Dana's notes"));
        assert_eq!(loose_title("no front matter"), None);
        assert_eq!(loose_title("---\ndate: 1\n---\ntitle: x\n"), None);
    }

    /// The page parsed from `text`, as `content/a.md`.
    fn page(text: &str) -> ParsedPage {
        let file = SourceFile {
            path: "a.md".to_string(),
            text: text.to_string(),
        };
        match parse_file(file, false) {
            (Parsed::Page(page), _) => Arc::unwrap_or_clone(page),
            (Parsed::Unpublished(_), errors) => panic!("not a page: {errors:?}"),
        }
    }

    #[test]
    fn a_released_body_is_read_again_only_while_the_file_is_unchanged() {
        let root = tempfile::tempdir().unwrap();
        let text = "---\ntitle: A\n---\nOne [link](b.md).\n";
        std::fs::create_dir(root.path().join("content")).unwrap();
        let path = root.path().join("content/a.md");
        std::fs::write(&path, text).unwrap();
        let mut page = page(text);
        assert!(page.renders_without_text());
        assert_eq!(page.source_text(&SiteRoot::new(root.path())), text);
        page.release_body_text();
        assert!(page.body_released());
        assert_eq!(
            page.file.text, "---\ntitle: A\n---\n",
            "the front matter stays"
        );
        assert_eq!(page.body_text(), "");
        assert_eq!(
            page.source_text(&SiteRoot::new(root.path())),
            text,
            "read again"
        );
        // Changed in place, even to the same length: only the front matter.
        std::fs::write(&path, text.replace("One", "Two")).unwrap();
        assert_eq!(
            page.source_text(&SiteRoot::new(root.path())),
            page.file.text
        );
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            page.source_text(&SiteRoot::new(root.path())),
            page.file.text
        );
    }

    #[test]
    fn a_held_body_is_freed_only_when_asked() {
        let page = page("---\ntitle: A\n---\nSome *text*.\n");
        let links = std::collections::HashMap::new();
        let html = |free| {
            page.prerendered
                .fill(free, |body| body.fill(&links).content)
        };
        let kept = html(false).expect("prerendered");
        assert!(kept.contains("<em>text</em>"), "{kept}");
        assert_eq!(html(false).as_deref(), Some(kept.as_str()));
        assert_eq!(html(true).as_deref(), Some(kept.as_str()));
        assert!(!page.prerendered.is_held());
        assert_eq!(html(false), None);
    }
}
