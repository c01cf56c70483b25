//! The HTTP side of `serve`: pages from the in-memory output, the reload
//! events and the version check beside them, redirects from `/path` to
//! `/path/`, and the site's 404 page.
//! Nothing is read from disk, so no request path can reach a file outside
//! the site; odd paths (`..`, encoded dots, backslashes) are refused anyway.
//! Only requests addressed to the preview itself are answered (see
//! [`Hosts`]), so a web page cannot read it through DNS rebinding.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use percent_encoding::percent_decode_str;
use tokio::sync::{broadcast, watch};
use tower_http::set_header::SetResponseHeaderLayer;

use super::overlay;
use super::reload::{EVENTS_PATH, VERSION_PATH, inject, script_tag};
use super::site::{Freshness, Message, Shared, Snapshot};

#[derive(Clone)]
struct App {
    shared: Arc<Shared>,
    /// Becomes true when the server stops, to end the open event streams.
    stopping: watch::Receiver<bool>,
}

/// The `Host` headers the preview answers: a request for any other host
/// reached it by a trick (a name of the attacker's that resolves to this
/// computer, DNS rebinding) and gets 421 Misdirected Request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hosts {
    /// Listening on every address (`--bind 0.0.0.0`): the user asked for
    /// the preview to be seen from other computers, by any name.
    Any,
    /// `localhost`, `127.0.0.1`, `[::1]` and the address listened on, with
    /// the port listened on (which may be left out when it is 80).
    Only { bind: IpAddr, port: u16 },
}

impl Hosts {
    /// What a server listening on `bind`, port `port`, answers.
    pub fn for_address(bind: IpAddr, port: u16) -> Hosts {
        if bind.is_unspecified() {
            Hosts::Any
        } else {
            Hosts::Only { bind, port }
        }
    }

    /// Whether a request with this `Host` header (`None`: without one) is
    /// addressed to the preview.
    pub fn allows(&self, host: Option<&str>) -> bool {
        let Hosts::Only { bind, port } = self else {
            return true;
        };
        let Some(host) = host else {
            return false;
        };
        // `name`, `name:port`, `[v6]` or `[v6]:port`.
        let (name, given_port) = match host.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((inside, "")) => (inside, None),
                Some((inside, after)) => match after.strip_prefix(':') {
                    Some(digits) => (inside, Some(digits)),
                    None => return false,
                },
                None => return false,
            },
            None => match host.rsplit_once(':') {
                Some((name, digits)) => (name, Some(digits)),
                None => (host, None),
            },
        };
        let port_matches = match given_port {
            None => *port == 80,
            Some(digits) => digits.parse::<u16>().is_ok_and(|given| given == *port),
        };
        let name_matches = if host.starts_with('[') {
            name.parse::<Ipv6Addr>()
                .is_ok_and(|ip| ip == Ipv6Addr::LOCALHOST || IpAddr::V6(ip) == *bind)
        } else {
            name.eq_ignore_ascii_case("localhost")
                || name
                    .parse::<Ipv4Addr>()
                    .is_ok_and(|ip| ip == Ipv4Addr::LOCALHOST || IpAddr::V4(ip) == *bind)
        };
        port_matches && name_matches
    }
}

/// The routes: the reload events, and every other path from the site, for
/// requests addressed to one of `hosts`.
pub fn router(shared: Arc<Shared>, stopping: watch::Receiver<bool>, hosts: Hosts) -> Router {
    let app = App { shared, stopping };
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(VERSION_PATH, get(version))
        // `get` answers HEAD too, without the body; other methods get 405.
        .fallback_service(get(page).with_state(app.clone()))
        .with_state(app)
        .layer(axum::middleware::from_fn_with_state(hosts, check_host))
        // A preview must never show a stale page from the browser's cache.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// Answers 421 to a request not addressed to the preview (see [`Hosts`]).
async fn check_host(State(hosts): State<Hosts>, request: Request, next: Next) -> Response {
    let host = host_header(request.headers());
    if hosts.allows(host) {
        return next.run(request).await;
    }
    let message = match &hosts {
        Hosts::Only { bind, port } => format!(
            "This is the preview of `hearth serve`, which answers only at http://{}/ (or localhost), not at {}.\n",
            std::net::SocketAddr::new(*bind, *port),
            host.unwrap_or("an address without a Host header")
        ),
        Hosts::Any => String::new(),
    };
    (
        StatusCode::MISDIRECTED_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// The request's `Host` header, when it has one that is text.
fn host_header(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
}

/// Where a request path leads in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// The output file with this key.
    File(String),
    /// A folder asked for without its slash: redirect here.
    Redirect(String),
    /// Nothing, or a path that could only mean to leave the site.
    NotFound,
}

/// Resolves the raw (still percent-encoded) path of a request.
pub fn resolve(raw: &str, exists: &dyn Fn(&str) -> bool) -> Resolved {
    let Ok(decoded) = percent_decode_str(raw).decode_utf8() else {
        return Resolved::NotFound;
    };
    if decoded.contains(['\\', '\0']) || !decoded.starts_with('/') {
        return Resolved::NotFound;
    }
    let relative = &decoded[1..];
    let segments: Vec<&str> = relative.split('/').collect();
    let last = segments.len() - 1;
    let clean = segments.iter().enumerate().all(|(i, segment)| {
        *segment != "." && *segment != ".." && (i == last || !segment.is_empty())
    });
    if !clean {
        return Resolved::NotFound;
    }
    if relative.is_empty() || relative.ends_with('/') {
        let key = format!("{relative}index.html");
        return if exists(&key) {
            Resolved::File(key)
        } else {
            Resolved::NotFound
        };
    }
    if exists(relative) {
        return Resolved::File(relative.to_string());
    }
    if exists(&format!("{relative}/index.html")) {
        // Built from the checked path, so it starts with exactly one slash
        // and cannot lead to another host.
        return Resolved::Redirect(format!("/{}/", raw.trim_start_matches('/')));
    }
    Resolved::NotFound
}

async fn page(State(app): State<App>, uri: Uri) -> Response {
    let snapshot = app.shared.snapshot();
    if snapshot.output.files.is_empty()
        && let Some(failure) = &snapshot.failure
    {
        // No build has succeeded yet: the errors are all there is to show.
        let html =
            overlay::error_page(failure, &script_tag("", app.shared.run(), snapshot.version));
        return (StatusCode::INTERNAL_SERVER_ERROR, html_headers(), html).into_response();
    }
    let key = uri.path().trim_start_matches('/');
    if snapshot.is_search_file(key) {
        return search_file(snapshot, key.to_string()).await;
    }
    match resolve(uri.path(), &|key| snapshot.file(key).is_some()) {
        Resolved::File(key) => file(&app.shared, &snapshot, &key, StatusCode::OK),
        Resolved::Redirect(location) => (
            // Temporary: the folder may become a file while editing.
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Resolved::NotFound => {
            let not_found = crate::paths::output_file(crate::paths::NOT_FOUND);
            if snapshot.output.files.contains_key(&not_found) {
                file(&app.shared, &snapshot, &not_found, StatusCode::NOT_FOUND)
            } else {
                (
                    StatusCode::NOT_FOUND,
                    [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                    "Not found\n",
                )
                    .into_response()
            }
        }
    }
}

/// A file of the search index, made first if this is the first request for
/// one since the last rebuild: on a thread of its own, as indexing a large
/// site takes seconds and the server goes on answering meanwhile.
async fn search_file(snapshot: Arc<Snapshot>, key: String) -> Response {
    let content_type = content_type(&key);
    let made = tokio::task::spawn_blocking(move || snapshot.search_file(&key).cloned()).await;
    match made {
        Ok(Some(bytes)) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, content_type)],
            bytes,
        )
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

fn html_headers() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "text/html; charset=utf-8")]
}

/// One output file, with its content type; HTML gets the reload script
/// (and the overlay while the last rebuild failed).
fn file(shared: &Shared, snapshot: &Snapshot, key: &str, status: StatusCode) -> Response {
    let Some(bytes) = snapshot.file(key) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let content_type = content_type(key);
    if key.ends_with(".html") {
        let body = inject(
            bytes,
            key,
            shared.run(),
            snapshot.version,
            snapshot.failure.as_deref(),
        );
        (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
    } else {
        (
            status,
            [(header::CONTENT_TYPE, content_type)],
            bytes.clone(),
        )
            .into_response()
    }
}

/// The `Content-Type` of an output file, from its extension; text in UTF-8.
pub fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "application/javascript"
                | "application/json"
                | "application/xml"
                | "application/atom+xml"
                | "application/rss+xml"
                | "image/svg+xml"
        );
    if textual {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    }
}

/// The page (output file) and version a request names
/// (`?page=about/index.html&run=1&version=3`), when it names both and the
/// version is of this run of the server (a page from an earlier run is not
/// up to date, whatever its version).
fn page_and_version(shared: &Shared, query: &HashMap<String, String>) -> Option<(String, u64)> {
    let page = query.get("page")?;
    let version = query.get("version")?.parse().ok()?;
    let run: u64 = query.get("run")?.parse().ok()?;
    (run == shared.run()).then(|| (page.clone(), version))
}

/// Whether the page named by the query is up to date (see
/// [`Shared::freshness`]); a page not named cannot be.
fn freshness(shared: &Shared, page: Option<&(String, u64)>) -> Freshness {
    match page {
        Some((page, version)) => shared.freshness(page, *version),
        None => shared.stale(),
    }
}

/// `{"fresh", "current", "styles"}`: a tab that does not hold the shared
/// event stream asks when it may have missed events; it reloads unless
/// `fresh`.
async fn version(State(app): State<App>, Query(query): Query<HashMap<String, String>>) -> Response {
    let page = page_and_version(&app.shared, &query);
    (
        [(header::CONTENT_TYPE, "application/json")],
        freshness(&app.shared, page.as_ref()).json(),
    )
        .into_response()
}

/// One open event stream: what it has to send next, and the page at the
/// other end with the last version it was told of.
struct Listener {
    hello: Option<Event>,
    receiver: broadcast::Receiver<Message>,
    stopping: watch::Receiver<bool>,
    shared: Arc<Shared>,
    page: Option<(String, u64)>,
}

/// The reload events: `hello` (whether the page is up to date, see
/// [`Shared::freshness`]) first, then `built` and `failed` after each
/// rebuild, until the server stops. A page says which it is and its
/// version (`?page=about/index.html&version=3`), so that it is not told to
/// reload when nothing it shows changed.
async fn events(
    State(app): State<App>,
    Query(query): Query<HashMap<String, String>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the version, so no rebuild falls between.
    let receiver = app.shared.subscribe();
    let page = page_and_version(&app.shared, &query);
    let hello = hello_event(freshness(&app.shared, page.as_ref()));
    let listener = Listener {
        hello: Some(hello),
        receiver,
        stopping: app.stopping,
        shared: app.shared,
        page,
    };
    let stream = futures_util::stream::unfold(listener, |mut listener| async move {
        if let Some(hello) = listener.hello.take() {
            return Some((Ok(hello), listener));
        }
        loop {
            if *listener.stopping.borrow() {
                return None;
            }
            tokio::select! {
                message = listener.receiver.recv() => match message {
                    Ok(message) => {
                        if let Some((_, version)) = &mut listener.page {
                            *version = message.version;
                        }
                        let event = Event::default().event(message.name).data(message.data);
                        return Some((Ok(event), listener));
                    }
                    // Missed messages: a new `hello` tells the page whether
                    // it is still up to date.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        let hello = hello_event(freshness(&listener.shared, listener.page.as_ref()));
                        return Some((Ok(hello), listener));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                changed = listener.stopping.changed() => if changed.is_err() {
                    return None;
                },
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The event that tells a page whether it is up to date.
fn hello_event(freshness: Freshness) -> Event {
    Event::default().event("hello").data(freshness.json())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output() -> crate::output::SiteOutput {
        let mut output = crate::output::SiteOutput::default();
        output.insert("index.html", "home");
        output.insert("about/index.html", "about");
        output.insert("style.css", "css");
        output
    }

    #[test]
    fn paths_resolve_to_files_redirects_or_nothing() {
        let output = output();
        assert_eq!(
            resolve("/", &|key| output.files.contains_key(key)),
            Resolved::File("index.html".into())
        );
        assert_eq!(
            resolve("/about/", &|key| output.files.contains_key(key)),
            Resolved::File("about/index.html".into())
        );
        assert_eq!(
            resolve("/about", &|key| output.files.contains_key(key)),
            Resolved::Redirect("/about/".into())
        );
        assert_eq!(
            resolve("/style.css", &|key| output.files.contains_key(key)),
            Resolved::File("style.css".into())
        );
        assert_eq!(
            resolve("/%61bout/", &|key| output.files.contains_key(key)),
            Resolved::File("about/index.html".into())
        );
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/",
            "/..%2f",
            "/%2e%2e%5cCargo.toml",
            "/about/..",
            "/about\\..\\x",
            "//about/",
            "/./about/",
            "/%ff",
            "/%00",
            "about/",
        ] {
            assert_eq!(
                resolve(bad, &|key| output.files.contains_key(key)),
                Resolved::NotFound,
                "{bad}"
            );
        }
    }

    #[test]
    fn only_the_previews_own_addresses_are_answered() {
        let local = Hosts::for_address(IpAddr::V4(Ipv4Addr::LOCALHOST), 1111);
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:1111",
        ] {
            assert!(local.allows(Some(host)), "{host}");
        }
        for host in [
            "evil.example:1111",
            "evil.example",
            "localhost:1112",
            "localhost",
            "127.0.0.1",
            "127.0.0.1:1111:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.evil.example:1111",
            "192.168.1.5:1111",
            "[::1]",
            "[::1:1111",
            "[::2]:1111",
            "",
        ] {
            assert!(!local.allows(Some(host)), "{host}");
        }
        assert!(!local.allows(None));
        // Port 80 may be left out, as browsers do.
        let port_80 = Hosts::for_address(IpAddr::V4(Ipv4Addr::LOCALHOST), 80);
        assert!(port_80.allows(Some("localhost")));
        // The address listened on counts too.
        let lan = Hosts::for_address("192.168.1.5".parse().unwrap(), 1111);
        assert!(lan.allows(Some("192.168.1.5:1111")));
        assert!(!lan.allows(Some("evil.example:1111")));
        let lan6 = Hosts::for_address("fe80::1".parse().unwrap(), 1111);
        assert!(lan6.allows(Some("[fe80::1]:1111")));
        // Every address: the user asked to be seen by any name.
        let any = Hosts::for_address(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 1111);
        assert_eq!(any, Hosts::Any);
        assert!(any.allows(Some("evil.example")));
        assert!(Hosts::for_address(IpAddr::V6(Ipv6Addr::UNSPECIFIED), 1111).allows(None));
    }

    #[test]
    fn text_has_a_charset() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("photo.jpg"), "image/jpeg");
    }
}
