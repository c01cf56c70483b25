//! The site's files, read safely: the one rule for symbolic links, and
//! the one walk that finds the files a site is made of. Used by every
//! stage that reads a file (settings, content, templates, static files,
//! the preview), so it belongs to none of them.
//!
//! Every file the site is made of is found by [`walk_files`] and read by
//! [`SiteRoot::read`]: a link is followed only when it leads to a file or
//! folder inside the site's folder (the one holding `content/`); any other
//! link (outside, dangling, a loop) is left out with a
//! `symlink-outside-site` warning. Reading checks again where the opened
//! file really is, so a link swapped in after the walk cannot make a build
//! or the preview publish a file from elsewhere.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;

/// A name that starts with a dot: a hidden file or folder.
pub(crate) fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// Hidden files and editors' temporary, backup and swap files: never part
/// of the site, so the build skips them and `serve` does not rebuild for them.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// `path` relative to `base`, with `/` separators.
pub fn relative_path(base: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(base).ok()?;
    // The common case, cheaply: a Unix path that is valid UTF-8.
    if std::path::MAIN_SEPARATOR == '/'
        && let Some(text) = relative.to_str()
    {
        return Some(text.to_string());
    }
    let parts: Vec<String> = relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// The code of the warning for a symbolic link that is not followed.
pub const SYMLINK_OUTSIDE_SITE: &str = "symlink-outside-site";

/// The site's folder (the one holding `content/`), with every symbolic
/// link in its path resolved: no file outside it is ever read for the site.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    /// The folder as the user named it, to show paths relative to it.
    given: PathBuf,
    /// The same folder, absolute, with links resolved.
    real: PathBuf,
    /// The same folder, opened for one pass (see [`SiteRoot::for_one_pass`]).
    #[cfg(target_os = "linux")]
    opened: Option<std::sync::Arc<std::os::fd::OwnedFd>>,
}

/// Why a path is not followed.
#[derive(Debug)]
pub enum Escape {
    /// It really is at this path, outside the site's folder.
    Outside(PathBuf),
    /// It cannot be resolved: a dangling link, or a loop of links.
    Broken(io::Error),
    /// It really is at this path, inside the site's folder but within a
    /// hidden folder or file (`.git/`, `.env`), which is never part of the
    /// site: a link to `.git/config` would publish what it holds.
    Hidden(PathBuf),
}

impl SiteRoot {
    /// The boundary of the site rooted at `root`.
    pub fn new(root: &Path) -> SiteRoot {
        let real = std::fs::canonicalize(root)
            .or_else(|_| std::path::absolute(root))
            .unwrap_or_else(|_| root.to_path_buf());
        SiteRoot {
            given: root.to_path_buf(),
            real,
            #[cfg(target_os = "linux")]
            opened: None,
        }
    }

    /// The folder as the user named it.
    pub fn folder(&self) -> &Path {
        &self.given
    }

    /// [`SiteRoot::new`] for one pass over thousands of files (loading a
    /// build's content, reading the previous output): the folder is opened
    /// now, and each file is opened beneath it in one call (see
    /// [`SiteRoot::open_beneath`]). The pass reads the folder that was at
    /// the path when it began, even if that folder is moved aside meanwhile;
    /// a long-lived root (the preview's) uses [`SiteRoot::new`].
    pub fn for_one_pass(root: &Path) -> SiteRoot {
        let mut site = SiteRoot::new(root);
        site.open_folder();
        site
    }

    /// Opens the folder at the real path for [`SiteRoot::open_beneath`],
    /// only when the folder opened is the one there: no link swapped in on
    /// the way to it since the path was resolved.
    #[cfg(target_os = "linux")]
    fn open_folder(&mut self) {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        self.opened = rustix::fs::open(&self.real, flags, Mode::empty())
            .ok()
            .map(File::from)
            .filter(|folder| opened_path(folder).as_deref() == Some(self.real.as_path()))
            .map(|folder| std::sync::Arc::new(std::os::fd::OwnedFd::from(folder)));
    }

    #[cfg(not(target_os = "linux"))]
    fn open_folder(&mut self) {}

    /// Where `path` really is, when that is inside the site's folder.
    pub fn check(&self, path: &Path) -> Result<PathBuf, Escape> {
        let real = std::fs::canonicalize(path).map_err(Escape::Broken)?;
        match real.strip_prefix(&self.real) {
            Ok(within) if within.components().any(|part| is_hidden(part.as_os_str())) => {
                Err(Escape::Hidden(real))
            }
            Ok(_) => Ok(real),
            Err(_) => Err(Escape::Outside(real)),
        }
    }

    /// The bytes of the regular file at `path`, only when the file opened
    /// is inside the site's folder. The check is made on the opened file:
    /// by the kernel as it opens it, in a pass (see
    /// [`SiteRoot::open_beneath`]), or after opening it (where it really
    /// is, on Linux; elsewhere, that the path still leads to it), so a link
    /// renamed over the file at any moment cannot make this read a file
    /// elsewhere.
    pub fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.read_at_most(path, u64::MAX)
    }

    /// The bytes of the regular file at `path`, as [`SiteRoot::read`] reads
    /// them, only when there are at most `limit` of them: a file of
    /// gigabytes put where Hearth expects text or a photo is refused with a
    /// message, instead of filling the memory.
    pub fn read_at_most(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        let too_large = |size: u64| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "it is {} MiB, more than the {} MiB Hearth reads for this kind of file",
                    size.div_ceil(1 << 20),
                    limit >> 20
                ),
            )
        };
        let (file, len) = self.open(path)?;
        if len > limit {
            return Err(too_large(len));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        // One byte more than the limit tells a file that grew meanwhile.
        // Through `take`, which reads to the end as well, so that reading
        // does not ask the system for the size and position it already has
        // (two calls for each of thousands of files).
        file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// At most the first `limit` bytes of the regular file at `path`, with
    /// the same checks as [`SiteRoot::read`]: enough to read a header
    /// without reading the whole file.
    pub fn read_start(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        let (file, len) = self.open(path)?;
        let mut bytes = Vec::with_capacity(usize::try_from(len.min(limit)).unwrap_or(0));
        file.take(limit).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// The regular file at `path`, opened, and its length, only when the
    /// file opened is inside the site's folder (checked as
    /// [`SiteRoot::read`] checks it): for a copy that streams the file
    /// instead of holding it whole.
    pub fn open(&self, path: &Path) -> io::Result<(File, u64)> {
        if let Some(opened) = self.open_beneath(path) {
            return Ok(opened);
        }
        // Not opened at all if it is no regular file now (a device or FIFO
        // is not opened for nothing), and opened without blocking in case one
        // is swapped in after this look.
        if !std::fs::metadata(path)?.is_file() {
            return Err(not_a_file());
        }
        let (file, opened) = open_regular_file(path)?;
        let real = match opened_path(&file) {
            // Where the opened file is, from the system: no race at all.
            Some(real) => real,
            // Elsewhere: where the path leads now, which must be the file opened.
            None => match std::fs::canonicalize(path) {
                Ok(real) if same_file(&opened, &std::fs::metadata(&real)?) => real,
                Ok(_) => {
                    return Err(io::Error::other(
                        "the file was replaced while it was being read; save it again",
                    ));
                }
                Err(error) => return Err(error),
            },
        };
        if !real.starts_with(&self.real) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "it leads to {}, outside the site's folder, and Hearth reads only files inside it",
                    real.display()
                ),
            ));
        }
        Ok((file, opened.len()))
    }

    /// Opens `path` in one call that the kernel resolves only within the
    /// folder opened by [`SiteRoot::for_one_pass`] (`openat2` with
    /// `RESOLVE_BENEATH`, `RESOLVE_NO_XDEV` and `RESOLVE_NO_MAGICLINKS`: no
    /// `..` above it, no absolute link, no other mount), so that the file is
    /// inside without asking where it is: two calls fewer for each of
    /// thousands of files than [`SiteRoot::open`]'s full check, which
    /// decides whenever this gives `None` (another system, an older kernel,
    /// a link by absolute path, a missing file, anything that is no regular
    /// file). Opened without blocking, so a FIFO inside the folder is
    /// opened and closed at once instead of waited on.
    #[cfg(target_os = "linux")]
    fn open_beneath(&self, path: &Path) -> Option<(File, u64)> {
        use rustix::fs::{Mode, OFlags, ResolveFlags};
        let folder = self.opened.as_ref()?;
        let inside = path
            .strip_prefix(&self.given)
            .or_else(|_| path.strip_prefix(&self.real))
            .ok()
            .filter(|inside| !inside.as_os_str().is_empty())?;
        let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK | OFlags::NOCTTY;
        let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_XDEV | ResolveFlags::NO_MAGICLINKS;
        let file =
            File::from(rustix::fs::openat2(folder, inside, flags, Mode::empty(), resolve).ok()?);
        let opened = file.metadata().ok().filter(std::fs::Metadata::is_file)?;
        Some((file, opened.len()))
    }

    #[cfg(not(target_os = "linux"))]
    fn open_beneath(&self, _: &Path) -> Option<(File, u64)> {
        None
    }

    /// The names of the files in `folder` that are inside the site's
    /// folder, links resolved: what a "did you mean" may offer, so that no
    /// message names a file a link leads to elsewhere.
    pub fn file_names_in(&self, folder: &Path) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter(|entry| {
                let path = entry.path();
                self.check(&path).is_ok() && path.is_file()
            })
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect()
    }

    /// `path` relative to the site's folder, for messages.
    pub fn display(&self, path: &Path) -> String {
        relative_path(&self.given, path)
            .or_else(|| relative_path(&self.real, path))
            .unwrap_or_else(|| path.display().to_string())
    }

    /// The warning for the link (or folder) at `path` that is not followed:
    /// `why` ends the message, `help` says what to do.
    fn not_followed(&self, path: &Path, why: &str, help: &str) -> Diagnostic {
        let shown = self.display(path);
        let what = match std::fs::read_link(path) {
            Ok(target) => format!("`{shown}` is a symbolic link to `{}`", target.display()),
            Err(_) => match self.link_on_the_way(path) {
                Some((link, target)) => format!(
                    "`{shown}` is reached through `{}`, a symbolic link to `{}`",
                    self.display(&link),
                    target.display()
                ),
                None => format!("`{shown}` is reached through a symbolic link"),
            },
        };
        Diagnostic::warning(
            SYMLINK_OUTSIDE_SITE,
            format!("{what}, {why}: it is left out of the site"),
        )
        .in_file(&shown)
        .help(help)
    }

    /// `path` or the nearest folder holding it, within the site's folder
    /// as named, that is a symbolic link, with the link's target.
    fn link_on_the_way(&self, path: &Path) -> Option<(PathBuf, PathBuf)> {
        path.ancestors()
            .take_while(|folder| folder.starts_with(&self.given) && *folder != self.given)
            .find_map(|folder| {
                std::fs::read_link(folder)
                    .ok()
                    .map(|target| (folder.to_path_buf(), target))
            })
    }

    /// The error for a folder the site needs (a theme's templates) that
    /// lies outside the site's folder; `None` when it is inside.
    pub fn outside_error(&self, folder: &Path, code: &'static str) -> Option<Diagnostic> {
        let Err(Escape::Outside(real)) = self.check(folder) else {
            return None;
        };
        let shown = self.display(folder);
        let how = match self.link_on_the_way(folder) {
            Some((link, target)) if link == folder => format!(
                "`{shown}` is a symbolic link to `{}`, outside the site's folder",
                target.display()
            ),
            Some((link, target)) => format!(
                "`{shown}` is reached through `{}`, a symbolic link to `{}`, outside the site's folder",
                self.display(&link),
                target.display()
            ),
            None => format!(
                "`{shown}` leads outside the site's folder (to `{}`)",
                real.display()
            ),
        };
        Some(
            Diagnostic::error(
                code,
                format!("{how}, and Hearth reads only files inside it"),
            )
            .in_file(&shown)
            .help("copy the folder into the site instead of linking to it"),
        )
    }

    fn escape_warning(&self, path: &Path, escape: &Escape) -> Diagnostic {
        match escape {
            Escape::Outside(real) => {
                let shown_target = std::fs::read_link(path).ok();
                let to = if shown_target.as_deref() == Some(real.as_path()) {
                    String::new()
                } else {
                    format!(" (to `{}`)", real.display())
                };
                self.not_followed(
                    path,
                    &format!("which leads outside the site's folder{to}"),
                    "Hearth follows a symbolic link only to a file or folder inside the site's folder (the one holding `content/`), so that it never publishes a file from elsewhere on the computer: copy the file into the site instead of linking to it",
                )
            }
            Escape::Hidden(real) => self.not_followed(
                path,
                &format!(
                    "which leads into a hidden file or folder of the site (`{}`)",
                    self.display(real)
                ),
                "hidden files and folders (such as .git/ and .env) are never part of the site, and neither is a link to them: copy the file into the site instead of linking to it",
            ),
            Escape::Broken(_) => self.not_followed(
                path,
                "which leads to nothing (its target is missing, or links lead round in a loop)",
                "point the link at a file inside the site's folder, or remove it",
            ),
        }
    }

    fn loop_warning(&self, path: &Path, ancestor: &Path) -> Diagnostic {
        self.not_followed(
            path,
            &format!(
                "which leads back to `{}`, a folder holding it, so following it would never end",
                self.display(ancestor)
            ),
            "remove the link, or point it at a folder that does not hold it",
        )
    }
}

/// The path of an opened file as the system knows it (Linux: one call,
/// whatever was renamed since), or `None` where it cannot tell.
#[cfg(target_os = "linux")]
fn opened_path(file: &File) -> Option<PathBuf> {
    use std::os::fd::AsRawFd;
    std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).ok()
}

#[cfg(not(target_os = "linux"))]
fn opened_path(_: &File) -> Option<PathBuf> {
    None
}

/// `path` opened for reading, with its metadata, only when it is a regular
/// file. Where the system allows, it is opened without blocking (and never
/// as a controlling terminal), so that a FIFO put at `path` is opened and
/// closed at once instead of waited on; reading a regular file is the same
/// either way.
pub fn open_regular_file(path: &Path) -> io::Result<(File, std::fs::Metadata)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        let flags = (OFlags::NONBLOCK | OFlags::NOCTTY).bits();
        options.custom_flags(i32::try_from(flags).unwrap_or(0));
    }
    let file = options.open(path)?;
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(not_a_file());
    }
    Ok((file, opened))
}

fn not_a_file() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "it is not a regular file")
}

/// Whether two metadata describe the same file (on Unix: the same device
/// and inode; elsewhere the path check alone has to do).
#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    true
}

/// The most bytes Hearth reads of a text source: a markdown page, a data
/// or settings file, a template, a theme's words. The longest real article
/// is a few hundred KiB.
pub const MOST_TEXT_BYTES: u64 = 32 << 20;

/// The most bytes Hearth reads of a photo or picture it resizes or draws
/// from (a 100-megapixel camera's JPEG is about 50 MiB).
pub const MOST_PICTURE_BYTES: u64 = 256 << 20;

/// Reads the file at `path` for the site rooted at `root`, following the
/// rule of [`SiteRoot::read`], when it is at most `limit` bytes.
pub fn read_in_site(root: &Path, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    SiteRoot::new(root).read_at_most(path, limit)
}

/// One file found by [`walk_files`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkedFile {
    /// Its path through the folder walked, links not resolved.
    pub path: PathBuf,
    /// Whether it is reached through a symbolic link (to it or to a folder
    /// holding it): then it can change without an event for this path.
    pub linked: bool,
}

/// The files under `dir` in a stable order, leaving out hidden and
/// editors' files, and every symbolic link that does not lead inside the
/// site's folder, with a warning for each. A folder that cannot be read
/// is an error.
pub fn walk_files(site: &SiteRoot, dir: &Path) -> (Vec<WalkedFile>, Vec<Diagnostic>) {
    let mut skipped = Vec::new();
    let mut errors = Vec::new();
    let mut files = Vec::new();
    let mut linked_folders: Vec<PathBuf> = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() > 0 && is_ignored(entry.file_name().to_string_lossy().as_ref()) {
                return false;
            }
            // The folder walked may itself lie behind a link (a theme's).
            if (entry.depth() == 0 || entry.path_is_symlink())
                && let Err(escape) = site.check(entry.path())
            {
                skipped.push(site.escape_warning(entry.path(), &escape));
                return false;
            }
            true
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                let linked = entry.path_is_symlink()
                    || linked_folders
                        .iter()
                        .any(|folder| entry.path().starts_with(folder));
                if entry.file_type().is_file() {
                    files.push(WalkedFile {
                        path: entry.path().to_path_buf(),
                        linked,
                    });
                } else if entry.file_type().is_dir() && entry.path_is_symlink() && entry.depth() > 0
                {
                    linked_folders.push(entry.path().to_path_buf());
                }
            }
            Err(error) => {
                let path = error.path().map(Path::to_path_buf);
                let is_link = path.as_deref().is_some_and(|path| {
                    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
                });
                match (path, error.loop_ancestor()) {
                    (Some(path), Some(ancestor)) => errors.push(site.loop_warning(&path, ancestor)),
                    (Some(path), None) if is_link => errors.push(site.escape_warning(
                        &path,
                        &Escape::Broken(io::Error::from(io::ErrorKind::NotFound)),
                    )),
                    (path, _) => {
                        let mut diagnostic = Diagnostic::error(
                            "unreadable",
                            format!("cannot read this folder: {}", walk_error_text(&error)),
                        )
                        .help("check that the folder exists and that you may read it");
                        if let Some(path) = path {
                            diagnostic = diagnostic.in_file(site.display(&path));
                        }
                        errors.push(diagnostic);
                    }
                }
            }
        }
    }
    skipped.extend(errors);
    (files, skipped)
}

/// A walk error's cause in plain words, without the path (shown apart).
fn walk_error_text(error: &walkdir::Error) -> String {
    match error.io_error() {
        Some(io) => io.to_string(),
        None => error.to_string(),
    }
}

#[cfg(test)]
mod tests;
