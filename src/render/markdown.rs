//! Markdown to HTML, with links rewritten to their resolved URLs, heading ids
//! from the parse stage, and wide tables wrapped in a scrolling region.

use std::collections::HashMap;

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd, html};
use pulldown_cmark_escape::{escape_href, escape_html, escape_html_body_text};

use crate::link::ResolvedLink;
use crate::parse::Heading;
use crate::parse::markdown::options;

/// A body rendered to HTML, and its summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedBody {
    pub content: String,
    /// The body up to `summary_end`, without footnote references (their notes
    /// are not part of a summary).
    pub summary: String,
}

/// Renders `body` to HTML in one pass, cutting the summary at the first
/// top-level block that starts at or after `summary_end`.
pub fn to_html(
    body: &str,
    summary_end: Option<usize>,
    links: &HashMap<usize, ResolvedLink>,
    headings: &[Heading],
    embeds: &HashMap<usize, String>,
) -> RenderedBody {
    let events = Parser::new_ext(body, options()).into_offset_iter();
    let mut mode = LinkMode::Resolved(links);
    let (events, summary_cut) = transform(events, summary_end, &mut mode, headings, embeds)
        .unwrap_or_else(|| (Vec::new(), None));
    write_html(events, summary_end, summary_cut, body.len())
}

/// A page body rendered to HTML before its links are resolved: each link's
/// opening tag is a marker, filled in by [`Prerendered::fill`] once the
/// site is linked. The parse stage makes it from the same markdown parse
/// that finds the links, so that each body is parsed only once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prerendered {
    /// The body as HTML, with markers.
    content: String,
    /// Its summary, with markers.
    summary: String,
    /// The links, in the order of their markers.
    links: Vec<MarkedLink>,
}

/// A link of a prerendered body, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MarkedLink {
    /// Byte offset in the body: the key of its resolved link.
    offset: usize,
    dest: String,
    title: String,
    email: bool,
}

/// Starts every marker; the parse stage prerenders only bodies without it.
const MARK: char = '\0';
/// Ends a link's own text, which a resolved link may replace.
const TEXT_END: &str = "\0z\0";

impl Prerendered {
    /// Renders a body whose events the parse stage already has, or `None`
    /// when it must be rendered later from its text: a body with embedded
    /// blocks, images, a link in a table head or a NUL character.
    pub fn new<'a>(
        body: &'a str,
        events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
        summary_end: Option<usize>,
        headings: &[Heading],
    ) -> Option<Prerendered> {
        if body.contains(MARK) {
            return None;
        }
        let mut mode = LinkMode::Marked(Vec::new());
        let (events, summary_cut) =
            transform(events, summary_end, &mut mode, headings, &HashMap::new())?;
        let RenderedBody { content, summary } =
            write_html(events, summary_end, summary_cut, body.len());
        let LinkMode::Marked(links) = mode else {
            return None;
        };
        Some(Prerendered {
            content,
            summary,
            links,
        })
    }

    /// The final HTML: each marker replaced by its link's opening tag, with
    /// its resolved URL (and text, for a wikilink without a label).
    pub fn fill(&self, links: &HashMap<usize, ResolvedLink>) -> RenderedBody {
        RenderedBody {
            content: self.fill_one(&self.content, links),
            summary: self.fill_one(&self.summary, links),
        }
    }

    fn fill_one(&self, html: &str, resolved: &HashMap<usize, ResolvedLink>) -> String {
        let mut out = String::with_capacity(html.len() + 32 * self.links.len());
        let mut rest = html;
        while let Some(at) = rest.find(MARK) {
            out.push_str(&rest[..at]);
            let marker = &rest[at + 1..];
            let Some(close) = marker.find(MARK) else {
                out.push_str(&rest[at..]);
                return out;
            };
            let name = &marker[..close];
            rest = &marker[close + 1..];
            let Some(link) = name
                .strip_prefix('a')
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| self.links.get(n))
            else {
                // The end of a link's text: nothing to write.
                continue;
            };
            let found = resolved.get(&link.offset);
            let url = found.map_or(link.dest.as_str(), |r| r.url.as_str());
            out.push_str(if link.email {
                "<a href=\"mailto:"
            } else {
                "<a href=\""
            });
            let _ = escape_href(&mut out, url);
            if !link.title.is_empty() {
                out.push_str("\" title=\"");
                let _ = escape_html(&mut out, &link.title);
            }
            out.push_str("\">");
            if let Some(text) = found.and_then(|r| r.text.as_ref()) {
                let _ = escape_html_body_text(&mut out, text);
                rest = rest
                    .find(TEXT_END)
                    .map_or("", |end| &rest[end + TEXT_END.len()..]);
            }
        }
        out.push_str(rest);
        out
    }
}

/// What becomes of links while the events are transformed.
enum LinkMode<'l> {
    /// Rewritten to their resolved URLs.
    Resolved(&'l HashMap<usize, ResolvedLink>),
    /// Written as markers, and collected.
    Marked(Vec<MarkedLink>),
}

/// Rewrites the parser's events for output: heading ids, links, embedded
/// blocks, task markers, wrapped tables. Returns the events and where the
/// summary ends among them, or `None` when a marked body cannot be
/// prerendered.
fn transform<'a>(
    parsed: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    summary_end: Option<usize>,
    mode: &mut LinkMode,
    headings: &[Heading],
    embeds: &HashMap<usize, String>,
) -> Option<(Vec<Event<'a>>, Option<usize>)> {
    let mut skipping_block = false;
    let mut depth = 0usize;
    let mut summary_cut: Option<usize> = None;
    let mut events: Vec<Event> = Vec::new();
    let mut heading_index = 0;
    let mut replacing_text = false;
    let mut table: Option<TableBuffer> = None;
    for (event, range) in parsed {
        if depth == 0 && summary_cut.is_none() && summary_end.is_some_and(|end| range.start >= end)
        {
            summary_cut = Some(events.len());
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(_)) if embeds.contains_key(&range.start) => {
                skipping_block = true;
                let html = embeds.get(&range.start).cloned().unwrap_or_default();
                Event::Html(CowStr::from(html))
            }
            Event::End(TagEnd::CodeBlock) if skipping_block => {
                skipping_block = false;
                continue;
            }
            _ if skipping_block => continue,
            Event::Start(Tag::Heading {
                level,
                id: _,
                classes,
                attrs,
            }) => {
                let id = headings
                    .get(heading_index)
                    .map(|h| CowStr::from(h.id.clone()));
                heading_index += 1;
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match mode {
                LinkMode::Resolved(links) => {
                    let resolved = links.get(&range.start);
                    let dest_url = resolved.map_or(dest_url, |r| CowStr::from(r.url.clone()));
                    let start = Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    });
                    if let Some(text) = resolved.and_then(|r| r.text.as_ref()) {
                        push(&mut events, &mut table, start);
                        push(
                            &mut events,
                            &mut table,
                            Event::Text(CowStr::from(text.clone())),
                        );
                        replacing_text = true;
                        continue;
                    }
                    start
                }
                LinkMode::Marked(marked) => {
                    // A table's label is made from its head's text, which a
                    // resolved link may change.
                    if table.as_ref().is_some_and(|t| t.in_head) {
                        return None;
                    }
                    let marker = format!("{MARK}a{}{MARK}", marked.len());
                    marked.push(MarkedLink {
                        offset: range.start,
                        dest: dest_url.to_string(),
                        title: title.to_string(),
                        email: link_type == LinkType::Email,
                    });
                    Event::InlineHtml(CowStr::from(marker))
                }
            },
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let LinkMode::Resolved(links) = mode else {
                    return None;
                };
                let dest_url = links
                    .get(&range.start)
                    .map_or(dest_url, |r| CowStr::from(r.url.clone()));
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) if replacing_text => {
                replacing_text = false;
                Event::End(TagEnd::Link)
            }
            _ if replacing_text => continue,
            Event::End(TagEnd::Link) if matches!(mode, LinkMode::Marked(_)) => {
                push(
                    &mut events,
                    &mut table,
                    Event::InlineHtml(CowStr::Borrowed(TEXT_END)),
                );
                Event::End(TagEnd::Link)
            }
            Event::TaskListMarker(done) => Event::InlineHtml(CowStr::from(if done {
                "<span class=\"task-marker\" role=\"img\" aria-label=\"done\">☑</span> "
            } else {
                "<span class=\"task-marker\" role=\"img\" aria-label=\"to do\">☐</span> "
            })),
            Event::Html(html) | Event::InlineHtml(html)
                if html.trim() == crate::parse::markdown::MORE_MARKER =>
            {
                continue;
            }
            Event::Start(Tag::Table(alignments)) => {
                table = Some(TableBuffer::default());
                Event::Start(Tag::Table(alignments))
            }
            other => other,
        };
        let ends_table = matches!(event, Event::End(TagEnd::Table));
        push(&mut events, &mut table, event);
        if ends_table && let Some(buffer) = table.take() {
            events.push(Event::Html(CowStr::from(format!(
                "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">",
                escape_attribute(&buffer.label())
            ))));
            events.extend(buffer.events);
            events.push(Event::Html(CowStr::from("</div>\n")));
        }
    }
    Some((events, summary_cut))
}

/// Writes transformed events as HTML, and the summary: the events before
/// `summary_cut`, without footnote references (their notes are not part of
/// a summary).
fn write_html(
    events: Vec<Event>,
    summary_end: Option<usize>,
    summary_cut: Option<usize>,
    body_len: usize,
) -> RenderedBody {
    let mut summary = String::new();
    if summary_end.is_some() {
        let cut = summary_cut.unwrap_or(events.len()).min(events.len());
        let in_summary = events[..cut]
            .iter()
            .filter(|event| !matches!(event, Event::FootnoteReference(_)))
            .cloned();
        html::push_html(&mut summary, in_summary);
    }
    let mut content = String::with_capacity(body_len * 3 / 2);
    html::push_html(&mut content, events.into_iter());
    RenderedBody { content, summary }
}

/// Renders inline markdown (a table cell) without a wrapping paragraph.
pub fn inline_html(text: &str, links: &HashMap<usize, ResolvedLink>) -> String {
    let html = to_html(text, None, links, &[], &HashMap::new()).content;
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

#[derive(Default)]
struct TableBuffer<'a> {
    events: Vec<Event<'a>>,
    in_head: bool,
    head_text: Vec<String>,
}

impl TableBuffer<'_> {
    fn label(&self) -> String {
        let heads: Vec<&str> = self
            .head_text
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if heads.is_empty() {
            "Table".to_string()
        } else {
            format!("Table: {}", heads.join(", "))
        }
    }
}

fn push<'a>(events: &mut Vec<Event<'a>>, table: &mut Option<TableBuffer<'a>>, event: Event<'a>) {
    match table {
        Some(buffer) => {
            match &event {
                Event::Start(Tag::TableHead) => buffer.in_head = true,
                Event::End(TagEnd::TableHead) => buffer.in_head = false,
                Event::Start(Tag::TableCell) if buffer.in_head => {
                    buffer.head_text.push(String::new())
                }
                Event::Text(text) | Event::Code(text) if buffer.in_head => {
                    if let Some(last) = buffer.head_text.last_mut() {
                        last.push_str(text);
                    }
                }
                _ => {}
            }
            buffer.events.push(event);
        }
        None => events.push(event),
    }
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::{scan, scan_and_prerender};

    #[test]
    fn embedded_blocks_are_replaced_and_cells_lose_their_paragraph() {
        let body = "Before.\n\n```comparison\nid: x\n```\n\nAfter.\n";
        let embeds = HashMap::from([(body.find("```").unwrap(), "<table></table>".to_string())]);
        let html = to_html(body, None, &HashMap::new(), &[], &embeds).content;
        assert_eq!(html, "<p>Before.</p>\n<table></table>\n<p>After.</p>\n");
        assert_eq!(inline_html("*a* b", &HashMap::new()), "<em>a</em> b");
    }

    #[test]
    fn summaries_stop_at_their_end_and_drop_footnote_references() {
        let body = "First[^n] para.\n\nSecond.\n\n[^n]: A note.\n";
        let scanned = scan(body);
        let rendered = to_html(
            body,
            scanned.summary_end,
            &HashMap::new(),
            &[],
            &HashMap::new(),
        );
        assert_eq!(rendered.summary, "<p>First para.</p>\n");
        assert!(rendered.content.contains("Second."));
        assert!(rendered.content.contains("footnote-reference"));
    }

    #[test]
    fn prerendered_bodies_fill_in_to_what_rendering_later_gives() {
        let body = "Intro [a](x.md \"T & t\") and [[Page]], [[p|label]], <me@x.org>.\n\n\
            ## Head\n\n| A | B |\n|---|---|\n| [c](y.md) | [[Q]] |\n\n\
            - [ ] task [*em* x](z.md)\n\nMore[^n] <!-- more -->\n\n[^n]: Note [[Page]].\n";
        let scanned = scan(body);
        assert!(scanned.links.len() >= 7);
        let resolved: HashMap<usize, ResolvedLink> = scanned
            .links
            .iter()
            .enumerate()
            .map(|(i, link)| {
                let text = (i % 2 == 1).then(|| format!("Title <{i}> & co"));
                let url = format!("/to/{i}/?a=\"b\"&c d");
                (link.offset, ResolvedLink { url, text })
            })
            .collect();
        let (again, prerendered) = scan_and_prerender(body);
        assert_eq!(again.links, scanned.links);
        assert_eq!(again.word_count, scanned.word_count);
        let prerendered = prerendered.expect("a simple body is prerendered");
        for links in [resolved, HashMap::new()] {
            let later = to_html(
                body,
                scanned.summary_end,
                &links,
                &scanned.headings,
                &HashMap::new(),
            );
            assert!(!later.summary.is_empty());
            assert_eq!(prerendered.fill(&links), later);
        }
        for body in [
            "![x](a.png)\n",
            "| [[A]] |\n|---|\n| b |\n",
            "a\0b\n",
            "```comparison\nid: x\n```\n",
        ] {
            assert!(scan_and_prerender(body).1.is_none(), "{body:?}");
        }
    }

    #[test]
    fn links_are_rewritten_and_tables_wrapped() {
        let body = "## Hi\n\n[x](a.md) [[Page]]\n\n| A | B |\n|---|---|\n| 1 | 2 |\n";
        let scanned = scan(body);
        let mut links = HashMap::new();
        links.insert(
            scanned.links[0].offset,
            ResolvedLink {
                url: "/a/".into(),
                text: None,
            },
        );
        links.insert(
            scanned.links[1].offset,
            ResolvedLink {
                url: "/page/".into(),
                text: Some("The Page".into()),
            },
        );
        let html = to_html(body, None, &links, &scanned.headings, &HashMap::new()).content;
        assert!(html.contains("<h2 id=\"hi\">Hi</h2>"), "{html}");
        assert!(html.contains("<a href=\"/a/\">x</a>"), "{html}");
        assert!(html.contains("<a href=\"/page/\">The Page</a>"), "{html}");
        assert!(html.contains("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table: A, B\"><table>"), "{html}");
    }
}
