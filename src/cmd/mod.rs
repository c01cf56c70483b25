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

/// `1 error`, `3 warnings`.
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
