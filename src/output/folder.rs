//! Which folder `hearth build` may replace: never the site, its sources or a folder of someone else's files; only one that carries Hearth's marker.

use super::*;

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
    /// `out` is named inside the site's folder but is, or is reached
    /// through, a symbolic link to `target` outside it: a link anyone can
    /// commit, so it is not followed.
    LinkedOutside { out: PathBuf, target: PathBuf },
    /// `out` is reached through a symbolic link that leads it into a hidden
    /// folder of the site, `target` (`public -> .git/refs/tags`): a build
    /// would write into `.git/`.
    LinkedHidden { out: PathBuf, target: PathBuf },
    /// `out` is a file or a link to nothing, not a folder.
    NotAFolder { out: PathBuf },
    /// A folder above `out` is a symbolic link to nothing, so the folders
    /// below it cannot be made.
    BrokenLinkAbove {
        out: PathBuf,
        link: PathBuf,
        /// Where the link leads, as it is written.
        target: PathBuf,
    },
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
            OutFolderError::SiteRoot { .. } | OutFolderError::SiteFolder { .. } => "choose a folder outside the site's content/, themes/, templates/, static/, .git/ and .hearth/, such as public/ in the site's folder (what a build uses when --out is left out)".to_string(),
            OutFolderError::LinkedOutside { target, .. } => format!(
                "remove the link (a build makes the folder itself), or name the folder it leads to with --out {} if you mean to build there",
                target.display()
            ),
            OutFolderError::LinkedHidden { .. } => "remove the link (a build makes the folder itself), or choose another --out".to_string(),
            OutFolderError::NotAFolder { .. } => "choose a new folder, or an empty one".to_string(),
            OutFolderError::BrokenLinkAbove { link, .. } => format!(
                "remove the link {} or make the folder it leads to, or choose another --out",
                link.display()
            ),
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
            OutFolderError::LinkedOutside { out, target } => write!(
                f,
                "--out {} is inside the site's folder, but a symbolic link on the way leads it to {}, outside the site: Hearth builds outside the site only where --out names that place itself",
                out.display(),
                target.display()
            ),
            OutFolderError::LinkedHidden { out, target } => write!(
                f,
                "--out {} is reached through a symbolic link that leads it to {}, inside a hidden folder of the site (such as .git/), which is never built into through a link",
                out.display(),
                target.display()
            ),
            OutFolderError::NotAFolder { out } => {
                write!(
                    f,
                    "--out {} is a file or a broken link, not a folder",
                    out.display()
                )
            }
            OutFolderError::BrokenLinkAbove { out, link, target } => write!(
                f,
                "--out {} lies under {}, a symbolic link to {}, which does not exist",
                out.display(),
                link.display(),
                target.display()
            ),
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
/// `theme_dir`), `templates/`, `static/`, `.git/` or `.hearth/`, one
/// that a link leads into a hidden folder of the site, a file, and a folder with
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
    let named = lexical(out).map_err(unreadable)?;
    let named_root = lexical(root).map_err(unreadable)?;
    let named_inside = named.starts_with(&named_root);
    let root = canonical(root).map_err(unreadable)?;
    if named_inside && !resolved.starts_with(&root) {
        return Err(OutFolderError::LinkedOutside {
            out: out.to_path_buf(),
            target: resolved,
        });
    }
    // A hidden folder reached through a link: where it leads inside the
    // site is not where its name says.
    let within = resolved.strip_prefix(&root).ok();
    let hidden = within.is_some_and(|within| {
        within
            .components()
            .any(|part| crate::files::is_hidden(part.as_os_str()))
    });
    if named_inside && hidden && within != named.strip_prefix(&named_root).ok() {
        return Err(OutFolderError::LinkedHidden {
            out: out.to_path_buf(),
            target: resolved,
        });
    }
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
    // Git's folder and Hearth's own cache, named directly: never an output.
    for folder in [
        crate::config::SITE_TEMPLATES_DIR,
        "static",
        ".git",
        ".hearth",
    ] {
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
    if let Some((link, target)) = broken_link_above(out) {
        return Err(OutFolderError::BrokenLinkAbove {
            out: out.to_path_buf(),
            link,
            target,
        });
    }
    check_replaceable(out, &resolved)?;
    Ok(resolved)
}

/// Checks that the folder at `resolved` (which the user calls `out`) is
/// Hearth's to replace: missing, empty, marked, or built by Hearth 0.1.0.
pub(super) fn check_replaceable(out: &Path, resolved: &Path) -> Result<(), OutFolderError> {
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
pub(super) fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// True when `dir` holds a site built by Hearth 0.1.0, which wrote no
/// marker: `index.html` and `sitemap.xml` at its top, and an `atom.xml`
/// whose head names Hearth as its generator (written by Hearth's code, not
/// by a theme, and by no other generator).
pub(super) fn looks_like_hearth_output(dir: &Path) -> bool {
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

/// The nearest folder above `path` that is a symbolic link to nothing, and
/// where it leads: [`canonical`] takes such a link for a folder still to
/// be made, and making it would fail with a bare "File exists".
fn broken_link_above(path: &Path) -> Option<(PathBuf, PathBuf)> {
    path.ancestors()
        .skip(1)
        .filter(|above| !above.as_os_str().is_empty())
        .find(|above| {
            std::fs::symlink_metadata(above).is_ok_and(|m| m.file_type().is_symlink())
                && std::fs::metadata(above)
                    .is_err_and(|error| error.kind() == io::ErrorKind::NotFound)
        })
        .and_then(|link| Some((link.to_path_buf(), std::fs::read_link(link).ok()?)))
}

/// `path` made absolute, with `.` and `..` worked out by name alone, no
/// link followed: where the path says it is, to compare with where it
/// leads.
fn lexical(path: &Path) -> io::Result<PathBuf> {
    let mut named = PathBuf::new();
    for part in std::path::absolute(path)?.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                named.pop();
            }
            other => named.push(other),
        }
    }
    Ok(named)
}

/// `path` made absolute, with links, `.` and `..` resolved, even when its
/// last parts do not exist yet: the nearest folder above it that exists is
/// resolved by the system, and the rest added to it (a part that does not
/// exist is no link, except a link to nothing, which is taken as a folder
/// still to be made: `check_out_folder` refuses an `out` below one).
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
