//! Checks of the share image tags of built pages: every HTML page but an
//! alias redirect links a 1200x630 PNG of the output by an absolute URL.

use std::collections::BTreeMap;

use scraper::{Html, Selector};

/// The `content` of the first `<meta>` whose `attribute` is `name`.
pub fn meta(document: &Html, attribute: &str, name: &str) -> Option<String> {
    let selector = Selector::parse(&format!("meta[{attribute}=\"{name}\"]")).ok()?;
    document
        .select(&selector)
        .next()
        .and_then(|element| element.value().attr("content"))
        .map(str::to_string)
}

/// The width and height of a PNG.
pub fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().expect("a PNG");
    let info = reader.info();
    (info.width, info.height)
}

/// Asserts the share tags of every HTML file in `files` (output path ->
/// bytes) of a site at `base_url` (no trailing slash); returns how many
/// pages have them.
pub fn assert_share_tags(files: &BTreeMap<String, Vec<u8>>, base_url: &str) -> usize {
    let refresh = Selector::parse("meta[http-equiv=\"refresh\"]").unwrap();
    let mut pages = 0;
    for (path, bytes) in files.iter().filter(|(path, _)| path.ends_with(".html")) {
        let document = Html::parse_document(&String::from_utf8_lossy(bytes));
        let image = meta(&document, "property", "og:image");
        if document.select(&refresh).next().is_some() {
            assert_eq!(image, None, "the alias page {path} has a share image");
            continue;
        }
        let image = image.unwrap_or_else(|| panic!("{path} has no og:image"));
        let relative = image
            .strip_prefix(base_url)
            .unwrap_or_else(|| panic!("{path}: og:image {image} is not absolute on {base_url}"));
        let file = relative.trim_start_matches('/');
        let png = files
            .get(file)
            .unwrap_or_else(|| panic!("{path}: og:image {image} is not in the output"));
        assert_eq!(png_size(png), (1200, 630), "{path}: {file}");
        let tag = |attribute: &str, name: &str| {
            meta(&document, attribute, name).unwrap_or_else(|| panic!("{path} has no {name}"))
        };
        assert_eq!(tag("property", "og:image:width"), "1200", "{path}");
        assert_eq!(tag("property", "og:image:height"), "630", "{path}");
        assert_eq!(tag("property", "og:image:type"), "image/png", "{path}");
        assert!(!tag("property", "og:image:alt").trim().is_empty(), "{path}");
        assert_eq!(tag("name", "twitter:card"), "summary_large_image", "{path}");
        assert_eq!(tag("name", "twitter:image"), image, "{path}");
        assert_eq!(
            tag("name", "twitter:image:alt"),
            tag("property", "og:image:alt"),
            "{path}"
        );
        pages += 1;
    }
    pages
}
