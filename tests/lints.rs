//! Lints a coach meets in her own words: `scope-claim` (claims of clinical
//! work), `placeholder-text` (starter text nobody replaced) and the
//! levels `lints:` in `site.yaml` gives any lint.

mod common;

use std::path::Path;

use common::{Reported, Site, demo_copy, run_in};

/// The diagnostics of `check --format json` in `dir`, and its exit code.
fn check(dir: &Path, extra: &[&str]) -> (Vec<Reported>, i32) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let run = run_in(dir, &args);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    (Reported::all_from_json(&report).unwrap(), run.code)
}

fn with_code<'a>(all: &'a [Reported], code: &str) -> Vec<&'a Reported> {
    all.iter().filter(|d| d.code == code).collect()
}

#[test]
fn the_demo_makes_no_claims_until_one_is_added_at_its_line() {
    let demo = demo_copy();
    let (all, _) = check(demo.path(), &[]);
    assert!(with_code(&all, "scope-claim").is_empty(), "{all:#?}");

    let about = demo.path().join("content/about.md");
    let mut text = std::fs::read_to_string(&about).unwrap();
    text.push_str("\nMost of my clients come to me because I treat anxiety.\n");
    let line = text.lines().count() as u64;
    std::fs::write(&about, text).unwrap();
    let (all, code) = check(demo.path(), &[]);
    let claims = with_code(&all, "scope-claim");
    assert_eq!(claims.len(), 1, "{all:#?}");
    let claim = claims[0];
    assert_eq!(claim.severity, "warning");
    assert_eq!(claim.file.as_deref(), Some("content/about.md"));
    assert_eq!(claim.line, Some(line));
    assert_eq!(claim.column, Some(41), "the column of `treat`");
    assert!(
        claim.message.contains("I treat anxiety"),
        "{}",
        claim.message
    );
    assert!(
        claim
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("I work with people who"),
        "{claim:?}"
    );
    assert_eq!(code, 0, "a warning does not fail the check");
}

#[test]
fn comparison_cells_are_read_by_their_column() {
    let site = Site::new();
    site.write(
        "content/comparisons/help.yaml",
        "title: Coaching or therapy\ndescription: Two kinds of help.\ncolumns:\n  - { id: coaching, label: Coaching }\n  - { id: therapy, label: Therapy }\nrows:\n  - aspect: Focus\n    coaching: Heals your trauma for good\n    therapy: Heals your trauma with clinical care\n",
    );
    site.write(
        "content/articles/a.md",
        "---\ntitle: A\ndescription: An article.\n---\n\nSee [the table](../comparisons/help.yaml).\n",
    );
    let (all, _) = check(site.root(), &[]);
    let claims = with_code(&all, "scope-claim");
    assert_eq!(
        claims.len(),
        1,
        "only the coaching cell is a claim: {all:#?}"
    );
    assert_eq!(
        claims[0].file.as_deref(),
        Some("content/comparisons/help.yaml")
    );
    assert_eq!(claims[0].line, Some(8));
}

#[test]
fn lint_levels_turn_a_lint_off_or_into_an_error() {
    let site = Site::new();
    site.write(
        "content/articles/a.md",
        "---\ntitle: A\ndescription: An article.\n---\n\nI treat anxiety.\n\n![](photo.png)\n",
    );
    // A real picture: one that cannot be decoded is an error (`bad-image`).
    let mut png = Vec::new();
    image::RgbImage::new(2, 2)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    site.write("content/articles/photo.png", png);
    let yaml = common::SITE_YAML;
    let (all, code) = check(site.root(), &[]);
    assert_eq!(with_code(&all, "scope-claim").len(), 1);
    assert_eq!(with_code(&all, "missing-alt").len(), 1);
    assert_eq!(code, 0);

    site.write(
        "content/site.yaml",
        format!("{yaml}lints: {{ scope-claim: off, missing-alt: error }}\n"),
    );
    let (all, code) = check(site.root(), &[]);
    assert!(with_code(&all, "scope-claim").is_empty(), "{all:#?}");
    let alt = with_code(&all, "missing-alt");
    assert_eq!(alt.len(), 1);
    assert_eq!(alt[0].severity, "error");
    assert_eq!(code, 1, "an error fails the check");
    let build = site.build();
    assert_eq!(build.code, 1, "and the build: {}", build.stderr);
}

#[test]
fn unknown_lint_codes_and_levels_are_errors_at_their_place() {
    let site = Site::new();
    let yaml = common::SITE_YAML;
    site.write(
        "content/site.yaml",
        format!("{yaml}lints:\n  scope-claims: off\n  missing-alt: of\n"),
    );
    let line = yaml.lines().count() as u64 + 2;
    let (all, code) = check(site.root(), &[]);
    assert_eq!(code, 1);
    let errors: Vec<&Reported> = all.iter().filter(|d| d.severity == "error").collect();
    assert_eq!(errors.len(), 2, "{all:#?}");
    let code_error = errors
        .iter()
        .find(|d| d.message.contains("scope-claims"))
        .unwrap();
    assert_eq!((code_error.line, code_error.column), (Some(line), Some(3)));
    assert!(
        code_error
            .help
            .as_deref()
            .unwrap()
            .contains("did you mean `scope-claim`?")
    );
    let level_error = errors.iter().find(|d| d.message.contains("`of`")).unwrap();
    assert_eq!(
        (level_error.line, level_error.column),
        (Some(line + 1), Some(16))
    );
    assert!(
        level_error
            .help
            .as_deref()
            .unwrap()
            .contains("did you mean `off`?")
    );
}

#[test]
fn the_licensed_practice_is_not_told_about_scope() {
    let site = Site::new();
    site.write(
        "content/articles/a.md",
        "---\ntitle: A\ndescription: An article.\n---\n\nI treat anxiety.\n",
    );
    let (all, _) = check(site.root(), &[]);
    assert_eq!(with_code(&all, "scope-claim").len(), 1);
    let yaml = common::SITE_YAML;
    site.write(
        "content/site.yaml",
        format!("{yaml}practice: {{ licensed: true }}\n"),
    );
    let (all, code) = check(site.root(), &[]);
    assert!(with_code(&all, "scope-claim").is_empty(), "{all:#?}");
    assert_eq!(code, 0, "{all:#?}");
}

#[test]
fn starter_text_is_a_warning_until_it_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init", "site"]).assert_success();
    let root = dir.path().join("site");
    run_in(&root, &["new", "article", "Hello there"]).assert_success();
    let (all, code) = check(&root, &["--drafts"]);
    assert_eq!(code, 0);
    let placeholders = with_code(&all, "placeholder-text");
    // Every phrase the lint knows is one the starter or `new` writes.
    for phrase in hearth::lint::PLACEHOLDER_TEXT {
        assert!(
            placeholders.iter().any(|d| d.message.contains(phrase)),
            "`{phrase}` is not in the starter any more: {placeholders:#?}"
        );
    }
    let site_yaml = placeholders
        .iter()
        .find(|d| d.message.contains("Your Name"))
        .unwrap();
    assert_eq!(site_yaml.file.as_deref(), Some("content/site.yaml"));
    assert!(site_yaml.line.is_some() && site_yaml.column.is_some());
    let strict = run_in(&root, &["check", "--deny-warnings"]);
    assert_eq!(strict.code, 1, "{}", strict.stdout);

    // Replacing the starter's words clears every warning of that kind.
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let mut text = std::fs::read_to_string(entry.path()).unwrap();
        for phrase in hearth::lint::PLACEHOLDER_TEXT {
            // The starter wraps a phrase over two lines at most.
            let spaces: Vec<usize> = phrase.match_indices(' ').map(|(i, _)| i).collect();
            let variants = std::iter::once(phrase.to_string()).chain(
                spaces
                    .iter()
                    .map(|&i| format!("{}\n{}", &phrase[..i], &phrase[i + 1..])),
            );
            for variant in variants.collect::<Vec<_>>() {
                text = text.replace(&variant, "Mine");
            }
        }
        std::fs::write(entry.path(), text).unwrap();
    }
    let (all, _) = check(&root, &["--drafts"]);
    assert!(with_code(&all, "placeholder-text").is_empty(), "{all:#?}");
}

/// A page with one of each warning of the checks that read a page's text,
/// and (with `broken`) a link to nothing.
fn every_page_lint(broken: bool) -> String {
    let link = if broken {
        "[a broken one](nope.md)"
    } else {
        "a plain word"
    };
    format!(
        "---\ntitle: Lint me\ndate: 2026-01-02\n---\n\nStart writing here.\n\nI treat depression in every session.\n\n#### Skipped\n\nA [placeholder](#), an [empty]() link and {link}.\n"
    )
}

/// `build` and `check` let go of each page's body text once the checks that
/// read it have run, and read the file again for a broken link's line: they
/// must report exactly what the pipeline that keeps every text reports.
#[test]
fn build_and_check_report_what_they_report_keeping_the_texts() {
    use hearth::build::{
        BuildError, PipelineCache, build_into, check_pipeline, prepare, prepare_releasing_bodies,
    };
    for broken in [false, true] {
        let site = common::Site::new();
        site.write("content/articles/lint-me.md", every_page_lint(broken));
        let same =
            "---\ntitle: T\ndate: 2026-01-03\ndescription: The very same words.\n---\nText.\n";
        site.write("content/articles/two.md", same);
        site.write("content/articles/three.md", same.replace("T\n", "U\n"));
        // A page rendered from its text (an image) keeps it and is linted
        // once; one the link stage leaves out (no address: its file name
        // gives no slug) is not linted at all.
        site.write(
            "content/articles/photo.md",
            "---\ntitle: Photo\ndate: 2026-01-04\ndescription: A photo.\n---\n![](pic.svg)\n",
        );
        site.write("content/articles/pic.svg", "<svg/>");
        if broken {
            site.write(
                "content/articles/a..b.md",
                "---\ntitle: No slug\n---\nStart writing here.\n",
            );
        }
        let options = hearth::config::BuildOptions {
            root: site.root().to_path_buf(),
            ..Default::default()
        };
        let mut kept = prepare(&options, &mut PipelineCache::none()).diagnostics;
        kept.sort();
        // What `build_into` and `check_pipeline` prepare.
        let released = prepare_releasing_bodies(&options);
        let page = released.site.as_ref().expect("linked").pages.iter();
        let lint_me = page
            .clone()
            .find(|page| page.parsed.file.path == "articles/lint-me.md")
            .expect("the page");
        assert!(
            lint_me.parsed.body_released(),
            "the test needs a released body"
        );
        let built = match build_into(&options, &site.path("public")) {
            Ok(streamed) => streamed.warnings,
            Err(BuildError::Site(diagnostics)) => diagnostics,
            Err(BuildError::Write(error)) => panic!("{error}"),
        };
        assert_eq!(built, kept, "broken link: {broken}");
        let checked = check_pipeline(&options).0;
        let released_by_check = checked.site.as_ref().is_some_and(|site| {
            site.pages.iter().any(|page| {
                page.parsed.file.path == "articles/lint-me.md" && page.parsed.body_released()
            })
        });
        assert!(released_by_check, "check lets go of the texts too");
        let mut checked = checked.diagnostics;
        checked.sort();
        assert_eq!(checked, kept, "check, broken link: {broken}");
        let count = |code: &str| built.iter().filter(|d| d.code == code).count();
        assert_eq!(count("missing-alt"), 1, "{built:?}");
        assert_eq!(count("bad-slug"), usize::from(broken), "{built:?}");
        let codes: Vec<&str> = built.iter().map(|d| d.code).collect();
        for code in [
            "placeholder-text",
            "scope-claim",
            "skipped-heading-level",
            "empty-link",
            "missing-description",
            "duplicate-description",
        ] {
            assert!(codes.contains(&code), "{code} missing: {codes:?}");
        }
        let link = built.iter().find(|d| d.code == "broken-link");
        assert_eq!(link.is_some(), broken, "{codes:?}");
        if let Some(link) = link {
            let at = link.location.as_ref().expect("a place");
            assert_eq!((at.line, at.column), (12, 43), "{link:?}");
            assert!(at.line_text.contains("[a broken one](nope.md)"), "{at:?}");
        }
    }
}

/// A picture from another website is a third-party request: warned at its
/// place, not for a picture beside the page, and off with `lints:`.
#[test]
fn a_picture_from_another_website_is_warned_about() {
    let site = Site::new();
    site.write(
        "content/articles/a.md",
        "---\ntitle: A\ndescription: An article.\n---\nFirst ![A harbour](https://images.example/h.jpg) and ![A tree](//cdn.example/t.png).\n\n![Mine](mine.svg)\n",
    );
    site.write(
        "content/articles/mine.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let (all, code) = check(site.root(), &[]);
    let remote = with_code(&all, "remote-image");
    let places: Vec<String> = remote.iter().map(|d| d.position()).collect();
    assert_eq!(
        places,
        ["content/articles/a.md:5:7", "content/articles/a.md:5:54"],
        "{all:?}"
    );
    assert!(remote[0].message.contains("https://images.example/h.jpg"));
    assert!(
        remote[0]
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("save the picture beside the page")
    );
    assert_eq!(code, 0, "a warning does not fail the check");
    let yaml = std::fs::read_to_string(site.path("content/site.yaml")).unwrap();
    site.write(
        "content/site.yaml",
        format!("{yaml}lints:\n  remote-image: off\n"),
    );
    let (all, _) = check(site.root(), &[]);
    assert!(with_code(&all, "remote-image").is_empty(), "{all:?}");
}
