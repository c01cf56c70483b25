//! Tests of YAML parsing: every problem at once, in plain words, at its place.

use super::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Sample {
    title: String,
    tags: Option<Vec<String>>,
    #[serde(default)]
    draft: bool,
}

fn all(source: &str) -> Failure<Sample> {
    parse_all::<Sample>(source, 0).unwrap_err()
}

fn places(failure: &Failure<Sample>) -> Vec<(usize, usize)> {
    failure.errors.iter().map(|e| (e.line, e.column)).collect()
}

#[test]
fn unknown_keys_are_named_with_a_suggestion() {
    let error = parse::<Sample>("title: A\ntitel: B\n").unwrap_err();
    assert_eq!((error.line, error.column), (2, 1));
    assert!(
        error.message.contains("unknown key `titel`"),
        "{}",
        error.message
    );
    assert_eq!(error.suggestion.as_deref(), Some("title"));
    assert_eq!(error.help, "did you mean `title`?");
}

#[test]
fn wrong_types_point_at_the_value() {
    let error = parse::<Sample>("title: A\ntags: foo\n").unwrap_err();
    assert_eq!((error.line, error.column), (2, 7));
    assert!(
        error.message.contains("expected a list"),
        "{}",
        error.message
    );
}

#[test]
fn every_unknown_and_mistyped_key_is_reported_with_what_still_reads() {
    let failure = all("colour: red\ntitle: A\ntags: 5\ndraft: maybe\nsize: 3\n");
    assert_eq!(places(&failure), [(1, 1), (3, 7), (4, 8), (5, 1)]);
    let partial = failure.partial.expect("the title still reads");
    assert_eq!(partial.title, "A");
    assert_eq!(partial.tags, None);
    assert_eq!(failure.failed_keys, ["tags", "draft"]);
    assert!(failure.errors.iter().all(|e| !e.help.is_empty()));
}

#[test]
fn a_bad_required_key_is_not_also_missing() {
    let failure = all("title: [1]\ncolour: red\n");
    assert_eq!(places(&failure), [(1, 8), (2, 1)]);
    assert!(failure.partial.is_none());
    // `titel` is the title, misspelt: one error, not two.
    let failure = all("titel: A\n");
    assert_eq!(failure.errors.len(), 1, "{:?}", failure.errors);
    assert_eq!(failure.errors[0].help, "did you mean `title`?");
    let failure = all("draft: true\n");
    assert_eq!(failure.errors[0].message, "missing required key `title`");
    assert_eq!(places(&failure), [(1, 1)]);
}

#[test]
fn a_syntax_error_comes_alone_though_a_type_error_is_met_first() {
    let failure = all("title: [1]\ncolour: red\ntags: [a, b\n");
    assert_eq!(failure.errors.len(), 1, "{:?}", failure.errors);
    assert_eq!(failure.errors[0].message, "this `[` is never closed");
    assert_eq!(places(&failure), [(3, 7)]);
}

#[test]
fn a_repeated_key_names_both_lines_in_the_file() {
    let failure = parse_all::<Sample>("title: A\ndraft: true\ndraft: false\n", 1).unwrap_err();
    assert_eq!(places_of(&failure.errors), [(3, 1)]);
    assert_eq!(
        failure.errors[0].message,
        "the key `draft` is written twice: here and on line 3"
    );
    let error = parse::<Sample>("title: A\ntags: [a]\nextra:\n  x: 1\n  x: 2\n").unwrap_err();
    assert_eq!((error.line, error.column), (3, 1), "unknown `extra` first");
}

fn places_of(errors: &[YamlError]) -> Vec<(usize, usize)> {
    errors.iter().map(|e| (e.line, e.column)).collect()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct WithData {
    title: String,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

#[test]
fn a_repeated_key_in_free_form_data_is_not_lost_among_other_errors() {
    let failure =
        parse_all::<WithData>("title: A\nextra:\n  x: 1\n  x: 2\ncolour: red\n", 0).unwrap_err();
    let messages: Vec<&str> = failure.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(
        messages[0],
        "the key `x` is written twice: here and on line 3"
    );
    assert!(
        messages[1].starts_with("unknown key `colour`"),
        "{messages:?}"
    );
}

#[test]
fn problems_are_placed_where_they_really_are() {
    // A tab on the line after the value the parser blames.
    let error = parse::<Sample>("title: A\n\tdraft: true\n").unwrap_err();
    assert_eq!((error.line, error.column), (2, 1));
    assert!(error.message.contains("not tabs"), "{}", error.message);
    // The bracket never closed, not the end of the text.
    let error = parse::<Sample>("title: A\ntags: [a, \"b]\", c\n\n").unwrap_err();
    assert_eq!((error.line, error.column), (2, 7));
    // The escape itself, not the opening quote.
    let error = parse::<Sample>("title: \"a \\q\"\n").unwrap_err();
    assert_eq!((error.line, error.column, error.length), (1, 11, 2));
    assert!(error.message.starts_with("`\\q`"), "{}", error.message);
}

#[test]
fn a_colon_or_apostrophe_in_a_title_says_how_to_quote_it() {
    let error = parse::<Sample>("title: Parts: a primer\n").unwrap_err();
    assert_eq!(
        error.help,
        "put the value in quotes: `title: \"Parts: a primer\"`"
    );
    let error = parse::<Sample>("title: Say \"no\": kindly\n").unwrap_err();
    assert_eq!(
        error.help,
        "put the value in quotes: `title: 'Say \"no\": kindly'`"
    );
    let error = parse::<Sample>("title: 'It's time'\n").unwrap_err();
    assert!(
        error.help.contains("`title: \"It's time\"`"),
        "{}",
        error.help
    );
    let error = parse::<Sample>("title: A\n  draft: true\n").unwrap_err();
    assert!(
        error.message.contains("indented further"),
        "{}",
        error.message
    );
}

#[test]
fn limits_are_named_in_plain_numbers() {
    let deep = format!("title: A\ntags: {}{}\n", "[".repeat(100), "]".repeat(100));
    let failure = all(&deep);
    assert_eq!(
        failure.errors[0].message,
        "this YAML is nested too deeply (more than 64 levels)"
    );
}
