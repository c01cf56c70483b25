//! The floor: the least a static site generator can do with the corpus.
//! Read every markdown file, drop its front matter, render the body with
//! pulldown-cmark (the same extensions Hearth enables, GFM tables included)
//! in parallel with rayon, and write one `index.html` per page. No
//! templates, no links, no lists, no feed.

use std::io;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

/// Renders every `.md` file under `content` into `out/<stem>/index.html`.
pub fn run(content: &Path, out: &Path) -> io::Result<usize> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS;
    files.par_iter().try_for_each(|path| {
        let text = std::fs::read_to_string(path)?;
        let body = strip_front_matter(&text);
        let mut html_out = String::with_capacity(body.len() * 3 / 2);
        html::push_html(&mut html_out, Parser::new_ext(body, options));
        let relative = path.strip_prefix(content).unwrap_or(path);
        let dir = out.join(relative.with_extension(""));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("index.html"), html_out)
    })?;
    Ok(files.len())
}

fn strip_front_matter(text: &str) -> &str {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
        .unwrap_or(text)
}
