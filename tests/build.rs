//! `hearth build` on small fixture sites: what lands in `public/`.

mod common;

use common::Site;

fn blog() -> Site {
    let site = Site::new();
    site.write(
        "content/articles/older.md",
        "---\ntitle: Older thoughts\ndescription: The first one.\ndate: 2026-01-10\ntags: [Parts Work, coaching]\naliases: [/blog/older-thoughts]\n---\nThe opening paragraph.\n\nSecond paragraph with [a link to the newer one](newer.md#the-point).\n",
    );
    site.write(
        "content/articles/newer.md",
        "---\ntitle: Newer thoughts\ndate: 2026-03-02\ntags: [coaching]\ntoc: true\n---\nFirst, the summary.\n\n<!-- more -->\n\nMore after the fold.\n\n## The point\n\nText.\n\n### Detail\n\n## The point\n\nAgain. Back to [[Older thoughts]] and [[older|the old one]].\n\n| Coaching | Therapy |\n|---|---|\n| Goals | Healing |\n\n- [x] done\n- [ ] to do\n",
    );
    site.write(
        "content/articles/with-photo/index.md",
        "---\ntitle: With a photo\ndate: 2026-02-01\n---\n![A calm harbour](harbour.svg)\n\nSee [contact](../../contact.md).\n",
    );
    site.write(
        "content/articles/with-photo/harbour.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "content/articles/secret.md",
        "---\ntitle: Secret draft\ndraft: true\ndate: 2026-04-01\n---\nNot yet.\n",
    );
    site
}

#[test]
fn pages_get_pretty_urls_and_the_expected_files_exist() {
    let site = blog();
    let run = site.build();
    run.assert_success();
    for file in [
        "index.html",
        "articles/index.html",
        "articles/older/index.html",
        "articles/newer/index.html",
        "articles/with-photo/index.html",
        "articles/with-photo/harbour.svg",
        "contact/index.html",
        "tags/index.html",
        "tags/coaching/index.html",
        "tags/parts-work/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "blog/older-thoughts/index.html",
        "style.css",
    ] {
        assert!(site.exists(file), "missing {file}");
    }
    assert!(
        !site.exists("articles/secret/index.html"),
        "drafts are left out"
    );
    assert!(run.stdout.contains("Built"), "{}", run.stdout);
}

#[test]
fn editors_temporary_and_backup_files_are_left_out() {
    let site = blog();
    for leftover in [
        "content/articles/with-photo/4913",
        "content/articles/with-photo/.index.md.swp",
        "content/articles/with-photo/index.md~",
        "content/articles/with-photo/notes.md.bak",
        "content/articles/with-photo/photo.jpg.part",
    ] {
        site.write(leftover, "leftover");
    }
    site.build().assert_success();
    assert!(site.exists("articles/with-photo/harbour.svg"));
    for copied in [
        "4913",
        ".index.md.swp",
        "index.md~",
        "notes.md.bak",
        "photo.jpg.part",
    ] {
        let path = format!("public/articles/with-photo/{copied}");
        assert!(!site.path(&path).exists(), "{path} was copied");
    }
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = blog();
    site.hearth(&["build", "--drafts"]).assert_success();
    assert!(
        site.read("articles/secret/index.html")
            .contains("Secret draft")
    );
}

#[test]
fn links_resolve_to_urls_and_wikilinks_take_titles_or_labels() {
    let site = blog();
    site.build().assert_success();
    let older = site.read("articles/older/index.html");
    assert!(
        older.contains("<a href=\"/articles/newer/#the-point\">a link to the newer one</a>"),
        "{older}"
    );
    let newer = site.read("articles/newer/index.html");
    assert!(
        newer.contains("<a href=\"/articles/older/\">Older thoughts</a>"),
        "{newer}"
    );
    assert!(
        newer.contains("<a href=\"/articles/older/\">the old one</a>"),
        "{newer}"
    );
    let photo = site.read("articles/with-photo/index.html");
    assert!(
        photo.contains("src=\"/articles/with-photo/harbour.svg\""),
        "{photo}"
    );
    assert!(photo.contains("href=\"/contact/\""), "{photo}");
}

/// A custom `slug:` used to hide the file name from wikilinks: after
/// `slug: intro`, `[[my-file-name]]` only worked through the did-you-mean.
/// A wikilink names a page by its title, its slug or its file name.
#[test]
fn a_wikilink_names_a_page_by_title_slug_or_file_name() {
    let site = Site::new();
    site.write(
        "content/articles/my-file-name.md",
        "---\ntitle: Getting started\ndescription: Start.\nslug: intro\n---\nText.\n",
    );
    site.write(
        "content/articles/bundled/index.md",
        "---\ntitle: A bundle\ndescription: Bundle.\nslug: packed\n---\nText.\n",
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\ndescription: Me.\n---\n[[my-file-name]], [[intro|by slug]], [[Getting started|by title]], [[bundled]], [[packed|bundle by slug]].\n",
    );
    site.build().assert_success();
    let about = site.read("about/index.html");
    for link in [
        "<a href=\"/articles/intro/\">Getting started</a>",
        "<a href=\"/articles/intro/\">by slug</a>",
        "<a href=\"/articles/intro/\">by title</a>",
        "<a href=\"/articles/packed/\">A bundle</a>",
        "<a href=\"/articles/packed/\">bundle by slug</a>",
    ] {
        assert!(about.contains(link), "{link} is missing:\n{about}");
    }
}

/// Tags that differ only in case are one tag: it keeps its most common
/// spelling everywhere (a single `Coaching` no longer relabels the other
/// pages' `coaching`), and a tie goes to the first use.
#[test]
fn a_tag_keeps_its_most_common_spelling_on_every_page() {
    let site = Site::new();
    let article = |tags: &str| {
        format!(
            "---\ntitle: An article\ndescription: A.\ndate: 2026-01-01\ntags: [{tags}]\n---\nText.\n"
        )
    };
    site.write("content/articles/a.md", article("Coaching, Self Care"));
    site.write("content/articles/b.md", article("coaching, self care"));
    site.write("content/articles/c.md", article("coaching"));
    site.build().assert_success();
    let tag = site.read("tags/coaching/index.html");
    assert!(tag.contains("Tagged “coaching”"), "{tag}");
    assert_eq!(
        tag_names(&site.read("articles/a/index.html")),
        ["coaching", "Self Care"]
    );
    // One each: the first use wins.
    let tie = site.read("tags/self-care/index.html");
    assert!(tie.contains("Tagged “Self Care”"), "{tie}");
    assert_eq!(
        tag_names(&site.read("articles/b/index.html")),
        ["coaching", "Self Care"]
    );
    assert_eq!(
        tag_names(&site.read("tags/index.html")),
        ["coaching", "Self Care"]
    );
}

/// The name each `rel="tag"` link of a page shows, in order: its first
/// text, before the page count the tag list adds.
fn tag_names(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(r#"a[rel="tag"]"#).unwrap();
    document
        .select(&selector)
        .map(|link| link.text().next().unwrap_or_default().trim().to_owned())
        .collect()
}

#[test]
fn headings_get_unique_ids_and_a_table_of_contents() {
    let site = blog();
    site.build().assert_success();
    let newer = site.read("articles/newer/index.html");
    assert!(
        newer.contains("<h2 id=\"the-point\">The point</h2>"),
        "{newer}"
    );
    assert!(
        newer.contains("<h2 id=\"the-point-1\">The point</h2>"),
        "{newer}"
    );
    assert!(newer.contains("<h3 id=\"detail\">Detail</h3>"), "{newer}");
    assert!(
        newer.contains("href=\"#the-point-1\""),
        "the table of contents links each heading: {newer}"
    );
    assert!(newer.contains("href=\"#detail\""), "{newer}");
}

#[test]
fn backlinks_list_the_pages_that_link_here() {
    let site = blog();
    site.build().assert_success();
    let older = site.read("articles/older/index.html");
    assert!(
        older.contains("href=\"/articles/newer/\">Newer thoughts</a>"),
        "{older}"
    );
    let contact = site.read("contact/index.html");
    assert!(
        contact.contains("href=\"/articles/with-photo/\">With a photo</a>"),
        "{contact}"
    );
}

#[test]
fn sections_list_pages_newest_first_with_summaries() {
    let site = blog();
    site.build().assert_success();
    let list = site.read("articles/index.html");
    let newer = list.find("Newer thoughts").expect("newer listed");
    let photo = list.find("With a photo").expect("photo listed");
    let older = list.find("Older thoughts").expect("older listed");
    assert!(newer < photo && photo < older, "newest first:\n{list}");
    assert!(
        list.contains("First, the summary."),
        "summary up to the more marker: {list}"
    );
    assert!(
        !list.contains("More after the fold."),
        "no full bodies in lists: {list}"
    );
    assert!(
        list.contains("The opening paragraph."),
        "first paragraph as summary: {list}"
    );
    assert!(!list.contains("Second paragraph"), "{list}");
}

#[test]
fn sections_can_sort_by_weight() {
    let site = Site::new();
    site.write(
        "content/guides/_index.md",
        "---\ntitle: Guides\nsort_by: weight\n---\n",
    );
    site.write(
        "content/guides/b.md",
        "---\ntitle: Beta\nweight: 1\ndate: 2020-01-01\n---\n",
    );
    site.write(
        "content/guides/a.md",
        "---\ntitle: Alpha\nweight: 2\ndate: 2026-01-01\n---\n",
    );
    site.build().assert_success();
    let list = site.read("guides/index.html");
    assert!(
        list.find("Beta").unwrap() < list.find("Alpha").unwrap(),
        "{list}"
    );
}

#[test]
fn the_home_page_shows_its_intro_and_the_latest_articles() {
    let site = blog();
    site.write(
        "content/contact.md",
        "---\ntitle: Contact\ndate: 2026-12-01\n---\nA dated page, not an article.\n",
    );
    site.build().assert_success();
    let home = site.read("index.html");
    assert!(home.contains("Hello."), "{home}");
    assert!(
        home.find("Newer thoughts").unwrap() < home.find("Older thoughts").unwrap(),
        "{home}"
    );
}

#[test]
fn tags_get_an_index_and_a_page_each() {
    let site = blog();
    site.build().assert_success();
    let index = site.read("tags/index.html");
    assert!(index.contains("href=\"/tags/parts-work/\""), "{index}");
    assert!(index.contains("Parts Work"), "{index}");
    let coaching = site.read("tags/coaching/index.html");
    assert!(
        coaching.contains("Newer thoughts") && coaching.contains("Older thoughts"),
        "{coaching}"
    );
    let parts = site.read("tags/parts-work/index.html");
    assert!(!parts.contains("Newer thoughts"), "{parts}");
}

#[test]
fn feed_sitemap_robots_and_redirects() {
    let site = blog();
    site.build().assert_success();
    let atom = site.read("atom.xml");
    assert!(
        atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
        "{atom}"
    );
    assert!(
        atom.contains("<id>https://test.example/articles/newer/</id>"),
        "{atom}"
    );
    assert!(
        atom.contains("<updated>2026-03-02T00:00:00Z</updated>"),
        "{atom}"
    );
    assert!(!atom.contains("Secret draft"));
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://test.example/articles/older/</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<lastmod>2026-01-10</lastmod>"),
        "{sitemap}"
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://test.example/sitemap.xml")
    );
    let redirect = site.read("blog/older-thoughts/index.html");
    assert!(
        redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/articles/older/\">"),
        "{redirect}"
    );
    // A `noindex` page names no canonical address: the two would disagree.
    assert!(!redirect.contains("rel=\"canonical\""), "{redirect}");
    assert!(site.read("404.html").contains("<html"));
}

#[test]
fn base_url_from_the_command_line_prefixes_every_link() {
    let site = blog();
    site.hearth(&["build", "--base-url", "https://coach.example/practice/"])
        .assert_success();
    let older = site.read("articles/older/index.html");
    assert!(
        older.contains("href=\"/practice/articles/newer/#the-point\""),
        "{older}"
    );
    assert!(older.contains("href=\"/practice/style."), "{older}");
    assert!(
        older.contains("https://coach.example/practice/articles/older/"),
        "canonical: {older}"
    );
    assert!(
        site.read("atom.xml")
            .contains("https://coach.example/practice/articles/newer/")
    );
}

#[test]
fn root_and_out_choose_the_folders() {
    let site = blog();
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("site");
    let other = tempfile::tempdir().unwrap();
    let run = common::run_in(
        other.path(),
        &[
            "build",
            "--root",
            site.root().to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    run.assert_success();
    assert!(out_dir.join("articles/older/index.html").exists());
    assert!(!site.path("public").exists());
}

#[test]
fn the_booking_call_to_action_is_on_every_page() {
    let site = blog();
    site.build().assert_success();
    for (path, bytes) in site.snapshot("public") {
        // The booking page itself does not ask to be booked.
        if path.ends_with(".html") && !path.starts_with("blog/") && path != "contact/index.html" {
            let html = String::from_utf8(bytes).unwrap();
            assert!(
                html.contains("href=\"/contact/\"") && html.contains("Book a call"),
                "no booking link on {path}"
            );
        }
    }
}

#[test]
fn wide_tables_scroll_in_a_labelled_focusable_region() {
    let site = blog();
    site.build().assert_success();
    let newer = site.read("articles/newer/index.html");
    assert!(
        newer.contains("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table: Coaching, Therapy\"><table>"),
        "{newer}"
    );
    assert!(
        newer.contains("class=\"task-marker\" role=\"img\" aria-label=\"done\""),
        "{newer}"
    );
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let site = blog();
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    site.hearth(&["build", "--out", first.path().join("a").to_str().unwrap()])
        .assert_success();
    site.hearth(&["build", "--out", second.path().join("b").to_str().unwrap()])
        .assert_success();
    let a = common::snapshot(&first.path().join("a"));
    let b = common::snapshot(&second.path().join("b"));
    assert!(a.len() > 10);
    assert_eq!(a, b);
}

#[test]
fn a_successful_build_replaces_the_previous_site_whole() {
    let site = blog();
    site.build().assert_success();
    site.write("public/stale.html", "old");
    site.remove("content/articles/older.md");
    site.write(
        "content/articles/newer.md",
        "---\ntitle: Newer thoughts\n---\nOnly this.\n",
    );
    site.build().assert_success();
    assert!(
        !site.exists("stale.html"),
        "files from the last build are gone"
    );
    assert!(!site.exists("articles/older/index.html"));
    site.assert_no_staging_left();
}

#[test]
fn reading_time_and_word_count_reach_templates() {
    let site = Site::new();
    let words = "word ".repeat(450);
    site.write("content/articles/_index.md", "---\ntitle: Articles\n---\n");
    site.write(
        "content/articles/long.md",
        format!("---\ntitle: Long\ndate: 2026-01-01\n---\n{words}\n"),
    );
    site.write(
        "templates/article.html",
        "{{ page.word_count }} words, {{ page.reading_time }} min",
    );
    site.build().assert_success();
    assert_eq!(site.read("articles/long/index.html"), "450 words, 3 min");
}
