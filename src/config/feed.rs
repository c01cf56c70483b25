//! `feed:` in `site.yaml`: how much of each article the Atom feed carries.

use serde::Deserialize;

use super::{SITE_FILE, spanned_at};
use crate::diagnostic::Diagnostic;
use crate::yaml;

/// How much of each article the Atom feed carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FeedContent {
    /// The whole article, so that it can be read in a feed reader.
    #[default]
    Full,
    /// Its summary (up to `<!-- more -->`, else its first paragraph).
    Summary,
}

impl FeedContent {
    /// The values `feed: { content: ... }` takes, as written.
    const NAMES: [(&'static str, FeedContent); 2] = [
        ("full", FeedContent::Full),
        ("summary", FeedContent::Summary),
    ];
}

/// `feed:` in `site.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFeed {
    #[serde(default)]
    pub(super) content: Option<yaml::Spanned<String>>,
}

/// `feed: { content: full | summary }`, or the error of a value it does not
/// take, with the closest one.
pub(super) fn feed_content(
    source: &str,
    feed: Option<&RawFeed>,
    errors: &mut Vec<Diagnostic>,
) -> FeedContent {
    let Some(written) = feed.and_then(|feed| feed.content.as_ref()) else {
        return FeedContent::default();
    };
    let value = written.value.trim();
    if let Some((_, content)) = FeedContent::NAMES.iter().find(|(name, _)| *name == value) {
        return *content;
    }
    let names = FeedContent::NAMES.map(|(name, _)| name);
    let help = match crate::diagnostic::did_you_mean(value, names) {
        Some(close) => format!(
            "did you mean `{close}`? The feed takes `full` (whole articles, the default) or `summary`"
        ),
        None => "write `full` (whole articles, the default) or `summary`".to_string(),
    };
    errors.push(
        Diagnostic::error(
            "invalid-site-yaml",
            format!("`{value}` is not a kind of feed content"),
        )
        .in_file(SITE_FILE)
        .at(spanned_at(source, written))
        .help(help),
    );
    FeedContent::default()
}
