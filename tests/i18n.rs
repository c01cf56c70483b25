//! Wording and languages: every word the theme prints comes from its
//! strings files (`themes/default/i18n/<language>.yaml`), each shipped
//! language has every key, `strings:` in `site.yaml` overrides one key,
//! dates and plurals follow the language, a missing translation falls back
//! to English with a warning, German slugs spell umlauts out, and
//! `hearth init --language` writes a starter in that language.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Reported, Site, demo_copy, run_in};
use scraper::{ElementRef, Html, Node, Selector};

const LANGUAGES: [&str; 4] = ["de", "fr", "es", "nl"];

fn i18n_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n")
}

fn strings_file(language: &str) -> BTreeMap<String, serde_json::Value> {
    let path = i18n_dir().join(format!("{language}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `{placeholders}` of a text, sorted.
fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Every text of a value (a text, each form, each item).
fn texts(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::String(text) => vec![text.clone()],
        serde_json::Value::Array(items) => items.iter().flat_map(texts).collect(),
        serde_json::Value::Object(forms) => forms.values().flat_map(texts).collect(),
        other => vec![other.to_string()],
    }
}

#[test]
fn each_shipped_language_has_every_english_key_in_the_same_shape() {
    let english = strings_file("en");
    assert!(english.len() > 60, "en.yaml has {} keys", english.len());
    for language in LANGUAGES {
        let translated = strings_file(language);
        let missing: Vec<&String> = english
            .keys()
            .filter(|k| !translated.contains_key(*k))
            .collect();
        let extra: Vec<&String> = translated
            .keys()
            .filter(|k| !english.contains_key(*k))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{language}.yaml: missing {missing:?}, unknown {extra:?}"
        );
        for (key, value) in &english {
            let other = &translated[key];
            match (value, other) {
                (serde_json::Value::Array(a), serde_json::Value::Array(b)) => {
                    assert_eq!(a.len(), b.len(), "{language}.yaml `{key}`");
                }
                (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
                    assert!(
                        b.contains_key("other") && a.keys().all(|form| b.contains_key(form)),
                        "{language}.yaml `{key}` lacks a plural form"
                    );
                }
                (serde_json::Value::String(_), serde_json::Value::String(_)) => {}
                _ => panic!("{language}.yaml `{key}` is not shaped like the English"),
            }
            // Each form keeps the English placeholders: a lost `{count}`
            // would print a sentence without its number.
            // (A singular may leave `{count}` out: "The one topic".)
            let wanted = placeholders(&texts(value).join(" "));
            for text in texts(other) {
                let used = placeholders(&text);
                assert!(
                    used.iter().all(|name| wanted.contains(name)),
                    "{language}.yaml `{key}` has an unknown placeholder: {text:?}"
                );
                let needed: Vec<&String> = wanted.iter().filter(|n| *n != "count").collect();
                assert!(
                    needed.iter().all(|name| used.contains(name)),
                    "{language}.yaml `{key}` lost a placeholder of {wanted:?}: {text:?}"
                );
                assert!(!text.trim().is_empty(), "{language}.yaml `{key}` is empty");
            }
            assert_eq!(
                placeholders(&texts(other).join(" ")),
                wanted,
                "{language}.yaml `{key}`"
            );
        }
    }
}

const OPEN: char = '⟦';
const CLOSE: char = '⟧';

/// `en.yaml` with every text wrapped in markers, as JSON (which is YAML).
fn pseudo_language() -> String {
    fn wrap(value: &serde_json::Value) -> serde_json::Value {
        match value {
            serde_json::Value::String(text) => format!("{OPEN}{text}{CLOSE}").into(),
            serde_json::Value::Array(items) => items.iter().map(wrap).collect(),
            serde_json::Value::Object(forms) => forms
                .iter()
                .map(|(form, text)| (form.clone(), wrap(text)))
                .collect::<serde_json::Map<_, _>>()
                .into(),
            other => other.clone(),
        }
    }
    let wrapped: serde_json::Map<String, serde_json::Value> = strings_file("en")
        .iter()
        .map(|(key, value)| (key.clone(), wrap(value)))
        .collect();
    serde_json::Value::Object(wrapped).to_string()
}

/// Text as compared: one space for any white space, plain quotes and dashes.
fn normalized(text: &str) -> String {
    let plain: String = text
        .chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            '–' | '—' => '-',
            '\u{a0}' => ' ',
            other => other,
        })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` without its marked parts (markers may nest: a date's month).
fn without_marked(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            OPEN => depth += 1,
            CLOSE => depth = depth.saturating_sub(1),
            other if depth == 0 => out.push(other),
            _ => {}
        }
    }
    out
}

/// The words of a page the theme printed that are not marked and not the
/// coach's: each text node and accessible name of `<body>` that, once its
/// marked parts are taken out, still has letters that no file of `content/`
/// holds. `data` is every content file's text, normalized.
fn unmarked_theme_text(html: &str, data: &[String]) -> Vec<String> {
    let document = Html::parse_document(html);
    let body = Selector::parse("body").unwrap();
    let mut found = Vec::new();
    let mut noscript = Vec::new();
    let mut check = |text: &str, what: &str| {
        let rest = normalized(&without_marked(text));
        // Data the theme joins (`© name · title`, `name, phone`) is
        // checked piece by piece.
        let unknown = rest.split(['·', ',', '.']).any(|piece| {
            let words = piece.trim_matches(|c: char| !c.is_alphanumeric());
            words.chars().any(char::is_alphabetic) && !data.iter().any(|file| file.contains(words))
        });
        if unknown {
            found.push(format!("{what} {text:?}"));
        }
    };
    for body in document.select(&body) {
        for node in body.descendants() {
            match node.value() {
                Node::Text(text) => {
                    let parent = node.parent().and_then(ElementRef::wrap);
                    if parent.is_some_and(|p| matches!(p.value().name(), "script" | "style")) {
                        continue;
                    }
                    // A parser that runs scripts keeps `<noscript>` as text:
                    // what it shows without them is markup of its own.
                    if parent.is_some_and(|p| p.value().name() == "noscript") {
                        noscript.push(text.to_string());
                        continue;
                    }
                    check(text, "text");
                }
                Node::Element(element) => {
                    for attribute in ["aria-label", "alt", "title", "placeholder"] {
                        if let Some(value) = element.attr(attribute) {
                            check(value, attribute);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for markup in noscript {
        found.extend(unmarked_theme_text(&format!("<body>{markup}</body>"), data));
    }
    found
}

/// The text of every file under `content/`, normalized and without
/// markdown's marks (emphasis, link brackets and targets), as the data a
/// page may show.
fn content_texts(root: &Path) -> Vec<String> {
    fn without_markdown(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' | '_' | '`' | '[' => {}
                // `](target)`: the target is not shown.
                ']' if chars.peek() == Some(&'(') => {
                    for skipped in chars.by_ref() {
                        if skipped == ')' {
                            break;
                        }
                    }
                }
                ']' => {}
                other => out.push(other),
            }
        }
        out
    }
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|text| normalized(&without_markdown(&text)))
        .collect()
}

/// Builds the site at `root` in the marked pseudo-language `xx` and
/// returns what each HTML page prints unmarked.
fn unmarked_pages(root: &Path) -> BTreeMap<String, Vec<String>> {
    std::fs::write(root.join("themes/default/i18n/xx.yaml"), pseudo_language()).unwrap();
    let site_yaml = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    let language_line = site_yaml
        .lines()
        .find(|l| l.starts_with("language:"))
        .unwrap()
        .to_string();
    std::fs::write(
        root.join("content/site.yaml"),
        site_yaml.replace(&language_line, "language: xx"),
    )
    .unwrap();
    let run = run_in(root, &["build"]);
    run.assert_success();
    let data = content_texts(root);
    let mut pages = BTreeMap::new();
    let mut count = 0;
    for entry in walkdir::WalkDir::new(root.join("public")) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        // Alias pages only redirect.
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        count += 1;
        let found = unmarked_theme_text(&html, &data);
        if !found.is_empty() {
            let name = path.strip_prefix(root).unwrap().display().to_string();
            pages.insert(name, found);
        }
    }
    assert!(count >= 8, "only {count} pages were built");
    pages
}

#[test]
fn every_word_the_theme_prints_on_the_demo_comes_from_the_strings() {
    let dir = demo_copy();
    let pages = unmarked_pages(dir.path());
    assert!(
        pages.is_empty(),
        "theme text outside the strings files:\n{pages:#?}"
    );
}

#[test]
fn a_literal_word_in_a_template_is_caught() {
    let dir = demo_copy();
    let partial = dir
        .path()
        .join("themes/default/templates/partials/toc.html");
    let text = std::fs::read_to_string(&partial).unwrap();
    std::fs::write(
        &partial,
        text.replace("{{ t(key=\"toc_heading\") }}", "Contents"),
    )
    .unwrap();
    let pages = unmarked_pages(dir.path());
    let caught = pages
        .values()
        .flatten()
        .any(|found| found == "text \"Contents\"");
    assert!(caught, "{pages:#?}");
}

#[test]
fn init_in_each_language_writes_a_site_without_english_theme_words() {
    for language in LANGUAGES {
        let dir = tempfile::tempdir().unwrap();
        run_in(dir.path(), &["init", "site", "--language", language]).assert_success();
        let root = dir.path().join("site");
        let site_yaml = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
        assert!(
            site_yaml.contains(&format!("language: {language}")),
            "{site_yaml}"
        );
        let pages = unmarked_pages(&root);
        assert!(pages.is_empty(), "{language}: {pages:#?}");
    }
}

/// The diagnostics of `check --format json` in `dir`, and its exit code.
fn check(dir: &Path) -> (Vec<Reported>, i32) {
    let run = run_in(dir, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    (Reported::all_from_json(&report).unwrap(), run.code)
}

#[test]
fn the_starter_in_each_language_builds_and_its_placeholders_are_found() {
    let english = {
        let dir = tempfile::tempdir().unwrap();
        run_in(dir.path(), &["init", "site"]).assert_success();
        let (found, code) = check(&dir.path().join("site"));
        assert_eq!(code, 0, "{found:#?}");
        found
            .iter()
            .filter(|d| d.code == "placeholder-text")
            .count()
    };
    assert!(english >= 8, "{english}");
    let mut seen: Vec<String> = Vec::new();
    for language in LANGUAGES {
        let dir = tempfile::tempdir().unwrap();
        run_in(dir.path(), &["init", "site", "--language", language]).assert_success();
        let root = dir.path().join("site");
        let (found, code) = check(&root);
        assert_eq!(code, 0, "{language}: {found:#?}");
        let placeholders: Vec<&Reported> = found
            .iter()
            .filter(|d| d.code == "placeholder-text")
            .collect();
        // The same places as the English starter: each page, the author
        // and the description in site.yaml.
        assert_eq!(placeholders.len(), english, "{language}: {placeholders:#?}");
        for file in [
            "content/site.yaml",
            "content/_index.md",
            "content/about.md",
            "content/contact.md",
            "content/articles/first-session.md",
            "content/articles/_index.md",
        ] {
            assert!(
                placeholders.iter().any(|d| d.file.as_deref() == Some(file)),
                "{language}: no placeholder-text in {file}: {placeholders:#?}"
            );
        }
        assert!(
            found.iter().all(|d| d.code != "missing-translation"),
            "{language}: {found:#?}"
        );
        seen.extend(placeholders.iter().map(|d| d.message.clone()));
        // The referral page and the home page speak the language.
        run_in(&root, &["build"]).assert_success();
        let referral = std::fs::read_to_string(root.join("public/referral/index.html")).unwrap();
        let heading = strings_file(language)["referral_urgent_heading"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(referral.contains(&heading), "{language}: {referral}");
        assert!(
            !referral.contains("When to see a therapist first"),
            "{language}"
        );
        assert!(referral.contains(&format!("<html lang=\"{language}\"")));
    }
    // Every translated phrase the lint knows is one a starter writes.
    for phrase in hearth::lint::PLACEHOLDER_TEXT_TRANSLATED {
        assert!(
            seen.iter().any(|message| message.contains(phrase)),
            "`{phrase}` is in no starter: {seen:#?}"
        );
    }
}

#[test]
fn init_refuses_a_language_it_has_no_starter_for() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "site", "--language", "pt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("de, en, es, fr, nl"), "{}", run.stderr);
    assert!(!dir.path().join("site").exists());
}

/// A site in `language` with one article dated 15 November 2022, tagged twice.
fn dated_site(language: &str, extra: &str) -> Site {
    let site = Site::new();
    site.write(
        "content/site.yaml",
        common::SITE_YAML.replace("language: en", &format!("language: {language}\n{extra}")),
    );
    site.write(
        "content/articles/first.md",
        "---\ntitle: First\ndescription: One.\ndate: 2022-11-15\nupdated: 2023-03-01\ntags: [Coaching für Anfänger]\n---\nSome words.\n",
    );
    site.write(
        "content/articles/second.md",
        "---\ntitle: Second\ndescription: Two.\ndate: 2022-11-16\ntags: [Coaching für Anfänger]\n---\nMore words.\n",
    );
    site
}

#[test]
fn dates_are_written_in_each_language_and_machine_dates_stay_as_they_are() {
    for (language, shown, updated) in [
        ("en", "15 November 2022", "1 March 2023"),
        ("de", "15. November 2022", "1. März 2023"),
        ("fr", "15 novembre 2022", "1er mars 2023"),
        ("es", "15 de noviembre de 2022", "1 de marzo de 2023"),
        ("nl", "15 november 2022", "1 maart 2023"),
    ] {
        let site = dated_site(language, "");
        site.build().assert_success();
        let html = site.read("articles/first/index.html");
        assert!(
            html.contains(&format!(
                "<time class=\"nowrap\" datetime=\"2022-11-15\">{shown}</time>"
            )),
            "{language}: {html}"
        );
        assert!(
            html.contains(&format!("datetime=\"2023-03-01\">{updated}</time>")),
            "{language}"
        );
        assert!(
            html.contains("\"datePublished\":\"2022-11-15"),
            "{language}"
        );
        let list = site.read("articles/index.html");
        assert!(list.contains(shown), "{language}: {list}");
        let feed = site.read("atom.xml");
        assert!(
            feed.contains("<published>2022-11-15T00:00:00Z</published>"),
            "{feed}"
        );
        assert!(
            site.read("sitemap.xml").contains("<lastmod>2023-03-01"),
            "{language}"
        );
    }
}

#[test]
fn plurals_follow_the_language() {
    let site = dated_site("de", "");
    site.build().assert_success();
    let tags = site.read("tags/index.html");
    assert!(tags.contains("2 Seiten"), "{tags}");
    assert!(
        site.read("articles/first/index.html")
            .contains("1 Min. Lesezeit")
    );
    // French says "1 page" and "2 pages"; the rule for 0 is checked in
    // the strings module.
    let site = dated_site(
        "fr",
        "strings:\n  page_count: { one: \"{count} article\", other: \"{count} articles\" }\n",
    );
    site.build().assert_success();
    assert!(site.read("tags/index.html").contains("2 articles"));
    site.remove("content/articles/second.md");
    site.build().assert_success();
    assert!(site.read("tags/index.html").contains("1 article<"));
}

#[test]
fn strings_in_site_yaml_override_one_key() {
    let site = dated_site(
        "de",
        "strings:\n  booking_heading: Lass uns reden\n  reading_time: \"{count} Minuten\"\n",
    );
    site.build().assert_success();
    let html = site.read("articles/first/index.html");
    assert!(html.contains(">Lass uns reden</h2>"), "{html}");
    assert!(html.contains("1 Minuten"), "{html}");
    // The other keys keep the language's words.
    assert!(html.contains("Zum Inhalt springen"), "{html}");
}

#[test]
fn an_unknown_strings_key_is_an_error_at_its_place_with_the_closest_key() {
    let site = dated_site("en", "strings:\n  booking_heding: Let's talk\n");
    let run = site.hearth(&["check"]);
    run.assert_error(&[
        "`booking_heding` in `strings:` is not a word the theme prints",
        "content/site.yaml:6:3",
        "did you mean `booking_heading`?",
        "reading_time",
    ]);
    // A list where text belongs is an error too.
    let site = dated_site("en", "strings:\n  menu: [a, b]\n");
    site.hearth(&["build"])
        .assert_error(&["`menu` in `strings:` must be text", "content/site.yaml:6:3"]);
}

#[test]
fn a_missing_translation_falls_back_to_english_and_check_warns_once() {
    let site = dated_site("de", "");
    let path = site.path("themes/default/i18n/de.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("toc_heading:") && !l.starts_with("skip_link:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, without).unwrap();
    let (found, code) = check(site.root());
    assert_eq!(code, 0, "{found:#?}");
    let missing: Vec<&Reported> = found
        .iter()
        .filter(|d| d.code == "missing-translation")
        .collect();
    assert_eq!(missing.len(), 2, "{missing:#?}");
    assert!(
        missing
            .iter()
            .all(|d| d.file.as_deref() == Some("themes/default/i18n/de.yaml"))
    );
    assert!(missing.iter().any(|d| d.message.contains("`skip_link`")));
    site.build().assert_success();
    let html = site.read("articles/first/index.html");
    assert!(html.contains(">Skip to content</a>"), "{html}");
    assert!(html.contains("Wann immer Sie so weit sind"), "{html}");
    // The site's own words need no translation.
    let site = dated_site("de", "strings:\n  skip_link: Zum Text\n");
    std::fs::write(
        site.path("themes/default/i18n/de.yaml"),
        std::fs::read_to_string(&path).unwrap(),
    )
    .unwrap();
    let (found, _) = check(site.root());
    let missing: Vec<&Reported> = found
        .iter()
        .filter(|d| d.code == "missing-translation")
        .collect();
    assert_eq!(missing.len(), 1, "{missing:#?}");
}

#[test]
fn a_language_without_strings_uses_english_and_says_so_once() {
    let site = dated_site("pt-BR", "");
    let (found, code) = check(site.root());
    assert_eq!(code, 0, "{found:#?}");
    let missing: Vec<&Reported> = found
        .iter()
        .filter(|d| d.code == "missing-translation")
        .collect();
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(missing[0].message.contains("`pt-BR`"), "{missing:#?}");
    assert_eq!(missing[0].position(), "content/site.yaml:4:11");
    assert!(
        missing[0]
            .help
            .as_deref()
            .unwrap()
            .contains("de, en, es, fr, nl")
    );
    site.build().assert_success();
    let html = site.read("articles/first/index.html");
    assert!(html.contains("Skip to content") && html.contains("15 November 2022"));
    assert!(html.contains("<html lang=\"pt-BR\""));
}

#[test]
fn german_slugs_spell_umlauts_out() {
    let site = dated_site("de", "");
    site.build().assert_success();
    assert!(site.exists("tags/coaching-fuer-anfaenger/index.html"));
    let html = site.read("articles/first/index.html");
    assert!(
        html.contains("href=\"/tags/coaching-fuer-anfaenger/\""),
        "{html}"
    );
    assert!(site.read("atom.xml").contains("coaching-fuer-anfaenger"));
    let run = site.hearth(&["new", "article", "Größer träumen"]);
    run.assert_success();
    assert!(
        site.path("content/articles/groesser-traeumen.md").exists(),
        "{}",
        run.stdout
    );
    // Elsewhere the dots just go.
    let site = dated_site("en", "");
    site.build().assert_success();
    assert!(site.exists("tags/coaching-fur-anfanger/index.html"));
}

#[test]
fn the_scope_lint_says_it_reads_english_only() {
    let site = dated_site("fr", "");
    let (found, _) = check(site.root());
    let scope: Vec<&Reported> = found.iter().filter(|d| d.code == "scope-claim").collect();
    assert_eq!(scope.len(), 1, "{scope:#?}");
    assert!(
        scope[0].message.contains("only checks English"),
        "{scope:#?}"
    );
    let site = dated_site("en", "");
    let (found, _) = check(site.root());
    assert!(found.iter().all(|d| d.code != "scope-claim"), "{found:#?}");
}

#[test]
fn a_template_asking_for_an_unknown_key_is_an_error_naming_the_closest() {
    let site = Site::new();
    let partial = site.path("themes/default/templates/partials/toc.html");
    let text = std::fs::read_to_string(&partial).unwrap();
    std::fs::write(&partial, text.replace("toc_heading", "toc_headng")).unwrap();
    site.write(
        "content/articles/a.md",
        "---\ntitle: A\ndescription: An article.\ntoc: true\n---\n\n## One\n\n## Two\n",
    );
    site.build().assert_error(&[
        "no words `toc_headng`",
        "did you mean `toc_heading`?",
        "themes/default/templates/partials/toc.html",
    ]);
}
