//! Referral guidelines: validation with `file:line:col`, the page's order
//! of levels and `tel:` links, the footer on every page, the callout, and
//! the guard for sites without guidelines.

mod common;

use common::Site;

const REFERRAL: &str = "title: When to see a therapist first
intro: >
  Coaching supports growth; it does not *diagnose* or treat. Read [about me](about.md).
scope: I am a coach, not a licensed therapist.
criteria:
  - { level: consider, text: You see no movement after several sessions. }
  - { level: refer, text: You live with an active mental illness such as depression. }
  - { level: urgent, text: You have thoughts of suicide. }
  - { level: refer, text: You are dealing with substance abuse. }
  - { level: urgent, text: You are being abused or threatened. }
resources:
  - { name: 988 Suicide & Crisis Lifeline, region: US, phone: \"988\", url: \"https://988lifeline.org\", hours: 24/7 }
  - { name: Helpline abroad, region: UK, phone: \"+44 (0) 116 123\" }
  - { name: Find a helpline, url: \"https://findahelpline.example\" }
contact: { label: Book a 30-minute call, url: /contact/ }
";

fn site() -> Site {
    let site = Site::new();
    site.write("content/referral.yaml", REFERRAL);
    site.write(
        "content/about.md",
        "---\ntitle: About\naliases: [/old-about/]\n---\nMe.\n",
    );
    site.write("content/articles/_index.md", "---\ntitle: Articles\n---\n");
    site.write(
        "content/articles/help.md",
        "---\ntitle: Help\ndate: 2026-01-01\n---\nFirst.\n\n```referral\n```\n\nRead [the guidelines](../referral.yaml#refer) or [[When to see a therapist first]].\n",
    );
    site
}

fn fails(referral: &str, needles: &[&str]) {
    site().assert_breakage_fails_cleanly(|s| s.write("content/referral.yaml", referral), needles);
}

#[test]
fn an_unknown_level_with_a_suggestion() {
    fails(
        &REFERRAL.replace(
            "level: refer, text: You live",
            "level: refr, text: You live",
        ),
        &[
            "content/referral.yaml:7:14",
            "unknown level `refr`",
            "did you mean `refer`?",
        ],
    );
}

#[test]
fn a_resource_with_neither_phone_nor_url() {
    fails(
        &REFERRAL.replace(
            "  - { name: Find a helpline, url: \"https://findahelpline.example\" }",
            "  - { name: Find a helpline }",
        ),
        &[
            "content/referral.yaml:14:5",
            "`Find a helpline` has neither a phone number nor a url",
        ],
    );
}

#[test]
fn a_malformed_phone() {
    fails(
        &REFERRAL.replace("phone: \"988\"", "phone: \"call 988\""),
        &[
            "content/referral.yaml:12:63",
            "`call 988` is not a phone number",
            "put words in `note:`",
        ],
    );
}

#[test]
fn an_unknown_key() {
    fails(
        &REFERRAL.replace("scope: I am", "scoop: I am"),
        &[
            "content/referral.yaml:4:1",
            "unknown key `scoop`",
            "did you mean `scope`?",
        ],
    );
}

#[test]
fn malformed_yaml() {
    fails(
        "title: [oops\n",
        &["content/referral.yaml:", "error[invalid-referral]"],
    );
}

#[test]
fn an_empty_criteria_list() {
    fails(
        "title: T\nscope: S\ncriteria: []\n",
        &[
            "content/referral.yaml:3:11",
            "the list of criteria is empty",
        ],
    );
}

#[test]
fn a_broken_link_in_the_guidance() {
    fails(
        &REFERRAL.replace("(about.md)", "(abuot.md)"),
        &[
            "content/referral.yaml:3:",
            "`abuot.md` is not a content file",
            "did you mean `about.md`?",
        ],
    );
}

#[test]
fn the_page_lists_urgent_first_with_resources_then_refer_then_consider() {
    let site = site();
    site.build().assert_success();
    let page = site.read("referral/index.html");
    let at = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in {page}"))
    };
    assert!(
        at("thoughts of suicide") < at("abused or threatened"),
        "file order within a level"
    );
    assert!(
        at("abused or threatened") < at("988 Suicide"),
        "crisis resources beside the urgent criteria"
    );
    assert!(at("988 Suicide") < at("active mental illness"));
    assert!(at("active mental illness") < at("substance abuse"));
    assert!(at("substance abuse") < at("no movement"));
    assert!(
        at("<h1>") < at("does not <em>diagnose</em>")
            && at("does not <em>diagnose</em>") < at("thoughts of suicide"),
        "the guidance comes first, under the title"
    );
    assert!(at("no movement") < at("Book a 30-minute call"));
    assert!(
        page.contains("id=\"urgent\"")
            && page.contains("id=\"refer\"")
            && page.contains("id=\"consider\"")
    );
    assert!(
        page.contains("<a class=\"phone\" href=\"tel:988\">988</a>"),
        "{page}"
    );
    assert!(
        page.contains("href=\"tel:+440116123\">+44 (0) 116 123</a>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"https://988lifeline.org\">988lifeline.org</a>"),
        "{page}"
    );
    assert!(page.contains("<a href=\"/about/\">about me</a>"), "{page}");
    assert!(
        page.contains("href=\"/articles/help/\">Help</a>"),
        "backlinks: {page}"
    );
}

#[test]
fn every_page_carries_the_scope_and_a_link_to_the_referral_page() {
    let site = site();
    site.build().assert_success();
    let mut pages = 0;
    for (path, bytes) in site.snapshot("public") {
        // The referral page itself says it all above its footer.
        if path.ends_with(".html") && path != "referral/index.html" {
            let html = String::from_utf8(bytes).unwrap();
            let footer = &html[html
                .find("<footer")
                .unwrap_or_else(|| panic!("no footer on {path}"))..];
            assert!(
                footer.contains("I am a coach, not a licensed therapist."),
                "no scope statement on {path}"
            );
            assert!(
                footer.contains("href=\"/referral/\""),
                "no referral link on {path}"
            );
            pages += 1;
        }
    }
    assert!(pages >= 8, "{pages} pages");
    assert!(
        site.exists("old-about/index.html"),
        "redirect pages are pages too"
    );
}

#[test]
fn the_callout_shows_urgent_criteria_resources_and_a_link() {
    let site = site();
    site.build().assert_success();
    let page = site.read("articles/help/index.html");
    let callout = &page[page.find("referral-callout").expect("callout")..];
    let callout = &callout[..callout.find("</div>").unwrap()];
    assert!(
        callout.contains("thoughts of suicide") && callout.contains("abused or threatened"),
        "{callout}"
    );
    assert!(
        !callout.contains("substance abuse"),
        "only urgent criteria: {callout}"
    );
    assert!(callout.contains("<a href=\"tel:988\">988</a>"), "{callout}");
    assert!(callout.contains("href=\"/referral/\""), "{callout}");
    assert!(
        page.contains("<a href=\"/referral/#refer\">the guidelines</a>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"/referral/\">When to see a therapist first</a>"),
        "{page}"
    );
}

#[test]
fn the_path_can_be_set_in_site_yaml() {
    let site = site();
    site.write(
        "content/site.yaml",
        format!(
            "{}referral: {{ path: /when-to-see-a-therapist/ }}\n",
            common::SITE_YAML
        ),
    );
    site.build().assert_success();
    assert!(
        site.read("when-to-see-a-therapist/index.html")
            .contains("thoughts of suicide")
    );
    assert!(
        site.read("about/index.html")
            .contains("href=\"/when-to-see-a-therapist/\"")
    );
    assert!(!site.exists("referral/index.html"));
}

#[test]
fn a_site_with_articles_but_no_guidelines_gets_a_warning() {
    let site = site();
    site.remove("content/referral.yaml");
    site.write(
        "content/articles/help.md",
        "---\ntitle: Help\n---\nNo callout.\n",
    );
    let run = site.build();
    run.assert_success();
    assert!(
        run.stderr.contains("warning[missing-referral]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/referral.yaml"),
        "{}",
        run.stderr
    );
    // Other warnings (lint: descriptions, reachability) may come with it.
    assert_eq!(
        run.stderr.matches("warning[missing-referral]").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_that_requires_guidelines_fails_without_them() {
    let site = site();
    site.remove("content/referral.yaml");
    site.write(
        "content/articles/help.md",
        "---\ntitle: Help\n---\nNo callout.\n",
    );
    site.write(
        "content/site.yaml",
        format!("{}referral: {{ required: true }}\n", common::SITE_YAML),
    );
    site.build().assert_error(&[
        "error[missing-referral]",
        "the site has articles but no referral guidelines",
    ]);
}

#[test]
fn a_callout_without_guidelines_is_an_error_at_the_block() {
    let site = site();
    site.remove("content/referral.yaml");
    site.write(
        "content/articles/help.md",
        "---\ntitle: Help\n---\nText.\n\n```referral\n```\n",
    );
    site.build().assert_error(&[
        "content/articles/help.md:6:1",
        "embeds the referral callout, but there is no content/referral.yaml",
    ]);
}

#[test]
fn every_top_level_problem_of_referral_yaml_at_once() {
    Site::new().assert_breakage_fails_cleanly(
        |s| {
            s.write(
                "content/referral.yaml",
                "title: T\nscope: [S]\ncriteria:\n  - { level: urgent, text: x }\nfoo: 1\ncontakt: { label: L, url: /contact/ }\n",
            )
        },
        &[
            "content/referral.yaml:2:8",
            "expected text here",
            "content/referral.yaml:5:1",
            "unknown key `foo`",
            "content/referral.yaml:6:1",
            "did you mean `contact`?",
        ],
    );
}

/// The contact link keeps where its URL is written, so that links can
/// check it like a link in a page.
#[test]
fn the_contact_link_knows_where_it_is_written() {
    let file = hearth::load::SourceFile {
        path: "referral.yaml".into(),
        text: REFERRAL.into(),
    };
    let (parsed, errors) = hearth::parse::parse_data(&[file]);
    assert!(errors.is_empty(), "{errors:?}");
    let referral = parsed.referral.expect("referral");
    let contact = referral.referral.contact.expect("contact");
    assert_eq!(contact.url, "/contact/");
    assert_eq!(
        (
            contact.location.line,
            contact.location.column,
            contact.location.length
        ),
        (15, 47, 9)
    );
    assert_eq!(
        contact.location.line_text,
        "contact: { label: Book a 30-minute call, url: /contact/ }"
    );
}

/// A page's callout needs the referral file's data: when that file fails,
/// its own error says so, with no false template error beside it.
#[test]
fn a_broken_referral_file_gives_its_own_error_only() {
    let site = site();
    site.write(
        "content/referral.yaml",
        REFERRAL.replace("phone: \"988\"", "phone: \"abc\""),
    );
    let run = site.hearth(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let errors: Vec<String> = common::Reported::all_from_json(&report)
        .unwrap()
        .into_iter()
        .filter(|d| d.severity == "error")
        .map(|d| format!("{} {}", d.code, d.position()))
        .collect();
    assert!(
        errors.contains(&"referral-phone content/referral.yaml:12:63".to_string()),
        "{errors:?}"
    );
    assert!(
        !errors.iter().any(|error| error.starts_with("template")),
        "{errors:?}"
    );
}
