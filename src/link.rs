//! Link: gives every page its URL, then resolves every link between pages
//! (relative file links, site paths, wikilinks and `#anchors`), collects
//! backlinks and tags, and reports every broken link with its place.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, LineIndex, Location, closest_within, did_you_mean};
use crate::load::{Asset, SourceFile};
pub use crate::markdown::ResolvedLink;
use crate::parse::comparison::Cell;
use crate::parse::referral::REFERRAL_FILE;
use crate::parse::{
    Comparison, ComparisonBlock, EmbedKind, LinkKind, PageKind, ParsedComparison, ParsedData,
    ParsedPage, ParsedPages, ParsedReferral, RawLink, SortBy, Unpublish, Unpublished,
};
use crate::paths::{self, GENERATED_FILES, OutputOwners, Owner};
pub use crate::paths::{comparison_path, tag_path};

/// Anything a link can point at and that keeps backlinks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// Index into [`LinkedSite::pages`].
    Page(usize),
    /// Index into [`LinkedSite::comparisons`].
    Comparison(usize),
    /// The referral guidelines page.
    Referral,
}

/// Resolved links of table cells, by (cell index, byte offset in the cell).
pub type CellLinks = HashMap<(usize, usize), ResolvedLink>;

/// A comparison placed at `/comparisons/<id>/`.
#[derive(Debug, Clone)]
pub struct SiteComparison {
    pub parsed: ParsedComparison,
    /// Site path: `/comparisons/<id>/`.
    pub path: String,
    pub links: CellLinks,
    /// Pages that link to or embed this comparison.
    pub backlinks: Vec<Target>,
}

/// The referral guidelines, placed at their path.
#[derive(Debug, Clone)]
pub struct SiteReferral {
    pub parsed: ParsedReferral,
    /// Site path, `/referral/` unless `site.yaml` says otherwise.
    pub path: String,
    pub links: CellLinks,
    pub backlinks: Vec<Target>,
}

/// Anchors of the referral page: one per level with criteria, and the
/// crisis resources. The theme's `referral.html` must give these ids.
pub const RESOURCES_ANCHOR: &str = "crisis-resources";

/// What a page's fenced data block renders as.
#[derive(Debug, Clone)]
pub enum ResolvedEmbed {
    /// A comparison file, by index into [`LinkedSite::comparisons`].
    Comparison(usize),
    /// A comparison defined in the block itself, with its links resolved.
    Inline {
        comparison: Box<Comparison>,
        links: CellLinks,
    },
    /// The referral callout.
    Referral,
}

/// A page placed in the site.
#[derive(Debug, Clone)]
pub struct SitePage {
    /// Shared with the parse cache of `serve`, which keeps it for the next rebuild.
    pub parsed: Arc<ParsedPage>,
    /// Site path, without the base path: `/articles/x/`.
    pub path: String,
    /// The folder the page lists under, relative to `content/` (`articles`).
    pub folder: String,
    /// The section this page belongs to (index into the site's pages).
    pub section: Option<usize>,
    /// For sections: their pages, in the section's order.
    pub children: Vec<usize>,
    /// Resolved links, by their byte offset in the body.
    pub links: HashMap<usize, ResolvedLink>,
    /// Embedded data blocks, by their byte offset in the body.
    pub embeds: HashMap<usize, ResolvedEmbed>,
    /// Pages and comparisons that link here, by title.
    pub backlinks: Vec<Target>,
}

impl SitePage {
    pub fn title(&self) -> &str {
        &self.parsed.front.title
    }

    /// The template the page renders with when its front matter names none.
    pub fn default_template(&self) -> &'static str {
        match self.parsed.kind {
            PageKind::Home => "index.html",
            PageKind::Section => "section.html",
            PageKind::Page if self.folder.is_empty() => "page.html",
            PageKind::Page => "article.html",
        }
    }
}

/// A tag and the pages carrying it.
#[derive(Debug, Clone)]
pub struct TagGroup {
    pub name: String,
    pub slug: String,
    /// Newest first.
    pub pages: Vec<usize>,
}

/// An old URL that redirects to a page.
#[derive(Debug, Clone)]
pub struct Alias {
    /// The output file, relative to the site root (`blog/x/index.html`).
    pub file: String,
    pub target: usize,
}

/// A content asset and the site path it is copied to.
#[derive(Debug, Clone)]
pub struct PlacedAsset {
    pub asset: Asset,
    pub path: String,
}

/// A link written in a settings file (a menu item, the booking button,
/// the referral page's contact link), checked and resolved like a link in
/// markdown: `about.md` and `/about` both lead to the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsLink {
    /// The `href` to write.
    pub href: String,
    /// The site path it leads to, when it is on this site.
    pub site_path: Option<String>,
}

/// The linked site: every page with its URL, links, backlinks and tags.
#[derive(Debug, Clone, Default)]
pub struct LinkedSite {
    /// The settings files' links, by the URL as written.
    pub settings_links: HashMap<String, SettingsLink>,
    pub pages: Vec<SitePage>,
    pub aliases: Vec<Alias>,
    pub tags: Vec<TagGroup>,
    pub assets: Vec<PlacedAsset>,
    /// Comparison pages, by id.
    pub comparisons: Vec<SiteComparison>,
    pub referral: Option<SiteReferral>,
}

impl LinkedSite {
    /// The `href` of a URL from a settings file: resolved when it was
    /// checked, else (for a site that failed to link) as `config` makes it.
    pub fn settings_href(&self, config: &SiteConfig, url: &str) -> String {
        self.settings_links
            .get(url)
            .map_or_else(|| config.link(url), |link| link.href.clone())
    }

    /// The title and site path of a link target.
    pub fn target(&self, target: Target) -> (&str, &str) {
        match target {
            Target::Page(i) => (self.pages[i].title(), &self.pages[i].path),
            Target::Comparison(i) => {
                let comparison = &self.comparisons[i];
                (&comparison.parsed.comparison.title, &comparison.path)
            }
            Target::Referral => match &self.referral {
                Some(referral) => (&referral.parsed.referral.title, &referral.path),
                None => ("", "/"),
            },
        }
    }

    /// The file a link target comes from, as diagnostics show it.
    pub fn target_file(&self, target: Target) -> String {
        match target {
            Target::Page(i) => self.pages[i].parsed.file.display_path(),
            Target::Comparison(i) => self.comparisons[i].parsed.file.display_path(),
            Target::Referral => self
                .referral
                .as_ref()
                .map(|r| r.parsed.file.display_path())
                .unwrap_or_default(),
        }
    }

    /// The home page, when `content/_index.md` exists.
    pub fn home(&self) -> Option<usize> {
        self.pages
            .iter()
            .position(|page| page.parsed.kind == PageKind::Home)
    }

    /// Dated articles (pages inside a section folder), newest first: what
    /// the home page lists and the feed carries. Top-level pages such as
    /// `/about/` are not articles, even with a date.
    pub fn dated_pages(&self) -> Vec<usize> {
        let mut dated: Vec<usize> = (0..self.pages.len())
            .filter(|&i| {
                let page = &self.pages[i];
                page.parsed.kind == PageKind::Page
                    && !page.folder.is_empty()
                    && page.parsed.front.date.is_some()
            })
            .collect();
        sort_pages(&self.pages, &mut dated, SortBy::Date);
        dated
    }
}

/// Places pages, comparisons and assets, then resolves all links.
pub fn link_site(
    config: &SiteConfig,
    parsed: ParsedPages,
    data: ParsedData,
    assets: Vec<Asset>,
    static_paths: &[String],
) -> (LinkedSite, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let ParsedPages {
        pages: parsed,
        unpublished,
    } = parsed;
    // Every output file has one owner. Hearth's own files are claimed
    // first, then the files whose addresses come from their names, then
    // the pages, whose `slug:` or alias is then what has to change.
    let mut owners =
        OutputOwners::with_capacity(parsed.len() + assets.len() + static_paths.len() + 16);
    for (path, what) in [
        (paths::FEED, "the Atom feed"),
        (paths::SITEMAP, "the sitemap"),
        (paths::ROBOTS, "robots.txt"),
        (paths::NOT_FOUND, "the page for unknown addresses"),
        (paths::TAGS, "the list of tags"),
        (paths::COMPARISONS, "the list of comparisons"),
        (&format!("/{}", paths::MARKER), "the output folder's marker"),
    ] {
        claim(&mut owners, path, Owner::generated(what), &mut diagnostics);
    }
    // A source that loses its claim stays in the site, so that links to
    // it are not reported as broken too: the build fails on the claim.
    for parsed in &data.comparisons {
        let path = comparison_path(&parsed.comparison.id);
        let owner = Owner::source(parsed.file.display_path(), None);
        claim(&mut owners, &path, owner, &mut diagnostics);
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
        claim_referral(&mut owners, &mut diagnostics);
    }
    let mut pages = place_pages(parsed, &mut owners, &mut diagnostics);
    if !referral_first {
        claim_referral(&mut owners, &mut diagnostics);
    }
    assign_sections(&mut pages);
    let tags = collect_tags(&pages);
    for tag in &tags {
        let what = format!("the page of the tag `{}`", tag.name);
        claim(
            &mut owners,
            &tag_path(&tag.slug),
            Owner::generated(&what),
            &mut diagnostics,
        );
    }
    let aliases = place_aliases(&pages, &mut owners, &mut diagnostics);
    let assets = place_assets(&pages, assets, &mut owners, &mut diagnostics);
    for path in static_paths {
        let what = format!("the static file `{}`", path.trim_start_matches('/'));
        claim(&mut owners, path, Owner::generated(&what), &mut diagnostics);
    }
    guard_referral(config, &pages, data.has_referral_file, &mut diagnostics);
    let referral_file_exists = data.has_referral_file;
    let mut site = LinkedSite {
        referral: data.referral.map(|parsed| SiteReferral {
            parsed,
            path: config.referral.path.clone(),
            links: HashMap::new(),
            backlinks: Vec::new(),
        }),
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
        pages,
        aliases,
        tags,
        assets,
        settings_links: HashMap::new(),
    };

    let mut index = LinkIndex::new(&site, static_paths);
    index.referral_file_exists = referral_file_exists;
    index.invalid_files = data.invalid_files.iter().cloned().collect();
    index.add_unpublished(&unpublished);
    let page_results: Vec<SourceLinks> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| resolve_page(config, &index, &site, i, page))
        .collect();
    let comparison_results: Vec<SourceLinks> = site
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

    let referral_result = site.referral.as_ref().map(|referral| {
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
    let (settings_links, settings_errors) = resolve_settings_links(config, &index, &site);
    site.settings_links = settings_links;
    diagnostics.extend(settings_errors);
    // The lookup tables are large on a large site: freed on another thread
    // while this one goes on.
    rayon::spawn(move || drop(index));
    let mut backlinks: HashMap<Target, Vec<Target>> = HashMap::new();
    // Files whose front matter failed, and the sources that link to them.
    let mut failed_links: BTreeMap<usize, Vec<Target>> = BTreeMap::new();
    let mut note_failed = |source: Target, result: &SourceLinks| {
        for &i in &result.failed_targets {
            failed_links.entry(i).or_default().push(source);
        }
    };
    if let Some(result) = &referral_result {
        note_failed(Target::Referral, result);
    }
    for (i, result) in page_results.iter().enumerate() {
        note_failed(Target::Page(i), result);
    }
    for (i, result) in comparison_results.iter().enumerate() {
        note_failed(Target::Comparison(i), result);
    }
    for (i, mut sources) in failed_links {
        sources.dedup();
        let files: Vec<String> = sources.iter().map(|&s| site.target_file(s)).collect();
        diagnostics.push(
            Diagnostic::warning(
                "links-to-broken-page",
                format!(
                    "{} from {} point here; they are checked once this file's errors are fixed",
                    if sources.len() == 1 {
                        "a link"
                    } else {
                        "links"
                    },
                    files.join(", ")
                ),
            )
            .in_file(format!(
                "{}/{}",
                crate::config::CONTENT_DIR,
                unpublished[i].path
            )),
        );
    }
    if let Some(result) = referral_result {
        for target in &result.targets {
            backlinks.entry(*target).or_default().push(Target::Referral);
        }
        if let Some(referral) = site.referral.as_mut() {
            referral.links = result.cell_links;
        }
        diagnostics.extend(result.errors);
    }
    for (i, result) in page_results.into_iter().enumerate() {
        let source = Target::Page(i);
        for target in &result.targets {
            backlinks.entry(*target).or_default().push(source);
        }
        site.pages[i].links = result.links;
        site.pages[i].embeds = result.embeds;
        diagnostics.extend(result.errors);
    }
    for (i, result) in comparison_results.into_iter().enumerate() {
        let source = Target::Comparison(i);
        for target in &result.targets {
            backlinks.entry(*target).or_default().push(source);
        }
        site.comparisons[i].links = result.cell_links;
        diagnostics.extend(result.errors);
    }
    let sort_key = |target: &Target| {
        let (title, path) = site.target(*target);
        (title.to_lowercase(), path.to_string())
    };
    let mut sorted: Vec<(Target, Vec<Target>)> = backlinks.into_iter().collect();
    sorted.par_iter_mut().for_each(|(target, sources)| {
        sources.retain(|source| source != target);
        sources.sort_by_cached_key(sort_key);
        sources.dedup();
    });
    let mut sorted: HashMap<Target, Vec<Target>> = sorted.into_iter().collect();
    for (i, page) in site.pages.iter_mut().enumerate() {
        page.backlinks = sorted.remove(&Target::Page(i)).unwrap_or_default();
    }
    for (i, comparison) in site.comparisons.iter_mut().enumerate() {
        comparison.backlinks = sorted.remove(&Target::Comparison(i)).unwrap_or_default();
    }
    if let Some(referral) = site.referral.as_mut() {
        referral.backlinks = sorted.remove(&Target::Referral).unwrap_or_default();
    }
    (site, diagnostics)
}

/// A site with articles should say when coaching is not the right help:
/// without `referral.yaml` it gets a warning, or an error when required.
fn guard_referral(
    config: &SiteConfig,
    pages: &[SitePage],
    has_referral: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let has_articles = pages
        .iter()
        .any(|page| page.parsed.kind == PageKind::Page && !page.folder.is_empty());
    if has_referral || !has_articles {
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
    diagnostics.push(
        diagnostic
            .in_file(format!("{}/{REFERRAL_FILE}", crate::config::CONTENT_DIR))
            .help(help),
    );
}

/// `/a/b/` for the folder `a/b`, each segment made URL-safe.
fn folder_path(folder: &str) -> String {
    let mut path = String::from("/");
    for segment in folder.split('/').filter(|s| !s.is_empty()) {
        path.push_str(&slug::slugify(segment));
        path.push('/');
    }
    path
}

/// Claims the output file of `path` for `owner`; false, with the error
/// added, when another source has it.
fn claim(
    owners: &mut OutputOwners,
    path: &str,
    owner: Owner,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    match owners.claim(path, owner) {
        Ok(()) => true,
        Err(error) => {
            diagnostics.push(*error);
            false
        }
    }
}

fn place_pages(
    parsed: Vec<Arc<ParsedPage>>,
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
        claim(owners, &path, owner, diagnostics);
        pages.push(SitePage {
            parsed: page,
            path,
            folder: placement.folder,
            section: None,
            children: Vec::new(),
            links: HashMap::new(),
            embeds: HashMap::new(),
            backlinks: Vec::new(),
        });
    }
    pages
}

/// Where one page goes, before duplicates are looked for.
struct Placement {
    /// Its site path, unless neither its slug nor its file name gives one.
    path: Option<String>,
    /// The folder it lists under.
    folder: String,
    /// What is wrong with its slug.
    problem: Option<Diagnostic>,
}

fn placement(page: &ParsedPage) -> Placement {
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
            let from_file = checked_slug(&default_slug);
            let slug = match &page.front.slug {
                Some(slug) => checked_slug(&slug.value).map_err(|problem| {
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

/// A slug that is one safe URL segment, or what is wrong with it.
fn checked_slug(value: &str) -> Result<String, &'static str> {
    if value.contains('/') || value.contains('\\') {
        return Err("contains a slash");
    }
    if value.contains("..") {
        return Err("contains `..`");
    }
    let slug = slug::slugify(value);
    if slug.is_empty() {
        return Err("is empty once made URL-safe");
    }
    Ok(slug)
}

/// Links each page to its section and fills each section's ordered children.
fn assign_sections(pages: &mut [SitePage]) {
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

fn place_aliases(
    pages: &[SitePage],
    owners: &mut OutputOwners,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Alias> {
    let mut aliases = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let display = page.parsed.file.display_path();
        for alias in &page.parsed.front.aliases {
            let value = alias.value.trim();
            let path = match paths::site_path(value) {
                Ok(path) if path == "/" => Err("is the address of the home page"),
                other => other,
            };
            let path = match path {
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
            if claim(owners, &path, owner, diagnostics) {
                aliases.push(Alias {
                    file: paths::output_file(&path),
                    target: index,
                });
            }
        }
    }
    aliases
}

/// Assets go beside the page whose bundle holds them, or to their folder's path.
fn place_assets(
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
    assets
        .into_iter()
        .filter_map(|asset| {
            let (folder, name) = asset
                .path
                .rsplit_once('/')
                .unwrap_or(("", asset.path.as_str()));
            let base = bundles
                .get(folder)
                .map_or_else(|| folder_path(folder), |path| path.to_string());
            let path = format!("{base}{name}");
            let owner = Owner::source(
                format!("{}/{}", crate::config::CONTENT_DIR, asset.path),
                None,
            );
            claim(owners, &path, owner, diagnostics).then_some(PlacedAsset { asset, path })
        })
        .collect()
}

/// Groups the articles by tag.
fn collect_tags(pages: &[SitePage]) -> Vec<TagGroup> {
    let mut groups: BTreeMap<String, TagGroup> = BTreeMap::new();
    for (index, page) in pages.iter().enumerate() {
        if page.parsed.kind != PageKind::Page {
            continue;
        }
        for name in &page.parsed.front.tags {
            // Tags without a slug were refused when parsing.
            let slug = slug::slugify(name);
            if slug.is_empty() {
                continue;
            }
            let group = groups.entry(slug.clone()).or_insert_with(|| TagGroup {
                name: name.clone(),
                slug,
                pages: Vec::new(),
            });
            if group.pages.last() != Some(&index) {
                group.pages.push(index);
            }
        }
    }
    let mut tags: Vec<TagGroup> = groups.into_values().collect();
    tags.par_iter_mut()
        .for_each(|tag| sort_pages(pages, &mut tag.pages, SortBy::Date));
    tags
}

/// What resolving one source's links found: rewritten links, embeds, the
/// targets it points at (for backlinks), and its broken links.
#[derive(Default)]
struct SourceLinks {
    links: HashMap<usize, ResolvedLink>,
    cell_links: CellLinks,
    embeds: HashMap<usize, ResolvedEmbed>,
    targets: Vec<Target>,
    errors: Vec<Diagnostic>,
    /// Links to files whose front matter failed (indexes into
    /// [`LinkIndex::unpublished`]), told once per file instead.
    failed_targets: Vec<usize>,
}

impl SourceLinks {
    /// Keeps a link's problem: an error, or a link to a failed file.
    fn problem(&mut self, problem: LinkProblem, file: &str, location: impl FnOnce() -> Location) {
        match problem.failed_target {
            Some(i) => self.failed_targets.push(i),
            None => self.errors.push(problem.at(file, location())),
        }
    }
}

/// Lookup tables for resolving links, built once per build.
struct LinkIndex {
    by_file: FastMap<String, Target>,
    by_name: FastMap<String, Vec<Target>>,
    by_path: FastMap<String, Target>,
    comparisons: FastMap<String, usize>,
    assets: FastMap<String, String>,
    known_paths: FastSet<String>,
    anchors: FastMap<Target, FastSet<String>>,
    /// `referral.yaml` exists (it may have failed validation).
    referral_file_exists: bool,
    /// Data files that failed validation; their own errors are reported.
    invalid_files: FastSet<String>,
    /// Markdown files that are not pages of this build: drafts, and files
    /// whose front matter failed.
    unpublished: Vec<Unpublished>,
    /// Their index in `unpublished`, by file and by lookup name.
    unpublished_by_file: FastMap<String, usize>,
    unpublished_by_name: FastMap<String, usize>,
}

/// Tables for the lookup index: tens of thousands of string keys on a large
/// site, hashed with ahash, several times faster than the default SipHash
/// (whose protection against crafted keys a site's own files do not need).
type FastMap<K, V> = HashMap<K, V, ahash::RandomState>;
/// A set hashed like [`FastMap`].
type FastSet<K> = HashSet<K, ahash::RandomState>;

impl LinkIndex {
    fn new(site: &LinkedSite, static_paths: &[String]) -> LinkIndex {
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
            known_paths: GENERATED_FILES.iter().map(|s| s.to_string()).collect(),
            anchors: FastMap::default(),
            referral_file_exists: false,
            invalid_files: FastSet::default(),
            unpublished: Vec::new(),
            unpublished_by_file: FastMap::default(),
            unpublished_by_name: FastMap::default(),
        };
        // Each page's names and anchors in parallel; the tables in order.
        let per_page: Vec<(Vec<String>, FastSet<String>)> = site
            .pages
            .par_iter()
            .map(|page| {
                let file = &page.parsed.file.path;
                let mut names = vec![file.trim_end_matches(".md").to_string()];
                if page.parsed.is_bundle() {
                    names.push(page.parsed.file.folder().to_string());
                }
                let ids = page
                    .parsed
                    .body
                    .headings
                    .iter()
                    .map(|h| h.id.clone())
                    .collect();
                (lookup_names(&page.path, page.title(), names), ids)
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
    fn add_unpublished(&mut self, unpublished: &[Unpublished]) {
        for (i, file) in unpublished.iter().enumerate() {
            self.unpublished_by_file.insert(file.path.clone(), i);
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
    fn add(&mut self, target: Target, file: &str, path: &str, title: &str, names: Vec<String>) {
        let names = lookup_names(path, title, names);
        self.add_named(target, file, path, names);
    }

    /// Registers a target under its file, its path and the names from
    /// [`lookup_names`].
    fn add_named(&mut self, target: Target, file: &str, path: &str, names: Vec<String>) {
        self.by_file.insert(file.to_string(), target);
        self.by_path.insert(path.to_string(), target);
        for name in names {
            self.by_name.entry(name).or_default().push(target);
        }
    }
}

/// The names a wikilink can use for a target: its title, slug and extra
/// names, lowercased, sorted, without repeats.
fn lookup_names(path: &str, title: &str, mut names: Vec<String>) -> Vec<String> {
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

/// What went wrong with one link, before it is tied to its place.
struct LinkProblem {
    code: &'static str,
    message: String,
    help: String,
    /// The link points at a file whose own front matter failed (index into
    /// [`LinkIndex::unpublished`]): not reported as a broken link, as the
    /// file's own errors say what to fix.
    failed_target: Option<usize>,
}

impl LinkProblem {
    fn new(message: String, suggestion: Option<String>, fallback: &str) -> LinkProblem {
        LinkProblem {
            code: "broken-link",
            message,
            help: suggestion
                .map_or_else(|| fallback.to_string(), |s| format!("did you mean `{s}`?")),
            failed_target: None,
        }
    }

    /// The problem of a link to a draft or to a file that failed.
    fn unpublished(index: &LinkIndex, i: usize) -> LinkProblem {
        let file = &index.unpublished[i];
        match file.reason {
            Unpublish::Draft => LinkProblem {
                code: "draft-link",
                message: format!(
                    "this links to content/{}, which is a draft (`draft: true`), so it is not published",
                    file.path
                ),
                help: "publish that page (remove `draft: true`), or remove this link; `--drafts` includes drafts in a preview".to_string(),
                failed_target: None,
            },
            Unpublish::Failed => LinkProblem {
                code: "broken-link",
                message: format!("content/{} has errors", file.path),
                help: "fix that file's errors first".to_string(),
                failed_target: Some(i),
            },
        }
    }

    fn at(self, file: &str, location: Location) -> Diagnostic {
        Diagnostic::error(self.code, self.message)
            .in_file(file)
            .at(location)
            .help(self.help)
    }
}

/// Where a link is written: the content folder relative links start from,
/// and the target it is on (for `#anchor` links).
struct LinkSource<'a> {
    folder: &'a str,
    this: Target,
}

fn resolve_page(
    config: &SiteConfig,
    index: &LinkIndex,
    site: &LinkedSite,
    i: usize,
    page: &SitePage,
) -> SourceLinks {
    let mut result = SourceLinks::default();
    let file = &page.parsed.file;
    let display = file.display_path();
    let source = LinkSource {
        folder: file.folder(),
        this: Target::Page(i),
    };
    // Made at the first broken link: a page with thousands of them costs
    // one pass over its text for their lines.
    let lines = std::cell::OnceCell::new();
    for link in &page.parsed.body.links {
        match resolve_link(config, index, site, &source, link) {
            Ok(Some((resolved, target))) => {
                result.links.insert(link.offset, resolved);
                result.targets.extend(target);
            }
            Ok(None) => {}
            Err(problem) => result.problem(problem, &display, || {
                let lines = lines.get_or_init(|| LineIndex::new(&file.text));
                Location::at_offset_in(
                    lines,
                    &file.text,
                    page.parsed.body_offset + link.offset,
                    link.length,
                )
            }),
        }
    }
    for embed in &page.parsed.embeds {
        let resolved = match &embed.kind {
            EmbedKind::Referral if site.referral.is_some() || index.referral_file_exists => {
                result.targets.push(Target::Referral);
                ResolvedEmbed::Referral
            }
            EmbedKind::Referral => {
                let body_offset = page.parsed.body_offset;
                let location = Location::at_offset(&file.text, body_offset + embed.offset, 3);
                result.errors.push(
                    Diagnostic::error("missing-referral", "this page embeds the referral callout, but there is no content/referral.yaml")
                        .in_file(&display)
                        .at(location)
                        .help("add content/referral.yaml, or remove the `referral` block"),
                );
                continue;
            }
            EmbedKind::Comparison(ComparisonBlock::Reference { id, location }) => match index
                .comparisons
                .get(id)
            {
                Some(&comparison) => {
                    result.targets.push(Target::Comparison(comparison));
                    ResolvedEmbed::Comparison(comparison)
                }
                None => {
                    let suggestion = did_you_mean(id, index.comparisons.keys().map(String::as_str));
                    let mut ids: Vec<&str> = index.comparisons.keys().map(String::as_str).collect();
                    ids.sort_unstable();
                    let fallback = if ids.is_empty() {
                        "there are no comparisons yet: add one as content/comparisons/<id>.yaml"
                            .to_string()
                    } else {
                        format!("the comparisons are: {}", ids.join(", "))
                    };
                    result.errors.push(
                        LinkProblem::new(
                            format!("there is no comparison `{id}`"),
                            suggestion.map(str::to_string),
                            &fallback,
                        )
                        .at(&display, location.clone()),
                    );
                    continue;
                }
            },
            EmbedKind::Comparison(ComparisonBlock::Inline(comparison)) => {
                let links = resolve_cells(
                    config,
                    index,
                    site,
                    &source,
                    comparison.cells(),
                    &display,
                    &mut result,
                );
                ResolvedEmbed::Inline {
                    comparison: comparison.clone(),
                    links,
                }
            }
        };
        result.embeds.insert(embed.offset, resolved);
    }
    result
}

/// Every URL written in a settings file, with the file and place it is
/// written at, when known.
fn settings_urls(
    config: &SiteConfig,
    site: &LinkedSite,
) -> Vec<(String, String, Option<Location>)> {
    let site_file = crate::config::SITE_FILE.to_string();
    let mut urls: Vec<(String, String, Option<Location>)> = config
        .site_links()
        .into_iter()
        .map(|(url, location)| (site_file.clone(), url.to_string(), Some(location.clone())))
        .collect();
    if let Some(referral) = &site.referral
        && let Some(contact) = &referral.parsed.referral.contact
    {
        urls.push((
            referral.parsed.file.display_path(),
            contact.url.clone(),
            Some(contact.location.clone()),
        ));
    }
    urls
}

/// Checks and resolves the links of the settings files (menu, booking
/// button, referral contact) like links in markdown, from `content/`.
fn resolve_settings_links(
    config: &SiteConfig,
    index: &LinkIndex,
    site: &LinkedSite,
) -> (HashMap<String, SettingsLink>, Vec<Diagnostic>) {
    let mut links = HashMap::new();
    let mut errors = Vec::new();
    for (file, url, location) in settings_urls(config, site) {
        let written = url.trim();
        // A link to this very site, written in full, is checked as a path.
        let own = written
            .strip_prefix(config.base_url.as_str())
            .filter(|rest| rest.is_empty() || rest.starts_with(['/', '#', '?']))
            .map(|rest| if rest.is_empty() { "/" } else { rest });
        let dest = match own {
            Some(rest) => rest.to_string(),
            None if written.starts_with('/') && !written.starts_with("//") => written
                .strip_prefix(config.base_path.as_str())
                .filter(|rest| !config.base_path.is_empty() && rest.starts_with('/'))
                .unwrap_or(written)
                .to_string(),
            None => written.to_string(),
        };
        if dest.starts_with('#') {
            continue;
        }
        let link = RawLink {
            dest: dest.clone(),
            kind: LinkKind::Link,
            offset: 0,
            length: dest.len(),
        };
        let source = LinkSource {
            folder: "",
            this: Target::Referral,
        };
        match resolve_link(config, index, site, &source, &link) {
            Ok(Some((resolved, _))) => {
                let site_path = resolved
                    .url
                    .strip_prefix(config.base_path.as_str())
                    .map(|path| path.split('#').next().unwrap_or(path).to_string());
                let href = resolved.url;
                links.insert(url.clone(), SettingsLink { href, site_path });
            }
            Ok(None) => {}
            Err(problem) => {
                let mut diagnostic = Diagnostic::error(problem.code, problem.message)
                    .in_file(&file)
                    .help(problem.help);
                if let Some(location) = location {
                    diagnostic = diagnostic.at(location);
                }
                errors.push(diagnostic);
            }
        }
    }
    (links, errors)
}

/// Resolves the links of a YAML data file's markdown (comparison cells,
/// referral criteria), relative to the file's folder.
fn resolve_data_file<'a>(
    config: &SiteConfig,
    index: &LinkIndex,
    site: &LinkedSite,
    this: Target,
    file: &SourceFile,
    cells: impl Iterator<Item = &'a Cell>,
) -> SourceLinks {
    let mut result = SourceLinks::default();
    let source = LinkSource {
        folder: file.folder(),
        this,
    };
    let display = file.display_path();
    result.cell_links = resolve_cells(config, index, site, &source, cells, &display, &mut result);
    result
}

/// Resolves the links inside table cells; errors point at the cell.
fn resolve_cells<'a>(
    config: &SiteConfig,
    index: &LinkIndex,
    site: &LinkedSite,
    source: &LinkSource,
    cells: impl Iterator<Item = &'a Cell>,
    display: &str,
    result: &mut SourceLinks,
) -> CellLinks {
    let mut links = CellLinks::new();
    for cell in cells {
        for link in &cell.links {
            match resolve_link(config, index, site, source, link) {
                Ok(Some((resolved, target))) => {
                    links.insert((cell.index, link.offset), resolved);
                    result.targets.extend(target);
                }
                Ok(None) => {}
                Err(problem) => result.problem(problem, display, || cell.location.clone()),
            }
        }
    }
    links
}

/// Resolves one link: `Ok(None)` leaves it as written (external links).
fn resolve_link(
    config: &SiteConfig,
    index: &LinkIndex,
    site: &LinkedSite,
    source: &LinkSource,
    link: &RawLink,
) -> Result<Option<(ResolvedLink, Option<Target>)>, LinkProblem> {
    let dest = link.dest.trim();
    let (target_text, fragment) = match dest.split_once('#') {
        Some((target, fragment)) => (target, Some(fragment)),
        None => (dest, None),
    };
    let to_target = |target: Target,
                     text: Option<String>|
     -> Result<Option<(ResolvedLink, Option<Target>)>, LinkProblem> {
        let anchor = check_anchor(index, site, target, fragment)?;
        let url = with_fragment(config.url(site.target(target).1), anchor.as_deref());
        Ok(Some((ResolvedLink { url, text }, Some(target))))
    };
    if let LinkKind::Wiki { has_label } = link.kind {
        let target = resolve_wikilink(index, site, target_text)?;
        let text = (!has_label).then(|| {
            let heading = match (target, fragment) {
                (Target::Page(i), Some(id)) => site.pages[i]
                    .parsed
                    .body
                    .headings
                    .iter()
                    .find(|h| h.id == id),
                _ => None,
            };
            heading.map_or_else(|| site.target(target).0.to_string(), |h| h.text.clone())
        });
        return to_target(target, text);
    }
    if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
        return Ok(None);
    }
    let target_text = target_text.split('?').next().unwrap_or_default();
    if target_text.is_empty() {
        // `#anchor` on the same page.
        check_anchor(index, site, source.this, fragment)?;
        return Ok(None);
    }
    if let Some(site_path) = target_text.strip_prefix('/') {
        let path = format!("/{site_path}");
        let normalized = if is_file_like(&path) || path.ends_with('/') {
            path.clone()
        } else {
            format!("{path}/")
        };
        if let Some(&target) = index.by_path.get(&normalized) {
            return to_target(target, None);
        }
        if index.known_paths.contains(&normalized) || index.known_paths.contains(&path) {
            let url = with_fragment(config.url(&path), fragment);
            return Ok(Some((ResolvedLink { url, text: None }, None)));
        }
        let suggestion = did_you_mean(&normalized, index.by_path.keys().map(String::as_str));
        return Err(LinkProblem::new(
            format!("no page or file at `{path}`"),
            suggestion.map(str::to_string),
            "link to an existing page, or to its markdown file with a relative path",
        ));
    }
    let Some(resolved) = join_relative(source.folder, target_text) else {
        return Err(LinkProblem::new(
            format!("`{target_text}` points outside the content folder"),
            None,
            "link to a file inside `content/`",
        ));
    };
    let lower = resolved.to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".yaml") || lower.ends_with(".yml") {
        let Some(&target) = index.by_file.get(&resolved) else {
            if index.invalid_files.contains(&resolved) {
                return Ok(None);
            }
            if let Some(&i) = index.unpublished_by_file.get(&resolved) {
                return Err(LinkProblem::unpublished(index, i));
            }
            let suggestion = suggest_file(&resolved, index.by_file.keys().map(String::as_str))
                .map(|s| relative_from(source.folder, s));
            return Err(LinkProblem::new(
                format!("`{target_text}` is not a content file (looked for content/{resolved})"),
                suggestion,
                "check the file name and the path relative to this file's folder",
            ));
        };
        return to_target(target, None);
    }
    if let Some(path) = index.assets.get(&resolved) {
        let url = with_fragment(config.url(path), fragment);
        return Ok(Some((ResolvedLink { url, text: None }, None)));
    }
    if is_file_like(target_text) {
        let suggestion = suggest_file(&resolved, index.assets.keys().map(String::as_str))
            .map(|s| relative_from(source.folder, s));
        return Err(LinkProblem::new(
            format!(
                "`{target_text}` is not a file in the content folder (looked for content/{resolved})"
            ),
            suggestion,
            "put the file beside the page, or fix the path",
        ));
    }
    Ok(None)
}

fn resolve_wikilink(
    index: &LinkIndex,
    site: &LinkedSite,
    name: &str,
) -> Result<Target, LinkProblem> {
    let key = name.trim().to_lowercase();
    match index.by_name.get(&key).map(Vec::as_slice) {
        Some([target]) => Ok(*target),
        Some(many) if !many.is_empty() => {
            let files: Vec<String> = many
                .iter()
                .map(|&target| site.target_file(target))
                .collect();
            Err(LinkProblem::new(
                format!(
                    "the wikilink `[[{name}]]` matches several pages: {}",
                    files.join(", ")
                ),
                None,
                "use a relative link to the file instead, like `[text](file.md)`",
            ))
        }
        _ => {
            if let Some(&i) = index.unpublished_by_name.get(&key) {
                return Err(LinkProblem::unpublished(index, i));
            }
            let mut candidates: Vec<&str> = Vec::new();
            for target in index.by_path.values() {
                let (title, path) = site.target(*target);
                candidates.push(title);
                candidates.push(
                    path.trim_end_matches('/')
                        .rsplit('/')
                        .next()
                        .unwrap_or_default(),
                );
            }
            candidates.sort_unstable();
            let suggestion = did_you_mean(name, candidates);
            let mut fallback =
                "a wikilink names a page by its title or its slug (file name)".to_string();
            if !index.invalid_files.is_empty() {
                let mut files: Vec<&str> = index.invalid_files.iter().map(String::as_str).collect();
                files.sort_unstable();
                fallback.push_str(&format!(
                    "; if it names content/{}, fix that file's errors first",
                    files.join(" or content/")
                ));
            }
            Err(LinkProblem::new(
                format!("no page has the title or slug `{name}`"),
                suggestion.map(str::to_string),
                &fallback,
            ))
        }
    }
}

/// Checks `#fragment` against the target's heading ids; returns the id.
fn check_anchor(
    index: &LinkIndex,
    site: &LinkedSite,
    target: Target,
    fragment: Option<&str>,
) -> Result<Option<String>, LinkProblem> {
    let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
        return Ok(None);
    };
    let empty = FastSet::default();
    let anchors = index.anchors.get(&target).unwrap_or(&empty);
    if anchors.contains(fragment) {
        return Ok(Some(fragment.to_string()));
    }
    let mut ids: Vec<&str> = anchors.iter().map(String::as_str).collect();
    ids.sort_unstable();
    let suggestion = did_you_mean(fragment, ids.iter().copied());
    let fallback = if ids.is_empty() {
        "that page has no headings to link to".to_string()
    } else {
        format!("its headings are: {}", ids.join(", "))
    };
    let file = site.target_file(target);
    Err(LinkProblem::new(
        format!("`#{fragment}` is not a heading of {file}"),
        suggestion.map(|s| format!("#{s}")),
        &fallback,
    ))
}

/// The content file most like `wanted`: by whole path, else by file name.
fn suggest_file<'a>(wanted: &str, files: impl Iterator<Item = &'a str> + Clone) -> Option<&'a str> {
    let name = wanted.rsplit('/').next().unwrap_or(wanted);
    let limit = (name.chars().count() / 3).max(2);
    closest_within(wanted, files.clone(), limit).or_else(|| {
        let names = files
            .clone()
            .map(|file| file.rsplit('/').next().unwrap_or(file));
        let best = did_you_mean(name, names)?;
        files
            .into_iter()
            .find(|file| file.rsplit('/').next() == Some(best))
    })
}

fn with_fragment(url: String, fragment: Option<&str>) -> String {
    match fragment {
        Some(fragment) if !fragment.is_empty() => format!("{url}#{fragment}"),
        _ => url,
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        None => false,
    }
}

fn is_file_like(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|last| {
        last.rsplit_once('.')
            .is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
    })
}

/// Joins a relative link to the folder of the file it is in; `None` when it
/// climbs out of `content/`.
fn join_relative(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Writes `target` (relative to `content/`) as a path relative to `folder`.
fn relative_from(folder: &str, target: &str) -> String {
    let from: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_join_and_unjoin() {
        assert_eq!(
            join_relative("articles", "../about.md").as_deref(),
            Some("about.md")
        );
        assert_eq!(
            join_relative("articles/b", "./x.md").as_deref(),
            Some("articles/b/x.md")
        );
        assert_eq!(join_relative("", "../x.md"), None);
        assert_eq!(relative_from("articles", "about.md"), "../about.md");
        assert_eq!(relative_from("articles", "articles/x.md"), "x.md");
    }

    #[test]
    fn slugs_cannot_leave_their_folder() {
        assert!(checked_slug("../../etc").is_err());
        assert!(checked_slug("a/b").is_err());
        assert_eq!(checked_slug("My Post").unwrap(), "my-post");
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("notes.md"));
        assert!(!has_scheme("a/b:c.md"));
    }
}
