//! What static hosts and search engines read: `_redirects`, `_headers`,
//! the fingerprinted stylesheet, the sitemap (every indexable page and
//! nothing `noindex`) and the Atom feed, parsed rather than grepped, on a
//! fixture site and on the repository's demo site.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::Site;
use scraper::{Html, Selector};

/// A site with aliases, tags, a dated and an updated article, a bundle with
/// a picture, a draft, a comparison and referral guidelines.
fn fixture() -> Site {
    let site = Site::new();
    site.write(
        "content/articles/older.md",
        "---\ntitle: Older thoughts\ndescription: The first one.\ndate: 2026-01-10\ntags: [Parts Work, coaching]\naliases: [/blog/older-thoughts, /old.html]\n---\nThe opening paragraph.\n\nSecond paragraph with [a link to the newer one](newer.md#the-point).\n",
    );
    site.write(
        "content/articles/newer.md",
        "---\ntitle: Newer thoughts\ndate: 2026-03-02\nupdated: 2026-04-20\ntags: [coaching]\naliases: [/blog/newer/, /blog/zz-new/]\n---\nFirst, the summary.\n\n<!-- more -->\n\nMore after the fold.\n\n## The point\n\nBack to [[Older thoughts]].\n\n| Goal | Weeks |\n|:---|---:|\n| Rest | 2 |\n",
    );
    site.write(
        "content/articles/with-photo/index.md",
        "---\ntitle: With a photo\ndate: 2026-02-01\n---\n![A calm harbour](harbour.svg)\n\nSee [contact](../../contact.md).\n",
    );
    site.write(
        "content/articles/with-photo/harbour.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "content/articles/secret.md",
        "---\ntitle: Secret draft\ndraft: true\ndate: 2026-04-01\n---\nNot yet.\n",
    );
    site.write(
        "content/comparisons/coaching-vs-therapy.yaml",
        "title: Coaching or therapy?\ncolumns:\n  - { id: coaching, label: Coaching }\n  - { id: therapy, label: Therapy }\nrows:\n  - { coaching: Goals, therapy: Healing }\n",
    );
    site.write(
        "content/referral.yaml",
        "title: When to see a therapist first\nscope: I am a coach.\ncriteria:\n  - { level: urgent, text: You have thoughts of suicide. }\nresources:\n  - { name: Lifeline, phone: \"988\" }\n",
    );
    site
}

/// The demo site built into a temporary folder, which is returned with it.
fn build_demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["build", "--out", public.to_str().unwrap()],
    )
    .assert_success();
    (out, public)
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// Every HTML file of a built site, by its path relative to the folder.
fn html_pages(public: &Path) -> BTreeMap<String, Html> {
    walkdir::WalkDir::new(public)
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "html"))
        .map(|entry| {
            let relative = entry.path().strip_prefix(public).unwrap();
            let text = std::fs::read_to_string(entry.path()).unwrap();
            (
                relative.to_string_lossy().replace('\\', "/"),
                Html::parse_document(&text),
            )
        })
        .collect()
}

fn is_noindex(page: &Html) -> bool {
    page.select(&selector("meta[name=robots]"))
        .any(|meta| meta.attr("content").unwrap_or_default().contains("noindex"))
}

/// The address an output file answers at: `a/index.html` -> `/a/`.
fn address(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
        _ => format!("/{file}"),
    }
}

/// The sitemap's `<loc>` -> `<lastmod>`, from its XML.
fn sitemap(public: &Path) -> BTreeMap<String, Option<String>> {
    let text = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let document = roxmltree::Document::parse(&text).unwrap();
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let child = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    let mut urls = BTreeMap::new();
    for url in root.children().filter(|n| n.tag_name().name() == "url") {
        let loc = child(url, "loc").expect("every <url> has a <loc>");
        assert!(
            urls.insert(loc.clone(), child(url, "lastmod")).is_none(),
            "{loc} is listed twice"
        );
    }
    urls
}

/// The invariant: the sitemap lists exactly the HTML pages that do not say
/// `noindex`.
fn assert_sitemap_is_every_indexable_page(public: &Path, origin: &str) {
    let indexable: BTreeSet<String> = html_pages(public)
        .iter()
        .filter(|(_, page)| !is_noindex(page))
        .map(|(file, _)| format!("{origin}{}", address(file)))
        .collect();
    let listed: BTreeSet<String> = sitemap(public).into_keys().collect();
    assert_eq!(
        listed.difference(&indexable).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "listed in the sitemap, but noindex or missing"
    );
    assert_eq!(
        indexable.difference(&listed).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "indexable pages missing from the sitemap"
    );
    assert!(
        listed.contains(&format!("{origin}/referral/")),
        "{listed:?}"
    );
    assert!(listed.contains(&format!("{origin}/")), "{listed:?}");
}

#[test]
fn the_sitemap_lists_every_indexable_page_and_nothing_noindex() {
    let site = fixture();
    site.build().assert_success();
    let public = site.path("public");
    assert_sitemap_is_every_indexable_page(&public, "https://test.example");
    let urls = sitemap(&public);
    let lastmod = |path: &str| urls[&format!("https://test.example{path}")].clone();
    assert_eq!(lastmod("/articles/older/").as_deref(), Some("2026-01-10"));
    // `updated` wins over `date`.
    assert_eq!(lastmod("/articles/newer/").as_deref(), Some("2026-04-20"));
    assert_eq!(lastmod("/contact/"), None);
    for path in [
        "/tags/",
        "/tags/coaching/",
        "/comparisons/",
        "/comparisons/coaching-vs-therapy/",
        "/articles/",
    ] {
        assert!(
            urls.contains_key(&format!("https://test.example{path}")),
            "{path}"
        );
    }
    for hidden in [
        "/404.html",
        "/blog/older-thoughts/",
        "/old.html",
        "/articles/secret/",
    ] {
        assert!(
            !urls.contains_key(&format!("https://test.example{hidden}")),
            "{hidden}"
        );
    }
}

#[test]
fn the_sitemap_of_a_site_without_comparisons_or_tags_lists_their_empty_lists() {
    // Both lists are written (every footer links `/tags/`) and say nothing
    // of `noindex`: listed, as every such page is.
    let site = Site::new();
    site.write(
        "content/referral.yaml",
        "title: When to see a therapist first\nscope: I am a coach.\ncriteria:\n  - { level: urgent, text: You have thoughts of suicide. }\nresources:\n  - { name: Lifeline, phone: \"988\" }\n",
    );
    site.build().assert_success();
    assert_sitemap_is_every_indexable_page(&site.path("public"), "https://test.example");
}

#[test]
fn the_demo_sitemap_lists_every_indexable_page() {
    let (_out, public) = build_demo();
    assert_sitemap_is_every_indexable_page(&public, "https://harbor.example");
}

/// `_redirects` as (from, to, status) lines, comments left out.
fn redirects(public: &Path) -> Vec<(String, String, String)> {
    std::fs::read_to_string(public.join("_redirects"))
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(fields.len(), 3, "not `/old /new 301`: {line:?}");
            (
                fields[0].to_string(),
                fields[1].to_string(),
                fields[2].to_string(),
            )
        })
        .collect()
}

#[test]
fn redirects_hold_every_alias_once_as_a_permanent_move() {
    let site = fixture();
    site.build().assert_success();
    let lines = redirects(&site.path("public"));
    assert_eq!(
        lines,
        [
            ("/blog/newer/", "/articles/newer/", "301"),
            ("/blog/older-thoughts/", "/articles/older/", "301"),
            ("/blog/zz-new/", "/articles/newer/", "301"),
            ("/old.html", "/articles/older/", "301"),
        ]
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    );
    // Under a base path, both sides carry it, like every link.
    site.hearth(&["build", "--base-url", "https://a.example/practice/"])
        .assert_success();
    let lines = redirects(&site.path("public"));
    assert_eq!(lines[0].0, "/practice/blog/newer/");
    assert_eq!(lines[0].1, "/practice/articles/newer/");
}

#[test]
fn alias_pages_are_styled_noindex_redirects_without_a_canonical() {
    let site = fixture();
    site.build().assert_success();
    let stylesheet = fingerprinted_stylesheet(&site.path("public"));
    for file in ["blog/older-thoughts/index.html", "old.html"] {
        let page = Html::parse_document(&site.read(file));
        assert!(is_noindex(&page), "{file}");
        assert_eq!(
            page.select(&selector("link[rel=canonical]")).count(),
            0,
            "{file}"
        );
        let viewport = page.select(&selector("meta[name=viewport]")).next();
        assert!(
            viewport
                .is_some_and(|m| m.attr("content") == Some("width=device-width, initial-scale=1")),
            "{file}"
        );
        let sheets: Vec<&str> = page
            .select(&selector("link[rel=stylesheet]"))
            .filter_map(|l| l.attr("href"))
            .collect();
        assert_eq!(sheets, [format!("/{stylesheet}").as_str()], "{file}");
        let refresh = page
            .select(&selector("meta[http-equiv=refresh]"))
            .next()
            .and_then(|m| m.attr("content"));
        assert_eq!(refresh, Some("0; url=/articles/older/"), "{file}");
    }
}

/// The fingerprinted stylesheet's file name, checked against its bytes.
fn fingerprinted_stylesheet(public: &Path) -> String {
    let names: Vec<String> = std::fs::read_dir(public)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("style.") && name.ends_with(".css") && name != "style.css")
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let bytes = std::fs::read(public.join(&names[0])).unwrap();
    assert_eq!(
        names[0],
        format!("style.{}.css", hearth::digest::short(&bytes))
    );
    // The plain name stays, for pages that link the stylesheet by name.
    assert_eq!(std::fs::read(public.join("style.css")).unwrap(), bytes);
    names[0].clone()
}

#[test]
fn every_page_links_the_fingerprinted_stylesheet() {
    for (public, _keep) in [
        {
            let site = fixture();
            site.build().assert_success();
            (site.path("public"), Keep::Site(site))
        },
        {
            let (out, public) = build_demo();
            (public, Keep::Dir(out))
        },
    ] {
        let name = fingerprinted_stylesheet(&public);
        for (file, page) in html_pages(&public) {
            let mut sheets: Vec<&str> = page
                .select(&selector("link[rel=stylesheet]"))
                .filter_map(|l| l.attr("href"))
                .collect();
            // The search page also loads the stylesheet of Pagefind's box.
            if file == "search/index.html" {
                assert_eq!(sheets.pop(), Some("/pagefind/pagefind-ui.css"));
            }
            assert_eq!(sheets, [format!("/{name}").as_str()], "{file}");
        }
    }
    // A new stylesheet gets a new name.
    let site = fixture();
    site.build().assert_success();
    let before = fingerprinted_stylesheet(&site.path("public"));
    let css = site.path("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.new { color: red; }\n");
    std::fs::write(&css, text).unwrap();
    site.build().assert_success();
    let after = fingerprinted_stylesheet(&site.path("public"));
    assert_ne!(before, after);
    assert!(site.read("index.html").contains(&after));
}

/// What a test keeps alive while it reads a built site.
enum Keep {
    Site(#[allow(dead_code)] Site),
    Dir(#[allow(dead_code)] tempfile::TempDir),
}

/// `_headers` as path -> [(name, value)], failing on any line that is not
/// a path, an indented `Name: value` or a comment.
fn headers(public: &Path) -> BTreeMap<String, Vec<(String, String)>> {
    let text = std::fs::read_to_string(public.join("_headers")).unwrap();
    let mut blocks: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with(' ') {
            let path = current.as_ref().expect("a header line before any path");
            let (name, value) = line.trim().split_once(": ").expect("`Name: value`");
            blocks
                .get_mut(path)
                .unwrap()
                .push((name.to_string(), value.to_string()));
        } else {
            assert!(line.starts_with('/'), "a path starts with `/`: {line:?}");
            assert!(
                blocks.insert(line.to_string(), Vec::new()).is_none(),
                "{line} twice"
            );
            current = Some(line.to_string());
        }
    }
    blocks
}

#[test]
fn headers_give_every_file_safe_defaults_and_fingerprints_a_long_life() {
    let site = fixture();
    // Without search: its WebAssembly is `tests/search.rs`'s.
    let settings = std::fs::read_to_string(site.path("content/site.yaml")).unwrap();
    site.write("content/site.yaml", format!("{settings}search: false\n"));
    site.build().assert_success();
    let public = site.path("public");
    let blocks = headers(&public);
    let get = |path: &str, name: &str| {
        blocks[path]
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let csp = get("/*", "Content-Security-Policy").expect("a CSP");
    let directives: BTreeMap<&str, &str> = csp
        .split(';')
        .map(|d| d.trim().split_once(' ').unwrap())
        .collect();
    for (directive, sources) in [
        ("default-src", "'self'"),
        ("img-src", "'self' data:"),
        ("style-src", "'self'"),
        ("script-src", "'self'"),
        ("object-src", "'none'"),
        ("base-uri", "'self'"),
        ("form-action", "'self'"),
        ("frame-ancestors", "'none'"),
    ] {
        assert_eq!(directives.get(directive), Some(&sources), "{csp}");
    }
    assert!(!csp.contains("unsafe"), "{csp}");
    for (name, value) in [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        (
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        ),
        ("X-Frame-Options", "DENY"),
    ] {
        assert_eq!(get("/*", name).as_deref(), Some(value), "{name}");
    }
    // Pages keep the host's default, which revalidates.
    assert_eq!(get("/*", "Cache-Control"), None);
    let name = fingerprinted_stylesheet(&public);
    assert_eq!(
        get(&format!("/{name}"), "Cache-Control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    let plain = get("/style.css", "Cache-Control").unwrap();
    assert!(plain.contains("max-age=0"), "{plain}");
}

/// The policy allows what the built pages use: no `style=` attribute, no
/// event handler attribute, and no inline script that runs (JSON-LD is a
/// data block, which CSP does not govern).
fn assert_no_inline_style_or_script(public: &Path) {
    let any = selector("*");
    for (file, page) in html_pages(public) {
        for element in page.select(&any) {
            let value = element.value();
            assert!(
                value.attr("style").is_none(),
                "{file}: style= on <{}>",
                value.name()
            );
            for (name, _) in value.attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{file}: {name}= on <{}>",
                    value.name()
                );
            }
            if value.name() == "script" && value.attr("src").is_none() {
                assert_eq!(
                    value.attr("type"),
                    Some("application/ld+json"),
                    "{file}: an inline script that would run"
                );
            }
            if value.name() == "style" {
                panic!("{file}: a <style> element");
            }
        }
    }
}

#[test]
fn the_policy_allows_what_the_built_pages_use() {
    let site = fixture();
    site.build().assert_success();
    assert_no_inline_style_or_script(&site.path("public"));
    let (_out, public) = build_demo();
    assert_no_inline_style_or_script(&public);
}

#[test]
fn a_user_file_at_a_hosts_file_is_a_duplicate_url_error() {
    for (file, path, wanted) in [
        ("static/_redirects", "/_redirects", "aliases:"),
        ("static/_headers", "/_headers", "docs/deploy.md"),
        ("content/_redirects", "/_redirects", "aliases:"),
    ] {
        let site = Site::new();
        site.write(file, "/a /b 301\n");
        let run = site.build();
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(run.stderr.contains("duplicate-url"), "{}", run.stderr);
        assert!(run.stderr.contains(file), "{}", run.stderr);
        assert!(run.stderr.contains(path), "{}", run.stderr);
        let help = run.stderr.lines().find(|l| l.contains("help:"));
        assert!(help.is_some_and(|h| h.contains(wanted)), "{}", run.stderr);
        assert!(!site.exists("index.html"), "a failed build writes nothing");
    }
}

/// The feed's entries by title: (content HTML, author names, categories).
struct Entry {
    content: String,
    authors: Vec<String>,
    categories: Vec<(String, String)>,
}

fn feed_entries(text: &str) -> BTreeMap<String, Entry> {
    const ATOM: &str = "http://www.w3.org/2005/Atom";
    let document = roxmltree::Document::parse(text).unwrap();
    let feed = document.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    let text_of = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    feed.children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .map(|entry| {
            for required in ["id", "title", "updated"] {
                assert!(!text_of(entry, required).is_empty(), "{required}");
            }
            let content = entry
                .children()
                .find(|c| c.has_tag_name((ATOM, "content")))
                .expect("content");
            assert_eq!(content.attribute("type"), Some("html"));
            let authors = entry
                .children()
                .filter(|c| c.has_tag_name((ATOM, "author")))
                .map(|a| text_of(a, "name"))
                .collect();
            let categories = entry
                .children()
                .filter(|c| c.has_tag_name((ATOM, "category")))
                .map(|c| {
                    (
                        c.attribute("term").unwrap_or_default().to_string(),
                        c.attribute("label").unwrap_or_default().to_string(),
                    )
                })
                .collect();
            (
                text_of(entry, "title"),
                Entry {
                    content: content.text().unwrap_or_default().to_string(),
                    authors,
                    categories,
                },
            )
        })
        .collect()
}

/// Every `href` and `src` in an entry's HTML.
fn urls_in(html: &str) -> Vec<String> {
    let fragment = Html::parse_fragment(html);
    fragment
        .select(&selector("[href], [src]"))
        .flat_map(|e| [e.attr("href"), e.attr("src")])
        .flatten()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_feed_carries_whole_articles_with_author_categories_and_absolute_urls() {
    let site = fixture();
    site.build().assert_success();
    let entries = feed_entries(&site.read("atom.xml"));
    assert_eq!(
        entries.keys().collect::<Vec<_>>(),
        ["Newer thoughts", "Older thoughts", "With a photo"]
    );
    let newer = &entries["Newer thoughts"];
    assert!(
        newer.content.contains("More after the fold"),
        "{}",
        newer.content
    );
    assert!(
        newer.content.contains("<h2 id=\"the-point\">"),
        "{}",
        newer.content
    );
    for entry in entries.values() {
        assert_eq!(entry.authors, ["Alex Doe"]);
    }
    assert_eq!(
        entries["Older thoughts"].categories,
        [
            ("parts-work".to_string(), "Parts Work".to_string()),
            ("coaching".to_string(), "coaching".to_string())
        ]
    );
    let photo = urls_in(&entries["With a photo"].content);
    assert_eq!(
        photo,
        [
            "https://test.example/articles/with-photo/harbour.svg",
            "https://test.example/contact/"
        ]
    );
    let older = urls_in(&entries["Older thoughts"].content);
    assert_eq!(older, ["https://test.example/articles/newer/#the-point"]);
    // Under a base path, too.
    site.hearth(&["build", "--base-url", "https://a.example/practice/"])
        .assert_success();
    let entries = feed_entries(&site.read("atom.xml"));
    assert_eq!(
        urls_in(&entries["With a photo"].content)[0],
        "https://a.example/practice/articles/with-photo/harbour.svg"
    );
}

#[test]
fn the_feed_carries_summaries_when_site_yaml_says_so() {
    let site = fixture();
    site.write(
        "content/site.yaml",
        format!("{}feed: {{ content: summary }}\n", common::SITE_YAML),
    );
    site.build().assert_success();
    let entries = feed_entries(&site.read("atom.xml"));
    let newer = &entries["Newer thoughts"];
    assert!(
        newer.content.contains("First, the summary."),
        "{}",
        newer.content
    );
    assert!(
        !newer.content.contains("More after the fold"),
        "{}",
        newer.content
    );
    let older = &entries["Older thoughts"];
    assert!(older.content.contains("The opening paragraph."));
    assert!(
        !older.content.contains("Second paragraph"),
        "{}",
        older.content
    );
    assert_eq!(older.authors, ["Alex Doe"]);
    // `full`, written out, is the default.
    site.write(
        "content/site.yaml",
        format!("{}feed: {{ content: full }}\n", common::SITE_YAML),
    );
    site.build().assert_success();
    let entries = feed_entries(&site.read("atom.xml"));
    assert!(
        entries["Newer thoughts"]
            .content
            .contains("More after the fold")
    );
}

#[test]
fn the_demo_feed_parses_with_author_and_categories() {
    let (_out, public) = build_demo();
    let entries = feed_entries(&std::fs::read_to_string(public.join("atom.xml")).unwrap());
    assert!(!entries.is_empty());
    for (title, entry) in &entries {
        assert_eq!(entry.authors, ["Sam Rivera"], "{title}");
        assert!(!entry.categories.is_empty(), "{title}");
        assert!(!entry.content.is_empty(), "{title}");
        for url in urls_in(&entry.content) {
            assert!(
                url.starts_with("https://")
                    || url.starts_with("mailto:")
                    || url.starts_with("tel:")
                    || url.starts_with("sms:"),
                "{title}: {url}"
            );
        }
    }
}

#[test]
fn a_preview_links_the_plain_stylesheet_so_that_an_edit_swaps_in_place() {
    let site = fixture();
    let server = common::serve::Server::start(site.root(), &[]);
    for path in ["/", "/articles/older/", "/blog/older-thoughts/"] {
        let page = Html::parse_document(&server.get(path).body);
        let sheets: Vec<&str> = page
            .select(&selector("link[rel=stylesheet]"))
            .filter_map(|l| l.attr("href"))
            .collect();
        assert_eq!(sheets, ["/style.css"], "{path}");
    }
    // No fingerprinted copy: `serve` sends `no-store`, so nothing needs a new name.
    let home = server.get("/");
    assert_eq!(home.body.matches("/style.").count(), 1, "{}", home.body);
    assert_eq!(server.get("/style.css").status, 200);
}

#[test]
fn a_fresh_init_site_has_all_of_it_with_no_settings() {
    let dir = tempfile::tempdir().unwrap();
    common::run_in(
        dir.path(),
        &[
            "init",
            "mysite",
            "--title",
            "Harbor",
            "--base-url",
            "https://harbor.example",
        ],
    )
    .assert_success();
    let root = dir.path().join("mysite");
    common::run_in(&root, &["build"]).assert_success();
    let public = root.join("public");
    assert_sitemap_is_every_indexable_page(&public, "https://harbor.example");
    assert_no_inline_style_or_script(&public);
    let name = fingerprinted_stylesheet(&public);
    assert!(headers(&public).contains_key(&format!("/{name}")));
    assert!(!feed_entries(&std::fs::read_to_string(public.join("atom.xml")).unwrap()).is_empty());
    // The starter has no aliases: the file is there, with no rules.
    assert_eq!(redirects(&public), Vec::new());
}

/// An alias copied from a browser's address bar is percent-encoded once:
/// its folder holds the letters, and `_redirects` encodes them once.
#[test]
fn a_percent_encoded_alias_is_read_as_the_address_it_is() {
    let site = fixture();
    site.write(
        "content/about.md",
        "---\ntitle: About\ndescription: Who I am.\naliases: [\"/caf%C3%A9/\"]\n---\nHello.\n",
    );
    site.build().assert_success();
    assert!(site.exists("café/index.html"));
    assert!(!site.exists("caf%C3%A9/index.html"));
    let lines = redirects(&site.path("public"));
    assert!(
        lines
            .iter()
            .any(|(from, to, _)| from == "/caf%C3%A9/" && to == "/about/"),
        "{lines:?}"
    );
    // A slash hidden in the encoding names no folder: refused, with its place.
    site.write(
        "content/about.md",
        "---\ntitle: About\ndescription: Who I am.\naliases: [\"/a%2Fb/\"]\n---\nHello.\n",
    );
    site.hearth(&["check"])
        .assert_error(&["bad-alias", "content/about.md:4:", "%2F"]);
}
