//! Related reading: for each article, up to [`RELATED_COUNT`] others that a
//! reader may want next, ranked by how the two are connected: a link either
//! way counts most, then each shared tag, then each page both link to.

use std::cmp::{Ordering, Reverse};

use rayon::prelude::*;

use crate::parse::PageKind;

use super::index::FastMap;
use super::site::{LinkedSite, SitePage, Target};

/// How many related articles an article lists.
pub const RELATED_COUNT: usize = 3;

/// A link between the two articles, in either direction.
const LINK_SCORE: u32 = 4;
/// Each tag the two share.
const TAG_SCORE: u32 = 2;
/// Each page both link to.
const SHARED_TARGET_SCORE: u32 = 1;
/// A page linked from more articles than this (the contact page, say), or a
/// tag on more, says little about how two articles relate, and following it
/// would make a large site quadratic.
const COMMON_LIMIT: usize = 200;

/// An article: a plain page in a section's folder.
pub(super) fn is_article(page: &SitePage) -> bool {
    page.parsed.kind == PageKind::Page && !page.folder.is_empty()
}

/// The related articles of every page, by page index (empty for pages that
/// are not articles). Ties go to the newer article, then by title and path,
/// so the lists are the same on every build.
pub(super) fn related_articles(site: &LinkedSite) -> Vec<Vec<usize>> {
    let pages = &site.pages;
    let count = pages.len();
    // Who links to whom, among pages.
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); count];
    let incoming: Vec<Vec<usize>> = pages.iter().map(page_sources).collect();
    for (target, sources) in incoming.iter().enumerate() {
        for &source in sources {
            outgoing[source].push(target);
        }
    }
    let mut tags_of: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (tag, group) in site.tags.iter().enumerate() {
        for &page in &group.pages {
            tags_of[page].push(tag);
        }
    }
    (0..count)
        .into_par_iter()
        .map(|a| {
            let connections = Connections {
                outgoing: &outgoing[a],
                incoming: &incoming[a],
                tags: &tags_of[a],
            };
            rank(site, a, &connections, |target| &incoming[target])
        })
        .collect()
}

/// How one article is connected: the pages it links to and the pages that
/// link to it (indices into the site's pages, each once, itself not among
/// them), and its tags (indices into the site's tags).
pub(super) struct Connections<'a> {
    pub(super) outgoing: &'a [usize],
    pub(super) incoming: &'a [usize],
    pub(super) tags: &'a [usize],
}

/// The related articles of the article at `a`, connected so; `incoming_of`
/// gives the pages that link to any page.
pub(super) fn rank<'a>(
    site: &LinkedSite,
    a: usize,
    connections: &Connections,
    incoming_of: impl Fn(usize) -> &'a [usize],
) -> Vec<usize> {
    let pages = &site.pages;
    if !is_article(&pages[a]) {
        return Vec::new();
    }
    let tag_groups = || {
        connections
            .tags
            .iter()
            .map(|&tag| followed(&site.tags[tag].pages))
    };
    let shared_targets = || {
        connections
            .outgoing
            .iter()
            .map(|&target| followed(incoming_of(target)))
    };
    // At most one entry per candidate: sized once, never grown.
    let candidates = connections.outgoing.len()
        + connections.incoming.len()
        + tag_groups()
            .chain(shared_targets())
            .map(<[usize]>::len)
            .sum::<usize>();
    let mut scores: FastMap<usize, u32> =
        FastMap::with_capacity_and_hasher(candidates, Default::default());
    let mut add = |b: usize, score: u32| {
        if b != a && is_article(&pages[b]) {
            *scores.entry(b).or_default() += score;
        }
    };
    for &b in connections.outgoing.iter().chain(connections.incoming) {
        add(b, LINK_SCORE);
    }
    for group in tag_groups() {
        group.iter().for_each(|&b| add(b, TAG_SCORE));
    }
    for sources in shared_targets() {
        sources.iter().for_each(|&b| add(b, SHARED_TARGET_SCORE));
    }
    let mut ranked: Vec<(usize, u32)> = scores.into_iter().collect();
    let order = |&(a, a_score): &(usize, u32), &(b, b_score): &(usize, u32)| {
        let (a_page, b_page) = (&pages[a], &pages[b]);
        (Reverse(a_score), Reverse(a_page.parsed.front.date))
            .cmp(&(Reverse(b_score), Reverse(b_page.parsed.front.date)))
            .then_with(|| by_title_then_path(a_page, b_page))
    };
    // Only the first few are kept: chosen in linear time, then sorted, the
    // titles compared only where scores and dates tie.
    if ranked.len() > RELATED_COUNT {
        ranked.select_nth_unstable_by(RELATED_COUNT - 1, order);
        ranked.truncate(RELATED_COUNT);
    }
    ranked.sort_unstable_by(order);
    ranked.into_iter().map(|(b, _)| b).collect()
}

/// Ties between equally related articles of the same date: by title,
/// ignoring case, then by path, which no two pages share.
fn by_title_then_path(a: &SitePage, b: &SitePage) -> Ordering {
    a.title()
        .to_lowercase()
        .cmp(&b.title().to_lowercase())
        .then_with(|| a.path.cmp(&b.path))
}

/// `group` (a tag's pages, a page's sources), or nothing when it is too
/// common to say how two articles relate (see [`COMMON_LIMIT`]).
fn followed(group: &[usize]) -> &[usize] {
    if group.len() <= COMMON_LIMIT {
        group
    } else {
        &[]
    }
}

/// The pages that link to `page`, by index.
pub(super) fn page_sources(page: &SitePage) -> Vec<usize> {
    page.backlinks
        .iter()
        .filter_map(|source| match source {
            Target::Page(i) => Some(*i),
            _ => None,
        })
        .collect()
}
