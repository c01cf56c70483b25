//! The glossary: `content/glossary.yaml`, the terms a coach's readers may
//! not know, each with its definition. Validated with line and column: a
//! missing term or definition, a repeated id, term or alias, a `see:` id
//! that no term has, and an id that cannot be an anchor are all errors.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::comparison::{Cell, YamlPlace};
use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use crate::markdown::{plain_text, scan_inline_links};
use crate::yaml::Spanned;

/// The glossary file, relative to `content/`.
pub const GLOSSARY_FILE: &str = "glossary.yaml";

/// One term of the glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The word or phrase as written (`Self`).
    pub term: String,
    /// Its anchor on the glossary page: `id:`, else the slug of the term.
    pub id: String,
    /// Other words that mean the same and link to the same entry.
    pub aliases: Vec<String>,
    /// Markdown; its links are checked like a comparison cell's.
    pub definition: Cell,
    /// The definition as plain text, for the popover beside each link.
    pub definition_text: String,
    /// Ids of related terms, all checked to exist.
    pub see: Vec<String>,
}

impl Term {
    /// The term and its aliases: every text that links to this entry.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// The validated glossary, terms in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glossary {
    pub terms: Vec<Term>,
}

impl Glossary {
    /// Every definition, for link resolution.
    pub fn cells(&self) -> impl Iterator<Item = &Cell> {
        self.terms.iter().map(|term| &term.definition)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    #[serde(default)]
    term: Option<Spanned<String>>,
    #[serde(default)]
    id: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    definition: Option<Spanned<String>>,
    #[serde(default)]
    see: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossary {
    terms: Spanned<Vec<Spanned<RawTerm>>>,
}

/// Parses and validates `glossary.yaml`; returns every problem found.
pub fn parse_glossary(source: &str, place: &YamlPlace) -> Result<Glossary, Vec<Diagnostic>> {
    let raw: RawGlossary = place.parse_as(source, "invalid-glossary")?;
    let lines = place.lines();
    let mut errors = Vec::new();
    if raw.terms.value.is_empty() {
        errors.push(place.error(
            "glossary-term",
            "the list of terms is empty".to_string(),
            lines.at_spanned(&raw.terms),
            "add terms like `- { term: Self, definition: The calm, curious core of a person. }`, or remove content/glossary.yaml",
        ));
    }
    let mut terms = Vec::new();
    // Where each id and each name (lowercased) was first given.
    let mut ids: HashMap<String, Location> = HashMap::new();
    let mut names: HashMap<String, (String, Location)> = HashMap::new();
    let mut see_lists = Vec::new();
    // Ids of entries that failed: a `see:` of one is not a second error.
    let mut failed_ids: HashSet<String> = HashSet::new();
    for (index, item) in raw.terms.value.iter().enumerate() {
        let raw_term = &item.value;
        let item_location = lines.at_spanned(item);
        let Some(term) = raw_term
            .term
            .as_ref()
            .filter(|t| !t.value.trim().is_empty())
        else {
            errors.push(place.error(
                "glossary-term",
                "this entry has no `term:`".to_string(),
                item_location,
                "add the word it explains, like `term: Self`",
            ));
            continue;
        };
        let term_text = term.value.trim().to_string();
        failed_ids.insert(slug::slugify(&term_text));
        failed_ids.extend(raw_term.id.as_ref().map(|id| id.value.trim().to_string()));
        let definition = match raw_term
            .definition
            .as_ref()
            .filter(|d| !d.value.trim().is_empty())
        {
            Some(definition) => Cell {
                text: definition.value.trim().to_string(),
                location: lines.at_spanned(definition),
                links: scan_inline_links(definition.value.trim()),
                index,
            },
            None => {
                errors.push(place.error(
                    "glossary-definition",
                    format!("the term `{term_text}` has no `definition:`"),
                    lines.at_spanned(term),
                    "add a sentence or two in plain words, like `definition: The calm, curious core of a person.`",
                ));
                continue;
            }
        };
        let (id, id_location) = match &raw_term.id {
            Some(id) => (id.value.trim().to_string(), lines.at_spanned(id)),
            None => (slug::slugify(&term_text), lines.at_spanned(term)),
        };
        if id.is_empty() || slug::slugify(&id) != id {
            let suggestion = slug::slugify(if id.is_empty() { &term_text } else { &id });
            let help = if suggestion.is_empty() {
                "give the term an `id:` of lowercase letters, digits and dashes, like `id: self`"
                    .to_string()
            } else {
                format!(
                    "an id is lowercase letters, digits and dashes; did you mean `{suggestion}`?"
                )
            };
            let message = if raw_term.id.is_some() {
                format!("`{id}` is not a usable anchor id")
            } else {
                format!("the term `{term_text}` gives no usable anchor id")
            };
            errors.push(place.error("glossary-id", message, id_location, &help));
            continue;
        }
        let mut aliases = Vec::new();
        let mut term_repeated = false;
        for (name, location) in std::iter::once((&term_text, lines.at_spanned(term))).chain(
            raw_term
                .aliases
                .iter()
                .map(|a| (&a.value, lines.at_spanned(a))),
        ) {
            let name = name.trim();
            if name.is_empty() {
                errors.push(place.error(
                    "glossary-alias",
                    "this alias is empty".to_string(),
                    location,
                    "remove it, or write the other word for the term",
                ));
                continue;
            }
            let key = name.to_lowercase();
            if let Some((owner, first)) = names.get(&key) {
                errors.push(place.error(
                    "glossary-duplicate",
                    format!(
                        "`{name}` is already a name of the term `{owner}` (line {})",
                        first.line
                    ),
                    location,
                    "a word can link to one entry only: remove it from one of the two terms",
                ));
                term_repeated |= name == term_text;
                continue;
            }
            names.insert(key, (term_text.clone(), location));
            if name != term_text {
                aliases.push(name.to_string());
            }
        }
        if term_repeated {
            continue;
        }
        if let Some(first) = ids.get(&id) {
            errors.push(place.error(
                "glossary-id",
                format!("the id `{id}` is used twice (first on line {})", first.line),
                id_location,
                "give each term its own id (`id:`), or merge the two entries",
            ));
            continue;
        }
        ids.insert(id.clone(), id_location);
        see_lists.push(raw_term.see.iter().collect::<Vec<_>>());
        terms.push(Term {
            definition_text: plain_text(&definition.text),
            term: term_text,
            id,
            aliases,
            definition,
            see: Vec::new(),
        });
    }
    let mut known: Vec<&str> = ids.keys().map(String::as_str).collect();
    known.sort_unstable();
    for (term, see) in terms.iter_mut().zip(&see_lists) {
        for id in see {
            let wanted = id.value.trim();
            if !ids.contains_key(wanted) && failed_ids.contains(wanted) {
                continue;
            }
            if ids.contains_key(wanted) {
                if wanted != term.id && !term.see.iter().any(|s| s == wanted) {
                    term.see.push(wanted.to_string());
                }
                continue;
            }
            let help = match did_you_mean(wanted, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("`see:` lists the ids of other terms: {}", known.join(", ")),
            };
            errors.push(place.error(
                "glossary-see",
                format!("no term has the id `{wanted}`"),
                lines.at_spanned(id),
                &help,
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Glossary { terms })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<Glossary, Vec<Diagnostic>> {
        let place = YamlPlace {
            display: "content/glossary.yaml",
            file_text: source,
            line_offset: 0,
        };
        parse_glossary(source, &place)
    }

    #[test]
    fn ids_come_from_terms_and_definitions_become_plain_text() {
        let glossary = parse(
            "terms:\n  - term: Self energy\n    aliases: [Self-led]\n    definition: The *calm* core; see [parts](x.md).\n",
        )
        .unwrap();
        let term = &glossary.terms[0];
        assert_eq!(term.id, "self-energy");
        assert_eq!(term.aliases, ["Self-led"]);
        assert_eq!(term.definition_text, "The calm core; see parts.");
        assert_eq!(term.definition.links.len(), 1);
    }

    #[test]
    fn every_problem_is_reported_at_its_place() {
        let source = "terms:\n  - term: Self\n    definition: a\n    see: [prts]\n  - term: parts\n    definition: b\n  - term: self\n    definition: c\n  - term: X\n    id: Not ok\n    definition: d\n  - term: Y\n";
        let errors = parse(source).unwrap_err();
        let found: Vec<(String, &str)> = errors
            .iter()
            .map(|e| (e.position().unwrap_or_default(), e.code))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "content/glossary.yaml:7:11".to_string(),
                    "glossary-duplicate"
                ),
                ("content/glossary.yaml:10:9".to_string(), "glossary-id"),
                (
                    "content/glossary.yaml:12:11".to_string(),
                    "glossary-definition"
                ),
                ("content/glossary.yaml:4:11".to_string(), "glossary-see"),
            ]
        );
        assert_eq!(errors[3].help.as_deref(), Some("did you mean `parts`?"));
        assert_eq!(
            errors[1].help.as_deref(),
            Some("an id is lowercase letters, digits and dashes; did you mean `not-ok`?")
        );
    }
}
