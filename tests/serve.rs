//! `hearth serve`: the real binary on a free port against fixture sites.
//! Every wait polls against a deadline (see `common::serve`).

mod common;

use common::Site;
use common::serve::{Server, poll};

const FIRST: &str = "---\ntitle: First steps\ndescription: The first article.\ndate: 2026-01-02\n---\nThe original words.\n";

/// A small site with an articles section and one article.
fn blog() -> Site {
    let site = Site::new();
    site.write(
        "content/articles/_index.md",
        "---\ntitle: Articles\ndescription: All articles.\n---\n",
    );
    site.write("content/articles/first.md", FIRST);
    site
}

fn first_with(body: &str) -> String {
    FIRST.replace("The original words.", body)
}

#[test]
fn serves_pages_with_content_types_head_redirects_and_the_404_page() {
    let site = blog();
    let server = Server::start(site.root(), &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains("data-hearth-page=\"index.html\""));
    assert!(home.body.contains("/__hearth/events"));
    let script = home.body.find("data-hearth-page").unwrap();
    assert!(script < home.body.rfind("</body>").unwrap());

    let article = server.get("/articles/first/");
    assert_eq!(article.status, 200);
    assert!(article.body.contains("The original words."));

    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(!css.body.contains("__hearth"));
    assert_eq!(
        server.get("/favicon.svg").header("content-type"),
        Some("image/svg+xml; charset=utf-8")
    );
    let feed = server.get("/atom.xml");
    assert_eq!(feed.status, 200);
    assert!(
        feed.header("content-type").unwrap().contains("xml"),
        "{:?}",
        feed.headers
    );
    assert_eq!(
        server.get("/robots.txt").header("content-type"),
        Some("text/plain; charset=utf-8")
    );

    // HEAD: the same headers, no body.
    let head = server.head("/articles/first/");
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        head.header("content-length"),
        Some(article.body.len().to_string().as_str())
    );
    assert!(head.body.is_empty());

    // A folder without its slash redirects to it.
    let redirect = server.get("/articles/first");
    assert!(
        matches!(redirect.status, 301 | 302 | 307 | 308),
        "{}",
        redirect.status
    );
    assert_eq!(redirect.header("location"), Some("/articles/first/"));

    // Unknown paths: the site's own 404 page, with status 404.
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "{}", missing.body);
    assert!(missing.body.contains("data-hearth-page=\"404.html\""));
    assert_eq!(server.get("/nothing.css").status, 404);

    // Links lead to the preview, not to the published site.
    assert!(!home.body.contains("https://test.example/articles/"));

    // Served from memory: nothing written.
    assert!(!site.path("public").exists(), "serve created public/");
    assert!(server.stdout().contains("Built "), "{}", server.stdout());
}

#[test]
fn editing_an_article_serves_the_new_text_and_sends_a_reload_event() {
    let site = blog();
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    site.write("content/articles/first.md", first_with("The edited words."));
    let event = events.built_with("articles/first/index.html");
    assert!(event.data.contains("\"version\":"), "{}", event.data);
    // Only what changed is listed: the contact page did not.
    assert!(!event.data.contains("contact/index.html"), "{}", event.data);
    let page = server.get("/articles/first/");
    assert!(page.body.contains("The edited words."), "{}", page.body);
    assert!(!page.body.contains("The original words."));
}

#[test]
fn pages_can_be_added_renamed_and_deleted() {
    let site = blog();
    let server = Server::start(site.root(), &[]);
    assert_eq!(server.get("/workshops/").status, 404);

    site.write(
        "content/workshops.md",
        "---\ntitle: Workshops\ndescription: Group work.\n---\nSpring workshop dates.\n",
    );
    server.wait_for_text("/workshops/", "Spring workshop dates.");

    // A new folder with a bundle inside.
    site.write(
        "content/articles/bundle/index.md",
        "---\ntitle: A bundle\ndescription: With a picture.\ndate: 2026-02-01\n---\nBundled words.\n",
    );
    server.wait_for_text("/articles/bundle/", "Bundled words.");

    // A rename: the old address goes away, the new one appears.
    std::fs::rename(
        site.path("content/articles/first.md"),
        site.path("content/articles/renamed.md"),
    )
    .unwrap();
    server.wait_for_text("/articles/renamed/", "The original words.");
    server.wait_for_status("/articles/first/", 404);

    site.remove("content/workshops.md");
    server.wait_for_status("/workshops/", 404);
    site.remove("content/articles/bundle");
    server.wait_for_status("/articles/bundle/", 404);
}

#[test]
fn atomic_saves_and_editor_files_are_handled_and_a_burst_gives_few_rebuilds() {
    let site = blog();
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    // Editors' temporary and swap files never become pages nor break the build.
    site.write("content/articles/.first.md.swp", "swap");
    site.write("content/articles/first.md~", "backup");
    site.write("content/articles/4913", "vim's probe");
    site.write("content/articles/.#first.md", "emacs lock");
    site.write("content/articles/first.md.tmp", "---\ntitel: broken\n---\n");
    // An atomic save: a temporary file renamed over the article.
    site.write(
        "content/articles/.first.md.hearth-tmp",
        first_with("Saved atomically."),
    );
    std::fs::rename(
        site.path("content/articles/.first.md.hearth-tmp"),
        site.path("content/articles/first.md"),
    )
    .unwrap();
    events.built_with("articles/first/index.html");
    server.wait_for_text("/articles/first/", "Saved atomically.");
    assert!(!server.stderr().contains("error"), "{}", server.stderr());

    // A burst of saves over many files (like a `git checkout`) gives one
    // rebuild, or two when it straddles a quiet moment; not twenty.
    // The article is served before its rebuild ends: wait for the report.
    let before = poll("the atomic save's rebuild to be reported", || {
        let count = server.stdout().matches("Rebuilt in").count();
        (count > 0).then_some(count)
    });
    for i in 0..10 {
        site.write(
            "content/articles/first.md",
            first_with(&format!("Burst {i}.")),
        );
        site.write(
            &format!("content/articles/burst-{i}.md"),
            format!("---\ntitle: Burst {i}\ndescription: One of many.\ndate: 2026-01-03\n---\nBurst page {i}.\n"),
        );
    }
    server.wait_for_text("/articles/first/", "Burst 9.");
    server.wait_for_text("/articles/burst-9/", "Burst page 9.");
    let rebuilds = poll("the rebuild to be reported", || {
        let count = server.stdout().matches("Rebuilt in").count() - before;
        (count > 0).then_some(count)
    });
    assert!(
        rebuilds <= 2,
        "{rebuilds} rebuilds for one burst:\n{}",
        server.stdout()
    );
}

#[test]
fn a_broken_link_shows_the_overlay_over_the_old_page_until_it_is_fixed() {
    let site = blog();
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    site.write(
        "content/articles/first.md",
        first_with("New words with [a link](missing-page.md)."),
    );
    let failed = events.next_named("failed");
    assert!(failed.data.contains("missing-page.md"), "{}", failed.data);

    let page = server.get("/articles/first/");
    assert_eq!(page.status, 200);
    let (before_overlay, _) = page.body.split_once("id=\"hearth-overlay\"").unwrap();
    assert!(
        before_overlay.contains("The original words."),
        "the last good page is kept"
    );
    assert!(!before_overlay.contains("New words"));
    assert!(page.body.contains("role=\"alert\""), "{}", page.body);
    assert!(
        page.body.contains("content/articles/first.md:6:"),
        "{}",
        page.body
    );
    assert!(page.body.contains("missing-page.md"));
    // Every page shows it.
    assert!(
        server
            .get("/contact/")
            .body
            .contains("id=\"hearth-overlay\"")
    );
    // The terminal shows the same diagnostic.
    poll("the terminal report", || {
        let stderr = server.stderr();
        (stderr.contains("missing-page.md") && stderr.contains("content/articles/first.md:6:"))
            .then_some(())
    });

    site.write("content/articles/first.md", first_with("Fixed words."));
    let built = events.next_named("built");
    assert!(
        built.data.contains("articles/first/index.html"),
        "{}",
        built.data
    );
    let page = server.get("/articles/first/");
    assert!(page.body.contains("Fixed words."));
    assert!(
        !page.body.contains("id=\"hearth-overlay\""),
        "the overlay clears itself"
    );
}

#[test]
fn a_site_that_does_not_build_at_first_is_served_as_an_error_page_until_fixed() {
    let site = blog();
    site.write(
        "content/articles/first.md",
        first_with("A <b>link</b> to [nowhere](nowhere.md)."),
    );
    let server = Server::start(site.root(), &[]);
    let page = server.get("/articles/first/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("role=\"alert\""));
    assert!(page.body.contains("nowhere.md"));
    assert!(
        page.body.contains("content/articles/first.md:6:"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("/__hearth/events"),
        "it recovers by itself"
    );
    assert!(
        server.stderr().contains("nowhere.md"),
        "{}",
        server.stderr()
    );

    site.write("content/articles/first.md", first_with("Working now."));
    let page = server.wait_for_text("/articles/first/", "Working now.");
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("id=\"hearth-overlay\""));
}

#[test]
fn no_request_path_leaves_the_site() {
    let site = blog();
    site.write("secret.txt", "TOP-SECRET-MARKER");
    site.write("content/secret.txt", "CONTENT-SECRET-MARKER");
    let server = Server::start(site.root(), &[]);
    for target in [
        "/../secret.txt",
        "/../../Cargo.toml",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/%2e%2e%5csecret.txt",
        "/..\\secret.txt",
        "/articles/..\\..\\secret.txt",
        "/articles/%2e%2e/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "//secret.txt",
        "/%5c..%5csecret.txt",
        "/articles/../../secret.txt",
        "/content/secret.txt",
    ] {
        let (status, response) = server.raw_get(target);
        assert!(
            matches!(status, 400 | 404),
            "{target} answered {status}:\n{response}"
        );
        assert!(
            !response.contains("SECRET-MARKER"),
            "{target} leaked a file"
        );
        assert!(!response.contains("[package]"), "{target} leaked a file");
    }
    // A file beside a page in content/ is part of the site, and served.
    let (status, response) = server.raw_get("/secret.txt");
    assert_eq!(status, 200, "{response}");
    assert!(response.contains("CONTENT-SECRET-MARKER"));
}

#[test]
fn a_stylesheet_or_file_change_lists_only_that_file() {
    let site = blog();
    site.write("content/handout.txt", "Handout, first edition.");
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    let css = site.path("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n/* edited while serving */\n");
    std::fs::write(&css, text).unwrap();
    let event = events.built_with("style.css");
    assert!(!event.data.contains(".html"), "{}", event.data);
    server.wait_for_text("/style.css", "edited while serving");

    // A file beside the pages in content/, copied as it is.
    site.write("content/handout.txt", "Handout, second edition.");
    let event = events.built_with("handout.txt");
    assert!(!event.data.contains(".html"), "{}", event.data);
    server.wait_for_text("/handout.txt", "second edition");
}

#[test]
fn poll_mode_notices_changes_too() {
    let site = blog();
    let server = Server::start(site.root(), &["--poll"]);
    site.write("content/articles/first.md", first_with("Seen by polling."));
    server.wait_for_text("/articles/first/", "Seen by polling.");
}

#[test]
fn drafts_are_served_only_with_the_flag() {
    let site = blog();
    site.write(
        "content/articles/draft.md",
        "---\ntitle: Unfinished\ndescription: Not yet.\ndate: 2026-03-01\ndraft: true\n---\nDraft words.\n",
    );
    let server = Server::start(site.root(), &[]);
    assert_eq!(server.get("/articles/draft/").status, 404);
    drop(server);
    let server = Server::start(site.root(), &["--drafts"]);
    assert!(server.get("/articles/draft/").body.contains("Draft words."));
}

#[test]
fn build_output_never_has_the_reload_script() {
    let site = blog();
    let server = Server::start(site.root(), &[]);
    assert!(server.get("/").body.contains("data-hearth-page"));
    site.build().assert_success();
    for (path, bytes) in site.snapshot("public") {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__hearth") && !text.contains("hearth-overlay"),
            "{path} has serve's script"
        );
    }
}

#[test]
fn a_port_in_use_is_named_with_the_flag_to_change_it() {
    let site = blog();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["serve", "--port", &port])
        .current_dir(site.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status = poll("hearth serve to give up", || child.try_wait().unwrap());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("port {port}")), "{stderr}");
    assert!(stderr.contains("--port"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn listening_beyond_this_computer_warns() {
    let site = blog();
    let server = Server::start(site.root(), &["--bind", "0.0.0.0"]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    assert_eq!(server.get("/").status, 200);
    let stderr = server.stderr();
    assert!(stderr.contains("warning"), "{stderr}");
    assert!(stderr.contains("other computers"), "{stderr}");

    let local = Server::start(site.root(), &[]);
    assert!(!local.stderr().contains("other computers"));
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = blog();
    let mut server = Server::start(site.root(), &[]);
    // An open event stream must not keep the server alive.
    let _events = server.events();
    let status = std::process::Command::new("kill")
        .args(["-INT", &server.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    assert_eq!(server.wait_for_exit(), 0, "{}", server.stderr());
    poll("the goodbye", || {
        server.stdout().contains("Stopped.").then_some(())
    });
    assert!(!server.stderr().contains("panicked"));
}

#[test]
fn a_page_in_the_browser_updates_itself_after_each_save() {
    let Some(chromium) = common::chromium() else {
        return;
    };
    let site = blog();
    let server = Server::start(site.root(), &[]);
    let mut browser =
        common::cdp::Browser::open(&chromium, &format!("{}/articles/first/", server.url));
    poll("the page to load", || {
        browser.text().contains("The original words.").then_some(())
    });

    // An edit: the new text appears without a manual reload.
    site.write(
        "content/articles/first.md",
        first_with("Words the browser sees."),
    );
    poll("the edit in the browser", || {
        browser
            .text()
            .contains("Words the browser sees.")
            .then_some(())
    });

    // A stylesheet change swaps the stylesheet without reloading the page.
    browser.evaluate("window.hearthMarker = 'kept'; true");
    let css = site.path("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\nbody { outline: 3px solid rgb(1, 2, 3); }\n");
    std::fs::write(&css, text).unwrap();
    browser.wait_until(
        "the new stylesheet",
        "getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'",
    );
    assert_eq!(
        browser.evaluate("window.hearthMarker"),
        "kept",
        "the page reloaded"
    );

    // A broken link: the overlay over the old text, then gone once fixed.
    site.write(
        "content/articles/first.md",
        first_with("Broken [link](gone.md)."),
    );
    browser.wait_until(
        "the error overlay",
        "!!document.getElementById('hearth-overlay') && document.getElementById('hearth-overlay').innerText.includes('gone.md')",
    );
    assert!(browser.text().contains("Words the browser sees."));
    site.write("content/articles/first.md", first_with("Mended words."));
    poll("the fix in the browser", || {
        let text = browser.text();
        (text.contains("Mended words.") && !text.contains("gone.md")).then_some(())
    });
    assert_eq!(
        browser.evaluate("document.getElementById('hearth-overlay')"),
        serde_json::Value::Null
    );
}

#[test]
fn open_starts_the_default_browser_on_the_preview() {
    let site = blog();
    let opener = tempfile::tempdir().unwrap();
    let script = opener.path().join("browser.sh");
    let opened = opener.path().join("opened.txt");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x", script.to_str().unwrap()])
        .status()
        .unwrap();
    let server = Server::start_with_env(
        site.root(),
        &["--open"],
        &[("BROWSER", script.to_str().unwrap())],
    );
    let url = poll("the browser to be started", || {
        std::fs::read_to_string(&opened)
            .ok()
            .filter(|s| !s.is_empty())
    });
    assert_eq!(url, format!("{}/", server.url));
}

#[test]
fn a_folder_without_a_site_is_an_error_not_a_server() {
    let empty = tempfile::tempdir().unwrap();
    let run = common::run_in(empty.path(), &["serve", "--port", "0"]);
    run.assert_error(&["no `content/` folder", "--root"]);
    assert!(!run.stdout.contains("Serving"));
}

#[test]
fn theme_templates_and_a_new_templates_folder_are_watched() {
    let site = blog();
    let server = Server::start(site.root(), &[]);
    let base = site.path("themes/default/templates/base.html");
    let original = std::fs::read_to_string(&base).unwrap();
    std::fs::write(
        &base,
        original.replace(
            "<main id=\"main\">",
            "<main id=\"main\"><p>Theme marker</p>",
        ),
    )
    .unwrap();
    server.wait_for_text("/contact/", "Theme marker");
    server.wait_for_text("/articles/first/", "Theme marker");

    // A site's own templates/ folder, created while serving, overrides the
    // theme, and later edits in it are seen too.
    let page = std::fs::read_to_string(site.path("themes/default/templates/page.html")).unwrap();
    let marked = |marker: &str| {
        page.replace(
            "{% block content -%}",
            &format!("{{% block content -%}}<p>{marker}</p>"),
        )
    };
    assert!(
        marked("x").contains("<p>x</p>"),
        "page.html has a content block"
    );
    site.write("templates/page.html", marked("Site marker one"));
    server.wait_for_text("/contact/", "Site marker one");
    site.write("templates/page.html", marked("Site marker two"));
    server.wait_for_text("/contact/", "Site marker two");
}

#[test]
fn an_edited_article_is_served_before_the_rest_of_the_site() {
    let site = blog();
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    // A new summary: the lists and the feed change too, after the article.
    site.write(
        "content/articles/first.md",
        first_with("Words served first."),
    );
    let first = events.next_named("built");
    let data: serde_json::Value = serde_json::from_str(&first.data).unwrap();
    assert_eq!(
        data["changed"],
        serde_json::json!(["articles/first/index.html"]),
        "the article alone first: {}",
        first.data
    );
    let rest = events.next_named("built");
    let data: serde_json::Value = serde_json::from_str(&rest.data).unwrap();
    let changed: Vec<&str> = data["changed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|path| path.as_str())
        .collect();
    assert!(changed.contains(&"articles/index.html"), "{}", rest.data);
    assert!(
        !changed.contains(&"articles/first/index.html"),
        "the article does not reload twice: {}",
        rest.data
    );
    let page = server.wait_for_text("/articles/", "Words served first.");
    assert_eq!(page.status, 200);
}

/// The attack of issue 11: a symbolic link to a file outside the site,
/// renamed over a file the preview serves (`ln -s /etc/passwd new && mv -T
/// new content/articles/photo.txt`). The link is made in the same folder, in
/// the site's root (outside the watched folders, so the rename is the only
/// event) and as a hidden file (ignored by the watcher).
#[cfg(unix)]
#[test]
fn a_symlink_renamed_over_a_served_file_never_serves_the_file_it_points_to() {
    let site = blog();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("passwd");
    std::fs::write(&secret, "OUTSIDE-SECRET-MARKER").unwrap();
    site.write("content/articles/photo.txt", "The real photo.");
    let server = Server::start(site.root(), &[]);
    assert!(
        server
            .get("/articles/photo.txt")
            .body
            .contains("The real photo.")
    );
    let served = site.path("content/articles/photo.txt");
    for (round, made_at) in ["content/articles/new", "new", "content/articles/.new"]
        .into_iter()
        .enumerate()
    {
        let link = site.path(made_at);
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        std::fs::rename(&link, &served).unwrap();
        // Changes are handled in order: once this one is served, so is the swap.
        let marker = format!("Swap {round} seen.");
        site.write("content/articles/marker.txt", &marker);
        server.wait_for_text("/articles/marker.txt", &marker);
        let reply = server.get("/articles/photo.txt");
        assert!(
            !reply.body.contains("OUTSIDE-SECRET-MARKER"),
            "the link made at {made_at} leaked the outside file"
        );
        assert_eq!(reply.status, 404, "{made_at}: {}", reply.body);
        poll("the warning naming the link", || {
            server
                .stderr()
                .contains("warning[symlink-outside-site]: `content/articles/photo.txt` is a symbolic link to")
                .then_some(())
        });
        // The real file again, for the next round.
        std::fs::remove_file(&served).unwrap();
        let text = format!("The real photo, round {round}.");
        site.write("content/articles/photo.txt", &text);
        server.wait_for_text("/articles/photo.txt", &text);
    }
}

/// DNS rebinding: a web page on a name of its own that resolves to this
/// computer would send that name as `Host`; the preview answers only its
/// own addresses.
#[test]
fn only_requests_for_the_previews_own_address_are_answered() {
    let site = blog();
    let server = Server::start(site.root(), &[]);
    let port = server.port();
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        for target in ["/articles/first/", "/__hearth/events"] {
            let (status, response) = server.raw_get_for_host(target, Some(&host));
            assert_eq!(status, 421, "{host} {target}:\n{response}");
            assert!(!response.contains("The original words."), "{host}");
            assert!(
                response.contains("answers only at http://127.0.0.1:"),
                "{response}"
            );
        }
    }
    let (status, _) = server.raw_get_for_host("/", None);
    assert_eq!(status, 421, "a request without a Host header");
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, response) = server.raw_get_for_host("/articles/first/", Some(&host));
        assert_eq!(status, 200, "{host}:\n{response}");
        assert!(response.contains("The original words."), "{host}");
    }

    // Listening on every address, on purpose (and warned about): any name
    // the other computers know this one by is fine.
    let open = Server::start(site.root(), &["--bind", "0.0.0.0"]);
    let (status, response) =
        open.raw_get_for_host("/articles/first/", Some("my-laptop.local:1111"));
    assert_eq!(status, 200, "{response}");
    assert!(response.contains("The original words."));
}

/// A browser opens only six connections to one server: with an event
/// stream per tab, six preview tabs got no reloads and a seventh never
/// loaded. The tabs share one stream now; ten of them all follow each save,
/// each reloading only when its own page changed, and an eleventh loads.
#[test]
fn ten_tabs_all_follow_each_save_and_an_eleventh_still_loads() {
    let Some(chromium) = common::chromium() else {
        return;
    };
    let site = blog();
    let server = Server::start(site.root(), &[]);
    let article = format!("{}/articles/first/", server.url);
    let contact = format!("{}/contact/", server.url);
    let mut browser = common::cdp::Browser::open(&chromium, &article);
    let mut tabs: Vec<(bool, common::cdp::Tab)> = (1..10)
        .map(|i| {
            let on_article = i % 2 == 0;
            let url = if on_article { &article } else { &contact };
            (on_article, browser.new_tab(url))
        })
        .collect();
    let loaded = |tab: &mut common::cdp::Tab, text: &str| {
        tab.evaluate(&format!(
            "document.readyState === 'complete' && document.body.innerText.includes({text:?})"
        )) == true
    };
    poll("the first tab to load", || {
        loaded(browser.tab(), "The original words.").then_some(())
    });
    for (i, (on_article, tab)) in tabs.iter_mut().enumerate() {
        let text = if *on_article {
            "The original words."
        } else {
            "Write to me."
        };
        poll(&format!("tab {} to load", i + 2), || {
            loaded(tab, text).then_some(())
        });
        tab.evaluate("window.hearthMarker = 'kept'; true");
    }
    const VERSION: &str =
        "document.querySelector('script[data-hearth-page]').dataset.hearthVersion";
    let before = browser.evaluate(VERSION);
    assert!(before.is_string(), "the page's version: {before}");

    // An edit of the article: its tabs reload, the contact tabs learn the
    // new version without reloading.
    site.write(
        "content/articles/first.md",
        first_with("Words every tab sees."),
    );
    poll("the edit in the first tab", || {
        loaded(browser.tab(), "Words every tab sees.").then_some(())
    });
    for (i, (on_article, tab)) in tabs.iter_mut().enumerate() {
        if *on_article {
            poll(&format!("the edit in tab {}", i + 2), || {
                loaded(tab, "Words every tab sees.").then_some(())
            });
        } else {
            // All tabs loaded at one version; this one moved on without a reload.
            poll(&format!("tab {} to learn of the edit", i + 2), || {
                let now = tab.evaluate(VERSION);
                (now.is_string() && now != before).then_some(())
            });
            assert_eq!(
                tab.evaluate("window.hearthMarker"),
                "kept",
                "tab {} reloaded",
                i + 2
            );
        }
    }

    // A broken link: the overlay in every tab, gone again once fixed.
    site.write(
        "content/articles/first.md",
        first_with("Broken [link](gone.md)."),
    );
    let overlay = "!!document.getElementById('hearth-overlay') && document.getElementById('hearth-overlay').innerText.includes('gone.md')";
    browser.wait_until("the overlay in the first tab", overlay);
    for (i, (_, tab)) in tabs.iter_mut().enumerate() {
        tab.wait_until(&format!("the overlay in tab {}", i + 2), overlay);
    }
    site.write("content/articles/first.md", first_with("Mended words."));
    let mended = "document.readyState === 'complete' && !document.getElementById('hearth-overlay')";
    browser.wait_until("the first tab to recover", mended);
    for (i, (_, tab)) in tabs.iter_mut().enumerate() {
        tab.wait_until(&format!("tab {} to recover", i + 2), mended);
    }

    // The tab that holds the one stream closes: another takes over, and
    // an eleventh loads and follows too.
    let holds =
        "document.querySelector('script[data-hearth-page]').dataset.hearthStream === 'held'";
    let holder = if browser.evaluate(holds) == true {
        None
    } else {
        Some(
            tabs.iter_mut()
                .position(|(_, tab)| tab.evaluate(holds) == true)
                .expect("one tab holds the event stream"),
        )
    };
    match holder {
        Some(index) => tabs.remove(index).1.close(),
        // Leaving the page lets go of the stream as closing the tab does.
        None => drop(browser.evaluate("location.href = 'about:blank'; true")),
    }
    poll("another tab to take the stream over", || {
        let mut held = usize::from(browser.evaluate(holds) == true);
        for (_, tab) in tabs.iter_mut() {
            held += usize::from(tab.evaluate(holds) == true);
        }
        (held == 1).then_some(())
    });
    let mut eleventh = browser.new_tab(&article);
    poll("the eleventh tab to load", || {
        loaded(&mut eleventh, "Mended words.").then_some(())
    });
    site.write(
        "content/articles/first.md",
        first_with("After the holder closed."),
    );
    poll("the edit in the eleventh tab", || {
        loaded(&mut eleventh, "After the holder closed.").then_some(())
    });
    for (i, (on_article, tab)) in tabs.iter_mut().enumerate() {
        if *on_article {
            poll(&format!("the last edit in tab {}", i + 2), || {
                loaded(tab, "After the holder closed.").then_some(())
            });
        }
    }
}

/// A tab that may have missed events (it loaded while another tab was
/// taking the shared stream over) asks whether its page is up to date:
/// only a change to what it shows, or a page of an earlier run of the
/// server, says no; a changed stylesheet says to swap the styles.
#[test]
fn a_page_that_missed_events_learns_whether_it_is_up_to_date() {
    let site = blog();
    let server = Server::start(site.root(), &[]);
    let contact = server.get("/contact/").body;
    let attribute = |name: &str| {
        let marker = format!("data-hearth-{name}=\"");
        let start = contact.find(&marker).expect(&marker) + marker.len();
        contact[start..].split('"').next().unwrap().to_string()
    };
    let (run, version) = (attribute("run"), attribute("version"));
    let ask = |page: &str, run: &str| -> serde_json::Value {
        let reply = server.get(&format!(
            "/__hearth/version?page={page}&run={run}&version={version}"
        ));
        assert_eq!(reply.status, 200, "{}", reply.body);
        serde_json::from_str(&reply.body).expect("JSON")
    };
    assert_eq!(ask("contact/index.html", &run)["fresh"], true);

    let events = server.events();
    site.write("content/articles/first.md", first_with("Missed words."));
    events.built_with("articles/index.html");
    let after_edit = ask("contact/index.html", &run);
    assert_eq!(after_edit["fresh"], true, "{after_edit}");
    assert_eq!(after_edit["styles"], false, "{after_edit}");
    assert!(after_edit["current"].as_u64() > version.parse().ok());
    assert_eq!(ask("articles/first/index.html", &run)["fresh"], false);
    assert_eq!(ask("articles/index.html", &run)["fresh"], false);
    assert_eq!(
        ask("contact/index.html", "1")["fresh"],
        false,
        "another run"
    );

    let css = site.path("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n/* missed */\n");
    std::fs::write(&css, text).unwrap();
    events.built_with("style.css");
    let after_styles = ask("contact/index.html", &run);
    assert_eq!(after_styles["fresh"], true, "{after_styles}");
    assert_eq!(after_styles["styles"], true, "{after_styles}");
}

/// Asserts that the next rebuild serves `page` alone, ahead of the rest.
fn assert_served_alone(events: &common::serve::Events, page: &str) {
    let first = events.next_named("built");
    assert_eq!(changed_files(&first), [page], "{}", first.data);
}

/// The changed files one `built` event lists.
fn changed_files(event: &common::serve::Event) -> Vec<String> {
    let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    data["changed"]
        .as_array()
        .map(|files| {
            files
                .iter()
                .filter_map(|f| f.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_new_title_tag_or_link_is_served_before_the_rest_of_the_site() {
    let site = blog();
    site.write(
        "content/articles/second.md",
        "---\ntitle: Second\ndescription: The second article.\ndate: 2026-01-03\ntags: [parts]\n---\nMore.\n",
    );
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    site.write(
        "content/articles/first.md",
        "---\ntitle: First steps, retitled\ndescription: The first article.\ndate: 2026-01-02\ntags: [parts, brand-new]\n---\nNow see [the second](second.md).\n",
    );
    // The article alone first, linked on its own; then the rest.
    assert_served_alone(&events, "articles/first/index.html");
    let rest = events.next_named("built");
    let changed = changed_files(&rest);
    assert!(
        changed.contains(&"articles/second/index.html".to_string()),
        "its backlink: {}",
        rest.data
    );
    assert!(
        changed.contains(&"tags/brand-new/index.html".to_string()),
        "{}",
        rest.data
    );
    let page = server.get("/articles/first/");
    let html = scraper::Html::parse_document(&page.body);
    let select = |css: &str| {
        let selector = scraper::Selector::parse(css).unwrap();
        html.select(&selector)
            .map(|e| e.value().attr("href").unwrap_or_default().to_string())
            .collect::<Vec<String>>()
    };
    assert!(page.body.contains("First steps, retitled"));
    assert!(select("a").contains(&"/articles/second/".to_string()));
    assert!(select("a").contains(&"/tags/brand-new/".to_string()));
}

#[test]
fn a_new_article_is_served_first_and_a_removed_one_is_gone_at_once() {
    let site = blog();
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    site.write(
        "content/articles/new.md",
        "---\ntitle: Brand new\ndescription: A new one.\ndate: 2026-02-01\n---\nFresh words.\n",
    );
    assert_served_alone(&events, "articles/new/index.html");
    server.wait_for_text("/articles/new/", "Fresh words.");
    let rest = events.next_named("built");
    assert!(
        changed_files(&rest).contains(&"articles/index.html".to_string()),
        "{}",
        rest.data
    );
    site.remove("content/articles/new.md");
    assert_served_alone(&events, "articles/new/index.html");
    server.wait_for_status("/articles/new/", 404);
    events.next_named("built");
    assert!(!server.get("/articles/").body.contains("Brand new"));
}

#[test]
fn the_search_index_is_made_when_asked_for_and_follows_the_edits() {
    let site = blog();
    let server = Server::start(site.root(), &[]);
    let count = |server: &Server| {
        let reply = server.get("/pagefind/pagefind-entry.json");
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert!(
            reply
                .header("content-type")
                .is_some_and(|t| t.starts_with("application/json"))
        );
        let entry: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        entry["languages"]["en"]["page_count"].as_u64().unwrap()
    };
    let before = count(&server);
    assert!(before >= 1);
    assert_eq!(server.get("/pagefind/no-such-file.js").status, 404);
    site.write(
        "content/articles/more.md",
        "---\ntitle: More\ndescription: Another.\ndate: 2026-02-01\n---\nWords to find.\n",
    );
    server.wait_for_text("/articles/more/", "Words to find.");
    poll("the index to hold the new article", || {
        (count(&server) == before + 1).then_some(())
    });
}
