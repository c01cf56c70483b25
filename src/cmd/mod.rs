//! One module per command.

pub mod build;
pub mod check;
pub mod completions;
pub mod init;
pub mod new;
pub mod serve;

use std::io::IsTerminal;

use hearth::diagnostic::Diagnostics;

/// Prints diagnostics to stderr, with colour only on a terminal.
pub fn report(diagnostics: &Diagnostics) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for diagnostic in diagnostics.iter() {
        eprintln!("{}\n", diagnostic.render(color));
    }
}

/// `1 error`, `3 warnings`.
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
