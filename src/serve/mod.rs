//! `hearth serve`: builds the site with the same pipeline as `hearth build`,
//! serves it from memory (never writing `public/`), watches the sources,
//! rebuilds after each change and tells open pages to reload.
//!
//! [`site`] holds what is served, [`rebuild`] makes it, [`watch`] notices
//! changes, [`server`] answers HTTP, [`reload`] and [`overlay`] are what
//! the browser sees of it.

pub mod overlay;
pub mod rebuild;
pub mod reload;
pub mod server;
pub mod site;
pub mod watch;

use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::config::BuildOptions;
use crate::diagnostic::Diagnostics;

use rebuild::{Outcome, Rebuilder};
use site::{Shared, Snapshot};

/// The default port of `hearth serve`.
pub const DEFAULT_PORT: u16 = 1111;

/// What the command line asks of `serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's root folder (holding `content/`).
    pub root: PathBuf,
    /// The address to listen on; anything but loopback is reachable from
    /// other machines.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Includes pages marked `draft: true`.
    pub drafts: bool,
    /// Polls the files instead of relying on the system's change events.
    pub poll: bool,
    /// Opens the site in the default browser once it is served.
    pub open: bool,
    /// Prints diagnostics the way the other commands do.
    pub report: fn(&Diagnostics),
}

/// Why `serve` could not start or keep running.
#[derive(Debug)]
pub enum ServeError {
    /// Another program listens on the port.
    PortInUse(SocketAddr),
    /// The address cannot be listened on (not this machine's, no permission).
    Bind(SocketAddr, io::Error),
    /// The files cannot be watched.
    Watch(notify::Error),
    /// The async runtime or the server failed.
    Io(io::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::PortInUse(address) => write!(
                f,
                "port {} is already in use on {}\nhelp: stop the other server (perhaps another `hearth serve`), or choose another port with `--port {}` (or `--port 0` for any free one)",
                address.port(),
                address.ip(),
                address.port().wrapping_add(1).max(1024)
            ),
            ServeError::Bind(address, error) => write!(
                f,
                "cannot listen on {address}: {error}\nhelp: use an address of this computer with `--bind`, like `--bind 127.0.0.1`, and a port above 1023 with `--port`"
            ),
            ServeError::Watch(error) => write!(
                f,
                "cannot watch the site's files: {error}\nhelp: try `--poll`, which looks at the files regularly instead of waiting for change events"
            ),
            ServeError::Io(error) => write!(f, "the preview server failed: {error}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// The address to show and to build links with: a wildcard bind address
/// is reached through loopback.
pub fn local_url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, address.port()))
}

/// Runs the preview until Ctrl-C: binds, builds, prints the address,
/// watches and serves.
pub fn run(options: &ServeOptions) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Io)?;
    runtime.block_on(serve(options))
}

async fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let requested = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(requested)
        .await
        .map_err(|error| match error.kind() {
            io::ErrorKind::AddrInUse => ServeError::PortInUse(requested),
            _ => ServeError::Bind(requested, error),
        })?;
    let address = listener.local_addr().map_err(ServeError::Io)?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}, so other computers on the network can open the preview (drafts and errors included)\nhelp: leave out `--bind` (or use `--bind 127.0.0.1`) to keep it on this computer",
            options.bind
        );
    }
    let url = local_url(address);

    let build_options = BuildOptions {
        root: options.root.clone(),
        // Links must lead to the preview, not to the published site.
        base_url: Some(url.clone()),
        drafts: options.drafts,
        preview: true,
    };
    let shared = Arc::new(Shared::new(Snapshot::default()));
    let mut rebuilder = Rebuilder::new(build_options, Arc::clone(&shared), options.report);
    let first = tokio::task::block_in_place(|| rebuilder.full());
    match &first {
        Outcome::Built { pages, millis, .. } => println!("Built {pages} in {millis} ms"),
        Outcome::Failed { errors } => eprintln!(
            "error: the site has {}; serving a page that shows {}. Fix the problem and save: the preview recovers by itself",
            plural(*errors, "error"),
            if *errors == 1 { "it" } else { "them" }
        ),
    }
    let root = rebuild::absolute(&options.root);
    watch::spawn(root, options.poll, rebuilder, after_rebuild).map_err(ServeError::Watch)?;

    let (stop, stopping) = tokio::sync::watch::channel(false);
    let hosts = server::Hosts::for_address(options.bind, address.port());
    let app = server::router(Arc::clone(&shared), stopping.clone(), hosts);
    println!("Serving the site at {url}/ (press Ctrl-C to stop)");
    if options.open {
        let address = format!("{url}/");
        // Starting a browser may take a moment; requests go on meanwhile.
        tokio::task::spawn_blocking(move || {
            if let Err(error) = webbrowser::open(&address) {
                eprintln!("warning: cannot open a browser: {error}; open {address} yourself");
            }
        });
    }
    let mut until_stopped = stopping.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let _ = until_stopped.wait_for(|stopping| *stopping).await;
    });
    let signal = async move {
        if tokio::signal::ctrl_c().await.is_err() {
            eprintln!("warning: cannot listen for Ctrl-C; stop the server by closing the terminal");
            std::future::pending::<()>().await;
        }
        let _ = stop.send(true);
        // Connections get this long to finish before the server stops anyway.
        tokio::time::sleep(Duration::from_secs(3)).await;
    };
    tokio::select! {
        result = server => result.map_err(ServeError::Io)?,
        () = signal => {}
    }
    println!("Stopped.");
    Ok(())
}

/// Prints what a rebuild did.
fn after_rebuild(outcome: &Outcome) {
    match outcome {
        Outcome::Built {
            changed, millis, ..
        } => {
            if changed.is_empty() {
                println!("Rebuilt in {millis} ms: no page changed");
            } else {
                let shown: Vec<&str> = changed.iter().take(3).map(String::as_str).collect();
                let more = if changed.len() > 3 {
                    format!(" and {} more", changed.len() - 3)
                } else {
                    String::new()
                };
                println!(
                    "Rebuilt in {millis} ms: {} changed ({}{more})",
                    plural(changed.len(), "file"),
                    shown.join(", ")
                );
            }
        }
        Outcome::Failed { errors } => eprintln!(
            "error: the rebuild failed with {}; still serving the last good site. Fix the problem and save: the browser shows the errors until then",
            plural(*errors, "error")
        ),
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
