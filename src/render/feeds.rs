//! Machine-readable files: the Atom feed, the sitemap, robots.txt, and the
//! redirect pages of aliases. Each is rendered through a template (built
//! in, unless the theme or the site gives one of the same name); this file
//! builds their values from the linked site alone (entries, RFC 3339 dates,
//! absolute URLs), so the same input always gives the same bytes.

use std::collections::BTreeMap;

use tera::{Context, Value};

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::link::{LinkedSite, tag_path};
use crate::parse::PageKind;
use crate::render::templates::{
    ALIAS_TEMPLATE, ATOM_TEMPLATE, ROBOTS_TEMPLATE, SITEMAP_TEMPLATE, Templates,
};

/// How many articles the feed carries.
const FEED_ENTRIES: usize = 20;
/// The feed's `<updated>` when no entry has a date.
const NO_DATE: &str = "1970-01-01T00:00:00Z";

/// The feed, the sitemap, robots.txt and the alias redirect pages, as
/// (path, text) pairs; or every template error among them.
pub fn feed_files(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
    summaries: &[Value],
) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let site_value = site_value(config);
    let mut jobs = vec![
        (
            "atom.xml".to_string(),
            ATOM_TEMPLATE,
            atom_context(config, site, summaries),
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
    let mut files = Vec::with_capacity(jobs.len());
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

fn map<const N: usize>(entries: [(&'static str, Value); N]) -> Value {
    Value::from(BTreeMap::from(entries))
}

/// The `site` variable of the built-in templates: the one every page gets,
/// without the menu and the booking link, which no machine-readable file
/// shows.
fn site_value(config: &SiteConfig) -> Value {
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
        ("extra", Value::from_serializable(&config.extra)),
    ])
}

/// The feed's values: the newest dated articles, with absolute links and
/// RFC 3339 dates, and the newest of their dates as the feed's own.
fn atom_context(config: &SiteConfig, site: &LinkedSite, summaries: &[Value]) -> Context {
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
            // The summary is HTML; a plain (not `safe`) string, so that
            // the template's escaping writes it as the text that Atom's
            // `type="html"` content is.
            let summary = summaries
                .get(index)
                .and_then(Value::as_map)
                .and_then(|map| map.get(&"summary".into()))
                .and_then(Value::as_str)
                .unwrap_or_default();
            let tags: Vec<Value> = front
                .tags
                .iter()
                .map(|tag| Value::from(tag.as_str()))
                .collect();
            Some(map([
                ("title", Value::from(front.title.as_str())),
                ("description", Value::from(front.description.as_str())),
                ("url", Value::from(config.url(&page.path))),
                ("permalink", Value::from(config.permalink(&page.path))),
                ("published", Value::from(published.rfc3339())),
                (
                    "updated",
                    Value::from(front.updated.unwrap_or(published).rfc3339()),
                ),
                ("tags", Value::from(tags)),
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

/// The sitemap's values: every page, tag page, comparison page and the
/// referral page, by path, with the date of the last change where a page
/// has one.
fn sitemap_context(config: &SiteConfig, site: &LinkedSite) -> Context {
    let mut urls: Vec<(String, Option<String>)> = site
        .pages
        .iter()
        .map(|page| {
            let front = &page.parsed.front;
            let lastmod = front.updated.or(front.date).map(|d| d.iso_date());
            (page.path.clone(), lastmod)
        })
        .collect();
    if site.pages.iter().any(|p| p.parsed.kind == PageKind::Page) {
        urls.push(("/tags/".to_string(), None));
    }
    urls.extend(site.tags.iter().map(|tag| (tag_path(&tag.slug), None)));
    if !site.comparisons.is_empty() {
        urls.push(("/comparisons/".to_string(), None));
    }
    urls.extend(site.comparisons.iter().map(|c| (c.path.clone(), None)));
    // The referral guidelines are a page like any other: every footer
    // links to them, and search engines should find them.
    urls.extend(site.referral.iter().map(|r| (r.path.clone(), None)));
    urls.extend(site.glossary.iter().map(|g| (g.path.clone(), None)));
    urls.sort();
    let entries: Vec<Value> = urls
        .into_iter()
        .map(|(path, lastmod)| {
            map([
                ("permalink", Value::from(config.permalink(&path))),
                ("lastmod", Value::from(lastmod)),
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
    match file.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => {
            config.url(&format!("/{folder}"))
        }
        _ => config.url(&format!("/{file}")),
    }
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
}
