//! The demo site in a real browser (headless Chromium): no page scrolls
//! sideways on a phone, and wide tables scroll inside their own box.
//!
//! Headless Chromium will not make a window narrower than 500 px, so each
//! page is loaded into an iframe of phone width inside a probe page, which
//! measures it after load. The site is built with its base path set to the
//! output folder, so its stylesheet loads from `file://` as it would from a
//! server.

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
];

/// A page that loads every page in a `width` px iframe and writes, for each,
/// `page scroll client scrollers` into `#result` once all have loaded.
fn probe_page(public: &Path, width: u32) -> String {
    let frames: String = PAGES
        .iter()
        .map(|page| {
            format!(
                "<iframe data-page=\"{page}\" src=\"file://{}/{page}\" style=\"width:{width}px;height:844px;border:0\"></iframe>\n",
                public.display()
            )
        })
        .collect();
    format!(
        r#"<!doctype html><html><body>{frames}<pre id="result"></pre><script>
addEventListener('load', () => {{
  const lines = [...document.querySelectorAll('iframe')].map(frame => {{
    const doc = frame.contentDocument;
    if (!doc) return `${{frame.dataset.page}} unreadable`;
    const root = doc.documentElement;
    const styled = getComputedStyle(doc.body).fontFamily;
    const scrollers = doc.querySelectorAll('.table-scroll').length;
    return `${{frame.dataset.page}} ${{root.scrollWidth}} ${{root.clientWidth}} ${{scrollers}} ${{styled.length}}`;
  }});
  document.getElementById('result').textContent = 'RESULT\n' + lines.join('\n') + '\nEND';
}});
</script></body></html>"#
    )
}

#[test]
fn demo_pages_do_not_scroll_sideways_on_a_phone() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let base_url = format!("http://localhost{}", public.display());
    let run = common::run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "build",
            "--out",
            public.to_str().unwrap(),
            "--base-url",
            &base_url,
        ],
    );
    run.assert_success();
    let mut pages_with_tables = 0;
    for width in [390, 320] {
        let probe = out.path().join(format!("probe-{width}.html"));
        std::fs::write(&probe, probe_page(&public, width)).unwrap();
        let dom = common::dump_dom(&browser, &format!("file://{}", probe.display()), width);
        let result = dom
            .split("RESULT\n")
            .nth(1)
            .and_then(|rest| rest.split("\nEND").next())
            .unwrap_or_else(|| panic!("the probe did not run:\n{dom}"));
        let lines: Vec<&str> = result.lines().collect();
        assert_eq!(lines.len(), PAGES.len(), "{result}");
        for line in lines {
            let fields: Vec<&str> = line.split(' ').collect();
            assert_eq!(fields.len(), 5, "could not measure: {line}");
            let number = |i: usize| {
                fields[i]
                    .parse::<u32>()
                    .unwrap_or_else(|_| panic!("bad number in {line}"))
            };
            let (scroll, client, scrollers) = (number(1), number(2), number(3));
            assert_eq!(
                client, width,
                "the page was not laid out at {width} px: {line}"
            );
            assert!(
                scroll <= client,
                "{} scrolls sideways at {width} px: {scroll} > {client}",
                fields[0]
            );
            pages_with_tables += usize::from(scrollers > 0);
        }
    }
    assert!(
        pages_with_tables > 0,
        "the demo has at least one table in a scrolling box"
    );
}
