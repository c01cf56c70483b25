//! The template variables of pages, summaries, comparisons and the
//! referral page, as docs/templates.md describes them.

use super::*;

/// A template map of `entries`. Made as Tera's own map (a hash map), which
/// the value takes entry by entry; a `BTreeMap` on the way would sort them
/// for nothing, a few percent of a build's instructions.
pub(super) fn map<const N: usize>(entries: [(&'static str, Value); N]) -> Value {
    Value::from(fields(entries))
}

/// Tera's map of `entries`, for a caller that adds to it before it becomes
/// a value.
pub(super) fn fields<const N: usize>(entries: [(&'static str, Value); N]) -> tera::Map {
    let mut fields = tera::Map::with_capacity(N + 4);
    for (key, value) in entries {
        fields.insert(key.into(), value);
    }
    fields
}

/// The fields a page and its summary share.
pub(super) fn page_fields(config: &SiteConfig, page: &SitePage, summary: &str) -> tera::Map {
    let front = &page.parsed.front;
    let date = |d: &Option<PageDate>| d.map_or_else(Value::none, |d| Value::from(d.iso_date()));
    let date_display = |d: &Option<PageDate>| {
        d.map_or_else(Value::none, |d| Value::from(config.strings.date(d.date)))
    };
    let tags: Vec<Value> = front
        .tags
        .iter()
        .filter_map(|name| {
            // A tag without a usable slug is an error when linking.
            let slug = crate::paths::slug_in(name, &config.language);
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
    fields([
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
pub(super) fn summary_value(config: &SiteConfig, page: &SitePage, summary: &str) -> Value {
    Value::from(page_fields(config, page, summary))
}

/// Nests headings: each heading holds the deeper ones that follow it.
pub(super) fn toc_value(headings: &[Heading]) -> Value {
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
pub(super) fn comparison_value(
    config: &SiteConfig,
    site: &LinkedSite,
    comparison: &SiteComparison,
) -> Value {
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
pub(super) fn comparison_fields(
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
    let mut fields = fields([
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
    fields.insert("url".into(), url);
    fields.insert("permalink".into(), permalink);
    fields.insert("backlinks".into(), backlinks);
    Value::from(fields)
}

/// The referral guidelines as templates see them: criteria grouped by level
/// (urgent first), crisis resources with `tel:` links, the scope statement.
pub(super) fn referral_value(
    config: &SiteConfig,
    site: &LinkedSite,
    referral: &SiteReferral,
) -> Value {
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
                ("sms", Value::from(r.sms.clone())),
                ("sms_url", Value::from(r.sms_url())),
                ("text", Value::from(r.text.clone())),
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
pub(super) fn backlinks_value(
    config: &SiteConfig,
    site: &LinkedSite,
    backlinks: &[Target],
) -> Value {
    let list: Vec<Value> = backlinks
        .iter()
        .map(|&source| {
            let (title, path) = site.target(source);
            // The pages Hearth names itself are named in the site's language.
            let title = match source {
                Target::Glossary => config.strings.text("glossary_title"),
                Target::Services => config.strings.text("services_title"),
                _ => title.to_string(),
            };
            map([
                ("title", Value::from(title)),
                ("url", Value::from(config.url(path))),
            ])
        })
        .collect();
    Value::from(list)
}

/// A page's HTML with the words markdown writes itself (the label of a
/// table's scrolling region, the names of task-list boxes) in the site's
/// language; unchanged, and not copied, when they are English.
pub(super) fn localized_markup<'a>(
    config: &SiteConfig,
    html: &'a str,
) -> std::borrow::Cow<'a, str> {
    let strings = &config.strings;
    let mut html = std::borrow::Cow::Borrowed(html);
    for (english, key) in [
        ("aria-label=\"Table", "table"),
        ("aria-label=\"done\"", "task_done"),
        ("aria-label=\"to do\"", "task_todo"),
    ] {
        if !html.contains(english) {
            continue;
        }
        let words = strings.text(key);
        let english_words = &english["aria-label=\"".len()..].trim_end_matches('"');
        if words == *english_words {
            continue;
        }
        let localized = english.replacen(english_words, &markdown::escape(&words), 1);
        html = std::borrow::Cow::Owned(html.replace(english, &localized));
    }
    html
}

/// The resolved links of one cell, by their offset in its text.
pub(super) fn cell_links(links: &CellLinks, cell: usize) -> HashMap<usize, ResolvedLink> {
    links
        .iter()
        .filter(|((index, _), _)| *index == cell)
        .map(|((_, offset), link)| (*offset, link.clone()))
        .collect()
}

/// A URL as people read it: without the scheme, `www.` or a trailing slash.
pub(super) fn url_label(url: &str) -> String {
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
    bare.strip_prefix("www.")
        .unwrap_or(bare)
        .trim_end_matches('/')
        .to_string()
}
