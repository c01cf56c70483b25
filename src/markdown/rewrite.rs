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

/// Holds the events of a table until its head ends, then passes them on
/// inside a scrolling region labelled with the head's text, so that a wide
/// table scrolls on its own instead of the page. The rows after the head
/// pass straight on, so the streaming prerender never holds a table of a
/// million cells whole (`to_html`, the fallback, collects every event).
#[derive(Default)]
pub(super) struct Tables<'a> {
    open: Option<TableBuffer<'a>>,
}

impl<'a> Tables<'a> {
    /// Whether the event last passed on is inside a table's head.
    pub(super) fn in_head(&self) -> bool {
        self.open.as_ref().is_some_and(|table| table.in_head)
    }

    /// Passes an event on to `out`, or holds it while a table's head is open.
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
        let head_ends = matches!(event, Event::End(TagEnd::TableHead));
        table.take(event);
        if !table.region_open && (head_ends || ends) {
            let mut start = String::from(
                "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"",
            );
            push_escaped(&mut start, &table.label());
            start.push_str("\">");
            out.extend([Event::Html(CowStr::from(start))]);
            table.region_open = true;
        }
        if table.region_open {
            out.extend(table.events.drain(..));
        }
        if ends {
            out.extend([Event::Html(CowStr::Borrowed("</div>\n"))]);
            self.open = None;
        }
    }
}

/// The events of one table not yet passed on, and the text of its head.
#[derive(Default)]
struct TableBuffer<'a> {
    events: Vec<Event<'a>>,
    /// Whether the scrolling region has been passed on, once the head's
    /// text was known; the events since pass straight on.
    region_open: bool,
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

    /// `body` as HTML from each writer: `to_html`, and the prerendered
    /// body filled in.
    fn both_writers(body: &str) -> [String; 2] {
        let later = to_html(
            body,
            None,
            &HashMap::new(),
            &scan(body).headings,
            &HashMap::new(),
        );
        let (_, prerendered) = scan_and_prerender(body);
        let filled = prerendered
            .expect("a simple body is prerendered")
            .fill(&HashMap::new());
        [later.content, filled.content]
    }

    #[test]
    fn both_writers_mark_tasks_and_label_tables_alike() {
        let body = "- [x] done\n- [ ] open\n\n| `a\"b` & `it's` | <br> |\n|---|---|\n| 1 | 2 |\n\n|x|\n|-|\n";
        for html in both_writers(body) {
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
        for html in both_writers(body) {
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

    /// Only the head is held: a body row is passed on before the table
    /// ends, and the region still opens with the head's text and closes
    /// after the table.
    #[test]
    fn a_table_passes_on_its_rows_as_they_come() {
        use pulldown_cmark::{Event, Options, Parser, TagEnd};
        let body = "| Head one | Head two |\n|---|---|\n| r1 | x |\n| r2 | y |\n";
        let mut tables = super::Tables::default();
        let mut out: Vec<Event> = Vec::new();
        let mut out_before_end = None;
        for event in Parser::new_ext(body, Options::ENABLE_TABLES) {
            if matches!(event, Event::End(TagEnd::Table)) {
                out_before_end = Some(out.clone());
            }
            tables.pass(event, &mut out);
        }
        let before_end = out_before_end.expect("the table ends");
        let texts = |events: &[Event]| -> Vec<String> {
            events
                .iter()
                .filter_map(|event| match event {
                    Event::Text(text) => Some(text.to_string()),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            texts(&before_end),
            ["Head one", "Head two", "r1", "x", "r2", "y"]
        );
        assert!(
            matches!(&before_end[0], Event::Html(html) if html.contains("aria-label=\"Table: Head one, Head two\"")),
            "{:?}",
            before_end[0]
        );
        assert!(matches!(out.last(), Some(Event::Html(html)) if html.as_ref() == "</div>\n"));
        assert_eq!(
            out.len(),
            before_end.len() + 2,
            "the table's end, then the region's"
        );
    }
}
