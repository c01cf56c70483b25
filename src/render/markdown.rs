//! Markdown to HTML, with links rewritten to their resolved URLs, heading ids
//! from the parse stage, and wide tables wrapped in a scrolling region.

use std::collections::HashMap;

use std::ops::Range;

use std::cell::Cell;
use std::collections::VecDeque;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd, html,
};
use pulldown_cmark_escape::{escape_href, escape_html, escape_html_body_text};

use crate::link::ResolvedLink;
use crate::parse::Heading;
use crate::parse::markdown::{EMBED_KINDS, Scanner, options};

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
    let (events, summary_cut) = transform(events, summary_end, links, headings, embeds);
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
    /// Renders a body from its parser's events, which it passes on to
    /// `scanner` as it goes, in one pass and without holding the events.
    /// `None` when the body must be rendered from its text once the site is
    /// linked: one with embedded blocks, images, footnote references, a
    /// link in a table head or a NUL character (the scanner still sees every
    /// event).
    pub(crate) fn stream<'a>(
        body: &'a str,
        events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
        scanner: &mut Scanner,
    ) -> Option<Prerendered> {
        let mut events = events;
        if body.contains(MARK) {
            for (event, range) in events {
                scanner.feed(&event, &range);
            }
            return None;
        }
        let written = Cell::new(0);
        let mut writer = CountingWriter {
            out: String::with_capacity(body.len() * 3 / 2),
            written: &written,
        };
        let mut stream = Stream {
            input: &mut events,
            scanner,
            written: &written,
            queue: VecDeque::new(),
            depth: 0,
            paragraph_cut: None,
            more_at: None,
            more_cut: None,
            heading: None,
            table: None,
            links: Vec::new(),
            failed: false,
        };
        let _ = html::write_html_fmt(&mut writer, &mut stream);
        let Stream {
            paragraph_cut,
            more_at,
            more_cut,
            links,
            failed,
            ..
        } = stream;
        if failed {
            for (event, range) in events {
                scanner.feed(&event, &range);
            }
            return None;
        }
        let content = writer.out;
        let summary = if more_at.is_some() {
            &content[..more_cut.unwrap_or(content.len())]
        } else if scanner.first_paragraph_end().is_some() {
            &content[..paragraph_cut.unwrap_or(content.len())]
        } else {
            ""
        };
        Some(Prerendered {
            summary: summary.to_string(),
            content,
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

/// Appends HTML to a string and counts the bytes written, which the event
/// stream reads to know where the summary ends.
struct CountingWriter<'c> {
    out: String,
    written: &'c Cell<usize>,
}

impl std::fmt::Write for CountingWriter<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.out.push_str(text);
        self.written.set(self.written.get() + text.len());
        Ok(())
    }
}

/// The parser's events, scanned and rewritten for output on their way to
/// the HTML writer: heading ids, link markers, task markers, wrapped tables.
/// Headings and tables are held until they end (a heading's id comes from
/// its text, a table's label from its head). The writer asks for an event
/// only once it has written the previous ones, so at each top-level event
/// `written` is where the summary would end if it ended there.
struct Stream<'a, 's, 'b, I> {
    input: &'s mut I,
    scanner: &'s mut Scanner<'b>,
    written: &'s Cell<usize>,
    queue: VecDeque<Event<'a>>,
    depth: usize,
    /// Bytes written before the first top-level block after the first
    /// paragraph: the summary's end when there is no `<!-- more -->`.
    paragraph_cut: Option<usize>,
    /// Where the first `<!-- more -->` is, and the bytes written before the
    /// first top-level block from there.
    more_at: Option<usize>,
    more_cut: Option<usize>,
    /// A heading being held: its tag's parts and its inner events.
    heading: Option<HeldHeading<'a>>,
    table: Option<TableBuffer<'a>>,
    links: Vec<MarkedLink>,
    failed: bool,
}

/// A heading's opening tag, without its id, and the events inside it.
struct HeldHeading<'a> {
    level: HeadingLevel,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    events: Vec<Event<'a>>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Stream<'a, '_, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some(event);
            }
            if self.failed {
                return None;
            }
            let (event, range) = self.input.next()?;
            self.step(event, range);
        }
    }
}

impl<'a, I> Stream<'a, '_, '_, I> {
    fn step(&mut self, event: Event<'a>, range: Range<usize>) {
        let is_more = matches!(&event, Event::Html(html) | Event::InlineHtml(html)
            if html.trim() == crate::parse::markdown::MORE_MARKER);
        if is_more && self.more_at.is_none() {
            self.more_at = Some(range.start);
        }
        if self.depth == 0 {
            if self.paragraph_cut.is_none()
                && self
                    .scanner
                    .first_paragraph_end()
                    .is_some_and(|end| range.start >= end)
            {
                self.paragraph_cut = Some(self.written.get());
            }
            if self.more_cut.is_none() && self.more_at.is_some_and(|at| range.start >= at) {
                self.more_cut = Some(self.written.get());
            }
        }
        match &event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        self.scanner.feed(&event, &range);
        let event = match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info
                    .split_whitespace()
                    .next()
                    .is_some_and(|kind| EMBED_KINDS.contains(&kind)) =>
            {
                self.failed = true;
                return;
            }
            Event::Start(Tag::Image { .. }) | Event::FootnoteReference(_) => {
                self.failed = true;
                return;
            }
            Event::Start(Tag::Heading {
                level,
                id: _,
                classes,
                attrs,
            }) => {
                self.heading = Some(HeldHeading {
                    level,
                    classes,
                    attrs,
                    events: Vec::new(),
                });
                return;
            }
            Event::End(TagEnd::Heading(level)) => {
                let Some(held) = self.heading.take() else {
                    self.failed = true;
                    return;
                };
                let id = self
                    .scanner
                    .last_heading_id()
                    .map(|id| CowStr::from(id.to_string()));
                self.emit(Event::Start(Tag::Heading {
                    level: held.level,
                    id,
                    classes: held.classes,
                    attrs: held.attrs,
                }));
                for inner in held.events {
                    self.emit(inner);
                }
                Event::End(TagEnd::Heading(level))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id: _,
            }) => {
                // A table's label is made from its head's text, which a
                // resolved link may change.
                if self.table.as_ref().is_some_and(|t| t.in_head) {
                    self.failed = true;
                    return;
                }
                let marker = format!("{MARK}a{}{MARK}", self.links.len());
                self.links.push(MarkedLink {
                    offset: range.start,
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    email: link_type == LinkType::Email,
                });
                Event::InlineHtml(CowStr::from(marker))
            }
            Event::End(TagEnd::Link) => {
                self.emit(Event::InlineHtml(CowStr::Borrowed(TEXT_END)));
                Event::End(TagEnd::Link)
            }
            Event::TaskListMarker(done) => Event::InlineHtml(CowStr::Borrowed(if done {
                "<span class=\"task-marker\" role=\"img\" aria-label=\"done\">☑</span> "
            } else {
                "<span class=\"task-marker\" role=\"img\" aria-label=\"to do\">☐</span> "
            })),
            _ if is_more => return,
            Event::Start(Tag::Table(alignments)) => {
                self.table = Some(TableBuffer::default());
                Event::Start(Tag::Table(alignments))
            }
            other => other,
        };
        let ends_table = matches!(event, Event::End(TagEnd::Table));
        self.emit(event);
        if ends_table && let Some(buffer) = self.table.take() {
            self.queue.push_back(Event::Html(CowStr::from(format!(
                "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">",
                escape_attribute(&buffer.label())
            ))));
            self.queue.extend(buffer.events);
            self.queue
                .push_back(Event::Html(CowStr::Borrowed("</div>\n")));
        }
    }

    /// Passes an event on: into the heading or table being held, or out.
    fn emit(&mut self, event: Event<'a>) {
        if let Some(held) = self.heading.as_mut() {
            held.events.push(event);
            return;
        }
        match self.table.as_mut() {
            Some(buffer) => buffer.take(event),
            None => self.queue.push_back(event),
        }
    }
}

/// Rewrites the parser's events for output: heading ids, links, embedded
/// blocks, task markers, wrapped tables. Returns the events and where the
/// summary ends among them.
fn transform<'a>(
    parsed: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    summary_end: Option<usize>,
    links: &HashMap<usize, ResolvedLink>,
    headings: &[Heading],
    embeds: &HashMap<usize, String>,
) -> (Vec<Event<'a>>, Option<usize>) {
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
            }) => {
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
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
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
    (events, summary_cut)
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

impl<'a> TableBuffer<'a> {
    /// Holds an event of the table, noting the text of its head.
    fn take(&mut self, event: Event<'a>) {
        match &event {
            Event::Start(Tag::TableHead) => self.in_head = true,
            Event::End(TagEnd::TableHead) => self.in_head = false,
            Event::Start(Tag::TableCell) if self.in_head => self.head_text.push(String::new()),
            Event::Text(text) | Event::Code(text) if self.in_head => {
                if let Some(last) = self.head_text.last_mut() {
                    last.push_str(text);
                }
            }
            _ => {}
        }
        self.events.push(event);
    }

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
        Some(buffer) => buffer.take(event),
        None => events.push(event),
    }
}

/// Escapes text for XML and HTML, in content and in either kind of quoted
/// attribute: the feed, the sitemap and `serve`'s error overlay use it.
pub fn escape(text: &str) -> String {
    escape_attribute(text).replace('\'', "&#39;")
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
        let bodies = [
            "Intro [a](x.md \"T & t\") and [[Page]], [[p|label]], <me@x.org>.\n\n\
             ## Head [[Linked]]\n\n| A | B |\n|---|---|\n| [c](y.md) | [[Q]] |\n\n\
             - [ ] task [*em* x](z.md)\n\nMore <!-- more -->\n\n> quote [[Page]]\n",
            "## Only a heading\n\n### Only a heading\n",
            "",
            "<div>block html</div>\n\nFirst para [[A]].\n\nSecond.\n\n<!-- more -->\n\nThird.\n",
            "1. one\n2. two [[B]]\n\n```rust\ncode\n```\n\n---\n\nText *em* **strong** ~~gone~~ `code`.\n",
            "Para one.\n\n## Custom {#mine}\n\n<!-- more -->\n\n## Custom {#mine}\n",
        ];
        for body in bodies {
            let scanned = scan(body);
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
            assert_eq!(again.headings, scanned.headings);
            assert_eq!(again.summary_end, scanned.summary_end);
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
                assert_eq!(prerendered.fill(&links), later, "{body:?}");
            }
        }
        for body in [
            "![x](a.png)\n",
            "| [[A]] |\n|---|\n| b |\n",
            "a\0b\n",
            "```comparison\nid: x\n```\n",
            "Note[^n].\n\n[^n]: A note.\n",
        ] {
            let (scanned, prerendered) = scan_and_prerender(body);
            assert!(prerendered.is_none(), "{body:?}");
            let expected = scan(body);
            assert_eq!(scanned.links, expected.links);
            assert_eq!(scanned.blocks, expected.blocks);
            assert_eq!(scanned.word_count, expected.word_count);
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
