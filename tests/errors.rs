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
            "no page has the title or slug `Frist`",
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

#[test]
fn bad_usage_exits_with_two() {
    let site = Site::new();
    let run = site.hearth(&["build", "--no-such-flag"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = site.hearth(&["frobnicate"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}
