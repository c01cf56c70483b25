use super::*;

#[test]
fn only_http_and_https_are_checked() {
    assert!(is_checkable("https://a.example"));
    assert!(is_checkable("HTTP://a.example/x"));
    assert!(!is_checkable("mailto:sam@a.example"));
    assert!(!is_checkable("tel:988"));
    assert!(!is_checkable("ftp://a.example"));
    assert!(!is_checkable("/about/"));
}

#[test]
fn a_bare_host_equals_itself_with_a_slash() {
    assert!(same_url("https://a.example/", "https://a.example"));
    assert!(!same_url("https://a.example/x/", "https://a.example/x"));
}

#[test]
fn fragments_are_not_requested() {
    assert_eq!(
        request_url("https://a.example/x#part"),
        "https://a.example/x"
    );
}

/// A local server that answers 200 at `/caf%C3%A9` and 404 elsewhere,
/// for `requests` requests; its base URL.
fn cafe_server(requests: usize) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("start a test server");
    let port = server.server_addr().to_ip().expect("an IP address").port();
    let thread = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for request in server.incoming_requests().take(requests) {
            let code = if request.url() == "/caf%C3%A9" {
                200
            } else {
                404
            };
            seen.push(format!("{} {}", request.method(), request.url()));
            let _ = request.respond(tiny_http::Response::empty(code));
        }
        seen
    });
    (format!("http://127.0.0.1:{port}"), thread)
}

/// Agents that ignore proxy settings, so that 127.0.0.1 is asked.
fn direct_agent() -> Agents {
    let agent = || -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(20)))
            .build()
            .into()
    };
    Agents {
        pooled: agent(),
        fresh: agent(),
    }
}

/// A browser sends `café` as `caf%C3%A9`: so does the check, where it
/// used to fail on the written address (no HTTP request carries an `é`).
#[test]
fn an_address_with_a_non_ascii_path_is_requested_as_a_browser_would() {
    let (base, server) = cafe_server(1);
    let status = check_url(&direct_agent(), &format!("{base}/café"));
    assert_eq!(status, LinkStatus::Ok);
    assert_eq!(server.join().unwrap(), ["HEAD /caf%C3%A9"]);
}

/// An address that is not one (a space in the host) is reported in
/// plain words, without a request.
#[test]
fn an_invalid_address_is_reported_without_a_request() {
    let status = check_url(&direct_agent(), "https://exa mple.org/");
    assert_eq!(
        status,
        LinkStatus::Failed(
            "it is not a valid web address (invalid international domain name)".to_string()
        )
    );
    assert!(is_checkable("https://exa mple.org/"));
}

/// Offline is when no address could be tried and a name that always
/// exists does not resolve either; one answer anywhere says otherwise.
#[test]
fn the_network_is_down_only_when_nothing_at_all_resolves() {
    let unreachable = || LinkStatus::Unreachable(NOT_FOUND.to_string());
    let statuses = |list: Vec<LinkStatus>| -> BTreeMap<String, LinkStatus> {
        list.into_iter()
            .enumerate()
            .map(|(i, status)| (format!("https://{i}.invalid/"), status))
            .collect()
    };
    let all = statuses(vec![unreachable(), unreachable()]);
    assert!(network_is_down(&all, "probe.invalid"));
    // A name that resolves: the network is up, so the links are broken.
    assert!(!network_is_down(&all, "localhost"));
    let one_answered = statuses(vec![unreachable(), LinkStatus::Ok]);
    assert!(!network_is_down(&one_answered, "probe.invalid"));
    let refused = statuses(vec![
        unreachable(),
        LinkStatus::Failed("the connection was refused".to_string()),
    ]);
    assert!(!network_is_down(&refused, "probe.invalid"));
    assert!(!network_is_down(&BTreeMap::new(), "probe.invalid"));
}

#[test]
fn urls_in_data_files_are_found_at_each_place() {
    let file = SourceFile {
        path: "comparisons/x.yaml".into(),
        text: "sources:\n  - { title: A, url: https://a.example/x }\n  - { title: B, url: https://a.example/xy }\n"
            .into(),
    };
    let links = located_in_text(&file, ["https://a.example/x", "https://a.example/x"]);
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].file, "content/comparisons/x.yaml");
    assert_eq!((links[0].location.line, links[0].location.column), (2, 22));
}
