//! The streaming prerender: a page body scanned and written to HTML in one
//! pass over one parse, before the site is linked, with a marker where each
//! link's opening tag goes; [`Prerendered::fill`] writes the links in once
//! they are resolved. This is why each body is parsed only once.

use std::cell::Cell;
use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd, html,
};

use super::ResolvedLink;
use super::escape::{push_body_text, push_escaped, push_href};
use super::html::RenderedBody;
use super::options::{is_embed, is_more_marker, options};
use super::rewrite::{Tables, task_marker};
use super::scan::{ScannedBody, Scanner};

/// Scans a page's body and renders it to HTML with markers for its links,
/// in one pass over one markdown parse. The HTML is `None` for the few
/// bodies that are rendered from their text once the site is linked (see
/// [`Prerendered`]).
pub fn scan_and_prerender(body: &str) -> (ScannedBody, Option<Prerendered>) {
    let mut scanner = Scanner::new(body);
    let events = Parser::new_ext(body, options()).into_offset_iter();
    let prerendered = Prerendered::stream(body, events, &mut scanner);
    (scanner.finish(), prerendered)
}

/// A page body rendered to HTML before its links are resolved: each link's
/// opening tag is a marker, filled in by [`Prerendered::fill`] once the
/// site is linked. The parse stage makes it from the same markdown parse
/// that finds the links, so that each body is parsed only once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prerendered {
    /// The body as HTML, with markers.
    content: String,
    /// The length of its summary, with markers: always the start of
    /// `content`, so not kept twice.
    summary_len: usize,
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
    fn stream<'a>(
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
            tables: Tables::default(),
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
        // Kept from parsing to rendering, for every page at once: copied to
        // its own size when the estimate overshot by more than an eighth
        // (the allocator would keep a shrunk block whole).
        let content = if writer.out.capacity() - writer.out.len() > writer.out.len() / 8 {
            writer.out.as_str().to_owned()
        } else {
            writer.out
        };
        let summary_len = if more_at.is_some() {
            more_cut.unwrap_or(content.len())
        } else if scanner.first_paragraph_end().is_some() {
            paragraph_cut.unwrap_or(content.len())
        } else {
            0
        };
        Some(Prerendered {
            summary_len,
            content,
            links,
        })
    }

    /// The final HTML: each marker replaced by its link's opening tag, with
    /// its resolved URL (and text, for a wikilink without a label).
    pub fn fill(&self, links: &HashMap<usize, ResolvedLink>) -> RenderedBody {
        RenderedBody {
            content: self.fill_one(&self.content, links),
            summary: self.fill_one(self.content.get(..self.summary_len).unwrap_or(""), links),
        }
    }

    /// One HTML text with its markers filled in, escaped exactly as
    /// pulldown-cmark writes a link so that it matches [`super::to_html`].
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
            push_href(&mut out, url);
            if !link.title.is_empty() {
                out.push_str("\" title=\"");
                push_escaped(&mut out, &link.title);
            }
            out.push_str("\">");
            if let Some(text) = found.and_then(|r| r.text.as_ref()) {
                push_body_text(&mut out, text);
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
/// A heading is held until it ends (its id comes from its text), a table
/// until its head ends (its label comes from the head). The writer asks
/// for an event only once it has written the previous ones, so at each
/// top-level event `written` is where the summary would end if it ended
/// there.
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
    tables: Tables<'a>,
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
        let is_more = is_more_marker(&event);
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
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if is_embed(&info) => {
                self.failed = true;
                return;
            }
            Event::Start(Tag::Image { .. } | Tag::FootnoteDefinition(_))
            | Event::FootnoteReference(_) => {
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
                if self.tables.in_head() {
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
            Event::TaskListMarker(done) => task_marker(done),
            _ if is_more => return,
            other => other,
        };
        self.emit(event);
    }

    /// Passes an event on: into the heading or table being held, or out.
    fn emit(&mut self, event: Event<'a>) {
        if let Some(held) = self.heading.as_mut() {
            held.events.push(event);
            return;
        }
        self.tables.pass(event, &mut self.queue);
    }
}

#[cfg(test)]
mod tests {
    use super::super::html::to_html;
    use super::super::scan::scan;
    use super::*;

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
}
