//! Absolute URLs, read the way browsers read them. Every stage that must
//! tell an address from a content path, check a `base_url` or request an
//! external link asks this module, so there is one parser for absolute
//! URLs: the `url` crate, which follows the WHATWG URL Standard that
//! browsers implement. Hand-written prefix checks disagreed with browsers
//! (and with each other) on case, ports, international domain names and
//! stray slashes.

use url::{ParseError, Url};

/// The path of an absolute `http(s)` URL, as written and without a
/// trailing slash (`""` at a domain's root, `"/practice"` under a
/// sub-path); `None` when `url` is not such a URL, or not one a site can
/// live at: one with a user name or password, a query or a fragment, a
/// path that a browser rewrites (`/a/../b`, `a.example\x`), or a path
/// starting with `//`, which a link would read as another host.
///
/// The path is returned as written (a space or an `ü` stays as it is),
/// because every page's URL is the written `base_url` followed by a path:
/// the result is always a suffix of `url` without its trailing slashes.
pub fn base_path(url: &str) -> Option<String> {
    // The parser drops what a written `base_url` would keep: spaces around
    // it, tabs and newlines anywhere.
    if url.trim() != url || url.chars().any(char::is_control) {
        return None;
    }
    let parsed = Url::parse(url).ok()?;
    let fit = matches!(parsed.scheme(), "http" | "https")
        && parsed.host_str().is_some_and(|host| !host.is_empty())
        && parsed.username().is_empty()
        && parsed.password().is_none()
        && parsed.query().is_none()
        && parsed.fragment().is_none();
    if !fit {
        return None;
    }
    // The parser has read `scheme://authority/path`; find the path as
    // written, to compare it with the parser's.
    let (_, rest) = url.split_once("://")?;
    let written = rest.find('/').map_or("", |slash| &rest[slash..]);
    let written = written.trim_end_matches('/');
    let kept = parsed.path().trim_end_matches('/');
    // The parser percent-encodes what must be (a space, an `ü`); any
    // other difference means the browser goes elsewhere than written.
    let same = percent_encoding::percent_decode_str(written)
        .eq(percent_encoding::percent_decode_str(kept));
    (same && !written.starts_with("//")).then(|| written.to_string())
}

/// True when `dest` starts with a URL scheme (`https:`, `mailto:`, `tel:`):
/// an address to leave as it is, not a path to a content file. A scheme is
/// a letter, then letters, digits, `+`, `-` or `.`, then a colon; an
/// address with a scheme but a broken rest (`https://exa mple.org`) still
/// has one.
pub fn has_scheme(dest: &str) -> bool {
    !matches!(Url::parse(dest), Err(ParseError::RelativeUrlWithoutBase))
}

/// True when `dest` is a `javascript:` or `vbscript:` address, read as a
/// browser reads it (`JavaScript:`, `java\tscript:`): code, not a place.
pub fn runs_script(dest: &str) -> bool {
    Url::parse(dest.trim()).is_ok_and(|url| matches!(url.scheme(), "javascript" | "vbscript"))
}

/// True when `text` is a whole, valid `http` or `https` address with a host.
pub fn is_web_address(text: &str) -> bool {
    Url::parse(text.trim()).is_ok_and(|url| {
        matches!(url.scheme(), "http" | "https")
            && url.host_str().is_some_and(|host| !host.is_empty())
    })
}

/// True when `text` is an `http` or `https` address, valid or not: what
/// `check --external` requests (or reports as invalid).
pub fn is_web(text: &str) -> bool {
    match Url::parse(text) {
        Ok(url) => matches!(url.scheme(), "http" | "https"),
        Err(ParseError::RelativeUrlWithoutBase) => false,
        // The parser found a scheme but could not read the rest: the
        // scheme is what comes before the first colon.
        Err(_) => text
            .trim_start()
            .split_once(':')
            .is_some_and(|(scheme, _)| {
                scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
            }),
    }
}

/// `text` up to its `#fragment`, which a server never sees: the fragment
/// starts at the first `#`, wherever it is.
pub fn without_fragment(text: &str) -> &str {
    text.split_once('#').map_or(text, |(before, _)| before)
}

/// The address to send a request to for `text`, as a browser would send
/// it: without the fragment, the host in ASCII (`xn--` for international
/// domain names), the path percent-encoded. An error, in plain words, when
/// `text` is not a valid absolute URL.
pub fn request_form(text: &str) -> Result<String, String> {
    match Url::parse(text) {
        Ok(mut url) => {
            url.set_fragment(None);
            Ok(url.into())
        }
        Err(error) => Err(error.to_string()),
    }
}

/// True when `a` and `b` are the same address, fragments aside, as a
/// browser compares them: `https://A.example:443` is `https://a.example/`.
/// Addresses that do not parse are equal only when written alike.
pub fn same_address(a: &str, b: &str) -> bool {
    match (request_form(a), request_form(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => without_fragment(a) == without_fragment(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_of_absolute_http_urls() {
        assert_eq!(base_path("https://a.example").as_deref(), Some(""));
        assert_eq!(base_path("https://a.example/").as_deref(), Some(""));
        assert_eq!(
            base_path("https://a.example/practice/").as_deref(),
            Some("/practice")
        );
        assert_eq!(
            base_path("http://a.example:8080/a/b").as_deref(),
            Some("/a/b")
        );
        assert_eq!(base_path("HTTPS://A.example/x").as_deref(), Some("/x"));
        assert_eq!(base_path("https://bücher.example").as_deref(), Some(""));
        assert_eq!(base_path("http://[::1]:1111/x").as_deref(), Some("/x"));
        // Written as they are: the parser only percent-encodes these.
        assert_eq!(
            base_path("https://a.example/übung").as_deref(),
            Some("/übung")
        );
        assert_eq!(
            base_path("https://a.example/%7Esam").as_deref(),
            Some("/%7Esam")
        );
    }

    #[test]
    fn urls_a_site_cannot_live_at_have_no_base_path() {
        for url in [
            "harbor",
            "/practice",
            "ftp://a.example",
            "mailto:sam@a.example",
            "https://",
            "https:///x",
            "https://a b.example",
            "https://a.example:99999",
            "https://sam:secret@a.example",
            "https://a.example/?x",
            "https://a.example/x#y",
            "https://a.example/a/../b",
            "https://a.example/a/%2e%2e/b",
            "https://a.example\\x",
            "https://a.example//x",
            " https://a.example",
            "https://a.example ",
            "https://a.exa\tmple",
            "https://a.example/a\nb",
        ] {
            assert_eq!(base_path(url), None, "{url}");
        }
    }

    #[test]
    fn schemes_are_found_as_browsers_find_them() {
        for dest in [
            "https://x",
            "HTTP://x",
            "mailto:a@b",
            "tel:988",
            "c+d.e-f:x",
            "https://exa mple.org",
            "https:",
        ] {
            assert!(has_scheme(dest), "{dest}");
        }
        for dest in [
            "notes.md",
            "a/b:c.md",
            "../about.md#x",
            "//host/x",
            "1a:x",
            "#top",
            "",
        ] {
            assert!(!has_scheme(dest), "{dest}");
        }
    }

    #[test]
    fn web_addresses_are_http_and_https_even_when_broken() {
        assert!(is_web("https://a.example"));
        assert!(is_web("HTTP://a.example/x"));
        assert!(is_web("https://exa mple.org"));
        assert!(is_web("http://a.example:99999/"));
        assert!(!is_web("mailto:sam@a.example"));
        assert!(!is_web("ftp://a.example"));
        assert!(!is_web("/about/"));
        assert!(!is_web("http.md"));
    }

    #[test]
    fn requests_go_where_a_browser_goes() {
        assert_eq!(
            request_form("https://Bücher.example/café?q=1#part").as_deref(),
            Ok("https://xn--bcher-kva.example/caf%C3%A9?q=1")
        );
        assert_eq!(
            request_form("https://a.example").as_deref(),
            Ok("https://a.example/")
        );
        assert_eq!(
            request_form("https://exa mple.org"),
            Err("invalid international domain name".to_string())
        );
        assert_eq!(
            without_fragment("https://a.example/x#p#q"),
            "https://a.example/x"
        );
    }

    #[test]
    fn addresses_compare_as_browsers_read_them() {
        assert!(same_address("https://a.example/", "https://a.example"));
        assert!(same_address(
            "https://A.example:443/x",
            "https://a.example/x"
        ));
        assert!(same_address(
            "https://a.example/x#part",
            "https://a.example/x"
        ));
        assert!(!same_address("https://a.example/x/", "https://a.example/x"));
        assert!(!same_address("http://a.example/", "https://a.example/"));
        assert!(same_address("https://exa mple", "https://exa mple"));
    }
}
