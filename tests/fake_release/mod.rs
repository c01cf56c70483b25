//! A fake GitHub release on 127.0.0.1 for the installer tests: real archives
//! of the test `hearth` binary in the layout the release workflow makes
//! (`hearth-<target>/hearth` with the README and the licences, packed by
//! `tar -czf`), a `SHA256SUMS` over them, and a server that answers the
//! release paths (`/releases/latest/download/NAME`,
//! `/releases/download/vX.Y.Z/NAME`) and logs every request.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tiny_http::{Response, Server};

pub fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The release target whose archive `install.sh` picks on this computer.
pub fn host_target() -> &'static str {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "x86_64-unknown-linux-musl",
        ("linux", "aarch64") => "aarch64-unknown-linux-musl",
        ("macos", "x86_64") => "x86_64-apple-darwin",
        ("macos", "aarch64") => "aarch64-apple-darwin",
        (os, arch) => panic!("no release target for {os} on {arch}"),
    }
}

/// The archive name of a target, as the release workflow names it.
pub fn archive_name(target: &str) -> String {
    format!("hearth-{target}.tar.gz")
}

/// A `.tar.gz` holding `hearth-<target>/` with the test binary as `hearth`
/// (whatever `target` says, so that it runs here), the README and both
/// licence files, made with the system's `tar` like the release's archives.
pub fn archive(target: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let folder = dir.path().join(format!("hearth-{target}"));
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_hearth"), folder.join("hearth")).unwrap();
    for file in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
        std::fs::copy(repository().join(file), folder.join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let name = archive_name(target);
    let status = Command::new("tar")
        .arg("-czf")
        .arg(&name)
        .arg(format!("hearth-{target}"))
        .current_dir(dir.path())
        .status()
        .expect("run tar");
    assert!(status.success(), "tar failed");
    std::fs::read(dir.path().join(name)).unwrap()
}

/// The lower-case hexadecimal SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A `SHA256SUMS` file as `sha256sum` writes it: `<hex>  <name>` lines.
pub fn sha256sums(files: &[(&str, &[u8])]) -> Vec<u8> {
    files
        .iter()
        .map(|(name, bytes)| format!("{}  {name}\n", sha256(bytes)))
        .collect::<String>()
        .into_bytes()
}

/// The files of one release folder, by name.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The usual release folder: the archive for `target` and its checksum.
pub fn release_files(target: &str) -> Files {
    let archive = archive(target);
    let name = archive_name(target);
    let sums = sha256sums(&[(&name, &archive)]);
    Files::from([(name, archive), ("SHA256SUMS".to_string(), sums)])
}

/// A server answering `/releases/<path>/<name>` from the release folders it
/// was given (`latest/download`, `download/v0.1.0`, ...), 404 otherwise.
pub struct ReleaseServer {
    server: Arc<Server>,
    base: String,
    log: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl ReleaseServer {
    pub fn start(folders: BTreeMap<String, Files>) -> ReleaseServer {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("start the release server"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let base = format!("http://127.0.0.1:{port}/releases");
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let thread = {
            let (server, log) = (server.clone(), log.clone());
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    let path = request.url().to_string();
                    log.lock().unwrap().push(path.clone());
                    let found = path
                        .strip_prefix("/releases/")
                        .and_then(|rest| rest.rsplit_once('/'))
                        .and_then(|(folder, name)| folders.get(folder)?.get(name));
                    let _ = match found {
                        Some(bytes) => request.respond(Response::from_data(bytes.clone())),
                        None => request
                            .respond(Response::from_string("Not Found").with_status_code(404)),
                    };
                }
            })
        };
        ReleaseServer {
            server,
            base,
            log,
            thread: Some(thread),
        }
    }

    /// The value for `HEARTH_DOWNLOAD_URL`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The paths requested so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for ReleaseServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What one run of a shell script did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `command` with every `HEARTH_*` variable of this process removed,
/// `HOME` set to `home` (so nothing reaches the real home folder), and `env`.
pub fn run(mut command: Command, home: &Path, env: &[(&str, &str)]) -> Run {
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("HEARTH_") {
            command.env_remove(name);
        }
    }
    command.env("HOME", home);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("run the command");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The files in `dir` (none when it does not exist).
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}
