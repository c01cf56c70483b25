//! Services: `content/services.yaml`, the coach's offers with their price
//! and booking link, and the ```` ```services ```` block that shows some of
//! them on a page; validated with line and column.

use serde::Deserialize;

use super::comparison::{Cell, YamlPlace};
use crate::diagnostic::{Diagnostic, Location};
use crate::markdown::scan_inline_links;
use crate::yaml::Spanned;

/// The services file, relative to `content/`.
pub const SERVICES_FILE: &str = "services.yaml";

/// One offer: what it is, how long, how much, and where to book it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The anchor of its card, and what a block's `ids` name.
    pub id: String,
    pub name: String,
    /// Markdown, with checked links.
    pub summary: Option<Cell>,
    pub duration: Option<String>,
    pub price: Option<String>,
    pub format: Option<String>,
    /// Its own booking link; without one, the site's booking button is used.
    pub booking: Option<String>,
    /// Where `booking` is written, for link errors.
    pub booking_location: Option<Location>,
}

/// The validated services file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Services {
    pub services: Vec<Service>,
}

impl Services {
    /// Every piece of markdown (the summaries), for link resolution.
    pub fn cells(&self) -> impl Iterator<Item = &Cell> {
        self.services.iter().filter_map(|s| s.summary.as_ref())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    #[serde(default)]
    id: Option<Spanned<String>>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    summary: Option<Spanned<String>>,
    #[serde(default)]
    duration: Option<String>,
    #[serde(default)]
    price: Option<String>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    booking: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServices {
    #[serde(default)]
    services: Vec<Spanned<RawService>>,
}

/// True when a YAML text holds nothing but comments and blank lines: the
/// starter's commented examples, which make no page.
pub fn is_blank_yaml(source: &str) -> bool {
    source.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---"
    })
}

/// Parses and validates `services.yaml`; returns every problem found.
pub fn parse_services(source: &str, place: &YamlPlace) -> Result<Services, Vec<Diagnostic>> {
    if is_blank_yaml(source) {
        return Ok(Services::default());
    }
    let raw: RawServices = place.parse_as(source, "invalid-services")?;
    let lines = place.lines();
    let mut errors = Vec::new();
    let mut services: Vec<Service> = Vec::new();
    let mut seen: Vec<(String, Location)> = Vec::new();
    for (index, item) in raw.services.iter().enumerate() {
        let value = &item.value;
        let name = value.name.as_deref().map(str::trim).unwrap_or_default();
        if name.is_empty() {
            errors.push(place.error(
                "service-name",
                "this service has no `name`".to_string(),
                lines.at_spanned(item),
                "give every service a name, like `name: Single coaching session`",
            ));
            continue;
        }
        let (id, id_location) = match &value.id {
            Some(id) => (id.value.trim().to_string(), lines.at_spanned(id)),
            None => (slug::slugify(name), lines.at_spanned(item)),
        };
        if id.is_empty() || slug::slugify(&id) != id {
            errors.push(place.error(
                "service-id",
                format!("`{id}` is not a usable service id"),
                id_location,
                "write ids in lowercase letters, digits and dashes, like `id: single-session`",
            ));
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == id) {
            errors.push(place.error(
                "service-id",
                format!("the id `{id}` is used twice (first on line {})", first.line),
                id_location,
                "give each service its own `id:`, like `id: single-session-online`",
            ));
            continue;
        }
        seen.push((id.clone(), id_location));
        let booking = value.booking.as_ref().map(|b| b.value.trim().to_string());
        if let (Some(url), Some(spanned)) = (&booking, &value.booking)
            && let Some(problem) = booking_problem(url)
        {
            errors.push(place.error(
                "service-booking",
                format!("the booking link `{url}` {problem}"),
                lines.at_spanned(spanned),
                "write an https link (`https://cal.example.org/you/60`) or a page of this site (`/contact/`)",
            ));
        }
        services.push(Service {
            id,
            name: name.to_string(),
            summary: value.summary.as_ref().map(|summary| Cell {
                text: summary.value.clone(),
                location: lines.at_spanned(summary),
                links: scan_inline_links(&summary.value),
                index,
            }),
            duration: clean(&value.duration),
            price: clean(&value.price),
            format: clean(&value.format),
            booking_location: value.booking.as_ref().map(|b| lines.at_spanned(b)),
            booking,
        });
    }
    if errors.is_empty() {
        Ok(Services { services })
    } else {
        Err(errors)
    }
}

/// What is wrong with a booking link: only `https` links and links on this
/// site (checked later, like any link) are allowed.
pub fn booking_problem(url: &str) -> Option<&'static str> {
    if url.is_empty() {
        return Some("is empty");
    }
    if url.starts_with("//") {
        return Some("has no `https:` in front");
    }
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| !scheme.contains(['/', '?', '#']));
    match scheme {
        Some(scheme) if scheme.eq_ignore_ascii_case("https") => None,
        Some(_) => Some("is neither https nor a page of this site"),
        None => None,
    }
}

fn clean(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// A ```` ```services ```` block: which services to show, all when `ids`
/// is not given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServicesBlock {
    /// The ids asked for, each with where it is written.
    pub ids: Option<Vec<(String, Location)>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServicesBlock {
    #[serde(default)]
    ids: Option<Vec<Spanned<String>>>,
}

/// Parses the YAML of a ```` ```services ```` block.
pub fn parse_block(source: &str, place: &YamlPlace) -> Result<ServicesBlock, Vec<Diagnostic>> {
    if is_blank_yaml(source) {
        return Ok(ServicesBlock::default());
    }
    let raw: RawServicesBlock = place.parse_as(source, "invalid-services")?;
    let lines = place.lines();
    Ok(ServicesBlock {
        ids: raw.ids.map(|ids| {
            ids.iter()
                .map(|id| (id.value.trim().to_string(), lines.at_spanned(id)))
                .collect()
        }),
    })
}

/// A price as an amount and an ISO 4217 currency, for the Offer of
/// structured data: `$150`, `150 EUR`, `€90`, `CHF 120`, `£75.50`. Anything
/// else (`sliding scale`, `from $90`) gives none.
pub fn parse_price(text: &str) -> Option<(String, &'static str)> {
    const SYMBOLS: &[(&str, &str)] = &[("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY")];
    const CODES: &[&str] = &[
        "USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "JPY", "SEK", "NOK", "DKK", "PLN", "CZK",
        "HUF", "INR", "ZAR", "BRL", "MXN", "SGD", "HKD",
    ];
    let text = text.trim();
    let currency_of = |word: &str| -> Option<&'static str> {
        let word = word.trim();
        SYMBOLS
            .iter()
            .find(|(symbol, _)| *symbol == word)
            .map(|(_, code)| *code)
            .or_else(|| {
                CODES
                    .iter()
                    .find(|code| code.eq_ignore_ascii_case(word))
                    .copied()
            })
    };
    let amount_of = |word: &str| -> Option<String> {
        let word = word.trim().replace(',', "");
        let (whole, cents) = word.split_once('.').unwrap_or((&word, ""));
        let plain = !whole.is_empty()
            && whole.chars().all(|c| c.is_ascii_digit())
            && cents.len() <= 2
            && cents.chars().all(|c| c.is_ascii_digit());
        plain.then_some(word)
    };
    // A symbol or a code written before the amount, with or without a space.
    for (symbol, code) in SYMBOLS {
        if let Some(rest) = text.strip_prefix(symbol) {
            return amount_of(rest).map(|amount| (amount, *code));
        }
    }
    if let Some((first, second)) = text.split_once(char::is_whitespace) {
        if let (Some(code), Some(amount)) = (currency_of(first), amount_of(second)) {
            return Some((amount, code));
        }
        if let (Some(amount), Some(code)) = (amount_of(first), currency_of(second)) {
            return Some((amount, code));
        }
    }
    // An amount with the symbol after it: `90€`.
    for (symbol, code) in SYMBOLS {
        if let Some(rest) = text.strip_suffix(symbol) {
            return amount_of(rest).map(|amount| (amount, *code));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_with_a_currency_parse() {
        let price = |text| parse_price(text);
        assert_eq!(price("$150"), Some(("150".into(), "USD")));
        assert_eq!(price("150 EUR"), Some(("150".into(), "EUR")));
        assert_eq!(price("€90"), Some(("90".into(), "EUR")));
        assert_eq!(price("CHF 120"), Some(("120".into(), "CHF")));
        assert_eq!(price("£75.50"), Some(("75.50".into(), "GBP")));
        assert_eq!(price("$1,200"), Some(("1200".into(), "USD")));
        assert_eq!(price("90€"), Some(("90".into(), "EUR")));
        assert_eq!(price("sliding scale"), None);
        assert_eq!(price("from $90"), None);
        assert_eq!(price("$"), None);
        assert_eq!(price("150"), None);
        assert_eq!(price("$15.999"), None);
    }

    #[test]
    fn booking_links_are_https_or_on_the_site() {
        assert_eq!(booking_problem("https://cal.example.org/x"), None);
        assert_eq!(booking_problem("/contact/"), None);
        assert_eq!(booking_problem("contact.md"), None);
        assert!(booking_problem("http://cal.example.org/x").is_some());
        assert!(booking_problem("mailto:a@b.example").is_some());
        assert!(booking_problem("//cal.example.org").is_some());
    }
}
