//! The glossary: `content/glossary.yaml` validated at `file:line:col`, the
//! `/glossary/` page with its anchors and "Used in" lists, checked
//! `glossary.yaml#id` links, and the automatic term links in page bodies,
//! one fixture per matching rule.

mod common;

use common::Site;
use scraper::{ElementRef, Html, Selector};

const GLOSSARY: &str = "terms:
  - term: Self
    aliases: [Self energy]
    definition: The calm, *curious* core of a person, which every part can trust.
    see: [parts, protectors]
  - term: parts
    aliases: [part]
    definition: The many sides of a person, each with its own feelings and aims.
  - term: protectors
    definition: Parts that keep a person safe, the way [Self](glossary.yaml#self) would want to be kept safe.
    see: [parts]
  - term: exiles
    definition: Young, hurt parts that protectors keep away.
";

/// A site with the glossary and one article per body.
fn site(articles: &[(&str, &str)]) -> Site {
    let site = Site::new();
    site.write("content/glossary.yaml", GLOSSARY);
    for (name, body) in articles {
        site.write(
            &format!("content/articles/{name}.md"),
            format!(
                "---\ntitle: {}\ndate: 2026-01-01\n---\n{body}",
                title_of(name)
            ),
        );
    }
    site
}

/// The title each fixture article gets from its file name.
fn title_of(name: &str) -> String {
    let mut title = name.replace('-', " ");
    title[..1].make_ascii_uppercase();
    title
}

fn built(articles: &[(&str, &str)]) -> Site {
    let site = site(articles);
    site.build().assert_success();
    site
}

fn page(site: &Site, article: &str) -> Html {
    Html::parse_document(&site.read(&format!("articles/{article}/index.html")))
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector).collect()
}

fn text(element: &ElementRef) -> String {
    element.text().collect()
}

/// The term links of an article: (link text, href).
fn term_links(site: &Site, article: &str) -> Vec<(String, String)> {
    let html = page(site, article);
    select(&html, "a.term")
        .iter()
        .map(|a| {
            (
                text(a),
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn links(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(t, h)| (t.to_string(), format!("/glossary/#{h}")))
        .collect()
}

#[test]
fn a_capitalised_term_matches_only_that_case_others_any_case() {
    let site = built(&[(
        "case",
        "The self is quiet; SELF shouts. Then Self arrives. PARTS of us speak.\n",
    )]);
    assert_eq!(
        term_links(&site, "case"),
        links(&[("Self", "self"), ("PARTS", "parts")])
    );
}

#[test]
fn only_whole_words_link() {
    let site = built(&[(
        "words",
        "Self-doubt, selfless Selfie, parts-work and partsy counterparts. At last: Self, and parts.\n",
    )]);
    assert_eq!(
        term_links(&site, "words"),
        links(&[("Self", "self"), ("parts", "parts")])
    );
}

#[test]
fn headings_never_hold_term_links() {
    let site = built(&[("headings", "## Self and parts\n\nHere Self speaks.\n")]);
    let html = page(&site, "headings");
    assert!(select(&html, "h2 a.term, h1 a.term").is_empty());
    assert_eq!(
        term_links(&site, "headings"),
        links(&[("Self", "self")]),
        "the first use outside the heading links"
    );
}

#[test]
fn links_are_left_alone() {
    let site = built(&[(
        "links",
        "Read [about Self](https://example.org/self) and [[Articles]]. Then Self.\n",
    )]);
    let html = page(&site, "links");
    let outside = select(&html, "a[href='https://example.org/self']");
    assert_eq!(text(&outside[0]), "about Self");
    assert!(select(&html, "a a").is_empty(), "no link inside a link");
    assert_eq!(term_links(&site, "links"), links(&[("Self", "self")]));
}

#[test]
fn code_never_holds_term_links() {
    let site = built(&[(
        "code",
        "Call `Self` and `parts`.\n\n```\nSelf and parts\n```\n\n<kbd>Self</kbd>\n",
    )]);
    assert!(term_links(&site, "code").is_empty());
    let html = page(&site, "code");
    assert_eq!(text(&select(&html, "pre code")[0]), "Self and parts\n");
}

#[test]
fn a_page_with_glossary_false_has_no_term_links() {
    let site = site(&[("plain", "Self and parts.\n")]);
    site.write(
        "content/articles/opted-out.md",
        "---\ntitle: Opted out\nglossary: false\n---\nSelf and parts and exiles.\n",
    );
    site.build().assert_success();
    assert!(term_links(&site, "opted-out").is_empty());
    assert_eq!(term_links(&site, "plain").len(), 2);
}

#[test]
fn an_alias_links_to_its_term_and_counts_as_its_first_use() {
    let site = built(&[(
        "aliases",
        "Self energy fills the room. Later Self again, and one part, then parts.\n",
    )]);
    assert_eq!(
        term_links(&site, "aliases"),
        links(&[("Self energy", "self"), ("part", "parts")])
    );
}

#[test]
fn only_the_first_use_of_each_term_links() {
    let site = built(&[(
        "first",
        "Parts, parts and parts.\n\nMore parts.\n\n- parts in a list\n",
    )]);
    assert_eq!(term_links(&site, "first"), links(&[("Parts", "parts")]));
}

#[test]
fn the_glossary_page_lists_terms_alphabetically_with_anchors_and_no_term_links() {
    let site = built(&[
        ("zebra-notes", "Self and exiles.\n"),
        ("apple-notes", "Self, nothing else.\n"),
        (
            "middle",
            "Only parts, and a [protector link](../glossary.yaml#protectors).\n",
        ),
        ("unused", "Nothing here.\n"),
    ]);
    let html = Html::parse_document(&site.read("glossary/index.html"));
    let entries = select(&html, ".glossary-entry");
    let ids: Vec<&str> = entries
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    assert_eq!(ids, ["exiles", "parts", "protectors", "self"]);
    let terms: Vec<String> = select(&html, ".glossary-entry dfn")
        .iter()
        .map(text)
        .collect();
    assert_eq!(terms, ["exiles", "parts", "protectors", "Self"]);
    // The definitions are not linked to themselves.
    assert!(select(&html, "a.term").is_empty());
    // Definitions are markdown; their links resolve.
    let protectors = &entries[2];
    let inner = Selector::parse(".glossary-definition a").unwrap();
    let link = protectors.select(&inner).next().unwrap();
    assert_eq!(link.value().attr("href"), Some("/glossary/#self"));
    let self_entry = &entries[3];
    let def = Selector::parse(".glossary-definition em").unwrap();
    assert_eq!(text(&self_entry.select(&def).next().unwrap()), "curious");
    let aliases = Selector::parse(".glossary-aliases").unwrap();
    assert!(text(&self_entry.select(&aliases).next().unwrap()).contains("Self energy"));
    let see = Selector::parse(".glossary-see a").unwrap();
    let see: Vec<(String, String)> = self_entry
        .select(&see)
        .map(|a| (text(&a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        see,
        links(&[("parts", "parts"), ("protectors", "protectors")])
    );
    // "Used in": the pages that link each term, by title.
    let used = Selector::parse(".glossary-used a").unwrap();
    let used_in = |entry: &ElementRef| -> Vec<(String, String)> {
        entry
            .select(&used)
            .map(|a| (text(&a), a.value().attr("href").unwrap().to_string()))
            .collect()
    };
    let pair = |t: &str, h: &str| (t.to_string(), h.to_string());
    assert_eq!(
        used_in(self_entry),
        [
            pair("Apple notes", "/articles/apple-notes/"),
            pair("Zebra notes", "/articles/zebra-notes/")
        ]
    );
    assert_eq!(
        used_in(&entries[0]),
        [pair("Zebra notes", "/articles/zebra-notes/")]
    );
    assert_eq!(used_in(&entries[1]), [pair("Middle", "/articles/middle/")]);
    assert!(
        used_in(&entries[2]).is_empty(),
        "a plain link is not a term use"
    );
    // Its description comes from its terms; it is in the sitemap.
    let description = select(&html, "meta[name=description]")[0]
        .value()
        .attr("content")
        .unwrap()
        .to_string();
    assert_eq!(
        description,
        "What exiles, parts, protectors and 1 more term mean on Test Practice, in plain words."
    );
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://test.example/glossary/</loc>")
    );
}

#[test]
fn glossary_links_resolve_to_anchors_and_a_wrong_id_is_an_error() {
    let site = built(&[(
        "good",
        "See [the Self](../glossary.yaml#self) and [all](../glossary.yaml).\n",
    )]);
    let html = page(&site, "good");
    let hrefs: Vec<&str> = select(&html, ".content a:not(.term)")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"/glossary/#self"), "{hrefs:?}");
    assert!(hrefs.contains(&"/glossary/"), "{hrefs:?}");
    site.assert_breakage_fails_cleanly(
        |s| {
            s.write(
                "content/articles/bad.md",
                "---\ntitle: Bad\n---\nSee [parts](../glossary.yaml#prts).\n",
            )
        },
        &[
            "content/articles/bad.md:4:5",
            "`#prts` is not a term id of content/glossary.yaml",
            "did you mean `#parts`?",
        ],
    );
}

#[test]
fn a_missing_see_also_id_is_an_error_at_its_line() {
    let site = built(&[]);
    site.assert_breakage_fails_cleanly(
        |s| {
            s.write(
                "content/glossary.yaml",
                GLOSSARY.replace("see: [parts]", "see: [prts]"),
            )
        },
        &[
            "content/glossary.yaml:11:11",
            "no term has the id `prts`",
            "did you mean `parts`?",
        ],
    );
}

#[test]
fn a_duplicate_term_is_an_error_at_its_line() {
    let site = built(&[]);
    let twice = format!("{GLOSSARY}  - term: Parts\n    definition: Again.\n");
    site.assert_breakage_fails_cleanly(
        |s| s.write("content/glossary.yaml", &twice),
        &[
            "content/glossary.yaml:14:11",
            "`Parts` is already a name of the term `parts` (line 6)",
        ],
    );
}

#[test]
fn the_feed_has_no_term_tips() {
    let site = built(&[("fed", "Self and parts speak.\n")]);
    let feed = site.read("atom.xml");
    assert!(feed.contains("Self and parts speak."), "{feed}");
    assert!(!feed.contains("term-tip"), "{feed}");
    assert!(!feed.contains("term-ref"), "{feed}");
    // The page itself has them.
    assert!(site.read("articles/fed/index.html").contains("term-tip"));
}

#[test]
fn each_term_link_is_described_by_its_definition() {
    let site = built(&[("described", "Self leads the parts and the exiles.\n")]);
    let html = page(&site, "described");
    let terms = select(&html, "a.term");
    assert_eq!(terms.len(), 3);
    for link in terms {
        let id = link.value().attr("aria-describedby").expect("described");
        let tip = select(&html, &format!("[id='{id}']"));
        assert_eq!(tip.len(), 1, "exactly one element #{id}");
        assert_eq!(tip[0].value().attr("role"), Some("tooltip"));
        let expected = match text(&link).as_str() {
            "Self" => "The calm, curious core of a person, which every part can trust.",
            "parts" => "The many sides of a person, each with its own feelings and aims.",
            _ => "Young, hurt parts that protectors keep away.",
        };
        assert_eq!(text(&tip[0]), expected);
    }
}

#[test]
fn term_links_respect_the_base_path() {
    let site = site(&[("based", "Self.\n")]);
    site.hearth(&["build", "--base-url", "https://test.example/practice/"])
        .assert_success();
    assert_eq!(
        term_links(&site, "based"),
        [("Self".to_string(), "/practice/glossary/#self".to_string())]
    );
}

#[test]
fn the_glossary_file_is_not_unused_data() {
    let site = built(&[("checked", "Self.\n")]);
    let run = site.hearth(&["check"]);
    run.assert_success();
    assert!(!run.stderr.contains("unused-data"), "{}", run.stderr);
    site.write("content/other.yaml", "a: 1\n");
    assert!(site.hearth(&["check"]).stderr.contains("unused-data"));
}

#[test]
fn a_long_used_in_list_shows_the_first_pages_by_title_and_counts_the_rest() {
    let names: Vec<String> = (0..27).map(|i| format!("page-{i:02}")).collect();
    let articles: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "Self.\n")).collect();
    let site = built(&articles);
    let html = Html::parse_document(&site.read("glossary/index.html"));
    let entry = select(&html, "#self")[0];
    let used = Selector::parse(".glossary-used a").unwrap();
    let titles: Vec<String> = entry.select(&used).map(|a| text(&a)).collect();
    let expected: Vec<String> = (0..25).map(|i| format!("Page {i:02}")).collect();
    assert_eq!(titles, expected);
    let line = text(
        &entry
            .select(&Selector::parse(".glossary-used").unwrap())
            .next()
            .unwrap(),
    );
    assert!(line.ends_with("and 2 more pages"), "{line}");
}
