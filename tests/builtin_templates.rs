//! The built-in templates of the machine-readable files (`atom.xml`,
//! `sitemap.xml`, `robots.txt`, `alias.html`): what they render, how they
//! escape, and that a theme's or a site's file of the same name replaces
//! them.

mod common;

use common::Site;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAPS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// A site with two dated articles (one with every character XML escapes
/// in its title, tags and description), a draft, a dated top-level page,
/// a comparison, referral guidelines and an alias.
fn site() -> Site {
    let site = Site::new();
    site.write(
        "content/articles/first.md",
        "---\ntitle: First steps\ndescription: Where to begin.\ndate: 2026-01-10\n---\nThe opening paragraph.\n\nMore.\n",
    );
    site.write(
        "content/articles/second.md",
        "---\ntitle: \"Parts & <wholes> \\\"q\\\" 'a'\"\ndescription: \"Less & more\"\ndate: 2026-03-02T09:30:00+01:00\nupdated: 2026-04-01\ntags: [\"a&b\", coaching]\naliases: [/blog/parts]\n---\nA *summary* & more.\n\n<!-- more -->\n\nThe rest.\n",
    );
    site.write(
        "content/articles/draft.md",
        "---\ntitle: Secret draft\ndate: 2026-05-01\ndraft: true\n---\nNot yet.\n",
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\ndescription: Me.\ndate: 2026-02-01\n---\nAbout me.\n",
    );
    site.write(
        "content/comparisons/help.yaml",
        "title: Two kinds of help\ncolumns:\n  - { id: a, label: A }\n  - { id: b, label: B }\nrows:\n  - { a: One, b: Two }\n",
    );
    site.write(
        "content/referral.yaml",
        "title: When to see a therapist first\nscope: \"I am a coach & not a therapist.\"\ncriteria:\n  - { level: urgent, text: You have thoughts of suicide. }\nresources:\n  - { name: Lifeline, phone: \"988\" }\n",
    );
    site
}

fn parse(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not XML ({e}):\n{text}"))
}

/// The text of the first child element of `node` named `name`.
fn child_text<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name(name))
        .map(|c| c.text().unwrap_or_default())
}

#[test]
fn the_built_in_feed_is_atom_with_the_newest_articles() {
    let site = site();
    site.build().assert_success();
    let text = site.read("atom.xml");
    let doc = parse(&text);
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")), "{text}");
    assert_eq!(
        feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en")
    );
    assert_eq!(child_text(feed, "title"), Some("Test Practice"));
    assert_eq!(child_text(feed, "subtitle"), Some("A test site."));
    assert_eq!(child_text(feed, "id"), Some("https://test.example/"));
    assert_eq!(child_text(feed, "updated"), Some("2026-04-01T00:00:00Z"));
    let links: Vec<(Option<&str>, Option<&str>)> = feed
        .children()
        .filter(|c| c.has_tag_name("link"))
        .map(|c| (c.attribute("rel"), c.attribute("href")))
        .collect();
    assert_eq!(
        links,
        [
            (Some("self"), Some("https://test.example/atom.xml")),
            (Some("alternate"), Some("https://test.example/")),
        ]
    );
    let author = feed.children().find(|c| c.has_tag_name("author")).unwrap();
    assert_eq!(child_text(author, "name"), Some("Alex Doe"));

    // Articles only (not the dated top-level page, not the draft), newest first.
    let entries: Vec<roxmltree::Node> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    let ids: Vec<&str> = entries
        .iter()
        .filter_map(|e| child_text(*e, "id"))
        .collect();
    assert_eq!(
        ids,
        [
            "https://test.example/articles/second/",
            "https://test.example/articles/first/",
        ]
    );
    let second = entries[0];
    assert_eq!(
        child_text(second, "title"),
        Some("Parts & <wholes> \"q\" 'a'")
    );
    assert_eq!(
        child_text(second, "published"),
        Some("2026-03-02T08:30:00Z")
    );
    assert_eq!(child_text(second, "updated"), Some("2026-04-01T00:00:00Z"));
    assert_eq!(child_text(second, "summary"), Some("Less & more"));
    // One category per tag: its slug as the term, its name as the label.
    let terms: Vec<(&str, &str)> = second
        .children()
        .filter(|c| c.has_tag_name("category"))
        .filter_map(|c| Some((c.attribute("term")?, c.attribute("label")?)))
        .collect();
    assert_eq!(terms, [("a-b", "a&b"), ("coaching", "coaching")]);
    let entry_author = second
        .children()
        .find(|c| c.has_tag_name("author"))
        .unwrap();
    assert_eq!(child_text(entry_author, "name"), Some("Alex Doe"));
    // The content is the whole article's HTML, as text.
    let content = second
        .children()
        .find(|c| c.has_tag_name("content"))
        .unwrap();
    assert_eq!(content.attribute("type"), Some("html"));
    assert_eq!(
        content.text(),
        Some("<p>A <em>summary</em> &amp; more.</p>\n<p>The rest.</p>\n")
    );
    let first = entries[1];
    assert_eq!(
        child_text(first, "updated"),
        Some("2026-01-10T00:00:00Z"),
        "an entry without `updated` is updated when published"
    );
    // Escaped exactly as before the templates: the five characters, with
    // `&#39;` for the apostrophe.
    assert!(
        text.contains("<title>Parts &amp; &lt;wholes&gt; &quot;q&quot; &#39;a&#39;</title>"),
        "{text}"
    );
    assert!(
        text.contains("<category term=\"a-b\" label=\"a&amp;b\"/>"),
        "{text}"
    );
}

/// The referral guidelines' page is in the sitemap too: before the
/// templates, the sitemap left it out.
#[test]
fn the_built_in_sitemap_lists_every_page_with_its_last_change() {
    let site = site();
    site.build().assert_success();
    let text = site.read("sitemap.xml");
    let doc = parse(&text);
    let urlset = doc.root_element();
    assert!(urlset.has_tag_name((SITEMAPS, "urlset")), "{text}");
    let urls: Vec<(&str, Option<&str>)> = urlset
        .children()
        .filter(|c| c.has_tag_name((SITEMAPS, "url")))
        .map(|url| (child_text(url, "loc").unwrap(), child_text(url, "lastmod")))
        .collect();
    let origin = "https://test.example";
    let expected: Vec<(String, Option<&str>)> = [
        ("/", None),
        ("/about/", Some("2026-02-01")),
        ("/articles/", None),
        ("/articles/first/", Some("2026-01-10")),
        ("/articles/second/", Some("2026-04-01")),
        ("/comparisons/", None),
        ("/comparisons/help/", None),
        ("/contact/", None),
        ("/referral/", None),
        ("/tags/", None),
        ("/tags/a-b/", None),
        ("/tags/coaching/", None),
    ]
    .into_iter()
    .map(|(path, lastmod)| (format!("{origin}{path}"), lastmod))
    .collect();
    let expected: Vec<(&str, Option<&str>)> =
        expected.iter().map(|(u, l)| (u.as_str(), *l)).collect();
    assert_eq!(urls, expected, "{text}");
}

#[test]
fn the_built_in_robots_txt_and_redirect_page() {
    let site = site();
    site.build().assert_success();
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://test.example/sitemap.xml\n"
    );
    let html = site.read("blog/parts/index.html");
    let page = scraper::Html::parse_document(&html);
    let select = |css: &str| {
        let selector = scraper::Selector::parse(css).unwrap();
        page.select(&selector)
            .map(|e| {
                let mut attrs: Vec<(&str, &str)> = e.value().attrs().collect();
                attrs.sort_unstable();
                attrs
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        select("meta[name=robots]"),
        [vec![("content", "noindex"), ("name", "robots")]]
    );
    // `noindex` and a canonical link would contradict each other.
    assert_eq!(
        select("link[rel=canonical]"),
        Vec::<Vec<(&str, &str)>>::new()
    );
    assert_eq!(
        select("meta[http-equiv=refresh]"),
        [vec![
            ("content", "0; url=/articles/second/"),
            ("http-equiv", "refresh"),
        ]]
    );
    let footer = scraper::Selector::parse("footer").unwrap();
    let footer: Vec<String> = page
        .select(&footer)
        .map(|f| f.text().collect::<String>())
        .collect();
    assert_eq!(
        footer,
        ["\n\nI am a coach & not a therapist. When to see a therapist first\n\n"]
    );
    assert!(
        html.contains("<title>Moved: Parts &amp; &lt;wholes&gt; &quot;q&quot; &#39;a&#39;</title>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/referral/\">When to see a therapist first</a>"),
        "{html}"
    );
}

/// A theme's `atom.xml` and `robots.txt` replace the built-in ones; a
/// theme's other text files are not templates.
#[test]
fn a_theme_replaces_the_built_in_feed_and_robots_txt() {
    let site = site();
    site.write(
        "themes/default/templates/atom.xml",
        "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>{{ site.title }} (theme)</title>\
         {% for entry in entries %}<entry><id>{{ entry.permalink }}</id><title>{{ entry.title }}</title></entry>{% endfor %}</feed>\n",
    );
    site.write(
        "themes/default/templates/robots.txt",
        "User-agent: *\nDisallow: /drafts/\nSitemap: {{ sitemap_url }}\n",
    );
    site.write("themes/default/templates/NOTES.txt", "{% not a template");
    site.build().assert_success();
    let text = site.read("atom.xml");
    let doc = parse(&text);
    let feed = doc.root_element();
    assert_eq!(child_text(feed, "title"), Some("Test Practice (theme)"));
    let entries: Vec<(&str, &str)> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|e| {
            (
                child_text(e, "id").unwrap(),
                child_text(e, "title").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                "https://test.example/articles/second/",
                "Parts & <wholes> \"q\" 'a'"
            ),
            ("https://test.example/articles/first/", "First steps"),
        ]
    );
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nDisallow: /drafts/\nSitemap: https://test.example/sitemap.xml\n"
    );
    // The sitemap, not replaced, is still the built-in one.
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://test.example/articles/first/</loc>")
    );
}

/// The site's `templates/` replaces the theme's files and the built-in
/// ones alike.
#[test]
fn a_site_replaces_the_theme_and_the_built_in_templates() {
    let site = site();
    site.write(
        "themes/default/templates/atom.xml",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>theme</title></feed>\n",
    );
    site.write(
        "templates/atom.xml",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>site</title><updated>{{ updated }}</updated><subtitle>{{ site.description }} &amp; {{ entries | length }} entries</subtitle></feed>\n",
    );
    site.write(
        "templates/robots.txt",
        "User-agent: *\nDisallow: /\n# {{ site.title }} & friends\n",
    );
    site.write(
        "templates/alias.html",
        "<!doctype html><title>{{ target.title }}</title><p>{{ current_url }} -> {{ target.url }}</p>\n",
    );
    site.build().assert_success();
    let text = site.read("atom.xml");
    let doc = parse(&text);
    let feed = doc.root_element();
    assert_eq!(child_text(feed, "title"), Some("site"));
    assert_eq!(child_text(feed, "updated"), Some("2026-04-01T00:00:00Z"));
    assert_eq!(
        child_text(feed, "subtitle"),
        Some("A test site. & 2 entries")
    );
    // robots.txt is plain text: nothing in it is escaped.
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nDisallow: /\n# Test Practice & friends\n"
    );
    assert_eq!(
        site.read("blog/parts/index.html"),
        "<!doctype html><title>Parts &amp; &lt;wholes&gt; &quot;q&quot; &#39;a&#39;</title><p>/blog/parts/ -> /articles/second/</p>\n"
    );
}

#[test]
fn an_error_in_a_replacing_template_names_its_file_and_line() {
    let site = site();
    site.write(
        "templates/sitemap.xml",
        "<urlset>\n{% for entry in entries %}\n<loc>{{ entry.nowhere.deeper }}</loc>\n{% endfor %}\n</urlset>\n",
    );
    let run = site.build();
    run.assert_error(&["error[template]", "templates/sitemap.xml:3:", "sitemap.xml"]);
    assert!(!site.exists("sitemap.xml"));
}

#[test]
fn forbidden_characters_never_reach_the_feed() {
    let site = site();
    site.write(
        "content/articles/nul.md",
        "---\ntitle: \"Nul\\0 and escape\\e\"\ndescription: Odd.\ndate: 2026-06-01\naliases: [/nul/]\n---\nText.\n",
    );
    site.build().assert_success();
    let text = site.read("atom.xml");
    let doc = parse(&text);
    let entry = doc
        .root_element()
        .children()
        .find(|c| c.has_tag_name((ATOM, "entry")))
        .unwrap();
    assert_eq!(
        child_text(entry, "title"),
        Some("Nul\u{FFFD} and escape\u{FFFD}")
    );
    assert!(
        site.read("nul/index.html")
            .contains("<title>Moved: Nul\u{FFFD} and escape\u{FFFD}</title>")
    );
}
