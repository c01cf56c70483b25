//! Markdown: Hearth's dialect of it, read and written in one place that
//! belongs to no stage. `parse` scans each body (and prerenders it with
//! link markers) and `render` writes HTML from it; both import this module
//! and it imports neither, so that data keeps flowing one way.
//!
//! - [`options`]: the extensions, the summary marker, the embedding blocks.
//! - [`scan`]: headings, links, words and the summary's end of a body.
//! - [`summary`]: the plain-text summary lists and the feed show.
//! - [`scan_and_prerender`] and [`Prerendered::fill`]: one parse per page,
//!   with the links written in once they are resolved.
//! - [`to_html`] and [`inline_html`]: rendering once links are resolved.
//! - [`escape`]: the one HTML and XML escape.

mod escape;
mod html;
mod options;
mod prerender;
mod rewrite;
mod scan;
mod summary;

pub use escape::{escape, push_escaped};
pub use html::{RenderedBody, inline_html, plain_text, to_html};
pub use options::{EMBED_KINDS, MORE_MARKER, options};
pub use prerender::{Prerendered, scan_and_prerender};
pub use scan::{FencedBlock, Heading, LinkKind, RawLink, ScannedBody, scan, scan_inline_links};

/// A link rewritten for output, as the link stage resolved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedLink {
    /// The `href` (or `src`) to write.
    pub url: String,
    /// For a wikilink without a label: the text to show (the target's title).
    pub text: Option<String>,
}
