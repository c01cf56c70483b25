//! Share images as PNG files: encoded fast, with the cache key that made
//! them in a `tEXt` chunk, so that a later build can tell whether a file it
//! finds still shows the same thing without drawing it again.

use std::io::Cursor;

/// The `tEXt` keyword under which a share image carries its cache key.
pub const KEY_CHUNK: &str = "hearth-share";

/// Encodes `width` x `height` straight (not premultiplied) RGBA pixels as a
/// PNG carrying `key`: RGB when every pixel is opaque (a third smaller),
/// with the `png` crate's fast compression, which keeps encoding a small
/// part of a card's cost.
pub fn encode(rgba: &[u8], width: u32, height: u32, key: &str) -> Result<Vec<u8>, String> {
    let opaque = rgba.chunks_exact(4).all(|pixel| pixel[3] == 255);
    let (color, data): (png::ColorType, std::borrow::Cow<[u8]>) = if opaque {
        let rgb: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]])
            .collect();
        (png::ColorType::Rgb, rgb.into())
    } else {
        (png::ColorType::Rgba, rgba.into())
    };
    let mut out = Vec::with_capacity(data.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let problem = |error: png::EncodingError| error.to_string();
    encoder
        .add_text_chunk(KEY_CHUNK.to_string(), key.to_string())
        .map_err(problem)?;
    let mut writer = encoder.write_header().map_err(problem)?;
    writer.write_image_data(&data).map_err(problem)?;
    writer.finish().map_err(problem)?;
    Ok(out)
}

/// The cache key a PNG made by [`encode`] carries, if it is one: read from
/// the chunks before the image data, which is not decoded.
pub fn key_of(bytes: &[u8]) -> Option<String> {
    let reader = png::Decoder::new(Cursor::new(bytes)).read_info().ok()?;
    reader
        .info()
        .uncompressed_latin1_text
        .iter()
        .find(|chunk| chunk.keyword == KEY_CHUNK)
        .map(|chunk| chunk.text.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_survives_a_round_trip() {
        let pixels = [10u8, 20, 30, 255].repeat(6);
        let bytes = encode(&pixels, 3, 2, "abc123").unwrap();
        assert_eq!(key_of(&bytes).as_deref(), Some("abc123"));
        assert_eq!(key_of(b"not a png"), None);
        let decoded = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert_eq!(decoded.get_pixel(2, 1).0, [10, 20, 30]);
    }
}
