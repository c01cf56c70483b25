//! `hearth init [DIR]`: write a new site from the files embedded in the binary.

use std::path::PathBuf;
use std::process::ExitCode;

use hearth::scaffold::{DEFAULT_BASE_URL, InitError, LANGUAGES, default_title, init_site};

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create the site in.
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    /// The site's title (by default "My Coaching Practice", in the language).
    #[arg(long)]
    title: Option<String>,
    /// The site's absolute URL (CI can override it with `build --base-url`).
    #[arg(long, value_name = "URL", default_value = DEFAULT_BASE_URL)]
    base_url: String,
    /// The site's language: its theme's words and its starter pages (de, en, es, fr or nl).
    #[arg(long, value_name = "CODE", default_value = "en", value_parser = clap::builder::PossibleValuesParser::new(LANGUAGES))]
    language: String,
    /// Write into a folder that is not empty, replacing files of the same name.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &InitArgs) -> ExitCode {
    let shown = args.dir.display();
    let title = args
        .title
        .as_deref()
        .unwrap_or_else(|| default_title(&args.language));
    match init_site(&args.dir, title, &args.base_url, &args.language, args.force) {
        Ok(files) => {
            println!("Created a new site in {shown} ({} files).", files.len());
            println!();
            println!("Next steps:");
            if args.dir != std::path::Path::new(".") {
                println!("  cd {shown}");
            }
            println!(
                "  hearth new article \"My first article\"   # a new draft in content/articles/"
            );
            println!("  hearth serve --open                     # preview it while you write");
            println!("  hearth check                            # look for problems");
            println!("  hearth build                            # write the site to public/");
            println!();
            println!("Edit content/site.yaml for the title, address, menu and booking link.");
            ExitCode::SUCCESS
        }
        Err(InitError::NotEmpty(dir)) => {
            eprintln!("error: {} is not empty", dir.display());
            eprintln!(
                "help: choose a new folder (`hearth init mysite`), or pass --force to write the starter site over it (files with the same names are replaced)"
            );
            ExitCode::from(1)
        }
        Err(InitError::BadSettings(message)) => {
            eprintln!("error: {message}");
            eprintln!(
                "help: give a title and an absolute address, like `--title \"Harbor Coaching\" --base-url https://harbor.example`"
            );
            ExitCode::from(2)
        }
        Err(InitError::Link(link)) => {
            super::report_link(&link);
            ExitCode::from(1)
        }
        Err(InitError::Io(path, error)) => {
            super::report_unwritable(&path, &error);
            ExitCode::from(1)
        }
    }
}
