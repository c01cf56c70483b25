//! Who the site belongs to, as `site.yaml` says it: the author with their
//! photo and credentials, the practice (licensed or not, where it is) and
//! the coach's profiles elsewhere. Pages show it in bylines; search engines
//! read it from the structured data.

use std::path::{Component, Path};

use serde::Deserialize;

use super::{CONTENT_DIR, SITE_FILE, spanned_at};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::yaml::Spanned;

/// The site's author, for feeds, bylines and page metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub email: Option<String>,
    /// A content-relative image (`about/dana.jpg`), checked to exist.
    pub photo: Option<String>,
    /// Where `photo` is written in `site.yaml`, for the photo's errors.
    pub photo_location: Option<crate::diagnostic::Location>,
    /// A line such as "IFS Institute Level 1 trained practitioner".
    pub credentials: Option<String>,
}

/// [`Author`] as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAuthor {
    name: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    photo: Option<Spanned<String>>,
    #[serde(default)]
    credentials: Option<String>,
}

/// What kind of practice the site is for, and where it is.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// True for licensed therapists.
    #[serde(default)]
    pub licensed: bool,
    /// Where clients can come in person; none for an online practice.
    #[serde(default)]
    pub location: Option<PracticeLocation>,
    /// Sessions are offered online.
    #[serde(default)]
    pub online: bool,
}

/// A town, its region and country, as an address in structured data.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PracticeLocation {
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
}

/// A profile of the coach elsewhere (LinkedIn, a directory listing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocialLink {
    pub label: String,
    pub url: String,
}

/// [`SocialLink`] as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSocial {
    label: String,
    url: Spanned<String>,
}

/// Checks the author's photo and the profile links, pushing an error for
/// each problem, and returns what can be used.
pub(super) fn validate(
    root: &Path,
    source: &str,
    author: Option<RawAuthor>,
    social: Vec<RawSocial>,
    errors: &mut Vec<Diagnostic>,
) -> (Author, Vec<SocialLink>) {
    let author = author.map_or_else(Author::default, |raw| {
        let photo_location = raw.photo.as_ref().map(|photo| spanned_at(source, photo));
        let photo = raw.photo.and_then(|photo| {
            let problem = photo_problem(root, photo.value.trim());
            match problem {
                None => Some(photo.value.trim().to_string()),
                Some((message, help)) => {
                    errors.push(
                        Diagnostic::error("invalid-site-yaml", message)
                            .in_file(SITE_FILE)
                            .at(spanned_at(source, &photo))
                            .help(help),
                    );
                    None
                }
            }
        });
        Author {
            name: raw.name,
            email: raw.email,
            photo,
            photo_location,
            credentials: raw
                .credentials
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty()),
        }
    });
    let social = social
        .into_iter()
        .filter_map(|link| {
            let url = link.url.value.trim();
            let https = url
                .strip_prefix("https://")
                .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
                && !url.contains(char::is_whitespace);
            if https {
                return Some(SocialLink {
                    label: link.label,
                    url: url.to_string(),
                });
            }
            errors.push(
                Diagnostic::error(
                    "invalid-site-yaml",
                    format!("`{url}` is not an https address of a profile"),
                )
                .in_file(SITE_FILE)
                .at(spanned_at(source, &link.url))
                .help("write the whole address of the profile, starting with `https://`, like `https://www.linkedin.com/in/your-name`"),
            );
            None
        })
        .collect();
    (author, social)
}

/// The file endings of pictures browsers show and search engines read.
const PICTURES: &[&str] = &["jpg", "jpeg", "png", "webp", "avif", "gif", "svg"];

/// What is wrong with `photo` as a content-relative file, in plain words
/// with what to do, or `None` when it names a file inside `content/`.
fn photo_problem(root: &Path, photo: &str) -> Option<(String, String)> {
    let example = "write the path from `content/`, like `photo: about/portrait.jpg`";
    let relative = Path::new(photo);
    let plain = !photo.is_empty()
        && !photo.contains(['\\', ':'])
        && relative
            .components()
            .all(|part| matches!(part, Component::Normal(_)));
    if !plain {
        return Some((
            format!("`{photo}` is not a path inside `{CONTENT_DIR}/`"),
            example.to_string(),
        ));
    }
    let picture = relative
        .extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| PICTURES.contains(&ext.to_ascii_lowercase().as_str()));
    if !picture {
        return Some((
            format!("`{photo}` is not a picture"),
            format!(
                "name a photo ending in .{}; {example}",
                PICTURES.join(", .")
            ),
        ));
    }
    let content = root.join(CONTENT_DIR);
    let full = content.join(relative);
    // Only a file that is really inside the site is published.
    let site = crate::files::SiteRoot::new(root);
    if site.check(&full).is_ok() && full.is_file() {
        return None;
    }
    let names = site.file_names_in(full.parent().unwrap_or(&content));
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let help = match did_you_mean(&name, names.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`? {example}"),
        None => format!("put the photo in `{CONTENT_DIR}/` and {example}"),
    };
    Some((
        format!("the photo `{photo}` is not a file (looked for {CONTENT_DIR}/{photo})"),
        help,
    ))
}
