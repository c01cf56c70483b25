//! The error overlay: when a rebuild fails, every served page shows the same
//! diagnostics the terminal prints, over the last good version of the page.

use crate::diagnostic::{Diagnostics, Severity};
use crate::markdown::escape;

/// The overlay for a failed build: a labelled alert with one entry per
/// error, the report the CLI prints (position, message, the line, help).
/// Inline styles only, with dark text on white, so any theme keeps it readable.
pub fn render(diagnostics: &Diagnostics) -> String {
    let errors = diagnostics.error_count();
    let title = if errors == 1 {
        "The site has 1 error".to_string()
    } else {
        format!("The site has {errors} errors")
    };
    let mut items = String::new();
    // Each error once, as the terminal prints it (message, place, the line
    // marked, help), in the terminal's order.
    for diagnostic in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        items.push_str(&format!(
            "<li style=\"margin:0 0 1rem\">\
             <pre style=\"margin:.25rem 0;padding:.5rem;background:#f4f4f4;color:#111;overflow:auto;white-space:pre-wrap;font:13px/1.4 ui-monospace,monospace\">{}</pre></li>",
            escape(&diagnostic.render(false)),
        ));
    }
    format!(
        "<div id=\"hearth-overlay\" role=\"alert\" aria-labelledby=\"hearth-overlay-title\" \
         style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(0,0,0,.55);padding:1rem\">\
         <div style=\"max-width:60rem;margin:0 auto;background:#fff;color:#111;border-top:6px solid #b00020;border-radius:6px;padding:1rem 1.25rem;font:16px/1.5 system-ui,sans-serif;text-align:left\">\
         <h2 id=\"hearth-overlay-title\" style=\"margin:0 0 .5rem;color:#8a0016;font-size:1.25rem\">{title}</h2>\
         <p style=\"margin:0 0 1rem\">The preview shows the last version that built. Fix the problem and save the file: this page updates by itself.</p>\
         <ol style=\"margin:0;padding-left:1.25rem\">{items}</ol>\
         <button type=\"button\" onclick=\"this.closest('#hearth-overlay').remove()\" \
         style=\"font:inherit;padding:.4rem .9rem;border:2px solid #111;border-radius:4px;background:#fff;color:#111;cursor:pointer\">Hide until the next save</button>\
         </div></div>"
    )
}

/// A whole page for when no build has succeeded yet: the overlay, and the
/// reload script (`script`) so that it turns into the site once fixed.
pub fn error_page(overlay: &str, script: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>The site did not build</title></head>\
         <body style=\"background:#fff;color:#111\"><main><h1 style=\"font:700 1.5rem system-ui,sans-serif\">The site did not build</h1></main>{overlay}{script}</body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    #[test]
    fn messages_are_escaped() {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(
            Diagnostic::error("broken-link", "<script>alert(1)</script> & \"x\"")
                .in_file("content/a.md"),
        );
        let html = render(&diagnostics);
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(html.contains("role=\"alert\""));
        assert!(html.contains("content/a.md"));
    }

    /// Each message and help line used to show twice (once on its own,
    /// once in the report below it): now once, in the terminal's order.
    #[test]
    fn each_error_is_shown_once_in_the_terminals_order() {
        let text = "---\ntitle: A\n---\nSee [x](gone.md).\n\nAnd [y](lost.md).\n";
        let mut diagnostics = Diagnostics::new();
        for (offset, message, help) in [
            (26, "there is no file gone.md", "check the file name"),
            (44, "there is no file lost.md", "check the other file name"),
        ] {
            diagnostics.push(
                Diagnostic::error("broken-link", message)
                    .in_file("content/a.md")
                    .at(crate::diagnostic::Location::at_offset(text, offset, 3))
                    .help(help),
            );
        }
        diagnostics.push(Diagnostic::warning("missing-alt", "a warning").in_file("content/a.md"));
        let html = render(&diagnostics);
        for needle in [
            "there is no file gone.md",
            "check the file name",
            "there is no file lost.md",
            "check the other file name",
            "content/a.md:4:",
            "content/a.md:6:",
        ] {
            assert_eq!(html.matches(needle).count(), 1, "{needle}: {html}");
        }
        assert!(html.find("a.md:4:").unwrap() < html.find("a.md:6:").unwrap());
        assert!(!html.contains("a warning"));
    }
}
