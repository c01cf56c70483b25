//! Messages a coach can act on: a battery of bad YAML, fed through every
//! place Hearth reads YAML (front matter, `site.yaml`, comparison files,
//! comparison blocks in markdown, `referral.yaml`), must give errors in
//! plain words, each with its place and a help line, and never the YAML
//! library's own text. `HEARTH_SHOW_MESSAGES=1 cargo test --test messages
//! -- --nocapture` prints every message, to read them all.

use hearth::config::{BuildOptions, SiteConfig};
use hearth::diagnostic::{Diagnostic, Severity};
use hearth::load::SourceFile;

/// Words of the YAML library and of Rust that mean nothing to a coach.
const JARGON: &[&str] = &[
    "duplicatekeypolicy",
    "budget",
    "nodes {",
    "i64",
    "u64",
    "scalar",
    "recursion",
    "mapping values",
    "invalid yaml:",
    "serde",
    "options",
    "sequence",
    "deserializ",
    "struct",
    "eof",
    "<document",
    "weak",
];

/// Bad YAML of every kind the parser can be made to reject, each fed to
/// every place that reads YAML. Each name says what is wrong.
fn syntax_battery() -> Vec<(&'static str, String)> {
    let mut battery: Vec<(&str, String)> = [
        ("a repeated top-level key", "title: A\ntitle: B\n"),
        (
            "a repeated nested key",
            "title: A\nextra:\n  a: 1\n  a: 2\n",
        ),
        (
            "a repeated key in braces",
            "title: A\nextra: { a: 1, a: 2 }\n",
        ),
        ("a key indented under a value", "title: A\n  date: x\n"),
        ("an indented first key", " title: A\ndate: x\n"),
        ("a tab before a key", "title: A\n\tdate: 2020-01-01\n"),
        ("a tab before a list item", "title: A\ntags:\n\t- a\n"),
        ("an unclosed double quote", "title: \"unclosed\n"),
        ("an unclosed single quote", "title: 'unclosed\n"),
        ("an apostrophe in single quotes", "title: 'it's here'\n"),
        ("text after double quotes", "title: \"a\" b\n"),
        ("an unclosed bracket", "title: [a, b\n"),
        ("an unclosed brace", "title: {a: b\n"),
        ("a bracket closed with a brace", "title: [a, b}\n"),
        ("a stray closing bracket", "tags: [a]]\n"),
        ("an unknown escape", "title: \"bad \\q escape\"\n"),
        ("a short hex escape", "title: \"\\x4\"\n"),
        ("a bad unicode escape", "title: \"\\uZZZZ\"\n"),
        ("an alias to no anchor", "title: *nothing\n"),
        ("a list that contains itself", "title: A\nextra: &a [*a]\n"),
        (
            "a map that contains itself",
            "title: A\nextra: &a { b: *a }\n",
        ),
        ("a colon in a value", "title: Sam: Coaching\n"),
        ("a directive", "title: A\n%YAML 1.2\n"),
        ("a type tag", "title: !!int 5\n"),
        ("a list item in brackets", "tags: [- a]\n"),
        ("a byte-order mark inside", "title: A\n\u{feff}date: x\n"),
        ("a value starting with @", "title: @home\n"),
        ("a value starting with a backtick", "title: `x`\n"),
        ("a comment inside text over lines", "title: a\n# c\n  b\n"),
        ("a complex key", "? [a]\n: b\n"),
        ("a merge of a number", "<<: 5\n"),
        ("a top-level list", "- a\n- b\n"),
        ("a top-level text", "just some words\n"),
        ("only a comment", "# nothing here\n"),
        ("an unknown key", "colour: red\n"),
        ("a second document", "title: A\n...\ntitle: B\n"),
        ("not-a-number in data", "title: A\nextra: { a: .nan }\n"),
        ("an anchor without a name", "title: & x\n"),
        (
            "a block scalar indented too little",
            "title: A\nextra:\n  a: |\n text\n",
        ),
        ("a null key", "~: x\n"),
        ("a list key", "[a, b]: x\n"),
        ("an empty mapping key", ": x\n"),
    ]
    .into_iter()
    .map(|(name, text)| (name, text.to_string()))
    .collect();
    let huge: String = (0..260_000).map(|i| format!("  - {i}\n")).collect();
    battery.push((
        "big: more values than allowed",
        format!("title: A\nextra:\n{huge}"),
    ));
    let deep = format!("title: A\nextra: {}{}\n", "[".repeat(300), "]".repeat(300));
    battery.push(("brackets nested too deeply", deep));
    let mut bomb = String::from("title: A\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, previous) in ["b", "c", "d", "e", "f", "g"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f"])
    {
        let aliases = vec![format!("*{previous}"); 10].join(", ");
        bomb.push_str(&format!("  {name}: &{name} [{aliases}]\n"));
    }
    battery.push(("big: an alias bomb", bomb));
    battery
}

/// Wrong values for each kind of key, per place.
const FRONT_MATTER: &[&str] = &[
    "title: [1]\n",
    "title: { a: 1 }\n",
    "title:\n",
    "title: ~\n",
    "title: A\ndescription: [x]\n",
    "title: A\ndate: [2026]\n",
    "title: A\ndate: yes\n",
    "title: A\nupdated: 2026-13-01\n",
    "title: A\ntags: 5\n",
    "title: A\ntags: { a: 1 }\n",
    "title: A\ntags: [[a]]\n",
    "title: A\ndraft: maybe\n",
    "title: A\ndraft: [true]\n",
    "title: A\nweight: abc\n",
    "title: A\nweight: 1.5\n",
    "title: A\nweight: 99999999999999999999\n",
    "title: A\nslug: [x]\n",
    "title: A\naliases: { a: 1 }\n",
    "title: A\ntemplate: [x]\n",
    "title: A\ntoc: 5\n",
    "title: A\nsort_by: sideways\n",
    "title: A\nextra: 5\n",
    "title: A\nextra: [1]\n",
    "titel: A\n",
    "date: 2026-01-01\n",
];

const SITE: &[&str] = &[
    "title: [T]\nbase_url: https://a.example\n",
    "title: T\nbase_url: [x]\n",
    "title: T\nbase_url: harbor.example\n",
    "title: T\n",
    "base_url: https://a.example\n",
    "title: T\nbase_url: https://a.example\ndescription: { a: 1 }\n",
    "title: T\nbase_url: https://a.example\nlanguage: [en]\n",
    "title: T\nbase_url: https://a.example\nauthor: Sam\n",
    "title: T\nbase_url: https://a.example\nauthor: { name: [x] }\n",
    "title: T\nbase_url: https://a.example\nauthor: { nme: Sam }\n",
    "title: T\nbase_url: https://a.example\ntheme: [x]\n",
    "title: T\nbase_url: https://a.example\nmenu: 5\n",
    "title: T\nbase_url: https://a.example\nmenu: [5]\n",
    "title: T\nbase_url: https://a.example\nmenu:\n  - { label: A }\n",
    "title: T\nbase_url: https://a.example\nmenu:\n  - { label: A, url: [x] }\n",
    "title: T\nbase_url: https://a.example\nbooking: /contact/\n",
    "title: T\nbase_url: https://a.example\nbooking: { label: A, url: /x/, colour: red }\n",
    "title: T\nbase_url: https://a.example\nreferral: 5\n",
    "title: T\nbase_url: https://a.example\nreferral: { path: [x] }\n",
    "title: T\nbase_url: https://a.example\nreferral: { required: maybe }\n",
    "title: T\nbase_url: https://a.example\nreferral: { path: ../x }\n",
    "title: T\nbase_url: https://a.example\nextra: 5\n",
    "title: T\nbase_url: https://a.example\nmenus: []\n",
];

const COLUMNS: &str = "columns:\n  - { id: a, label: A }\n  - { id: b, label: B }\n";

fn comparisons() -> Vec<String> {
    let mut list: Vec<String> = [
        "title: [T]\n{C}rows:\n  - { a: x, b: y }\n",
        "title: T\ndescription: [x]\n{C}rows:\n  - { a: x, b: y }\n",
        "title: T\ncolumns: 5\nrows:\n  - { a: x }\n",
        "title: T\ncolumns: [5]\nrows:\n  - { a: x }\n",
        "title: T\ncolumns:\n  - { id: a }\nrows:\n  - { a: x }\n",
        "title: T\ncolumns:\n  - { id: [a], label: A }\nrows:\n  - { a: x }\n",
        "title: T\ncolumns:\n  - { id: a, label: A }\n  - { id: a, label: B }\nrows:\n  - { a: x }\n",
        "title: T\ncolumns:\n  - { id: aspect, label: A }\n  - { id: b, label: B }\nrows:\n  - { b: x }\n",
        "title: T\n{C}groups: 5\n",
        "title: T\n{C}groups:\n  - { label: G }\n",
        "title: T\n{C}groups:\n  - { label: G, rows: 5 }\n",
        "title: T\n{C}groups: []\n",
        "title: T\n{C}rows: 5\n",
        "title: T\n{C}rows: [5]\n",
        "title: T\n{C}rows: []\n",
        "title: T\n{C}rows:\n  - { a: [1], b: y }\n",
        "title: T\n{C}rows:\n  - { a: { b: c }, b: y }\n",
        "title: T\n{C}rows:\n  - { a: x, c: y }\n",
        "title: T\n{C}rows:\n  - { a: x }\n",
        "title: T\n{C}rows:\n  - { a: x, b: y, a: z }\n",
        "title: T\n{C}\n",
        "title: T\n{C}rows:\n  - { a: x, b: y }\ngroups:\n  - { label: G, rows: [{ a: x, b: y }] }\n",
        "title: T\n{C}rows:\n  - { a: x, b: y }\nsources: 5\n",
        "title: T\n{C}rows:\n  - { a: x, b: y }\nsources:\n  - { title: S }\n",
        "titel: T\n{C}rowz: []\n",
    ]
    .iter()
    .map(|text| text.replace("{C}", COLUMNS))
    .collect();
    let many: String = (0..60)
        .map(|i| format!("  - {{ id: c{i}, label: C{i} }}\n"))
        .collect();
    list.push(format!(
        "title: T\ncolumns:\n{many}rows:\n  - {{ c0: x }}\n"
    ));
    list
}

const REFERRAL: &[&str] = &[
    "title: [T]\nscope: S\ncriteria:\n  - { level: urgent, text: x }\n",
    "title: T\nintro: [x]\nscope: S\ncriteria:\n  - { level: urgent, text: x }\n",
    "title: T\nscope: [S]\ncriteria:\n  - { level: urgent, text: x }\n",
    "title: T\nscope: S\ncriteria: 5\n",
    "title: T\nscope: S\ncriteria: [5]\n",
    "title: T\nscope: S\ncriteria: []\n",
    "title: T\nscope: S\ncriteria:\n  - { level: urgent }\n",
    "title: T\nscope: S\ncriteria:\n  - { level: [urgent], text: x }\n",
    "title: T\nscope: S\ncriteria:\n  - { level: urgnet, text: x }\n",
    "title: T\nscope: S\ncriteria:\n  - { level: urgent, text: x }\nresources: 5\n",
    "title: T\nscope: S\ncriteria:\n  - { level: urgent, text: x }\nresources:\n  - { name: N }\n",
    "title: T\nscope: S\ncriteria:\n  - { level: urgent, text: x }\nresources:\n  - { name: N, phone: call us }\n",
    "title: T\nscope: S\ncriteria:\n  - { level: urgent, text: x }\nresources:\n  - { name: N, phone: [1] }\n",
    "title: T\nscope: S\ncriteria:\n  - { level: urgent, text: x }\ncontact: 5\n",
    "title: T\nscope: S\ncriteria:\n  - { level: urgent, text: x }\ncontact: { label: L }\n",
    "title: T\nscope: S\ncriteria:\n  - { level: urgent, text: x }\ncontact: { label: L, url: [x] }\n",
    "title: T\ncriteria:\n  - { level: urgent, text: x }\n",
    "title: T\nscope: S\ncriteria:\n  - { level: urgent, text: x }\nfoo: 1\nbar: 2\n",
];

fn front_matter(yaml: &str) -> Vec<Diagnostic> {
    let text = format!("---\n{yaml}---\nBody.\n");
    let (_, errors) = hearth::parse::parse_file(
        SourceFile {
            path: "articles/a.md".into(),
            text,
        },
        true,
    );
    errors
}

fn embedded_comparison(yaml: &str) -> Vec<Diagnostic> {
    let text = format!("---\ntitle: Page\n---\nText.\n\n```comparison\n{yaml}```\n");
    let (_, errors) = hearth::parse::parse_file(
        SourceFile {
            path: "page.md".into(),
            text,
        },
        true,
    );
    errors
}

fn site(yaml: &str) -> Vec<Diagnostic> {
    SiteConfig::parse(yaml, &BuildOptions::default())
        .err()
        .unwrap_or_default()
}

fn data(path: &str, yaml: &str) -> Vec<Diagnostic> {
    let file = SourceFile {
        path: path.into(),
        text: yaml.into(),
    };
    hearth::parse::parse_data(&[file]).1
}

/// What is wrong with one diagnostic, if anything.
fn fault(diagnostic: &Diagnostic) -> Option<String> {
    let text = format!(
        "{} {}",
        diagnostic.message,
        diagnostic.help.as_deref().unwrap_or("")
    )
    .to_lowercase();
    if let Some(word) = JARGON.iter().find(|word| text.contains(*word)) {
        return Some(format!("library jargon `{word}`"));
    }
    if diagnostic.location.is_none() || diagnostic.file.is_none() {
        return Some("no file:line:col".to_string());
    }
    if diagnostic.help.as_deref().is_none_or(str::is_empty) {
        return Some("no help line".to_string());
    }
    None
}

/// Runs `errors_of` on `input` and records each fault, or the lack of an
/// error; returns how many diagnostics it gave.
fn check(
    place: &str,
    name: &str,
    input: &str,
    errors_of: impl Fn(&str) -> Vec<Diagnostic>,
    faults: &mut Vec<String>,
) -> usize {
    let shown = if input.len() > 60 {
        &input[..60]
    } else {
        input
    };
    let errors: Vec<Diagnostic> = errors_of(input)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        faults.push(format!("{place}: {name}: {shown:?}: no error at all"));
    }
    for diagnostic in &errors {
        if std::env::var_os("HEARTH_SHOW_MESSAGES").is_some() {
            println!("{place}: {name}: {shown:?}\n    {diagnostic}");
        }
        if let Some(fault) = fault(diagnostic) {
            faults.push(format!("{place}: {name}: {shown:?}: {fault}: {diagnostic}"));
        }
    }
    errors.len()
}

#[test]
fn every_yaml_error_everywhere_is_plain_located_and_says_what_to_do() {
    let mut faults = Vec::new();
    let mut inputs = 0;
    let mut diagnostics = 0;
    let battery = syntax_battery();
    assert!(battery.len() >= 40, "{}", battery.len());
    for (name, yaml) in &battery {
        inputs += 2;
        diagnostics += check("front matter", name, yaml, front_matter, &mut faults);
        diagnostics += check("site.yaml", name, yaml, site, &mut faults);
        if name.starts_with("big:") {
            // The same code reads every file: twice is enough for the slow ones.
            continue;
        }
        inputs += 3;
        diagnostics += check(
            "comparison",
            name,
            yaml,
            |y| data("comparisons/x.yaml", y),
            &mut faults,
        );
        diagnostics += check(
            "comparison block",
            name,
            yaml,
            embedded_comparison,
            &mut faults,
        );
        diagnostics += check(
            "referral",
            name,
            yaml,
            |y| data("referral.yaml", y),
            &mut faults,
        );
    }
    for yaml in FRONT_MATTER {
        inputs += 1;
        diagnostics += check(
            "front matter",
            "wrong value",
            yaml,
            front_matter,
            &mut faults,
        );
    }
    for yaml in SITE {
        inputs += 1;
        diagnostics += check("site.yaml", "wrong value", yaml, site, &mut faults);
    }
    for yaml in comparisons() {
        inputs += 2;
        diagnostics += check(
            "comparison",
            "wrong value",
            &yaml,
            |y| data("comparisons/x.yaml", y),
            &mut faults,
        );
        diagnostics += check(
            "comparison block",
            "wrong value",
            &yaml,
            embedded_comparison,
            &mut faults,
        );
    }
    for yaml in REFERRAL {
        inputs += 1;
        diagnostics += check(
            "referral",
            "wrong value",
            yaml,
            |y| data("referral.yaml", y),
            &mut faults,
        );
    }
    println!("{inputs} bad inputs gave {diagnostics} errors");
    assert!(
        faults.is_empty(),
        "{} faults in {inputs} inputs:\n{}",
        faults.len(),
        faults.join("\n")
    );
}
