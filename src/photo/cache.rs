//! The photo cache, `.hearth/cache/images/` in the site's folder: one file
//! per encoded copy, named by a digest of the source bytes, the settings
//! and the encoders' version, so that a rebuild encodes only new or changed
//! photos. Each entry ends with the digest of its own bytes and is written
//! to a temporary name and renamed into place, so a damaged or half-written
//! entry is never used: it is encoded again and rewritten.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::digest::{self, Digest};
use crate::files::SiteRoot;

use super::{Copy, ENCODER_VERSION, Format, Plan, Settings};

/// Where the cache lives, relative to the site's folder.
pub const CACHE_DIR: &str = ".hearth/cache/images";

/// The length of the digest each entry ends with.
const TRAILER: usize = 32;

/// Encoded copies kept between builds (see the module's documentation).
#[derive(Debug, Default)]
pub struct PhotoCache {
    /// The cache folder, when there is one to use.
    dir: Option<PathBuf>,
    /// The site's folder, which every entry read must be inside: a link
    /// committed in the cache's place cannot make a build read a device or
    /// a file elsewhere.
    site: Option<SiteRoot>,
    /// Reads entries but writes none (`check`).
    read_only: bool,
    encoded: AtomicUsize,
    reused: AtomicUsize,
}

impl PhotoCache {
    /// No cache: every photo is encoded.
    pub fn none() -> PhotoCache {
        PhotoCache::default()
    }

    /// The cache of the site whose folder is `root`.
    pub fn in_site(root: &Path) -> PhotoCache {
        PhotoCache {
            dir: Some(root.join(CACHE_DIR)),
            site: Some(SiteRoot::for_one_pass(root)),
            ..PhotoCache::default()
        }
    }

    /// The cache of the site at `root`, read but never written (`check`).
    pub fn reading(root: &Path) -> PhotoCache {
        PhotoCache {
            read_only: true,
            ..PhotoCache::in_site(root)
        }
    }

    /// How many copies were encoded, and how many taken from the cache,
    /// since the cache was made.
    pub fn stats(&self) -> (usize, usize) {
        (
            self.encoded.load(Ordering::Relaxed),
            self.reused.load(Ordering::Relaxed),
        )
    }

    /// The key of the copies of the photo in `bytes` made by `plan`.
    pub fn key(bytes: &[u8], plan: &Plan, settings: &Settings) -> String {
        let mut digest = Digest::new()
            .part("photo")
            .part(bytes)
            .part(ENCODER_VERSION)
            .part(if settings.webp { "webp" } else { "" });
        for width in &settings.widths {
            digest = digest.part(width.to_le_bytes());
        }
        for copy in &plan.copies {
            digest = digest
                .part(copy.size.width.to_le_bytes())
                .part(copy.size.height.to_le_bytes())
                .part(copy.format.mime());
        }
        digest.hex()
    }

    /// The file of one cached copy.
    fn entry(&self, key: &str, copy: &Copy) -> Option<PathBuf> {
        let ext = match copy.format {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        };
        let dir = self.dir.as_ref()?;
        Some(dir.join(format!(
            "{key}-{}x{}.{ext}",
            copy.size.width, copy.size.height
        )))
    }

    /// Every copy of `plan` from the cache, when all of them are there and
    /// whole; `None` when any must be encoded.
    pub fn get(&self, key: &str, plan: &Plan) -> Option<Vec<Vec<u8>>> {
        let copies: Option<Vec<Vec<u8>>> = plan
            .copies
            .iter()
            .map(|copy| {
                let path = self.entry(key, copy)?;
                let mut bytes = self
                    .site
                    .as_ref()?
                    .read_at_most(&path, crate::files::MOST_PICTURE_BYTES)
                    .ok()?;
                let body = bytes.len().checked_sub(TRAILER)?;
                (digest::hex(&bytes[..body]).as_bytes() == &bytes[body..]).then(|| {
                    bytes.truncate(body);
                    bytes
                })
            })
            .collect();
        if copies.is_some() {
            self.reused.fetch_add(plan.copies.len(), Ordering::Relaxed);
        }
        copies
    }

    /// Counts `count` copies as encoded, whether or not they can be kept.
    pub fn count_encoded(&self, count: usize) {
        self.encoded.fetch_add(count, Ordering::Relaxed);
    }

    /// Keeps the encoded copies of `plan`. A cache that cannot be written
    /// (a read-only folder, a full disk) only costs time: the build goes on.
    pub fn put(&self, key: &str, plan: &Plan, encoded: &[Vec<u8>]) {
        if self.read_only || !self.usable_dir() {
            return;
        }
        for (copy, bytes) in plan.copies.iter().zip(encoded) {
            if let Some(path) = self.entry(key, copy) {
                write_atomically(&path, bytes);
            }
        }
    }

    /// Makes the cache folder when it is missing, and says whether it is a
    /// real folder inside the site: no part of `.hearth/cache/images` may be
    /// a symbolic link (each is looked at before the next is made inside
    /// it), so that the cache is never written, nor a folder made, anywhere
    /// else.
    fn usable_dir(&self) -> bool {
        let Some(site) = &self.site else {
            return false;
        };
        let mut path = site.folder().to_path_buf();
        for part in Path::new(CACHE_DIR).components() {
            path.push(part);
            match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => return false,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    // Another thread may make it at the same moment.
                    let made = std::fs::create_dir(&path).or_else(|error| match error.kind() {
                        std::io::ErrorKind::AlreadyExists => Ok(()),
                        _ => Err(error),
                    });
                    if made.is_err() || !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
                    {
                        return false;
                    }
                }
                Err(_) => return false,
            }
        }
        true
    }
}

/// Writes `bytes` and their digest to a temporary file beside `path`, then
/// renames it over `path`: a reader sees the old entry, the new one or
/// none, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) {
    use std::io::Write;
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return;
    };
    let temporary = path.with_file_name(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = std::fs::File::create_new(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.write_all(digest::hex(bytes).as_bytes())
    });
    if written.is_err() || std::fs::rename(&temporary, path).is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
}
