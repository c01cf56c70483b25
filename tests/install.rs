//! `install.sh` against a fake release on 127.0.0.1 (real archives of the
//! test binary and their `SHA256SUMS`), under every POSIX shell here (`dash`
//! and `bash`; with `CI` set, a missing one fails instead of being skipped):
//! it installs a binary that runs, refuses a tampered archive and leaves
//! nothing behind, explains an unknown platform, a missing release and an
//! unreachable server, and `HEARTH_VERSION` picks the release path.

mod fake_release;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use fake_release::{ReleaseServer, Run, archive_name, files_in, host_target, release_files};

/// The shells to run the installer with.
fn shells() -> Vec<&'static str> {
    let in_ci = std::env::var_os("CI").is_some();
    let mut found = Vec::new();
    for shell in ["dash", "bash"] {
        let present = Command::new(shell)
            .args(["-c", "exit 0"])
            .status()
            .is_ok_and(|s| s.success());
        if present {
            found.push(shell);
        } else if in_ci {
            panic!("{shell} is not installed; .ci/run installs it (apt-get install {shell})");
        } else {
            eprintln!("skipping {shell}: not installed");
        }
    }
    assert!(!found.is_empty(), "no POSIX shell to test install.sh with");
    found
}

/// Runs install.sh with `shell` in a fresh home folder.
fn install(shell: &str, home: &Path, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(shell);
    command.arg(fake_release::repository().join("install.sh"));
    fake_release::run(command, home, env)
}

fn version_of(binary: &Path) -> String {
    let output = Command::new(binary)
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("{} does not run: {e}", binary.display()));
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

fn folders(entries: Vec<(&str, fake_release::Files)>) -> BTreeMap<String, fake_release::Files> {
    entries
        .into_iter()
        .map(|(path, files)| (path.to_string(), files))
        .collect()
}

fn assert_failed(run: &Run, needles: &[&str]) {
    assert_eq!(run.code, 1, "expected exit code 1\n{run}");
    for needle in needles {
        assert!(
            run.stderr.contains(needle),
            "stderr lacks {needle:?}\n{run}"
        );
    }
}

#[test]
fn installs_the_latest_archive_for_this_computer_and_it_runs() {
    let target = host_target();
    let server = ReleaseServer::start(folders(vec![("latest/download", release_files(target))]));
    for shell in shells() {
        let home = tempfile::tempdir().unwrap();
        let bin = home.path().join("tools/bin");
        // An older hearth in the way is replaced.
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::write(bin.join("hearth"), "#!/bin/sh\necho old\n").unwrap();
        let before = server.requests().len();
        let run = install(
            shell,
            home.path(),
            &[
                ("HEARTH_DOWNLOAD_URL", server.base()),
                ("HEARTH_INSTALL_DIR", bin.to_str().unwrap()),
            ],
        );
        assert_eq!(run.code, 0, "{shell}: install failed\n{run}");
        let expected = format!("hearth {}", env!("CARGO_PKG_VERSION"));
        assert_eq!(version_of(&bin.join("hearth")), expected, "{shell}");
        assert_eq!(
            files_in(&bin),
            [bin.join("hearth")],
            "{shell}: only hearth is left in the folder"
        );
        assert!(
            run.stdout
                .contains(&format!("installed {expected} to {}/hearth", bin.display())),
            "{shell}: says what it installed\n{run}"
        );
        assert!(
            run.stdout.contains("checksum verified"),
            "{shell}: says the checksum matched\n{run}"
        );
        // The folder is not on this PATH: it says what to add.
        assert!(
            run.stdout
                .contains(&format!("export PATH=\"{}:$PATH\"", bin.display())),
            "{shell}: no PATH advice\n{run}"
        );
        assert_eq!(
            server.requests()[before..],
            [
                "/releases/latest/download/SHA256SUMS".to_string(),
                format!("/releases/latest/download/{}", archive_name(target)),
            ],
            "{shell}"
        );
    }
}

#[test]
fn installs_into_dot_local_bin_by_default_and_says_nothing_about_path_when_it_is_on_it() {
    let target = host_target();
    let server = ReleaseServer::start(folders(vec![("latest/download", release_files(target))]));
    for shell in shells() {
        let home = tempfile::tempdir().unwrap();
        let bin = home.path().join(".local/bin");
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let run = install(
            shell,
            home.path(),
            &[("HEARTH_DOWNLOAD_URL", server.base()), ("PATH", &path)],
        );
        assert_eq!(run.code, 0, "{shell}\n{run}");
        assert!(bin.join("hearth").is_file(), "{shell}: not in ~/.local/bin");
        assert!(
            !run.stdout.contains("export PATH"),
            "{shell}: PATH advice although it is on PATH\n{run}"
        );
        assert!(run.stdout.contains("hearth --help"), "{shell}\n{run}");
    }
}

#[test]
fn a_tampered_archive_is_refused_and_nothing_is_installed() {
    let target = host_target();
    let name = archive_name(target);
    let mut tampered = release_files(target);
    let archive = tampered.get_mut(&name).unwrap();
    let middle = archive.len() / 2;
    archive[middle] ^= 0x40;
    // A release whose SHA256SUMS does not list the archive at all.
    let mut unlisted = release_files(target);
    unlisted.insert(
        "SHA256SUMS".to_string(),
        fake_release::sha256sums(&[("hearth-other.tar.gz", b"other")]),
    );
    let server = ReleaseServer::start(folders(vec![
        ("download/v0.1.0", tampered),
        ("download/v0.1.1", unlisted),
    ]));
    for shell in shells() {
        for (version, needles) in [
            (
                "0.1.0",
                &[
                    "checksum mismatch",
                    "does not match its SHA256SUMS line",
                    "nothing was installed",
                ][..],
            ),
            (
                "0.1.1",
                &[
                    "SHA256SUMS of this release has no line for",
                    "nothing was installed",
                ][..],
            ),
        ] {
            let home = tempfile::tempdir().unwrap();
            let bin = home.path().join("bin");
            let run = install(
                shell,
                home.path(),
                &[
                    ("HEARTH_DOWNLOAD_URL", server.base()),
                    ("HEARTH_INSTALL_DIR", bin.to_str().unwrap()),
                    ("HEARTH_VERSION", version),
                ],
            );
            assert_failed(&run, needles);
            assert!(
                files_in(&bin).is_empty(),
                "{shell} {version}: something was installed: {:?}",
                files_in(&bin)
            );
            assert!(
                !run.stdout.contains("installed"),
                "{shell} {version}\n{run}"
            );
        }
    }
}

#[test]
fn an_unknown_platform_is_a_clear_error_before_any_download() {
    let server = ReleaseServer::start(BTreeMap::new());
    for shell in shells() {
        let home = tempfile::tempdir().unwrap();
        for (platform, needles) in [
            (
                "Plan9 mips",
                &[
                    "Hearth has no prebuilt binary for Plan9 on mips",
                    "Linux and macOS on x86_64 and arm64",
                    "cargo install --locked hearth-ssg",
                ][..],
            ),
            (
                "Linux riscv64",
                &["Hearth has no prebuilt binary for Linux on riscv64"][..],
            ),
            (
                "MINGW64_NT-10.0-19045 x86_64",
                &["this is Windows", "install.ps1 | iex"][..],
            ),
        ] {
            let run = install(
                shell,
                home.path(),
                &[
                    ("HEARTH_DOWNLOAD_URL", server.base()),
                    ("HEARTH_PLATFORM", platform),
                ],
            );
            assert_failed(&run, needles);
        }
        assert!(files_in(&home.path().join(".local/bin")).is_empty());
    }
    assert_eq!(server.requests(), Vec::<String>::new());
}

#[test]
fn hearth_version_picks_the_release_path_and_platform_picks_the_archive() {
    // The archive is named for another platform, but holds this
    // computer's binary, so that it runs here.
    let mac_name = archive_name("aarch64-apple-darwin");
    let mac = release_files("aarch64-apple-darwin");
    let server = ReleaseServer::start(folders(vec![
        ("download/v0.1.0", mac),
        ("latest/download", BTreeMap::new()),
    ]));
    for shell in shells() {
        for version in ["0.1.0", "v0.1.0"] {
            let home = tempfile::tempdir().unwrap();
            let before = server.requests().len();
            let run = install(
                shell,
                home.path(),
                &[
                    ("HEARTH_DOWNLOAD_URL", server.base()),
                    ("HEARTH_VERSION", version),
                    ("HEARTH_PLATFORM", "Darwin arm64"),
                ],
            );
            assert_eq!(run.code, 0, "{shell} {version}\n{run}");
            assert!(
                run.stdout
                    .contains("downloading Hearth v0.1.0 for aarch64-apple-darwin"),
                "{shell}\n{run}"
            );
            assert_eq!(
                server.requests()[before..],
                [
                    "/releases/download/v0.1.0/SHA256SUMS".to_string(),
                    format!("/releases/download/v0.1.0/{mac_name}"),
                ],
                "{shell} {version}"
            );
            assert!(home.path().join(".local/bin/hearth").is_file());
        }
        // A version that was never released.
        let home = tempfile::tempdir().unwrap();
        let run = install(
            shell,
            home.path(),
            &[
                ("HEARTH_DOWNLOAD_URL", server.base()),
                ("HEARTH_VERSION", "9.9.9"),
            ],
        );
        assert_failed(
            &run,
            &[
                "there is no release v9.9.9",
                "Check HEARTH_VERSION=9.9.9",
                "/releases/download/v9.9.9/SHA256SUMS was not found",
            ],
        );
        // Not a version at all: refused before anything is downloaded.
        let before = server.requests().len();
        for bad in ["1.0; rm -rf /", "latest/../x", "main"] {
            let run = install(
                shell,
                home.path(),
                &[
                    ("HEARTH_DOWNLOAD_URL", server.base()),
                    ("HEARTH_VERSION", bad),
                ],
            );
            assert_failed(&run, &["is not a version number", "like 0.2.0"]);
        }
        assert_eq!(server.requests().len(), before, "{shell}");
        assert!(files_in(&home.path().join(".local/bin")).is_empty());
    }
}

#[test]
fn an_unreachable_server_and_plain_http_elsewhere_are_clear_errors() {
    // A port on this computer that nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let closed = format!("http://127.0.0.1:{port}/releases");
    for shell in shells() {
        let home = tempfile::tempdir().unwrap();
        let run = install(shell, home.path(), &[("HEARTH_DOWNLOAD_URL", &closed)]);
        assert_failed(
            &run,
            &[
                "could not download",
                "check your internet connection (or proxy) and try again",
            ],
        );
        let run = install(
            shell,
            home.path(),
            &[("HEARTH_DOWNLOAD_URL", "http://mirror.example/releases")],
        );
        assert_failed(
            &run,
            &["must be an https:// address (plain http only on this computer)"],
        );
        // This checkout's install.sh does not know the repository yet.
        let run = install(shell, home.path(), &[]);
        assert_failed(&run, &["set HEARTH_REPOSITORY=OWNER/NAME"]);
        assert!(files_in(&home.path().join(".local/bin")).is_empty());
    }
}
