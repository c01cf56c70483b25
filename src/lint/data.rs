//! Lints of the site's data files: no referral guidelines on a site with
//! articles (`missing-referral`), a YAML file Hearth does not use
//! (`unused-data`).

use crate::config::{CONTENT_DIR, SiteConfig};
use crate::diagnostic::Diagnostic;
use crate::link::LinkedSite;
use crate::parse::PageKind;
use crate::parse::referral::REFERRAL_FILE;

/// A site with articles should say when coaching is not the right help:
/// without `referral.yaml` it gets a warning, or an error when
/// `referral: { required: true }`.
pub(super) fn missing_referral(
    config: &SiteConfig,
    site: &LinkedSite,
    found: &mut Vec<Diagnostic>,
) {
    let has_articles = site
        .pages
        .iter()
        .any(|page| page.parsed.kind == PageKind::Page && !page.folder.is_empty());
    if site.has_referral_file || !has_articles {
        return;
    }
    let message = "the site has articles but no referral guidelines (content/referral.yaml)";
    let help =
        "add content/referral.yaml to say when someone should see a therapist first; see README.md";
    let diagnostic = if config.referral.required {
        Diagnostic::error("missing-referral", message)
    } else {
        Diagnostic::warning("missing-referral", message)
    };
    found.push(
        diagnostic
            .in_file(format!("{CONTENT_DIR}/{REFERRAL_FILE}"))
            .help(help),
    );
}

/// A YAML file that is neither a comparison, the referral guidelines nor
/// the glossary.
pub(super) fn unused_data(site: &LinkedSite, found: &mut Vec<Diagnostic>) {
    for path in &site.unused_data {
        found.push(
            Diagnostic::warning("unused-data", "Hearth does not use this YAML file")
                .in_file(format!("{CONTENT_DIR}/{path}"))
                .help("comparisons go in content/comparisons/, referral guidelines in content/referral.yaml, the glossary in content/glossary.yaml, site settings in content/site.yaml"),
        );
    }
}
