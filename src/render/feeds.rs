//! Machine-readable files: the Atom feed, the sitemap, robots.txt, the
//! redirect pages of aliases, and the hosts' `_redirects` and `_headers`.
//! The first four are rendered through a template (built in, unless the
//! theme or the site gives one of the same name); this file builds their
//! values from the linked site alone (entries, RFC 3339 dates, absolute
//! URLs), so the same input always gives the same bytes.

use std::collections::HashMap;

use tera::{Context, Value};

use crate::config::{FeedContent, SiteConfig};
use crate::diagnostic::Diagnostic;
use crate::link::LinkedSite;
use crate::paths;
use crate::render::hosts;
use crate::render::templates::{
    ALIAS_TEMPLATE, ATOM_TEMPLATE, ROBOTS_TEMPLATE, SITEMAP_TEMPLATE, Templates,
};
use crate::render::values::map;

/// How many articles the feed carries.
const FEED_ENTRIES: usize = 20;
/// The feed's `<updated>` when no entry has a date.
const NO_DATE: &str = "1970-01-01T00:00:00Z";

/// The feed, the sitemap, robots.txt, the alias redirect pages and the
/// hosts' files, as (path, text) pairs; or every template error among
/// them. `contents` holds the HTML body of each article the feed carries,
/// by page index.
pub fn feed_files(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
    summaries: &[Value],
    contents: &HashMap<usize, String>,
) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let site_value = site_value(config, site);
    let mut jobs = vec![
        (
            "atom.xml".to_string(),
            ATOM_TEMPLATE,
            atom_context(config, site, summaries, contents),
        ),
        (
            "sitemap.xml".to_string(),
            SITEMAP_TEMPLATE,
            sitemap_context(config, site),
        ),
        (
            "robots.txt".to_string(),
            ROBOTS_TEMPLATE,
            robots_context(config),
        ),
    ];
    let referral = referral_value(config, site);
    for alias in &site.aliases {
        jobs.push((
            alias.file.clone(),
            ALIAS_TEMPLATE,
            alias_context(config, site, alias, &referral),
        ));
    }
    let mut files = Vec::with_capacity(jobs.len() + 2);
    files.push((
        paths::output_file(paths::REDIRECTS),
        hosts::redirects_file(config, site),
    ));
    files.push((
        paths::output_file(paths::HEADERS),
        hosts::headers_file(config, site),
    ));
    let mut errors = Vec::new();
    for (path, template, mut context) in jobs {
        context.insert_value("site", site_value.clone());
        match templates.render(template, &context, &path) {
            Ok(text) => files.push((path, text)),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// The feed articles whose whole body the feed carries: the newest dated
/// ones, when `feed: { content: full }` (the default); none otherwise.
pub fn full_content_pages(config: &SiteConfig, site: &LinkedSite) -> Vec<usize> {
    match config.feed_content {
        FeedContent::Full => site.dated_pages().into_iter().take(FEED_ENTRIES).collect(),
        FeedContent::Summary => Vec::new(),
    }
}

/// The `site` variable of the built-in templates: the one every page gets,
/// without the menu and the booking link, which no machine-readable file
/// shows.
fn site_value(config: &SiteConfig, site: &LinkedSite) -> Value {
    map([
        ("title", Value::from(config.title.as_str())),
        ("description", Value::from(config.description.as_str())),
        ("language", Value::from(config.language.as_str())),
        ("base_url", Value::from(config.base_url.as_str())),
        ("base_path", Value::from(config.base_path.as_str())),
        (
            "author",
            map([
                ("name", Value::from(config.author.name.as_str())),
                ("email", Value::from(config.author.email.clone())),
            ]),
        ),
        ("feed_url", Value::from(config.url("/atom.xml"))),
        ("stylesheet_url", stylesheet_url(config, site)),
        ("extra", Value::from_serializable(&config.extra)),
    ])
}

/// `site.stylesheet_url`: the fingerprinted stylesheet's URL, or none when
/// neither the theme nor the site has a `style.css`.
pub fn stylesheet_url(config: &SiteConfig, site: &LinkedSite) -> Value {
    site.stylesheet
        .as_ref()
        .map_or_else(Value::none, |sheet| Value::from(config.url(&sheet.path)))
}

/// The feed's values: the newest dated articles, with absolute links and
/// RFC 3339 dates, and the newest of their dates as the feed's own. Each
/// entry's HTML is its whole body or its summary (see [`FeedContent`]),
/// with every link and picture made absolute from the entry's address, as
/// feed readers show it away from the site.
fn atom_context(
    config: &SiteConfig,
    site: &LinkedSite,
    summaries: &[Value],
    contents: &HashMap<usize, String>,
) -> Context {
    let newest: Vec<usize> = site.dated_pages().into_iter().take(FEED_ENTRIES).collect();
    let updated = newest
        .iter()
        .filter_map(|&i| {
            let front = &site.pages[i].parsed.front;
            front.updated.or(front.date)
        })
        .max()
        .map_or_else(|| NO_DATE.to_string(), |d| d.rfc3339());
    let entries: Vec<Value> = newest
        .iter()
        .filter_map(|&index| {
            let page = &site.pages[index];
            let front = &page.parsed.front;
            let published = front.date?;
            let summary_html = summaries
                .get(index)
                .and_then(Value::as_map)
                .and_then(|map| map.get(&"summary".into()))
                .and_then(Value::as_str)
                .unwrap_or_default();
            let permalink = config.permalink(&page.path);
            // Plain (not `safe`) strings, so that the template's escaping
            // writes them as the text that Atom's `type="html"` content is.
            let summary = absolute_links(summary_html, &permalink);
            let content = match config.feed_content {
                FeedContent::Full => contents
                    .get(&index)
                    .map_or_else(|| summary.clone(), |body| absolute_links(body, &permalink)),
                FeedContent::Summary => summary.clone(),
            };
            let tags: Vec<Value> = front
                .tags
                .iter()
                .filter_map(|name| {
                    // A tag without a usable slug was an error when linking.
                    let slug = crate::paths::slug_in(name, &config.language);
                    (!slug.is_empty()).then(|| {
                        map([
                            ("name", Value::from(name.as_str())),
                            ("slug", Value::from(slug)),
                        ])
                    })
                })
                .collect();
            Some(map([
                ("title", Value::from(front.title.as_str())),
                ("description", Value::from(front.description.as_str())),
                ("url", Value::from(config.url(&page.path))),
                ("permalink", Value::from(permalink)),
                ("published", Value::from(published.rfc3339())),
                (
                    "updated",
                    Value::from(front.updated.unwrap_or(published).rfc3339()),
                ),
                ("tags", Value::from(tags)),
                ("content", Value::from(content)),
                ("summary", Value::from(summary)),
            ]))
        })
        .collect();
    let mut context = Context::new();
    context.insert_value("feed_url", Value::from(config.permalink("/atom.xml")));
    context.insert_value("home_url", Value::from(config.permalink("/")));
    context.insert_value("updated", Value::from(updated));
    context.insert_value("entries", Value::from(entries));
    context
}

/// Attributes that hold one URL, and the one that holds a list of them.
const URL_ATTRIBUTES: [&str; 4] = ["href", "src", "poster", "cite"];

/// `html` with every relative URL in a link, picture or media attribute
/// resolved against `base` (the entry's absolute address). HTML the
/// rewriter cannot read is returned as it is.
pub(super) fn absolute_links(html: &str, base: &str) -> String {
    use lol_html::{RewriteStrSettings, element, rewrite_str};
    let Ok(base) = url::Url::parse(base) else {
        return html.to_string();
    };
    let resolve = |value: &str| base.join(value.trim()).map(String::from).ok();
    let mut handlers = Vec::new();
    for attribute in URL_ATTRIBUTES {
        let selector = format!("[{attribute}]");
        let resolve = &resolve;
        handlers.push(element!(selector, move |el| {
            if let Some(value) = el.get_attribute(attribute)
                && let Some(absolute) = resolve(&value)
            {
                el.set_attribute(attribute, &absolute)?;
            }
            Ok(())
        }));
    }
    let resolve_set = |value: &str| {
        value
            .split(',')
            .map(|candidate| {
                let candidate = candidate.trim();
                let (url, size) = candidate.split_once(' ').unwrap_or((candidate, ""));
                let url = resolve(url).unwrap_or_else(|| url.to_string());
                if size.is_empty() {
                    url
                } else {
                    format!("{url} {}", size.trim())
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    handlers.push(element!("[srcset]", |el| {
        if let Some(value) = el.get_attribute("srcset") {
            el.set_attribute("srcset", &resolve_set(&value))?;
        }
        Ok(())
    }));
    let settings = handlers
        .into_iter()
        .fold(RewriteStrSettings::new(), |settings, handler| {
            settings.append_element_content_handler(handler)
        });
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// The sitemap's values: every page placing listed (see
/// [`crate::paths::Listing`]), by path, with the day of its last change
/// where it has one.
fn sitemap_context(config: &SiteConfig, site: &LinkedSite) -> Context {
    let entries: Vec<Value> = site
        .sitemap
        .iter()
        .map(|listed| {
            map([
                ("permalink", Value::from(config.permalink(&listed.path))),
                ("lastmod", Value::from(listed.lastmod.clone())),
            ])
        })
        .collect();
    let mut context = Context::new();
    context.insert_value("entries", Value::from(entries));
    context
}

fn robots_context(config: &SiteConfig) -> Context {
    let mut context = Context::new();
    context.insert_value("sitemap_url", Value::from(config.permalink("/sitemap.xml")));
    context
}

/// The referral guidelines as the redirect pages' footer shows them, or
/// none when the site has no `referral.yaml`.
fn referral_value(config: &SiteConfig, site: &LinkedSite) -> Value {
    site.referral.as_ref().map_or_else(Value::none, |referral| {
        let data = &referral.parsed.referral;
        map([
            ("title", Value::from(data.title.as_str())),
            ("scope", Value::from(data.scope.as_str())),
            ("url", Value::from(config.url(&referral.path))),
            ("permalink", Value::from(config.permalink(&referral.path))),
        ])
    })
}

/// The values of the tiny page that sends visitors and search engines from
/// an old URL to the new one. Like every page, it carries the referral
/// scope statement.
fn alias_context(
    config: &SiteConfig,
    site: &LinkedSite,
    alias: &crate::link::Alias,
    referral: &Value,
) -> Context {
    let target = &site.pages[alias.target];
    let mut context = Context::new();
    context.insert_value(
        "target",
        map([
            ("title", Value::from(target.title())),
            ("url", Value::from(config.url(&target.path))),
            ("permalink", Value::from(config.permalink(&target.path))),
        ]),
    );
    context.insert_value("current_url", Value::from(alias_url(config, &alias.file)));
    context.insert_value("referral", referral.clone());
    context
}

/// The URL an alias's file answers at: `blog/x/index.html` -> `/blog/x/`.
fn alias_url(config: &SiteConfig, file: &str) -> String {
    config.url(&hosts::alias_site_path(file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::BuildOptions;

    #[test]
    fn an_alias_answers_at_its_folder_or_its_file() {
        let config = SiteConfig::parse(
            "title: T\nbase_url: https://a.example/practice\n",
            &BuildOptions::default(),
        )
        .unwrap();
        assert_eq!(alias_url(&config, "blog/x/index.html"), "/practice/blog/x/");
        assert_eq!(alias_url(&config, "index.html"), "/practice/");
        assert_eq!(alias_url(&config, "old.html"), "/practice/old.html");
        assert_eq!(
            alias_url(&config, "blog/myindex.html"),
            "/practice/blog/myindex.html"
        );
    }

    #[test]
    fn feed_html_gets_absolute_links_and_pictures() {
        let base = "https://a.example/practice/articles/x/";
        let html = "<p><a href=\"/practice/about/\">a</a> <a href=\"#n\">n</a> <a href=\"https://b.example/\">b</a> <a href=\"mailto:x@a.example\">m</a><img src=\"photo.jpg\" alt=\"&quot;A&amp;B&quot;\" srcset=\"p-480.jpg 480w, p-800.jpg 800w\"></p>";
        let out = absolute_links(html, base);
        assert!(
            out.contains("href=\"https://a.example/practice/about/\""),
            "{out}"
        );
        assert!(
            out.contains("href=\"https://a.example/practice/articles/x/#n\""),
            "{out}"
        );
        assert!(out.contains("href=\"https://b.example/\""), "{out}");
        assert!(out.contains("href=\"mailto:x@a.example\""), "{out}");
        assert!(
            out.contains("src=\"https://a.example/practice/articles/x/photo.jpg\""),
            "{out}"
        );
        assert!(out.contains("srcset=\"https://a.example/practice/articles/x/p-480.jpg 480w, https://a.example/practice/articles/x/p-800.jpg 800w\""), "{out}");
        assert!(out.contains("alt=\"&quot;A&amp;B&quot;\""), "{out}");
    }
}
