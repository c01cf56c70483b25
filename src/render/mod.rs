//! Render: markdown bodies to HTML, pages through the theme's Tera templates
//! (in parallel), plus the feed, sitemap, robots.txt, 404 page, redirects,
//! and the static files and assets, into an in-memory [`SiteOutput`].

mod blocks;
mod checks;
mod feeds;
mod glossary;
mod hosts;
mod pages;
mod photos;
mod practice;
mod search_page;
mod share;
mod structured;
mod templates;
mod values;

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::link::{
    self, CellLinks, LinkedSite, RESOURCES_ANCHOR, ResolvedEmbed, ResolvedLink, SiteComparison,
    SitePage, SiteReferral, TagGroup, Target, tag_path,
};
use crate::load::Asset;
use crate::markdown;
use crate::output::{MemorySink, Sink, SiteOutput};
use crate::parse::comparison::Cell;
use crate::parse::{Comparison, Level};
use crate::parse::{Heading, PageDate, PageKind};
use crate::paths::{self, output_file};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

pub use share::{FONT_FAMILY, KEY_CHUNK, ShareCache, ShareStats, key_of as share_key};
pub use templates::Templates;

use checks::*;
use pages::*;
use values::*;

/// Words read per minute, for reading time.
const WORDS_PER_MINUTE: usize = 220;
/// The partial that renders a comparison table, for pages and embeds alike.
const TABLE_PARTIAL: &str = "partials/comparison.html";
/// The partial of the short referral callout embedded in pages.
const CALLOUT_PARTIAL: &str = "partials/referral-callout.html";
/// Room for a page's HTML around its content, so that the output buffer
/// is seldom grown.
const PAGE_SIZE_HINT: usize = 8 * 1024;

/// Renders the whole site into memory. Every error of every page is
/// reported together.
pub fn render_site(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
    static_files: &[Asset],
) -> Result<SiteOutput, Vec<Diagnostic>> {
    render_site_with(config, site, templates, static_files, &ShareCache::none())
}

/// [`render_site`], taking share images from `share` where they are
/// unchanged (see [`ShareCache`]).
pub fn render_site_with(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
    static_files: &[Asset],
    share: &ShareCache,
) -> Result<SiteOutput, Vec<Diagnostic>> {
    let sink = MemorySink::default();
    render_into(
        config,
        site,
        templates,
        static_files,
        &sink,
        share,
        Bodies::Keep,
    )?;
    Ok(sink.into_output())
}

/// What rendering does with each page's prerendered body once the page is
/// written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    /// Keeps it: `serve` renders the site again after the next save, and
    /// `check` keeps the site it reports on.
    Keep,
    /// Frees it: `build` renders each page once and writes it out, and so
    /// never holds every body at once for long.
    Free,
}

/// Renders the whole site, handing each file to `sink` as soon as it is
/// ready, so that a sink that writes files never holds the site in memory.
/// Every error of every page is reported together; after an error, the
/// sink may hold part of the site. Share images come from `share` where
/// they are unchanged. Photos are encoded alongside the pages, through the
/// site's photo cache (only read when `share` is checking, for `check`).
pub fn render_into(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
    static_files: &[Asset],
    sink: &dyn Sink,
    share: &ShareCache,
    bodies: Bodies,
) -> Result<(), Vec<Diagnostic>> {
    let checking = share.is_checking();
    let cache = if checking {
        crate::photo::PhotoCache::reading(&config.root)
    } else {
        crate::photo::PhotoCache::in_site(&config.root)
    };
    let put = |path: String, bytes: Vec<u8>| {
        sink.put(path.clone(), bytes)
            .map_err(|error| unwritable(&path, &error))
    };
    let (photo_errors, rendered) = rayon::join(
        || photos::write_photos(config, site, &cache, checking, &put),
        || render_files(config, site, templates, static_files, sink, share, bodies),
    );
    match rendered {
        Ok(()) if photo_errors.is_empty() => Ok(()),
        Ok(()) => Err(photo_errors),
        Err(mut errors) => {
            errors.extend(photo_errors);
            Err(errors)
        }
    }
}

/// The error of a file the sink could not take.
fn unwritable(path: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error("unwritable", format!("cannot write `{path}`: {error}"))
        .help("check that the output folder is writable and the disk is not full; the previous site was left as it was")
}

/// [`render_into`] but for the photos: the pages, with their images
/// rewritten for the photos' copies, and every other file.
fn render_files(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
    static_files: &[Asset],
    sink: &dyn Sink,
    share: &ShareCache,
    bodies: Bodies,
) -> Result<(), Vec<Diagnostic>> {
    let Setup {
        renderer,
        comparison_values,
        tables,
    } = setup(config, site, templates)?;
    let mut errors = Vec::new();
    // Embedded blocks first: most pages have none, and their errors stop
    // the build before any page is rendered.
    let embeds: Vec<Result<HashMap<usize, String>, Diagnostic>> = site
        .pages
        .par_iter()
        .map(|page| renderer.render_embeds(page, &tables))
        .collect();
    let embeds = values_or_default(embeds, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let photo_index = photos::PhotoIndex::new(config, site);
    let put = |path: String, bytes: Vec<u8>| {
        let bytes = if path.ends_with(".html") {
            photo_index.rewrite(bytes)
        } else {
            bytes
        };
        sink.put(path.clone(), bytes)
            .map_err(|error| unwritable(&path, &error))
    };
    // Articles and other plain pages first, each rendered and handed to the
    // sink at once: they need no other page's summary. Lists (home,
    // sections, tags, the feed) need the summaries, so they come after.
    // The feed's articles keep their whole body for it (without term links).
    let in_feed: std::collections::HashSet<usize> = feeds::full_content_pages(config, site)
        .into_iter()
        .collect();
    // Each term's pages, by term: which pages link it is known only once
    // they are rendered, so the glossary page comes last.
    let term_count = site
        .glossary
        .as_ref()
        .map_or(0, |g| g.parsed.glossary.terms.len());
    let mut used_in: Vec<Vec<usize>> = vec![Vec::new(); term_count];
    type PlainPage = (Value, Option<String>, Result<(), Diagnostic>, Vec<usize>);
    let rendered: Vec<PlainPage> = site
        .pages
        .par_iter()
        .enumerate()
        .zip(&embeds)
        .map(|((index, page), embeds)| {
            if page.parsed.kind != PageKind::Page {
                return (Value::none(), None, Ok(()), Vec::new());
            }
            let body = body_html(page, embeds, bodies);
            let (summary, result, terms) = renderer.render_body(page, &body);
            let kept = in_feed.contains(&index).then_some(body.content);
            (
                summary,
                kept,
                result.and_then(|(path, html)| put(path, html)),
                terms,
            )
        })
        .collect();
    let mut summaries = Vec::with_capacity(rendered.len());
    let mut contents = HashMap::new();
    for (index, (summary, content, result, terms)) in rendered.into_iter().enumerate() {
        summaries.push(summary);
        if let Some(content) = content {
            contents.insert(index, content);
        }
        for term in terms {
            used_in[term].push(index);
        }
        if let Err(error) = result {
            errors.push(error);
        }
    }
    let mut renderer = renderer;
    renderer.summaries = summaries;
    // The lists, and meanwhile the feed and the sitemap.
    let list_pages = || -> Vec<(Result<(), Diagnostic>, TermUses)> {
        let no_terms = |result: RenderedFile| (result, None);
        site.pages
            .par_iter()
            .enumerate()
            .zip(&embeds)
            .filter(|((_, page), _)| page.parsed.kind != PageKind::Page)
            .map(|((i, page), embeds)| {
                let body = body_html(page, embeds, bodies);
                let linked = renderer.link_terms(page, &body.content);
                let (content, terms) = match &linked {
                    Some((html, terms)) => (html.as_str(), terms.clone()),
                    None => (body.content.as_str(), Vec::new()),
                };
                let result = renderer.render_page(page, content, &Value::none());
                (result, Some((i, terms)))
            })
            .chain(
                site.tags
                    .par_iter()
                    .map(|tag| no_terms(renderer.render_tag(tag))),
            )
            .chain(
                site.comparisons
                    .par_iter()
                    .zip(&comparison_values)
                    .zip(&tables)
                    .map(|((comparison, value), table)| {
                        no_terms(renderer.render_comparison(comparison, value, table))
                    }),
            )
            .chain(
                renderer
                    .render_practice_pages()
                    .into_par_iter()
                    .map(|result| (result, None)),
            )
            .map(|(result, terms)| (result.and_then(|(path, html)| put(path, html)), terms))
            .collect()
    };
    let (lists, feed_files) = rayon::join(list_pages, || {
        feeds::feed_files(config, site, templates, &renderer.summaries, &contents)
    });
    for (result, terms) in lists {
        if let Err(error) = result {
            errors.push(error);
        }
        for (page, terms) in terms.into_iter() {
            for term in terms {
                used_in[term].push(page);
            }
        }
    }
    let feed_files = feed_files.unwrap_or_else(|feed_errors| {
        errors.extend(feed_errors);
        Vec::new()
    });
    // The tag index and the 404 page have no markdown source.
    let tags_description = link::tags_description(config, site);
    let mut tags_context = renderer.page_context(
        paths::TAGS,
        &config.strings.text("tags_title"),
        &tags_description,
    );
    tags_context.insert_value("tags", renderer.tags_value());
    let mut not_found_context = renderer.page_context(
        paths::NOT_FOUND,
        &config.strings.text("not_found_title"),
        &link::not_found_description(config),
    );
    // Hosts show it at any unknown address: no search engine should list it.
    not_found_context.insert_value("noindex", Value::from(true));
    if let Some(referral) = &site.referral {
        let data = &referral.parsed.referral;
        let description = link::referral_description(referral);
        let context = renderer.page_context(&referral.path, &data.title, &description);
        match templates
            .render(
                "referral.html",
                &context,
                &referral.parsed.file.display_path(),
            )
            .and_then(|html| put(output_file(&referral.path), html.into_bytes()))
        {
            Ok(()) => {}
            Err(error) => errors.push(error),
        }
    }
    if let Some(glossary) = &site.glossary {
        let description = glossary::glossary_description(config, glossary);
        let mut context = renderer.page_context(
            &glossary.path,
            &config.strings.text("glossary_title"),
            &description,
        );
        let value = glossary::glossary_value(config, site, glossary, &used_in);
        context.insert_value("glossary", value);
        if let Err(error) = templates
            .render(
                "glossary.html",
                &context,
                &glossary.parsed.file.display_path(),
            )
            .and_then(|html| put(output_file(&glossary.path), html.into_bytes()))
        {
            errors.push(error);
        }
    }
    let comparisons_description = link::comparisons_description(config, site);
    let mut comparisons_context = renderer.page_context(
        paths::COMPARISONS,
        &config.strings.text("comparisons_title"),
        &comparisons_description,
    );
    let mut listed: Vec<(&str, &Value)> = site
        .comparisons
        .iter()
        .zip(&comparison_values)
        .map(|(c, value)| (c.parsed.comparison.title.as_str(), value))
        .collect();
    listed.sort_by_key(|(title, _)| title.to_lowercase());
    let listed: Vec<Value> = listed.into_iter().map(|(_, value)| value.clone()).collect();
    comparisons_context.insert_value("comparison_list", Value::from(listed));
    for (path, template, context) in [
        (paths::COMPARISONS, "comparisons.html", comparisons_context),
        (paths::TAGS, "tags.html", tags_context),
        (paths::NOT_FOUND, "404.html", not_found_context),
    ] {
        // No list of comparisons on a site without any (see `link::place`).
        if path == paths::COMPARISONS && site.comparisons.is_empty() {
            continue;
        }
        let file = output_file(path);
        if let Err(error) = templates
            .render(template, &context, &file)
            .and_then(|html| put(file.clone(), html.into_bytes()))
        {
            errors.push(error);
        }
    }
    errors.extend(share::write_share_images(
        config,
        site,
        templates,
        static_files,
        share,
        sink,
    ));
    if let Some(Err(error)) =
        search_page::render_search_page(&renderer).map(|page| page.and_then(|(f, h)| put(f, h)))
    {
        errors.push(error);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for (path, text) in feed_files {
        if let Err(error) = put(path, text.into_bytes()) {
            errors.push(error);
        }
    }
    let site_root = crate::files::SiteRoot::for_one_pass(&config.root);
    let copies: Vec<Result<(), Diagnostic>> = static_files
        .par_iter()
        .map(|file| (file.path.clone(), file))
        // A photo's original is never published: its copies are.
        .chain(
            site.assets
                .par_iter()
                .filter(|placed| placed.photo.is_none())
                .map(|placed| {
                    (
                        placed.path.trim_start_matches('/').to_string(),
                        &placed.asset,
                    )
                }),
        )
        // Every output file has one owner, checked when linking. Copied
        // one by one, file to file where the sink writes files, so that a
        // site's videos and PDFs are never all held in memory at once; an
        // HTML file goes through `put`, for its pictures' markup.
        .map(|(path, asset)| {
            let unreadable = |error: std::io::Error| {
                Diagnostic::error("unreadable", format!("cannot read the file: {error}"))
                    .in_file(asset.source.display().to_string())
                    .help("check that it is a file you may read, inside the site")
            };
            if path.ends_with(".html") {
                let bytes = site_root
                    .read_at_most(&asset.source, crate::files::MOST_TEXT_BYTES)
                    .map_err(unreadable)?;
                put(path, bytes)
            } else {
                let (file, _) = site_root.open(&asset.source).map_err(unreadable)?;
                sink.put_copy(path.clone(), file)
                    .map_err(|error| unwritable(&path, &error))
            }
        })
        .collect();
    errors.extend(copies.into_iter().filter_map(Result::err));
    if let Some(stylesheet) = &site.stylesheet
        && let Some(bytes) = &stylesheet.fingerprinted
        && let Err(error) = put(output_file(&stylesheet.path), bytes.as_ref().clone())
    {
        errors.push(error);
    }
    // Thousands of summaries: freed in parallel too.
    std::mem::take(&mut renderer.summaries)
        .into_par_iter()
        .for_each(drop);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// What every page's rendering needs first: the renderer, and each
/// comparison's template value and table.
struct Setup<'a> {
    renderer: Renderer<'a>,
    comparison_values: Vec<Value>,
    tables: Vec<String>,
}

/// Checks the templates and renders the comparison tables, shared by
/// [`render_into`] and [`render_pages`].
fn setup<'a>(
    config: &'a SiteConfig,
    site: &'a LinkedSite,
    templates: &'a Templates,
) -> Result<Setup<'a>, Vec<Diagnostic>> {
    let mut errors = check_templates(config, site, templates);
    if !errors.is_empty() {
        return Err(errors);
    }
    let comparison_values: Vec<Value> = site
        .comparisons
        .par_iter()
        .map(|comparison| comparison_value(config, site, comparison))
        .collect();
    let comparisons_by_id = Value::from(
        site.comparisons
            .iter()
            .zip(&comparison_values)
            .map(|(c, value)| (c.parsed.comparison.id.clone(), value.clone()))
            .collect::<BTreeMap<String, Value>>(),
    );
    let referral = site.referral.as_ref().map_or_else(Value::none, |referral| {
        referral_value(config, site, referral)
    });
    let renderer = Renderer {
        config,
        site,
        templates,
        summaries: Vec::new(),
        related_summaries: site.pages.iter().map(|_| OnceLock::new()).collect(),
        comparisons: comparisons_by_id,
        referral,
        site_values: Mutex::new(Vec::new()),
        facts: structured::SiteFacts::new(config, site),
        terms: site
            .glossary
            .as_ref()
            .and_then(|glossary| glossary::TermLinker::new(config, glossary)),
    };
    let tables: Vec<Result<String, Diagnostic>> = site
        .comparisons
        .par_iter()
        .zip(&comparison_values)
        .map(|(comparison, value)| {
            renderer.render_table(value.clone(), &comparison.parsed.file.display_path())
        })
        .collect();
    let tables = values_or_default(tables, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Setup {
        renderer,
        comparison_values,
        tables,
    })
}

/// Renders only the plain pages (articles and the like) at `indices` of
/// `site.pages`: byte for byte what [`render_into`] makes of them, so that
/// `serve` can show an edited page before the rest of the site is
/// rendered. Lists (home, sections, tags) need every page's summary and
/// are skipped; so is every other file.
pub fn render_pages(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
    indices: &[usize],
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let Setup {
        renderer, tables, ..
    } = setup(config, site, templates)?;
    let rendered: Vec<Result<(String, Vec<u8>), Diagnostic>> = indices
        .par_iter()
        .filter_map(|&index| site.pages.get(index))
        .filter(|page| page.parsed.kind == PageKind::Page)
        .map(|page| {
            let embeds = renderer.render_embeds(page, &tables)?;
            renderer.render_plain(page, &embeds).1
        })
        .collect();
    let mut files = Vec::with_capacity(rendered.len());
    let mut errors = Vec::new();
    let photo_index = photos::PhotoIndex::new(config, site);
    for result in rendered {
        match result {
            Ok((path, html)) => files.push((path, photo_index.rewrite(html))),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Each result's value, with an empty one in place of each error, which
/// goes to `errors`: so that every error is reported, not only the first.
fn values_or_default<T: Default>(
    results: Vec<Result<T, Diagnostic>>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<T> {
    results
        .into_iter()
        .map(|result| {
            result.unwrap_or_else(|error| {
                errors.push(error);
                T::default()
            })
        })
        .collect()
}

/// A page's markdown body as HTML, with its embedded blocks; with
/// [`Bodies::Free`], its prerendered body is freed once filled in.
fn body_html(
    page: &SitePage,
    embeds: &HashMap<usize, String>,
    bodies: Bodies,
) -> markdown::RenderedBody {
    if embeds.is_empty()
        && let Some(body) = page
            .parsed
            .prerendered
            .fill(bodies == Bodies::Free, |prerendered| {
                prerendered.fill(&page.links)
            })
    {
        return body;
    }
    // A body's text is let go of only where its prerendered body makes it,
    // and rendering frees that body only after its page's one render.
    debug_assert!(
        !page.parsed.body_released(),
        "a page without its text rendered again"
    );
    markdown::to_html(
        page.parsed.body_text(),
        page.parsed.body.summary_end,
        &page.links,
        &page.parsed.body.headings,
        embeds,
    )
}
