//! Which folders `--out` may name: the site's own, linked, foreign and old ones.

use super::*;

#[test]
fn files_are_written_only_inside_the_output_folder() {
    let dir = Path::new("out");
    assert_eq!(
        inside(dir, "a/index.html").unwrap(),
        dir.join("a/index.html")
    );
    for bad in ["", "/etc/x", "../x", "a/../../x", "./x"] {
        assert!(inside(dir, bad).is_err(), "{bad:?}");
    }
}

/// A folder with the parts of a site that `--out` must never replace.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for folder in ["content/articles", "themes/default/templates", "templates"] {
        std::fs::create_dir_all(dir.path().join(folder)).expect("folder");
    }
    std::fs::write(dir.path().join("content/site.yaml"), "title: T\n").expect("write");
    dir
}

fn check(root: &Path, out: &Path) -> Result<PathBuf, OutFolderError> {
    check_out_folder(root, &root.join("themes/default"), out)
}

/// A folder that a build of Hearth 0.1.0 left: no marker.
pub(super) fn old_hearth_site(dir: &Path) {
    std::fs::create_dir_all(dir.join("about")).expect("folder");
    std::fs::write(dir.join("index.html"), "<!doctype html>").expect("write");
    std::fs::write(dir.join("about/index.html"), "<!doctype html>").expect("write");
    std::fs::write(dir.join("sitemap.xml"), "<urlset/>").expect("write");
    std::fs::write(
        dir.join("atom.xml"),
        "<?xml version=\"1.0\"?>\n<feed>\n  <title>T</title>\n  <generator>Hearth</generator>\n</feed>\n",
    )
    .expect("write");
}

#[test]
fn canonical_resolves_links_dots_and_missing_parts() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let real = canonical(dir.path()).expect("canonical");
    std::fs::create_dir_all(dir.path().join("a/b")).expect("folder");
    assert_eq!(
        canonical(&dir.path().join("a/b/../b/./new/../later/x")).expect("canonical"),
        real.join("a/b/later/x")
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("a/b"), dir.path().join("link"))
            .expect("symlink");
        assert_eq!(
            canonical(&dir.path().join("link/not-yet")).expect("canonical"),
            real.join("a/b/not-yet")
        );
    }
}

#[test]
fn the_sites_own_folders_are_refused_in_every_spelling() {
    let dir = site();
    let root = dir.path();
    let refused = |out: PathBuf| match check(root, &out) {
        Err(error @ (OutFolderError::SiteRoot { .. } | OutFolderError::SiteFolder { .. })) => error,
        other => panic!("{} was not refused: {other:?}", out.display()),
    };
    let error = refused(root.to_path_buf());
    assert!(matches!(
        error,
        OutFolderError::SiteRoot {
            relation: Relation::Same,
            ..
        }
    ));
    assert!(
        error.to_string().contains("is the site's own folder"),
        "{error}"
    );
    refused(root.join("content/.."));
    refused(root.join("content/../."));
    let error = refused(root.join(".."));
    assert!(
        error.to_string().contains("holds the site's own folder"),
        "{error}"
    );
    for (out, folder, relation) in [
        ("content", "content/", Relation::Same),
        ("content/articles", "content/", Relation::Inside),
        ("content/new/folder", "content/", Relation::Inside),
        ("themes", "themes/", Relation::Same),
        ("themes/default", "themes/default/", Relation::Same),
        (
            "themes/default/static/out",
            "themes/default/",
            Relation::Inside,
        ),
        ("themes/other", "themes/", Relation::Inside),
        ("templates", "templates/", Relation::Same),
        ("static/site", "static/", Relation::Inside),
    ] {
        match refused(root.join(out)) {
            OutFolderError::SiteFolder {
                folder: found,
                relation: how,
                ..
            } => assert_eq!((found.as_str(), how), (folder, relation), "--out {out}"),
            other => panic!("--out {out}: {other:?}"),
        }
    }
    // A theme outside themes/ is protected too.
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    let theme = elsewhere.path().join("theme");
    std::fs::create_dir_all(theme.join("templates")).expect("folder");
    assert!(matches!(
        check_out_folder(root, &theme, &theme.join("templates")),
        Err(OutFolderError::SiteFolder {
            relation: Relation::Inside,
            ..
        })
    ));
    assert!(matches!(
        check_out_folder(root, &theme, elsewhere.path()),
        Err(OutFolderError::SiteFolder {
            relation: Relation::Contains,
            ..
        })
    ));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("content"), root.join("public")).expect("link");
        refused(root.join("public"));
    }
}

#[test]
fn a_new_empty_marked_or_old_hearth_folder_may_be_replaced() {
    let dir = site();
    let root = dir.path();
    assert!(check(root, &root.join("public")).is_ok());
    assert!(check(root, &root.join("out/public")).is_ok());
    std::fs::create_dir(root.join("public")).expect("folder");
    assert!(check(root, &root.join("public")).is_ok(), "empty");
    std::fs::write(root.join("public/index.html"), "x").expect("write");
    std::fs::write(root.join("public").join(MARKER), MARKER_TEXT).expect("write");
    assert_eq!(
        check(root, &root.join("public")).expect("marked"),
        canonical(&root.join("public")).expect("canonical")
    );
    let old = root.join("old");
    old_hearth_site(&old);
    assert!(check(root, &old).is_ok(), "a site built by Hearth 0.1.0");
}

/// `public` committed as a link to a folder outside the site (empty, or
/// another site's marked output) is not built into, nor is anything beside
/// it touched; `--out` naming that folder itself may build there, and a
/// link that stays inside the site is followed.
#[cfg(unix)]
#[test]
fn an_output_folder_linked_into_a_hidden_folder_is_refused() {
    let dir = site();
    let root = dir.path();
    let tags = root.join(".git/refs/tags");
    std::fs::create_dir_all(&tags).expect("folder");
    std::os::unix::fs::symlink(".git/refs/tags", root.join("public")).expect("link");
    match check(root, &root.join("public")) {
        Err(error @ OutFolderError::LinkedHidden { .. }) => {
            assert!(error.to_string().contains("hidden folder"), "{error}");
            assert!(error.help().contains("remove the link"), "{}", error.help());
        }
        other => panic!("{other:?}"),
    }
    // Named directly, Git's folder and Hearth's cache are the site's own.
    for own in [".git", ".git/refs/tags", ".hearth", ".hearth/out"] {
        assert!(
            matches!(
                check(root, &root.join(own)),
                Err(OutFolderError::SiteFolder { .. })
            ),
            "{own}"
        );
    }
    // A hidden folder of one's own choosing, by its name, may be built into.
    assert!(check(root, &root.join(".preview")).is_ok());
    // A hidden name that is itself a link into another hidden folder is not.
    std::fs::create_dir_all(root.join(".github/x")).expect("folder");
    std::os::unix::fs::symlink(".github/x", root.join(".out")).expect("link");
    assert!(matches!(
        check(root, &root.join(".out")),
        Err(OutFolderError::LinkedHidden { .. })
    ));
}

#[cfg(unix)]
#[test]
fn an_output_folder_linked_out_of_the_site_is_refused() {
    use std::os::unix::fs::symlink;
    let dir = site();
    let root = dir.path();
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    let target = elsewhere.path().join("www");
    std::fs::create_dir(&target).expect("folder");
    std::fs::write(target.join(MARKER), MARKER_TEXT).expect("write");
    std::fs::write(target.join("keep.txt"), "precious").expect("write");
    symlink(&target, root.join("public")).expect("link");
    match check(root, &root.join("public")) {
        Err(OutFolderError::LinkedOutside { target: found, .. }) => {
            assert_eq!(found, canonical(&target).expect("canonical"));
        }
        other => panic!("{other:?}"),
    }
    // Reached through a linked folder on the way, too.
    symlink(elsewhere.path(), root.join("out")).expect("link");
    assert!(matches!(
        check(root, &root.join("out/www")),
        Err(OutFolderError::LinkedOutside { .. })
    ));
    let message = check(root, &root.join("public")).unwrap_err();
    assert!(
        message.to_string().contains("outside the site"),
        "{message}"
    );
    assert!(message.help().contains("--out"), "{}", message.help());
    // Named for what it is, the same folder may be built into.
    assert!(check(root, &target).is_ok());
    // Outside by its name (`..`), not through a link: the coach's choice.
    let beside = root
        .join("..")
        .join(elsewhere.path().file_name().expect("name"));
    assert!(beside.exists(), "both temporary folders share a parent");
    assert!(check(root, &beside.join("www")).is_ok());
    // A link that stays inside the site is followed.
    std::fs::remove_file(root.join("public")).expect("unlink");
    std::fs::create_dir(root.join("build")).expect("folder");
    symlink(root.join("build"), root.join("public")).expect("link");
    assert!(check(root, &root.join("public")).is_ok());
    assert_eq!(
        std::fs::read_to_string(target.join("keep.txt")).expect("read"),
        "precious"
    );
}

/// An old site about to be moved aside gets the staging line in its
/// marker (a site of Hearth 0.1.0 gets a marker), written in place of the
/// old one, never through it; so a leftover of it after a stop is removed
/// by the next build, and a copy of the output folder is not.
#[test]
fn an_old_site_is_marked_as_being_replaced_before_it_is_moved_aside() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let leftover = dir.path().join(".public.new-12-3");
    old_hearth_site(&leftover);
    retire(&leftover);
    assert_eq!(
        std::fs::read_to_string(leftover.join(MARKER)).expect("marker"),
        staging_marker()
    );
    // A marker that is a link is replaced, not written through.
    #[cfg(unix)]
    {
        let elsewhere = dir.path().join("elsewhere.txt");
        std::fs::write(&elsewhere, "someone's file").expect("write");
        let linked = dir.path().join(".public.old-12-4");
        old_hearth_site(&linked);
        std::os::unix::fs::symlink(&elsewhere, linked.join(MARKER)).expect("link");
        retire(&linked);
        assert_eq!(
            std::fs::read_to_string(&elsewhere).expect("read"),
            "someone's file"
        );
        assert!(
            !std::fs::symlink_metadata(linked.join(MARKER))
                .expect("marker")
                .is_symlink()
        );
    }
    // A backup of a built site, under a name like a staging folder's.
    let backup = dir.path().join(".public.old-2024-05");
    old_hearth_site(&backup);
    std::fs::write(backup.join(MARKER), MARKER_TEXT).expect("write");
    let out = dir.path().join("public");
    build(&out, "new");
    assert!(!leftover.exists());
    assert!(!dir.path().join(".public.old-12-4").exists());
    assert!(
        backup.join("index.html").is_file(),
        "the backup was removed"
    );
    assert_eq!(
        std::fs::read_to_string(out.join(MARKER)).expect("marker"),
        MARKER_TEXT,
        "the site in place has an output's marker"
    );
}

#[test]
fn a_folder_of_other_files_or_a_file_is_refused() {
    let dir = site();
    let root = dir.path();
    let out = root.join("mine");
    std::fs::create_dir_all(out.join("b")).expect("folder");
    std::fs::write(out.join("a-notes.txt"), "mine").expect("write");
    match check(root, &out) {
        Err(error @ OutFolderError::Foreign { .. }) => {
            assert!(error.to_string().contains("a-notes.txt"), "{error}");
            assert!(error.help().contains("choose an empty or new folder"));
        }
        other => panic!("{other:?}"),
    }
    // A marker that is a folder, or a look-alike site that no Hearth
    // built, does not count.
    std::fs::create_dir(out.join(MARKER)).expect("folder");
    assert!(matches!(
        check(root, &out),
        Err(OutFolderError::Foreign { .. })
    ));
    let lookalike = root.join("lookalike");
    old_hearth_site(&lookalike);
    std::fs::write(
        lookalike.join("atom.xml"),
        "<feed><generator>Hugo</generator></feed>",
    )
    .expect("write");
    assert!(matches!(
        check(root, &lookalike),
        Err(OutFolderError::Foreign { .. })
    ));
    std::fs::write(root.join("file"), "x").expect("write");
    assert!(matches!(
        check(root, &root.join("file")),
        Err(OutFolderError::NotAFolder { .. })
    ));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("nowhere"), root.join("broken")).expect("link");
        assert!(matches!(
            check(root, &root.join("broken")),
            Err(OutFolderError::NotAFolder { .. })
        ));
        // Under a link to nothing: named, instead of a bare "File exists".
        let below = root.join("broken").join("site");
        match check(root, &below) {
            Err(error @ OutFolderError::BrokenLinkAbove { .. }) => {
                let OutFolderError::BrokenLinkAbove { link, .. } = &error else {
                    unreachable!()
                };
                assert_eq!(link, &root.join("broken"));
                assert!(
                    error.to_string().contains(&format!(
                        "a symbolic link to {}, which does not exist",
                        root.join("nowhere").display()
                    )),
                    "{error}"
                );
                assert!(error.help().contains("remove the link"));
            }
            other => panic!("expected BrokenLinkAbove, got {other:?}"),
        }
        // Inside content/, the stronger refusal comes first: making the
        // link's folder would not help.
        std::os::unix::fs::symlink(root.join("nowhere"), root.join("content/broken"))
            .expect("link");
        assert!(matches!(
            check(root, &root.join("content/broken/site")),
            Err(OutFolderError::SiteFolder { .. })
        ));
    }
}
