//! The linked site: the model every later stage reads. Each page, comparison
//! and the referral page with its address, resolved links and backlinks;
//! the tags, aliases and copied files; the settings' links.

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::FormKind;
use crate::config::SiteConfig;
use crate::load::Asset;
use crate::parse::{
    Comparison, Faq, PageKind, ParsedComparison, ParsedFileData, ParsedGlossary, ParsedPage,
    ParsedReferral, Services, SortBy, Testimonials,
};

use super::place::sort_pages;

/// How many of the latest articles the home page lists.
pub const LATEST_COUNT: usize = 6;

pub use crate::markdown::ResolvedLink;

/// Anything a link can point at and that keeps backlinks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// Index into [`LinkedSite::pages`].
    Page(usize),
    /// Index into [`LinkedSite::comparisons`].
    Comparison(usize),
    /// The referral guidelines page.
    Referral,
    /// The glossary page.
    Glossary,
    /// The services page.
    Services,
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

/// The glossary, placed at [`crate::paths::GLOSSARY`]. Its anchors are the
/// terms' ids; which pages use each term is known only once they are
/// rendered, so the render stage gathers it.
#[derive(Debug, Clone)]
pub struct SiteGlossary {
    pub parsed: ParsedGlossary,
    pub path: String,
    /// The definitions' links.
    pub links: CellLinks,
    pub backlinks: Vec<Target>,
}

/// The glossary page's title.
pub const GLOSSARY_TITLE: &str = "Glossary";

/// The services, placed at `/services/`, with the links of their summaries.
#[derive(Debug, Clone)]
pub struct SiteServices {
    pub parsed: ParsedFileData<Services>,
    pub links: CellLinks,
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
    /// Service cards, by index into the services, in the block's order.
    Services(Vec<usize>),
    /// The first `count` testimonials (all of them when `None`).
    Testimonials(Option<usize>),
    /// Questions and answers, with the answers' links resolved.
    Faq { faq: Box<Faq>, links: CellLinks },
    /// A form of `forms:` in `site.yaml`, which exists.
    Form(FormKind),
}

/// A page placed in the site.
#[derive(Debug, Clone)]
pub struct SitePage {
    /// Shared with the parse cache of `serve`, which keeps it for the next rebuild.
    pub parsed: Arc<ParsedPage>,
    /// Site path, without the base path: `/articles/x/`.
    pub path: String,
    /// Kept from search engines (`noindex`, not in the sitemap): a draft in
    /// a preview, or the page a form sends its senders to.
    pub hidden: bool,
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
    /// For articles: the articles to read next, best first (see `related.rs`).
    pub related: Vec<usize>,
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

/// A content asset and the site path it is copied to: for a photo, the
/// path of its largest copy (the original is never published).
#[derive(Debug, Clone)]
pub struct PlacedAsset {
    pub asset: Asset,
    pub path: String,
    /// For a JPEG, PNG or WebP picture: its copies, or why its header
    /// cannot be read (reported where the picture is used).
    pub photo: Option<PlacedPhoto>,
}

/// A photo's copies and where they are published.
#[derive(Debug, Clone)]
pub struct PlacedPhoto {
    /// The copies, or why the picture cannot be read.
    pub plan: Result<crate::photo::Plan, String>,
    /// The site folder the copies go to (`/articles/a/`), ending in `/`.
    pub folder: String,
}

impl PlacedPhoto {
    /// The site path of one of its copies.
    pub fn path_of(&self, copy: &crate::photo::Copy) -> String {
        format!("{}{}", self.folder, copy.name)
    }
}

/// The stylesheet pages link: its fingerprinted copy, published as
/// `/style.<hash>.css` beside the plain `/style.css` so hosts may keep it
/// for a year; or, in a preview, the plain `/style.css` itself.
#[derive(Debug, Clone)]
pub struct Stylesheet {
    /// Site path: `/style.<hash>.css`, or `/style.css` in a preview.
    pub path: String,
    /// The fingerprinted copy's bytes, read once when placing, so that the
    /// name always matches what is written; `None` in a preview.
    pub fingerprinted: Option<Arc<Vec<u8>>>,
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
    /// `content/referral.yaml` exists, even if it failed validation.
    pub has_referral_file: bool,
    /// YAML files under `content/` that Hearth does not use (relative to it).
    pub unused_data: Vec<String>,
    pub pages: Vec<SitePage>,
    pub aliases: Vec<Alias>,
    pub tags: Vec<TagGroup>,
    pub assets: Vec<PlacedAsset>,
    /// Comparison pages, by id.
    pub comparisons: Vec<SiteComparison>,
    pub referral: Option<SiteReferral>,
    /// `content/services.yaml`, when it lists services: `/services/`.
    pub services: Option<SiteServices>,
    /// `content/testimonials.yaml`, when it has some: `/testimonials/`.
    pub testimonials: Option<ParsedFileData<Testimonials>>,
    /// Every page search engines should find, by site path: the claims of
    /// placing, so a page joins the sitemap by being placed.
    pub sitemap: Vec<crate::paths::Listed>,
    /// The stylesheet pages link, when the theme or the site has a
    /// `style.css`.
    pub stylesheet: Option<Stylesheet>,
    pub glossary: Option<SiteGlossary>,
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
            Target::Glossary => match &self.glossary {
                Some(glossary) => (GLOSSARY_TITLE, &glossary.path),
                None => ("", "/"),
            },
            Target::Services => ("Services", crate::paths::SERVICES),
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
            Target::Glossary => self
                .glossary
                .as_ref()
                .map(|g| g.parsed.file.display_path())
                .unwrap_or_default(),
            Target::Services => self
                .services
                .as_ref()
                .map(|s| s.parsed.file.display_path())
                .unwrap_or_default(),
        }
    }

    /// The home page, when `content/_index.md` exists.
    pub fn home(&self) -> Option<usize> {
        self.pages
            .iter()
            .position(|page| page.parsed.kind == PageKind::Home)
    }

    /// The latest articles, newest first: what the home page lists (and
    /// so what a visitor reaches from it).
    pub fn latest_articles(&self) -> Vec<usize> {
        let mut dated = self.dated_pages();
        dated.truncate(LATEST_COUNT);
        dated
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
