//! One module per command.

pub mod build;
pub mod check;
pub mod completions;
pub mod init;
pub mod new;
pub mod serve;

use std::io::IsTerminal;

use hearth::config::BuildOptions;
use hearth::diagnostic::Diagnostics;

use crate::RootArg;

/// What every command that builds the site takes: where it is, its
/// address, and whether drafts are in.
#[derive(Debug, Clone, clap::Args)]
pub struct SiteArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// The site's absolute URL, replacing `base_url` from site.yaml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

impl SiteArgs {
    /// The pipeline's options for these arguments.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.root.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            preview: false,
        }
    }
}

/// Prints diagnostics to stderr, with colour only on a terminal.
pub fn report(diagnostics: &Diagnostics) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for diagnostic in diagnostics.iter() {
        eprintln!("{}\n", diagnostic.render(color));
    }
}

/// Prints why `init` or `new` could not write `path`, and what to do:
/// the advice follows what really went wrong, not always permissions.
pub fn report_unwritable(path: &std::path::Path, error: &std::io::Error) {
    use std::io::ErrorKind;
    eprintln!("error: cannot write {}: {error}", path.display());
    let help = match error.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            "check that the folder is writable by you".to_string()
        }
        ErrorKind::AlreadyExists | ErrorKind::NotADirectory => format!(
            "a file stands where a folder is needed, at {} or above it: move it aside, or choose another folder",
            path.display()
        ),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "the disk is full: free some space and run the command again".to_string()
        }
        ErrorKind::InvalidFilename => {
            "the file system does not take that name: choose a shorter or plainer one".to_string()
        }
        _ => "check that the folder exists and is writable, then run the command again".to_string(),
    };
    eprintln!("help: {help}");
}

/// Prints that `init` or `new` found a symbolic link where it would write.
pub fn report_link(link: &std::path::Path) {
    eprintln!(
        "error: {} is a symbolic link; nothing was written",
        link.display()
    );
    eprintln!(
        "help: Hearth writes through no link here, as it could lead outside the site (a cloned site can carry one): replace the link with the real folder or file, or choose another folder"
    );
}

/// `1 error`, `3 warnings`.
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
