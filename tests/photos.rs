//! Photos (issue 14): content pictures are published as upright, resized
//! copies without their metadata, the pages name them with `srcset`,
//! `width` and `height`, and the copies are cached between builds.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::Site;
use image::{GenericImageView, ImageEncoder, Rgb, RgbImage};
use scraper::{Html, Selector};

/// An EXIF APP1 segment, big-endian, with an orientation and a GPS
/// latitude (the kind of data a phone writes).
fn exif_segment(orientation: u16) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    // IFD0 at 8: Orientation, GPSInfo pointer; then no next IFD.
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    // GPS IFD at 38: latitude reference and latitude (3 rationals at 68).
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&[0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 68]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    for (numerator, denominator) in [(45u32, 1u32), (31, 1), (1234, 100)] {
        tiff.extend_from_slice(&numerator.to_be_bytes());
        tiff.extend_from_slice(&denominator.to_be_bytes());
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    segment(0xE1, &payload)
}

/// An XMP APP1 segment holding a position.
fn xmp_segment() -> Vec<u8> {
    let mut payload = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    payload.extend_from_slice(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><exif:GPSLatitude>45,31.12N</exif:GPSLatitude></x:xmpmeta>");
    segment(0xE1, &payload)
}

fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// A JPEG of `picture` with EXIF (orientation, GPS) and XMP after SOI.
fn phone_jpeg(picture: &RgbImage, orientation: u16) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 95)
        .write_image(
            picture.as_raw(),
            picture.width(),
            picture.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    let mut out = plain[..2].to_vec();
    out.extend(exif_segment(orientation));
    out.extend(xmp_segment());
    out.extend_from_slice(&plain[2..]);
    out
}

/// A picture with a gradient, so that resized copies differ.
fn gradient(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
    })
}

fn png(picture: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    picture
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn article(body: &str) -> String {
    format!("---\ntitle: With photos\ndescription: Pictures.\n---\n{body}\n")
}

/// The JPEG markers of `bytes` up to the start of the scan.
fn jpeg_markers(bytes: &[u8]) -> Vec<u8> {
    assert_eq!(&bytes[..2], [0xFF, 0xD8], "not a JPEG");
    let mut markers = Vec::new();
    let mut at = 2;
    while at + 4 <= bytes.len() {
        assert_eq!(bytes[at], 0xFF, "a JPEG segment starts with 0xFF at {at}");
        let marker = bytes[at + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        let length = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        at += 2 + length;
    }
    markers
}

/// The chunk names of a RIFF WebP file.
fn webp_chunks(bytes: &[u8]) -> Vec<String> {
    assert_eq!(&bytes[..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WEBP");
    let mut chunks = Vec::new();
    let mut at = 12;
    while at + 8 <= bytes.len() {
        chunks.push(String::from_utf8_lossy(&bytes[at..at + 4]).into_owned());
        let length = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
        at += 8 + length + (length & 1);
    }
    chunks
}

/// The chunk names of a PNG file.
fn png_chunks(bytes: &[u8]) -> Vec<String> {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let mut chunks = Vec::new();
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let length = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        chunks.push(String::from_utf8_lossy(&bytes[at + 4..at + 8]).into_owned());
        at += 12 + length;
    }
    chunks
}

fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::snapshot(dir)
}

/// A site with one article that shows one phone photo of `width` x `height`.
fn site_with_photo(width: u32, height: u32) -> Site {
    let site = Site::new();
    site.write(
        "content/articles/a/photo.jpg",
        phone_jpeg(&gradient(width, height), 1),
    );
    site.write(
        "content/articles/a/index.md",
        article("![A photo](photo.jpg)"),
    );
    site
}

#[test]
fn a_phone_photo_comes_out_upright_and_without_exif_gps_or_xmp() {
    let site = Site::new();
    // Stored sideways, as a phone held upright stores it: red on the left,
    // blue on the right; orientation 6 turns it a quarter clockwise, so
    // upright it is 20 wide, 40 high, red on top.
    let stored = RgbImage::from_fn(40, 20, |x, _| {
        if x < 20 {
            Rgb([230, 20, 20])
        } else {
            Rgb([20, 20, 230])
        }
    });
    site.write("content/articles/walk/photo.jpg", phone_jpeg(&stored, 6));
    site.write(
        "content/articles/walk/index.md",
        article("![The path by the river](photo.jpg)"),
    );
    site.build().assert_success();
    assert!(
        !site.exists("articles/walk/photo.jpg"),
        "the original is published"
    );
    for name in ["photo-20.jpg", "photo-20.webp"] {
        let bytes = std::fs::read(site.path("public/articles/walk").join(name)).unwrap();
        let copy = image::load_from_memory(&bytes).unwrap();
        assert_eq!(copy.dimensions(), (20, 40), "{name} is not upright");
        let top = copy.get_pixel(10, 5).0;
        let bottom = copy.get_pixel(10, 35).0;
        assert!(
            top[0] > 150 && top[2] < 100,
            "{name}: top is {top:?}, not red"
        );
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "{name}: bottom is {bottom:?}, not blue"
        );
    }
    // No published file carries metadata: parsed, not searched.
    for (path, bytes) in site.snapshot("public") {
        if path.ends_with(".jpg") {
            let markers = jpeg_markers(&bytes);
            assert!(
                !markers.iter().any(|m| (0xE1..=0xEF).contains(m)),
                "{path} has an APP1-APP15 segment (EXIF, XMP, ICC): {markers:x?}"
            );
        } else if path.ends_with(".webp") {
            let chunks = webp_chunks(&bytes);
            assert!(
                chunks
                    .iter()
                    .all(|c| ["VP8 ", "VP8L", "VP8X", "ALPH"].contains(&c.as_str())),
                "{path} has a metadata chunk: {chunks:?}"
            );
        } else if path.ends_with(".png") && !path.contains("share") {
            let chunks = png_chunks(&bytes);
            assert!(
                !chunks
                    .iter()
                    .any(|c| ["eXIf", "iCCP", "iTXt", "tEXt", "zTXt"].contains(&c.as_str())),
                "{path} has a metadata chunk: {chunks:?}"
            );
        }
    }
}

#[test]
fn srcset_lists_only_existing_copies_with_their_widths_and_the_size_matches() {
    let site = Site::new();
    site.write(
        "content/articles/room/room.jpg",
        phone_jpeg(&gradient(1000, 750), 1),
    );
    site.write("content/articles/room/chairs.png", png(&gradient(900, 600)));
    site.write(
        "content/articles/room/third.jpg",
        phone_jpeg(&gradient(500, 500), 1),
    );
    site.write(
        "content/articles/room/index.md",
        article(
            "![The room](room.jpg)\n\nText.\n\n![Two chairs](chairs.png)\n\n![A third](third.jpg)",
        ),
    );
    site.build().assert_success();
    let html = Html::parse_document(&site.read("articles/room/index.html"));
    let images: Vec<_> = html.select(&Selector::parse("main img").unwrap()).collect();
    assert_eq!(images.len(), 3);
    let public = site.path("public");
    let check_set = |set: &str| {
        let mut widths = Vec::new();
        for candidate in set.split(',') {
            let (url, width) = candidate.trim().split_once(' ').unwrap();
            let width: u32 = width.trim_end_matches('w').parse().unwrap();
            let file = public.join(url.trim_start_matches('/'));
            let copy = image::open(&file).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(copy.width(), width, "{url} is not {width} wide");
            widths.push(width);
        }
        widths
    };
    for (i, img) in images.iter().enumerate() {
        let attr = |name: &str| img.value().attr(name);
        let widths = check_set(attr("srcset").expect("srcset"));
        assert!(attr("sizes").is_some());
        assert_eq!(attr("decoding"), Some("async"));
        assert_eq!(attr("loading"), if i == 0 { None } else { Some("lazy") });
        assert_eq!(attr("fetchpriority"), (i == 0).then_some("high"));
        let src = image::open(public.join(attr("src").unwrap().trim_start_matches('/'))).unwrap();
        assert_eq!(attr("width"), Some(src.width().to_string().as_str()));
        assert_eq!(attr("height"), Some(src.height().to_string().as_str()));
        assert_eq!(src.width(), *widths.last().unwrap());
        // In a <picture> whose WebP source has the same widths.
        let picture = img.parent().and_then(scraper::ElementRef::wrap).unwrap();
        assert_eq!(picture.value().name(), "picture");
        let source = picture
            .select(&Selector::parse("source").unwrap())
            .next()
            .unwrap();
        assert_eq!(source.value().attr("type"), Some("image/webp"));
        assert_eq!(check_set(source.value().attr("srcset").unwrap()), widths);
    }
    assert_eq!(
        check_set(images[0].value().attr("srcset").unwrap()),
        [480, 800, 1000]
    );
}

#[test]
fn a_corrupt_jpeg_fails_build_and_check_at_its_reference_naming_the_file() {
    let site = Site::new();
    let mut broken = phone_jpeg(&gradient(64, 64), 1);
    broken.truncate(broken.len() / 3);
    broken.extend_from_slice(b"\xFF\xD9 not image data");
    site.write("content/articles/a/broken.jpg", &broken);
    let text = article("Some words.\n\n![A broken one](broken.jpg)");
    site.write("content/articles/a/index.md", &text);
    let line = text.lines().position(|l| l.starts_with("![")).unwrap() + 1;
    let place = format!("content/articles/a/index.md:{line}:1");
    for command in ["build", "check"] {
        let run = site.hearth(&[command]);
        run.assert_error(&[&place, "content/articles/a/broken.jpg", "bad-image"]);
    }
}

#[test]
fn a_second_build_encodes_nothing_and_a_damaged_cache_entry_is_rewritten() {
    let site = site_with_photo(900, 600);
    site.build().assert_success();
    let cache = site.path(".hearth/cache/images");
    let first = files_under(&cache);
    assert!(!first.is_empty(), "nothing was cached");
    let published = site.snapshot("public");
    site.build().assert_success();
    assert_eq!(
        files_under(&cache),
        first,
        "the second build wrote to the cache"
    );
    assert_eq!(
        site.snapshot("public"),
        published,
        "the same sources gave other bytes"
    );
    // A damaged entry (cut short) is never published: it is encoded again.
    let (name, bytes) = first.iter().next().unwrap();
    std::fs::write(cache.join(name), &bytes[..bytes.len() / 2]).unwrap();
    site.build().assert_success();
    assert_eq!(site.snapshot("public"), published);
    assert_eq!(
        files_under(&cache),
        first,
        "the damaged entry was not rewritten"
    );
    // An entry that is a link to a file outside the site (committed in a
    // pull request, say) is not read, even when that file is a whole entry:
    // the photo is encoded again and the link replaced by a real entry.
    #[cfg(unix)]
    {
        let mut entries = first.iter();
        let (name, _) = entries.next().unwrap();
        let (_, other) = entries.next().expect("a photo has several copies");
        let outside = tempfile::tempdir().unwrap();
        let planted = outside.path().join("entry");
        std::fs::write(&planted, other).unwrap();
        std::fs::remove_file(cache.join(name)).unwrap();
        std::os::unix::fs::symlink(&planted, cache.join(name)).unwrap();
        site.build().assert_success();
        assert_eq!(
            site.snapshot("public"),
            published,
            "a cache entry outside the site was published"
        );
        assert_eq!(files_under(&cache), first, "the link was not replaced");
        assert!(
            !std::fs::symlink_metadata(cache.join(name))
                .unwrap()
                .is_symlink()
        );
        assert_eq!(
            &std::fs::read(&planted).unwrap(),
            other,
            "the file outside changed"
        );
    }
    // Encoding again from nothing gives the same bytes: outputs are
    // deterministic, not only cached.
    std::fs::remove_dir_all(site.path(".hearth")).unwrap();
    site.build().assert_success();
    assert_eq!(
        site.snapshot("public"),
        published,
        "encoding again gave other bytes"
    );
    // `hearth init` keeps the cache out of git.
    let fresh = tempfile::tempdir().unwrap();
    common::run_in(fresh.path(), &["init", "site"]).assert_success();
    let ignore = std::fs::read_to_string(fresh.path().join("site/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l.trim() == ".hearth/"), "{ignore}");
}

/// `.hearth` committed as a link out of the site: the photos are encoded
/// and published, and nothing is made where the link leads.
#[cfg(unix)]
#[test]
fn a_cache_folder_linked_out_of_the_site_is_not_used() {
    let site = site_with_photo(300, 200);
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path(".hearth")).unwrap();
    site.build().assert_success();
    assert!(
        std::fs::read_dir(outside.path()).unwrap().next().is_none(),
        "something was made outside the site"
    );
    assert!(!files_under(&site.path("public/articles/a")).is_empty());
}

#[test]
fn two_photos_whose_copies_would_share_a_name_fail_the_build() {
    let site = Site::new();
    site.write(
        "content/articles/a/photo.jpg",
        phone_jpeg(&gradient(100, 50), 1),
    );
    site.write("content/articles/a/photo.png", png(&gradient(100, 50)));
    site.write(
        "content/articles/a/index.md",
        article("![One](photo.jpg)\n\n![Two](photo.png)"),
    );
    let run = site.build();
    run.assert_error(&[
        "photo-100.webp",
        "content/articles/a/photo.jpg",
        "content/articles/a/photo.png",
    ]);
}

#[test]
fn a_site_without_photos_has_no_cache_and_no_picture_markup() {
    let site = Site::new();
    site.build().assert_success();
    assert!(!site.path(".hearth").exists());
    assert!(!site.read("index.html").contains("<picture"));
}

#[test]
fn the_hero_and_the_headshot_are_photos_with_their_size() {
    let site = Site::new();
    site.write(
        "content/site.yaml",
        common::SITE_YAML.replace(
            "author: { name: Alex Doe }",
            "author: { name: Alex Doe, photo: about/alex.jpg }",
        ),
    );
    site.write("content/about/alex.jpg", phone_jpeg(&gradient(600, 600), 1));
    site.write(
        "content/about/index.md",
        "---\ntitle: About\ndescription: Me.\n---\nHi.\n",
    );
    site.write(
        "content/articles/h/hero.jpg",
        phone_jpeg(&gradient(2000, 1000), 1),
    );
    site.write(
        "content/articles/h/index.md",
        "---\ntitle: Hero\ndescription: A hero.\nimage: hero.jpg\nimage_alt: A wide view\n---\nBody.\n",
    );
    site.build().assert_success();
    let page = Html::parse_document(&site.read("articles/h/index.html"));
    let hero = page
        .select(&Selector::parse("img.hero").unwrap())
        .next()
        .expect("a hero image");
    assert_eq!(hero.value().attr("alt"), Some("A wide view"));
    assert_eq!(hero.value().attr("width"), Some("1600"));
    assert_eq!(hero.value().attr("height"), Some("800"));
    assert_eq!(
        hero.value().attr("loading"),
        None,
        "the hero is the first image"
    );
    let home = Html::parse_document(&site.read("index.html"));
    let headshot = home
        .select(&Selector::parse("img.headshot").unwrap())
        .next()
        .expect("a headshot");
    assert!(
        headshot
            .value()
            .attr("srcset")
            .unwrap()
            .contains("alex-480.jpg 480w")
    );
    assert_eq!(headshot.value().attr("width"), Some("600"));
    assert_eq!(headshot.value().attr("sizes"), Some("8rem"));
}

#[test]
fn a_photo_narrower_than_the_layout_needs_is_a_large_image_warning_at_its_place() {
    let site = Site::new();
    site.write(
        "content/articles/s/small.jpg",
        phone_jpeg(&gradient(600, 400), 1),
    );
    let text = article("Words.\n\n![A small one](small.jpg)");
    site.write("content/articles/s/index.md", &text);
    let line = text.lines().position(|l| l.starts_with("![")).unwrap() + 1;
    let run = site.build();
    run.assert_success();
    let place = format!("content/articles/s/index.md:{line}:1");
    assert!(
        run.stderr.contains("large-image") && run.stderr.contains(&place),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/articles/s/small.jpg"),
        "{}",
        run.stderr
    );
    site.write(
        "content/site.yaml",
        format!("{}lints: {{ large-image: off }}\n", common::SITE_YAML),
    );
    let quiet = site.build();
    quiet.assert_success();
    assert!(!quiet.stderr.contains("large-image"), "{}", quiet.stderr);
}
