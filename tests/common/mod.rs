//! Fixture sites for the integration tests: a temporary folder with
//! `content/site.yaml`, a copy of the repository's default theme, and
//! whatever files a test writes; `hearth` runs on it as a real process.

#![allow(dead_code)]

pub mod cdp;
pub mod serve;

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

pub const SITE_YAML: &str = "title: Test Practice\nbase_url: https://test.example\ndescription: A test site.\nlanguage: en\nauthor: { name: Alex Doe }\nmenu:\n  - { label: Articles, url: /articles/ }\nbooking: { label: Book a call, url: /contact/ }\n";

impl Site {
    /// A minimal valid site: settings, the default theme, a home page and
    /// a contact page (the booking link's target).
    pub fn new() -> Site {
        let site = Site::bare();
        site.write("content/site.yaml", SITE_YAML);
        site.write("content/_index.md", "---\ntitle: Welcome\n---\nHello.\n");
        // The menu's target: links in site.yaml are checked like any other.
        site.write(
            "content/articles/_index.md",
            "---\ntitle: Articles\ndescription: What I write about.\n---\n",
        );
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

fn copy_dir(from: &Path, to: &Path) {
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
