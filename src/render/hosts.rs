//! The files static hosts read beside the site: `_redirects` (each alias as
//! a permanent redirect) and `_headers` (security headers and cache
//! lifetimes), in the format Netlify and Cloudflare Pages read.
//! docs/deploy.md says which host reads which, and what the others do.

use std::fmt::Write as _;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::config::SiteConfig;
use crate::link::LinkedSite;
use crate::paths;

/// The Content-Security-Policy of every file: only the site itself, with
/// no inline script or style, since the default theme uses neither (its
/// JSON-LD `<script type="application/ld+json">` is a data block, which
/// CSP does not govern as it never runs). `data:` pictures are allowed, as
/// markdown and themes inline small icons that way.
///
/// Later features extend this list exactly as far as they need and no
/// further: site search loads its own script and index (`'self'` already
/// covers them) and compiles WebAssembly; a form that posts to a service adds that service's origin
/// to `form-action` only. Nothing here gets `'unsafe-inline'`.
pub const CONTENT_SECURITY_POLICY: &[(&str, &str)] = &[
    ("default-src", "'self'"),
    ("img-src", "'self' data:"),
    ("style-src", "'self'"),
    ("script-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
];

/// The headers every response gets: the policy above, and the usual safe
/// defaults (no MIME sniffing, no referrer to other sites beyond the
/// origin, no camera, microphone or location, no framing by other sites).
const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=()",
    ),
    ("X-Frame-Options", "DENY"),
];

/// Files named by a digest of their bytes: a new version gets a new name,
/// so a browser may keep one for a year without asking again.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Files linked by a fixed name (the plain `style.css`): asked for again on
/// every visit, so a changed stylesheet shows at once. Pages get no
/// `Cache-Control` of Hearth's, so hosts keep their own default, which also
/// revalidates on every visit.
pub const REVALIDATE: &str = "public, max-age=0, must-revalidate";

/// Characters written as `%XX` in a `_redirects` path: controls, spaces
/// (which separate the fields) and what no URL path holds as it is.
const REDIRECT_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'%');

/// The header value of [`CONTENT_SECURITY_POLICY`], with `form-action`
/// extended by exactly the origins `forms:` posts to (Netlify's forms
/// post to the site itself, which `'self'` covers), and, on a site with
/// search, `'wasm-unsafe-eval'` in `script-src`, which Pagefind's
/// WebAssembly needs (it allows compiling WebAssembly from the site's own
/// scripts, not `eval`). One policy for every path: Cloudflare Pages sends
/// every matching rule's headers, so a stricter `/*` rule beside a search
/// rule would give the search page two policies and block it.
pub fn content_security_policy(config: &SiteConfig, search: bool) -> String {
    CONTENT_SECURITY_POLICY
        .iter()
        .map(|(directive, sources)| {
            let origins = config.forms.action_origins();
            match *directive {
                "form-action" if !origins.is_empty() => {
                    format!("{directive} {sources} {}", origins.join(" "))
                }
                "script-src" if search => format!("{directive} {sources} 'wasm-unsafe-eval'"),
                _ => format!("{directive} {sources}"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `_redirects`: one `/old /new 301` line per alias, sorted by the old
/// path. The alias pages stay too, for hosts that do not read this file.
pub fn redirects_file(config: &SiteConfig, site: &LinkedSite) -> String {
    let mut lines: Vec<String> = site
        .aliases
        .iter()
        .filter_map(|alias| {
            let target = site.pages.get(alias.target)?;
            let from = alias_site_path(&alias.file);
            Some(format!(
                "{} {} 301",
                encode(&config.url(&from)),
                encode(&config.url(&target.path))
            ))
        })
        .collect();
    lines.sort();
    lines.dedup();
    let mut text = String::from(
        "# Written by hearth from the pages' `aliases:`: each old address moves\n# permanently to the page. Read by Netlify and Cloudflare Pages.\n",
    );
    for line in lines {
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// `_headers`: the security headers for every path, and cache lifetimes
/// for the stylesheet, long for its fingerprinted copy.
pub fn headers_file(config: &SiteConfig, site: &LinkedSite) -> String {
    let mut text =
        String::from("# Written by hearth: response headers for Netlify and Cloudflare Pages.\n");
    let _ = writeln!(text, "{}", config.url("/*"));
    let search = crate::link::search_enabled(config, &site.pages);
    let _ = writeln!(
        text,
        "  Content-Security-Policy: {}",
        content_security_policy(config, search)
    );
    for (name, value) in SECURITY_HEADERS {
        let _ = writeln!(text, "  {name}: {value}");
    }
    if let Some(stylesheet) = site
        .stylesheet
        .as_ref()
        .filter(|s| s.fingerprinted.is_some())
    {
        let _ = writeln!(text, "\n{}", config.url(&stylesheet.path));
        let _ = writeln!(text, "  Cache-Control: {IMMUTABLE}");
        let _ = writeln!(text, "\n{}", config.url(paths::STYLESHEET));
        let _ = writeln!(text, "  Cache-Control: {REVALIDATE}");
    }
    text
}

/// The site path an alias's output file answers at: `blog/x/index.html`
/// -> `/blog/x/`, `old.html` -> `/old.html`.
pub fn alias_site_path(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
        _ => format!("/{file}"),
    }
}

fn encode(path: &str) -> String {
    utf8_percent_encode(path, REDIRECT_PATH).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_spaces_or_letters_beyond_ascii_stay_one_field() {
        assert_eq!(encode("/a b/café/"), "/a%20b/caf%C3%A9/");
        assert_eq!(alias_site_path("blog/x/index.html"), "/blog/x/");
        assert_eq!(alias_site_path("index.html"), "/");
        assert_eq!(alias_site_path("old.html"), "/old.html");
        assert_eq!(alias_site_path("blog/myindex.html"), "/blog/myindex.html");
    }

    #[test]
    fn the_policy_allows_only_the_site_itself() {
        let options = crate::config::BuildOptions::default();
        let config = SiteConfig::parse("title: T\nbase_url: https://a.example\n", &options);
        let config = config.expect("a valid site.yaml");
        let policy = content_security_policy(&config, false);
        assert!(policy.starts_with("default-src 'self'; img-src 'self' data:;"));
        assert!(!policy.contains("unsafe"));
        assert!(policy.contains("; form-action 'self'; "));
        assert!(policy.ends_with("frame-ancestors 'none'"));
        let search = content_security_policy(&config, true);
        assert_eq!(
            search,
            policy.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")
        );
        assert!(!search.contains("unsafe-inline") && !search.contains("'unsafe-eval'"));
    }
}
