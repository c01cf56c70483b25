//! `hearth new article "Title"` and `hearth new page "Title"`: a new draft
//! with its front matter ready to fill in.

use std::process::ExitCode;

use hearth::config::CONTENT_DIR;
use hearth::scaffold::{NewError, NewKind, new_content};

use crate::RootArg;

/// What to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// A dated article in content/articles/.
    Article,
    /// A page at the top of content/, like content/workshops.md.
    Page,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    kind: Kind,
    /// Its title; the file name is made from it.
    title: String,
    #[command(flatten)]
    root: RootArg,
}

pub fn run(args: &NewArgs) -> ExitCode {
    let root = &args.root.root;
    if !root.join(CONTENT_DIR).is_dir() {
        eprintln!("error: no `{CONTENT_DIR}/` folder in {}", root.display());
        eprintln!(
            "help: run hearth in the site's folder, pass `--root DIR`, or create a site with `hearth init`"
        );
        return ExitCode::from(1);
    }
    let kind = match args.kind {
        Kind::Article => NewKind::Article,
        Kind::Page => NewKind::Page,
    };
    let today = jiff::Zoned::now().date();
    match new_content(root, kind, &args.title, today) {
        Ok(path) => {
            println!("Created {path} (a draft)");
            println!(
                "Preview it with `hearth serve --drafts`; remove `draft: true` to publish it."
            );
            ExitCode::SUCCESS
        }
        Err(NewError::BadTitle(title)) => {
            eprintln!("error: the title `{title}` has no letters or digits to name the file with");
            eprintln!(
                "help: give a title with words in it, like `hearth new article \"Why goals get buried\"`"
            );
            ExitCode::from(2)
        }
        Err(NewError::Exists(path)) => {
            let path = path.strip_prefix(".").unwrap_or(&path);
            eprintln!(
                "error: {} already exists; it was left as it was",
                path.display()
            );
            eprintln!("help: choose another title, or edit the existing file");
            ExitCode::from(1)
        }
        Err(NewError::Link(link)) => {
            super::report_link(link.strip_prefix(".").unwrap_or(&link));
            ExitCode::from(1)
        }
        Err(NewError::Io(path, error)) => {
            super::report_unwritable(&path, &error);
            ExitCode::from(1)
        }
    }
}
