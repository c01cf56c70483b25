//! What Hearth never does, held to account: no output path escapes the
//! output folder, no page silently replaces another, links in settings
//! files are checked, links to drafts and to broken files say so, and any
//! input gives well-formed output in linear time.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{Run, Site};
use serde_json::Value;

/// The diagnostics of `hearth check --format json`, with the run.
fn check(site: &Site) -> (Run, Vec<Value>) {
    let run = site.hearth(&["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    let diagnostics = report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (run, diagnostics)
}

/// `code file:line:col` of each error diagnostic.
fn errors(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            let place = match (d["line"].as_u64(), d["column"].as_u64()) {
                (Some(line), Some(column)) => format!(":{line}:{column}"),
                _ => String::new(),
            };
            format!(
                "{} {}{place}",
                d["code"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// Asserts that `check` and `build` both fail, each error of `expected`
/// (`code file:line:col`) is reported, and the build wrote nothing, in
/// the site or outside it.
fn assert_refused(site: &Site, expected: &[&str]) -> Vec<Value> {
    let (run, diagnostics) = check(site);
    assert_eq!(run.code, 1, "check passed:\n{}", run.stdout);
    let found = errors(&diagnostics);
    for wanted in expected {
        assert!(
            found.iter().any(|e| e == wanted),
            "{wanted} not among {found:#?}"
        );
    }
    let build = site.build();
    build.assert_error(&[]);
    assert!(
        !site.path("public").exists(),
        "the failed build wrote public/"
    );
    diagnostics
}

const REFERRAL_YAML: &str = "title: When to see a therapist first\nintro: Coaching is not therapy.\nscope: I am a coach, not a therapist.\ncriteria:\n  - { level: urgent, text: You have thoughts of suicide. }\nresources:\n  - { name: 988 Lifeline, region: US, phone: \"988\" }\ncontact: { label: Book a call, url: /contact/ }\n";

fn messages(diagnostics: &[Value], code: &str) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| d["message"].as_str().unwrap_or("").to_string())
        .collect()
}

fn article(title: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2026-01-05\ndescription: About {title}.\n{extra}---\nWords.\n"
    )
}

#[test]
fn an_alias_cannot_write_outside_the_output_folder() {
    let site = Site::new();
    let outside = tempfile::tempdir().expect("folder");
    let target = outside.path().join("PWNED.html");
    let alias = format!("/{}", target.display());
    site.write(
        "content/articles/a.md",
        article(
            "A",
            &format!(
                "aliases: [\"{}\", \"/../../x/\", \"/x\\\\y/\"]\n",
                "/".to_string() + &alias
            ),
        ),
    );
    assert_refused(&site, &["bad-alias content/articles/a.md:5:11"]);
    assert!(!target.exists(), "the alias wrote {}", target.display());
    let (_, diagnostics) = check(&site);
    assert_eq!(
        messages(&diagnostics, "bad-alias").len(),
        3,
        "{diagnostics:#?}"
    );
}

#[test]
fn a_generated_file_has_one_owner() {
    // Each alias would take over a file Hearth writes itself.
    for (alias, owner) in [
        ("/index.html", "content/_index.md"),
        ("/404.html", "the page for unknown addresses"),
        ("/tags/", "the list of tags"),
        ("/atom.xml", "the Atom feed"),
        ("/atom.xml/", "the Atom feed"),
        ("/sitemap.xml", "the sitemap"),
        ("/comparisons/", "the list of comparisons"),
        ("/contact/", "content/contact.md"),
    ] {
        let site = Site::new();
        site.write(
            "content/articles/a.md",
            article("A", &format!("aliases: [\"{alias}\"]\n")),
        );
        // The list of comparisons is written only when there is one.
        site.write(
            "content/comparisons/help.yaml",
            "title: Two kinds of help\ncolumns:\n  - { id: a, label: A }\n  - { id: b, label: B }\nrows:\n  - { a: One, b: Two }\n",
        );
        let diagnostics = assert_refused(&site, &["duplicate-url content/articles/a.md:5:11"]);
        let message = &messages(&diagnostics, "duplicate-url")[0];
        assert!(message.contains(owner), "{alias}: {message}");
        assert!(
            message.contains("content/articles/a.md"),
            "{alias}: {message}"
        );
    }
}

#[test]
fn a_page_cannot_replace_a_generated_page() {
    let site = Site::new();
    site.write("content/tags.md", article("Tags", ""));
    let diagnostics = assert_refused(&site, &["duplicate-url content/tags.md"]);
    assert!(messages(&diagnostics, "duplicate-url")[0].contains("the list of tags"));

    let site = Site::new();
    site.write("content/referral.yaml", REFERRAL_YAML);
    site.write("content/about.md", article("About", "slug: referral\n"));
    let diagnostics = assert_refused(&site, &["duplicate-url content/about.md:5:7"]);
    assert!(messages(&diagnostics, "duplicate-url")[0].contains("content/referral.yaml"));

    // A tag's page and an article at the same address.
    let site = Site::new();
    site.write("content/articles/x.md", article("X", "tags: [calm]\n"));
    site.write("content/tags/calm.md", article("Calm", ""));
    let diagnostics = assert_refused(&site, &[]);
    let message = &messages(&diagnostics, "duplicate-url")[0];
    assert!(
        message.contains("content/tags/calm.md") && message.contains("`calm`"),
        "{message}"
    );

    // Two pages.
    let site = Site::new();
    site.write("content/about.md", article("About", ""));
    site.write("content/me.md", article("Me", "slug: about\n"));
    let diagnostics = assert_refused(&site, &["duplicate-url content/me.md:5:7"]);
    assert!(messages(&diagnostics, "duplicate-url")[0].contains("content/about.md"));
}

#[test]
fn the_referral_page_cannot_take_a_page_address() {
    let site = Site::new();
    site.write("content/referral.yaml", REFERRAL_YAML);
    site.write("content/about.md", article("About", ""));
    site.write(
        "content/site.yaml",
        format!("{}referral: {{ path: /about/ }}\n", common::SITE_YAML),
    );
    let diagnostics = assert_refused(&site, &["duplicate-url content/site.yaml:9:11"]);
    assert!(messages(&diagnostics, "duplicate-url")[0].contains("content/about.md"));
}

#[test]
fn files_cannot_replace_pages() {
    // A static file and a content file at a page's address.
    let site = Site::new();
    site.write("static/index.html", "<p>mine</p>");
    let diagnostics = assert_refused(&site, &[]);
    assert!(messages(&diagnostics, "duplicate-url")[0].contains("static/index.html"));

    let site = Site::new();
    site.write("content/contact/index.html", "<p>mine</p>");
    let diagnostics = assert_refused(&site, &["duplicate-url content/contact/index.html"]);
    assert!(messages(&diagnostics, "duplicate-url")[0].contains("content/contact.md"));
}

#[test]
fn a_tag_without_letters_is_an_error() {
    let site = Site::new();
    site.write(
        "content/articles/x.md",
        article("X", "tags: [\"!!!\", calm]\n"),
    );
    assert_refused(&site, &["bad-tag content/articles/x.md:5:8"]);
}

#[test]
fn links_in_settings_are_checked_and_resolved() {
    let site = Site::new();
    site.write("content/about.md", article("About", ""));
    site.write(
        "content/site.yaml",
        "title: T\nbase_url: https://test.example\nmenu:\n  - { label: About, url: /abuot/ }\n  - { label: Me, url: aboot.md }\nbooking: { label: Book, url: /contakt/ }\n",
    );
    let (run, diagnostics) = check(&site);
    assert_eq!(run.code, 1);
    let broken: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "broken-link")
        .collect();
    assert_eq!(broken.len(), 3, "{diagnostics:#?}");
    for d in &broken {
        assert_eq!(d["file"], "content/site.yaml");
    }
    let helps: Vec<&str> = broken.iter().filter_map(|d| d["help"].as_str()).collect();
    assert!(helps.contains(&"did you mean `/about/`?"), "{helps:?}");
    assert!(helps.contains(&"did you mean `/contact/`?"), "{helps:?}");
    assert!(helps.contains(&"did you mean `about.md`?"), "{helps:?}");

    // Fixed, a file link in the menu leads to the page, and is active there.
    site.write(
        "content/site.yaml",
        "title: T\nbase_url: https://test.example/practice\nmenu:\n  - { label: Me, url: about.md }\n  - { label: Home, url: \"https://test.example/practice/\" }\nbooking: { label: Book, url: /contact/ }\n",
    );
    site.build().assert_success();
    let html = scraper::Html::parse_document(&site.read("about/index.html"));
    let menu = scraper::Selector::parse("nav a").expect("selector");
    let links: Vec<(String, bool)> = html
        .select(&menu)
        .map(|a| {
            let href = a.value().attr("href").unwrap_or("").to_string();
            (href, a.value().attr("aria-current").is_some())
        })
        .collect();
    assert!(
        links.contains(&("/practice/about/".to_string(), true)),
        "{links:?}"
    );
    let book = scraper::Selector::parse("a[href='/practice/contact/']").expect("selector");
    assert!(html.select(&book).next().is_some(), "no booking link");
}

#[test]
fn an_email_autolink_is_a_mailto_link() {
    let site = Site::new();
    site.write(
        "content/about.md",
        "---\ntitle: About\n---\nWrite to <jane@example.com>.\n",
    );
    site.build().assert_success();
    let html = scraper::Html::parse_document(&site.read("about/index.html"));
    let mail = scraper::Selector::parse("a[href='mailto:jane@example.com']").expect("selector");
    assert_eq!(
        html.select(&mail)
            .next()
            .map(|a| a.text().collect::<String>()),
        Some("jane@example.com".to_string())
    );
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let site = Site::new();
    site.write(
        "content/articles/d.md",
        article("Draft one", "draft: true\n"),
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\n---\nSee [it](articles/d.md) and [[Draft one]].\n",
    );
    let (run, diagnostics) = check(&site);
    assert_eq!(run.code, 1);
    assert_eq!(
        errors(&diagnostics),
        vec![
            "draft-link content/about.md:4:5",
            "draft-link content/about.md:4:29"
        ]
    );
    assert!(messages(&diagnostics, "draft-link")[0].contains("draft"));
    // With drafts, the links work.
    let run = site.hearth(&["check", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn links_to_a_broken_file_are_not_reported_as_broken() {
    let site = Site::new();
    site.write(
        "content/articles/n.md",
        "---\ntitle: 'Dana's notes'\n---\nx\n",
    );
    // The menu links to it too.
    site.write(
        "content/site.yaml",
        "title: T\nbase_url: https://test.example\nmenu:\n  - { label: Notes, url: articles/n.md }\nbooking: { label: Book, url: /contact/ }\n",
    );
    for name in ["a", "b", "c", "d"] {
        site.write(
            &format!("content/articles/{name}.md"),
            "---\ntitle: T\n---\nSee [[Dana's notes]] and [n](n.md) and [[n]].\n"
                .replace("T", name),
        );
    }
    let (run, diagnostics) = check(&site);
    assert_eq!(run.code, 1);
    // One error: the file's own; and one note there about the links.
    let found = errors(&diagnostics);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("front-matter content/articles/n.md:2:"),
        "{found:?}"
    );
    let notes: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "links-to-broken-page")
        .collect();
    assert_eq!(notes.len(), 1, "{diagnostics:#?}");
    assert_eq!(notes[0]["file"], "content/articles/n.md");
    assert_eq!(notes[0]["severity"], "warning");
}

/// Reads a built XML file, which must be well-formed.
fn parse_xml(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read");
    if let Err(error) = roxmltree::Document::parse(&text) {
        panic!("{} is not well-formed: {error}", path.display());
    }
    text
}

#[test]
fn control_characters_never_reach_the_output() {
    let site = Site::new();
    site.write("content/articles/_index.md", "---\ntitle: Articles\n---\n");
    site.write(
        "content/articles/a.md",
        "---\ntitle: \"Nul\\0 and \\x1b escape\"\ndescription: \"bell \\a\"\ndate: 2026-01-01\n---\nRaw \u{1} byte and \u{7f}.\n",
    );
    site.build().assert_success();
    let feed = parse_xml(&site.path("public/atom.xml"));
    assert!(feed.contains("Nul\u{FFFD} and \u{FFFD} escape"), "{feed}");
    parse_xml(&site.path("public/sitemap.xml"));
    for (path, bytes) in site.snapshot("public") {
        if path.ends_with(".html") || path.ends_with(".xml") {
            let text = String::from_utf8(bytes).expect("UTF-8");
            let bad = text
                .chars()
                .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
            assert_eq!(bad, None, "{path} holds a control character");
        }
    }
}

#[test]
fn many_broken_links_are_checked_in_linear_time() {
    let site = Site::new();
    let body: String = (0..40_000)
        .map(|i| format!("[x](missing-{i}.md)\n"))
        .collect();
    site.write("content/many.md", format!("---\ntitle: Many\n---\n{body}"));
    let started = Instant::now();
    let (run, diagnostics) = check(&site);
    let elapsed = started.elapsed();
    assert_eq!(run.code, 1);
    assert_eq!(
        errors(&diagnostics).len(),
        40_000,
        "{:?}",
        &errors(&diagnostics)[..3]
    );
    assert_eq!(
        errors(&diagnostics)[39_999],
        "broken-link content/many.md:40003:1"
    );
    // Quadratic, this took over 15 s; linear, well under a second in release.
    assert!(elapsed < Duration::from_secs(8), "took {elapsed:?}");
}

#[test]
fn template_errors_show_with_link_errors() {
    // A page names a template that does not exist; another's template
    // fails as it renders: both show beside the broken link.
    for (template, page, code) in [
        ("", "template: nowhere.html\n", "missing-template"),
        ("{{ no_such_value.field }}", "", "template"),
    ] {
        let site = Site::new();
        site.write(
            "content/about.md",
            format!("---\ntitle: About\n{page}---\nSee [x](missing.md).\n"),
        );
        if !template.is_empty() {
            site.write("templates/page.html", template);
        }
        let (run, diagnostics) = check(&site);
        assert_eq!(run.code, 1);
        let codes: Vec<&str> = diagnostics
            .iter()
            .filter(|d| d["severity"] == "error")
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert!(codes.contains(&"broken-link"), "{codes:?}");
        assert!(codes.contains(&code), "{codes:?}");
        site.build().assert_error(&["broken-link", code]);
    }
}

#[test]
fn the_theme_is_a_folder_of_themes() {
    for theme in ["../../..", "/etc", "a/b", ".hidden", "..\\\\x"] {
        let site = Site::new();
        site.write(
            "content/site.yaml",
            format!("{}theme: \"{theme}\"\n", common::SITE_YAML),
        );
        let (run, diagnostics) = check(&site);
        assert_eq!(run.code, 1, "{theme}");
        assert!(
            errors(&diagnostics).contains(&"invalid-site-yaml content/site.yaml:9:8".to_string()),
            "{theme}: {diagnostics:#?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn settings_are_never_read_from_outside_the_site() {
    let site = Site::new();
    let outside = tempfile::tempdir().expect("folder");
    let secret = outside.path().join("site.yaml");
    std::fs::write(&secret, common::SITE_YAML).expect("write");
    site.remove("content/site.yaml");
    std::os::unix::fs::symlink(&secret, site.path("content/site.yaml")).expect("link");
    let (run, diagnostics) = check(&site);
    assert_eq!(run.code, 1);
    assert_eq!(
        errors(&diagnostics),
        vec!["unreadable-site-yaml content/site.yaml"]
    );
    assert!(
        diagnostics[0]["help"]
            .as_str()
            .unwrap_or("")
            .contains("not a link")
    );
}

#[test]
fn names_too_long_for_a_file_system_are_refused_where_they_are_written() {
    // Found by the fuzz test: `check` passed, `build` failed to write.
    let long = "word-".repeat(60);
    let site = Site::new();
    site.write(
        "content/articles/x.md",
        article(
            "X",
            &format!("tags: [\"{long}\"]\nslug: \"{long}\"\naliases: [\"/old/{long}/\"]\n"),
        ),
    );
    let found = errors(&check(&site).1);
    for wanted in [
        "bad-tag content/articles/x.md:5:8",
        "bad-slug content/articles/x.md:6:7",
        "bad-alias content/articles/x.md:7:11",
    ] {
        assert!(
            found.iter().any(|e| e == wanted),
            "{wanted} not among {found:#?}"
        );
    }
    site.build().assert_error(&["bad-tag"]);
}

/// Files larger than Hearth reads where it expects text or a photo (a
/// byte over each limit; sparse where the file system allows): each is
/// refused by name with its size, all in one run, and nothing is written.
/// The limit is checked before reading, so a file of gigabytes costs no
/// more.
#[test]
fn files_too_large_to_read_are_refused_by_name() {
    let site = Site::new();
    let huge = |relative: &str, size: u64| {
        let path = site.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::File::create(&path).unwrap().set_len(size).unwrap();
    };
    huge("content/articles/huge.md", (32 << 20) + 1);
    huge("content/data/huge.yaml", 40 << 20);
    site.write(
        "content/articles/a/index.md",
        article("Photo", "").replace("Words.", "![A photo](photo.jpg)"),
    );
    huge("content/articles/a/photo.jpg", (256 << 20) + 1);
    let diagnostics = assert_refused(
        &site,
        &[
            "unreadable content/articles/huge.md",
            "unreadable content/data/huge.yaml",
        ],
    );
    let unreadable = messages(&diagnostics, "unreadable");
    assert!(
        unreadable
            .iter()
            .any(|m| m.contains("33 MiB, more than the 32 MiB")),
        "{unreadable:#?}"
    );
    let photo: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .unwrap_or("")
                .contains("257 MiB, more than the 256 MiB")
        })
        .collect();
    assert_eq!(photo.len(), 1, "{diagnostics:#?}");
}
