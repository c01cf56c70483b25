//! `unreachable-page`: a page no visitor can click their way to.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::config::{CONTENT_DIR, SiteConfig};
use crate::diagnostic::Diagnostic;
use crate::link::{LinkedSite, SitePage, Target};
use crate::parse::PageKind;
use crate::paths::{COMPARISONS, TAGS, tag_path};

use super::UNLISTED_KEY;
use super::pages::front_matter_location;

/// A page is reachable when a visitor can click their way to it from the
/// home page, the menu, the booking button or the footer: through links,
/// section lists, the home page's latest articles, an article's link back
/// to its section, and the comparison and tag lists when the menu has them.
pub(super) fn unreachable_pages(
    config: &SiteConfig,
    site: &LinkedSite,
    warnings: &mut Vec<Diagnostic>,
) {
    let mut edges: HashMap<Target, Vec<Target>> = HashMap::new();
    let mut edge = |from: Target, to: Target| edges.entry(from).or_default().push(to);
    for (index, page) in site.pages.iter().enumerate() {
        for &source in &page.backlinks {
            edge(source, Target::Page(index));
        }
        // A section lists its pages; the home page lists only the latest (below).
        if page.parsed.kind == PageKind::Section {
            for &child in &page.children {
                edge(Target::Page(index), Target::Page(child));
            }
        }
        if let Some(section) = page.section {
            edge(Target::Page(index), Target::Page(section));
        }
    }
    for (index, comparison) in site.comparisons.iter().enumerate() {
        for &source in &comparison.backlinks {
            edge(source, Target::Comparison(index));
        }
    }
    if let Some(referral) = &site.referral {
        for &source in &referral.backlinks {
            edge(source, Target::Referral);
        }
    }
    let mut roots = Vec::new();
    if let Some(home) = site.home() {
        roots.push(Target::Page(home));
        for latest in site.latest_articles() {
            edge(Target::Page(home), Target::Page(latest));
        }
    }
    if site.referral.is_some() {
        // The footer of every page links to the referral guidelines.
        roots.push(Target::Referral);
    }
    if site.glossary.is_some() {
        // Every page that uses a term links to the glossary.
        roots.push(Target::Glossary);
    }
    let by_path = paths(site);
    for url in config
        .menu
        .iter()
        .chain(config.booking.as_ref())
        .map(|item| item.url.as_str())
    {
        let Some(path) = site
            .settings_links
            .get(url)
            .and_then(|link| link.site_path.clone())
        else {
            continue;
        };
        if let Some(target) = by_path.get(&path) {
            roots.push(*target);
        }
        // The generated lists, when the menu links to them.
        if path == COMPARISONS {
            roots.extend((0..site.comparisons.len()).map(Target::Comparison));
        }
        for tag in &site.tags {
            if path == TAGS || path == tag_path(&tag.slug) {
                roots.extend(tag.pages.iter().map(|&page| Target::Page(page)));
            }
        }
    }

    let mut seen: HashSet<Target> = roots.iter().copied().collect();
    let mut queue: VecDeque<Target> = roots.into_iter().collect();
    while let Some(node) = queue.pop_front() {
        for &next in edges.get(&node).map(Vec::as_slice).unwrap_or_default() {
            if seen.insert(next) {
                queue.push_back(next);
            }
        }
    }

    for (index, page) in site.pages.iter().enumerate() {
        if seen.contains(&Target::Page(index)) || is_unlisted(page) {
            continue;
        }
        let message = if page.backlinks.is_empty() {
            format!(
                "no page, menu item or section list links to {}: visitors can only reach it by typing its address",
                page.path
            )
        } else {
            let sources: Vec<String> = page
                .backlinks
                .iter()
                .map(|&source| site.target_file(source))
                .collect();
            format!(
                "visitors cannot reach {}: only pages they cannot reach link to it ({})",
                page.path,
                sources.join(", ")
            )
        };
        warnings.push(
            Diagnostic::warning("unreachable-page", message)
                .in_file(page.parsed.file.display_path())
                .at(front_matter_location(&page.parsed))
                .help(format!(
                    "link to it from a page visitors can reach, or add `{{ label: ..., url: {} }}` to `menu:` in {CONTENT_DIR}/site.yaml; if it is meant to be reached only from outside, add `extra: {{ {UNLISTED_KEY}: true }}` to its front matter",
                    page.path
                )),
        );
    }
}

/// True when the front matter says the page is reached only from outside.
fn is_unlisted(page: &SitePage) -> bool {
    page.parsed.front.extra.get(UNLISTED_KEY) == Some(&serde_json::Value::Bool(true))
}

/// Every site path that is a link target.
fn paths(site: &LinkedSite) -> HashMap<String, Target> {
    let mut paths = HashMap::new();
    for (index, page) in site.pages.iter().enumerate() {
        paths.insert(page.path.clone(), Target::Page(index));
    }
    for (index, comparison) in site.comparisons.iter().enumerate() {
        paths.insert(comparison.path.clone(), Target::Comparison(index));
    }
    if let Some(referral) = &site.referral {
        paths.insert(referral.path.clone(), Target::Referral);
    }
    paths
}
