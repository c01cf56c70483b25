//! `hearth build` replaces only a folder it wrote: `--out` naming the
//! site's own folders, or a folder of someone else's files, is refused
//! with exit code 2 and nothing changes; the new site goes into place in
//! one atomic step; staging folders that killed builds left are removed by
//! the next build, unless a running build still uses them.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, Site};

const MARKER: &str = ".hearth-output";

/// Asserts that `run` was refused as bad usage (exit 2) with each needle in
/// its message, and that it said what to do.
fn assert_refused(run: &Run, needles: &[&str]) {
    assert_eq!(
        run.code, 2,
        "expected exit code 2\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    for needle in needles.iter().chain(&["help: ", "nothing was written"]) {
        assert!(
            run.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// Every file under the site's folder with its bytes, hidden ones too.
fn everything(site: &Site) -> BTreeMap<String, Vec<u8>> {
    common::snapshot(site.root())
}

fn blog() -> Site {
    let site = Site::new();
    site.write(
        "content/articles/first.md",
        "---\ntitle: First\ndescription: The first one.\ndate: 2026-01-10\n---\nThe only copy of this article.\n",
    );
    site
}

#[test]
fn out_the_site_root_is_refused_and_every_file_stays() {
    let site = blog();
    site.write("templates/page.html", "{{ page.content | safe }}");
    let before = everything(&site);
    let elsewhere = tempfile::tempdir().unwrap();
    let root = site.root().to_str().unwrap();
    // The finding: `hearth build --root r --out r`.
    let run = common::run_in(elsewhere.path(), &["build", "--root", root, "--out", root]);
    assert_refused(
        &run,
        &[
            &format!("--out {root} is the site's own folder"),
            "content/ and themes/ would be deleted",
        ],
    );
    for out in [".", "./", "content/..", "themes/../."] {
        assert_refused(
            &site.hearth(&["build", "--out", out]),
            &["is the site's own folder"],
        );
    }
    assert_eq!(everything(&site), before, "the site's files changed");
}

#[test]
fn out_inside_or_holding_content_is_refused_and_every_article_stays() {
    let site = blog();
    site.write(
        "content/articles/photo/index.md",
        "---\ntitle: Photo\n---\n",
    );
    let before = everything(&site);
    for out in ["content", "content/articles", "content/articles/photo"] {
        assert_refused(
            &site.hearth(&["build", "--out", out]),
            &[
                &format!("--out {out} is"),
                "content/, one of the site's own folders",
            ],
        );
    }
    assert_refused(
        &site.hearth(&["build", "--out", "content/new-folder"]),
        &["is inside content/"],
    );
    assert_eq!(everything(&site), before, "the site's files changed");
    assert!(!site.path("content/new-folder").exists());

    // A folder that holds the site: `--out ..` from the site's folder.
    let outer = blog();
    common::copy_dir(&outer.path("content"), &outer.path("inner/content"));
    common::copy_dir(&outer.path("themes"), &outer.path("inner/themes"));
    let before = everything(&outer);
    assert_refused(
        &outer.hearth(&["build", "--root", "inner", "--out", "."]),
        &["--out . holds the site's own folder"],
    );
    assert_eq!(everything(&outer), before);
}

#[test]
fn out_inside_the_theme_templates_or_static_is_refused() {
    let site = blog();
    site.write("static/robots-extra.txt", "mine");
    site.write("templates/page.html", "{{ page.content | safe }}");
    let before = everything(&site);
    for (out, folder) in [
        ("themes", "themes/"),
        ("themes/default", "themes/default/"),
        ("themes/default/static", "themes/default/"),
        ("themes/default/built", "themes/default/"),
        ("themes/another", "themes/"),
        ("templates", "templates/"),
        ("static", "static/"),
        ("static/site", "static/"),
    ] {
        assert_refused(
            &site.hearth(&["build", "--out", out]),
            &[
                &format!("--out {out} "),
                &format!("{folder}, one of the site's own folders"),
            ],
        );
    }
    assert_eq!(everything(&site), before, "the site's files changed");
}

#[cfg(unix)]
#[test]
fn out_through_a_link_to_content_is_refused() {
    let site = blog();
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("site-link");
    std::os::unix::fs::symlink(site.path("content"), &link).unwrap();
    let before = everything(&site);
    assert_refused(
        &site.hearth(&["build", "--out", link.to_str().unwrap()]),
        &["is content/"],
    );
    assert_eq!(everything(&site), before);
}

/// A `public` link committed in a pull request, to an empty folder or to
/// another site's output outside the site: the build refuses, and nothing
/// there or beside it changes.
#[cfg(unix)]
#[test]
fn a_public_link_out_of_the_site_is_refused() {
    let site = blog();
    let elsewhere = tempfile::tempdir().unwrap();
    let www = elsewhere.path().join("www");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(www.join(MARKER), "marker").unwrap();
    std::fs::write(www.join("keep.txt"), "precious").unwrap();
    std::fs::create_dir_all(elsewhere.path().join(".www.old-1-1")).unwrap();
    std::fs::write(elsewhere.path().join(".www.old-1-1/db.sqlite"), "data").unwrap();
    std::fs::create_dir_all(elsewhere.path().join("empty")).unwrap();
    let outside = || common::snapshot(elsewhere.path());
    let before = outside();
    for target in [www.clone(), elsewhere.path().join("empty")] {
        let _ = std::fs::remove_file(site.path("public"));
        std::os::unix::fs::symlink(&target, site.path("public")).unwrap();
        assert_refused(&site.build(), &["--out ", "outside the site", "--out /"]);
        assert_eq!(outside(), before, "a folder outside the site changed");
        assert!(
            std::fs::read_dir(elsewhere.path().join("empty"))
                .unwrap()
                .next()
                .is_none()
        );
    }
}

/// The library's `build_into` refuses it too, for a caller that did not
/// check first.
#[cfg(unix)]
#[test]
fn build_into_refuses_an_output_folder_linked_out_of_the_site() {
    let site = blog();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.path("public")).unwrap();
    let options = hearth::config::BuildOptions {
        root: site.root().to_path_buf(),
        ..Default::default()
    };
    match hearth::build::build_into(&options, &site.path("public")) {
        Err(hearth::build::BuildError::Write(error)) => {
            assert!(error.to_string().contains("outside the site"), "{error}");
        }
        Err(other) => panic!("{other:?}"),
        Ok(_) => panic!("built through the link"),
    }
    assert!(
        std::fs::read_dir(elsewhere.path())
            .unwrap()
            .next()
            .is_none()
    );
    let beside: Vec<_> = std::fs::read_dir(elsewhere.path().parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|entry| {
            let staging = format!(
                ".{}.new-",
                elsewhere.path().file_name().unwrap().to_string_lossy()
            );
            entry.file_name().to_string_lossy().starts_with(&staging)
        })
        .collect();
    assert!(beside.is_empty(), "a staging folder was made beside it");
}

#[test]
fn out_a_folder_of_other_files_is_refused_and_they_stay() {
    let site = blog();
    let elsewhere = tempfile::tempdir().unwrap();
    let folder = elsewhere.path().join("some-folder");
    std::fs::create_dir_all(folder.join("photos")).unwrap();
    std::fs::write(folder.join("notes.txt"), "my notes").unwrap();
    std::fs::write(folder.join("photos/holiday.jpg"), [0xff, 0xd8, 0xff]).unwrap();
    let before = common::snapshot(elsewhere.path());
    let out = folder.to_str().unwrap();
    let run = site.hearth(&["build", "--out", out]);
    assert_refused(
        &run,
        &[
            &format!(
                "--out {out} already holds files that Hearth did not write (such as notes.txt)"
            ),
            "choose an empty or new folder, or delete this one yourself if you are sure",
        ],
    );
    assert_eq!(common::snapshot(elsewhere.path()), before);
    let names: Vec<_> = std::fs::read_dir(elsewhere.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        names,
        ["some-folder"],
        "no staging folder was left beside it"
    );

    // A file is refused too; an empty folder is fine.
    std::fs::write(elsewhere.path().join("a-file"), "x").unwrap();
    assert_refused(
        &site.hearth(&[
            "build",
            "--out",
            elsewhere.path().join("a-file").to_str().unwrap(),
        ]),
        &["is a file or a broken link, not a folder"],
    );
    // Under a link to nothing: the link named, not a bare "File exists".
    #[cfg(unix)]
    {
        let broken = elsewhere.path().join("broken");
        std::os::unix::fs::symlink(elsewhere.path().join("nowhere"), &broken).unwrap();
        assert_refused(
            &site.hearth(&["build", "--out", broken.join("site").to_str().unwrap()]),
            &["which does not exist", "remove the link"],
        );
        assert!(!elsewhere.path().join("nowhere").exists());
    }
    let empty = elsewhere.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    site.hearth(&["build", "--out", empty.to_str().unwrap()])
        .assert_success();
    assert!(empty.join("articles/first/index.html").is_file());
}

#[test]
fn a_previous_hearth_output_is_replaced_and_carries_the_marker() {
    let site = blog();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("site");
    let out_arg = out.to_str().unwrap();
    site.hearth(&["build", "--out", out_arg]).assert_success();
    let marker = std::fs::read_to_string(out.join(MARKER)).unwrap();
    assert_eq!(marker.lines().count(), 1, "{marker:?}");
    assert!(marker.contains("built by Hearth"), "{marker:?}");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains(MARKER), "{sitemap}");
    assert!(sitemap.contains("/articles/first/"), "{sitemap}");

    std::fs::write(out.join("stale.html"), "from an earlier build").unwrap();
    site.remove("content/articles/first.md");
    site.hearth(&["build", "--out", out_arg]).assert_success();
    assert!(!out.join("stale.html").exists());
    assert!(!out.join("articles/first/index.html").exists());
    assert_eq!(std::fs::read_to_string(out.join(MARKER)).unwrap(), marker);
    // The default public/ too.
    site.build().assert_success();
    site.build().assert_success();
    assert!(site.exists(MARKER));
    site.assert_no_staging_left();
}

#[test]
fn a_site_built_by_hearth_0_1_0_without_a_marker_is_replaced() {
    let site = blog();
    site.build().assert_success();
    // What the previous version left: the same files, no marker.
    site.remove(&format!("public/{MARKER}"));
    site.write("public/removed-page/index.html", "old");
    site.build().assert_success();
    assert!(site.exists(MARKER));
    assert!(!site.exists("removed-page/index.html"));

    // A site another generator built looks alike but is not Hearth's.
    site.remove(&format!("public/{MARKER}"));
    site.write(
        "public/atom.xml",
        "<?xml version=\"1.0\"?><feed><generator>Hugo</generator></feed>",
    );
    let before = everything(&site);
    assert_refused(
        &site.build(),
        &["--out ", "already holds files that Hearth did not write"],
    );
    assert_eq!(everything(&site), before);
}

/// A staging folder as a build killed while writing leaves it.
fn leftover(site: &Site, name: &str, marker: bool) {
    site.write(&format!("{name}/articles/first/index.html"), "half a site");
    if marker {
        site.write(
            &format!("{name}/{MARKER}"),
            hearth::output::staging_marker(),
        );
    }
}

#[test]
fn stale_staging_folders_are_removed_unless_a_running_build_holds_them() {
    let site = blog();
    site.build().assert_success();
    leftover(&site, ".public.new-4242-0", true);
    leftover(&site, ".public.old-4242-1", true);
    // Not known to be Hearth's: as Hearth 0.1.0 named them, without a
    // marker, and a coach's own backup under a name like a staging folder's.
    leftover(&site, ".public.new-31337", false);
    leftover(&site, ".public.old-31337", false);
    leftover(&site, ".public.old-2023", true);
    // A copy of the built site, named like a staging folder: its marker is
    // an output's, not a stopped build's.
    leftover(&site, ".public.old-2024-05", false);
    site.write(
        &format!(".public.old-2024-05/{MARKER}"),
        hearth::output::MARKER_TEXT,
    );
    // One that a build running right now holds: its marker is locked (by
    // this test, another process than the build).
    leftover(&site, ".public.new-777-3", true);
    let lock = std::fs::File::open(site.path(&format!(".public.new-777-3/{MARKER}"))).unwrap();
    lock.lock().unwrap();
    // Names that are not staging folders of public/.
    leftover(&site, ".public.newer", true);
    leftover(&site, ".blog.new-1-1", true);
    site.write(".public.old-5-5", "a file, not a folder");

    site.build().assert_success();
    let mut hidden: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    hidden.sort();
    assert_eq!(
        hidden,
        [
            ".blog.new-1-1",
            ".public.new-31337",
            ".public.new-777-3",
            ".public.newer",
            ".public.old-2023",
            ".public.old-2024-05",
            ".public.old-31337",
            ".public.old-5-5"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(site.path(".public.new-777-3/articles/first/index.html")).unwrap(),
        "half a site"
    );
    drop(lock);
    site.build().assert_success();
    assert!(!site.path(".public.new-777-3").exists());
}

/// A site big enough that a build takes a while: `count` articles, with
/// `version` in the home page.
fn big_site(count: usize, version: &str) -> Site {
    let site = blog();
    set_version(&site, version);
    let words = "Some words about the work. ".repeat(60);
    for n in 0..count {
        site.write(
            &format!("content/articles/note-{n}.md"),
            format!(
                "---\ntitle: Note {n}\ndescription: Note number {n}.\ndate: 2026-01-01\ntags: [t{}]\n---\n{words}\n\n## Part\n\n[[First]]\n",
                n % 10
            ),
        );
    }
    site
}

fn set_version(site: &Site, version: &str) {
    site.write(
        "content/_index.md",
        format!("---\ntitle: Welcome\n---\nThis is version {version}.\n"),
    );
}

fn spawn_build(site: &Site) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_hearth"))
        .arg("build")
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start hearth")
}

/// The site of each version, built into a folder of its own.
fn reference(site: &Site, version: &str, folder: &Path) -> BTreeMap<String, Vec<u8>> {
    set_version(site, version);
    let out = folder.join(version);
    site.hearth(&["build", "--out", out.to_str().unwrap()])
        .assert_success();
    common::snapshot(&out)
}

/// The staging folders of the build with process id `pid`.
fn staging_folders(root: &Path, pid: u32) -> Vec<PathBuf> {
    let prefix = format!(".public.new-{pid}-");
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect()
}

#[test]
fn two_builds_at_once_leave_one_complete_site() {
    let site = big_site(150, "A");
    let references = tempfile::tempdir().unwrap();
    let expected = reference(&site, "A", references.path());
    for _ in 0..3 {
        let (mut first, mut second) = (spawn_build(&site), spawn_build(&site));
        assert!(first.wait().unwrap().success(), "the first build failed");
        assert!(second.wait().unwrap().success(), "the second build failed");
        assert_eq!(site.snapshot("public"), expected);
        site.assert_no_staging_left();
    }
}

/// Kills builds at different moments, three times each: as soon as the
/// staging folder appears, once it holds pages, and right after the new
/// site went into place. `public/` never goes missing (watched the whole
/// time), is always the old site or the new one, whole, and the next
/// build leaves no staging folder behind.
#[cfg(target_os = "linux")]
#[test]
fn builds_killed_at_any_moment_leave_the_old_or_the_new_site_whole() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    let site = big_site(300, "A");
    let references = tempfile::tempdir().unwrap();
    let versions = [
        reference(&site, "A", references.path()),
        reference(&site, "B", references.path()),
    ];
    set_version(&site, "A");
    site.build().assert_success();
    let public = site.path("public");

    let stop = Arc::new(AtomicBool::new(false));
    let missing = Arc::new(AtomicUsize::new(0));
    let watcher = {
        let (public, stop, missing) = (public.clone(), stop.clone(), missing.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if std::fs::symlink_metadata(&public).is_err() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
                std::thread::yield_now();
            }
        })
    };

    let mut current = 0;
    let mut killed = 0;
    let mut killed_after_the_swap = Vec::new();
    for round in 0..9 {
        let next = 1 - current;
        set_version(&site, ["A", "B"][next]);
        let before = site.snapshot("public");
        let new_home = versions[next]["index.html"].clone();
        let mut child = spawn_build(&site);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            let own = staging_folders(site.root(), child.id());
            let moment = match round % 3 {
                0 => !own.is_empty(),
                1 => own.iter().any(|dir| dir.join("articles").is_dir()),
                _ => std::fs::read(public.join("index.html")).is_ok_and(|home| home == new_home),
            };
            if moment {
                child.kill().unwrap();
                killed += 1;
                if round % 3 == 2 {
                    killed_after_the_swap.push(round);
                }
                break;
            }
            assert!(Instant::now() < deadline, "the build took over a minute");
            std::thread::yield_now();
        }
        child.wait().unwrap();
        let after = site.snapshot("public");
        if killed_after_the_swap.contains(&round) {
            assert!(
                after == versions[next],
                "round {round}: the new site is not whole"
            );
        }
        if after == versions[next] {
            current = next;
        } else {
            assert!(
                after == before,
                "round {round}: public/ is neither the old site nor the new one: {} files",
                after.len()
            );
        }
    }
    stop.store(true, Ordering::Relaxed);
    watcher.join().unwrap();
    assert_eq!(missing.load(Ordering::Relaxed), 0, "public/ went missing");
    assert!(
        killed >= 3,
        "only {killed} builds were killed before they ended"
    );

    set_version(&site, "A");
    site.build().assert_success();
    assert_eq!(site.snapshot("public"), versions[0]);
    site.assert_no_staging_left();
}

/// A committed `public -> .git/refs/tags` would have the build write into
/// Git's folder; `--out .hearth` into Hearth's own cache.
#[cfg(unix)]
#[test]
fn out_into_git_or_hearths_cache_is_refused() {
    let site = blog();
    std::fs::create_dir_all(site.path(".git/refs/tags")).unwrap();
    std::os::unix::fs::symlink(".git/refs/tags", site.path("public")).unwrap();
    let before = everything(&site);
    let root = site.root().to_str().unwrap();
    let run = common::run_in(site.root(), &["build", "--root", root]);
    assert_refused(
        &run,
        &["inside a hidden folder of the site", "remove the link"],
    );
    assert_eq!(everything(&site), before);

    std::fs::remove_file(site.path("public")).unwrap();
    let before = everything(&site);
    let run = common::run_in(site.root(), &["build", "--out", ".hearth"]);
    assert_refused(&run, &["is .hearth/, one of the site's own folders"]);
    assert_eq!(everything(&site), before);
}
