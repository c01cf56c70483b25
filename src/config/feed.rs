//! `feed:` in `site.yaml`: what the Atom feed carries of each article.

use super::{FeedContent, RawFeed, SITE_FILE, spanned_at};
use crate::diagnostic::Diagnostic;

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
