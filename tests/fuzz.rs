//! Fuzzing that stays: mutated sites, built in `cargo test` on stable Rust.
//!
//! Each case takes a seed site (the demo site in `content/`, or one of the
//! small sites below), mutates its front matter, markdown, comparisons,
//! referral guidelines and `site.yaml` (byte flips, inserts, deletes,
//! splices, duplicated lines; values replaced with tricky strings; new
//! files at paths Hearth also writes; symbolic links out of the site), and
//! runs `check` and then `build` into an output folder holding the seed
//! site's previous build. Nine cases in ten run through the library (fast),
//! every tenth through the `hearth` binary, so that exit codes count too.
//!
//! What must hold for every case: nothing panics (or exits other than 0, 1
//! or 2); `check` writes nothing; `build` writes nothing outside its output
//! folder (staging folders beside it are gone when it ends); a failed build
//! leaves the previous output byte-identical; every error names its file
//! and either its line and column or what to do, in plain words; `check`
//! fails exactly when `build` does, with the same errors; a successful
//! build's `atom.xml` and `sitemap.xml` are well-formed XML, its pages hold
//! no character XML forbids, and it holds no file from outside the site.
//!
//! `HEARTH_FUZZ_CASES=N` runs N cases (default 300), `HEARTH_FUZZ_SEED=S`
//! picks another seed, and `HEARTH_FUZZ_CASE=K` runs case K alone. Every
//! failing case is saved under `target/tmp/fuzz-failures/` with a note on
//! how to run it again.

mod common;

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use common::{Node, Reported, invalid_output, run_bounded, tree, tree_changes, unlocated_or_raw};
use hearth::build::{BuildError, build_into, run_pipeline};
use hearth::config::BuildOptions;
use hearth::diagnostic::{Diagnostic, Severity};

const DEFAULT_CASES: usize = 300;
const DEFAULT_SEED: u64 = 0x4845_4152_5448_0011;
/// One case in this many runs the binary instead of the library.
const BINARY_EVERY: usize = 10;
/// A case slower than this is a finding: Hearth must stay linear.
const SLOW_CASE: Duration = Duration::from_secs(30);
/// Bytes that no output may hold: the content of a file outside the site.
const SECRET: &str = "SECRET-OUTSIDE-THE-SITE";

/// The files of a site, by path relative to its root, and the symbolic
/// links to make in it (path -> target, `{outside}` expanded).
#[derive(Clone, Debug, Default)]
struct Input {
    seed: &'static str,
    files: BTreeMap<String, Vec<u8>>,
    links: Vec<(String, String)>,
    drafts: bool,
    /// What was done to the seed site, one line per mutation.
    log: Vec<String>,
}

// ---------------------------------------------------------------------------
// The seed corpus.

const SMALL_SITE: &[(&str, &str)] = &[
    (
        "content/site.yaml",
        "title: Small Practice
base_url: https://small.example
description: A small test site.
language: en
author: { name: Alex Doe, email: alex@small.example }
menu:
  - { label: Articles, url: /articles/ }
  - { label: About, url: /about/ }
  - { label: \"Coaching or therapy?\", url: /comparisons/coaching-vs-therapy/ }
booking: { label: Book a call, url: /contact/ }
",
    ),
    (
        "content/_index.md",
        "---\ntitle: Welcome\ndescription: Home.\n---\nHello. Read [about me](about.md#my-approach) or [[First steps]].\n",
    ),
    (
        "content/about.md",
        "---\ntitle: About\ndescription: Who I am.\ntoc: true\n---\nHello.\n\n## My approach\n\nCurious. See [[first-steps|the first article]].\n",
    ),
    (
        "content/contact.md",
        "---\ntitle: Contact\ndescription: How to reach me.\n---\nWrite to [me](mailto:alex@small.example).\n\n```referral\n```\n",
    ),
    (
        "content/articles/_index.md",
        "---\ntitle: Articles\ndescription: Notes.\nsort_by: date\n---\nWhat I write about.\n",
    ),
    (
        "content/articles/first-steps.md",
        "---\ntitle: First steps\ndescription: The first one.\ndate: 2026-01-05\nupdated: 2026-01-06T10:00:00Z\ntags: [goals, coaching]\naliases: [/blog/first/, /old/first.html]\nextra: { mood: calm }\n---\nHello.\n\n## Start\n\nSee [contact](../contact.md), [the table](../comparisons/coaching-vs-therapy.yaml) and [the card](card/index.md).\n\n```comparison\nid: coaching-vs-therapy\n```\n\nA footnote.[^1]\n\n[^1]: The note.\n",
    ),
    (
        "content/articles/card/index.md",
        "---\ntitle: The card\ndate: 2026-02-01\ntags: [goals]\nslug: intention-card\nweight: 2\n---\n![An intention card](card.svg)\n\n| a | b |\n|---|---|\n| one | two |\n",
    ),
    (
        "content/articles/card/card.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    ),
    (
        "content/articles/later.md",
        "---\ntitle: Later\ndate: 2026-03-01\ndraft: true\n---\nNot yet. Back to [[First steps]].\n",
    ),
    (
        "content/referral.yaml",
        "title: When to see a therapist first
intro: >
  Coaching is not therapy. Read [first steps](articles/first-steps.md).
scope: I am a coach, not a therapist.
criteria:
  - { level: urgent, text: You have thoughts of suicide. }
  - level: refer
    text: You live with an active mental illness.
  - { level: consider, text: Nothing moves after several sessions. }
resources:
  - { name: Lifeline, region: US, phone: \"988\", url: \"https://988lifeline.org\" }
contact: { label: Book a call, url: /contact/ }
",
    ),
    (
        "content/comparisons/coaching-vs-therapy.yaml",
        "title: Coaching or therapy?
description: How they differ.
columns:
  - { id: coaching, label: Coaching }
  - { id: therapy, label: Therapy }
groups:
  - label: The relationship
    rows:
      - aspect: Who leads
        coaching: Peers
        therapy: \"The *expert*\"
  - label: The work
    rows:
      - aspect: Focus
        coaching: The [present](../about.md)
        therapy: ~
sources:
  - { title: A source, url: \"https://example.org\" }
",
    ),
];

const MINIMAL_SITE: &[(&str, &str)] = &[
    (
        "content/site.yaml",
        "title: Minimal\nbase_url: https://minimal.example/practice/\n",
    ),
    ("content/_index.md", "---\ntitle: Home\n---\nJust a home.\n"),
    (
        "content/note.md",
        "---\ntitle: A note\ndate: 2026-04-01\ntags: [one]\n---\nA [[Home]] link.\n",
    ),
];

const SETTINGS_SITE: &[(&str, &str)] = &[
    (
        "content/site.yaml",
        "title: \"Harbor: Coaching\"
base_url: https://harbor.example
description: 'It''s IFS-informed.'
language: en
author: { name: Sam Rivera, email: sam@harbor.example }
theme: default
menu:
  - { label: Home, url: / }
  - { label: Guide, url: /when-to-see-a-therapist/ }
  - { label: Feed, url: /atom.xml }
booking: { label: Book, url: /contact/ }
referral: { path: /when-to-see-a-therapist/, required: true }
extra: { colour: teal, list: [1, 2, 3] }
",
    ),
    (
        "content/_index.md",
        "---\ntitle: Harbor\n---\nWelcome to [the guide](referral.yaml).\n",
    ),
    (
        "content/contact.md",
        "---\ntitle: Contact\ndescription: Reach me.\n---\nWrite.\n",
    ),
    (
        "content/referral.yaml",
        "title: When to see a therapist first
scope: I am a coach.
criteria:
  - { level: urgent, text: You are in danger. }
resources:
  - { name: Emergency, phone: \"911\" }
contact: { label: Talk first, url: /contact/ }
",
    ),
];

/// A site's files by path relative to its root.
type Files = BTreeMap<String, Vec<u8>>;

/// The seed sites, by name.
fn corpus() -> &'static [(&'static str, Files)] {
    static CORPUS: OnceLock<Vec<(&'static str, Files)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let from = |files: &[(&str, &str)]| {
            files
                .iter()
                .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
                .collect::<BTreeMap<_, _>>()
        };
        let demo_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let demo: BTreeMap<String, Vec<u8>> = common::snapshot(&demo_dir)
            .into_iter()
            .map(|(path, bytes)| (format!("content/{path}"), bytes))
            .collect();
        vec![
            ("demo", demo),
            ("small", from(SMALL_SITE)),
            ("minimal", from(MINIMAL_SITE)),
            ("settings", from(SETTINGS_SITE)),
        ]
    })
}

/// The default theme's files, read once.
fn theme() -> &'static BTreeMap<String, Vec<u8>> {
    static THEME: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    THEME.get_or_init(|| {
        common::snapshot(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"))
    })
}

// ---------------------------------------------------------------------------
// Tricky values and mutations.

/// Strings that have broken, or could break, a path, a parser or a page.
fn tricky(rng: &mut fastrand::Rng) -> String {
    const FIXED: &[&str] = &[
        "..",
        "/",
        "//host/x",
        "/index.html",
        "/atom.xml",
        "/404.html",
        "/tags/",
        "/tags//",
        "/sitemap.xml",
        "/robots.txt",
        "/referral/",
        "/about/",
        "/articles/",
        "/comparisons/",
        "/style.css",
        "/favicon.svg",
        "/{outside}/PWNED.html",
        "/{outside}/x/",
        "/{outside}/y.htm",
        "../../outside/x.html",
        "/../../x.html",
        "{outside}/abs.html",
        "/a/./b/",
        "/a/../b/",
        "\0",
        "a\0b",
        "\u{1}",
        "\u{7f}",
        "\u{1b}[31m",
        "\u{b}",
        "\u{c}",
        "\u{fffe}",
        "\u{ffff}",
        "\u{feff}",
        "\u{202e}",
        "\u{200b}",
        "\u{2028}",
        "#",
        "?",
        "\\",
        "C:\\x",
        "/etc/passwd",
        "\t",
        "a: b",
        "Coaching: a start",
        "'",
        "\"",
        "it's",
        "- x",
        "!!!",
        "&a",
        "*a",
        "&a x",
        "*nowhere",
        "!!binary aGk=",
        "!custom x",
        "~",
        "",
        " ",
        "[1]",
        "{a: 1}",
        "yes",
        "no",
        "null",
        "1e999",
        "99999999999999999999",
        "-1",
        "0x10",
        "2026-13-45",
        "2026-02-30",
        "2026-01-01T25:00:00Z",
        "Café ☕ 日本語",
        "🙂",
        "<script>alert(1)</script>",
        "&amp;",
        "]]>",
        "<![CDATA[",
        "-->",
        "{{ config }}",
        "{% raw %}",
        "mailto:x@y.z",
        "jane@example.com",
        "<jane@example.com>",
        "https://",
        "http://x y",
        "javascript:alert(1)",
        "first-steps.md",
        "../about.md#nope",
        "about.md",
        "coaching-vs-therapy",
        "Later",
        "[[First steps]]",
        "later.md",
        "/later/",
        "/abuot/",
        "#my-approach",
    ];
    match rng.usize(0..20) {
        0 => "a".repeat([300, 5_000, 30_000][rng.usize(0..3)]),
        1 => "word ".repeat(rng.usize(100..3_000)),
        2 => {
            let depth = [50, 300][rng.usize(0..2)];
            format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
        }
        3 => {
            let depth = [30, 200][rng.usize(0..2)];
            format!("{}1{}", "{a: ".repeat(depth), "}".repeat(depth))
        }
        4 => (0..rng.usize(1..12))
            .map(|_| char::from_u32(rng.u32(0..0x11_0000)).unwrap_or('\u{fffd}'))
            .collect(),
        _ => FIXED[rng.usize(0..FIXED.len())].to_string(),
    }
}

/// `value` as YAML writes it: plain, single- or double-quoted (sometimes
/// badly, as people do).
fn quoted(rng: &mut fastrand::Rng, value: &str) -> String {
    match rng.usize(0..5) {
        0 | 1 => value.to_string(),
        2 => format!("'{}'", value.replace('\'', "''")),
        3 => format!("'{value}'"),
        _ => {
            let mut text = String::from("\"");
            for c in value.chars() {
                match c {
                    '"' => text.push_str("\\\""),
                    '\\' => text.push_str("\\\\"),
                    '\0' => text.push_str("\\0"),
                    '\n' => text.push_str("\\n"),
                    c if (c as u32) < 0x20 || c == '\u{7f}' => {
                        text.push_str(&format!("\\x{:02x}", c as u32))
                    }
                    c => text.push(c),
                }
            }
            text.push('"');
            text
        }
    }
}

/// Values for keys that become output paths: each has let a file escape
/// the output folder or replace another, or could.
const PATHS: &[&str] = &[
    "/{outside}/PWNED.html",
    "/{outside}/x.htm",
    "/{outside}/dir/",
    "//host/x.html",
    "/{outside}/PWNED.html",
    "/index.html",
    "/atom.xml",
    "/404.html",
    "/tags/",
    "/sitemap.xml",
    "/robots.txt",
    "/referral/",
    "/about/",
    "/articles/",
    "/style.css",
    "..",
    "/../x.html",
    "/",
    "",
    "!!!",
    "a/b",
    "\\x",
    "/x\0.html",
    "#",
    "?",
    "/abuot/",
    "about.md",
    "/later/",
    "/{outside}/PWNED.html",
    "/tags/goals/",
    "/comparisons/",
    "/blog/first/",
];

/// A tricky string, quoted one way or another.
fn tricky_quoted(rng: &mut fastrand::Rng) -> String {
    let value = tricky(rng);
    quoted(rng, &value)
}

/// The byte range of the YAML in a file: all of a `.yaml` file, the front
/// matter of a markdown file.
fn yaml_area(path: &str, text: &str) -> Option<(usize, usize)> {
    if path.ends_with(".yaml") || path.ends_with(".yml") {
        return Some((0, text.len()));
    }
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---").map_or(text.len(), |i| 4 + i + 1);
    Some((4, end))
}

/// Spans of YAML values in `text[area]`: after `: ` up to the end of the
/// line (or the next `,`, `}` or `]` in a flow collection), and list items.
fn value_spans(text: &str, (start, end): (usize, usize)) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut line_start = start;
    for line in text[start..end].split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let flow = body.contains('{') || body.contains('[');
        let trimmed = body.trim_start();
        let mut starts: Vec<usize> = body.match_indices(": ").map(|(i, _)| i + 2).collect();
        if trimmed.starts_with("- ") {
            starts.push(body.len() - trimmed.len() + 2);
        }
        if flow {
            // Each item of a flow list or map: `[a, b]`, `{ a: 1, b: 2 }`.
            starts.extend(
                body.match_indices(['[', ','])
                    .map(|(i, _)| i + 1)
                    .map(|i| i + body[i..].len() - body[i..].trim_start().len()),
            );
        }
        for value_start in starts {
            let value_end = if flow {
                body[value_start..]
                    .find([',', '}', ']'])
                    .map_or(body.len(), |i| value_start + i)
            } else {
                body.len()
            };
            spans.push((line_start + value_start, line_start + value_end));
        }
        line_start += line.len();
    }
    spans
}

/// The paths of the input's files that a mutation may change: text Hearth reads.
fn mutable_paths(input: &Input) -> Vec<String> {
    input
        .files
        .keys()
        .filter(|p| p.ends_with(".md") || p.ends_with(".yaml") || p.ends_with(".yml"))
        .cloned()
        .collect()
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &'a [String]) -> Option<&'a String> {
    (!items.is_empty()).then(|| &items[rng.usize(0..items.len())])
}

/// Applies one random mutation to `input`, noting it in its log.
fn mutate(rng: &mut fastrand::Rng, input: &mut Input) {
    let paths = mutable_paths(input);
    let Some(path) = pick(rng, &paths).cloned() else {
        add_file(rng, input);
        return;
    };
    match rng.usize(0..100) {
        0..27 => replace_value(rng, input, &path),
        27..35 => attack_path(rng, input),
        35..50 => insert_front_matter(rng, input, &path),
        50..65 => insert_markdown(rng, input, &path),
        65..87 => mutate_bytes(rng, input, &path),
        87..92 => add_file(rng, input),
        92..96 => attack_path(rng, input),
        _ => add_link(rng, input),
    }
}

fn replace_value(rng: &mut fastrand::Rng, input: &mut Input, path: &str) {
    let Some(text) = input
        .files
        .get(path)
        .and_then(|b| String::from_utf8(b.clone()).ok())
    else {
        return mutate_bytes(rng, input, path);
    };
    let Some(area) = yaml_area(path, &text) else {
        return insert_markdown(rng, input, path);
    };
    let spans = value_spans(&text, area);
    if spans.is_empty() {
        return insert_front_matter(rng, input, path);
    }
    let (start, end) = spans[rng.usize(0..spans.len())];
    // Values of keys that become paths get path-like values more often.
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..start];
    let path_key = [
        "aliases", "slug", "url", "path", "tags", "template", "theme", "id",
    ]
    .iter()
    .any(|key| line.contains(key));
    let value = if path_key && rng.bool() {
        let path = PATHS[rng.usize(0..PATHS.len())];
        quoted(rng, path)
    } else {
        tricky_quoted(rng)
    };
    input.log.push(format!(
        "{path}: replaced the value {:?} with {:?}",
        clip(&text[start..end]),
        clip(&value)
    ));
    let mutated = format!("{}{value}{}", &text[..start], &text[end..]);
    input.files.insert(path.to_string(), mutated.into_bytes());
}

fn insert_front_matter(rng: &mut fastrand::Rng, input: &mut Input, path: &str) {
    const KEYS: &[&str] = &[
        "title",
        "description",
        "date",
        "updated",
        "tags",
        "draft",
        "slug",
        "aliases",
        "weight",
        "template",
        "toc",
        "sort_by",
        "extra",
        "colour",
        "titel",
        "menu",
        "booking",
        "referral",
        "base_url",
        "theme",
        "columns",
        "rows",
        "criteria",
        "resources",
        "contact",
        "intro",
    ];
    let Some(text) = input
        .files
        .get(path)
        .and_then(|b| String::from_utf8(b.clone()).ok())
    else {
        return mutate_bytes(rng, input, path);
    };
    let key = KEYS[rng.usize(0..KEYS.len())];
    let value = match rng.usize(0..4) {
        0 => format!("[{}, {}]", tricky_quoted(rng), tricky_quoted(rng)),
        1 => format!(
            "{{ path: {}, url: {} }}",
            tricky_quoted(rng),
            tricky_quoted(rng)
        ),
        _ => tricky_quoted(rng),
    };
    let line = format!("{key}: {value}\n");
    let at = match yaml_area(path, &text) {
        Some((start, end)) => {
            let offsets: Vec<usize> = std::iter::once(start)
                .chain(
                    text[start..end]
                        .match_indices('\n')
                        .map(|(i, _)| start + i + 1),
                )
                .filter(|i| *i <= end)
                .collect();
            offsets[rng.usize(0..offsets.len())]
        }
        None => 0,
    };
    input
        .log
        .push(format!("{path}: inserted the line {:?}", clip(&line)));
    let mutated = format!("{}{line}{}", &text[..at], &text[at..]);
    input.files.insert(path.to_string(), mutated.into_bytes());
}

fn insert_markdown(rng: &mut fastrand::Rng, input: &mut Input, path: &str) {
    let Some(text) = input
        .files
        .get(path)
        .and_then(|b| String::from_utf8(b.clone()).ok())
    else {
        return mutate_bytes(rng, input, path);
    };
    if !path.ends_with(".md") {
        return replace_value(rng, input, path);
    }
    let target = tricky(rng);
    let snippet = match rng.usize(0..14) {
        0 => format!("[x]({target})"),
        1 => format!("[[{target}]]"),
        2 => format!("[[{target}|label]]"),
        3 => format!("<{target}>"),
        4 => format!("![alt]({target})"),
        5 => format!("[x][r]\n\n[r]: {target}\n"),
        6 => format!("\n## {target}\n"),
        7 => format!("\n```comparison\nid: {target}\n```\n"),
        8 => {
            let yaml = corpus()[1].1["content/comparisons/coaching-vs-therapy.yaml"].clone();
            format!(
                "\n```comparison\n{}\n```\n",
                String::from_utf8_lossy(&yaml).replace("Peers", &target)
            )
        }
        9 => format!("\n```referral\n{target}\n```\n"),
        10 => format!("\n| a | b |\n|---|---|\n| {target} | x |\n"),
        11 => format!("\n{} {target}\n", ">".repeat(rng.usize(1..2_000))),
        12 => (0..rng.usize(1..200))
            .map(|i| format!("{}- {target}\n", "  ".repeat(i)))
            .collect(),
        // FAQ and form blocks share the last draw with footnotes, chosen
        // by the target, so that earlier cases stay as they were.
        _ => match target.len() % 4 {
            0 => format!("\n```faq\n- question: {target}\n  answer: See [x]({target}).\n```\n"),
            1 => format!("\n```form\nid: {target}\n```\n"),
            2 => format!("\n```faq\n{target}\n```\n"),
            _ => format!("A claim.[^{target}]\n\n[^{target}]: {target}\n"),
        },
    };
    let body_start = yaml_area(path, &text).map_or(0, |(_, end)| end);
    let at = rng.usize(body_start..=text.len());
    let at = (at..=text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(text.len());
    input
        .log
        .push(format!("{path}: inserted {:?}", clip(&snippet)));
    let mutated = format!("{}{snippet}{}", &text[..at], &text[at..]);
    input.files.insert(path.to_string(), mutated.into_bytes());
}

fn mutate_bytes(rng: &mut fastrand::Rng, input: &mut Input, path: &str) {
    const INTERESTING: &[u8] = &[
        0, 1, 9, 10, 13, 0x1b, 0x7f, b':', b'\'', b'"', b'-', b'[', b']', b'{', b'}', b'#', b'&',
        b'*', b'!', b'|', b'>', b'%', b'@', b'`', b'\\', b'/', b'.', b' ', 0xff, 0xc3, 0xe2,
    ];
    let donor = pick(rng, &mutable_paths(input)).and_then(|other| input.files.get(other).cloned());
    let Some(bytes) = input.files.get_mut(path) else {
        return;
    };
    let len = bytes.len();
    let what = match rng.usize(0..7) {
        0 if len > 0 => {
            let i = rng.usize(0..len);
            bytes[i] ^= 1 << rng.u32(0..8);
            format!("flipped a bit of byte {i}")
        }
        1 if len > 0 => {
            let start = rng.usize(0..len);
            let end = (start + rng.usize(1..64)).min(len);
            bytes.drain(start..end);
            format!("deleted bytes {start}..{end}")
        }
        2 => {
            let at = rng.usize(0..=len);
            let chunk: Vec<u8> = (0..rng.usize(1..8))
                .map(|_| INTERESTING[rng.usize(0..INTERESTING.len())])
                .collect();
            bytes.splice(at..at, chunk.iter().copied());
            format!("inserted {chunk:?} at byte {at}")
        }
        3..=5 => {
            let mut lines: Vec<Vec<u8>> = bytes
                .split_inclusive(|b| *b == b'\n')
                .map(<[u8]>::to_vec)
                .collect();
            if lines.is_empty() {
                return;
            }
            let i = rng.usize(0..lines.len());
            let what = match rng.usize(0..3) {
                0 => {
                    let copy = lines[i].clone();
                    lines.insert(i, copy);
                    format!("duplicated line {}", i + 1)
                }
                1 => {
                    lines.remove(i);
                    format!("deleted line {}", i + 1)
                }
                _ => {
                    let j = rng.usize(0..lines.len());
                    lines.swap(i, j);
                    format!("swapped lines {} and {}", i + 1, j + 1)
                }
            };
            *bytes = lines.concat();
            what
        }
        _ => {
            // Splice: a piece of another file into this one.
            let Some(donor) = donor.filter(|d| !d.is_empty()) else {
                return;
            };
            let start = rng.usize(0..donor.len());
            let end = (start + rng.usize(1..400)).min(donor.len());
            let at = rng.usize(0..=bytes.len());
            bytes.splice(at..at, donor[start..end].iter().copied());
            format!(
                "spliced {} bytes of another file in at byte {at}",
                end - start
            )
        }
    };
    input.log.push(format!("{path}: {what}"));
}

/// Sets a key that becomes an output path to one of [`PATHS`]: an alias,
/// a slug or a tag of a page, or the referral page's path or a menu link
/// in `site.yaml`.
fn attack_path(rng: &mut fastrand::Rng, input: &mut Input) {
    let chosen = PATHS[rng.usize(0..PATHS.len())];
    let value = quoted(rng, chosen);
    let pages: Vec<String> = input
        .files
        .keys()
        .filter(|p| p.ends_with(".md"))
        .cloned()
        .collect();
    let (path, line) = match rng.usize(0..10) {
        0 | 1 => (
            "content/site.yaml".to_string(),
            if rng.bool() {
                format!("referral: {{ path: {value} }}\n")
            } else {
                format!("menu:\n  - {{ label: X, url: {value} }}\n")
            },
        ),
        n => {
            let Some(page) = pick(rng, &pages).cloned() else {
                return;
            };
            let line = match n {
                2..=6 => format!("aliases: [{value}]\n"),
                7 | 8 => format!("tags: [{value}]\n"),
                _ => format!("slug: {value}\n"),
            };
            (page, line)
        }
    };
    let Some(text) = input
        .files
        .get(&path)
        .and_then(|b| String::from_utf8(b.clone()).ok())
    else {
        return;
    };
    // Replaces the key if the file has it, else adds it at the top.
    let key = line.split(':').next().unwrap_or_default();
    let (start, end) = yaml_area(&path, &text).unwrap_or((0, 0));
    let mut lines: Vec<String> = text[start..end]
        .split_inclusive('\n')
        .map(str::to_string)
        .collect();
    match lines.iter().position(|l| l.starts_with(&format!("{key}:"))) {
        // Another menu item, after the others' heading.
        Some(index) if key == "menu" => {
            lines.insert(index + 1, line.trim_start_matches("menu:\n").to_string())
        }
        Some(index) => lines[index] = line.clone(),
        None => lines.insert(0, line.clone()),
    }
    input.log.push(format!("{path}: set {:?}", clip(&line)));
    let mutated = format!("{}{}{}", &text[..start], lines.concat(), &text[end..]);
    input.files.insert(path, mutated.into_bytes());
}

/// Adds a file at a path Hearth also writes, or with a tricky name.
fn add_file(rng: &mut fastrand::Rng, input: &mut Input) {
    const OWNED: &[&str] = &[
        "content/tags.md",
        "content/404.md",
        "content/atom.xml",
        "content/index.html",
        "content/robots.txt",
        "content/sitemap.xml",
        "content/referral/index.md",
        "content/referral.md",
        "content/comparisons.md",
        "content/style.css",
        "content/about/index.md",
        "content/articles.md",
        "content/tags/goals.md",
        "static/index.html",
        "static/atom.xml",
        "static/404.html",
        "content/articles/first-steps/index.md",
        "content/comparisons/coaching-vs-therapy.md",
    ];
    const NAMES: &[&str] = &[
        "!!!",
        "a b",
        "café",
        "#x",
        "?",
        "%2e%2e",
        "-",
        "UPPER",
        "a.b.c",
        "…",
        "日本",
        "x\u{202e}y",
    ];
    let path = if rng.bool() {
        OWNED[rng.usize(0..OWNED.len())].to_string()
    } else {
        let name = if rng.usize(0..8) == 0 {
            "a".repeat(200)
        } else {
            NAMES[rng.usize(0..NAMES.len())].to_string()
        };
        match rng.usize(0..4) {
            0 => format!("content/articles/{name}.md"),
            1 => format!("content/{name}/_index.md"),
            2 => format!("content/articles/{name}/index.md"),
            _ => format!("content/comparisons/{name}.yaml"),
        }
    };
    let title = tricky_quoted(rng);
    let text = if path.ends_with(".yaml") {
        let (_, seed) = &corpus()[1];
        String::from_utf8_lossy(&seed["content/comparisons/coaching-vs-therapy.yaml"])
            .replace("Coaching or therapy?", &title)
    } else if path.ends_with(".md") {
        format!(
            "---\ntitle: {title}\ndate: 2026-05-01\ntags: [{}]\n---\nText.\n",
            tricky_quoted(rng)
        )
    } else {
        format!("<p>{title}</p>\n")
    };
    input.log.push(format!("added {path}"));
    input.files.insert(path, text.into_bytes());
}

/// Adds a symbolic link from the content folder to a secret outside the site.
fn add_link(rng: &mut fastrand::Rng, input: &mut Input) {
    const LINKS: &[&str] = &[
        "content/articles/leak.txt",
        "content/leak.md",
        "content/comparisons/leak.yaml",
        "static/leak.txt",
        "content/leaked",
        "content/articles/card/photo.txt",
    ];
    let link = LINKS[rng.usize(0..LINKS.len())].to_string();
    let target = if link.ends_with("leaked") {
        "{outside}"
    } else if link.ends_with(".md") {
        "{outside}/secret.md"
    } else if link.ends_with(".yaml") {
        "{outside}/secret.yaml"
    } else {
        "{outside}/secret.txt"
    };
    input.log.push(format!("linked {link} -> {target}"));
    input.links.push((link, target.to_string()));
}

/// A short form of a long value, for the log.
fn clip(text: &str) -> String {
    if text.chars().count() <= 80 {
        text.to_string()
    } else {
        let head: String = text.chars().take(60).collect();
        format!("{head}... ({} characters)", text.chars().count())
    }
}

/// The input of case `number` under `seed`: a function of the two alone.
fn generate(seed: u64, number: usize) -> Input {
    let mut rng = fastrand::Rng::with_seed(mix(seed, number as u64));
    let corpus = corpus();
    // The demo site is the largest and slowest: a quarter of the cases.
    let (name, files) = if rng.usize(0..4) == 0 {
        &corpus[0]
    } else {
        &corpus[rng.usize(1..corpus.len())]
    };
    let mut input = Input {
        seed: name,
        files: files.clone(),
        drafts: rng.usize(0..5) == 0,
        ..Input::default()
    };
    for _ in 0..rng.usize(1..=4) {
        mutate(&mut rng, &mut input);
    }
    input
}

/// SplitMix64 of the seed and the case number: independent streams.
fn mix(seed: u64, number: u64) -> u64 {
    let mut z = seed ^ number.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

// ---------------------------------------------------------------------------
// Running a case.

/// What the environment asks for.
struct Settings {
    seed: u64,
    cases: usize,
    only: Option<usize>,
}

impl Settings {
    fn from_env() -> Settings {
        let number = |name: &str| -> Option<u64> {
            let text = std::env::var(name).ok()?;
            let text = text.trim();
            let parsed = match text.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => text.parse(),
            };
            Some(parsed.unwrap_or_else(|_| panic!("{name}={text} is not a number")))
        };
        Settings {
            seed: number("HEARTH_FUZZ_SEED").unwrap_or(DEFAULT_SEED),
            cases: number("HEARTH_FUZZ_CASES").map_or(DEFAULT_CASES, |n| n as usize),
            only: number("HEARTH_FUZZ_CASE").map(|n| n as usize),
        }
    }
}

/// Whether case `number` runs the binary rather than the library.
fn runs_binary(number: usize) -> bool {
    number % BINARY_EVERY == BINARY_EVERY - 1
}

/// One property a case broke, and how.
#[derive(Debug, Clone)]
struct Failure {
    property: &'static str,
    detail: String,
}

fn fail(failures: &mut Vec<Failure>, property: &'static str, detail: impl Into<String>) {
    failures.push(Failure {
        property,
        detail: detail.into(),
    });
}

/// `text` with every `//` that does not follow a `:` turned into a path
/// into `<tmp>/outside`: a build that wrongly joins such a path writes
/// there, where the test sees it, and never anywhere else on the machine.
fn confine(text: &str, outside: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(index) = rest.find("//") {
        let (head, tail) = rest.split_at(index);
        result.push_str(head);
        let keep = if head.ends_with(':') {
            // A URL: `https://...`.
            2
        } else if tail[1..].starts_with(outside) {
            // Already a path into `<tmp>/outside`.
            1 + outside.len()
        } else {
            0
        };
        if keep > 0 {
            result.push_str(&tail[..keep]);
            rest = &tail[keep..];
        } else {
            result.push('/');
            result.push_str(outside);
            result.push('/');
            rest = &tail[2..];
        }
    }
    result.push_str(rest);
    result
}

/// The previous output of each seed site: what `out` holds before a case.
fn previous_outputs() -> &'static BTreeMap<&'static str, BTreeMap<String, Node>> {
    static OUTPUTS: OnceLock<BTreeMap<&'static str, BTreeMap<String, Node>>> = OnceLock::new();
    OUTPUTS.get_or_init(|| {
        corpus()
            .iter()
            .map(|(name, files)| {
                let dir = tempfile::tempdir().expect("temporary folder");
                let root = dir.path().join("site");
                write_files(&root, theme(), "themes/default/");
                write_files(&root, files, "");
                let out = dir.path().join("out");
                let options = BuildOptions {
                    root: root.clone(),
                    ..BuildOptions::default()
                };
                if let Err(error) = build_into(&options, &out) {
                    panic!("the seed site `{name}` does not build: {error:?}");
                }
                (*name, tree(&out))
            })
            .collect()
    })
}

fn write_files(root: &Path, files: &BTreeMap<String, Vec<u8>>, prefix: &str) {
    for (path, bytes) in files {
        let path = root.join(format!("{prefix}{path}"));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(path, bytes).expect("write file");
    }
}

fn write_nodes(dir: &Path, nodes: &BTreeMap<String, Node>) {
    std::fs::create_dir_all(dir).expect("create folder");
    for (path, node) in nodes {
        let path = dir.join(path);
        match node {
            Node::Dir => std::fs::create_dir_all(&path).expect("create folder"),
            Node::File(bytes) => std::fs::write(&path, bytes).expect("write file"),
            Node::Link(target) => std::os::unix::fs::symlink(target, &path).expect("link"),
        }
    }
}

/// A case's folders: `<tmp>/site` (the site), `<tmp>/out` (its previous
/// build) and `<tmp>/outside` (secrets no output may hold).
struct Laid {
    dir: tempfile::TempDir,
}

impl Laid {
    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }
}

fn lay_out(input: &Input) -> Laid {
    let dir = tempfile::tempdir().expect("temporary folder");
    let laid = Laid { dir };
    let outside = laid.dir.path().join("outside");
    std::fs::create_dir_all(&outside).expect("outside folder");
    std::fs::write(outside.join("secret.txt"), SECRET).expect("secret");
    std::fs::write(
        outside.join("secret.md"),
        format!("---\ntitle: Secret\n---\n{SECRET}\n"),
    )
    .expect("secret");
    std::fs::write(
        outside.join("secret.yaml"),
        format!("title: Secret\ncolumns:\n  - {{ id: a, label: A }}\n  - {{ id: b, label: B }}\nrows:\n  - {{ a: {SECRET}, b: x }}\n"),
    )
    .expect("secret");
    let outside = outside.display().to_string();
    let root = laid.root();
    write_files(&root, theme(), "themes/default/");
    for (path, bytes) in &input.files {
        let bytes = match std::str::from_utf8(bytes) {
            Ok(text) => confine(&text.replace("{outside}", &outside), &outside).into_bytes(),
            Err(_) => bytes.clone(),
        };
        let path = root.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        // A file name the system refuses is not a case worth running.
        let _ = std::fs::write(path, bytes);
    }
    for (link, target) in &input.links {
        let link = root.join(link);
        if let Some(parent) = link.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        let _ = std::fs::remove_file(&link);
        let _ = std::os::unix::fs::symlink(target.replace("{outside}", &outside), link);
    }
    write_nodes(&laid.out(), &previous_outputs()[input.seed]);
    laid
}

fn reported(diagnostic: &Diagnostic) -> Reported {
    Reported {
        severity: match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
        .to_string(),
        code: diagnostic.code.to_string(),
        file: diagnostic
            .file
            .as_ref()
            .map(|f| f.display().to_string().replace('\\', "/")),
        line: diagnostic.location.as_ref().map(|l| l.line as u64),
        column: diagnostic.location.as_ref().map(|l| l.column as u64),
        message: diagnostic.message.clone(),
        help: diagnostic.help.clone(),
    }
}

/// The message of a caught panic.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
        + &LAST_PANIC
            .lock()
            .map(|p| {
                p.clone()
                    .map(|at| format!(" (at {at})"))
                    .unwrap_or_default()
            })
            .unwrap_or_default()
}

/// Where the last panic happened: the panic hook keeps it, quietly.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Checks what is the same for both ways of running a case: the folders
/// before and after, the errors, and the output.
struct Observed<'a> {
    before: &'a BTreeMap<String, Node>,
    after_check: &'a BTreeMap<String, Node>,
    after_build: &'a BTreeMap<String, Node>,
    check_errors: &'a [Reported],
    check_failed: bool,
    build_ok: bool,
    /// What `build` said when it failed, for the report.
    build_said: String,
    out: &'a Path,
}

fn check_observed(seen: &Observed, failures: &mut Vec<Failure>) {
    let changes = tree_changes(seen.before, seen.after_check, |_| false);
    if !changes.is_empty() {
        fail(
            failures,
            "check-wrote",
            format!("`check` changed files: {}", changes.join(", ")),
        );
    }
    let in_out = |path: &str| path == "out" || path.starts_with("out/");
    let lock =
        |path: &str| path.starts_with(".out") && path.contains("lock") && !path.contains('/');
    // The photo cache, `site/.hearth/cache/` and its folders, is Hearth's
    // to write beside the output (tests/photos.rs checks what it holds).
    let cache = |path: &str| {
        "site/.hearth/cache/images/".starts_with(&format!("{path}/"))
            || path.starts_with("site/.hearth/cache/")
    };
    let outside = tree_changes(seen.before, seen.after_build, |p| {
        in_out(p) || lock(p) || cache(p)
    });
    if !outside.is_empty() {
        fail(
            failures,
            "outside-write",
            format!(
                "`build` changed files outside its output folder: {}",
                outside.join(", ")
            ),
        );
    }
    if !seen.build_ok {
        let inside = tree_changes(seen.before, seen.after_build, |p| !in_out(p));
        if !inside.is_empty() {
            fail(
                failures,
                "failed-build-touched-output",
                format!(
                    "a failed build changed the previous output: {}",
                    inside.join(", ")
                ),
            );
        }
    }
    for diagnostic in seen.check_errors {
        if let Some(problem) = unlocated_or_raw(diagnostic) {
            fail(failures, "unlocated", problem);
        }
    }
    if seen.check_failed == seen.build_ok {
        fail(
            failures,
            "disagree",
            format!(
                "`check` {} but `build` {}{}",
                if seen.check_failed {
                    "failed"
                } else {
                    "passed"
                },
                if seen.build_ok {
                    "succeeded"
                } else {
                    "failed: "
                },
                seen.build_said
            ),
        );
    }
    if seen.build_ok {
        for problem in invalid_output(seen.out) {
            fail(failures, "invalid-output", problem);
        }
        for (path, node) in seen.after_build {
            if let (true, Node::File(bytes)) = (in_out(path), node)
                && String::from_utf8_lossy(bytes).contains(SECRET)
            {
                fail(
                    failures,
                    "outside-read",
                    format!("the output's {path} holds a file from outside the site"),
                );
            }
        }
    }
}

/// Runs one case through the library.
fn run_library(input: &Input) -> Vec<Failure> {
    let mut failures = Vec::new();
    let laid = lay_out(input);
    let options = BuildOptions {
        root: laid.root(),
        base_url: None,
        drafts: input.drafts,
        preview: false,
    };
    let top = laid.dir.path();
    let before = tree(top);
    let attempt = std::panic::catch_unwind(AssertUnwindSafe(|| run_pipeline(&options)));
    let after_check = tree(top);
    let built = std::panic::catch_unwind(AssertUnwindSafe(|| build_into(&options, &laid.out())));
    let after_build = tree(top);
    let attempt = match attempt {
        Ok(attempt) => Some(attempt),
        Err(payload) => {
            fail(
                &mut failures,
                "panic",
                format!("`check` panicked: {}", panic_message(&*payload)),
            );
            None
        }
    };
    let mut build_said = String::new();
    let (build_ok, build_errors) = match built {
        Ok(Ok(_)) => (true, Vec::new()),
        Ok(Err(BuildError::Site(diagnostics))) => (
            false,
            diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(reported)
                .collect(),
        ),
        Ok(Err(other)) => {
            build_said = format!("{other:?}");
            fail(
                &mut failures,
                "unlocated",
                format!("`build` failed with no diagnostic a coach can act on: {other:?}"),
            );
            (false, Vec::new())
        }
        Err(payload) => {
            fail(
                &mut failures,
                "panic",
                format!("`build` panicked: {}", panic_message(&*payload)),
            );
            return failures;
        }
    };
    let Some(attempt) = attempt else {
        return failures;
    };
    let check_errors: Vec<Reported> = attempt
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(reported)
        .collect();
    let check_failed = attempt.diagnostics.has_errors();
    if build_said.is_empty() {
        build_said = build_errors
            .iter()
            .map(Reported::summary)
            .collect::<Vec<_>>()
            .join("; ");
    }
    check_observed(
        &Observed {
            before: &before,
            after_check: &after_check,
            after_build: &after_build,
            check_errors: &check_errors,
            check_failed,
            build_ok,
            build_said,
            out: &laid.out(),
        },
        &mut failures,
    );
    if check_failed && !build_ok && !build_errors.is_empty() {
        let mut from_check = check_errors.clone();
        let mut from_build = build_errors;
        from_check.sort();
        from_build.sort();
        if from_check != from_build {
            let only = |a: &[Reported], b: &[Reported]| {
                a.iter()
                    .filter(|d| !b.contains(d))
                    .map(|d| format!("{} (help: {:?})", d.summary(), d.help))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            fail(
                &mut failures,
                "different-errors",
                format!(
                    "only `check` reported: [{}]; only `build` reported: [{}]",
                    only(&from_check, &from_build),
                    only(&from_build, &from_check)
                ),
            );
        }
    }
    if build_ok && let Some(output) = &attempt.output {
        // `serve` shows the in-memory site, `build` writes it: the same bytes.
        let written: BTreeMap<&str, &Vec<u8>> = after_build
            .iter()
            .filter_map(|(path, node)| match node {
                Node::File(bytes) => path.strip_prefix("out/").map(|p| (p, bytes)),
                _ => None,
            })
            .filter(|(path, _)| !path.starts_with('.'))
            // `check` draws no share images and makes no search index
            // (tests/share_images.rs and tests/incremental.rs compare them).
            .filter(|(path, _)| !(path.starts_with("share/") && path.ends_with(".png")))
            .filter(|(path, _)| !path.starts_with("pagefind/"))
            // Nor does it encode photos: their copies are only in `build`.
            .filter(|(path, _)| !is_photo_copy(path))
            .collect();
        let in_memory: BTreeMap<&str, &Vec<u8>> =
            output.files.iter().map(|(p, b)| (p.as_str(), b)).collect();
        if written != in_memory {
            let differing: Vec<&str> = written
                .keys()
                .chain(in_memory.keys())
                .filter(|p| written.get(*p) != in_memory.get(*p))
                .copied()
                .take(5)
                .collect();
            fail(
                &mut failures,
                "output-differs",
                format!("`build` wrote other files than the in-memory build made: {differing:?}"),
            );
        }
    }
    failures
}

/// Runs one case through the `hearth` binary.
fn run_binary(input: &Input) -> Vec<Failure> {
    let mut failures = Vec::new();
    let laid = lay_out(input);
    let root = laid.root();
    let out = laid.out().display().to_string();
    let top = laid.dir.path();
    let limit = Duration::from_secs(60);
    let mut check_args = vec!["check", "--format", "json"];
    let mut build_args = vec!["build", "--out", out.as_str()];
    if input.drafts {
        check_args.push("--drafts");
        build_args.push("--drafts");
    }
    let before = tree(top);
    let (check, _) = run_bounded(&root, &check_args, limit);
    let after_check = tree(top);
    let (build, _) = run_bounded(&root, &build_args, limit);
    let after_build = tree(top);
    for (what, run) in [("check", &check), ("build", &build)] {
        if !matches!(run.code, 0..=2) || run.stderr.contains("panicked") {
            fail(
                &mut failures,
                "panic",
                format!("`{what}` exited {}: {}", run.code, clip(&run.stderr)),
            );
        }
    }
    if build.code == 2 {
        fail(
            &mut failures,
            "disagree",
            format!("`build` refused its output folder: {}", clip(&build.stderr)),
        );
    }
    let reports = match serde_json::from_str::<serde_json::Value>(&check.stdout)
        .map_err(|e| e.to_string())
        .and_then(|json| Reported::all_from_json(&json))
    {
        Ok(reports) => reports,
        Err(error) => {
            fail(
                &mut failures,
                "panic",
                format!("`check --format json` printed no report: {error}"),
            );
            Vec::new()
        }
    };
    let errors: Vec<Reported> = reports
        .into_iter()
        .filter(|d| d.severity == "error")
        .collect();
    check_observed(
        &Observed {
            before: &before,
            after_check: &after_check,
            after_build: &after_build,
            check_errors: &errors,
            check_failed: check.code == 1,
            build_ok: build.code == 0,
            build_said: clip(&build.stderr),
            out: &laid.out(),
        },
        &mut failures,
    );
    for error in &errors {
        if build.code == 1
            && let Some(file) = &error.file
            && !build.stderr.contains(file.as_str())
        {
            fail(
                &mut failures,
                "different-errors",
                format!(
                    "`check` reported {} but `build` did not name {file}",
                    error.summary()
                ),
            );
        }
    }
    failures
}

/// Saves a failing case where it can be looked at and run again.
fn save(settings: &Settings, number: usize, input: &Input, failures: &[Failure]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fuzz-failures")
        .join(format!("seed-{:x}", settings.seed))
        .join(format!("case-{number}"));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, bytes) in &input.files {
        let path = dir.join("site").join(path);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(path, bytes);
    }
    let mut note = format!(
        "Fuzz case {number} of seed {:#x}: the `{}` site{}, run through the {}.\n\
         Run it again: HEARTH_FUZZ_SEED={:#x} HEARTH_FUZZ_CASE={number} cargo test --test fuzz\n\
         `{{outside}}` in the files stands for a folder beside the site, and when the case runs every `//`\n\
         not after a `:` leads into that folder too; the theme is the default theme.\n\nMutations:\n",
        settings.seed,
        input.seed,
        if input.drafts { " with --drafts" } else { "" },
        if runs_binary(number) {
            "binary"
        } else {
            "library"
        },
        settings.seed,
    );
    for line in &input.log {
        note.push_str(&format!("  {line}\n"));
    }
    note.push_str("\nWhat went wrong:\n");
    for failure in failures {
        note.push_str(&format!("  [{}] {}\n", failure.property, failure.detail));
    }
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("NOTE.txt"), note);
    dir
}

// ---------------------------------------------------------------------------
// The test.

#[test]
fn mutated_sites_never_panic_escape_or_mislead() {
    let settings = Settings::from_env();
    let numbers: Vec<usize> = match settings.only {
        Some(number) => vec![number],
        None => (0..settings.cases).collect(),
    };
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
        }
    }));
    if settings.only.is_none() {
        // A whole run replaces the failures an earlier run of this seed saved.
        let _ = std::fs::remove_dir_all(
            Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join("fuzz-failures")
                .join(format!("seed-{:x}", settings.seed)),
        );
    }
    let _ = previous_outputs();
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let found: Mutex<Vec<(usize, Vec<Failure>, PathBuf)>> = Mutex::new(Vec::new());
    let slowest: Mutex<(Duration, usize)> = Mutex::new((Duration::ZERO, 0));
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 2);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&number) = numbers.get(index) else {
                        break;
                    };
                    let input = generate(settings.seed, number);
                    let case_started = Instant::now();
                    let mut failures = if runs_binary(number) {
                        run_binary(&input)
                    } else {
                        run_library(&input)
                    };
                    let took = case_started.elapsed();
                    if took > SLOW_CASE {
                        fail(
                            &mut failures,
                            "slow",
                            format!("the case took {:.1} s", took.as_secs_f64()),
                        );
                    }
                    if let Ok(mut slowest) = slowest.lock()
                        && took > slowest.0
                    {
                        *slowest = (took, number);
                    }
                    if !failures.is_empty() {
                        let saved = save(&settings, number, &input, &failures);
                        if let Ok(mut found) = found.lock() {
                            found.push((number, failures, saved));
                        }
                    }
                }
            });
        }
    });
    let _ = std::panic::take_hook();
    let mut found = found.into_inner().unwrap_or_else(|e| e.into_inner());
    found.sort_by_key(|(number, _, _)| *number);
    let (slowest, slowest_case) = slowest.into_inner().unwrap_or_else(|e| e.into_inner());

    let binary = numbers.iter().filter(|n| runs_binary(**n)).count();
    let mut by_property: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, failures, _) in &found {
        let mut properties: Vec<&str> = failures.iter().map(|f| f.property).collect();
        properties.sort();
        properties.dedup();
        for property in properties {
            *by_property.entry(property).or_default() += 1;
        }
    }
    let mut report = format!(
        "fuzz: {} cases ({} through the library, {} through the binary), seed {:#x}, {:.1} s \
         (slowest: case {slowest_case}, {:.1} s); {} failed\n",
        numbers.len(),
        numbers.len() - binary,
        binary,
        settings.seed,
        started.elapsed().as_secs_f64(),
        slowest.as_secs_f64(),
        found.len()
    );
    for (property, count) in &by_property {
        report.push_str(&format!("  {property}: {count} cases\n"));
    }
    for (number, failures, saved) in found.iter().take(40) {
        report.push_str(&format!("case {number} (saved in {}):\n", saved.display()));
        for failure in failures.iter().take(4) {
            report.push_str(&format!(
                "  [{}] {}\n",
                failure.property,
                clip_long(&failure.detail)
            ));
        }
    }
    if found.len() > 40 {
        report.push_str(&format!("... and {} more cases\n", found.len() - 40));
    }
    println!("{report}");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf);
    let _ = std::fs::write(target.join("fuzz_report.txt"), &report);
    assert!(
        found.is_empty(),
        "{} of {} fuzz cases broke a property; rerun one with HEARTH_FUZZ_SEED={:#x} HEARTH_FUZZ_CASE=N\n{report}",
        found.len(),
        numbers.len(),
        settings.seed
    );
}

/// At most 300 characters of a detail, on one line, control characters
/// written as escapes.
fn clip_long(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| match c {
            '\n' => " ".to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect();
    if line.chars().count() <= 300 {
        line
    } else {
        format!("{}...", line.chars().take(300).collect::<String>())
    }
}

/// Whether `path` is a photo's resized copy (`chairs-1200.webp`), which
/// only `build` encodes.
fn is_photo_copy(path: &str) -> bool {
    let Some((stem, extension)) = path.rsplit_once('.') else {
        return false;
    };
    let photo = ["jpg", "jpeg", "png", "webp"].contains(&extension.to_ascii_lowercase().as_str());
    let width = stem
        .rsplit_once('-')
        .is_some_and(|(_, width)| !width.is_empty() && width.bytes().all(|b| b.is_ascii_digit()));
    photo && width
}
