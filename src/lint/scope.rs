//! The `scope-claim` lint: a coach's own words that claim to diagnose,
//! treat, cure or give therapy, which only licensed clinicians may say.
//!
//! Coaches' pages are full of disclaimers ("I do not diagnose or treat")
//! and of descriptions of what therapists do ("A therapist can treat..."),
//! so the lint looks for who each clause is about and whether it is negated,
//! and flags only the coach's own claims. The word lists are in
//! `scope_words.rs`.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind, packed};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::scope_words::{
    CLAIM_VERBS, CLAUSE_BREAKS, CURE_OBJECTS, ClaimKind, EVERYDAY_TREAT, NEGATIONS, OFFER_VERBS,
    OTHER_COLUMNS, OTHER_SUBJECTS, OWN_SUBJECTS, SERVICE_FOLLOWERS, SERVICE_NOUNS, suggestion,
};
use crate::diagnostic::Diagnostic;
use crate::link::LinkedSite;
use crate::parse::ParsedPage;

/// A quick look for the words every claim is made with, so that the pages
/// without any (most pages of most sites) are not read word by word: every
/// claim is at a word of [`CLAIM_VERBS`] or [`SERVICE_NOUNS`].
pub(super) struct Triggers(Option<TriggerSearch>);

/// How [`Triggers`] looks: a vector search (Teddy) over a lowercased copy
/// of the text, about eight times as fast as an automaton that ignores
/// case, which cannot use it; the automaton where the processor has no
/// such instructions.
enum TriggerSearch {
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

impl Triggers {
    pub(super) fn new() -> Triggers {
        // The longest word at the leftmost place, so that "treatment" is
        // not found as "treat" (not a whole word) and then missed. The
        // words are letters only, so a match inside a longer word can
        // never hide a whole word after it: a search without overlaps,
        // several times faster, finds every whole word.
        let packed = packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostLongest)
            .builder()
            .extend(Triggers::words())
            .build();
        match packed {
            Some(searcher) => Triggers(Some(TriggerSearch::Packed(searcher))),
            None => Triggers::automaton(),
        }
    }

    /// The search that ignores case, without vector instructions.
    fn automaton() -> Triggers {
        let search = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(Triggers::words())
            .ok()
            .map(TriggerSearch::Automaton);
        Triggers(search)
    }

    fn words() -> impl Iterator<Item = &'static str> {
        CLAIM_VERBS
            .iter()
            .map(|(word, _)| *word)
            .chain(SERVICE_NOUNS.iter().copied())
    }

    /// Whether `text` may hold a claim: whether one of the words stands in
    /// it as a whole word (no letter or digit either side); `false` only
    /// when it cannot.
    pub(super) fn may_claim(&self, text: &str) -> bool {
        let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let whole = |start: usize, end: usize| {
            !letter(text[..start].chars().next_back()) && !letter(text[end..].chars().next())
        };
        match &self.0 {
            None => true,
            Some(TriggerSearch::Packed(searcher)) => {
                // The same length and character boundaries as `text`.
                let lowered = text.to_ascii_lowercase();
                searcher
                    .find_iter(&lowered)
                    .any(|found| whole(found.start(), found.end()))
            }
            Some(TriggerSearch::Automaton(words)) => words
                .find_iter(text)
                .any(|found| whole(found.start(), found.end())),
        }
    }
}

/// Who a sentence is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Subject {
    /// The coach, her practice or coaching: a claim is hers.
    Own,
    /// A therapist, a doctor, the reader: description, not a claim.
    Other,
}

/// A claim found in a text: where its trigger word is, in bytes of that
/// text, what it claims, and the words around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Claim {
    pub range: Range<usize>,
    pub kind: ClaimKind,
    pub phrase: String,
}

/// A word or a sentence end, with its place in the text.
struct Token {
    word: String,
    range: Range<usize>,
    /// `.`, `!`, `?`, `;` or `:`.
    ends_sentence: bool,
}

fn contains(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

/// Blanks out quoted passages (“…”, "…"): quoted words are not the coach's claim.
fn without_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match closing {
            Some(close) if c == close => {
                closing = None;
                out.push(' ');
            }
            Some(_) => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
            None if c == '“' => {
                closing = Some('”');
                out.push(' ');
            }
            None if c == '"' => {
                closing = Some('"');
                out.push(' ');
            }
            None => out.push(c),
        }
    }
    out
}

fn tokens(text: &str) -> Vec<Token> {
    let mut found = Vec::new();
    let mut start = None;
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if is_word(c) && i < text.len() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            let word = text[s..i].trim_matches(['\'', '’']).to_lowercase();
            if !word.is_empty() {
                found.push(Token {
                    word,
                    range: s..i,
                    ends_sentence: false,
                });
            }
        }
        if matches!(c, '.' | '!' | '?' | ';' | ':') && i < text.len() {
            found.push(Token {
                word: String::new(),
                range: i..i + 1,
                ends_sentence: true,
            });
        }
    }
    found
}

/// How far back from a claim its subject and a negation are looked for, in
/// words: far enough for any sentence a person writes, and a bound that
/// keeps a page of thousands of words without punctuation linear.
const WINDOW: usize = 40;

/// Who the words before `end` in `clause` are about, and where that word is.
fn subject_before(clause: &[Token], end: usize) -> Option<(Subject, usize)> {
    let mut reader = None;
    for i in (end.saturating_sub(WINDOW)..end).rev() {
        let word = clause[i].word.as_str();
        if contains(OWN_SUBJECTS, word) {
            return Some((Subject::Own, i));
        }
        // "I help you heal": the reader is the object of the coach's verb.
        if matches!(word, "you" | "you're" | "you’re") {
            reader.get_or_insert(i);
            continue;
        }
        if contains(OTHER_SUBJECTS, word) {
            return Some((Subject::Other, i));
        }
    }
    reader.map(|i| (Subject::Other, i))
}

fn negated(clause: &[Token], from: usize, to: usize) -> bool {
    clause[from..to]
        .iter()
        .any(|t| contains(NEGATIONS, &t.word) || t.word.ends_with("n't") || t.word.ends_with("n’t"))
}

fn words_after(clause: &[Token], i: usize, n: usize) -> impl Iterator<Item = &str> {
    clause[i + 1..].iter().take(n).map(|t| t.word.as_str())
}

fn words_before(clause: &[Token], i: usize, n: usize) -> impl Iterator<Item = &str> {
    clause[i.saturating_sub(n)..i]
        .iter()
        .map(|t| t.word.as_str())
}

/// Whether the word at `i` claims clinical work, and of which kind, given
/// who the clause is about.
fn claim_at(
    clause: &[Token],
    i: usize,
    inherited: Option<Subject>,
    whole: bool,
) -> Option<ClaimKind> {
    let word = clause[i].word.as_str();
    let trigger =
        contains(SERVICE_NOUNS, word) || CLAIM_VERBS.iter().any(|(verb, _)| *verb == word);
    if !trigger {
        return None;
    }
    let subject = subject_before(clause, i);
    let own_at = match subject {
        Some((Subject::Other, _)) => return None,
        Some((Subject::Own, at)) => Some(at),
        None if inherited == Some(Subject::Other) => return None,
        None => None,
    };
    let owned = own_at.is_some() || inherited == Some(Subject::Own);
    if negated(clause, own_at.unwrap_or(i.saturating_sub(WINDOW)), i) {
        return None;
    }
    let offered = words_before(clause, i, 2).any(|w| contains(OFFER_VERBS, w));
    if contains(SERVICE_NOUNS, word) {
        let follows = words_after(clause, i, 1).any(|w| contains(SERVICE_FOLLOWERS, w));
        let possessed = words_before(clause, i, 1).any(|w| matches!(w, "my" | "our"));
        let person = own_at.is_some_and(|at| {
            !matches!(clause[at].word.as_str(), "coaching" | "coach" | "coaches")
        });
        let offer = possessed || offered || (follows && (person || whole));
        return offer.then_some(ClaimKind::Therapy);
    }
    let kind = CLAIM_VERBS
        .iter()
        .find(|(verb, _)| *verb == word)
        .map(|(_, kind)| *kind)?;
    let object = words_after(clause, i, 3).any(|w| contains(CURE_OBJECTS, w));
    let to_reader = words_after(clause, i, 2).any(|w| matches!(w, "your" | "you"));
    let claimed = match word {
        // Nouns: a claim when the coach offers them.
        "diagnosis" | "treatment" | "treatments" => owned || offered,
        "treat" | "treats" | "treated" | "treating" => {
            let everyday = words_after(clause, i, 4).any(|w| contains(EVERYDAY_TREAT, w))
                || words_before(clause, i, 1)
                    .any(|w| matches!(w, "a" | "the" | "little" | "small" | "special"));
            !everyday && (owned || to_reader)
        }
        // Gerunds double as nouns ("a space for healing").
        "healing" | "curing" => object || offered,
        _ if kind == ClaimKind::Cure => (owned && i + 1 < clause.len()) || object,
        _ => owned || to_reader,
    };
    claimed.then_some(kind)
}

/// The words around a claim, for the message: its clause, shortened.
fn phrase(text: &str, clause: &[Token], i: usize) -> String {
    let start = clause[i.saturating_sub(6)].range.start;
    let end = clause[(i + 4).min(clause.len() - 1)].range.end;
    text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every claim in a text (a paragraph, a list item, a table cell), about
/// `inherited` when its sentences name no one. A text of four words or
/// fewer is a label (a heading, a cell), where "Therapy sessions" alone
/// names a service.
pub(super) fn claims_in(text: &str, inherited: Option<Subject>) -> Vec<Claim> {
    let visible = without_quotes(text);
    let all = tokens(&visible);
    let whole = all.iter().filter(|t| !t.ends_sentence).count() <= 4;
    let mut claims = Vec::new();
    for sentence in all.split(|t| t.ends_sentence) {
        let mut clause_start = 0;
        for i in 0..=sentence.len() {
            let ends = i == sentence.len()
                || (i > clause_start && contains(CLAUSE_BREAKS, &sentence[i].word));
            if !ends {
                continue;
            }
            let clause = &sentence[clause_start..i];
            for j in 0..clause.len() {
                if let Some(kind) = claim_at(clause, j, inherited, whole) {
                    claims.push(Claim {
                        range: clause[j].range.clone(),
                        kind,
                        phrase: phrase(text, clause, j),
                    });
                }
            }
            clause_start = i;
        }
    }
    claims
}

/// Who the last sentence of a lead-in ("A therapist can:") is about, for
/// the list that follows it.
pub(super) fn lead_in_subject(text: &str) -> Option<Subject> {
    if !text.trim_end().ends_with(':') {
        return None;
    }
    let all = tokens(&without_quotes(text));
    let last = all
        .split(|t| t.ends_sentence)
        .rev()
        .find(|s| !s.is_empty())?;
    subject_before(last, last.len()).map(|(subject, _)| subject)
}

/// Who a comparison's column is about, from its id and label.
pub(super) fn column_subject(id: &str, label: &str) -> Option<Subject> {
    let both = format!("{id} {label}").to_lowercase();
    if OTHER_COLUMNS.iter().any(|w| both.contains(w)) {
        Some(Subject::Other)
    } else if both.contains("coach") {
        Some(Subject::Own)
    } else {
        None
    }
}

/// A block of a page's prose as plain text, with where each piece came from.
#[derive(Default)]
struct Block {
    text: String,
    /// (start in `text`, start in the body, length in the body).
    pieces: Vec<(usize, usize, usize)>,
}

impl Block {
    fn body_offset(&self, at: usize) -> usize {
        let piece = self.pieces.iter().rev().find(|(start, _, _)| *start <= at);
        piece.map_or(0, |&(start, body, length)| {
            body + (at - start).min(length.saturating_sub(1))
        })
    }
}

/// Claims in a page's body, with their byte offsets in the body: prose of
/// paragraphs, list items, headings and tables, but not code, quotes,
/// image descriptions or embedded data blocks.
pub(super) fn page_claims(body: &str) -> Vec<(usize, usize, Claim)> {
    let mut found = Vec::new();
    let mut block = Block::default();
    let mut quote_depth = 0usize;
    let mut hidden_depth = 0usize;
    let mut lists: Vec<Option<Subject>> = Vec::new();
    let mut last_paragraph = String::new();
    let flush =
        |block: &mut Block, lists: &[Option<Subject>], found: &mut Vec<(usize, usize, Claim)>| {
            let taken = std::mem::take(block);
            if taken.text.trim().is_empty() {
                return;
            }
            let inherited = lists.last().copied().flatten();
            for claim in claims_in(&taken.text, inherited) {
                let offset = taken.body_offset(claim.range.start);
                found.push((offset, claim.range.len(), claim));
            }
        };
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            // Code blocks (embedded data among them) are not prose either.
            Event::Start(Tag::Image { .. } | Tag::CodeBlock(_)) => hidden_depth += 1,
            Event::End(TagEnd::Image | TagEnd::CodeBlock) => {
                hidden_depth = hidden_depth.saturating_sub(1);
            }
            Event::Start(Tag::List(_)) => {
                flush(&mut block, &lists, &mut found);
                lists.push(lead_in_subject(&last_paragraph));
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut block, &lists, &mut found);
                lists.pop();
            }
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell) => {
                flush(&mut block, &lists, &mut found);
            }
            Event::End(TagEnd::Paragraph) => {
                last_paragraph.clone_from(&block.text);
                flush(&mut block, &lists, &mut found);
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                flush(&mut block, &lists, &mut found);
            }
            Event::Text(text) if quote_depth == 0 && hidden_depth == 0 => {
                block
                    .pieces
                    .push((block.text.len(), range.start, range.len()));
                block.text.push_str(&text);
            }
            Event::SoftBreak | Event::HardBreak => block.text.push(' '),
            _ => {}
        }
    }
    flush(&mut block, &lists, &mut found);
    found
}

fn warning(claim: &Claim) -> Diagnostic {
    Diagnostic::warning(
        "scope-claim",
        format!("\"{}\" reads as a claim to do clinical work, which a coach does not do", claim.phrase),
    )
    .help(format!(
        "{}; if you are a licensed clinician, set `practice: {{ licensed: true }}` in content/site.yaml",
        suggestion(claim.kind)
    ))
}

/// On a site in another language, once: the lint reads English only, so
/// that a coach does not take its silence for a clean bill.
pub(super) fn english_only(config: &crate::config::SiteConfig, found: &mut Vec<Diagnostic>) {
    let language = config.language.split(['-', '_']).next().unwrap_or_default();
    if language.eq_ignore_ascii_case("en") {
        return;
    }
    found.push(
        Diagnostic::warning(
            "scope-claim",
            format!(
                "the scope-claim lint only checks English words, and this site is in `{}`: it cannot tell whether a page claims to diagnose, treat or cure",
                config.language
            ),
        )
        .in_file(crate::config::SITE_FILE)
        .help("read your pages for such claims yourself, then set `lints: { scope-claim: off }` in content/site.yaml to silence this"),
    );
}

/// Every `scope-claim` warning of one page.
pub(super) fn page_scope_claims(
    triggers: &Triggers,
    page: &ParsedPage,
    warnings: &mut Vec<Diagnostic>,
) {
    let text = page.body_text();
    if !triggers.may_claim(text) {
        return;
    }
    for (offset, length, claim) in page_claims(text) {
        warnings.push(
            warning(&claim)
                .in_file(page.file.display_path())
                .at(super::pages::body_location(page, offset, length)),
        );
    }
}

/// Every `scope-claim` warning of the site's comparisons.
pub(super) fn comparison_scope_claims(site: &LinkedSite, warnings: &mut Vec<Diagnostic>) {
    for comparison in &site.comparisons {
        let parsed = &comparison.parsed;
        let file = parsed.file.display_path();
        let columns = &parsed.comparison.columns;
        let cells = parsed
            .comparison
            .groups
            .iter()
            .flat_map(|group| &group.rows)
            .flat_map(|row| {
                let aspect = row.aspect.iter().map(|cell| (None, cell));
                let cells = row.cells.iter().zip(columns).filter_map(|(cell, column)| {
                    cell.as_ref()
                        .map(|cell| (column_subject(&column.id, &column.label), cell))
                });
                aspect.chain(cells)
            });
        for (subject, cell) in cells {
            for claim in claims_in(&cell.text, subject) {
                warnings.push(warning(&claim).in_file(&file).at(cell.location.clone()));
            }
        }
    }
}

#[cfg(test)]
mod tests;
