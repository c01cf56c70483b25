//! Output: where a build's files go. In memory ([`SiteOutput`], for `serve`
//! and the tests), or straight into a staging folder ([`DirSink`]) that is
//! swapped into place only once the whole site is written ([`Staging`]), so
//! that a failed build never damages the previous site. A build replaces
//! only a folder it wrote: [`check_out_folder`] refuses the site's own
//! folders and folders without Hearth's [`MARKER`].
//!
//! - `folder.rs`: which output folder may be replaced;
//! - `staging.rs`: the staging folder, the atomic swap, the cleanup.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::files::SiteRoot;

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
    /// A file put before, read back (the search index reads its pages so);
    /// `None` when there is none.
    fn get(&self, path: &str) -> io::Result<Option<Vec<u8>>>;
    /// Stores at `path` the same bytes as `source`, a file of the previous
    /// output that the caller has checked (a share image it reuses), read
    /// through `root` so that it is never a file outside that output.
    /// This one reads it and puts the bytes; [`DirSink`] links it instead.
    fn put_same(&self, path: String, source: &Path, root: &SiteRoot) -> io::Result<()> {
        self.put(path, root.read(source)?)
    }
    /// Stores at `path` a copy of `file`, one of the site's own files (a
    /// static file, a picture beside an article) that the caller opened
    /// through the site's root. This one reads it whole and puts the bytes;
    /// [`DirSink`] copies it file to file, so that a large file is never
    /// held in memory, and [`CountingSink`] reads none of it.
    fn put_copy(&self, path: String, mut file: std::fs::File) -> io::Result<()> {
        use std::io::Read;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        self.put(path, bytes)
    }
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

    fn get(&self, path: &str) -> io::Result<Option<Vec<u8>>> {
        Ok(self.lock().get(path).map(<[u8]>::to_vec))
    }
}

/// A sink that keeps nothing but how many files and HTML pages were put:
/// `check` renders every page for its errors and counts them, and keeping
/// a 10,000-article site's HTML only to count it nearly doubled its memory.
#[derive(Debug, Default)]
pub struct CountingSink {
    files: AtomicUsize,
    pages: AtomicUsize,
}

impl CountingSink {
    fn count(&self, path: &str) {
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.files.fetch_add(1, Ordering::Relaxed);
    }

    /// How many files were put.
    pub fn file_count(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// How many of them are HTML pages.
    pub fn page_count(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }
}

impl Sink for CountingSink {
    fn put(&self, path: String, _: Vec<u8>) -> io::Result<()> {
        self.count(&path);
        Ok(())
    }

    fn put_copy(&self, path: String, _: std::fs::File) -> io::Result<()> {
        self.count(&path);
        Ok(())
    }

    fn get(&self, _: &str) -> io::Result<Option<Vec<u8>>> {
        Ok(None)
    }
}

/// A sink that writes each file under a folder at once, and keeps only
/// how many files and HTML pages it wrote (every output file has one
/// owner, checked when linking, so none is written twice).
#[derive(Debug)]
pub struct DirSink {
    dir: PathBuf,
    counts: CountingSink,
}

impl DirSink {
    /// A sink writing into `dir`, which must exist.
    pub fn new(dir: &Path) -> DirSink {
        DirSink {
            dir: dir.to_path_buf(),
            counts: CountingSink::default(),
        }
    }

    /// How many files were written.
    pub fn file_count(&self) -> usize {
        self.counts.file_count()
    }

    /// How many of them are HTML pages.
    pub fn page_count(&self) -> usize {
        self.counts.page_count()
    }

    /// The new file for `path` (relative to the output folder), to write.
    fn new_file(&self, path: &str) -> io::Result<std::fs::File> {
        let target = inside(&self.dir, path)?;
        in_new_file(&target, |target| {
            std::fs::File::options()
                .write(true)
                .create_new(true)
                .open(target)
        })
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

/// Makes the new file `target` with `make`, creating its folder when
/// missing. A file already there is removed first, never written into: it
/// may be a hard link to a file of the previous site, which a failed
/// build must leave as it was.
fn in_new_file<T>(target: &Path, make: impl Fn(&Path) -> io::Result<T>) -> io::Result<T> {
    match make(target) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            if let Some(folder) = target.parent() {
                std::fs::create_dir_all(folder)?;
            }
            make(target)
        }
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(target)?;
            make(target)
        }
        made => made,
    }
}

impl Sink for DirSink {
    fn put(&self, path: String, bytes: Vec<u8>) -> io::Result<()> {
        use std::io::Write;
        self.new_file(&path)?.write_all(&bytes)?;
        self.counts.count(&path);
        Ok(())
    }

    /// A hard link to `source` where the system makes one, so that an
    /// unchanged share image costs one call instead of a read and a write
    /// of its 40 KB (at 10,000 articles, 470 MB copied per build); a copy
    /// otherwise. The link must be a regular file: a link made to a
    /// symbolic link that was swapped in after the caller's check is taken
    /// back, and the file copied through `root`'s checks instead.
    fn put_same(&self, path: String, source: &Path, root: &SiteRoot) -> io::Result<()> {
        let target = inside(&self.dir, &path)?;
        let linked = in_new_file(&target, |target| std::fs::hard_link(source, target)).is_ok();
        if linked && std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_file()) {
            self.counts.count(&path);
            return Ok(());
        }
        if linked {
            std::fs::remove_file(&target)?;
        }
        self.put(path, root.read(source)?)
    }

    fn put_copy(&self, path: String, mut from: std::fs::File) -> io::Result<()> {
        io::copy(&mut from, &mut self.new_file(&path)?)?;
        self.counts.count(&path);
        Ok(())
    }

    fn get(&self, path: &str) -> io::Result<Option<Vec<u8>>> {
        match std::fs::read(inside(&self.dir, path)?) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
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

/// The line a staging folder's marker starts with, from the moment it is
/// made until its site is in place, and an old site's marker from the
/// moment before it is moved aside: a folder left beside the output with
/// it is one a stopped build left, for the next build to remove. A copy of
/// the output folder (a backup) has no such line.
pub const STAGING_LINE: &str = "This copy is a staging folder of a build, or an old site being replaced: a later build removes it.\n";

/// The whole marker of a staging folder: the [`STAGING_LINE`] first, so
/// that a marker cut short by a stop (even empty) is still a start of it,
/// and an output's marker ([`MARKER_TEXT`]) never is.
pub fn staging_marker() -> String {
    format!("{STAGING_LINE}{MARKER_TEXT}")
}

mod folder;
mod staging;
#[cfg(test)]
mod tests;

pub use folder::*;
pub use staging::*;
