//! `hearth serve`: a live preview of the site while writing it.

use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;

use hearth::config::{BuildOptions, CONTENT_DIR, SiteConfig};
use hearth::diagnostic::Diagnostics;
use hearth::serve::{DEFAULT_PORT, ServeOptions};

use super::report;
use crate::RootArg;

/// The options of `hearth serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    root: RootArg,
    /// The port to serve on; 0 picks a free one.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PORT)]
    port: u16,
    /// The address to listen on. Anything but 127.0.0.1 (or ::1) lets other
    /// computers on the network see the preview.
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Look for changes regularly instead of waiting for the system's change
    /// events (for network drives, containers and shared folders).
    #[arg(long)]
    poll: bool,
}

/// Serves the site until Ctrl-C; exit 1 when it cannot start (no site in
/// the folder, the port taken, the files not watchable).
pub fn run(args: &ServeArgs) -> ExitCode {
    // Not a site at all (the wrong folder): say so, instead of serving an error.
    if !args.root.root.join(CONTENT_DIR).is_dir() {
        let options = BuildOptions {
            root: args.root.root.clone(),
            ..BuildOptions::default()
        };
        if let Err(errors) = SiteConfig::load(&options) {
            let mut diagnostics = Diagnostics::new();
            diagnostics.extend(errors);
            report(&diagnostics);
            return ExitCode::from(1);
        }
    }
    let options = ServeOptions {
        root: args.root.root.clone(),
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        poll: args.poll,
        open: args.open,
        report,
    };
    match hearth::serve::run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}
