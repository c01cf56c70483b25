//! HTML and XML escaping, by pulldown-cmark-escape (the escaper the
//! markdown writer itself uses), so that all of Hearth's output escapes alike.

use pulldown_cmark_escape::{escape_href, escape_html, escape_html_body_text};

/// Escapes text for HTML or XML, in content and in either kind of quoted
/// attribute (`&`, `<`, `>`, `"` and `'`): the feed, the sitemap, table
/// labels and `serve`'s pages use it.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Appends `text` escaped as [`escape`] does.
pub fn push_escaped(out: &mut String, text: &str) {
    // Writing to a `String` cannot fail.
    let _ = escape_html(out, text);
}

/// Appends a URL for an `href` or `src` attribute, as pulldown-cmark writes
/// link destinations: percent-encoded where needed, `&` and `'` escaped.
pub(super) fn push_href(out: &mut String, url: &str) {
    let _ = escape_href(out, url);
}

/// Appends text for an element's content, as pulldown-cmark writes text
/// events (`&`, `<`, `>`), so that filled-in link text matches it.
pub(super) fn push_body_text(out: &mut String, text: &str) {
    let _ = escape_html_body_text(out, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_html_and_xml_need_in_content_and_attributes() {
        assert_eq!(
            escape("a & b < c > d \"e\" 'f' é"),
            "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39; é"
        );
        let mut out = String::new();
        push_href(&mut out, "/a b/?x=1&y='2'");
        assert_eq!(out, "/a%20b/?x=1&amp;y=&#x27;2&#x27;");
        out.clear();
        push_body_text(&mut out, "\"<a>\" & 'b'");
        assert_eq!(out, "\"&lt;a&gt;\" &amp; 'b'");
    }
}
