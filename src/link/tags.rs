//! Tags: the articles of each tag, and one name for it. Tags that make the
//! same address (`Coaching`, `coaching`) are one tag; it is shown under its
//! most common spelling (ties: the first page's, in the order of the
//! files), on its page and on every article, and each other spelling is a
//! `tag-spelling` warning at its place, so that the coach can make them
//! agree instead of one page silently relabelling the others.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::parse::{PageKind, SortBy};

use super::place::sort_pages;
use super::site::{SitePage, TagGroup};

/// Groups the articles by tag, gives each tag its one label, writes it
/// into the pages that spell it otherwise, and warns at each of those.
pub(super) fn collect_tags(
    language: &str,
    pages: &mut [SitePage],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<TagGroup> {
    // Per slug: the spellings in order of first use, with their counts.
    let mut spellings: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, page) in pages.iter().enumerate() {
        if page.parsed.kind != PageKind::Page {
            continue;
        }
        for name in &page.parsed.front.tags {
            // Tags without a slug were refused when parsing.
            let slug = crate::paths::slug_in(name, language);
            if slug.is_empty() {
                continue;
            }
            let counts = spellings.entry(slug.clone()).or_default();
            match counts.iter_mut().find(|(spelling, _)| spelling == name) {
                Some((_, count)) => *count += 1,
                None => counts.push((name.clone(), 1)),
            }
            let group = groups.entry(slug).or_default();
            if group.last() != Some(&index) {
                group.push(index);
            }
        }
    }
    // Per slug: the label, how many uses spell it so, and all uses.
    let labels: BTreeMap<&str, (&str, usize, usize)> = spellings
        .iter()
        .filter_map(|(slug, counts)| {
            let total = counts.iter().map(|(_, count)| count).sum();
            // The first of the most used: `max_by_key` would take the last.
            let (label, count) = counts.iter().rev().max_by_key(|(_, count)| *count)?;
            Some((slug.as_str(), (label.as_str(), *count, total)))
        })
        .collect();
    for page in pages.iter_mut() {
        if page.parsed.kind != PageKind::Page {
            continue;
        }
        let mut relabelled = Vec::new();
        for (i, name) in page.parsed.front.tags.iter().enumerate() {
            let Some(&(label, count, total)) =
                labels.get(crate::paths::slug_in(name, language).as_str())
            else {
                continue;
            };
            if name == label {
                continue;
            }
            relabelled.push((i, label.to_string()));
            let mut warning = Diagnostic::warning(
                "tag-spelling",
                format!(
                    "the tag `{name}` is written `{label}` elsewhere, and is shown as `{label}` on every page"
                ),
            )
            .in_file(page.parsed.file.display_path())
            .help(format!(
                "write `{label}` here, as {count} of the {total} uses of this tag do, so that the tag reads the same everywhere"
            ));
            if let Some(place) = page.parsed.front.tag_places.get(i) {
                warning = warning.at(place.clone());
            }
            diagnostics.push(warning);
        }
        if !relabelled.is_empty() {
            // A copy only of the pages that spell a tag otherwise: the parse
            // cache of `serve` keeps the page as written.
            let parsed = Arc::make_mut(&mut page.parsed);
            for (i, label) in relabelled {
                parsed.front.tags[i] = label;
            }
        }
    }
    let mut tags: Vec<TagGroup> = groups
        .into_iter()
        .filter_map(|(slug, pages)| {
            let name = labels.get(slug.as_str())?.0.to_string();
            Some(TagGroup { name, slug, pages })
        })
        .collect();
    let pages: &[SitePage] = pages;
    tags.par_iter_mut()
        .for_each(|tag| sort_pages(pages, &mut tag.pages, SortBy::Date));
    tags
}
