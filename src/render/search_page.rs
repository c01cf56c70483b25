//! The search page, `/search/`: Pagefind's search box and results, and for
//! readers without JavaScript, the site's tags and sections instead.

use tera::Value;

use crate::diagnostic::Diagnostic;
use crate::link::search_enabled;
use crate::parse::PageKind;
use crate::paths::{self, output_file};

use super::pages::Renderer;
use super::values::map;

/// The template of the search page.
pub(super) const SEARCH_TEMPLATE: &str = "search.html";

/// The search page's file and HTML, when the site has search.
pub(super) fn render_search_page(
    renderer: &Renderer,
) -> Option<Result<(String, Vec<u8>), Diagnostic>> {
    let (config, site) = (renderer.config, renderer.site);
    if !search_enabled(config, &site.pages) {
        return None;
    }
    let description = config
        .strings
        .format("describe_search", None, &[("site", &config.title)]);
    let title = config.strings.text("search_title");
    let mut context = renderer.page_context(paths::SEARCH, &title, &description);
    // A page of results is nothing for a search engine to list.
    context.insert_value("noindex", Value::from(true));
    context.insert_value("tags", renderer.tags_value());
    let sections: Vec<Value> = site
        .pages
        .iter()
        .filter(|page| page.parsed.kind == PageKind::Section)
        .map(|page| {
            map([
                ("title", Value::from(page.title())),
                ("url", Value::from(config.url(&page.path))),
            ])
        })
        .collect();
    context.insert_value("sections", Value::from(sections));
    let bundle = config.url(paths::SEARCH_BUNDLE);
    context.insert_value("search", map([("bundle_url", Value::from(bundle))]));
    let file = output_file(paths::SEARCH);
    Some(
        renderer
            .templates
            .render(SEARCH_TEMPLATE, &context, &file)
            .map(|html| (file, html.into_bytes())),
    )
}
