//! Load: walks `content/` and reads every file the build needs, classifying
//! each as markdown, data (YAML) or an asset to copy.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{CONTENT_DIR, SiteConfig};
use crate::diagnostic::Diagnostic;

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

/// Reads `content/`, reporting unreadable and non-UTF-8 files.
pub fn load_content(config: &SiteConfig) -> (LoadedContent, Vec<Diagnostic>) {
    load_content_with(config, &|_| None)
}

/// Like [`load_content`], but takes the text of a markdown or YAML file
/// (by its path relative to `content/`) from `known` when it has it,
/// instead of reading the file: `serve` knows which files did not change
/// since the last rebuild. Symbolic links are always read.
pub fn load_content_with(
    config: &SiteConfig,
    known: &(dyn Fn(&str) -> Option<String> + Sync),
) -> (LoadedContent, Vec<Diagnostic>) {
    let content_dir = config.root.join(CONTENT_DIR);
    let mut found: Vec<(Kind, String, PathBuf, bool)> = Vec::new();
    let mut diagnostics = Vec::new();
    let walker = WalkDir::new(&content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored(entry.file_name().to_string_lossy().as_ref())
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                diagnostics.push(Diagnostic::error(
                    "unreadable",
                    format!("cannot read the content folder: {error}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(relative) = relative_path(&content_dir, entry.path()) else {
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
        found.push((
            kind,
            relative,
            entry.path().to_path_buf(),
            entry.path_is_symlink(),
        ));
    }

    let read: Vec<(Kind, Result<SourceFile, Diagnostic>, String, PathBuf)> = found
        .into_par_iter()
        .map(|(kind, path, source, symlink)| {
            let text = match kind {
                Kind::Asset => Ok(SourceFile {
                    path: path.clone(),
                    text: String::new(),
                }),
                _ => match known(&path).filter(|_| !symlink) {
                    Some(text) => Ok(SourceFile {
                        path: path.clone(),
                        text,
                    }),
                    None => read_text(&source, &path),
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

fn read_text(source: &Path, path: &str) -> Result<SourceFile, Diagnostic> {
    let display = format!("{CONTENT_DIR}/{path}");
    let bytes = std::fs::read(source).map_err(|error| {
        Diagnostic::error("unreadable", format!("cannot read the file: {error}")).in_file(&display)
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

/// Files copied to the site root as they are: the theme's `static/` folder,
/// then the site's own `static/` folder, whose files win.
pub fn load_static_files(config: &SiteConfig) -> Vec<Asset> {
    let mut files: std::collections::BTreeMap<String, PathBuf> = std::collections::BTreeMap::new();
    for dir in [
        config.theme_dir().join("static"),
        config.root.join("static"),
    ] {
        if !dir.is_dir() {
            continue;
        }
        let walker = WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                entry.depth() == 0 || !is_ignored(entry.file_name().to_string_lossy().as_ref())
            });
        for entry in walker.flatten() {
            if entry.file_type().is_file()
                && let Some(relative) = relative_path(&dir, entry.path())
            {
                files.insert(relative, entry.path().to_path_buf());
            }
        }
    }
    files
        .into_iter()
        .map(|(path, source)| Asset { path, source })
        .collect()
}
