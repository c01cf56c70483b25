//! A page's own picture (front matter `image`) as its share image: found
//! relative to the markdown file, read only inside the site, decoded, and
//! cropped to the share size (cover, centred).

use std::path::PathBuf;

use image::imageops::FilterType;

use crate::config::{CONTENT_DIR, SiteConfig};
use crate::diagnostic::Diagnostic;
use crate::files::SiteRoot;
use crate::parse::{Located, ParsedPage};
use crate::paths::{SHARE_HEIGHT, SHARE_WIDTH};

/// The file `image` names, relative to `content/` (`articles/a/photo.jpg`),
/// or why it names none: relative to the markdown file, and never above
/// `content/`.
pub fn content_path(page: &ParsedPage, image: &str) -> Result<String, &'static str> {
    let image = image.trim();
    if image.is_empty() {
        return Err("is empty");
    }
    if image.contains('\\') || image.contains(':') || image.contains(['?', '#']) {
        return Err("is not a path to a file beside the page (no `\\`, `:`, `?` or `#`)");
    }
    let mut parts: Vec<&str> = if image.starts_with('/') {
        Vec::new()
    } else {
        page.file
            .folder()
            .split('/')
            .filter(|s| !s.is_empty())
            .collect()
    };
    for part in image.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("leads out of the content/ folder");
                }
            }
            part => parts.push(part),
        }
    }
    if parts.is_empty() {
        return Err("names no file");
    }
    Ok(parts.join("/"))
}

/// The bytes of the picture `image` names, read safely inside the site; the
/// error is placed at the key.
pub fn read(
    config: &SiteConfig,
    page: &ParsedPage,
    image: &Located<String>,
) -> Result<Vec<u8>, Diagnostic> {
    let error = |message: String, help: &str| {
        Diagnostic::error("bad-image", message)
            .in_file(page.file.display_path())
            .at(image.location.clone())
            .help(help)
    };
    let relative = content_path(page, &image.value).map_err(|problem| {
        error(
            format!("`image: {}` {problem}", image.value),
            "write the picture's path relative to this markdown file, like `photo.jpg` or `../images/photo.jpg`",
        )
    })?;
    let path: PathBuf = config.root.join(CONTENT_DIR).join(&relative);
    let site = SiteRoot::new(&config.root);
    // Not a picture behind a link into a hidden file or folder (`.git/`).
    if let Err(crate::files::Escape::Hidden(real)) = site.check(&path) {
        return Err(error(
            format!(
                "`image: {}` leads into a hidden file or folder of the site (`{}`), which is never part of it",
                image.value,
                site.display(&real)
            ),
            "put the picture in content/ and name it there",
        ));
    }
    site.read_at_most(&path, crate::files::MOST_PICTURE_BYTES)
        .map_err(|problem| {
            let missing = problem.kind() == std::io::ErrorKind::NotFound;
            let message = if missing {
                format!("the picture `{CONTENT_DIR}/{relative}` named by `image` does not exist")
            } else {
                format!("cannot read the picture `{CONTENT_DIR}/{relative}`: {problem}")
            };
            error(
                message,
                "check the file name; the path is relative to this markdown file",
            )
        })
}

/// `bytes` decoded and cropped to the share size, as straight RGBA pixels;
/// the error says in words why the picture cannot be read.
pub fn crop(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let picture = image::load_from_memory(bytes).map_err(|error| error.to_string())?;
    let (width, height) = (picture.width(), picture.height());
    if width == 0 || height == 0 {
        return Err("the picture has no pixels".to_string());
    }
    // The largest centred part with the share image's proportions.
    let (target_w, target_h) = (u64::from(SHARE_WIDTH), u64::from(SHARE_HEIGHT));
    let (crop_w, crop_h) = if u64::from(width) * target_h > u64::from(height) * target_w {
        let w = (u64::from(height) * target_w / target_h).max(1);
        (w as u32, height)
    } else {
        let h = (u64::from(width) * target_h / target_w).max(1);
        (width, h as u32)
    };
    let x = (width - crop_w) / 2;
    let y = (height - crop_h) / 2;
    let cropped = picture.crop_imm(x, y, crop_w, crop_h);
    let sized = cropped.resize_exact(SHARE_WIDTH, SHARE_HEIGHT, FilterType::Triangle);
    Ok(sized.to_rgba8().into_raw())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tall_picture_is_cropped_to_its_middle() {
        // Red top, blue middle, green bottom: only blue is left.
        let mut picture = image::RgbImage::new(60, 300);
        for (_, y, pixel) in picture.enumerate_pixels_mut() {
            pixel.0 = match y {
                0..100 => [255, 0, 0],
                100..200 => [0, 0, 255],
                _ => [0, 255, 0],
            };
        }
        let mut bytes = Vec::new();
        picture
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        let pixels = crop(&bytes).unwrap();
        assert_eq!(pixels.len(), (SHARE_WIDTH * SHARE_HEIGHT * 4) as usize);
        assert_eq!(&pixels[..4], &[0, 0, 255, 255]);
        assert!(crop(b"GIF89a nonsense").is_err());
    }
}
