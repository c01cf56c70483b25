//! Lints of one page at a time: an image without alternative text
//! (`missing-alt`), a page without a description (`missing-description`),
//! a heading that skips a level (`skipped-heading-level`), a placeholder
//! link that leads nowhere (`empty-link`), a picture loaded from another
//! website (`remote-image`).

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Location};
use crate::parse::{LinkKind, PageKind, ParsedPage};

/// The place of `length` bytes at `offset` in the page's body.
pub(super) fn body_location(page: &ParsedPage, offset: usize, length: usize) -> Location {
    Location::at_offset(&page.file.text, page.body_offset + offset, length)
}

/// The opening `---` of the page's front matter: where page-wide warnings point.
pub(super) fn front_matter_location(page: &ParsedPage) -> Location {
    let text = &page.file.text;
    let start = text.len() - text.trim_start_matches('\u{feff}').len();
    Location::at_offset(text, start, 3)
}

pub(super) fn missing_alt(page: &ParsedPage, warnings: &mut Vec<Diagnostic>) {
    for &offset in &page.body.images_without_alt {
        let image = page
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
            .in_file(page.file.display_path())
            .at(body_location(page, offset, length))
            .help(
                "describe what the picture shows between the brackets, like `![A quiet harbour at dawn](photo.jpg)`; screen readers read it aloud",
            ),
        );
    }
}

/// A picture loaded from another website: each visitor's browser asks that
/// site for it (a third-party request, which tells it who reads the page),
/// and the site's own security policy (`img-src 'self'`) blocks it on hosts
/// that apply `_headers`.
pub(super) fn remote_images(page: &ParsedPage, warnings: &mut Vec<Diagnostic>) {
    for link in &page.body.links {
        let dest = link.dest.trim();
        if link.kind != LinkKind::Image || !(crate::urls::is_web(dest) || dest.starts_with("//")) {
            continue;
        }
        warnings.push(
            Diagnostic::warning(
                "remote-image",
                format!("the image `{dest}` is loaded from another website"),
            )
            .in_file(page.file.display_path())
            .at(body_location(page, link.offset, link.length))
            .help(
                "save the picture beside the page and link to it by name, like `![A quiet harbour](harbour.jpg)`: the site then asks no other website for anything, and its security policy lets it show",
            ),
        );
    }
}

pub(super) fn missing_description(
    config: &SiteConfig,
    page: &ParsedPage,
    warnings: &mut Vec<Diagnostic>,
) {
    if !page.front.description.is_empty() {
        return;
    }
    // The home page falls back to the site's description, which is meant for it.
    if page.kind == PageKind::Home && !config.description.trim().is_empty() {
        return;
    }
    warnings.push(
        Diagnostic::warning(
            "missing-description",
            format!("the page `{}` has no description", page.front.title),
        )
        .in_file(page.file.display_path())
        .at(front_matter_location(page))
        .help(
            "add `description: One sentence about this page.` to the front matter; search engines and the feed show it under the title",
        ),
    );
}

pub(super) fn skipped_heading_levels(page: &ParsedPage, warnings: &mut Vec<Diagnostic>) {
    // The theme shows the page's title as the one `<h1>`.
    let mut previous = 1u8;
    for heading in &page.body.headings {
        if heading.level > previous + 1 {
            let hashes = |level: u8| "#".repeat(usize::from(level));
            // The marker runs to the end of the heading's line.
            let line_length = page.body_text().len();
            warnings.push(
                Diagnostic::warning(
                    "skipped-heading-level",
                    format!(
                        "the heading `{}` skips from level {previous} to level {}",
                        heading.text, heading.level
                    ),
                )
                .in_file(page.file.display_path())
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

/// `[book a session](#)` and `[text]()`: a placeholder that ships as a
/// link that goes nowhere (or back to the top of the page).
pub(super) fn empty_links(page: &ParsedPage, warnings: &mut Vec<Diagnostic>) {
    for link in &page.body.links {
        let dest = link.dest.trim();
        if link.kind != LinkKind::Link || !(dest.is_empty() || dest == "#") {
            continue;
        }
        let what = if dest.is_empty() {
            "has no address".to_string()
        } else {
            "leads nowhere: `#` is only a placeholder".to_string()
        };
        warnings.push(
            Diagnostic::warning("empty-link", format!("this link {what}"))
                .in_file(page.file.display_path())
                .at(body_location(page, link.offset, link.length))
                .help(
                    "put the page or address it should open between the parentheses, like `[Book a session](contact.md)`, or remove the link and keep its text",
                ),
        );
    }
}
