//! Search: the output holds Pagefind's index and scripts under
//! `/pagefind/`, the search page loads them (and only it does), every
//! page's header has a plain GET form to `/search/` with `name="q"`,
//! `search: false` turns it all off for the site or leaves one page out of
//! the index, and the one-owner rule holds for the index's folder. HTML is
//! parsed with scraper, JSON with serde_json. The browser test of the
//! search itself is in `tests/browser.rs`.

mod common;

use common::Site;
use scraper::{Html, Selector};

/// A site with two articles, one of them left out of search; each has a
/// word no other page has.
pub fn fixture() -> Site {
    let site = Site::new();
    site.write(
        "content/articles/first.md",
        "---\ntitle: First steps\ndescription: The first one.\ndate: 2026-01-05\ntags: [goals]\n---\nA quokkaberry grows in the garden.\n",
    );
    site.write(
        "content/articles/private.md",
        "---\ntitle: Not for search\ndescription: Kept out.\ndate: 2026-01-06\nsearch: false\n---\nThe zebrawood table stays unfound.\n",
    );
    site
}

fn select<'a>(page: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(css).unwrap()).collect()
}

fn entry(site: &Site) -> serde_json::Value {
    serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).expect("entry JSON")
}

#[test]
fn the_output_has_the_index_and_pagefinds_scripts() {
    let site = fixture();
    site.build().assert_success();
    for file in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-ui.css",
        "pagefind/pagefind-worker.js",
        "pagefind/wasm.unknown.pagefind",
        "pagefind/wasm.en.pagefind",
        "search/index.html",
        "search.js",
    ] {
        assert!(site.exists(file), "no {file}");
    }
    let meta = std::fs::read_dir(site.path("public/pagefind"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".pf_meta"))
        .count();
    assert_eq!(meta, 1, "one index meta file");
    assert!(
        site.path("public/pagefind/fragment")
            .read_dir()
            .unwrap()
            .count()
            >= 1
    );
    // The one article that may be found: not the home page, the section,
    // the contact page's list... only plain pages: first.md and contact.md.
    let languages = &entry(&site)["languages"];
    assert_eq!(languages["en"]["page_count"], 2, "{languages}");
}

#[test]
fn the_search_page_loads_pagefind_and_no_other_page_does() {
    let site = fixture();
    site.build().assert_success();
    let search = Html::parse_document(&site.read("search/index.html"));
    let scripts: Vec<&str> = select(&search, "script[src]")
        .iter()
        .filter_map(|s| s.value().attr("src"))
        .collect();
    assert_eq!(scripts, ["/pagefind/pagefind-ui.js", "/search.js"]);
    for script in select(&search, "script[src]") {
        assert!(script.value().attr("defer").is_some());
    }
    assert_eq!(
        select(&search, "script:not([src])").len(),
        1,
        "only JSON-LD"
    );
    assert_eq!(
        select(&search, "script:not([src])")[0].value().attr("type"),
        Some("application/ld+json")
    );
    let styles: Vec<&str> = select(&search, "link[rel=stylesheet]")
        .iter()
        .filter_map(|s| s.value().attr("href"))
        .collect();
    assert!(styles.contains(&"/pagefind/pagefind-ui.css"), "{styles:?}");
    let ui = select(&search, "#search");
    assert_eq!(ui[0].value().attr("data-bundle"), Some("/pagefind/"));
    // Not for search engines: noindex, no canonical, not in the sitemap.
    let robots = select(&search, "meta[name=robots]");
    assert_eq!(robots[0].value().attr("content"), Some("noindex"));
    assert!(!site.read("sitemap.xml").contains("/search/"));
    // Without JavaScript: says so, and lists the tags and sections.
    // With scripting on, as in browsers, a parser reads noscript as text.
    let fallback: String = select(&search, "noscript")[0].text().collect();
    let fallback = Html::parse_fragment(&fallback);
    let text: String = fallback.root_element().text().collect();
    assert!(text.contains("Search needs JavaScript"), "{text}");
    let links: Vec<&str> = select(&fallback, "a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["/tags/goals/", "/articles/"]);
    // Any other page: no Pagefind file.
    let article = Html::parse_document(&site.read("articles/first/index.html"));
    assert!(select(&article, "script[src]").is_empty());
    assert!(!site.read("articles/first/index.html").contains("pagefind"));
}

#[test]
fn every_page_has_a_get_form_to_the_search_page() {
    let site = fixture();
    site.write(
        "content/site.yaml",
        common::SITE_YAML.replace("https://test.example", "https://test.example/practice"),
    );
    site.build().assert_success();
    for page in [
        "index.html",
        "articles/first/index.html",
        "404.html",
        "tags/index.html",
    ] {
        let html = Html::parse_document(&site.read(page));
        // One in the header row for wide screens, one in the phone menu.
        let forms = select(&html, "header form[role=search]");
        assert_eq!(forms.len(), 2, "{page}");
        assert_eq!(
            select(&html, ".header-inner > form[role=search]").len(),
            1,
            "{page}"
        );
        assert_eq!(
            select(&html, "details.site-menu form[role=search]").len(),
            1,
            "{page}"
        );
        let mut ids = Vec::new();
        for form in forms {
            assert_eq!(
                form.value().attr("action"),
                Some("/practice/search/"),
                "{page}"
            );
            assert_eq!(form.value().attr("method"), Some("get"), "{page}");
            let inputs: Vec<_> = form.select(&Selector::parse("input").unwrap()).collect();
            assert_eq!(inputs.len(), 1, "{page}: one field, so the address is ?q=");
            let input = inputs[0].value();
            assert_eq!(input.attr("name"), Some("q"));
            let id = input.attr("id").expect("the field has an id");
            let label = select(&html, &format!("header form label[for={id}]"));
            assert_eq!(label.len(), 1, "{page}: the field has a label");
            assert!(!label[0].text().collect::<String>().trim().is_empty());
            ids.push(id.to_string());
        }
        assert_ne!(
            ids[0], ids[1],
            "{page}: the two fields have ids of their own"
        );
    }
    // The search page and the index are under the base path's folder too.
    let search = Html::parse_document(&site.read("search/index.html"));
    assert_eq!(
        select(&search, "#search")[0].value().attr("data-bundle"),
        Some("/practice/pagefind/")
    );
}

#[test]
fn search_false_in_front_matter_leaves_the_page_out_of_the_index() {
    let site = fixture();
    site.build().assert_success();
    assert_eq!(entry(&site)["languages"]["en"]["page_count"], 2);
    site.write(
        "content/articles/private.md",
        "---\ntitle: Not for search\ndescription: Kept out.\ndate: 2026-01-06\n---\nThe zebrawood table.\n",
    );
    site.build().assert_success();
    assert_eq!(entry(&site)["languages"]["en"]["page_count"], 3);
}

#[test]
fn search_false_in_site_yaml_turns_search_off() {
    let site = fixture();
    site.write(
        "content/site.yaml",
        format!("{}search: false\n", common::SITE_YAML),
    );
    site.build().assert_success();
    assert!(!site.exists("search"));
    assert!(!site.exists("pagefind"));
    let home = Html::parse_document(&site.read("index.html"));
    assert!(select(&home, "form[role=search]").is_empty());
    assert!(!site.read("_headers").contains("/search/"));
}

#[test]
fn a_site_without_articles_has_no_search() {
    let site = Site::new();
    site.build().assert_success();
    assert!(!site.exists("search"));
    assert!(!site.exists("pagefind"));
    let home = Html::parse_document(&site.read("index.html"));
    assert!(select(&home, "form[role=search]").is_empty());
}

#[test]
fn a_file_in_the_index_folder_has_two_owners() {
    let site = fixture();
    site.write("static/pagefind/pagefind.js", "// mine\n");
    site.build()
        .assert_error(&["duplicate-url", "the search index", "/pagefind/pagefind.js"]);
    // With search off, the folder is the site's own.
    site.write(
        "content/site.yaml",
        format!("{}search: false\n", common::SITE_YAML),
    );
    site.build().assert_success();
    assert_eq!(site.read("pagefind/pagefind.js"), "// mine\n");
}

/// One policy for every path, so that a host that sends every matching
/// rule's headers (Cloudflare Pages) does not add a stricter one that
/// blocks Pagefind; it allows WebAssembly only with search on.
#[test]
fn every_path_has_one_policy_that_allows_webassembly_only_with_search() {
    let site = fixture();
    let policies = |site: &Site, path: &str| {
        let rules = common::header_rules(&site.read("_headers"));
        common::header_values(&rules, path, "Content-Security-Policy")
    };
    site.build().assert_success();
    for path in [
        "/",
        "/articles/first/",
        "/search/",
        "/pagefind/pagefind-worker.js",
    ] {
        let policies = policies(&site, path);
        assert_eq!(policies.len(), 1, "{path}: {policies:?}");
        assert!(
            policies[0].contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{path}: {policies:?}"
        );
        assert!(!policies[0].contains("unsafe-inline") && !policies[0].contains("'unsafe-eval'"));
    }
    site.write(
        "content/site.yaml",
        format!("{}search: false\n", common::SITE_YAML),
    );
    site.build().assert_success();
    let policies = policies(&site, "/articles/first/");
    assert_eq!(policies.len(), 1, "{policies:?}");
    assert!(policies[0].contains("script-src 'self';"), "{policies:?}");
    assert!(!policies[0].contains("wasm"), "{policies:?}");
}

/// `check` renders every page in memory but makes no index: it writes
/// nothing, and at 10,000 articles the index took longer than the rest.
#[test]
fn check_makes_no_search_index() {
    let site = fixture();
    let options = hearth::config::BuildOptions {
        root: site.root().to_path_buf(),
        ..Default::default()
    };
    let attempt = hearth::build::run_pipeline(&options);
    let output = attempt.output.expect("the fixture checks without errors");
    assert!(output.files.contains_key("search/index.html"));
    let index: Vec<&String> = output
        .files
        .keys()
        .filter(|path| path.starts_with("pagefind/"))
        .collect();
    assert!(index.is_empty(), "{index:?}");
    site.hearth(&["check"]).assert_success();
}
