//! Search: the site's search index, made by Pagefind in-process from the
//! rendered pages, and written with Pagefind's scripts under
//! [`paths::SEARCH_BUNDLE`]. It follows rendering: the pages worth finding
//! are read back from the output one at a time, in the order of their
//! files, so that the index is the same bytes however the parallel
//! renderer happened to finish them, and `build` still never holds the
//! whole site in memory.
//!
//! What is indexed: articles and other plain pages, comparisons and the
//! referral guidelines, unless their front matter says `search: false`;
//! never lists (home, sections, tags), which only repeat the articles'
//! summaries, nor the 404 page, alias redirects, drafts or the search
//! page. Within a page, the header, footer, booking band, table of
//! contents, "Linked from" and "Read next" are left out, so that a word
//! finds the page it is written in, not every page that links to it.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::link::{LinkedSite, search_enabled};
use crate::output::{Sink, SiteOutput};
use crate::parse::PageKind;
use crate::paths::{self, output_file};

/// Parts of the default theme's pages that are not the page's own text.
/// Pagefind also skips anything marked `data-pagefind-ignore`, which other
/// themes can use.
const NOT_INDEXED: &[&str] = &[
    ".site-header",
    ".site-footer",
    ".booking-band",
    ".skip-link",
    ".toc",
    ".backlinks",
    ".related",
];

/// When the site has search, writes into `sink` the index of the pages
/// worth finding, read back from `sink` where the renderer put them, and
/// Pagefind's scripts. Called after the whole site is rendered.
pub fn write_index(
    config: &SiteConfig,
    site: &LinkedSite,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    if !search_enabled(config, &site.pages) {
        return Ok(());
    }
    let files = index_pages(config, &indexed_pages(config, site), sink).map_err(|why| {
        vec![
            Diagnostic::error("search-index", format!("the search index could not be made: {why}"))
                .help("turn search off with `search: false` in content/site.yaml to build without it, and report this to hearth's maintainers"),
        ]
    })?;
    let mut errors = Vec::new();
    for (path, bytes) in files {
        if let Err(error) = sink.put(path.clone(), bytes) {
            errors.push(Diagnostic::error(
                "unwritable",
                format!("cannot write `{path}`: {error}"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// What `serve` needs to make the search index when it is first asked for:
/// a rebuild after each saved file would otherwise index the whole site
/// again, about 30 seconds of work at 10,000 articles, for a search box
/// the writer may never open.
#[derive(Debug)]
pub struct LazyIndex {
    config: SiteConfig,
    /// The pages to index (output file, address), or `None` when the site
    /// has no search.
    pages: Option<Vec<(String, String)>>,
    files: std::sync::OnceLock<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl LazyIndex {
    /// The index of `site` as rendered, to be made when first needed.
    pub fn new(config: &SiteConfig, site: &LinkedSite) -> LazyIndex {
        LazyIndex {
            config: config.clone(),
            pages: search_enabled(config, &site.pages).then(|| indexed_pages(config, site)),
            files: std::sync::OnceLock::new(),
        }
    }

    /// Whether `key` (an output path) would be one of the index's files.
    pub fn holds(&self, key: &str) -> bool {
        self.pages.is_some() && key.starts_with(paths::SEARCH_BUNDLE.trim_start_matches('/'))
    }

    /// The index file at `key`, made from `output` (the rendered site this
    /// index belongs to) on the first call. A failure to make it leaves
    /// the index empty: the search page then finds nothing, and `build`
    /// reports why.
    pub fn file(&self, key: &str, output: &SiteOutput) -> Option<&Vec<u8>> {
        let pages = self.pages.as_ref()?;
        let files = self.files.get_or_init(|| {
            let sink = ReadOnly(output);
            index_pages(&self.config, pages, &sink)
                .map(|files| files.into_iter().collect())
                .unwrap_or_default()
        });
        files.get(key)
    }
}

/// Rendered files to read the pages to index from.
struct ReadOnly<'a>(&'a SiteOutput);

impl Sink for ReadOnly<'_> {
    fn put(&self, path: String, _: Vec<u8>) -> std::io::Result<()> {
        Err(std::io::Error::other(format!(
            "`{path}`: the served site is read-only"
        )))
    }

    fn get(&self, path: &str) -> std::io::Result<Option<Vec<u8>>> {
        Ok(self.0.files.get(path).cloned())
    }
}

/// The output files of the pages worth finding, each with the address
/// search results link to, sorted by file.
pub fn indexed_pages(config: &SiteConfig, site: &LinkedSite) -> Vec<(String, String)> {
    let pages = site
        .pages
        .iter()
        .filter(|page| page.parsed.kind == PageKind::Page)
        .filter(|page| page.parsed.front.search && !page.hidden)
        .map(|page| page.path.as_str());
    let comparisons = site.comparisons.iter().map(|c| c.path.as_str());
    let referral = site.referral.iter().map(|r| r.path.as_str());
    pages
        .chain(comparisons)
        .chain(referral)
        .filter(|path| *path != paths::SEARCH)
        .map(|path| (output_file(path), config.url(path)))
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_iter()
        .collect()
}

/// The index's files, by output path, or why it could not be made.
type IndexFiles = Result<Vec<(String, Vec<u8>)>, String>;

/// Indexes each of `pages` (output file, address), read back from `sink`
/// in that order, then returns the index and Pagefind's scripts, by
/// output path.
fn index_pages(config: &SiteConfig, pages: &[(String, String)], sink: &dyn Sink) -> IndexFiles {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|error| error.to_string())?;
    let options = PagefindServiceConfig::builder()
        .force_language(config.language.clone())
        .exclude_selectors(NOT_INDEXED.iter().map(|s| s.to_string()).collect())
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|error| error.to_string())?;
    for (file, url) in pages {
        let bytes = sink
            .get(file)
            .map_err(|error| format!("cannot read back `{file}`: {error}"))?;
        // A page the renderer did not write (it failed) is not indexed.
        let Some(bytes) = bytes else { continue };
        let html = String::from_utf8_lossy(&bytes).into_owned();
        runtime
            .block_on(index.add_html_file(None, Some(url.clone()), html))
            .map_err(|error| error.to_string())?;
    }
    let files = runtime
        .block_on(index.get_files())
        .map_err(|error| error.to_string())?;
    let folder = paths::SEARCH_BUNDLE.trim_start_matches('/');
    Ok(files
        .into_iter()
        .map(|file| {
            let name: Vec<String> = file
                .filename
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect();
            (format!("{folder}{}", name.join("/")), file.contents)
        })
        .collect())
}
