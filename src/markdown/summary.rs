//! A page's summary for lists and the feed: plain text from the body's
//! top-level paragraphs, without headings, images or code blocks. With a
//! `<!-- more -->` marker it is every paragraph before the marker; without
//! one it is the first paragraph with text, cut at a word after
//! [`SUMMARY_WORDS`] words with an ellipsis.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::escape::push_escaped;
use super::options::MORE_MARKER;

/// How many words a summary without a `<!-- more -->` marker keeps.
pub const SUMMARY_WORDS: usize = 60;

/// Collects a summary's text from a body's events, as they are scanned.
#[derive(Debug)]
pub(super) struct SummaryText {
    /// Whether the body holds the `<!-- more -->` marker anywhere: without
    /// it only the first paragraph with text is needed, and collecting the
    /// rest cost a tenth of a large site's build.
    may_be_marked: bool,
    /// The text of each top-level paragraph so far (before the marker).
    paragraphs: Vec<String>,
    /// The paragraph being read, when it is a top-level one.
    current: Option<String>,
    /// How many images the current event is inside (their alt text is not
    /// part of a summary).
    in_image: usize,
    /// Whether the `<!-- more -->` marker was seen.
    marked: bool,
}

impl SummaryText {
    /// Ready for the events of `body`.
    pub(super) fn new(body: &str) -> SummaryText {
        SummaryText {
            may_be_marked: memchr::memmem::find(body.as_bytes(), MORE_MARKER.as_bytes()).is_some(),
            paragraphs: Vec::new(),
            current: None,
            in_image: 0,
            marked: false,
        }
    }

    /// Takes in an event at `depth` (the number of open blocks around it,
    /// before the event itself opens or closes one).
    pub(super) fn feed(&mut self, event: &Event, depth: usize) {
        if self.marked || (!self.may_be_marked && !self.paragraphs.is_empty()) {
            return;
        }
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => self.current = Some(String::new()),
            Event::Start(Tag::Image { .. }) => self.in_image += 1,
            Event::End(TagEnd::Image) => self.in_image = self.in_image.saturating_sub(1),
            Event::End(TagEnd::Paragraph) if depth == 1 => self.end_paragraph(),
            Event::Text(text) | Event::Code(text) if self.in_image == 0 => {
                if let Some(current) = self.current.as_mut() {
                    current.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(current) = self.current.as_mut() {
                    current.push(' ');
                }
            }
            _ => {}
        }
    }

    /// The `<!-- more -->` marker: the summary is what came before it.
    pub(super) fn mark(&mut self) {
        self.end_paragraph();
        self.marked = true;
    }

    fn end_paragraph(&mut self) {
        if let Some(text) = self.current.take() {
            let words: Vec<&str> = text.split_whitespace().collect();
            if !words.is_empty() {
                self.paragraphs.push(words.join(" "));
            }
        }
    }

    /// The summary as HTML paragraphs of escaped text; empty when the body
    /// has no paragraph with text.
    pub(super) fn finish(mut self) -> String {
        self.end_paragraph();
        let mut html = String::new();
        let mut push = |text: &str| {
            html.push_str("<p>");
            push_escaped(&mut html, text);
            html.push_str("</p>\n");
        };
        if self.marked {
            self.paragraphs.iter().for_each(|p| push(p));
        } else if let Some(first) = self.paragraphs.first() {
            push(&cap_words(first, SUMMARY_WORDS));
        }
        html
    }
}

/// `text` cut after `limit` words, with an ellipsis when it was cut.
fn cap_words(text: &str, limit: usize) -> String {
    let mut words = text.split_whitespace();
    let kept: Vec<&str> = words.by_ref().take(limit).collect();
    let mut capped = kept.join(" ");
    if words.next().is_some() {
        capped = capped
            .trim_end_matches([',', ';', ':', '.', '-', '–', '—'])
            .to_string();
        capped.push('…');
    }
    capped
}

#[cfg(test)]
mod tests {
    use super::super::scan;

    #[test]
    fn a_summary_is_text_without_headings_or_images() {
        let body = "# A title\n\n![A photo](p.jpg)\n\nFirst *real* words,\nhere.\n\nMore.\n";
        assert_eq!(scan(body).summary, "<p>First real words, here.</p>\n");
    }

    #[test]
    fn a_long_first_paragraph_is_cut_at_a_word_with_an_ellipsis() {
        let body = "word ".repeat(400);
        let summary = scan(&body).summary;
        assert!(summary.ends_with("word…</p>\n"), "{summary}");
        assert_eq!(summary.split_whitespace().count(), super::SUMMARY_WORDS);
    }

    #[test]
    fn the_more_marker_keeps_every_paragraph_before_it_uncut() {
        let long = "many ".repeat(80);
        let body = format!("## Heading\n\n{long}\n\nTwo & three.\n\n<!-- more -->\n\nAfter.\n");
        let summary = scan(&body).summary;
        assert!(summary.contains("<p>Two &amp; three.</p>"), "{summary}");
        assert!(
            !summary.contains('…') && !summary.contains("After"),
            "{summary}"
        );
        assert_eq!(summary.matches("many").count(), 80);
    }
}
