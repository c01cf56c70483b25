//! Output: the built site as files in memory, and writing it to disk with an
//! atomic swap so that a failed build never damages the previous site.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

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
        let parent = match out.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = out.file_name().map_or_else(
            || "public".to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
        let previous = parent.join(format!(".{name}.old-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        let result = self.write_into(&staging).and_then(|()| {
            if out.exists() {
                std::fs::rename(out, &previous)?;
                if let Err(error) = std::fs::rename(&staging, out) {
                    let _ = std::fs::rename(&previous, out);
                    return Err(error);
                }
                let _ = std::fs::remove_dir_all(&previous);
                Ok(())
            } else {
                std::fs::rename(&staging, out)
            }
        });
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        result
    }

    /// Writes every file under `dir`, in parallel.
    fn write_into(&self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
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
            .try_for_each(|(path, bytes)| std::fs::write(dir.join(path), bytes))
    }
}
