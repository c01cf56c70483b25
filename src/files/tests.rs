use super::*;

#[cfg(unix)]
#[test]
fn reading_follows_links_only_inside_the_site() {
    use std::os::unix::fs::symlink;
    let site = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let root = site.path();
    std::fs::write(root.join("inside.txt"), "inside").unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    symlink(root.join("inside.txt"), root.join("near.txt")).unwrap();
    symlink(outside.path().join("secret.txt"), root.join("far.txt")).unwrap();
    symlink("missing.txt", root.join("dangling.txt")).unwrap();
    let boundary = SiteRoot::new(root);
    assert_eq!(boundary.read(&root.join("inside.txt")).unwrap(), b"inside");
    assert_eq!(boundary.read(&root.join("near.txt")).unwrap(), b"inside");
    let refused = boundary.read(&root.join("far.txt")).unwrap_err();
    assert_eq!(refused.kind(), io::ErrorKind::PermissionDenied);
    assert!(refused.to_string().contains("outside the site's folder"));
    assert!(boundary.read(&root.join("dangling.txt")).is_err());
    // A folder is no file to read.
    assert!(boundary.read(root).is_err());
}

/// The one-call open takes what it can prove is inside, and leaves
/// everything else to the full check, never blocking on a FIFO.
#[cfg(target_os = "linux")]
#[test]
fn the_kernel_keeps_reads_within_the_site() {
    use std::os::unix::fs::symlink;
    let site = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let root = site.path();
    std::fs::create_dir(root.join("content")).unwrap();
    std::fs::write(root.join("content/inside.md"), "inside").unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    symlink("inside.md", root.join("content/near.md")).unwrap();
    symlink(
        root.join("content/inside.md"),
        root.join("content/absolute.md"),
    )
    .unwrap();
    let escape = format!(
        "../../{}/secret.txt",
        outside.path().file_name().unwrap().to_str().unwrap()
    );
    symlink(&escape, root.join("content/escape.md")).unwrap();
    let fifo = root.join("content/fifo.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let boundary = SiteRoot::for_one_pass(root);
    let opened = |name: &str| boundary.open_beneath(&root.join("content").join(name));
    assert_eq!(opened("inside.md").map(|(_, len)| len), Some(6));
    assert_eq!(opened("near.md").map(|(_, len)| len), Some(6));
    // A missing file, a link by absolute path, one that climbs out, a
    // FIFO: the full check decides.
    for name in ["missing.md", "absolute.md", "escape.md", "fifo.md"] {
        assert!(opened(name).is_none(), "{name}");
    }
    // Which still reads the link by absolute path, and refuses the others.
    assert_eq!(
        boundary.read(&root.join("content/absolute.md")).unwrap(),
        b"inside"
    );
    let refused = boundary.read(&root.join("content/escape.md")).unwrap_err();
    assert_eq!(refused.kind(), io::ErrorKind::PermissionDenied);
    assert!(boundary.read(&fifo).is_err());
    let missing = boundary.read(&root.join("content/missing.md")).unwrap_err();
    assert_eq!(missing.kind(), io::ErrorKind::NotFound);
    // The same file through the folder's real path; nothing outside it.
    let real = std::fs::canonicalize(root).unwrap();
    assert!(
        boundary
            .open_beneath(&real.join("content/inside.md"))
            .is_some()
    );
    assert!(boundary.open_beneath(outside.path()).is_none());
    // A root for a long time reads by path only.
    assert!(
        SiteRoot::new(root)
            .open_beneath(&root.join("content/inside.md"))
            .is_none()
    );
}

/// The full check's open, which runs after a look at the path, does
/// not wait on a FIFO swapped in after that look: it is opened without
/// blocking and refused as no regular file.
#[cfg(target_os = "linux")]
#[test]
fn a_fifo_swapped_in_after_the_look_is_refused_at_once() {
    let site = tempfile::tempdir().unwrap();
    let fifo = site.path().join("late.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let outcome = open_regular_file(&fifo).map(|_| ()).map_err(|e| e.kind());
        sender.send(outcome).ok();
    });
    // A blocking open would wait for a writer that never comes.
    let outcome = receiver
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("opening a FIFO must not block");
    assert_eq!(outcome, Err(io::ErrorKind::InvalidInput));
    let regular = site.path().join("page.md");
    std::fs::write(&regular, "text").unwrap();
    let (mut file, metadata) = open_regular_file(&regular).unwrap();
    assert_eq!(metadata.len(), 4);
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    assert_eq!(text, "text");
}

/// A link swapped in on the way to the site's folder after its path
/// was resolved is not opened for a pass: the full check answers, and
/// refuses. (The folder itself is opened without following a link.)
#[cfg(target_os = "linux")]
#[test]
fn a_folder_swapped_for_a_link_is_not_opened_for_a_pass() {
    use std::os::unix::fs::symlink;
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("holder/site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    let elsewhere = parent.path().join("elsewhere/site/content");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("a.md"), "elsewhere").unwrap();
    let mut boundary = SiteRoot::new(&root);
    let swap = |from: &str, to: &str| {
        std::fs::rename(parent.path().join(from), parent.path().join(to)).unwrap();
    };
    swap("holder", "holder.orig");
    symlink(
        parent.path().join("elsewhere"),
        parent.path().join("holder"),
    )
    .unwrap();
    boundary.open_folder();
    assert!(boundary.opened.is_none());
    let refused = boundary.read(&root.join("content/a.md")).unwrap_err();
    assert_eq!(refused.kind(), io::ErrorKind::PermissionDenied);
    // The folder itself swapped for a link: not opened either.
    std::fs::remove_file(parent.path().join("holder")).unwrap();
    swap("holder.orig", "holder");
    swap("holder/site", "holder/site.orig");
    symlink(parent.path().join("elsewhere/site"), &root).unwrap();
    boundary.open_folder();
    assert!(boundary.opened.is_none());
    // Unswapped, the same folder is opened.
    std::fs::remove_file(&root).unwrap();
    swap("holder/site.orig", "holder/site");
    boundary.open_folder();
    assert!(boundary.opened.is_some());
}
