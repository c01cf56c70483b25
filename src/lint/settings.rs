//! `lints:` in `site.yaml`: a coach turns a lint off, or makes it an error.
//! The settings were read and checked with the rest of `site.yaml`.

use crate::config::{LintLevel, SiteConfig};
use crate::diagnostic::{Diagnostic, Severity};

/// Applies the levels of `lints:` to the lints' findings, wherever in the
/// pipeline they were found: `off` drops them, `warning` and `error` set
/// how they count.
pub fn apply_levels(config: &SiteConfig, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if config.lints.is_empty() {
        return diagnostics;
    }
    diagnostics
        .into_iter()
        .filter_map(|mut diagnostic| {
            let setting = config.lints.iter().find(|s| s.code == diagnostic.code);
            match setting.map(|s| s.level) {
                Some(LintLevel::Off) => return None,
                Some(LintLevel::Warning) => diagnostic.severity = Severity::Warning,
                Some(LintLevel::Error) => diagnostic.severity = Severity::Error,
                None => {}
            }
            Some(diagnostic)
        })
        .collect()
}
