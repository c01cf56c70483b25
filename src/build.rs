//! The whole pipeline, from a site folder to its output: in memory
//! ([`build_site`], for `serve` and `check`) or written straight to disk
//! ([`build_into`], for `build`).

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use rayon::prelude::*;

use crate::config::{BuildOptions, SiteConfig};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::link::{KeptIndex, LinkedSite, has_address, link_site, link_site_keeping_index};
use crate::lint::{PageLints, apply_levels, lint_site};
use crate::load::Asset;
use crate::load::{SourceFile, load_content, load_content_with, load_static_files};
use crate::output::{CountingSink, DirSink, MemorySink, Sink, SiteOutput, Staging};
use crate::parse::{
    Parsed, ParsedFile, ParsedPages, collect_parsed, parse_data, parse_file, parse_pages,
};
use crate::render::{Bodies, ShareCache, ShareStats, Templates, render_into, render_site_with};
use crate::search;

/// A successful build: the files, and any warnings found on the way.
pub struct Built {
    pub config: SiteConfig,
    pub site: LinkedSite,
    pub output: SiteOutput,
    pub warnings: Diagnostics,
    /// How many share images were drawn, and how many taken from the cache.
    pub share_images: ShareStats,
}

/// Everything one run of the pipeline found, whether or not it succeeded:
/// `check` reports all of it, and can still check a failing site's
/// external links.
pub struct Attempt {
    /// The settings, unless `site.yaml` could not be read.
    pub config: Option<SiteConfig>,
    /// The linked site, whenever the settings could be read.
    pub site: Option<LinkedSite>,
    /// The rendered files, when nothing failed.
    pub output: Option<SiteOutput>,
    /// Every error and warning, errors first.
    pub diagnostics: Diagnostics,
}

/// Runs config -> load -> parse -> link -> lint -> render. On failure,
/// returns every diagnostic found, warnings included.
pub fn build_site(options: &BuildOptions) -> Result<Built, Diagnostics> {
    build_site_with(options, &mut PipelineCache::none())
}

/// Like [`build_site`], but reuses what `cache` kept from the last build
/// of the same site, and keeps what this one made for the next: `serve`
/// re-parses only the markdown files that changed.
pub fn build_site_with(
    options: &BuildOptions,
    cache: &mut PipelineCache,
) -> Result<Built, Diagnostics> {
    let prepared = prepare(options, cache);
    prepared.render_with(&cache.share)
}

/// What one build keeps for the next, so that a rebuild re-parses only the
/// markdown files whose text changed: each file's text and what parsing it
/// gave. Parsing depends on nothing else but the drafts setting, which the
/// cache is keyed on; settings and templates only matter from linking on.
#[derive(Debug, Default)]
pub struct PipelineCache {
    /// Keeps nothing: a one-off build parses every file and keeps no copy.
    off: bool,
    /// Lets go of each page's body text once it is parsed and its text
    /// checked (see [`crate::parse::ParsedPage::release_body_text`]): for `build`, which
    /// renders each page once from its prerendered body.
    release_bodies: bool,
    /// Whether drafts were kept when `parsed` was made.
    drafts: bool,
    /// Markdown path (relative to `content/`) -> its text and its parse.
    parsed: HashMap<String, (String, ParsedFile)>,
    /// The markdown files the last build parsed afresh, in path order.
    fresh: Vec<String>,
    /// For the next build only: the paths (relative to `content/`) of the
    /// files and folders that changed; every other markdown file kept here
    /// is unchanged, and its text is taken from here instead of read.
    changed: Option<Vec<String>>,
    /// The share images of the last build, so that only changed ones are
    /// drawn again.
    share: ShareCache,
}

impl PipelineCache {
    /// A cache that keeps nothing, for `build` and `check`, which run once:
    /// keeping a copy of every file's text and parse would only cost time
    /// and memory.
    pub fn none() -> PipelineCache {
        PipelineCache {
            off: true,
            share: ShareCache::none(),
            ..PipelineCache::default()
        }
    }

    /// [`PipelineCache::none`], letting go of each page's body text as soon
    /// as the page is parsed and the lint checks that read it have run
    /// ([`PageLints`]): for `build` and `check`, so that a large site's
    /// texts are not all held while it is linked and rendered. A page
    /// rendered from its text (images, embedded blocks, footnotes) keeps it.
    pub fn releasing_bodies() -> PipelineCache {
        PipelineCache {
            release_bodies: true,
            ..PipelineCache::none()
        }
    }

    /// The share images kept from the last build (see [`ShareCache`]).
    pub fn share(&self) -> &ShareCache {
        &self.share
    }

    /// Tells the next build that of the markdown files it keeps, only the
    /// ones at or under `changed` (paths relative to `content/`; `""` for
    /// all of it) may differ from the last build's: the others need not be
    /// read again. `serve` knows this from the watcher.
    /// Changes told before a build that did not get as far as reading
    /// `content/` count for the next one too.
    pub fn unchanged_except(&mut self, changed: Vec<String>) {
        match &mut self.changed {
            Some(pending) => pending.extend(changed),
            None => self.changed = Some(changed),
        }
    }

    /// Tells the next build to read every file, as when changes were lost.
    pub fn everything_changed(&mut self) {
        self.changed = Some(vec![String::new()]);
    }

    /// The kept text of the markdown file at `path`, when the file is known
    /// not to have changed (see [`PipelineCache::unchanged_except`]).
    fn known_text(&self, changed: &[String], path: &str) -> Option<String> {
        let touched = changed.iter().any(|changed| {
            changed.is_empty()
                || path == changed
                || path
                    .strip_prefix(changed.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        });
        if touched {
            return None;
        }
        self.parsed.get(path).map(|(text, _)| text.clone())
    }

    /// The markdown files (relative to `content/`) that the last build
    /// parsed rather than took from the cache, in path order: the files
    /// that changed, or every file on a first build.
    pub fn parsed_afresh(&self) -> &[String] {
        &self.fresh
    }

    /// Parses the markdown files, reusing the parse of each file whose text
    /// is the same as last time, and keeps every parse for the next build.
    fn parse(
        &mut self,
        files: Vec<SourceFile>,
        config: &SiteConfig,
    ) -> (ParsedPages, Vec<Diagnostic>) {
        let drafts = config.drafts;
        if self.release_bodies {
            return parse_releasing_bodies(files, config);
        }
        if self.off {
            return parse_pages(files, drafts);
        }
        if self.drafts != drafts {
            self.parsed.clear();
            self.drafts = drafts;
        }
        let old = std::mem::take(&mut self.parsed);
        // Each file's parse, and a copy to keep: cloned from the cache, or
        // parsed afresh; in parallel either way.
        let results: Vec<(String, String, ParsedFile, Option<ParsedFile>)> = files
            .into_par_iter()
            .map(|file| match old.get(&file.path) {
                Some((text, parsed)) if *text == file.text => {
                    (file.path, file.text, parsed.clone(), None)
                }
                _ => {
                    let (path, text) = (file.path.clone(), file.text.clone());
                    let parsed = parse_file(file, drafts);
                    let kept = parsed.clone();
                    (path, text, parsed, Some(kept))
                }
            })
            .collect();
        let mut old = old;
        self.fresh.clear();
        let mut parsed = Vec::with_capacity(results.len());
        for (path, text, result, kept) in results {
            let entry = match kept {
                Some(kept) => {
                    self.fresh.push(path.clone());
                    (text, kept)
                }
                None => match old.remove(&path) {
                    Some(entry) => entry,
                    // Cannot happen: the file was found in the cache above.
                    None => (text, result.clone()),
                },
            };
            self.parsed.insert(path, entry);
            parsed.push(result);
        }
        // The cache of thousands of pages is freed in parallel too.
        old.into_par_iter().for_each(drop);
        collect_parsed(parsed)
    }
}

/// The successful result of a pipeline run, or every diagnostic.
fn into_built(attempt: Attempt, share_images: ShareStats) -> Result<Built, Diagnostics> {
    let Attempt {
        config,
        site,
        output,
        diagnostics,
    } = attempt;
    match (config, site, output) {
        (Some(config), Some(site), Some(output)) if !diagnostics.has_errors() => Ok(Built {
            config,
            site,
            output,
            warnings: diagnostics,
            share_images,
        }),
        _ => Err(diagnostics),
    }
}

/// A successful [`build_into`]: the files are in place.
pub struct Streamed {
    pub config: SiteConfig,
    pub warnings: Diagnostics,
    /// How many files were written.
    pub files: usize,
    /// The pages among them.
    pub pages: PageCount,
    /// How many share images were drawn, and how many copied from the
    /// previous output folder because they show the same.
    pub share_images: ShareStats,
}

/// How many pages a site has, told the same way by `build`, `check` and
/// `serve`: the pages of the coach's own files (markdown pages,
/// comparisons, the referral guidelines), and the pages Hearth makes for
/// them (tag pages, the lists of tags and comparisons, the 404 page).
/// Alias redirects are not pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageCount {
    /// One per content file that becomes a page.
    pub pages: usize,
    /// Made by Hearth: tag pages, lists, the 404 page.
    pub generated: usize,
}

impl PageCount {
    /// The pages of `site`, for which `html_files` HTML files were written.
    pub fn new(site: &LinkedSite, html_files: usize) -> PageCount {
        let pages =
            site.pages.len() + site.comparisons.len() + usize::from(site.referral.is_some());
        PageCount {
            pages,
            generated: html_files.saturating_sub(pages + site.aliases.len()),
        }
    }

    /// The pages of `site` rendered into `output`.
    pub fn of_output(site: &LinkedSite, output: &SiteOutput) -> PageCount {
        let html = output.files.keys().filter(|path| path.ends_with(".html"));
        PageCount::new(site, html.count())
    }
}

/// `6 pages and 4 generated pages`, `1 page`.
impl fmt::Display for PageCount {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        let plural = |n: usize, what: &str| {
            if n == 1 {
                format!("1 {what}")
            } else {
                format!("{n} {what}s")
            }
        };
        formatter.write_str(&plural(self.pages, "page"))?;
        if self.generated > 0 {
            write!(
                formatter,
                " and {}",
                plural(self.generated, "generated page")
            )?;
        }
        Ok(())
    }
}

/// Why [`build_into`] wrote nothing.
#[derive(Debug)]
pub enum BuildError {
    /// The site has errors (every diagnostic found, warnings included).
    Site(Diagnostics),
    /// The output folder could not be written.
    Write(std::io::Error),
}

/// Runs the pipeline like [`build_site`], but renders and writes each page
/// straight into a staging folder beside `out`, in parallel, instead of
/// holding the site in memory; the folder replaces `out` only once the
/// whole site is written. On any error, `out` is left as it was.
pub fn build_into(options: &BuildOptions, out: &Path) -> Result<Streamed, BuildError> {
    let Prepared {
        config,
        site,
        templates,
        static_files,
        mut diagnostics,
        ..
    } = prepare_releasing_bodies(options);
    let (Some(config), Some(site), Some(templates)) = (config, site, templates) else {
        diagnostics.sort();
        return Err(BuildError::Site(diagnostics));
    };
    if diagnostics.has_errors() {
        // Rendered in memory only to find template errors too.
        if let Err(errors) = render_site_with(
            &config,
            &site,
            &templates,
            &static_files,
            &ShareCache::checking(),
        ) {
            diagnostics.extend(errors);
        }
        diagnostics.sort();
        return Err(BuildError::Site(diagnostics));
    }
    // Checked again here, right before the folder is made beside it: the
    // command line checks first, so as to waste no build, but a caller of
    // this function may not have.
    crate::output::check_out_folder(&config.root, &config.theme_dir(), out)
        .map_err(|error| BuildError::Write(std::io::Error::other(error)))?;
    let staging = Staging::new(out).map_err(BuildError::Write)?;
    let sink = DirSink::new(staging.dir());
    let share = ShareCache::previous_output(out);
    let rendered = render_into(
        &config,
        &site,
        &templates,
        &static_files,
        &sink,
        &share,
        Bodies::Free,
    )
    .and_then(|()| search::write_index(&config, &site, &sink));
    if let Err(errors) = rendered {
        diagnostics.extend(errors);
        diagnostics.sort();
        return Err(BuildError::Site(diagnostics));
    }
    let (files, pages) = (sink.file_count(), PageCount::new(&site, sink.page_count()));
    drop(sink);
    // Deleting the old site (in `commit`) is the system's work, on one core;
    // freeing thousands of pages, in parallel, and sorting the warnings go
    // on beside it.
    let (committed, ()) = rayon::join(
        move || staging.commit(),
        || {
            site.pages.into_par_iter().for_each(drop);
            diagnostics.sort();
        },
    );
    committed.map_err(BuildError::Write)?;
    Ok(Streamed {
        config,
        warnings: diagnostics,
        files,
        pages,
        share_images: share.stats(),
    })
}

/// Parses the markdown files as [`parse_pages`] does, and lets go of the
/// body text of each page that renders without it, once the lint checks
/// that read the text have run on it: see [`PipelineCache::releasing_bodies`].
/// What is found on a page the link stage will leave out (no address) is
/// not reported, as it would not be with every text kept.
fn parse_releasing_bodies(
    files: Vec<SourceFile>,
    config: &SiteConfig,
) -> (ParsedPages, Vec<Diagnostic>) {
    let lints = PageLints::new();
    let parsed: Vec<ParsedFile> = files
        .into_par_iter()
        .map(|file| {
            let (mut parsed, mut diagnostics) = parse_file(file, config.drafts);
            if let Parsed::Page(page) = &mut parsed
                && let Some(page) = std::sync::Arc::get_mut(page)
                && page.renders_without_text()
            {
                let found = lints.check(config, page);
                // Where it is placed is worked out again only for a page
                // with findings (few, on a site worth building).
                if !found.is_empty() && has_address(page) {
                    diagnostics.extend(found);
                }
                page.release_body_text();
            }
            (parsed, diagnostics)
        })
        .collect();
    collect_parsed(parsed)
}

/// What the stages before rendering produced: `serve` renders the edited
/// pages from it first, then the whole site.
pub struct Prepared {
    /// The settings, unless `site.yaml` could not be read.
    pub config: Option<SiteConfig>,
    /// The linked site, whenever the settings could be read.
    pub site: Option<LinkedSite>,
    /// The templates, when they loaded.
    pub templates: Option<Templates>,
    /// The theme's and the site's static files.
    pub static_files: Vec<Asset>,
    /// Every error and warning so far, unsorted.
    pub diagnostics: Diagnostics,
    /// The lookup tables links were resolved against, when `serve` keeps
    /// them to link an edited page again on its own.
    pub kept_index: Option<KeptIndex>,
}

impl Prepared {
    /// Adds the lint checks' warnings for the linked site, if there is one.
    pub fn lint(&mut self) {
        if let (Some(config), Some(site)) = (&self.config, &self.site) {
            self.diagnostics.extend(lint_site(config, site));
            // Levels from `lints:` apply to lint codes found in any stage.
            let all = std::mem::take(&mut self.diagnostics);
            self.diagnostics
                .extend(apply_levels(config, all.into_iter().collect()));
        }
    }

    /// Renders the whole site, like [`build_site`] after the same stages.
    pub fn render(self) -> Result<Built, Diagnostics> {
        self.render_with(&ShareCache::none())
    }

    /// [`Prepared::render`], taking unchanged share images from `share`.
    pub fn render_with(self, share: &ShareCache) -> Result<Built, Diagnostics> {
        let (attempt, _) = render_prepared(self, share, SearchIndex::Made);
        into_built(attempt, share.stats())
    }

    /// [`Prepared::render_with`] without the search index, which `serve`
    /// makes only when it is asked for (see [`search::LazyIndex`]); also
    /// gives back the templates, which `serve` keeps to render an edited
    /// page with before the next whole rebuild.
    pub fn render_without_index(
        self,
        share: &ShareCache,
    ) -> (Result<Built, Diagnostics>, Option<Templates>) {
        let (attempt, templates) = render_prepared(self, share, SearchIndex::Left);
        (into_built(attempt, share.stats()), templates)
    }
}

/// Runs config -> load -> parse -> link -> lint, keeping every diagnostic;
/// parses through `cache`.
pub fn prepare(options: &BuildOptions, cache: &mut PipelineCache) -> Prepared {
    let mut prepared = prepare_unlinted(options, cache);
    prepared.lint();
    prepared
}

/// [`prepare`] as `build` and `check` run it: each page's body text is let
/// go of once it is parsed and linted ([`PipelineCache::releasing_bodies`]).
pub fn prepare_releasing_bodies(options: &BuildOptions) -> Prepared {
    prepare(options, &mut PipelineCache::releasing_bodies())
}

/// [`prepare`] without the lint checks: `serve` serves the edited pages
/// first and runs [`Prepared::lint`] after, as lint finds only warnings.
pub fn prepare_unlinted(options: &BuildOptions, cache: &mut PipelineCache) -> Prepared {
    let mut diagnostics = Diagnostics::new();
    let config = match SiteConfig::load(options) {
        Ok(config) => config,
        Err(errors) => {
            diagnostics.extend(errors);
            return Prepared {
                config: None,
                site: None,
                templates: None,
                static_files: Vec::new(),
                diagnostics,
                kept_index: None,
            };
        }
    };
    let templates = Templates::load(&config);
    let (content, load_errors) = match cache.changed.take() {
        Some(changed) => load_content_with(&config, &|path| cache.known_text(&changed, path)),
        None => load_content(&config),
    };
    diagnostics.extend(load_errors);
    let (static_files, static_problems) = load_static_files(&config);
    diagnostics.extend(static_problems);
    let (pages, parse_errors) = cache.parse(content.markdown, &config);
    diagnostics.extend(parse_errors);
    let (data, data_errors) = parse_data(&content.data);
    diagnostics.extend(data_errors);
    let (site, link_errors, kept_index) = if cache.off {
        let (site, errors) = link_site(&config, pages, data, content.assets, &static_files);
        (site, errors, None)
    } else {
        let (site, errors, kept) =
            link_site_keeping_index(&config, pages, data, content.assets, &static_files);
        (site, errors, Some(kept))
    };
    diagnostics.extend(link_errors);
    let templates = match templates {
        Ok(mut templates) => {
            diagnostics.extend(templates.take_warnings());
            Some(templates)
        }
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    Prepared {
        config: Some(config),
        site: Some(site),
        templates,
        static_files,
        diagnostics,
        kept_index,
    }
}

/// Runs the whole pipeline in memory and keeps what each stage produced: a
/// stage's errors do not hide a later stage's when that stage can still run.
/// Share images are checked (pictures read and decoded, card templates
/// rendered), not drawn, and no search index is made: `check` writes
/// nothing, and at 10,000 articles the index alone took longer than the
/// rest of the check.
pub fn run_pipeline(options: &BuildOptions) -> Attempt {
    render_prepared(
        prepare(options, &mut PipelineCache::none()),
        &ShareCache::checking(),
        SearchIndex::Left,
    )
    .0
}

/// [`run_pipeline`] for `hearth check`, which only counts the pages: they
/// are rendered for their errors and dropped, and each page's text and
/// prerendered body are let go of as `build` lets go of them, so that
/// checking a large site holds no copy of it. The count is there when
/// nothing failed, as [`Attempt::output`] would be.
pub fn check_pipeline(options: &BuildOptions) -> (Attempt, Option<PageCount>) {
    let (attempt, sink, _) = render_prepared_into(
        prepare_releasing_bodies(options),
        &ShareCache::checking(),
        SearchIndex::Left,
        CountingSink::default(),
        Bodies::Free,
    );
    let pages = match (&attempt.site, sink) {
        (Some(site), Some(sink)) => Some(PageCount::new(site, sink.page_count())),
        _ => None,
    };
    (attempt, pages)
}

/// Whether a run of the pipeline makes the search index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SearchIndex {
    Made,
    Left,
}

/// Renders what [`prepare`] made, when nothing failed so far; gives back the
/// templates too.
fn render_prepared(
    prepared: Prepared,
    share: &ShareCache,
    index: SearchIndex,
) -> (Attempt, Option<Templates>) {
    let (mut attempt, sink, templates) =
        render_prepared_into(prepared, share, index, MemorySink::default(), Bodies::Keep);
    attempt.output = sink.map(MemorySink::into_output);
    (attempt, templates)
}

/// Renders what [`prepare`] made into `sink`, even when an earlier stage
/// failed (for the template errors); gives back the sink when the whole
/// site rendered without errors, and the templates. The attempt's output
/// is left for the caller to take from the sink.
fn render_prepared_into<S: Sink>(
    prepared: Prepared,
    share: &ShareCache,
    index: SearchIndex,
    sink: S,
    bodies: Bodies,
) -> (Attempt, Option<S>, Option<Templates>) {
    let Prepared {
        config,
        site,
        templates,
        static_files,
        mut diagnostics,
        kept_index,
    } = prepared;
    // Large on a large site, and not needed to render: freed meanwhile.
    rayon::spawn(move || drop(kept_index));
    let mut rendered_sink = None;
    // The site is rendered even when an earlier stage failed, so that
    // template errors show together with link errors, not after them.
    if let (Some(config), Some(site), Some(templates)) = (&config, &site, &templates) {
        let failed = diagnostics.has_errors();
        // A failed site's pages are rendered for their errors only, and a
        // check's are written nowhere: no index for either.
        let rendered = render_into(config, site, templates, &static_files, &sink, share, bodies)
            .and_then(|()| {
                if failed || share.is_checking() || index == SearchIndex::Left {
                    Ok(())
                } else {
                    search::write_index(config, site, &sink)
                }
            });
        match rendered {
            Ok(()) if !failed => rendered_sink = Some(sink),
            Ok(()) => {}
            Err(errors) => diagnostics.extend(errors),
        }
    }
    diagnostics.sort();
    let attempt = Attempt {
        config,
        site,
        output: None,
        diagnostics,
    };
    (attempt, rendered_sink, templates)
}
