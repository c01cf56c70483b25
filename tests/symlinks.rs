//! Symbolic links in `build` and `check`: followed when they lead inside the
//! site's folder (the one holding `content/`), left out with a
//! `symlink-outside-site` warning naming the link and its target otherwise
//! (outside, dangling, a loop). `tests/serve.rs` holds the preview's side.

#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use common::Site;

const MARKER: &str = "OUTSIDE-SECRET-MARKER";

/// The site's `check --format json` diagnostics with code `symlink-outside-site`:
/// (file, message), sorted.
fn symlink_warnings(site: &Site) -> Vec<(String, String)> {
    let run = site.hearth(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    let mut found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "symlink-outside-site")
        .map(|d| {
            assert_eq!(d["severity"], "warning", "{d}");
            (
                d["file"].as_str().unwrap_or_default().to_string(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

fn link(target: impl AsRef<Path>, site: &Site, at: &str) {
    let path = site.path(at);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    symlink(target, path).unwrap();
}

#[test]
fn links_inside_the_site_are_followed() {
    let site = Site::new();
    site.write("shared/photo.txt", "A shared photo.");
    site.write("shared/pictures/one.txt", "Picture one.");
    site.write("shared/logo.txt", "The logo.");
    site.write(
        "shared/linked.md",
        "---\ntitle: Linked article\ndescription: Kept elsewhere in the site.\n---\nLinked words.\n",
    );
    site.write(
        "content/_index.md",
        "---\ntitle: Welcome\n---\nHello. [Linked](linked.md), ![A photo](photo.txt), ![One](pictures/one.txt).\n",
    );
    link("../shared/photo.txt", &site, "content/photo.txt");
    link("../shared/pictures", &site, "content/pictures");
    link("../shared/linked.md", &site, "content/linked.md");
    link("../shared/logo.txt", &site, "static/logo.txt");
    // A link to a template elsewhere in the site overrides the theme's.
    let page = std::fs::read_to_string(site.path("themes/default/templates/page.html")).unwrap();
    site.write(
        "shared/page.html",
        page.replace(
            "{% block content -%}",
            "{% block content -%}<p>Linked template</p>",
        ),
    );
    link("../shared/page.html", &site, "templates/page.html");

    site.build().assert_success();
    assert_eq!(site.read("photo.txt"), "A shared photo.");
    assert_eq!(site.read("pictures/one.txt"), "Picture one.");
    assert_eq!(site.read("logo.txt"), "The logo.");
    assert!(site.read("linked/index.html").contains("Linked words."));
    assert!(site.read("contact/index.html").contains("Linked template"));
    assert_eq!(symlink_warnings(&site), Vec::<(String, String)>::new());
}

#[test]
fn links_leading_outside_the_site_dangling_or_looping_are_left_out_with_a_warning() {
    let site = Site::new();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, MARKER).unwrap();
    std::fs::create_dir(outside.path().join("folder")).unwrap();
    std::fs::write(outside.path().join("folder/inside.txt"), MARKER).unwrap();
    let article = outside.path().join("article.md");
    std::fs::write(
        &article,
        format!("---\ntitle: Outside\ndescription: Not in the site.\n---\n{MARKER}\n"),
    )
    .unwrap();
    let template = outside.path().join("page.html");
    std::fs::write(&template, MARKER).unwrap();

    link(&secret, &site, "content/secret.txt");
    link(outside.path().join("folder"), &site, "content/folder");
    link(&article, &site, "content/outside.md");
    link(&secret, &site, "static/secret.txt");
    link(&secret, &site, "themes/default/static/leak.txt");
    link(&template, &site, "templates/page.html");
    link("../secret.txt", &site, "content/relative.txt");
    // `..` out of the site, then back in, still ends outside.
    link("nowhere.txt", &site, "content/dangling.txt");
    link("loop.txt", &site, "content/loop.txt");
    link("..", &site, "content/up/back");

    let run = site.build();
    run.assert_success();
    let public = site.snapshot("public");
    for (path, bytes) in &public {
        assert!(
            !String::from_utf8_lossy(bytes).contains(MARKER),
            "{path} holds a file from outside the site"
        );
    }
    for left_out in [
        "secret.txt",
        "folder/inside.txt",
        "outside/index.html",
        "leak.txt",
        "relative.txt",
        "dangling.txt",
        "loop.txt",
    ] {
        assert!(!public.contains_key(left_out), "{left_out} was published");
    }
    // The theme's own page template is used, not the outside one.
    assert!(site.read("contact/index.html").contains("Write to me."));
    assert!(
        run.stderr.contains("symlink-outside-site"),
        "{}",
        run.stderr
    );

    let warnings = symlink_warnings(&site);
    let files: Vec<&str> = warnings.iter().map(|(file, _)| file.as_str()).collect();
    assert_eq!(
        files,
        [
            "content/dangling.txt",
            "content/folder",
            "content/loop.txt",
            "content/outside.md",
            "content/relative.txt",
            "content/secret.txt",
            "content/up/back",
            "static/secret.txt",
            "templates/page.html",
            "themes/default/static/leak.txt",
        ],
        "{warnings:#?}"
    );
    let message = |file: &str| {
        warnings
            .iter()
            .find(|(f, _)| f == file)
            .map(|(_, m)| m.clone())
            .unwrap()
    };
    let secret_shown = secret.display().to_string();
    assert!(
        message("content/secret.txt").contains(&secret_shown),
        "names the target: {}",
        message("content/secret.txt")
    );
    assert!(message("content/secret.txt").contains("outside the site"));
    assert!(message("content/relative.txt").contains("`../secret.txt`"));
    assert!(message("content/dangling.txt").contains("`nowhere.txt`"));
    assert!(message("content/dangling.txt").contains("leads to nothing"));
    assert!(message("content/up/back").contains("never end"));

    // `check` agrees, and fails on them with --deny-warnings.
    let check = site.hearth(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("content/secret.txt"),
        "{}",
        check.stderr
    );
    assert_eq!(site.hearth(&["check", "--deny-warnings"]).code, 1);
}

#[test]
fn a_theme_behind_a_link_outside_the_site_is_not_used() {
    let site = Site::new();
    let outside = tempfile::tempdir().unwrap();
    let copied = std::process::Command::new("cp")
        .arg("-R")
        .arg(site.path("themes/default"))
        .arg(outside.path().join("elsewhere"))
        .status()
        .unwrap();
    assert!(copied.success());
    std::fs::write(outside.path().join("elsewhere/static/style.css"), MARKER).unwrap();
    link(outside.path().join("elsewhere"), &site, "themes/elsewhere");
    site.write(
        "content/site.yaml",
        format!("{}theme: elsewhere\n", common::SITE_YAML),
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    // One error for the templates, a warning for the static files.
    assert!(
        run.stderr.contains("error[missing-theme]: `themes/elsewhere/templates` is reached through `themes/elsewhere`, a symbolic link to"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("missing-template"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning[symlink-outside-site]: `themes/elsewhere/static`"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());
}

/// A folder linked out of the site is never listed in a message: not for
/// a "did you mean" of the author's photo, nor among the theme's languages.
#[test]
fn names_behind_a_link_out_of_the_site_are_never_offered() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("id_rsa_backup.jpeg"), "key").unwrap();
    std::fs::write(outside.path().join("prod-db-credentials.yaml"), "a: b\n").unwrap();
    let check = |site: &Site| site.hearth(&["check", "--format", "json"]).stdout;

    let photo = Site::new();
    link(outside.path(), &photo, "content/elsewhere");
    photo.write(
        "content/site.yaml",
        common::SITE_YAML.replace(
            "author: { name: Alex Doe }",
            "author: { name: Alex Doe, photo: elsewhere/id_rsa_backup.jpg }",
        ),
    );
    let report = check(&photo);
    assert!(report.contains("elsewhere/id_rsa_backup.jpg"), "{report}");
    assert!(!report.contains("id_rsa_backup.jpeg"), "{report}");

    let words = Site::new();
    words.write(
        "content/site.yaml",
        common::SITE_YAML.replace("language: en", "language: pt"),
    );
    std::fs::copy(
        words.path("themes/default/i18n/en.yaml"),
        outside.path().join("en.yaml"),
    )
    .unwrap();
    std::fs::remove_dir_all(words.path("themes/default/i18n")).unwrap();
    link(outside.path(), &words, "themes/default/i18n");
    let report = check(&words);
    assert!(report.contains("no words in the language `pt`"), "{report}");
    assert!(!report.contains("prod-db-credentials"), "{report}");
}

/// Links into the site's hidden files and folders (`.git/`, `.env`) are not
/// followed: hidden files are never part of the site, and `.git/config`
/// can hold a CI token.
#[test]
fn links_into_hidden_files_and_folders_are_left_out_with_a_warning() {
    let site = Site::new();
    site.write(".git/config", format!("[http] extraheader = {MARKER}\n"));
    site.write(".env", format!("TOKEN={MARKER}\n"));
    link(site.path(".git/config"), &site, "static/config.txt");
    link(site.path(".git"), &site, "static/git");
    link(site.path(".env"), &site, "content/articles/env.md");
    let warnings = symlink_warnings(&site);
    let files: Vec<&str> = warnings.iter().map(|(file, _)| file.as_str()).collect();
    assert_eq!(
        files,
        ["content/articles/env.md", "static/config.txt", "static/git"],
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .all(|(_, message)| message.contains("hidden")),
        "{warnings:#?}"
    );
    site.build().assert_success();
    for (name, bytes) in site.snapshot("public") {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(MARKER),
            "{name} holds a hidden file's text"
        );
    }
}

/// A share picture or a theme's words reached through a link into a hidden
/// file of the site are not read either.
#[test]
fn a_picture_or_words_in_a_hidden_file_are_not_read() {
    let site = Site::new();
    site.write(".git/words.yaml", format!("read_more: {MARKER}\n"));
    site.write(".git/logo.png", "not read");
    link(
        site.path(".git/words.yaml"),
        &site,
        "themes/default/i18n/pt.yaml",
    );
    site.write(
        "content/site.yaml",
        common::SITE_YAML.replace("language: en", "language: pt"),
    );
    site.write(
        "content/articles/hidden.md",
        "---\ntitle: Hidden\ndescription: A picture in a hidden folder.\nimage: ../../.git/logo.png\n---\nWords.\n",
    );
    let run = site.hearth(&["check"]);
    run.assert_error(&["bad-image", "content/articles/hidden.md", "hidden"]);
    let site_run = site.build();
    assert!(!site_run.stderr.contains(MARKER), "{}", site_run.stderr);
    site.remove("content/articles/hidden.md");
    site.build().assert_success();
    for (name, bytes) in site.snapshot("public") {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(MARKER),
            "{name} holds a hidden file's words"
        );
    }
}
