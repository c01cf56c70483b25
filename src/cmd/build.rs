//! `hearth build`: build the site into `public/`, replacing it atomically:
//! pages are written into a staging folder as they are rendered.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use hearth::build::{BuildError, build_into};
use hearth::config::BuildOptions;

use super::{count, report};
use crate::RootArg;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    root: RootArg,
    /// Where to write the site [default: <root>/public].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The site's absolute URL, replacing `base_url` from site.yaml.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

pub fn run(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let options = BuildOptions {
        root: args.root.root.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.root.root.join("public"));
    let built = match build_into(&options, &out) {
        Ok(built) => built,
        Err(BuildError::Site(diagnostics)) => {
            report(&diagnostics);
            let kept = if out.exists() {
                format!("{} was left as it was", out.display())
            } else {
                "nothing was written".to_string()
            };
            eprintln!(
                "error: the build failed with {}; {kept}",
                count(diagnostics.error_count(), "error")
            );
            return ExitCode::from(1);
        }
        Err(BuildError::Write(error)) => {
            eprintln!("error: cannot write the site to {}: {error}", out.display());
            eprintln!(
                "help: check that the folder is writable; the previous site was left as it was"
            );
            return ExitCode::from(1);
        }
    };
    report(&built.warnings);
    let warnings = built.warnings.warning_count();
    println!(
        "Built {} into {} in {} ms{}",
        count(built.pages, "page"),
        out.display(),
        started.elapsed().as_millis(),
        if warnings > 0 {
            format!(" ({})", count(warnings, "warning"))
        } else {
            String::new()
        }
    );
    ExitCode::SUCCESS
}
