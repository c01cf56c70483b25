//! The demo site in a real browser (headless Chromium): no page scrolls
//! sideways on a phone, and wide tables scroll inside their own box.

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
