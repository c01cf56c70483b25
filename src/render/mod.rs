//! Render: markdown bodies to HTML, pages through the theme's Tera templates
//! (in parallel), plus the feed, sitemap, robots.txt, 404 page, redirects,
//! and the static files and assets, into an in-memory [`SiteOutput`].

mod feeds;
mod templates;

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::link::{
    CellLinks, LinkedSite, RESOURCES_ANCHOR, ResolvedEmbed, ResolvedLink, SiteComparison, SitePage,
    SiteReferral, TagGroup, Target, tag_path,
};
use crate::load::Asset;
use crate::markdown;
use crate::output::{MemorySink, Sink, SiteOutput};
use crate::parse::comparison::Cell;
use crate::parse::{Comparison, Level};
use crate::parse::{Heading, PageDate, PageKind};
use std::collections::HashMap;
use std::sync::Mutex;

pub use templates::Templates;

/// Words read per minute, for reading time.
const WORDS_PER_MINUTE: usize = 220;
/// The partial that renders a comparison table, for pages and embeds alike.
const TABLE_PARTIAL: &str = "partials/comparison.html";
/// The partial of the short referral callout embedded in pages.
const CALLOUT_PARTIAL: &str = "partials/referral-callout.html";
/// Room for a page's HTML around its content, so that the output buffer
/// is seldom grown.
const PAGE_SIZE_HINT: usize = 8 * 1024;
/// How many articles the home page lists.
pub(crate) const LATEST_COUNT: usize = 6;

/// Renders the whole site into memory. Every error of every page is
/// reported together.
pub fn render_site(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
    static_files: &[Asset],
) -> Result<SiteOutput, Vec<Diagnostic>> {
    let sink = MemorySink::default();
    render_into(config, site, templates, static_files, &sink)?;
    Ok(sink.into_output())
}

/// Renders the whole site, handing each file to `sink` as soon as it is
/// ready, so that a sink that writes files never holds the site in memory.
/// Every error of every page is reported together; after an error, the
/// sink may hold part of the site.
pub fn render_into(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
    static_files: &[Asset],
    sink: &dyn Sink,
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
    let embeds: Vec<HashMap<usize, String>> = embeds
        .into_iter()
        .map(|embeds| {
            embeds.unwrap_or_else(|error| {
                errors.push(error);
                HashMap::new()
            })
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let put = |path: String, bytes: Vec<u8>| {
        sink.put(path.clone(), bytes).map_err(|error| {
            Diagnostic::error("unwritable", format!("cannot write `{path}`: {error}"))
                .help("check that the output folder is writable and the disk is not full; the previous site was left as it was")
        })
    };
    // Articles and other plain pages first, each rendered and handed to the
    // sink at once: they need no other page's summary. Lists (home,
    // sections, tags, the feed) need the summaries, so they come after.
    let rendered: Vec<(Value, Result<(), Diagnostic>)> = site
        .pages
        .par_iter()
        .zip(&embeds)
        .map(|(page, embeds)| {
            if page.parsed.kind != PageKind::Page {
                return (Value::none(), Ok(()));
            }
            let (summary, result) = renderer.render_plain(page, embeds);
            (summary, result.and_then(|(path, html)| put(path, html)))
        })
        .collect();
    let mut summaries = Vec::with_capacity(rendered.len());
    for (summary, result) in rendered {
        summaries.push(summary);
        if let Err(error) = result {
            errors.push(error);
        }
    }
    let mut renderer = renderer;
    renderer.summaries = summaries;
    // The lists, and meanwhile the feed and the sitemap.
    let list_pages = || -> Vec<Result<(), Diagnostic>> {
        site.pages
            .par_iter()
            .zip(&embeds)
            .filter(|(page, _)| page.parsed.kind != PageKind::Page)
            .map(|(page, embeds)| {
                let body = body_html(page, embeds);
                renderer.render_page(page, &body.content, &Value::none())
            })
            .chain(site.tags.par_iter().map(|tag| renderer.render_tag(tag)))
            .chain(
                site.comparisons
                    .par_iter()
                    .zip(&comparison_values)
                    .zip(&tables)
                    .map(|((comparison, value), table)| {
                        renderer.render_comparison(comparison, value, table)
                    }),
            )
            .map(|result| result.and_then(|(path, html)| put(path, html)))
            .collect()
    };
    let (lists, feed_files) = rayon::join(list_pages, || {
        feeds::feed_files(config, site, &renderer.summaries)
    });
    errors.extend(lists.into_iter().filter_map(Result::err));
    // The tag index and the 404 page have no markdown source.
    let mut tags_context = renderer.base_context("/tags/", "Tags", "");
    tags_context.insert_value("tags", renderer.tags_value());
    let not_found_context = renderer.base_context("/404.html", "Page not found", "");
    if let Some(referral) = &site.referral {
        let data = &referral.parsed.referral;
        let context = renderer.base_context(&referral.path, &data.title, "");
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
    let mut comparisons_context = renderer.base_context("/comparisons/", "Comparisons", "");
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
        (
            "comparisons/index.html",
            "comparisons.html",
            comparisons_context,
        ),
        ("tags/index.html", "tags.html", tags_context),
        ("404.html", "404.html", not_found_context),
    ] {
        if let Err(error) = templates
            .render(template, &context, path)
            .and_then(|html| put(path.to_string(), html.into_bytes()))
        {
            errors.push(error);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for (path, text) in feed_files {
        if let Err(error) = put(path, text.into_bytes()) {
            errors.push(error);
        }
    }
    let copies: Vec<Result<(), Diagnostic>> = static_files
        .par_iter()
        .map(|file| (file.path.clone(), file))
        .chain(site.assets.par_iter().map(|placed| {
            (
                placed.path.trim_start_matches('/').to_string(),
                &placed.asset,
            )
        }))
        .map(|(path, asset)| {
            let bytes =
                crate::load::read_in_site(&config.root, &asset.source).map_err(|error| {
                    Diagnostic::error("unreadable", format!("cannot read the file: {error}"))
                        .in_file(asset.source.display().to_string())
                })?;
            Ok((path, bytes))
        })
        .collect::<Vec<Result<(String, Vec<u8>), Diagnostic>>>()
        .into_iter()
        .map(|copy| {
            // Every output file has one owner, checked when linking.
            let (path, bytes) = copy?;
            put(path, bytes)
        })
        .collect();
    errors.extend(copies.into_iter().filter_map(Result::err));
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
    let mut errors = check_templates(site, templates);
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
        comparisons: comparisons_by_id,
        referral,
        site_values: Mutex::new(Vec::new()),
    };
    let tables: Vec<Result<String, Diagnostic>> = site
        .comparisons
        .par_iter()
        .zip(&comparison_values)
        .map(|(comparison, value)| {
            renderer.render_table(value.clone(), &comparison.parsed.file.display_path())
        })
        .collect();
    let tables: Vec<String> = tables
        .into_iter()
        .map(|table| {
            table.unwrap_or_else(|error| {
                errors.push(error);
                String::new()
            })
        })
        .collect();
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
    for result in rendered {
        match result {
            Ok(file) => files.push(file),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// A page's markdown body as HTML, with its embedded blocks.
fn body_html(page: &SitePage, embeds: &HashMap<usize, String>) -> markdown::RenderedBody {
    if let Some(prerendered) = &page.parsed.prerendered
        && embeds.is_empty()
    {
        return prerendered.fill(&page.links);
    }
    markdown::to_html(
        page.parsed.body_text(),
        page.parsed.body.summary_end,
        &page.links,
        &page.parsed.body.headings,
        embeds,
    )
}

/// Every template a page needs must exist: checked before rendering so that
/// each missing one is reported once, at the front matter that names it.
fn check_templates(site: &LinkedSite, templates: &Templates) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut needed: BTreeMap<&str, String> = BTreeMap::new();
    for page in &site.pages {
        match &page.parsed.front.template {
            Some(template) if !templates.contains(&template.value) => {
                let mut diagnostic = Diagnostic::error(
                    "missing-template",
                    format!("there is no template `{}`", template.value),
                )
                .in_file(page.parsed.file.display_path())
                .at(template.location.clone());
                diagnostic = match did_you_mean(&template.value, templates.names()) {
                    Some(name) => diagnostic.help(format!("did you mean `{name}`?")),
                    None => diagnostic.help(format!(
                        "add it to the site's `templates/` folder; the templates are: {}",
                        templates.names().join(", ")
                    )),
                };
                errors.push(diagnostic);
            }
            Some(_) => {}
            None => {
                needed
                    .entry(page.default_template())
                    .or_insert_with(|| page.parsed.file.display_path());
            }
        }
    }
    if !site.tags.is_empty() {
        needed
            .entry("tag.html")
            .or_insert_with(|| "the tag pages".to_string());
    }
    if !site.comparisons.is_empty() {
        needed
            .entry("comparison.html")
            .or_insert_with(|| "the comparison pages".to_string());
    }
    let embeds_inline = site
        .pages
        .iter()
        .flat_map(|p| p.embeds.values())
        .any(|e| matches!(e, ResolvedEmbed::Inline { .. }));
    if !site.comparisons.is_empty() || embeds_inline {
        needed
            .entry(TABLE_PARTIAL)
            .or_insert_with(|| "the comparison tables".to_string());
    }
    if site.referral.is_some() {
        needed
            .entry("referral.html")
            .or_insert_with(|| "the referral page".to_string());
    }
    let embeds_referral = site
        .pages
        .iter()
        .flat_map(|p| p.embeds.values())
        .any(|e| matches!(e, ResolvedEmbed::Referral));
    if embeds_referral {
        needed
            .entry(CALLOUT_PARTIAL)
            .or_insert_with(|| "the referral callout".to_string());
    }
    needed
        .entry("comparisons.html")
        .or_insert_with(|| "the comparison index".to_string());
    needed
        .entry("tags.html")
        .or_insert_with(|| "the tag index".to_string());
    needed
        .entry("404.html")
        .or_insert_with(|| "the 404 page".to_string());
    for (name, wanted_by) in needed {
        if !templates.contains(name) {
            errors.push(
                Diagnostic::error(
                    "missing-template",
                    format!("the theme has no template `{name}`, needed by {wanted_by}"),
                )
                .help(format!(
                    "add `{name}` to the theme's templates or to the site's `templates/` folder"
                )),
            );
        }
    }
    errors
}

struct Renderer<'a> {
    config: &'a SiteConfig,
    site: &'a LinkedSite,
    templates: &'a Templates,
    /// Every page's summary, by page index (filled once bodies are rendered).
    summaries: Vec<Value>,
    /// Every comparison by id, for templates.
    comparisons: Value,
    /// The referral guidelines, or none: every page's footer uses them.
    referral: Value,
    /// The `site` variable, built once for each set of active menu items.
    site_values: Mutex<Vec<(Vec<bool>, Value)>>,
}

impl Renderer<'_> {
    /// A plain page (not a list) rendered with its embedded blocks: its
    /// summary, for the lists, and its output path and HTML.
    fn render_plain(
        &self,
        page: &SitePage,
        embeds: &HashMap<usize, String>,
    ) -> (Value, Result<(String, Vec<u8>), Diagnostic>) {
        let body = body_html(page, embeds);
        let summary = summary_value(self.config, page, &body.summary);
        let result = self.render_page(page, &body.content, &summary);
        (summary, result)
    }

    /// The variables every template receives.
    fn base_context(&self, path: &str, title: &str, description: &str) -> Context {
        let config = self.config;
        let current_url = config.url(path);
        let site = self.site_value(path);
        let mut context = Context::new();
        context.insert_value("site", site);
        context.insert_value("current_url", Value::from(current_url));
        context.insert_value("permalink", Value::from(config.permalink(path)));
        context.insert_value("page_title", Value::from(title));
        let description = if description.is_empty() {
            config.description.as_str()
        } else {
            description
        };
        context.insert_value("description", Value::from(description));
        context.insert_value("comparisons", self.comparisons.clone());
        context.insert_value("referral", self.referral.clone());
        context
    }

    /// The `site` variable for a page at `path`: only which menu items are
    /// active depends on the page, so each variant is built once.
    fn site_value(&self, path: &str) -> Value {
        let config = self.config;
        let active: Vec<bool> = config
            .menu
            .iter()
            .map(|item| {
                let target = self
                    .site
                    .settings_links
                    .get(&item.url)
                    .and_then(|link| link.site_path.as_deref());
                target.is_some_and(|target| {
                    path == target || (target != "/" && path.starts_with(target))
                })
            })
            .collect();
        let mut built = self
            .site_values
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, value)) = built.iter().find(|(flags, _)| *flags == active) {
            return value.clone();
        }
        let menu: Vec<Value> = config
            .menu
            .iter()
            .zip(&active)
            .map(|(item, &active)| {
                map([
                    ("label", Value::from(item.label.as_str())),
                    (
                        "url",
                        Value::from(self.site.settings_href(config, &item.url)),
                    ),
                    ("active", Value::from(active)),
                ])
            })
            .collect();
        let booking = config.booking.as_ref().map_or_else(Value::none, |booking| {
            map([
                ("label", Value::from(booking.label.as_str())),
                (
                    "url",
                    Value::from(self.site.settings_href(config, &booking.url)),
                ),
            ])
        });
        let author = map([
            ("name", Value::from(config.author.name.as_str())),
            ("email", Value::from(config.author.email.clone())),
        ]);
        let site = map([
            ("title", Value::from(config.title.as_str())),
            ("description", Value::from(config.description.as_str())),
            ("language", Value::from(config.language.as_str())),
            ("base_url", Value::from(config.base_url.as_str())),
            ("base_path", Value::from(config.base_path.as_str())),
            ("author", author),
            ("menu", Value::from(menu)),
            ("booking", booking),
            ("feed_url", Value::from(config.url("/atom.xml"))),
            ("extra", Value::from_serializable(&config.extra)),
        ]);
        built.push((active, site.clone()));
        site
    }

    /// The list of pages and comparisons that link to something.
    fn backlinks_value(&self, backlinks: &[Target]) -> Value {
        backlinks_value(self.config, self.site, backlinks)
    }

    /// Renders a comparison table through the theme's partial.
    fn render_table(&self, comparison: Value, file: &str) -> Result<String, Diagnostic> {
        let mut context = self.base_context("/comparisons/", "", "");
        context.insert_value("comparison", comparison);
        self.templates.render(TABLE_PARTIAL, &context, file)
    }

    /// The HTML of a page's embedded blocks, by their offset in the body.
    fn render_embeds(
        &self,
        page: &SitePage,
        tables: &[String],
    ) -> Result<HashMap<usize, String>, Diagnostic> {
        let mut embeds = HashMap::new();
        for (&offset, embed) in &page.embeds {
            let html = match embed {
                ResolvedEmbed::Comparison(i) => tables[*i].clone(),
                ResolvedEmbed::Inline { comparison, links } => {
                    let value = comparison_fields(self.config, comparison, links, None);
                    self.render_table(value, &page.parsed.file.display_path())?
                }
                ResolvedEmbed::Referral => {
                    let context = self.base_context(&page.path, "", "");
                    self.templates.render(
                        CALLOUT_PARTIAL,
                        &context,
                        &page.parsed.file.display_path(),
                    )?
                }
            };
            embeds.insert(offset, html);
        }
        Ok(embeds)
    }

    fn render_comparison(
        &self,
        comparison: &SiteComparison,
        value: &Value,
        table: &str,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let data = &comparison.parsed.comparison;
        let mut context = self.base_context(&comparison.path, &data.title, &data.description);
        context.insert_value("comparison", value.clone());
        context.insert_value("table", Value::safe_string(table));
        let html = self.templates.render_bytes(
            "comparison.html",
            &context,
            &comparison.parsed.file.display_path(),
            table.len() + PAGE_SIZE_HINT,
        )?;
        Ok((output_file(&comparison.path), html))
    }

    /// Renders a page. `summary` is the page's summary value (for plain
    /// pages, whose variables extend it); lists use `self.summaries`.
    fn render_page(
        &self,
        page: &SitePage,
        content: &str,
        summary: &Value,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let front = &page.parsed.front;
        let title = if page.parsed.kind == PageKind::Home {
            &self.config.title
        } else {
            &front.title
        };
        let mut context = self.base_context(&page.path, title, &front.description);
        let backlinks = self.backlinks_value(&page.backlinks);
        match page.parsed.kind {
            PageKind::Page => {
                let section = page
                    .section
                    .filter(|&s| self.site.pages[s].parsed.kind == PageKind::Section)
                    .map_or_else(Value::none, |s| {
                        let section = &self.site.pages[s];
                        map([
                            ("title", Value::from(section.title())),
                            ("url", Value::from(self.config.url(&section.path))),
                        ])
                    });
                // The summary's fields, and what only the page itself shows.
                let mut fields: tera::Map = summary.as_map().cloned().unwrap_or_default();
                let mut add = |key: &'static str, value: Value| {
                    fields.insert(key.into(), value);
                };
                add("content", Value::safe_string(content));
                add("toc", toc_value(&page.parsed.body.headings));
                add("show_toc", Value::from(front.toc));
                add("backlinks", backlinks);
                add("section", section);
                add("extra", Value::from_serializable(&front.extra));
                context.insert_value("page", Value::from(fields));
            }
            PageKind::Home | PageKind::Section => {
                let pages: Vec<Value> = page
                    .children
                    .iter()
                    .map(|&child| self.summaries[child].clone())
                    .collect();
                let section = map([
                    ("title", Value::from(front.title.as_str())),
                    ("description", Value::from(front.description.as_str())),
                    ("url", Value::from(self.config.url(&page.path))),
                    ("permalink", Value::from(self.config.permalink(&page.path))),
                    ("content", Value::safe_string(content)),
                    ("backlinks", backlinks),
                    ("extra", Value::from_serializable(&front.extra)),
                    ("pages", Value::from(pages)),
                ]);
                context.insert_value("section", section);
                if page.parsed.kind == PageKind::Home {
                    let latest: Vec<Value> = self
                        .site
                        .dated_pages()
                        .into_iter()
                        .take(LATEST_COUNT)
                        .map(|i| self.summaries[i].clone())
                        .collect();
                    context.insert_value("latest", Value::from(latest));
                }
            }
        }
        let template = front
            .template
            .as_ref()
            .map_or(page.default_template(), |t| t.value.as_str());
        let html = self.templates.render_bytes(
            template,
            &context,
            &page.parsed.file.display_path(),
            content.len() + PAGE_SIZE_HINT,
        )?;
        Ok((output_file(&page.path), html))
    }

    fn render_tag(&self, tag: &TagGroup) -> Result<(String, Vec<u8>), Diagnostic> {
        let path = tag_path(&tag.slug);
        let mut context = self.base_context(&path, &format!("Tagged “{}”", tag.name), "");
        let pages: Vec<Value> = tag
            .pages
            .iter()
            .map(|&i| self.summaries[i].clone())
            .collect();
        context.insert_value(
            "tag",
            map([
                ("name", Value::from(tag.name.as_str())),
                ("slug", Value::from(tag.slug.as_str())),
                ("url", Value::from(self.config.url(&path))),
                ("pages", Value::from(pages)),
            ]),
        );
        let hint = PAGE_SIZE_HINT * (1 + tag.pages.len() / 8);
        let html = self
            .templates
            .render_bytes("tag.html", &context, &path, hint)?;
        Ok((output_file(&path), html))
    }

    fn tags_value(&self) -> Value {
        let tags: Vec<Value> = self
            .site
            .tags
            .iter()
            .map(|tag| {
                map([
                    ("name", Value::from(tag.name.as_str())),
                    ("slug", Value::from(tag.slug.as_str())),
                    ("url", Value::from(self.config.url(&tag_path(&tag.slug)))),
                    ("count", Value::from(tag.pages.len())),
                ])
            })
            .collect();
        Value::from(tags)
    }
}

/// `/a/b/` -> `a/b/index.html`.
fn output_file(path: &str) -> String {
    format!("{}index.html", path.trim_start_matches('/'))
}

fn map<const N: usize>(entries: [(&'static str, Value); N]) -> Value {
    Value::from(BTreeMap::from(entries))
}

/// The fields a page and its summary share.
fn page_fields(
    config: &SiteConfig,
    page: &SitePage,
    summary: &str,
) -> BTreeMap<&'static str, Value> {
    let front = &page.parsed.front;
    let date = |d: &Option<PageDate>| d.map_or_else(Value::none, |d| Value::from(d.iso_date()));
    let date_display =
        |d: &Option<PageDate>| d.map_or_else(Value::none, |d| Value::from(d.display()));
    let tags: Vec<Value> = front
        .tags
        .iter()
        .filter_map(|name| {
            // A tag without a usable slug is an error when linking.
            let slug = slug::slugify(name);
            (!slug.is_empty()).then_some(slug).map(|slug| (name, slug))
        })
        .map(|(name, slug)| {
            map([
                ("name", Value::from(name.as_str())),
                ("url", Value::from(config.url(&tag_path(&slug)))),
                ("slug", Value::from(slug)),
            ])
        })
        .collect();
    let words = page.parsed.body.word_count;
    BTreeMap::from([
        ("title", Value::from(front.title.as_str())),
        ("description", Value::from(front.description.as_str())),
        ("url", Value::from(config.url(&page.path))),
        ("permalink", Value::from(config.permalink(&page.path))),
        ("date", date(&front.date)),
        ("date_display", date_display(&front.date)),
        ("updated", date(&front.updated)),
        ("updated_display", date_display(&front.updated)),
        ("tags", Value::from(tags)),
        ("summary", Value::safe_string(summary)),
        ("word_count", Value::from(words)),
        (
            "reading_time",
            Value::from(words.div_ceil(WORDS_PER_MINUTE).max(1)),
        ),
    ])
}

/// A light summary of a page, for lists: never the full body.
fn summary_value(config: &SiteConfig, page: &SitePage, summary: &str) -> Value {
    Value::from(page_fields(config, page, summary))
}

/// Nests headings: each heading holds the deeper ones that follow it.
fn toc_value(headings: &[Heading]) -> Value {
    fn build(headings: &[Heading], start: &mut usize, level: u8) -> Vec<Value> {
        let mut items = Vec::new();
        while *start < headings.len() && headings[*start].level >= level {
            let heading = &headings[*start];
            *start += 1;
            let children = build(headings, start, heading.level + 1);
            items.push(map([
                ("level", Value::from(heading.level)),
                ("id", Value::from(heading.id.as_str())),
                ("title", Value::from(heading.text.as_str())),
                ("children", Value::from(children)),
            ]));
        }
        items
    }
    let top = headings.iter().map(|h| h.level).min().unwrap_or(2);
    let mut start = 0;
    let mut items = Vec::new();
    while start < headings.len() {
        items.extend(build(headings, &mut start, top));
    }
    Value::from(items)
}

/// A comparison file as templates see it, with its page URL and backlinks.
fn comparison_value(config: &SiteConfig, site: &LinkedSite, comparison: &SiteComparison) -> Value {
    let backlinks = backlinks_value(config, site, &comparison.backlinks);
    let page = Some((comparison.path.as_str(), backlinks));
    comparison_fields(
        config,
        &comparison.parsed.comparison,
        &comparison.links,
        page,
    )
}

/// A comparison as templates see it: columns, groups of rows with their
/// cells as HTML, and sources. `page` is its own page's path and backlinks.
fn comparison_fields(
    config: &SiteConfig,
    comparison: &Comparison,
    links: &CellLinks,
    page: Option<(&str, Value)>,
) -> Value {
    let cell_html = |cell: &Cell| markdown::inline_html(&cell.text, &cell_links(links, cell.index));
    let columns: Vec<Value> = comparison
        .columns
        .iter()
        .map(|c| {
            map([
                ("id", Value::from(c.id.as_str())),
                ("label", Value::from(c.label.as_str())),
            ])
        })
        .collect();
    let groups: Vec<Value> = comparison
        .groups
        .iter()
        .map(|group| {
            let rows: Vec<Value> = group
                .rows
                .iter()
                .map(|row| {
                    let cells: Vec<Value> = row
                        .cells
                        .iter()
                        .zip(&comparison.columns)
                        .map(|(cell, column)| {
                            map([
                                ("column", Value::from(column.id.as_str())),
                                ("label", Value::from(column.label.as_str())),
                                (
                                    "html",
                                    cell.as_ref().map_or_else(
                                        || Value::safe_string(""),
                                        |c| Value::safe_string(&cell_html(c)),
                                    ),
                                ),
                                ("blank", Value::from(cell.is_none())),
                            ])
                        })
                        .collect();
                    let aspect = row
                        .aspect
                        .as_ref()
                        .map_or_else(Value::none, |c| Value::safe_string(&cell_html(c)));
                    map([("aspect", aspect), ("cells", Value::from(cells))])
                })
                .collect();
            let label = group.label.as_deref().map_or_else(Value::none, Value::from);
            map([("label", label), ("rows", Value::from(rows))])
        })
        .collect();
    let sources: Vec<Value> = comparison
        .sources
        .iter()
        .map(|s| {
            map([
                ("title", Value::from(s.title.as_str())),
                ("url", Value::from(config.link(&s.url))),
            ])
        })
        .collect();
    let (url, permalink, backlinks) = match page {
        Some((path, backlinks)) => (
            Value::from(config.url(path)),
            Value::from(config.permalink(path)),
            backlinks,
        ),
        None => (
            Value::none(),
            Value::none(),
            Value::from(Vec::<Value>::new()),
        ),
    };
    let mut fields = BTreeMap::from([
        ("id", Value::from(comparison.id.as_str())),
        ("title", Value::from(comparison.title.as_str())),
        ("description", Value::from(comparison.description.as_str())),
        ("columns", Value::from(columns)),
        ("column_count", Value::from(comparison.columns.len())),
        (
            "span",
            Value::from(comparison.columns.len() + usize::from(comparison.has_aspects)),
        ),
        ("has_aspects", Value::from(comparison.has_aspects)),
        ("groups", Value::from(groups)),
        ("row_count", Value::from(comparison.row_count())),
        ("sources", Value::from(sources)),
    ]);
    fields.insert("url", url);
    fields.insert("permalink", permalink);
    fields.insert("backlinks", backlinks);
    Value::from(fields)
}

/// The referral guidelines as templates see them: criteria grouped by level
/// (urgent first), crisis resources with `tel:` links, the scope statement.
fn referral_value(config: &SiteConfig, site: &LinkedSite, referral: &SiteReferral) -> Value {
    let data = &referral.parsed.referral;
    let html = |cell: &Cell| {
        Value::safe_string(&markdown::inline_html(
            &cell.text,
            &cell_links(&referral.links, cell.index),
        ))
    };
    let levels: Vec<Value> = Level::ALL
        .iter()
        .filter_map(|&level| {
            let criteria: Vec<Value> = data
                .criteria
                .iter()
                .filter(|c| c.level == level)
                .map(|c| html(&c.text))
                .collect();
            (!criteria.is_empty()).then(|| {
                map([
                    ("name", Value::from(level.name())),
                    ("criteria", Value::from(criteria)),
                ])
            })
        })
        .collect();
    let urgent: Vec<Value> = data
        .criteria
        .iter()
        .filter(|c| c.level == Level::Urgent)
        .map(|c| html(&c.text))
        .collect();
    let resources: Vec<Value> = data
        .resources
        .iter()
        .map(|r| {
            map([
                ("name", Value::from(r.name.as_str())),
                ("region", Value::from(r.region.as_str())),
                ("phone", Value::from(r.phone.clone())),
                ("tel", Value::from(r.tel())),
                ("url", Value::from(r.url.as_deref().map(|u| config.link(u)))),
                ("url_label", Value::from(r.url.as_deref().map(url_label))),
                ("hours", Value::from(r.hours.clone())),
                ("note", Value::from(r.note.clone())),
            ])
        })
        .collect();
    let contact = data.contact.as_ref().map_or_else(Value::none, |c| {
        map([
            ("label", Value::from(c.label.as_str())),
            ("url", Value::from(site.settings_href(config, &c.url))),
        ])
    });
    map([
        ("title", Value::from(data.title.as_str())),
        ("url", Value::from(config.url(&referral.path))),
        ("permalink", Value::from(config.permalink(&referral.path))),
        ("scope", Value::from(data.scope.as_str())),
        (
            "intro",
            data.intro.as_ref().map_or_else(Value::none, |intro| {
                let links = cell_links(&referral.links, intro.index);
                let body = markdown::to_html(&intro.text, None, &links, &[], &HashMap::new());
                Value::safe_string(&body.content)
            }),
        ),
        ("levels", Value::from(levels)),
        ("urgent", Value::from(urgent)),
        ("resources", Value::from(resources)),
        ("resources_anchor", Value::from(RESOURCES_ANCHOR)),
        ("contact", contact),
        (
            "backlinks",
            backlinks_value(config, site, &referral.backlinks),
        ),
    ])
}

/// The list of pages and comparisons that link to something, as `{ title, url }`.
fn backlinks_value(config: &SiteConfig, site: &LinkedSite, backlinks: &[Target]) -> Value {
    let list: Vec<Value> = backlinks
        .iter()
        .map(|&source| {
            let (title, path) = site.target(source);
            map([
                ("title", Value::from(title)),
                ("url", Value::from(config.url(path))),
            ])
        })
        .collect();
    Value::from(list)
}

/// The resolved links of one cell, by their offset in its text.
fn cell_links(links: &CellLinks, cell: usize) -> HashMap<usize, ResolvedLink> {
    links
        .iter()
        .filter(|((index, _), _)| *index == cell)
        .map(|((_, offset), link)| (*offset, link.clone()))
        .collect()
}

/// A URL as people read it: without the scheme, `www.` or a trailing slash.
fn url_label(url: &str) -> String {
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
    bare.strip_prefix("www.")
        .unwrap_or(bare)
        .trim_end_matches('/')
        .to_string()
}
