//! Comparisons: validation errors with their place, the rendered table's
//! structure, embedding by reference and inline, and the phone layout in
//! a real browser.

mod common;

use common::Site;

const COLUMNS: &str = "title: Coaching and therapy\ncolumns:\n  - { id: coaching, label: Coaching }\n  - { id: therapy, label: Therapy }\n";

fn site_with(comparison: &str) -> Site {
    let site = Site::new();
    site.write("content/comparisons/cvt.yaml", comparison);
    site
}

fn fails(comparison: &str, needles: &[&str]) {
    Site::new().assert_breakage_fails_cleanly(
        |s| s.write("content/comparisons/cvt.yaml", comparison),
        needles,
    );
}

#[test]
fn an_unknown_column_id_in_a_row_with_a_suggestion() {
    fails(
        &format!("{COLUMNS}rows:\n  - coaching: a\n    therapi: b\n"),
        &[
            "content/comparisons/cvt.yaml:7:5",
            "unknown column `therapi`",
            "did you mean `therapy`?",
        ],
    );
}

#[test]
fn a_missing_cell() {
    fails(
        &format!("{COLUMNS}rows:\n  - coaching: a\n"),
        &[
            "content/comparisons/cvt.yaml:6:5",
            "no cell for the column `therapy`",
            "`therapy: ~` to leave it blank",
        ],
    );
}

#[test]
fn duplicate_column_ids() {
    fails(
        "title: T\ncolumns:\n  - { id: a, label: A }\n  - { id: a, label: B }\nrows:\n  - a: x\n",
        &[
            "content/comparisons/cvt.yaml:4:11",
            "the column id `a` is used twice",
        ],
    );
}

#[test]
fn fewer_than_two_columns() {
    fails(
        "title: T\ncolumns:\n  - { id: a, label: A }\nrows:\n  - a: x\n",
        &[
            "content/comparisons/cvt.yaml:3:3",
            "at least two columns, and this one has 1",
        ],
    );
}

#[test]
fn no_rows() {
    fails(
        COLUMNS,
        &[
            "content/comparisons/cvt.yaml:1:1",
            "the comparison has no rows",
        ],
    );
    fails(
        &format!("{COLUMNS}rows: []\n"),
        &["content/comparisons/cvt.yaml:5:7", "`rows` is empty"],
    );
}

#[test]
fn an_empty_group() {
    fails(
        &format!("{COLUMNS}groups:\n  - label: Empty\n    rows: []\n"),
        &[
            "content/comparisons/cvt.yaml:6:5",
            "the group `Empty` has no rows",
        ],
    );
}

#[test]
fn a_list_where_text_belongs() {
    fails(
        &format!("{COLUMNS}rows:\n  - coaching: [a, b]\n    therapy: c\n"),
        &["content/comparisons/cvt.yaml:6:15", "expected text here"],
    );
}

#[test]
fn an_unknown_key() {
    fails(
        &format!("{COLUMNS}sauces: []\nrows:\n  - coaching: a\n    therapy: b\n"),
        &[
            "content/comparisons/cvt.yaml:5:1",
            "unknown key `sauces`",
            "did you mean `sources`?",
        ],
    );
}

#[test]
fn malformed_yaml() {
    fails(
        "title: [unclosed\ncolumns: x\n",
        &["content/comparisons/cvt.yaml:", "error[invalid-comparison]"],
    );
}

#[test]
fn a_broken_link_in_a_cell() {
    fails(
        &format!("{COLUMNS}rows:\n  - coaching: see [x](../nope.md)\n    therapy: b\n"),
        &[
            "content/comparisons/cvt.yaml:6:15",
            "`../nope.md` is not a content file",
        ],
    );
}

#[test]
fn all_comparison_errors_are_reported_together() {
    fails(
        &format!(
            "{COLUMNS}groups:\n  - label: A\n    rows:\n      - coaching: a\n        therapi: b\n  - label: B\n    rows: []\n"
        ),
        &[
            "unknown column `therapi`",
            "no cell for the column `therapy`",
            "the group `B` has no rows",
            "the build failed with 3 errors",
        ],
    );
}

#[test]
fn a_table_renders_with_caption_scopes_groups_blanks_and_markdown() {
    let site = site_with(&format!(
        "{COLUMNS}description: How they differ.\ngroups:\n  - label: The relationship\n    rows:\n      - aspect: Who *leads*\n        coaching: Peers, see [contact](../contact.md)\n        therapy: ~\n  - label: The work\n    rows:\n      - aspect: Focus\n        coaching: The **future**\n        therapy: The past and present\nsources:\n  - {{ title: A source, url: 'https://example.org/a' }}\n"
    ));
    site.build().assert_success();
    let html = site.read("comparisons/cvt/index.html");
    assert!(html.contains("<caption>Coaching and therapy<span class=\"comparison-description\">How they differ.</span></caption>"), "{html}");
    assert_eq!(html.matches("<th scope=\"col\">").count(), 2, "{html}");
    assert!(
        html.contains("<th scope=\"col\">Coaching</th><th scope=\"col\">Therapy</th>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<tbody>").count(),
        2,
        "a tbody per group: {html}"
    );
    assert!(
        html.contains("<th scope=\"rowgroup\" colspan=\"3\">The relationship</th>"),
        "{html}"
    );
    assert!(
        html.contains("<th scope=\"row\">Who <em>leads</em></th>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<td data-label=\"Coaching\"><div class=\"cell\">Peers, see <a href=\"/contact/\">contact</a></div></td>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<td data-label=\"Therapy\" class=\"blank\">"),
        "{html}"
    );
    assert!(
        html.contains(
            "<td data-label=\"Coaching\"><div class=\"cell\">The <strong>future</strong></div></td>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://example.org/a\">A source</a>"),
        "{html}"
    );
    let contact = site.read("contact/index.html");
    assert!(
        contact.contains("href=\"/comparisons/cvt/\">Coaching and therapy</a>"),
        "the cell's link is a backlink: {contact}"
    );
    let index = site.read("comparisons/index.html");
    assert!(
        index.contains("href=\"/comparisons/cvt/\">Coaching and therapy</a>"),
        "{index}"
    );
    assert!(
        site.read("sitemap.xml")
            .contains("https://test.example/comparisons/cvt/")
    );
}

#[test]
fn nineteen_rows_without_aspects_render_as_nineteen_rows_under_two_heads() {
    let rows: String = (1..=19)
        .map(|i| format!("  - coaching: c{i}\n    therapy: t{i}\n"))
        .collect();
    let site = site_with(&format!("{COLUMNS}rows:\n{rows}"));
    site.build().assert_success();
    let html = site.read("comparisons/cvt/index.html");
    let table = &html[html.find("<table").unwrap()..html.find("</table>").unwrap()];
    assert_eq!(table.matches("<th scope=\"col\">").count(), 2);
    assert_eq!(
        table.matches("<tr>").count(),
        20,
        "a head row and 19 body rows: {table}"
    );
    assert_eq!(table.matches("<td data-label=").count(), 38);
    assert!(
        !table.contains("scope=\"row\""),
        "no aspects, no row headers"
    );
    assert!(table.contains("<td data-label=\"Therapy\"><div class=\"cell\">t19</div></td>"));
}

#[test]
fn embedding_by_reference_and_inline() {
    let site = site_with(&format!(
        "{COLUMNS}rows:\n  - coaching: by reference\n    therapy: b\n"
    ));
    site.write(
        "content/about.md",
        "---\ntitle: About\n---\nBefore.\n\n```comparison\nid: cvt\n```\n\nBetween.\n\n```comparison\ntitle: Inline one\ncolumns:\n  - { id: x, label: X }\n  - { id: y, label: Y }\nrows:\n  - x: \"[[Contact]]\"\n    y: ~\n```\n\nAfter [the table](comparisons/cvt.yaml).\n",
    );
    site.build().assert_success();
    let about = site.read("about/index.html");
    assert!(
        about.contains("<caption>Coaching and therapy</caption>"),
        "{about}"
    );
    assert!(about.contains("by reference"), "{about}");
    assert!(about.contains("<caption>Inline one</caption>"), "{about}");
    assert!(
        about.contains(
            "<td data-label=\"X\"><div class=\"cell\"><a href=\"/contact/\">Contact</a></div></td>"
        ),
        "{about}"
    );
    assert!(
        about.contains("<a href=\"/comparisons/cvt/\">the table</a>"),
        "{about}"
    );
    assert!(
        !about.contains("```") && !about.contains("language-comparison"),
        "{about}"
    );
    let page = site.read("comparisons/cvt/index.html");
    assert!(
        page.contains("href=\"/about/\">About</a>"),
        "the embedding page is a backlink: {page}"
    );
}

#[test]
fn embed_errors_point_into_the_markdown_file() {
    let site = Site::new();
    site.build().assert_success();
    site.write(
        "content/about.md",
        "---\ntitle: About\n---\nText.\n\n```comparison\nid: nope\n```\n\n```comparison\ntitle: Inline\ncolumns:\n  - { id: x, label: X }\nrows:\n  - x: a\n```\n",
    );
    site.build().assert_error(&[
        "content/about.md:7:5",
        "there is no comparison `nope`",
        "content/about.md:13:3",
        "at least two columns",
    ]);
}

#[test]
fn cards_on_a_phone_label_every_cell_and_never_scroll_sideways() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let long = "A long explanation that wraps across several lines on a narrow phone screen without pushing anything sideways";
    let site = site_with(&format!(
        "{COLUMNS}groups:\n  - label: Group one\n    rows:\n      - aspect: First aspect\n        coaching: {long}\n        therapy: Short\n      - aspect: Second\n        coaching: ~\n        therapy: {long}\n"
    ));
    let out = tempfile::tempdir().unwrap();
    let public = common::build_for_file_urls(site.root(), out.path());
    // For each cell: is its column label shown before it, inside the screen?
    let measure = "const root = doc.documentElement; \
        const cells = [...doc.querySelectorAll('td[data-label]')]; \
        const labelled = cells.filter(td => { \
            const label = getComputedStyle(td, '::before').content; \
            const box = td.getBoundingClientRect(); \
            return label === JSON.stringify(td.dataset.label) && box.height > 0 && box.right <= root.clientWidth; \
        }).length; \
        return [root.scrollWidth, root.clientWidth, cells.length, labelled].join(' ');";
    for width in [390, 320] {
        let results = common::measure_pages(
            &browser,
            &public,
            &["comparisons/cvt/index.html"],
            width,
            measure,
        );
        let fields: Vec<u32> = results[0]
            .split(' ')
            .map(|f| f.parse().unwrap_or_else(|_| panic!("{}", results[0])))
            .collect();
        assert_eq!(fields[1], width, "{}", results[0]);
        assert!(
            fields[0] <= fields[1],
            "scrolls sideways at {width} px: {}",
            results[0]
        );
        assert_eq!(fields[2], 4, "{}", results[0]);
        assert_eq!(
            fields[3], 4,
            "every cell shows its column label at {width} px: {}",
            results[0]
        );
    }
}

/// Parses one comparison file in-process, as `check` does, and times it.
fn parse_timed(
    text: String,
) -> (
    Vec<hearth::diagnostic::Diagnostic>,
    usize,
    std::time::Duration,
) {
    let file = hearth::load::SourceFile {
        path: "comparisons/big.yaml".into(),
        text,
    };
    let started = std::time::Instant::now();
    let (parsed, errors) = hearth::parse::parse_data(&[file]);
    let rows = parsed
        .comparisons
        .first()
        .map_or(0, |c| c.comparison.row_count());
    (errors, rows, started.elapsed())
}

/// The timing bounds below are generous sanity bounds for a debug build on
/// a busy shared machine, several times what the checks take; the
/// quadratic checks took many times more (14,000 columns: 7.4 s in a
/// release build).
#[test]
fn fourteen_thousand_columns_are_refused_at_once_with_the_limit() {
    let columns: String = (0..14_000)
        .map(|i| format!("  - {{ id: c{i}, label: C{i} }}\n"))
        .collect();
    let cells: String = (0..14_000).map(|i| format!("c{i}: x, ")).collect();
    let text = format!("title: Wide\ncolumns:\n{columns}rows:\n  - {{ {cells}}}\n");
    let (errors, _, took) = parse_timed(text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        errors[0].to_string().split(" (").next(),
        Some(
            "error[comparison-columns]: content/comparisons/big.yaml:3:3: this comparison has 14000 columns, and a comparison has at most 50"
        )
    );
    assert!(
        errors[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("split it"))
    );
    assert!(took.as_secs_f64() < 5.0, "took {took:?}");
}

/// A table far longer than any real one: it is read and located in time
/// linear in its size, and so are its errors (each cell's place was found
/// by reading the file from its start: 6 s for 5,000 rows in a debug
/// build, four times that for these 10,000; now under 2 s).
#[test]
fn a_very_long_comparison_and_its_errors_are_checked_in_linear_time() {
    let row = |i: usize, wrong: bool| {
        let key = if wrong { "therapi" } else { "therapy" };
        format!(
            "  - aspect: Row {i}\n    coaching: \"[Looks](https://x.example) ahead\"\n    {key}: May look back\n"
        )
    };
    let head = "title: Long\ncolumns:\n  - { id: coaching, label: Coaching }\n  - { id: therapy, label: Therapy }\nrows:\n";
    let good: String = (0..10_000).map(|i| row(i, false)).collect();
    let (errors, rows, took) = parse_timed(format!("{head}{good}"));
    assert!(errors.is_empty(), "{:?}", errors.first());
    assert_eq!(rows, 10_000);
    assert!(took.as_secs_f64() < 8.0, "took {took:?}");

    let bad: String = (0..10_000).map(|i| row(i, true)).collect();
    let (errors, _, took) = parse_timed(format!("{head}{bad}"));
    // Each row: the unknown `therapi` and the missing `therapy`.
    assert_eq!(errors.len(), 20_000);
    let last = errors
        .iter()
        .rfind(|e| e.message == "unknown column `therapi`")
        .expect("unknown columns");
    assert_eq!(
        last.position().as_deref(),
        Some("content/comparisons/big.yaml:30005:5")
    );
    assert_eq!(last.help.as_deref(), Some("did you mean `therapy`?"));
    assert!(took.as_secs_f64() < 8.0, "took {took:?}");
}

#[test]
fn every_top_level_problem_of_a_comparison_at_once() {
    fails(
        "titel: T\ncolumns: 5\nrowz: []\nsources: [x]\n",
        &[
            "content/comparisons/cvt.yaml:1:1",
            "unknown key `titel`",
            "did you mean `title`?",
            "content/comparisons/cvt.yaml:2:10",
            "expected a list here",
            "content/comparisons/cvt.yaml:3:1",
            "did you mean `rows`?",
            "content/comparisons/cvt.yaml:4:11",
            "expected `key: value` lines here",
        ],
    );
}

#[test]
fn a_cell_written_twice_in_a_row() {
    fails(
        &format!("{COLUMNS}rows:\n  - coaching: a\n    therapy: b\n    coaching: c\n"),
        &[
            "content/comparisons/cvt.yaml:8:5",
            "the key `coaching` is written twice: here and on line 6",
        ],
    );
}
