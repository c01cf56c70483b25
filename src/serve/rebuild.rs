//! Rebuilding after a change: the same pipeline as `hearth build`, then a
//! diff of the old and new output so that only pages that changed reload.
//! A change to files copied as they are (a stylesheet, a photo beside an
//! article) skips the pipeline and replaces just those files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::build::{Built, build_site};
use crate::config::BuildOptions;
use crate::diagnostic::Diagnostics;
use crate::load::load_static_files;
use crate::output::SiteOutput;

use super::overlay;
use super::site::{Message, Shared, Snapshot};

/// More changed files than this reload every page instead of listing them.
const MAX_LISTED: usize = 500;

/// How one change to a watched file looks to the rebuilder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The absolute path of the file or folder.
    pub path: PathBuf,
    /// Whether it was removed (or renamed away).
    pub removed: bool,
}

/// Rebuilds the site and publishes each result to the server.
pub struct Rebuilder {
    options: BuildOptions,
    shared: Arc<Shared>,
    report: fn(&Diagnostics),
    /// The files of the last full build that were copied as they are:
    /// source path -> output path. Changes to these alone need no build.
    statics: HashMap<PathBuf, String>,
    warnings: Diagnostics,
}

/// What one rebuild did, for the terminal and the benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The site built; these output files changed.
    Built { changed: Vec<String>, millis: u128 },
    /// The site has errors; the last good output is still served.
    Failed { errors: usize },
}

impl Rebuilder {
    /// A rebuilder for the site of `options`, publishing to `shared` and
    /// printing diagnostics with `report`.
    pub fn new(options: BuildOptions, shared: Arc<Shared>, report: fn(&Diagnostics)) -> Rebuilder {
        Rebuilder {
            options,
            shared,
            report,
            statics: HashMap::new(),
            warnings: Diagnostics::new(),
        }
    }

    /// Runs the pipeline and publishes the result: a new site, or the
    /// errors over the last good one.
    pub fn full(&mut self) -> Outcome {
        let started = Instant::now();
        let current = self.shared.snapshot();
        match build_site(&self.options) {
            Ok(built) => {
                if built.warnings != self.warnings {
                    (self.report)(&built.warnings);
                    self.warnings = built.warnings.clone();
                }
                self.statics = copied_files(&built);
                let changed = diff(&current.output, &built.output);
                let recovered = current.failure.is_some();
                self.finish(current, built.output, changed, recovered, started)
            }
            Err(diagnostics) => {
                (self.report)(&diagnostics);
                self.warnings = Diagnostics::new();
                let errors = diagnostics.error_count();
                let overlay = overlay::render(&diagnostics);
                let version = current.version + 1;
                let data = serde_json::json!({ "version": version, "overlay": overlay });
                self.shared.publish(
                    Snapshot {
                        output: Arc::clone(&current.output),
                        failure: Some(overlay),
                        version,
                    },
                    Some(Message {
                        name: "failed",
                        data: data.to_string(),
                    }),
                );
                Outcome::Failed { errors }
            }
        }
    }

    /// Rebuilds after `changes`: only the changed files when they are all
    /// edits of files copied as they are, the whole pipeline otherwise.
    pub fn rebuild(&mut self, changes: &[Change]) -> Outcome {
        let started = Instant::now();
        let current = self.shared.snapshot();
        if current.failure.is_none()
            && !changes.is_empty()
            && let Some(replaced) = self.read_statics(changes)
        {
            let mut output = SiteOutput::clone(&current.output);
            let mut changed = Vec::new();
            for (key, bytes) in replaced {
                if output.files.get(&key) != Some(&bytes) {
                    output.files.insert(key.clone(), bytes);
                    changed.push(key);
                }
            }
            return self.finish(current, output, changed, false, started);
        }
        self.full()
    }

    /// The new bytes of each changed copied file, or `None` when any change
    /// is not a plain edit of one.
    fn read_statics(&self, changes: &[Change]) -> Option<Vec<(String, Vec<u8>)>> {
        let mut replaced = Vec::new();
        for change in changes {
            if change.removed {
                return None;
            }
            let key = self.statics.get(&change.path)?;
            let bytes = std::fs::read(&change.path).ok()?;
            replaced.push((key.clone(), bytes));
        }
        Some(replaced)
    }

    fn finish(
        &mut self,
        current: Arc<Snapshot>,
        output: SiteOutput,
        changed: Vec<String>,
        recovered: bool,
        started: Instant,
    ) -> Outcome {
        let version = if changed.is_empty() && !recovered {
            current.version
        } else {
            current.version + 1
        };
        let data = if changed.len() > MAX_LISTED {
            serde_json::json!({ "version": version, "all": true })
        } else {
            serde_json::json!({ "version": version, "changed": changed })
        };
        self.shared.publish(
            Snapshot {
                output: Arc::new(output),
                failure: None,
                version,
            },
            Some(Message {
                name: "built",
                data: data.to_string(),
            }),
        );
        Outcome::Built {
            changed,
            millis: started.elapsed().as_millis(),
        }
    }
}

/// The output files whose bytes differ between `old` and `new`, added and
/// removed ones included, in path order.
pub fn diff(old: &SiteOutput, new: &SiteOutput) -> Vec<String> {
    let mut changed: Vec<String> = new
        .files
        .iter()
        .filter(|(path, bytes)| old.files.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .collect();
    changed.extend(
        old.files
            .keys()
            .filter(|path| !new.files.contains_key(*path))
            .cloned(),
    );
    changed.sort();
    changed
}

/// The files copied into the output as they are, that ended up there byte
/// for byte: the theme's and the site's static files (only the one that
/// wins, the site's over the theme's), and the images and other files
/// beside pages in `content/`. A page or feed of the same name wins over
/// such a file, and then it is not one of them.
fn copied_files(built: &Built) -> HashMap<PathBuf, String> {
    let statics = load_static_files(&built.config)
        .into_iter()
        .map(|asset| (asset.source, asset.path));
    let beside_pages = built.site.assets.iter().map(|placed| {
        (
            placed.asset.source.clone(),
            placed.path.trim_start_matches('/').to_string(),
        )
    });
    statics
        .chain(beside_pages)
        .filter(|(source, key)| {
            std::fs::read(source).is_ok_and(|bytes| built.output.files.get(key) == Some(&bytes))
        })
        .map(|(source, key)| (absolute(&source), key))
        .collect()
}

/// `path` made absolute and resolved, the way the watcher reports paths.
pub fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lists_changed_added_and_removed_files() {
        let mut old = SiteOutput::default();
        old.insert("a/index.html", "a");
        old.insert("b/index.html", "b");
        old.insert("style.css", "x");
        let mut new = SiteOutput::default();
        new.insert("a/index.html", "a");
        new.insert("c/index.html", "c");
        new.insert("style.css", "y");
        assert_eq!(
            diff(&old, &new),
            ["b/index.html", "c/index.html", "style.css"]
        );
    }
}
