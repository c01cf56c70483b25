//! The whole pipeline, from a site folder to its output in memory.

use crate::config::{BuildOptions, SiteConfig};
use crate::diagnostic::Diagnostics;
use crate::link::{LinkedSite, link_site};
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

/// Runs config -> load -> parse -> link -> render. On failure, returns every
/// diagnostic found: a stage's errors do not hide a later stage's when that
/// stage can still run.
pub fn build_site(options: &BuildOptions) -> Result<Built, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let config = SiteConfig::load(options).map_err(|errors| {
        let mut all = Diagnostics::new();
        all.extend(errors);
        all
    })?;
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
    let templates = match templates {
        Ok(templates) => Some(templates),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(diagnostics);
    }
    let Some(templates) = templates else {
        return Err(diagnostics);
    };
    match render_site(&config, &site, &templates, &static_files) {
        Ok(output) => {
            diagnostics.sort();
            Ok(Built {
                config,
                site,
                output,
                warnings: diagnostics,
            })
        }
        Err(errors) => {
            diagnostics.extend(errors);
            diagnostics.sort();
            Err(diagnostics)
        }
    }
}
