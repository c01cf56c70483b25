//! Drawing a card: the page title broken into lines (Tera cannot measure
//! text, so lines are estimated here), the theme's colours, the SVG
//! template rendered by Tera, then rasterised with resvg and the font
//! bundled in the binary, or the machine's fonts when a theme's template
//! names other families.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use crate::digest::Digest;
use crate::paths::{SHARE_HEIGHT, SHARE_WIDTH};
use crate::render::values::map;

/// The bundled font: DejaVu Sans Bold (licence in `assets/fonts/`).
const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
/// The family of [`FONT`], the only one the default card names.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// Left and right margin of the text, in pixels.
const MARGIN: f32 = 96.0;
/// The title's font size and line height, in pixels.
const TITLE_SIZE: f32 = 68.0;
const TITLE_LINE: f32 = 84.0;
/// The most lines a title takes; a longer one ends in an ellipsis.
const TITLE_LINES: usize = 3;
/// The site name's font size.
const NAME_SIZE: f32 = 36.0;

/// The theme's colours a card uses, as `#rrggbb` (or `#rgb`) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    pub background: String,
    pub text: String,
    pub accent: String,
}

impl Palette {
    /// The colours of a stylesheet's first `--bg`, `--text` and `--accent`
    /// custom properties (the light scheme's, in the default theme); each
    /// one missing or not a hex colour is the default theme's.
    pub fn from_css(css: &str) -> Palette {
        let pick = |name: &str, fallback: &str| {
            custom_property(css, name)
                .filter(|value| is_hex_colour(value))
                .unwrap_or_else(|| fallback.to_string())
        };
        Palette {
            background: pick("--bg", "#fbf7f1"),
            text: pick("--text", "#27231f"),
            accent: pick("--accent", "#1d5e59"),
        }
    }
}

impl Default for Palette {
    fn default() -> Palette {
        Palette::from_css("")
    }
}

/// The value of the first declaration of the custom property `name`.
fn custom_property(css: &str, name: &str) -> Option<String> {
    let mut rest = css;
    while let Some(at) = rest.find(name) {
        let after = &rest[at + name.len()..];
        let before = rest[..at].chars().next_back();
        rest = after;
        // `--text` must not match `--text-soft`, nor `x--text`.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-') {
            continue;
        }
        let Some(value) = after.trim_start().strip_prefix(':') else {
            continue;
        };
        let end = value.find([';', '}']).unwrap_or(value.len());
        return Some(value[..end].trim().to_ascii_lowercase());
    }
    None
}

/// `#rgb`, `#rrggbb` or `#rrggbbaa`: safe to put in an attribute as it is.
fn is_hex_colour(value: &str) -> bool {
    value.strip_prefix('#').is_some_and(|hex| {
        matches!(hex.len(), 3 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// A character's width in em, estimated for a bold sans-serif face:
/// enough to break lines where they roughly fill the card.
fn em_width(c: char) -> f32 {
    match c {
        'i' | 'l' | 'j' | '.' | ',' | ';' | ':' | '!' | '\'' | '|' | '’' | '‘' => 0.34,
        'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | ' ' | '-' | '"' | '“' | '”' => 0.45,
        'm' | 'w' | 'M' | 'W' | '—' | '%' | '@' => 1.0,
        c if c.is_ascii_digit() => 0.7,
        c if c.is_uppercase() => 0.77,
        c if c.is_ascii() => 0.66,
        // CJK and other wide scripts.
        c if c as u32 >= 0x2E80 => 1.0,
        _ => 0.7,
    }
}

fn text_width(text: &str) -> f32 {
    text.chars().map(em_width).sum()
}

/// `text` with an ellipsis after it, cut so that both fit in `max_em`.
fn with_ellipsis(text: &str, max_em: f32) -> String {
    let mut out = String::new();
    let mut width = em_width('…');
    for c in text.chars() {
        width += em_width(c);
        if width > max_em {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

/// A word cut into pieces that each fit in `max_em`.
fn pieces(word: &str, max_em: f32) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut width = 0.0;
    for c in word.chars() {
        if width + em_width(c) > max_em && !piece.is_empty() {
            pieces.push(std::mem::take(&mut piece));
            width = 0.0;
        }
        width += em_width(c);
        piece.push(c);
    }
    pieces.push(piece);
    pieces
}

/// Breaks `text` into at most `max_lines` lines of at most `max_em` em
/// each, at spaces (a word longer than a line is cut); the last line ends
/// in an ellipsis when text is left over.
pub fn wrap(text: &str, max_em: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    // `text_width(&current)`, carried along: the same additions in the same
    // order, so the same widths to the last bit, without measuring every
    // line again for each word.
    let mut width = 0.0;
    'words: for word in text.split_whitespace() {
        for piece in pieces(word, max_em) {
            let joined = if current.is_empty() {
                text_width(&piece)
            } else {
                piece
                    .chars()
                    .fold(width + em_width(' '), |w, c| w + em_width(c))
            };
            if joined <= max_em {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(&piece);
                width = joined;
            } else {
                width = text_width(&piece);
                lines.push(std::mem::replace(&mut current, piece));
                if lines.len() > max_lines {
                    break 'words;
                }
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = with_ellipsis(last, max_em);
        }
    }
    lines
}

/// XML-escapes text for an element or an attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids would make the SVG unreadable.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The variables of the card template (docs/templates.md lists them); all
/// text in them is already XML-escaped.
pub fn context(title: &str, site_name: &str, palette: &Palette) -> tera::Context {
    use tera::Value;
    let title_lines = wrap(
        title,
        (SHARE_WIDTH as f32 - 2.0 * MARGIN) / TITLE_SIZE,
        TITLE_LINES,
    );
    // The block of lines is centred above the site name.
    let middle = 280.0;
    let first = middle - (title_lines.len().saturating_sub(1) as f32) * TITLE_LINE / 2.0
        + TITLE_SIZE * 0.35;
    let lines: Vec<Value> = title_lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let y = (first + i as f32 * TITLE_LINE).round() as i64;
            map([
                ("text", Value::safe_string(&escape(line))),
                ("y", Value::from(y)),
            ])
        })
        .collect();
    let name = wrap(
        site_name,
        (SHARE_WIDTH as f32 - 2.0 * MARGIN) / NAME_SIZE,
        1,
    );
    let colours = map([
        ("background", Value::safe_string(&palette.background)),
        ("text", Value::safe_string(&palette.text)),
        ("accent", Value::safe_string(&palette.accent)),
    ]);
    let mut context = tera::Context::new();
    context.insert_value("width", Value::from(SHARE_WIDTH));
    context.insert_value("height", Value::from(SHARE_HEIGHT));
    context.insert_value("title", Value::safe_string(&escape(title)));
    context.insert_value("lines", Value::from(lines));
    context.insert_value("site_name", Value::safe_string(&escape(&name.concat())));
    context.insert_value("colors", colours);
    context.insert_value("font_family", Value::safe_string(FONT_FAMILY));
    context
}

/// The fonts a card is drawn with, and the id of their data for the cache
/// key.
pub struct Fonts {
    pub database: Arc<fontdb::Database>,
    pub id: String,
}

/// A database whose generic families (`serif`, `sans-serif`, ...) and
/// fallback are the bundled font, so that nothing named falls back to a
/// font that depends on the machine.
fn with_bundled(mut database: fontdb::Database) -> fontdb::Database {
    database.load_font_data(FONT.to_vec());
    database.set_serif_family(FONT_FAMILY);
    database.set_sans_serif_family(FONT_FAMILY);
    database.set_monospace_family(FONT_FAMILY);
    database.set_cursive_family(FONT_FAMILY);
    database.set_fantasy_family(FONT_FAMILY);
    database
}

/// The bundled font only: what the default card uses.
pub fn bundled() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts {
        database: Arc::new(with_bundled(fontdb::Database::new())),
        id: format!("bundled {}", crate::digest::hex(FONT)),
    })
}

/// The machine's fonts and the bundled one, loaded the first time a card
/// names another family: most builds never read them.
pub fn system() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut database = fontdb::Database::new();
        database.load_system_fonts();
        let database = with_bundled(database);
        // The id changes when a font is installed, removed or replaced.
        let mut faces: Vec<String> = database
            .faces()
            .map(|face| {
                let source = match &face.source {
                    fontdb::Source::File(path) => {
                        let modified = std::fs::metadata(path)
                            .and_then(|m| m.modified())
                            .ok()
                            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                            .map_or(0, |d| d.as_secs());
                        format!("{} {modified}", path.display())
                    }
                    _ => "in memory".to_string(),
                };
                format!("{} {} {source}", face.post_script_name, face.index)
            })
            .collect();
        faces.sort();
        let id = faces
            .iter()
            .fold(Digest::new().part("system").part(FONT), |digest, face| {
                digest.part(face)
            })
            .hex();
        Fonts {
            database: Arc::new(database),
            id,
        }
    })
}

/// The fonts an SVG needs: the bundled one, unless it names a family that
/// is neither the bundled one nor a generic family.
pub fn fonts_for(svg: &str) -> &'static Fonts {
    let generic = [
        FONT_FAMILY,
        "serif",
        "sans-serif",
        "monospace",
        "cursive",
        "fantasy",
        "system-ui",
    ];
    let mut rest = svg;
    while let Some(at) = rest.find("font-family") {
        rest = &rest[at + "font-family".len()..];
        let value = rest.trim_start_matches([' ', '=', ':']);
        let (quote, value) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
            _ => (None, value),
        };
        let end = match quote {
            Some(q) => value.find(q),
            None => value.find([';', '"', '\'', '>', '}']),
        }
        .unwrap_or(value.len());
        let names = value[..end]
            .split(',')
            .map(|name| name.trim().trim_matches(['"', '\'']).trim())
            .map(|name| name.replace("&quot;", "").replace("&apos;", ""));
        for name in names {
            if !name.is_empty() && !generic.iter().any(|g| g.eq_ignore_ascii_case(&name)) {
                return system();
            }
        }
    }
    bundled()
}

/// Whether a card's SVG is well-formed XML without a filter: `check`,
/// which draws nothing, asks this alone, and drawing asks it first. A
/// filter (an `feTurbulence` of a million octaves, say) can take hours to
/// draw, and a card needs none.
pub fn check_xml(svg: &str) -> Result<(), String> {
    let document = usvg::roxmltree::Document::parse(svg).map_err(|error| error.to_string())?;
    if document
        .descendants()
        .any(|node| node.is_element() && node.tag_name().name() == "filter")
    {
        return Err(
            "it has an SVG filter (`<filter>`): share images are drawn without filters, some of which take minutes to draw; remove it"
                .to_string(),
        );
    }
    Ok(())
}

/// Rasterises the card's SVG at the share size: straight RGBA pixels, or
/// what is wrong with the SVG. No file is ever read: `<image>` elements
/// are left out.
pub fn rasterise(svg: &str, fonts: &Fonts) -> Result<Vec<u8>, String> {
    check_xml(svg)?;
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: Arc::clone(&fonts.database),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|error| error.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(SHARE_WIDTH, SHARE_HEIGHT)
        .ok_or_else(|| "cannot make a picture of the share size".to_string())?;
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        SHARE_WIDTH as f32 / size.width(),
        SHARE_HEIGHT as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    Ok(pixmap.take_demultiplied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_to_three_lines_with_an_ellipsis() {
        assert_eq!(wrap("Short title", 14.0, 3), ["Short title"]);
        let long = "When coaching is not enough and why a referral to a therapist is a kindness rather than a failure of the work";
        let lines = wrap(long, 14.0, 3);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[2].ends_with('…'), "{lines:?}");
        assert!(
            lines.iter().all(|line| text_width(line) <= 14.0),
            "{lines:?}"
        );
        let word = "a".repeat(100);
        let lines = wrap(&word, 14.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(wrap("", 14.0, 3).is_empty());
    }

    #[test]
    fn colours_come_from_the_first_custom_properties() {
        let css = ":root{ --bg: #FFF; --text-soft: #111111; --text: #222222;\n --accent:red }\n@media (prefers-color-scheme: dark) { :root { --bg: #000000; } }";
        let palette = Palette::from_css(css);
        assert_eq!(palette.background, "#fff");
        assert_eq!(palette.text, "#222222");
        // Not a hex colour: the fallback.
        assert_eq!(palette.accent, "#1d5e59");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<a & \"b\" 'c'>"),
            "&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;"
        );
    }

    #[test]
    fn only_other_families_need_the_machines_fonts() {
        assert!(std::ptr::eq(
            fonts_for(r#"<text font-family="DejaVu Sans, sans-serif">"#),
            bundled()
        ));
        assert!(std::ptr::eq(fonts_for("<svg/>"), bundled()));
    }
}
