//! Photos: the content pictures (JPEG, PNG, WebP) that Hearth publishes as
//! resized copies instead of the original. [`probe`] reads a picture's
//! header and EXIF orientation only, so that links and pages can name every
//! copy with its width and height before any pixel is encoded; [`encode`]
//! decodes the original once, turns it upright, converts it to sRGB,
//! resizes it and writes each copy without any metadata (no EXIF, GPS, XMP
//! or ICC profile: a phone photo's position is never published).
//! [`PhotoCache`] keeps encoded copies between builds.

mod cache;
mod pixels;

use std::io::Cursor;

use image::{ImageDecoder, ImageReader, metadata::Orientation};

pub use cache::PhotoCache;

/// What a cache key depends on besides the source and the settings: a new
/// Hearth, or a new version of an encoder, may encode the same photo
/// differently.
pub const ENCODER_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "/image-0.25/fir-6/libwebp-0.9/q",
    "82-80-m2-cascade"
);

/// JPEG quality of the copies (0-100): visually lossless for photos.
const JPEG_QUALITY: u8 = 82;
/// Lossy WebP quality of the copies (0-100), libwebp's scale.
const WEBP_QUALITY: f32 = 80.0;
/// libwebp's speed/size trade-off (0 fastest, 6 smallest; 4 its default):
/// 2 encodes a photo in about half the time for a few percent more bytes.
const WEBP_METHOD: i32 = 2;
/// The largest picture Hearth decodes, in pixels (a 100-megapixel camera's),
/// so that a crafted header cannot make it reserve gigabytes.
const MAX_PIXELS: u64 = 100_000_000;

/// The formats a photo is decoded from and encoded to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    /// The format of a file by its name's extension; `None` for every file
    /// that is copied as it is (GIF, SVG, PDF...).
    pub fn of_path(path: &str) -> Option<Format> {
        let (_, ext) = path.rsplit_once('.')?;
        match ext.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }

    /// The MIME type written in `<source type>`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }

    fn image_format(self) -> image::ImageFormat {
        match self {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
            Format::Webp => image::ImageFormat::WebP,
        }
    }
}

/// The settings of `images:` in `site.yaml` that change the copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The widths copies are made in, ascending, each at least 1.
    pub widths: Vec<u32>,
    /// A WebP copy beside each copy in the original format.
    pub webp: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            widths: vec![480, 800, 1200, 1600],
            webp: true,
        }
    }
}

/// A width and a height in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// One published copy of a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    /// Its file name, beside the original's place (`photo-800.webp`).
    pub name: String,
    pub format: Format,
    pub size: Size,
}

/// Every copy of one photo, smallest first, the original format's before
/// the WebP ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The original's size once upright.
    pub original: Size,
    pub format: Format,
    pub copies: Vec<Copy>,
}

impl Plan {
    /// The largest copy in the original format: the `<img src>`, whose
    /// width and height the HTML gives.
    pub fn largest(&self) -> &Copy {
        // A plan always has at least one copy in its own format.
        self.copies
            .iter()
            .rfind(|copy| copy.format == self.format)
            .unwrap_or(&self.copies[0])
    }

    /// The copies of one format, smallest first.
    pub fn of_format(&self, format: Format) -> impl Iterator<Item = &Copy> {
        self.copies.iter().filter(move |copy| copy.format == format)
    }
}

/// The size of the picture in `bytes` once turned upright by its EXIF
/// orientation, from its header alone; the error says in plain words why
/// it cannot be read.
pub fn probe(bytes: &[u8], format: Format) -> Result<Size, String> {
    let mut decoder = decoder(bytes, format)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err("the picture has no pixels".to_string());
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "the picture is {width}x{height} pixels, more than Hearth reads (100 megapixels)"
        ));
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    Ok(if turns_sideways(orientation) {
        Size {
            width: height,
            height: width,
        }
    } else {
        Size { width, height }
    })
}

/// The copies of a photo named `name` (its file name, `photo.jpg`) whose
/// upright size is `original`: each width of `settings` smaller than the
/// original, plus the original width capped at the largest setting.
pub fn plan(name: &str, format: Format, original: Size, settings: &Settings) -> Plan {
    let largest = settings
        .widths
        .iter()
        .copied()
        .max()
        .unwrap_or(original.width);
    let top = original.width.min(largest).max(1);
    let mut widths: Vec<u32> = settings
        .widths
        .iter()
        .copied()
        .filter(|&width| width >= 1 && width < top)
        .collect();
    widths.push(top);
    widths.sort_unstable();
    widths.dedup();
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "jpg"));
    let mut copies = Vec::with_capacity(widths.len() * 2);
    let mut formats = vec![(format, ext.to_string())];
    if settings.webp && format != Format::Webp {
        formats.push((Format::Webp, "webp".to_string()));
    }
    for (format, ext) in &formats {
        for &width in &widths {
            let height = (u64::from(original.height) * u64::from(width))
                .div_ceil(u64::from(original.width).max(1))
                .clamp(1, u64::from(u32::MAX)) as u32;
            copies.push(Copy {
                name: format!("{stem}-{width}.{ext}"),
                format: *format,
                size: Size { width, height },
            });
        }
    }
    Plan {
        original,
        format,
        copies,
    }
}

/// Decodes `bytes` fully without encoding anything: what `check` does to
/// find the pictures a build would fail on.
pub fn verify(bytes: &[u8], format: Format) -> Result<(), String> {
    pixels::decode(bytes, format).map(|_| ())
}

/// Every copy of `plan` encoded from the picture in `bytes`, in the plan's
/// order: decoded once, upright, in sRGB, resized, without metadata.
pub fn encode(bytes: &[u8], plan: &Plan) -> Result<Vec<Vec<u8>>, String> {
    let upright = pixels::decode(bytes, plan.format)?;
    // Each size once, largest first, each resized from the one before it
    // (a 1200-pixel copy from the 1600 one, not from all 4032): several
    // times less work than resizing every copy from the original, and
    // alike to the eye.
    let mut sizes: Vec<Size> = Vec::new();
    for copy in &plan.copies {
        if !sizes.contains(&copy.size) {
            sizes.push(copy.size);
        }
    }
    sizes.sort_by_key(|size| std::cmp::Reverse(size.width));
    let mut resized: Vec<(Size, pixels::Pixels)> = Vec::with_capacity(sizes.len());
    for size in sizes {
        let from = resized.last().map_or(&upright, |(_, pixels)| pixels);
        let sized = pixels::resize(from, size)?;
        resized.push((size, sized));
    }
    drop(upright);
    plan.copies
        .iter()
        .map(|copy| {
            let (_, sized) = resized
                .iter()
                .find(|(size, _)| *size == copy.size)
                .ok_or_else(|| "a copy's size was not made".to_string())?;
            pixels::encode(sized, copy.format)
        })
        .collect()
}

/// A decoder for `bytes`, with the reason in words when there is none.
fn decoder(bytes: &[u8], format: Format) -> Result<Box<dyn ImageDecoder + '_>, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format.image_format());
    reader
        .into_decoder()
        .map(|decoder| Box::new(decoder) as Box<dyn ImageDecoder + '_>)
        .map_err(|error| plain_error(&error))
}

/// The words of a decoding error, without the codec's jargon where it can.
fn plain_error(error: &image::ImageError) -> String {
    match error {
        image::ImageError::Decoding(_) => {
            format!("the file is damaged or not really this kind of picture ({error})")
        }
        image::ImageError::Unsupported(_) => {
            format!("this kind of picture is not supported ({error})")
        }
        image::ImageError::Limits(_) => format!("the picture is too large to read ({error})"),
        other => other.to_string(),
    }
}

/// Whether the orientation swaps width and height.
fn turns_sideways(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_the_smaller_widths_and_the_capped_original() {
        let settings = Settings::default();
        let big = plan(
            "photo.jpg",
            Format::Jpeg,
            Size {
                width: 4032,
                height: 3024,
            },
            &settings,
        );
        let widths: Vec<(String, u32, u32)> = big
            .copies
            .iter()
            .map(|c| (c.name.clone(), c.size.width, c.size.height))
            .collect();
        assert_eq!(widths[0], ("photo-480.jpg".to_string(), 480, 360));
        assert_eq!(widths[3], ("photo-1600.jpg".to_string(), 1600, 1200));
        assert_eq!(widths[7], ("photo-1600.webp".to_string(), 1600, 1200));
        assert_eq!(big.largest().name, "photo-1600.jpg");
        let small = plan(
            "a.png",
            Format::Png,
            Size {
                width: 1000,
                height: 10,
            },
            &settings,
        );
        let names: Vec<&str> = small.copies.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "a-480.png",
                "a-800.png",
                "a-1000.png",
                "a-480.webp",
                "a-800.webp",
                "a-1000.webp"
            ]
        );
        assert_eq!(Format::of_path("x/Y.JPEG"), Some(Format::Jpeg));
        assert_eq!(Format::of_path("x/y.gif"), None);
    }

    #[test]
    fn nonsense_is_not_a_picture() {
        assert!(probe(b"not a jpeg", Format::Jpeg).is_err());
        assert!(
            encode(
                b"\xff\xd8\xff",
                &plan(
                    "a.jpg",
                    Format::Jpeg,
                    Size {
                        width: 2,
                        height: 2
                    },
                    &Settings::default()
                )
            )
            .is_err()
        );
    }
}
