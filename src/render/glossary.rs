//! The glossary in rendering: automatic term links in page bodies, and the
//! `/glossary/` page with the pages that use each term.
//!
//! Term links are made on each body's finished HTML: one Aho-Corasick
//! automaton of every term and alias, built once per build, and one pass
//! over each page's text, skipping what must not hold a link (links,
//! headings, code and the like). Doing it here, not in the markdown, keeps
//! the parsed pages (and `serve`'s cache of them) valid when only the
//! glossary changes.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::*;
use crate::link::SiteGlossary;

/// Elements whose text never gets a term link: links and other interactive
/// elements (a link inside them is invalid), headings, code, and elements
/// that are not prose.
const SKIPPED: &[&str] = &[
    "a", "abbr", "audio", "button", "canvas", "code", "dfn", "h1", "h2", "h3", "h4", "h5", "h6",
    "iframe", "kbd", "label", "math", "noscript", "object", "option", "pre", "samp", "select",
    "summary", "svg", "template", "video",
];

/// Elements whose content is raw text, read up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// One text the automaton looks for: a term or an alias.
struct Pattern {
    /// Index of its term in the glossary.
    term: usize,
    /// The text as it appears in HTML (`&`, `<` and `>` escaped).
    html: String,
    /// Written with a capital first letter: matches only as written.
    exact: bool,
}

/// What a term link needs, escaped once.
struct TermLink {
    href: String,
    tip_id: String,
    tip: String,
}

/// Links the first use of each glossary term in a page's HTML.
pub(super) struct TermLinker {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    links: Vec<TermLink>,
}

impl TermLinker {
    /// The automaton of every term and alias of the site's glossary; `None`
    /// without a glossary.
    pub(super) fn new(config: &SiteConfig, glossary: &SiteGlossary) -> Option<TermLinker> {
        let terms = &glossary.parsed.glossary.terms;
        let mut patterns = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            for name in term.names() {
                let exact = name.chars().next().is_some_and(char::is_uppercase);
                let html = name
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                patterns.push(Pattern {
                    term: i,
                    html,
                    exact,
                });
            }
        }
        // Overlapping matches, so that a match refused (by case or as part
        // of a longer word) never hides a shorter one at the same place.
        // A DFA: more memory to build (a few MB for hundreds of terms),
        // the fastest search, which runs over every page.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(patterns.iter().map(|p| p.html.as_str()))
            .ok()?;
        let links = terms
            .iter()
            .map(|term| TermLink {
                href: markdown::escape(&format!("{}#{}", config.url(&glossary.path), term.id)),
                tip_id: markdown::escape(&format!("term-tip-{}", term.id)),
                tip: markdown::escape(&term.definition_text),
            })
            .collect();
        Some(TermLinker {
            automaton,
            patterns,
            links,
        })
    }

    /// `html` with the first use of each term linked, and the terms it
    /// linked (indexes into the glossary's terms, in order of use); `None`
    /// when it uses none.
    pub(super) fn link(&self, html: &str) -> Option<(String, Vec<usize>)> {
        let mut used = vec![false; self.links.len()];
        let mut order = Vec::new();
        let mut out = String::new();
        // How much of `html` is in `out` already.
        let mut copied = 0;
        let mut skip_depth = 0usize;
        let mut pos = 0;
        let bytes = html.as_bytes();
        while pos < html.len() && order.len() < self.links.len() {
            let next_tag = html[pos..].find('<').map_or(html.len(), |i| pos + i);
            if skip_depth == 0 && next_tag > pos {
                for (start, end, term) in self.find(html, pos, next_tag, &used) {
                    used[term] = true;
                    order.push(term);
                    if out.capacity() == 0 {
                        // Room for the page and its term links.
                        out.reserve(html.len() + html.len() / 2 + 1024);
                    }
                    out.push_str(&html[copied..start]);
                    self.push_link(&mut out, term, &html[start..end]);
                    copied = end;
                }
            }
            if next_tag >= html.len() {
                break;
            }
            let Some(tag) = read_tag(html, next_tag) else {
                pos = next_tag + 1;
                continue;
            };
            pos = tag.end;
            if tag.closing {
                if skip_depth > 0 && SKIPPED.contains(&tag.name.as_str()) {
                    skip_depth -= 1;
                }
            } else if RAW_TEXT.contains(&tag.name.as_str()) {
                pos = find_end_tag(bytes, pos, &tag.name);
            } else if !tag.self_closing && SKIPPED.contains(&tag.name.as_str()) {
                skip_depth += 1;
            }
        }
        if order.is_empty() {
            return None;
        }
        out.push_str(&html[copied..]);
        Some((out, order))
    }

    /// The term uses to link in `html[start..end]`, a text between tags:
    /// whole words, in the right case, the longest at each place, each
    /// term once and not one already `used`.
    fn find(
        &self,
        html: &str,
        start: usize,
        end: usize,
        used: &[bool],
    ) -> Vec<(usize, usize, usize)> {
        let text = &html[start..end];
        let mut found: Vec<(usize, usize, usize)> = self
            .automaton
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let pattern = &self.patterns[m.pattern().as_usize()];
                let matched = &text[m.start()..m.end()];
                let fits = !used[pattern.term]
                    && (!pattern.exact || matched == pattern.html)
                    && !is_word_char(text[..m.start()].chars().next_back())
                    && !is_word_char(text[m.end()..].chars().next());
                fits.then_some((start + m.start(), start + m.end(), pattern.term))
            })
            .collect();
        found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut chosen = Vec::new();
        let mut taken = vec![];
        let mut last_end = start;
        for (s, e, term) in found {
            if s < last_end || taken.contains(&term) {
                continue;
            }
            taken.push(term);
            chosen.push((s, e, term));
            last_end = e;
        }
        chosen
    }

    fn push_link(&self, out: &mut String, term: usize, text: &str) {
        let link = &self.links[term];
        out.push_str("<span class=\"term-ref\"><a class=\"term\" href=\"");
        out.push_str(&link.href);
        out.push_str("\" aria-describedby=\"");
        out.push_str(&link.tip_id);
        out.push_str("\">");
        out.push_str(text);
        out.push_str("</a><span class=\"term-tip\" id=\"");
        out.push_str(&link.tip_id);
        out.push_str("\" role=\"tooltip\">");
        out.push_str(&link.tip);
        out.push_str("</span></span>");
    }
}

/// A letter, digit, dash or underscore beside a match makes it part of a
/// longer word: "self-doubt" does not use the term "self".
fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '\u{2011}')
}

/// A tag of the HTML: its name (lowercased), and where it ends.
struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    /// The byte after its `>`.
    end: usize,
}

/// Reads the tag (or comment) at `start`, a `<`; `None` when the `<` is
/// text.
fn read_tag(html: &str, start: usize) -> Option<Tag> {
    let rest = &html[start..];
    if rest.starts_with("<!--") {
        let end = rest.find("-->").map_or(html.len(), |i| start + i + 3);
        return Some(Tag {
            name: String::new(),
            closing: false,
            self_closing: true,
            end,
        });
    }
    let bytes = rest.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    let first = *bytes.get(name_start)?;
    if !first.is_ascii_alphabetic() && first != b'!' && first != b'?' {
        return None;
    }
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
    let mut quote = None;
    let mut end = html.len();
    for (i, &b) in bytes.iter().enumerate().skip(name_start + name_len) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => {
                end = start + i + 1;
                break;
            }
            None => {}
        }
    }
    let self_closing = html[..end].ends_with("/>");
    Some(Tag {
        name,
        closing,
        self_closing,
        end,
    })
}

/// Where the end tag `</name` of a raw text element starts, from `from`.
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> usize {
    let wanted = format!("</{name}");
    let wanted = wanted.as_bytes();
    bytes[from..]
        .windows(wanted.len())
        .position(|window| window.eq_ignore_ascii_case(wanted))
        .map_or(bytes.len(), |i| from + i)
}

/// The most pages a term's "Used in" list shows, the first by title; the
/// template says how many more there are. A term that every article of a
/// large site uses would otherwise list thousands of links.
pub(super) const USED_IN_LIMIT: usize = 25;

/// The glossary as `glossary.html` sees it: the terms alphabetically, each
/// with its definition, aliases, see-also links and the pages using it.
/// `used_in[i]` holds the pages that link term `i`.
pub(super) fn glossary_value(
    config: &SiteConfig,
    site: &LinkedSite,
    glossary: &SiteGlossary,
    used_in: &[Vec<usize>],
) -> Value {
    let terms = &glossary.parsed.glossary.terms;
    let anchor = |id: &str| format!("{}#{id}", config.url(&glossary.path));
    // Each page's place in title order, worked out once for every term.
    let mut by_title: Vec<usize> = (0..site.pages.len()).collect();
    by_title.sort_by_cached_key(|&p| {
        let page = &site.pages[p];
        (page.title().to_lowercase(), page.path.clone())
    });
    let mut rank = vec![0; site.pages.len()];
    for (place, &page) in by_title.iter().enumerate() {
        rank[page] = place;
    }
    let mut order: Vec<usize> = (0..terms.len()).collect();
    order.sort_by_cached_key(|&i| terms[i].term.to_lowercase());
    let values: Vec<Value> = order
        .iter()
        .map(|&i| {
            let term = &terms[i];
            let definition = markdown::inline_html(
                &term.definition.text,
                &cell_links(&glossary.links, term.definition.index),
            );
            let see: Vec<Value> = term
                .see
                .iter()
                .filter_map(|id| terms.iter().find(|t| &t.id == id))
                .map(|other| {
                    map([
                        ("term", Value::from(other.term.as_str())),
                        ("id", Value::from(other.id.as_str())),
                        ("url", Value::from(anchor(&other.id))),
                    ])
                })
                .collect();
            let mut pages: Vec<usize> = used_in.get(i).cloned().unwrap_or_default();
            pages.sort_unstable_by_key(|&p| rank[p]);
            pages.dedup();
            let more = pages.len().saturating_sub(USED_IN_LIMIT);
            pages.truncate(USED_IN_LIMIT);
            let used: Vec<Value> = pages
                .iter()
                .map(|&p| {
                    let page = &site.pages[p];
                    map([
                        ("title", Value::from(page.title())),
                        ("url", Value::from(config.url(&page.path))),
                    ])
                })
                .collect();
            let aliases: Vec<Value> = term
                .aliases
                .iter()
                .map(|a| Value::from(a.as_str()))
                .collect();
            map([
                ("term", Value::from(term.term.as_str())),
                ("id", Value::from(term.id.as_str())),
                ("url", Value::from(anchor(&term.id))),
                ("definition", Value::safe_string(&definition)),
                (
                    "definition_text",
                    Value::from(term.definition_text.as_str()),
                ),
                ("aliases", Value::from(aliases)),
                ("see", Value::from(see)),
                ("used_in", Value::from(used)),
                ("used_in_more", Value::from(more)),
            ])
        })
        .collect();
    map([
        ("title", Value::from(config.strings.text("glossary_title"))),
        ("url", Value::from(config.url(&glossary.path))),
        ("terms", Value::from(values)),
        (
            "backlinks",
            backlinks_value(config, site, &glossary.backlinks),
        ),
    ])
}

/// The glossary page's description, from its terms: "What Self, parts,
/// protectors and 5 more terms mean on Harbor Coaching."
pub(super) fn glossary_description(config: &SiteConfig, glossary: &SiteGlossary) -> String {
    let mut names: Vec<&str> = glossary
        .parsed
        .glossary
        .terms
        .iter()
        .map(|t| t.term.as_str())
        .collect();
    names.sort_by_cached_key(|name| name.to_lowercase());
    let shown = names.len().min(3);
    let listed = names[..shown].join(", ");
    let rest = names.len() - shown;
    let strings = &config.strings;
    let terms = match rest {
        0 => listed,
        _ => strings.format(
            "glossary_more_terms",
            Some(i64::try_from(rest).unwrap_or(i64::MAX)),
            &[("terms", &listed)],
        ),
    };
    // "What Self means", "What Self and parts mean".
    let count = if shown == 1 && rest == 0 { 1 } else { 2 };
    strings.format(
        "glossary_description",
        Some(count),
        &[("terms", &terms), ("site", &config.title)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_with_quoted_attributes() {
        let html = "<a title=\"x > y\" href=\"/\">t</a>";
        let tag = read_tag(html, 0).unwrap();
        assert_eq!(
            (tag.name.as_str(), tag.end),
            ("a", html.find("t<").unwrap())
        );
        assert!(read_tag("< b", 0).is_none());
        let closing = read_tag("</H2>", 0).unwrap();
        assert!(closing.closing && closing.name == "h2");
        assert!(read_tag("<br/>", 0).unwrap().self_closing);
        assert_eq!(find_end_tag(b"<style>a<b</STYLE>", 7, "style"), 10);
    }
}
