//! The event rewrites both HTML writers share (the streaming prerender and
//! [`to_html`](super::to_html)): task markers, tables wrapped in a labelled
//! scrolling region, column alignment as classes. One implementation, so
//! the two always write alike.

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

use super::escape::push_escaped;

/// A task list's checkbox as a labelled symbol, since a disabled checkbox
/// says nothing to a screen reader user.
#[inline]
pub(super) fn task_marker(done: bool) -> Event<'static> {
    Event::InlineHtml(CowStr::Borrowed(if done {
        "<span class=\"task-marker\" role=\"img\" aria-label=\"done\">☑</span> "
    } else {
        "<span class=\"task-marker\" role=\"img\" aria-label=\"to do\">☐</span> "
    }))
}

/// Holds the events of a table until it ends, then passes it on inside a
/// scrolling region labelled with its head's text, so that a wide table
/// scrolls on its own instead of the page.
#[derive(Default)]
pub(super) struct Tables<'a> {
    open: Option<TableBuffer<'a>>,
}

impl<'a> Tables<'a> {
    /// Whether the event last passed on is inside a table's head.
    pub(super) fn in_head(&self) -> bool {
        self.open.as_ref().is_some_and(|table| table.in_head)
    }

    /// Passes an event on to `out`, or holds it while a table is open.
    #[inline]
    pub(super) fn pass(&mut self, event: Event<'a>, out: &mut impl Extend<Event<'a>>) {
        let Some(table) = self.open.as_mut() else {
            if matches!(event, Event::Start(Tag::Table(_))) {
                let mut table = TableBuffer::default();
                table.take(event);
                self.open = Some(table);
            } else {
                out.extend([event]);
            }
            return;
        };
        let ends = matches!(event, Event::End(TagEnd::Table));
        table.take(event);
        if ends && let Some(table) = self.open.take() {
            let mut start = String::from(
                "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"",
            );
            push_escaped(&mut start, &table.label());
            start.push_str("\">");
            out.extend([Event::Html(CowStr::from(start))]);
            out.extend(table.events);
            out.extend([Event::Html(CowStr::Borrowed("</div>\n"))]);
        }
    }
}

/// The events of one table, and the text of its head.
#[derive(Default)]
struct TableBuffer<'a> {
    events: Vec<Event<'a>>,
    in_head: bool,
    head_text: Vec<String>,
    /// The columns' alignment, when any column has one.
    aligned: Option<Vec<Alignment>>,
    /// The column of the next cell in the row.
    column: usize,
}

impl<'a> TableBuffer<'a> {
    /// Holds an event of the table, noting the text of its head. A column's
    /// alignment (`|:--|--:|`) becomes a class on its cells rather than the
    /// `style="text-align: ..."` the HTML writer gives them, as the
    /// site's Content-Security-Policy allows no inline style.
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
        let event = match event {
            Event::Start(Tag::Table(alignments))
                if alignments.iter().any(|a| *a != Alignment::None) =>
            {
                let plain = vec![Alignment::None; alignments.len()];
                self.aligned = Some(alignments);
                Event::Start(Tag::Table(plain))
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                self.column = 0;
                event
            }
            Event::Start(Tag::TableCell) if self.aligned.is_some() => {
                let name = if self.in_head { "th" } else { "td" };
                let class = match self.aligned.as_ref().and_then(|a| a.get(self.column)) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                self.column += 1;
                Event::Html(CowStr::from(format!("<{name}{class}>")))
            }
            Event::End(TagEnd::TableCell) if self.aligned.is_some() => {
                Event::Html(CowStr::Borrowed(if self.in_head {
                    "</th>"
                } else {
                    "</td>"
                }))
            }
            event => event,
        };
        self.events.push(event);
    }

    /// The region's label: `Table: ` and the head cells' text.
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::super::{scan, scan_and_prerender, to_html};

    #[test]
    fn both_writers_mark_tasks_and_label_tables_alike() {
        let body = "- [x] done\n- [ ] open\n\n| `a\"b` & `it's` | <br> |\n|---|---|\n| 1 | 2 |\n\n|x|\n|-|\n";
        let scanned = scan(body);
        let later = to_html(
            body,
            None,
            &HashMap::new(),
            &scanned.headings,
            &HashMap::new(),
        );
        let (_, prerendered) = scan_and_prerender(body);
        let filled = prerendered
            .expect("a simple body is prerendered")
            .fill(&HashMap::new());
        for html in [&later.content, &filled.content] {
            assert!(html.contains("<li><span class=\"task-marker\" role=\"img\" aria-label=\"done\">☑</span> done</li>"), "{html}");
            assert!(
                html.contains("aria-label=\"to do\">☐</span> open"),
                "{html}"
            );
            assert!(html.contains("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table: a&quot;b &amp; it&#39;s\"><table>"), "{html}");
            assert!(html.contains("aria-label=\"Table: x\"><table>"), "{html}");
            assert_eq!(html.matches("</table>\n</div>\n").count(), 2, "{html}");
        }
    }

    #[test]
    fn aligned_columns_get_classes_not_inline_style() {
        let body =
            "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n| x | y |\n|---|--:|\n| `p` | q |\n";
        let scanned = scan(body);
        let later = to_html(
            body,
            None,
            &HashMap::new(),
            &scanned.headings,
            &HashMap::new(),
        );
        let (_, prerendered) = scan_and_prerender(body);
        let filled = prerendered
            .expect("a simple body is prerendered")
            .fill(&HashMap::new());
        for html in [&later.content, &filled.content] {
            assert!(!html.contains("style="), "{html}");
            assert!(html.contains("<thead><tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th></tr></thead>"), "{html}");
            assert!(html.contains("<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td></tr>"), "{html}");
            assert!(
                html.contains("<tr><td><code>p</code></td><td class=\"align-right\">q</td></tr>"),
                "{html}"
            );
            assert!(html.contains("aria-label=\"Table: a, b, c\""), "{html}");
        }
    }
}
