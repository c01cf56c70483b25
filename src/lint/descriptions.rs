//! `duplicate-description`: pages that share one description. Search
//! engines show it under the title, and may treat pages that look the same
//! as one; a link preview of each would read alike.

use std::collections::BTreeMap;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::link::{Described, DescriptionSource, LinkedSite, every_description};

/// How a page is named in the message: its title, address and, when it has
/// one, the file and place of its description.
fn name(page: &Described) -> String {
    let place = match &page.source {
        DescriptionSource::Written {
            file,
            location: Some(at),
        } => format!(", {file}:{}:{}", at.line, at.column),
        DescriptionSource::Written {
            file,
            location: None,
        }
        | DescriptionSource::Fallback { file } => format!(", {file}"),
        DescriptionSource::Generated => String::new(),
    };
    format!("“{}” ({}{place})", page.title, page.path)
}

/// A page that shares the site's description and is not told so: the
/// home page, whose description it is, and a markdown page without one,
/// which `missing-description` already reports (it is still named in the
/// others' messages).
fn excused(page: &Described) -> bool {
    match &page.source {
        DescriptionSource::Fallback { file } => page.path == "/" || file.ends_with(".md"),
        _ => false,
    }
}

/// Warns each page whose description another page has too, naming them all.
pub(super) fn duplicate_descriptions(
    config: &SiteConfig,
    site: &LinkedSite,
    warnings: &mut Vec<Diagnostic>,
) {
    let pages = every_description(config, site);
    let mut by_text: BTreeMap<String, Vec<&Described>> = BTreeMap::new();
    for page in &pages {
        let text = page.description.trim();
        // An empty description is `missing-description`'s to report.
        if !text.is_empty() {
            by_text.entry(text.to_lowercase()).or_default().push(page);
        }
    }
    for group in by_text.values().filter(|group| group.len() > 1) {
        for page in group.iter().filter(|page| !excused(page)) {
            let others = group.iter().filter(|other| other.path != page.path);
            let mut diagnostic = Diagnostic::warning(
                "duplicate-description",
                format!(
                    "“{}” ({}) has the same description as {}",
                    page.title,
                    page.path,
                    name_some(others, group.len() - 1)
                ),
            );
            let fallback = matches!(page.source, DescriptionSource::Fallback { .. });
            diagnostic = match &page.source {
                DescriptionSource::Written { file, location } => {
                    let diagnostic = diagnostic.in_file(file);
                    match location {
                        Some(at) => diagnostic.at(at.clone()),
                        None => diagnostic,
                    }
                }
                DescriptionSource::Fallback { file } => diagnostic.in_file(file),
                DescriptionSource::Generated => diagnostic,
            };
            let help = if fallback {
                "this page has no description, so it uses the one in content/site.yaml: add `description: One sentence about this page.` to its front matter"
            } else {
                "give each page a description of its own: one sentence about what this page says that the others do not"
            };
            warnings.push(diagnostic.help(help));
        }
    }
}

/// How many of the other pages one warning names: hundreds of pages that
/// share a description would otherwise make each warning name all the
/// others, and the warnings together grow with the square of the group.
const NAMED_OTHERS: usize = 3;

/// The first [`NAMED_OTHERS`] of the `count` pages in `others`, then how
/// many more there are: `“A” (/a/), “B” (/b/) and 40 other pages`.
fn name_some<'a>(others: impl Iterator<Item = &'a &'a Described>, count: usize) -> String {
    let named: Vec<String> = others.take(NAMED_OTHERS).map(|other| name(other)).collect();
    match count.saturating_sub(named.len()) {
        0 => named.join(", "),
        1 => format!("{} and 1 other page", named.join(", ")),
        more => format!("{} and {more} other pages", named.join(", ")),
    }
}
