//! Photos in the rendered site: every copy encoded (in parallel, or taken
//! from the cache in `.hearth/cache/images/`) and written, and every
//! `<img>` of a page that shows a photo given its copies (`<picture>` with a
//! WebP `<source>`, `srcset`, `sizes`), the width and height of its largest
//! copy, and `loading="lazy"` on all but the first image of the page
//! (which, when it is a photo, gets `fetchpriority="high"`).

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use tera::Value;

use crate::link::{LinkedSite, PlacedAsset, PlacedPhoto, SitePage, photo_file, photo_uses};
use crate::photo::{self, Format, PhotoCache, Plan};

/// What `sizes` says when a template gives none: the width the default
/// theme shows a photo at, the text's measure, or the screen less its
/// margins on a phone.
pub const DEFAULT_SIZES: &str = "(max-width: 48rem) calc(100vw - 2rem), 68ch";

/// The attribute a template gives an `<img>` to say how wide it shows it
/// (`data-sizes="8rem"`): it becomes the photo's `sizes`, and is removed.
const SIZES_HINT: &str = "data-sizes";

/// Every photo of the site by the URL its `<img src>` has.
pub(super) struct PhotoIndex<'a> {
    config: &'a SiteConfig,
    by_url: HashMap<String, (&'a PlacedPhoto, &'a Plan)>,
}

impl<'a> PhotoIndex<'a> {
    pub(super) fn new(config: &'a SiteConfig, site: &'a LinkedSite) -> PhotoIndex<'a> {
        let by_url = site
            .assets
            .iter()
            .filter_map(|placed| {
                let photo = placed.photo.as_ref()?;
                let plan = photo.plan.as_ref().ok()?;
                Some((config.url(&placed.path), (photo, plan)))
            })
            .collect();
        PhotoIndex { config, by_url }
    }

    /// `srcset` of the copies of one format.
    fn srcset(&self, photo: &PlacedPhoto, plan: &Plan, format: Format) -> String {
        plan.of_format(format)
            .map(|copy| {
                format!(
                    "{} {}w",
                    self.config.url(&photo.path_of(copy)),
                    copy.size.width
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The page `html` with its images rewritten (see the module's
    /// documentation); a page without `<img>` is returned as it is.
    pub(super) fn rewrite(&self, html: Vec<u8>) -> Vec<u8> {
        if memchr_img(&html).is_none() {
            return html;
        }
        let text = match String::from_utf8(html) {
            Ok(text) => text,
            Err(error) => return error.into_bytes(),
        };
        use lol_html::html_content::ContentType;
        use lol_html::{RewriteStrSettings, element, rewrite_str};
        let mut seen = 0usize;
        let handler = element!("img", |el| {
            seen += 1;
            let first = seen == 1;
            if !first && !el.has_attribute("loading") {
                el.set_attribute("loading", "lazy")?;
            }
            if !el.has_attribute("decoding") {
                el.set_attribute("decoding", "async")?;
            }
            // A template's hint of the width it shows the image at.
            let hint = el.get_attribute(SIZES_HINT);
            el.remove_attribute(SIZES_HINT);
            let Some(src) = el.get_attribute("src") else {
                return Ok(());
            };
            let Some(&(photo, plan)) = self.by_url.get(src.trim()) else {
                return Ok(());
            };
            if el.has_attribute("srcset") {
                return Ok(());
            }
            // The first picture is likely the largest thing on screen:
            // the browser fetches it before the others.
            if first && !el.has_attribute("fetchpriority") {
                el.set_attribute("fetchpriority", "high")?;
            }
            let largest = plan.largest();
            let sizes = hint.unwrap_or_else(|| DEFAULT_SIZES.to_string());
            el.set_attribute("srcset", &self.srcset(photo, plan, plan.format))?;
            el.set_attribute("sizes", &sizes)?;
            el.set_attribute("width", &largest.size.width.to_string())?;
            el.set_attribute("height", &largest.size.height.to_string())?;
            if plan.format != Format::Webp && plan.of_format(Format::Webp).next().is_some() {
                let source = format!(
                    "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">",
                    crate::markdown::escape(&self.srcset(photo, plan, Format::Webp)),
                    crate::markdown::escape(&sizes)
                );
                el.before(&source, ContentType::Html);
                el.after("</picture>", ContentType::Html);
            }
            Ok(())
        });
        let settings = RewriteStrSettings::new().append_element_content_handler(handler);
        match rewrite_str(&text, settings) {
            Ok(rewritten) => rewritten.into_bytes(),
            Err(_) => text.into_bytes(),
        }
    }
}

/// The `hero` template variable of `page`: its front matter `image` (the
/// URL of its largest copy when it is a photo) and `image_alt`, or none.
pub(super) fn hero_value(config: &SiteConfig, site: &LinkedSite, page: &SitePage) -> Value {
    let Some(image) = &page.parsed.front.image else {
        return Value::none();
    };
    let Ok(path) = super::share::content_path(&page.parsed, &image.value) else {
        return Value::none();
    };
    let Some(placed) = site.assets.iter().find(|placed| placed.asset.path == path) else {
        return Value::none();
    };
    super::map([
        ("url", Value::from(config.url(&placed.path))),
        ("alt", Value::from(page.parsed.front.image_alt.as_str())),
    ])
}

/// Where `<img` first occurs in `html`, if it does.
fn memchr_img(html: &[u8]) -> Option<usize> {
    memchr::memmem::find(html, b"<img")
}

/// Encodes (or takes from `cache`) every copy of every photo and hands each
/// to `put`, in parallel; when `checking`, decodes each photo the cache
/// does not know and writes nothing. Returns every error, placed where the
/// photo is used.
pub(super) fn write_photos(
    config: &SiteConfig,
    site: &LinkedSite,
    cache: &PhotoCache,
    checking: bool,
    put: &(dyn Fn(String, Vec<u8>) -> Result<(), Diagnostic> + Sync),
) -> Vec<Diagnostic> {
    let photos: Vec<(usize, &PlacedAsset, &PlacedPhoto)> = site
        .assets
        .iter()
        .enumerate()
        .filter_map(|(index, placed)| Some((index, placed, placed.photo.as_ref()?)))
        .collect();
    if photos.is_empty() {
        return Vec::new();
    }
    let failures: Vec<(usize, String)> = photos
        .par_iter()
        .filter_map(|&(index, placed, photo)| {
            let failed = |why: String| Some((index, why));
            let plan = match &photo.plan {
                Ok(plan) => plan,
                Err(why) => return failed(why.clone()),
            };
            let bytes = match crate::load::read_in_site(
                &config.root,
                &placed.asset.source,
                crate::files::MOST_PICTURE_BYTES,
            ) {
                Ok(bytes) => bytes,
                Err(error) => return failed(format!("cannot read the file: {error}")),
            };
            let key = PhotoCache::key(&bytes, plan, &config.images);
            let copies = match cache.get(&key, plan) {
                Some(copies) => copies,
                None if checking => {
                    return photo::verify(&bytes, plan.format)
                        .err()
                        .map(|why| (index, why));
                }
                None => match photo::encode(&bytes, plan) {
                    Ok(copies) => {
                        cache.count_encoded(copies.len());
                        cache.put(&key, plan, &copies);
                        copies
                    }
                    Err(why) => return failed(why),
                },
            };
            if checking {
                return None;
            }
            for (copy, bytes) in plan.copies.iter().zip(copies) {
                let path = photo.path_of(copy);
                if let Err(error) = put(path.trim_start_matches('/').to_string(), bytes) {
                    return failed(error.message);
                }
            }
            None
        })
        .collect();
    if failures.is_empty() {
        return Vec::new();
    }
    let uses = photo_uses(config, site);
    let mut errors = Vec::new();
    for (index, why) in failures {
        let placed = &site.assets[index];
        let file = photo_file(placed);
        let error = Diagnostic::error(
            "bad-image",
            format!("cannot read the photo `{file}`: {why}"),
        )
        .help("save the photo again as JPEG, PNG or WebP (or export it from your photo app), or remove it");
        let uses = uses.get(&index).map_or(&[][..], Vec::as_slice);
        if uses.is_empty() {
            errors.push(error.in_file(file));
            continue;
        }
        // A front matter `image` that cannot be read is reported by its
        // share image already, at the same place.
        errors.extend(
            uses.iter()
                .filter(|place| !place.share_image)
                .map(|place| place.place(error.clone())),
        );
    }
    errors
}
