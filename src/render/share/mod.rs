//! Share images: the 1200x630 PNG every HTML page links in its
//! OpenGraph and Twitter tags, at [`crate::paths::share_image_path`] of the
//! page. A page with a front matter `image` shares that picture, cropped to
//! fit; every other page shares a card drawn from its title, the site's
//! name and the theme's colours ([`card`]). Cards and pictures are drawn
//! in parallel and cached by a digest of everything they show, kept in
//! each PNG ([`png`]), so that a rebuild draws only the ones that changed:
//! `build` reuses the previous output folder's files, `serve` keeps them
//! in memory.

mod card;
mod picture;
mod png;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use tera::Value;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::digest::Digest;
use crate::files::SiteRoot;
use crate::link::{LinkedSite, tag_path};
use crate::load::Asset;
use crate::output::Sink;
use crate::parse::{Located, PageKind, ParsedPage};
use crate::paths::{self, SHARE_HEIGHT, SHARE_WIDTH, share_image_path};

use super::Templates;

pub use card::{FONT_FAMILY, Palette};
pub(super) use picture::content_path;
pub use png::{KEY_CHUNK, key_of};

/// The template a card is drawn from: built in, and replaceable by a
/// theme's or a site's `templates/share.svg`.
pub(crate) const SHARE_TEMPLATE: &str = "share.svg";

/// What a cache key depends on besides what a card shows: a new Hearth
/// may draw the same card differently.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// How many share images one render drew, and how many it took from the
/// cache instead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShareStats {
    pub drawn: usize,
    pub reused: usize,
}

/// What a render does with share images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Draws them (or takes them from the cache) and writes them.
    Draw,
    /// Only finds their errors, for `check`: reads and decodes each
    /// picture and renders each card's template, but draws nothing.
    Check,
}

/// The share images one render can take instead of drawing: the last
/// render's, in memory (`serve`), or the files of the previous output
/// folder (`build`). [`ShareCache::default`] keeps them in memory.
pub struct ShareCache {
    mode: Mode,
    /// Key -> PNG, from the last render: `serve`'s cache.
    memory: Option<Mutex<HashMap<String, Vec<u8>>>>,
    /// The previous output folder, when it carries Hearth's marker.
    previous: Option<(PathBuf, SiteRoot)>,
    drawn: AtomicUsize,
    reused: AtomicUsize,
}

impl Default for ShareCache {
    fn default() -> ShareCache {
        ShareCache {
            memory: Some(Mutex::new(HashMap::new())),
            ..ShareCache::none()
        }
    }
}

impl std::fmt::Debug for ShareCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShareCache")
            .field("mode", &self.mode)
            .field("memory", &self.memory.is_some())
            .field("previous", &self.previous.as_ref().map(|(dir, _)| dir))
            .field("stats", &self.stats())
            .finish()
    }
}

impl ShareCache {
    /// No cache: every share image is drawn.
    pub fn none() -> ShareCache {
        ShareCache {
            mode: Mode::Draw,
            memory: None,
            previous: None,
            drawn: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
        }
    }

    /// For `check`: finds the errors of share images, draws and writes none.
    pub fn checking() -> ShareCache {
        ShareCache {
            mode: Mode::Check,
            ..ShareCache::none()
        }
    }

    /// Reuses the share images of the output folder `out` that a build is
    /// about to replace, when it is one Hearth wrote (it has the marker):
    /// each file whose key matches is copied instead of drawn.
    pub fn previous_output(out: &Path) -> ShareCache {
        let marked = std::fs::symlink_metadata(out.join(paths::MARKER)).is_ok_and(|m| m.is_file());
        ShareCache {
            previous: marked.then(|| (out.to_path_buf(), SiteRoot::for_one_pass(out))),
            ..ShareCache::none()
        }
    }

    /// Whether this render only checks (`check`): it writes no file.
    pub fn is_checking(&self) -> bool {
        self.mode == Mode::Check
    }

    /// How many share images the last render drew and reused.
    pub fn stats(&self) -> ShareStats {
        ShareStats {
            drawn: self.drawn.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
        }
    }

    /// The cached PNG of `file` (its output path) when it carries `key`.
    /// In the previous output folder only the file's start is read, where
    /// its key is: the file itself is linked into the new output.
    fn find(&self, old: &HashMap<String, Vec<u8>>, key: &str, file: &str) -> Option<Png> {
        if let Some(bytes) = old.get(key) {
            return Some(Png::Bytes(bytes.clone()));
        }
        let (dir, root) = self.previous.as_ref()?;
        let source = dir.join(file);
        let start = root.read_start(&source, png::KEY_WITHIN).ok()?;
        (key_of(&start).as_deref() == Some(key)).then_some(Png::Previous(source))
    }
}

/// A share image ready to write.
enum Png {
    /// Its bytes: drawn now, or kept in memory from the last render.
    Bytes(Vec<u8>),
    /// The file of the previous output folder that already holds it.
    Previous(PathBuf),
}

/// One page's share image, before it is drawn.
struct Job<'a> {
    /// The page's site path.
    page: String,
    /// The title a card shows.
    title: String,
    /// The page's own picture: its markdown file and `image` value.
    picture: Option<(&'a ParsedPage, &'a Located<String>)>,
}

/// Every HTML page's share image (alias pages have none). The titles are
/// the ones each page renders with.
fn jobs<'a>(config: &SiteConfig, site: &'a LinkedSite) -> Vec<Job<'a>> {
    let mut jobs: Vec<Job> = site
        .pages
        .iter()
        .map(|page| Job {
            page: page.path.clone(),
            title: if page.parsed.kind == PageKind::Home {
                config.title.clone()
            } else {
                page.title().to_string()
            },
            picture: page
                .parsed
                .front
                .image
                .as_ref()
                .map(|image| (page.parsed.as_ref(), image)),
        })
        .collect();
    let card = |page: String, title: String| Job {
        page,
        title,
        picture: None,
    };
    jobs.extend(site.tags.iter().map(|tag| {
        let title = config
            .strings
            .format("tag_title", None, &[("tag", &tag.name)]);
        card(tag_path(&tag.slug), title)
    }));
    jobs.extend(site.comparisons.iter().map(|comparison| {
        card(
            comparison.path.clone(),
            comparison.parsed.comparison.title.clone(),
        )
    }));
    if let Some(referral) = &site.referral {
        jobs.push(card(
            referral.path.clone(),
            referral.parsed.referral.title.clone(),
        ));
    }
    for (path, key, present) in [
        (paths::TAGS, "tags_title", true),
        (
            paths::COMPARISONS,
            "comparisons_title",
            !site.comparisons.is_empty(),
        ),
        (paths::NOT_FOUND, "not_found_title", true),
        (
            paths::SEARCH,
            "search_title",
            crate::link::search_enabled(config, &site.pages),
        ),
        (paths::GLOSSARY, "glossary_title", site.glossary.is_some()),
        (paths::SERVICES, "services_title", site.services.is_some()),
        (
            paths::TESTIMONIALS,
            "testimonials_title",
            site.testimonials.is_some(),
        ),
    ] {
        if present {
            jobs.push(card(path.to_string(), config.strings.text(key)));
        }
    }
    jobs
}

/// The `share_image` template variable of the page at `path`.
pub(super) fn share_value(config: &SiteConfig, path: &str, alt: &str) -> Value {
    super::map([
        (
            "url",
            Value::from(config.permalink(&share_image_path(path))),
        ),
        ("width", Value::from(SHARE_WIDTH)),
        ("height", Value::from(SHARE_HEIGHT)),
        ("alt", Value::from(alt)),
    ])
}

/// What a card shows, in words: the page's title and the site's name.
pub(super) fn card_alt(title: &str, site_title: &str) -> String {
    if title.is_empty() || title == site_title {
        site_title.to_string()
    } else {
        format!("{title} · {site_title}")
    }
}

/// The theme's colours, from the site's `style.css` (the theme's, or the
/// site's own that replaces it).
fn palette(config: &SiteConfig, static_files: &[Asset]) -> Palette {
    static_files
        .iter()
        .find(|file| file.path == "style.css")
        .and_then(|file| {
            crate::load::read_in_site(&config.root, &file.source, crate::files::MOST_TEXT_BYTES)
                .ok()
        })
        .map(|bytes| Palette::from_css(&String::from_utf8_lossy(&bytes)))
        .unwrap_or_default()
}

/// Draws (or takes from `cache`) every page's share image and writes each
/// into `sink`, in parallel; returns every error.
pub(super) fn write_share_images(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
    static_files: &[Asset],
    cache: &ShareCache,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    cache.drawn.store(0, Ordering::Relaxed);
    cache.reused.store(0, Ordering::Relaxed);
    let palette = palette(config, static_files);
    let old = cache
        .memory
        .as_ref()
        .map(|memory| {
            std::mem::take(
                &mut *memory
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            )
        })
        .unwrap_or_default();
    let kept = Mutex::new(HashMap::new());
    let errors: Vec<Diagnostic> = jobs(config, site)
        .par_iter()
        .filter_map(|job| {
            let made = make(config, templates, &palette, cache, &old, job)?;
            let (key, file, png) = match made {
                Ok(made) => made,
                Err(error) => return Some(error),
            };
            let written = match (png, &cache.previous) {
                (Png::Bytes(bytes), _) => {
                    if cache.memory.is_some() {
                        kept.lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .insert(key, bytes.clone());
                    }
                    sink.put(file.clone(), bytes)
                }
                (Png::Previous(source), Some((_, root))) => {
                    sink.put_same(file.clone(), &source, root)
                }
                (Png::Previous(source), None) => Err(std::io::Error::other(format!(
                    "{} is not in the previous output",
                    source.display()
                ))),
            };
            written.err().map(|error| super::unwritable(&file, &error))
        })
        .collect();
    if let Some(memory) = &cache.memory {
        *memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            kept.into_inner().unwrap_or_default();
    }
    rayon::spawn(move || drop(old));
    errors
}

/// A share image made: its cache key, output file and PNG.
type Made = (String, String, Png);

/// One share image: its key, output file and PNG; `None` when checking.
fn make(
    config: &SiteConfig,
    templates: &Templates,
    palette: &Palette,
    cache: &ShareCache,
    old: &HashMap<String, Vec<u8>>,
    job: &Job,
) -> Option<Result<Made, Diagnostic>> {
    let file = paths::output_file(&share_image_path(&job.page));
    let drawn = |key: String, pixels: Result<Vec<u8>, Diagnostic>| {
        let pixels = pixels?;
        let bytes = png::encode(&pixels, SHARE_WIDTH, SHARE_HEIGHT, &key).map_err(|error| {
            Diagnostic::error(
                "share-image",
                format!("cannot encode the share image `{file}`: {error}"),
            )
        })?;
        cache.drawn.fetch_add(1, Ordering::Relaxed);
        Ok((key, file.clone(), Png::Bytes(bytes)))
    };
    match job.picture {
        Some((page, image)) => {
            let bytes = match picture::read(config, page, image) {
                Ok(bytes) => bytes,
                Err(error) => return Some(Err(error)),
            };
            let key = Digest::new()
                .part("picture")
                .part(&bytes)
                .part(VERSION)
                .hex();
            let unreadable = |why: String| {
                let shown = picture::content_path(page, &image.value).unwrap_or_default();
                Diagnostic::error(
                    "bad-image",
                    format!("cannot read `content/{shown}` as a picture: {why}"),
                )
                .in_file(page.file.display_path())
                .at(image.location.clone())
                .help("save the picture as JPEG, PNG or WebP, or name another one")
            };
            if cache.mode == Mode::Check {
                return image::load_from_memory(&bytes)
                    .err()
                    .map(|error| Err(unreadable(error.to_string())));
            }
            if let Some(bytes) = cache.find(old, &key, &file) {
                cache.reused.fetch_add(1, Ordering::Relaxed);
                return Some(Ok((key, file, bytes)));
            }
            Some(drawn(key, picture::crop(&bytes).map_err(unreadable)))
        }
        None => {
            let context = card::context(&job.title, &config.title, palette);
            let svg = match templates.render(SHARE_TEMPLATE, &context, &job.page) {
                Ok(svg) => svg,
                Err(error) => return Some(Err(error)),
            };
            let invalid = |error: String| {
                let mut diagnostic = Diagnostic::error(
                    "share-image",
                    format!(
                        "the share image template does not make a valid SVG for {}: {error}",
                        job.page
                    ),
                )
                .help("fix templates/share.svg; see docs/templates.md for its variables");
                if let Some(path) = templates.display_path(SHARE_TEMPLATE) {
                    diagnostic = diagnostic.in_file(path);
                }
                diagnostic
            };
            if cache.mode == Mode::Check {
                // Well-formed XML at least, without the cost of drawing.
                return card::check_xml(&svg).err().map(|error| Err(invalid(error)));
            }
            let fonts = card::fonts_for(&svg);
            let key = Digest::new()
                .part("card")
                .part(&svg)
                .part(&fonts.id)
                .part(VERSION)
                .hex();
            if let Some(bytes) = cache.find(old, &key, &file) {
                cache.reused.fetch_add(1, Ordering::Relaxed);
                return Some(Ok((key, file, bytes)));
            }
            let pixels = card::rasterise(&svg, fonts).map_err(invalid);
            Some(drawn(key, pixels))
        }
    }
}
