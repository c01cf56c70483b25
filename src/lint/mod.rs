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
use crate::parse::ParsedPage;

/// The `extra` key that marks a page as meant to be reached only from
/// outside the site (a thank-you page after a form, a campaign's landing
/// page), so that it is not reported as unreachable.
pub const UNLISTED_KEY: &str = "unlisted";

pub use crate::diagnostic::LINTS;

/// The lint checks of one page that read its text. `build` runs them as
/// each page is parsed, before it lets go of the body's text
/// ([`ParsedPage::release_body_text`]); [`lint_site`] runs them for every
/// page whose text is still held. Either way a page gets the same warnings.
pub struct PageLints {
    triggers: scope::Triggers,
    phrases: Option<placeholder::PhraseFinder>,
}

impl Default for PageLints {
    fn default() -> PageLints {
        PageLints::new()
    }
}

impl PageLints {
    pub fn new() -> PageLints {
        PageLints {
            triggers: scope::Triggers::new(),
            phrases: placeholder::PhraseFinder::new(),
        }
    }

    /// Every warning of these checks for `page`, in no particular order.
    pub fn check(&self, config: &SiteConfig, page: &ParsedPage) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        pages::missing_alt(page, &mut found);
        pages::remote_images(page, &mut found);
        pages::missing_description(config, page, &mut found);
        pages::skipped_heading_levels(page, &mut found);
        if !config.practice.licensed {
            scope::page_scope_claims(&self.triggers, page, &mut found);
        }
        pages::empty_links(page, &mut found);
        if let Some(phrases) = &self.phrases {
            placeholder::placeholder_text_in_page(phrases, page, &mut found);
        }
        found
    }
}

/// Every lint diagnostic of the site, in no particular order; the checks
/// of [`PageLints`] only for the pages whose text is still held.
pub fn lint_site(config: &SiteConfig, site: &LinkedSite) -> Vec<Diagnostic> {
    let page_lints = PageLints::new();
    let mut found: Vec<Diagnostic> = site
        .pages
        .par_iter()
        .filter(|page| !page.parsed.body_released())
        .flat_map_iter(|page| page_lints.check(config, &page.parsed))
        .collect();
    if let Some(phrases) = &page_lints.phrases {
        placeholder::placeholder_text_in_settings(phrases, config, &mut found);
    }
    reach::unreachable_pages(config, site, &mut found);
    data::missing_referral(config, site, &mut found);
    data::unused_data(site, &mut found);
    // A licensed clinician may say what a coach may not.
    if !config.practice.licensed {
        scope::comparison_scope_claims(site, &mut found);
    }
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
