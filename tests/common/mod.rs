//! Fixture sites for the integration tests: a temporary folder with
//! `content/site.yaml`, a copy of the repository's default theme, and
//! whatever files a test writes; `hearth` runs on it as a real process.

#![allow(dead_code)]

pub mod cdp;
pub mod serve;
pub mod share;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Site {
    dir: tempfile::TempDir,
}

/// What one run of `hearth` did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts the run failed with exit code 1 and that stderr holds each needle.
    pub fn assert_error(&self, needles: &[&str]) {
        assert_eq!(
            self.code, 1,
            "expected exit code 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr lacks {needle:?}:\n{}",
                self.stderr
            );
        }
        assert!(
            !self.stderr.contains("panicked"),
            "hearth panicked:\n{}",
            self.stderr
        );
    }

    pub fn assert_success(&self) {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
    }
}

/// The articles section every fixture site has (the menu links to it).
pub const ARTICLES_SECTION: &str =
    "---\ntitle: Articles\ndescription: Notes.\n---\nWhat I write about.\n";

pub const SITE_YAML: &str = "title: Test Practice\nbase_url: https://test.example\ndescription: A test site.\nlanguage: en\nauthor: { name: Alex Doe }\nmenu:\n  - { label: Articles, url: /articles/ }\nbooking: { label: Book a call, url: /contact/ }\n";

impl Site {
    /// A minimal valid site: settings, the default theme, a home page and
    /// a contact page (the booking link's target).
    pub fn new() -> Site {
        let site = Site::bare();
        site.write("content/site.yaml", SITE_YAML);
        site.write("content/_index.md", "---\ntitle: Welcome\n---\nHello.\n");
        // The menu's target: links in site.yaml are checked like any other.
        site.write("content/articles/_index.md", ARTICLES_SECTION);
        site.write(
            "content/contact.md",
            "---\ntitle: Contact\ndescription: How to reach me.\n---\nWrite to me.\n",
        );
        site
    }

    /// An empty folder with the default theme only.
    pub fn bare() -> Site {
        let dir = tempfile::tempdir().expect("temporary folder");
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        copy_dir(&theme, &dir.path().join("themes/default"));
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(path, text).expect("write file");
    }

    pub fn remove(&self, relative: &str) {
        let path = self.path(relative);
        if path.is_dir() {
            std::fs::remove_dir_all(path).expect("remove folder");
        } else {
            std::fs::remove_file(path).expect("remove file");
        }
    }

    /// Runs `hearth <args>` in the site's folder.
    pub fn hearth(&self, args: &[&str]) -> Run {
        Run::from(
            Command::new(env!("CARGO_BIN_EXE_hearth"))
                .args(args)
                .current_dir(self.root())
                .env("NO_COLOR", "1")
                .output()
                .expect("run hearth"),
        )
    }

    pub fn build(&self) -> Run {
        self.hearth(&["build"])
    }

    /// A file of the built site, as text.
    pub fn read(&self, relative: &str) -> String {
        let path = self.path("public").join(relative);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn exists(&self, relative: &str) -> bool {
        self.path("public").join(relative).exists()
    }

    /// Every file under `relative` with its bytes, to compare whole trees.
    pub fn snapshot(&self, relative: &str) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.path(relative))
    }
}

pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(relative, std::fs::read(entry.path()).expect("read"));
        }
    }
    files
}

/// A copy of the repository's demo site (content and theme).
pub fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["content", "themes"] {
        copy_dir(&repo.join(folder), &dir.path().join(folder));
    }
    dir
}

/// Copies the tree under `from` to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk theme");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Runs `hearth <args>` in any folder.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    Run::from(
        Command::new(env!("CARGO_BIN_EXE_hearth"))
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .expect("run hearth"),
    )
}

/// Debian's Chromium, or `None` when it is missing outside CI (where browser
/// tests skip). With `CI` set a missing browser fails the test.
pub fn chromium() -> Option<PathBuf> {
    for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if Path::new(candidate).exists() {
            return Some(PathBuf::from(candidate));
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!("chromium is not installed; CI must install Debian's chromium (see .ci/run)");
    }
    eprintln!("skipping: chromium is not installed");
    None
}

/// How every test starts Chromium: headless, as root, and with nothing that
/// reaches the network on its own (this machine's network is closed).
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Loads `url` in headless Chromium at `width` × 844 and returns the DOM
/// after scripts ran. Gives up after a deadline instead of hanging.
pub fn dump_dom(browser: &Path, url: &str, width: u32) -> String {
    let profile = tempfile::tempdir().expect("profile folder");
    let mut child = Command::new(browser)
        .args(CHROMIUM_FLAGS)
        .args([
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
            "--allow-file-access-from-files",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={width},844"))
        .arg("--dump-dom")
        .arg(url)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    loop {
        if child.try_wait().expect("wait for chromium").is_some() {
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish loading {url} in 90 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("chromium output");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Loads each page of a built site (`public`, built with its base path set
/// to `public` itself, see [`build_for_file_urls`]) into an iframe `width`
/// px wide, runs `measure` (a JavaScript function body taking `doc`, the
/// page's document, and returning a string) on each after load, and
/// returns one result per page. Headless Chromium will not make a window
/// narrower than 500 px, hence the iframes.
pub fn measure_pages(
    browser: &Path,
    public: &Path,
    pages: &[&str],
    width: u32,
    measure: &str,
) -> Vec<String> {
    let frames: String = pages
        .iter()
        .map(|page| {
            format!(
                "<iframe src=\"file://{}/{page}\" style=\"width:{width}px;height:844px;border:0\"></iframe>\n",
                public.display()
            )
        })
        .collect();
    let probe = format!(
        r#"<!doctype html><html><body>{frames}<pre id="result"></pre><script>
function measure(doc) {{ {measure} }}
addEventListener('load', () => {{
  const lines = [...document.querySelectorAll('iframe')].map(frame => {{
    const doc = frame.contentDocument;
    if (!doc) return 'unreadable';
    try {{ return String(measure(doc)).replace(/\n/g, ' '); }} catch (e) {{ return 'error: ' + e; }}
  }});
  document.getElementById('result').textContent = 'RESULT\n' + lines.join('\n') + '\nEND';
}});
</script></body></html>"#
    );
    let probe_file = public
        .parent()
        .expect("public has a parent")
        .join(format!("probe-{width}.html"));
    std::fs::write(&probe_file, probe).expect("write probe");
    let dom = dump_dom(browser, &format!("file://{}", probe_file.display()), width);
    let result = dom
        .split("RESULT\n")
        .nth(1)
        .and_then(|rest| rest.split("\nEND").next())
        .unwrap_or_else(|| panic!("the probe did not run:\n{dom}"));
    let lines: Vec<String> = result
        .lines()
        .map(|line| {
            line.replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
        })
        .collect();
    assert_eq!(lines.len(), pages.len(), "one result per page: {result}");
    lines
}

/// Builds the site at `root` into `out/public` with its base path set to
/// that folder, so its pages load their stylesheet over `file://`.
pub fn build_for_file_urls(root: &Path, out: &Path) -> PathBuf {
    let public = out.join("public");
    let base_url = format!("http://localhost{}", public.display());
    run_in(
        root,
        &[
            "build",
            "--out",
            public.to_str().expect("utf-8 path"),
            "--base-url",
            &base_url,
        ],
    )
    .assert_success();
    public
}

impl Site {
    /// Builds the site (which must succeed), breaks it with `breakage`, and
    /// checks that the next build fails with each of `needles` in its
    /// messages and leaves `public/` byte-identical.
    pub fn assert_breakage_fails_cleanly(&self, breakage: impl FnOnce(&Site), needles: &[&str]) {
        self.build().assert_success();
        let before = self.snapshot("public");
        assert!(!before.is_empty());
        breakage(self);
        let run = self.build();
        run.assert_error(needles);
        assert!(run.stderr.contains("was left as it was"), "{}", run.stderr);
        assert_eq!(
            self.snapshot("public"),
            before,
            "public/ changed after a failed build"
        );
        // Pages are written into a staging folder as they are rendered: a
        // failed build removes it.
        self.assert_no_staging_left();
    }

    /// Asserts that no build left a staging folder (`.public.*`) behind.
    pub fn assert_no_staging_left(&self) {
        let leftovers: Vec<String> = std::fs::read_dir(self.root())
            .expect("read the site folder")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".public"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "staging folders left behind: {leftovers:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Safety checks shared by the fuzz test (tests/fuzz.rs) and the battery of
// bad inputs (tests/bad_inputs.rs): whole-tree snapshots, the rule that
// every error is located or explained, and well-formed output.

/// One entry of a folder tree, as [`tree`] saw it; symbolic links are not
/// followed, so a link that a build replaced or added shows as a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// Every folder, file (with its bytes) and symbolic link under `dir`, by
/// path relative to `dir` with `/` separators; `dir` itself is left out.
pub fn tree(dir: &Path) -> BTreeMap<String, Node> {
    let mut nodes = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        let file_type = entry.file_type();
        let node = if file_type.is_symlink() {
            Node::Link(std::fs::read_link(entry.path()).unwrap_or_default())
        } else if file_type.is_dir() {
            Node::Dir
        } else {
            Node::File(std::fs::read(entry.path()).unwrap_or_default())
        };
        nodes.insert(relative, node);
    }
    nodes
}

/// The differences between two [`tree`]s, one line each, leaving out the
/// paths for which `skip` is true.
pub fn tree_changes(
    before: &BTreeMap<String, Node>,
    after: &BTreeMap<String, Node>,
    skip: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut changes = Vec::new();
    for (path, node) in before {
        if skip(path) {
            continue;
        }
        match after.get(path) {
            None => changes.push(format!("removed {path}")),
            Some(now) if now != node => changes.push(format!("changed {path}")),
            Some(_) => {}
        }
    }
    for path in after.keys() {
        if !skip(path) && !before.contains_key(path) {
            changes.push(format!("created {path}"));
        }
    }
    changes
}

/// Copies the repository's default theme into `root/themes/default`.
pub fn copy_theme(root: &Path) {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    copy_dir(&theme, &root.join("themes/default"));
}

/// One diagnostic as `check --format json` reports it (or as the library
/// returns it, converted), for the checks below.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reported {
    pub severity: String,
    pub code: String,
    pub file: Option<String>,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub message: String,
    pub help: Option<String>,
}

impl Reported {
    /// The diagnostics of a JSON report, or why it is not one.
    pub fn all_from_json(report: &serde_json::Value) -> Result<Vec<Reported>, String> {
        let list = report["diagnostics"]
            .as_array()
            .ok_or_else(|| format!("the report has no `diagnostics` list: {report}"))?;
        Ok(list
            .iter()
            .map(|d| Reported {
                severity: d["severity"].as_str().unwrap_or_default().to_string(),
                code: d["code"].as_str().unwrap_or_default().to_string(),
                file: d["file"].as_str().map(str::to_string),
                line: d["line"].as_u64(),
                column: d["column"].as_u64(),
                message: d["message"].as_str().unwrap_or_default().to_string(),
                help: d["help"].as_str().map(str::to_string),
            })
            .collect())
    }

    /// `file:line:col`, `file`, or `(no file)`.
    pub fn position(&self) -> String {
        match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(column)) => format!("{file}:{line}:{column}"),
            (Some(file), Some(line), None) => format!("{file}:{line}"),
            (Some(file), _, _) => file.clone(),
            (None, _, _) => "(no file)".to_string(),
        }
    }

    /// One line for reports: `error[code] file:line:col: message`.
    pub fn summary(&self) -> String {
        format!(
            "{}[{}] {}: {}",
            self.severity,
            self.code,
            self.position(),
            self.message
        )
    }
}

/// Text of the libraries Hearth uses that must never reach a coach: each
/// of these was seen in a message, and each needs plain words instead.
pub const RAW_LIBRARY_TEXT: &[&str] = &[
    "DuplicateKeyPolicy",
    "budget breached",
    "invalid i64",
    "invalid u64",
    "weak recursion",
    "mapping values are not allowed in this context",
    // Rust's debug form of errors and values.
    "Os { code",
    "Nodes {",
    "Custom {",
];

/// Why an error diagnostic does not meet the rule that every error names
/// its file and either its line and column or, when it has no place in the
/// file, says what to do; and says it in plain words. `None` when it does.
pub fn unlocated_or_raw(diagnostic: &Reported) -> Option<String> {
    if diagnostic.severity != "error" {
        return None;
    }
    let help = diagnostic.help.as_deref().unwrap_or("").trim();
    if diagnostic.message.trim().is_empty() {
        return Some(format!(
            "an error with no message: {}",
            diagnostic.summary()
        ));
    }
    if diagnostic.file.is_none() {
        return Some(format!("an error naming no file: {}", diagnostic.summary()));
    }
    let located = diagnostic.line.is_some() && diagnostic.column.is_some();
    if !located && help.is_empty() {
        return Some(format!(
            "an error with neither a line and column nor a help line: {}",
            diagnostic.summary()
        ));
    }
    for raw in RAW_LIBRARY_TEXT {
        if diagnostic.message.contains(raw) || help.contains(raw) {
            return Some(format!(
                "library text {raw:?} reached the coach: {}",
                diagnostic.summary()
            ));
        }
    }
    None
}

/// What is wrong with a built site in `out`: `atom.xml` and `sitemap.xml`
/// that are not well-formed XML, HTML files holding NUL or other
/// characters that XML 1.0 forbids. Empty when nothing is.
pub fn invalid_output(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for name in ["atom.xml", "sitemap.xml"] {
        let path = out.join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            problems.push(format!("{name} is missing from the output"));
            continue;
        };
        match std::str::from_utf8(&bytes) {
            Err(error) => problems.push(format!("{name} is not UTF-8: {error}")),
            Ok(text) => {
                if let Err(error) = roxmltree::Document::parse(text) {
                    problems.push(format!("{name} is not well-formed XML: {error}"));
                }
            }
        }
    }
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        let path = entry.path();
        if !entry.file_type().is_file()
            || !path
                .extension()
                .is_some_and(|ext| ext == "html" || ext == "htm" || ext == "xml")
        {
            continue;
        }
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        if let Some(bad) = text.chars().find(|c| forbidden_in_xml(*c)) {
            problems.push(format!(
                "{} holds the character U+{:04X}, which XML 1.0 and HTML forbid",
                path.strip_prefix(out).unwrap_or(path).display(),
                bad as u32
            ));
        }
    }
    problems
}

/// Characters XML 1.0 does not allow in a document: C0 controls other
/// than tab, line feed and carriage return, and U+FFFE and U+FFFF.
pub fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// How much memory one bounded run of `hearth` may take: far more than any
/// fixture needs, far less than would starve the machine.
pub const RUN_MEMORY_LIMIT: u64 = 3 << 30;

/// Runs `hearth <args>` in `dir` like [`run_in`], but kills it after
/// `limit` (the run's code is then -9) and caps its memory at
/// [`RUN_MEMORY_LIMIT`], so that a runaway input fails its test instead of
/// hanging it or exhausting the machine. Also returns how long it ran.
pub fn run_bounded(
    dir: &Path,
    args: &[&str],
    limit: std::time::Duration,
) -> (Run, std::time::Duration) {
    use std::io::Read;
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(env!("CARGO_BIN_EXE_hearth"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    // SAFETY: `setrlimit` is async-signal-safe and touches only the child.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: RUN_MEMORY_LIMIT as libc::rlim_t,
                rlim_max: RUN_MEMORY_LIMIT as libc::rlim_t,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            Ok(())
        });
    }
    let started = std::time::Instant::now();
    let mut child = command.spawn().expect("run hearth");
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let code = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status.code().unwrap_or(-1),
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                break -9;
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(5)),
            Err(_) => break -1,
        }
    };
    let elapsed = started.elapsed();
    let run = Run {
        code,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    };
    (run, elapsed)
}

/// The rules of a `_headers` file: each path pattern with its headers.
pub fn header_rules(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') {
            rules.push((line.trim().to_string(), Vec::new()));
        } else if let (Some(rule), Some((name, value))) = (rules.last_mut(), line.split_once(':')) {
            rule.1
                .push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    rules
}

/// The values of `header` at `path` as Cloudflare Pages serves them: one
/// from every rule that matches and sets it, in the file's order. (Netlify
/// serves only the most specific; a site with one rule per header gets the
/// same from both.)
pub fn header_values(
    rules: &[(String, Vec<(String, String)>)],
    path: &str,
    header: &str,
) -> Vec<String> {
    rules
        .iter()
        .filter(|(pattern, _)| match pattern.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == pattern,
        })
        .filter_map(|(_, headers)| {
            let value = headers.iter().find(|(name, _)| name == header)?;
            Some(value.1.clone())
        })
        .collect()
}

/// Serves the built site in `dir` over HTTP on 127.0.0.1 (WebAssembly does
/// not load from `file://`), each file with the Content-Security-Policy its
/// `_headers` gives it (every matching rule's, as Cloudflare Pages
/// sends them), on a thread of its own. Returns the port and the
/// server, which stops when dropped after [`tiny_http::Server::unblock`].
pub fn serve_folder(dir: &Path) -> (u16, std::sync::Arc<tiny_http::Server>) {
    let server = std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
    let port = server.server_addr().to_ip().expect("an IP address").port();
    let (dir, serving) = (dir.to_path_buf(), server.clone());
    std::thread::spawn(move || {
        for request in serving.incoming_requests() {
            // Read for each request: the site is built after the server starts.
            let headers = std::fs::read_to_string(dir.join("_headers")).unwrap_or_default();
            let rules = header_rules(&headers);
            let path = request.url().split('?').next().unwrap_or("/").to_string();
            let mut file = dir.join(path.trim_start_matches('/'));
            if path.ends_with('/') {
                file = file.join("index.html");
            }
            let Ok(bytes) = std::fs::read(&file) else {
                let _ = request.respond(tiny_http::Response::empty(404));
                continue;
            };
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            let mut response = tiny_http::Response::from_data(bytes)
                .with_header(tiny_http::Header::from_bytes("Content-Type", kind).expect("header"));
            for policy in header_values(&rules, &path, "Content-Security-Policy") {
                response.add_header(
                    tiny_http::Header::from_bytes("Content-Security-Policy", policy)
                        .expect("header"),
                );
            }
            let _ = request.respond(response);
        }
    });
    (port, server)
}
