//! Link: gives every page its address, then resolves every link between
//! pages (relative file links, site paths, wikilinks and `#anchors`),
//! collects backlinks and tags, and reports every broken link with its
//! place. Its result, [`LinkedSite`], is the model every later stage reads.
//!
//! - `site.rs`: the model ([`LinkedSite`], [`SitePage`], [`Target`], ...);
//! - `place.rs`: addresses, sections, tags, aliases, copied files, and the
//!   one owner of every output file;
//! - `tags.rs`: the articles of each tag, under one spelling of its name;
//! - `index.rs`: the lookup tables links are resolved against;
//! - `resolve.rs`: resolving the links of pages and data files;
//! - `settings.rs`: the links of `site.yaml` and the referral contact;
//! - `backlinks.rs`: gathering what resolving found into the site;
//! - `related.rs`: each article's related reading;
//! - `describe.rs`: every page's description, written from its content
//!   where the page has none of its own.

mod address;
mod backlinks;
mod describe;
mod index;
mod photos;
mod place;
mod related;
mod relink;
mod resolve;
mod settings;
mod site;
mod tags;

pub use crate::paths::{comparison_path, tag_path};
pub use describe::{
    DESCRIPTION_LENGTH, Described, DescriptionSource, comparisons_description, every_description,
    not_found_description, page_description, referral_description, tag_description,
    tags_description,
};
pub use photos::{HEADSHOT_WIDTH, LAYOUT_WIDTH, PhotoUse, photo_file, photo_uses};
pub use place::{has_address, search_enabled, sort_pages};
pub use relink::{KeptIndex, link_new_page, relink_page};
pub use site::{
    Alias, CellLinks, GLOSSARY_TITLE, LATEST_COUNT, LinkedSite, PlacedAsset, PlacedPhoto,
    RESOURCES_ANCHOR, ResolvedEmbed, ResolvedLink, SettingsLink, SiteComparison, SiteGlossary,
    SitePage, SiteReferral, SiteServices, Stylesheet, TagGroup, Target,
};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::load::Asset;
use crate::parse::{ParsedData, ParsedPages};

use index::LinkIndex;
use resolve::{SourceLinks, resolve_data_file, resolve_page};

/// Places pages, comparisons and assets, then resolves all links.
pub fn link_site(
    config: &SiteConfig,
    parsed: ParsedPages,
    data: ParsedData,
    assets: Vec<Asset>,
    static_files: &[Asset],
) -> (LinkedSite, Vec<Diagnostic>) {
    let (site, diagnostics, index) =
        link_site_keeping_index(config, parsed, data, assets, static_files);
    // The lookup tables are large on a large site: freed on another thread
    // while this one goes on.
    rayon::spawn(move || drop(index));
    (site, diagnostics)
}

/// [`link_site`], keeping its lookup tables for [`relink_page`].
pub fn link_site_keeping_index(
    config: &SiteConfig,
    parsed: ParsedPages,
    data: ParsedData,
    assets: Vec<Asset>,
    static_files: &[Asset],
) -> (LinkedSite, Vec<Diagnostic>, KeptIndex) {
    let static_paths: Vec<String> = static_files
        .iter()
        .map(|file| format!("/{}", file.path))
        .collect();
    let mut diagnostics = Vec::new();
    let ParsedPages { pages, unpublished } = parsed;
    let invalid_files = data.invalid_files.clone();
    let mut site = place::place_site(config, pages, data, assets, static_files, &mut diagnostics);

    let mut index = LinkIndex::new(&site, &static_paths);
    index.referral_file_exists = site.has_referral_file;
    index.invalid_files = invalid_files.into_iter().collect();
    index.add_unpublished(&unpublished);
    let pages: Vec<SourceLinks> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| resolve_page(config, &index, &site, i, page))
        .collect();
    let comparisons: Vec<SourceLinks> = site
        .comparisons
        .par_iter()
        .enumerate()
        .map(|(i, comparison)| {
            let cells = comparison.parsed.comparison.cells();
            resolve_data_file(
                config,
                &index,
                &site,
                Target::Comparison(i),
                &comparison.parsed.file,
                cells,
            )
        })
        .collect();
    let referral = site.referral.as_ref().map(|referral| {
        let cells = referral.parsed.referral.cells();
        resolve_data_file(
            config,
            &index,
            &site,
            Target::Referral,
            &referral.parsed.file,
            cells,
        )
    });
    let glossary = site.glossary.as_ref().map(|glossary| {
        let cells = glossary.parsed.glossary.cells();
        resolve_data_file(
            config,
            &index,
            &site,
            Target::Glossary,
            &glossary.parsed.file,
            cells,
        )
    });
    let services = site.services.as_ref().map(|services| {
        resolve_data_file(
            config,
            &index,
            &site,
            Target::Services,
            &services.parsed.file,
            services.parsed.data.cells(),
        )
    });
    if let Some(found) = services {
        diagnostics.extend(found.errors);
        if let Some(site_services) = site.services.as_mut() {
            site_services.links = found.cell_links;
        }
    }
    licensed_testimonials(config, &site, &mut diagnostics);
    let (settings_links, settings_errors) = settings::resolve_settings_links(config, &index, &site);
    site.settings_links = settings_links;
    diagnostics.extend(settings_errors);
    let found = backlinks::Resolved {
        pages,
        comparisons,
        referral,
        glossary,
    };
    backlinks::gather(&mut site, found, &unpublished, &mut diagnostics);
    let related = related::related_articles(&site);
    for (page, related) in site.pages.iter_mut().zip(related) {
        page.related = related;
    }
    (site, diagnostics, KeptIndex(index))
}

/// A licensed practice may not publish testimonials: one error at each.
fn licensed_testimonials(
    config: &SiteConfig,
    site: &LinkedSite,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(testimonials) = site
        .testimonials
        .as_ref()
        .filter(|_| config.practice.licensed)
    else {
        return;
    };
    let display = testimonials.file.display_path();
    for testimonial in &testimonials.data.testimonials {
        diagnostics.push(
            Diagnostic::error(
                "licensed-testimonials",
                format!(
                    "a licensed practice (`practice: {{ licensed: true }}` in site.yaml) publishes the testimonial of {}",
                    testimonial.name
                ),
            )
            .in_file(&display)
            .at(testimonial.location.clone())
            .help("the codes of ethics of licensed therapists (APA, ACA, NASW and most licensing boards) bar soliciting testimonials from current or former clients, who may feel unable to refuse; delete content/testimonials.yaml (or empty it) and remove any `testimonials` block from your pages"),
        );
    }
}
