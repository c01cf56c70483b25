//! Structured data (JSON-LD) for search engines, and the OpenGraph values
//! of link previews: a WebSite with the coach as a Person (or a
//! LocalBusiness with an address) on the home page, an Article with its
//! breadcrumbs on articles, a WebPage elsewhere. Built with serde_json and
//! escaped so that no title can end the script element it sits in.

use serde_json::{Map, Value as Json, json};

use crate::config::SiteConfig;
use crate::link::{LinkedSite, ResolvedEmbed, SitePage};
use crate::parse::services::parse_price;
use crate::parse::{PageDate, PageKind, Service};
use crate::paths::{SERVICES, SHARE_HEIGHT, SHARE_WIDTH, share_image_path};

/// The about page's site path: bylines and the Person link to it.
pub(super) const ABOUT_PATH: &str = "/about/";

/// JSON text that is safe inside `<script>`: `<`, `>` and `&` are written
/// as `\u003c`, `\u003e` and `\u0026` (valid JSON for the same string), so
/// neither `</script>` nor `<!--` can appear; U+2028 and U+2029 too.
pub(super) fn script_json(value: &Json) -> String {
    // Straight into bytes: several times cheaper than through `Display`.
    // A JSON value always serialises; the fallback is never written.
    let text = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string());
    // Most pages' data has none of them (U+2028 and U+2029 start with E2).
    if !text.bytes().any(|b| matches!(b, b'<' | b'>' | b'&' | 0xe2)) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// `og:locale` from `language`: a region given (`en-GB`, `pt_BR`) is kept
/// as `en_GB`; a language spoken mainly in one country gets that country
/// (`de` -> `de_DE`); any other (`en`, `es`, `pt`, `zh`: several countries
/// with none the obvious one) stays the bare language, so that no page
/// claims a region the coach never chose.
pub(super) fn og_locale(language: &str) -> String {
    let mut parts = language.trim().split(['-', '_']);
    let lang = parts.next().unwrap_or_default().to_ascii_lowercase();
    if let Some(region) = parts.next().filter(|r| r.len() == 2) {
        return format!("{lang}_{}", region.to_ascii_uppercase());
    }
    let country = match lang.as_str() {
        "de" => "DE",
        "fr" => "FR",
        "nl" => "NL",
        "it" => "IT",
        "pl" => "PL",
        "sv" => "SE",
        "da" => "DK",
        "fi" => "FI",
        "nb" => "NO",
        "ja" => "JP",
        "ko" => "KR",
        "el" => "GR",
        "cs" => "CZ",
        "hu" => "HU",
        "tr" => "TR",
        _ => return lang,
    };
    format!("{lang}_{country}")
}

/// A date as structured data and `article:*` tags want it: RFC 3339 when
/// the front matter gave a time, else `YYYY-MM-DD` (ISO 8601 too).
pub(super) fn iso(date: &PageDate) -> String {
    match date.timestamp {
        Some(_) => date.rfc3339(),
        None => date.iso_date(),
    }
}

/// What structured data needs of the site, computed once per build.
pub(super) struct SiteFacts {
    home: String,
    /// The about page's absolute URL, when the site has one.
    pub(super) about: Option<String>,
    /// The site path of the author's photo, where it is copied to.
    pub(super) photo: Option<String>,
    person: Json,
    /// The Person, or the LocalBusiness when the practice has a location.
    publisher: Json,
}

impl SiteFacts {
    pub(super) fn new(config: &SiteConfig, site: &LinkedSite) -> SiteFacts {
        let home = config.permalink("/");
        let about = site
            .pages
            .iter()
            .any(|page| page.path == ABOUT_PATH)
            .then(|| config.permalink(ABOUT_PATH));
        let photo = config.author.photo.as_ref().map(|photo| {
            // Where the photo is copied to: beside the page whose folder holds it.
            site.assets
                .iter()
                .find(|placed| placed.asset.path == *photo)
                .map_or_else(|| format!("/{photo}"), |placed| placed.path.clone())
        });
        let author = &config.author;
        let mut person = Map::new();
        person.insert("@type".into(), json!("Person"));
        person.insert("@id".into(), json!(format!("{home}#person")));
        person.insert("name".into(), json!(author.name));
        person.insert("url".into(), json!(about.as_deref().unwrap_or(&home)));
        if let Some(email) = &author.email {
            person.insert("email".into(), json!(email));
        }
        if let Some(credentials) = &author.credentials {
            person.insert("jobTitle".into(), json!(credentials));
            person.insert("description".into(), json!(credentials));
        }
        if let Some(photo) = &photo {
            person.insert("image".into(), json!(config.permalink(photo)));
        }
        let same_as: Vec<&str> = config.social.iter().map(|s| s.url.as_str()).collect();
        if !same_as.is_empty() {
            person.insert("sameAs".into(), json!(same_as));
        }
        // A site that names no author is published by the practice itself.
        let person = if author.name.trim().is_empty() {
            json!({
                "@type": "Organization",
                "@id": format!("{home}#organization"),
                "name": config.title,
                "url": home,
            })
        } else {
            Json::Object(person)
        };
        let publisher = match &config.practice.location {
            Some(location) => {
                let mut address = Map::new();
                address.insert("@type".into(), json!("PostalAddress"));
                for (key, value) in [
                    ("addressLocality", &location.city),
                    ("addressRegion", &location.region),
                    ("addressCountry", &location.country),
                ] {
                    if let Some(value) = value {
                        address.insert(key.into(), json!(value));
                    }
                }
                let mut business = json!({
                    "@type": "LocalBusiness",
                    "@id": format!("{home}#business"),
                    "name": config.title,
                    "url": home,
                    "image": share_image(config, "/"),
                    "address": address,
                    "founder": person,
                    "employee": person,
                });
                if !config.description.is_empty() {
                    business["description"] = json!(config.description);
                }
                business
            }
            None => person.clone(),
        };
        SiteFacts {
            home,
            about,
            photo,
            person,
            publisher,
        }
    }

    /// A reference to the publisher by its `@id`, with its name and type.
    fn publisher_ref(&self) -> Json {
        json!({
            "@type": self.publisher["@type"],
            "@id": self.publisher["@id"],
            "name": self.publisher["name"],
            "url": self.publisher["url"],
        })
    }

    fn website_ref(&self) -> Json {
        json!({ "@id": format!("{}#website", self.home) })
    }
}

/// The share image of the page at `path` (its link preview picture), as
/// an ImageObject with its size.
fn share_image(config: &SiteConfig, path: &str) -> Json {
    json!({
        "@type": "ImageObject",
        "url": config.permalink(&share_image_path(path)),
        "width": SHARE_WIDTH,
        "height": SHARE_HEIGHT,
    })
}

/// A BreadcrumbList of `(name, absolute URL)` steps, from the home page.
fn breadcrumbs(crumbs: &[(String, String)]) -> Json {
    let items: Vec<Json> = crumbs
        .iter()
        .enumerate()
        .map(|(i, (name, url))| {
            json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": url })
        })
        .collect();
    let mut list = json!({ "@type": "BreadcrumbList" });
    list["itemListElement"] = Json::Array(items);
    list
}

fn graph(nodes: Vec<Json>) -> Json {
    // Built by hand: `json!` would copy every node through the serialiser.
    let mut graph = serde_json::Map::new();
    graph.insert("@context".into(), Json::from("https://schema.org"));
    graph.insert("@graph".into(), Json::Array(nodes));
    Json::Object(graph)
}

/// The home page: the WebSite, and the Person or LocalBusiness behind it.
pub(super) fn home(config: &SiteConfig, facts: &SiteFacts, description: &str) -> Json {
    let website = json!({
        "@type": "WebSite",
        "@id": format!("{}#website", facts.home),
        "name": config.title,
        "url": facts.home,
        "description": description,
        "inLanguage": config.language,
        "image": share_image(config, "/"),
        "publisher": { "@id": facts.publisher["@id"] },
    });
    graph(vec![website, facts.publisher.clone()])
}

/// An article: the Article and its breadcrumbs (home, section, article).
pub(super) fn article(
    config: &SiteConfig,
    facts: &SiteFacts,
    page: &SitePage,
    description: &str,
    crumbs: &[(String, String)],
) -> Json {
    let front = &page.parsed.front;
    let url = config.permalink(&page.path);
    let author = match &front.author {
        Some(guest) => json!({ "@type": "Person", "name": guest }),
        None => facts.person.clone(),
    };
    let mut article = json!({
        "@type": "Article",
        "headline": front.title,
        "description": description,
        "url": url,
        "inLanguage": config.language,
        "mainEntityOfPage": { "@type": "WebPage", "@id": url },
    });
    // Values moved in, where `json!` would copy them through the serialiser.
    article["author"] = author;
    article["publisher"] = facts.publisher_ref();
    article["image"] = share_image(config, &page.path);
    article["isPartOf"] = facts.website_ref();
    if let Some(date) = &front.date {
        article["datePublished"] = json!(iso(date));
    }
    if let Some(modified) = front.updated.as_ref().or(front.date.as_ref()) {
        article["dateModified"] = json!(iso(modified));
    }
    if !front.tags.is_empty() {
        article["keywords"] = json!(front.tags);
    }
    graph(vec![article, breadcrumbs(crumbs)])
}

/// Any other page: a WebPage, with breadcrumbs when it sits below another
/// page than the home page.
pub(super) fn web_page(
    config: &SiteConfig,
    facts: &SiteFacts,
    path: &str,
    name: &str,
    description: &str,
    crumbs: &[(String, String)],
) -> Json {
    let mut page = json!({
        "@type": "WebPage",
        "name": name,
        "description": description,
        "url": config.permalink(path),
        "inLanguage": config.language,
    });
    page["isPartOf"] = facts.website_ref();
    let mut nodes = vec![page];
    if crumbs.len() > 2 {
        nodes.push(breadcrumbs(crumbs));
    }
    graph(nodes)
}

/// Adds nodes to a page's `@graph`.
pub(super) fn add_nodes(data: &mut Json, nodes: Vec<Json>) {
    if let Some(graph) = data.get_mut("@graph").and_then(Json::as_array_mut) {
        graph.extend(nodes);
    }
}

/// A Service with its Offer: the price only when it is an amount with a
/// currency (see [`parse_price`]), else the price as written describes it.
pub(super) fn service(
    config: &SiteConfig,
    facts: &SiteFacts,
    service: &Service,
    summary: Option<String>,
    booking: Option<String>,
) -> Json {
    let url = format!("{}#{}", config.permalink(SERVICES), service.id);
    let mut offer = json!({ "@type": "Offer" });
    match service
        .price
        .as_deref()
        .map(|price| (price, parse_price(price)))
    {
        Some((_, Some((amount, currency)))) => {
            offer["price"] = json!(amount);
            offer["priceCurrency"] = json!(currency);
        }
        Some((price, None)) => offer["description"] = json!(price),
        None => {}
    }
    offer["url"] = json!(booking.unwrap_or_else(|| url.clone()));
    let mut node = json!({
        "@type": "Service",
        "@id": url,
        "name": service.name,
        "url": url,
        "provider": facts.publisher_ref(),
        "offers": offer,
    });
    if let Some(summary) = summary.filter(|s| !s.trim().is_empty()) {
        node["description"] = json!(summary.trim());
    }
    if let Some(format) = &service.format {
        node["serviceType"] = json!(format);
    }
    node
}

/// Whether a page embeds an FAQ.
pub(super) fn has_faq(page: &SitePage) -> bool {
    page.embeds
        .values()
        .any(|embed| matches!(embed, ResolvedEmbed::Faq { .. }))
}

/// Adds an FAQPage to a page's graph when it embeds FAQs: every question
/// in the order of the page, each with its answer as HTML.
pub(super) fn add_faq(data: &mut Json, config: &SiteConfig, page: &SitePage) {
    let mut faqs: Vec<(usize, &ResolvedEmbed)> = page
        .embeds
        .iter()
        .filter(|(_, embed)| matches!(embed, ResolvedEmbed::Faq { .. }))
        .map(|(offset, embed)| (*offset, embed))
        .collect();
    faqs.sort_by_key(|(offset, _)| *offset);
    let mut questions = Vec::new();
    for (_, embed) in faqs {
        if let ResolvedEmbed::Faq { faq, links } = embed {
            for (i, entry) in faq.entries.iter().enumerate() {
                questions.push(json!({
                    "@type": "Question",
                    "name": entry.question,
                    "acceptedAnswer": {
                        "@type": "Answer",
                        "text": super::blocks::answer_html(faq, i, links).trim(),
                    },
                }));
            }
        }
    }
    if questions.is_empty() {
        return;
    }
    let url = config.permalink(&page.path);
    let node = json!({
        "@type": "FAQPage",
        "@id": format!("{url}#faq"),
        "url": url,
        "name": page.title(),
        "inLanguage": config.language,
        "mainEntity": questions,
    });
    if let Some(graph) = data.get_mut("@graph").and_then(Json::as_array_mut) {
        graph.push(node);
    }
}

/// The steps from the home page to a markdown page: its sections, then it.
pub(super) fn page_crumbs(
    config: &SiteConfig,
    site: &LinkedSite,
    page: &SitePage,
) -> Vec<(String, String)> {
    let mut steps = vec![(page.title().to_string(), config.permalink(&page.path))];
    let mut section = page.section;
    // A section chain ends at the home page; the bound guards a cycle.
    while let Some(index) = section.filter(|_| steps.len() < 32) {
        let parent = &site.pages[index];
        if parent.parsed.kind == PageKind::Home {
            break;
        }
        steps.push((parent.title().to_string(), config.permalink(&parent.path)));
        section = parent.section;
    }
    steps.push((config.title.clone(), config.permalink("/")));
    steps.reverse();
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_end_its_element() {
        let value = json!({ "headline": "</script><script>alert(1)</script> <!-- & \u{2028}" });
        let text = script_json(&value);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Json = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn locales_claim_no_region_nobody_chose() {
        assert_eq!(og_locale("en"), "en");
        assert_eq!(og_locale("en-GB"), "en_GB");
        assert_eq!(og_locale("pt_br"), "pt_BR");
        assert_eq!(og_locale("de"), "de_DE");
        assert_eq!(og_locale("es"), "es");
    }
}
