//! Testimonials: `content/testimonials.yaml`, clients' words with the date
//! of their written consent, and the ```` ```testimonials ```` block that
//! shows a few of them; validated with line and column.

use serde::Deserialize;

use super::comparison::YamlPlace;
use super::services::is_blank_yaml;
use crate::diagnostic::{Diagnostic, Location};
use crate::yaml::Spanned;

/// The testimonials file, relative to `content/`.
pub const TESTIMONIALS_FILE: &str = "testimonials.yaml";

/// One client's words, as they agreed to be quoted and named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Testimonial {
    pub quote: String,
    pub name: String,
    pub context: Option<String>,
    /// The date of the client's written consent, `YYYY-MM-DD`.
    pub consent: String,
    /// Where the testimonial starts, for errors about it as a whole.
    pub location: Location,
}

/// The validated testimonials file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Testimonials {
    pub testimonials: Vec<Testimonial>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTestimonial {
    #[serde(default)]
    quote: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    context: Option<String>,
    #[serde(default)]
    consent: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTestimonials {
    #[serde(default)]
    testimonials: Vec<Spanned<RawTestimonial>>,
}

/// Parses and validates `testimonials.yaml`; returns every problem found.
pub fn parse_testimonials(
    source: &str,
    place: &YamlPlace,
) -> Result<Testimonials, Vec<Diagnostic>> {
    if is_blank_yaml(source) {
        return Ok(Testimonials::default());
    }
    let raw: RawTestimonials = place.parse_as(source, "invalid-testimonials")?;
    let lines = place.lines();
    let mut errors = Vec::new();
    let mut testimonials = Vec::new();
    for item in &raw.testimonials {
        let value = &item.value;
        let location = lines.at_spanned(item);
        let quote = value.quote.as_deref().map(str::trim).unwrap_or_default();
        let name = value.name.as_deref().map(str::trim).unwrap_or_default();
        for (missing, key, example) in [
            (
                quote.is_empty(),
                "quote",
                "quote: Working with you helped me act on a plan.",
            ),
            (name.is_empty(), "name", "name: J. R."),
        ] {
            if missing {
                errors.push(place.error(
                    "invalid-testimonials",
                    format!("this testimonial has no `{key}`"),
                    location.clone(),
                    &format!("add `{example}`"),
                ));
            }
        }
        let who = if name.is_empty() { "this client" } else { name };
        let consent = match &value.consent {
            None => {
                errors.push(place.error(
                    "testimonial-consent",
                    format!("the testimonial of {who} has no `consent` date"),
                    location.clone(),
                    "publish a client's words only with their written consent: add the date you received it, like `consent: 2025-11-03`, or remove the testimonial",
                ));
                continue;
            }
            Some(consent) => {
                let text = consent.value.trim();
                if text.parse::<jiff::civil::Date>().is_err() || text.len() != 10 {
                    errors.push(place.error(
                        "testimonial-consent",
                        format!("`{text}` is not a date"),
                        lines.at_spanned(consent),
                        "write the date of the client's written consent as YYYY-MM-DD, like `consent: 2025-11-03`",
                    ));
                    continue;
                }
                text.to_string()
            }
        };
        testimonials.push(Testimonial {
            quote: quote.to_string(),
            name: name.to_string(),
            context: value
                .context
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            consent,
            location,
        });
    }
    if errors.is_empty() {
        Ok(Testimonials { testimonials })
    } else {
        Err(errors)
    }
}

/// A ```` ```testimonials ```` block: how many to show (all when not given).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TestimonialsBlock {
    pub count: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTestimonialsBlock {
    #[serde(default)]
    count: Option<usize>,
}

/// Parses the YAML of a ```` ```testimonials ```` block.
pub fn parse_block(source: &str, place: &YamlPlace) -> Result<TestimonialsBlock, Vec<Diagnostic>> {
    if is_blank_yaml(source) {
        return Ok(TestimonialsBlock::default());
    }
    let raw: RawTestimonialsBlock = place.parse_as(source, "invalid-testimonials")?;
    Ok(TestimonialsBlock { count: raw.count })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<Testimonials, Vec<Diagnostic>> {
        let place = YamlPlace {
            display: "content/testimonials.yaml",
            file_text: source,
            line_offset: 0,
        };
        parse_testimonials(source, &place)
    }

    #[test]
    fn consent_is_a_required_date() {
        let good =
            parse("testimonials:\n  - { quote: Q, name: A, consent: 2025-11-03 }\n").unwrap();
        assert_eq!(good.testimonials[0].consent, "2025-11-03");
        let errors = parse("testimonials:\n  - { quote: Q, name: A }\n").unwrap_err();
        assert_eq!(errors[0].code, "testimonial-consent");
        assert_eq!(
            errors[0].position().as_deref(),
            Some("content/testimonials.yaml:2:5")
        );
        let errors =
            parse("testimonials:\n  - { quote: Q, name: A, consent: soon }\n").unwrap_err();
        assert_eq!(errors[0].code, "testimonial-consent");
        assert!(
            parse("# testimonials:\n#   - quote: Q\n")
                .unwrap()
                .testimonials
                .is_empty()
        );
    }
}
