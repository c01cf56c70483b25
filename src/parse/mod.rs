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
    /// same parse as `body`; `None` when it is rendered from the text.
    pub prerendered: Option<Prerendered>,
}

impl ParsedPage {
    /// The markdown body, after the front matter.
    pub fn body_text(&self) -> &str {
        self.file.text.get(self.body_offset..).unwrap_or_default()
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
        prerendered,
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
}
