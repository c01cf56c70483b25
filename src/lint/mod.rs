//! Lint: what hurts a coach's site without breaking it (an image without
//! alt text, a page without a description, a skipped heading level, a
//! placeholder link (`[book a session](#)`), a page
//! no visitor can click their way to, missing referral guidelines). Runs on
//! the linked site, so `build` and `check` report the same. Each lint has
//! a code; [`LINTS`] lists them all.
//!
//! - `pages.rs`: lints of one page at a time;
//! - `reach.rs`: which pages a visitor can reach;
//! - `data.rs`: lints of the data files;
//! - `scope.rs` (words in `scope_words.rs`): claims of clinical work;
//! - `placeholder.rs`: starter text nobody replaced;
//! - `settings.rs`: the levels `lints:` in `site.yaml` sets.
//! - `descriptions.rs`: pages that share one description.

mod data;
mod descriptions;
mod pages;
mod photos;
mod placeholder;
mod reach;
mod scope;
mod scope_words;
mod settings;

pub use placeholder::{PLACEHOLDER_TEXT, PLACEHOLDER_TEXT_TRANSLATED};
pub use settings::apply_levels;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::link::LinkedSite;

/// The `extra` key that marks a page as meant to be reached only from
/// outside the site (a thank-you page after a form, a campaign's landing
/// page), so that it is not reported as unreachable.
pub const UNLISTED_KEY: &str = "unlisted";

pub use crate::diagnostic::LINTS;

/// Every lint diagnostic of the site, in no particular order.
pub fn lint_site(config: &SiteConfig, site: &LinkedSite) -> Vec<Diagnostic> {
    let triggers = scope::Triggers::new();
    let mut found: Vec<Diagnostic> = site
        .pages
        .par_iter()
        .flat_map_iter(|page| {
            let mut found = Vec::new();
            pages::missing_alt(page, &mut found);
            pages::missing_description(config, page, &mut found);
            pages::skipped_heading_levels(page, &mut found);
            if !config.practice.licensed {
                scope::page_scope_claims(&triggers, page, &mut found);
            }
            pages::empty_links(page, &mut found);
            found
        })
        .collect();
    reach::unreachable_pages(config, site, &mut found);
    data::missing_referral(config, site, &mut found);
    data::unused_data(site, &mut found);
    // A licensed clinician may say what a coach may not.
    if !config.practice.licensed {
        scope::comparison_scope_claims(site, &mut found);
    }
    placeholder::placeholder_text(config, site, &mut found);
    // The theme's words the site's language lacks, each key once.
    found.extend(config.strings.warnings().iter().cloned());
    if !config.practice.licensed {
        scope::english_only(config, &mut found);
    }
    descriptions::duplicate_descriptions(config, site, &mut found);
    photos::large_images(config, site, &mut found);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lint_has_one_entry() {
        let mut codes: Vec<&str> = LINTS.iter().map(|(code, _)| *code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), LINTS.len());
    }
}
