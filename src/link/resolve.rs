//! Resolving: every link of a page or data file (relative file links,
//! site paths, wikilinks, `#anchors`, embedded blocks) against the lookup
//! tables, rewritten for output or reported with its place.

use std::collections::HashMap;

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, LineIndex, Location, closest_within, did_you_mean};
use crate::files::SiteRoot;
use crate::load::SourceFile;
use crate::parse::comparison::Cell;
use crate::parse::services::SERVICES_FILE;
use crate::parse::testimonials::TESTIMONIALS_FILE;
use crate::parse::{ComparisonBlock, EmbedKind, LinkKind, RawLink, ServicesBlock, Unpublish};
use crate::paths;

use super::address::{
    has_scheme, is_file_like, join_address, join_relative, relative_from, with_fragment,
};
use super::index::{FastSet, LinkIndex};
use super::site::{CellLinks, LinkedSite, ResolvedEmbed, ResolvedLink, SitePage, Target};

/// What resolving one source's links found: rewritten links, embeds, the
/// targets it points at (for backlinks), and its broken links.
#[derive(Default)]
pub(super) struct SourceLinks {
    pub(super) links: HashMap<usize, ResolvedLink>,
    pub(super) cell_links: CellLinks,
    pub(super) embeds: HashMap<usize, ResolvedEmbed>,
    pub(super) targets: Vec<Target>,
    pub(super) errors: Vec<Diagnostic>,
    /// Links to files whose front matter failed (indexes into
    /// [`LinkIndex::unpublished`]), told once per file instead.
    pub(super) failed_targets: Vec<usize>,
}

impl SourceLinks {
    /// Keeps a link's problem: an error, or a link to a failed file.
    pub(super) fn problem(
        &mut self,
        problem: LinkProblem,
        file: &str,
        location: impl FnOnce() -> Location,
    ) {
        match problem.failed_target {
            Some(i) => self.failed_targets.push(i),
            None => self.errors.push(problem.at(file, location())),
        }
    }
}

/// What went wrong with one link, before it is tied to its place.
pub(super) struct LinkProblem {
    pub(super) code: &'static str,
    pub(super) message: String,
    pub(super) help: String,
    /// The link points at a file whose own front matter failed (index into
    /// [`LinkIndex::unpublished`]): not reported as a broken link, as the
    /// file's own errors say what to fix.
    pub(super) failed_target: Option<usize>,
}

impl LinkProblem {
    pub(super) fn new(message: String, suggestion: Option<String>, fallback: &str) -> LinkProblem {
        LinkProblem {
            code: "broken-link",
            message,
            help: suggestion
                .map_or_else(|| fallback.to_string(), |s| format!("did you mean `{s}`?")),
            failed_target: None,
        }
    }

    /// The problem of a link to a draft or to a file that failed.
    pub(super) fn unpublished(index: &LinkIndex, i: usize) -> LinkProblem {
        let file = &index.unpublished[i];
        match file.reason {
            Unpublish::Draft => LinkProblem {
                code: "draft-link",
                message: format!(
                    "this links to content/{}, which is a draft (`draft: true`), so it is not published",
                    file.path
                ),
                help: "publish that page (remove `draft: true`), or remove this link; `--drafts` includes drafts in a preview".to_string(),
                failed_target: None,
            },
            Unpublish::Failed => LinkProblem {
                code: "broken-link",
                message: format!("content/{} has errors", file.path),
                help: "fix that file's errors first".to_string(),
                failed_target: Some(i),
            },
        }
    }

    pub(super) fn at(self, file: &str, location: Location) -> Diagnostic {
        Diagnostic::error(self.code, self.message)
            .in_file(file)
            .at(location)
            .help(self.help)
    }
}

/// Where a link is written: the content folder relative links start from,
/// and the target it is on (for `#anchor` links).
pub(super) struct LinkSource<'a> {
    pub(super) folder: &'a str,
    pub(super) this: Target,
}

pub(super) fn resolve_page(
    config: &SiteConfig,
    index: &LinkIndex,
    site: &LinkedSite,
    i: usize,
    page: &SitePage,
) -> SourceLinks {
    let mut result = SourceLinks::default();
    let file = &page.parsed.file;
    let display = file.display_path();
    let source = LinkSource {
        folder: file.folder(),
        this: Target::Page(i),
    };
    // Made at the first broken link: a page with thousands of them costs
    // one pass over its text for their lines (and, when `build` let go of
    // the body's text, one read of the file).
    let lines = std::cell::OnceCell::new();
    for link in &page.parsed.body.links {
        match resolve_link(config, index, site, &source, link) {
            Ok(Some((resolved, target))) => {
                result.links.insert(link.offset, resolved);
                result.targets.extend(target);
            }
            Ok(None) => {}
            Err(problem) => result.problem(problem, &display, || {
                let (text, lines) = lines.get_or_init(|| {
                    let text = page
                        .parsed
                        .source_text(&SiteRoot::for_one_pass(&config.root));
                    let lines = LineIndex::new(&text);
                    (text, lines)
                });
                Location::at_offset_in(
                    lines,
                    text,
                    page.parsed.body_offset + link.offset,
                    link.length,
                )
            }),
        }
    }
    for embed in &page.parsed.embeds {
        let resolved = match &embed.kind {
            EmbedKind::Referral if site.referral.is_some() || index.referral_file_exists => {
                result.targets.push(Target::Referral);
                ResolvedEmbed::Referral
            }
            EmbedKind::Referral => {
                let body_offset = page.parsed.body_offset;
                let location = Location::at_offset(&file.text, body_offset + embed.offset, 3);
                result.errors.push(
                    Diagnostic::error("missing-referral", "this page embeds the referral callout, but there is no content/referral.yaml")
                        .in_file(&display)
                        .at(location)
                        .help("add content/referral.yaml, or remove the `referral` block"),
                );
                continue;
            }
            EmbedKind::Comparison(ComparisonBlock::Reference { id, location }) => {
                match index.comparisons.get(id) {
                    Some(&comparison) => {
                        result.targets.push(Target::Comparison(comparison));
                        ResolvedEmbed::Comparison(comparison)
                    }
                    None => {
                        let suggestion = did_you_mean(id, sorted(index.comparisons.keys()));
                        let mut ids: Vec<&str> =
                            index.comparisons.keys().map(String::as_str).collect();
                        ids.sort_unstable();
                        let fallback = if ids.is_empty() {
                            "there are no comparisons yet: add one as content/comparisons/<id>.yaml"
                                .to_string()
                        } else {
                            format!("the comparisons are: {}", ids.join(", "))
                        };
                        result.errors.push(
                            LinkProblem::new(
                                format!("there is no comparison `{id}`"),
                                suggestion.map(str::to_string),
                                &fallback,
                            )
                            .at(&display, location.clone()),
                        );
                        continue;
                    }
                }
            }
            EmbedKind::Services(block) => {
                let Some(resolved) = resolve_services_block(site, index, block, &display, || {
                    Location::at_offset(&file.text, page.parsed.body_offset + embed.offset, 3)
                }) else {
                    continue;
                };
                match resolved {
                    Ok(ids) => {
                        result.targets.push(Target::Services);
                        ResolvedEmbed::Services(ids)
                    }
                    Err(errors) => {
                        result.errors.extend(errors);
                        continue;
                    }
                }
            }
            EmbedKind::Testimonials(block) => {
                if site.testimonials.is_none() {
                    if !index.invalid_files.contains(TESTIMONIALS_FILE) {
                        let location = Location::at_offset(
                            &file.text,
                            page.parsed.body_offset + embed.offset,
                            3,
                        );
                        result.errors.push(
                            Diagnostic::error("missing-testimonials", "this page shows testimonials, but content/testimonials.yaml has none")
                                .in_file(&display)
                                .at(location)
                                .help("add testimonials to content/testimonials.yaml, each with the date of the client's written consent, or remove the `testimonials` block"),
                        );
                    }
                    continue;
                }
                ResolvedEmbed::Testimonials(block.count)
            }
            EmbedKind::Comparison(ComparisonBlock::Inline(comparison)) => {
                let links = resolve_cells(
                    config,
                    index,
                    site,
                    &source,
                    comparison.cells(),
                    &display,
                    &mut result,
                );
                ResolvedEmbed::Inline {
                    comparison: comparison.clone(),
                    links,
                }
            }
            EmbedKind::Faq(faq) => {
                let links = resolve_cells(
                    config,
                    index,
                    site,
                    &source,
                    faq.cells(),
                    &display,
                    &mut result,
                );
                ResolvedEmbed::Faq {
                    faq: Box::new(faq.clone()),
                    links,
                }
            }
            EmbedKind::Form(block) if config.forms.get(block.kind).is_some() => {
                ResolvedEmbed::Form(block.kind)
            }
            EmbedKind::Form(block) => {
                let name = block.kind.name();
                result.errors.push(
                    Diagnostic::error("missing-form", format!("this page shows the {name} form, but site.yaml has no `forms: {name}:`"))
                        .in_file(&display)
                        .at(block.location.clone())
                        .help(format!("add `forms: {{ {name}: {{ action: \"https://...\" }} }}` to content/site.yaml with the address your form service gave you, or remove this block")),
                );
                continue;
            }
        };
        result.embeds.insert(embed.offset, resolved);
    }
    result
}

/// The services a ```` ```services ```` block shows, by index: all of them,
/// or those its `ids` name. `None` when there is nothing to show and
/// nothing new to say (the services file failed, and its errors are told).
fn resolve_services_block(
    site: &LinkedSite,
    index: &LinkIndex,
    block: &ServicesBlock,
    display: &str,
    block_location: impl FnOnce() -> Location,
) -> Option<Result<Vec<usize>, Vec<Diagnostic>>> {
    let Some(services) = &site.services else {
        if index.invalid_files.contains(SERVICES_FILE) {
            return None;
        }
        return Some(Err(vec![
            Diagnostic::error(
                "missing-services",
                "this page shows services, but content/services.yaml lists none",
            )
            .in_file(display)
            .at(block_location())
            .help("add your services to content/services.yaml, or remove the `services` block"),
        ]));
    };
    let list = &services.parsed.data.services;
    let Some(ids) = &block.ids else {
        return Some(Ok((0..list.len()).collect()));
    };
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for (id, location) in ids {
        match list.iter().position(|service| service.id == *id) {
            Some(i) => found.push(i),
            None => {
                let known: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
                let help = match did_you_mean(id, known.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the services are: {}", known.join(", ")),
                };
                errors.push(
                    Diagnostic::error("unknown-service", format!("there is no service `{id}`"))
                        .in_file(display)
                        .at(location.clone())
                        .help(help),
                );
            }
        }
    }
    Some(if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    })
}

/// Resolves the links of a YAML data file's markdown (comparison cells,
/// referral criteria), relative to the file's folder.
pub(super) fn resolve_data_file<'a>(
    config: &SiteConfig,
    index: &LinkIndex,
    site: &LinkedSite,
    this: Target,
    file: &SourceFile,
    cells: impl Iterator<Item = &'a Cell>,
) -> SourceLinks {
    let mut result = SourceLinks::default();
    let source = LinkSource {
        folder: file.folder(),
        this,
    };
    let display = file.display_path();
    result.cell_links = resolve_cells(config, index, site, &source, cells, &display, &mut result);
    result
}

/// Resolves the links inside table cells; errors point at the cell.
pub(super) fn resolve_cells<'a>(
    config: &SiteConfig,
    index: &LinkIndex,
    site: &LinkedSite,
    source: &LinkSource,
    cells: impl Iterator<Item = &'a Cell>,
    display: &str,
    result: &mut SourceLinks,
) -> CellLinks {
    let mut links = CellLinks::new();
    for cell in cells {
        for link in &cell.links {
            match resolve_link(config, index, site, source, link) {
                Ok(Some((resolved, target))) => {
                    links.insert((cell.index, link.offset), resolved);
                    result.targets.extend(target);
                }
                Ok(None) => {}
                Err(problem) => result.problem(problem, display, || cell.location.clone()),
            }
        }
    }
    links
}

/// Resolves one link: `Ok(None)` leaves it as written (external links).
pub(super) fn resolve_link(
    config: &SiteConfig,
    index: &LinkIndex,
    site: &LinkedSite,
    source: &LinkSource,
    link: &RawLink,
) -> Result<Option<(ResolvedLink, Option<Target>)>, LinkProblem> {
    let dest = link.dest.trim();
    let (target_text, fragment) = match dest.split_once('#') {
        Some((target, fragment)) => (target, Some(fragment)),
        None => (dest, None),
    };
    let to_target = |target: Target,
                     text: Option<String>|
     -> Result<Option<(ResolvedLink, Option<Target>)>, LinkProblem> {
        let anchor = check_anchor(index, site, target, fragment)?;
        let url = with_fragment(config.url(site.target(target).1), anchor.as_deref());
        Ok(Some((ResolvedLink { url, text }, Some(target))))
    };
    if let LinkKind::Wiki { has_label } = link.kind {
        let target = resolve_wikilink(index, site, target_text)?;
        let text = (!has_label).then(|| {
            let heading = match (target, fragment) {
                (Target::Page(i), Some(id)) => site.pages[i]
                    .parsed
                    .body
                    .headings
                    .iter()
                    .find(|h| h.id == id),
                _ => None,
            };
            heading.map_or_else(|| site.target(target).0.to_string(), |h| h.text.clone())
        });
        return to_target(target, text);
    }
    // Only an address with a scheme is parsed twice: most links are paths.
    if has_scheme(dest) && crate::urls::runs_script(dest) {
        return Err(LinkProblem::new(
            "this address runs a script instead of leading to a page (a `javascript:` or `vbscript:` address), which visitors' browsers and the site's security policy refuse".to_string(),
            None,
            "link to a page of the site or to an https address",
        ));
    }
    if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
        return Ok(None);
    }
    // A page's address relative to this one's, as a browser reads it.
    let by_address = || match relative_address(index, site, source, target_text)? {
        Some(target) => to_target(target, None),
        None => Ok(None),
    };
    let target_text = target_text.split('?').next().unwrap_or_default();
    if target_text.is_empty() {
        // `#anchor` on the same page.
        check_anchor(index, site, source.this, fragment)?;
        return Ok(None);
    }
    if let Some(site_path) = target_text.strip_prefix('/') {
        let path = format!("/{site_path}");
        let normalized = if is_file_like(&path) || path.ends_with('/') {
            path.clone()
        } else {
            format!("{path}/")
        };
        if let Some(&target) = index.by_path.get(&normalized) {
            return to_target(target, None);
        }
        if index.known_paths.contains(&normalized) || index.known_paths.contains(&path) {
            let url = with_fragment(config.url(&path), fragment);
            return Ok(Some((ResolvedLink { url, text: None }, None)));
        }
        // A page's own file, `/about/index.html`, is the page.
        if let Some(&target) = path
            .strip_suffix("index.html")
            .filter(|folder| folder.ends_with('/'))
            .and_then(|folder| index.by_path.get(folder))
        {
            return to_target(target, None);
        }
        if let Some(&i) = index.unpublished_by_path.get(&normalized) {
            return Err(LinkProblem::unpublished(index, i));
        }
        if normalized == paths::COMPARISONS {
            return Err(LinkProblem::new(
                format!("`{path}` lists the site's comparisons, and this site has none"),
                None,
                "add a comparison in content/comparisons/ (see the README), or remove this link",
            ));
        }
        let suggestion = did_you_mean(&normalized, sorted(index.by_path.keys()));
        return Err(LinkProblem::new(
            format!("no page or file at `{path}`"),
            suggestion.map(str::to_string),
            "link to an existing page, or to its markdown file with a relative path",
        ));
    }
    let Some(resolved) = join_relative(source.folder, target_text) else {
        if !is_file_like(target_text) {
            return by_address();
        }
        return Err(LinkProblem::new(
            format!("`{target_text}` points outside the content folder"),
            None,
            "link to a file inside `content/`",
        ));
    };
    let lower = resolved.to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".yaml") || lower.ends_with(".yml") {
        let Some(&target) = index.by_file.get(&resolved) else {
            if index.invalid_files.contains(&resolved) {
                return Ok(None);
            }
            if let Some(&i) = index.unpublished_by_file.get(&resolved) {
                return Err(LinkProblem::unpublished(index, i));
            }
            let suggestion = suggest_file(&resolved, sorted(index.by_file.keys()))
                .map(|s| relative_from(source.folder, s));
            return Err(LinkProblem::new(
                format!("`{target_text}` is not a content file (looked for content/{resolved})"),
                suggestion,
                "check the file name and the path relative to this file's folder",
            ));
        };
        return to_target(target, None);
    }
    if let Some(path) = index.assets.get(&resolved) {
        let url = with_fragment(config.url(path), fragment);
        return Ok(Some((ResolvedLink { url, text: None }, None)));
    }
    if is_file_like(target_text) {
        let suggestion = suggest_file(&resolved, sorted(index.assets.keys()))
            .map(|s| relative_from(source.folder, s));
        return Err(LinkProblem::new(
            format!(
                "`{target_text}` is not a file in the content folder (looked for content/{resolved})"
            ),
            suggestion,
            "put the file beside the page, or fix the path",
        ));
    }
    by_address()
}

/// A relative address of a page (`about/`, `../about/`), read as a browser
/// reads it, from the address of the page it is on: the page it leads to,
/// `None` for a generated one (a tag's list), or why it leads nowhere.
fn relative_address(
    index: &LinkIndex,
    site: &LinkedSite,
    source: &LinkSource,
    relative: &str,
) -> Result<Option<Target>, LinkProblem> {
    const HELP: &str =
        "link to the page's markdown file, with a path relative to this file, like `../about.md`";
    let from = site.target(source.this).1;
    let Some(leads_to) = join_address(from, relative) else {
        return Err(LinkProblem::new(
            format!(
                "`{relative}` leads above the site's first page, from this page's address `{from}`"
            ),
            None,
            HELP,
        ));
    };
    if let Some(&target) = index.by_path.get(&leads_to) {
        return Ok(Some(target));
    }
    if index.known_paths.contains(&leads_to) {
        return Ok(None);
    }
    if let Some(&i) = index.unpublished_by_path.get(&leads_to) {
        return Err(LinkProblem::unpublished(index, i));
    }
    // The page of that name elsewhere: the usual slip is one `../` too few.
    let last = |path: &str| {
        path.trim_end_matches('/')
            .rsplit('/')
            .next()
            .map(str::to_string)
    };
    let wanted = last(&leads_to);
    let mut named = index.by_path.keys().filter(|path| last(path) == wanted);
    let suggestion = match (named.next(), named.next()) {
        (Some(only), None) => Some(only.clone()),
        _ => None,
    };
    Err(LinkProblem::new(
        format!(
            "no page at `{leads_to}`, where `{relative}` leads from this page's address `{from}`"
        ),
        suggestion,
        HELP,
    ))
}

pub(super) fn resolve_wikilink(
    index: &LinkIndex,
    site: &LinkedSite,
    name: &str,
) -> Result<Target, LinkProblem> {
    let key = name.trim().to_lowercase();
    match index.by_name.get(&key).map(Vec::as_slice) {
        Some([target]) => Ok(*target),
        Some(many) if !many.is_empty() => {
            let files: Vec<String> = many
                .iter()
                .map(|&target| site.target_file(target))
                .collect();
            Err(LinkProblem::new(
                format!(
                    "the wikilink `[[{name}]]` matches several pages: {}",
                    files.join(", ")
                ),
                None,
                "use a relative link to the file instead, like `[text](file.md)`",
            ))
        }
        _ => {
            if let Some(&i) = index.unpublished_by_name.get(&key) {
                return Err(LinkProblem::unpublished(index, i));
            }
            let mut candidates: Vec<&str> = Vec::new();
            for target in index.by_path.values() {
                let (title, path) = site.target(*target);
                candidates.push(title);
                candidates.push(
                    path.trim_end_matches('/')
                        .rsplit('/')
                        .next()
                        .unwrap_or_default(),
                );
            }
            candidates.sort_unstable();
            let suggestion = did_you_mean(name, candidates);
            let mut fallback =
                "a wikilink names a page by its title, its slug or its file name".to_string();
            if !index.invalid_files.is_empty() {
                let mut files: Vec<&str> = index.invalid_files.iter().map(String::as_str).collect();
                files.sort_unstable();
                fallback.push_str(&format!(
                    "; if it names content/{}, fix that file's errors first",
                    files.join(" or content/")
                ));
            }
            Err(LinkProblem::new(
                format!("no page has the title, slug or file name `{name}`"),
                suggestion.map(str::to_string),
                &fallback,
            ))
        }
    }
}

/// Checks `#fragment` against the target's heading ids; returns the id.
pub(super) fn check_anchor(
    index: &LinkIndex,
    site: &LinkedSite,
    target: Target,
    fragment: Option<&str>,
) -> Result<Option<String>, LinkProblem> {
    let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
        return Ok(None);
    };
    let empty = FastSet::default();
    let anchors = index.anchors.get(&target).unwrap_or(&empty);
    if anchors.contains(fragment) {
        return Ok(Some(fragment.to_string()));
    }
    let mut ids: Vec<&str> = anchors.iter().map(String::as_str).collect();
    ids.sort_unstable();
    let suggestion = did_you_mean(fragment, ids.iter().copied());
    let file = site.target_file(target);
    let (what, fallback) = if target == Target::Glossary {
        ("a term id", format!("its term ids are: {}", ids.join(", ")))
    } else if ids.is_empty() {
        (
            "a heading",
            "that page has no headings to link to".to_string(),
        )
    } else {
        ("a heading", format!("its headings are: {}", ids.join(", ")))
    };
    Err(LinkProblem::new(
        format!("`#{fragment}` is not {what} of {file}"),
        suggestion.map(|s| format!("#{s}")),
        &fallback,
    ))
}

/// The content file most like `wanted`: by whole path, else by file name.
pub(super) fn suggest_file<'a>(
    wanted: &str,
    files: impl Iterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    let name = wanted.rsplit('/').next().unwrap_or(wanted);
    let limit = (name.chars().count() / 3).max(2);
    closest_within(wanted, files.clone(), limit).or_else(|| {
        let names = files
            .clone()
            .map(|file| file.rsplit('/').next().unwrap_or(file));
        let best = did_you_mean(name, names)?;
        files
            .into_iter()
            .find(|file| file.rsplit('/').next() == Some(best))
    })
}

/// The keys of a lookup table in a stable order, so that a did-you-mean
/// between equally close names is the same on every run.
fn sorted<'a>(keys: impl Iterator<Item = &'a String>) -> std::vec::IntoIter<&'a str> {
    let mut keys: Vec<&str> = keys.map(String::as_str).collect();
    keys.sort_unstable();
    keys.into_iter()
}
