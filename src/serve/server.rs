//! The HTTP side of `serve`: pages from the in-memory output, the reload
//! events, redirects from `/path` to `/path/`, and the site's 404 page.
//! Nothing is read from disk, so no request path can reach a file outside
//! the site; odd paths (`..`, encoded dots, backslashes) are refused anyway.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use percent_encoding::percent_decode_str;
use tokio::sync::{broadcast, watch};
use tower_http::set_header::SetResponseHeaderLayer;

use super::overlay;
use super::reload::{EVENTS_PATH, inject, script_tag};
use super::site::{Shared, Snapshot};
use crate::output::SiteOutput;

#[derive(Clone)]
struct App {
    shared: Arc<Shared>,
    /// Becomes true when the server stops, to end the open event streams.
    stopping: watch::Receiver<bool>,
}

/// The routes: the reload events, and every other path from the site.
pub fn router(shared: Arc<Shared>, stopping: watch::Receiver<bool>) -> Router {
    let app = App { shared, stopping };
    Router::new()
        .route(EVENTS_PATH, get(events))
        // `get` answers HEAD too, without the body; other methods get 405.
        .fallback_service(get(page).with_state(app.clone()))
        .with_state(app)
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
pub fn resolve(raw: &str, output: &SiteOutput) -> Resolved {
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
        return if output.files.contains_key(&key) {
            Resolved::File(key)
        } else {
            Resolved::NotFound
        };
    }
    if output.files.contains_key(relative) {
        return Resolved::File(relative.to_string());
    }
    if output.files.contains_key(&format!("{relative}/index.html")) {
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
        let html = overlay::error_page(failure, &script_tag("", snapshot.version));
        return (StatusCode::INTERNAL_SERVER_ERROR, html_headers(), html).into_response();
    }
    match resolve(uri.path(), &snapshot.output) {
        Resolved::File(key) => file(&snapshot, &key, StatusCode::OK),
        Resolved::Redirect(location) => (
            // Temporary: the folder may become a file while editing.
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Resolved::NotFound => {
            if snapshot.output.files.contains_key("404.html") {
                file(&snapshot, "404.html", StatusCode::NOT_FOUND)
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

fn html_headers() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "text/html; charset=utf-8")]
}

/// One output file, with its content type; HTML gets the reload script
/// (and the overlay while the last rebuild failed).
fn file(snapshot: &Snapshot, key: &str, status: StatusCode) -> Response {
    let Some(bytes) = snapshot.file(key) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let content_type = content_type(key);
    if key.ends_with(".html") {
        let body = inject(bytes, key, snapshot.version, snapshot.failure.as_deref());
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

/// The reload events: `hello` with the version the page should be at first, then
/// `built` and `failed` after each rebuild, until the server stops.
/// A page says which it is and its version (`?page=about/index.html&version=3`),
/// so that it is not told to reload when nothing it shows changed.
async fn events(
    State(app): State<App>,
    Query(query): Query<HashMap<String, String>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the version, so no rebuild falls between.
    let receiver = app.shared.subscribe();
    let snapshot = app.shared.snapshot();
    let version = match (
        query.get("page"),
        query.get("version").and_then(|v| v.parse().ok()),
    ) {
        (Some(page), Some(version)) => snapshot.version_for(page, version),
        _ => snapshot.version,
    };
    let hello = hello_event(version);
    let stream = futures_util::stream::unfold(
        (Some(hello), receiver, app.stopping, app.shared),
        |(hello, mut receiver, mut stopping, shared)| async move {
            if let Some(hello) = hello {
                return Some((Ok(hello), (None, receiver, stopping, shared)));
            }
            loop {
                if *stopping.borrow() {
                    return None;
                }
                tokio::select! {
                    message = receiver.recv() => match message {
                        Ok(message) => {
                            let event = Event::default().event(message.name).data(message.data);
                            return Some((Ok(event), (None, receiver, stopping, shared)));
                        }
                        // Missed messages: a new `hello` makes the page
                        // compare its version with the current one.
                        Err(broadcast::error::RecvError::Lagged(_)) => {
                            let hello = hello_event(shared.snapshot().version);
                            return Some((Ok(hello), (None, receiver, stopping, shared)));
                        }
                        Err(broadcast::error::RecvError::Closed) => return None,
                    },
                    changed = stopping.changed() => if changed.is_err() {
                        return None;
                    },
                }
            }
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The event a page compares its own version with.
fn hello_event(version: u64) -> Event {
    Event::default()
        .event("hello")
        .data(serde_json::json!({ "version": version }).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output() -> SiteOutput {
        let mut output = SiteOutput::default();
        output.insert("index.html", "home");
        output.insert("about/index.html", "about");
        output.insert("style.css", "css");
        output
    }

    #[test]
    fn paths_resolve_to_files_redirects_or_nothing() {
        let output = output();
        assert_eq!(resolve("/", &output), Resolved::File("index.html".into()));
        assert_eq!(
            resolve("/about/", &output),
            Resolved::File("about/index.html".into())
        );
        assert_eq!(
            resolve("/about", &output),
            Resolved::Redirect("/about/".into())
        );
        assert_eq!(
            resolve("/style.css", &output),
            Resolved::File("style.css".into())
        );
        assert_eq!(
            resolve("/%61bout/", &output),
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
            assert_eq!(resolve(bad, &output), Resolved::NotFound, "{bad}");
        }
    }

    #[test]
    fn text_has_a_charset() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("photo.jpg"), "image/jpeg");
    }
}
