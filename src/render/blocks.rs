//! The HTML of the `faq` and `form` blocks: questions as `<details>` that
//! open without script and can be linked by id, and forms that post to the
//! service `forms:` names with labelled fields, a honeypot instead of a
//! captcha and, on a site with referral guidelines, a word on urgent help.

use crate::config::{Form, FormAction, FormKind, SiteConfig};
use crate::link::{CellLinks, LinkedSite};
use crate::markdown::{self, escape};
use crate::parse::Faq;

use super::values::cell_links;

/// The honeypot field's name: people leave it empty, as they never see it.
pub const HONEYPOT: &str = "bot-field";

/// An answer as HTML, its links resolved.
pub(super) fn answer_html(faq: &Faq, index: usize, links: &CellLinks) -> String {
    faq.entries.get(index).map_or_else(String::new, |entry| {
        let links = cell_links(links, entry.answer.index);
        markdown::to_html(
            &entry.answer.text,
            None,
            &links,
            &[],
            &std::collections::HashMap::new(),
        )
        .content
    })
}

/// An FAQ: each question a `<details>` with its id, the answer inside.
pub(super) fn faq_html(faq: &Faq, links: &CellLinks) -> String {
    let mut html = String::from("<div class=\"faq\">\n");
    for (i, entry) in faq.entries.iter().enumerate() {
        html.push_str(&format!(
            "<details class=\"faq-item\" id=\"{}\">\n<summary>{}</summary>\n<div class=\"faq-answer\">\n{}</div>\n</details>\n",
            escape(&entry.id),
            escape(&entry.question),
            answer_html(faq, i, links),
        ));
    }
    html.push_str("</div>");
    html
}

/// One labelled field: `(name, key of its label in the strings, input
/// type, autocomplete)`; a `textarea` type writes a text area.
const CONTACT_FIELDS: &[(&str, &str, &str, &str)] = &[
    ("name", "form_name", "text", "name"),
    ("email", "form_email", "email", "email"),
    ("message", "form_message", "textarea", "off"),
];
const NEWSLETTER_FIELDS: &[(&str, &str, &str, &str)] = &[("email", "form_email", "email", "email")];

/// A form of `forms:`, ready to post without script.
pub(super) fn form_html(config: &SiteConfig, site: &LinkedSite, form: &Form) -> String {
    let kind = form.kind.name();
    let success_href = form
        .success
        .as_deref()
        .map(|success| site.settings_href(config, success));
    let mut html = format!("<form class=\"site-form site-form-{kind}\" method=\"post\"");
    match &form.action {
        FormAction::Netlify => {
            // Netlify sends the sender to `action` afterwards, else to its own page.
            if let Some(href) = &success_href {
                html.push_str(&format!(" action=\"{}\"", escape(href)));
            }
            html.push_str(&format!(
                " name=\"{kind}\" data-netlify=\"true\" netlify-honeypot=\"{HONEYPOT}\">\n<input type=\"hidden\" name=\"form-name\" value=\"{kind}\">\n"
            ));
        }
        FormAction::Post { url, .. } => {
            html.push_str(&format!(" action=\"{}\">\n", escape(url)));
            // Many form services send the sender on to `_next`.
            if let Some(success) = form.success.as_deref() {
                let path = site
                    .settings_links
                    .get(success)
                    .and_then(|link| link.site_path.clone())
                    .unwrap_or_else(|| success.to_string());
                html.push_str(&format!(
                    "<input type=\"hidden\" name=\"_next\" value=\"{}\">\n",
                    escape(&config.permalink(&path))
                ));
            }
        }
    }
    let (fields, button) = match form.kind {
        FormKind::Contact => (CONTACT_FIELDS, "form_send"),
        FormKind::Newsletter => (NEWSLETTER_FIELDS, "form_subscribe"),
    };
    let strings = &config.strings;
    let button = escape(&strings.text(button));
    let required = escape(&strings.text("form_required"));
    for (name, label, input, autocomplete) in fields {
        let id = format!("form-{kind}-{name}");
        let label = escape(&strings.text(label));
        html.push_str(&format!(
            "<p class=\"form-field\"><label for=\"{id}\">{label} <span class=\"form-required\">{required}</span></label>"
        ));
        if *input == "textarea" {
            html.push_str(&format!(
                "<textarea id=\"{id}\" name=\"{name}\" rows=\"6\" autocomplete=\"{autocomplete}\" required></textarea></p>\n"
            ));
        } else {
            html.push_str(&format!(
                "<input id=\"{id}\" name=\"{name}\" type=\"{input}\" autocomplete=\"{autocomplete}\" required></p>\n"
            ));
        }
    }
    // Out of sight and out of the tab order; screen readers skip it too.
    html.push_str(&format!(
        "<p class=\"form-honeypot\" aria-hidden=\"true\"><label for=\"form-{kind}-{HONEYPOT}\">{}</label><input id=\"form-{kind}-{HONEYPOT}\" name=\"{HONEYPOT}\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\"></p>\n",
        escape(&strings.text("form_leave_empty"))
    ));
    html.push_str(&format!(
        "<div class=\"form-actions\"><button type=\"submit\" class=\"button\">{button}</button>"
    ));
    if form.kind == FormKind::Contact {
        html.push_str(&crisis_note(config, site));
    }
    html.push_str("</div>\n</form>");
    html
}

/// Beside the contact form's button on a site with referral guidelines:
/// messages wait, so urgent help is named with its number.
fn crisis_note(config: &SiteConfig, site: &LinkedSite) -> String {
    let Some(referral) = &site.referral else {
        return String::new();
    };
    let resources = &referral.parsed.referral.resources;
    let urgent = resources
        .iter()
        .find(|r| r.phone.is_some())
        .or(resources.first());
    let strings = &config.strings;
    let mut note = format!(
        "<p class=\"form-note\">{}",
        escape(&strings.text("form_note"))
    );
    if let Some(resource) = urgent {
        let name = escape(&resource.name);
        let link = match (resource.tel(), &resource.url) {
            (Some(tel), _) => format!(
                "<a href=\"{}\">{name}, {}</a>",
                escape(&tel),
                escape(resource.phone.as_deref().unwrap_or_default())
            ),
            (None, Some(url)) => format!("<a href=\"{}\">{name}</a>", escape(url)),
            (None, None) => name,
        };
        // The words are escaped first, so that only the link is markup.
        let help = escape(&strings.text("form_note_help")).replace("{link}", &link);
        note.push_str(&format!(" {help}"));
    }
    note.push_str("</p>");
    note
}
