//! The demo site in a real browser (headless Chromium): no page scrolls
//! sideways on a phone, and wide tables scroll inside their own box; the
//! search page finds an article by a word of its body.

mod common;

use std::path::Path;

const PAGES: &[&str] = &[
    "index.html",
    "articles/index.html",
    "articles/coaching-or-therapy/index.html",
    "articles/parts-at-work/index.html",
    "articles/buried-goals/index.html",
    "articles/firefighters-and-rebuilders/index.html",
    "about/index.html",
    "contact/index.html",
    "tags/index.html",
    "404.html",
    "comparisons/index.html",
    "comparisons/coaching-vs-therapy/index.html",
    "comparisons/firefighter-and-rebuilder/index.html",
    "comparisons/three-kinds-of-support/index.html",
    "referral/index.html",
];

/// `scrollWidth clientWidth tableBoxes stylesheetLoaded`
const LAYOUT: &str = "const root = doc.documentElement; \
    const styled = getComputedStyle(doc.body).fontFamily.includes('system-ui'); \
    return [root.scrollWidth, root.clientWidth, doc.querySelectorAll('.table-scroll').length, styled].join(' ');";

#[test]
fn demo_pages_do_not_scroll_sideways_on_a_phone() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let public = common::build_for_file_urls(Path::new(env!("CARGO_MANIFEST_DIR")), out.path());
    let mut pages_with_tables = 0;
    for width in [390, 320] {
        let results = common::measure_pages(&browser, &public, PAGES, width, LAYOUT);
        for (page, line) in PAGES.iter().zip(results) {
            let fields: Vec<&str> = line.split(' ').collect();
            assert_eq!(fields.len(), 4, "could not measure {page}: {line}");
            assert_eq!(fields[3], "true", "the stylesheet did not load on {page}");
            let number = |i: usize| {
                fields[i]
                    .parse::<u32>()
                    .unwrap_or_else(|_| panic!("{page}: {line}"))
            };
            let (scroll, client, tables) = (number(0), number(1), number(2));
            assert_eq!(
                client, width,
                "{page} was not laid out at {width} px: {line}"
            );
            assert!(
                scroll <= client,
                "{page} scrolls sideways at {width} px: {scroll} > {client}"
            );
            pages_with_tables += usize::from(tables > 0);
        }
    }
    assert!(
        pages_with_tables > 0,
        "the demo has at least one table in a scrolling box"
    );
}

/// A site to search: two articles, each with a word no other page has.
fn search_fixture() -> common::Site {
    let site = common::Site::new();
    site.write(
        "content/articles/first.md",
        "---\ntitle: First steps\ndescription: The first one.\ndate: 2026-01-05\n---\nA quokkaberry grows in the garden.\n",
    );
    site.write(
        "content/articles/second.md",
        "---\ntitle: Second thoughts\ndescription: The other one.\ndate: 2026-01-06\n---\nThe zebrawood table.\n",
    );
    site
}

/// The hrefs of the search results shown, once there are some.
fn wait_for_results(browser: &mut common::cdp::Browser) -> serde_json::Value {
    browser.wait_until(
        "search results",
        "document.querySelectorAll('.pagefind-ui__result-link').length > 0",
    );
    browser.evaluate(
        "JSON.stringify([...document.querySelectorAll('.pagefind-ui__result-link')].map(a => a.getAttribute('href')))",
    )
}

/// The search page in Chromium, served over HTTP (WebAssembly does not
/// load from `file://`) with the Content-Security-Policy of the site's
/// `_headers`: a word typed into Pagefind's box finds the one article
/// whose body has it, and `/search/?q=word` (what the header's form sends)
/// runs that search on load. (That the form sends `?q=` without
/// JavaScript is checked on its parsed HTML in `tests/search.rs`.)
#[test]
fn the_search_page_finds_an_article_by_a_word_of_its_body() {
    let Some(chromium) = common::chromium() else {
        return;
    };
    let site = search_fixture();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let (port, server) = common::serve_folder(&public);
    let base = format!("http://127.0.0.1:{port}");
    let out_arg = public.display().to_string();
    site.hearth(&["build", "--base-url", &base, "--out", &out_arg])
        .assert_success();
    let mut browser =
        common::cdp::Browser::open(&chromium, &format!("{base}/search/?q=quokkaberry"));
    assert_eq!(wait_for_results(&mut browser), r#"["/articles/first/"]"#);
    // Typing: a new word in the box, as a person types it.
    browser.wait_until(
        "the search box",
        "!!document.querySelector('.pagefind-ui__search-input')",
    );
    browser.evaluate(
        "(() => { const box = document.querySelector('.pagefind-ui__search-input'); \
         box.focus(); box.value = 'zebrawood'; box.dispatchEvent(new Event('input', { bubbles: true })); return true; })()",
    );
    browser.wait_until(
        "the typed word's result",
        "[...document.querySelectorAll('.pagefind-ui__result-link')].some(a => a.getAttribute('href') === '/articles/second/')",
    );
    assert_eq!(wait_for_results(&mut browser), r#"["/articles/second/"]"#);
    drop(browser);
    server.unblock();
}
