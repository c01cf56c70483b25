//! Render: markdown bodies to HTML, pages through the theme's Tera templates
//! (in parallel), plus the feed, sitemap, robots.txt, 404 page, redirects,
//! and the static files and assets, into an in-memory [`SiteOutput`].

mod feeds;
pub mod markdown;
mod templates;

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::link::{LinkedSite, SitePage, TagGroup, tag_path};
use crate::load::Asset;
use crate::output::SiteOutput;
use crate::parse::{Heading, PageDate, PageKind};

pub use templates::Templates;

/// Words read per minute, for reading time.
const WORDS_PER_MINUTE: usize = 220;
/// How many articles the home page lists.
const LATEST_COUNT: usize = 6;

/// Renders the whole site. Every error of every page is reported together.
pub fn render_site(
    config: &SiteConfig,
    site: &LinkedSite,
    templates: &Templates,
    static_files: &[Asset],
) -> Result<SiteOutput, Vec<Diagnostic>> {
    let mut errors = check_templates(site, templates);
    if !errors.is_empty() {
        return Err(errors);
    }
    let bodies: Vec<(String, String)> = site
        .pages
        .par_iter()
        .map(|page| {
            let body = page.parsed.body_text();
            let headings = &page.parsed.body.headings;
            let rendered =
                markdown::to_html(body, page.parsed.body.summary_end, &page.links, headings);
            (rendered.content, rendered.summary)
        })
        .collect();
    let summaries: Vec<Value> = site
        .pages
        .par_iter()
        .zip(&bodies)
        .map(|(page, (_, summary))| summary_value(config, page, summary))
        .collect();
    let renderer = Renderer {
        config,
        site,
        templates,
        summaries: &summaries,
    };

    let rendered: Vec<Result<(String, String), Diagnostic>> = site
        .pages
        .par_iter()
        .zip(&bodies)
        .map(|(page, (content, summary))| renderer.render_page(page, content, summary))
        .chain(site.tags.par_iter().map(|tag| renderer.render_tag(tag)))
        .collect();
    let mut output = SiteOutput::default();
    for result in rendered {
        match result {
            Ok((path, html)) => output.insert(path, html),
            Err(error) => errors.push(error),
        }
    }
    // The tag index and the 404 page have no markdown source.
    let mut tags_context = renderer.base_context("/tags/", "Tags", "");
    tags_context.insert_value("tags", renderer.tags_value());
    let not_found_context = renderer.base_context("/404.html", "Page not found", "");
    for (path, template, context) in [
        ("tags/index.html", "tags.html", tags_context),
        ("404.html", "404.html", not_found_context),
    ] {
        match templates.render(template, &context, path) {
            Ok(html) => output.insert(path, html),
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    feeds::write_feeds(config, site, &summaries, &mut output);
    let copies: Vec<Result<(String, Vec<u8>), Diagnostic>> = static_files
        .par_iter()
        .map(|file| (file.path.clone(), file))
        .chain(site.assets.par_iter().map(|placed| {
            (
                placed.path.trim_start_matches('/').to_string(),
                &placed.asset,
            )
        }))
        .map(|(path, asset)| {
            std::fs::read(&asset.source)
                .map(|bytes| (path, bytes))
                .map_err(|error| {
                    Diagnostic::error("unreadable", format!("cannot read the file: {error}"))
                        .in_file(asset.source.display().to_string())
                })
        })
        .collect();
    for copy in copies {
        match copy {
            Ok((path, bytes)) => {
                if !output.files.contains_key(&path) {
                    output.insert(path, bytes);
                } else {
                    errors.push(
                        Diagnostic::error(
                            "duplicate-url",
                            format!("the file `{path}` would replace a generated page"),
                        )
                        .help("rename the file"),
                    );
                }
            }
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(output)
    } else {
        Err(errors)
    }
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
    summaries: &'a [Value],
}

impl Renderer<'_> {
    /// The variables every template receives.
    fn base_context(&self, path: &str, title: &str, description: &str) -> Context {
        let config = self.config;
        let current_url = config.url(path);
        let menu: Vec<Value> = config
            .menu
            .iter()
            .map(|item| {
                let url = config.link(&item.url);
                let active = item.url.starts_with('/')
                    && (path == item.url
                        || (item.url != "/" && path.starts_with(item.url.as_str())));
                map([
                    ("label", Value::from(item.label.as_str())),
                    ("url", Value::from(url)),
                    ("active", Value::from(active)),
                ])
            })
            .collect();
        let booking = config.booking.as_ref().map_or_else(Value::none, |booking| {
            map([
                ("label", Value::from(booking.label.as_str())),
                ("url", Value::from(config.link(&booking.url))),
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
        context
    }

    fn render_page(
        &self,
        page: &SitePage,
        content: &str,
        summary: &str,
    ) -> Result<(String, String), Diagnostic> {
        let front = &page.parsed.front;
        let title = if page.parsed.kind == PageKind::Home {
            &self.config.title
        } else {
            &front.title
        };
        let mut context = self.base_context(&page.path, title, &front.description);
        let backlinks: Vec<Value> = page
            .backlinks
            .iter()
            .map(|&source| {
                let source = &self.site.pages[source];
                map([
                    ("title", Value::from(source.title())),
                    ("url", Value::from(self.config.url(&source.path))),
                ])
            })
            .collect();
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
                let mut fields = page_fields(self.config, page, summary);
                fields.insert("content", Value::safe_string(content));
                fields.insert("toc", toc_value(&page.parsed.body.headings));
                fields.insert("show_toc", Value::from(front.toc));
                fields.insert("backlinks", Value::from(backlinks));
                fields.insert("section", section);
                fields.insert("extra", Value::from_serializable(&front.extra));
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
                    ("backlinks", Value::from(backlinks)),
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
        let html = self
            .templates
            .render(template, &context, &page.parsed.file.display_path())?;
        Ok((output_file(&page.path), html))
    }

    fn render_tag(&self, tag: &TagGroup) -> Result<(String, String), Diagnostic> {
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
        let html = self.templates.render("tag.html", &context, &path)?;
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
        .map(|name| {
            let slug = slug::slugify(name);
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
