//! `images:` in `site.yaml`: the widths content photos are published in,
//! and whether each gets a WebP copy too.

use serde::Deserialize;

use super::{SITE_FILE, spanned_at};
use crate::diagnostic::Diagnostic;
use crate::photo::Settings;
use crate::yaml::Spanned;

/// The formats `images: { formats: [...] }` takes besides each photo's own.
const FORMATS: [&str; 1] = ["webp"];
/// The widest copy Hearth makes, in pixels: wider than any screen shows a
/// photo in a page.
const MAX_WIDTH: i64 = 8192;

/// `images:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawImages {
    #[serde(default)]
    widths: Option<Spanned<Vec<Spanned<i64>>>>,
    #[serde(default)]
    formats: Option<Vec<Spanned<String>>>,
}

/// The photo settings, or the defaults, pushing an error for each width
/// that is not a whole number of pixels and each format Hearth cannot
/// write (with the closest one).
pub(super) fn validate(
    source: &str,
    raw: Option<RawImages>,
    errors: &mut Vec<Diagnostic>,
) -> Settings {
    let mut settings = Settings::default();
    let Some(raw) = raw else {
        return settings;
    };
    if let Some(widths) = raw.widths {
        if widths.value.is_empty() {
            errors.push(
                Diagnostic::error("invalid-site-yaml", "`images: widths` lists no width")
                    .in_file(SITE_FILE)
                    .at(spanned_at(source, &widths))
                    .help("list the widths in pixels, like `widths: [480, 800, 1200, 1600]` (the default)"),
            );
        }
        let mut kept = Vec::new();
        for width in &widths.value {
            match u32::try_from(width.value) {
                Ok(value) if value >= 1 && i64::from(value) <= MAX_WIDTH => kept.push(value),
                _ => errors.push(
                    Diagnostic::error(
                        "invalid-site-yaml",
                        format!("`{}` is not a width in pixels", width.value),
                    )
                    .in_file(SITE_FILE)
                    .at(spanned_at(source, width))
                    .help(format!(
                        "write each width as a whole number from 1 to {MAX_WIDTH}, like `widths: [480, 800, 1200, 1600]`"
                    )),
                ),
            }
        }
        kept.sort_unstable();
        kept.dedup();
        if !kept.is_empty() {
            settings.widths = kept;
        }
    }
    if let Some(formats) = raw.formats {
        settings.webp = false;
        for format in &formats {
            let value = format.value.trim().to_ascii_lowercase();
            if FORMATS.contains(&value.as_str()) {
                settings.webp = true;
                continue;
            }
            let help = match crate::diagnostic::did_you_mean(&value, FORMATS) {
                Some(close) => format!(
                    "did you mean `{close}`? Hearth writes each photo in its own format and in `webp`; write `formats: []` for no WebP copies"
                ),
                None => "Hearth writes each photo in its own format (JPEG, PNG or WebP) and, with `formats: [webp]` (the default), a WebP copy too; write `formats: []` for none".to_string(),
            };
            errors.push(
                Diagnostic::error(
                    "invalid-site-yaml",
                    format!("`{}` is not an image format Hearth writes", format.value),
                )
                .in_file(SITE_FILE)
                .at(spanned_at(source, format))
                .help(help),
            );
        }
    }
    settings
}
