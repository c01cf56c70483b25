//! `hearth init`, `hearth new`, `hearth completions` and `--version`: a
//! coach's first minutes with an installed `hearth`, away from this repository.

mod common;

use std::path::Path;

use common::run_in;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn init_writes_a_site_that_builds_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(
        dir.path(),
        &[
            "init",
            "mysite",
            "--title",
            "Harbor \"Calm\" Coaching: #1",
            "--base-url",
            "https://harbor.example/practice/",
        ],
    );
    run.assert_success();
    assert!(
        run.stdout.contains("Created a new site in mysite"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("cd mysite"), "{}", run.stdout);
    let site = dir.path().join("mysite");
    for file in [
        "content/site.yaml",
        "content/_index.md",
        "content/about.md",
        "content/contact.md",
        "content/articles/_index.md",
        "content/articles/first-session.md",
        "content/referral.yaml",
        "themes/default/templates/base.html",
        "themes/default/static/style.css",
        ".gitignore",
    ] {
        assert!(site.join(file).is_file(), "init did not write {file}");
    }

    // The only warnings are the starter's words to replace (tests/lints.rs).
    let check = run_in(&site, &["check", "--format", "json"]);
    check.assert_success();
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(report["errors"], 0, "{report:#}");
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        assert_eq!(diagnostic["code"], "placeholder-text", "{report:#}");
    }

    let build = run_in(&site, &["build"]);
    build.assert_success();
    assert!(!build.stderr.contains("error"), "{}", build.stderr);
    let home = read(&site.join("public/index.html"));
    assert!(
        home.contains("Harbor &quot;Calm&quot; Coaching: #1")
            || home.contains("Harbor \"Calm\" Coaching: #1"),
        "the title is not on the home page"
    );
    assert!(
        home.contains("https://harbor.example/practice/"),
        "the base URL is not in the canonical link"
    );
    assert!(
        site.join("public/articles/first-session/index.html")
            .is_file()
    );
    assert!(site.join("public/referral/index.html").is_file());
}

/// A fresh site's pages are counted one way everywhere: `serve` said
/// "Built 10 pages" (every HTML file) where `check` said "Checked 6 pages"
/// (the coach's pages) and `build` counted like `serve`.
#[test]
fn build_check_and_serve_count_the_pages_alike() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init", "mysite"]).assert_success();
    let site = dir.path().join("mysite");
    // No comparisons, so no list of them; articles, so a search page.
    let pages = "6 pages and 4 generated pages";

    let check = run_in(&site, &["check"]);
    check.assert_success();
    assert!(
        check
            .stdout
            .contains(&format!("Checked {pages}: no errors, 9 warnings")),
        "{}",
        check.stdout
    );
    let build = run_in(&site, &["build"]);
    build.assert_success();
    assert!(
        build.stdout.starts_with(&format!("Built {pages} into ")),
        "{}",
        build.stdout
    );
    let server = common::serve::Server::start(&site, &[]);
    let line = common::serve::poll("the serve summary", || {
        server
            .stdout()
            .lines()
            .find(|line| line.starts_with("Built "))
            .map(str::to_string)
    });
    assert!(line.starts_with(&format!("Built {pages} in ")), "{line}");
}

#[test]
fn init_uses_the_embedded_theme_not_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init"]).assert_success();
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    assert_eq!(
        common::snapshot(&dir.path().join("themes/default")),
        common::snapshot(&repository),
        "the theme written by init differs from themes/default"
    );
    let settings = read(&dir.path().join("content/site.yaml"));
    assert!(
        settings.contains("title: \"My Coaching Practice\""),
        "{settings}"
    );
    assert!(
        settings.contains("base_url: \"https://example.com\""),
        "{settings}"
    );
}

#[test]
fn init_refuses_a_folder_with_files_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/_index.md"), "my own home page").unwrap();
    let before = common::snapshot(dir.path());

    run_in(dir.path(), &["init"]).assert_error(&["is not empty", "--force"]);
    assert_eq!(
        common::snapshot(dir.path()),
        before,
        "init wrote into a non-empty folder"
    );

    std::fs::write(dir.path().join(".gitignore"), "/target").unwrap();
    run_in(dir.path(), &["init", "--force"]).assert_success();
    assert_eq!(
        read(&dir.path().join(".gitignore")),
        "/target\n/public\n.hearth/\n",
        "an existing .gitignore is added to"
    );
    assert_eq!(
        read(&dir.path().join("notes.txt")),
        "mine",
        "--force removed a file"
    );
    assert!(read(&dir.path().join("content/_index.md")).starts_with("---\ntitle: Welcome"));
}

#[test]
fn init_accepts_a_fresh_git_repository() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    run_in(dir.path(), &["init"]).assert_success();
    assert!(dir.path().join("content/site.yaml").is_file());
}

#[test]
fn init_rejects_a_relative_base_url_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(
        dir.path(),
        &["init", "site", "--base-url", "harbor.example"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("not an absolute http(s) URL"),
        "{}",
        run.stderr
    );
    assert!(
        !dir.path().join("site").exists(),
        "init wrote a site it rejected"
    );
}

#[test]
fn new_article_writes_a_dated_draft_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init"]).assert_success();
    let run = run_in(dir.path(), &["new", "article", "My first article"]);
    run.assert_success();
    assert!(
        run.stdout
            .contains("Created content/articles/my-first-article.md"),
        "{}",
        run.stdout
    );
    let path = dir.path().join("content/articles/my-first-article.md");
    let text = read(&path);
    let today = jiff::Zoned::now().date();
    assert!(
        text.starts_with("---\ntitle: \"My first article\"\n"),
        "{text}"
    );
    assert!(text.contains(&format!("\ndate: {today}\n")), "{text}");
    assert!(text.contains("\ndraft: true\n"), "{text}");
    assert!(text.contains("\ndescription: \"\"\n"), "{text}");
    assert!(text.contains("\ntags: []\n"), "{text}");

    // A draft is left out of a build, and built with --drafts.
    run_in(dir.path(), &["check"]).assert_success();
    run_in(dir.path(), &["build"]).assert_success();
    assert!(!dir.path().join("public/articles/my-first-article").exists());
    run_in(dir.path(), &["build", "--drafts"]).assert_success();
    assert!(
        dir.path()
            .join("public/articles/my-first-article/index.html")
            .is_file()
    );
    // Its front matter is valid; the empty description is the one thing to fill in.
    let check = run_in(dir.path(), &["check", "--drafts", "--format", "json"]);
    check.assert_success();
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    // The empty description, and the line of body to write over.
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "content/articles/my-first-article.md")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["missing-description", "placeholder-text"],
        "{report:#}"
    );

    std::fs::write(&path, "my words").unwrap();
    run_in(dir.path(), &["new", "article", "My First Article!"]).assert_error(&[
        "content/articles/my-first-article.md already exists",
        "left as it was",
    ]);
    assert_eq!(read(&path), "my words");
}

#[test]
fn new_refuses_to_shadow_an_article_bundle() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init"]).assert_success();
    std::fs::create_dir_all(dir.path().join("content/articles/photos")).unwrap();
    std::fs::write(dir.path().join("content/articles/photos/index.md"), "x").unwrap();
    run_in(dir.path(), &["new", "article", "Photos"]).assert_error(&["already exists"]);
    assert!(!dir.path().join("content/articles/photos.md").exists());
}

#[test]
fn new_page_goes_to_the_top_of_content_without_a_date() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init", "site"]).assert_success();
    let run = run_in(
        dir.path(),
        &["new", "page", "Group workshops", "--root", "site"],
    );
    run.assert_success();
    let text = read(&dir.path().join("site/content/group-workshops.md"));
    assert!(
        text.starts_with("---\ntitle: \"Group workshops\"\n"),
        "{text}"
    );
    assert!(!text.contains("date:"), "{text}");
    assert!(text.contains("\ndraft: true\n"), "{text}");
    run_in(&dir.path().join("site"), &["build", "--drafts"]).assert_success();
}

#[test]
fn new_needs_a_site_and_a_usable_title() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["new", "article", "Title"])
        .assert_error(&["no `content/` folder", "hearth init"]);
    run_in(dir.path(), &["init"]).assert_success();
    let run = run_in(dir.path(), &["new", "article", "?!"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = run_in(dir.path(), &["new", "essay", "Title"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn version_and_completions_work() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["--version"]);
    run.assert_success();
    assert_eq!(
        run.stdout.trim(),
        format!("hearth {}", env!("CARGO_PKG_VERSION"))
    );

    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = run_in(dir.path(), &["completions", shell]);
        run.assert_success();
        for word in ["hearth", "build", "check", "init", "new", "deny-warnings"] {
            assert!(run.stdout.contains(word), "{shell} completions lack {word}");
        }
    }
    let run = run_in(dir.path(), &["completions", "tcsh"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

/// A cloned site can carry links; `init --force` and `new` write through
/// none of them, so nothing outside the folder changes.
#[cfg(unix)]
#[test]
fn init_and_new_write_through_no_symbolic_link() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("bashrc"), "mine\n").unwrap();
    let before = common::snapshot(outside.path());

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    symlink(
        outside.path().join("bashrc"),
        dir.path().join("content/site.yaml"),
    )
    .unwrap();
    run_in(dir.path(), &["init", "--force"]).assert_error(&[
        "content/site.yaml is a symbolic link; nothing was written",
        "replace the link",
    ]);
    assert_eq!(common::snapshot(outside.path()), before);
    assert!(!dir.path().join("themes").exists(), "init wrote some files");

    let site = tempfile::tempdir().unwrap();
    run_in(site.path(), &["init"]).assert_success();
    std::fs::remove_dir_all(site.path().join("content/articles")).unwrap();
    symlink(outside.path(), site.path().join("content/articles")).unwrap();
    run_in(site.path(), &["new", "article", "Escape"])
        .assert_error(&["content/articles is a symbolic link; nothing was written"]);
    assert_eq!(common::snapshot(outside.path()), before);
}

#[test]
fn a_file_where_a_folder_belongs_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("content"), "a file").unwrap();
    run_in(dir.path(), &["init", "--force"])
        .assert_error(&["a file stands where a folder is needed"]);
}

#[test]
fn a_very_long_title_gives_a_short_file_name() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init"]).assert_success();
    let title = "Why the parts that protect us work so hard ".repeat(10);
    let run = run_in(dir.path(), &["new", "article", &title]);
    run.assert_success();
    let created = run
        .stdout
        .strip_prefix("Created ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap();
    let name = Path::new(created).file_stem().unwrap().to_str().unwrap();
    assert!(name.len() <= 80, "{name}");
    assert!(name.starts_with("why-the-parts-that-protect-us-work-so-hard-why"));
    assert!(read(&dir.path().join(created)).contains(title.trim()));
}
