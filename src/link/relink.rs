//! Linking one edited article again on its own, against the lookup tables
//! of the last whole linking, so that `serve` can show the edit before the
//! whole site of thousands of pages is linked again. It covers what the
//! article itself shows: its links and anchors, its tags under the site's
//! spellings, its related reading. What other pages show of it (lists,
//! backlinks, tag pages) follows with the whole rebuild, which is always
//! run after it and decides what is served in the end.

use std::sync::Arc;

use crate::config::SiteConfig;
use crate::parse::{PageKind, ParsedPage};

use super::index::{LinkIndex, anchors_of};
use super::place::placement;
use super::related::{Connections, page_sources, rank};
use super::resolve::resolve_page;
use super::site::{LinkedSite, SitePage, Target};

/// The lookup tables of the last whole linking, kept for [`relink_page`].
pub struct KeptIndex(pub(super) LinkIndex);

/// The article at `i` of `site` as linked after its file was edited to
/// `parsed`, or `None` when the edit may change more than the article, so
/// that only linking the whole site again gives it right: the article
/// moves (its file, `slug`, `date`, `aliases`), stops being an article or
/// a published page, or has a link that does not resolve (which the whole
/// rebuild then reports at its place).
pub fn relink_page(
    config: &SiteConfig,
    site: &LinkedSite,
    kept: &mut KeptIndex,
    i: usize,
    parsed: Arc<ParsedPage>,
) -> Option<SitePage> {
    let old = site.pages.get(i)?;
    if !stays_in_place(&old.parsed, &parsed) {
        return None;
    }
    let mut page = SitePage {
        parsed: with_site_spellings(config, site, parsed),
        ..old.clone()
    };
    // Its own headings are the anchors its `#links` may name.
    kept.0.anchors.insert(Target::Page(i), anchors_of(&page));
    let found = resolve_page(config, &kept.0, site, i, &page);
    if !found.errors.is_empty() || !found.failed_targets.is_empty() {
        return None;
    }
    let mut outgoing: Vec<usize> = found
        .targets
        .iter()
        .filter_map(|target| match target {
            Target::Page(j) if *j != i => Some(*j),
            _ => None,
        })
        .collect();
    outgoing.sort_unstable();
    outgoing.dedup();
    let incoming = page_sources(&page);
    let mut tags: Vec<usize> = page
        .parsed
        .front
        .tags
        .iter()
        .filter_map(|name| tag_index(config, site, name))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    let sources: Vec<Vec<usize>> = outgoing
        .iter()
        .map(|&target| page_sources(&site.pages[target]))
        .collect();
    let connections = Connections {
        outgoing: &outgoing,
        incoming: &incoming,
        tags: &tags,
    };
    page.related = rank(site, i, &connections, |target| {
        outgoing
            .iter()
            .position(|&t| t == target)
            .map_or(&[][..], |at| sources[at].as_slice())
    });
    page.links = found.links;
    page.embeds = found.embeds;
    Some(page)
}

/// Adds the new article `parsed` to `site`, linked on its own like an
/// edited one (see [`relink_page`]), and returns its index; `None`, and
/// `site` as it was, when it needs the whole site linked again: it is not
/// an article, a draft or a form's thank-you page, its address is taken or
/// bad, or a link of it does not resolve.
pub fn link_new_page(
    config: &SiteConfig,
    site: &mut LinkedSite,
    kept: &mut KeptIndex,
    parsed: Arc<ParsedPage>,
) -> Option<usize> {
    if parsed.kind != PageKind::Page || parsed.front.draft {
        return None;
    }
    let placed = placement(&parsed);
    let path = placed.path.filter(|_| placed.problem.is_none())?;
    let thanks = config
        .forms
        .success_links()
        .any(|(success, _)| success.trim_end_matches('/') == path.trim_end_matches('/'));
    let taken = kept.0.by_path.contains_key(&path)
        || kept.0.known_paths.contains(&path)
        || site.pages.iter().any(|page| page.path == path);
    if thanks || taken {
        return None;
    }
    let section = site
        .pages
        .iter()
        .position(|page| page.parsed.kind != PageKind::Page && page.folder == placed.folder);
    let index = site.pages.len();
    let page = SitePage {
        parsed: with_site_spellings(config, site, parsed),
        path,
        hidden: false,
        folder: placed.folder,
        section,
        children: Vec::new(),
        links: Default::default(),
        embeds: Default::default(),
        backlinks: Vec::new(),
        related: Vec::new(),
    };
    site.pages.push(page);
    let linked = relink_page(
        config,
        site,
        kept,
        index,
        Arc::clone(&site.pages[index].parsed),
    );
    match linked {
        Some(page) => {
            site.pages[index] = page;
            Some(index)
        }
        None => {
            site.pages.pop();
            None
        }
    }
}

/// Whether the edit leaves the page an article at the same address.
fn stays_in_place(before: &ParsedPage, after: &ParsedPage) -> bool {
    let slug = |page: &ParsedPage| page.front.slug.as_ref().map(|slug| slug.value.clone());
    let aliases = |page: &ParsedPage| -> Vec<String> {
        page.front.aliases.iter().map(|a| a.value.clone()).collect()
    };
    before.kind == PageKind::Page
        && after.kind == PageKind::Page
        && before.file.path == after.file.path
        && before.front.draft == after.front.draft
        && before.front.date == after.front.date
        && before.front.weight == after.front.weight
        && slug(before) == slug(after)
        && aliases(before) == aliases(after)
}

/// The index in the site's tags of the tag `name` is one spelling of.
fn tag_index(config: &SiteConfig, site: &LinkedSite, name: &str) -> Option<usize> {
    let slug = crate::paths::slug_in(name, &config.language);
    site.tags
        .binary_search_by(|tag| tag.slug.as_str().cmp(&slug))
        .ok()
}

/// The page with each tag under the spelling the site shows it in, as the
/// whole linking writes it (see `tags.rs`).
fn with_site_spellings(
    config: &SiteConfig,
    site: &LinkedSite,
    mut parsed: Arc<ParsedPage>,
) -> Arc<ParsedPage> {
    let labels: Vec<(usize, String)> = parsed
        .front
        .tags
        .iter()
        .enumerate()
        .filter_map(|(at, name)| {
            let tag = &site.tags[tag_index(config, site, name)?];
            (tag.name != *name).then(|| (at, tag.name.clone()))
        })
        .collect();
    if !labels.is_empty() {
        let page = Arc::make_mut(&mut parsed);
        for (at, label) in labels {
            page.front.tags[at] = label;
        }
    }
    parsed
}
