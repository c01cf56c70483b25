//! The lookup tables that links are resolved against, built once per
//! build: targets by file, site path, title and slug; anchors; assets and
//! generated files; and the drafts and broken files, so that a link to one
//! says what is wrong with it.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::parse::{EmbedKind, Unpublished};
use crate::paths::{COMPARISONS, GENERATED_FILES, tag_path};

use super::site::{LinkedSite, RESOURCES_ANCHOR, SitePage, Target};

/// Lookup tables for resolving links, built once per build.
pub(super) struct LinkIndex {
    pub(super) by_file: FastMap<String, Target>,
    pub(super) by_name: FastMap<String, Vec<Target>>,
    pub(super) by_path: FastMap<String, Target>,
    pub(super) comparisons: FastMap<String, usize>,
    pub(super) assets: FastMap<String, String>,
    pub(super) known_paths: FastSet<String>,
    pub(super) anchors: FastMap<Target, FastSet<String>>,
    /// `referral.yaml` exists (it may have failed validation).
    pub(super) referral_file_exists: bool,
    /// Data files that failed validation; their own errors are reported.
    pub(super) invalid_files: FastSet<String>,
    /// Markdown files that are not pages of this build: drafts, and files
    /// whose front matter failed.
    pub(super) unpublished: Vec<Unpublished>,
    /// Their index in `unpublished`, by file and by lookup name.
    pub(super) unpublished_by_file: FastMap<String, usize>,
    pub(super) unpublished_by_name: FastMap<String, usize>,
    pub(super) unpublished_by_path: FastMap<String, usize>,
}

/// Tables for the lookup index: tens of thousands of string keys on a large
/// site, hashed with ahash, several times faster than the default SipHash
/// (whose protection against crafted keys a site's own files do not need).
pub(super) type FastMap<K, V> = HashMap<K, V, ahash::RandomState>;

/// A set hashed like [`FastMap`].
pub(super) type FastSet<K> = HashSet<K, ahash::RandomState>;

impl LinkIndex {
    pub(super) fn new(site: &LinkedSite, static_paths: &[String]) -> LinkIndex {
        let mut index = LinkIndex {
            by_file: FastMap::default(),
            by_name: FastMap::default(),
            by_path: FastMap::default(),
            comparisons: FastMap::default(),
            assets: site
                .assets
                .iter()
                .map(|a| (a.asset.path.clone(), a.path.clone()))
                .collect(),
            // `/comparisons/` is written only when there are comparisons.
            known_paths: GENERATED_FILES
                .iter()
                .filter(|&&path| path != COMPARISONS || !site.comparisons.is_empty())
                .map(|s| s.to_string())
                .collect(),
            anchors: FastMap::default(),
            referral_file_exists: false,
            invalid_files: FastSet::default(),
            unpublished: Vec::new(),
            unpublished_by_file: FastMap::default(),
            unpublished_by_name: FastMap::default(),
            unpublished_by_path: FastMap::default(),
        };
        // Each page's names and anchors in parallel; the tables in order.
        let per_page: Vec<(Vec<String>, FastSet<String>)> = site
            .pages
            .par_iter()
            .map(|page| {
                let file = &page.parsed.file.path;
                let stem = file.trim_end_matches(".md");
                let mut names = vec![stem.to_string()];
                if page.parsed.is_bundle() {
                    names.push(page.parsed.file.folder().to_string());
                }
                // The file name alone, as `[[my-file-name]]` is written,
                // whatever the `slug:` says (a bundle goes by its folder's).
                let own_name = match stem.strip_suffix("/index") {
                    Some(folder) => folder.rsplit('/').next(),
                    None => stem.rsplit('/').next().filter(|name| *name != "_index"),
                };
                names.extend(own_name.map(str::to_string));
                (
                    lookup_names(&page.path, page.title(), names),
                    anchors_of(page),
                )
            })
            .collect();
        index.anchors.reserve(site.pages.len());
        for (i, (page, (names, ids))) in site.pages.iter().zip(per_page).enumerate() {
            let target = Target::Page(i);
            index.add_named(target, &page.parsed.file.path, &page.path, names);
            index.anchors.insert(target, ids);
        }
        for (i, comparison) in site.comparisons.iter().enumerate() {
            let target = Target::Comparison(i);
            let id = &comparison.parsed.comparison.id;
            index.comparisons.insert(id.clone(), i);
            let title = &comparison.parsed.comparison.title;
            let names = vec![
                comparison
                    .parsed
                    .file
                    .path
                    .trim_end_matches(".yaml")
                    .to_string(),
            ];
            index.add(
                target,
                &comparison.parsed.file.path,
                &comparison.path,
                title,
                names,
            );
        }
        if let Some(referral) = &site.referral {
            let data = &referral.parsed.referral;
            index.add(
                Target::Referral,
                &referral.parsed.file.path,
                &referral.path,
                &data.title,
                vec!["referral".to_string()],
            );
            let mut anchors: FastSet<String> = data
                .criteria
                .iter()
                .map(|c| c.level.name().to_string())
                .collect();
            if !data.resources.is_empty() {
                anchors.insert(RESOURCES_ANCHOR.to_string());
            }
            index.anchors.insert(Target::Referral, anchors);
        }
        if let Some(glossary) = &site.glossary {
            let data = &glossary.parsed.glossary;
            index.add(
                Target::Glossary,
                &glossary.parsed.file.path,
                &glossary.path,
                super::site::GLOSSARY_TITLE,
                vec!["glossary".to_string()],
            );
            let anchors = data.terms.iter().map(|term| term.id.clone()).collect();
            index.anchors.insert(Target::Glossary, anchors);
        }
        if let Some(services) = &site.services {
            index.add(
                Target::Services,
                &services.parsed.file.path,
                crate::paths::SERVICES,
                "Services",
                vec!["services".to_string()],
            );
            let ids = services
                .parsed
                .data
                .services
                .iter()
                .map(|s| s.id.clone())
                .collect();
            index.anchors.insert(Target::Services, ids);
        }
        if site.testimonials.is_some() {
            index
                .known_paths
                .insert(crate::paths::TESTIMONIALS.to_string());
        }
        let known = &mut index.known_paths;
        known.extend(site.tags.iter().map(|tag| tag_path(&tag.slug)));
        known.extend(
            site.aliases
                .iter()
                .map(|alias| format!("/{}", alias.file.trim_end_matches("index.html"))),
        );
        known.extend(static_paths.iter().cloned());
        known.extend(site.assets.iter().map(|asset| asset.path.clone()));
        index
    }

    /// Registers the drafts and failed files, so that links to them say so.
    /// A name that a published page has is left to the page.
    pub(super) fn add_unpublished(&mut self, unpublished: &[Unpublished]) {
        for (i, file) in unpublished.iter().enumerate() {
            self.unpublished_by_file.insert(file.path.clone(), i);
            if let Some(path) = super::place::unpublished_path(file)
                && !self.by_path.contains_key(&path)
            {
                self.unpublished_by_path.entry(path).or_insert(i);
            }
            let stem = file.path.trim_end_matches(".md");
            let mut names = vec![stem.rsplit('/').next().unwrap_or(stem).to_string()];
            if let Some(folder) = stem.strip_suffix("/index") {
                names.push(folder.rsplit('/').next().unwrap_or(folder).to_string());
            }
            names.extend(file.title.clone());
            names.extend(file.slug.clone());
            for name in names {
                let name = name.trim().to_lowercase();
                if !name.is_empty() && !self.by_name.contains_key(&name) {
                    self.unpublished_by_name.entry(name).or_insert(i);
                }
            }
        }
        self.unpublished = unpublished.to_vec();
    }

    /// Registers a target under its file, path, title, slug and extra names.
    pub(super) fn add(
        &mut self,
        target: Target,
        file: &str,
        path: &str,
        title: &str,
        names: Vec<String>,
    ) {
        let names = lookup_names(path, title, names);
        self.add_named(target, file, path, names);
    }

    /// Registers a target under its file, its path and the names from
    /// [`lookup_names`].
    pub(super) fn add_named(&mut self, target: Target, file: &str, path: &str, names: Vec<String>) {
        self.by_file.insert(file.to_string(), target);
        self.by_path.insert(path.to_string(), target);
        for name in names {
            self.by_name.entry(name).or_default().push(target);
        }
    }
}

/// The names a wikilink can use for a target: its title, slug and extra
/// names, lowercased, sorted, without repeats.
/// The anchors a page gives links: its headings' ids, and the questions of
/// its FAQ blocks.
pub(super) fn anchors_of(page: &SitePage) -> FastSet<String> {
    let questions = page
        .parsed
        .embeds
        .iter()
        .flat_map(|embed| match &embed.kind {
            EmbedKind::Faq(faq) => faq.entries.as_slice(),
            _ => &[],
        });
    page.parsed
        .body
        .headings
        .iter()
        .map(|h| h.id.clone())
        .chain(questions.map(|q| q.id.clone()))
        .collect()
}

pub(super) fn lookup_names(path: &str, title: &str, mut names: Vec<String>) -> Vec<String> {
    names.push(title.to_string());
    if let Some(last) = path.trim_end_matches('/').rsplit('/').next() {
        names.push(last.to_string());
    }
    let mut names: Vec<String> = names
        .into_iter()
        .filter(|n| !n.is_empty())
        .map(|n| n.to_lowercase())
        .collect();
    names.sort();
    names.dedup();
    names
}
