//! The `hearth` command line: parses arguments and hands each command to its
//! module under `cmd/`. Exit codes: 0 success, 1 the site has errors, 2 bad usage.

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Hearth builds fast, accessible websites for coaching practices.
#[derive(Debug, Parser)]
#[command(name = "hearth", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site from content/ into public/.
    Build(cmd::build::BuildArgs),
    /// Check the site for errors and warnings without writing anything.
    Check(cmd::check::CheckArgs),
    /// Create a new site: starter content and the default theme.
    Init(cmd::init::InitArgs),
    /// Create a new draft article or page.
    New(cmd::new::NewArgs),
    /// Preview the site on this computer, rebuilding and reloading as you edit.
    Serve(cmd::serve::ServeArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(cmd::completions::CompletionsArgs),
}

/// Where the site lives: shared by every command that reads a site.
#[derive(Debug, Clone, clap::Args)]
pub struct RootArg {
    /// The site's folder (the one holding content/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => cmd::build::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Init(args) => cmd::init::run(&args),
        Command::New(args) => cmd::new::run(&args),
        Command::Serve(args) => cmd::serve::run(&args),
        Command::Completions(args) => cmd::completions::run(&args),
    }
}
