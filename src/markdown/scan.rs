//! Markdown scanning: what the later stages need to know about a body before
//! any HTML is written: its headings (with unique ids), its links, its words
//! and where its summary ends.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

use super::options::{EMBED_KINDS, is_more_marker, options};
use super::summary::SummaryText;

/// A heading of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// Unique within the page: `my-approach`, `my-approach-1`, ...
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
    /// Byte offset of the heading in the body, for diagnostics.
    pub offset: usize,
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)`, also reference and autolinks.
    Link,
    /// `![alt](src)`.
    Image,
    /// `[[target]]`, or `[[target|label]]` when `has_label`.
    Wiki { has_label: bool },
}

/// A link as written, with its place in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLink {
    pub dest: String,
    pub kind: LinkKind,
    /// Byte offset of the link in the body, which also identifies it.
    pub offset: usize,
    pub length: usize,
}

/// A fenced block that embeds data (`comparison`, `referral`), as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FencedBlock {
    /// The info string: one of [`EMBED_KINDS`].
    pub kind: String,
    /// Byte offset of the block (its opening fence) in the body.
    pub offset: usize,
    /// Byte offset of its first content line in the body.
    pub content_offset: usize,
    pub content: String,
}

/// What scanning a body found.
#[derive(Debug, Clone, Default)]
pub struct ScannedBody {
    pub headings: Vec<Heading>,
    pub links: Vec<RawLink>,
    pub word_count: usize,
    /// Byte offset in the body where the summary ends.
    pub summary_end: Option<usize>,
    /// The summary for lists and the feed: plain text paragraphs as HTML
    /// (see [`super::summary`]).
    pub summary: String,
    /// Images without alternative text, by byte offset, for `check`.
    pub images_without_alt: Vec<usize>,
    /// Fenced blocks that embed comparisons or referral callouts.
    pub blocks: Vec<FencedBlock>,
}

/// Scans a markdown body.
pub fn scan(body: &str) -> ScannedBody {
    let mut scanner = Scanner::new(body);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        scanner.feed(&event, &range);
    }
    scanner.finish()
}

/// Scans a body's events one at a time, as they are parsed.
pub(super) struct Scanner<'b> {
    body: &'b str,
    scanned: ScannedBody,
    used_ids: HashSet<String>,
    /// The footnotes' labels, which the HTML writer makes ids of.
    footnotes: HashSet<String>,
    heading: Option<(u8, Option<String>, String, usize)>,
    image: Option<(usize, String)>,
    depth: usize,
    first_paragraph_end: Option<usize>,
    // Smart punctuation splits text events inside words (`it’s`), so a word
    // can continue from one text event into the next.
    in_word: bool,
    block: Option<FencedBlock>,
    summary: SummaryText,
}

impl<'b> Scanner<'b> {
    pub(super) fn new(body: &'b str) -> Scanner<'b> {
        Scanner {
            body,
            scanned: ScannedBody::default(),
            used_ids: HashSet::new(),
            footnotes: HashSet::new(),
            heading: None,
            image: None,
            depth: 0,
            first_paragraph_end: None,
            in_word: false,
            block: None,
            summary: SummaryText::new(body),
        }
    }

    /// Where the first top-level paragraph ends, once it has.
    pub(super) fn first_paragraph_end(&self) -> Option<usize> {
        self.first_paragraph_end
    }

    /// The id of the last heading that ended.
    pub(super) fn last_heading_id(&self) -> Option<&str> {
        self.scanned.headings.last().map(|h| h.id.as_str())
    }

    /// Takes in the next event of the body.
    pub(super) fn feed(&mut self, event: &Event, range: &Range<usize>) {
        let body = self.body;
        self.summary.feed(event, self.depth);
        match event {
            Event::Start(tag) => {
                self.depth += 1;
                self.in_word &= is_inline(tag);
                match tag {
                    Tag::FootnoteDefinition(label) => {
                        self.footnotes.insert(label.to_string());
                    }
                    Tag::Heading { level, id, .. } => {
                        self.heading = Some((
                            *level as u8,
                            id.as_ref().map(|id| id.to_string()),
                            String::new(),
                            range.start,
                        ));
                    }
                    Tag::Link {
                        link_type,
                        dest_url,
                        ..
                    } => {
                        let kind = match *link_type {
                            LinkType::WikiLink { has_pothole } => LinkKind::Wiki {
                                has_label: has_pothole,
                            },
                            _ => LinkKind::Link,
                        };
                        // An autolink `<jane@example.com>` is an address,
                        // written out as a `mailto:` link, not a file.
                        let dest = if *link_type == LinkType::Email {
                            format!("mailto:{dest_url}")
                        } else {
                            dest_url.to_string()
                        };
                        self.scanned.links.push(RawLink {
                            dest,
                            kind,
                            offset: range.start,
                            length: range.len(),
                        });
                    }
                    Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
                        let kind = info.split_whitespace().next().unwrap_or_default();
                        if EMBED_KINDS.contains(&kind) {
                            let first_line_end = body[range.start..]
                                .find('\n')
                                .map_or(range.end, |i| range.start + i + 1);
                            self.block = Some(FencedBlock {
                                kind: kind.to_string(),
                                offset: range.start,
                                content_offset: first_line_end.min(range.end),
                                content: String::new(),
                            });
                        }
                    }
                    Tag::Image { dest_url, .. } => {
                        self.scanned.links.push(RawLink {
                            dest: dest_url.to_string(),
                            kind: LinkKind::Image,
                            offset: range.start,
                            length: range.len(),
                        });
                        self.image = Some((range.start, String::new()));
                    }
                    _ => {}
                }
            }
            Event::End(tag_end) => {
                self.depth = self.depth.saturating_sub(1);
                self.in_word &= matches!(
                    *tag_end,
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link
                );
                match *tag_end {
                    TagEnd::Heading(_) => {
                        if let Some((level, custom_id, text, offset)) = self.heading.take() {
                            let base = custom_id.unwrap_or_else(|| {
                                let slug = slug::slugify(&text);
                                if slug.is_empty() {
                                    "section".to_string()
                                } else {
                                    slug
                                }
                            });
                            let id = unique_id(&base, &mut self.used_ids);
                            self.scanned.headings.push(Heading {
                                level,
                                id,
                                text: text.trim().to_string(),
                                offset,
                            });
                        }
                    }
                    TagEnd::CodeBlock => {
                        if let Some(finished) = self.block.take() {
                            self.scanned.blocks.push(finished);
                        }
                    }
                    TagEnd::Image => {
                        if let Some((offset, alt)) = self.image.take()
                            && alt.trim().is_empty()
                        {
                            self.scanned.images_without_alt.push(offset);
                        }
                    }
                    TagEnd::Paragraph if self.depth == 0 && self.first_paragraph_end.is_none() => {
                        self.first_paragraph_end = Some(range.end);
                    }
                    _ => {}
                }
            }
            Event::Text(text) if self.block.is_some() => {
                if let Some(block) = self.block.as_mut() {
                    block.content.push_str(text);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                self.scanned.word_count += count_words(text, &mut self.in_word);
                if let Some((_, _, heading_text, _)) = self.heading.as_mut() {
                    heading_text.push_str(text);
                }
                if let Some((_, alt)) = self.image.as_mut() {
                    alt.push_str(text);
                }
            }
            _ if self.scanned.summary_end.is_none() && is_more_marker(event) => {
                self.scanned.summary_end = Some(range.start);
                self.summary.mark();
            }
            Event::SoftBreak | Event::HardBreak => self.in_word = false,
            _ => {}
        }
    }

    /// What the body holds.
    pub(super) fn finish(mut self) -> ScannedBody {
        // A heading named like a footnote (`## Sources` and `[^sources]`)
        // gives way: the footnote's link must lead to the note. A body with
        // footnotes is written only after this (see `prerender`).
        if !self.footnotes.is_empty() {
            self.used_ids.extend(self.footnotes.iter().cloned());
            for heading in &mut self.scanned.headings {
                if self.footnotes.contains(&heading.id) {
                    heading.id = unique_id(&heading.id, &mut self.used_ids);
                }
            }
        }
        if self.scanned.summary_end.is_none() {
            self.scanned.summary_end = self.first_paragraph_end;
        }
        self.scanned.summary = self.summary.finish();
        self.scanned
    }
}

/// The links in a piece of inline markdown (a table cell), with offsets into it.
pub fn scan_inline_links(text: &str) -> Vec<RawLink> {
    scan(text).links
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }
    )
}

/// Counts the words that start in `text`; `in_word` carries across events.
fn count_words(text: &str, in_word: &mut bool) -> usize {
    let mut count = 0;
    if text.is_ascii() {
        // A word starts at every non-space byte that follows a space.
        let bytes = text.as_bytes();
        let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
            return 0;
        };
        let first_starts = !*in_word && ascii_space(first) == 0;
        *in_word = ascii_space(last) == 0;
        return word_starts(bytes) + usize::from(first_starts);
    }
    for c in text.chars() {
        if c.is_whitespace() {
            *in_word = false;
        } else if !*in_word {
            *in_word = true;
            count += 1;
        }
    }
    count
}

/// 1 for the bytes `char::is_whitespace` accepts in ASCII, else 0.
#[inline(always)]
fn ascii_space(byte: u8) -> u8 {
    u8::from((byte == b' ') | (byte.wrapping_sub(b'\t') <= b'\r' - b'\t'))
}

/// How many bytes after the first are a non-space following a space:
/// written as short branch-free loops so that they become vector code
/// (an eighth of the instructions of a loop over `chars`).
fn word_starts(bytes: &[u8]) -> usize {
    let (before, after) = (
        &bytes[..bytes.len().saturating_sub(1)],
        bytes.get(1..).unwrap_or_default(),
    );
    let mut total = 0;
    for (a, b) in before.chunks(128).zip(after.chunks(128)) {
        let mut starts = 0u8;
        for (&x, &y) in a.iter().zip(b) {
            starts += ascii_space(x) & (ascii_space(y) ^ 1);
        }
        total += usize::from(starts);
    }
    total
}

/// The ids the default theme gives its own parts of a page (the main
/// region, the search field, the lists' headings, the referral page's
/// levels): a heading never takes one, so each id stays one of a kind.
const THEME_IDS: &[&str] = &[
    "main",
    "search",
    "site-search",
    "menu-search",
    "toc-heading",
    "related-heading",
    "backlinks-heading",
    "booking-heading",
    "latest-heading",
    "services-heading",
    "testimonials-heading",
    "crisis-resources",
    "resources-heading",
    "urgent",
    "urgent-heading",
    "refer",
    "refer-heading",
    "consider",
    "consider-heading",
];

fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while used.contains(&id) || THEME_IDS.contains(&id.as_str()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_by_smart_punctuation_count_once() {
        assert_eq!(
            scan("It's a *really* good \"day\".\n\n- one two\n").word_count,
            7
        );
    }

    #[test]
    fn ascii_and_unicode_whitespace_split_words_alike() {
        for text in [
            "a\u{b}b\u{c}c\rd",
            " a  b\t",
            "",
            "  ",
            "word",
            "a\u{b}b\u{c}c\rd\u{a0}é",
        ] {
            let mut in_word = false;
            let expected = text
                .split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .count();
            assert_eq!(count_words(text, &mut in_word), expected, "{text:?}");
        }
        let mut in_word = false;
        assert_eq!(count_words("it", &mut in_word), 1);
        assert!(in_word);
        assert_eq!(count_words("s good ", &mut in_word), 1);
        assert!(!in_word);
        assert_eq!(count_words("", &mut in_word), 0);
        assert_eq!(count_words("x", &mut in_word), 1);
    }

    #[test]
    fn heading_ids_are_unique() {
        let scanned = scan("## Notes\n\n## Notes\n\n### Why *this*?\n\n## Custom {#mine}\n");
        let ids: Vec<&str> = scanned.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["notes", "notes-1", "why-this", "mine"]);
    }

    /// A heading never takes the id of the theme's own parts or of a
    /// footnote, in either writer.
    #[test]
    fn heading_ids_leave_the_themes_and_the_footnotes_alone() {
        let body = "As shown[^sources].\n\n## Main\n\n## Sources\n\n## Booking {#booking-heading}\n\n[^sources]: Smith 2020.\n";
        let scanned = scan(body);
        let ids: Vec<&str> = scanned.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["main-1", "sources-1", "booking-heading-1"]);
        let html = super::super::to_html(
            body,
            None,
            &std::collections::HashMap::new(),
            &scanned.headings,
            &std::collections::HashMap::new(),
        )
        .content;
        let fragment = scraper::Html::parse_fragment(&html);
        let with_id = scraper::Selector::parse("[id]").unwrap();
        let mut seen: Vec<&str> = fragment
            .select(&with_id)
            .filter_map(|element| element.value().attr("id"))
            .collect();
        assert!(seen.contains(&"sources"), "{html}");
        assert!(seen.contains(&"sources-1"), "{html}");
        let count = seen.len();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), count, "{html}");
        // The prerendering writer takes the same ids.
        let (_, prerendered) = super::super::scan_and_prerender("## Main\n");
        let filled = prerendered
            .expect("a plain body is prerendered")
            .fill(&std::collections::HashMap::new());
        assert!(
            filled.content.contains("id=\"main-1\""),
            "{}",
            filled.content
        );
        // A footnote without a reference still holds its id: such a body is
        // written only once its headings' ids are final.
        let (scanned, prerendered) =
            super::super::scan_and_prerender("## Sources\n\n[^sources]: x\n");
        assert!(prerendered.is_none());
        assert_eq!(scanned.headings[0].id, "sources-1");
    }

    #[test]
    fn links_and_wikilinks_are_found_with_offsets() {
        let body = "See [a](x.md#y) and [[Some page|label]] and ![pic](p.png).\n";
        let scanned = scan(body);
        let dests: Vec<&str> = scanned.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["x.md#y", "Some page", "p.png"]);
        assert_eq!(scanned.links[1].kind, LinkKind::Wiki { has_label: true });
        assert_eq!(&body[scanned.links[0].offset..][..2], "[a");
    }

    #[test]
    fn summary_ends_at_more_marker_or_first_paragraph() {
        assert_eq!(scan("One.\n\nTwo.\n").summary_end, Some(5));
        let body = "One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n";
        assert_eq!(scan(body).summary_end, body.find("<!--"));
    }
}
