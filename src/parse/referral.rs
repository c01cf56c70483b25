//! Referral guidelines: `content/referral.yaml`, the page that says plainly
//! when someone should see a therapist first, validated with line and column.

use serde::Deserialize;

use super::comparison::{Cell, YamlPlace};
use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use crate::markdown::scan_inline_links;
use crate::yaml::Spanned;

/// The referral guidelines file, relative to `content/`.
pub const REFERRAL_FILE: &str = "referral.yaml";

/// How pressing a criterion is, in the order the page lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Get help now: shown first, beside the crisis resources.
    Urgent,
    /// See a therapist or doctor before (or instead of) coaching.
    Refer,
    /// Worth thinking about; talk it over.
    Consider,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Urgent, Level::Refer, Level::Consider];

    /// The name written in YAML, also the anchor of its part of the page.
    pub fn name(self) -> &'static str {
        match self {
            Level::Urgent => "urgent",
            Level::Refer => "refer",
            Level::Consider => "consider",
        }
    }

    fn parse(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|level| level.name() == name)
    }
}

/// One situation in which coaching is not the right help first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub level: Level,
    pub text: Cell,
}

/// A crisis line or service.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resource {
    pub name: String,
    pub region: String,
    pub phone: Option<String>,
    /// A number that takes text messages, and `text`, the message to send.
    pub sms: Option<String>,
    pub text: Option<String>,
    pub url: Option<String>,
    pub hours: Option<String>,
    pub note: Option<String>,
}

impl Resource {
    /// The `tel:` URL of the phone number: digits, with a leading `+` kept.
    pub fn tel(&self) -> Option<String> {
        let phone = self.phone.as_ref()?;
        let mut tel = String::from("tel:");
        for (i, c) in phone.trim().chars().enumerate() {
            if c.is_ascii_digit() || (c == '+' && i == 0) {
                tel.push(c);
            }
        }
        Some(tel)
    }

    /// The `sms:` URL of the text number, with the message as its `body`
    /// (RFC 5724), so that a phone opens a message ready to send.
    pub fn sms_url(&self) -> Option<String> {
        let number: String = self
            .sms
            .as_ref()?
            .trim()
            .chars()
            .enumerate()
            .filter(|&(i, c)| c.is_ascii_digit() || (c == '+' && i == 0))
            .map(|(_, c)| c)
            .collect();
        let mut url = format!("sms:{number}");
        if let Some(text) = self
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            url.push_str("?body=");
            url.extend(percent_encoding::utf8_percent_encode(
                text,
                percent_encoding::NON_ALPHANUMERIC,
            ));
        }
        Some(url)
    }
}

/// The call to action at the end of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub label: String,
    pub url: String,
    /// Where `url` is written in `referral.yaml`, for link errors.
    pub location: Location,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    label: String,
    url: Spanned<String>,
}

/// Validated referral guidelines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub title: String,
    /// Markdown guidance shown after the criteria.
    pub intro: Option<Cell>,
    /// One or two sentences shown in every page's footer.
    pub scope: String,
    /// In file order; the page groups them by level.
    pub criteria: Vec<Criterion>,
    pub resources: Vec<Resource>,
    pub contact: Option<Contact>,
}

impl Referral {
    /// Every piece of markdown (intro and criteria), for link resolution.
    pub fn cells(&self) -> impl Iterator<Item = &Cell> {
        self.intro
            .iter()
            .chain(self.criteria.iter().map(|c| &c.text))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    level: Spanned<String>,
    text: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResource {
    name: String,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    phone: Option<Spanned<String>>,
    #[serde(default)]
    sms: Option<Spanned<String>>,
    #[serde(default)]
    text: Option<Spanned<String>>,
    #[serde(default)]
    url: Option<Spanned<String>>,
    #[serde(default)]
    hours: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReferral {
    title: String,
    #[serde(default)]
    intro: Option<Spanned<String>>,
    scope: String,
    criteria: Spanned<Vec<RawCriterion>>,
    #[serde(default)]
    resources: Vec<Spanned<RawResource>>,
    #[serde(default)]
    contact: Option<RawContact>,
}

/// Parses and validates `referral.yaml`; returns every problem found.
pub fn parse_referral(source: &str, place: &YamlPlace) -> Result<Referral, Vec<Diagnostic>> {
    let raw: RawReferral = place.parse_as(source, "invalid-referral")?;
    let lines = place.lines();
    let mut errors = Vec::new();
    let mut next_cell = 0;
    let mut cell = |value: &Spanned<String>| {
        let index = next_cell;
        next_cell += 1;
        Cell {
            text: value.value.clone(),
            location: lines.at_spanned(value),
            links: scan_inline_links(&value.value),
            index,
        }
    };
    let intro = raw.intro.as_ref().map(&mut cell);
    if raw.criteria.value.is_empty() {
        errors.push(place.error(
            "referral-criteria",
            "the list of criteria is empty".to_string(),
            lines.at_spanned(&raw.criteria),
            "add criteria like `- { level: urgent, text: You have thoughts of suicide. }`",
        ));
    }
    let mut criteria = Vec::new();
    for criterion in &raw.criteria.value {
        let name = criterion.level.value.trim();
        match Level::parse(name) {
            Some(level) => criteria.push(Criterion {
                level,
                text: cell(&criterion.text),
            }),
            None => {
                let names = Level::ALL.map(Level::name);
                let help = match did_you_mean(name, names) {
                    Some(level) => format!("did you mean `{level}`?"),
                    None => "the levels are `urgent`, `refer` and `consider`".to_string(),
                };
                errors.push(place.error(
                    "referral-level",
                    format!("unknown level `{name}`"),
                    lines.at_spanned(&criterion.level),
                    &help,
                ));
            }
        }
    }
    let mut resources = Vec::new();
    for resource in &raw.resources {
        let value = &resource.value;
        if value.phone.is_none() && value.url.is_none() && value.sms.is_none() {
            errors.push(place.error(
                "referral-resource",
                format!(
                    "the resource `{}` has neither a phone number nor a url",
                    value.name
                ),
                lines.at_spanned(resource),
                "add `phone: \"988\"`, `sms: \"741741\"` or `url: https://...` so that people can reach it",
            ));
        }
        if let Some(phone) = &value.phone
            && !is_phone_number(&phone.value)
        {
            errors.push(place.error(
                    "referral-phone",
                    format!("`{}` is not a phone number", phone.value),
                    lines.at_spanned(phone),
                    "write digits, with spaces, dashes, dots, parentheses or a leading + (like \"988\" or \"+44 116 123\"); put words in `note:`",
                ));
        }
        if let Some(sms) = &value.sms
            && !is_phone_number(&sms.value)
        {
            errors.push(place.error(
                "referral-sms",
                format!("`{}` is not a number that takes text messages", sms.value),
                lines.at_spanned(sms),
                "write the number's digits (like \"741741\"); put the message to send in `text:`",
            ));
        }
        if let Some(text) = &value.text
            && value.sms.is_none()
        {
            errors.push(place.error(
                "referral-sms",
                format!(
                    "the resource `{}` has a `text:` but no `sms:` number to send it to",
                    value.name
                ),
                lines.at_spanned(text),
                "add the number that takes the message, like `sms: \"741741\"`, or remove `text:`",
            ));
        }
        if let Some(url) = &value.url
            && !crate::urls::is_web_address(&url.value)
        {
            errors.push(place.error(
                "referral-resource",
                format!("`{}` is not the address of a website", url.value.trim()),
                lines.at_spanned(url),
                "write the resource's whole web address, starting with `https://`, like `https://findahelpline.com`",
            ));
        }
        resources.push(Resource {
            name: value.name.trim().to_string(),
            region: value.region.clone().unwrap_or_default(),
            phone: value.phone.as_ref().map(|p| p.value.trim().to_string()),
            sms: value.sms.as_ref().map(|p| p.value.trim().to_string()),
            text: value.text.as_ref().map(|t| t.value.trim().to_string()),
            url: value.url.as_ref().map(|url| url.value.trim().to_string()),
            hours: value.hours.clone(),
            note: value.note.clone(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Referral {
        title: raw.title.trim().to_string(),
        intro,
        scope: raw.scope.trim().to_string(),
        criteria,
        resources,
        contact: raw.contact.map(|contact| Contact {
            label: contact.label,
            location: lines.at_spanned(&contact.url),
            url: contact.url.value,
        }),
    })
}

/// Digits with the separators people write; a `+` only at the start.
fn is_phone_number(text: &str) -> bool {
    let text = text.trim();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (2..=20).contains(&digits)
        && text
            .char_indices()
            .all(|(i, c)| c.is_ascii_digit() || " -.()".contains(c) || (c == '+' && i == 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_and_tel_links() {
        assert!(is_phone_number("988"));
        assert!(is_phone_number("+44 (0) 116-123"));
        assert!(!is_phone_number("call 988"));
        assert!(!is_phone_number("1"));
        let resource = Resource {
            phone: Some("+1 (800) 273-8255".into()),
            ..Resource::default()
        };
        assert_eq!(resource.tel().as_deref(), Some("tel:+18002738255"));
        let texting = Resource {
            sms: Some("741 741".into()),
            text: Some("HOME now".into()),
            ..Resource::default()
        };
        assert_eq!(
            texting.sms_url().as_deref(),
            Some("sms:741741?body=HOME%20now")
        );
    }

    #[test]
    fn levels_are_checked_with_a_suggestion() {
        let source = "title: T\nscope: S\ncriteria:\n  - { level: urgnet, text: x }\n";
        let place = YamlPlace {
            display: "content/referral.yaml",
            file_text: source,
            line_offset: 0,
        };
        let errors = parse_referral(source, &place).unwrap_err();
        assert_eq!(
            errors[0].position().as_deref(),
            Some("content/referral.yaml:4:14")
        );
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `urgent`?"));
    }
}
