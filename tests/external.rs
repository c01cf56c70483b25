//! `hearth check --external` against a test server on 127.0.0.1 that answers
//! 200, 301, 404, 405 to HEAD, 429, 500, a redirect loop and a response
//! slower than the timeout (8 s: generous, so a busy machine does not time
//! out the fast answers; 30 s where no answer is slow), and against a
//! server that closes its connections unannounced. No other host is ever
//! contacted; the offline test only looks up `.invalid` names, which never
//! resolve.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::{Run, Site};
use serde_json::Value;
use tiny_http::{Header, Response, Server};

/// One request the server saw: method, path, and when it arrived.
type Logged = (String, String, Instant);

/// A local HTTP server; slow answers are held until it is dropped.
struct TestServer {
    server: Arc<Server>,
    base: String,
    log: Arc<Mutex<Vec<Logged>>>,
    release: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    fn start() -> TestServer {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("start the test server"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let base = format!("http://127.0.0.1:{port}");
        let log: Arc<Mutex<Vec<Logged>>> = Arc::default();
        let release: Arc<(Mutex<bool>, Condvar)> = Arc::default();
        let thread = {
            let (server, base, log, release) =
                (server.clone(), base.clone(), log.clone(), release.clone());
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    let method = request.method().to_string();
                    let path = request.url().to_string();
                    log.lock()
                        .unwrap()
                        .push((method.clone(), path.clone(), Instant::now()));
                    let (base, release) = (base.clone(), release.clone());
                    std::thread::spawn(move || {
                        let response = answer(&method, &path, &base, &release);
                        let _ = request.respond(response);
                    });
                }
            })
        };
        TestServer {
            server,
            base,
            log,
            release,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The requests for each path, as `METHOD` lists.
    fn requests(&self) -> BTreeMap<String, Vec<String>> {
        let mut requests: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (method, path, _) in self.log.lock().unwrap().iter() {
            requests
                .entry(path.clone())
                .or_default()
                .push(method.clone());
        }
        requests
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let (released, wake) = &*self.release;
        *released.lock().unwrap() = true;
        wake.notify_all();
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(
    method: &str,
    path: &str,
    base: &str,
    release: &(Mutex<bool>, Condvar),
) -> Response<std::io::Cursor<Vec<u8>>> {
    let text = |code: u16| Response::from_string(format!("status {code}")).with_status_code(code);
    let redirect = |to: &str| {
        text(301)
            .with_header(Header::from_bytes("Location", format!("{base}{to}")).expect("a header"))
    };
    match path.split('?').next().unwrap_or_default() {
        "/ok" => text(200),
        "/moved" => redirect("/ok"),
        "/loop" => redirect("/loop"),
        "/missing" => text(404),
        "/error" => text(500),
        "/busy" => text(429),
        "/no-head" if method == "HEAD" => text(405),
        "/no-head" => text(200),
        "/slow" => {
            // Held far longer than check's timeout, until the test ends.
            let (released, wake) = release;
            let guard = released.lock().unwrap();
            let _ = wake
                .wait_timeout_while(guard, Duration::from_secs(60), |released| !*released)
                .unwrap();
            text(200)
        }
        _ => text(404),
    }
}

/// Runs `hearth` in `dir` with no proxy settings, so that requests to
/// 127.0.0.1 go straight to the test server.
fn hearth_offline(dir: &Path, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hearth"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    for name in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(name);
    }
    let output = command.output().expect("run hearth");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A site whose article links to every kind of answer, once or twice each.
fn linking_site(server: &TestServer) -> Site {
    let site = Site::new();
    site.write(
        "content/referral.yaml",
        "title: When to see a therapist first\nscope: I am a coach.\ncriteria:\n  - { level: urgent, text: You have thoughts of suicide. }\nresources:\n  - { name: Lifeline, phone: \"988\" }\n",
    );
    site.write(
        "content/articles/_index.md",
        "---\ntitle: Articles\ndescription: Notes.\n---\nNotes.\n",
    );
    let body = format!(
        "---\ntitle: Links\ndescription: Links.\ndate: 2026-01-01\n---\nIntro.\n\n\
         - [fine]({ok}) and [fine again]({ok}#part)\n\
         - [moved]({moved})\n\
         - [missing]({missing})\n\
         - [error]({error})\n\
         - [slow]({slow})\n\
         - [no HEAD]({no_head})\n\
         - [busy]({busy})\n\
         - [loop]({looping})\n\
         - [mail](mailto:sam@test.example), [phone](tel:988), [ftp](ftp://127.0.0.1:1/ftp)\n",
        ok = server.url("/ok"),
        moved = server.url("/moved"),
        missing = server.url("/missing"),
        error = server.url("/error"),
        slow = server.url("/slow"),
        no_head = server.url("/no-head"),
        busy = server.url("/busy"),
        looping = server.url("/loop"),
    );
    site.write("content/articles/links.md", body);
    site.write(
        "content/comparisons/help.yaml",
        format!(
            "title: Two kinds of help\ndescription: Two kinds of help, side by side.\ncolumns:\n  - {{ id: a, label: A }}\n  - {{ id: b, label: B }}\nrows:\n  - {{ a: \"[one]({ok})\", b: Two }}\nsources:\n  - {{ title: Gone, url: \"{missing}\" }}\n",
            ok = server.url("/ok"),
            missing = server.url("/missing"),
        ),
    );
    site.write(
        "content/site.yaml",
        common::SITE_YAML.replace(
            "menu:\n",
            &format!(
                "menu:\n  - {{ label: Calendar, url: \"{}\" }}\n",
                server.url("/moved")
            ),
        ),
    );
    site
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
}

/// `check --external` with `extra` arguments, allowed to request the test
/// server, which is on 127.0.0.1.
fn check_against_server(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--external", "--private-addresses"];
    args.extend_from_slice(extra);
    hearth_offline(dir, &args)
}

/// `(code, severity, file:line:col)` of every diagnostic whose message names `path`.
fn about(report: &Value, server: &TestServer, path: &str) -> Vec<(String, String, String)> {
    let url = format!("`{}`", server.url(path));
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains(&url))
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                format!(
                    "{}:{}:{}",
                    d["file"].as_str().unwrap(),
                    d["line"],
                    d["column"]
                ),
            )
        })
        .collect()
}

fn strings(items: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn external_links_are_checked_and_reported_at_their_places() {
    let server = TestServer::start();
    let site = linking_site(&server);
    let started = Instant::now();
    let run = check_against_server(site.root(), &["--timeout", "8", "--format", "json"]);
    let elapsed = started.elapsed();
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let report = json(&run);

    assert_eq!(about(&report, &server, "/ok"), vec![], "{report:#}");
    assert_eq!(about(&report, &server, "/no-head"), vec![], "{report:#}");
    assert_eq!(
        about(&report, &server, "/moved"),
        strings(&[
            (
                "redirected-link",
                "warning",
                "content/articles/links.md:9:3"
            ),
            ("redirected-link", "warning", "content/site.yaml:7:30"),
        ]),
        "{report:#}"
    );
    let moved = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "redirected-link")
        .unwrap();
    assert!(
        moved["message"]
            .as_str()
            .unwrap()
            .ends_with(&format!("redirects to {}", server.url("/ok"))),
        "{moved:#}"
    );
    assert_eq!(
        about(&report, &server, "/missing"),
        strings(&[
            (
                "broken-external-link",
                "error",
                "content/articles/links.md:10:3"
            ),
            (
                "broken-external-link",
                "error",
                "content/comparisons/help.yaml:9:26"
            ),
        ]),
        "{report:#}"
    );
    assert_eq!(
        about(&report, &server, "/error"),
        strings(&[(
            "broken-external-link",
            "error",
            "content/articles/links.md:11:3"
        )])
    );
    assert!(
        report
            .to_string()
            .contains("answered 500 Internal Server Error"),
        "{report:#}"
    );
    assert_eq!(
        about(&report, &server, "/slow"),
        strings(&[(
            "unchecked-external-link",
            "warning",
            "content/articles/links.md:12:3"
        )])
    );
    assert_eq!(
        about(&report, &server, "/busy"),
        strings(&[(
            "unchecked-external-link",
            "warning",
            "content/articles/links.md:14:3"
        )])
    );
    assert_eq!(
        about(&report, &server, "/loop"),
        strings(&[(
            "broken-external-link",
            "error",
            "content/articles/links.md:15:3"
        )])
    );
    assert_eq!(report["errors"], 4, "{report:#}");
    assert_eq!(report["warnings"], 4, "{report:#}");

    // Each address is asked once (HEAD, and GET only when HEAD failed),
    // whatever the number of links to it; only http(s) is requested.
    let requests = server.requests();
    // /ok is linked three times, and once more reached through /moved.
    assert_eq!(requests["/ok"], ["HEAD", "HEAD"], "{requests:?}");
    assert_eq!(requests["/moved"], ["HEAD"], "{requests:?}");
    assert_eq!(requests["/no-head"], ["HEAD", "GET"], "{requests:?}");
    assert_eq!(requests["/missing"], ["HEAD", "GET"], "{requests:?}");
    assert_eq!(
        requests["/slow"],
        ["HEAD"],
        "a timeout is not retried: {requests:?}"
    );
    assert!(!requests.contains_key("/ftp"), "{requests:?}");
    // The slow answer is held for a minute; the timeout of 8 s cut it short.
    assert!(elapsed < Duration::from_secs(45), "took {elapsed:?}");
}

#[test]
fn the_text_report_names_the_place_and_the_answer() {
    let server = TestServer::start();
    let site = linking_site(&server);
    let run = check_against_server(site.root(), &["--timeout", "8"]);
    run.assert_error(&[
        "error[broken-external-link]",
        "content/articles/links.md:10:3",
        "answered 404 Not Found",
        "warning[redirected-link]",
        "warning[unchecked-external-link]",
        "did not answer within 8 seconds",
        "the check found 4 errors and 4 warnings",
    ]);
}

/// By default no link to a private address (here the test server on
/// 127.0.0.1, as an intranet server or a cloud's metadata service would
/// be) is requested: each is a warning saying why, and `check` passes.
#[test]
fn links_to_private_addresses_are_not_requested_by_default() {
    let server = TestServer::start();
    let site = Site::new();
    site.write(
        "content/inside.md",
        format!(
            "---\ntitle: Inside\ndescription: Links to a private network.\n---\n[one]({}) and [two](http://localhost:9/x) and [three](http://[::1]:9/)\n",
            server.url("/ok")
        ),
    );
    let run = hearth_offline(site.root(), &["check", "--external", "--format", "json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = json(&run);
    let private: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unchecked-external-link")
        .filter_map(|d| d["message"].as_str())
        .filter(|message| message.contains("an address on a private network"))
        .collect();
    assert_eq!(private.len(), 3, "{report:#}");
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[test]
fn without_external_no_request_is_made() {
    let server = TestServer::start();
    let site = linking_site(&server);
    let run = hearth_offline(site.root(), &["check"]);
    run.assert_success();
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[test]
fn links_are_checked_concurrently_by_a_bounded_pool() {
    let server = TestServer::start();
    let site = Site::new();
    let links: String = (0..12)
        .map(|n| format!("- [slow {n}]({})\n", server.url(&format!("/slow?{n}"))))
        .collect();
    site.write(
        "content/slow.md",
        format!("---\ntitle: Slow\ndescription: x\n---\n{links}"),
    );
    let run = check_against_server(site.root(), &["--timeout", "6", "--format", "json"]);
    assert_eq!(
        json(&run)["warnings"].as_u64(),
        Some(12 + 1),
        "{}",
        run.stdout
    );
    let log = server.log.lock().unwrap().clone();
    assert_eq!(log.len(), 12, "{log:?}");
    // Each request waits 6 s for its timeout, so those that arrive within
    // 3 s of the first were in flight together: several, at most the pool's 8.
    let first = log.iter().map(|(_, _, at)| *at).min().unwrap();
    let first_wave = log
        .iter()
        .filter(|(_, _, at)| at.duration_since(first) < Duration::from_secs(3))
        .count();
    assert!(
        (2..=8).contains(&first_wave),
        "{first_wave} requests were in flight at once"
    );
}

/// A server that answers one request per connection and closes it when a
/// second one comes, without having said `Connection: close`, as some
/// servers do: HEAD to
/// `/no-head` is 405 (GET is 200), `/moved` redirects to `/ok` on the same
/// server. Records `METHOD /path` of every request.
struct ClosingServer {
    base: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl ClosingServer {
    fn start() -> ClosingServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("start the test server");
        let port = listener.local_addr().expect("an address").port();
        let base = format!("http://127.0.0.1:{port}");
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let (thread_log, thread_base) = (log.clone(), base.clone());
        // Ends with the test process; each connection is answered on its own thread.
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, base) = (thread_log.clone(), thread_base.clone());
                std::thread::spawn(move || answer_and_close(stream, &log, &base));
            }
        });
        ClosingServer { base, log }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

fn answer_and_close(mut stream: std::net::TcpStream, log: &Mutex<Vec<String>>, base: &str) {
    use std::io::{Read, Write};
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    let mut request = Vec::new();
    let mut buffer = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    let request = String::from_utf8_lossy(&request).into_owned();
    let mut words = request.split_whitespace();
    let (method, path) = (
        words.next().unwrap_or_default().to_string(),
        words.next().unwrap_or_default().to_string(),
    );
    log.lock().unwrap().push(format!("{method} {path}"));
    let (status, extra) = match (method.as_str(), path.as_str()) {
        ("HEAD", "/no-head") => ("405 Method Not Allowed", String::new()),
        (_, "/moved") => ("301 Moved Permanently", format!("Location: {base}/ok\r\n")),
        (_, "/no-head" | "/ok") => ("200 OK", String::new()),
        _ => ("404 Not Found", String::new()),
    };
    let body = if method == "HEAD" { "" } else { "hello" };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: 5\r\nContent-Type: text/plain\r\n\r\n{body}"
    );
    let _ = stream.flush();
    // Without `Connection: close`, the client may send the next request on
    // this connection: it is read, not answered, and the connection closed
    // (with that request unanswered, the client sees it reset).
    let _ = stream.read(&mut buffer);
}

/// A server that refuses HEAD with 405 and closes the connection: the GET
/// used to go out on that closed connection, fail, and leave the 405 as a
/// broken link; a redirect on such a server was "Connection reset by
/// peer". Both are asked again with GET on a fresh connection.
#[test]
fn a_server_that_closes_after_each_answer_is_checked_on_fresh_connections() {
    let server = ClosingServer::start();
    let site = Site::new();
    site.write(
        "content/links.md",
        format!(
            "---\ntitle: Links\ndescription: Links.\n---\n[no HEAD]({}) and [moved]({}) and [fine]({}).\n",
            server.url("/no-head"),
            server.url("/moved"),
            server.url("/ok"),
        ),
    );
    let run = check_against_server(site.root(), &["--timeout", "30", "--format", "json"]);
    let report = json(&run);
    let found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains(&server.base))
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "redirected-link".to_string(),
            format!(
                "`{}` redirects to {}",
                server.url("/moved"),
                server.url("/ok")
            )
        )],
        "{report:#}\n{:?}",
        server.requests()
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let requests = server.requests();
    assert!(
        requests.contains(&"GET /no-head".to_string()),
        "{requests:?}"
    );
}

/// Offline, every link failed "failed to lookup address information": one
/// error per link, and the check failed. When no host can be looked up,
/// not even one that always exists, that is one warning that says the
/// network is unreachable. (`.invalid` names never resolve, online or
/// off, so the probe stands in for an offline computer.)
#[test]
fn offline_every_link_is_one_warning_about_the_network() {
    let site = Site::new();
    site.write(
        "content/links.md",
        "---\ntitle: Links\ndescription: Links.\n---\n[one](https://one.invalid/a), [two](http://two.invalid/b), [three](https://three.invalid/).\n",
    );
    let options = hearth::config::BuildOptions {
        root: site.root().to_path_buf(),
        ..Default::default()
    };
    let attempt = hearth::build::run_pipeline(&options);
    let (config, linked) = (attempt.config.unwrap(), attempt.site.unwrap());
    let external = hearth::external::ExternalOptions {
        timeout: Duration::from_secs(60),
        probe_host: "probe.invalid".to_string(),
        ..Default::default()
    };
    let (found, checked) = hearth::external::check_external_links(&config, &linked, &external);
    assert_eq!(checked, 0, "none could be checked");
    let found: Vec<(&str, String, bool)> = found
        .iter()
        .map(|d| {
            (
                d.code,
                d.message.clone(),
                d.severity == hearth::diagnostic::Severity::Warning,
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "unchecked-external-link",
            "no external link could be checked: the network seems to be unreachable (no host could be looked up, not even probe.invalid)".to_string(),
            true
        )]
    );
}
