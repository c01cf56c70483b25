//! Hearth's markdown dialect in one place: the pulldown-cmark extensions
//! every body is read with, the summary marker and the fenced blocks that
//! embed site data, so that scanning and writing never read a body apart.

use pulldown_cmark::{Event, Options};

/// The markdown extensions every page is read with: GFM tables, footnotes,
/// strikethrough, task lists, smart punctuation, heading ids and wikilinks.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// The marker that ends a hand-picked summary.
pub const MORE_MARKER: &str = "<!-- more -->";

/// Info strings of fenced blocks that embed site data instead of code.
pub const EMBED_KINDS: &[&str] = &[
    "comparison",
    "referral",
    "services",
    "testimonials",
    "faq",
    "form",
];

/// Whether `event` is the summary marker, as a block or inline.
#[inline]
pub(super) fn is_more_marker(event: &Event) -> bool {
    matches!(event, Event::Html(html) | Event::InlineHtml(html) if html.trim() == MORE_MARKER)
}

/// Whether a fenced block's info string makes it an embedded block.
#[inline]
pub(super) fn is_embed(info: &str) -> bool {
    info.split_whitespace()
        .next()
        .is_some_and(|kind| EMBED_KINDS.contains(&kind))
}
