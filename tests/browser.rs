//! The demo site in a real browser (headless Chromium): no page scrolls
//! sideways on a phone, and wide tables scroll inside their own box.

mod common;

use std::path::Path;

/// Measures the page's layout after load and writes it into the DOM.
const PROBE: &str = r#"<script>
addEventListener('load', () => {
  const root = document.documentElement;
  const scrollers = [...document.querySelectorAll('.table-scroll')];
  const wide = scrollers.filter(e => e.scrollWidth > e.clientWidth).length;
  document.body.setAttribute('data-probe', `scroll=${root.scrollWidth};client=${root.clientWidth};scrollers=${scrollers.length};wide=${wide};`);
});
</script>"#;

struct Layout {
    scroll: u32,
    client: u32,
}

/// Copies a built page beside itself with the probe, loads it, reads the result.
fn measure(browser: &Path, public: &Path, page: &str, width: u32) -> (Layout, String) {
    let html = std::fs::read_to_string(public.join(page)).expect("built page");
    let style = format!("href=\"file://{}/style.css\"", public.display());
    let probed = html
        .replace("href=\"/style.css\"", &style)
        .replace("</body>", &format!("{PROBE}</body>"));
    let copy = public.join(page).with_file_name("probe.html");
    std::fs::write(&copy, probed).expect("write probe page");
    let dom = common::dump_dom(browser, &format!("file://{}", copy.display()), width);
    let probe = dom
        .split("data-probe=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("the probe did not run on {page}:\n{dom}"))
        .to_string();
    let value = |key: &str| -> u32 {
        probe
            .split(';')
            .find_map(|pair| pair.strip_prefix(&format!("{key}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {key} in {probe}"))
    };
    (
        Layout {
            scroll: value("scroll"),
            client: value("client"),
        },
        probe,
    )
}

#[test]
fn demo_pages_do_not_scroll_sideways_on_a_phone() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let run = common::run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["build", "--out", public.to_str().unwrap()],
    );
    run.assert_success();
    let pages = [
        "index.html",
        "articles/index.html",
        "articles/coaching-or-therapy/index.html",
        "articles/parts-at-work/index.html",
        "about/index.html",
        "tags/index.html",
    ];
    let mut with_tables = 0;
    for page in pages {
        for width in [390, 320] {
            let (layout, probe) = measure(&browser, &public, page, width);
            assert_eq!(layout.client, width, "viewport of {page}: {probe}");
            assert!(
                layout.scroll <= layout.client,
                "{page} scrolls sideways at {width} px: {probe}"
            );
            if probe.contains("scrollers=") && !probe.contains("scrollers=0;") {
                with_tables += 1;
            }
        }
    }
    assert!(with_tables > 0, "the demo has a table in a scrolling box");
}
