//! The `placeholder-text` lint: words `hearth init` and `hearth new` wrote
//! as instructions, still on the site. A visitor should never read "Start
//! writing here."

use crate::config::{SITE_FILE, SiteConfig};
use crate::diagnostic::{Diagnostic, Location};
use crate::link::LinkedSite;

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

/// Where `phrase` first occurs in `text`, with any run of white space
/// standing for each space of the phrase: `(offset, length)`.
fn find_phrase(text: &str, phrase: &str) -> Option<(usize, usize)> {
    let mut words = phrase.split(' ');
    let first = words.next()?;
    let rest: Vec<&str> = words.collect();
    let mut from = 0;
    while let Some(found) = text[from..].find(first) {
        let start = from + found;
        let mut at = start + first.len();
        let matched = rest.iter().all(|word| {
            let after = &text[at..];
            let spaces = after.len() - after.trim_start().len();
            if spaces == 0 || !after[spaces..].starts_with(word) {
                return false;
            }
            at += spaces + word.len();
            true
        });
        if matched {
            return Some((start, at - start));
        }
        from = start + first.len();
    }
    None
}

fn warning(phrase: &str) -> Diagnostic {
    Diagnostic::warning(
        "placeholder-text",
        format!("\"{phrase}\" is text the starter wrote for you to replace"),
    )
    .help("replace it with your own words, or delete it; visitors would read it as it is")
}

/// Every `placeholder-text` warning: in pages (front matter and body) and
/// in `site.yaml`.
pub(super) fn placeholder_text(
    config: &SiteConfig,
    site: &LinkedSite,
    warnings: &mut Vec<Diagnostic>,
) {
    for phrase in PLACEHOLDER_TEXT.iter().chain(PLACEHOLDER_TEXT_TRANSLATED) {
        if let Some((offset, length)) = find_phrase(&config.site_yaml, phrase) {
            warnings.push(warning(phrase).in_file(SITE_FILE).at(Location::at_offset(
                &config.site_yaml,
                offset,
                length,
            )));
        }
        for page in &site.pages {
            let text = &page.parsed.file.text;
            if let Some((offset, length)) = find_phrase(text, phrase) {
                let location = Location::at_offset(text, offset, length);
                warnings.push(
                    warning(phrase)
                        .in_file(page.parsed.file.display_path())
                        .at(location),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
