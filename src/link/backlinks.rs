//! Gathering: what resolving found (rewritten links, embeds, errors) goes
//! into the site, and every target learns its backlinks, the pages and
//! comparisons that link to it, sorted by title.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::parse::Unpublished;

use super::resolve::SourceLinks;
use super::site::{LinkedSite, Target};

/// What resolving found for each source, in the site's order.
pub(super) struct Resolved {
    pub pages: Vec<SourceLinks>,
    pub comparisons: Vec<SourceLinks>,
    pub referral: Option<SourceLinks>,
    pub glossary: Option<SourceLinks>,
}

/// Puts each source's links into the site and gives every target its
/// backlinks; links to files that failed become one note per such file.
pub(super) fn gather(
    site: &mut LinkedSite,
    found: Resolved,
    unpublished: &[Unpublished],
    diagnostics: &mut Vec<Diagnostic>,
) {
    note_links_to_failed_files(site, &found, unpublished, diagnostics);
    let Resolved {
        pages,
        comparisons,
        referral,
        glossary,
    } = found;
    let mut backlinks: HashMap<Target, Vec<Target>> = HashMap::new();
    if let Some(result) = referral {
        for target in &result.targets {
            backlinks.entry(*target).or_default().push(Target::Referral);
        }
        if let Some(referral) = site.referral.as_mut() {
            referral.links = result.cell_links;
        }
        diagnostics.extend(result.errors);
    }
    if let Some(result) = glossary {
        for target in &result.targets {
            backlinks.entry(*target).or_default().push(Target::Glossary);
        }
        if let Some(glossary) = site.glossary.as_mut() {
            glossary.links = result.cell_links;
        }
        diagnostics.extend(result.errors);
    }
    for (i, result) in pages.into_iter().enumerate() {
        let source = Target::Page(i);
        for target in &result.targets {
            backlinks.entry(*target).or_default().push(source);
        }
        site.pages[i].links = result.links;
        site.pages[i].embeds = result.embeds;
        diagnostics.extend(result.errors);
    }
    for (i, result) in comparisons.into_iter().enumerate() {
        let source = Target::Comparison(i);
        for target in &result.targets {
            backlinks.entry(*target).or_default().push(source);
        }
        site.comparisons[i].links = result.cell_links;
        diagnostics.extend(result.errors);
    }
    let site_ref: &LinkedSite = site;
    let sort_key = |target: &Target| {
        let (title, path) = site_ref.target(*target);
        (title.to_lowercase(), path.to_string())
    };
    let mut sorted: Vec<(Target, Vec<Target>)> = backlinks.into_iter().collect();
    sorted.par_iter_mut().for_each(|(target, sources)| {
        sources.retain(|source| source != target);
        sources.sort_by_cached_key(sort_key);
        sources.dedup();
    });
    let mut sorted: HashMap<Target, Vec<Target>> = sorted.into_iter().collect();
    for (i, page) in site.pages.iter_mut().enumerate() {
        page.backlinks = sorted.remove(&Target::Page(i)).unwrap_or_default();
    }
    for (i, comparison) in site.comparisons.iter_mut().enumerate() {
        comparison.backlinks = sorted.remove(&Target::Comparison(i)).unwrap_or_default();
    }
    if let Some(referral) = site.referral.as_mut() {
        referral.backlinks = sorted.remove(&Target::Referral).unwrap_or_default();
    }
    if let Some(glossary) = site.glossary.as_mut() {
        glossary.backlinks = sorted.remove(&Target::Glossary).unwrap_or_default();
    }
}

/// One warning in each file whose front matter failed, naming the files
/// that link to it: their links are checked once it is fixed.
fn note_links_to_failed_files(
    site: &LinkedSite,
    found: &Resolved,
    unpublished: &[Unpublished],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut failed_links: BTreeMap<usize, Vec<Target>> = BTreeMap::new();
    let sources = found
        .referral
        .iter()
        .map(|result| (Target::Referral, result))
        .chain(
            found
                .glossary
                .iter()
                .map(|result| (Target::Glossary, result)),
        )
        .chain(
            found
                .pages
                .iter()
                .enumerate()
                .map(|(i, r)| (Target::Page(i), r)),
        )
        .chain(
            found
                .comparisons
                .iter()
                .enumerate()
                .map(|(i, r)| (Target::Comparison(i), r)),
        );
    for (source, result) in sources {
        for &i in &result.failed_targets {
            failed_links.entry(i).or_default().push(source);
        }
    }
    for (i, mut sources) in failed_links {
        sources.dedup();
        let files: Vec<String> = sources.iter().map(|&s| site.target_file(s)).collect();
        let links = if sources.len() == 1 {
            "a link"
        } else {
            "links"
        };
        diagnostics.push(
            Diagnostic::warning(
                "links-to-broken-page",
                format!(
                    "{links} from {} point here; they are checked once this file's errors are fixed",
                    files.join(", ")
                ),
            )
            .in_file(format!(
                "{}/{}",
                crate::config::CONTENT_DIR,
                unpublished[i].path
            )),
        );
    }
}
