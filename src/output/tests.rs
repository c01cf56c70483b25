//! Tests of the output folder: what may be replaced (in `out_folder`), the atomic swap, and the cleanup.

use super::*;

mod out_folder;
use out_folder::old_hearth_site;

/// Builds a site with `text` in its home page through [`Staging`].
fn build(out: &Path, text: &str) -> Swap {
    let staging = Staging::new(out).expect("staging");
    std::fs::write(staging.dir().join("index.html"), text).expect("write");
    staging.commit().expect("commit")
}

/// The names in `dir` that start with a dot.
fn hidden(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn commit_exchanges_the_folders_in_one_step_and_marks_the_site() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("public");
    let first = build(&out, "one");
    assert_eq!(first, Swap::Created);
    assert_eq!(
        std::fs::read_to_string(out.join(MARKER)).expect("marker"),
        MARKER_TEXT
    );
    std::fs::write(out.join("stale.html"), "old").expect("write");
    let second = build(&out, "two");
    if cfg!(any(
        target_os = "linux",
        target_os = "android",
        target_os = "macos"
    )) {
        assert_eq!(second, Swap::Exchanged);
    }
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).expect("read"),
        "two"
    );
    assert!(!out.join("stale.html").exists());
    assert!(out.join(MARKER).is_file());
    assert!(hidden(dir.path()).is_empty(), "{:?}", hidden(dir.path()));
}

#[test]
fn public_exists_at_every_moment_of_many_commits() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("public");
    build(&out, "0");
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (out, done) = (out.clone(), done.clone());
        std::thread::spawn(move || {
            let mut missing = 0;
            while !done.load(Ordering::Relaxed) {
                if std::fs::symlink_metadata(&out).is_err() {
                    missing += 1;
                }
            }
            missing
        })
    };
    for round in 1..200 {
        build(&out, &round.to_string());
    }
    done.store(true, Ordering::Relaxed);
    let missing = watcher.join().expect("watcher");
    if cfg!(any(
        target_os = "linux",
        target_os = "android",
        target_os = "macos"
    )) {
        assert_eq!(missing, 0, "public/ was missing {missing} times");
    }
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).expect("read"),
        "199"
    );
}

#[test]
fn the_fallback_renames_twice_and_keeps_the_old_site_on_failure() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (staging, out, previous) = (
        dir.path().join(".public.new-1-1"),
        dir.path().join("public"),
        dir.path().join(".public.old-1-2"),
    );
    std::fs::create_dir(&staging).expect("folder");
    std::fs::write(staging.join("index.html"), "new").expect("write");
    assert_eq!(
        rename_twice(&staging, &out, &previous).expect("rename"),
        Swap::Created
    );
    std::fs::create_dir(&staging).expect("folder");
    std::fs::write(staging.join("index.html"), "newer").expect("write");
    assert_eq!(
        rename_twice(&staging, &out, &previous).expect("rename"),
        Swap::Renamed
    );
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).expect("read"),
        "newer"
    );
    assert_eq!(
        std::fs::read_to_string(previous.join("index.html")).expect("read"),
        "new"
    );
    std::fs::remove_dir_all(&previous).expect("remove");
    // The staging folder is gone: the old site moves back.
    assert!(rename_twice(&staging, &out, &previous).is_err());
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).expect("read"),
        "newer"
    );
}

#[test]
fn commit_refuses_to_replace_a_folder_hearth_did_not_write() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("public");
    let staging = Staging::new(&out).expect("staging");
    std::fs::create_dir(&out).expect("folder");
    std::fs::write(out.join("mine.txt"), "mine").expect("write");
    assert!(staging.commit().is_err());
    assert_eq!(
        std::fs::read_to_string(out.join("mine.txt")).expect("read"),
        "mine"
    );
    assert!(Staging::new(&out).is_err());
    assert!(hidden(dir.path()).is_empty(), "{:?}", hidden(dir.path()));
}

/// A staging folder as a killed build leaves it, with a marker unless
/// `marker` is false.
fn leftover(dir: &Path, name: &str, marker: bool) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.join("articles")).expect("folder");
    std::fs::write(path.join("articles/index.html"), "half").expect("write");
    if marker {
        std::fs::write(path.join(MARKER), staging_marker()).expect("write");
    }
    path
}

#[test]
fn stale_staging_folders_are_removed_and_those_in_use_kept() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path();
    let out = root.join("public");
    build(&out, "old");
    leftover(root, ".public.new-4242-0", true);
    leftover(root, ".public.old-4242-1", true);
    std::fs::create_dir(root.join(".public.new-9-9")).expect("empty folder");
    // Stopped as its marker was being written: empty, or cut short.
    let cut = leftover(root, ".public.new-4-4", false);
    std::fs::write(cut.join(MARKER), "").expect("write");
    let cut = leftover(root, ".public.new-4-5", false);
    std::fs::write(cut.join(MARKER), &staging_marker()[..40]).expect("write");
    // Folders this version does not make, with files Hearth may not have
    // written: kept, even when they look like Hearth's. Hearth 0.1.0's
    // names (the process id alone, no marker); a site of Hearth 0.1.0 under
    // a staging name, but with no marker; a coach's backup, marked or not.
    leftover(root, ".public.new-31337", false);
    leftover(root, ".public.old-31337", false);
    old_hearth_site(&root.join(".public.new-5-5"));
    leftover(root, ".public.old-2023", true);
    leftover(root, ".public.old-backup", false);
    old_hearth_site(&root.join(".public.old-backup"));
    // Another build's folder, in use: its marker is locked.
    let busy = leftover(root, ".public.new-777-3", true);
    let lock = std::fs::File::open(busy.join(MARKER)).expect("open");
    lock.lock().expect("lock");
    // Not a staging folder: other names, a file, a link, and a folder
    // of this version's name without a marker that is not a site.
    leftover(root, ".public.newer", true);
    leftover(root, ".public.new-", true);
    leftover(root, ".other.new-1-1", true);
    leftover(root, ".public.new-6-6", false);
    std::fs::write(root.join(".public.old-8-8"), "a file").expect("write");
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    leftover(elsewhere.path(), "kept", true);
    #[cfg(unix)]
    std::os::unix::fs::symlink(elsewhere.path().join("kept"), root.join(".public.new-7-7"))
        .expect("link");
    // Folders of staging names whose marker is no regular file: a link to
    // a marker elsewhere, and a FIFO (which must not block the build).
    #[cfg(unix)]
    {
        let linked = leftover(root, ".public.new-3-3", false);
        std::os::unix::fs::symlink(
            elsewhere.path().join("kept").join(MARKER),
            linked.join(MARKER),
        )
        .expect("link");
        let piped = leftover(root, ".public.new-2-2", false);
        let made = std::process::Command::new("mkfifo")
            .arg(piped.join(MARKER))
            .status()
            .expect("mkfifo");
        assert!(made.success());
    }

    build(&out, "new");
    let mut kept = vec![
        ".other.new-1-1",
        ".public.new-",
        ".public.new-31337",
        ".public.new-5-5",
        ".public.new-6-6",
        ".public.new-777-3",
        ".public.newer",
        ".public.old-2023",
        ".public.old-31337",
        ".public.old-8-8",
        ".public.old-backup",
    ];
    if cfg!(unix) {
        kept.extend([".public.new-7-7", ".public.new-3-3", ".public.new-2-2"]);
    }
    kept.sort();
    assert_eq!(hidden(root), kept);
    assert!(busy.join("articles/index.html").is_file());
    assert!(elsewhere.path().join("kept/articles/index.html").is_file());

    drop(lock);
    build(&out, "newest");
    assert!(!busy.exists(), "a released folder goes with the next build");
}

#[test]
fn old_staging_folders_stay_while_public_is_missing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path();
    // A build killed between the two renames of the fallback: the old
    // site is only in the .old folder.
    let old = leftover(root, ".public.old-4242-1", true);
    let staging = Staging::new(&root.join("public")).expect("staging");
    assert!(
        old.join("articles/index.html").is_file(),
        "the last site is kept"
    );
    std::fs::write(staging.dir().join("index.html"), "new").expect("write");
    staging.commit().expect("commit");
    assert!(!old.exists(), "and removed once a new site is in place");
    assert!(hidden(root).is_empty(), "{:?}", hidden(root));
}

#[test]
fn a_build_whose_folder_a_cleanup_took_tries_again() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let staging = dir.path().join(".public.new-1-1");
    assert!(claim(&staging).expect("claim").is_none(), "folder gone");
    std::fs::create_dir(&staging).expect("folder");
    let held = claim(&staging).expect("claim").expect("claimed");
    // Another build's cleanup cannot take it now.
    remove_stale(dir.path(), "public", true);
    assert!(staging.join(MARKER).is_file());
    drop(held);
    remove_stale(dir.path(), "public", true);
    assert!(!staging.exists());
}

#[test]
fn a_failed_build_removes_its_staging_folder() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("public");
    build(&out, "old");
    let staging = Staging::new(&out).expect("staging");
    std::fs::write(staging.dir().join("index.html"), "half").expect("write");
    drop(staging);
    assert!(hidden(dir.path()).is_empty(), "{:?}", hidden(dir.path()));
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).expect("read"),
        "old"
    );
}

#[test]
fn a_reused_file_is_linked_and_writing_over_it_never_touches_the_old_one() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let old = dir.path().join("old");
    let new = dir.path().join("new");
    std::fs::create_dir_all(old.join("share")).expect("folder");
    std::fs::create_dir_all(&new).expect("folder");
    let source = old.join("share/a.png");
    std::fs::write(&source, b"old picture").expect("write");
    let root = SiteRoot::new(&old);
    let sink = DirSink::new(&new);
    sink.put_same("share/a.png".to_string(), &source, &root)
        .expect("linked");
    let target = new.join("share/a.png");
    assert_eq!(std::fs::read(&target).expect("read"), b"old picture");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (a, b) = (
            std::fs::metadata(&source).expect("metadata"),
            std::fs::metadata(&target).expect("metadata"),
        );
        assert_eq!(
            (a.dev(), a.ino()),
            (b.dev(), b.ino()),
            "a hard link, not a copy"
        );
    }
    // A second write of the same path replaces the link: the previous
    // site's file keeps its bytes, as a failed build must leave it.
    sink.put("share/a.png".to_string(), b"new picture".to_vec())
        .expect("written");
    assert_eq!(std::fs::read(&target).expect("read"), b"new picture");
    assert_eq!(std::fs::read(&source).expect("read"), b"old picture");
    assert_eq!(sink.file_count(), 2);
}

#[cfg(unix)]
#[test]
fn a_reused_file_swapped_for_a_link_is_copied_from_inside_or_refused() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let old = dir.path().join("old");
    let new = dir.path().join("new");
    std::fs::create_dir_all(&old).expect("folder");
    std::fs::create_dir_all(&new).expect("folder");
    std::fs::write(old.join("inside.png"), b"inside").expect("write");
    std::fs::write(dir.path().join("secret"), b"secret").expect("write");
    std::os::unix::fs::symlink(old.join("inside.png"), old.join("to-inside.png")).expect("link");
    std::os::unix::fs::symlink(dir.path().join("secret"), old.join("to-secret.png")).expect("link");
    let root = SiteRoot::new(&old);
    let sink = DirSink::new(&new);
    sink.put_same("a.png".to_string(), &old.join("to-inside.png"), &root)
        .expect("copied");
    let written = std::fs::symlink_metadata(new.join("a.png")).expect("metadata");
    assert!(written.is_file(), "a regular file, not a link");
    assert_eq!(std::fs::read(new.join("a.png")).expect("read"), b"inside");
    let refused = sink.put_same("b.png".to_string(), &old.join("to-secret.png"), &root);
    assert!(
        refused.is_err(),
        "a file outside the old output is never carried over"
    );
    assert!(std::fs::symlink_metadata(new.join("b.png")).is_err());
}
