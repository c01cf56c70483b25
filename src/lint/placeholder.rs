//! The `placeholder-text` lint: words `hearth init` and `hearth new` wrote
//! as instructions, still on the site. A visitor should never read "Start
//! writing here."

use crate::config::{SITE_FILE, SiteConfig};
use crate::diagnostic::{Diagnostic, Location};
use crate::parse::ParsedPage;
use aho_corasick::{AhoCorasick, Input, MatchKind};

/// The instructions the starter site and new pages hold, as they are
/// written there (line breaks and spaces between words may differ).
pub const PLACEHOLDER_TEXT: &[&str] = &[
    "Your Name",
    "One sentence about your practice",
    "Start writing here.",
    "replace these words with your own",
    "Write a few paragraphs about yourself",
    "Describe a session: how long it lasts",
    "Write how to book:",
    "This article is an example: edit it, or replace it with your own.",
    "Say so plainly, and point people to",
    "create one with `hearth new article",
];

/// [`PLACEHOLDER_TEXT`] of the starter in German, French, Spanish and
/// Dutch (`hearth init --language`).
pub const PLACEHOLDER_TEXT_TRANSLATED: &[&str] = &[
    "Vorname Nachname",
    "Ein Satz über Ihre Praxis",
    "Ersetzen Sie diese Worte durch Ihre eigenen",
    "Schreiben Sie hier ein paar Absätze über sich",
    "Beschreiben Sie eine Sitzung:",
    "Schreiben Sie hier, wie man einen Termin bucht:",
    "Dieser Artikel ist ein Beispiel:",
    "Sagen Sie das klar",
    "Legen Sie einen mit `hearth new article",
    "Prénom Nom",
    "Une phrase sur votre activité",
    "remplacez ces mots par les vôtres",
    "Écrivez ici quelques paragraphes sur vous",
    "Décrivez une séance",
    "Indiquez comment réserver",
    "Cet article est un exemple",
    "Dites-le clairement",
    "créez-en un avec `hearth new article",
    "Nombre Apellido",
    "Una frase sobre su consulta",
    "sustituya estas palabras por las suyas",
    "Escriba aquí unos párrafos sobre usted",
    "Describa una sesión:",
    "Explique cómo reservar:",
    "Este artículo es un ejemplo:",
    "Dígalo con claridad",
    "cree uno con `hearth new article",
    "Voornaam Achternaam",
    "Eén zin over je praktijk",
    "vervang deze woorden door je eigen woorden",
    "Schrijf hier een paar alinea’s over jezelf",
    "Beschrijf een sessie:",
    "Schrijf hier hoe mensen een afspraak maken:",
    "Dit artikel is een voorbeeld:",
    "Zeg dat duidelijk",
    "maak er een met `hearth new article",
];

/// Finds every placeholder phrase in a text in one pass: the phrases'
/// first words are looked for all at once, and each place one is found is
/// then checked for the rest of its phrases. Looking for each of the 46
/// phrases in turn read a 10,000-article site 46 times.
pub(super) struct PhraseFinder {
    /// The distinct first words of the phrases.
    first_words: AhoCorasick,
    /// For each first word, its phrases: the phrase and its other words.
    phrases: Vec<Vec<(&'static str, Vec<&'static str>)>>,
}

impl PhraseFinder {
    pub(super) fn new() -> Option<PhraseFinder> {
        let mut firsts: Vec<&'static str> = Vec::new();
        let mut phrases: Vec<Vec<(&'static str, Vec<&'static str>)>> = Vec::new();
        for &phrase in PLACEHOLDER_TEXT.iter().chain(PLACEHOLDER_TEXT_TRANSLATED) {
            let mut words = phrase.split(' ');
            let Some(first) = words.next() else { continue };
            let index = match firsts.iter().position(|known| *known == first) {
                Some(index) => index,
                None => {
                    firsts.push(first);
                    phrases.push(Vec::new());
                    firsts.len() - 1
                }
            };
            phrases[index].push((phrase, words.collect()));
        }
        let first_words = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&firsts)
            .ok()?;
        Some(PhraseFinder {
            first_words,
            phrases,
        })
    }

    /// Where each phrase first occurs in `text`, with any run of white space
    /// standing for each space of the phrase: `(phrase, offset, length)`,
    /// in no particular order.
    fn find_all(&self, text: &str) -> Vec<(&'static str, usize, usize)> {
        let mut found: Vec<(&'static str, usize, usize)> = Vec::new();
        // Each search starts one byte after the last one found, so that
        // words that overlap in the text ("Your" and "replace" in
        // "Youreplace") are all found; several times faster than a search
        // for overlapping matches. Where two first words start at one place
        // ("Dit" and "Dites-le"), the longer is found, and the shorter's
        // phrases could not have matched there: each goes on with a space
        // (a test checks).
        let mut from = 0;
        while let Some(first) = self.first_words.find(Input::new(text).range(from..)) {
            from = first.start() + 1;
            for (phrase, rest) in &self.phrases[first.pattern().as_usize()] {
                if found.iter().any(|(known, _, _)| known == phrase) {
                    continue;
                }
                if let Some(end) = rest_matches(text, first.end(), rest) {
                    found.push((phrase, first.start(), end - first.start()));
                }
            }
        }
        found
    }
}

/// Where the `words` end in `text` when they follow from `at` on, each
/// after a run of white space.
fn rest_matches(text: &str, mut at: usize, words: &[&str]) -> Option<usize> {
    for word in words {
        let after = text.get(at..)?;
        let spaces = after.len() - after.trim_start().len();
        if spaces == 0 || !after[spaces..].starts_with(word) {
            return None;
        }
        at += spaces + word.len();
    }
    Some(at)
}

fn warning(phrase: &str) -> Diagnostic {
    Diagnostic::warning(
        "placeholder-text",
        format!("\"{phrase}\" is text the starter wrote for you to replace"),
    )
    .help("replace it with your own words, or delete it; visitors would read it as it is")
}

/// The `placeholder-text` warnings of `site.yaml`.
pub(super) fn placeholder_text_in_settings(
    finder: &PhraseFinder,
    config: &SiteConfig,
    warnings: &mut Vec<Diagnostic>,
) {
    for (phrase, offset, length) in finder.find_all(&config.site_yaml) {
        warnings.push(warning(phrase).in_file(SITE_FILE).at(Location::at_offset(
            &config.site_yaml,
            offset,
            length,
        )));
    }
}

/// The `placeholder-text` warnings of one page, front matter and body.
pub(super) fn placeholder_text_in_page(
    finder: &PhraseFinder,
    page: &ParsedPage,
    warnings: &mut Vec<Diagnostic>,
) {
    let text = &page.file.text;
    for (phrase, offset, length) in finder.find_all(text) {
        warnings.push(
            warning(phrase)
                .in_file(page.file.display_path())
                .at(Location::at_offset(text, offset, length)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one phrase `find_all` finds in `text`, as `(offset, length)`.
    fn find_phrase(text: &str, phrase: &str) -> Option<(usize, usize)> {
        let finder = PhraseFinder::new().unwrap();
        finder
            .find_all(text)
            .into_iter()
            .find(|(found, _, _)| *found == phrase)
            .map(|(_, offset, length)| (offset, length))
    }

    #[test]
    fn a_first_word_that_starts_another_begins_phrases_of_several_words() {
        let phrases: Vec<&str> = PLACEHOLDER_TEXT
            .iter()
            .chain(PLACEHOLDER_TEXT_TRANSLATED)
            .copied()
            .collect();
        let first = |phrase: &'static str| phrase.split(' ').next().unwrap_or_default();
        for short in &phrases {
            let starts_another = phrases
                .iter()
                .any(|long| first(long) != first(short) && first(long).starts_with(first(short)));
            assert!(
                !starts_another || short.contains(' '),
                "{short:?} is one word that begins another phrase's first word"
            );
        }
        let text = "Dit artikel is een voorbeeld: Dites-le";
        assert_eq!(
            find_phrase(text, "Dit artikel is een voorbeeld:"),
            Some((0, 29))
        );
    }

    #[test]
    fn first_words_that_overlap_in_a_text_are_both_found() {
        let text = "Youreplace these words with your own";
        assert_eq!(
            find_phrase(text, "replace these words with your own"),
            Some((3, 33))
        );
    }

    #[test]
    fn phrases_match_across_line_breaks() {
        let text = "Welcome. Please replace these words with\n  your own, soon.";
        let (offset, length) = find_phrase(text, "replace these words with your own").unwrap();
        assert_eq!(
            &text[offset..offset + length],
            "replace these words with\n  your own"
        );
        assert_eq!(
            find_phrase("replace these words", "replace these words with your own"),
            None
        );
        assert_eq!(find_phrase("Your Names", "Your Name").map(|f| f.0), Some(0));
    }

    #[test]
    fn each_phrase_is_found_once_at_its_first_place() {
        let text =
            "Write how\nto book: here. Start writing here. Start writing here. Write how to book:";
        let finder = PhraseFinder::new().unwrap();
        let mut found = finder.find_all(text);
        found.sort();
        assert_eq!(
            found,
            [
                ("Start writing here.", 25, 19),
                ("Write how to book:", 0, 18)
            ]
        );
    }
}
