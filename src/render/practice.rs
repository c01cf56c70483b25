//! Services and testimonials: their values as templates see them, their
//! own pages (`/services/`, `/testimonials/`), the blocks that embed them
//! and what the home page shows of them.

use super::*;
use crate::link::SiteServices;
use crate::parse::Service;

/// The partial of service cards, for the page, the block and the home page.
pub(super) const SERVICES_PARTIAL: &str = "partials/services.html";
/// The partial of testimonial quotes.
pub(super) const TESTIMONIALS_PARTIAL: &str = "partials/testimonials.html";
/// How many services and testimonials the home page shows.
pub(super) const HOME_COUNT: usize = 3;

/// The booking link of a service: its own, else the site's button.
pub(super) fn service_booking(
    config: &SiteConfig,
    site: &LinkedSite,
    service: &Service,
) -> Option<(String, String)> {
    // The site's button may say "Book a free call": wrong on a paid
    // service, so the cards say only "Book" (named by the service).
    let label = config.strings.text("service_book");
    match &service.booking {
        Some(url) => Some((site.settings_href(config, url), label)),
        None => config
            .booking
            .as_ref()
            .map(|booking| (site.settings_href(config, &booking.url), label)),
    }
}

/// One service's card values.
fn service_value(
    config: &SiteConfig,
    site: &LinkedSite,
    services: &SiteServices,
    i: usize,
) -> Value {
    let service = &services.parsed.data.services[i];
    let summary = service.summary.as_ref().map_or_else(Value::none, |cell| {
        Value::safe_string(&markdown::inline_html(
            &cell.text,
            &cell_links(&services.links, cell.index),
        ))
    });
    let booking = service_booking(config, site, service)
        .map_or_else(Value::none, |(url, label)| {
            map([("url", Value::from(url)), ("label", Value::from(label))])
        });
    map([
        ("id", Value::from(service.id.as_str())),
        ("name", Value::from(service.name.as_str())),
        ("summary", summary),
        ("duration", Value::from(service.duration.clone())),
        ("price", Value::from(service.price.clone())),
        ("format", Value::from(service.format.clone())),
        ("booking", booking),
        (
            "url",
            Value::from(format!("{}#{}", config.url(paths::SERVICES), service.id)),
        ),
    ])
}

/// The `services` value: the page's URL and the cards at `indices`.
pub(super) fn services_value(config: &SiteConfig, site: &LinkedSite, indices: &[usize]) -> Value {
    let Some(services) = &site.services else {
        return Value::none();
    };
    let items: Vec<Value> = indices
        .iter()
        .filter(|&&i| i < services.parsed.data.services.len())
        .map(|&i| service_value(config, site, services, i))
        .collect();
    map([
        ("url", Value::from(config.url(paths::SERVICES))),
        ("total", Value::from(services.parsed.data.services.len())),
        ("items", Value::from(items)),
    ])
}

/// The `testimonials` value: the page's URL and the first `count` quotes.
pub(super) fn testimonials_value(
    config: &SiteConfig,
    site: &LinkedSite,
    count: Option<usize>,
) -> Value {
    let Some(testimonials) = &site.testimonials else {
        return Value::none();
    };
    let all = &testimonials.data.testimonials;
    let items: Vec<Value> = all
        .iter()
        .take(count.unwrap_or(all.len()))
        .map(|t| {
            map([
                ("quote", Value::from(t.quote.as_str())),
                ("name", Value::from(t.name.as_str())),
                ("context", Value::from(t.context.clone())),
                ("consent", Value::from(t.consent.as_str())),
            ])
        })
        .collect();
    map([
        ("url", Value::from(config.url(paths::TESTIMONIALS))),
        ("total", Value::from(all.len())),
        ("items", Value::from(items)),
    ])
}

/// The services shown by a page's blocks, in order, each once.
pub(super) fn embedded_services(page: &SitePage) -> Vec<usize> {
    let mut blocks: Vec<(&usize, &Vec<usize>)> = page
        .embeds
        .iter()
        .filter_map(|(offset, embed)| match embed {
            ResolvedEmbed::Services(ids) => Some((offset, ids)),
            _ => None,
        })
        .collect();
    blocks.sort();
    let mut shown = Vec::new();
    for i in blocks.into_iter().flat_map(|(_, ids)| ids.iter().copied()) {
        if !shown.contains(&i) {
            shown.push(i);
        }
    }
    shown
}

/// The Service nodes (each with its Offer) of the services at `indices`.
pub(super) fn service_nodes(renderer: &Renderer, indices: &[usize]) -> Vec<serde_json::Value> {
    let (config, site) = (renderer.config, renderer.site);
    let Some(services) = &site.services else {
        return Vec::new();
    };
    indices
        .iter()
        .filter_map(|&i| services.parsed.data.services.get(i))
        .map(|service| {
            let summary = service.summary.as_ref().map(|cell| {
                plain_text(&markdown::inline_html(
                    &cell.text,
                    &cell_links(&services.links, cell.index),
                ))
            });
            let booking = service_booking(config, site, service).map(|(url, _)| {
                if url.starts_with('/') {
                    let origin_end = config.base_url.len() - config.base_path.len();
                    format!("{}{url}", &config.base_url[..origin_end])
                } else {
                    url
                }
            });
            structured::service(config, &renderer.facts, service, summary, booking)
        })
        .collect()
}

/// The text of a bit of inline HTML, for structured data.
fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

impl Renderer<'_> {
    /// The HTML of a ```` ```services ```` block.
    pub(super) fn render_services_block(
        &self,
        page: &SitePage,
        ids: &[usize],
    ) -> Result<String, Diagnostic> {
        let mut context = self.base_context(&page.path, "", "");
        context.insert_value("services", services_value(self.config, self.site, ids));
        context.insert_value("heading_level", Value::from(3));
        self.templates
            .render(SERVICES_PARTIAL, &context, &page.parsed.file.display_path())
    }

    /// The HTML of a ```` ```testimonials ```` block.
    pub(super) fn render_testimonials_block(
        &self,
        page: &SitePage,
        count: Option<usize>,
    ) -> Result<String, Diagnostic> {
        let mut context = self.base_context(&page.path, "", "");
        context.insert_value(
            "testimonials",
            testimonials_value(self.config, self.site, count),
        );
        self.templates.render(
            TESTIMONIALS_PARTIAL,
            &context,
            &page.parsed.file.display_path(),
        )
    }

    /// What the home page shows of the services and testimonials.
    pub(super) fn insert_home_practice(&self, context: &mut Context) {
        let shown: Vec<usize> = (0..HOME_COUNT).collect();
        context.insert_value("services", services_value(self.config, self.site, &shown));
        context.insert_value(
            "testimonials",
            testimonials_value(self.config, self.site, Some(HOME_COUNT)),
        );
        // The full list of the latest articles: the section of the newest.
        let section = self
            .site
            .latest_articles()
            .first()
            .and_then(|&i| self.site.pages[i].section)
            .filter(|&s| self.site.pages[s].parsed.kind == PageKind::Section);
        let latest_url = section.map(|s| self.config.url(&self.site.pages[s].path));
        context.insert_value("latest_url", Value::from(latest_url));
        let about = self.facts.about.as_ref();
        let about_url = about.map(|_| self.config.url(structured::ABOUT_PATH));
        context.insert_value("about_url", Value::from(about_url));
    }

    /// `/services/` and `/testimonials/`, for the sites that have them.
    pub(super) fn render_practice_pages(&self) -> Vec<Result<(String, Vec<u8>), Diagnostic>> {
        let (config, site) = (self.config, self.site);
        let mut pages = Vec::new();
        if let Some(services) = &site.services {
            let title = &config.strings.text("services_title");
            let description =
                config
                    .strings
                    .format("services_description", None, &[("site", &config.title)]);
            let all: Vec<usize> = (0..services.parsed.data.services.len()).collect();
            let mut context = self.page_context(paths::SERVICES, title, &description);
            let mut data = structured::web_page(
                config,
                &self.facts,
                paths::SERVICES,
                title,
                &description,
                &[],
            );
            structured::add_nodes(&mut data, service_nodes(self, &all));
            self.insert_structured(&mut context, &data);
            context.insert_value("services", services_value(config, site, &all));
            let file = services.parsed.file.display_path();
            pages.push(
                self.templates
                    .render_bytes("services.html", &context, &file, PAGE_SIZE_HINT)
                    .map(|html| (output_file(paths::SERVICES), html)),
            );
        }
        if let Some(testimonials) = &site.testimonials {
            let title = &config.strings.text("testimonials_title");
            let description =
                config
                    .strings
                    .format("testimonials_description", None, &[("site", &config.title)]);
            let mut context = self.page_context(paths::TESTIMONIALS, title, &description);
            context.insert_value("testimonials", testimonials_value(config, site, None));
            let file = testimonials.file.display_path();
            pages.push(
                self.templates
                    .render_bytes("testimonials.html", &context, &file, PAGE_SIZE_HINT)
                    .map(|html| (output_file(paths::TESTIMONIALS), html)),
            );
        }
        pages
    }
}
