//! Lint: warnings about what hurts a coach's site without breaking it: an
//! image without alt text, a page without a description, a skipped heading
//! level, a page that no visitor can click their way to. Runs on the linked
//! site, so `build` and `check` report the same warnings.

use std::collections::{HashMap, HashSet, VecDeque};

use rayon::prelude::*;

use crate::config::{CONTENT_DIR, SiteConfig};
use crate::diagnostic::{Diagnostic, Location};
use crate::link::{LinkedSite, SitePage, Target, tag_path};
use crate::parse::{LinkKind, PageKind};
use crate::render::LATEST_COUNT;

/// The `extra` key that marks a page as meant to be reached only from
/// outside the site (a thank-you page after a form, a campaign's landing
/// page), so that it is not reported as unreachable.
pub const UNLISTED_KEY: &str = "unlisted";

/// Every lint warning of the site, in no particular order.
pub fn lint_site(config: &SiteConfig, site: &LinkedSite) -> Vec<Diagnostic> {
    let mut warnings: Vec<Diagnostic> = site
        .pages
        .par_iter()
        .flat_map_iter(|page| {
            let mut warnings = Vec::new();
            missing_alt(page, &mut warnings);
            missing_description(config, page, &mut warnings);
            skipped_heading_levels(page, &mut warnings);
            warnings
        })
        .collect();
    unreachable_pages(config, site, &mut warnings);
    warnings
}

/// The place of `length` bytes at `offset` in the page's body.
fn body_location(page: &SitePage, offset: usize, length: usize) -> Location {
    Location::at_offset(
        &page.parsed.file.text,
        page.parsed.body_offset + offset,
        length,
    )
}

/// The opening `---` of the page's front matter: where page-wide warnings point.
fn front_matter_location(page: &SitePage) -> Location {
    let text = &page.parsed.file.text;
    let start = text.len() - text.trim_start_matches('\u{feff}').len();
    Location::at_offset(text, start, 3)
}

fn missing_alt(page: &SitePage, warnings: &mut Vec<Diagnostic>) {
    for &offset in &page.parsed.body.images_without_alt {
        let image = page
            .parsed
            .body
            .links
            .iter()
            .find(|link| link.offset == offset && link.kind == LinkKind::Image);
        let (length, dest) = image.map_or((1, ""), |link| (link.length, link.dest.as_str()));
        warnings.push(
            Diagnostic::warning(
                "missing-alt",
                format!("the image `{dest}` has no alternative text"),
            )
            .in_file(page.parsed.file.display_path())
            .at(body_location(page, offset, length))
            .help(
                "describe what the picture shows between the brackets, like `![A quiet harbour at dawn](photo.jpg)`; screen readers read it aloud",
            ),
        );
    }
}

fn missing_description(config: &SiteConfig, page: &SitePage, warnings: &mut Vec<Diagnostic>) {
    if !page.parsed.front.description.is_empty() {
        return;
    }
    // The home page falls back to the site's description, which is meant for it.
    if page.parsed.kind == PageKind::Home && !config.description.trim().is_empty() {
        return;
    }
    warnings.push(
        Diagnostic::warning(
            "missing-description",
            format!("the page `{}` has no description", page.title()),
        )
        .in_file(page.parsed.file.display_path())
        .at(front_matter_location(page))
        .help(
            "add `description: One sentence about this page.` to the front matter; search engines and the feed show it under the title",
        ),
    );
}

fn skipped_heading_levels(page: &SitePage, warnings: &mut Vec<Diagnostic>) {
    // The theme shows the page's title as the one `<h1>`.
    let mut previous = 1u8;
    for heading in &page.parsed.body.headings {
        if heading.level > previous + 1 {
            let hashes = |level: u8| "#".repeat(usize::from(level));
            // The marker runs to the end of the heading's line.
            let line_length = page.parsed.body_text().len();
            warnings.push(
                Diagnostic::warning(
                    "skipped-heading-level",
                    format!(
                        "the heading `{}` skips from level {previous} to level {}",
                        heading.text, heading.level
                    ),
                )
                .in_file(page.parsed.file.display_path())
                .at(body_location(page, heading.offset, line_length))
                .help(format!(
                    "use `{}` here (the page title is level 1); people using screen readers move through a page by its heading levels",
                    hashes(previous + 1)
                )),
            );
        }
        previous = heading.level;
    }
}

/// A page is reachable when a visitor can click their way to it from the
/// home page, the menu, the booking button or the footer: through links,
/// section lists, the home page's latest articles, an article's link back
/// to its section, and the comparison and tag lists when the menu has them.
fn unreachable_pages(config: &SiteConfig, site: &LinkedSite, warnings: &mut Vec<Diagnostic>) {
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
        for latest in site.dated_pages().into_iter().take(LATEST_COUNT) {
            edge(Target::Page(home), Target::Page(latest));
        }
    }
    if site.referral.is_some() {
        // The footer of every page links to the referral guidelines.
        roots.push(Target::Referral);
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
        if path == "/comparisons/" {
            roots.extend((0..site.comparisons.len()).map(Target::Comparison));
        }
        for tag in &site.tags {
            if path == "/tags/" || path == tag_path(&tag.slug) {
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
                .at(front_matter_location(page))
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
