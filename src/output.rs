//! Output: where a build's files go. In memory ([`SiteOutput`], for `serve`
//! and the tests), or straight into a staging folder ([`DirSink`]) that is
//! swapped into place only once the whole site is written ([`Staging`]), so
//! that a failed build never damages the previous site. A build replaces
//! only a folder it wrote: [`check_out_folder`] refuses the site's own
//! folders and folders without Hearth's [`MARKER`].

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

/// The whole built site: file paths relative to the site root (`about/index.html`) and their bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteOutput {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl SiteOutput {
    /// Adds a file; `path` is relative and uses `/`.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// The bytes served at a site path, resolving `/x/` to `x/index.html`.
    pub fn get(&self, site_path: &str) -> Option<&[u8]> {
        let relative = site_path.trim_start_matches('/');
        let key = if relative.is_empty() || relative.ends_with('/') {
            format!("{relative}index.html")
        } else {
            relative.to_string()
        };
        self.files.get(&key).map(Vec::as_slice)
    }

    /// Writes the site into `out`: first into a fresh sibling folder, then
    /// swapped into place, so `out` is either the old site or the new one.
    pub fn write_atomically(&self, out: &Path) -> io::Result<()> {
        let staging = Staging::new(out)?;
        self.write_into(staging.dir())?;
        staging.commit().map(|_| ())
    }

    /// Writes every file under `dir`, in parallel.
    fn write_into(&self, dir: &Path) -> io::Result<()> {
        let mut folders: Vec<PathBuf> = self
            .files
            .keys()
            .filter_map(|path| Path::new(path).parent().map(|p| dir.join(p)))
            .collect();
        folders.sort();
        folders.dedup();
        for folder in folders {
            std::fs::create_dir_all(folder)?;
        }
        self.files
            .par_iter()
            .try_for_each(|(path, bytes)| std::fs::write(inside(dir, path)?, bytes))
    }
}

/// Where rendering puts each file as soon as it is ready. Called from many
/// threads at once.
pub trait Sink: Sync {
    /// Stores one file; `path` is relative to the site root and uses `/`.
    fn put(&self, path: String, bytes: Vec<u8>) -> io::Result<()>;
    /// True when a file was already put at `path`.
    fn contains(&self, path: &str) -> bool;
}

/// A sink that keeps every file in memory.
#[derive(Debug, Default)]
pub struct MemorySink {
    output: Mutex<SiteOutput>,
}

impl MemorySink {
    /// The files put so far.
    pub fn into_output(self) -> SiteOutput {
        self.output
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SiteOutput> {
        self.output
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for MemorySink {
    fn put(&self, path: String, bytes: Vec<u8>) -> io::Result<()> {
        self.lock().insert(path, bytes);
        Ok(())
    }

    fn contains(&self, path: &str) -> bool {
        self.lock().files.contains_key(path)
    }
}

/// A sink that writes each file under a folder at once, and keeps only
/// the paths written (to report duplicates) and how many HTML pages.
#[derive(Debug)]
pub struct DirSink {
    dir: PathBuf,
    written: Mutex<HashSet<String>>,
    pages: AtomicUsize,
}

impl DirSink {
    /// A sink writing into `dir`, which must exist.
    pub fn new(dir: &Path) -> DirSink {
        DirSink {
            dir: dir.to_path_buf(),
            written: Mutex::new(HashSet::new()),
            pages: AtomicUsize::new(0),
        }
    }

    /// How many files were written.
    pub fn file_count(&self) -> usize {
        self.lock().len()
    }

    /// How many of them are HTML pages.
    pub fn page_count(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// `dir` joined with `path`, which must be relative and go only down:
/// the last guard, behind the checks of linking, against writing outside
/// the output folder.
fn inside(dir: &Path, path: &str) -> io::Result<PathBuf> {
    let relative = Path::new(path);
    let downward = !path.is_empty()
        && relative
            .components()
            .all(|part| matches!(part, std::path::Component::Normal(_)));
    if !downward {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{path}` is not a path inside the output folder"),
        ));
    }
    Ok(dir.join(relative))
}

impl Sink for DirSink {
    fn put(&self, path: String, bytes: Vec<u8>) -> io::Result<()> {
        let target = inside(&self.dir, &path)?;
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(&target, bytes)?;
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.lock().insert(path);
        Ok(())
    }

    fn contains(&self, path: &str) -> bool {
        self.lock().contains(path)
    }
}

/// The file at the top of every folder `hearth build` writes. It tells a
/// later build that the folder is Hearth's to replace (and a person what
/// the folder is), and while a build runs, its lock says the folder is in
/// use. It is not a page: it is in no sitemap, and `serve` never has it.
pub use crate::paths::MARKER;

/// What the marker says, in one line. The same on every build, so that
/// two builds of the same site give the same bytes.
pub const MARKER_TEXT: &str = "This folder was built by Hearth (hearth build): the next build replaces all of it, so keep none of your own files here.\n";

/// Why `--out` names a folder a build must not replace.
#[derive(Debug)]
pub enum OutFolderError {
    /// `out` is the site's own folder (the one holding `content/`), or holds it.
    SiteRoot { out: PathBuf, relation: Relation },
    /// `out` is, holds, or lies inside one of the site's own folders.
    SiteFolder {
        out: PathBuf,
        /// The folder, as the coach knows it: `content/`, `themes/default/`.
        folder: String,
        relation: Relation,
    },
    /// `out` is a file or a link to nothing, not a folder.
    NotAFolder { out: PathBuf },
    /// `out` holds files, and no marker says that Hearth wrote them.
    Foreign {
        out: PathBuf,
        /// One of the files or folders in it, to show which folder is meant.
        example: String,
    },
    /// `out`, or a folder above it, cannot be read.
    Unreadable { out: PathBuf, error: io::Error },
}

/// How `--out` meets one of the site's own folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// It is that folder.
    Same,
    /// It lies inside it.
    Inside,
    /// It holds it.
    Contains,
}

impl OutFolderError {
    /// What to do instead, in one sentence.
    pub fn help(&self) -> String {
        match self {
            OutFolderError::SiteRoot { .. } | OutFolderError::SiteFolder { .. } => "choose a folder outside the site's content/, themes/, templates/ and static/, such as public/ in the site's folder (what a build uses when --out is left out)".to_string(),
            OutFolderError::NotAFolder { .. } => "choose a new folder, or an empty one".to_string(),
            OutFolderError::Foreign { .. } => format!(
                "choose an empty or new folder, or delete this one yourself if you are sure; Hearth puts a {MARKER} file in every folder it builds and replaces only those"
            ),
            OutFolderError::Unreadable { .. } => {
                "check that the folder and the folders above it exist and can be read".to_string()
            }
        }
    }
}

impl std::fmt::Display for OutFolderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutFolderError::SiteRoot { out, relation } => {
                let what = if *relation == Relation::Same {
                    "is the site's own folder"
                } else {
                    "holds the site's own folder"
                };
                write!(
                    f,
                    "--out {} {what}: a build replaces everything in its output folder, so content/ and themes/ would be deleted",
                    out.display()
                )
            }
            OutFolderError::SiteFolder {
                out,
                folder,
                relation,
            } => {
                let out = out.display();
                match relation {
                    Relation::Same => write!(
                        f,
                        "--out {out} is {folder}, one of the site's own folders: a build replaces everything in its output folder, so the site's own files there would be deleted"
                    ),
                    Relation::Inside => write!(
                        f,
                        "--out {out} is inside {folder}, one of the site's own folders: a build replaces everything in its output folder, so the site's own files there would be deleted and the built pages mixed into the site"
                    ),
                    Relation::Contains => write!(
                        f,
                        "--out {out} holds {folder}, one of the site's own folders: a build replaces everything in its output folder, so the site's own files would be deleted"
                    ),
                }
            }
            OutFolderError::NotAFolder { out } => {
                write!(
                    f,
                    "--out {} is a file or a broken link, not a folder",
                    out.display()
                )
            }
            OutFolderError::Foreign { out, example } => write!(
                f,
                "--out {} already holds files that Hearth did not write (such as {example}), and a build replaces everything in its output folder",
                out.display()
            ),
            OutFolderError::Unreadable { out, error } => {
                write!(f, "cannot read --out {}: {error}", out.display())
            }
        }
    }
}

impl std::error::Error for OutFolderError {}

/// Checks that a build of the site at `root`, with its theme in
/// `theme_dir`, may replace `out`: refuses the site's own folder, any
/// folder that is, holds or lies inside `content/`, `themes/` (and
/// `theme_dir`), `templates/` or `static/`, a file, and a folder with
/// files in it that carries no [`MARKER`] (unless it is a site built by
/// Hearth 0.1.0, which wrote no marker). Paths are compared after
/// resolving links, `.` and `..`. Returns `out`, resolved the same way.
pub fn check_out_folder(
    root: &Path,
    theme_dir: &Path,
    out: &Path,
) -> Result<PathBuf, OutFolderError> {
    let unreadable = |error| OutFolderError::Unreadable {
        out: out.to_path_buf(),
        error,
    };
    let resolved = canonical(out).map_err(unreadable)?;
    let root = canonical(root).map_err(unreadable)?;
    if resolved == root || root.starts_with(&resolved) {
        return Err(OutFolderError::SiteRoot {
            out: out.to_path_buf(),
            relation: if resolved == root {
                Relation::Same
            } else {
                Relation::Contains
            },
        });
    }
    // The theme before themes/, so that the message names the nearest.
    let mut own: Vec<PathBuf> = Vec::new();
    for folder in [crate::config::CONTENT_DIR, crate::config::THEMES_DIR] {
        own.push(canonical(&root.join(folder)).map_err(unreadable)?);
    }
    own.insert(1, canonical(theme_dir).map_err(unreadable)?);
    for folder in [crate::config::SITE_TEMPLATES_DIR, "static"] {
        own.push(canonical(&root.join(folder)).map_err(unreadable)?);
    }
    let relation = |folder: &PathBuf| {
        if resolved == *folder {
            Some(Relation::Same)
        } else if resolved.starts_with(folder) {
            Some(Relation::Inside)
        } else if folder.starts_with(&resolved) {
            Some(Relation::Contains)
        } else {
            None
        }
    };
    let found = [Relation::Same, Relation::Inside, Relation::Contains]
        .into_iter()
        .find_map(|wanted| {
            own.iter()
                .find(|folder| relation(folder) == Some(wanted))
                .map(|folder| (folder, wanted))
        });
    if let Some((folder, relation)) = found {
        let name = match folder.strip_prefix(&root) {
            Ok(relative) => format!("{}/", relative.display()).replace('\\', "/"),
            Err(_) => format!("{}", folder.display()),
        };
        return Err(OutFolderError::SiteFolder {
            out: out.to_path_buf(),
            folder: name,
            relation,
        });
    }
    check_replaceable(out, &resolved)?;
    Ok(resolved)
}

/// Checks that the folder at `resolved` (which the user calls `out`) is
/// Hearth's to replace: missing, empty, marked, or built by Hearth 0.1.0.
fn check_replaceable(out: &Path, resolved: &Path) -> Result<(), OutFolderError> {
    let metadata = match std::fs::metadata(resolved) {
        Ok(metadata) => metadata,
        Err(error)
            if error.kind() == io::ErrorKind::NotFound
                && std::fs::symlink_metadata(resolved).is_err() =>
        {
            return Ok(());
        }
        // A link to nothing is not a folder Hearth wrote.
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(OutFolderError::NotAFolder {
                out: out.to_path_buf(),
            });
        }
        Err(error) => {
            return Err(OutFolderError::Unreadable {
                out: out.to_path_buf(),
                error,
            });
        }
    };
    if !metadata.is_dir() {
        return Err(OutFolderError::NotAFolder {
            out: out.to_path_buf(),
        });
    }
    let mut names: Vec<String> = std::fs::read_dir(resolved)
        .map_err(|error| OutFolderError::Unreadable {
            out: out.to_path_buf(),
            error,
        })?
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() || is_marked(resolved) || looks_like_hearth_output(resolved) {
        return Ok(());
    }
    names.sort();
    Err(OutFolderError::Foreign {
        out: out.to_path_buf(),
        example: names.swap_remove(0),
    })
}

/// True when `dir` has Hearth's marker at its top (a plain file, not a link).
fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// True when `dir` holds a site built by Hearth 0.1.0, which wrote no
/// marker: `index.html` and `sitemap.xml` at its top, and an `atom.xml`
/// whose head names Hearth as its generator (written by Hearth's code, not
/// by a theme, and by no other generator).
fn looks_like_hearth_output(dir: &Path) -> bool {
    use std::io::Read;
    let is_file = |name: &str| std::fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.is_file());
    if !is_file("index.html") || !is_file("sitemap.xml") || !is_file("atom.xml") {
        return false;
    }
    let mut head = Vec::new();
    let read = std::fs::File::open(dir.join("atom.xml"))
        .and_then(|file| file.take(64 * 1024).read_to_end(&mut head));
    read.is_ok()
        && head
            .windows(b"<generator>Hearth</generator>".len())
            .any(|window| window == b"<generator>Hearth</generator>")
}

/// `path` made absolute, with links, `.` and `..` resolved, even when its
/// last parts do not exist yet: the nearest folder above it that exists is
/// resolved by the system, and the rest added to it (a part that does not
/// exist cannot be a link).
pub fn canonical(path: &Path) -> io::Result<PathBuf> {
    let mut existing = std::path::absolute(path)?;
    let mut missing: Vec<std::ffi::OsString> = Vec::new();
    loop {
        match std::fs::canonicalize(&existing) {
            Ok(mut resolved) => {
                for part in missing.iter().rev() {
                    if part == ".." {
                        resolved.pop();
                    } else if part != "." {
                        resolved.push(part);
                    }
                }
                return Ok(resolved);
            }
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                let Some(last) = existing.components().next_back() else {
                    return Err(error);
                };
                missing.push(last.as_os_str().to_os_string());
                if !existing.pop() {
                    return Err(error);
                }
            }
            Err(error) => return Err(error),
        }
    }
}

/// How [`Staging::commit`] put the new site in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swap {
    /// There was no previous site: the new one was moved into place.
    Created,
    /// One atomic exchange of the two folders: `out` was there at every
    /// moment, holding either the old site or the new one.
    Exchanged,
    /// Two renames (where the system has no atomic exchange): for a moment
    /// between them, `out` was missing.
    Renamed,
}

/// A fresh folder beside `out` to write a new site into, holding the
/// [`MARKER`] locked for as long as this build runs. [`Staging::commit`]
/// swaps it into place; dropped without a commit, it is removed and `out`
/// stays exactly as it was. Creating one removes the staging folders that
/// killed builds left beside `out`, skipping those still locked.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    staging: PathBuf,
    committed: bool,
    /// The marker file, locked: other builds leave this folder alone.
    _lock: std::fs::File,
}

/// Numbers the staging folders of one process, so that each is new.
static NEXT_STAGING: AtomicUsize = AtomicUsize::new(0);

impl Staging {
    /// Creates the staging folder beside `out`, holding only the locked
    /// marker. Refuses an `out` that Hearth did not write (see
    /// [`check_out_folder`]).
    pub fn new(out: &Path) -> io::Result<Staging> {
        let out = canonical(out)?;
        check_replaceable(&out, &out).map_err(io::Error::other)?;
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} cannot be an output folder", out.display()),
            ));
        };
        let (parent, name) = (parent.to_path_buf(), name.to_string_lossy().into_owned());
        std::fs::create_dir_all(&parent)?;
        remove_stale(&parent, &name, out.exists());
        // A cleanup by another build may take a folder made a moment ago,
        // before its marker is locked: then try again under a new name.
        for _ in 0..16 {
            let number = NEXT_STAGING.fetch_add(1, Ordering::Relaxed);
            let staging = parent.join(format!(".{name}.new-{}-{number}", std::process::id()));
            match std::fs::create_dir(&staging) {
                Ok(()) => {}
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(error) => return Err(error),
            }
            match claim(&staging) {
                Ok(Some(lock)) => {
                    return Ok(Staging {
                        out,
                        parent,
                        name,
                        staging,
                        committed: false,
                        _lock: lock,
                    });
                }
                Ok(None) => continue,
                Err(error) => {
                    let _ = std::fs::remove_dir_all(&staging);
                    return Err(error);
                }
            }
        }
        Err(io::Error::other(format!(
            "could not make a staging folder beside {} that stays in place",
            out.display()
        )))
    }

    /// The folder to write the new site into.
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Swaps the staging folder into place as `out`, in one atomic exchange
    /// where the system has one, then removes the old site. Refuses to
    /// replace an `out` that Hearth did not write.
    pub fn commit(mut self) -> io::Result<Swap> {
        check_replaceable(&self.out, &self.out).map_err(io::Error::other)?;
        let swap = match atomic_swap(&self.staging, &self.out) {
            Some(swap) => swap?,
            None => {
                let number = NEXT_STAGING.fetch_add(1, Ordering::Relaxed);
                let previous = self.parent.join(format!(
                    ".{}.old-{}-{number}",
                    self.name,
                    std::process::id()
                ));
                let swap = rename_twice(&self.staging, &self.out, &previous)?;
                let _ = std::fs::remove_dir_all(&previous);
                swap
            }
        };
        self.committed = true;
        if swap == Swap::Exchanged {
            // The old site is in the staging folder now.
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        remove_stale(&self.parent, &self.name, true);
        Ok(swap)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Creates the marker in the new folder `dir` and locks it. `None` when a
/// cleanup by another build took the folder first.
fn claim(dir: &Path) -> io::Result<Option<std::fs::File>> {
    use std::io::Write;
    let path = dir.join(MARKER);
    let mut file = match std::fs::File::options()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
        // A file system without locks: build unlocked. Cleanups cannot
        // lock such a folder either, so they leave it alone.
        Err(std::fs::TryLockError::Error(_)) => {}
    }
    if !is_same_file(&file, &path) {
        return Ok(None);
    }
    file.write_all(MARKER_TEXT.as_bytes())?;
    Ok(Some(file))
}

/// True when `path` still names the open `file` (a cleanup may have
/// removed it between its creation and its lock).
fn is_same_file(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

/// Removes the staging folders that earlier builds of `parent/name` left
/// behind when they were killed: folders named `.NAME.new-*` (and, when
/// `old_too`, `.NAME.old-*`, which after a kill between two renames may be
/// the only copy of the last site), whose marker no running build holds
/// locked. Nothing else is touched: no file, no link, no other name.
fn remove_stale(parent: &Path, name: &str, old_too: bool) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let new = format!(".{name}.new-");
    let old = format!(".{name}.old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let suffix = match (file_name.strip_prefix(&new), file_name.strip_prefix(&old)) {
            (Some(suffix), _) => suffix,
            (None, Some(suffix)) if old_too => suffix,
            _ => continue,
        };
        if suffix.is_empty() || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        remove_if_unused(&entry.path(), suffix);
    }
}

/// Removes one staging folder unless a running build uses it.
fn remove_if_unused(dir: &Path, suffix: &str) {
    match std::fs::File::open(dir.join(MARKER)) {
        Ok(marker) => {
            // Held for the removal, then released.
            if marker.try_lock().is_ok() {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            // No marker: a build that made this folder a moment ago and
            // makes its marker next (removing the empty folder is safe: that
            // build starts again under a new name), or a leftover of Hearth
            // 0.1.0, which named its staging folders by process id alone,
            // or an old site that an exchange had moved here.
            if std::fs::remove_dir(dir).is_ok() {
                return;
            }
            if suffix.bytes().all(|b| b.is_ascii_digit()) || looks_like_hearth_output(dir) {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
        Err(_) => {}
    }
}

/// Puts `staging` in place of `out` in one atomic step: an exchange when
/// `out` exists, a rename that refuses to replace anything when it does not.
/// `None` when this system or file system cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn atomic_swap(staging: &Path, out: &Path) -> Option<io::Result<Swap>> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    // Another build may put `out` in place, or swap it, meanwhile: look again.
    for _ in 0..8 {
        let exists = std::fs::symlink_metadata(out).is_ok();
        let (flags, swap) = if exists {
            (RenameFlags::EXCHANGE, Swap::Exchanged)
        } else {
            (RenameFlags::NOREPLACE, Swap::Created)
        };
        match renameat_with(CWD, staging, CWD, out, flags) {
            Ok(()) => return Some(Ok(swap)),
            Err(Errno::EXIST | Errno::NOENT) if staging.exists() => continue,
            Err(errno)
                if [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP, Errno::OPNOTSUPP]
                    .contains(&errno) =>
            {
                return None;
            }
            Err(errno) => return Some(Err(errno.into())),
        }
    }
    Some(Err(io::Error::other(format!(
        "{} kept changing while the new site was put in place",
        out.display()
    ))))
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
fn atomic_swap(_staging: &Path, _out: &Path) -> Option<io::Result<Swap>> {
    None
}

/// Puts `staging` in place of `out` where no atomic exchange exists: `out`
/// moves aside to `previous`, then `staging` moves in (if that fails, `out`
/// moves back).
fn rename_twice(staging: &Path, out: &Path, previous: &Path) -> io::Result<Swap> {
    if std::fs::symlink_metadata(out).is_err() {
        std::fs::rename(staging, out)?;
        return Ok(Swap::Created);
    }
    std::fs::rename(out, previous)?;
    if let Err(error) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(previous, out);
        return Err(error);
    }
    Ok(Swap::Renamed)
}

#[cfg(test)]
mod tests {
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
    fn old_hearth_site(dir: &Path) {
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
            Err(error @ (OutFolderError::SiteRoot { .. } | OutFolderError::SiteFolder { .. })) => {
                error
            }
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
        }
    }

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
            std::fs::write(path.join(MARKER), MARKER_TEXT).expect("write");
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
        // Hearth 0.1.0's names: the process id alone, and no marker.
        leftover(root, ".public.new-31337", false);
        leftover(root, ".public.old-31337", false);
        std::fs::create_dir(root.join(".public.new-9-9")).expect("empty folder");
        // An old site an exchange moved aside, before its removal.
        old_hearth_site(&root.join(".public.new-5-5"));
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

        build(&out, "new");
        let mut kept = vec![
            ".other.new-1-1",
            ".public.new-",
            ".public.new-6-6",
            ".public.new-777-3",
            ".public.newer",
            ".public.old-8-8",
        ];
        if cfg!(unix) {
            kept.push(".public.new-7-7");
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
}
