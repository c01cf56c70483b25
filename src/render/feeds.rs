//! Machine-readable files: the Atom feed, the sitemap, robots.txt, and the
//! redirect pages of aliases. All are built from the linked site alone, so
//! the same input always gives the same bytes.

use tera::Value;

use crate::config::SiteConfig;
use crate::link::{LinkedSite, tag_path};
use crate::markdown::escape;
use crate::parse::PageKind;
use crate::render::templates::valid_text;

/// How many articles the feed carries.
const FEED_ENTRIES: usize = 20;

/// The feed, the sitemap, robots.txt and the alias redirect pages, as
/// (path, text) pairs.
pub fn feed_files(
    config: &SiteConfig,
    site: &LinkedSite,
    summaries: &[Value],
) -> Vec<(String, String)> {
    let mut files = vec![
        ("atom.xml".to_string(), atom(config, site, summaries)),
        ("sitemap.xml".to_string(), sitemap(config, site)),
        (
            "robots.txt".to_string(),
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                config.permalink("/sitemap.xml")
            ),
        ),
    ];
    for alias in &site.aliases {
        let target = &site.pages[alias.target];
        files.push((
            alias.file.clone(),
            redirect_page(config, site, &target.path, target.title()),
        ));
    }
    files
        .into_iter()
        .map(|(path, text)| (path, valid_text(text)))
        .collect()
}

fn atom(config: &SiteConfig, site: &LinkedSite, summaries: &[Value]) -> String {
    let entries: Vec<usize> = site.dated_pages().into_iter().take(FEED_ENTRIES).collect();
    let updated = entries
        .iter()
        .filter_map(|&i| {
            let front = &site.pages[i].parsed.front;
            front.updated.or(front.date)
        })
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    xml.push_str(&format!(" xml:lang=\"{}\">\n", escape(&config.language)));
    xml.push_str(&format!("  <title>{}</title>\n", escape(&config.title)));
    if !config.description.is_empty() {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape(&config.description)
        ));
    }
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&config.permalink("/atom.xml"))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&config.permalink("/"))
    ));
    xml.push_str(&format!(
        "  <id>{}</id>\n  <updated>{updated}</updated>\n",
        escape(&config.permalink("/"))
    ));
    xml.push_str("  <generator>Hearth</generator>\n");
    if !config.author.name.is_empty() {
        xml.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            escape(&config.author.name)
        ));
    }
    for &index in &entries {
        let page = &site.pages[index];
        let front = &page.parsed.front;
        let link = config.permalink(&page.path);
        let Some(published) = front.date else {
            continue;
        };
        let updated = front.updated.unwrap_or(published);
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape(&front.title)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&link)
        ));
        xml.push_str(&format!("    <id>{}</id>\n", escape(&link)));
        xml.push_str(&format!(
            "    <published>{}</published>\n",
            published.rfc3339()
        ));
        xml.push_str(&format!("    <updated>{}</updated>\n", updated.rfc3339()));
        for tag in &front.tags {
            xml.push_str(&format!("    <category term=\"{}\"/>\n", escape(tag)));
        }
        let summary = summaries[index]
            .as_map()
            .and_then(|map| map.get(&"summary".into()))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if !front.description.is_empty() {
            xml.push_str(&format!(
                "    <summary>{}</summary>\n",
                escape(&front.description)
            ));
        }
        if !summary.is_empty() {
            xml.push_str(&format!(
                "    <content type=\"html\">{}</content>\n",
                escape(&summary)
            ));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

fn sitemap(config: &SiteConfig, site: &LinkedSite) -> String {
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
    urls.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in urls {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape(&config.permalink(&path))
        ));
        if let Some(lastmod) = lastmod {
            xml.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A tiny page that sends visitors and search engines from an old URL to
/// the new one. Like every page, it carries the referral scope statement.
fn redirect_page(config: &SiteConfig, site: &LinkedSite, path: &str, title: &str) -> String {
    let url = escape(&config.url(path));
    let permalink = escape(&config.permalink(path));
    let title = escape(title);
    let footer = match &site.referral {
        Some(referral) => format!(
            "<footer>\n<p>{} <a href=\"{}\">{}</a></p>\n</footer>\n",
            escape(&referral.parsed.referral.scope),
            escape(&config.url(&referral.path)),
            escape(&referral.parsed.referral.title)
        ),
        None => String::new(),
    };
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{permalink}\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<main>\n<p>This page has moved to <a href=\"{url}\">{title}</a>.</p>\n</main>\n{footer}</body>\n</html>\n",
        lang = escape(&config.language)
    )
}
