//! Markdown to HTML once the site is linked, for the bodies the prerender
//! leaves out and for table cells and data files' markdown: links rewritten
//! to their resolved URLs, heading ids from the scan, embedded blocks
//! replaced by their HTML, with the rewrites the prerender shares.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, html};

use super::ResolvedLink;
use super::options::{is_more_marker, options};
use super::rewrite::{Tables, task_marker};
use super::scan::Heading;

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
    let mut tables = Tables::default();
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
                    tables.pass(start, &mut events);
                    tables.pass(Event::Text(CowStr::from(text.clone())), &mut events);
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
            Event::TaskListMarker(done) => task_marker(done),
            other if is_more_marker(&other) => continue,
            other => other,
        };
        tables.pass(event, &mut events);
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

/// Inline markdown as plain text, spaces between lines: what a definition
/// says in a tooltip or an accessible description, where no markup can go.
pub fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::scan::scan;
    use super::*;

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
