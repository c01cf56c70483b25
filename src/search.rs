//! Search: the site's search index, made by Pagefind in-process from the
//! rendered pages, and written with Pagefind's scripts under
//! [`paths::SEARCH_BUNDLE`]. It wraps rendering: each page worth finding
//! is handed to the indexer as the renderer hands it to the output, and
//! indexed on a thread of its own while the other pages render, so that
//! `build` still never holds the whole site in memory.
//!
//! What is indexed: articles and other plain pages, comparisons and the
//! referral guidelines, unless their front matter says `search: false`;
//! never lists (home, sections, tags), which only repeat the articles'
//! summaries, nor the 404 page, alias redirects, drafts or the search
//! page. Within a page, the header, footer, booking band, table of
//! contents, "Linked from" and "Read next" are left out, so that a word
//! finds the page it is written in, not every page that links to it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::link::{LinkedSite, search_enabled};
use crate::load::Asset;
use crate::output::{MemorySink, Sink, SiteOutput};
use crate::parse::PageKind;
use crate::paths::{self, output_file};
use crate::render::{ShareCache, Templates, render_into as render_pages_into};

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

/// Pages waiting for the indexer: enough to keep it busy, few enough that
/// a large site's pages are not all held at once.
const QUEUE: usize = 64;

/// Renders the whole site into memory, with the search index when the
/// site has search, like [`crate::render::render_site_with`].
pub fn render_site(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
    static_files: &[Asset],
    share: &ShareCache,
) -> Result<SiteOutput, Vec<Diagnostic>> {
    let sink = MemorySink::default();
    render_into(config, site, templates, static_files, &sink, share)?;
    Ok(sink.into_output())
}

/// Renders the whole site into `sink` like [`crate::render::render_into`],
/// then, when the site has search, writes the index of the pages worth
/// finding and Pagefind's scripts into it.
pub fn render_into(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
    static_files: &[Asset],
    sink: &dyn Sink,
    share: &ShareCache,
) -> Result<(), Vec<Diagnostic>> {
    if !search_enabled(config, &site.pages) {
        return render_pages_into(config, site, templates, static_files, sink, share);
    }
    let indexer = Indexer::start(config, site, sink);
    let rendered = render_pages_into(config, site, templates, static_files, &indexer, share);
    let files = indexer.finish();
    rendered?;
    let files = files.map_err(|error| vec![error])?;
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

/// The output files of the pages worth finding, each with the address
/// search results link to.
pub fn indexed_pages(config: &SiteConfig, site: &LinkedSite) -> HashMap<String, String> {
    let pages = site
        .pages
        .iter()
        .filter(|page| page.parsed.kind == PageKind::Page)
        .filter(|page| page.parsed.front.search && !page.parsed.front.draft)
        .map(|page| page.path.as_str());
    let comparisons = site.comparisons.iter().map(|c| c.path.as_str());
    let referral = site.referral.iter().map(|r| r.path.as_str());
    pages
        .chain(comparisons)
        .chain(referral)
        .filter(|path| *path != paths::SEARCH)
        .map(|path| (output_file(path), config.url(path)))
        .collect()
}

/// The index's files, by output path, or why it could not be made.
type IndexFiles = Result<Vec<(String, Vec<u8>)>, String>;

/// A sink that passes every file on, and the pages worth finding to the
/// indexing thread too.
struct Indexer<'a> {
    inner: &'a dyn Sink,
    /// Output file -> the address its search results link to.
    wanted: HashMap<String, String>,
    /// Taken (and so closed) by [`Indexer::finish`].
    queue: Mutex<Option<SyncSender<(String, String)>>>,
    worker: JoinHandle<IndexFiles>,
}

impl<'a> Indexer<'a> {
    fn start(config: &SiteConfig, site: &LinkedSite, inner: &'a dyn Sink) -> Indexer<'a> {
        let (sender, receiver) = sync_channel(QUEUE);
        let language = config.language.clone();
        let worker = std::thread::spawn(move || index_pages(&language, &receiver));
        Indexer {
            inner,
            wanted: indexed_pages(config, site),
            queue: Mutex::new(Some(sender)),
            worker,
        }
    }

    /// Waits for the index: its files by output path, or why it failed.
    fn finish(self) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        drop(lock(&self.queue).take());
        let failed = |why: String| {
            Diagnostic::error("search-index", format!("the search index could not be made: {why}"))
                .help("turn search off with `search: false` in content/site.yaml to build without it, and report this to hearth's maintainers")
        };
        match self.worker.join() {
            Ok(Ok(files)) => Ok(files),
            Ok(Err(why)) => Err(failed(why)),
            Err(_) => Err(failed("the indexer stopped unexpectedly".to_string())),
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Sink for Indexer<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) -> std::io::Result<()> {
        if let Some(url) = self.wanted.get(&path) {
            let html = String::from_utf8_lossy(&bytes).into_owned();
            let sender = lock(&self.queue).clone();
            // The indexer only stops early on an error, which `finish` tells.
            if let Some(sender) = sender {
                let _ = sender.send((url.clone(), html));
            }
        }
        self.inner.put(path, bytes)
    }
}

/// The indexing thread: indexes each page it is sent until the queue
/// closes, then returns the index and Pagefind's scripts, by output path.
fn index_pages(language: &str, pages: &Receiver<(String, String)>) -> IndexFiles {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|error| error.to_string())?;
    let options = PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .exclude_selectors(NOT_INDEXED.iter().map(|s| s.to_string()).collect())
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|error| error.to_string())?;
    // Every page is read, even after an error, so the renderer never waits.
    let mut first_error = None;
    while let Ok((url, html)) = pages.recv() {
        if first_error.is_none()
            && let Err(error) = runtime.block_on(index.add_html_file(None, Some(url), html))
        {
            first_error = Some(error.to_string());
        }
    }
    if let Some(error) = first_error {
        return Err(error);
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
