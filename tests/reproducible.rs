//! The same input gives the same bytes: two builds of the demo site, copied
//! into differently named folders, with different file times and clocks,
//! write identical files. CI caches and CDNs then see only real changes.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

/// Copies the demo site's `content/` and `themes/` into `to`, giving every
/// file the modification time `modified`.
fn copy_demo(to: &Path, modified: SystemTime) {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["content", "themes"] {
        let from = repository.join(folder);
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let target = to
                .join(folder)
                .join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
                let file = std::fs::File::options().write(true).open(&target).unwrap();
                file.set_modified(modified).unwrap();
            }
        }
    }
}

fn build(root: &Path, out: &str, source_date_epoch: &str) -> common::Run {
    let output = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["build", "--out", out])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", source_date_epoch)
        .env(
            "TZ",
            if source_date_epoch == "0" {
                "UTC"
            } else {
                "Pacific/Auckland"
            },
        )
        .output()
        .expect("run hearth");
    common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn two_builds_in_different_folders_and_times_give_identical_bytes() {
    let first = tempfile::Builder::new()
        .prefix("hearth-a-")
        .tempdir()
        .unwrap();
    let second = tempfile::Builder::new()
        .prefix("hearth-second-build-")
        .tempdir()
        .unwrap();
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    let later = SystemTime::UNIX_EPOCH + Duration::from_secs(1_900_000_000);
    copy_demo(first.path(), long_ago);
    copy_demo(second.path(), later);

    build(first.path(), "out/public", "0").assert_success();
    // Let the clock reach the next second, so that anything stamped with the
    // build's time differs between the two builds.
    let next_second = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 1;
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    while SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        < next_second
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the clock did not advance"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    build(second.path(), "site", "1900000000").assert_success();

    let a = common::snapshot(&first.path().join("out/public"));
    let b = common::snapshot(&second.path().join("site"));
    assert!(a.len() > 20, "only {} files built", a.len());
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the builds wrote different files"
    );
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{path} differs between the two builds:\n{}\n---\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&b[path])
        );
    }
    // Nothing of either folder's path leaks into the output.
    for (path, bytes) in &a {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("hearth-a-") && !text.contains(env!("CARGO_MANIFEST_DIR")),
            "{path} names the folder it was built in"
        );
    }
}
