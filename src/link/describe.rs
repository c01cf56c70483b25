//! Descriptions of every HTML page: what a page's own front matter or data
//! file says, else words written from what the page holds (the tags index,
//! a tag's page, the comparisons list, the referral page, the 404 page, a
//! section list), so that no two pages share the site's one fallback. The
//! lint `duplicate-description` and the renderer read the same words,
//! which come from the theme's strings (`describe_*`), in the site's language.

use pulldown_cmark::{Event, Parser, TagEnd};

use crate::config::{SiteConfig, Strings};
use crate::diagnostic::Location;
use crate::parse::PageKind;
use crate::paths::{COMPARISONS, NOT_FOUND, TAGS, tag_path};

use super::{LinkedSite, SitePage, SiteReferral, TagGroup};

/// The longest description written here, in characters: about what a
/// search result shows under the title.
pub const DESCRIPTION_LENGTH: usize = 160;

/// How many titles a generated description names before "and N more".
const NAMED: usize = 3;

/// Where a page's description comes from, for messages that point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DescriptionSource {
    /// Written in a file: the `description` key, when it could be found.
    Written {
        file: String,
        location: Option<Location>,
    },
    /// The site's own description, used by a page of this file that has none.
    Fallback { file: String },
    /// Written by Hearth from the page's content.
    Generated,
}

/// One HTML page's description, with its address, title and source.
#[derive(Debug, Clone)]
pub struct Described {
    /// Site path (`/tags/`).
    pub path: String,
    pub title: String,
    pub description: String,
    pub source: DescriptionSource,
}

/// `items` as prose: `a`, `a and b`, `a, b and c`, `a, b, c and 2 more`
/// (the words `list_and` and `list_more` of the strings).
fn list(strings: &Strings, items: &[String], total: usize) -> String {
    let rest = total.saturating_sub(items.len());
    let mut parts: Vec<String> = items.to_vec();
    if rest > 0 {
        let rest = i64::try_from(rest).unwrap_or(i64::MAX);
        parts.push(strings.format("list_more", Some(rest), &[]));
    }
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => {
            let first = init.join(", ");
            strings.format("list_and", None, &[("first", &first), ("last", last)])
        }
    }
}

fn quoted(strings: &Strings, title: &str) -> String {
    strings.format("quoted", None, &[("title", title)])
}

/// A count for the strings' plural forms.
fn count_of(count: usize) -> Option<i64> {
    Some(i64::try_from(count).unwrap_or(i64::MAX))
}

/// `text` cut to [`DESCRIPTION_LENGTH`] characters at a word, with an ellipsis.
pub fn shorten(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= DESCRIPTION_LENGTH {
        return text;
    }
    let limit = text
        .char_indices()
        .nth(DESCRIPTION_LENGTH - 1)
        .map_or(text.len(), |(i, _)| i);
    let cut = text[..limit].rfind(' ').unwrap_or(limit);
    format!(
        "{}…",
        text[..cut].trim_end_matches([',', ';', ':', '.', ' '])
    )
}

/// Whole sentences of `text` up to [`DESCRIPTION_LENGTH`] characters; the
/// first sentence shortened when it alone is longer.
fn sentences(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut taken = 0;
    // A sentence ends at `.`, `!` or `?` before a space or the end.
    let ends = text
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '.' | '!' | '?') && text[i + 1..].chars().next().is_none_or(|n| n == ' ')
        })
        .map(|(i, _)| i + 1);
    for end in ends {
        if text[..end].chars().count() > DESCRIPTION_LENGTH {
            break;
        }
        taken = end;
    }
    if taken == 0 {
        shorten(&text)
    } else {
        text[..taken].to_string()
    }
}

/// The words of inline markdown, without its markup.
fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(words) | Event::Code(words) => text.push_str(&words),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Whether the pages of a list are all articles (else they are pages).
fn all_articles(site: &LinkedSite, pages: &[usize]) -> bool {
    pages.iter().all(|&i| {
        let page = &site.pages[i];
        page.parsed.kind == PageKind::Page && !page.folder.is_empty()
    })
}

fn titles(site: &LinkedSite, strings: &Strings, pages: &[usize]) -> Vec<String> {
    pages
        .iter()
        .take(NAMED)
        .map(|&i| quoted(strings, site.pages[i].title()))
        .collect()
}

/// `/tags/`: how many topics, and the first of them.
pub fn tags_description(config: &SiteConfig, site: &LinkedSite) -> String {
    let strings = &config.strings;
    let count = site.tags.len();
    let names: Vec<String> = site.tags.iter().take(5).map(|t| t.name.clone()).collect();
    let site_title = config.title.as_str();
    let text = match count {
        0 => strings.format("describe_tags_none", None, &[("site", site_title)]),
        _ => strings.format(
            "describe_tags",
            count_of(count),
            &[
                ("site", site_title),
                ("list", &list(strings, &names, count)),
            ],
        ),
    };
    shorten(&text)
}

/// A tag's page: how many pages carry it, and the first titles.
pub fn tag_description(config: &SiteConfig, site: &LinkedSite, tag: &TagGroup) -> String {
    let strings = &config.strings;
    let count = tag.pages.len();
    let key = if all_articles(site, &tag.pages) {
        "describe_tag_articles"
    } else {
        "describe_tag_pages"
    };
    let listed = list(strings, &titles(site, strings, &tag.pages), count);
    shorten(&strings.format(
        key,
        count_of(count),
        &[
            ("tag", &tag.name),
            ("site", &config.title),
            ("list", &listed),
        ],
    ))
}

/// `/comparisons/`: how many comparisons, and their titles.
pub fn comparisons_description(config: &SiteConfig, site: &LinkedSite) -> String {
    let mut names: Vec<&str> = site
        .comparisons
        .iter()
        .map(|c| c.parsed.comparison.title.as_str())
        .collect();
    names.sort_by_key(|title| title.to_lowercase());
    let strings = &config.strings;
    let count = names.len();
    let named: Vec<String> = names
        .iter()
        .take(NAMED)
        .map(|t| quoted(strings, t))
        .collect();
    let site_title = config.title.as_str();
    let text = match count {
        0 => strings.format("describe_comparisons_none", None, &[("site", site_title)]),
        _ => strings.format(
            "describe_comparisons",
            count_of(count),
            &[
                ("site", site_title),
                ("list", &list(strings, &named, count)),
            ],
        ),
    };
    shorten(&text)
}

/// The referral page: the first sentences of its intro, else its scope.
pub fn referral_description(referral: &SiteReferral) -> String {
    let data = &referral.parsed.referral;
    let intro = data
        .intro
        .as_ref()
        .map(|intro| plain_text(&intro.text))
        .filter(|text| !text.trim().is_empty());
    match intro {
        Some(text) => sentences(&text),
        None => shorten(&format!("{}. {}", data.title, data.scope)),
    }
}

/// The 404 page.
pub fn not_found_description(config: &SiteConfig) -> String {
    shorten(
        &config
            .strings
            .format("describe_not_found", None, &[("site", &config.title)]),
    )
}

/// A section list without a description of its own: its pages, newest first.
pub fn section_description(config: &SiteConfig, site: &LinkedSite, section: &SitePage) -> String {
    let strings = &config.strings;
    let pages = &section.children;
    let count = pages.len();
    let names = [
        ("section", section.title()),
        ("site", config.title.as_str()),
    ];
    if count == 0 {
        return shorten(&strings.format("describe_section_none", None, &names));
    }
    let key = if all_articles(site, pages) {
        "describe_section_articles"
    } else {
        "describe_section_pages"
    };
    let listed = list(strings, &titles(site, strings, pages), count);
    let [section_name, site_name] = names;
    shorten(&strings.format(
        key,
        count_of(count),
        &[section_name, site_name, ("list", &listed)],
    ))
}

/// The description of a page: its own, else one written from a section's
/// pages, else the site's.
pub fn page_description(config: &SiteConfig, site: &LinkedSite, page: &SitePage) -> String {
    let own = &page.parsed.front.description;
    if !own.is_empty() {
        return own.clone();
    }
    if page.parsed.kind == PageKind::Section {
        return section_description(config, site, page);
    }
    config.description.clone()
}

/// Where the top-level `description:` key is written in `text` (before
/// `end`), for a message that points at it.
fn description_key(text: &str, end: usize) -> Option<Location> {
    let mut offset = 0;
    for line in text[..end.min(text.len())].split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("description")
            && rest.trim_start_matches(' ').starts_with(':')
        {
            return Some(Location::at_offset(text, offset, "description".len()));
        }
        offset += line.len();
    }
    None
}

/// Every HTML page of the site with its description (alias pages, which
/// only redirect, are left out).
pub fn every_description(config: &SiteConfig, site: &LinkedSite) -> Vec<Described> {
    let mut found = Vec::new();
    let written_or_fallback = |file: &crate::load::SourceFile, own: &str, end: usize| {
        if own.is_empty() {
            DescriptionSource::Fallback {
                file: file.display_path(),
            }
        } else {
            DescriptionSource::Written {
                file: file.display_path(),
                location: description_key(&file.text, end),
            }
        }
    };
    for page in &site.pages {
        let own = &page.parsed.front.description;
        let source = if own.is_empty() && page.parsed.kind == PageKind::Section {
            DescriptionSource::Generated
        } else {
            written_or_fallback(&page.parsed.file, own, page.parsed.body_offset)
        };
        let title = if page.parsed.kind == PageKind::Home {
            config.title.clone()
        } else {
            page.title().to_string()
        };
        found.push(Described {
            path: page.path.clone(),
            title,
            description: page_description(config, site, page),
            source,
        });
    }
    for comparison in &site.comparisons {
        let data = &comparison.parsed.comparison;
        let file = &comparison.parsed.file;
        found.push(Described {
            path: comparison.path.clone(),
            title: data.title.clone(),
            description: if data.description.is_empty() {
                config.description.clone()
            } else {
                data.description.clone()
            },
            source: written_or_fallback(file, &data.description, file.text.len()),
        });
    }
    let generated = |path: String, title: &str, description: String| Described {
        path,
        title: title.to_string(),
        description,
        source: DescriptionSource::Generated,
    };
    for tag in &site.tags {
        found.push(generated(
            tag_path(&tag.slug),
            &config
                .strings
                .format("tag_title", None, &[("tag", &tag.name)]),
            tag_description(config, site, tag),
        ));
    }
    found.push(generated(
        TAGS.to_string(),
        &config.strings.text("tags_title"),
        tags_description(config, site),
    ));
    if !site.comparisons.is_empty() {
        found.push(generated(
            COMPARISONS.to_string(),
            &config.strings.text("comparisons_title"),
            comparisons_description(config, site),
        ));
    }
    if let Some(referral) = &site.referral {
        found.push(generated(
            referral.path.clone(),
            &referral.parsed.referral.title,
            referral_description(referral),
        ));
    }
    found.push(generated(
        NOT_FOUND.to_string(),
        &config.strings.text("not_found_title"),
        not_found_description(config),
    ));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_prose() {
        let items = |n: usize| (1..=n).map(|i| i.to_string()).collect::<Vec<_>>();
        let strings = Strings::default();
        assert_eq!(list(&strings, &items(1), 1), "1");
        assert_eq!(list(&strings, &items(2), 2), "1 and 2");
        assert_eq!(list(&strings, &items(3), 3), "1, 2 and 3");
        assert_eq!(list(&strings, &items(3), 5), "1, 2, 3 and 2 more");
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        let long = "word ".repeat(60);
        let short = shorten(&long);
        assert!(short.chars().count() <= DESCRIPTION_LENGTH, "{short}");
        assert!(short.ends_with("word…"), "{short}");
        assert_eq!(
            sentences("One. Two is here. ".repeat(20).as_str())
                .chars()
                .last(),
            Some('.')
        );
        assert_eq!(sentences("One. Two? Three!"), "One. Two? Three!");
    }

    #[test]
    fn markdown_becomes_its_words() {
        assert_eq!(
            plain_text("See [the *guide*](a.md)\nand `code`.").trim(),
            "See the guide and code."
        );
    }

    #[test]
    fn the_description_key_is_found_at_the_top_level_only() {
        let text = "---\ntitle: A\nextra:\n  description: no\ndescription: yes\n---\n";
        let at = description_key(text, text.len()).unwrap();
        assert_eq!((at.line, at.column), (5, 1));
        assert!(description_key("---\ntitle: A\n---\ndescription: body\n", 17).is_none());
    }
}
