//! Template checks before rendering: every template the site needs
//! exists, each missing one reported once, at the front matter that names
//! it.

use super::*;

/// Every template a page needs must exist: checked before rendering so that
/// each missing one is reported once, at the front matter that names it.
pub(super) fn check_templates(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut needed: BTreeMap<&str, String> = BTreeMap::new();
    for page in &site.pages {
        match &page.parsed.front.template {
            Some(template) if !templates.contains(&template.value) => {
                let mut diagnostic = Diagnostic::error(
                    "missing-template",
                    format!("there is no template `{}`", template.value),
                )
                .in_file(page.parsed.file.display_path())
                .at(template.location.clone());
                diagnostic = match did_you_mean(&template.value, templates.names()) {
                    Some(name) => diagnostic.help(format!("did you mean `{name}`?")),
                    None => diagnostic.help(format!(
                        "add it to the site's `templates/` folder; the templates are: {}",
                        templates.names().join(", ")
                    )),
                };
                errors.push(diagnostic);
            }
            Some(_) => {}
            None => {
                needed
                    .entry(page.default_template())
                    .or_insert_with(|| page.parsed.file.display_path());
            }
        }
    }
    if !site.tags.is_empty() {
        needed
            .entry("tag.html")
            .or_insert_with(|| "the tag pages".to_string());
    }
    if !site.comparisons.is_empty() {
        needed
            .entry("comparison.html")
            .or_insert_with(|| "the comparison pages".to_string());
    }
    let embeds_inline = site
        .pages
        .iter()
        .flat_map(|p| p.embeds.values())
        .any(|e| matches!(e, ResolvedEmbed::Inline { .. }));
    if !site.comparisons.is_empty() || embeds_inline {
        needed
            .entry(TABLE_PARTIAL)
            .or_insert_with(|| "the comparison tables".to_string());
    }
    if site.referral.is_some() {
        needed
            .entry("referral.html")
            .or_insert_with(|| "the referral page".to_string());
    }
    if site.glossary.is_some() {
        needed
            .entry("glossary.html")
            .or_insert_with(|| "the glossary page".to_string());
    }
    let embeds_referral = site
        .pages
        .iter()
        .flat_map(|p| p.embeds.values())
        .any(|e| matches!(e, ResolvedEmbed::Referral));
    if embeds_referral {
        needed
            .entry(CALLOUT_PARTIAL)
            .or_insert_with(|| "the referral callout".to_string());
    }
    let embeds = || site.pages.iter().flat_map(|p| p.embeds.values());
    if site.services.is_some() {
        needed
            .entry("services.html")
            .or_insert_with(|| "the services page".to_string());
    }
    if site.services.is_some() || embeds().any(|e| matches!(e, ResolvedEmbed::Services(_))) {
        needed
            .entry(practice::SERVICES_PARTIAL)
            .or_insert_with(|| "the service cards".to_string());
    }
    if site.testimonials.is_some() {
        needed
            .entry("testimonials.html")
            .or_insert_with(|| "the testimonials page".to_string());
        needed
            .entry(practice::TESTIMONIALS_PARTIAL)
            .or_insert_with(|| "the testimonial quotes".to_string());
    }
    needed
        .entry("comparisons.html")
        .or_insert_with(|| "the comparison index".to_string());
    needed
        .entry("tags.html")
        .or_insert_with(|| "the tag index".to_string());
    needed
        .entry("404.html")
        .or_insert_with(|| "the 404 page".to_string());
    if crate::link::search_enabled(config, &site.pages) {
        needed
            .entry(super::search_page::SEARCH_TEMPLATE)
            .or_insert_with(|| {
                "the search page (`search: false` in site.yaml turns it off)".to_string()
            });
    }
    for (name, wanted_by) in needed {
        if !templates.contains(name) {
            errors.push(
                Diagnostic::error(
                    "missing-template",
                    format!("the theme has no template `{name}`, needed by {wanted_by}"),
                )
                .help(format!(
                    "add `{name}` to the theme's templates or to the site's `templates/` folder"
                )),
            );
        }
    }
    errors
}
