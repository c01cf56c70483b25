//! Every input a coach can get wrong fails the build with exit code 1, a
//! message naming the file (and line and column where there is one), and
//! leaves the previous `public/` byte-identical.

mod common;

use common::Site;

/// Builds a good site, breaks it with `breakage`, and checks the failed
/// build's messages and that `public/` did not change.
fn fails_cleanly(breakage: impl FnOnce(&Site), needles: &[&str]) -> Site {
    let site = Site::new();
    site.write("content/articles/_index.md", "---\ntitle: Articles\n---\n");
    site.write(
        "content/articles/first.md",
        "---\ntitle: First\ndate: 2026-01-05\n---\n## Start\n\nHello.\n",
    );
    site.assert_breakage_fails_cleanly(breakage, needles);
    site
}

#[test]
fn an_empty_file() {
    fails_cleanly(
        |s| s.write("content/articles/empty.md", ""),
        &["content/articles/empty.md", "the file is empty"],
    );
}

#[test]
fn a_file_without_front_matter() {
    fails_cleanly(
        |s| s.write("content/articles/plain.md", "Just words.\n"),
        &[
            "content/articles/plain.md:1:1",
            "has no front matter",
            "start the file with a `---` line",
        ],
    );
}

#[test]
fn unclosed_front_matter() {
    fails_cleanly(
        |s| s.write("content/articles/open.md", "---\ntitle: Open\n\nBody\n"),
        &["content/articles/open.md:1:", "never closed"],
    );
}

#[test]
fn malformed_yaml_in_front_matter() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/bad.md",
                "---\ntitle: Fine\ntags: [one, two\n---\nBody\n",
            )
        },
        &["content/articles/bad.md:3:", "error[front-matter]"],
    );
}

#[test]
fn a_file_that_is_not_utf8() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/latin1.md",
                b"---\ntitle: Caf\xe9\n---\n".as_slice(),
            )
        },
        &[
            "content/articles/latin1.md:2:",
            "not UTF-8",
            "save the file with UTF-8",
        ],
    );
}

#[test]
fn a_missing_title() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/untitled.md",
                "---\ndate: 2026-01-01\n---\nBody\n",
            )
        },
        &[
            "content/articles/untitled.md:2:1",
            "missing required key `title`",
            "title: Your page title",
        ],
    );
}

#[test]
fn an_empty_title() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/blank.md",
                "---\ntitle: \"  \"\n---\nBody\n",
            )
        },
        &["content/articles/blank.md:2:8", "the title is empty"],
    );
}

#[test]
fn an_unknown_front_matter_key_with_a_suggestion() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/typo.md",
                "---\ntitle: Typo\ndescripton: Oops\n---\nBody\n",
            )
        },
        &[
            "content/articles/typo.md:3:1",
            "unknown key `descripton`",
            "did you mean `description`?",
        ],
    );
}

#[test]
fn a_bad_date() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/date.md",
                "---\ntitle: Date\ndate: 2026-02-30\n---\nBody\n",
            )
        },
        &[
            "content/articles/date.md:3:7",
            "`2026-02-30` is not a valid publication date",
            "YYYY-MM-DD",
        ],
    );
}

#[test]
fn two_pages_with_one_url_name_both_files() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/other.md",
                "---\ntitle: Other\nslug: first\n---\nBody\n",
            )
        },
        &[
            "content/articles/other.md:3:7",
            "content/articles/first.md",
            "/articles/first/",
        ],
    );
}

#[test]
fn a_slug_with_dots_cannot_escape_the_output_folder() {
    let site = fails_cleanly(
        |s| {
            s.write(
                "content/articles/escape.md",
                "---\ntitle: Escape\nslug: ../../../outside\n---\nBody\n",
            )
        },
        &[
            "content/articles/escape.md:3:7",
            "the slug `../../../outside`",
        ],
    );
    assert!(!site.root().join("outside").exists());
    assert!(!site.root().parent().unwrap().join("outside").exists());
}

#[test]
fn a_slug_with_a_slash() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/slash.md",
                "---\ntitle: Slash\nslug: a/b\n---\nBody\n",
            )
        },
        &["content/articles/slash.md:3:7", "contains a slash"],
    );
}

#[test]
fn a_missing_template_named_in_front_matter() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/fancy.md",
                "---\ntitle: Fancy\ntemplate: artcle.html\n---\nBody\n",
            )
        },
        &[
            "content/articles/fancy.md:3:11",
            "there is no template `artcle.html`",
            "did you mean `article.html`?",
        ],
    );
}

#[test]
fn a_theme_without_a_needed_template() {
    fails_cleanly(
        |s| s.remove("themes/default/templates/article.html"),
        &[
            "the theme has no template `article.html`",
            "content/articles/first.md",
        ],
    );
}

#[test]
fn a_template_syntax_error_names_the_template_line() {
    fails_cleanly(
        |s| {
            s.write(
                "templates/page.html",
                "<p>\n{% if page.title %}\n{{ page.title }\n",
            )
        },
        &["templates/page.html:3:", "error[template]"],
    );
}

#[test]
fn a_template_rendering_error_names_the_template_and_the_page() {
    fails_cleanly(
        |s| {
            s.write(
                "templates/page.html",
                "<p>\n{{ page.no_such_field }}\n</p>\n",
            )
        },
        &[
            "templates/page.html:2:",
            "while rendering content/contact.md",
        ],
    );
}

#[test]
fn a_broken_link_with_a_suggestion() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/links.md",
                "---\ntitle: Links\n---\nSee [the first](frist.md).\n",
            )
        },
        &[
            "content/articles/links.md:4:5",
            "`frist.md` is not a content file",
            "did you mean `first.md`?",
        ],
    );
}

#[test]
fn a_broken_link_to_an_unlike_name_suggests_nothing() {
    // A long shared folder must not make `_index.md` look like a typo of
    // `nowhere.md`.
    let site = Site::new();
    site.write(
        "content/articles/links.md",
        "---\ntitle: Links\n---\nSee [it](nowhere.md).\n",
    );
    let run = site.build();
    run.assert_error(&[
        "content/articles/links.md:4:5",
        "`nowhere.md` is not a content file",
        "check the file name",
    ]);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}

#[test]
fn a_broken_wikilink_with_a_suggestion() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/wiki.md",
                "---\ntitle: Wiki\n---\nSee [[Frist]].\n",
            )
        },
        &[
            "content/articles/wiki.md:4:5",
            "no page has the title, slug or file name `Frist`",
            "did you mean `First`?",
        ],
    );
}

#[test]
fn a_broken_anchor_with_a_suggestion() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/anchor.md",
                "---\ntitle: Anchor\n---\nSee [start](first.md#strat).\n",
            )
        },
        &[
            "content/articles/anchor.md:4:5",
            "`#strat` is not a heading of content/articles/first.md",
            "did you mean `#start`?",
        ],
    );
}

#[test]
fn a_broken_site_path() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/path.md",
                "---\ntitle: Path\n---\nBack to [articles](/artcles/).\n",
            )
        },
        &[
            "content/articles/path.md:4:9",
            "no page or file at `/artcles/`",
            "did you mean `/articles/`?",
        ],
    );
}

#[test]
fn a_missing_content_folder() {
    let site = Site::bare();
    let run = site.build();
    run.assert_error(&["no `content/` folder", "--root"]);
    assert!(!site.path("public").exists());
}

#[test]
fn a_missing_site_yaml() {
    fails_cleanly(
        |s| s.remove("content/site.yaml"),
        &["content/site.yaml", "the site settings file is missing"],
    );
}

#[test]
fn an_invalid_site_yaml() {
    fails_cleanly(
        |s| {
            s.write(
                "content/site.yaml",
                "title: T\nbase_url: https://x.example\nmenus: []\n",
            )
        },
        &[
            "content/site.yaml:3:1",
            "unknown key `menus`",
            "did you mean `menu`?",
        ],
    );
}

#[test]
fn a_relative_base_url() {
    fails_cleanly(
        |s| s.write("content/site.yaml", "title: T\nbase_url: harbor.example\n"),
        &["content/site.yaml:2:11", "is not an absolute http(s) URL"],
    );
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let site = fails_cleanly(
        |s| {
            s.write(
                "content/articles/a.md",
                "---\ntitle: A\ndate: 2026-99-01\n---\n[x](nope.md)\n",
            );
            s.write("content/articles/b.md", "---\ntitle: B\ntitel: B\n---\n");
            s.write("content/articles/c.md", "---\ntitle: C\n---\n[[Nobody]]\n");
        },
        &[
            "content/articles/a.md:3:7",
            "content/articles/a.md:5:1",
            "content/articles/b.md:3:1",
            "content/articles/c.md:4:1",
        ],
    );
    let _ = site;
}

/// The diagnostics of `hearth check --format json` on the site, as
/// `(file:line:col, message, help)`.
fn checked(site: &Site) -> Vec<(String, String, String)> {
    let run = site.hearth(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout));
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                format!(
                    "{}:{}:{}",
                    d["file"].as_str().unwrap_or_default(),
                    d["line"],
                    d["column"]
                ),
                d["message"].as_str().unwrap_or_default().to_string(),
                d["help"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_error_of_a_front_matter_at_once() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/three.md",
                "---\ntitle: [1]\ndate: yes\ncolour: red\n---\nBody\n",
            )
        },
        &[
            "content/articles/three.md:2:8",
            "expected text here",
            "content/articles/three.md:3:7",
            "`yes` is not a valid publication date",
            "content/articles/three.md:4:1",
            "unknown key `colour`",
        ],
    );
    let site = Site::new();
    site.write(
        "content/three.md",
        "---\ntitle: [1]\ndate: yes\ncolour: red\n---\nBody\n",
    );
    let errors = checked(&site);
    let places: Vec<&str> = errors.iter().map(|(place, _, _)| place.as_str()).collect();
    assert_eq!(
        places,
        [
            "content/three.md:2:8",
            "content/three.md:3:7",
            "content/three.md:4:1"
        ],
        "{errors:#?}"
    );
    assert!(
        errors.iter().all(|(_, _, help)| !help.is_empty()),
        "{errors:#?}"
    );
}

#[test]
fn a_yaml_syntax_error_comes_alone_before_what_follows_from_it() {
    let site = Site::new();
    site.write(
        "content/open.md",
        "---\ntitel: Open\ntags: [one, two\n---\nBody\n",
    );
    let errors = checked(&site);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].0, "content/open.md:3:7");
    assert!(
        errors[0].1.contains("this `[` is never closed"),
        "{errors:#?}"
    );
}

#[test]
fn a_colon_in_a_title_says_to_put_it_in_quotes() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/colon.md",
                "---\ntitle: Parts work: a primer\n---\nBody\n",
            )
        },
        &[
            "content/articles/colon.md:2:18",
            "put the value in quotes: `title: \"Parts work: a primer\"`",
        ],
    );
}

#[test]
fn an_apostrophe_in_a_single_quoted_title_says_how_to_quote_it() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/quote.md",
                "---\ntitle: 'When it's time'\n---\nBody\n",
            )
        },
        &[
            "content/articles/quote.md:2:",
            "after the closing single quote",
            "`title: \"When it's time\"`",
        ],
    );
}

#[test]
fn a_tab_is_pointed_at_on_its_own_line() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/tab.md",
                "---\ntitle: Tab\n\tdate: 2026-01-01\n---\nBody\n",
            )
        },
        &[
            "content/articles/tab.md:3:1",
            "YAML indents with spaces, not tabs",
        ],
    );
}

#[test]
fn a_repeated_key_names_both_lines() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/twice.md",
                "---\ntitle: Twice\ndate: 2026-01-01\ndate: 2026-02-01\n---\nBody\n",
            )
        },
        &[
            "content/articles/twice.md:4:1",
            "the key `date` is written twice: here and on line 3",
            "keep one of the two lines",
        ],
    );
}

#[test]
fn every_problem_of_site_yaml_at_once_each_with_a_help_line() {
    let site = fails_cleanly(
        |s| {
            s.write(
                "content/site.yaml",
                "title: T\nbase_url: harbor.example\ncolour: red\nmenu: 5\nbooking: { label: Book, url: [x] }\nlanguge: en\n",
            )
        },
        &[
            "content/site.yaml:2:11",
            "is not an absolute http(s) URL",
            "content/site.yaml:3:1",
            "unknown key `colour`",
            "content/site.yaml:4:7",
            "expected a list here",
            "content/site.yaml:5:30",
            "expected text here",
            "content/site.yaml:6:1",
            "did you mean `language`?",
        ],
    );
    let errors = checked(&site);
    assert_eq!(errors.len(), 5, "{errors:#?}");
    assert!(
        errors.iter().all(|(_, _, help)| !help.is_empty()),
        "{errors:#?}"
    );
}

#[test]
fn an_unreadable_site_yaml_says_why_and_is_not_called_missing() {
    let site = Site::new();
    site.remove("content/site.yaml");
    std::fs::create_dir(site.path("content/site.yaml")).expect("folder");
    let run = site.build();
    run.assert_error(&[
        "content/site.yaml",
        "the site settings file cannot be read",
        "must be a file",
    ]);
    assert!(!run.stderr.contains("missing"), "{}", run.stderr);
}

#[test]
fn bad_usage_exits_with_two() {
    let site = Site::new();
    let run = site.hearth(&["build", "--no-such-flag"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = site.hearth(&["frobnicate"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

/// `--ouput` is two typos from `--out`, too far for clap's own suggestion:
/// the tip names the flag that was meant.
#[test]
fn a_mistyped_flag_gets_the_close_flag_name() {
    let site = Site::new();
    for (args, flag) in [
        (&["build", "--ouput", "public"][..], "'--out'"),
        (&["build", "--ouput=public"][..], "'--out'"),
        (&["check", "--extrnal"][..], "'--external'"),
        (&["serve", "--prot", "8000"][..], "'--port'"),
    ] {
        let run = site.hearth(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("unexpected argument")
                && run
                    .stderr
                    .contains(&format!("a similar argument exists: {flag}")),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = site.hearth(&["build", "--zzzzzzzz"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("similar argument"), "{}", run.stderr);
}
