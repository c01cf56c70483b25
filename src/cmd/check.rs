//! `hearth check`: everything `build` validates, plus site warnings and,
//! with `--external`, external links, reported all at once without writing
//! a file. For CI on pull requests.

use std::process::ExitCode;
use std::time::Duration;

use hearth::build::{Attempt, PageCount, check_pipeline};
use hearth::diagnostic::{Diagnostic, Diagnostics, Severity};
use hearth::external::{ExternalOptions, check_external_links};

use super::SiteArgs;
use super::{count, report};

/// How `check` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Each problem with its source line, for people.
    Text,
    /// One JSON object on stdout, for programs.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Also request every external http(s) link and report broken ones.
    #[arg(long)]
    external: bool,
    /// With --external, also request links to addresses on a private
    /// network (localhost, 192.168.x, 10.x): off, so that CI never requests
    /// an intranet server because a pull request links to one.
    #[arg(long)]
    private_addresses: bool,
    /// How long one external link may take to answer, in seconds.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_timeout)]
    timeout: Duration,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    match text.trim().parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs > 0.0 && secs <= 3600.0 => {
            Ok(Duration::from_secs_f64(secs))
        }
        _ => Err(format!(
            "`{text}` is not a number of seconds between 0 and 3600, like `10` or `2.5`"
        )),
    }
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let options = args.site.options();
    let (
        Attempt {
            config,
            site,
            mut diagnostics,
            ..
        },
        counted,
    ) = check_pipeline(&options);
    let mut external_count = None;
    if args.external
        && let (Some(config), Some(site)) = (&config, &site)
    {
        if args.format == Format::Text {
            eprintln!("Checking external links...");
        }
        let external = ExternalOptions {
            timeout: args.timeout,
            private_addresses: args.private_addresses,
            ..ExternalOptions::default()
        };
        let (found, checked) = check_external_links(config, site, &external);
        diagnostics.extend(found);
        diagnostics.sort();
        external_count = Some(checked);
    }
    // Counted like `build` and `serve` count them.
    let pages = match (&site, counted) {
        (_, Some(counted)) => counted,
        (Some(site), None) => PageCount::new(site, 0),
        _ => PageCount::default(),
    };
    let errors = diagnostics.error_count();
    let warnings = diagnostics.warning_count();
    let failed = errors > 0 || (args.deny_warnings && warnings > 0);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&JsonReport::new(&diagnostics)) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("error: cannot write the JSON report: {error}");
                return ExitCode::from(1);
            }
        },
        Format::Text => {
            report(&diagnostics);
            let what = match external_count {
                Some(links) => format!("{pages}, and {}", count(links, "external link")),
                None => pages.to_string(),
            };
            if errors > 0 {
                eprintln!(
                    "error: the check found {}{}",
                    count(errors, "error"),
                    if warnings > 0 {
                        format!(" and {}", count(warnings, "warning"))
                    } else {
                        String::new()
                    }
                );
            } else if failed {
                eprintln!(
                    "error: the check found {}, and --deny-warnings makes warnings fail",
                    count(warnings, "warning")
                );
            } else if warnings > 0 {
                println!("Checked {what}: no errors, {}", count(warnings, "warning"));
            } else {
                println!("Checked {what}: no problems found");
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The machine-readable report: counts, then every diagnostic with its
/// place (`file`, `line` and `column` are `null` when it has none).
#[derive(Debug, serde::Serialize)]
pub struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// One diagnostic in the JSON report.
#[derive(Debug, serde::Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    code: &'static str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

impl<'a> JsonReport<'a> {
    /// The report of `diagnostics`, in their order.
    pub fn new(diagnostics: &'a Diagnostics) -> JsonReport<'a> {
        JsonReport {
            errors: diagnostics.error_count(),
            warnings: diagnostics.warning_count(),
            diagnostics: diagnostics.iter().map(JsonDiagnostic::new).collect(),
        }
    }
}

impl<'a> JsonDiagnostic<'a> {
    fn new(diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
        JsonDiagnostic {
            severity: match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            code: diagnostic.code,
            file: diagnostic
                .file
                .as_ref()
                .map(|file| file.display().to_string().replace('\\', "/")),
            line: diagnostic.location.as_ref().map(|l| l.line),
            column: diagnostic.location.as_ref().map(|l| l.column),
            message: &diagnostic.message,
            help: diagnostic.help.as_deref(),
        }
    }
}
