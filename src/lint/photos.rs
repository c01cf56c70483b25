//! `large-image`: a photo smaller than the layout shows it, which looks
//! soft on a phone's or a laptop's high-density screen.

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::link::{LinkedSite, photo_file, photo_uses};

/// How many device pixels a high-density screen shows per CSS pixel.
const DENSITY: u32 = 2;

pub(super) fn large_images(config: &SiteConfig, site: &LinkedSite, found: &mut Vec<Diagnostic>) {
    let largest = config
        .images
        .widths
        .iter()
        .copied()
        .max()
        .unwrap_or(u32::MAX);
    let mut uses: Vec<_> = photo_uses(config, site).into_iter().collect();
    uses.sort_by_key(|(index, _)| *index);
    for (index, uses) in uses {
        let placed = &site.assets[index];
        let Some(Ok(plan)) = placed.photo.as_ref().map(|photo| photo.plan.as_ref()) else {
            continue;
        };
        let width = plan.original.width;
        for place in uses {
            let needed = (place.layout_width * DENSITY).min(largest);
            if width >= needed {
                continue;
            }
            found.push(
                place.place(
                    Diagnostic::warning(
                        "large-image",
                        format!(
                            "the photo `{}` is only {width} pixels wide; the page shows it up to {} pixels wide, which needs {needed} pixels to look sharp on high-density screens",
                            photo_file(placed),
                            place.layout_width
                        ),
                    )
                    .help("use a larger original (a phone photo is large enough): Hearth makes the smaller copies itself"),
                ),
            );
        }
    }
}
