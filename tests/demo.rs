//! The repository's own demo site builds cleanly, and every internal link
//! and anchor in its output points at something that exists.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

fn build_demo() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>, common::Run) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let run = common::run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["build", "--out", public.to_str().unwrap()],
    );
    run.assert_success();
    let files = common::snapshot(&public);
    (out, files, run)
}

/// Every value of `attribute="..."` in `html`.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(index, _)| html[index + needle.len()..].split('"').next())
        .collect()
}

#[test]
fn the_demo_site_builds_without_warnings() {
    let (_out, files, run) = build_demo();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    for page in [
        "index.html",
        "about/index.html",
        "contact/index.html",
        "articles/index.html",
        "articles/coaching-or-therapy/index.html",
        "articles/parts-at-work/index.html",
        "articles/parts-at-work/intention-card.svg",
        "articles/firefighters-and-rebuilders/index.html",
        "articles/buried-goals/index.html",
        "blog/coaching-or-therapy/index.html",
        "comparisons/index.html",
        "comparisons/coaching-vs-therapy/index.html",
        "comparisons/firefighter-and-rebuilder/index.html",
        "comparisons/three-kinds-of-support/index.html",
        "referral/index.html",
    ] {
        assert!(files.contains_key(page), "missing {page}");
    }
}

#[test]
fn every_internal_link_and_anchor_in_the_demo_output_resolves() {
    let (_out, files, _) = build_demo();
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let page_dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        for value in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            let value = value.replace("&amp;", "&");
            if value.contains("://")
                || value.starts_with("mailto:")
                || value.starts_with("tel:")
                || value.starts_with("sms:")
            {
                continue;
            }
            let (target, fragment) = value.split_once('#').unwrap_or((value.as_str(), ""));
            let file = if target.is_empty() {
                path.clone()
            } else if let Some(absolute) = target.strip_prefix('/') {
                if absolute.is_empty() || absolute.ends_with('/') {
                    format!("{absolute}index.html")
                } else {
                    absolute.to_string()
                }
            } else {
                let joined = if page_dir.is_empty() {
                    target.to_string()
                } else {
                    format!("{page_dir}/{target}")
                };
                if joined.ends_with('/') {
                    format!("{joined}index.html")
                } else {
                    joined
                }
            };
            let Some(target_bytes) = files.get(&file) else {
                panic!("{path} links to {value}, but there is no {file}");
            };
            if !fragment.is_empty() {
                let target_html = String::from_utf8_lossy(target_bytes);
                assert!(
                    target_html.contains(&format!("id=\"{fragment}\"")),
                    "{path} links to {value}: no id {fragment} in {file}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn every_page_of_the_demo_links_a_share_image_that_exists() {
    let (_out, files, _) = build_demo();
    let pages = common::share::assert_share_tags(&files, "https://harbor.example");
    // Articles, pages, lists, tags, comparisons, the referral page, 404.
    assert!(pages >= 20, "only {pages} pages have share images");
    assert!(files.contains_key("share/index.png"));
    assert!(files.contains_key("share/404.png"));
    assert!(files.contains_key("share/referral.png"));
    assert!(files.contains_key("share/articles/parts-at-work.png"));
}
