//! External links: `hearth check --external` asks every `http` and `https`
//! address the site links to whether it still answers. Each address is
//! requested once per run, by a bounded pool of threads, with a timeout:
//! HEAD first, then GET when a server refuses HEAD. Redirects are followed
//! and reported, so the link can be updated to where it leads now.
//!
//! Outcomes: a 4xx or 5xx answer (except 429), an unknown host, a refused
//! connection or a bad certificate is an error (`broken-external-link`); a
//! redirect is a warning (`redirected-link`); a timeout or a 429 "too many
//! requests" is a warning (`unchecked-external-link`), because neither says
//! the page is gone, and a slow network should not fail a pull request.
//! When no address could be looked up at all, and neither could a name
//! that always exists, the computer is offline: that is one warning, not
//! one error per link.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ureq::ResponseExt;

use crate::config::{CONTENT_DIR, SITE_FILE, SiteConfig};
use crate::diagnostic::{Diagnostic, Location};
use crate::files::SiteRoot;

mod resolver;
use crate::link::LinkedSite;
use crate::load::SourceFile;
use crate::parse::LinkKind;
use crate::parse::comparison::Cell;
use resolver::{PublicOnly, private_address};

/// How external links are checked.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// The longest one address may take to answer, redirects included.
    pub timeout: Duration,
    /// How many addresses are checked at once.
    pub concurrency: usize,
    /// How many redirects are followed before giving up.
    pub max_redirects: u32,
    /// A host name that always exists (`example.com`, reserved for this by
    /// IANA), looked up when no link's host could be: if it cannot be
    /// either, the network is down, not every link broken.
    pub probe_host: String,
    /// Also request addresses on a private network (loopback, `10.x`,
    /// `192.168.x`, link-local, unique local IPv6): off, so that a link or a
    /// redirect in a pull request cannot make CI request an intranet
    /// server or a cloud's metadata service.
    pub private_addresses: bool,
}

impl Default for ExternalOptions {
    fn default() -> ExternalOptions {
        ExternalOptions {
            timeout: Duration::from_secs(10),
            concurrency: 8,
            max_redirects: 10,
            probe_host: "example.com".to_string(),
            private_addresses: false,
        }
    }
}

/// What one address answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    /// A 2xx answer at the address itself.
    Ok,
    /// A 2xx answer after one or more redirects, at `final_url`.
    Redirected { final_url: String },
    /// A 4xx or 5xx answer, possibly after redirects.
    Status { code: u16, final_url: String },
    /// No answer within the timeout.
    Timeout,
    /// Not requested: the host is at this address, on a private network
    /// (see [`ExternalOptions::private_addresses`]).
    Private(String),
    /// The server asked us to slow down (429).
    RateLimited,
    /// No HTTP answer at all: refused connection, TLS error, too many
    /// redirects.
    Failed(String),
    /// The server could not even be tried: its name could not be looked
    /// up, or the network is unreachable. When every address ends so, the
    /// computer is probably offline.
    Unreachable(String),
}

/// One place in the site's files that links to an external address.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    /// The address as written, fragment included.
    pub url: String,
    /// The file, relative to the site root.
    pub file: String,
    pub location: Location,
}

/// True for the addresses `check --external` requests: `http` and `https`
/// (an invalid one is reported as such).
pub fn is_checkable(url: &str) -> bool {
    crate::urls::is_web(url.trim())
}

/// The address as written, without its `#fragment`, which a server never
/// sees: each address is requested once, and named so in messages.
fn request_url(url: &str) -> &str {
    crate::urls::without_fragment(url.trim())
}

/// Every external `http(s)` link in the site: page bodies (with their exact
/// place), comparison and referral files, and the menu and booking links
/// in `site.yaml`.
pub fn collect_links(config: &SiteConfig, site: &LinkedSite) -> Vec<ExternalLink> {
    let mut links = Vec::new();
    // Opened at the first page whose text `check` let go of.
    let site_root = std::cell::OnceCell::new();
    for page in &site.pages {
        let file = &page.parsed.file;
        // Read again only for a page with such a link.
        let text = std::cell::OnceCell::new();
        for link in &page.parsed.body.links {
            if matches!(link.kind, LinkKind::Wiki { .. }) || !is_checkable(&link.dest) {
                continue;
            }
            let text = text.get_or_init(|| {
                let root = site_root.get_or_init(|| SiteRoot::for_one_pass(&config.root));
                page.parsed.source_text(root)
            });
            links.push(ExternalLink {
                url: link.dest.trim().to_string(),
                file: file.display_path(),
                location: Location::at_offset(
                    text,
                    page.parsed.body_offset + link.offset,
                    link.length,
                ),
            });
        }
    }
    for comparison in &site.comparisons {
        let data = &comparison.parsed.comparison;
        let mut urls: Vec<&str> = data.sources.iter().map(|s| s.url.as_str()).collect();
        for group in &data.groups {
            for row in &group.rows {
                for cell in row.aspect.iter().chain(row.cells.iter().flatten()) {
                    urls.extend(cell_urls(cell));
                }
            }
        }
        links.extend(located_in_text(&comparison.parsed.file, urls));
    }
    if let Some(referral) = &site.referral {
        let data = &referral.parsed.referral;
        let mut urls: Vec<&str> = data
            .resources
            .iter()
            .filter_map(|r| r.url.as_deref())
            .collect();
        urls.extend(data.contact.iter().map(|c| c.url.as_str()));
        for cell in data
            .intro
            .iter()
            .chain(data.criteria.iter().map(|c| &c.text))
        {
            urls.extend(cell_urls(cell));
        }
        links.extend(located_in_text(&referral.parsed.file, urls));
    }
    if let Some(services) = &site.services {
        let data = &services.parsed.data;
        let mut urls: Vec<&str> = data
            .services
            .iter()
            .filter_map(|s| s.booking.as_deref())
            .collect();
        urls.extend(data.cells().flat_map(cell_urls));
        links.extend(located_in_text(&services.parsed.file, urls));
    }
    let urls: Vec<&str> = config
        .menu
        .iter()
        .chain(config.booking.as_ref())
        .map(|item| item.url.as_str())
        .collect();
    if urls.iter().any(|url| is_checkable(url))
        && let Ok(bytes) = site_root
            .get_or_init(|| SiteRoot::for_one_pass(&config.root))
            .read_at_most(&config.root.join(SITE_FILE), crate::files::MOST_TEXT_BYTES)
        && let Ok(text) = String::from_utf8(bytes)
    {
        let file = SourceFile {
            path: "site.yaml".to_string(),
            text,
        };
        links.extend(located_in_text(&file, urls));
    }
    links
}

fn cell_urls(cell: &Cell) -> impl Iterator<Item = &str> {
    cell.links
        .iter()
        .filter(|link| !matches!(link.kind, LinkKind::Wiki { .. }))
        .map(|link| link.dest.as_str())
}

/// Each external address of `urls`, at every place it is written in `file`.
fn located_in_text<'a>(
    file: &SourceFile,
    urls: impl IntoIterator<Item = &'a str>,
) -> Vec<ExternalLink> {
    let mut urls: Vec<&str> = urls
        .into_iter()
        .map(str::trim)
        .filter(|url| is_checkable(url))
        .collect();
    urls.sort_unstable();
    urls.dedup();
    let display = format!("{CONTENT_DIR}/{}", file.path);
    let mut links = Vec::new();
    for url in urls {
        let mut found = false;
        for (offset, _) in file.text.match_indices(url) {
            // `https://a.example/x` inside `https://a.example/xy` is not this link.
            let next = file.text[offset + url.len()..].chars().next();
            if next.is_some_and(|c| c.is_alphanumeric() || "/-_.~%".contains(c)) {
                continue;
            }
            found = true;
            links.push(ExternalLink {
                url: url.to_string(),
                file: display.clone(),
                location: Location::at_offset(&file.text, offset, url.len()),
            });
        }
        if !found {
            // Written across lines (a folded YAML string): point at the file's start.
            links.push(ExternalLink {
                url: url.to_string(),
                file: display.clone(),
                location: Location::at_offset(&file.text, 0, 1),
            });
        }
    }
    links
}

/// Requests every distinct address once, at most `concurrency` at a time,
/// and returns what each answered, by the address as requested.
pub fn check_urls<'a>(
    urls: impl IntoIterator<Item = &'a str>,
    options: &ExternalOptions,
) -> BTreeMap<String, LinkStatus> {
    let mut unique: Vec<String> = urls
        .into_iter()
        .map(|url| request_url(url).to_string())
        .collect();
    unique.sort_unstable();
    unique.dedup();
    if unique.is_empty() {
        return BTreeMap::new();
    }
    let agents = Agents {
        pooled: agent(options, true),
        fresh: agent(options, false),
    };
    let next = AtomicUsize::new(0);
    let results: Mutex<BTreeMap<String, LinkStatus>> = Mutex::new(BTreeMap::new());
    let workers = options.concurrency.clamp(1, unique.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = unique.get(index) else {
                        break;
                    };
                    let status = check_url(&agents, url);
                    results
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .insert(url.clone(), status);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The agents a check asks with: HEAD on connections kept open between
/// requests, GET on a fresh connection for every request, redirects
/// included.
struct Agents {
    pooled: ureq::Agent,
    fresh: ureq::Agent,
}

/// An agent with the check's timeout and redirect limit; `pooled` keeps
/// connections open for the next request to the same server.
fn agent(options: &ExternalOptions, pooled: bool) -> ureq::Agent {
    use ureq::unversioned::resolver::DefaultResolver;
    use ureq::unversioned::transport::DefaultConnector;
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(options.timeout))
        .max_redirects(options.max_redirects)
        .max_redirects_will_error(true)
        .user_agent(concat!(
            "hearth/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ));
    let config = if pooled {
        config
    } else {
        config
            .max_idle_connections(0)
            .max_idle_connections_per_host(0)
    };
    let resolver = PublicOnly {
        names: DefaultResolver::default(),
        private_addresses: options.private_addresses,
    };
    ureq::Agent::with_parts(config.build(), DefaultConnector::default(), resolver)
}

/// HEAD, then GET when HEAD fails in a way that GET might not: servers that
/// refuse or mishandle HEAD answer 405, 501, 403 or 404 to it, or drop it.
/// The GET goes out on a fresh connection: a server that answered HEAD and
/// closed the connection without saying so (`Connection: close`) would
/// otherwise get it on the closed one, or reset a redirect followed there.
/// The request goes where a browser's would (`café` as `caf%C3%A9`, an
/// international domain name in its `xn--` form).
fn check_url(agents: &Agents, url: &str) -> LinkStatus {
    let url = match crate::urls::request_form(url) {
        Ok(target) => target,
        Err(reason) => {
            return LinkStatus::Failed(format!("it is not a valid web address ({reason})"));
        }
    };
    let url = url.as_str();
    let head = agents.pooled.head(url).call();
    let try_get = match &head {
        Ok(response) => response.status().as_u16() >= 400,
        Err(error) if private_address(error).is_some() => false,
        // These do not depend on the method: asking again only costs time.
        Err(ureq::Error::Timeout(_) | ureq::Error::TooManyRedirects) => false,
        Err(error) if unreachable(error).is_some() => false,
        Err(ureq::Error::Io(error)) => !matches!(
            error.kind(),
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::ConnectionRefused
        ),
        Err(_) => true,
    };
    let head = request(head, url);
    if !try_get {
        return head;
    }
    match request(agents.fresh.get(url).call(), url) {
        // When GET fails differently, HEAD's answer was the better one.
        LinkStatus::Failed(_) | LinkStatus::Unreachable(_) | LinkStatus::Timeout => head,
        get => get,
    }
}

fn request(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>, url: &str) -> LinkStatus {
    if let Err(error) = &result
        && let Some(address) = private_address(error)
    {
        return LinkStatus::Private(address.to_string());
    }
    if let Err(error) = &result
        && let Some(reason) = unreachable(error)
    {
        return LinkStatus::Unreachable(reason.to_string());
    }
    match result {
        Ok(response) => {
            let code = response.status().as_u16();
            let final_url = response.get_uri().to_string();
            let moved = !same_url(&final_url, url);
            match code {
                200..=299 if moved => LinkStatus::Redirected { final_url },
                200..=299 => LinkStatus::Ok,
                429 => LinkStatus::RateLimited,
                _ => LinkStatus::Status { code, final_url },
            }
        }
        Err(ureq::Error::Timeout(_)) => LinkStatus::Timeout,
        Err(ureq::Error::TooManyRedirects) => {
            LinkStatus::Failed("it redirects too many times (a redirect loop?)".to_string())
        }
        Err(ureq::Error::Io(error)) if error.kind() == std::io::ErrorKind::TimedOut => {
            LinkStatus::Timeout
        }
        Err(ureq::Error::Io(error)) if error.kind() == std::io::ErrorKind::ConnectionRefused => {
            LinkStatus::Failed("the connection was refused".to_string())
        }
        Err(ureq::Error::Tls(reason)) => {
            LinkStatus::Failed(format!("its secure connection failed: {reason}"))
        }
        Err(error) => LinkStatus::Failed(error.to_string()),
    }
}

/// Why no request could be sent, when the server could not be reached at
/// all: its name did not resolve (`failed to lookup address information`
/// is the standard library's word for it), or no network leads there.
fn unreachable(error: &ureq::Error) -> Option<&'static str> {
    use std::io::ErrorKind;
    match error {
        ureq::Error::HostNotFound => Some(NOT_FOUND),
        ureq::Error::Io(error) => match error.kind() {
            ErrorKind::NetworkUnreachable | ErrorKind::HostUnreachable | ErrorKind::NetworkDown => {
                Some("the network is unreachable from here")
            }
            _ if error.to_string().contains("failed to lookup address") => Some(NOT_FOUND),
            _ => None,
        },
        _ => None,
    }
}

const NOT_FOUND: &str = "the host was not found (check the domain name)";

/// True when no address could be tried (each one's host unknown or out of
/// reach) and `probe_host`, which always exists, cannot be looked up
/// either: the computer is offline, and the links may well be fine.
fn network_is_down(statuses: &BTreeMap<String, LinkStatus>, probe_host: &str) -> bool {
    use std::net::ToSocketAddrs;
    !statuses.is_empty()
        && statuses
            .values()
            .all(|status| matches!(status, LinkStatus::Unreachable(_)))
        && !(probe_host, 443)
            .to_socket_addrs()
            .is_ok_and(|mut addresses| addresses.next().is_some())
}

/// Equal addresses, as a browser reads them: a bare host equals itself
/// with a slash (`https://a.example` is requested as `https://a.example/`),
/// the host's case and a default port do not count.
fn same_url(a: &str, b: &str) -> bool {
    crate::urls::same_address(a, b)
}

/// Checks every external link of the site and reports the broken, moved and
/// unanswered ones at each place they are written, with how many addresses
/// were checked (none when the network is down, which is one warning).
pub fn check_external_links(
    config: &SiteConfig,
    site: &LinkedSite,
    options: &ExternalOptions,
) -> (Vec<Diagnostic>, usize) {
    let links = collect_links(config, site);
    let statuses = check_urls(links.iter().map(|link| link.url.as_str()), options);
    if network_is_down(&statuses, &options.probe_host) {
        let offline = Diagnostic::warning(
            "unchecked-external-link",
            format!(
                "no external link could be checked: the network seems to be unreachable (no host could be looked up, not even {})",
                options.probe_host
            ),
        )
        .help("connect to the internet and run `hearth check --external` again");
        return (vec![offline], 0);
    }
    (diagnose(&links, &statuses, options), statuses.len())
}

/// Turns each link's status into a diagnostic at its place, if it needs one.
pub fn diagnose(
    links: &[ExternalLink],
    statuses: &BTreeMap<String, LinkStatus>,
    options: &ExternalOptions,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut cache: HashMap<&str, Option<Diagnostic>> = HashMap::new();
    for link in links {
        let url = request_url(&link.url);
        let diagnostic = cache
            .entry(url)
            .or_insert_with(|| statuses.get(url).and_then(|s| describe(url, s, options)));
        if let Some(diagnostic) = diagnostic {
            diagnostics.push(
                diagnostic
                    .clone()
                    .in_file(&link.file)
                    .at(link.location.clone()),
            );
        }
    }
    diagnostics
}

fn describe(url: &str, status: &LinkStatus, options: &ExternalOptions) -> Option<Diagnostic> {
    Some(match status {
        LinkStatus::Ok => return None,
        LinkStatus::Redirected { final_url } => Diagnostic::warning(
            "redirected-link",
            format!("`{url}` redirects to {final_url}"),
        )
        .help(format!(
            "link to {final_url} directly, after checking it is the page you meant"
        )),
        LinkStatus::Status { code, final_url } => {
            let reason = ureq::http::StatusCode::from_u16(*code)
                .ok()
                .and_then(|code| code.canonical_reason())
                .map(|reason| format!(" {reason}"))
                .unwrap_or_default();
            let place = if same_url(final_url, url) {
                String::new()
            } else {
                format!(" (after redirecting to {final_url})")
            };
            let help = if *code >= 500 {
                "the site may be down for now: try again later, or link elsewhere"
            } else {
                "the page may have moved or been removed: find its new address, or remove the link"
            };
            Diagnostic::error(
                "broken-external-link",
                format!("`{url}` answered {code}{reason}{place}"),
            )
            .help(help)
        }
        LinkStatus::Failed(reason) | LinkStatus::Unreachable(reason) => {
            Diagnostic::error("broken-external-link", format!("`{url}`: {reason}"))
                .help("check the address in a browser; fix or remove the link")
        }
        LinkStatus::Private(address) => Diagnostic::warning(
            "unchecked-external-link",
            format!(
                "`{url}` leads to {address}, an address on a private network, which the check does not request (nor can visitors reach it from outside that network)"
            ),
        )
        .help("link to a public address; to check links within your own network, run `hearth check --external --private-addresses`"),
        LinkStatus::Timeout => Diagnostic::warning(
            "unchecked-external-link",
            format!("`{url}` did not answer within {}", seconds(options.timeout)),
        )
        .help("the site may be slow or down for now: check it in a browser, or raise `--timeout`"),
        LinkStatus::RateLimited => Diagnostic::warning(
            "unchecked-external-link",
            format!("`{url}` answered 429 Too Many Requests, so it could not be checked"),
        )
        .help("check it in a browser; the site limits automated requests"),
    })
}

fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs == 1.0 {
        "1 second".to_string()
    } else {
        format!("{secs} seconds")
    }
}

#[cfg(test)]
mod tests;
