//! Where each photo is used: markdown images, front matter `image` and the
//! author's `photo`, each with its file and place, so that a photo that
//! cannot be read, or is too small for the layout, is reported where the
//! coach wrote its name.

use std::collections::HashMap;

use crate::config::{CONTENT_DIR, SITE_FILE, SiteConfig};
use crate::diagnostic::{Diagnostic, Location};
use crate::parse::LinkKind;

use super::address::join_relative;
use super::site::{LinkedSite, PlacedAsset};

/// How wide the default theme shows a photo in a page, at most, in CSS
/// pixels (the text's measure of about 68 characters).
pub const LAYOUT_WIDTH: u32 = 720;
/// How wide it shows the author's headshot (8rem).
pub const HEADSHOT_WIDTH: u32 = 128;

/// One place a photo is named.
#[derive(Debug, Clone)]
pub struct PhotoUse {
    /// The file shown in diagnostics (`content/articles/a.md`).
    pub file: String,
    pub location: Option<Location>,
    /// The width the layout shows it at, in CSS pixels.
    pub layout_width: u32,
    /// Named by a page's front matter `image`, whose share image reports
    /// a picture that cannot be read.
    pub share_image: bool,
}

impl PhotoUse {
    /// `diagnostic` placed at this use.
    pub fn place(&self, diagnostic: Diagnostic) -> Diagnostic {
        let diagnostic = diagnostic.in_file(self.file.clone());
        match &self.location {
            Some(location) => diagnostic.at(location.clone()),
            None => diagnostic,
        }
    }
}

/// Every use of every photo of `site`, by the photo's index in
/// `site.assets`, in page order.
pub fn photo_uses(config: &SiteConfig, site: &LinkedSite) -> HashMap<usize, Vec<PhotoUse>> {
    let photos: HashMap<&str, usize> = site
        .assets
        .iter()
        .enumerate()
        .filter(|(_, placed)| placed.photo.is_some())
        .map(|(index, placed)| (placed.asset.path.as_str(), index))
        .collect();
    let mut uses: HashMap<usize, Vec<PhotoUse>> = HashMap::new();
    if photos.is_empty() {
        return uses;
    }
    let by_url: HashMap<String, usize> = photos
        .values()
        .map(|&index| (config.url(&site.assets[index].path), index))
        .collect();
    if let Some(&index) = config
        .author
        .photo
        .as_deref()
        .and_then(|photo| photos.get(photo))
    {
        uses.entry(index).or_default().push(PhotoUse {
            file: SITE_FILE.to_string(),
            location: config.author.photo_location.clone(),
            layout_width: HEADSHOT_WIDTH,
            share_image: false,
        });
    }
    for page in &site.pages {
        let file = page.parsed.file.display_path();
        if let Some(image) = &page.parsed.front.image
            && let Some(path) = join_relative(page.parsed.file.folder(), image.value.trim())
            && let Some(&index) = photos.get(path.as_str())
        {
            uses.entry(index).or_default().push(PhotoUse {
                file: file.clone(),
                location: Some(image.location.clone()),
                layout_width: LAYOUT_WIDTH,
                share_image: true,
            });
        }
        for link in &page.parsed.body.links {
            if link.kind != LinkKind::Image {
                continue;
            }
            let Some(resolved) = page.links.get(&link.offset) else {
                continue;
            };
            if let Some(&index) = by_url.get(&resolved.url) {
                let location = Location::at_offset(
                    &page.parsed.file.text,
                    page.parsed.body_offset + link.offset,
                    link.length,
                );
                uses.entry(index).or_default().push(PhotoUse {
                    file: file.clone(),
                    location: Some(location),
                    layout_width: LAYOUT_WIDTH,
                    share_image: false,
                });
            }
        }
    }
    uses
}

/// The file a photo is read from, as diagnostics show it.
pub fn photo_file(placed: &PlacedAsset) -> String {
    format!("{CONTENT_DIR}/{}", placed.asset.path)
}
