//! Related reading at the end of each article: ranked by links either way,
//! shared tags and shared link targets, at most three, the same every build.

mod common;

use common::Site;
use scraper::{Html, Selector};

fn article(title: &str, tags: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: About {title}.\ndate: 2026-01-01\ntags: [{tags}]\n---\n\n{body}\n"
    )
}

/// The titles and hrefs of an article's "Read next" list.
fn related(site: &Site, path: &str) -> Vec<(String, String)> {
    let html = Html::parse_document(&site.read(path));
    let links = Selector::parse("section.related li > a").unwrap();
    html.select(&links)
        .map(|a| {
            let text = a.text().collect::<String>();
            (text, a.value().attr("href").unwrap_or_default().to_string())
        })
        .collect()
}

fn fixture() -> Site {
    let site = Site::new();
    let a = "content/articles";
    site.write(
        &format!("{a}/alpha.md"),
        article("Alpha", "parts, goals", "See [[Gamma]]."),
    );
    site.write(
        &format!("{a}/beta.md"),
        article("Beta", "parts, goals", "Text."),
    );
    site.write(&format!("{a}/gamma.md"), article("Gamma", "other", "Text."));
    site.write(&format!("{a}/delta.md"), article("Delta", "parts", "Text."));
    site.write(
        &format!("{a}/epsilon.md"),
        article("Epsilon", "goals", "Text."),
    );
    site.write(
        &format!("{a}/zeta.md"),
        article("Zeta", "unrelated", "Text."),
    );
    site.write(
        "content/_index.md",
        "---\ntitle: Home\n---\n\n[[Alpha]] [[Beta]] [[Gamma]] [[Delta]] [[Epsilon]] [[Zeta]]\n",
    );
    site
}

#[test]
fn articles_list_the_closest_three() {
    let site = fixture();
    site.build().assert_success();
    let alpha = related(&site, "articles/alpha/index.html");
    let titles: Vec<&str> = alpha.iter().map(|(t, _)| t.as_str()).collect();
    // Gamma: linked (4). Beta: two shared tags (4), tie broken by title.
    // Delta and Epsilon: one shared tag (2) each; Delta wins on title.
    assert_eq!(titles, ["Beta", "Gamma", "Delta"]);
    assert_eq!(alpha[1].1, "/articles/gamma/");
    // The link counts from the other side too: Gamma lists Alpha.
    let gamma = related(&site, "articles/gamma/index.html");
    assert_eq!(gamma.first().map(|(t, _)| t.as_str()), Some("Alpha"));
    // Nothing in common: no list at all.
    assert!(related(&site, "articles/zeta/index.html").is_empty());
    let zeta = Html::parse_document(&site.read("articles/zeta/index.html"));
    assert!(
        zeta.select(&Selector::parse("section.related").unwrap())
            .next()
            .is_none()
    );
    // The summary line is the description.
    let html = Html::parse_document(&site.read("articles/alpha/index.html"));
    let line = html
        .select(&Selector::parse("section.related li p").unwrap())
        .next()
        .map(|p| p.text().collect::<String>());
    assert_eq!(line.as_deref(), Some("About Beta."));
    // Pages that are not articles list none.
    let home = Html::parse_document(&site.read("index.html"));
    assert!(
        home.select(&Selector::parse("section.related").unwrap())
            .next()
            .is_none()
    );
}

#[test]
fn the_lists_are_the_same_on_every_build() {
    let site = fixture();
    site.build().assert_success();
    let first: Vec<_> = ["alpha", "beta", "delta", "epsilon"]
        .iter()
        .map(|a| related(&site, &format!("articles/{a}/index.html")))
        .collect();
    site.build().assert_success();
    let second: Vec<_> = ["alpha", "beta", "delta", "epsilon"]
        .iter()
        .map(|a| related(&site, &format!("articles/{a}/index.html")))
        .collect();
    assert_eq!(first, second);
}

#[test]
fn equal_scores_go_to_the_newest_then_by_title_ignoring_case() {
    let site = Site::new();
    let a = "content/articles";
    let dated = |title: &str, date: &str| {
        format!(
            "---\ntitle: {title}\ndescription: About {title}.\ndate: {date}\ntags: [parts]\n---\n\nText.\n"
        )
    };
    site.write(&format!("{a}/hub.md"), dated("Hub", "2026-01-01"));
    // Every other article shares the one tag with Hub: the same score.
    site.write(&format!("{a}/old.md"), dated("Aardvark", "2025-01-01"));
    site.write(&format!("{a}/newest.md"), dated("Zebra", "2026-03-01"));
    site.write(&format!("{a}/lower.md"), dated("banana", "2026-02-01"));
    site.write(&format!("{a}/upper.md"), dated("Cherry", "2026-02-01"));
    site.write(&format!("{a}/mid.md"), dated("Apple", "2026-02-01"));
    site.write(&format!("{a}/older.md"), dated("Able", "2025-06-01"));
    site.build().assert_success();
    let titles: Vec<String> = related(&site, "articles/hub/index.html")
        .into_iter()
        .map(|(title, _)| title)
        .collect();
    // Zebra is newest; then three of 2026-02-01, by title whatever the case,
    // of which two fit; the older ones are left out.
    assert_eq!(titles, ["Zebra", "Apple", "banana"]);
}
