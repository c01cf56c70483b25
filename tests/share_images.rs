//! Share images: every HTML page of a built site links a 1200x630 PNG of
//! the output in its OpenGraph and Twitter tags; a page's front matter
//! `image` is used when it has one, else a card is drawn; the same site
//! gives the same bytes; and a rebuild draws only the cards that changed.

mod common;

use std::collections::BTreeMap;

use common::Site;
use common::share::{assert_share_tags, meta, png_size};
use hearth::build::{PipelineCache, build_into, build_site, build_site_with};
use hearth::config::BuildOptions;
use scraper::Html;

const ARTICLE: &str = "---\ntitle: Older thoughts\ndescription: The first one.\ndate: 2026-01-10\ntags: [Parts Work, coaching]\naliases: [/blog/older-thoughts]\n---\nThe opening paragraph.\n";

fn blog() -> Site {
    let site = Site::new();
    site.write("content/articles/older.md", ARTICLE);
    site.write(
        "content/articles/newer.md",
        "---\ntitle: Newer thoughts\ndate: 2026-03-02\ntags: [coaching]\n---\nHello.\n",
    );
    site
}

fn options(site: &Site) -> BuildOptions {
    BuildOptions {
        root: site.root().to_path_buf(),
        ..Default::default()
    }
}

/// A PNG of one colour.
fn solid_png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let picture = image::RgbImage::from_pixel(width, height, image::Rgb(rgb));
    let mut bytes = Vec::new();
    picture
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

fn pixel(png: &[u8], x: u32, y: u32) -> [u8; 4] {
    image::load_from_memory(png)
        .expect("a PNG")
        .to_rgba8()
        .get_pixel(x, y)
        .0
}

#[test]
fn every_page_links_a_share_image_of_the_output() {
    let site = blog();
    site.build().assert_success();
    let files = site.snapshot("public");
    let pages = assert_share_tags(&files, "https://test.example");
    // Home, articles list, contact, two articles, two tag pages, the tags
    // index, the search page and 404; the alias page has none, and there
    // is no comparisons list without comparisons.
    assert_eq!(pages, 10, "{:?}", files.keys().collect::<Vec<_>>());
    assert!(files.contains_key("blog/older-thoughts/index.html"));
    for share in [
        "share/index.png",
        "share/articles.png",
        "share/articles/older.png",
        "share/tags/coaching.png",
        "share/tags.png",
        "share/search.png",
        "share/404.png",
    ] {
        assert!(files.contains_key(share), "no {share}");
    }
    assert!(!files.contains_key("share/comparisons.png"));
    // A card shows the page's title and the site's name, in words too.
    let article = Html::parse_document(&site.read("articles/older/index.html"));
    assert_eq!(
        meta(&article, "property", "og:image:alt").as_deref(),
        Some("Older thoughts · Test Practice")
    );
    assert_eq!(
        meta(&article, "property", "og:image").as_deref(),
        Some("https://test.example/share/articles/older.png")
    );
    // Each card differs from the others: it shows its own title.
    assert_ne!(
        files["share/articles/older.png"],
        files["share/articles/newer.png"]
    );
    // The card carries the theme's background colour (the default theme's
    // `--bg`) away from the text.
    assert_eq!(
        pixel(&files["share/articles/older.png"], 1180, 10),
        [0xfb, 0xf7, 0xf1, 255]
    );
}

#[test]
fn a_front_matter_image_is_the_pages_share_image() {
    let site = blog();
    site.write(
        "content/articles/photo/red.png",
        solid_png(300, 200, [200, 10, 30]),
    );
    site.write(
        "content/articles/photo/index.md",
        "---\ntitle: With a photo\nimage: red.png\nimage_alt: A red wall\n---\nHello.\n",
    );
    site.build().assert_success();
    let files = site.snapshot("public");
    let png = &files["share/articles/photo.png"];
    assert_eq!(png_size(png), (1200, 630));
    assert_eq!(pixel(png, 600, 315), [200, 10, 30, 255]);
    assert_eq!(pixel(png, 0, 0), [200, 10, 30, 255]);
    let page = Html::parse_document(&site.read("articles/photo/index.html"));
    assert_eq!(
        meta(&page, "property", "og:image:alt").as_deref(),
        Some("A red wall")
    );
    assert_share_tags(&files, "https://test.example");
}

#[test]
fn an_image_without_alt_text_is_an_error_at_the_key() {
    let site = blog();
    site.write("content/articles/red.png", solid_png(10, 10, [1, 2, 3]));
    site.write(
        "content/articles/photo.md",
        "---\ntitle: With a photo\nimage: red.png\n---\nHello.\n",
    );
    let run = site.build();
    run.assert_error(&[
        "missing-image-alt",
        "content/articles/photo.md:3:8",
        "`image` needs an `image_alt`",
        "what the picture shows",
    ]);
    site.write(
        "content/articles/photo.md",
        "---\ntitle: With a photo\nimage: red.png\nimage_alt: \"  \"\n---\nHello.\n",
    );
    site.build()
        .assert_error(&["missing-image-alt", "content/articles/photo.md:4:12"]);
}

#[test]
fn a_missing_or_unreadable_image_is_an_error_at_the_key() {
    let site = blog();
    site.write(
        "content/articles/photo.md",
        "---\ntitle: With a photo\nimage_alt: A wall\nimage: nowhere.jpg\n---\nHello.\n",
    );
    for command in ["build", "check"] {
        site.hearth(&[command]).assert_error(&[
            "bad-image",
            "content/articles/photo.md:4:8",
            "`content/articles/nowhere.jpg`",
            "does not exist",
        ]);
    }
    site.write("content/articles/broken.jpg", "this is not a picture");
    site.write(
        "content/articles/photo.md",
        "---\ntitle: With a photo\nimage_alt: A wall\nimage: broken.jpg\n---\nHello.\n",
    );
    for command in ["build", "check"] {
        site.hearth(&[command]).assert_error(&[
            "bad-image",
            "content/articles/photo.md:4:8",
            "cannot read `content/articles/broken.jpg` as a picture",
        ]);
    }
    // Out of content/: refused, never read.
    site.write(
        "content/articles/photo.md",
        "---\ntitle: With a photo\nimage_alt: A wall\nimage: ../../../etc/passwd\n---\nHello.\n",
    );
    site.build().assert_error(&[
        "bad-image",
        "content/articles/photo.md:4:8",
        "leads out of the content/ folder",
    ]);
}

#[test]
fn a_site_file_at_a_share_address_is_a_duplicate() {
    let site = blog();
    site.write("static/share/contact.png", solid_png(4, 4, [0, 0, 0]));
    site.build().assert_error(&[
        "duplicate-url",
        "static/share/contact.png",
        "the share image of /contact/",
    ]);
}

#[test]
fn titles_with_markup_characters_are_drawn() {
    let site = blog();
    let title = r#"Fear & "safety" <first> 'always'"#;
    site.write(
        "content/articles/odd.md",
        format!("---\ntitle: '{}'\n---\nHello.\n", title.replace('\'', "''")),
    );
    site.build().assert_success();
    let files = site.snapshot("public");
    assert_eq!(png_size(&files["share/articles/odd.png"]), (1200, 630));
    let page = Html::parse_document(&site.read("articles/odd/index.html"));
    assert_eq!(
        meta(&page, "property", "og:image:alt"),
        Some(format!("{title} · Test Practice"))
    );
    // The title is drawn: the card differs from one with a plain title.
    assert_ne!(
        files["share/articles/odd.png"],
        files["share/articles/older.png"]
    );
}

/// The share images of an output, by path.
fn shares(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .filter(|(path, _)| path.starts_with("share/"))
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect()
}

#[test]
fn the_same_site_gives_the_same_share_images() {
    let site = blog();
    let first = build_site(&options(&site)).expect("builds");
    let second = build_site(&options(&site)).expect("builds");
    let images = shares(&first.output.files);
    assert!(images.len() >= 10);
    assert_eq!(images, shares(&second.output.files));
    assert_eq!(first.share_images.drawn, images.len());
    // A copy of the site in another folder, built by the command.
    let copy = blog();
    site.build().assert_success();
    copy.build().assert_success();
    assert_eq!(
        shares(&site.snapshot("public")),
        shares(&copy.snapshot("public"))
    );
    assert_eq!(shares(&site.snapshot("public")), images);
}

#[test]
fn a_build_redraws_only_the_cards_that_changed() {
    let site = blog();
    let out = site.path("public");
    let first = build_into(&options(&site), &out).expect("builds");
    let total = first.share_images.drawn;
    assert!(total >= 10, "{:?}", first.share_images);
    assert_eq!(first.share_images.reused, 0);
    let before = shares(&site.snapshot("public"));
    let second = build_into(&options(&site), &out).expect("builds");
    assert_eq!(second.share_images.drawn, 0);
    assert_eq!(second.share_images.reused, total);
    assert_eq!(shares(&site.snapshot("public")), before);
    // A new title: that card alone is drawn again.
    site.write(
        "content/articles/older.md",
        ARTICLE.replace("Older thoughts", "Oldest thoughts"),
    );
    let third = build_into(&options(&site), &out).expect("builds");
    assert_eq!(third.share_images.drawn, 1, "{:?}", third.share_images);
    let after = shares(&site.snapshot("public"));
    let changed: Vec<&String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(changed, ["share/articles/older.png"]);
    // A file whose key does not match is drawn again, not trusted.
    std::fs::write(
        out.join("share/contact.png"),
        solid_png(1200, 630, [0, 0, 0]),
    )
    .unwrap();
    let fourth = build_into(&options(&site), &out).expect("builds");
    assert_eq!(fourth.share_images.drawn, 1);
    assert_eq!(shares(&site.snapshot("public")), after);
    // A folder without Hearth's marker is never read from.
    let foreign = site.path("elsewhere");
    std::fs::create_dir_all(&foreign).unwrap();
    let fifth = build_into(&options(&site), &foreign).expect("builds");
    assert_eq!(fifth.share_images.reused, 0);
}

#[test]
fn serve_keeps_its_cards_across_rebuilds() {
    let site = blog();
    let mut cache = PipelineCache::default();
    let first = build_site_with(&options(&site), &mut cache).expect("builds");
    let total = first.share_images.drawn;
    assert!(total >= 10);
    let second = build_site_with(&options(&site), &mut cache).expect("builds");
    assert_eq!(
        (second.share_images.drawn, second.share_images.reused),
        (0, total)
    );
    assert_eq!(shares(&first.output.files), shares(&second.output.files));
    site.write(
        "content/articles/newer.md",
        "---\ntitle: Newest thoughts\ndate: 2026-03-02\ntags: [coaching]\n---\nHello.\n",
    );
    cache.everything_changed();
    let third = build_site_with(&options(&site), &mut cache).expect("builds");
    assert_eq!(third.share_images.drawn, 1);
    assert_eq!(
        shares(&third.output.files),
        shares(&build_site(&options(&site)).expect("builds").output.files)
    );
}

#[test]
fn a_site_can_replace_the_card_template() {
    let site = blog();
    // Another family than the bundled one: found among the machine's fonts,
    // or drawn with the bundled font; either way the card is drawn.
    site.write(
        "templates/share.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{{ width }}" height="{{ height }}"><rect width="100%" height="100%" fill="#00ff00"/><text x="40" y="300" font-family="No Such Family, serif" font-size="60" fill="{{ colors.text }}">{% for line in lines %}{{ line.text }} {% endfor %}</text></svg>"##,
    );
    site.build().assert_success();
    let files = site.snapshot("public");
    assert_eq!(
        pixel(&files["share/articles/older.png"], 5, 5),
        [0, 255, 0, 255]
    );
    assert_share_tags(&files, "https://test.example");
    // A template that is no SVG is an error naming it.
    site.write("templates/share.svg", "<svg><rect></svg>");
    for command in ["build", "check"] {
        site.hearth(&[command])
            .assert_error(&["share-image", "templates/share.svg", "valid SVG"]);
    }
    // A filter, which could take hours to draw, is refused before drawing,
    // by `check` as by `build`.
    site.write(
        "templates/share.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="1000000"/></filter><rect width="1200" height="630" filter="url(#f)"/></svg>"##,
    );
    for command in ["build", "check"] {
        site.hearth(&[command]).assert_error(&[
            "share-image",
            "templates/share.svg",
            "drawn without filters",
        ]);
    }
}

#[test]
fn a_fresh_site_under_a_sub_path_has_share_images() {
    let dir = tempfile::tempdir().unwrap();
    common::run_in(
        dir.path(),
        &[
            "init",
            "mysite",
            "--title",
            "Harbor <Calm> & \"Co\"",
            "--base-url",
            "https://harbor.example/practice/",
        ],
    )
    .assert_success();
    let root = dir.path().join("mysite");
    common::run_in(&root, &["build"]).assert_success();
    let files = common::snapshot(&root.join("public"));
    let pages = assert_share_tags(&files, "https://harbor.example/practice");
    assert!(pages >= 5, "{pages}");
    let home = Html::parse_document(&String::from_utf8_lossy(&files["index.html"]));
    assert_eq!(
        meta(&home, "property", "og:image").as_deref(),
        Some("https://harbor.example/practice/share/index.png")
    );
    assert_eq!(
        meta(&home, "property", "og:image:alt").as_deref(),
        Some("Harbor <Calm> & \"Co\"")
    );
}

#[test]
fn a_page_with_the_longest_slug_has_a_share_image() {
    let site = blog();
    let slug = "a".repeat(200);
    site.write(
        "content/long.md",
        format!("---\ntitle: Long\nslug: {slug}\n---\nHello.\n"),
    );
    site.build().assert_success();
    let files = site.snapshot("public");
    assert!(files.contains_key(&format!("{slug}/index.html")));
    assert_share_tags(&files, "https://test.example");
}
