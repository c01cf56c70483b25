//! Front matter: each key read, each mistake reported at its place.

use super::*;

fn file(text: &str) -> SourceFile {
    SourceFile {
        path: "a.md".into(),
        text: text.into(),
    }
}

#[test]
fn body_starts_after_the_closing_line() {
    let parsed = split_and_parse(&file("---\ntitle: Hi\ndate: 2026-03-01\n---\nBody\n")).unwrap();
    assert_eq!(parsed.front.title, "Hi");
    assert_eq!(parsed.front.date.unwrap().display(), "1 March 2026");
    assert_eq!(
        &"---\ntitle: Hi\ndate: 2026-03-01\n---\nBody\n"[parsed.body_offset..],
        "Body\n"
    );
}

#[test]
fn errors_point_into_the_file() {
    let parsed = split_and_parse(&file("---\ntitle: Hi\ndate: 2026-13-01\n---\n")).unwrap();
    assert_eq!(
        parsed.errors[0].position().as_deref(),
        Some("content/a.md:3:7")
    );
    assert_eq!(parsed.errors[0].location.as_ref().unwrap().length, 10);
}

#[test]
fn every_problem_of_the_front_matter_comes_at_once_in_order() {
    let errors =
        split_and_parse(&file("---\ntitle: [1]\ndate: yes\ncolour: red\n---\n")).unwrap_err();
    let found: Vec<(String, &str)> = errors
        .iter()
        .map(|e| (e.position().unwrap_or_default(), e.code))
        .collect();
    assert_eq!(
        found,
        [
            ("content/a.md:2:8".to_string(), "front-matter"),
            ("content/a.md:3:7".to_string(), "bad-date"),
            ("content/a.md:4:1".to_string(), "front-matter"),
        ]
    );
    // No "missing title" for the title that is there but wrong.
    assert!(errors.iter().all(|e| !e.message.contains("missing")));
}

#[test]
fn a_title_key_without_a_value_is_an_empty_title() {
    let errors = split_and_parse(&file("---\ntitle:\ndraft: maybe\n---\n")).unwrap_err();
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        ["the title is empty", "expected `true` or `false` here"]
    );
}

/// A day that does not exist says why, where "not a valid date" left
/// the coach to count the days of April.
#[test]
fn a_day_that_does_not_exist_says_why() {
    let message = |date: &str| {
        let text = format!("---\ntitle: Hi\ndate: {date}\n---\n");
        let parsed = split_and_parse(&file(&text)).unwrap();
        parsed.errors[0].message.clone()
    };
    assert_eq!(
        message("2022-04-31"),
        "`2022-04-31` is not a valid publication date: April has 30 days"
    );
    assert_eq!(
        message("2023-02-29"),
        "`2023-02-29` is not a valid publication date: 2023 is not a leap year, so February has 28 days"
    );
    assert_eq!(
        message("2022-02-30"),
        "`2022-02-30` is not a valid publication date: February has 28 days"
    );
    assert_eq!(
        message("2026-13-01"),
        "`2026-13-01` is not a valid publication date: there is no month 13 (months go from 01 to 12)"
    );
    assert_eq!(
        message("2026-06-31T09:30:00Z"),
        "`2026-06-31T09:30:00Z` is not a valid publication date: June has 30 days"
    );
    assert_eq!(
        message("2026-03-00"),
        "`2026-03-00` is not a valid publication date: days of the month start at 01"
    );
    assert_eq!(message("soon"), "`soon` is not a valid publication date");
    assert!(
        split_and_parse(&file("---\ntitle: Hi\ndate: 2024-02-29\n---\n"))
            .unwrap()
            .errors
            .is_empty()
    );
}

/// `draft: "no"` and `toc: "yes"` are text in quotes, which were read
/// as false and true: now each is an error at its place that says what
/// to write.
#[test]
fn quoted_booleans_are_errors_that_say_what_to_write() {
    let errors =
        split_and_parse(&file("---\ntitle: Hi\ndraft: \"no\"\ntoc: 'yes'\n---\n")).unwrap_err();
    let found: Vec<(String, &str, &str)> = errors
        .iter()
        .map(|e| {
            (
                e.position().unwrap_or_default(),
                e.message.as_str(),
                e.help.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "content/a.md:3:8".to_string(),
                "`\"no\"` is text in quotes, not `true` or `false`",
                "write draft: false (without quotes)"
            ),
            (
                "content/a.md:4:6".to_string(),
                "`\"yes\"` is text in quotes, not `true` or `false`",
                "write toc: true (without quotes)"
            ),
        ]
    );
    // Written as booleans, they still are.
    let parsed =
        split_and_parse(&file("---\ntitle: Hi\ndraft: yes\ntoc: false # no\n---\n")).unwrap();
    assert!(parsed.front.draft && !parsed.front.toc);
    let errors = split_and_parse(&file("---\ntitle: Hi\ndraft: \"maybe\"\n---\n")).unwrap_err();
    assert_eq!(errors[0].message, "expected `true` or `false` here");
}

#[test]
fn rfc3339_dates_are_accepted() {
    let parsed = split_and_parse(&file(
        "---\ntitle: Hi\ndate: 2026-03-01T09:30:00+01:00\n---\n",
    ))
    .unwrap();
    assert_eq!(parsed.front.date.unwrap().rfc3339(), "2026-03-01T08:30:00Z");
}
