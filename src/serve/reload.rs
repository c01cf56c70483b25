//! The live-reload script and its injection into served HTML. Only `serve`
//! calls this: the files `hearth build` writes never contain the script.
//! The open tabs of the preview share one event stream (one tab listens and
//! passes the events on), so any number of tabs fit in the few connections
//! a browser opens to one server.

use crate::markdown::escape;

/// The script, kept in its own file so it reads as JavaScript.
const SCRIPT: &str = include_str!("reload.js");

/// The path of the server-sent events the script listens to.
pub const EVENTS_PATH: &str = "/__hearth/events";

/// The path where a page asks whether it is up to date (the version in
/// the events' `hello`), without holding a connection open.
pub const VERSION_PATH: &str = "/__hearth/version";

/// The `<script>` element for the page served from output file `page`
/// (like `about/index.html`) at build `version` of the server's `run`.
pub fn script_tag(page: &str, run: u64, version: u64) -> String {
    format!(
        "<script data-hearth-page=\"{}\" data-hearth-run=\"{run}\" data-hearth-version=\"{version}\">\n{SCRIPT}</script>\n",
        escape(page)
    )
}

/// `html` with the reload script, and the error overlay when there is one,
/// inserted before its last `</body>` (or at its end when it has none).
pub fn inject(html: &[u8], page: &str, run: u64, version: u64, overlay: Option<&str>) -> Vec<u8> {
    let mut insert = String::new();
    if let Some(overlay) = overlay {
        insert.push_str(overlay);
    }
    insert.push_str(&script_tag(page, run, version));
    let at = find_last_body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + insert.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(insert.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The byte index of the last `</body>`, in any letter case.
fn find_last_body_end(html: &[u8]) -> Option<usize> {
    const NEEDLE: &[u8] = b"</body";
    html.windows(NEEDLE.len())
        .rposition(|window| window.eq_ignore_ascii_case(NEEDLE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_closing_body_tag() {
        let html = inject(
            b"<html><body><p>Hi</p></BODY></html>",
            "index.html",
            7,
            3,
            None,
        );
        let html = String::from_utf8(html).unwrap();
        let script = html
            .find("<script data-hearth-page=\"index.html\"")
            .unwrap();
        assert!(script < html.find("</BODY>").unwrap());
        assert!(html.contains("data-hearth-version=\"3\""));
        assert!(html.contains("data-hearth-run=\"7\""));
    }

    #[test]
    fn a_page_without_body_gets_the_script_at_its_end() {
        let html =
            String::from_utf8(inject(b"<p>Hi", "a.html", 1, 0, Some("<div>o</div>"))).unwrap();
        assert!(html.starts_with("<p>Hi<div>o</div><script"));
    }

    #[test]
    fn the_script_cannot_end_its_own_element() {
        assert!(!SCRIPT.contains("</script"));
        assert!(SCRIPT.contains(EVENTS_PATH));
        assert!(SCRIPT.contains(VERSION_PATH));
    }
}
