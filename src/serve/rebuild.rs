//! Rebuilding after a change: the same pipeline as `hearth build`, then a
//! diff of the old and new output so that only pages that changed reload.
//! Markdown files whose text did not change keep their parse from the last
//! rebuild, and an edited article is rendered and served first, before the
//! rest of the site (lists, tag pages, the feed) is rendered.
//! A change to files copied as they are (a stylesheet, a photo beside an
//! article) skips the pipeline and replaces just those files.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::build::{Built, PageCount, PipelineCache, Prepared, prepare_unlinted};
use crate::config::{BuildOptions, CONTENT_DIR, SiteConfig};
use crate::diagnostic::Diagnostics;
use crate::link::{KeptIndex, LinkedSite, link_new_page, relink_page};
use crate::load::{SiteRoot, SourceFile, load_static_files, relative_path};
use crate::output::SiteOutput;
use crate::parse::{PageKind, Parsed, parse_file};
use crate::paths::output_file;
use crate::render::{Templates, render_pages};
use crate::search::LazyIndex;

use super::overlay;
use super::site::{Message, Shared, Snapshot, Touched};

/// More changed files than this reload every page instead of listing them.
const MAX_LISTED: usize = 500;
/// More edited pages than this are not rendered ahead of the rest: that is
/// for the page being written, not for a `git checkout`.
const MAX_AHEAD: usize = 16;

/// How one change to a watched file looks to the rebuilder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
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
    /// The pages of the last good build, told after each rebuild.
    pages: PageCount,
    /// What the last rebuild keeps for the next (each file's parse).
    cache: PipelineCache,
    /// The site's folder: no file outside it is read.
    site: SiteRoot,
    /// The last good build's linked site, to link an edited article again
    /// on its own; `None` after a failed rebuild.
    last: Option<LastSite>,
}

/// Pages served ahead of the rest of their rebuild.
struct Ahead {
    /// New and edited pages, by output path.
    files: BTreeMap<String, Vec<u8>>,
    /// The output paths of removed pages.
    gone: BTreeSet<String>,
}

impl Ahead {
    /// The rendered `files` that differ from what `current` serves, and
    /// the `gone` pages that were not rendered again; `None` when that is
    /// nothing.
    fn over(
        current: &Snapshot,
        files: Vec<(String, Vec<u8>)>,
        mut gone: BTreeSet<String>,
    ) -> Option<Ahead> {
        let mut ahead = BTreeMap::new();
        for (path, bytes) in files {
            if current.output.files.get(&path) != Some(&bytes) {
                gone.remove(&path);
                ahead.insert(path, bytes);
            }
        }
        (!ahead.is_empty() || !gone.is_empty()).then_some(Ahead { files: ahead, gone })
    }
}

/// What [`Rebuilder::relink_ahead`] needs of the last good build.
struct LastSite {
    config: SiteConfig,
    site: LinkedSite,
    index: KeptIndex,
    /// The templates it was rendered with: a change to any of them is not
    /// a change of articles alone, so they still apply.
    templates: Templates,
}

/// What one rebuild did, for the terminal and the benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The site built, with these pages; these output files changed.
    Built {
        changed: Vec<String>,
        pages: PageCount,
        millis: u128,
    },
    /// The site has errors; the last good output is still served.
    Failed { errors: usize },
}

impl Rebuilder {
    /// A rebuilder for the site of `options`, publishing to `shared` and
    /// printing diagnostics with `report`.
    pub fn new(options: BuildOptions, shared: Arc<Shared>, report: fn(&Diagnostics)) -> Rebuilder {
        Rebuilder {
            shared,
            report,
            statics: HashMap::new(),
            warnings: Diagnostics::new(),
            pages: PageCount::default(),
            cache: PipelineCache::default(),
            site: SiteRoot::new(&options.root),
            last: None,
            options,
        }
    }

    /// Runs the pipeline and publishes the result: a new site, or the
    /// errors over the last good one. Edited articles are published first,
    /// as soon as they are rendered, then the whole site.
    pub fn full(&mut self) -> Outcome {
        self.cache.everything_changed();
        self.run(Instant::now(), false)
    }

    /// [`Rebuilder::full`], trusting what the cache was told of the changes;
    /// `served_ahead` when the edited articles were already served.
    fn run(&mut self, started: Instant, served_ahead: bool) -> Outcome {
        let before = self.shared.snapshot();
        // Lint finds only warnings: it runs once the edited pages are served.
        let mut prepared = prepare_unlinted(&self.options, &mut self.cache);
        let kept_index = prepared.kept_index.take();
        let ahead = if served_ahead {
            None
        } else {
            self.render_ahead(&before, &prepared)
        };
        let current = match ahead {
            Some(ahead) => self.publish_ahead(&before, ahead),
            None => Arc::clone(&before),
        };
        prepared.lint();
        let (rendered, templates) = prepared.render_without_index(self.cache.share());
        match rendered {
            Ok(built) => {
                if built.warnings != self.warnings {
                    (self.report)(&built.warnings);
                    self.warnings = built.warnings.clone();
                }
                self.statics = copied_files(&built);
                // The pages served ahead reload only if they differ after all.
                let changed = diff(&current.output, &built.output)
                    .into_iter()
                    .filter(|path| {
                        let new = built.output.files.get(path);
                        if current.gone.contains(path) {
                            return new.is_some();
                        }
                        !current.ahead.contains_key(path) || current.ahead.get(path) != new
                    })
                    .collect();
                let recovered = current.failure.is_some();
                self.pages = PageCount::of_output(&built.site, &built.output);
                let search = Some(Arc::new(LazyIndex::new(&built.config, &built.site)));
                self.last = kept_index
                    .zip(templates)
                    .map(|(index, templates)| LastSite {
                        config: built.config,
                        site: built.site,
                        index,
                        templates,
                    });
                self.finish(current, built.output, search, changed, recovered, started)
            }
            Err(diagnostics) => {
                self.last = None;
                (self.report)(&diagnostics);
                self.warnings = Diagnostics::new();
                let errors = diagnostics.error_count();
                let overlay = overlay::render(&diagnostics);
                let version = current.version + 1;
                let data = serde_json::json!({ "version": version, "overlay": overlay });
                self.shared.publish(
                    Snapshot {
                        output: Arc::clone(&current.output),
                        ahead: BTreeMap::new(),
                        failure: Some(overlay),
                        version,
                        search: current.search.clone(),
                        gone: BTreeSet::new(),
                    },
                    Message {
                        name: "failed",
                        data: data.to_string(),
                        version,
                    },
                    Touched::Everything,
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
            // The pages are the same, and so is their search index.
            let search = current.search.clone();
            return self.finish(current, output, search, changed, false, started);
        }
        let content = absolute(&self.options.root).join(CONTENT_DIR);
        let changed = changes
            .iter()
            .filter_map(|change| {
                if content.starts_with(&change.path) {
                    // `content/` itself, or a folder holding it.
                    return Some(String::new());
                }
                relative_path(&content, &change.path)
            })
            .collect();
        let served_ahead = match self.relink_ahead(&current, changes) {
            Some(ahead) => {
                self.publish_ahead(&current, ahead);
                true
            }
            None => false,
        };
        self.cache.unchanged_except(changed);
        self.run(started, served_ahead)
    }

    /// Serves `ahead` (pages rendered ahead of the rest of their rebuild)
    /// over `before`, and tells the open pages; the new snapshot.
    fn publish_ahead(&self, before: &Snapshot, ahead: Ahead) -> Arc<Snapshot> {
        let version = before.version + 1;
        let Ahead { files: ahead, gone } = ahead;
        let changed: Vec<String> = ahead.keys().chain(&gone).cloned().collect();
        let data = serde_json::json!({ "version": version, "changed": changed });
        self.shared.publish(
            Snapshot {
                output: Arc::clone(&before.output),
                ahead,
                failure: None,
                version,
                search: before.search.clone(),
                gone,
            },
            Message {
                name: "built",
                data: data.to_string(),
                version,
            },
            Touched::Files(changed),
        );
        self.shared.snapshot()
    }

    /// The edited and new articles rendered from the last good build's
    /// linked site, each linked on its own (see [`relink_page`] and
    /// [`link_new_page`]), and the removed ones, when `changes` are a few
    /// such changes: edited articles that stay where they are, new ones at
    /// a free address, each still linking only to what exists, and removed
    /// ones no page links to. Reading and linking the whole site again takes
    /// a large site far longer than this; it follows, and its result is
    /// what is served in the end. `None` for any other change.
    fn relink_ahead(&mut self, current: &Snapshot, changes: &[Change]) -> Option<Ahead> {
        if current.failure.is_some()
            || current.output.files.is_empty()
            || changes.is_empty()
            || changes.len() > MAX_AHEAD
        {
            return None;
        }
        let content = absolute(&self.options.root).join(CONTENT_DIR);
        let last = self.last.as_mut()?;
        let mut edited = Vec::new();
        let mut added = Vec::new();
        let mut gone = BTreeSet::new();
        for change in changes {
            let path = relative_path(&content, &change.path).filter(|p| p.ends_with(".md"))?;
            let index = last
                .site
                .pages
                .iter()
                .position(|page| page.parsed.file.path == path);
            // A file told removed that is there again was saved by renaming.
            let read = self
                .site
                .read_at_most(&change.path, crate::files::MOST_TEXT_BYTES);
            let text = match read {
                Ok(text) => text,
                // Another reason (too large, unreadable): the whole rebuild
                // reports it.
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => return None,
                Err(_) => {
                    // Removed: gone at once, when no page links to it (else
                    // the whole rebuild reports the broken links).
                    let page = &last.site.pages[index?];
                    if page.parsed.kind != PageKind::Page || !page.backlinks.is_empty() {
                        return None;
                    }
                    gone.insert(output_file(&page.path));
                    continue;
                }
            };
            let text = String::from_utf8(text).ok()?;
            if index.is_some_and(|index| text == last.site.pages[index].parsed.file.text) {
                continue;
            }
            let (parsed, errors) = parse_file(SourceFile { path, text }, last.config.drafts);
            let Parsed::Page(parsed) = parsed else {
                return None;
            };
            if !errors.is_empty() {
                return None;
            }
            match index {
                Some(index) => {
                    let page =
                        relink_page(&last.config, &last.site, &mut last.index, index, parsed)?;
                    edited.push((index, page));
                }
                None => {
                    added.push(link_new_page(
                        &last.config,
                        &mut last.site,
                        &mut last.index,
                        parsed,
                    )?);
                }
            }
        }
        if edited.is_empty() && added.is_empty() && gone.is_empty() {
            return None;
        }
        let mut indices: Vec<usize> = edited.iter().map(|(index, _)| *index).collect();
        indices.extend(added);
        for (index, page) in edited {
            last.site.pages[index] = page;
        }
        let files = render_pages(&last.config, &last.site, &last.templates, &indices).ok()?;
        Ahead::over(current, files, gone)
    }

    /// The articles whose markdown changed or that are new, rendered from
    /// `prepared` ahead of the rest of the site, and the pages of files
    /// that were removed, when nothing else is needed to show them: the
    /// site has no errors, the last rebuild did not fail, and every changed
    /// file is an article. `None` otherwise: then the whole site is
    /// rendered first, as for any other change.
    fn render_ahead(&self, current: &Snapshot, prepared: &Prepared) -> Option<Ahead> {
        let (Some(config), Some(site), Some(templates)) =
            (&prepared.config, &prepared.site, &prepared.templates)
        else {
            return None;
        };
        let fresh = self.cache.parsed_afresh();
        if current.failure.is_some()
            || current.output.files.is_empty()
            || fresh.len() > MAX_AHEAD
            || prepared.diagnostics.has_errors()
        {
            return None;
        }
        // The pages of the last build that this one no longer has.
        let mut gone = BTreeSet::new();
        if let Some(last) = &self.last {
            let now: HashSet<&str> = site.pages.iter().map(|page| page.path.as_str()).collect();
            for page in &last.site.pages {
                if !now.contains(page.path.as_str()) {
                    gone.insert(output_file(&page.path));
                }
            }
        }
        if gone.len() > MAX_AHEAD || (fresh.is_empty() && gone.is_empty()) {
            return None;
        }
        let fresh: HashSet<&str> = fresh.iter().map(String::as_str).collect();
        let indices: Vec<usize> = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, page)| fresh.contains(page.parsed.file.path.as_str()))
            .map(|(index, _)| index)
            .collect();
        // A newly drafted file, or a list page: the whole site first.
        if indices.len() != fresh.len()
            || indices
                .iter()
                .any(|&index| site.pages[index].parsed.kind != PageKind::Page)
        {
            return None;
        }
        // A new page is served at once too: it was linked with the rest.
        let files = render_pages(config, site, templates, &indices).ok()?;
        Ahead::over(current, files, gone)
    }

    /// The new bytes of each changed copied file, or `None` when any change
    /// is not a plain edit of one, or a file cannot be read (a link renamed
    /// over it that leads outside the site): then the whole site is rebuilt,
    /// which leaves such a file out with a warning.
    fn read_statics(&self, changes: &[Change]) -> Option<Vec<(String, Vec<u8>)>> {
        let mut replaced = Vec::new();
        for change in changes {
            if change.removed {
                return None;
            }
            let key = self.statics.get(&change.path)?;
            let bytes = self.site.read(&change.path).ok()?;
            replaced.push((key.clone(), bytes));
        }
        Some(replaced)
    }

    /// Publishes a new site and its search index, with `changed` the files
    /// that differ from `current`; `recovered` when `current` shows a failure.
    fn finish(
        &mut self,
        current: Arc<Snapshot>,
        output: SiteOutput,
        search: Option<Arc<LazyIndex>>,
        changed: Vec<String>,
        recovered: bool,
        started: Instant,
    ) -> Outcome {
        let version = if changed.is_empty() && !recovered {
            current.version
        } else {
            current.version + 1
        };
        let all = changed.len() > MAX_LISTED;
        let data = if all {
            serde_json::json!({ "version": version, "all": true })
        } else {
            serde_json::json!({ "version": version, "changed": changed })
        };
        let touched = if all || recovered {
            Touched::Everything
        } else {
            Touched::Files(changed.clone())
        };
        self.shared.publish(
            Snapshot {
                output: Arc::new(output),
                ahead: BTreeMap::new(),
                failure: None,
                version,
                search,
                gone: BTreeSet::new(),
            },
            Message {
                name: "built",
                data: data.to_string(),
                version,
            },
            touched,
        );
        // The pages served ahead changed too, though they reload no more.
        let mut changed = changed;
        changed.extend(
            current
                .ahead
                .keys()
                .chain(&current.gone)
                .filter(|path| !changed.contains(path))
                .cloned()
                .collect::<Vec<String>>(),
        );
        changed.sort();
        Outcome::Built {
            changed,
            pages: self.pages,
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
/// such a file, and then it is not one of them. Nor is the stylesheet when
/// it is fingerprinted (not in `serve`'s preview): a new one has a new
/// name, which every page links.
fn copied_files(built: &Built) -> HashMap<PathBuf, String> {
    let fingerprinted = built
        .site
        .stylesheet
        .as_ref()
        .is_some_and(|sheet| sheet.fingerprinted.is_some());
    let site = SiteRoot::new(&built.config.root);
    let statics = load_static_files(&built.config)
        .0
        .into_iter()
        .map(|asset| (asset.source, asset.path));
    // A photo is never copied as it is: its copies are made from it.
    let beside_pages = built
        .site
        .assets
        .iter()
        .filter(|placed| placed.photo.is_none())
        .map(|placed| {
            (
                placed.asset.source.clone(),
                placed.path.trim_start_matches('/').to_string(),
            )
        });
    statics
        .chain(beside_pages)
        .filter(|(_, key)| !(fingerprinted && format!("/{key}") == crate::paths::STYLESHEET))
        .filter(|(source, key)| {
            site.read(source)
                .is_ok_and(|bytes| built.output.files.get(key) == Some(&bytes))
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
