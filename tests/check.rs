//! `hearth check`: every problem at once with `file:line:col`, in text and
//! JSON, the site warnings, `--deny-warnings`, exit codes, and that it
//! never writes a file.

mod common;

use common::{Run, Site};
use serde_json::Value;

/// A small site with no errors and no warnings.
fn clean_site() -> Site {
    let site = Site::new();
    site.write(
        "content/referral.yaml",
        "title: When to see a therapist first\nscope: I am a coach.\ncriteria:\n  - { level: urgent, text: You have thoughts of suicide. }\nresources:\n  - { name: Lifeline, phone: \"988\" }\n",
    );
    site.write(
        "content/articles/first.md",
        "---\ntitle: First\ndescription: The first one.\ndate: 2026-01-05\n---\nHello.\n\n## Start\n\n### Detail\n\nSee [contact](../contact.md).\n",
    );
    site
}

/// The JSON report of `check --format json`.
fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", run.stdout))
}

/// The diagnostics of a JSON report with the given code.
fn with_code<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

fn place(diagnostic: &Value) -> (String, u64, u64) {
    (
        diagnostic["file"].as_str().unwrap_or_default().to_string(),
        diagnostic["line"].as_u64().unwrap_or_default(),
        diagnostic["column"].as_u64().unwrap_or_default(),
    )
}

#[test]
fn a_clean_site_checks_clean() {
    let site = clean_site();
    let run = site.hearth(&["check"]);
    run.assert_success();
    assert!(run.stdout.contains("no problems found"), "{}", run.stdout);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let report = json(&site.hearth(&["check", "--format", "json"]));
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 0);
    assert_eq!(report["diagnostics"], Value::Array(vec![]));
}

#[test]
fn a_broken_link_fails_with_its_place_in_text_and_json() {
    let site = clean_site();
    site.write(
        "content/articles/second.md",
        "---\ntitle: Second\ndescription: Two.\ndate: 2026-01-06\n---\nIntro.\n\nRead  [the first](frist.md) now.\n",
    );
    let run = site.hearth(&["check"]);
    run.assert_error(&[
        "content/articles/second.md:8:7",
        "error[broken-link]",
        "did you mean `first.md`?",
        "the check found 1 error",
    ]);

    let run = site.hearth(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["errors"], 1);
    let broken = with_code(&report, "broken-link");
    assert_eq!(broken.len(), 1, "{report:#}");
    assert_eq!(broken[0]["severity"], "error");
    assert_eq!(
        place(broken[0]),
        ("content/articles/second.md".to_string(), 8, 7)
    );
    assert!(broken[0]["message"].as_str().unwrap().contains("frist.md"));
    assert_eq!(broken[0]["help"], "did you mean `first.md`?");
}

#[test]
fn every_problem_is_reported_at_once() {
    let site = clean_site();
    site.write(
        "content/articles/bad-date.md",
        "---\ntitle: Bad date\ndescription: x\ndate: 2026-13-45\n---\nText.\n",
    );
    site.write("content/articles/typo.md", "---\ntitel: Typo\n---\nText.\n");
    site.write(
        "content/articles/links.md",
        "---\ntitle: Links\ndate: 2026-01-07\n---\nSee [[Nowhere]] and [x](first.md#nope).\n\n![](pic.svg)\n",
    );
    site.write("content/articles/pic.svg", "<svg/>");
    let run = site.hearth(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["errors"], 4, "{report:#}");
    assert_eq!(with_code(&report, "bad-date").len(), 1);
    assert_eq!(with_code(&report, "front-matter").len(), 1);
    assert_eq!(with_code(&report, "broken-link").len(), 2);
    // Warnings of the same run come with the errors.
    assert_eq!(with_code(&report, "missing-alt").len(), 1, "{report:#}");
    assert_eq!(with_code(&report, "missing-description").len(), 1);
    let severities: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    assert!(
        severities.windows(2).all(|w| w[0] <= w[1]),
        "errors come first: {severities:?}"
    );
}

#[test]
fn an_image_without_alt_text_is_a_warning_at_the_image() {
    let site = clean_site();
    site.write(
        "content/articles/photo/index.md",
        "---\ntitle: Photo\ndescription: A photo.\ndate: 2026-02-01\n---\nIntro.\n\nHere: ![](harbour.svg) and ![A harbour](harbour.svg)\n",
    );
    site.write("content/articles/photo/harbour.svg", "<svg/>");
    let run = site.hearth(&["check"]);
    run.assert_success();
    assert!(
        run.stderr
            .contains("warning[missing-alt]: the image `harbour.svg` has no alternative text"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/articles/photo/index.md:8:7"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("warning[").count(), 1, "{}", run.stderr);
    assert!(run.stdout.contains("1 warning"), "{}", run.stdout);
}

#[test]
fn a_page_without_a_description_is_a_warning() {
    let site = clean_site();
    site.write(
        "content/articles/quiet.md",
        "---\ntitle: Quiet\ndate: 2026-02-02\n---\nText.\n",
    );
    let report = json(&site.hearth(&["check", "--format", "json"]));
    let missing = with_code(&report, "missing-description");
    assert_eq!(missing.len(), 1, "{report:#}");
    assert_eq!(
        place(missing[0]),
        ("content/articles/quiet.md".to_string(), 1, 1)
    );
    assert!(
        missing[0]["help"]
            .as_str()
            .unwrap()
            .contains("description:")
    );
}

#[test]
fn the_home_page_may_use_the_site_description() {
    let site = clean_site();
    // The fixture's home page has no description, and site.yaml has one.
    assert!(
        json(&site.hearth(&["check", "--format", "json"]))["warnings"] == 0,
        "the home page falls back to site.yaml's description"
    );
    site.write(
        "content/site.yaml",
        common::SITE_YAML.replace("description: A test site.\n", ""),
    );
    let report = json(&site.hearth(&["check", "--format", "json"]));
    let missing = with_code(&report, "missing-description");
    assert_eq!(missing.len(), 1, "{report:#}");
    assert_eq!(missing[0]["file"], "content/_index.md");
}

#[test]
fn a_skipped_heading_level_is_a_warning_at_the_heading() {
    let site = clean_site();
    site.write(
        "content/articles/levels.md",
        "---\ntitle: Levels\ndescription: Levels.\ndate: 2026-02-03\n---\nIntro.\n\n### Too deep\n\nText.\n\n## Fine\n\n#### Deep again\n\n## Back up is fine\n",
    );
    let report = json(&site.hearth(&["check", "--format", "json"]));
    let skipped = with_code(&report, "skipped-heading-level");
    assert_eq!(skipped.len(), 2, "{report:#}");
    assert_eq!(
        place(skipped[0]),
        ("content/articles/levels.md".to_string(), 8, 1)
    );
    assert!(
        skipped[0]["message"]
            .as_str()
            .unwrap()
            .contains("from level 1 to level 3")
    );
    assert!(skipped[0]["help"].as_str().unwrap().contains("use `##`"));
    assert_eq!(
        place(skipped[1]),
        ("content/articles/levels.md".to_string(), 14, 1)
    );
    assert!(skipped[1]["help"].as_str().unwrap().contains("use `###`"));
}

/// A tag spelled otherwise than its most common spelling is a warning at
/// the place it is written, which names the spelling to use.
#[test]
fn a_tag_spelled_otherwise_is_a_warning_at_the_tag() {
    let site = clean_site();
    let article = |tags: &str| {
        format!(
            "---\ntitle: An article\ndescription: A.\ndate: 2026-01-01\ntags:\n{tags}---\nSee [contact](../contact.md).\n"
        )
    };
    site.write(
        "content/articles/a.md",
        article("  - Coaching\n  - parts\n"),
    );
    site.write("content/articles/b.md", article("  - coaching\n"));
    site.write(
        "content/articles/c.md",
        article("  - \"coaching\"\n  - Parts\n"),
    );
    let run = site.hearth(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = json(&run);
    let spelling = with_code(&report, "tag-spelling");
    let found: Vec<(String, u64, u64)> = spelling.iter().map(|d| place(d)).collect();
    assert_eq!(
        found,
        [
            ("content/articles/a.md".to_string(), 6, 5),
            ("content/articles/c.md".to_string(), 7, 5),
        ],
        "{report:#}"
    );
    assert_eq!(spelling[0]["severity"], "warning");
    assert_eq!(
        spelling[0]["message"],
        "the tag `Coaching` is written `coaching` elsewhere, and is shown as `coaching` on every page"
    );
    assert!(
        spelling[0]["help"]
            .as_str()
            .unwrap()
            .contains("write `coaching` here, as 2 of the 3 uses"),
        "{report:#}"
    );
    assert!(
        spelling[1]["message"]
            .as_str()
            .unwrap()
            .contains("`Parts` is written `parts`")
    );
}

/// `[book a session](#)` and `[text]()` are placeholders that shipped as
/// dead links without a word: each is a warning at its place.
#[test]
fn a_placeholder_link_is_a_warning_at_the_link() {
    let site = clean_site();
    site.write(
        "content/articles/offer.md",
        "---\ntitle: Offer\ndescription: Offer.\ndate: 2026-02-04\n---\nIntro.\n\nPlease [book a session](#) or [write]() to me.\n\nSee [the start](#start) and [contact](../contact.md).\n\n## Start\n",
    );
    let run = site.hearth(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = json(&run);
    let empty = with_code(&report, "empty-link");
    let found: Vec<(String, u64, u64, &str)> = empty
        .iter()
        .map(|d| {
            let (file, line, column) = place(d);
            (file, line, column, d["severity"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        found,
        [
            ("content/articles/offer.md".to_string(), 8, 8, "warning"),
            ("content/articles/offer.md".to_string(), 8, 31, "warning"),
        ],
        "{report:#}"
    );
    assert!(empty[0]["message"].as_str().unwrap().contains("`#`"));
    assert!(empty[1]["message"].as_str().unwrap().contains("no address"));
    assert!(
        empty[0]["help"]
            .as_str()
            .unwrap()
            .contains("between the parentheses")
    );
}

#[test]
fn a_page_nothing_leads_to_is_a_warning() {
    let site = clean_site();
    site.write(
        "content/workshops.md",
        "---\ntitle: Workshops\ndescription: Group work.\n---\nText, and [a link](about.md).\n",
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\ndescription: Me.\n---\nOnly the workshops page links here.\n",
    );
    let report = json(&site.hearth(&["check", "--format", "json"]));
    let unreachable = with_code(&report, "unreachable-page");
    let files: Vec<&str> = unreachable
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    // About is linked, but only from a page nobody can reach.
    assert_eq!(
        files,
        ["content/about.md", "content/workshops.md"],
        "{report:#}"
    );
    assert!(
        unreachable[0]["message"]
            .as_str()
            .unwrap()
            .contains("only pages they cannot reach link to it (content/workshops.md)")
    );
    assert!(
        unreachable[1]["message"]
            .as_str()
            .unwrap()
            .contains("/workshops/")
    );
    assert_eq!(place(unreachable[1]).1, 1);

    // A link from a reachable page fixes both.
    site.write(
        "content/articles/first.md",
        "---\ntitle: First\ndescription: The first one.\ndate: 2026-01-05\n---\nSee [workshops](../workshops.md).\n",
    );
    let report = json(&site.hearth(&["check", "--format", "json"]));
    assert!(
        with_code(&report, "unreachable-page").is_empty(),
        "{report:#}"
    );
}

#[test]
fn the_menu_the_booking_link_and_section_lists_make_pages_reachable() {
    let site = clean_site();
    // /contact/ is reached only through the booking button of the fixture.
    site.write(
        "content/about.md",
        "---\ntitle: About\ndescription: Me.\n---\nIn the menu.\n",
    );
    site.write(
        "content/site.yaml",
        common::SITE_YAML.replace(
            "menu:\n",
            "menu:\n  - { label: About, url: https://test.example/about }\n",
        ),
    );
    // An article deep in a section listed by the menu's Articles.
    for n in 0..8 {
        site.write(
            &format!("content/articles/old-{n}.md"),
            format!(
                "---\ntitle: Old {n}\ndescription: x\ndate: 2020-01-0{}\n---\nx\n",
                n + 1
            ),
        );
    }
    let report = json(&site.hearth(&["check", "--format", "json"]));
    assert!(
        with_code(&report, "unreachable-page").is_empty(),
        "{report:#}"
    );

    // Without the menu item, the section's pages are still reached through
    // the home page's latest articles and their link back to the section.
    site.write("content/site.yaml", "title: T\nbase_url: https://test.example\ndescription: x\nbooking: { label: Book, url: /contact/ }\n");
    let report = json(&site.hearth(&["check", "--format", "json"]));
    let files: Vec<&str> = with_code(&report, "unreachable-page")
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["content/about.md"], "{report:#}");
}

#[test]
fn a_tag_list_in_the_menu_makes_its_pages_reachable() {
    let site = clean_site();
    site.write(
        "content/retreat.md",
        "---\ntitle: Retreat\ndescription: x\ntags: [Retreats]\n---\nx\n",
    );
    let report = json(&site.hearth(&["check", "--format", "json"]));
    assert_eq!(
        with_code(&report, "unreachable-page").len(),
        1,
        "{report:#}"
    );
    site.write(
        "content/site.yaml",
        common::SITE_YAML.replace(
            "menu:\n",
            "menu:\n  - { label: Retreats, url: /tags/retreats/ }\n",
        ),
    );
    let report = json(&site.hearth(&["check", "--format", "json"]));
    assert!(
        with_code(&report, "unreachable-page").is_empty(),
        "{report:#}"
    );
}

#[test]
fn an_unlisted_page_is_not_reported_as_unreachable() {
    let site = clean_site();
    site.write(
        "content/thanks.md",
        "---\ntitle: Thank you\ndescription: After signing up.\nextra: { unlisted: true }\n---\nThanks!\n",
    );
    let run = site.hearth(&["check", "--deny-warnings"]);
    run.assert_success();
}

#[test]
fn build_prints_warnings_and_still_succeeds() {
    let site = clean_site();
    site.write(
        "content/articles/quiet.md",
        "---\ntitle: Quiet\ndate: 2026-02-02\n---\n#### Deep\n",
    );
    let run = site.build();
    run.assert_success();
    assert!(
        run.stderr.contains("warning[missing-description]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning[skipped-heading-level]"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("(2 warnings)"), "{}", run.stdout);
    assert!(site.exists("articles/quiet/index.html"));
}

#[test]
fn deny_warnings_makes_warnings_fail() {
    let site = clean_site();
    site.hearth(&["check", "--deny-warnings"]).assert_success();
    site.write(
        "content/articles/quiet.md",
        "---\ntitle: Quiet\ndate: 2026-02-02\n---\nText.\n",
    );
    site.hearth(&["check"]).assert_success();
    site.hearth(&["check", "--deny-warnings"]).assert_error(&[
        "content/articles/quiet.md:1:1",
        "warning[missing-description]",
        "--deny-warnings makes warnings fail",
    ]);
    let run = site.hearth(&["check", "--deny-warnings", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(json(&run)["warnings"], 1);
}

#[test]
fn check_writes_nothing() {
    let site = clean_site();
    let before = common::snapshot(site.root());
    site.hearth(&["check"]).assert_success();
    assert!(!site.path("public").exists(), "check created public/");
    assert_eq!(common::snapshot(site.root()), before, "check changed files");
    let names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n == "content" || n == "themes"),
        "check left files behind: {names:?}"
    );

    site.build().assert_success();
    let built = site.snapshot("public");
    site.write(
        "content/articles/first.md",
        "---\ntitle: Changed\ndescription: x\ndate: 2026-01-05\n---\n[broken](nope.md)\n",
    );
    site.hearth(&["check"])
        .assert_error(&["error[broken-link]"]);
    site.write(
        "content/articles/first.md",
        "---\ntitle: Changed\ndescription: x\ndate: 2026-01-05\n---\nFine.\n",
    );
    site.hearth(&["check"]).assert_success();
    assert_eq!(site.snapshot("public"), built, "check changed public/");
}

#[test]
fn check_finds_template_errors_like_build() {
    let site = clean_site();
    site.write("templates/page.html", "{{ no_such_variable.deeper }}");
    site.hearth(&["check"]).assert_error(&["page.html"]);
}

#[test]
fn bad_usage_exits_with_2() {
    let site = clean_site();
    for args in [
        &["check", "--format", "xml"][..],
        &["check", "--timeout", "0"],
        &["check", "--timeout", "soon"],
        &["check", "--nope"],
    ] {
        let run = site.hearth(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
}

#[test]
fn a_missing_site_is_an_error_in_json_too() {
    let dir = tempfile::tempdir().unwrap();
    let run = common::run_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report = json(&run);
    assert_eq!(report["errors"], 1);
    assert_eq!(report["diagnostics"][0]["code"], "missing-content");
    assert_eq!(report["diagnostics"][0]["file"], Value::Null);
    assert_eq!(report["diagnostics"][0]["line"], Value::Null);
}

#[test]
fn the_demo_site_checks_clean_with_deny_warnings() {
    let run = common::run_in(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", "--deny-warnings"],
    );
    run.assert_success();
    assert!(run.stdout.contains("no problems found"), "{}", run.stdout);
}
