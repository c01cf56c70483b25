//! A battery of bad inputs, in one table: each entry is a small site (the
//! files it adds to a clean base site) and what Hearth must do with it: the
//! exit codes of `check` and `build`, the diagnostics `check --format json`
//! must report (code and `file:line:col`, also printed by `build`), and
//! that nothing outside the output folder changed (nothing at all when the
//! build fails). Each entry names the point of issue 11 it covers, or
//! `extra` for the variants beyond the issue's findings.
//!
//! Every entry runs, then a table of results by point is printed and
//! written to `target/bad_inputs_report.txt`, and the test fails listing
//! every entry that failed, so that one failure hides no other.
//! `HEARTH_BAD_INPUT=text` runs only the entries whose name contains `text`.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{Reported, invalid_output, run_bounded, tree, tree_changes, unlocated_or_raw};

// ---------------------------------------------------------------------------
// The base site every entry starts from: no errors.

const SITE_YAML: &str = "title: Test Practice
base_url: https://test.example
description: A test site.
language: en
author: { name: Alex Doe, email: alex@test.example }
menu:
  - { label: Articles, url: /articles/ }
  - { label: About, url: /about/ }
booking: { label: Book a call, url: /contact/ }
";

const HOME: &str = "---\ntitle: Welcome\ndescription: Home.\n---\nHello. Read [about me](about.md) and the [articles](articles/_index.md).\n";
const ABOUT: &str =
    "---\ntitle: About\ndescription: Who I am.\n---\nHello.\n\n## My approach\n\nCurious.\n";
const CONTACT: &str = "---\ntitle: Contact\ndescription: How to reach me.\n---\nWrite to me.\n";
use common::ARTICLES_SECTION as ARTICLES;
const FIRST: &str = "---\ntitle: First steps\ndescription: The first one.\ndate: 2026-01-05\ntags: [goals]\n---\nHello.\n\n## Start\n\nSee [contact](../contact.md) and [the table](../comparisons/coaching-vs-therapy.yaml).\n";
const REFERRAL: &str = "title: When to see a therapist first
scope: I am a coach.
criteria:
  - { level: urgent, text: You have thoughts of suicide. }
resources:
  - { name: Lifeline, phone: \"988\" }
contact: { label: Book a call, url: /contact/ }
";
const COMPARISON: &str = "title: Coaching or therapy?
columns:
  - { id: coaching, label: Coaching }
  - { id: therapy, label: Therapy }
rows:
  - aspect: Focus
    coaching: The present
    therapy: The past too
";

const BASE: &[(&str, &str)] = &[
    ("content/site.yaml", SITE_YAML),
    ("content/_index.md", HOME),
    ("content/about.md", ABOUT),
    ("content/contact.md", CONTACT),
    ("content/articles/_index.md", ARTICLES),
    ("content/articles/first.md", FIRST),
    ("content/referral.yaml", REFERRAL),
    ("content/comparisons/coaching-vs-therapy.yaml", COMPARISON),
];

/// A markdown file: front matter lines (each ending in `\n`), then a body.
fn page(front: &str, body: &str) -> String {
    format!("---\n{front}---\n{body}")
}

/// `site.yaml` of the base site with `lines` added at its end (line 10 on).
fn site_with(lines: &str) -> String {
    format!("{SITE_YAML}{lines}")
}

/// `file:line:col` of the first `needle` in `text`, the file's content.
fn at(file: &str, text: &str, needle: &str) -> String {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in the text of {file}"));
    let line = text[..offset].matches('\n').count() + 1;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    format!("{file}:{line}:{column}")
}

/// `file:line` of the first `needle` in `text`.
fn at_line(file: &str, text: &str, needle: &str) -> String {
    let full = at(file, text, needle);
    full.rsplit_once(':')
        .map(|(head, _)| head.to_string())
        .unwrap_or(full)
}

// ---------------------------------------------------------------------------
// One entry of the table, built with chained calls.

/// A diagnostic an entry must find in the report.
#[derive(Clone, Debug)]
struct Want {
    severity: &'static str,
    /// Acceptable codes, `a|b`.
    codes: &'static str,
    /// Acceptable places, ` | ` between them: `file`, `file:line` or `file:line:col`.
    at: String,
    /// Words that the file, message or help must hold (case-insensitive;
    /// `a|b` for either).
    names: Vec<String>,
    /// Words that the help must hold (case-insensitive).
    help_has: Vec<String>,
    /// Whether a help line is required.
    needs_help: bool,
    /// Required only when `check` fails: for inputs that Hearth may either
    /// refuse (with this error) or handle.
    only_if_failed: bool,
}

/// What a build must or must not have written, checked after a build that
/// succeeded (paths relative to the output folder).
#[derive(Clone, Debug)]
enum Output {
    Has(&'static str, String),
    Lacks(&'static str, String),
    Exists(&'static str),
    Absent(&'static str),
    /// A path relative to the site root that must not exist after the build.
    Gone(&'static str),
}

/// What one entry gave: for [`Case::verify`] and the report.
struct Outcome {
    reports: Vec<Reported>,
    build: i32,
    out: PathBuf,
}

struct Case {
    point: &'static str,
    name: &'static str,
    files: Vec<(String, Vec<u8>)>,
    remove: Vec<&'static str>,
    setup: Option<fn(&Fixture)>,
    /// Whether to build the base site into `public/` before adding the files.
    prebuild: bool,
    build_args: Vec<String>,
    check_args: Vec<String>,
    /// The output folder, relative to the site root.
    out: String,
    check: &'static [i32],
    build: &'static [i32],
    wants: Vec<Want>,
    forbidden: Vec<&'static str>,
    errors_in: Option<(&'static str, usize)>,
    first_error_in: Option<&'static str>,
    outputs: Vec<Output>,
    /// Paths (relative to the site root) a build may remove: stale leftovers.
    may_remove: Vec<&'static str>,
    max_secs: u64,
    verify: Option<Verify>,
}

/// A check of its own that an entry makes of what it gave.
type Verify = fn(&Outcome) -> Result<(), String>;

/// What an entry gave (for the report) and every way it failed.
type Gave = (String, Vec<String>);

fn case(point: &'static str, name: &'static str) -> Case {
    Case {
        point,
        name,
        files: Vec::new(),
        remove: Vec::new(),
        setup: None,
        prebuild: true,
        build_args: Vec::new(),
        check_args: Vec::new(),
        out: "public".to_string(),
        check: &[0],
        build: &[0],
        wants: Vec::new(),
        forbidden: Vec::new(),
        errors_in: None,
        first_error_in: None,
        outputs: Vec::new(),
        may_remove: Vec::new(),
        max_secs: 60,
        verify: None,
    }
}

impl Case {
    fn file(mut self, path: &str, text: impl Into<String>) -> Case {
        self.files
            .push((path.to_string(), text.into().into_bytes()));
        self
    }

    fn bytes(mut self, path: &str, bytes: &[u8]) -> Case {
        self.files.push((path.to_string(), bytes.to_vec()));
        self
    }

    fn remove(mut self, path: &'static str) -> Case {
        self.remove.push(path);
        self
    }

    fn setup(mut self, setup: fn(&Fixture)) -> Case {
        self.setup = Some(setup);
        self
    }

    fn no_prebuild(mut self) -> Case {
        self.prebuild = false;
        self
    }

    /// Runs `build` with `args`; `--out DIR` also sets the output folder.
    fn build_args(mut self, args: &[&str]) -> Case {
        self.build_args = args.iter().map(|a| a.to_string()).collect();
        if let Some(index) = args.iter().position(|a| *a == "--out")
            && let Some(out) = args.get(index + 1)
        {
            self.out = out.to_string();
        }
        self
    }

    fn check_args(mut self, args: &[&str]) -> Case {
        self.check_args = args.iter().map(|a| a.to_string()).collect();
        self
    }

    fn exits(mut self, check: &'static [i32], build: &'static [i32]) -> Case {
        self.check = check;
        self.build = build;
        self
    }

    /// `build` must refuse (exit 2) and touch nothing; the site itself is fine.
    fn refused(self) -> Case {
        self.exits(&[0], &[2])
    }

    fn want(mut self, severity: &'static str, codes: &'static str, at: impl Into<String>) -> Case {
        self.wants.push(Want {
            severity,
            codes,
            at: at.into(),
            names: Vec::new(),
            help_has: Vec::new(),
            needs_help: false,
            only_if_failed: false,
        });
        self
    }

    /// Both commands fail (exit 1) with this error.
    fn fails(self, codes: &'static str, at: impl Into<String>) -> Case {
        self.exits(&[1], &[1]).want("error", codes, at)
    }

    /// Another error that must be reported too.
    fn also(self, codes: &'static str, at: impl Into<String>) -> Case {
        self.want("error", codes, at)
    }

    fn warns(self, codes: &'static str, at: impl Into<String>) -> Case {
        self.want("warning", codes, at)
    }

    /// The input may also be handled (both commands succeed): the errors
    /// asked for so far are then required only when `check` fails.
    fn or_succeeds(mut self) -> Case {
        for want in &mut self.wants {
            want.only_if_failed = true;
        }
        self.exits(&[0, 1], &[0, 1])
    }

    fn last_want(&mut self) -> &mut Want {
        self.wants.last_mut().expect("a diagnostic to refine")
    }

    /// The last diagnostic's file, message or help must name each of `names`.
    fn names(mut self, names: &[&str]) -> Case {
        let want = self.last_want();
        want.names.extend(names.iter().map(|n| n.to_string()));
        self
    }

    /// The last diagnostic must have a help line holding `text`.
    fn help_has(mut self, text: &str) -> Case {
        let want = self.last_want();
        want.needs_help = true;
        want.help_has.push(text.to_string());
        self
    }

    /// The last diagnostic must have a help line.
    fn with_help(mut self) -> Case {
        self.last_want().needs_help = true;
        self
    }

    /// No diagnostic of this code may be reported.
    fn not(mut self, code: &'static str) -> Case {
        self.forbidden.push(code);
        self
    }

    fn errors_in(mut self, file: &'static str, count: usize) -> Case {
        self.errors_in = Some((file, count));
        self
    }

    fn first_error_in(mut self, file: &'static str) -> Case {
        self.first_error_in = Some(file);
        self
    }

    fn out_has(mut self, path: &'static str, text: &str) -> Case {
        self.outputs.push(Output::Has(path, text.to_string()));
        self
    }

    fn out_lacks(mut self, path: &'static str, text: &str) -> Case {
        self.outputs.push(Output::Lacks(path, text.to_string()));
        self
    }

    fn out_exists(mut self, path: &'static str) -> Case {
        self.outputs.push(Output::Exists(path));
        self
    }

    fn out_absent(mut self, path: &'static str) -> Case {
        self.outputs.push(Output::Absent(path));
        self
    }

    /// A stale leftover the build must remove.
    fn gone(mut self, path: &'static str) -> Case {
        self.may_remove.push(path);
        self.outputs.push(Output::Gone(path));
        self
    }

    fn max_secs(mut self, secs: u64) -> Case {
        self.max_secs = secs;
        self
    }

    fn verify(mut self, verify: Verify) -> Case {
        self.verify = Some(verify);
        self
    }
}

// ---------------------------------------------------------------------------
// Where an entry runs: `<tmp>/site` is the site root, `<tmp>/outside` a
// folder outside it that must stay as the entry left it.

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::create_dir_all(dir.path().join("site")).expect("site folder");
        std::fs::create_dir_all(dir.path().join("outside")).expect("outside folder");
        Fixture { dir }
    }

    fn top(&self) -> &Path {
        self.dir.path()
    }

    fn root(&self) -> PathBuf {
        self.top().join("site")
    }

    fn outside(&self) -> PathBuf {
        self.top().join("outside")
    }

    /// Replaces `{outside}` and `{root}` with the absolute folders.
    fn expand(&self, text: &str) -> String {
        text.replace("{outside}", &self.outside().display().to_string())
            .replace("{root}", &self.root().display().to_string())
    }

    /// Writes a file under the site root.
    fn write(&self, relative: &str, bytes: &[u8]) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(path, bytes).expect("write file");
    }

    /// Writes a file under `<tmp>/outside`.
    fn write_outside(&self, relative: &str, text: &str) {
        let path = self.outside().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(path, text).expect("write file");
    }

    /// A symbolic link at `link` (under the site root) pointing to `target`.
    fn symlink(&self, target: &Path, link: &str) {
        let link = self.root().join(link);
        std::fs::create_dir_all(link.parent().expect("parent")).expect("create folder");
        std::os::unix::fs::symlink(target, link).expect("create symlink");
    }
}

/// A secret outside the site: no build may copy it into its output.
const SECRET: &str = "SECRET-OUTSIDE-THE-SITE";

/// `path` with `.` and `..` worked out, without touching the disk.
fn normalise(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// Runs one entry and returns what it gave and what went wrong.
fn run_case(case: &Case) -> (String, Vec<String>) {
    let fixture = Fixture::new();
    let root = fixture.root();
    common::copy_theme(&root);
    for (path, text) in BASE {
        fixture.write(path, text.as_bytes());
    }
    let mut failures = Vec::new();
    if case.prebuild {
        let (run, _) = run_bounded(&root, &["build"], Duration::from_secs(60));
        if run.code != 0 {
            return (
                "the base site did not build".to_string(),
                vec![format!("the base site did not build:\n{}", run.stderr)],
            );
        }
    }
    for path in &case.remove {
        let path = root.join(path);
        let _ = std::fs::remove_file(&path).or_else(|_| std::fs::remove_dir_all(&path));
    }
    for (path, bytes) in &case.files {
        let bytes = match std::str::from_utf8(bytes) {
            Ok(text) => fixture.expand(text).into_bytes(),
            Err(_) => bytes.clone(),
        };
        fixture.write(path, &bytes);
    }
    if let Some(setup) = case.setup {
        setup(&fixture);
    }

    let expand_all =
        |args: &[String]| -> Vec<String> { args.iter().map(|arg| fixture.expand(arg)).collect() };
    let mut check_args = vec!["check".to_string(), "--format".into(), "json".into()];
    check_args.extend(expand_all(&case.check_args));
    let check_args: Vec<&str> = check_args.iter().map(String::as_str).collect();
    let limit = Duration::from_secs(case.max_secs);
    let (check, check_time) = run_bounded(&root, &check_args, limit);

    let before = tree(fixture.top());
    let mut build_args = vec!["build".to_string()];
    build_args.extend(expand_all(&case.build_args));
    let build_args: Vec<&str> = build_args.iter().map(String::as_str).collect();
    let (build, build_time) = run_bounded(&root, &build_args, limit);
    let after = tree(fixture.top());

    let out = normalise(&root.join(fixture.expand(&case.out)));
    let reports = match serde_json::from_str::<serde_json::Value>(&check.stdout)
        .map_err(|e| e.to_string())
        .and_then(|json| Reported::all_from_json(&json))
    {
        Ok(reports) => reports,
        Err(error) => {
            failures.push(format!(
                "`check --format json` printed no JSON report ({error}):\n{}{}",
                check.stdout, check.stderr
            ));
            Vec::new()
        }
    };
    let gave = format!(
        "check {} [{}] build {}",
        check.code,
        reports
            .iter()
            .map(|d| format!("{}@{}", d.code, d.position()))
            .collect::<Vec<_>>()
            .join(", "),
        build.code
    );

    // Nothing panics, and each command stays within its time.
    for (what, run, time) in [("check", &check, check_time), ("build", &build, build_time)] {
        if run.code == 101 || run.code == -1 || run.stderr.contains("panicked") {
            failures.push(format!(
                "`{what}` crashed (exit {}):\n{}",
                run.code, run.stderr
            ));
        }
        if time > limit {
            failures.push(format!(
                "`{what}` took {:.1} s, more than {} s{}",
                time.as_secs_f64(),
                case.max_secs,
                if run.code == -9 {
                    ", and was stopped"
                } else {
                    ""
                }
            ));
        }
    }
    if !case.check.contains(&check.code) {
        failures.push(format!(
            "`check` exited {}, expected {:?}; it reported:\n{}",
            check.code,
            case.check,
            list(&reports)
        ));
    }
    if !case.build.contains(&build.code) {
        failures.push(format!(
            "`build` exited {}, expected {:?}; stderr:\n{}",
            build.code,
            case.build,
            clip(&build.stderr)
        ));
    }
    // `check` fails exactly when the site makes `build` fail.
    if build.code != 2 && (check.code == 1) != (build.code == 1) {
        failures.push(format!(
            "`check` and `build` disagree: check exited {}, build {}",
            check.code, build.code
        ));
    }
    if build.code == 2 {
        let lower = build.stderr.to_lowercase();
        if !lower.contains("error") || !lower.contains("help") {
            failures.push(format!(
                "`build` refused without saying why and what to do (an `error:` and a `help:` line):\n{}",
                build.stderr
            ));
        }
    }

    // Nothing outside the output folder changed; nothing at all on failure.
    let top = fixture.top();
    let out_relative = out
        .strip_prefix(top)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let out_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out_parent = out_relative
        .rsplit_once('/')
        .map_or(String::new(), |(parent, _)| format!("{parent}/"));
    let removable: Vec<String> = case
        .may_remove
        .iter()
        .map(|p| format!("site/{p}"))
        .collect();
    let skip = |path: &str| {
        // The photo cache keeps what was encoded, even for a build that
        // fails on something else: `site/.hearth/cache/` and its folders.
        "site/.hearth/cache/images/".starts_with(&format!("{path}/"))
            || path.starts_with("site/.hearth/cache/")
        // Creating the folders that hold the output folder is fine.
        || (build.code == 0 && out_relative.starts_with(&format!("{path}/")))
            || removable
                .iter()
                .any(|r| path == r || path.starts_with(&format!("{r}/")))
            || (build.code == 0
                && !out_relative.is_empty()
                && (path == out_relative
                    || path.starts_with(&format!("{out_relative}/"))
                    // A lock file beside the output folder may stay.
                    || path
                        .strip_prefix(&out_parent)
                        .is_some_and(|name| {
                            name.starts_with(&format!(".{out_name}"))
                                && name.contains("lock")
                                && !name.contains('/')
                        })))
    };
    let changes = tree_changes(&before, &after, skip);
    if !changes.is_empty() {
        failures.push(format!(
            "the build changed files outside its output folder {}:\n  {}",
            if out_relative.is_empty() {
                "(which is outside the test folder)".to_string()
            } else {
                out_relative.clone()
            },
            changes.join("\n  ")
        ));
    }

    // The expected diagnostics, in check's report and in build's messages.
    for want in &case.wants {
        if want.only_if_failed && check.code != 1 {
            continue;
        }
        let found = reports.iter().any(|d| matches(want, d));
        if !found {
            failures.push(format!(
                "no {}[{}] at {}{}{}; check reported:\n{}",
                want.severity,
                want.codes,
                want.at,
                if want.names.is_empty() {
                    String::new()
                } else {
                    format!(" naming {:?}", want.names)
                },
                if want.needs_help {
                    format!(" with a help line holding {:?}", want.help_has)
                } else {
                    String::new()
                },
                list(&reports)
            ));
        }
        if want.severity == "error" && build.code == 1 && !in_build_messages(want, &build.stderr) {
            failures.push(format!(
                "`build` did not print error[{}] at {}:\n{}",
                want.codes,
                want.at,
                clip(&build.stderr)
            ));
        }
    }
    for code in &case.forbidden {
        let hits: Vec<&Reported> = reports.iter().filter(|d| d.code == *code).collect();
        if !hits.is_empty() {
            failures.push(format!(
                "`{code}` must not be reported, but was:\n{}",
                hits.iter()
                    .map(|d| format!("  {}", d.summary()))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    if let Some((file, count)) = case.errors_in {
        let errors = reports
            .iter()
            .filter(|d| d.severity == "error" && d.file.as_deref() == Some(file))
            .count();
        if errors != count {
            failures.push(format!(
                "{errors} errors in {file}, expected {count}:\n{}",
                list(&reports)
            ));
        }
    }
    if let Some(file) = case.first_error_in {
        let first = reports.iter().find(|d| d.severity == "error");
        if first.and_then(|d| d.file.as_deref()) != Some(file) {
            failures.push(format!(
                "the first error is not in {file} (the root cause comes first):\n{}",
                list(&reports)
            ));
        }
    }
    // Every error is located or explained, in plain words.
    for diagnostic in &reports {
        if let Some(problem) = unlocated_or_raw(diagnostic) {
            failures.push(problem);
        }
    }

    // A successful build's output is well-formed, and as the entry says.
    if build.code == 0 {
        for problem in invalid_output(&out) {
            failures.push(format!("invalid output: {problem}"));
        }
        for entry in walkdir::WalkDir::new(&out).into_iter().flatten() {
            if entry.file_type().is_file()
                && std::fs::read(entry.path())
                    .is_ok_and(|bytes| String::from_utf8_lossy(&bytes).contains(SECRET))
            {
                failures.push(format!(
                    "the output holds a file from outside the site: {}",
                    entry
                        .path()
                        .strip_prefix(&out)
                        .unwrap_or(entry.path())
                        .display()
                ));
            }
        }
        for output in &case.outputs {
            if let Some(problem) = check_output(output, &out, &root) {
                failures.push(problem);
            }
        }
    }
    if let Some(verify) = case.verify {
        let outcome = Outcome {
            reports: reports.clone(),
            build: build.code,
            out: out.clone(),
        };
        if let Err(problem) = verify(&outcome) {
            failures.push(problem);
        }
    }
    (gave, failures)
}

/// Whether `diagnostic` is the one `want` describes.
fn matches(want: &Want, diagnostic: &Reported) -> bool {
    if diagnostic.severity != want.severity || !want.codes.split('|').any(|c| c == diagnostic.code)
    {
        return false;
    }
    let place_ok = want.at.split(" | ").any(|place| {
        let mut parts = place.split(':');
        let file = parts.next().unwrap_or_default();
        let line = parts.next().and_then(|l| l.parse::<u64>().ok());
        let column = parts.next().and_then(|c| c.parse::<u64>().ok());
        diagnostic.file.as_deref() == Some(file)
            && line.is_none_or(|l| diagnostic.line == Some(l))
            && column.is_none_or(|c| diagnostic.column == Some(c))
    });
    if !place_ok {
        return false;
    }
    let help = diagnostic.help.clone().unwrap_or_default().to_lowercase();
    let text = format!(
        "{} {} {}",
        diagnostic.file.clone().unwrap_or_default(),
        diagnostic.message,
        help
    )
    .to_lowercase();
    want.names.iter().all(|name| {
        name.split('|')
            .any(|alternative| text.contains(&alternative.to_lowercase()))
    }) && (!want.needs_help || !help.trim().is_empty())
        && want
            .help_has
            .iter()
            .all(|h| help.contains(&h.to_lowercase()))
}

/// Whether `build`'s messages name the error `want` describes.
fn in_build_messages(want: &Want, stderr: &str) -> bool {
    let coded = want
        .codes
        .split('|')
        .any(|code| stderr.contains(&format!("[{code}]")));
    let placed = want.at.split(" | ").any(|place| {
        let parts = place.split(':').count();
        match parts {
            2 => stderr.contains(&format!("{place}:")),
            _ => stderr.contains(place),
        }
    });
    coded && placed
}

fn check_output(output: &Output, out: &Path, root: &Path) -> Option<String> {
    let read = |path: &str| std::fs::read_to_string(out.join(path)).ok();
    match output {
        Output::Has(path, text) => match read(path) {
            Some(found) if found.contains(text.as_str()) => None,
            Some(_) => Some(format!("the output's {path} lacks {text:?}")),
            None => Some(format!("the output has no {path}")),
        },
        Output::Lacks(path, text) => match read(path) {
            Some(found) if found.contains(text.as_str()) => {
                Some(format!("the output's {path} holds {text:?}"))
            }
            _ => None,
        },
        Output::Exists(path) => {
            (!out.join(path).exists()).then(|| format!("the output has no {path}"))
        }
        Output::Absent(path) => out
            .join(path)
            .exists()
            .then(|| format!("the output has {path}, which it must not")),
        Output::Gone(path) => root
            .join(path)
            .exists()
            .then(|| format!("the stale {path} is still there after the build")),
    }
}

fn list(reports: &[Reported]) -> String {
    if reports.is_empty() {
        return "  (nothing)".to_string();
    }
    reports
        .iter()
        .map(|d| format!("  {}", d.summary()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// At most 40 lines of a long output.
fn clip(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= 40 {
        text.to_string()
    } else {
        format!(
            "{}\n... ({} more lines)",
            lines[..40].join("\n"),
            lines.len() - 40
        )
    }
}

// ---------------------------------------------------------------------------
// The test.

#[test]
fn every_bad_input_is_refused_or_handled_safely() {
    let filter = std::env::var("HEARTH_BAD_INPUT").unwrap_or_default();
    let all = cases();
    let mut names = std::collections::HashSet::new();
    for case in &all {
        assert!(names.insert(case.name), "two entries named {}", case.name);
    }
    let selected: Vec<&Case> = all.iter().filter(|c| c.name.contains(&filter)).collect();
    assert!(!selected.is_empty(), "no entry's name contains {filter:?}");

    let results: Mutex<Vec<Option<Gave>>> = Mutex::new((0..selected.len()).map(|_| None).collect());
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 3);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = selected.get(index) else {
                        break;
                    };
                    let result = std::panic::catch_unwind(|| run_case(case)).unwrap_or_else(|_| {
                        (
                            "the test itself panicked".to_string(),
                            vec!["the test itself panicked on this entry".to_string()],
                        )
                    });
                    results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(result);
                }
            });
        }
    });
    let results: Vec<(String, Vec<String>)> = results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.unwrap_or_else(|| ("did not run".into(), vec!["did not run".into()])))
        .collect();

    let report = summary(&selected, &results);
    println!("{report}");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf);
    let _ = std::fs::write(target.join("bad_inputs_report.txt"), &report);

    let failed: Vec<String> = selected
        .iter()
        .zip(&results)
        .filter(|(_, (_, failures))| !failures.is_empty())
        .map(|(case, (_, failures))| {
            format!(
                "[point {}] {}:\n    {}",
                case.point,
                case.name,
                failures.join("\n").replace('\n', "\n    ")
            )
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} bad inputs were not handled as they must be:\n\n{}",
        failed.len(),
        selected.len(),
        failed.join("\n\n")
    );
}

/// The table of results: by point, then one line per entry.
fn summary(cases: &[&Case], results: &[(String, Vec<String>)]) -> String {
    let mut by_point: BTreeMap<(u32, &str), (usize, usize)> = BTreeMap::new();
    for (case, (_, failures)) in cases.iter().zip(results) {
        let order = case.point.parse::<u32>().unwrap_or(99);
        let entry = by_point.entry((order, case.point)).or_default();
        if failures.is_empty() {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    let passed = results.iter().filter(|(_, f)| f.is_empty()).count();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "Battery of bad inputs: {} entries, {} passed, {} failed\n",
        cases.len(),
        passed,
        cases.len() - passed
    );
    let _ = writeln!(
        text,
        "{:<7} {:>7} {:>7} {:>7}",
        "point", "entries", "passed", "failed"
    );
    for ((_, point), (pass, fail)) in &by_point {
        let _ = writeln!(text, "{point:<7} {:>7} {pass:>7} {fail:>7}", pass + fail);
    }
    let _ = writeln!(
        text,
        "\nPoint 6 (live reload with many tabs) and the serve side of point 4 need a running \
         `hearth serve` and a browser: they belong to the serve tests, not to this battery."
    );
    let _ = writeln!(
        text,
        "\nEach entry: what it gave (check's exit code and report, build's exit code)"
    );
    for (case, (gave, failures)) in cases.iter().zip(results) {
        let _ = writeln!(
            text,
            "{} [{}] {}: {}",
            if failures.is_empty() { "PASS" } else { "FAIL" },
            case.point,
            case.name,
            gave
        );
        for failure in failures {
            let first = failure.lines().next().unwrap_or_default();
            let _ = writeln!(text, "       - {first}");
        }
    }
    text
}

// ---------------------------------------------------------------------------
// The table.

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    cases.extend(point_1_output_folder());
    cases.extend(point_2_paths());
    cases.extend(point_3_owners());
    cases.extend(point_4_symlinks());
    cases.extend(point_5_leftovers());
    cases.extend(point_7_all_errors());
    cases.extend(point_8_messages());
    cases.extend(point_9_links());
    cases.extend(point_10_output());
    cases.extend(extra_front_matter());
    cases.extend(extra_data_files());
    cases.extend(extra_feed_settings());
    cases.extend(extra_site_profile());
    cases.extend(glossary_files());
    cases.extend(extra_practice_pages());
    cases.extend(extra_faq_forms());
    cases.extend(share_images());
    cases.extend(photo_settings());
    cases
}

/// `images:` in `site.yaml` (issue 14): a width that is not a whole number
/// of pixels and a format Hearth does not write, each at its place, with a
/// did-you-mean where one is close.
fn photo_settings() -> Vec<Case> {
    let s = "content/site.yaml";
    vec![
        case("photos", "images-width-not-positive")
            .file(s, site_with("images: { widths: [800, 0, -5] }\n"))
            .fails("invalid-site-yaml", format!("{s}:10:25"))
            .also("invalid-site-yaml", format!("{s}:10:28"))
            .names(&["0"])
            .help_has("whole number"),
        case("photos", "images-width-not-a-number")
            .file(s, site_with("images:\n  widths: [800, wide]\n"))
            .fails("invalid-site-yaml", format!("{s}:11"))
            .with_help(),
        case("photos", "images-format-misspelt")
            .file(s, site_with("images: { formats: [wepb] }\n"))
            .fails("invalid-site-yaml", format!("{s}:10:21"))
            .names(&["wepb"])
            .help_has("did you mean `webp`"),
        case("photos", "images-format-unknown")
            .file(s, site_with("images: { formats: [avif] }\n"))
            .fails("invalid-site-yaml", format!("{s}:10:21"))
            .help_has("formats: []"),
        case("photos", "images-key-misspelt")
            .file(s, site_with("images: { width: [800] }\n"))
            .fails("invalid-site-yaml", format!("{s}:10:11"))
            .help_has("widths"),
    ]
}

/// `feed:` in `site.yaml` (issue 13): a value it does not take, a key it
/// does not know, and a shape that is not a mapping, each at its place
/// with a did-you-mean where one is close.
fn extra_feed_settings() -> Vec<Case> {
    let s = "content/site.yaml";
    vec![
        case("extra", "feed-content-misspelt")
            .file(s, site_with("feed: { content: sumary }\n"))
            .fails("invalid-site-yaml", format!("{s}:10:18"))
            .names(&["sumary"])
            .help_has("did you mean `summary`"),
        case("extra", "feed-content-unknown")
            .file(s, site_with("feed:\n  content: everything\n"))
            .fails("invalid-site-yaml", format!("{s}:11:12"))
            .help_has("full")
            .help_has("summary"),
        case("extra", "feed-key-misspelt")
            .file(s, site_with("feed: { contnet: full }\n"))
            .fails("invalid-site-yaml", format!("{s}:10:9"))
            .help_has("content"),
        case("extra", "feed-not-a-mapping")
            .file(s, site_with("feed: summary\n"))
            .fails("invalid-site-yaml", format!("{s}:10"))
            .with_help(),
        case("extra", "feed-content-not-text")
            .file(s, site_with("feed: { content: [full] }\n"))
            .fails("invalid-site-yaml", format!("{s}:10"))
            .with_help(),
        // `search:` (issue 16): yes or no, as written.
        case("extra", "search-is-a-word")
            .file(s, site_with("search: sometimes\n"))
            .fails("invalid-site-yaml", format!("{s}:10:9"))
            .with_help(),
        case("extra", "search-is-quoted")
            .file(s, site_with("search: \"off\"\n"))
            .fails("invalid-site-yaml", format!("{s}:10:9"))
            .help_has("search: false"),
        case("extra", "search-is-a-list")
            .file(s, site_with("search: [pages]\n"))
            .fails("invalid-site-yaml", format!("{s}:10:9"))
            .with_help(),
    ]
}

/// Point 1: `--out` never deletes what it did not write.
fn point_1_output_folder() -> Vec<Case> {
    vec![
        case("1", "out-is-the-site-root")
            .build_args(&["--out", "."])
            .refused(),
        case("1", "out-is-the-site-root-absolute")
            .build_args(&["--out", "{root}"])
            .refused(),
        case("1", "out-is-the-site-root-spelt-indirectly")
            .build_args(&["--out", "content/.."])
            .refused(),
        case("1", "out-is-the-site-root-with-force")
            .build_args(&["--out", ".", "--force"])
            .refused(),
        case("1", "out-is-content")
            .build_args(&["--out", "content"])
            .refused(),
        case("1", "out-is-content-with-force")
            .build_args(&["--out", "content", "--force"])
            .refused(),
        case("1", "out-is-inside-content")
            .build_args(&["--out", "content/articles"])
            .refused(),
        case("1", "out-is-a-new-folder-inside-content")
            .build_args(&["--out", "content/public"])
            .refused(),
        case("1", "out-contains-the-site")
            .build_args(&["--out", ".."])
            .refused(),
        case("1", "out-is-the-themes-folder")
            .build_args(&["--out", "themes"])
            .refused(),
        case("1", "out-is-the-theme")
            .build_args(&["--out", "themes/default"])
            .refused(),
        case("1", "out-is-inside-the-theme")
            .build_args(&["--out", "themes/default/static"])
            .refused(),
        case("1", "out-is-the-site-templates-folder")
            .setup(|f| {
                let page = std::fs::read(f.root().join("themes/default/templates/page.html"))
                    .expect("theme page template");
                f.write("templates/page.html", &page);
            })
            .build_args(&["--out", "templates"])
            .refused(),
        case("1", "out-is-a-foreign-folder-with-files")
            .setup(|f| f.write("../notes/thesis.txt", b"years of work"))
            .build_args(&["--out", "../notes"])
            .refused(),
        case("1", "default-public-holds-foreign-files")
            .no_prebuild()
            .setup(|f| f.write("public/thesis.txt", b"years of work"))
            .refused(),
        case("1", "out-is-an-existing-file")
            .setup(|f| f.write("../notes.txt", b"years of work"))
            .build_args(&["--out", "../notes.txt"])
            .exits(&[0], &[1, 2]),
        case("1", "public-is-a-link-to-content")
            .no_prebuild()
            .setup(|f| f.symlink(Path::new("content"), "public"))
            .exits(&[0], &[1, 2]),
        // What must keep working.
        case("1", "out-is-a-new-folder")
            .build_args(&["--out", "../new/site"])
            .out_exists("index.html"),
        case("1", "out-is-an-empty-folder")
            .setup(|f| {
                std::fs::create_dir_all(f.top().join("empty")).expect("empty folder");
            })
            .build_args(&["--out", "../empty"])
            .out_exists("index.html"),
        case("1", "out-is-the-previous-build")
            .build_args(&["--out", "public"])
            .out_exists("index.html"),
    ]
}

/// Point 2: no output path escapes the output folder.
fn point_2_paths() -> Vec<Case> {
    let alias = |value: &str| page(&format!("title: A\naliases: [{value}]\n"), "Text.\n");
    let slug = |value: &str| page(&format!("title: A\nslug: {value}\n"), "Text.\n");
    let tag = |value: &str| {
        page(
            &format!("title: A\ndate: 2026-02-01\ntags: [{value}]\n"),
            "Text.\n",
        )
    };
    let a = "content/a.md";
    vec![
        case("2", "alias-host-like-html-writes-outside")
            .file(a, alias("/{outside}/PWNED.html"))
            .fails("bad-alias|bad-path", format!("{a}:3:11")),
        case("2", "alias-host-like-htm-writes-outside")
            .file(a, alias("/{outside}/PWNED.htm"))
            .fails("bad-alias|bad-path", format!("{a}:3:11")),
        case("2", "alias-host-like-folder")
            .file(a, alias("//host.example/x/"))
            .fails("bad-alias|bad-path", format!("{a}:3:11")),
        case("2", "alias-empty")
            .file(a, alias("\"\""))
            .fails("bad-alias|bad-path", format!("{a}:3:11")),
        case("2", "alias-only-spaces")
            .file(a, alias("\"   \""))
            .fails("bad-alias|bad-path", format!("{a}:3:11")),
        case("2", "alias-dot-dot")
            .file(a, alias("/../x.html"))
            .fails("bad-alias|bad-path", format!("{a}:3:11")),
        case("2", "alias-dot-dot-inside")
            .file(a, alias("/old/../../x/"))
            .fails("bad-alias|bad-path", format!("{a}:3:11")),
        case("2", "alias-backslash")
            .file(a, alias("'/x\\y.html'"))
            .fails("bad-alias|bad-path", format!("{a}:3:11")),
        case("2", "alias-nul")
            .file(a, alias("\"/x\\0y.html\""))
            .fails("bad-alias|bad-path", format!("{a}:3:11"))
            .or_succeeds(),
        case("2", "alias-url-of-another-site")
            .file(a, alias("https://other.example/x/"))
            .fails("bad-alias|bad-path", format!("{a}:3:11")),
        case("2", "alias-relative")
            .file(a, alias("old/a/"))
            .fails("bad-alias|bad-path", format!("{a}:3:11")),
        case("2", "alias-with-a-query")
            .file(a, alias("/x?id=3"))
            .fails("bad-alias|bad-path", format!("{a}:3:11")),
        case("2", "alias-absolute-looking-site-path-stays-inside")
            .file(a, alias("/tmp/old/x.html"))
            .out_exists("tmp/old/x.html"),
        case("2", "slug-dot-dot")
            .file(a, slug(".."))
            .fails("bad-slug|bad-path", format!("{a}:3:7")),
        case("2", "slug-absolute")
            .file(a, slug("/etc"))
            .fails("bad-slug|bad-path", format!("{a}:3:7")),
        case("2", "slug-host-like")
            .file(a, slug("//host"))
            .fails("bad-slug|bad-path", format!("{a}:3:7")),
        case("2", "slug-two-segments")
            .file(a, slug("a/b"))
            .fails("bad-slug|bad-path", format!("{a}:3:7")),
        case("2", "slug-empty")
            .file(a, slug("\"\""))
            .fails("bad-slug|bad-path", format!("{a}:3:7")),
        case("2", "slug-dot")
            .file(a, slug("\".\""))
            .fails("bad-slug|bad-path", format!("{a}:3:7")),
        case("2", "slug-nul")
            .file(a, slug("\"a\\0b\""))
            .fails("bad-slug|bad-path", format!("{a}:3:7"))
            .or_succeeds(),
        case("2", "tag-of-punctuation-only")
            .file(a, tag("\"!!!\""))
            .fails("bad-tag", format!("{a}:4:8")),
        case("2", "tag-dot-dot")
            .file(a, tag("\"..\""))
            .fails("bad-tag", format!("{a}:4:8")),
        case("2", "tag-slash")
            .file(a, tag("\"/\""))
            .fails("bad-tag", format!("{a}:4:8")),
        case("2", "tag-empty")
            .file(a, tag("\"\""))
            .fails("bad-tag", format!("{a}:4:8")),
        case("2", "referral-path-dot-dot")
            .file(
                "content/site.yaml",
                site_with("referral: { path: /../x/ }\n"),
            )
            .fails("invalid-site-yaml|bad-path", "content/site.yaml:10"),
        case("2", "referral-path-host-like")
            .file(
                "content/site.yaml",
                site_with("referral: { path: //host.example/x/ }\n"),
            )
            .fails("invalid-site-yaml|bad-path", "content/site.yaml:10"),
        case("2", "lints-unknown-code")
            .file(
                "content/site.yaml",
                site_with("lints: { scope-claims: off }\n"),
            )
            .fails("invalid-site-yaml", "content/site.yaml:10:10"),
        case("2", "lints-unknown-level")
            .file(
                "content/site.yaml",
                site_with("lints: { scope-claim: loud }\n"),
            )
            .fails("invalid-site-yaml", "content/site.yaml:10:23"),
        case("2", "lints-not-a-map")
            .file("content/site.yaml", site_with("lints: [scope-claim]\n"))
            .fails("invalid-site-yaml", "content/site.yaml:10"),
        case("2", "lints-level-a-list")
            .file(
                "content/site.yaml",
                site_with("lints: { scope-claim: [off] }\n"),
            )
            .fails("invalid-site-yaml", "content/site.yaml:10"),
        case("2", "referral-path-empty")
            .file("content/site.yaml", site_with("referral: { path: \"\" }\n"))
            .fails("invalid-site-yaml|bad-path", "content/site.yaml:10"),
        case("2", "bundle-folder-of-punctuation-only")
            .file(
                "content/articles/!!!/index.md",
                page("title: Bang\n", "Text.\n"),
            )
            .fails("bad-slug|bad-path", "content/articles/!!!/index.md"),
        case("2", "page-file-of-punctuation-only")
            .file("content/articles/!!!.md", page("title: Bang\n", "Text.\n"))
            .fails("bad-slug|bad-path", "content/articles/!!!.md"),
        case("2", "section-folder-of-punctuation-only")
            .file("content/???/_index.md", page("title: Marks\n", "Text.\n"))
            .fails("bad-slug|bad-path", "content/???/_index.md"),
        case("2", "template-name-escapes-the-theme")
            .file(
                a,
                page(
                    "title: A\ntemplate: ../../../../../../etc/passwd\n",
                    "Text.\n",
                ),
            )
            .fails("missing-template|bad-path|template", format!("{a}:3:11")),
    ]
}

/// Point 3: no page silently replaces another.
fn point_3_owners() -> Vec<Case> {
    let alias = |value: &str| page(&format!("title: A\naliases: [{value}]\n"), "Text.\n");
    let a = "content/a.md";
    let at_alias = format!("{a}:3:11");
    let owned = |name: &'static str, value: &str, other: &'static str| {
        case("3", name)
            .file(a, alias(value))
            .fails("duplicate-url|bad-alias", at_alias.clone())
            .names(&[a, other])
    };
    let site_yaml = |lines: &str| site_with(lines);
    vec![
        owned("alias-replaces-the-home-page", "/index.html", "content/_index.md"),
        owned("alias-slash-replaces-the-home-page", "/", "content/_index.md"),
        owned("alias-replaces-the-404-page", "/404.html", "404"),
        owned("alias-replaces-the-tags-page", "/tags/", "tags"),
        owned("alias-replaces-a-tag-page", "/tags/goals/", "goals"),
        owned("alias-replaces-the-feed", "/atom.xml", "atom.xml"),
        owned("alias-replaces-the-sitemap", "/sitemap.xml", "sitemap.xml"),
        owned("alias-replaces-robots-txt", "/robots.txt", "robots.txt"),
        owned("alias-replaces-the-referral-page", "/referral/", "content/referral.yaml"),
        owned("alias-replaces-another-page", "/about/", "content/about.md"),
        owned("alias-replaces-another-page-file", "/about/index.html", "content/about.md"),
        owned("alias-replaces-a-section", "/articles/", "content/articles/_index.md"),
        owned(
            "alias-replaces-a-comparison",
            "/comparisons/coaching-vs-therapy/",
            "content/comparisons/coaching-vs-therapy.yaml",
        ),
        owned("alias-replaces-the-comparisons-list", "/comparisons/", "comparisons"),
        owned("alias-replaces-the-stylesheet", "/style.css", "style.css"),
        case("3", "alias-is-the-page-itself")
            .file(a, alias("/a/"))
            .fails("duplicate-url|bad-alias", at_alias.clone()),
        case("3", "two-pages-with-one-alias")
            .file(a, alias("/old/"))
            .file("content/b.md", page("title: B\naliases: [/old/]\n", "Text.\n"))
            .fails("duplicate-url|bad-alias", format!("{a}:3:11 | content/b.md:3:11"))
            .names(&[a, "content/b.md"]),
        case("3", "a-page-named-tags")
            .file("content/tags.md", page("title: My tags\n", "Text.\n"))
            .fails("duplicate-url", "content/tags.md")
            .names(&["content/tags.md", "tags"]),
        case("3", "a-section-named-tags")
            .file("content/tags/_index.md", page("title: My tags\n", "Text.\n"))
            .fails("duplicate-url", "content/tags/_index.md")
            .names(&["content/tags/_index.md", "tags"]),
        case("3", "a-page-at-a-tag-page")
            .file("content/tags/goals.md", page("title: Goals\n", "Text.\n"))
            .fails("duplicate-url", "content/tags/goals.md")
            .names(&["content/tags/goals.md", "goals"]),
        case("3", "slug-referral-replaces-the-referral-page")
            .file("content/x.md", page("title: X\nslug: referral\n", "Text.\n"))
            .fails("duplicate-url", "content/x.md:3:7 | content/referral.yaml")
            .names(&["content/x.md", "content/referral.yaml"]),
        case("3", "a-page-named-referral")
            .file("content/referral.md", page("title: Referral\n", "Text.\n"))
            .fails("duplicate-url", "content/referral.md | content/referral.yaml")
            .names(&["content/referral.md", "content/referral.yaml"]),
        case("3", "a-bundle-named-referral")
            .file("content/referral/index.md", page("title: Referral\n", "Text.\n"))
            .fails("duplicate-url", "content/referral/index.md | content/referral.yaml")
            .names(&["content/referral/index.md", "content/referral.yaml"]),
        case("3", "referral-path-of-another-page")
            .file("content/site.yaml", site_yaml("referral: { path: /about/ }\n"))
            .fails("duplicate-url", "content/site.yaml:10 | content/about.md")
            .names(&["content/site.yaml", "content/about.md"]),
        case("3", "referral-path-of-a-section")
            .file("content/site.yaml", site_yaml("referral: { path: /articles/ }\n"))
            .fails("duplicate-url", "content/site.yaml:10 | content/articles/_index.md")
            .names(&["content/site.yaml", "content/articles/_index.md"]),
        case("3", "referral-path-of-the-tags-page")
            .file("content/site.yaml", site_yaml("referral: { path: /tags/ }\n"))
            .fails("duplicate-url", "content/site.yaml:10")
            .names(&["content/site.yaml", "tags"]),
        case("3", "a-page-named-comparisons")
            .file("content/comparisons.md", page("title: Tables\n", "Text.\n"))
            .fails("duplicate-url", "content/comparisons.md")
            .names(&["content/comparisons.md", "comparisons"]),
        case("3", "a-page-and-a-comparison-of-one-name")
            .file(
                "content/comparisons/coaching-vs-therapy.md",
                page("title: Page\n", "Text.\n"),
            )
            .fails(
                "duplicate-url",
                "content/comparisons/coaching-vs-therapy.md | content/comparisons/coaching-vs-therapy.yaml",
            )
            .names(&[
                "content/comparisons/coaching-vs-therapy.md",
                "content/comparisons/coaching-vs-therapy.yaml",
            ]),
        case("3", "a-page-and-a-bundle-of-one-name")
            .file("content/about/index.md", page("title: About too\n", "Text.\n"))
            .fails("duplicate-url", "content/about/index.md | content/about.md")
            .names(&["content/about/index.md", "content/about.md"]),
        case("3", "a-page-and-a-section-of-one-name")
            .file("content/articles.md", page("title: Articles too\n", "Text.\n"))
            .fails("duplicate-url", "content/articles.md | content/articles/_index.md")
            .names(&["content/articles.md", "content/articles/_index.md"]),
        case("3", "two-articles-with-one-slug")
            .file("content/articles/other.md", page("title: Other\nslug: first\n", "Text.\n"))
            .fails("duplicate-url", "content/articles/other.md:3:7 | content/articles/first.md")
            .names(&["content/articles/other.md", "content/articles/first.md"]),
        case("3", "a-content-file-replaces-the-feed")
            .file("content/atom.xml", "<feed/>")
            .fails("duplicate-url", "content/atom.xml")
            .names(&["content/atom.xml", "feed|generated|written by hearth"]),
        case("3", "a-content-file-replaces-the-sitemap")
            .file("content/sitemap.xml", "<urlset/>")
            .fails("duplicate-url", "content/sitemap.xml")
            .names(&["content/sitemap.xml"]),
        case("3", "a-content-file-replaces-robots-txt")
            .file("content/robots.txt", "User-agent: *\n")
            .fails("duplicate-url", "content/robots.txt")
            .names(&["content/robots.txt"]),
        case("3", "a-content-file-replaces-the-404-page")
            .file("content/404.html", "<p>lost</p>")
            .fails("duplicate-url", "content/404.html")
            .names(&["content/404.html"]),
        case("3", "a-content-file-replaces-the-home-page")
            .file("content/index.html", "<p>home</p>")
            .fails("duplicate-url", "content/index.html")
            .names(&["content/index.html", "content/_index.md"]),
        case("3", "a-content-file-replaces-a-page")
            .file("content/about/index.html", "<p>about</p>")
            .fails("duplicate-url", "content/about/index.html | content/about.md")
            .names(&["content/about/index.html", "content/about.md"]),
        case("3", "a-content-file-replaces-the-stylesheet")
            .file("content/style.css", "body { color: red }")
            .fails("duplicate-url", "content/style.css")
            .names(&["content/style.css", "style.css"]),
        case("3", "a-static-file-replaces-the-home-page")
            .file("static/index.html", "<p>home</p>")
            .fails("duplicate-url", "static/index.html")
            .names(&["static/index.html", "content/_index.md"]),
        case("3", "a-static-file-replaces-the-feed")
            .file("static/atom.xml", "<feed/>")
            .fails("duplicate-url", "static/atom.xml")
            .names(&["static/atom.xml"]),
    ]
}

/// Point 4 (the build's side): a symbolic link never brings a file from
/// outside the site into the output; it is skipped with a warning naming it.
fn point_4_symlinks() -> Vec<Case> {
    vec![
        case("4", "linked-asset-outside-the-site")
            .setup(|f| {
                f.write_outside("secret.txt", SECRET);
                f.symlink(
                    &f.outside().join("secret.txt"),
                    "content/articles/photo.txt",
                );
            })
            .warns("symlink-outside-site", "content/articles/photo.txt")
            .names(&["content/articles/photo.txt"])
            .out_absent("articles/photo.txt"),
        case("4", "linked-page-outside-the-site")
            .setup(|f| {
                f.write_outside("leak.md", &page("title: Leak\n", SECRET));
                f.symlink(&f.outside().join("leak.md"), "content/leak.md");
            })
            .warns("symlink-outside-site", "content/leak.md")
            .out_absent("leak/index.html"),
        case("4", "linked-folder-outside-the-site")
            .setup(|f| {
                f.write_outside("notes/a.md", &page("title: Notes\n", SECRET));
                f.write_outside("notes/b.txt", SECRET);
                f.symlink(&f.outside().join("notes"), "content/notes");
            })
            .warns("symlink-outside-site", "content/notes")
            .out_absent("notes/b.txt"),
        case("4", "linked-comparison-outside-the-site")
            .setup(|f| {
                f.write_outside("table.yaml", &COMPARISON.replace("The present", SECRET));
                f.symlink(
                    &f.outside().join("table.yaml"),
                    "content/comparisons/leak.yaml",
                );
            })
            .warns("symlink-outside-site", "content/comparisons/leak.yaml")
            .out_absent("comparisons/leak/index.html"),
        case("4", "linked-static-file-outside-the-site")
            .setup(|f| {
                f.write_outside("secret.txt", SECRET);
                f.symlink(&f.outside().join("secret.txt"), "static/leak.txt");
            })
            .warns("symlink-outside-site", "static/leak.txt")
            .out_absent("leak.txt"),
        case("4", "linked-system-file")
            .setup(|f| f.symlink(Path::new("/etc/passwd"), "content/articles/passwd.txt"))
            .warns("symlink-outside-site", "content/articles/passwd.txt")
            .out_absent("articles/passwd.txt"),
        case("4", "relative-link-out-of-the-site")
            .setup(|f| {
                f.write_outside("secret.txt", SECRET);
                f.symlink(
                    Path::new("../../../outside/secret.txt"),
                    "content/articles/up.txt",
                );
            })
            .warns("symlink-outside-site", "content/articles/up.txt")
            .out_absent("articles/up.txt"),
        // Links that stay inside the site may be followed or skipped, but
        // neither hangs nor fails the build.
        case("4", "link-loop-inside-content")
            .setup(|f| f.symlink(Path::new("."), "content/articles/loop")),
        case("4", "dangling-link").setup(|f| f.symlink(Path::new("nowhere.md"), "content/gone.md")),
        case("4", "link-to-a-page-inside-the-site")
            .setup(|f| f.symlink(Path::new("first.md"), "content/articles/again.md")),
    ]
}

/// Point 5: stale staging folders of killed builds are removed.
fn point_5_leftovers() -> Vec<Case> {
    vec![
        case("5", "stale-staging-folders-are-removed")
            .setup(|f| {
                f.write(".public.new-4194000-0/index.html", b"half a site");
                f.write(
                    ".public.new-4194000-0/.hearth-output",
                    hearth::output::staging_marker().as_bytes(),
                );
                f.write(".public.old-4194001-1/index.html", b"the old site");
                f.write(
                    ".public.old-4194001-1/.hearth-output",
                    hearth::output::staging_marker().as_bytes(),
                );
            })
            .gone(".public.new-4194000-0")
            .gone(".public.old-4194001-1")
            .out_exists("index.html"),
        // Without the marker, or under another name, a folder is not known
        // to be Hearth's: every file of it stays.
        case("5", "unmarked-look-alikes-of-staging-folders-stay")
            .setup(|f| {
                f.write(".public.new-4194003/index.html", b"a half site of old");
                f.write(".public.old-2023/.hearth-output", b"marker");
                f.write(".public.old-2023/notes.txt", b"my only copy");
            })
            .out_exists("index.html"),
        case("5", "leftovers-of-another-folder-are-not-touched")
            .setup(|f| f.write(".notes.new-4194002/thesis.txt", b"years of work"))
            .out_exists("index.html"),
    ]
}

/// Point 7: all errors at once, and only real ones.
fn point_7_all_errors() -> Vec<Case> {
    let three = page("title: [1]\ndate: yes\ncolour: red\n", "Text.\n");
    let b = "content/articles/b.md";
    let corner = "content/articles/corner.md";
    let linker = "content/articles/linker.md";
    let linker_text = page(
        "title: Linker\ndate: 2026-02-02\n",
        "See [[Coach's corner]], [the corner](corner.md) and [[corner]].\n",
    );
    let many = page(
        "title: Many\ndate: 2026-13-45\nslug: a/b\ndescripton: typo\n",
        "Text.\n",
    );
    let template = "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock %}\n";
    let two_cells = "title: T
columns:
  - { id: coaching, label: Coaching }
  - { id: therapy, label: Therapy }
rows:
  - coaching: A
    therapie: B
  - coaching: C
";
    let two_referral = "title: R
scope: I am a coach.
criteria:
  - { level: severe, text: One. }
resources:
  - { name: Line, phone: \"call me\" }
";
    vec![
        case("7", "three-front-matter-errors-in-one-file")
            .file(b, three.clone())
            .fails("front-matter", format!("{b}:2:8"))
            .also("bad-date|front-matter", format!("{b}:3:7"))
            .also("front-matter", format!("{b}:4:1"))
            .errors_in(b, 3),
        case("7", "apostrophe-in-a-single-quoted-title-is-one-root-cause")
            .file(corner, page("title: 'Coach's corner'\ndate: 2026-02-01\n", "Text.\n"))
            .file(linker, linker_text.clone())
            .file(
                "content/about.md",
                format!("{ABOUT}\nMore in [[Coach's corner]].\n"),
            )
            .fails("front-matter", format!("{corner}:2"))
            .not("broken-link")
            .first_error_in(corner),
        case("7", "a-template-error-is-not-hidden-by-link-errors")
            .file("themes/default/templates/page.html", template)
            .file("content/a.md", page("title: A\n", "See [x](nowhere.md).\n"))
            .fails("broken-link", "content/a.md:4:5")
            .also("template", "themes/default/templates/page.html"),
        case("7", "errors-in-several-files-all-reported")
            .file(b, three)
            .file("content/c.md", page("title: C\n", "[[Nobody]]\n"))
            .file("content/d.md", page("title: D\nslug: a/b\n", "Text.\n"))
            .fails("front-matter", format!("{b}:2:8"))
            .also("broken-link", "content/c.md:4:1")
            .also("bad-slug|bad-path", "content/d.md:3:7"),
        case("7", "three-kinds-of-error-in-one-file")
            .file("content/many.md", many.clone())
            .fails("bad-date", at("content/many.md", &many, "2026-13-45"))
            .also("bad-slug|bad-path", at("content/many.md", &many, "a/b"))
            .also("front-matter", at("content/many.md", &many, "descripton"))
            .errors_in("content/many.md", 3),
        case("7", "two-errors-in-one-comparison")
            .file("content/comparisons/two.yaml", two_cells)
            .fails(
                "comparison-cell|comparison-column|invalid-comparison",
                at("content/comparisons/two.yaml", two_cells, "therapie"),
            )
            .also(
                "comparison-cell",
                at_line("content/comparisons/two.yaml", two_cells, "  - coaching: C"),
            ),
        case("7", "two-errors-in-the-referral-guidelines")
            .file("content/referral.yaml", two_referral)
            .fails(
                "referral-level",
                at("content/referral.yaml", two_referral, "severe"),
            )
            .also(
                "referral-phone",
                at("content/referral.yaml", two_referral, "\"call me\""),
            ),
        case("7", "two-errors-in-site-yaml")
            .file(
                "content/site.yaml",
                SITE_YAML.replace("language: en\n", "colour: red\nmenu: 5\n").replace(
                    "menu:\n  - { label: Articles, url: /articles/ }\n  - { label: About, url: /about/ }\n",
                    "",
                ),
            )
            .fails("invalid-site-yaml", "content/site.yaml:4:1")
            .also("invalid-site-yaml", "content/site.yaml:5:7"),
        case("7", "a-broken-page-is-not-also-a-broken-link-target")
            .file(corner, page("title: Corner\ndate: 2026-02-30\n", "Text.\n"))
            .file(linker, linker_text.replace("[[Coach's corner]], ", ""))
            .fails("bad-date", format!("{corner}:3:7"))
            .not("broken-link"),
    ]
}

/// Point 8: messages a coach can act on: a help line, plain words.
fn point_8_messages() -> Vec<Case> {
    let s = "content/site.yaml";
    let a = "content/a.md";
    let site_case = |name: &'static str, text: String, line: &str| {
        case("8", name)
            .file(s, text)
            .fails(
                "invalid-site-yaml|invalid-base-url",
                if line.is_empty() {
                    s.to_string()
                } else {
                    format!("{s}:{line}")
                },
            )
            .with_help()
    };
    let laughs = "title: A\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n  g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
    vec![
        site_case(
            "site-yaml-without-a-title",
            SITE_YAML.replace("title: Test Practice\n", ""),
            "",
        ),
        site_case(
            "site-yaml-without-a-base-url",
            SITE_YAML.replace("base_url: https://test.example\n", ""),
            "",
        ),
        site_case(
            "site-yaml-unknown-key",
            SITE_YAML.replace("language: en", "langauge: en"),
            "4:1",
        )
        .help_has("language"),
        site_case(
            "site-yaml-menu-not-a-list",
            site_with("").replace(
                "menu:\n  - { label: Articles, url: /articles/ }\n  - { label: About, url: /about/ }\n",
                "menu: /articles/\n",
            ),
            "6:7",
        ),
        site_case(
            "site-yaml-menu-item-without-url",
            SITE_YAML.replace("{ label: About, url: /about/ }", "{ label: About }"),
            "8",
        ),
        site_case(
            "site-yaml-booking-not-a-map",
            SITE_YAML.replace(
                "booking: { label: Book a call, url: /contact/ }",
                "booking: /contact/",
            ),
            "9:10",
        ),
        site_case(
            "site-yaml-author-not-a-map",
            SITE_YAML.replace(
                "author: { name: Alex Doe, email: alex@test.example }",
                "author: [Alex]",
            ),
            "5:9",
        ),
        site_case(
            "site-yaml-relative-base-url",
            SITE_YAML.replace("https://test.example", "test.example"),
            "2:11",
        ),
        site_case("site-yaml-empty", String::new(), "1"),
        site_case(
            "site-yaml-duplicate-key",
            site_with("title: Again\n"),
            "10",
        ),
        site_case(
            "site-yaml-colon-in-the-title",
            SITE_YAML.replace("title: Test Practice", "title: Harbor: Coaching"),
            "1",
        )
        .help_has("quot"),
        site_case(
            "site-yaml-tab-indentation",
            SITE_YAML.replace("  - { label: About", "\t- { label: About"),
            "8",
        ),
        case("8", "site-yaml-not-utf8")
            .bytes(s, b"title: Caf\xe9\nbase_url: https://test.example\n")
            .fails("not-utf8", s)
            .with_help(),
        case("8", "site-yaml-missing")
            .remove("content/site.yaml")
            .fails("missing-site-yaml", s)
            .with_help(),
        case("8", "front-matter-duplicate-key")
            .file(a, page("title: A\ntitle: B\n", "Text.\n"))
            .fails("front-matter", format!("{a}:3"))
            .with_help(),
        case("8", "front-matter-colon-in-the-title")
            .file(a, page("title: Coaching: a start\n", "Text.\n"))
            .fails("front-matter", format!("{a}:2"))
            .help_has("quot"),
        case("8", "front-matter-tab-indentation")
            .file(a, page("title: A\ntags:\n\t- one\n", "Text.\n"))
            .fails("front-matter", format!("{a}:4"))
            .with_help(),
        case("8", "front-matter-number-too-big")
            .file(a, page("title: A\nweight: 99999999999999999999\n", "Text.\n"))
            .fails("front-matter", format!("{a}:3:9"))
            .with_help(),
        case("8", "front-matter-recursive-alias")
            .file(a, page("title: A\nextra: &x { again: *x }\n", "Text.\n"))
            .fails("front-matter", format!("{a}:3"))
            .with_help(),
        case("8", "front-matter-billion-laughs")
            .file(a, page(laughs, "Text.\n"))
            .fails("front-matter", a)
            .with_help()
            .max_secs(30),
        case("8", "front-matter-wrong-type-says-what-is-expected")
            .file(a, page("title: A\ntags: 5\n", "Text.\n"))
            .fails("front-matter", format!("{a}:3:7"))
            .names(&["list"])
            .with_help(),
    ]
}

/// Point 9: links everywhere are checked.
fn point_9_links() -> Vec<Case> {
    let s = "content/site.yaml";
    let menu = |url: &str| SITE_YAML.replace("url: /about/ }", &format!("url: {url} }}"));
    let booking = |url: &str| SITE_YAML.replace("url: /contact/ }", &format!("url: {url} }}"));
    let draft = page("title: Draft page\ndraft: true\n", "Not yet.\n");
    let b = "content/b.md";
    let misspelt = menu("/abuot/");
    let booking_missing = booking("/contcat/");
    let menu_draft = menu("/draft/");
    let booking_draft = booking("/draft/");
    let anchor = menu("/about/#nope");
    let referral_missing = REFERRAL.replace("url: /contact/", "url: /nowhere/");
    let links = page("title: B\n", "See [draft](draft.md).\n");
    let wiki = page("title: B\n", "See [[Draft page]].\n");
    let by_path = page("title: B\n", "See [draft](/draft/).\n");
    let cell = COMPARISON.replace("The present", "The [present](nowhere.md)");
    let intro = format!("{REFERRAL}intro: Read [this](articles/nowhere.md).\n");
    let relative_menu = menu("about");
    let script_source =
        format!("{COMPARISON}sources:\n  - {{ title: Evil, url: \"javascript:alert(1)\" }}\n");
    let script_menu = menu("\"javascript:alert(3)\"");
    let script_resource = REFERRAL.replace(
        "phone: \"988\" }",
        "phone: \"988\", url: \"javascript:alert(1)\" }",
    );
    vec![
        case("9", "menu-item-to-a-misspelt-page")
            .file(s, misspelt.clone())
            .fails("broken-link", at(s, &misspelt, "/abuot/"))
            .help_has("/about/"),
        case("9", "menu-item-as-a-file-name")
            .file(s, menu("about.md"))
            .exits(&[0, 1], &[0, 1])
            .verify(|outcome| {
                // Either checked and refused, or resolved like a markdown link.
                if outcome.build == 1 {
                    let found = outcome.reports.iter().any(|d| {
                        d.code == "broken-link" && d.file.as_deref() == Some("content/site.yaml")
                    });
                    return if found {
                        Ok(())
                    } else {
                        Err("the menu's `about.md` failed the build without a broken-link at content/site.yaml".into())
                    };
                }
                let home = std::fs::read_to_string(outcome.out.join("index.html")).unwrap_or_default();
                if home.contains("href=\"/about/\"") && !home.contains("href=\"about.md\"") {
                    Ok(())
                } else {
                    Err("the menu's `about.md` neither failed the check nor became a link to /about/".into())
                }
            }),
        case("9", "menu-item-to-a-missing-anchor")
            .file(s, anchor.clone())
            .fails("broken-link", at(s, &anchor, "/about/#nope")),
        case("9", "menu-item-to-a-draft")
            .file("content/draft.md", draft.clone())
            .file(s, menu_draft.clone())
            .fails("draft-link", at(s, &menu_draft, "/draft/")),
        case("9", "booking-to-a-missing-page")
            .file(s, booking_missing.clone())
            .fails("broken-link", at(s, &booking_missing, "/contcat/"))
            .help_has("/contact/"),
        case("9", "booking-to-a-draft")
            .file("content/draft.md", draft.clone())
            .file(s, booking_draft.clone())
            .fails("draft-link", at(s, &booking_draft, "/draft/")),
        case("9", "referral-contact-to-a-missing-page")
            .file("content/referral.yaml", referral_missing.clone())
            .fails("broken-link", at("content/referral.yaml", &referral_missing, "/nowhere/")),
        case("9", "menu-items-to-generated-pages-are-fine")
            .file(
                s,
                SITE_YAML.replace(
                    "  - { label: About, url: /about/ }\n",
                    "  - { label: Feed, url: /atom.xml }\n  - { label: Tags, url: /tags/ }\n  - { label: Goals, url: /tags/goals/ }\n  - { label: Referral, url: /referral/ }\n  - { label: Table, url: /comparisons/coaching-vs-therapy/ }\n  - { label: Approach, url: \"/about/#my-approach\" }\n  - { label: Home, url: / }\n  - { label: Elsewhere, url: \"https://other.example/\" }\n  - { label: Mail, url: \"mailto:alex@test.example\" }\n",
                ),
            )
            .not("broken-link"),
        case("9", "email-autolink-is-a-mailto-link")
            .file("content/about.md", format!("{ABOUT}\nWrite to <jane@example.com>.\n"))
            .out_has("about/index.html", "href=\"mailto:jane@example.com\""),
        case("9", "link-to-a-draft-says-it-is-a-draft")
            .file("content/draft.md", draft.clone())
            .file(b, links.clone())
            .fails("draft-link", at(b, &links, "[draft]"))
            .names(&["draft"]),
        case("9", "wikilink-to-a-draft-says-it-is-a-draft")
            .file("content/draft.md", draft.clone())
            .file(b, wiki.clone())
            .fails("draft-link", at(b, &wiki, "[[Draft page]]")),
        case("9", "site-path-to-a-draft-says-it-is-a-draft")
            .file("content/draft.md", draft.clone())
            .file(b, by_path.clone())
            .fails("draft-link", at(b, &by_path, "[draft]")),
        case("9", "link-to-a-draft-is-fine-with-drafts")
            .file("content/draft.md", draft)
            .file(b, links)
            .check_args(&["--drafts"])
            .build_args(&["--drafts"])
            .out_exists("draft/index.html"),
        case("9", "link-to-a-missing-file")
            .file(b, page("title: B\n", "See [x](nowhere.md).\n"))
            .fails("broken-link", format!("{b}:4:5")),
        case("9", "link-to-a-missing-anchor")
            .file(b, page("title: B\n", "See [x](about.md#nope).\n"))
            .fails("broken-link", format!("{b}:4:5")),
        case("9", "wikilink-to-nobody")
            .file(b, page("title: B\n", "See [[Nobody at all]].\n"))
            .fails("broken-link", format!("{b}:4:5")),
        case("9", "link-in-a-comparison-cell")
            .file("content/comparisons/coaching-vs-therapy.yaml", cell.clone())
            .fails(
                "broken-link",
                at_line("content/comparisons/coaching-vs-therapy.yaml", &cell, "nowhere.md"),
            ),
        case("9", "link-in-the-referral-intro")
            .file("content/referral.yaml", intro.clone())
            .fails(
                "broken-link",
                at_line("content/referral.yaml", &intro, "nowhere.md"),
            ),
        // A relative address is read from each page's own address.
        case("9", "menu-item-as-a-relative-address")
            .file(s, relative_menu.clone())
            .fails("broken-link", at(s, &relative_menu, "about }"))
            .help_has("/about/"),
        case("9", "relative-address-to-no-page")
            .file("content/articles/a.md", page("title: A\n", "See [x](about/).\n"))
            .fails("broken-link", "content/articles/a.md:4:5")
            .help_has("/about/"),
        case("9", "relative-address-to-a-page-is-fine")
            .file("content/articles/a.md", page("title: A\n", "See [x](../../about/) and [y](/about/index.html).\n"))
            .out_exists("articles/a/index.html"),
        case("9", "script-address-in-a-link")
            .file(b, page("title: B\n", "See [x](JavaScript:alert(1)).\n"))
            .fails("broken-link", format!("{b}:4:5"))
            .help_has("https address"),
        case("9", "a-static-index-html-is-linked-by-its-name")
            .file("static/demo/index.html", "<p>demo</p>")
            .file(b, page("title: B\n", "See [x](/demo/index.html).\n"))
            .out_exists("demo/index.html"),
        case("9", "relative-address-to-a-draft-says-it-is-a-draft")
            .file(
                "content/draft.md",
                page("title: Draft page\ndraft: true\n", "Not yet.\n"),
            )
            .file("content/articles/a.md", page("title: A\n", "See [x](../../draft/).\n"))
            .fails("draft-link", "content/articles/a.md:4:5"),
        case("9", "script-address-as-a-comparison-source")
            .file("content/comparisons/coaching-vs-therapy.yaml", script_source.clone())
            .fails(
                "comparison-source",
                at_line("content/comparisons/coaching-vs-therapy.yaml", &script_source, "title: Evil"),
            ),
        case("9", "script-address-in-the-menu")
            .file(s, script_menu.clone())
            .fails("broken-link", at(s, &script_menu, "\"javascript:alert(3)\"")),
        case("9", "script-address-as-a-referral-resource")
            .file("content/referral.yaml", script_resource.clone())
            .fails(
                "referral-resource",
                at("content/referral.yaml", &script_resource, "\"javascript:alert(1)\""),
            )
            .help_has("https://"),
    ]
}

/// Point 10: valid output on any input, in linear time.
fn point_10_output() -> Vec<Case> {
    let article = |front: &str, body: &str| page(&format!("date: 2026-03-01\n{front}"), body);
    // Quadratic work shows at this size even in a debug build: about 50 s
    // where linear work takes under 10.
    let broken_links: String = (0..40_000)
        .map(|i| format!("[l{i}](missing-{i}.md)\n"))
        .collect();
    let one_line: String = (0..10_000)
        .map(|i| format!("[l{i}](missing-{i}.md) "))
        .collect();
    let wide_columns: String = (0..5_000)
        .map(|i| format!("  - {{ id: c{i}, label: C{i} }}\n"))
        .collect();
    let wide_row: String = (0..5_000).map(|i| format!("    c{i}: x\n")).collect();
    let wide = format!("title: Wide\ncolumns:\n{wide_columns}rows:\n  - aspect: One\n{wide_row}");
    let nested_quotes = format!("{} deep\n", ">".repeat(3_000));
    let nested_lists: String = (0..400)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    let nested_yaml = format!(
        "title: A\nextra: {}1{}\n",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let many_tags: String = (0..5_000).map(|i| format!("t{i}, ")).collect();
    let valid = |name: &'static str, path: &str, text: String| case("10", name).file(path, text);
    vec![
        valid(
            "nul-in-a-title",
            "content/articles/nul.md",
            article("title: \"Before\\0after\"\n", "Text.\n"),
        ),
        valid(
            "control-characters-in-a-title",
            "content/articles/ctl.md",
            article("title: \"Bell\\a escape\\e tab\\v feed\\f\"\n", "Text.\n"),
        ),
        valid(
            "nul-in-a-description",
            "content/articles/nul.md",
            article("title: Nul\ndescription: \"a\\0b\\x01c\"\n", "Text.\n"),
        ),
        valid(
            "non-characters-in-a-title",
            "content/articles/nonchar.md",
            article("title: \"A\\uFFFEB\\uFFFFC\"\n", "Text.\n"),
        ),
        valid(
            "control-characters-in-a-tag",
            "content/articles/tag.md",
            article("title: Tagged\ntags: [\"a\\x01b\", \"c\\0d\"]\n", "Text.\n"),
        )
        .exits(&[0, 1], &[0, 1]),
        case("10", "raw-control-bytes-in-a-body")
            .bytes(
                "content/articles/raw.md",
                b"---\ntitle: Raw\ndate: 2026-03-01\n---\nNul \x00 bell \x07 escape \x1b feed \x0c end.\n\n## Head\x01ing\n",
            ),
        case("10", "raw-control-bytes-in-a-title")
            .bytes(
                "content/articles/raw.md",
                b"---\ntitle: Raw \x01 title \x1b end\ndate: 2026-03-01\n---\nText.\n",
            )
            .exits(&[0, 1], &[0, 1]),
        valid(
            "control-characters-in-site-yaml",
            "content/site.yaml",
            SITE_YAML
                .replace("title: Test Practice", "title: \"Test\\0 Practice\\x01\"")
                .replace("description: A test site.", "description: \"A \\e site\\v.\"")
                .replace("name: Alex Doe", "name: \"Alex\\0 Doe\""),
        ),
        valid(
            "control-characters-in-a-comparison",
            "content/comparisons/coaching-vs-therapy.yaml",
            COMPARISON
                .replace("The present", "\"The\\0 present\\x02\"")
                .replace("Coaching or therapy?", "\"Coaching\\0 or therapy?\""),
        ),
        valid(
            "control-characters-in-the-referral-guidelines",
            "content/referral.yaml",
            REFERRAL
                .replace("I am a coach.", "\"I am\\0 a coach\\x03.\"")
                .replace("You have thoughts of suicide.", "\"You have\\0 thoughts.\""),
        ),
        valid(
            "markup-in-a-title-is-escaped",
            "content/articles/xss.md",
            article("title: \"<script>alert(1)</script> & </title>\"\n", "Text.\n"),
        )
        .out_lacks("index.html", "<script>alert(1)")
        .out_lacks("articles/xss/index.html", "<script>alert(1)")
        .out_lacks("atom.xml", "<script>alert(1)"),
        valid(
            "a-very-long-title",
            "content/articles/long.md",
            article(&format!("title: {}\n", "word ".repeat(20_000)), "Text.\n"),
        ),
        valid(
            "many-tags",
            "content/articles/tags.md",
            article(&format!("title: Tags\ntags: [{many_tags}]\n"), "Text.\n"),
        )
        // 5,000 tag pages, each with a share card to draw (a test build
        // draws one in about 9 ms of CPU): linear, but not 30 s on 2 busy cores.
        .max_secs(120),
        case("10", "forty-thousand-broken-links-in-linear-time")
            .file("content/articles/links.md", article("title: Links\n", &broken_links))
            .fails("broken-link|too-many-links|too-large", "content/articles/links.md")
            .max_secs(30),
        case("10", "ten-thousand-broken-links-on-one-line")
            .file("content/articles/links.md", article("title: Links\n", &one_line))
            .fails("broken-link|too-many-links|too-large", "content/articles/links.md")
            .max_secs(30),
        case("10", "five-thousand-columns-in-linear-time")
            .file("content/comparisons/wide.yaml", wide)
            .exits(&[0, 1], &[0, 1])
            .max_secs(30),
        case("10", "deeply-nested-quotes")
            .file("content/articles/deep.md", article("title: Deep\n", &nested_quotes))
            .exits(&[0, 1], &[0, 1])
            .max_secs(30),
        case("10", "deeply-nested-lists")
            .file("content/articles/lists.md", article("title: Lists\n", &nested_lists))
            .exits(&[0, 1], &[0, 1])
            .max_secs(30),
        case("10", "deeply-nested-yaml")
            .file("content/a.md", page(&nested_yaml, "Text.\n"))
            .exits(&[0, 1], &[0, 1])
            .max_secs(30),
        valid(
            "unicode-everywhere",
            "content/articles/unicode.md",
            article(
                "title: \"Café ☕ 日本語 \u{202e}gnp.exe \u{200b}zero\"\ndescription: Ünïcödé 🙂\ntags: [café, 日本]\n",
                "Ça va? 🙂 \u{feff}\n\n## Überschrift\n\nText.\n",
            ),
        ),
    ]
}

/// Beyond the issue's findings: every front matter key with a wrong type,
/// bad dates and slugs, broken files.
fn extra_front_matter() -> Vec<Case> {
    let a = "content/articles/a.md";
    let key = |name: &'static str, front: &str, codes: &'static str, needle: &str| {
        let text = page(&format!("title: A\ndate: 2026-02-01\n{front}"), "Text.\n");
        let place = at(a, &text, needle);
        case("extra", name).file(a, text).fails(codes, place)
    };
    vec![
        case("extra", "title-is-a-list")
            .file(a, page("title: [1]\n", "Text.\n"))
            .fails("front-matter", format!("{a}:2:8")),
        case("extra", "title-is-a-map")
            .file(a, page("title: { a: 1 }\n", "Text.\n"))
            .fails("front-matter", format!("{a}:2:8")),
        case("extra", "title-is-null")
            .file(a, page("title: ~\n", "Text.\n"))
            .fails("front-matter|missing-title", format!("{a}:2")),
        case("extra", "title-is-empty")
            .file(a, page("title: \"\"\n", "Text.\n"))
            .fails("front-matter|missing-title", format!("{a}:2:8")),
        case("extra", "title-is-missing")
            .file(a, page("description: No title.\n", "Text.\n"))
            .fails("front-matter|missing-title", format!("{a}:2")),
        key(
            "description-is-a-list",
            "description: [x]\n",
            "front-matter",
            "[x]",
        ),
        key(
            "date-is-yes",
            "updated: yes\n",
            "bad-date|front-matter",
            "yes",
        ),
        key(
            "date-month-13",
            "updated: 2026-13-01\n",
            "bad-date",
            "2026-13-01",
        ),
        key(
            "date-february-30",
            "updated: 2026-02-30\n",
            "bad-date",
            "2026-02-30",
        ),
        key("date-short-form", "updated: 26-1-1\n", "bad-date", "26-1-1"),
        key(
            "date-hour-25",
            "updated: 2026-01-01T25:00:00Z\n",
            "bad-date",
            "2026-01-01T25",
        ),
        key(
            "date-is-words",
            "updated: next tuesday\n",
            "bad-date",
            "next tuesday",
        ),
        key(
            "date-is-a-list",
            "updated: [2026-01-01]\n",
            "bad-date|front-matter",
            "[2026",
        ),
        key("tags-is-a-map", "tags: { a: 1 }\n", "front-matter", "{ a"),
        key(
            "tags-nested-list",
            "tags: [[a]]\n",
            "front-matter|bad-tag",
            "[a]",
        ),
        key("draft-is-maybe", "draft: maybe\n", "front-matter", "maybe"),
        key(
            "draft-is-a-list",
            "draft: [true]\n",
            "front-matter",
            "[true]",
        ),
        key(
            "slug-is-a-list",
            "slug: [a]\n",
            "front-matter|bad-slug",
            "[a]",
        ),
        case("extra", "slug-with-a-space")
            .file(
                a,
                page("title: A\ndate: 2026-02-01\nslug: \"a b\"\n", "Text.\n"),
            )
            .out_exists("articles/a-b/index.html"),
        case("extra", "slug-with-capitals-and-accents")
            .file(
                a,
                page("title: A\ndate: 2026-02-01\nslug: Über\n", "Text.\n"),
            )
            .out_exists("articles/uber/index.html"),
        case("extra", "slug-with-a-hash")
            .file(
                a,
                page("title: A\ndate: 2026-02-01\nslug: \"a#b\"\n", "Text.\n"),
            )
            .out_exists("articles/a-b/index.html"),
        case("extra", "slug-with-a-question-mark")
            .file(
                a,
                page("title: A\ndate: 2026-02-01\nslug: \"a?b\"\n", "Text.\n"),
            )
            .out_exists("articles/a-b/index.html"),
        key(
            "slug-with-a-backslash",
            "slug: 'a\\b'\n",
            "bad-slug|bad-path",
            "'a\\b'",
        ),
        key(
            "aliases-not-a-list",
            "aliases: 5\n",
            "front-matter|bad-alias",
            "5",
        ),
        key(
            "aliases-list-of-maps",
            "aliases: [{ a: 1 }]\n",
            "front-matter|bad-alias",
            "{ a",
        ),
        key(
            "weight-is-words",
            "weight: heavy\n",
            "front-matter",
            "heavy",
        ),
        key(
            "weight-is-a-fraction",
            "weight: 1.5\n",
            "front-matter",
            "1.5",
        ),
        key("toc-is-a-number", "toc: 3\n", "front-matter", "3"),
        key(
            "page-search-is-a-word",
            "search: never\n",
            "front-matter",
            "never",
        ),
        key(
            "page-search-is-quoted",
            "search: \"no\"\n",
            "front-matter",
            "\"no\"",
        )
        .help_has("search: false"),
        key(
            "template-is-a-list",
            "template: [a]\n",
            "front-matter",
            "[a]",
        ),
        key(
            "template-is-missing",
            "template: fancy.html\n",
            "missing-template",
            "fancy.html",
        ),
        key("extra-is-a-number", "extra: 5\n", "front-matter", "5"),
        key(
            "unknown-key-with-a-suggestion",
            "descripton: x\n",
            "front-matter",
            "descripton",
        )
        .help_has("description"),
        key(
            "unknown-key-colour",
            "colour: red\n",
            "front-matter",
            "colour",
        ),
        case("extra", "sort-by-unknown")
            .file(
                "content/articles/_index.md",
                page("title: Articles\nsort_by: size\n", "Text.\n"),
            )
            .fails("bad-sort-by", "content/articles/_index.md:3:10"),
        case("extra", "an-empty-file")
            .file(a, "")
            .fails("empty-file", a)
            .with_help(),
        case("extra", "no-front-matter")
            .file(a, "Just words.\n")
            .fails("no-front-matter|front-matter", format!("{a}:1:1")),
        case("extra", "unclosed-front-matter")
            .file(a, "---\ntitle: Open\n\nBody\n")
            .fails("unclosed-front-matter|front-matter", format!("{a}:1")),
        case("extra", "front-matter-not-utf8")
            .bytes(a, b"---\ntitle: Caf\xe9\n---\nText.\n")
            .fails("not-utf8", format!("{a}:2")),
        case("extra", "front-matter-with-a-byte-order-mark")
            .file(
                a,
                format!(
                    "\u{feff}{}",
                    page("title: Bom\ndate: 2026-02-01\n", "Text.\n")
                ),
            )
            .exits(&[0, 1], &[0, 1]),
        case("extra", "windows-line-endings")
            .file(
                a,
                "---\r\ntitle: Crlf\r\ndate: 2026-02-01\r\n---\r\nText.\r\n\r\n## Head\r\n",
            )
            .out_exists("articles/a/index.html"),
        case("extra", "front-matter-is-a-list")
            .file(a, page("- title: A\n", "Text.\n"))
            .fails("front-matter", format!("{a}:2")),
        case("extra", "front-matter-is-a-string")
            .file(a, page("just words\n", "Text.\n"))
            .fails("front-matter|missing-title", format!("{a}:2")),
        case("extra", "unicode-file-name")
            .file(
                "content/articles/café au lait.md",
                page("title: Café\ndate: 2026-02-01\n", "Text.\n"),
            )
            .exits(&[0, 1], &[0, 1]),
        case("extra", "a-file-name-with-a-hash")
            .file(
                "content/articles/a#b.md",
                page("title: Hash\ndate: 2026-02-01\n", "Text.\n"),
            )
            .exits(&[0, 1], &[0, 1]),
        case("extra", "wikilink-with-an-empty-target")
            .file(a, page("title: A\n", "See [[]] and [[|label]].\n"))
            .exits(&[0, 1], &[0, 1]),
        case("extra", "link-with-only-an-anchor-that-is-missing")
            .file(a, page("title: A\n", "See [x](#nowhere).\n"))
            .fails("broken-link", format!("{a}:4:5")),
        case("extra", "an-undefined-footnote")
            .file(a, page("title: A\n", "A claim.[^1]\n"))
            .exits(&[0, 1], &[0, 1]),
        case("extra", "an-image-outside-the-site")
            .file(
                a,
                page("title: A\n", "![Secret](../../../outside/secret.png)\n"),
            )
            .fails("broken-link|bad-path", format!("{a}:4:1")),
        case("extra", "a-link-to-a-file-outside-the-site")
            .file(
                a,
                page("title: A\n", "[Secret](../../../outside/secret.md)\n"),
            )
            .fails("broken-link|bad-path", format!("{a}:4:1")),
    ]
}

/// Beyond the issue's findings: comparisons, referral guidelines and the
/// embeds that use them.
fn extra_data_files() -> Vec<Case> {
    let c = "content/comparisons/t.yaml";
    let r = "content/referral.yaml";
    let one_column = "title: T\ncolumns:\n  - { id: a, label: A }\nrows:\n  - a: x\n";
    let duplicate =
        "title: T\ncolumns:\n  - { id: a, label: A }\n  - { id: a, label: B }\nrows:\n  - a: x\n";
    let unknown_cell = "title: T\ncolumns:\n  - { id: a, label: A }\n  - { id: b, label: B }\nrows:\n  - { a: x, b: y, c: z }\n";
    let missing_cell = "title: T\ncolumns:\n  - { id: a, label: A }\n  - { id: b, label: B }\nrows:\n  - { a: x }\n";
    let empty_table =
        "title: T\ncolumns:\n  - { id: a, label: A }\n  - { id: b, label: B }\nrows: []\n";
    let columns_map = "title: T\ncolumns: { a: A }\nrows:\n  - a: x\n";
    let unknown_key = "title: T\ncolumnz:\n  - { id: a, label: A }\n";
    let column_id = "title: T\ncolumns:\n  - { id: \"../x\", label: A }\n  - { id: b, label: B }\nrows:\n  - { \"../x\": x, b: y }\n";
    let bad_level = REFERRAL.replace("level: urgent", "level: severe");
    let bad_phone = REFERRAL.replace("phone: \"988\"", "phone: \"call me\"");
    let no_name = REFERRAL.replace("name: Lifeline, ", "");
    let referral_key = format!("{REFERRAL}colour: red\n");
    let no_criteria = "title: R\nscope: I am a coach.\ncriteria: []\n";
    let embed = |block: &str| page("title: Embeds\n", &format!("Intro.\n\n```{block}\n```\n"));
    vec![
        case("extra", "comparison-with-one-column")
            .file(c, one_column)
            .fails(
                "comparison-columns",
                format!(
                    "{} | {}",
                    at_line(c, one_column, "columns:"),
                    at_line(c, one_column, "- { id: a")
                ),
            ),
        case("extra", "comparison-with-duplicate-column-ids")
            .file(c, duplicate)
            .fails(
                "comparison-column",
                at_line(c, duplicate, "{ id: a, label: B }"),
            ),
        case("extra", "comparison-with-an-unknown-cell")
            .file(c, unknown_cell)
            .fails(
                "comparison-cell|comparison-column",
                at_line(c, unknown_cell, "c: z"),
            ),
        case("extra", "comparison-with-a-missing-cell")
            .file(c, missing_cell)
            .fails("comparison-cell", at_line(c, missing_cell, "{ a: x }")),
        case("extra", "comparison-with-no-rows")
            .file(c, empty_table)
            .fails("comparison-rows", c),
        case("extra", "comparison-columns-not-a-list")
            .file(c, columns_map)
            .fails("invalid-comparison", at_line(c, columns_map, "{ a: A }")),
        case("extra", "comparison-unknown-key")
            .file(c, unknown_key)
            .fails("invalid-comparison", at(c, unknown_key, "columnz"))
            .help_has("columns"),
        case("extra", "comparison-column-id-with-dots")
            .file(c, column_id)
            .exits(&[0, 1], &[0, 1]),
        case("extra", "comparison-file-of-punctuation-only")
            .file("content/comparisons/!!!.yaml", COMPARISON)
            .fails(
                "bad-slug|bad-path|comparison-id",
                "content/comparisons/!!!.yaml",
            ),
        case("extra", "comparison-empty-file")
            .file(c, "")
            .fails("invalid-comparison|empty-file", c)
            .with_help(),
        case("extra", "comparison-not-utf8")
            .bytes(c, b"title: Caf\xe9\n")
            .fails("not-utf8", format!("{c}:1")),
        case("extra", "embed-of-a-missing-comparison")
            .file("content/e.md", embed("comparison\nid: nowhere"))
            .fails("comparison-id|broken-link", "content/e.md:7:5"),
        case("extra", "embed-of-a-broken-inline-comparison")
            .file(
                "content/e.md",
                embed("comparison\ntitle: T\ncolumns:\n  - { id: a, label: A }\nrows:\n  - a: x"),
            )
            .fails("comparison-columns|invalid-comparison", "content/e.md"),
        case("extra", "embed-of-bad-yaml")
            .file("content/e.md", embed("comparison\nid: [unclosed"))
            .fails("invalid-comparison|comparison-id", "content/e.md"),
        case("extra", "referral-unknown-level")
            .file(r, bad_level.clone())
            .fails("referral-level", at(r, &bad_level, "severe")),
        case("extra", "referral-bad-phone")
            .file(r, bad_phone.clone())
            .fails("referral-phone", at(r, &bad_phone, "\"call me\"")),
        case("extra", "referral-resource-without-a-name")
            .file(r, no_name.clone())
            .fails(
                "referral-resource|invalid-referral",
                at_line(r, &no_name, "phone"),
            ),
        case("extra", "referral-unknown-key")
            .file(r, referral_key.clone())
            .fails("invalid-referral", at(r, &referral_key, "colour")),
        case("extra", "referral-without-criteria")
            .file(r, no_criteria)
            .fails("referral-criteria", at_line(r, no_criteria, "criteria")),
        case("extra", "referral-empty-file")
            .file(r, "")
            .fails("invalid-referral|empty-file", r)
            .with_help(),
        case("extra", "referral-required-but-missing")
            .remove("content/referral.yaml")
            .file(
                "content/site.yaml",
                site_with("referral: { required: true }\n"),
            )
            .fails(
                "missing-referral",
                "content/referral.yaml | content/site.yaml",
            ),
        case("extra", "referral-embed-without-guidelines")
            .remove("content/referral.yaml")
            .file("content/e.md", embed("referral"))
            .exits(&[0, 1], &[0, 1]),
        case("extra", "unknown-theme")
            .file("content/site.yaml", site_with("theme: nowhere\n"))
            .fails(
                "missing-theme",
                "content/site.yaml:10 | themes/nowhere | themes/nowhere/templates",
            ),
        case("extra", "base-url-with-a-query")
            .file(
                "content/site.yaml",
                SITE_YAML.replace("https://test.example", "https://test.example/?x=1"),
            )
            .fails("invalid-base-url", "content/site.yaml:2:11"),
    ]
}

/// The second round's keys of `site.yaml` about the coach and the practice
/// (`author.photo`, `author.credentials`, `practice`, `social`) and the
/// guest `author` of front matter: each mistake is an error at its place.
fn extra_site_profile() -> Vec<Case> {
    let s = "content/site.yaml";
    let a = "content/a.md";
    let author_line = "author: { name: Alex Doe, email: alex@test.example }";
    let with_author = |author: &str| SITE_YAML.replace(author_line, author);
    // The place of `needle` in the lines that mention the profile keys, so
    // that the same words in the base settings above are not taken for it.
    let site_error = |name: &'static str, text: String, needle: &str| {
        let start = ["practice:", "social:", "author:"]
            .iter()
            .filter_map(|key| text.find(key))
            .max()
            .unwrap_or(0);
        let offset = start
            + text[start..]
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} is not in {name}"));
        let line = text[..offset].matches('\n').count() + 1;
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        let place = format!("{s}:{line}:{column}");
        case("extra", name)
            .file(s, text)
            .fails("invalid-site-yaml", place)
            .with_help()
    };
    let unknown = with_author("author: { name: Alex Doe, credentails: Trained }");
    let photo_missing = with_author("author: { name: Alex Doe, photo: about/me.jpg }");
    let photo_typo = with_author("author: { name: Alex Doe, photo: about/portriat.jpg }");
    let photo_outside = with_author("author: { name: Alex Doe, photo: ../site.yaml }");
    let photo_absolute = with_author("author: { name: Alex Doe, photo: /etc/hostname }");
    let photo_folder = with_author("author: { name: Alex Doe, photo: articles.jpg }");
    let photo_page = with_author("author: { name: Alex Doe, photo: about.md }");
    let credentials_list = with_author("author: { name: Alex Doe, credentials: [a, b] }");
    let practice_key = site_with("practice: { licenced: true }\n");
    let practice_bool = site_with("practice: { licensed: maybe }\n");
    let location_key = site_with("practice: { location: { citty: Portland } }\n");
    let social_map = site_with("social: { label: LinkedIn }\n");
    let social_http =
        site_with("social:\n  - { label: LinkedIn, url: \"http://www.linkedin.com/in/alex\" }\n");
    let social_relative = site_with("social:\n  - { label: Me, url: /about/ }\n");
    let social_no_url = site_with("social:\n  - { label: LinkedIn }\n");
    let social_key = site_with("social:\n  - { label: LinkedIn, link: \"https://x.example\" }\n");
    vec![
        site_error("author-unknown-key", unknown, "credentails").help_has("credentials"),
        site_error("author-photo-missing", photo_missing, "about/me.jpg").help_has("content/"),
        site_error("author-photo-typo", photo_typo, "about/portriat.jpg")
            .file("content/about/portrait.jpg", "not really a photo")
            .help_has("portrait.jpg"),
        site_error(
            "author-photo-outside-content",
            photo_outside,
            "../site.yaml",
        ),
        site_error("author-photo-absolute", photo_absolute, "/etc/hostname"),
        site_error("author-photo-a-folder", photo_folder, "articles.jpg")
            .file("content/articles.jpg/x.md", page("title: X\n", "Text.\n")),
        site_error("author-photo-not-a-picture", photo_page, "about.md").help_has(".jpg"),
        site_error("author-credentials-a-list", credentials_list, "[a, b]"),
        site_error("practice-unknown-key", practice_key, "licenced").help_has("licensed"),
        site_error("practice-licensed-not-a-boolean", practice_bool, "maybe"),
        site_error("practice-location-unknown-key", location_key, "citty").help_has("city"),
        site_error("social-not-a-list", social_map, "{ label"),
        site_error("social-plain-http", social_http, "\"http://").help_has("https://"),
        site_error("social-a-site-path", social_relative, "/about/").help_has("https://"),
        case("extra", "social-without-url")
            .file(s, social_no_url)
            .fails("invalid-site-yaml", format!("{s}:11"))
            .with_help(),
        site_error("social-unknown-key", social_key, "link").names(&["url"]),
        case("extra", "front-matter-author-a-list")
            .file(a, page("title: A\nauthor: [Jo, Sam]\n", "Text.\n"))
            .fails("front-matter", format!("{a}:3:9"))
            .with_help(),
    ]
}

/// `content/glossary.yaml`: every problem at its place, with a fix.
fn glossary_files() -> Vec<Case> {
    let g = "content/glossary.yaml";
    let good = "terms:\n  - term: Self\n    aliases: [Self energy]\n    definition: The calm core.\n    see: [parts]\n  - term: parts\n    definition: The sides of a person.\n";
    let term_key = good.replace("    definition: The sides", "    definiton: The sides");
    let top_key = format!("{good}title: Words\n");
    let no_definition = good.replace("    definition: The sides of a person.\n", "");
    let no_term = good.replace("  - term: parts\n    definition", "  - definition");
    let same_id = good.replace("  - term: parts\n", "  - term: parts\n    id: self\n");
    let same_alias = good.replace(
        "  - term: parts\n",
        "  - term: parts\n    aliases: [self energy]\n",
    );
    let bad_see = good.replace("see: [parts]", "see: [prts]");
    let bad_id = good.replace("  - term: parts\n", "  - term: parts\n    id: Many Parts\n");
    let no_slug = good.replace("term: parts", "term: \"???\"");
    let not_a_list = "terms: { term: Self }\n";
    let bad_link = good.replace("The calm core.", "The calm core, see [x](nowhere.md).");
    let page_link = page("title: Words\n", "See [parts](glossary.yaml#prts).\n");
    vec![
        case("glossary", "glossary-unknown-key-in-a-term")
            .file(g, term_key.clone())
            .fails("invalid-glossary", at(g, &term_key, "definiton"))
            .help_has("definition"),
        case("glossary", "glossary-unknown-top-level-key")
            .file(g, top_key.clone())
            .fails("invalid-glossary", at(g, &top_key, "title")),
        case("glossary", "glossary-term-without-definition")
            .file(g, no_definition.clone())
            .fails("glossary-definition", at(g, &no_definition, "parts\n"))
            .not("glossary-see")
            .help_has("definition:"),
        case("glossary", "glossary-entry-without-term")
            .file(g, no_term.clone())
            .fails("glossary-term", at_line(g, &no_term, "  - definition"))
            .help_has("term:"),
        case("glossary", "glossary-duplicate-id")
            .file(g, same_id.clone())
            .fails("glossary-id", at(g, &same_id, "self\n"))
            .names(&["used twice"]),
        case("glossary", "glossary-alias-of-two-terms")
            .file(g, same_alias.clone())
            .fails("glossary-duplicate", at(g, &same_alias, "self energy"))
            .names(&["Self"]),
        case("glossary", "glossary-see-unknown-id")
            .file(g, bad_see.clone())
            .fails("glossary-see", at(g, &bad_see, "prts"))
            .help_has("did you mean `parts`"),
        case("glossary", "glossary-id-not-an-anchor")
            .file(g, bad_id.clone())
            .fails("glossary-id", at(g, &bad_id, "Many Parts"))
            .not("glossary-see")
            .help_has("many-parts"),
        case("glossary", "glossary-term-of-punctuation-only")
            .file(g, no_slug.clone())
            .fails("glossary-id", at(g, &no_slug, "\"???\""))
            .help_has("id:"),
        case("glossary", "glossary-terms-not-a-list")
            .file(g, not_a_list)
            .fails("invalid-glossary", at_line(g, not_a_list, "terms")),
        case("glossary", "glossary-empty-file")
            .file(g, "")
            .fails("invalid-glossary|empty-file", g)
            .with_help(),
        case("glossary", "glossary-not-utf8")
            .bytes(g, b"terms:\n  - term: Caf\xe9\n")
            .fails("not-utf8", format!("{g}:2")),
        case("glossary", "glossary-broken-link-in-a-definition")
            .file(g, bad_link.clone())
            .fails("broken-link", at_line(g, &bad_link, "nowhere.md")),
        case("glossary", "glossary-link-to-a-missing-term")
            .file(g, good)
            .file("content/words.md", page_link.clone())
            .fails("broken-link", at("content/words.md", &page_link, "[parts]"))
            .help_has("#parts"),
        case("glossary", "glossary-is-not-unused-data")
            .file(g, good)
            .not("unused-data")
            .out_exists("glossary/index.html"),
    ]
}

/// Services and testimonials (issue 15): each bad input is an error at
/// its place, with what to do.
fn extra_practice_pages() -> Vec<Case> {
    let v = "content/services.yaml";
    let t = "content/testimonials.yaml";
    let e = "content/e.md";
    let good_service = "services:\n  - { id: one, name: One session, price: \"$90\" }\n";
    let no_name = "services:\n  - { id: one, price: \"$90\" }\n";
    let twice = "services:\n  - { id: one, name: One }\n  - { id: one, name: Two }\n";
    let http = "services:\n  - { name: One, booking: \"http://cal.example.org/x\" }\n";
    let mailto = "services:\n  - { name: One, booking: \"mailto:a@test.example\" }\n";
    let broken = "services:\n  - { name: One, booking: /nowhere/ }\n";
    let service_key = "services:\n  - { name: One, cost: \"$90\" }\n";
    let no_consent = "testimonials:\n  - { quote: Kind words., name: J. R. }\n";
    let bad_date = "testimonials:\n  - { quote: Kind words., name: J. R., consent: yesterday }\n";
    let good_testimonial =
        "testimonials:\n  - { quote: Kind words., name: J. R., consent: 2025-11-03 }\n";
    let unknown_id = page("title: E\n", "Intro.\n\n```services\nids: [onne]\n```\n");
    let count = page(
        "title: E\n",
        "Intro.\n\n```testimonials\ncount: many\n```\n",
    );
    vec![
        case("extra", "service-without-a-name")
            .file(v, no_name)
            .fails("service-name", at(v, no_name, "{ id: one")),
        case("extra", "service-id-twice")
            .file(v, twice)
            .fails("service-id", at(v, twice, "one, name: Two"))
            .help_has("its own `id:`"),
        case("extra", "service-booking-plain-http")
            .file(v, http)
            .fails("service-booking", at(v, http, "\"http://"))
            .help_has("https"),
        case("extra", "service-booking-mailto")
            .file(v, mailto)
            .fails("service-booking", at(v, mailto, "\"mailto:")),
        case("extra", "service-booking-to-a-missing-page")
            .file(v, broken)
            .fails("broken-link", at(v, broken, "/nowhere/")),
        case("extra", "service-unknown-key")
            .file(v, service_key)
            .fails("invalid-services", at(v, service_key, "cost")),
        case("extra", "services-block-unknown-id")
            .file(v, good_service)
            .file(e, unknown_id.clone())
            .fails("unknown-service", at(e, &unknown_id, "onne"))
            .help_has("did you mean `one`"),
        case("extra", "testimonial-without-consent")
            .file(t, no_consent)
            .fails("testimonial-consent", at(t, no_consent, "{ quote"))
            .help_has("consent: 2025-11-03"),
        case("extra", "testimonial-consent-not-a-date")
            .file(t, bad_date)
            .fails("testimonial-consent", at(t, bad_date, "yesterday")),
        case("extra", "testimonials-block-count-not-a-number")
            .file(t, good_testimonial)
            .file(e, count.clone())
            .fails("invalid-testimonials", at(e, &count, "many")),
        case("extra", "licensed-practice-with-testimonials")
            .file(t, good_testimonial)
            .file(
                "content/site.yaml",
                site_with("practice: { licensed: true }\n"),
            )
            .fails("licensed-testimonials", at(t, good_testimonial, "{ quote"))
            .help_has("testimonials.yaml"),
    ]
}

/// `faq` and `form` blocks and `forms:` in `site.yaml` (issue 15): each
/// mistake is an error at its place, with a did-you-mean where one is close.
fn extra_faq_forms() -> Vec<Case> {
    let s = "content/site.yaml";
    let e = "content/e.md";
    let embed = |block: &str| page("title: Embeds\n", &format!("Intro.\n\n```{block}\n```\n"));
    let forms = |text: &str| site_with(&format!("forms:\n{text}"));
    let http = forms("  newsletter: { action: \"http://forms.example.org/x\" }\n");
    let not_a_url = forms("  newsletter: { action: forms.example.org }\n");
    let no_success = forms("  contact: { action: netlify }\n");
    let missing_success = forms("  contact: { action: netlify, success: /thanks/ }\n");
    let external_success =
        forms("  contact: { action: netlify, success: \"https://x.example/\" }\n");
    let unknown_form = forms("  contakt: { action: netlify }\n");
    let unknown_key = forms("  newsletter: { action: netlify, sucess: /about/ }\n");
    let no_action = forms("  newsletter: { success: /about/ }\n");
    let faq_no_answer = embed("faq\n- question: A?");
    let faq_typo = embed("faq\n- question: A?\n  anwser: B.");
    let faq_map = embed("faq\nquestion: A?");
    let faq_link = embed("faq\n- question: A?\n  answer: See [me](abot.md).");
    let form_typo = embed("form\nid: contatc");
    vec![
        case("extra", "form-action-plain-http")
            .file(s, http.clone())
            .fails("invalid-form", at(s, &http, "\"http://"))
            .help_has("https://"),
        case("extra", "form-action-not-a-url")
            .file(s, not_a_url.clone())
            .fails("invalid-form", at(s, &not_a_url, "forms.example.org }")),
        case("extra", "form-contact-without-success")
            .file(s, no_success.clone())
            .fails("invalid-form", at(s, &no_success, "{ action"))
            .help_has("success:"),
        case("extra", "form-success-page-missing")
            .file(s, missing_success.clone())
            .fails("broken-link", at(s, &missing_success, "/thanks/")),
        case("extra", "form-success-on-another-site")
            .file(s, external_success.clone())
            .fails("invalid-form", at(s, &external_success, "\"https://x")),
        case("extra", "forms-unknown-form")
            .file(s, unknown_form.clone())
            .fails("invalid-site-yaml", at(s, &unknown_form, "contakt"))
            .names(&["contact"]),
        case("extra", "form-unknown-key")
            .file(s, unknown_key.clone())
            .fails("invalid-site-yaml", at(s, &unknown_key, "sucess"))
            .names(&["success"]),
        case("extra", "form-without-action")
            .file(s, no_action)
            .fails("invalid-site-yaml", "content/site.yaml"),
        case("extra", "faq-entry-without-answer")
            .file(e, faq_no_answer.clone())
            .fails("invalid-faq", at(e, &faq_no_answer, "question: A?")),
        case("extra", "faq-unknown-key")
            .file(e, faq_typo.clone())
            .fails("invalid-faq", at(e, &faq_typo, "anwser"))
            .names(&["answer"]),
        case("extra", "faq-not-a-list")
            .file(e, faq_map)
            .fails("invalid-faq", e),
        case("extra", "faq-broken-link-in-an-answer")
            .file(e, faq_link.clone())
            .fails("broken-link", at(e, &faq_link, "See [me]"))
            .names(&["about.md"]),
        case("extra", "form-block-unknown-id")
            .file(e, form_typo.clone())
            .fails("invalid-form", at(e, &form_typo, "contatc"))
            .names(&["contact"]),
        case("extra", "form-block-not-configured")
            .file(e, embed("form\nid: newsletter"))
            .fails("missing-form", "content/e.md:7:5"),
    ]
}

/// Issue 13, point 2: the front matter keys of a page's share image.
fn share_images() -> Vec<Case> {
    let a = "content/articles/a.md";
    let with = |front: &str| page(&format!("title: A\ndate: 2026-02-01\n{front}"), "Text.\n");
    let key = |name: &'static str, front: &str, codes: &'static str, needle: &str| {
        let text = with(front);
        let place = at(a, &text, needle);
        case("13.2", name).file(a, text).fails(codes, place)
    };
    vec![
        key(
            "image-without-alt",
            "image: photo.png\n",
            "missing-image-alt",
            "photo.png",
        )
        .names(&["image_alt"])
        .help_has("what the picture shows")
        .bytes("content/articles/photo.png", PNG),
        key(
            "image-alt-empty",
            "image: photo.png\nimage_alt: \"\"\n",
            "missing-image-alt",
            "\"\"",
        )
        .with_help()
        .bytes("content/articles/photo.png", PNG),
        key(
            "image-missing",
            "image: nowhere.png\nimage_alt: A wall\n",
            "bad-image",
            "nowhere.png",
        )
        .names(&["content/articles/nowhere.png", "does not exist"])
        .with_help(),
        key(
            "image-not-a-picture",
            "image: notes.png\nimage_alt: A wall\n",
            "bad-image",
            "notes.png",
        )
        .names(&["content/articles/notes.png", "as a picture"])
        .with_help()
        .file("content/articles/notes.png", "just text"),
        key(
            "image-is-a-folder",
            "image: pictures\nimage_alt: A wall\n",
            "bad-image",
            "pictures",
        )
        .with_help()
        .bytes("content/articles/pictures/x.png", PNG),
        key(
            "image-leaves-content",
            "image: ../../site.yaml/../../etc/passwd\nimage_alt: A wall\n",
            "bad-image",
            "../../site.yaml",
        )
        .names(&["out of the content/ folder"]),
        key(
            "image-is-a-list",
            "image: [a.png]\nimage_alt: A wall\n",
            "front-matter",
            "[a.png]",
        ),
        key(
            "image-alt-is-a-map",
            "image: photo.png\nimage_alt: { a: 1 }\n",
            "front-matter",
            "{ a: 1 }",
        )
        .not("missing-image-alt")
        .bytes("content/articles/photo.png", PNG),
        case("13.2", "static-file-at-a-share-address")
            .bytes("static/share/about.png", PNG)
            .fails("duplicate-url", "static/share/about.png")
            .names(&["the share image of /about/"]),
    ]
}

/// A 1x1 PNG: a picture front matter can name.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92, 0xef, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];
