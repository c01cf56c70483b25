//! Placing: the address of every page (from its folder, file name or
//! `slug:`), its section, the tags, aliases and copied files, and the one
//! owner of every output file (see [`crate::paths::OutputOwners`]).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::load::Asset;
use crate::parse::{PageKind, ParsedData, ParsedPage, SortBy, Unpublished};
use crate::paths::{self, Listing, OutputOwners, Owner, comparison_path, tag_path};
use crate::photo;

use super::site::{
    Alias, LinkedSite, PlacedAsset, PlacedPhoto, SiteComparison, SiteGlossary, SitePage,
    SiteReferral, Stylesheet, TagGroup,
};

/// Gives every page, comparison, tag, alias and copied file its address,
/// and checks that every output file has one owner. Hearth's own files are
/// claimed first, then the files whose addresses come from their names,
/// then the pages, whose `slug:` or alias is then what has to change. A
/// source that loses its claim stays in the site, so that links to it are
/// not reported as broken too: the build fails on the claim.
pub(super) fn place_site(
    config: &SiteConfig,
    parsed: Vec<Arc<ParsedPage>>,
    data: ParsedData,
    assets: Vec<Asset>,
    static_files: &[Asset],
    diagnostics: &mut Vec<Diagnostic>,
) -> LinkedSite {
    let mut owners =
        OutputOwners::with_capacity(parsed.len() + assets.len() + static_files.len() + 16);
    let marker = format!("/{}", paths::MARKER);
    for (path, what) in [
        (paths::FEED, "the Atom feed"),
        (paths::SITEMAP, "the sitemap"),
        (paths::ROBOTS, "robots.txt"),
        (paths::TAGS, "the list of tags"),
        (
            paths::REDIRECTS,
            "the redirect rules hearth writes from the pages' `aliases:`",
        ),
        (
            paths::HEADERS,
            "the response headers hearth writes for Netlify and Cloudflare Pages",
        ),
        (marker.as_str(), "the output folder's marker"),
    ] {
        claim(&mut owners, path, Owner::generated(what), diagnostics);
    }
    // The list of comparisons exists only when there is one to list.
    if !data.comparisons.is_empty() {
        let owner = Owner::generated("the list of comparisons");
        claim(&mut owners, paths::COMPARISONS, owner, diagnostics);
    }
    // A page that says `noindex`: never in the sitemap.
    let not_found = Owner::generated("the page for unknown addresses");
    claim_listed(
        &mut owners,
        paths::NOT_FOUND,
        not_found,
        Listing::Hidden,
        diagnostics,
    );
    // The theme's static files have fixed addresses too; the site's own
    // (`static/`) are claimed last, as they are the newer choice.
    let root = crate::files::SiteRoot::new(&config.root);
    let theme = config.theme_dir();
    let (theme_files, site_files): (Vec<&Asset>, Vec<&Asset>) = static_files
        .iter()
        .partition(|file| file.source.starts_with(&theme));
    let claim_static =
        |files: Vec<&Asset>, owners: &mut OutputOwners, diagnostics: &mut Vec<Diagnostic>| {
            for file in files {
                let owner = Owner::source(root.display(&file.source), None);
                let path = format!("/{}", file.path);
                claim_listed(owners, &path, owner, Listing::File, diagnostics);
            }
        };
    claim_static(theme_files, &mut owners, diagnostics);
    let stylesheet = place_stylesheet(config, static_files, &mut owners, diagnostics);
    for parsed in &data.comparisons {
        let path = comparison_path(&parsed.comparison.id);
        let owner = Owner::source(parsed.file.display_path(), None);
        claim(&mut owners, &path, owner, diagnostics);
    }
    if let Some(parsed) = &data.glossary {
        let owner = Owner::source(parsed.file.display_path(), None);
        claim(&mut owners, paths::GLOSSARY, owner, diagnostics);
    }
    // Services and testimonials have fixed addresses, like comparisons.
    for (path, file) in [
        (
            paths::SERVICES,
            data.services.as_ref().map(|parsed| &parsed.file),
        ),
        (
            paths::TESTIMONIALS,
            data.testimonials.as_ref().map(|parsed| &parsed.file),
        ),
    ] {
        if let Some(file) = file {
            claim(
                &mut owners,
                path,
                Owner::source(file.display_path(), None),
                diagnostics,
            );
        }
    }
    let claim_referral = |owners: &mut OutputOwners, diagnostics: &mut Vec<Diagnostic>| {
        if let Some(parsed) = &data.referral {
            // Its address comes from `site.yaml` when it is chosen there.
            let owner = match &config.referral.location {
                Some(location) => Owner {
                    what: parsed.file.display_path(),
                    file: Some(crate::config::SITE_FILE.to_string()),
                    location: Some(location.clone()),
                },
                None => Owner::source(parsed.file.display_path(), None),
            };
            claim(owners, &config.referral.path, owner, diagnostics);
        }
    };
    // The referral page's default address is claimed before the pages; an
    // address chosen in `site.yaml` after them, as that choice is newer.
    let referral_first = config.referral.location.is_none();
    if referral_first {
        claim_referral(&mut owners, diagnostics);
    }
    let success_pages: Vec<&str> = config.forms.success_links().map(|(path, _)| path).collect();
    let mut pages = place_pages(parsed, &success_pages, &mut owners, diagnostics);
    if !referral_first {
        claim_referral(&mut owners, diagnostics);
    }
    assign_sections(&mut pages);
    if search_enabled(config, &pages) {
        let (page, index) = (paths::SEARCH, paths::SEARCH_BUNDLE);
        let owner = Owner::generated("the search page");
        claim_listed(&mut owners, page, owner, Listing::Hidden, diagnostics);
        let owner = Owner::generated("the search index (`search:` in site.yaml)");
        reported(owners.claim_folder(index, owner), diagnostics);
    }
    let tags = super::tags::collect_tags(&config.language, &mut pages, diagnostics);
    for tag in &tags {
        let what = format!("the page of the tag `{}`", tag.name);
        claim(
            &mut owners,
            &tag_path(&tag.slug),
            Owner::generated(&what),
            diagnostics,
        );
    }
    claim_share_images(config, &pages, &tags, &data, &mut owners, diagnostics);
    let aliases = place_aliases(&pages, &mut owners, diagnostics);
    let assets = place_assets(config, &pages, assets, &mut owners, diagnostics);
    claim_static(site_files, &mut owners, diagnostics);
    LinkedSite {
        sitemap: owners.sitemap(),
        stylesheet,
        referral: data.referral.map(|parsed| SiteReferral {
            parsed,
            path: config.referral.path.clone(),
            links: HashMap::new(),
            backlinks: Vec::new(),
        }),
        services: data.services.map(|parsed| super::site::SiteServices {
            parsed,
            links: HashMap::new(),
        }),
        testimonials: data.testimonials,
        comparisons: data
            .comparisons
            .into_iter()
            .map(|parsed| SiteComparison {
                path: comparison_path(&parsed.comparison.id),
                parsed,
                links: HashMap::new(),
                backlinks: Vec::new(),
            })
            .collect(),
        glossary: data.glossary.map(|parsed| SiteGlossary {
            parsed,
            path: paths::GLOSSARY.to_string(),
            links: HashMap::new(),
            backlinks: Vec::new(),
        }),
        pages,
        aliases,
        tags,
        assets,
        settings_links: HashMap::new(),
        has_referral_file: data.has_referral_file,
        unused_data: data.unused_files,
    }
}

/// Claims the share image of every HTML page (see
/// [`paths::share_image_path`]); alias pages have none. Claimed after the
/// pages and before the site's own files, so that a file of the site at a
/// share image's address is a `duplicate-url` error, not overwritten.
fn claim_share_images(
    config: &SiteConfig,
    pages: &[SitePage],
    tags: &[TagGroup],
    data: &ParsedData,
    owners: &mut OutputOwners,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut paths: Vec<String> = pages.iter().map(|page| page.path.clone()).collect();
    paths.extend(tags.iter().map(|tag| tag_path(&tag.slug)));
    paths.extend(
        data.comparisons
            .iter()
            .map(|parsed| comparison_path(&parsed.comparison.id)),
    );
    if data.referral.is_some() {
        paths.push(config.referral.path.clone());
    }
    paths.extend([paths::TAGS, paths::NOT_FOUND].map(String::from));
    // The pages that exist only for some sites.
    for (path, present) in [
        (paths::COMPARISONS, !data.comparisons.is_empty()),
        (paths::SEARCH, search_enabled(config, pages)),
        (paths::GLOSSARY, data.glossary.is_some()),
        (paths::SERVICES, data.services.is_some()),
        (paths::TESTIMONIALS, data.testimonials.is_some()),
    ] {
        if present {
            paths.push(path.to_string());
        }
    }
    // Two sources at one address are one error already.
    let mut seen = std::collections::HashSet::with_capacity(paths.len());
    for path in paths {
        if !seen.insert(paths::share_image_path(&path)) {
            continue;
        }
        let what = format!("the share image of {path}");
        claim(
            owners,
            &paths::share_image_path(&path),
            Owner::generated(&what),
            diagnostics,
        );
    }
}

/// Whether the site has search: `search:` is on (the default) and there
/// are articles to find (published, without `search: false`). The search page says `noindex` and is in no
/// sitemap: a page of search results is nothing for a search engine.
pub fn search_enabled(config: &SiteConfig, pages: &[SitePage]) -> bool {
    let findable = |page: &&SitePage| page.parsed.front.search && !page.hidden;
    config.search
        && pages
            .iter()
            .filter(findable)
            .any(super::related::is_article)
}

/// `/a/b/` for the folder `a/b`, each segment made URL-safe.
pub(super) fn folder_path(folder: &str) -> String {
    let mut path = String::from("/");
    for segment in folder.split('/').filter(|s| !s.is_empty()) {
        path.push_str(&slug::slugify(segment));
        path.push('/');
    }
    path
}

/// Claims the output file of `path` for `owner`; false, with the error
/// added, when another source has it. An HTML file is a page for the
/// sitemap (see [`paths::Listing`]).
pub(super) fn claim(
    owners: &mut OutputOwners,
    path: &str,
    owner: Owner,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    reported(owners.claim(path, owner), diagnostics)
}

/// Like [`claim`], saying whether the file is a page for the sitemap.
pub(super) fn claim_listed(
    owners: &mut OutputOwners,
    path: &str,
    owner: Owner,
    listing: Listing,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    reported(owners.claim_listed(path, owner, listing), diagnostics)
}

/// True for a claim that was granted; the error added otherwise.
fn reported(result: Result<(), Box<Diagnostic>>, diagnostics: &mut Vec<Diagnostic>) -> bool {
    match result {
        Ok(()) => true,
        Err(error) => {
            diagnostics.push(*error);
            false
        }
    }
}

pub(super) fn place_pages(
    parsed: Vec<Arc<ParsedPage>>,
    success_pages: &[&str],
    owners: &mut OutputOwners,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<SitePage> {
    // Each page's path (and its slug's problem) in parallel; then, in order,
    // which page owns each path.
    let placed: Vec<Placement> = parsed.par_iter().map(|page| placement(page)).collect();
    let mut pages = Vec::with_capacity(parsed.len());
    for (page, placement) in parsed.into_iter().zip(placed) {
        diagnostics.extend(placement.problem);
        let Some(path) = placement.path else {
            continue;
        };
        let location = page.front.slug.as_ref().map(|slug| slug.location.clone());
        let owner = Owner::source(page.file.display_path(), location);
        // A draft is only built for a preview (`--drafts`), and a form's
        // success page only thanks a sender: neither is for search engines.
        let same = |success: &&str| success.trim_end_matches('/') == path.trim_end_matches('/');
        let hidden = page.front.draft || success_pages.iter().any(same);
        let listing = if hidden {
            Listing::Hidden
        } else {
            let lastmod = page.front.updated.or(page.front.date);
            Listing::Indexed {
                lastmod: lastmod.map(|date| date.iso_date()),
            }
        };
        claim_listed(owners, &path, owner, listing, diagnostics);
        pages.push(SitePage {
            parsed: page,
            path,
            hidden,
            folder: placement.folder,
            section: None,
            children: Vec::new(),
            links: HashMap::new(),
            embeds: HashMap::new(),
            backlinks: Vec::new(),
            related: Vec::new(),
        });
    }
    pages
}

/// The address a draft (or a file that failed) would have, worked out as
/// for a page, so that a link to that address says what it leads to.
pub(super) fn unpublished_path(file: &Unpublished) -> Option<String> {
    let (folder, name) = file
        .path
        .rsplit_once('/')
        .unwrap_or(("", file.path.as_str()));
    let name = name.strip_suffix(".md")?;
    if name == "_index" {
        return Some(folder_path(folder));
    }
    let (folder, name) = if name == "index" {
        folder.rsplit_once('/').unwrap_or(("", folder))
    } else {
        (folder, name)
    };
    let slug = paths::slug_segment(file.slug.as_deref().unwrap_or(name)).ok()?;
    Some(format!("{}{slug}/", folder_path(folder)))
}

/// Whether the link stage keeps the page: one whose slug and file name
/// both fail to give an address is left out with its `bad-slug` error,
/// and nothing else is reported about it.
pub fn has_address(page: &ParsedPage) -> bool {
    placement(page).path.is_some()
}

/// Where one page goes, before duplicates are looked for.
pub(super) struct Placement {
    /// Its site path, unless neither its slug nor its file name gives one.
    pub(super) path: Option<String>,
    /// The folder it lists under.
    pub(super) folder: String,
    /// What is wrong with its slug.
    pub(super) problem: Option<Diagnostic>,
}

pub(super) fn placement(page: &ParsedPage) -> Placement {
    let file_folder = page.file.folder().to_string();
    let (folder, default_slug) = if page.is_bundle() {
        let (parent, name) = file_folder
            .rsplit_once('/')
            .unwrap_or(("", file_folder.as_str()));
        (parent.to_string(), name.to_string())
    } else {
        let stem = page.file.path.rsplit('/').next().unwrap_or_default();
        (
            file_folder.clone(),
            stem.trim_end_matches(".md").to_string(),
        )
    };
    let mut problem = None;
    let path = match page.kind {
        PageKind::Home => Some("/".to_string()),
        PageKind::Section => Some(folder_path(&file_folder)),
        PageKind::Page => {
            let display = || page.file.display_path();
            let from_file = paths::slug_segment(&default_slug);
            let slug = match &page.front.slug {
                Some(slug) => paths::slug_segment(&slug.value).map_err(|problem| {
                    Diagnostic::error("bad-slug", format!("the slug `{}` {problem}", slug.value))
                        .in_file(display())
                        .at(slug.location.clone())
                        .help("a slug is one URL segment: letters, digits and dashes, like `my-article`")
                }),
                None => from_file.clone().map_err(|problem| {
                    Diagnostic::error("bad-slug", format!("the file name gives a slug that {problem}"))
                        .in_file(display())
                        .help("rename the file, or set `slug:` in the front matter")
                }),
            };
            // A bad slug is reported; the page keeps its file name's slug so
            // that its links are still checked.
            let slug = match (slug, from_file) {
                (Ok(slug), _) => Some(slug),
                (Err(error), Ok(fallback)) => {
                    problem = Some(error);
                    Some(fallback)
                }
                (Err(error), Err(_)) => {
                    problem = Some(error);
                    None
                }
            };
            slug.map(|slug| format!("{}{slug}/", folder_path(&folder)))
        }
    };
    let folder = if page.kind == PageKind::Page {
        folder
    } else {
        file_folder
    };
    Placement {
        path,
        folder,
        problem,
    }
}

/// Links each page to its section and fills each section's ordered children.
pub(super) fn assign_sections(pages: &mut [SitePage]) {
    let sections: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.parsed.kind != PageKind::Page)
        .map(|(index, page)| (page.folder.clone(), index))
        .collect();
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut sections_of = Vec::with_capacity(pages.len());
    for (index, page) in pages.iter().enumerate() {
        let section = match page.parsed.kind {
            PageKind::Home => None,
            PageKind::Section => {
                let mut folder = page.folder.as_str();
                loop {
                    folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
                    if let Some(&section) = sections.get(folder) {
                        break Some(section);
                    }
                    if folder.is_empty() {
                        break None;
                    }
                }
            }
            PageKind::Page => sections.get(&page.folder).copied(),
        };
        if let Some(section) = section
            && page.parsed.kind == PageKind::Page
        {
            children.entry(section).or_default().push(index);
        }
        sections_of.push(section);
    }
    for (page, section) in pages.iter_mut().zip(sections_of) {
        page.section = section;
    }
    for (section, mut list) in children {
        let sort_by = pages[section].parsed.front.sort_by;
        sort_pages(pages, &mut list, sort_by);
        pages[section].children = list;
    }
}

/// Orders pages: by date (newest first), weight or title; ties by title, then path.
pub fn sort_pages(pages: &[SitePage], list: &mut [usize], sort_by: SortBy) {
    // Each page's key is built once (titles lowercased once, not at every
    // comparison). Paths are unique, so the order is total.
    list.sort_by_cached_key(|&index| {
        let page = &pages[index];
        let front = &page.parsed.front;
        let (date, weight) = match sort_by {
            SortBy::Date => (front.date, 0),
            SortBy::Weight => (None, front.weight.unwrap_or(i64::MAX)),
            SortBy::Title => (None, 0),
        };
        (
            std::cmp::Reverse(date),
            weight,
            page.title().to_lowercase(),
            page.path.as_str(),
        )
    });
}

pub(super) fn place_aliases(
    pages: &[SitePage],
    owners: &mut OutputOwners,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Alias> {
    let mut aliases = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let display = page.parsed.file.display_path();
        for alias in &page.parsed.front.aliases {
            let value = alias.value.trim();
            let path = match paths::alias_path(value) {
                Ok(path) => path,
                Err(problem) => {
                    diagnostics.push(
                        Diagnostic::error("bad-alias", format!("the alias `{value}` {problem}"))
                            .in_file(&display)
                            .at(alias.location.clone())
                            .help(
                                "write aliases as paths from the site root, like `/blog/old-name/`",
                            ),
                    );
                    continue;
                }
            };
            let owner = Owner::source(&display, Some(alias.location.clone()));
            // The redirect page says `noindex`: the target is what is listed.
            if claim_listed(owners, &path, owner, Listing::Hidden, diagnostics) {
                aliases.push(Alias {
                    file: paths::output_file(&path),
                    target: index,
                });
            }
        }
    }
    aliases
}

/// Assets go beside the page whose bundle holds them, or to their folder's
/// path. A photo (JPEG, PNG, WebP) is not copied: its header is read (in
/// parallel) and each of its resized copies is claimed instead, so that a
/// copy that would overwrite another file is an error, not a surprise.
pub(super) fn place_assets(
    config: &SiteConfig,
    pages: &[SitePage],
    assets: Vec<Asset>,
    owners: &mut OutputOwners,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PlacedAsset> {
    let bundles: HashMap<&str, &str> = pages
        .iter()
        .filter(|page| page.parsed.is_bundle())
        .map(|page| (page.parsed.file.folder(), page.path.as_str()))
        .collect();
    let root = crate::files::SiteRoot::new(&config.root);
    let plans: Vec<Option<Result<photo::Plan, String>>> = assets
        .par_iter()
        .map(|asset| {
            let format = photo::Format::of_path(&asset.path)?;
            let name = asset.path.rsplit('/').next().unwrap_or(&asset.path);
            Some(
                root.read_at_most(&asset.source, crate::files::MOST_PICTURE_BYTES)
                    .map_err(|error| format!("cannot read the file: {error}"))
                    .and_then(|bytes| photo::probe(&bytes, format))
                    .map(|size| photo::plan(name, format, size, &config.images)),
            )
        })
        .collect();
    assets
        .into_iter()
        .zip(plans)
        .filter_map(|(asset, plan)| {
            let (folder, name) = asset
                .path
                .rsplit_once('/')
                .unwrap_or(("", asset.path.as_str()));
            let base = bundles
                .get(folder)
                .map_or_else(|| folder_path(folder), |path| path.to_string());
            let owner = Owner::source(
                format!("{}/{}", crate::config::CONTENT_DIR, asset.path),
                None,
            );
            let Some(plan) = plan else {
                let path = format!("{base}{name}");
                return claim_listed(owners, &path, owner, Listing::File, diagnostics).then_some(
                    PlacedAsset {
                        asset,
                        path,
                        photo: None,
                    },
                );
            };
            let placed = PlacedPhoto { plan, folder: base };
            let path = match &placed.plan {
                Ok(plan) => {
                    // A copy that loses its claim fails the build; the photo
                    // stays, so that links to it are not reported too.
                    for copy in &plan.copies {
                        let path = placed.path_of(copy);
                        claim_listed(owners, &path, owner.clone(), Listing::File, diagnostics);
                    }
                    placed.path_of(plan.largest())
                }
                // Not published; the error is reported where it is used.
                Err(_) => format!("{}{name}", placed.folder),
            };
            Some(PlacedAsset {
                asset,
                path,
                photo: Some(placed),
            })
        })
        .collect()
}

/// Claims the fingerprinted copy of the stylesheet (`style.css` of the site's
/// `static/`, else of the theme's), named by a digest of its bytes; in a
/// preview, pages link the plain file.
fn place_stylesheet(
    config: &SiteConfig,
    static_files: &[Asset],
    owners: &mut OutputOwners,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Stylesheet> {
    let plain = paths::STYLESHEET.trim_start_matches('/');
    let file = static_files.iter().find(|file| file.path == plain)?;
    if config.preview {
        return Some(Stylesheet {
            path: paths::STYLESHEET.to_string(),
            fingerprinted: None,
        });
    }
    let root = crate::files::SiteRoot::new(&config.root);
    let bytes = match crate::load::read_in_site(
        &config.root,
        &file.source,
        crate::files::MOST_TEXT_BYTES,
    ) {
        Ok(bytes) => bytes,
        Err(error) => {
            diagnostics.push(
                Diagnostic::error("unreadable", format!("cannot read the stylesheet: {error}"))
                    .in_file(root.display(&file.source))
                    .help("check that the file can be read, then run hearth again"),
            );
            return None;
        }
    };
    let path = paths::fingerprinted_stylesheet(&bytes);
    let what = format!("the fingerprinted copy of {}", root.display(&file.source));
    claim_listed(
        owners,
        &path,
        Owner::generated(&what),
        Listing::File,
        diagnostics,
    )
    .then(|| Stylesheet {
        path,
        fingerprinted: Some(Arc::new(bytes)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn slugs_cannot_leave_their_folder() {
        assert!(paths::slug_segment("../../etc").is_err());
        assert!(paths::slug_segment("a/b").is_err());
        assert_eq!(paths::slug_segment("My Post").unwrap(), "my-post");
    }
}
