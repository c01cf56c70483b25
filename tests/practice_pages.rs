//! Services and testimonials (their pages, blocks, structured data and
//! errors at `file:line:col`) and the home page that shows them with the
//! headshot, the latest articles and the booking call to action.

mod common;

use common::Site;
use scraper::{Html, Selector};
use serde_json::Value as Json;

const SERVICES: &str = "services:
  - id: single-session
    name: Single coaching session
    summary: One conversation about *one* question. See [contact](contact.md).
    duration: 60 minutes
    price: \"$150\"
    format: Online or in person
    booking: \"https://cal.example.org/alex/60\"
  - name: Three months
    summary: Six sessions.
    price: 150 EUR
  - id: sliding
    name: Sliding scale session
    price: ask me
    booking: /contact/
  - id: fourth
    name: Fourth service
    price: CHF 120
";

const TESTIMONIALS: &str = "testimonials:
  - quote: Working with Alex helped me act on a plan I had put off for years.
    name: J. R.
    context: Career change
    consent: 2025-11-03
  - quote: Calm and practical.
    name: Sam
    consent: 2025-12-01
  - quote: I finally started.
    name: K. T.
    consent: 2026-01-10
  - quote: The fourth one, not on the home page.
    name: Fourth Client
    consent: 2026-02-01
";

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&sel(css))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    html.select(&sel(css))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Every node of every JSON-LD `@graph` on the page.
fn graph(html: &Html) -> Vec<Json> {
    html.select(&sel("script[type='application/ld+json']"))
        .flat_map(|script| {
            let text = script.text().collect::<String>();
            let data: Json = serde_json::from_str(&text).expect("JSON-LD parses");
            data["@graph"].as_array().cloned().unwrap_or_default()
        })
        .collect()
}

fn of_type<'a>(nodes: &'a [Json], kind: &str) -> Vec<&'a Json> {
    nodes.iter().filter(|n| n["@type"] == kind).collect()
}

fn practice_site() -> Site {
    let site = Site::new();
    site.write("content/services.yaml", SERVICES);
    site.write("content/testimonials.yaml", TESTIMONIALS);
    site
}

fn built(site: &Site) {
    let run = site.build();
    run.assert_success();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
}

#[test]
fn the_services_page_has_cards_booking_buttons_and_service_offers() {
    let site = practice_site();
    built(&site);
    let html = Html::parse_document(&site.read("services/index.html"));
    assert_eq!(
        texts(&html, ".service-card .service-name"),
        [
            "Single coaching session",
            "Three months",
            "Sliding scale session",
            "Fourth service"
        ]
    );
    // An id is the slug of the name unless given.
    assert_eq!(
        attrs(&html, ".service-card", "id"),
        ["single-session", "three-months", "sliding", "fourth"]
    );
    let first = html.select(&sel("#single-session")).next().unwrap();
    let first_text = first.text().collect::<String>();
    for fact in ["60 minutes", "$150", "Online or in person"] {
        assert!(first_text.contains(fact), "{first_text}");
    }
    // The summary is markdown with its links resolved.
    assert_eq!(
        attrs(&html, "#single-session .service-summary a", "href"),
        ["/contact/"]
    );
    assert_eq!(texts(&html, "#single-session .service-summary em"), ["one"]);
    // Its own link, else the site's booking page.
    assert_eq!(
        attrs(&html, ".service-card a.button", "href"),
        [
            "https://cal.example.org/alex/60",
            "/contact/",
            "/contact/",
            "/contact/"
        ]
    );
    let nodes = graph(&html);
    let services = of_type(&nodes, "Service");
    assert_eq!(services.len(), 4);
    assert_eq!(services[0]["name"], "Single coaching session");
    assert_eq!(services[0]["offers"]["@type"], "Offer");
    assert_eq!(services[0]["offers"]["price"], "150");
    assert_eq!(services[0]["offers"]["priceCurrency"], "USD");
    assert_eq!(
        services[0]["offers"]["url"],
        "https://cal.example.org/alex/60"
    );
    assert_eq!(services[1]["offers"]["price"], "150");
    assert_eq!(services[1]["offers"]["priceCurrency"], "EUR");
    // A price that is not an amount with a currency is not claimed as one.
    assert!(services[2]["offers"].get("price").is_none());
    assert_eq!(
        services[2]["offers"]["url"],
        "https://test.example/contact/"
    );
    assert_eq!(services[3]["offers"]["priceCurrency"], "CHF");
    // Both pages are in the sitemap.
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://test.example/services/</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://test.example/testimonials/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn a_services_block_shows_the_named_services_with_their_structured_data() {
    let site = practice_site();
    site.write(
        "content/offers.md",
        "---\ntitle: Offers\ndescription: What I offer.\n---\nPick one.\n\n```services\nids: [sliding, single-session]\n```\n\nSee [all services](/services/) or [the list](services.yaml#fourth).\n",
    );
    built(&site);
    let html = Html::parse_document(&site.read("offers/index.html"));
    assert_eq!(
        attrs(&html, ".content .service-card", "id"),
        ["sliding", "single-session"]
    );
    assert_eq!(
        attrs(&html, ".content a[href^='/services/']", "href"),
        ["/services/", "/services/#fourth"]
    );
    let nodes = graph(&html);
    let names: Vec<&Json> = of_type(&nodes, "Service")
        .into_iter()
        .map(|n| &n["name"])
        .collect();
    assert_eq!(names, ["Sliding scale session", "Single coaching session"]);
    // A page without the block has no Service.
    let contact = Html::parse_document(&site.read("contact/index.html"));
    assert!(of_type(&graph(&contact), "Service").is_empty());
}

#[test]
fn testimonials_are_figures_with_quotes_and_captions() {
    let site = practice_site();
    site.write(
        "content/kind-words.md",
        "---\ntitle: Kind words\ndescription: Clients.\n---\nA few.\n\n```testimonials\ncount: 2\n```\n",
    );
    built(&site);
    let page = Html::parse_document(&site.read("testimonials/index.html"));
    assert_eq!(page.select(&sel("figure.testimonial")).count(), 4);
    assert_eq!(
        texts(&page, "figure.testimonial > blockquote")[0],
        "Working with Alex helped me act on a plan I had put off for years."
    );
    assert_eq!(
        texts(&page, "figure.testimonial > figcaption")[..2],
        ["J. R., Career change", "Sam"]
    );
    let block = Html::parse_document(&site.read("kind-words/index.html"));
    assert_eq!(
        texts(&block, ".content figure > figcaption"),
        ["J. R., Career change", "Sam"]
    );
}

#[test]
fn the_home_page_shows_its_sections_in_order_each_with_a_link() {
    let site = practice_site();
    site.write(
        "content/alex.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    );
    site.write(
        "content/site.yaml",
        common::SITE_YAML.replace(
            "author: { name: Alex Doe }",
            "author: { name: Alex Doe, photo: alex.svg, credentials: ICF certified coach }\nsocial:\n  - { label: LinkedIn, url: \"https://www.linkedin.com/in/alex\" }",
        ),
    );
    site.write(
        "content/_index.md",
        "---\ntitle: Welcome\n---\nHello, I am the intro.\n",
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\ndescription: Me.\n---\nAbout me.\n",
    );
    site.write(
        "content/articles/first.md",
        "---\ntitle: First article\ndescription: One.\ndate: 2026-01-02\n---\nText.\n",
    );
    built(&site);
    let text = site.read("index.html");
    let html = Html::parse_document(&text);
    let photo = html
        .select(&sel("main img.headshot"))
        .next()
        .expect("headshot");
    assert_eq!(photo.value().attr("src"), Some("/alex.svg"));
    assert_eq!(photo.value().attr("alt"), Some("Portrait of Alex Doe"));
    assert!(photo.value().attr("width").is_some() && photo.value().attr("height").is_some());
    assert_eq!(
        texts(&html, ".home-author"),
        ["Alex Doe, ICF certified coach"]
    );
    // In order: headshot, intro, services, testimonials, articles, booking.
    let order: Vec<usize> = [
        "class=\"headshot\"",
        "Hello, I am the intro.",
        "id=\"services-heading\"",
        "id=\"testimonials-heading\"",
        "id=\"latest-heading\"",
        "id=\"booking-heading\"",
    ]
    .iter()
    .map(|needle| text.find(needle).unwrap_or_else(|| panic!("no {needle}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // Up to three of each, and a link to the full page.
    assert_eq!(html.select(&sel(".home-services .service-card")).count(), 3);
    assert_eq!(html.select(&sel(".home-testimonials figure")).count(), 3);
    assert_eq!(
        attrs(&html, ".home-services .more-link a", "href"),
        ["/services/"]
    );
    assert_eq!(
        attrs(&html, ".home-testimonials .more-link a", "href"),
        ["/testimonials/"]
    );
    assert_eq!(attrs(&html, ".latest .more-link a", "href"), ["/articles/"]);
    assert_eq!(
        attrs(&html, ".booking-band a.button", "href"),
        ["/contact/"]
    );
    // The about page shows the headshot too; other pages do not.
    let about = Html::parse_document(&site.read("about/index.html"));
    assert_eq!(attrs(&about, "main img.headshot", "src"), ["/alex.svg"]);
    let contact = Html::parse_document(&site.read("contact/index.html"));
    assert_eq!(contact.select(&sel("main img.headshot")).count(), 0);
    // Social links: text links in the footer with an accessible name.
    let footer = Html::parse_document(&site.read("contact/index.html"));
    let link = footer
        .select(&sel("footer .footer-social a"))
        .next()
        .expect("social link");
    assert_eq!(
        link.value().attr("href"),
        Some("https://www.linkedin.com/in/alex")
    );
    assert_eq!(link.text().collect::<String>(), "LinkedIn (Alex Doe)");
}

#[test]
fn a_home_page_without_the_data_shows_none_of_its_sections() {
    let site = Site::new();
    built(&site);
    let html = Html::parse_document(&site.read("index.html"));
    for css in [
        "img.headshot",
        ".home-services",
        ".home-testimonials",
        ".latest",
        ".footer-social",
        ".home-author",
    ] {
        assert_eq!(html.select(&sel(css)).count(), 0, "{css} is shown");
    }
    assert!(!site.exists("services/index.html"));
    assert!(!site.exists("testimonials/index.html"));
    assert!(!site.read("sitemap.xml").contains("/services/"));
}

#[test]
fn commented_examples_make_no_page() {
    let site = Site::new();
    site.write(
        "content/services.yaml",
        "# services:\n#   - name: Session\n",
    );
    site.write("content/testimonials.yaml", "# testimonials:\n");
    let run = site.hearth(&["check", "--deny-warnings"]);
    run.assert_success();
    built(&site);
    assert!(!site.exists("services/index.html"));
    assert!(!site.exists("testimonials/index.html"));
}

/// Builds the practice site with one file replaced: it must fail with each
/// needle in the messages.
fn fails_with(path: &str, text: &str, needles: &[&str]) {
    let site = practice_site();
    site.write(path, text);
    site.build().assert_error(needles);
}

#[test]
fn a_service_without_a_name() {
    fails_with(
        "content/services.yaml",
        &SERVICES.replace("  - name: Three months\n", "  - id: three\n"),
        &[
            "error[service-name]",
            "content/services.yaml:9:5",
            "this service has no `name`",
        ],
    );
}

#[test]
fn a_duplicate_service_id() {
    fails_with(
        "content/services.yaml",
        &SERVICES.replace("id: sliding", "id: single-session"),
        &[
            "error[service-id]",
            "content/services.yaml:12:9",
            "the id `single-session` is used twice (first on line 2)",
        ],
    );
}

#[test]
fn a_booking_link_that_is_not_https() {
    fails_with(
        "content/services.yaml",
        &SERVICES.replace("https://cal.example.org", "http://cal.example.org"),
        &[
            "error[service-booking]",
            "content/services.yaml:8:14",
            "neither https nor a page of this site",
        ],
    );
}

#[test]
fn a_booking_link_to_a_missing_page() {
    fails_with(
        "content/services.yaml",
        &SERVICES.replace("booking: /contact/", "booking: /contatc/"),
        &["error[broken-link]", "content/services.yaml:15:14"],
    );
}

#[test]
fn an_unknown_id_in_a_services_block() {
    let site = practice_site();
    site.write(
        "content/offers.md",
        "---\ntitle: Offers\ndescription: O.\n---\nText.\n\n```services\nids: [single-sesion]\n```\n",
    );
    site.build().assert_error(&[
        "error[unknown-service]",
        "content/offers.md:8:7",
        "there is no service `single-sesion`",
        "did you mean `single-session`?",
    ]);
}

#[test]
fn a_testimonial_without_consent() {
    fails_with(
        "content/testimonials.yaml",
        &TESTIMONIALS.replace("    consent: 2025-12-01\n", ""),
        &[
            "error[testimonial-consent]",
            "content/testimonials.yaml:6:5",
            "the testimonial of Sam has no `consent` date",
            "written consent",
        ],
    );
}

#[test]
fn a_licensed_practice_with_testimonials() {
    let site = practice_site();
    site.write(
        "content/site.yaml",
        format!("{}practice: {{ licensed: true }}\n", common::SITE_YAML),
    );
    let run = site.build();
    run.assert_error(&[
        "error[licensed-testimonials]",
        "content/testimonials.yaml:2:5",
        "a licensed practice",
        "bar soliciting testimonials",
        "delete content/testimonials.yaml",
    ]);
    assert_eq!(
        run.stderr.matches("error[licensed-testimonials]").count(),
        4
    );
}

#[test]
fn blocks_without_their_data_file() {
    let site = Site::new();
    site.write(
        "content/offers.md",
        "---\ntitle: Offers\ndescription: O.\n---\nText.\n\n```services\n```\n\n```testimonials\n```\n",
    );
    site.build().assert_error(&[
        "error[missing-services]",
        "content/offers.md:7:1",
        "error[missing-testimonials]",
        "content/offers.md:10:1",
    ]);
}

/// `check --external` requests the services' booking and summary links.
#[test]
fn service_booking_and_summary_links_are_collected_for_external_checks() {
    use hearth::config::{BuildOptions, SiteConfig};
    use hearth::link::{LinkedSite, SiteServices};
    use hearth::load::SourceFile;
    use hearth::parse::ParsedFileData;
    use hearth::parse::comparison::YamlPlace;
    let text = "services:\n  - name: One\n    summary: \"[a](http://a.example/x)\"\n    booking: \"https://cal.example/one\"\n  - { name: Two, booking: /contact/ }\n";
    let place = YamlPlace {
        display: "content/services.yaml",
        file_text: text,
        line_offset: 0,
    };
    let data = hearth::parse::services::parse_services(text, &place).expect("valid");
    let file = SourceFile {
        path: "services.yaml".into(),
        text: text.into(),
    };
    let site = LinkedSite {
        services: Some(SiteServices {
            parsed: ParsedFileData { file, data },
            links: Default::default(),
        }),
        ..LinkedSite::default()
    };
    let yaml = "title: T\nbase_url: https://t.example\n";
    let config = SiteConfig::parse(yaml, &BuildOptions::default()).expect("valid settings");
    let found: Vec<(String, String)> = hearth::external::collect_links(&config, &site)
        .into_iter()
        .map(|link| {
            let at = format!(
                "{}:{}:{}",
                link.file, link.location.line, link.location.column
            );
            (link.url, at)
        })
        .collect();
    let want = [
        ("http://a.example/x", "content/services.yaml:3:19"),
        ("https://cal.example/one", "content/services.yaml:4:15"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(url, at)| (url.to_string(), at.to_string()))
        .collect();
    assert_eq!(found, want);
}
