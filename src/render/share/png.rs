//! Share images as PNG files: encoded fast, with the cache key that made
//! them in a `tEXt` chunk, so that a later build can tell whether a file it
//! finds still shows the same thing without drawing it again.

/// The `tEXt` keyword under which a share image carries its cache key.
pub const KEY_CHUNK: &str = "hearth-share";

/// Encodes `width` x `height` straight (not premultiplied) RGBA pixels as a
/// PNG carrying `key`, with the `png` crate's fast compression, which keeps
/// encoding a small part of a card's cost. (An opaque alpha channel costs
/// next to nothing once filtered and compressed.)
pub fn encode(rgba: &[u8], width: u32, height: u32, key: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(rgba.len() / 16);
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let problem = |error: png::EncodingError| error.to_string();
    encoder
        .add_text_chunk(KEY_CHUNK.to_string(), key.to_string())
        .map_err(problem)?;
    let mut writer = encoder.write_header().map_err(problem)?;
    writer.write_image_data(rgba).map_err(problem)?;
    writer.finish().map_err(problem)?;
    Ok(out)
}

/// How far into a PNG made by [`encode`] its key is found: the signature,
/// the header chunk and the key's chunk come before the image data.
pub const KEY_WITHIN: u64 = 1024;

/// The cache key a PNG made by [`encode`] carries, if it is one: read from
/// the chunks before the image data, which is not decoded. The chunks are
/// walked here rather than with `png`'s decoder, which sets up inflating
/// the whole image first: about 20 times the work, for each of thousands
/// of files on every build.
pub fn key_of(bytes: &[u8]) -> Option<String> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut rest = bytes.strip_prefix(SIGNATURE)?;
    loop {
        let length = usize::try_from(u32::from_be_bytes(rest.get(..4)?.try_into().ok()?)).ok()?;
        let kind = rest.get(4..8)?;
        let data = rest.get(8..8usize.checked_add(length)?)?;
        match kind {
            b"IDAT" | b"IEND" => return None,
            b"tEXt" => {
                let (keyword, text) = data.split_at(data.iter().position(|&b| b == 0)?);
                if keyword == KEY_CHUNK.as_bytes() {
                    // Latin-1, as the chunk is; a key is hex digits.
                    return Some(text[1..].iter().map(|&b| char::from(b)).collect());
                }
            }
            _ => {}
        }
        // The data, then its four-byte checksum.
        rest = rest.get(8 + length + 4..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_survives_a_round_trip() {
        let pixels = [10u8, 20, 30, 255].repeat(6);
        let bytes = encode(&pixels, 3, 2, "abc123").unwrap();
        assert_eq!(key_of(&bytes).as_deref(), Some("abc123"));
        let long_key = "0123456789abcdef".repeat(4);
        // Noise, so that the image data runs well past the key's chunk.
        let noise: Vec<u8> = (0u32..300 * 80 * 4)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        let noisy = encode(&noise, 300, 80, &long_key).unwrap();
        assert!(noisy.len() as u64 > KEY_WITHIN);
        let start = &noisy[..KEY_WITHIN as usize];
        assert_eq!(key_of(start).as_deref(), Some(long_key.as_str()));
        assert_eq!(key_of(b"not a png"), None);
        let decoded = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert_eq!(decoded.get_pixel(2, 1).0, [10, 20, 30]);
    }

    #[test]
    fn the_key_is_found_after_other_chunks_and_never_in_a_broken_file() {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, 2, 2);
        encoder.set_color(png::ColorType::Rgba);
        encoder
            .add_text_chunk("Title".to_string(), "a card".to_string())
            .unwrap();
        encoder
            .add_text_chunk(KEY_CHUNK.to_string(), "f00d".to_string())
            .unwrap();
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[7u8; 16]).unwrap();
        writer.finish().unwrap();
        assert_eq!(key_of(&out).as_deref(), Some("f00d"));
        // Every cut short of the key's chunk: no key, and no panic.
        let key_end = out.windows(4).position(|w| w == b"f00d").unwrap() + 4;
        for cut in 0..out.len() {
            let found = key_of(&out[..cut]);
            assert_eq!(found.is_some(), cut >= key_end, "cut at {cut}");
        }
        // A chunk claiming more bytes than there are.
        let mut huge = out.clone();
        huge[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(key_of(&huge), None);
        // Without the key's chunk: none.
        let plain = encode_without_key();
        assert_eq!(key_of(&plain), None);
    }

    fn encode_without_key() -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, 1, 1);
        encoder.set_color(png::ColorType::Rgba);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[0u8; 4]).unwrap();
        writer.finish().unwrap();
        out
    }

    /// `cargo test --release --lib share::png -- --ignored --nocapture`: the time and
    /// size of a card encoded with fast compression and with the `png`
    /// crate's default (what tiny-skia's `encode_png` uses), and of drawing.
    #[test]
    #[ignore]
    fn measure_compression() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><rect width="1200" height="630" fill="#fbf7f1"/><rect width="24" height="630" fill="#1d5e59"/><text font-family="DejaVu Sans" font-weight="bold" font-size="68" fill="#27231f"><tspan x="96" y="240">Firefighters and</tspan><tspan x="96" y="324">rebuilders</tspan></text><text x="96" y="556" font-family="DejaVu Sans" font-size="36" fill="#1d5e59">Harbor Coaching</text></svg>"##;
        let pixels = super::super::card::rasterise(svg, super::super::card::bundled()).unwrap();
        for (name, compression) in [
            ("fastest", png::Compression::Fastest),
            ("fast", png::Compression::Fast),
            ("balanced (default)", png::Compression::Balanced),
        ] {
            let started = std::time::Instant::now();
            let mut size = 0;
            for _ in 0..20 {
                let mut out = Vec::new();
                let mut encoder = png::Encoder::new(&mut out, 1200, 630);
                encoder.set_color(png::ColorType::Rgba);
                encoder.set_compression(compression);
                let mut writer = encoder.write_header().unwrap();
                writer.write_image_data(&pixels).unwrap();
                writer.finish().unwrap();
                size = out.len();
            }
            let each = started.elapsed() / 20;
            println!("{name}: {each:?} per card, {size} bytes");
        }
        let started = std::time::Instant::now();
        for _ in 0..20 {
            super::super::card::rasterise(svg, super::super::card::bundled()).unwrap();
        }
        println!("drawing: {:?} per card", started.elapsed() / 20);
    }
}
