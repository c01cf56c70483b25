//! The renderer: every kind of page (articles, lists, tags, comparisons)
//! from its template and values, and the values every page shares.

use super::*;

/// A rendered file: its output path and bytes, or why it failed.
pub(super) type RenderedFile = Result<(String, Vec<u8>), Diagnostic>;

/// A page (by index) and the glossary terms its body links.
pub(super) type TermUses = Option<(usize, Vec<usize>)>;

pub(super) struct Renderer<'a> {
    pub(super) config: &'a SiteConfig,
    pub(super) site: &'a LinkedSite,
    pub(super) templates: &'a Templates,
    /// Every page's summary, by page index (filled once bodies are rendered).
    pub(super) summaries: Vec<Value>,
    /// Each page's summary without its summary text, for the related
    /// reading of the articles that list it: made once, when first needed,
    /// instead of once for each article that lists it.
    pub(super) related_summaries: Vec<OnceLock<Value>>,
    /// Every comparison by id, for templates.
    pub(super) comparisons: Value,
    /// The referral guidelines, or none: every page's footer uses them.
    pub(super) referral: Value,
    /// The `site` variable, built once for each set of active menu items.
    pub(super) site_values: Mutex<Vec<(Vec<bool>, Value)>>,
    /// What structured data and bylines need of the site.
    pub(super) facts: structured::SiteFacts,
    /// The glossary's term links, when the site has a glossary.
    pub(super) terms: Option<glossary::TermLinker>,
}

/// A page's link-preview values beyond those of every web page.
#[derive(Default)]
pub(super) struct Preview<'p> {
    /// `article` for articles, else `website`.
    pub(super) og_type: &'static str,
    pub(super) published: Option<&'p PageDate>,
    pub(super) modified: Option<&'p PageDate>,
    pub(super) tags: &'p [String],
    /// A guest author's name, else the site's author is the page's.
    pub(super) author: Option<&'p str>,
}

impl Renderer<'_> {
    /// A plain page (not a list) rendered with its embedded blocks: its
    /// summary, for the lists, its output path and HTML, and the glossary
    /// terms it links.
    pub(super) fn render_plain(
        &self,
        page: &SitePage,
        embeds: &HashMap<usize, String>,
    ) -> (Value, RenderedFile, Vec<usize>) {
        self.render_body(page, &body_html(page, embeds, Bodies::Keep))
    }

    /// Like [`Renderer::render_plain`], from the page's body as HTML.
    pub(super) fn render_body(
        &self,
        page: &SitePage,
        body: &markdown::RenderedBody,
    ) -> (Value, RenderedFile, Vec<usize>) {
        // The summary (lists, the feed) keeps plain text: no term links.
        let summary = summary_value(self.config, page, &page.parsed.body.summary);
        let linked = self.link_terms(page, &body.content);
        let (content, terms) = match &linked {
            Some((html, terms)) => (html.as_str(), terms.clone()),
            None => (body.content.as_str(), Vec::new()),
        };
        let result = self.render_page(page, content, &summary);
        (summary, result, terms)
    }

    /// The summary of the page at `index` in others' related reading.
    fn related_summary(&self, index: usize) -> Value {
        let make = || summary_value(self.config, &self.site.pages[index], "");
        match self.related_summaries.get(index) {
            Some(once) => once.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// A page's body HTML with its glossary term links and the terms it
    /// links; none when nothing changes (no glossary, `glossary: false`, or
    /// no term used).
    pub(super) fn link_terms(
        &self,
        page: &SitePage,
        content: &str,
    ) -> Option<(String, Vec<usize>)> {
        match &self.terms {
            Some(linker) if page.parsed.front.glossary => linker.link(content),
            _ => None,
        }
    }

    /// The variables every template receives.
    pub(super) fn base_context(&self, path: &str, title: &str, description: &str) -> Context {
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
        let alt = share::card_alt(title, &config.title);
        context.insert_value("share_image", share::share_value(config, path, &alt));
        context
    }

    /// The variables of a whole page: every template's, and the values of
    /// its head for link previews and search engines (`og`, `page_author`,
    /// `noindex`, `structured_data`), here those of a plain web page;
    /// articles and the home page replace them.
    pub(super) fn page_context(&self, path: &str, title: &str, description: &str) -> Context {
        self.page_context_with(path, title, description, &[])
    }

    /// [`Renderer::page_context`] with breadcrumbs, `(name, URL)` from home.
    pub(super) fn page_context_with(
        &self,
        path: &str,
        title: &str,
        description: &str,
        crumbs: &[(String, String)],
    ) -> Context {
        let mut context = self.head_context(path, title, description, &Preview::default());
        let description = self.description_or_site(description);
        let data = structured::web_page(self.config, &self.facts, path, title, description, crumbs);
        self.insert_structured(&mut context, &data);
        context
    }

    /// Every template's variables and the link-preview values of `preview`,
    /// without structured data: for a page that makes its own.
    fn head_context(
        &self,
        path: &str,
        title: &str,
        description: &str,
        preview: &Preview,
    ) -> Context {
        let mut context = self.base_context(path, title, description);
        self.insert_preview(&mut context, title, preview);
        context
    }

    fn description_or_site<'d>(&'d self, description: &'d str) -> &'d str {
        if description.is_empty() {
            &self.config.description
        } else {
            description
        }
    }

    /// The `og` value, `page_author` and `noindex` of a page.
    pub(super) fn insert_preview(&self, context: &mut Context, title: &str, preview: &Preview) {
        let og_type = if preview.og_type.is_empty() {
            "website"
        } else {
            preview.og_type
        };
        let date =
            |d: Option<&PageDate>| d.map_or_else(Value::none, |d| Value::from(structured::iso(d)));
        let og = map([
            ("type", Value::from(og_type)),
            ("title", Value::from(title)),
            ("site_name", Value::from(self.config.title.as_str())),
            (
                "locale",
                Value::from(structured::og_locale(&self.config.language)),
            ),
            ("published_time", date(preview.published)),
            (
                "modified_time",
                date(preview.modified.or(preview.published)),
            ),
            (
                "tags",
                Value::from(
                    preview
                        .tags
                        .iter()
                        .map(|t| Value::from(t.as_str()))
                        .collect::<Vec<_>>(),
                ),
            ),
        ]);
        context.insert_value("og", og);
        let author = preview.author.unwrap_or(&self.config.author.name);
        context.insert_value("page_author", Value::from(author));
        context.insert_value("noindex", Value::from(false));
    }

    /// `structured_data`: the page's JSON-LD, ready for a script element.
    pub(super) fn insert_structured(&self, context: &mut Context, data: &serde_json::Value) {
        context.insert_value(
            "structured_data",
            Value::safe_string(&structured::script_json(data)),
        );
    }

    /// The byline of a page: the guest's name, else the site's author with
    /// credentials and a link to the about page.
    fn byline_value(&self, page: &SitePage) -> Value {
        match &page.parsed.front.author {
            Some(guest) => map([
                ("name", Value::from(guest.as_str())),
                ("credentials", Value::none()),
                ("url", Value::none()),
                ("guest", Value::from(true)),
            ]),
            None => {
                let author = &self.config.author;
                map([
                    ("name", Value::from(author.name.as_str())),
                    ("credentials", Value::from(author.credentials.clone())),
                    (
                        "url",
                        Value::from(
                            self.facts
                                .about
                                .as_ref()
                                .map(|_| self.config.url(structured::ABOUT_PATH)),
                        ),
                    ),
                    ("guest", Value::from(false)),
                ])
            }
        }
    }

    /// The `site` variable for a page at `path`: only which menu items are
    /// active depends on the page, so each variant is built once.
    pub(super) fn site_value(&self, path: &str) -> Value {
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
            (
                "credentials",
                Value::from(config.author.credentials.clone()),
            ),
            (
                "photo",
                Value::from(self.facts.photo.as_deref().map(|path| config.url(path))),
            ),
        ]);
        let social: Vec<Value> = config
            .social
            .iter()
            .map(|link| {
                map([
                    ("label", Value::from(link.label.as_str())),
                    ("url", Value::from(link.url.as_str())),
                ])
            })
            .collect();
        let practice = &config.practice;
        let location = practice.location.as_ref().map_or_else(Value::none, |at| {
            map([
                ("city", Value::from(at.city.clone())),
                ("region", Value::from(at.region.clone())),
                ("country", Value::from(at.country.clone())),
            ])
        });
        let practice = map([
            ("licensed", Value::from(practice.licensed)),
            ("online", Value::from(practice.online)),
            ("location", location),
        ]);
        let site = map([
            ("title", Value::from(config.title.as_str())),
            ("description", Value::from(config.description.as_str())),
            ("language", Value::from(config.language.as_str())),
            ("base_url", Value::from(config.base_url.as_str())),
            ("base_path", Value::from(config.base_path.as_str())),
            ("author", author),
            ("social", Value::from(social)),
            ("practice", practice),
            ("menu", Value::from(menu)),
            ("booking", booking),
            ("feed_url", Value::from(config.url(paths::FEED))),
            ("search_url", search_url(config, self.site)),
            ("stylesheet_url", feeds::stylesheet_url(config, self.site)),
            ("extra", Value::from_serializable(&config.extra)),
        ]);
        built.push((active, site.clone()));
        site
    }

    /// The list of pages and comparisons that link to something.
    pub(super) fn backlinks_value(&self, backlinks: &[Target]) -> Value {
        backlinks_value(self.config, self.site, backlinks)
    }

    /// Renders a comparison table through the theme's partial.
    pub(super) fn render_table(&self, comparison: Value, file: &str) -> Result<String, Diagnostic> {
        let mut context = self.base_context(paths::COMPARISONS, "", "");
        context.insert_value("comparison", comparison);
        self.templates.render(TABLE_PARTIAL, &context, file)
    }

    /// The HTML of a page's embedded blocks, by their offset in the body.
    pub(super) fn render_embeds(
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
                ResolvedEmbed::Services(ids) => self.render_services_block(page, ids)?,
                ResolvedEmbed::Testimonials(count) => {
                    self.render_testimonials_block(page, *count)?
                }
                ResolvedEmbed::Faq { faq, links } => blocks::faq_html(faq, links),
                ResolvedEmbed::Form(kind) => self
                    .config
                    .forms
                    .get(*kind)
                    .map(|form| blocks::form_html(self.config, self.site, form))
                    .unwrap_or_default(),
                // The referral file failed: its own errors say what to fix,
                // and a callout without its data would only add a false one.
                ResolvedEmbed::Referral if self.site.referral.is_none() => String::new(),
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

    pub(super) fn render_comparison(
        &self,
        comparison: &SiteComparison,
        value: &Value,
        table: &str,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let data = &comparison.parsed.comparison;
        let crumbs = [
            (self.config.title.clone(), self.config.permalink("/")),
            (
                self.config.strings.text("comparisons_title"),
                self.config.permalink(paths::COMPARISONS),
            ),
            (data.title.clone(), self.config.permalink(&comparison.path)),
        ];
        let mut context =
            self.page_context_with(&comparison.path, &data.title, &data.description, &crumbs);
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
    pub(super) fn render_page(
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
        let description = if page.parsed.kind == PageKind::Section && front.description.is_empty() {
            link::page_description(self.config, self.site, page)
        } else {
            front.description.clone()
        };
        let article = page.parsed.kind == PageKind::Page && !page.folder.is_empty();
        let crumbs = structured::page_crumbs(self.config, self.site, page);
        let preview = if article {
            Preview {
                og_type: "article",
                published: front.date.as_ref(),
                modified: front.updated.as_ref(),
                tags: &front.tags,
                author: front.author.as_deref(),
            }
        } else {
            Preview::default()
        };
        // The head's values and structured data made once, for this kind of page.
        let mut context = self.head_context(&page.path, title, &description, &preview);
        let description = self.description_or_site(&description);
        if page.hidden {
            context.insert_value("noindex", Value::from(true));
        }
        let services = practice::embedded_services(page);
        let faq = structured::has_faq(page);
        let mut data = if article {
            structured::article(self.config, &self.facts, page, description, &crumbs)
        } else if page.parsed.kind == PageKind::Home {
            structured::home(self.config, &self.facts, description)
        } else {
            structured::web_page(
                self.config,
                &self.facts,
                &page.path,
                title,
                description,
                &crumbs,
            )
        };
        if !services.is_empty() || faq {
            structured::add_nodes(&mut data, practice::service_nodes(self, &services));
            structured::add_faq(&mut data, self.config, page);
        }
        self.insert_structured(&mut context, &data);
        if front.image.is_some() {
            let value = share::share_value(self.config, &page.path, &front.image_alt);
            context.insert_value("share_image", value);
        }
        context.insert_value(
            "hero",
            super::photos::hero_value(self.config, self.site, page),
        );
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
                add(
                    "content",
                    Value::safe_string(&localized_markup(self.config, content)),
                );
                add("toc", toc_value(&page.parsed.body.headings));
                add("show_toc", Value::from(front.toc));
                add("backlinks", backlinks);
                // Rendered before any summary exists, so without one.
                let related: Vec<Value> = page
                    .related
                    .iter()
                    .map(|&i| self.related_summary(i))
                    .collect();
                add("related", Value::from(related));
                add("section", section);
                add("byline", self.byline_value(page));
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
                    (
                        "content",
                        Value::safe_string(&localized_markup(self.config, content)),
                    ),
                    ("backlinks", backlinks),
                    ("extra", Value::from_serializable(&front.extra)),
                    ("pages", Value::from(pages)),
                ]);
                context.insert_value("section", section);
                if page.parsed.kind == PageKind::Home {
                    let latest: Vec<Value> = self
                        .site
                        .latest_articles()
                        .into_iter()
                        .map(|i| self.summaries[i].clone())
                        .collect();
                    context.insert_value("latest", Value::from(latest));
                    self.insert_home_practice(&mut context);
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

    pub(super) fn render_tag(&self, tag: &TagGroup) -> Result<(String, Vec<u8>), Diagnostic> {
        let path = tag_path(&tag.slug);
        let description = link::tag_description(self.config, self.site, tag);
        let title = self
            .config
            .strings
            .format("tag_title", None, &[("tag", &tag.name)]);
        let crumbs = [
            (self.config.title.clone(), self.config.permalink("/")),
            (
                self.config.strings.text("tags_title"),
                self.config.permalink(paths::TAGS),
            ),
            (title.clone(), self.config.permalink(&path)),
        ];
        let mut context = self.page_context_with(&path, &title, &description, &crumbs);
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

    pub(super) fn tags_value(&self) -> Value {
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

/// `site.search_url`: the search page's address, or none without search.
fn search_url(config: &SiteConfig, site: &LinkedSite) -> Value {
    if crate::link::search_enabled(config, &site.pages) {
        Value::from(config.url(paths::SEARCH))
    } else {
        Value::none()
    }
}
