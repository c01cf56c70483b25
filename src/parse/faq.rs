//! Fenced ```` ```faq ```` and ```` ```form ```` blocks: a list of questions
//! with markdown answers, and which of the site's forms to show. Both are
//! validated with line and column in the markdown file.

use std::collections::HashSet;

use serde::Deserialize;

use super::comparison::{Cell, YamlPlace};
use crate::config::FormKind;
use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use crate::markdown::scan_inline_links;
use crate::yaml::Spanned;

/// One question and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaqEntry {
    /// Plain text.
    pub question: String,
    /// Unique on the page (against its headings and other questions), so
    /// that `page/#how-long-is-a-session` opens this question.
    pub id: String,
    /// Markdown, whose links are checked like the page's.
    pub answer: Cell,
}

/// A validated `faq` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Faq {
    pub entries: Vec<FaqEntry>,
}

impl Faq {
    /// The answers, for link resolution.
    pub fn cells(&self) -> impl Iterator<Item = &Cell> {
        self.entries.iter().map(|entry| &entry.answer)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    #[serde(default)]
    question: Option<Spanned<String>>,
    #[serde(default)]
    answer: Option<Spanned<String>>,
}

/// Parses a `faq` block. `used_ids` holds the page's ids so far (its
/// headings, earlier questions) and gains this block's.
pub fn parse_faq(
    source: &str,
    place: &YamlPlace,
    used_ids: &mut HashSet<String>,
) -> Result<Faq, Vec<Diagnostic>> {
    let raw: Spanned<Vec<Spanned<RawEntry>>> = place.parse_as(source, "invalid-faq")?;
    let lines = place.lines();
    let mut errors = Vec::new();
    if raw.value.is_empty() {
        errors.push(place.error(
            "invalid-faq",
            "this FAQ has no questions".to_string(),
            place.at(1, 1),
            "write each as `- question: ...` with `answer: ...` below it",
        ));
    }
    let mut entries = Vec::new();
    for (index, entry) in raw.value.iter().enumerate() {
        let at = lines.at_spanned(entry);
        let missing = |key: &str| {
            place.error(
                "invalid-faq",
                format!("question {} has no `{key}`", index + 1),
                at.clone(),
                "each entry needs both `question:` and `answer:`; write a long answer after `answer: |` on lines indented below it",
            )
        };
        let question = entry
            .value
            .question
            .as_ref()
            .map(|q| q.value.trim())
            .filter(|q| !q.is_empty());
        let answer = entry
            .value
            .answer
            .as_ref()
            .filter(|a| !a.value.trim().is_empty());
        match (question, answer) {
            (Some(question), Some(answer)) => {
                let id = unique_id(question, used_ids);
                entries.push(FaqEntry {
                    question: question.to_string(),
                    id,
                    answer: Cell {
                        text: answer.value.clone(),
                        location: lines.at_spanned(answer),
                        links: scan_inline_links(&answer.value),
                        index,
                    },
                });
            }
            (None, _) => errors.push(missing("question")),
            (_, None) => errors.push(missing("answer")),
        }
    }
    if errors.is_empty() {
        Ok(Faq { entries })
    } else {
        Err(errors)
    }
}

/// The question's slug, made unique among `used` (`-1`, `-2`, ... as
/// headings are), and kept there.
fn unique_id(question: &str, used: &mut HashSet<String>) -> String {
    let base = slug::slugify(question);
    let base = if base.is_empty() {
        "question".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

/// A `form` block: which form of `forms:` it shows, and where that is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormBlock {
    pub kind: FormKind,
    pub location: Location,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFormBlock {
    id: Spanned<String>,
}

/// Parses a `form` block: `id: contact` or `id: newsletter`.
pub fn parse_form(source: &str, place: &YamlPlace) -> Result<FormBlock, Vec<Diagnostic>> {
    let raw: RawFormBlock = place.parse_as(source, "invalid-form")?;
    let name = raw.id.value.trim();
    let location = place.at_spanned(&raw.id);
    match FormKind::parse(name) {
        Some(kind) => Ok(FormBlock { kind, location }),
        None => {
            let names = FormKind::ALL.map(FormKind::name);
            let help = match did_you_mean(name, names) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "the forms are `contact` and `newsletter`".to_string(),
            };
            Err(vec![place.error(
                "invalid-form",
                format!("there is no form `{name}`"),
                location,
                &help,
            )])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str) -> YamlPlace<'_> {
        YamlPlace {
            display: "content/a.md",
            file_text: text,
            line_offset: 0,
        }
    }

    #[test]
    fn ids_are_slugs_unique_against_headings() {
        let text = "- question: What is wrong with this list?\n  answer: Nothing.\n- question: What is wrong with this list?\n  answer: Still nothing.\n";
        let mut used = HashSet::from(["what-is-wrong-with-this-list".to_string()]);
        let faq = parse_faq(text, &place(text), &mut used).unwrap();
        let ids: Vec<&str> = faq.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "what-is-wrong-with-this-list-1",
                "what-is-wrong-with-this-list-2"
            ]
        );
    }

    #[test]
    fn a_missing_answer_is_placed_at_its_entry() {
        let text = "- question: A?\n  answer: B.\n- question: C?\n";
        let errors = parse_faq(text, &place(text), &mut HashSet::new()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].position().as_deref(), Some("content/a.md:3:3"));
        assert!(errors[0].message.contains("question 2 has no `answer`"));
    }

    #[test]
    fn a_form_id_is_contact_or_newsletter() {
        let text = "id: contatc\n";
        let errors = parse_form(text, &place(text)).unwrap_err();
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `contact`?"));
        assert_eq!(errors[0].position().as_deref(), Some("content/a.md:1:5"));
    }
}
