//! Site paths: the addresses Hearth gives generated pages, the one check
//! that turns a path someone wrote into an output file, and the register
//! of which source owns each output file. Every file a build writes goes
//! through here, so that none can escape the output folder and no two
//! sources can silently share one file.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Location};

/// The Atom feed.
pub const FEED: &str = "/atom.xml";
/// The sitemap for search engines.
pub const SITEMAP: &str = "/sitemap.xml";
/// The crawler rules.
pub const ROBOTS: &str = "/robots.txt";
/// The page hosts show for unknown addresses.
pub const NOT_FOUND: &str = "/404.html";
/// The list of every tag.
pub const TAGS: &str = "/tags/";
/// The list of every comparison.
pub const COMPARISONS: &str = "/comparisons/";
/// The page of every service, when `content/services.yaml` lists some.
pub const SERVICES: &str = "/services/";
/// The page of every testimonial, when `content/testimonials.yaml` has some.
pub const TESTIMONIALS: &str = "/testimonials/";
/// The redirect rules Netlify and Cloudflare Pages read: one `/old /new 301`
/// line per alias.
pub const REDIRECTS: &str = "/_redirects";
/// The response headers Netlify and Cloudflare Pages read: security headers
/// and cache lifetimes.
pub const HEADERS: &str = "/_headers";
/// The search page, when the site has search (see [`crate::link::search_enabled`]).
pub const SEARCH: &str = "/search/";
/// The folder of the search index and of Pagefind's scripts, all written
/// by the search stage. Their names come from the index's contents, so
/// the folder is claimed as a whole ([`OutputOwners::claim_folder`]).
pub const SEARCH_BUNDLE: &str = "/pagefind/";
/// The theme's (or the site's) stylesheet, as it is linked by name.
pub const STYLESHEET: &str = "/style.css";

/// The site path of the stylesheet's fingerprinted copy, `/style.<hash>.css`,
/// from the stylesheet's bytes: a new stylesheet gets a new name, so hosts
/// may keep it for a year.
pub fn fingerprinted_stylesheet(bytes: &[u8]) -> String {
    format!("/style.{}.css", crate::digest::short(bytes))
}

/// The glossary page, when `content/glossary.yaml` exists.
pub const GLOSSARY: &str = "/glossary/";

/// The file at the top of every folder `hearth build` writes, that tells
/// a later build the folder is Hearth's to replace (see [`crate::output`]).
pub const MARKER: &str = ".hearth-output";

/// Files every build writes besides pages, which links may point at.
pub const GENERATED_FILES: &[&str] = &[FEED, SITEMAP, ROBOTS, NOT_FOUND, TAGS, COMPARISONS];

/// The site path of a tag's page.
pub fn tag_path(slug: &str) -> String {
    format!("{TAGS}{slug}/")
}

/// The site path of a comparison's page.
pub fn comparison_path(id: &str) -> String {
    format!("{COMPARISONS}{id}/")
}

/// The folder of share images (the pictures link previews show).
pub const SHARE: &str = "/share/";
/// The size of every share image, in pixels: what OpenGraph and Twitter
/// cards show at full width.
pub const SHARE_WIDTH: u32 = 1200;
/// See [`SHARE_WIDTH`].
pub const SHARE_HEIGHT: u32 = 630;

/// The site path of a page's share image: `/` -> `/share/index.png`,
/// `/articles/a/` -> `/share/articles/a.png`, `/404.html` -> `/share/404.png`.
/// A stable name per page, so a template can link it before it is drawn.
pub fn share_image_path(page_path: &str) -> String {
    let trimmed = page_path.trim_matches('/');
    let stem = if trimmed.is_empty() {
        "index"
    } else {
        trimmed
            .strip_suffix(".html")
            .or_else(|| trimmed.strip_suffix(".htm"))
            .unwrap_or(trimmed)
    };
    // A page's last segment may be as long as MAX_SEGMENT; its image's name
    // must fit too: a long one is cut and told apart by a digest.
    // `folder` keeps its closing slash.
    let (folder, name) = stem
        .rsplit_once('/')
        .map_or(("", stem), |(folder, name)| (&stem[..=folder.len()], name));
    if name.len() + ".png".len() > MAX_SEGMENT {
        let mut cut = MAX_SEGMENT - ".png".len() - 11;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        let short = crate::digest::short(name);
        return format!("{SHARE}{folder}{}-{short}.png", &name[..cut]);
    }
    // Joined, not formatted: a few times cheaper, for every page.
    [SHARE, stem, ".png"].concat()
}

/// The output file of a site path: `/a/b/` -> `a/b/index.html`, `/x.xml`
/// -> `x.xml`. The path must come from [`site_path`] or Hearth itself.
pub fn output_file(path: &str) -> String {
    let relative = path.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    }
}

/// The longest part of an address between slashes, in bytes: file systems
/// refuse names over 255 bytes, and `index.html` may follow a folder's.
pub const MAX_SEGMENT: usize = 200;

/// `text` made URL-safe for a site in `language`. German readers spell
/// umlauts out when the dots are lost (`für` is `fuer`, `Straße` is
/// `strasse`), so a German site gets `coaching-fuer-anfaenger` where the
/// `slug` crate alone would write `coaching-fur-anfanger`.
pub fn slug_in(text: &str, language: &str) -> String {
    let german = language
        .split(['-', '_'])
        .next()
        .is_some_and(|base| base.eq_ignore_ascii_case("de"));
    if !german || !text.contains(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü', 'ß', 'ẞ']) {
        return slug::slugify(text);
    }
    let mut spelled = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            'ä' | 'Ä' => spelled.push_str("ae"),
            'ö' | 'Ö' => spelled.push_str("oe"),
            'ü' | 'Ü' => spelled.push_str("ue"),
            'ß' | 'ẞ' => spelled.push_str("ss"),
            other => spelled.push(other),
        }
    }
    slug::slugify(spelled)
}

/// A slug (from front matter or a file name) that is one safe segment of
/// an address, made URL-safe, or what is wrong with it.
pub fn slug_segment(value: &str) -> Result<String, &'static str> {
    if value.contains('/') || value.contains('\\') {
        return Err("contains a slash");
    }
    if value.contains("..") {
        return Err("contains `..`");
    }
    let slug = slug::slugify(value);
    if slug.is_empty() {
        return Err("is empty once made URL-safe");
    }
    if slug.len() > MAX_SEGMENT {
        return Err("is longer than 200 characters once made URL-safe, which file systems refuse");
    }
    Ok(slug)
}

/// Whether a site path names a file (`/old.html`) rather than a folder.
fn names_file(last_segment: &str) -> bool {
    let lower = last_segment.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// [`site_path`] of an alias, which may be percent-encoded as copied from a
/// browser's address bar (`/caf%C3%A9/`): the folder holds the letters,
/// and the address is encoded once again on the way out.
pub fn alias_path(raw: &str) -> Result<String, &'static str> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| "is percent-encoded, but not as UTF-8 text")?;
    let slashes = |text: &str| text.matches(['/', '\\']).count();
    if slashes(&decoded) != slashes(raw) {
        return Err(
            "has a slash or backslash in its percent-encoding (`%2F`, `%5C`), which no folder name can hold",
        );
    }
    site_path(&decoded)
}

/// Normalises a site path that someone wrote (an alias, the referral
/// page's path) so that it can only name a file inside the output folder:
/// `/blog//old` -> `/blog/old/`, `/old.html` stays a file. Refuses what is
/// not one path from the site root: relative, empty, host-looking (`//x`),
/// `.` or `..` segments, backslashes, `?`/`#`, control characters, drive
/// letters. The error says, in plain words, what is wrong.
pub fn site_path(raw: &str) -> Result<String, &'static str> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("is empty");
    }
    if value.chars().any(char::is_control) {
        return Err("contains a control character");
    }
    if !value.starts_with('/') {
        return Err("does not start with `/`");
    }
    if value.starts_with("//") {
        return Err("starts with `//`, which browsers read as another website's address");
    }
    if value.contains('\\') {
        return Err("contains a backslash");
    }
    if value.contains(['?', '#']) {
        return Err("contains `?` or `#`");
    }
    let segments: Vec<&str> = value.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return Err("contains a `.` or `..` segment");
    }
    if segments.iter().any(|s| s.contains(':')) {
        return Err("contains `:`");
    }
    if segments.iter().any(|s| s.len() > MAX_SEGMENT) {
        return Err("has a part longer than 200 characters, which file systems refuse");
    }
    let Some(last) = segments.last() else {
        return Ok("/".to_string());
    };
    let joined = segments.join("/");
    if names_file(last) {
        Ok(format!("/{joined}"))
    } else {
        Ok(format!("/{joined}/"))
    }
}

/// The folders an output file needs: `a/b` and `a` for `a/b/index.html`.
fn ancestors(file: &str) -> impl Iterator<Item = &str> {
    file.match_indices('/').map(|(i, _)| &file[..i])
}

/// Whether a claimed output file is a page that search engines should
/// list in the sitemap. The sitemap is made from the claims alone, so a page
/// joins it by being placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    /// A page for search engines, with the day of its last change
    /// (`YYYY-MM-DD`) when it has one.
    Indexed { lastmod: Option<String> },
    /// A page marked `noindex` (the 404 page, alias redirects, drafts).
    Hidden,
    /// Not a page: a feed, a picture, a copied file.
    File,
}

impl Listing {
    /// What a claim without a stated listing is: an HTML file Hearth writes
    /// is a page for search engines, anything else a file. Pages that must
    /// stay out say so ([`Listing::Hidden`]).
    fn of_path(path: &str) -> Listing {
        let file = output_file(path);
        if file.ends_with(".html") {
            Listing::Indexed { lastmod: None }
        } else {
            Listing::File
        }
    }
}

/// One page of the sitemap: its site path and the day of its last change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Listed {
    pub path: String,
    pub lastmod: Option<String>,
}

/// What to do when two sources claim `file`: for the hosts' files, which
/// Hearth writes, where their rules belong instead.
fn clash_help(file: &str) -> &'static str {
    if file == output_file(REDIRECTS) {
        "hearth writes `_redirects` from the pages' `aliases:`: remove your file, and list each old address under `aliases:` in the front matter of the page it leads to"
    } else if file == output_file(HEADERS) {
        "hearth writes `_headers` (docs/deploy.md lists what it holds): remove your file, or set further headers in your host's settings"
    } else {
        "give one of them another address: rename the file, or change its `slug:`, alias or path"
    }
}

/// Who writes an output file, as an error names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// The source file (`content/about.md`), or what Hearth generates
    /// (`the tag list`).
    pub what: String,
    /// The source file, for the diagnostic, when there is one.
    pub file: Option<String>,
    /// Where in it the path comes from (a slug, an alias).
    pub location: Option<Location>,
}

impl Owner {
    /// A file Hearth generates: named by what it is.
    pub fn generated(what: &str) -> Owner {
        Owner {
            what: what.to_string(),
            file: None,
            location: None,
        }
    }

    /// A source file, at a place in it when the path comes from one.
    pub fn source(file: impl Into<String>, location: Option<Location>) -> Owner {
        let file = file.into();
        Owner {
            what: file.clone(),
            file: Some(file),
            location,
        }
    }

    /// How the other owner is named in a message: its file and position.
    fn described(&self) -> String {
        match (&self.file, &self.location) {
            (Some(file), Some(location)) => {
                format!("{file}:{}:{}", location.line, location.column)
            }
            _ => self.what.clone(),
        }
    }
}

/// Which source owns each output file. The first claim wins; every later
/// claim of the same file is an error naming both owners.
#[derive(Debug, Default)]
pub struct OutputOwners {
    owners: HashMap<String, Owner>,
    /// Every folder the claimed files need (`a/b` for `a/b/index.html`),
    /// with the first file that needs it: a file cannot also be a folder.
    folders: HashMap<String, String>,
    /// The site path and listing of every claimed page (see [`Listing`]).
    listings: HashMap<String, (String, Listing)>,
}

impl OutputOwners {
    /// An empty register, with room for `capacity` files.
    pub fn with_capacity(capacity: usize) -> OutputOwners {
        OutputOwners {
            owners: HashMap::with_capacity(capacity),
            folders: HashMap::with_capacity(capacity),
            listings: HashMap::with_capacity(capacity),
        }
    }

    /// Claims the output file of `path` (a site path) for `owner`; when
    /// another owner has it, returns the error, placed at the new owner.
    /// Every file a build writes is claimed here, so this is also where a
    /// path that would not stay inside the output folder is refused.
    /// An HTML file is listed in the sitemap (see [`Listing::of_path`]).
    pub fn claim(&mut self, path: &str, owner: Owner) -> Result<(), Box<Diagnostic>> {
        self.claim_listed(path, owner, Listing::of_path(path))
    }

    /// Like [`OutputOwners::claim`], saying whether the file is a page for
    /// the sitemap.
    pub fn claim_listed(
        &mut self,
        path: &str,
        owner: Owner,
        listing: Listing,
    ) -> Result<(), Box<Diagnostic>> {
        if let Err(problem) = site_path(path) {
            let mut diagnostic = Diagnostic::error(
                "bad-path",
                format!(
                    "{} would be written to `{path}`, which {problem}",
                    owner.what
                ),
            )
            .help("rename the file or folder, using letters, digits, dashes and dots");
            if let Some(file) = &owner.file {
                diagnostic = diagnostic.in_file(file.clone());
            }
            if let Some(location) = owner.location.filter(|_| owner.file.is_some()) {
                diagnostic = diagnostic.at(location);
            }
            return Err(Box::new(diagnostic));
        }
        self.register(output_file(path), path, owner, listing)
    }

    /// Registers `file` (an output file, or a claimed folder) for `owner`,
    /// unless another owner has it, or a file where it is or inside it.
    fn register(
        &mut self,
        file: String,
        path: &str,
        owner: Owner,
        listing: Listing,
    ) -> Result<(), Box<Diagnostic>> {
        // The same file, a file where a folder is needed (`atom.xml` and
        // `atom.xml/index.html`), or a folder where a file is.
        let taken = self
            .owners
            .get(&file)
            .or_else(|| self.folders.get(&file).and_then(|f| self.owners.get(f)))
            .or_else(|| ancestors(&file).find_map(|folder| self.owners.get(folder)));
        if let Some(first) = taken {
            let mut diagnostic = Diagnostic::error(
                "duplicate-url",
                format!(
                    "{} and {} would both be written to {path}",
                    owner.what,
                    first.described()
                ),
            )
            .help(clash_help(&file));
            if let Some(source) = &owner.file {
                diagnostic = diagnostic.in_file(source.clone());
            } else if let Some(source) = &first.file {
                diagnostic = diagnostic.in_file(source.clone());
                if let Some(location) = &first.location {
                    diagnostic = diagnostic.at(location.clone());
                }
            }
            if let Some(location) = owner.location.filter(|_| owner.file.is_some()) {
                diagnostic = diagnostic.at(location);
            }
            return Err(Box::new(diagnostic));
        }
        for folder in ancestors(&file) {
            self.folders
                .entry(folder.to_string())
                .or_insert_with(|| file.clone());
        }
        if listing != Listing::File {
            self.listings
                .insert(file.clone(), (path.to_string(), listing));
        }
        self.owners.insert(file, owner);
        Ok(())
    }

    /// Claims the folder of `path` (`/pagefind/`) and everything in it for
    /// `owner`, for files whose names are only known once they are made
    /// (the search index is named by digests of its contents). The folder
    /// is registered as if it were a file: a file claimed in it before or
    /// after, or a file where the folder would be, clashes like two claims
    /// of one file, so one owner per file holds for each file in it.
    pub fn claim_folder(&mut self, path: &str, owner: Owner) -> Result<(), Box<Diagnostic>> {
        let folder = match site_path(path) {
            Ok(folder) => folder.trim_matches('/').to_string(),
            Err(problem) => {
                let what = format!(
                    "{} would be written to `{path}`, which {problem}",
                    owner.what
                );
                return Err(Box::new(Diagnostic::error("bad-path", what)));
            }
        };
        // Registered as the plain file `pagefind`, whose checks are the
        // ones a folder needs: no file of that name, none in it, none above.
        self.register(folder, path, owner, Listing::File)
    }

    /// The pages for search engines, by site path: every claimed page but
    /// the hidden ones.
    pub fn sitemap(&self) -> Vec<Listed> {
        let mut listed: Vec<Listed> = self
            .listings
            .values()
            .filter_map(|(path, listing)| match listing {
                Listing::Indexed { lastmod } => Some(Listed {
                    path: path.clone(),
                    lastmod: lastmod.clone(),
                }),
                Listing::Hidden | Listing::File => None,
            })
            .collect();
        listed.sort();
        listed
    }

    /// True when some source owns the output file of `path`.
    pub fn is_claimed(&self, path: &str) -> bool {
        self.owners.contains_key(&output_file(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claimed_folder_owns_every_file_in_it() {
        let mut owners = OutputOwners::default();
        owners
            .claim("/pagefind.html", Owner::generated("a page"))
            .unwrap();
        owners
            .claim_folder(SEARCH_BUNDLE, Owner::generated("the search index"))
            .unwrap();
        let clash = owners
            .claim(
                "/pagefind/pagefind.js",
                Owner::source("static/pagefind/pagefind.js", None),
            )
            .unwrap_err();
        assert_eq!(clash.code, "duplicate-url");
        assert!(
            clash.message.contains("the search index"),
            "{}",
            clash.message
        );
        assert!(
            owners
                .claim("/pagefind/", Owner::generated("a page"))
                .is_err()
        );
        assert!(
            owners
                .claim("/pagefind", Owner::generated("a page"))
                .is_err()
        );
        // A file claimed first keeps the folder from being claimed.
        let mut owners = OutputOwners::default();
        owners
            .claim("/pagefind/x.js", Owner::generated("a file"))
            .unwrap();
        assert!(
            owners
                .claim_folder(SEARCH_BUNDLE, Owner::generated("the index"))
                .is_err()
        );
        assert!(
            owners
                .claim_folder("/../x/", Owner::generated("the index"))
                .is_err()
        );
    }

    #[test]
    fn share_images_have_one_name_per_page() {
        assert_eq!(share_image_path("/"), "/share/index.png");
        assert_eq!(share_image_path("/articles/a/"), "/share/articles/a.png");
        assert_eq!(share_image_path("/404.html"), "/share/404.png");
        assert_ne!(share_image_path("/a/"), share_image_path("/a/b/"));
        // The longest segment a page may have still gives a file name.
        let long = format!("/x/{}/", "a".repeat(MAX_SEGMENT));
        let longer = format!("/x/{}b/", "a".repeat(MAX_SEGMENT));
        let path = share_image_path(&long);
        assert!(site_path(&path).is_ok(), "{path}");
        assert!(path.starts_with("/share/x/aaa"));
        assert_ne!(path, share_image_path(&longer));
    }

    #[test]
    fn the_sitemap_is_every_claimed_page_but_the_hidden_ones() {
        let mut owners = OutputOwners::default();
        let generated = Owner::generated;
        owners.claim(FEED, generated("the feed")).unwrap();
        owners.claim("/b/", generated("b")).unwrap();
        owners
            .claim(NOT_FOUND, generated("404"))
            .unwrap_or_default();
        owners
            .claim_listed(
                "/a/",
                generated("a"),
                Listing::Indexed {
                    lastmod: Some("2026-01-02".into()),
                },
            )
            .unwrap();
        owners
            .claim_listed("/old/", generated("alias"), Listing::Hidden)
            .unwrap();
        owners
            .claim_listed("/x.html", generated("static"), Listing::File)
            .unwrap();
        // A lost claim lists nothing.
        assert!(
            owners
                .claim_listed("/a/", generated("again"), Listing::Hidden)
                .is_err()
        );
        let paths: Vec<(String, Option<String>)> = owners
            .sitemap()
            .into_iter()
            .map(|l| (l.path, l.lastmod))
            .collect();
        assert_eq!(
            paths,
            [
                ("/404.html".to_string(), None),
                ("/a/".to_string(), Some("2026-01-02".to_string())),
                ("/b/".to_string(), None),
            ]
        );
        assert_eq!(
            fingerprinted_stylesheet(b"body{}"),
            format!("/style.{}.css", crate::digest::short(b"body{}"))
        );
    }

    #[test]
    fn site_paths_stay_inside_the_site() {
        assert_eq!(site_path("/blog/old").as_deref(), Ok("/blog/old/"));
        assert_eq!(site_path("/blog//old/").as_deref(), Ok("/blog/old/"));
        assert_eq!(site_path("/old.html").as_deref(), Ok("/old.html"));
        assert_eq!(site_path(" /a/ ").as_deref(), Ok("/a/"));
        assert_eq!(site_path("/").as_deref(), Ok("/"));
        for bad in [
            "",
            "blog/old",
            "//tmp/x/PWNED.html",
            "//evil.example/x",
            "/a/../../etc",
            "/./a",
            "/a\\b",
            "/a?b",
            "/a#b",
            "/a\0b",
            "/C:/x",
        ] {
            assert!(site_path(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn output_files_are_relative() {
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/a/b/"), "a/b/index.html");
        assert_eq!(output_file("/atom.xml"), "atom.xml");
        assert_eq!(
            output_file(&site_path("//x/y.html").unwrap_or_default()),
            "index.html"
        );
    }

    #[test]
    fn a_second_owner_is_an_error_naming_both() {
        let mut owners = OutputOwners::default();
        assert!(owners.claim(TAGS, Owner::generated("the tag list")).is_ok());
        let error = owners
            .claim("/tags/", Owner::source("content/tags.md", None))
            .unwrap_err();
        assert_eq!(error.code, "duplicate-url");
        assert!(
            error.message.contains("content/tags.md"),
            "{}",
            error.message
        );
        assert!(error.message.contains("the tag list"), "{}", error.message);
        assert_eq!(
            error.file.as_deref(),
            Some(std::path::Path::new("content/tags.md"))
        );
        // `/x/` and `/x/index.html` are one file.
        assert!(owners.claim("/x/", Owner::generated("a")).is_ok());
        assert!(
            owners
                .claim("/x/index.html", Owner::generated("b"))
                .is_err()
        );
        // A file cannot be a folder too, whichever comes first.
        assert!(owners.claim(FEED, Owner::generated("the feed")).is_ok());
        let error = owners
            .claim("/atom.xml/", Owner::source("content/a.md", None))
            .unwrap_err();
        assert!(error.message.contains("the feed"), "{}", error.message);
        assert!(owners.claim("/a/b/", Owner::generated("a page")).is_ok());
        assert!(owners.claim("/a", Owner::generated("a file")).is_err());
        assert!(owners.claim("/a/b", Owner::generated("a file")).is_err());
        // A path that would leave the output folder is never claimed.
        for bad in ["//tmp/x.html", "/a/../../b/", "relative/", "/a\\b"] {
            let error = owners
                .claim(bad, Owner::source("content/x.md", None))
                .unwrap_err();
            assert_eq!(error.code, "bad-path", "{bad}");
        }
    }
}
