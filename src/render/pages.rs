//! The renderer: every kind of page (articles, lists, tags, comparisons)
//! from its template and values, and the values every page shares.

use super::*;

pub(super) struct Renderer<'a> {
    pub(super) config: &'a SiteConfig,
    pub(super) site: &'a LinkedSite,
    pub(super) templates: &'a Templates,
    /// Every page's summary, by page index (filled once bodies are rendered).
    pub(super) summaries: Vec<Value>,
    /// Every comparison by id, for templates.
    pub(super) comparisons: Value,
    /// The referral guidelines, or none: every page's footer uses them.
    pub(super) referral: Value,
    /// The `site` variable, built once for each set of active menu items.
    pub(super) site_values: Mutex<Vec<(Vec<bool>, Value)>>,
}

impl Renderer<'_> {
    /// A plain page (not a list) rendered with its embedded blocks: its
    /// summary, for the lists, and its output path and HTML.
    pub(super) fn render_plain(
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
            ("feed_url", Value::from(config.url(paths::FEED))),
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
        let mut context = self.base_context(&page.path, title, &front.description);
        if front.image.is_some() {
            let value = share::share_value(self.config, &page.path, &front.image_alt);
            context.insert_value("share_image", value);
        }
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
                        .latest_articles()
                        .into_iter()
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

    pub(super) fn render_tag(&self, tag: &TagGroup) -> Result<(String, Vec<u8>), Diagnostic> {
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
