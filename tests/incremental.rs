//! The rebuilds of `hearth serve`: a build that reuses the last build's
//! parses (`build_site_with` and a `PipelineCache`) must give the same
//! files, warnings and errors as a fresh `build_site` after any change, and
//! must parse only the markdown files that changed.

mod common;

use std::collections::BTreeSet;

use common::Site;
use hearth::build::{PipelineCache, build_site, build_site_with, prepare};
use hearth::config::BuildOptions;
use hearth::parse::PageKind;
use hearth::render::render_pages;

fn blog() -> Site {
    let site = Site::new();
    site.write(
        "content/articles/older.md",
        "---\ntitle: Older thoughts\ndescription: The first one.\ndate: 2026-01-10\ntags: [Parts Work, coaching]\n---\nThe opening paragraph.\n\nSecond paragraph with [a link to the newer one](newer.md#the-point).\n",
    );
    site.write(
        "content/articles/newer.md",
        "---\ntitle: Newer thoughts\ndate: 2026-03-02\ntags: [coaching]\ntoc: true\n---\nFirst, the summary.\n\n<!-- more -->\n\n## The point\n\nBack to [[Older thoughts]].\n",
    );
    site.write(
        "content/articles/secret.md",
        "---\ntitle: Secret draft\ndraft: true\ndate: 2026-04-01\n---\nNot yet.\n",
    );
    site
}

fn options(site: &Site, drafts: bool) -> BuildOptions {
    BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts,
        preview: false,
    }
}

/// Builds with `cache` and afresh, asserts both give the same result, and
/// returns the markdown files the cached build parsed.
fn rebuild(site: &Site, cache: &mut PipelineCache, drafts: bool) -> Vec<String> {
    let options = options(site, drafts);
    let cached = build_site_with(&options, cache);
    let fresh = build_site(&options);
    match (cached, fresh) {
        (Ok(cached), Ok(fresh)) => {
            let differing: Vec<&String> = fresh
                .output
                .files
                .iter()
                .filter(|(path, bytes)| cached.output.files.get(*path) != Some(*bytes))
                .map(|(path, _)| path)
                .chain(
                    cached
                        .output
                        .files
                        .keys()
                        .filter(|path| !fresh.output.files.contains_key(*path)),
                )
                .collect();
            assert!(differing.is_empty(), "files differ: {differing:?}");
            assert_eq!(cached.warnings, fresh.warnings);
        }
        (Err(cached), Err(fresh)) => assert_eq!(cached, fresh),
        (cached, fresh) => panic!(
            "the cached build {} but the fresh one {}",
            if cached.is_ok() {
                "succeeded"
            } else {
                "failed"
            },
            if fresh.is_ok() { "succeeded" } else { "failed" },
        ),
    }
    cache.parsed_afresh().to_vec()
}

fn page(site: &Site, cache: &mut PipelineCache, path: &str) -> String {
    let built = build_site_with(&options(site, false), cache).expect("the site builds");
    String::from_utf8(built.output.files[path].clone()).expect("UTF-8")
}

#[test]
fn an_edit_reparses_only_the_edited_file() {
    let site = blog();
    let mut cache = PipelineCache::default();
    let first = rebuild(&site, &mut cache, false);
    assert_eq!(
        first.len(),
        6,
        "the first build parses every file: {first:?}"
    );
    assert!(rebuild(&site, &mut cache, false).is_empty());
    site.write(
        "content/articles/older.md",
        "---\ntitle: Older thoughts\ndescription: The first one.\ndate: 2026-01-10\ntags: [Parts Work, coaching]\n---\nA new opening.\n",
    );
    assert_eq!(
        rebuild(&site, &mut cache, false),
        ["articles/older.md"],
        "only the edited file is parsed again"
    );
    assert!(page(&site, &mut cache, "articles/older/index.html").contains("A new opening."));
}

#[test]
fn additions_removals_renames_and_title_changes_give_a_fresh_builds_output() {
    let site = blog();
    let mut cache = PipelineCache::default();
    rebuild(&site, &mut cache, false);

    site.write(
        "content/articles/added.md",
        "---\ntitle: Added later\ndate: 2026-05-01\ntags: [new-tag]\n---\nSee [[Newer thoughts]].\n",
    );
    assert_eq!(rebuild(&site, &mut cache, false), ["articles/added.md"]);
    assert!(page(&site, &mut cache, "tags/new-tag/index.html").contains("Added later"));

    std::fs::rename(
        site.path("content/articles/added.md"),
        site.path("content/articles/renamed.md"),
    )
    .unwrap();
    assert_eq!(rebuild(&site, &mut cache, false), ["articles/renamed.md"]);
    let built = build_site_with(&options(&site, false), &mut cache).unwrap();
    assert!(
        built
            .output
            .files
            .contains_key("articles/renamed/index.html")
    );
    assert!(!built.output.files.contains_key("articles/added/index.html"));

    // A title change shows in the lists and in the backlinks of the pages
    // it links to, though only its own file is parsed again.
    site.write(
        "content/articles/renamed.md",
        "---\ntitle: A better title\ndate: 2026-05-01\ntags: [new-tag]\n---\nSee [[Newer thoughts]].\n",
    );
    assert_eq!(rebuild(&site, &mut cache, false), ["articles/renamed.md"]);
    assert!(page(&site, &mut cache, "articles/index.html").contains("A better title"));
    assert!(page(&site, &mut cache, "articles/newer/index.html").contains("A better title"));

    site.remove("content/articles/renamed.md");
    assert!(rebuild(&site, &mut cache, false).is_empty());
    assert!(!page(&site, &mut cache, "articles/index.html").contains("A better title"));
}

#[test]
fn drafts_follow_the_front_matter_and_the_option() {
    let site = blog();
    let mut cache = PipelineCache::default();
    rebuild(&site, &mut cache, false);
    site.write(
        "content/articles/secret.md",
        "---\ntitle: Secret draft\ndraft: false\ndate: 2026-04-01\n---\nNot yet.\n",
    );
    assert_eq!(rebuild(&site, &mut cache, false), ["articles/secret.md"]);
    assert!(page(&site, &mut cache, "articles/index.html").contains("Secret draft"));
    site.write(
        "content/articles/secret.md",
        "---\ntitle: Secret draft\ndraft: true\ndate: 2026-04-01\n---\nNot yet.\n",
    );
    assert_eq!(rebuild(&site, &mut cache, false), ["articles/secret.md"]);
    assert!(!page(&site, &mut cache, "articles/index.html").contains("Secret draft"));
    // Drafts wanted, then not: the parses made without them are not reused.
    assert_eq!(rebuild(&site, &mut cache, true).len(), 6);
    assert_eq!(rebuild(&site, &mut cache, false).len(), 6);
}

#[test]
fn template_and_settings_changes_apply_to_cached_pages() {
    let site = blog();
    let mut cache = PipelineCache::default();
    rebuild(&site, &mut cache, false);

    let template = site.path("themes/default/templates/article.html");
    let text = std::fs::read_to_string(&template).unwrap();
    site.write(
        "templates/article.html",
        text.replace(
            "{% block content -%}",
            "{% block content -%}<p>Template marker</p>",
        ),
    );
    assert!(rebuild(&site, &mut cache, false).is_empty());
    assert!(page(&site, &mut cache, "articles/older/index.html").contains("Template marker"));

    site.write(
        "content/site.yaml",
        common::SITE_YAML.replace("Test Practice", "Renamed Practice"),
    );
    assert!(rebuild(&site, &mut cache, false).is_empty());
    assert!(page(&site, &mut cache, "articles/older/index.html").contains("Renamed Practice"));

    // Settings that do not load, then load again.
    site.write("content/site.yaml", "title: [unclosed\n");
    rebuild(&site, &mut cache, false);
    site.write("content/site.yaml", common::SITE_YAML);
    rebuild(&site, &mut cache, false);
}

#[test]
fn an_error_then_its_fix_give_a_fresh_builds_result() {
    let site = blog();
    let mut cache = PipelineCache::default();
    rebuild(&site, &mut cache, false);
    site.write(
        "content/articles/older.md",
        "---\ntitle: Older thoughts\ndate: 2026-01-10\n---\nBroken [link](gone.md).\n",
    );
    assert_eq!(rebuild(&site, &mut cache, false), ["articles/older.md"]);
    assert!(build_site_with(&options(&site, false), &mut cache).is_err());
    site.write(
        "content/articles/older.md",
        "---\ntitel: Older thoughts\n---\nBad front matter.\n",
    );
    assert_eq!(rebuild(&site, &mut cache, false), ["articles/older.md"]);
    // Unchanged and still broken: the errors come from the cache, the same.
    assert!(rebuild(&site, &mut cache, false).is_empty());
    site.write(
        "content/articles/older.md",
        "---\ntitle: Older thoughts\ndate: 2026-01-10\n---\nMended.\n",
    );
    assert_eq!(rebuild(&site, &mut cache, false), ["articles/older.md"]);
    assert!(page(&site, &mut cache, "articles/older/index.html").contains("Mended."));
}

#[test]
fn pages_rendered_ahead_are_the_pages_of_the_whole_site() {
    // The demo site: comparisons, embedded tables, the referral callout.
    let options = BuildOptions {
        root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        base_url: None,
        drafts: false,
        preview: false,
    };
    let whole = build_site(&options).expect("the site builds");
    let prepared = prepare(&options, &mut PipelineCache::default());
    let (Some(config), Some(site), Some(templates)) =
        (&prepared.config, &prepared.site, &prepared.templates)
    else {
        panic!("the site prepares");
    };
    let indices: Vec<usize> = (0..site.pages.len()).collect();
    let ahead = render_pages(config, site, templates, &indices).expect("the pages render");
    let plain = site
        .pages
        .iter()
        .filter(|page| page.parsed.kind == PageKind::Page)
        .count();
    assert_eq!(ahead.len(), plain, "plain pages only");
    let paths: BTreeSet<&String> = ahead.iter().map(|(path, _)| path).collect();
    assert!(
        paths
            .iter()
            .any(|path| path.as_str() == "articles/coaching-or-therapy/index.html")
    );
    for (path, bytes) in &ahead {
        assert_eq!(
            whole.output.files.get(path),
            Some(bytes),
            "{path} differs from the whole site's"
        );
    }
}

#[test]
fn files_known_unchanged_are_not_read_again() {
    let site = blog();
    let mut cache = PipelineCache::default();
    rebuild(&site, &mut cache, false);
    let options = options(&site, false);
    let edited = "---\ntitle: Older thoughts\ndate: 2026-01-10\n---\nEdited on disk.\n";
    site.write("content/articles/older.md", edited);
    // Told that nothing changed, the build keeps the text it had: it did
    // not read the file.
    cache.unchanged_except(Vec::new());
    let built = build_site_with(&options, &mut cache).unwrap();
    assert!(cache.parsed_afresh().is_empty());
    assert!(
        !String::from_utf8_lossy(&built.output.files["articles/older/index.html"])
            .contains("Edited on disk.")
    );
    // Told of the file, or of its folder, it reads it.
    cache.unchanged_except(vec!["articles/older.md".to_string()]);
    build_site_with(&options, &mut cache).unwrap();
    assert_eq!(cache.parsed_afresh(), ["articles/older.md"]);
    site.write(
        "content/articles/older.md",
        edited.replace("Edited", "Changed"),
    );
    cache.unchanged_except(vec!["articles".to_string()]);
    build_site_with(&options, &mut cache).unwrap();
    assert_eq!(cache.parsed_afresh(), ["articles/older.md"]);
    // A folder of a similar name is another folder.
    site.write(
        "content/articles/older.md",
        edited.replace("Edited", "Again"),
    );
    cache.unchanged_except(vec!["art".to_string(), "articles/old".to_string()]);
    build_site_with(&options, &mut cache).unwrap();
    assert!(cache.parsed_afresh().is_empty());
    // Changes told before a build that stopped at the settings still count.
    cache.unchanged_except(vec!["articles/older.md".to_string()]);
    site.write("content/site.yaml", "title: [unclosed\n");
    assert!(build_site_with(&options, &mut cache).is_err());
    site.write("content/site.yaml", common::SITE_YAML);
    cache.unchanged_except(vec!["site.yaml".to_string()]);
    assert_eq!(rebuild(&site, &mut cache, false), ["articles/older.md"]);
    // Lost changes: everything is read.
    site.write(
        "content/articles/newer.md",
        "---\ntitle: Newer thoughts\n---\nShort now.\n",
    );
    cache.everything_changed();
    assert_eq!(rebuild(&site, &mut cache, false), ["articles/newer.md"]);
}

/// A blog with a glossary, related articles and anchors to link between.
fn linked_blog() -> Site {
    let site = blog();
    site.write(
        "content/glossary.yaml",
        "terms:\n  - term: Self\n    definition: The calm core.\n  - term: part\n    definition: One of many.\n",
    );
    site.write(
        "content/articles/third.md",
        "---\ntitle: Third thoughts\ndate: 2026-02-01\ntags: [coaching, Parts Work]\n---\nA part of me links to [the older one](older.md).\n\n## Where it ends\n\nThe end.\n",
    );
    site
}

/// What `serve` keeps of a whole linking: the prepared site and its tables.
fn prepared_for_serve(
    options: &BuildOptions,
) -> (hearth::build::Prepared, hearth::link::KeptIndex) {
    let mut prepared = prepare(options, &mut PipelineCache::default());
    let kept = prepared
        .kept_index
        .take()
        .expect("serve's cache keeps the index");
    (prepared, kept)
}

/// Asserts that `bytes` are what a fresh build of `site` writes at `path`,
/// after `edit`.
fn assert_is_the_whole_sites(site: &Site, path: &str, bytes: &[u8], edit: &str) {
    let whole = build_site(&options(site, false)).expect("the edited site builds");
    assert_eq!(
        whole
            .output
            .files
            .get(path)
            .map(|b| String::from_utf8_lossy(b).into_owned()),
        Some(String::from_utf8_lossy(bytes).into_owned()),
        "after the edit\n{edit}"
    );
}

/// `text` parsed as the markdown file `path` of `content/`.
fn parsed_page(path: &str, text: &str) -> std::sync::Arc<hearth::parse::ParsedPage> {
    let source = hearth::load::SourceFile {
        path: path.to_string(),
        text: text.to_string(),
    };
    let (hearth::parse::Parsed::Page(parsed), errors) = hearth::parse::parse_file(source, false)
    else {
        panic!("{path} parses as a page");
    };
    assert!(errors.is_empty(), "{errors:?}");
    parsed
}

/// The edited article as `serve` shows it ahead of the whole rebuild: the
/// last whole linking's site, with the article linked again on its own
/// and rendered; `None` when the edit needs the whole site linked again.
fn relinked(site: &Site, file: &str, text: &str) -> Option<(String, Vec<u8>)> {
    let options = options(site, false);
    let (mut prepared, mut kept) = prepared_for_serve(&options);
    let (Some(config), Some(linked), Some(templates)) =
        (&prepared.config, &mut prepared.site, &prepared.templates)
    else {
        panic!("the site prepares");
    };
    let index = linked
        .pages
        .iter()
        .position(|page| page.parsed.file.path == file)
        .expect("the article is a page");
    let parsed = parsed_page(file, text);
    let page = hearth::link::relink_page(config, linked, &mut kept, index, parsed)?;
    linked.pages[index] = page;
    let mut files = render_pages(config, linked, templates, &[index]).expect("it renders");
    assert_eq!(files.len(), 1);
    files.pop()
}

#[test]
fn an_article_linked_again_on_its_own_is_the_whole_sites_page() {
    let third = "articles/third.md";
    let edits = [
        // Text only.
        "---\ntitle: Third thoughts\ndate: 2026-02-01\ntags: [coaching, Parts Work]\n---\nA part of me links to [the older one](older.md), and now says more.\n\n## Where it ends\n\nThe end.\n",
        // A new title.
        "---\ntitle: Third, renamed\ndate: 2026-02-01\ntags: [coaching, Parts Work]\n---\nA part of me links to [the older one](older.md).\n\n## Where it ends\n\nThe end.\n",
        // A new link, to a heading of another page and to its own new heading.
        "---\ntitle: Third thoughts\ndate: 2026-02-01\ntags: [coaching, Parts Work]\n---\nSee [the point](newer.md#the-point) and [below](#a-new-heading).\n\n## A new heading\n\nThe end.\n",
        // A new tag, one spelt otherwise elsewhere, and a tag dropped.
        "---\ntitle: Third thoughts\ndate: 2026-02-01\ntags: [Coaching, brand new]\n---\nA part of me links to [the older one](older.md).\n",
        // A glossary term, a wikilink, and no links to the older one any more.
        "---\ntitle: Third thoughts\ndate: 2026-02-01\ntags: [coaching, Parts Work]\n---\nThe Self listens. Back to [[Newer thoughts]].\n",
    ];
    for edit in edits {
        let site = linked_blog();
        let (path, bytes) = relinked(&site, third, edit).expect("linked on its own");
        site.write(&format!("content/{third}"), edit);
        assert_eq!(path, "articles/third/index.html");
        assert_is_the_whole_sites(&site, &path, &bytes, edit);
    }
}

#[test]
fn an_edit_that_moves_the_article_or_breaks_a_link_needs_the_whole_site() {
    let third = "articles/third.md";
    for edit in [
        // A new address.
        "---\ntitle: Third thoughts\nslug: elsewhere\ndate: 2026-02-01\n---\nMoved.\n",
        // A new date, which orders the section.
        "---\ntitle: Third thoughts\ndate: 2026-02-02\n---\nLater.\n",
        // A link to nothing, reported by the whole rebuild at its place.
        "---\ntitle: Third thoughts\ndate: 2026-02-01\n---\nSee [nothing](missing.md).\n",
        // An anchor the target does not have.
        "---\ntitle: Third thoughts\ndate: 2026-02-01\n---\nSee [it](newer.md#no-such-heading).\n",
    ] {
        let site = linked_blog();
        assert_eq!(relinked(&site, third, edit), None, "after the edit\n{edit}");
    }
}

#[test]
fn a_new_article_linked_on_its_own_is_the_whole_sites_page() {
    let new = "---\ntitle: Fourth thoughts\ndate: 2026-02-05\ntags: [coaching, Parts Work, fresh]\n---\nA part of me reads [the third](third.md#where-it-ends) and [[Older thoughts]].\n\n## Mine\n\nSee [above](#mine).\n";
    let site = linked_blog();
    let options = options(&site, false);
    let (mut prepared, mut kept) = prepared_for_serve(&options);
    let (Some(config), Some(linked), Some(templates)) =
        (&prepared.config, &mut prepared.site, &prepared.templates)
    else {
        panic!("the site prepares");
    };
    let parsed = parsed_page("articles/fourth.md", new);
    let index = hearth::link::link_new_page(config, linked, &mut kept, parsed).expect("linked");
    let mut files = render_pages(config, linked, templates, &[index]).expect("it renders");
    let (path, bytes) = files.pop().expect("one page");
    site.write("content/articles/fourth.md", new);
    assert_eq!(path, "articles/fourth/index.html");
    assert_is_the_whole_sites(&site, &path, &bytes, new);
    // An address that is taken needs the whole site.
    let parsed = parsed_page(
        "articles/again.md",
        "---\ntitle: Again\nslug: older\n---\nTaken.\n",
    );
    let pages = linked.pages.len();
    assert_eq!(
        hearth::link::link_new_page(config, linked, &mut kept, parsed),
        None
    );
    assert_eq!(linked.pages.len(), pages, "the site is as it was");
}
