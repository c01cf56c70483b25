//! Parse: turns each loaded markdown file into a page: validated front
//! matter plus what its body holds (headings, links, words, summary).

mod front_matter;
pub mod markdown;

pub use front_matter::{FrontMatter, Located, PageDate, SortBy};
pub use markdown::{Heading, LinkKind, RawLink};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;
use markdown::ScannedBody;

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

/// One parsed markdown file.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    pub file: SourceFile,
    pub kind: PageKind,
    pub front: FrontMatter,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
    pub body: ScannedBody,
}

impl ParsedPage {
    /// The markdown body, after the front matter.
    pub fn body_text(&self) -> &str {
        &self.file.text[self.body_offset..]
    }

    /// True for `<name>/index.md`, whose folder holds its images.
    pub fn is_bundle(&self) -> bool {
        self.kind == PageKind::Page
            && (self.file.path == "index.md" || self.file.path.ends_with("/index.md"))
    }
}

/// Parses every markdown file in parallel; drafts are dropped unless wanted.
pub fn parse_pages(files: Vec<SourceFile>, drafts: bool) -> (Vec<ParsedPage>, Vec<Diagnostic>) {
    type Parsed = Result<(Option<ParsedPage>, Vec<Diagnostic>), Vec<Diagnostic>>;
    let results: Vec<Parsed> = files
        .into_par_iter()
        .map(|file| {
            let front_matter::ParsedFrontMatter {
                front,
                body_offset,
                errors,
            } = front_matter::split_and_parse(&file)?;
            if front.draft && !drafts {
                return Ok((None, errors));
            }
            let body = markdown::scan(&file.text[body_offset..]);
            let name = file.path.rsplit('/').next().unwrap_or_default();
            let kind = match (name, file.path.as_str()) {
                (_, "_index.md") => PageKind::Home,
                ("_index.md", _) => PageKind::Section,
                _ => PageKind::Page,
            };
            Ok((
                Some(ParsedPage {
                    file,
                    kind,
                    front,
                    body_offset,
                    body,
                }),
                errors,
            ))
        })
        .collect();
    let mut pages = Vec::new();
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok((page, errors)) => {
                pages.extend(page);
                diagnostics.extend(errors);
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    (pages, diagnostics)
}
