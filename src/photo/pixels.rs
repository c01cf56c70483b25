//! A photo's pixels: decoded once, upright and in sRGB, resized with
//! `fast_image_resize` and encoded by `image` (JPEG, PNG) or libwebp
//! (lossy WebP). No encoder here is handed any metadata, so no copy
//! carries EXIF, GPS, XMP or an ICC profile.

use fast_image_resize as fr;
use image::{DynamicImage, ExtendedColorType, ImageEncoder, metadata::Orientation};

use super::{
    Format, JPEG_QUALITY, MAX_PIXELS, Size, WEBP_METHOD, WEBP_QUALITY, decoder, plain_error,
};

/// Straight 8-bit RGB or RGBA pixels, row by row.
pub(super) struct Pixels {
    size: Size,
    alpha: bool,
    data: Vec<u8>,
}

/// `bytes` decoded, turned upright by its EXIF orientation and converted
/// from its ICC profile (a phone's Display P3, say) to sRGB.
pub(super) fn decode(bytes: &[u8], format: Format) -> Result<Pixels, String> {
    let mut decoder = decoder(bytes, format)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "the picture is {width}x{height} pixels: Hearth reads pictures of 1 to 100 megapixels"
        ));
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|error| plain_error(&error))?;
    picture.apply_orientation(orientation);
    let alpha = format != Format::Jpeg && picture.color().has_alpha();
    let size = Size {
        width: picture.width(),
        height: picture.height(),
    };
    let mut data = if alpha {
        picture.into_rgba8().into_raw()
    } else {
        picture.into_rgb8().into_raw()
    };
    if let Some(icc) = icc {
        to_srgb(&icc, alpha, &mut data);
    }
    Ok(Pixels { size, alpha, data })
}

/// Converts `data` from the colours of the ICC profile `icc` to sRGB; a
/// profile that cannot be read (or is not an RGB one) leaves the pixels as
/// they are, which is what browsers show for an untagged picture.
fn to_srgb(icc: &[u8], alpha: bool, data: &mut Vec<u8>) {
    use moxcms::{ColorProfile, Layout, TransformOptions};
    let Ok(profile) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    let layout = if alpha { Layout::Rgba } else { Layout::Rgb };
    let srgb = ColorProfile::new_srgb();
    let Ok(transform) =
        profile.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return;
    };
    let mut converted = vec![0; data.len()];
    if transform.transform(data, &mut converted).is_ok() {
        *data = converted;
    }
}

/// `pixels` resized to `size` (Lanczos3, alpha-aware).
pub(super) fn resize(pixels: &Pixels, size: Size) -> Result<Pixels, String> {
    if size == pixels.size {
        return Ok(Pixels {
            size,
            alpha: pixels.alpha,
            data: pixels.data.clone(),
        });
    }
    // The typed resizer for the two layouts a decoded photo has: the untyped
    // one would compile its code for all thirteen of the crate's pixel types.
    let data = if pixels.alpha {
        resize_typed::<fr::pixels::U8x4>(pixels, size)
    } else {
        resize_typed::<fr::pixels::U8x3>(pixels, size)
    }
    .map_err(|error| format!("cannot resize the picture: {error}"))?;
    Ok(Pixels {
        size,
        alpha: pixels.alpha,
        data,
    })
}

/// `pixels`, whose pixels are `P`s (a `u8` per channel), resized to `size`.
fn resize_typed<P: fr::PixelTrait>(pixels: &Pixels, size: Size) -> Result<Vec<u8>, String> {
    let source = fr::images::TypedImageRef::<P>::from_buffer(
        pixels.size.width,
        pixels.size.height,
        &pixels.data,
    )
    .map_err(|error| error.to_string())?;
    let mut data = vec![0; size.width as usize * size.height as usize * size_of::<P>()];
    let mut target = fr::images::TypedImage::<P>::from_buffer(size.width, size.height, &mut data)
        .map_err(|error| error.to_string())?;
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    fr::Resizer::new()
        .resize_typed(&source, &mut target, &options)
        .map_err(|error| error.to_string())?;
    Ok(data)
}

/// `pixels` encoded as `format`, with no metadata.
pub(super) fn encode(pixels: &Pixels, format: Format) -> Result<Vec<u8>, String> {
    let Size { width, height } = pixels.size;
    let color = if pixels.alpha {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    };
    let mut out = Vec::new();
    let failed = |error: String| format!("cannot encode the copy: {error}");
    match format {
        Format::Jpeg => image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
            .write_image(&pixels.data, width, height, color)
            .map_err(|error| failed(error.to_string()))?,
        Format::Png => image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Default,
            image::codecs::png::FilterType::Adaptive,
        )
        .write_image(&pixels.data, width, height, color)
        .map_err(|error| failed(error.to_string()))?,
        Format::Webp => {
            let layout = if pixels.alpha {
                webp::PixelLayout::Rgba
            } else {
                webp::PixelLayout::Rgb
            };
            let mut config = webp::WebPConfig::new()
                .map_err(|()| failed("libwebp does not take its settings".to_string()))?;
            config.lossless = 0;
            config.alpha_compression = 1;
            config.quality = WEBP_QUALITY;
            config.method = WEBP_METHOD;
            let encoded = webp::Encoder::new(&pixels.data, layout, width, height)
                .encode_advanced(&config)
                .map_err(|error| failed(format!("{error:?}")))?;
            out.extend_from_slice(&encoded);
        }
    }
    Ok(out)
}
