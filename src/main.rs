//! The `hearth` command line: parses arguments and hands each command to its
//! module under `cmd/`. Exit codes: 0 success, 1 the site has errors, 2 bad usage.

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser, Subcommand};

/// mimalloc instead of the system allocator: a build allocates and frees
/// millions of small strings on every thread, and the system's allocator
/// spent a seventh of a large build's instructions on it (see README,
/// Speed).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let cli = Cli::try_parse().unwrap_or_else(|error| with_suggestion(error).exit());
    match cli.command {
        Command::Build(args) => cmd::build::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Init(args) => cmd::init::run(&args),
        Command::New(args) => cmd::new::run(&args),
        Command::Serve(args) => cmd::serve::run(&args),
        Command::Completions(args) => cmd::completions::run(&args),
    }
}

/// Adds "a similar argument exists" to an unknown flag that clap found no
/// match for: clap's own threshold misses short flags with two typos
/// (`--ouput` for `--out`), so the command's flags are also compared by
/// edit distance, as Hearth does for keys and links.
fn with_suggestion(mut error: clap::Error) -> clap::Error {
    if error.kind() != ErrorKind::UnknownArgument || error.get(ContextKind::SuggestedArg).is_some()
    {
        return error;
    }
    let Some(ContextValue::String(typed)) = error.get(ContextKind::InvalidArg) else {
        return error;
    };
    let Some(typed) = typed
        .strip_prefix("--")
        .map(|t| t.split('=').next().unwrap_or(t))
    else {
        return error;
    };
    let cli = Cli::command();
    let Some(command) = std::env::args_os()
        .skip(1)
        .find_map(|arg| cli.find_subcommand(arg))
    else {
        return error;
    };
    let flags: Vec<&str> = command
        .get_arguments()
        .filter(|arg| !arg.is_hide_set())
        .filter_map(|arg| arg.get_long())
        .collect();
    if let Some(flag) = hearth::diagnostic::did_you_mean(typed, flags.iter().copied()) {
        let suggestion = format!("--{flag}");
        error.insert(ContextKind::SuggestedArg, ContextValue::String(suggestion));
    }
    error
}
