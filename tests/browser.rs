//! The demo site in a real browser (headless Chromium): no page scrolls
//! sideways on a phone, and wide tables scroll inside their own box.

mod common;

use std::path::Path;

const PAGES: &[&str] = &[
    "index.html",
    "articles/index.html",
    "articles/coaching-or-therapy/index.html",
    "articles/parts-at-work/index.html",
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
