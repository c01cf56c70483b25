//! The whole pipeline, from a site folder to its output in memory.

use crate::config::{BuildOptions, SiteConfig};
use crate::diagnostic::Diagnostics;
use crate::link::{LinkedSite, link_site};
use crate::lint::lint_site;
use crate::load::{load_content, load_static_files};
use crate::output::SiteOutput;
use crate::parse::{parse_data, parse_pages};
use crate::render::{Templates, render_site};

/// A successful build: the files, and any warnings found on the way.
pub struct Built {
    pub config: SiteConfig,
    pub site: LinkedSite,
    pub output: SiteOutput,
    pub warnings: Diagnostics,
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
    let Attempt {
        config,
        site,
        output,
        diagnostics,
    } = run_pipeline(options);
    match (config, site, output) {
        (Some(config), Some(site), Some(output)) if !diagnostics.has_errors() => Ok(Built {
            config,
            site,
            output,
            warnings: diagnostics,
        }),
        _ => Err(diagnostics),
    }
}

/// Runs the whole pipeline in memory and keeps what each stage produced: a
/// stage's errors do not hide a later stage's when that stage can still run.
pub fn run_pipeline(options: &BuildOptions) -> Attempt {
    let mut diagnostics = Diagnostics::new();
    let config = match SiteConfig::load(options) {
        Ok(config) => config,
        Err(errors) => {
            diagnostics.extend(errors);
            return Attempt {
                config: None,
                site: None,
                output: None,
                diagnostics,
            };
        }
    };
    let templates = Templates::load(&config);
    let (content, load_errors) = load_content(&config);
    diagnostics.extend(load_errors);
    let static_files = load_static_files(&config);
    let static_paths: Vec<String> = static_files
        .iter()
        .map(|file| format!("/{}", file.path))
        .collect();
    let (pages, parse_errors) = parse_pages(content.markdown, config.drafts);
    diagnostics.extend(parse_errors);
    let (data, data_errors) = parse_data(&content.data);
    diagnostics.extend(data_errors);
    let (site, link_errors) = link_site(&config, pages, data, content.assets, &static_paths);
    diagnostics.extend(link_errors);
    diagnostics.extend(lint_site(&config, &site));
    let templates = match templates {
        Ok(templates) => Some(templates),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    let mut output = None;
    if let Some(templates) = templates
        && !diagnostics.has_errors()
    {
        match render_site(&config, &site, &templates, &static_files) {
            Ok(files) => output = Some(files),
            Err(errors) => diagnostics.extend(errors),
        }
    }
    diagnostics.sort();
    Attempt {
        config: Some(config),
        site: Some(site),
        output,
        diagnostics,
    }
}
