//! Load: walks `content/` and reads every file the build needs, classifying
//! each as markdown, data (YAML) or an asset to copy, by the rules of
//! [`crate::files`] (symbolic links are followed only inside the site).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{CONTENT_DIR, SiteConfig};
use crate::diagnostic::Diagnostic;
pub use crate::files::{
    SYMLINK_OUTSIDE_SITE, SiteRoot, WalkedFile, is_ignored, read_in_site, relative_path, walk_files,
};

/// A text file under `content/`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to `content/`, with `/` separators (`articles/x.md`).
    pub path: String,
    pub text: String,
}

impl SourceFile {
    /// The path shown in diagnostics, relative to the site root.
    pub fn display_path(&self) -> String {
        format!("{CONTENT_DIR}/{}", self.path)
    }

    /// The folder holding the file, relative to `content/` (`""` at the top).
    pub fn folder(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(folder, _)| folder)
    }
}

/// A file under `content/` that is copied as it is (images, PDFs).
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`, with `/` separators.
    pub path: String,
    pub source: PathBuf,
}

/// Everything read from `content/`, sorted by path.
#[derive(Debug, Default)]
pub struct LoadedContent {
    pub markdown: Vec<SourceFile>,
    /// YAML files other than `site.yaml` (comparisons, referral guidelines).
    pub data: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

enum Kind {
    Markdown,
    Data,
    Asset,
}

/// Reads `content/`, reporting unreadable and non-UTF-8 files, and the
/// symbolic links it does not follow (see [`walk_files`]).
pub fn load_content(config: &SiteConfig) -> (LoadedContent, Vec<Diagnostic>) {
    load_content_with(config, &|_| None)
}

/// Like [`load_content`], but takes the text of a markdown or YAML file
/// (by its path relative to `content/`) from `known` when it has it,
/// instead of reading the file: `serve` knows which files did not change
/// since the last rebuild. A file reached through a symbolic link is always
/// read, as it can change without an event for its own path.
pub fn load_content_with(
    config: &SiteConfig,
    known: &(dyn Fn(&str) -> Option<String> + Sync),
) -> (LoadedContent, Vec<Diagnostic>) {
    let site = SiteRoot::for_one_pass(&config.root);
    let content_dir = config.root.join(CONTENT_DIR);
    let (files, mut diagnostics) = walk_files(&site, &content_dir);
    let mut found: Vec<(Kind, String, PathBuf, bool)> = Vec::new();
    for WalkedFile {
        path: source,
        linked,
    } in files
    {
        let Some(relative) = relative_path(&content_dir, &source) else {
            continue;
        };
        let kind = match relative
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase())
        {
            Some(ext) if ext == "md" => Kind::Markdown,
            Some(ext) if ext == "yaml" || ext == "yml" => {
                if relative == "site.yaml" {
                    continue;
                }
                Kind::Data
            }
            _ => Kind::Asset,
        };
        found.push((kind, relative, source, linked));
    }

    let read: Vec<(Kind, Result<SourceFile, Diagnostic>, String, PathBuf)> = found
        .into_par_iter()
        .map(|(kind, path, source, linked)| {
            let text = match kind {
                Kind::Asset => Ok(SourceFile {
                    path: path.clone(),
                    text: String::new(),
                }),
                _ => match known(&path).filter(|_| !linked) {
                    Some(text) => Ok(SourceFile {
                        path: path.clone(),
                        text,
                    }),
                    None => read_text(&site, &source, &path),
                },
            };
            (kind, text, path, source)
        })
        .collect();

    let mut content = LoadedContent::default();
    for (kind, text, path, source) in read {
        match (kind, text) {
            (_, Err(diagnostic)) => diagnostics.push(diagnostic),
            (Kind::Markdown, Ok(file)) => content.markdown.push(file),
            (Kind::Data, Ok(file)) => content.data.push(file),
            (Kind::Asset, Ok(_)) => content.assets.push(Asset { path, source }),
        }
    }
    (content, diagnostics)
}

fn read_text(site: &SiteRoot, source: &Path, path: &str) -> Result<SourceFile, Diagnostic> {
    let display = format!("{CONTENT_DIR}/{path}");
    let bytes = site.read_at_most(source, crate::files::MOST_TEXT_BYTES).map_err(|error| {
        Diagnostic::error("unreadable", format!("cannot read the file: {error}"))
            .in_file(&display)
            .help("check that it is a text file you may read, and not some other file saved with a .md or .yaml name")
    })?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let line = error.as_bytes()[..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        let lossy = String::from_utf8_lossy(error.as_bytes());
        let line_start = error.as_bytes()[..offset]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&error.as_bytes()[line_start..offset])
            .chars()
            .count()
            + 1;
        Diagnostic::error("not-utf8", "the file is not UTF-8 text")
            .in_file(&display)
            .at(crate::diagnostic::Location::at_line_column(
                &lossy, line, column,
            ))
            .help("save the file with UTF-8 encoding in your editor")
    })?;
    Ok(SourceFile {
        path: path.to_string(),
        text,
    })
}

/// Files copied to the site root as they are: the theme's `static/` folder,
/// then the site's own `static/` folder, whose files win; with the
/// warnings (and errors) of walking them.
pub fn load_static_files(config: &SiteConfig) -> (Vec<Asset>, Vec<Diagnostic>) {
    let site = SiteRoot::new(&config.root);
    let mut files: std::collections::BTreeMap<String, PathBuf> = std::collections::BTreeMap::new();
    let mut diagnostics = Vec::new();
    for dir in [
        config.theme_dir().join("static"),
        config.root.join("static"),
    ] {
        if !dir.is_dir() {
            continue;
        }
        let (found, problems) = walk_files(&site, &dir);
        diagnostics.extend(problems);
        for file in found {
            if let Some(relative) = relative_path(&dir, &file.path) {
                files.insert(relative, file.path);
            }
        }
    }
    let assets = files
        .into_iter()
        .map(|(path, source)| Asset { path, source })
        .collect();
    (assets, diagnostics)
}
