//! `hearth build`: build the site into `public/`, replacing it atomically:
//! pages are written into a staging folder as they are rendered. An
//! `--out` that a build must not replace (the site's own folders, a folder
//! of someone else's files) is refused before anything is written.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use hearth::build::{BuildError, build_into};
use hearth::config::{SiteConfig, THEMES_DIR};
use hearth::output::{OutFolderError, check_out_folder};

use super::SiteArgs;
use super::{count, report};

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site [default: <root>/public].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let options = args.site.options();
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    // The theme's folder is named in site.yaml; when that cannot be read,
    // the build fails on it anyway, and all of themes/ is refused still.
    let theme_dir = SiteConfig::load(&options).map_or_else(
        |_| options.root.join(THEMES_DIR),
        |config| config.theme_dir(),
    );
    if let Err(error) = check_out_folder(&options.root, &theme_dir, &out) {
        eprintln!("error: {error}");
        eprintln!("help: {}", error.help());
        eprintln!("nothing was written or deleted");
        return ExitCode::from(2);
    }
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
            // Refused when checked again, just before writing: say why.
            let help = error
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<OutFolderError>())
                .map_or_else(
                    || "check that the folder is writable".to_string(),
                    OutFolderError::help,
                );
            eprintln!("help: {help}; the previous site was left as it was");
            return ExitCode::from(1);
        }
    };
    report(&built.warnings);
    let warnings = built.warnings.warning_count();
    println!(
        "Built {} into {} in {} ms{}",
        built.pages,
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
