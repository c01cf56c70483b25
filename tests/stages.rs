//! Each stage in process, on a site made in memory: what linking gives
//! (addresses, backlinks, owners, settings links) and what rendering
//! makes of it, without running the binary.

use hearth::config::{BuildOptions, SiteConfig};
use hearth::link::{Target, link_site};
use hearth::load::SourceFile;
use hearth::parse::{Parsed, ParsedData, ParsedPages, parse_file};
use hearth::render::{Templates, render_site};

const SITE: &str =
    "title: T\nbase_url: https://t.example/practice\nmenu:\n  - { label: About, url: about.md }\n";

fn config(root: &std::path::Path) -> SiteConfig {
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    SiteConfig::parse(SITE, &options).expect("settings")
}

/// The pages of `files` (path, text), parsed.
fn pages(files: &[(&str, &str)]) -> ParsedPages {
    let mut pages = ParsedPages::default();
    for (path, text) in files {
        let file = SourceFile {
            path: path.to_string(),
            text: text.to_string(),
        };
        match parse_file(file, false) {
            (Parsed::Page(page), errors) => {
                assert!(errors.is_empty(), "{errors:?}");
                pages.pages.push(page);
            }
            (Parsed::Unpublished(unpublished), _) => pages.unpublished.push(unpublished),
        }
    }
    pages
}

const FILES: &[(&str, &str)] = &[
    ("_index.md", "---\ntitle: Home\n---\nSee [[About me]].\n"),
    ("about.md", "---\ntitle: About me\n---\n## Me\n\nHello.\n"),
    ("articles/_index.md", "---\ntitle: Articles\n---\n"),
    (
        "articles/a.md",
        "---\ntitle: A\ndate: 2026-01-02\ntags: [Calm]\n---\n[me](../about.md#me)\n",
    ),
    ("articles/d.md", "---\ntitle: D\ndraft: true\n---\n"),
];

#[test]
fn linking_places_pages_and_gathers_backlinks() {
    let root = tempfile::tempdir().expect("folder");
    let config = config(root.path());
    let (site, errors) = link_site(
        &config,
        pages(FILES),
        ParsedData::default(),
        Vec::new(),
        &[],
    );
    let errors: Vec<&str> = errors
        .iter()
        .filter(|d| d.severity == hearth::diagnostic::Severity::Error)
        .map(|d| d.code)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let paths: Vec<&str> = site.pages.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["/", "/about/", "/articles/", "/articles/a/"]);
    let about = &site.pages[1];
    let mut sources: Vec<Target> = about.backlinks.clone();
    sources.sort();
    assert_eq!(sources, [Target::Page(0), Target::Page(3)]);
    // The article's link is rewritten under the base path, with its anchor.
    let link = site.pages[3].links.values().next().expect("a link");
    assert_eq!(link.url, "/practice/about/#me");
    assert_eq!(site.tags.len(), 1);
    assert_eq!(site.tags[0].slug, "calm");
    // The menu's file link is resolved to the page.
    let menu = &site.settings_links["about.md"];
    assert_eq!(menu.site_path.as_deref(), Some("/about/"));
    // The draft is no page, and the section lists only the article.
    assert_eq!(site.pages[2].children, [3]);
}

#[test]
fn linking_reports_a_second_owner_and_a_draft_link() {
    let root = tempfile::tempdir().expect("folder");
    let config = config(root.path());
    let mut files = FILES.to_vec();
    files.push((
        "me.md",
        "---\ntitle: Me\nslug: about\n---\nSee [d](articles/d.md).\n",
    ));
    let (_, diagnostics) = link_site(
        &config,
        pages(&files),
        ParsedData::default(),
        Vec::new(),
        &[],
    );
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"duplicate-url"), "{codes:?}");
    assert!(codes.contains(&"draft-link"), "{codes:?}");
}

#[test]
fn rendering_makes_every_page_and_the_generated_files() {
    let root = tempfile::tempdir().expect("folder");
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let target = root.path().join("themes/default");
    for entry in walkdir::WalkDir::new(&theme).into_iter().flatten() {
        let to = target.join(entry.path().strip_prefix(&theme).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("folder");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    let config = config(root.path());
    let (site, _) = link_site(
        &config,
        pages(FILES),
        ParsedData::default(),
        Vec::new(),
        &[],
    );
    let templates = Templates::load(&config).expect("templates");
    let output = render_site(&config, &site, &templates, &[]).expect("rendered");
    for file in [
        "index.html",
        "about/index.html",
        "articles/index.html",
        "articles/a/index.html",
        "tags/index.html",
        "tags/calm/index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(output.files.contains_key(file), "{file} was not rendered");
    }
    assert!(!output.files.keys().any(|f| f.starts_with("articles/d")));
    let html = scraper::Html::parse_document(
        std::str::from_utf8(&output.files["articles/a/index.html"]).expect("UTF-8"),
    );
    let link = scraper::Selector::parse("main a[href='/practice/about/#me']").expect("selector");
    assert!(html.select(&link).next().is_some(), "the article's link");
}
