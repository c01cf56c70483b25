//! The links of the settings files (menu items, the booking button, the
//! referral page's contact link), checked and resolved like markdown links.

use std::collections::HashMap;

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Location};
use crate::parse::{LinkKind, RawLink};

use super::index::LinkIndex;
use super::resolve::{LinkSource, resolve_link};
use super::site::{LinkedSite, SettingsLink, Target};

/// Every URL written in a settings file, with the file and place it is
/// written at, when known.
pub(super) fn settings_urls(
    config: &SiteConfig,
    site: &LinkedSite,
) -> Vec<(String, String, Option<Location>)> {
    let site_file = crate::config::SITE_FILE.to_string();
    let mut urls: Vec<(String, String, Option<Location>)> = config
        .site_links()
        .into_iter()
        .map(|(url, location)| (site_file.clone(), url.to_string(), Some(location.clone())))
        .collect();
    if let Some(referral) = &site.referral
        && let Some(contact) = &referral.parsed.referral.contact
    {
        urls.push((
            referral.parsed.file.display_path(),
            contact.url.clone(),
            Some(contact.location.clone()),
        ));
    }
    if let Some(services) = &site.services {
        let display = services.parsed.file.display_path();
        for service in &services.parsed.data.services {
            if let Some(url) = &service.booking {
                urls.push((
                    display.clone(),
                    url.clone(),
                    service.booking_location.clone(),
                ));
            }
        }
    }
    urls
}

/// Checks and resolves the links of the settings files (menu, booking
/// button, referral contact) like links in markdown, from `content/`.
pub(super) fn resolve_settings_links(
    config: &SiteConfig,
    index: &LinkIndex,
    site: &LinkedSite,
) -> (HashMap<String, SettingsLink>, Vec<Diagnostic>) {
    let mut links = HashMap::new();
    let mut errors = Vec::new();
    for (file, url, location) in settings_urls(config, site) {
        let written = url.trim();
        // A link to this very site, written in full, is checked as a path.
        let own = written
            .strip_prefix(config.base_url.as_str())
            .filter(|rest| rest.is_empty() || rest.starts_with(['/', '#', '?']))
            .map(|rest| if rest.is_empty() { "/" } else { rest });
        let dest = match own {
            Some(rest) => rest.to_string(),
            None if written.starts_with('/') && !written.starts_with("//") => written
                .strip_prefix(config.base_path.as_str())
                .filter(|rest| !config.base_path.is_empty() && rest.starts_with('/'))
                .unwrap_or(written)
                .to_string(),
            None => written.to_string(),
        };
        if dest.starts_with('#') {
            continue;
        }
        // Relative addresses are read from each page's own address, so one
        // in a setting leads somewhere else from every page; a file
        // (`about.md`) is read from `content/`.
        let path = crate::urls::without_fragment(&dest);
        let path = path.split('?').next().unwrap_or_default();
        if !dest.is_empty()
            && !crate::urls::has_scheme(&dest)
            && !dest.starts_with('/')
            && !super::address::is_file_like(path)
        {
            let mut diagnostic = Diagnostic::error(
                "broken-link",
                format!("`{written}` is a relative address, which leads to a different place from each page"),
            )
            .in_file(&file)
            .help(format!(
                "write it from the site's root, like `{}`, or name the page's file, like `about.md`",
                super::address::join_address("/", path).unwrap_or_else(|| "/".to_string())
            ));
            if let Some(location) = location {
                diagnostic = diagnostic.at(location);
            }
            errors.push(diagnostic);
            continue;
        }
        let link = RawLink {
            dest: dest.clone(),
            kind: LinkKind::Link,
            offset: 0,
            length: dest.len(),
        };
        let source = LinkSource {
            folder: "",
            this: Target::Referral,
        };
        match resolve_link(config, index, site, &source, &link) {
            Ok(Some((resolved, _))) => {
                let site_path = resolved
                    .url
                    .strip_prefix(config.base_path.as_str())
                    .map(|path| path.split('#').next().unwrap_or(path).to_string());
                let href = resolved.url;
                links.insert(url.clone(), SettingsLink { href, site_path });
            }
            Ok(None) => {}
            // A link to a file whose front matter failed: that file's own
            // errors say what to fix.
            Err(problem) if problem.failed_target.is_some() => {}
            Err(problem) => {
                let mut diagnostic = Diagnostic::error(problem.code, problem.message)
                    .in_file(&file)
                    .help(problem.help);
                if let Some(location) = location {
                    diagnostic = diagnostic.at(location);
                }
                errors.push(diagnostic);
            }
        }
    }
    (links, errors)
}
