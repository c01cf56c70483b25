//! The demo site in a real browser (headless Chromium): no page scrolls
//! sideways on a phone, and wide tables scroll inside their own box; the
//! search page finds an article by a word of its body.

mod common;

use std::path::Path;

const PAGES: &[&str] = &[
    "index.html",
    "articles/index.html",
    "articles/coaching-or-therapy/index.html",
    "articles/parts-at-work/index.html",
    "articles/a-room-to-think/index.html",
    "articles/buried-goals/index.html",
    "articles/firefighters-and-rebuilders/index.html",
    "about/index.html",
    "contact/index.html",
    "tags/index.html",
    "404.html",
    "comparisons/index.html",
    "comparisons/coaching-vs-therapy/index.html",
    "comparisons/firefighter-and-rebuilder/index.html",
    "comparisons/three-kinds-of-support/index.html",
    "referral/index.html",
    "services/index.html",
    "testimonials/index.html",
    "glossary/index.html",
    "search/index.html",
    "thanks/index.html",
];

/// `scrollWidth clientWidth tableBoxes stylesheetLoaded`
const LAYOUT: &str = "const root = doc.documentElement; \
    const styled = getComputedStyle(doc.body).fontFamily.includes('system-ui'); \
    return [root.scrollWidth, root.clientWidth, doc.querySelectorAll('.table-scroll').length, styled].join(' ');";

#[test]
fn demo_pages_do_not_scroll_sideways_on_a_phone() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let public = common::build_for_file_urls(Path::new(env!("CARGO_MANIFEST_DIR")), out.path());
    let mut pages_with_tables = 0;
    for width in [390, 320] {
        let results = common::measure_pages(&browser, &public, PAGES, width, LAYOUT);
        for (page, line) in PAGES.iter().zip(results) {
            let fields: Vec<&str> = line.split(' ').collect();
            assert_eq!(fields.len(), 4, "could not measure {page}: {line}");
            assert_eq!(fields[3], "true", "the stylesheet did not load on {page}");
            let number = |i: usize| {
                fields[i]
                    .parse::<u32>()
                    .unwrap_or_else(|_| panic!("{page}: {line}"))
            };
            let (scroll, client, tables) = (number(0), number(1), number(2));
            assert_eq!(
                client, width,
                "{page} was not laid out at {width} px: {line}"
            );
            assert!(
                scroll <= client,
                "{page} scrolls sideways at {width} px: {scroll} > {client}"
            );
            pages_with_tables += usize::from(tables > 0);
        }
    }
    assert!(
        pages_with_tables > 0,
        "the demo has at least one table in a scrolling box"
    );
}

/// A POST the test server received: its path and url-encoded fields.
type Post = (String, Vec<(String, String)>);

/// Serves `public` on 127.0.0.1 and hands each POST's path and
/// url-encoded fields to `posts`, answering with a short page.
fn serve_site(public: std::path::PathBuf) -> (u16, std::sync::mpsc::Receiver<Post>) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("a test server");
    let port = server.server_addr().to_ip().expect("an ip address").port();
    let (posts, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for mut request in server.incoming_requests() {
            let path = request.url().split('?').next().unwrap_or("/").to_string();
            if *request.method() == tiny_http::Method::Post {
                let mut body = String::new();
                let _ = std::io::Read::read_to_string(request.as_reader(), &mut body);
                let fields = url::form_urlencoded::parse(body.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                let _ = posts.send((path, fields));
                let _ = request.respond(tiny_http::Response::from_string("received"));
                continue;
            }
            let relative = path.trim_start_matches('/');
            let file = if relative.is_empty() || relative.ends_with('/') {
                public.join(relative).join("index.html")
            } else {
                public.join(relative)
            };
            let response = match std::fs::read(&file) {
                Ok(bytes) => {
                    let kind = if file.extension().is_some_and(|e| e == "css") {
                        "text/css"
                    } else {
                        "text/html; charset=utf-8"
                    };
                    let header =
                        tiny_http::Header::from_bytes("Content-Type", kind).expect("a header");
                    tiny_http::Response::from_data(bytes).with_header(header)
                }
                Err(_) => {
                    tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404)
                }
            };
            let _ = request.respond(response);
        }
    });
    (port, received)
}

/// A contact form on a built page is filled in and sent at 390 px wide
/// with JavaScript disabled, by typing and clicking as a visitor would
/// (over the DevTools protocol), and the local server receives its fields.
#[test]
fn a_form_is_sent_without_javascript_on_a_phone() {
    let Some(chromium) = common::chromium() else {
        return;
    };
    let site = common::Site::new();
    site.write(
        "content/site.yaml",
        format!(
            "{}forms:\n  contact: {{ action: netlify, success: /thanks/ }}\n",
            common::SITE_YAML
        ),
    );
    site.write(
        "content/thanks.md",
        "---\ntitle: Thanks\nextra: { unlisted: true }\n---\nThank you.\n",
    );
    site.write(
        "content/contact.md",
        "---\ntitle: Contact\n---\nWrite to me.\n\n```form\nid: contact\n```\n",
    );
    // The port is known only once the server listens: build after it.
    let out = tempfile::tempdir().expect("output folder");
    let public = out.path().join("public");
    let (port, posts) = serve_site(public.clone());
    let base_url = format!("http://127.0.0.1:{port}");
    site.hearth(&[
        "build",
        "--out",
        public.to_str().expect("utf-8 path"),
        "--base-url",
        &base_url,
    ])
    .assert_success();

    let mut browser = common::cdp::Browser::open(&chromium, "about:blank");
    let tab = browser.tab();
    tab.call(
        "Emulation.setScriptExecutionDisabled",
        serde_json::json!({ "value": true }),
    );
    tab.call(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({ "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true }),
    );
    tab.call(
        "Page.navigate",
        serde_json::json!({ "url": format!("{base_url}/contact/") }),
    );
    // Scripts are off, so the page is read through the DOM domain.
    let node = |tab: &mut common::cdp::Tab, selector: &str| -> Option<u64> {
        let root = tab
            .try_call("DOM.getDocument", serde_json::json!({}))
            .ok()?;
        let found = tab
            .try_call(
                "DOM.querySelector",
                serde_json::json!({ "nodeId": root["root"]["nodeId"], "selector": selector }),
            )
            .ok()?;
        found["nodeId"].as_u64().filter(|&id| id != 0)
    };
    common::serve::poll("the contact form to load", || {
        node(&mut *tab, "#form-contact-message")
    });
    // The page is laid out at a phone's width.
    let width = tab.call(
        "Runtime.evaluate",
        serde_json::json!({ "expression": "window.innerWidth", "returnByValue": true }),
    );
    assert_eq!(width["result"]["value"], 390, "{width}");
    for (selector, text) in [
        ("#form-contact-name", "Robin Lee"),
        ("#form-contact-email", "robin@example.org"),
        ("#form-contact-message", "Could we talk on Tuesday?"),
    ] {
        let id = node(&mut *tab, selector).expect("the field");
        tab.call("DOM.focus", serde_json::json!({ "nodeId": id }));
        tab.call("Input.insertText", serde_json::json!({ "text": text }));
    }
    let button = node(&mut *tab, "form button[type=submit]").expect("the button");
    tab.call(
        "DOM.scrollIntoViewIfNeeded",
        serde_json::json!({ "nodeId": button }),
    );
    let quads = tab.call(
        "DOM.getContentQuads",
        serde_json::json!({ "nodeId": button }),
    );
    let quad: Vec<f64> = quads["quads"][0]
        .as_array()
        .expect("the button is on screen")
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    let x = (quad[0] + quad[2] + quad[4] + quad[6]) / 4.0;
    let y = (quad[1] + quad[3] + quad[5] + quad[7]) / 4.0;
    for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
        tab.call(
            "Input.dispatchMouseEvent",
            serde_json::json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
        );
    }
    let (path, fields) = posts
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the server received the form");
    assert_eq!(path, "/thanks/");
    let field = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    assert_eq!(field("form-name"), Some("contact"));
    assert_eq!(field("name"), Some("Robin Lee"));
    assert_eq!(field("email"), Some("robin@example.org"));
    assert_eq!(field("message"), Some("Could we talk on Tuesday?"));
    assert_eq!(field("bot-field"), Some(""), "the honeypot is sent empty");
}

/// `headerHeight bookingButtonWidth`: the header's height and how wide its
/// booking button is drawn (0 when it is hidden or missing).
const HEADER: &str = "const header = doc.querySelector('.site-header'); \
    const cta = doc.querySelector('.header-cta'); \
    return [Math.round(header.getBoundingClientRect().height), cta ? Math.round(cta.getBoundingClientRect().width) : 0].join(' ');";

#[test]
fn the_phone_header_is_one_compact_row_with_the_booking_button() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let public = common::build_for_file_urls(Path::new(env!("CARGO_MANIFEST_DIR")), out.path());
    for width in [390, 320] {
        let results = common::measure_pages(&browser, &public, PAGES, width, HEADER);
        for (page, line) in PAGES.iter().zip(results) {
            let fields: Vec<u32> = line.split(' ').filter_map(|f| f.parse().ok()).collect();
            assert_eq!(fields.len(), 2, "could not measure {page}: {line}");
            assert!(
                fields[0] < 90,
                "the header of {page} is {} px tall at {width} px",
                fields[0]
            );
            // The booking page and the referral page leave the button out.
            let without = ["contact/index.html", "referral/index.html"];
            assert_eq!(
                fields[1] > 0,
                !without.contains(page),
                "booking button on {page} at {width} px: {line}"
            );
        }
    }
}

/// `headerLeft contentLeft footerLeft`, in px from the page's left edge.
/// The content's edge is its title's, or on a home page with a headshot,
/// the headshot's (the title sits beside it).
const EDGES: &str = "const left = el => Math.round(el.getBoundingClientRect().left); \
    return [left(doc.querySelector('.site-title')), left(doc.querySelector('main .home-profile, main h1')), \
    left(doc.querySelector('.site-footer .wrap p'))].join(' ');";

#[test]
fn on_a_desktop_the_content_lines_up_with_the_header_and_tables_run_wider() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let public = common::build_for_file_urls(Path::new(env!("CARGO_MANIFEST_DIR")), out.path());
    let results = common::measure_pages(&browser, &public, PAGES, 1280, EDGES);
    for (page, line) in PAGES.iter().zip(results) {
        let edges: Vec<i32> = line.split(' ').filter_map(|f| f.parse().ok()).collect();
        assert_eq!(edges.len(), 3, "could not measure {page}: {line}");
        assert_eq!(
            edges[0], edges[1],
            "{page}: header and content edges {line}"
        );
        assert_eq!(edges[0], edges[2], "{page}: header and footer edges {line}");
    }
    // Title, menu, search field and booking button share one row.
    for (page, line) in PAGES.iter().zip(common::measure_pages(
        &browser, &public, PAGES, 1280, HEADER,
    )) {
        let height: u32 = line
            .split(' ')
            .next()
            .and_then(|h| h.parse().ok())
            .unwrap_or(0);
        assert!(
            (1..80).contains(&height),
            "{page}: the header is {height} px tall at 1280 px"
        );
    }
    let widths = "const w = s => Math.round(doc.querySelector(s).getBoundingClientRect().width); \
        return [w('.comparison-table'), w('.content > p, .entry-header .lede')].join(' ');";
    let pages = ["comparisons/three-kinds-of-support/index.html"];
    let line = &common::measure_pages(&browser, &public, &pages, 1280, widths)[0];
    let widths: Vec<u32> = line.split(' ').filter_map(|f| f.parse().ok()).collect();
    assert_eq!(widths.len(), 2, "{line}");
    assert!(
        widths[0] > widths[1] + 200 && widths[0] >= 900,
        "the table is no wider than prose: {line}"
    );
}

/// The HTML of a built page, parsed.
fn parsed(site: &common::Site, page: &str) -> scraper::Html {
    scraper::Html::parse_document(&site.read(page))
}

fn select<'h>(html: &'h scraper::Html, css: &str) -> Vec<scraper::ElementRef<'h>> {
    let selector = scraper::Selector::parse(css).expect("selector");
    html.select(&selector).collect()
}

fn text(element: &scraper::ElementRef) -> String {
    element.text().collect::<Vec<_>>().join("")
}

#[test]
fn summaries_are_text_capped_at_a_word_with_an_ellipsis() {
    let site = common::Site::new();
    let long = "Every word here counts for something, ".repeat(60);
    let article = |title: &str, date: &str, body: &str| {
        format!("---\ntitle: {title}\ndate: {date}\n---\n{body}")
    };
    site.write(
        "content/articles/heading.md",
        article(
            "Heading",
            "2026-01-01",
            "# Big heading\n\nThe first words.\n",
        ),
    );
    site.write(
        "content/articles/photo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"></svg>",
    );
    site.write(
        "content/articles/image.md",
        article(
            "Image",
            "2026-01-02",
            "![A quiet room](photo.svg)\n\nWords after the picture.\n",
        ),
    );
    site.write(
        "content/articles/long.md",
        article("Long", "2026-01-03", &format!("{long}\n\nSecond.\n")),
    );
    site.write(
        "content/articles/marked.md",
        article(
            "Marked",
            "2026-01-04",
            &format!("## Start\n\n{long}\n\nAnd more.\n\n<!-- more -->\n\nHidden.\n"),
        ),
    );
    site.build().assert_success();
    let html = parsed(&site, "articles/index.html");
    let summaries = select(&html, ".summary");
    assert_eq!(summaries.len(), 4);
    assert!(
        select(&html, ".summary img").is_empty(),
        "an image in a summary"
    );
    let headings = select(&html, ".summary-text :is(h1, h2, h3, h4, h5, h6)");
    assert!(headings.is_empty(), "a heading in a summary");
    let summary_of = |title: &str| {
        let found = summaries
            .iter()
            .find(|s| text(&select_in(s, ".summary-title")) == title)
            .unwrap_or_else(|| panic!("no summary for {title}"));
        text(&select_in(found, ".summary-text")).trim().to_string()
    };
    assert_eq!(summary_of("Heading"), "The first words.");
    assert_eq!(summary_of("Image"), "Words after the picture.");
    let long_summary = summary_of("Long");
    assert_eq!(
        long_summary.split_whitespace().count(),
        60,
        "{long_summary}"
    );
    assert!(long_summary.ends_with("something…"), "{long_summary}");
    // `<!-- more -->` picks the summary: every paragraph before it, uncut.
    let marked = summary_of("Marked");
    assert_eq!(marked.split_whitespace().count(), 362, "{marked}");
    assert!(!marked.contains('…') && !marked.contains("Start") && !marked.contains("Hidden"));
}

fn select_in<'h>(element: &scraper::ElementRef<'h>, css: &str) -> scraper::ElementRef<'h> {
    let selector = scraper::Selector::parse(css).expect("selector");
    element
        .select(&selector)
        .next()
        .unwrap_or_else(|| panic!("no {css} in {}", element.html()))
}

const REFERRAL: &str = "title: When to see a therapist first
intro: Coaching supports growth; it does not treat.
scope: I am a coach, not a licensed therapist.
criteria:
  - { level: urgent, text: You have thoughts of suicide. }
  - { level: refer, text: You live with an active mental illness. }
resources:
  - { name: Crisis Text Line, region: US, sms: \"741741\", text: HOME }
  - { name: Lifeline, phone: \"988\" }
contact: { label: Book a 30-minute call, url: /contact/ }
";

#[test]
fn the_referral_page_has_its_intro_first_an_sms_link_and_one_booking_button() {
    let site = common::Site::new();
    site.write("content/referral.yaml", REFERRAL);
    site.build().assert_success();
    let html = parsed(&site, "referral/index.html");
    let sms = select(&html, "a[href^='sms:']");
    assert_eq!(sms.len(), 1, "{}", site.read("referral/index.html"));
    assert_eq!(sms[0].value().attr("href"), Some("sms:741741?body=HOME"));
    assert_eq!(text(&sms[0]), "Text HOME to 741741");
    // The intro sits under the title, before the crisis box.
    let whole = site.read("referral/index.html");
    let page = &whole[whole.find("<main").expect("a main element")..];
    let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    assert!(
        at("<h1>") < at("it does not treat") && at("it does not treat") < at("referral-urgent")
    );
    // One booking button, below the crisis content.
    let buttons = select(&html, "a.button");
    assert_eq!(buttons.len(), 1, "{page}");
    assert_eq!(text(&buttons[0]), "Book a 30-minute call");
    assert!(at("referral-urgent") < at("Book a 30-minute call"));
    // The footer does not repeat what the page says.
    let footer = text(&select(&html, "footer")[0]);
    assert!(!footer.contains("I am a coach"), "{footer}");
    assert!(
        text(&select(&parsed(&site, "contact/index.html"), "footer")[0]).contains("I am a coach")
    );
}

#[test]
fn an_sms_text_without_a_number_and_a_bad_number_are_errors() {
    let site = common::Site::new();
    site.write(
        "content/referral.yaml",
        REFERRAL.replace("sms: \"741741\", text: HOME", "phone: \"988\", text: HOME"),
    );
    site.build().assert_error(&[
        "content/referral.yaml:8:",
        "has a `text:` but no `sms:` number",
        "referral-sms",
    ]);
    site.write(
        "content/referral.yaml",
        REFERRAL.replace("sms: \"741741\"", "sms: text me"),
    );
    site.build().assert_error(&[
        "content/referral.yaml:8:",
        "`text me` is not a number that takes text messages",
    ]);
}

#[test]
fn the_booking_page_has_no_booking_button_or_band() {
    let site = common::Site::new();
    site.write("content/about.md", "---\ntitle: About\n---\nMe.\n");
    site.build().assert_success();
    let contact = parsed(&site, "contact/index.html");
    assert!(select(&contact, ".booking-band").is_empty());
    assert!(select(&contact, "a[href='/contact/'].button").is_empty());
    let about = parsed(&site, "about/index.html");
    assert_eq!(select(&about, ".booking-band").len(), 1);
    assert_eq!(select(&about, ".header-cta").len(), 1);
}

#[test]
fn a_site_without_comparisons_has_no_comparisons_list() {
    let site = common::Site::new();
    site.build().assert_success();
    assert!(!site.exists("comparisons/index.html"));
    assert!(!site.read("sitemap.xml").contains("/comparisons/"));
    assert!(!site.exists("comparisons"));
    // A menu item to the list that is not there is a broken link, saying why.
    site.write(
        "content/site.yaml",
        common::SITE_YAML.replace(
            "  - { label: Articles, url: /articles/ }\n",
            "  - { label: Articles, url: /articles/ }\n  - { label: Compare, url: /comparisons/ }\n",
        ),
    );
    site.build().assert_error(&[
        "content/site.yaml:8:",
        "broken-link",
        "lists the site's comparisons, and this site has none",
    ]);
}

#[test]
fn the_tags_index_shows_tags_as_chips_like_articles() {
    let site = common::Site::new();
    site.write(
        "content/articles/a.md",
        "---\ntitle: A\ndate: 2026-01-01\ntags: [goals, coaching]\n---\nText.\n",
    );
    site.build().assert_success();
    let index = parsed(&site, "tags/index.html");
    let chips = select(&index, "ul.tag-list > li > a[rel='tag']");
    let names: Vec<String> = chips
        .iter()
        .filter_map(|a| text(a).split_whitespace().next().map(str::to_string))
        .collect();
    assert_eq!(
        names,
        ["coaching", "goals"],
        "{}",
        site.read("tags/index.html")
    );
    let article = parsed(&site, "articles/a/index.html");
    assert_eq!(select(&article, "ul.tag-list > li > a[rel='tag']").len(), 2);
}

/// A site to search: two articles, each with a word no other page has.
fn search_fixture() -> common::Site {
    let site = common::Site::new();
    site.write(
        "content/articles/first.md",
        "---\ntitle: First steps\ndescription: The first one.\ndate: 2026-01-05\n---\nA quokkaberry grows in the garden.\n",
    );
    site.write(
        "content/articles/second.md",
        "---\ntitle: Second thoughts\ndescription: The other one.\ndate: 2026-01-06\n---\nThe zebrawood table.\n",
    );
    site
}

/// The hrefs of the search results shown, once there are some.
fn wait_for_results(browser: &mut common::cdp::Browser) -> serde_json::Value {
    browser.wait_until(
        "search results",
        "document.querySelectorAll('.pagefind-ui__result-link').length > 0",
    );
    browser.evaluate(
        "JSON.stringify([...document.querySelectorAll('.pagefind-ui__result-link')].map(a => a.getAttribute('href')))",
    )
}

/// The search page in Chromium, served over HTTP (WebAssembly does not
/// load from `file://`) with the Content-Security-Policy of the site's
/// `_headers`: a word typed into Pagefind's box finds the one article
/// whose body has it, and `/search/?q=word` (what the header's form sends)
/// runs that search on load. (That the form sends `?q=` without
/// JavaScript is checked on its parsed HTML in `tests/search.rs`.)
#[test]
fn the_search_page_finds_an_article_by_a_word_of_its_body() {
    let Some(chromium) = common::chromium() else {
        return;
    };
    let site = search_fixture();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let (port, server) = common::serve_folder(&public);
    let base = format!("http://127.0.0.1:{port}");
    let out_arg = public.display().to_string();
    site.hearth(&["build", "--base-url", &base, "--out", &out_arg])
        .assert_success();
    let mut browser =
        common::cdp::Browser::open(&chromium, &format!("{base}/search/?q=quokkaberry"));
    assert_eq!(wait_for_results(&mut browser), r#"["/articles/first/"]"#);
    // Typing: a new word in the box, as a person types it.
    browser.wait_until(
        "the search box",
        "!!document.querySelector('.pagefind-ui__search-input')",
    );
    browser.evaluate(
        "(() => { const box = document.querySelector('.pagefind-ui__search-input'); \
         box.focus(); box.value = 'zebrawood'; box.dispatchEvent(new Event('input', { bubbles: true })); return true; })()",
    );
    browser.wait_until(
        "the typed word's result",
        "[...document.querySelectorAll('.pagefind-ui__result-link')].some(a => a.getAttribute('href') === '/articles/second/')",
    );
    assert_eq!(wait_for_results(&mut browser), r#"["/articles/second/"]"#);
    drop(browser);
    server.unblock();
}
