//! The staging folder a build writes into, swapped into place in one atomic exchange where the system has one, and the cleanup of folders that killed builds left behind.

use super::*;

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
    marker: std::fs::File,
}

/// Numbers the staging folders of one process, so that each is new.
pub(super) static NEXT_STAGING: AtomicUsize = AtomicUsize::new(0);

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
                        marker: lock,
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
        // The old site's marker says it is being replaced before it is
        // moved aside (a site of Hearth 0.1.0 gets one), so that if this
        // build is stopped before the old site is removed, the next build
        // knows the leftover for one.
        retire(&self.out);
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
        // In place: the new site's marker is an output's again.
        let _ = plain_marker(&mut self.marker);
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

/// Gives the folder `out`, which a build is about to move aside and
/// remove, the [`staging_marker`]. The old marker is removed
/// first, never written through (it may be a link). Only a folder
/// [`check_replaceable`] accepted gets here; failing to write only means
/// that a leftover of it may stay.
pub(super) fn retire(out: &Path) {
    use std::io::Write;
    if !std::fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()) {
        return;
    }
    let marker = out.join(MARKER);
    if std::fs::symlink_metadata(&marker).is_ok_and(|m| m.is_dir()) {
        return;
    }
    let _ = std::fs::remove_file(&marker);
    if let Ok(mut file) = std::fs::File::create_new(&marker) {
        let _ = file.write_all(staging_marker().as_bytes());
    }
}

/// Rewrites the open `marker` as an output folder's: [`MARKER_TEXT`] alone.
fn plain_marker(marker: &mut std::fs::File) -> io::Result<()> {
    use std::io::{Seek, Write};
    marker.set_len(0)?;
    marker.rewind()?;
    marker.write_all(MARKER_TEXT.as_bytes())
}

/// Creates the marker in the new folder `dir` and locks it. `None` when a
/// cleanup by another build took the folder first.
pub(super) fn claim(dir: &Path) -> io::Result<Option<std::fs::File>> {
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
    file.write_all(staging_marker().as_bytes())?;
    Ok(Some(file))
}

/// True when `path` still names the open `file` (a cleanup may have
/// removed it between its creation and its lock).
pub(super) fn is_same_file(file: &std::fs::File, path: &Path) -> bool {
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
/// behind when they were killed: folders named `.NAME.new-PID-N` (and, when
/// `old_too`, `.NAME.old-PID-N`, which after a kill between two renames may
/// be the only copy of the last site), whose marker no running build holds
/// locked. Nothing else is touched: no file, no link, no other name (a
/// backup such as `.public.old-2023` is someone's own).
pub(super) fn remove_stale(parent: &Path, name: &str, old_too: bool) {
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
        if !is_staging_suffix(suffix) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        remove_if_unused(&entry.path());
    }
}

/// True for the `PID-N` that ends the name of every staging folder
/// [`Staging::new`] and [`Staging::commit`] make.
fn is_staging_suffix(suffix: &str) -> bool {
    let number = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    suffix
        .split_once('-')
        .is_some_and(|(pid, n)| number(pid) && number(n))
}

/// Removes one staging folder unless a running build uses it. Its marker
/// must be a regular file, not a link to one (which could lead to anything,
/// a FIFO that would block the build among them), holding a start of
/// [`staging_marker`] (all of it, or what a stop left of it): a folder with
/// any other marker is not one a stopped build left (a backup of the output
/// folder has an output's marker), and is left alone.
pub(super) fn remove_if_unused(dir: &Path) {
    let marker = dir.join(MARKER);
    if std::fs::symlink_metadata(&marker).is_ok_and(|m| !m.is_file()) {
        return;
    }
    match crate::files::open_regular_file(&marker) {
        Ok((mut marker, _)) => {
            use std::io::Read;
            // Held for the removal, then released.
            if marker.try_lock().is_err() {
                return;
            }
            let expected = staging_marker();
            let mut text = Vec::new();
            let read = (&mut marker)
                .take(expected.len() as u64 + 1)
                .read_to_end(&mut text);
            if read.is_ok() && expected.as_bytes().starts_with(&text) {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            // No marker: a build that made this folder a moment ago and
            // makes its marker next (removing the empty folder is safe: that
            // build starts again under a new name). A folder with files and
            // no marker is not known to be Hearth's, and stays.
            let _ = std::fs::remove_dir(dir);
        }
        Err(_) => {}
    }
}

/// Puts `staging` in place of `out` in one atomic step: an exchange when
/// `out` exists, a rename that refuses to replace anything when it does not.
/// `None` when this system or file system cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
pub(super) fn atomic_swap(staging: &Path, out: &Path) -> Option<io::Result<Swap>> {
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
pub(super) fn atomic_swap(_staging: &Path, _out: &Path) -> Option<io::Result<Swap>> {
    None
}

/// Puts `staging` in place of `out` where no atomic exchange exists: `out`
/// moves aside to `previous`, then `staging` moves in (if that fails, `out`
/// moves back).
pub(super) fn rename_twice(staging: &Path, out: &Path, previous: &Path) -> io::Result<Swap> {
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
