//! Found and shared: every HTML page's head carries the OpenGraph set and
//! one JSON-LD script that parses and says the right things; articles get
//! their `article:*` tags and a byline; no title breaks out of the script;
//! the 404 page is not indexed; pages that share a description are named.
//! HTML is parsed with scraper and JSON with serde_json, never grepped.

mod common;

use std::path::Path;

use common::Site;
use scraper::{Html, Selector};
use serde_json::Value;

const REFERRAL: &str = "title: When to see a therapist first\nintro: Coaching supports growth. It does not treat illness.\nscope: I am a coach.\ncriteria:\n  - { level: urgent, text: You have thoughts of suicide. }\nresources:\n  - { name: Lifeline, phone: \"988\" }\n";
const COMPARISON: &str = "title: Coaching or therapy?\ndescription: How they differ.\ncolumns:\n  - { id: coaching, label: Coaching }\n  - { id: therapy, label: Therapy }\nrows:\n  - { coaching: The present, therapy: The past too }\n";

const SITE_YAML: &str = "title: Test Practice\nbase_url: https://test.example\ndescription: A test site.\nlanguage: en\nauthor: { name: Alex Doe, credentials: Certified coach (ICF) }\nmenu:\n  - { label: Articles, url: /articles/ }\n  - { label: About, url: /about/ }\n  - { label: Tags, url: /tags/ }\n  - { label: Comparisons, url: /comparisons/ }\nbooking: { label: Book a call, url: /contact/ }\n";

/// A fixture site with every kind of page: home, about, a section with two
/// articles (one by a guest), tags, a comparison and referral guidelines.
fn fixture() -> Site {
    let site = Site::new();
    site.write("content/site.yaml", SITE_YAML);
    site.write(
        "content/_index.md",
        "---\ntitle: Welcome\ndescription: Home of the practice.\n---\nHello.\n",
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\ndescription: Who I am.\n---\nHello.\n",
    );
    site.write(
        "content/articles/first.md",
        "---\ntitle: First steps\ndescription: The first one.\ndate: 2026-01-05\nupdated: 2026-02-01\ntags: [goals, Self Care]\n---\nHello.\n",
    );
    site.write(
        "content/articles/guest.md",
        "---\ntitle: A guest post\ndescription: Written by a friend.\ndate: 2026-03-01\nauthor: Jo Guest\ntags: [goals]\n---\nHello.\n",
    );
    site.write("content/referral.yaml", REFERRAL);
    site.write("content/comparisons/coaching-vs-therapy.yaml", COMPARISON);
    site
}

fn built(site: &Site) {
    site.build().assert_success();
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
    html.select(&selector).collect()
}

/// The `content` of the one `meta` matching `css`, failing when there are
/// none or several.
fn meta(html: &Html, css: &str, page: &str) -> String {
    let found = select(html, css);
    assert_eq!(
        found.len(),
        1,
        "{page}: expected one `{css}`, found {}",
        found.len()
    );
    found[0]
        .value()
        .attr("content")
        .unwrap_or_default()
        .to_string()
}

fn metas(html: &Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .map(|e| e.value().attr("content").unwrap_or_default().to_string())
        .collect()
}

/// The one JSON-LD script of a page, parsed.
fn json_ld(html: &Html, page: &str) -> Value {
    let scripts = select(html, r#"script[type="application/ld+json"]"#);
    assert_eq!(scripts.len(), 1, "{page}: expected one ld+json script");
    let text: String = scripts[0].text().collect();
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{page}: JSON-LD does not parse ({e}): {text}"))
}

/// The nodes of a JSON-LD `@graph`, by `@type`.
fn node<'a>(data: &'a Value, kind: &str) -> &'a Value {
    data["@graph"]
        .as_array()
        .and_then(|nodes| nodes.iter().find(|n| n["@type"] == kind))
        .unwrap_or_else(|| panic!("no {kind} in {data:#}"))
}

fn types(data: &Value) -> Vec<String> {
    data["@graph"]
        .as_array()
        .map(|nodes| {
            nodes
                .iter()
                .map(|n| n["@type"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn page(site: &Site, file: &str) -> Html {
    Html::parse_document(&site.read(file))
}

/// Every HTML page under `public`, leaving out alias pages (which only
/// redirect, and are another part's to describe).
fn html_pages(public: &Path) -> Vec<(String, Html)> {
    common::snapshot(public)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, Html::parse_document(&String::from_utf8_lossy(&bytes))))
        .filter(|(_, html)| select(html, r#"meta[http-equiv="refresh"]"#).is_empty())
        .collect()
}

/// Asserts the OpenGraph set, the author, colour and JSON-LD tags of one page.
fn assert_head(path: &str, html: &Html, base_url: &str, site_title: &str) {
    let title = meta(html, r#"meta[property="og:title"]"#, path);
    assert!(!title.is_empty(), "{path}: empty og:title");
    let description = meta(html, r#"meta[name="description"]"#, path);
    assert_eq!(
        meta(html, r#"meta[property="og:description"]"#, path),
        description,
        "{path}"
    );
    assert!(!description.is_empty(), "{path}: empty description");
    let url = meta(html, r#"meta[property="og:url"]"#, path);
    assert!(
        url.starts_with(&format!("{base_url}/")),
        "{path}: og:url {url} is not absolute"
    );
    let og_type = meta(html, r#"meta[property="og:type"]"#, path);
    assert!(
        ["website", "article"].contains(&og_type.as_str()),
        "{path}: {og_type}"
    );
    assert_eq!(
        meta(html, r#"meta[property="og:site_name"]"#, path),
        site_title
    );
    assert!(!meta(html, r#"meta[property="og:locale"]"#, path).is_empty());
    assert!(!meta(html, r#"meta[name="author"]"#, path).is_empty());
    assert_eq!(
        meta(html, r#"meta[name="color-scheme"]"#, path),
        "light dark"
    );
    let light = meta(
        html,
        r#"meta[name="theme-color"][media="(prefers-color-scheme: light)"]"#,
        path,
    );
    let dark = meta(
        html,
        r#"meta[name="theme-color"][media="(prefers-color-scheme: dark)"]"#,
        path,
    );
    assert!(
        light.starts_with('#') && dark.starts_with('#') && light != dark,
        "{path}"
    );
    let canonical: Vec<&str> = select(html, r#"link[rel="canonical"]"#)
        .iter()
        .filter_map(|e| e.value().attr("href"))
        .collect();
    // Pages kept out of search engines (404, search) name no canonical.
    let noindex = select(html, r#"meta[name="robots"]"#).iter().any(|e| {
        e.value()
            .attr("content")
            .is_some_and(|c| c.contains("noindex"))
    });
    if noindex {
        assert!(
            canonical.is_empty(),
            "{path}: noindex, but canonical {canonical:?}"
        );
    } else {
        assert_eq!(
            canonical,
            [url.as_str()],
            "{path}: og:url and canonical differ"
        );
    }
    let data = json_ld(html, path);
    assert_eq!(data["@context"], "https://schema.org", "{path}");
    assert!(!types(&data).is_empty(), "{path}: an empty graph");
}

#[test]
fn every_page_of_a_fixture_site_has_the_opengraph_set() {
    let site = fixture();
    built(&site);
    let pages = html_pages(&site.path("public"));
    assert!(pages.len() >= 10, "only {} pages", pages.len());
    for (path, html) in &pages {
        assert_head(path, html, "https://test.example", "Test Practice");
    }
    // The theme-color values are the theme's own page colours.
    let css = std::fs::read_to_string(site.path("public/style.css")).unwrap();
    let (_, html) = &pages[0];
    for colour in metas(html, r#"meta[name="theme-color"]"#) {
        assert!(
            css.contains(&format!("--bg: {colour};")),
            "{colour} is not a --bg of style.css"
        );
    }
}

#[test]
fn every_page_of_the_demo_has_the_opengraph_set_and_its_own_description() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::run_in(root, &["build", "--out", public.to_str().unwrap()]).assert_success();
    let pages = html_pages(&public);
    assert!(pages.len() >= 20, "only {} pages", pages.len());
    let mut descriptions = std::collections::BTreeMap::new();
    for (path, html) in &pages {
        assert_head(path, html, "https://harbor.example", "Harbor Coaching");
        let description = meta(html, r#"meta[name="description"]"#, path);
        if let Some(other) = descriptions.insert(description.clone(), path.clone()) {
            panic!("{path} and {other} share the description {description:?}");
        }
    }
    let run = common::run_in(root, &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        !run.stdout.contains("duplicate-description"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_fresh_init_site_shares_no_description() {
    let dir = tempfile::tempdir().unwrap();
    common::run_in(dir.path(), &["init", "site"]).assert_success();
    let run = common::run_in(&dir.path().join("site"), &["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(!codes.contains(&"duplicate-description"), "{codes:?}");
}

#[test]
fn articles_carry_their_times_and_tags() {
    let site = fixture();
    built(&site);
    let html = page(&site, "articles/first/index.html");
    let p = "first";
    assert_eq!(meta(&html, r#"meta[property="og:type"]"#, p), "article");
    assert_eq!(
        meta(&html, r#"meta[property="article:published_time"]"#, p),
        "2026-01-05"
    );
    assert_eq!(
        meta(&html, r#"meta[property="article:modified_time"]"#, p),
        "2026-02-01"
    );
    assert_eq!(
        metas(&html, r#"meta[property="article:tag"]"#),
        ["goals", "Self Care"]
    );
    assert_eq!(meta(&html, r#"meta[name="author"]"#, p), "Alex Doe");
    // Without `updated`, the modified time is the publication date.
    let guest = page(&site, "articles/guest/index.html");
    assert_eq!(
        meta(&guest, r#"meta[property="article:modified_time"]"#, p),
        "2026-03-01"
    );
    assert_eq!(meta(&guest, r#"meta[name="author"]"#, p), "Jo Guest");
    // Pages that are not articles have no article tags.
    let about = page(&site, "about/index.html");
    assert_eq!(
        meta(&about, r#"meta[property="og:type"]"#, "about"),
        "website"
    );
    assert!(select(&about, r#"meta[property^="article:"]"#).is_empty());
}

#[test]
fn the_locale_claims_only_the_region_given() {
    let site = fixture();
    for (language, locale) in [("en", "en"), ("en-GB", "en_GB"), ("de", "de_DE")] {
        site.write(
            "content/site.yaml",
            SITE_YAML.replace("language: en\n", &format!("language: {language}\n")),
        );
        built(&site);
        let html = page(&site, "index.html");
        assert_eq!(
            meta(&html, r#"meta[property="og:locale"]"#, language),
            locale
        );
    }
}

#[test]
fn the_home_page_describes_the_site_and_the_coach() {
    let site = fixture();
    // A real photo: one that cannot be decoded fails the build.
    let mut jpeg = Vec::new();
    image::RgbImage::new(300, 300)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    site.write("content/about/portrait.jpg", jpeg);
    let yaml = SITE_YAML.replace(
        "author: { name: Alex Doe, credentials: Certified coach (ICF) }",
        "author:\n  name: Alex Doe\n  email: alex@test.example\n  photo: about/portrait.jpg\n  credentials: Certified coach (ICF)\nsocial:\n  - { label: LinkedIn, url: \"https://www.linkedin.com/in/alex\" }",
    );
    site.write("content/site.yaml", &yaml);
    built(&site);
    let data = json_ld(&page(&site, "index.html"), "home");
    assert_eq!(types(&data), ["WebSite", "Person"]);
    let website = node(&data, "WebSite");
    assert_eq!(website["name"], "Test Practice");
    assert_eq!(website["url"], "https://test.example/");
    assert_eq!(website["description"], "Home of the practice.");
    assert_eq!(website["inLanguage"], "en");
    assert_eq!(
        website["image"]["url"],
        "https://test.example/share/index.png"
    );
    let person = node(&data, "Person");
    assert_eq!(person["name"], "Alex Doe");
    assert_eq!(person["email"], "alex@test.example");
    assert_eq!(person["jobTitle"], "Certified coach (ICF)");
    assert_eq!(person["url"], "https://test.example/about/");
    assert_eq!(
        person["sameAs"],
        serde_json::json!(["https://www.linkedin.com/in/alex"])
    );
    let image = person["image"].as_str().unwrap();
    assert!(image.starts_with("https://test.example/"), "{image}");
    let image_path = image.trim_start_matches("https://test.example/");
    assert!(
        site.exists(image_path),
        "the photo {image} is not in the output"
    );

    // With a location, a LocalBusiness with an address, founded by the Person.
    site.write(
        "content/site.yaml",
        format!("{yaml}practice: {{ licensed: false, location: {{ city: Portland, region: OR, country: US }}, online: true }}\n"),
    );
    built(&site);
    let data = json_ld(&page(&site, "index.html"), "home");
    assert_eq!(types(&data), ["WebSite", "LocalBusiness"]);
    let business = node(&data, "LocalBusiness");
    assert_eq!(business["name"], "Test Practice");
    assert_eq!(business["url"], "https://test.example/");
    assert_eq!(
        business["address"],
        serde_json::json!({ "@type": "PostalAddress", "addressLocality": "Portland", "addressRegion": "OR", "addressCountry": "US" })
    );
    assert_eq!(business["founder"]["@type"], "Person");
    assert_eq!(business["founder"]["name"], "Alex Doe");
    assert_eq!(business["employee"]["name"], "Alex Doe");
    assert_eq!(node(&data, "WebSite")["publisher"]["@id"], business["@id"]);
}

#[test]
fn a_site_without_an_author_is_published_by_the_practice() {
    let site = fixture();
    site.write(
        "content/site.yaml",
        SITE_YAML.replace(
            "author: { name: Alex Doe, credentials: Certified coach (ICF) }\n",
            "",
        ),
    );
    built(&site);
    let home = page(&site, "index.html");
    assert_eq!(types(&json_ld(&home, "home")), ["WebSite", "Organization"]);
    assert!(select(&home, r#"meta[name="author"]"#).is_empty());
    let article = page(&site, "articles/first/index.html");
    let data = json_ld(&article, "first");
    assert_eq!(node(&data, "Article")["author"]["name"], "Test Practice");
    assert!(select(&article, ".byline").is_empty());
}

#[test]
fn an_article_is_an_article_with_its_breadcrumbs() {
    let site = fixture();
    built(&site);
    let data = json_ld(&page(&site, "articles/first/index.html"), "first");
    assert_eq!(types(&data), ["Article", "BreadcrumbList"]);
    let article = node(&data, "Article");
    assert_eq!(article["headline"], "First steps");
    assert_eq!(article["description"], "The first one.");
    assert_eq!(article["datePublished"], "2026-01-05");
    assert_eq!(article["dateModified"], "2026-02-01");
    assert_eq!(article["author"]["@type"], "Person");
    assert_eq!(article["author"]["name"], "Alex Doe");
    assert_eq!(article["publisher"]["name"], "Alex Doe");
    assert_eq!(
        article["image"]["url"],
        "https://test.example/share/articles/first.png"
    );
    assert_eq!(
        (
            article["image"]["width"].as_u64(),
            article["image"]["height"].as_u64()
        ),
        (Some(1200), Some(630))
    );
    assert_eq!(
        article["mainEntityOfPage"]["@id"],
        "https://test.example/articles/first/"
    );
    let crumbs: Vec<(String, String)> = node(&data, "BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, item)| {
            assert_eq!(item["position"], i + 1);
            (
                item["name"].as_str().unwrap().to_string(),
                item["item"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        crumbs,
        [
            (
                "Test Practice".to_string(),
                "https://test.example/".to_string()
            ),
            (
                "Articles".to_string(),
                "https://test.example/articles/".to_string()
            ),
            (
                "First steps".to_string(),
                "https://test.example/articles/first/".to_string()
            ),
        ]
    );
    // A guest's article names the guest.
    let data = json_ld(&page(&site, "articles/guest/index.html"), "guest");
    assert_eq!(
        node(&data, "Article")["author"],
        serde_json::json!({ "@type": "Person", "name": "Jo Guest" })
    );
}

#[test]
fn other_pages_are_web_pages_with_breadcrumbs_below_a_list() {
    let site = fixture();
    built(&site);
    let about = json_ld(&page(&site, "about/index.html"), "about");
    assert_eq!(types(&about), ["WebPage"]);
    assert_eq!(node(&about, "WebPage")["name"], "About");
    assert_eq!(
        node(&about, "WebPage")["url"],
        "https://test.example/about/"
    );
    let tag = json_ld(&page(&site, "tags/goals/index.html"), "tag");
    assert_eq!(types(&tag), ["WebPage", "BreadcrumbList"]);
    let names: Vec<&str> = node(&tag, "BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|item| item["name"].as_str())
        .collect();
    assert_eq!(names, ["Test Practice", "Tags", "Tagged “goals”"]);
    let comparison = json_ld(
        &page(&site, "comparisons/coaching-vs-therapy/index.html"),
        "comparison",
    );
    assert_eq!(types(&comparison), ["WebPage", "BreadcrumbList"]);
    assert_eq!(
        node(&comparison, "WebPage")["description"],
        "How they differ."
    );
}

#[test]
fn a_title_cannot_break_out_of_the_script_element() {
    let site = fixture();
    let title = r#"Quotes " and ' and </script><script>alert(1)</script> <!-- & more"#;
    site.write(
        "content/articles/evil.md",
        format!("---\ntitle: '{}'\ndescription: \"A </script> in a description.\"\ndate: 2026-04-01\n---\nHello.\n", title.replace('\'', "''")),
    );
    built(&site);
    let raw = site.read("articles/evil/index.html");
    let html = Html::parse_document(&raw);
    assert_eq!(
        select(&html, "script").len(),
        1,
        "a second script element appeared"
    );
    let data = json_ld(&html, "evil");
    let article = node(&data, "Article");
    assert_eq!(article["headline"], title);
    assert_eq!(article["description"], "A </script> in a description.");
    assert_eq!(meta(&html, r#"meta[property="og:title"]"#, "evil"), title);
}

#[test]
fn the_404_page_is_not_indexed_and_has_no_canonical_link() {
    let site = fixture();
    built(&site);
    let html = page(&site, "404.html");
    assert_eq!(meta(&html, r#"meta[name="robots"]"#, "404"), "noindex");
    assert!(select(&html, r#"link[rel="canonical"]"#).is_empty());
    // Every other page has a canonical link and no noindex.
    let about = page(&site, "about/index.html");
    assert!(select(&about, r#"meta[name="robots"]"#).is_empty());
    assert_eq!(select(&about, r#"link[rel="canonical"]"#).len(), 1);
}

#[test]
fn generated_pages_have_descriptions_of_their_own() {
    let site = fixture();
    built(&site);
    let description = |file: &str| meta(&page(&site, file), r#"meta[name="description"]"#, file);
    assert_eq!(
        description("tags/index.html"),
        "All 2 topics Test Practice writes about: goals and Self Care."
    );
    assert_eq!(
        description("tags/goals/index.html"),
        "2 articles about goals on Test Practice: “A guest post” and “First steps”."
    );
    assert_eq!(
        description("comparisons/index.html"),
        "A side-by-side comparison on Test Practice: “Coaching or therapy?”."
    );
    assert_eq!(
        description("referral/index.html"),
        "Coaching supports growth. It does not treat illness."
    );
    assert!(
        description("404.html").starts_with("There is no page at this address on Test Practice")
    );
    site.write(
        "content/articles/_index.md",
        "---\ntitle: Articles\n---\nNotes.\n",
    );
    built(&site);
    assert_eq!(
        description("articles/index.html"),
        "2 articles in Articles on Test Practice: “A guest post” and “First steps”."
    );
}

#[test]
fn pages_that_share_a_description_are_named_with_its_place() {
    let site = fixture();
    site.write(
        "content/articles/second.md",
        "---\ntitle: Second\ndate: 2026-01-06\ndescription: The first one.\n---\nHello.\n",
    );
    // A comparison without a description uses the site's, as does a page
    // whose description is the site's.
    site.write(
        "content/comparisons/plain.yaml",
        COMPARISON.replace("description: How they differ.\n", ""),
    );
    site.write(
        "content/contact.md",
        "---\ntitle: Contact\ndescription: A test site.\n---\nWrite to me.\n",
    );
    let run = site.hearth(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "duplicate-description")
        .map(|d| {
            assert_eq!(d["severity"], "warning");
            assert!(d["help"].as_str().is_some_and(|h| !h.is_empty()));
            let place = match (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()) {
                (Some(file), Some(line), Some(column)) => format!("{file}:{line}:{column}"),
                (Some(file), _, _) => file.to_string(),
                _ => String::new(),
            };
            (place, d["message"].as_str().unwrap().to_string())
        })
        .collect();
    let places: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        places
            .iter()
            .copied()
            .collect::<std::collections::BTreeSet<_>>(),
        [
            "content/articles/first.md:3:1",
            "content/articles/second.md:4:1",
            "content/comparisons/plain.yaml",
            "content/contact.md:3:1",
        ]
        .into_iter()
        .collect(),
        "{found:#?}"
    );
    let message = |place: &str| &found.iter().find(|(p, _)| p == place).unwrap().1;
    let first = message("content/articles/first.md:3:1");
    assert!(
        first.starts_with("“First steps” (/articles/first/) has the same description as ")
            && first.contains("“Second” (/articles/second/, content/articles/second.md:4:1)"),
        "{first}"
    );
    let plain = message("content/comparisons/plain.yaml");
    assert!(
        plain.contains("“Contact” (/contact/, content/contact.md:3:1)"),
        "{plain}"
    );
    // --deny-warnings fails on it.
    let run = site.hearth(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 1);
}

#[test]
fn a_large_group_sharing_a_description_names_three_and_counts_the_rest() {
    let site = fixture();
    for i in 0..40 {
        site.write(
            &format!("content/articles/same-{i:02}.md"),
            format!("---\ntitle: Same {i:02}\ndate: 2026-02-01\ndescription: One shared sentence.\n---\nHello.\n"),
        );
    }
    let run = site.hearth(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "duplicate-description")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 40, "{messages:#?}");
    for message in messages {
        // Each warning names three of the other 39 pages and counts the rest,
        // so that the warnings of a large group do not grow with its square.
        assert_eq!(message.matches(" (/articles/same-").count(), 4, "{message}");
        assert!(message.ends_with(" and 36 other pages"), "{message}");
    }
}
#[test]
fn articles_have_a_byline_linked_to_the_about_page() {
    let site = fixture();
    built(&site);
    let html = page(&site, "articles/first/index.html");
    let bylines = select(&html, ".entry-header .byline");
    assert_eq!(bylines.len(), 1);
    let text: String = bylines[0].text().collect();
    assert_eq!(text, "By Alex Doe, Certified coach (ICF)");
    let links = select(&html, ".byline a");
    assert_eq!(links[0].value().attr("href"), Some("/about/"));
    // A guest is named, without the coach's credentials or about page.
    let html = page(&site, "articles/guest/index.html");
    let byline = &select(&html, ".byline")[0];
    assert_eq!(byline.text().collect::<String>(), "By Jo Guest");
    assert!(select(&html, ".byline a").is_empty());
    // Without an about page, the name is not a link.
    site.remove("content/about.md");
    site.write(
        "content/site.yaml",
        SITE_YAML.replace("  - { label: About, url: /about/ }\n", ""),
    );
    built(&site);
    let html = page(&site, "articles/first/index.html");
    assert!(select(&html, ".byline a").is_empty());
    assert_eq!(select(&html, ".byline").len(), 1);
    // The style is small and muted.
    let css = std::fs::read_to_string(site.path("public/style.css")).unwrap();
    assert!(
        css.contains(".byline { color: var(--muted);"),
        "no byline style"
    );
}
