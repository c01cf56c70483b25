//! `forms:` in `site.yaml`: the contact and newsletter forms, each posting
//! to a service the coach picked (an https address, or Netlify's own form
//! handling), with the page a sender lands on afterwards.

use serde::Deserialize;

use super::{SITE_FILE, spanned_at};
use crate::diagnostic::{Diagnostic, Location};
use crate::yaml::Spanned;

/// The forms a ```` ```form ```` block can show, by their key in `forms:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormKind {
    /// Name, email and message.
    Contact,
    /// An email address to subscribe.
    Newsletter,
}

impl FormKind {
    pub const ALL: [FormKind; 2] = [FormKind::Contact, FormKind::Newsletter];

    /// The key in `forms:` and the `id:` of a block.
    pub fn name(self) -> &'static str {
        match self {
            FormKind::Contact => "contact",
            FormKind::Newsletter => "newsletter",
        }
    }

    /// The kind named `name`, as written in a block's `id:`.
    pub fn parse(name: &str) -> Option<FormKind> {
        FormKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// Where a form posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormAction {
    /// `action: netlify`: Netlify reads the form at deploy time and takes
    /// its posts on the site's own origin.
    Netlify,
    /// An https address of a form service; `origin` is its
    /// `https://host[:port]`, for the Content-Security-Policy.
    Post { url: String, origin: String },
}

/// One form of `forms:`, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    pub action: FormAction,
    /// The page shown after sending, as written (checked like a menu link).
    pub success: Option<String>,
    /// Where `success` is written in `site.yaml`.
    pub success_location: Option<Location>,
}

/// `forms:` in `site.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Forms {
    pub contact: Option<Form>,
    pub newsletter: Option<Form>,
}

impl Forms {
    /// The form of that kind, when `site.yaml` configures it.
    pub fn get(&self, kind: FormKind) -> Option<&Form> {
        match kind {
            FormKind::Contact => self.contact.as_ref(),
            FormKind::Newsletter => self.newsletter.as_ref(),
        }
    }

    /// Each form's success page as written, with where it is written.
    pub fn success_links(&self) -> impl Iterator<Item = (&str, &Location)> {
        [&self.contact, &self.newsletter]
            .into_iter()
            .flatten()
            .filter_map(|form| Some((form.success.as_deref()?, form.success_location.as_ref()?)))
    }

    /// The origins forms post to beside the site itself, sorted and once
    /// each: what `form-action` must allow.
    pub fn action_origins(&self) -> Vec<&str> {
        let mut origins: Vec<&str> = [&self.contact, &self.newsletter]
            .into_iter()
            .flatten()
            .filter_map(|form| match &form.action {
                FormAction::Post { origin, .. } => Some(origin.as_str()),
                FormAction::Netlify => None,
            })
            .collect();
        origins.sort_unstable();
        origins.dedup();
        origins
    }
}

/// `forms:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawForms {
    #[serde(default)]
    contact: Option<Spanned<RawForm>>,
    #[serde(default)]
    newsletter: Option<Spanned<RawForm>>,
}

/// One form as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    action: Spanned<String>,
    #[serde(default)]
    success: Option<Spanned<String>>,
}

/// Checks `forms:`, pushing an error for each problem, and returns the
/// forms that can be used.
pub(super) fn validate(source: &str, raw: Option<RawForms>, errors: &mut Vec<Diagnostic>) -> Forms {
    let Some(raw) = raw else {
        return Forms::default();
    };
    let mut one = |kind: FormKind, raw: Option<Spanned<RawForm>>| {
        let raw = raw?;
        let error = |message: String, location: Location, help: &str| {
            Diagnostic::error("invalid-form", message)
                .in_file(SITE_FILE)
                .at(location)
                .help(help)
        };
        let written = raw.value.action.value.trim();
        let action = if written == "netlify" {
            Some(FormAction::Netlify)
        } else {
            match https_origin(written) {
                Some(origin) => Some(FormAction::Post {
                    url: written.to_string(),
                    origin,
                }),
                None => {
                    errors.push(error(
                        format!("the {} form's action `{written}` is not an https address", kind.name()),
                        spanned_at(source, &raw.value.action),
                        "write the address your form service gave you, starting with `https://` (a form sent over plain http can be read on the way), or `action: netlify` on Netlify",
                    ));
                    None
                }
            }
        };
        let success = raw.value.success.as_ref().and_then(|success| {
            let path = success.value.trim();
            if path.starts_with('/') && !path.starts_with("//") {
                return Some((path.to_string(), spanned_at(source, success)));
            }
            errors.push(error(
                format!("the success page `{path}` is not a page of this site"),
                spanned_at(source, success),
                "write the site path of the page senders see afterwards, like `success: /thanks/`, and make that page (it may be `extra: { unlisted: true }`)",
            ));
            None
        });
        if kind == FormKind::Contact && raw.value.success.is_none() {
            errors.push(error(
                "the contact form has no `success:` page".to_string(),
                spanned_at(source, &raw),
                "add the page senders see after sending, like `success: /thanks/`, so they know their message arrived",
            ));
        }
        let action = action?;
        let (success, success_location) = success.unzip();
        Some(Form {
            kind,
            action,
            success,
            success_location,
        })
    };
    Forms {
        contact: one(FormKind::Contact, raw.contact),
        newsletter: one(FormKind::Newsletter, raw.newsletter),
    }
}

/// `https://host[:port]` of an https address with a host, else `None`.
fn https_origin(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    if parsed.scheme() != "https" || url.contains(char::is_whitespace) {
        return None;
    }
    let host = parsed.host_str().filter(|host| !host.is_empty())?;
    Some(match parsed.port() {
        Some(port) => format!("https://{host}:{port}"),
        None => format!("https://{host}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_keep_host_and_port_only() {
        assert_eq!(
            https_origin("https://forms.example.org/f/dana?x=1").as_deref(),
            Some("https://forms.example.org")
        );
        assert_eq!(
            https_origin("https://a.example:8443/x").as_deref(),
            Some("https://a.example:8443")
        );
        assert_eq!(https_origin("http://a.example/x"), None);
        assert_eq!(https_origin("forms.example.org/x"), None);
    }
}
