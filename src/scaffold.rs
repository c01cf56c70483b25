//! Scaffolding: the default theme and a starter site, embedded in the
//! binary so that an installed `hearth init` works anywhere, and the new
//! markdown files `hearth new` writes.

use std::io;
use std::path::{Path, PathBuf};

use crate::config::{BuildOptions, CONTENT_DIR, SITE_FILE, SiteConfig, THEMES_DIR};

/// Embeds files under a folder of the repository as `(relative path, bytes)`.
macro_rules! embed {
    ($folder:literal: $($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $folder, "/", $path)).as_slice())),*]
    };
}

/// The default theme, as in `themes/default/`. A test fails when a file
/// there is missing from this list.
pub const THEME_FILES: &[(&str, &[u8])] = embed!("themes/default":
    "i18n/de.yaml",
    "i18n/en.yaml",
    "i18n/es.yaml",
    "i18n/fr.yaml",
    "i18n/nl.yaml",
    "static/favicon.svg",
    "static/search.js",
    "static/style.css",
    "templates/404.html",
    "templates/article.html",
    "templates/base.html",
    "templates/comparison.html",
    "templates/comparisons.html",
    "templates/glossary.html",
    "templates/index.html",
    "templates/page.html",
    "templates/partials/backlinks.html",
    "templates/partials/byline.html",
    "templates/partials/comparison.html",
    "templates/partials/headshot.html",
    "templates/partials/hero.html",
    "templates/partials/page-meta.html",
    "templates/partials/referral-callout.html",
    "templates/partials/referral-resources.html",
    "templates/partials/related.html",
    "templates/partials/services.html",
    "templates/partials/share_image.html",
    "templates/partials/search-form.html",
    "templates/partials/summary-list.html",
    "templates/partials/tag-list.html",
    "templates/partials/testimonials.html",
    "templates/partials/toc.html",
    "templates/referral.html",
    "templates/search.html",
    "templates/section.html",
    "templates/services.html",
    "templates/tag.html",
    "templates/tags.html",
    "templates/testimonials.html",
);

/// The starter site's content, as in `starter/`, without `site.yaml`, which
/// [`site_yaml`] writes from the title and address. A test fails when a file
/// there is missing from this list.
pub const STARTER_FILES: &[(&str, &[u8])] = embed!("starter":
    "content/_index.md",
    "content/about.md",
    "content/articles/_index.md",
    "content/articles/first-session.md",
    "content/contact.md",
    "content/referral.yaml",
    "content/services.yaml",
    "content/testimonials.yaml",
);

/// The starter's words in `de`, as in `starter/de/`.
const STARTER_DE: &[(&str, &[u8])] = embed!("starter/de":
    "content/_index.md",
    "content/about.md",
    "content/articles/_index.md",
    "content/articles/first-session.md",
    "content/contact.md",
    "content/referral.yaml",
);

/// The starter's words in `es`, as in `starter/es/`.
const STARTER_ES: &[(&str, &[u8])] = embed!("starter/es":
    "content/_index.md",
    "content/about.md",
    "content/articles/_index.md",
    "content/articles/first-session.md",
    "content/contact.md",
    "content/referral.yaml",
);

/// The starter's words in `fr`, as in `starter/fr/`.
const STARTER_FR: &[(&str, &[u8])] = embed!("starter/fr":
    "content/_index.md",
    "content/about.md",
    "content/articles/_index.md",
    "content/articles/first-session.md",
    "content/contact.md",
    "content/referral.yaml",
);

/// The starter's words in `nl`, as in `starter/nl/`.
const STARTER_NL: &[(&str, &[u8])] = embed!("starter/nl":
    "content/_index.md",
    "content/about.md",
    "content/articles/_index.md",
    "content/articles/first-session.md",
    "content/contact.md",
    "content/referral.yaml",
);

/// The languages `init --language` writes a starter in: its pages, its
/// referral guidelines and `site.yaml`. The theme has strings for each.
pub const LANGUAGES: &[&str] = &["de", "en", "es", "fr", "nl"];

/// The files that differ from the English starter in `language`, and the
/// words of its `site.yaml`; `None` for a language without a starter.
fn starter_in(language: &str) -> Option<(EmbeddedFiles, &'static SiteWords)> {
    let files = match language {
        "en" => STARTER_FILES,
        "de" => STARTER_DE,
        "es" => STARTER_ES,
        "fr" => STARTER_FR,
        "nl" => STARTER_NL,
        _ => return None,
    };
    let words = SITE_WORDS.iter().find(|w| w.language == language)?;
    Some((files, words))
}

/// Files embedded with `embed!`: `(relative path, bytes)`.
type EmbeddedFiles = &'static [(&'static str, &'static [u8])];

/// The words of the starter `site.yaml` in one language.
struct SiteWords {
    language: &'static str,
    title: &'static str,
    description: &'static str,
    author: &'static str,
    articles: &'static str,
    about: &'static str,
    contact: &'static str,
    booking: &'static str,
}

/// [`SiteWords`] for each of [`LANGUAGES`]. Their description and author
/// are in [`crate::lint::PLACEHOLDER_TEXT`], so that `check` asks for them.
const SITE_WORDS: &[SiteWords] = &[
    SiteWords {
        language: "en",
        title: DEFAULT_TITLE,
        description: "One sentence about your practice, for search engines and the feed.",
        author: "Your Name",
        articles: "Articles",
        about: "About",
        contact: "Contact",
        booking: "Book a free call",
    },
    SiteWords {
        language: "de",
        title: "Meine Coaching-Praxis",
        description: "Ein Satz über Ihre Praxis, für Suchmaschinen und den Feed.",
        author: "Vorname Nachname",
        articles: "Artikel",
        about: "Über mich",
        contact: "Kontakt",
        booking: "Erstgespräch",
    },
    SiteWords {
        language: "es",
        title: "Mi consulta de coaching",
        description: "Una frase sobre su consulta, para los buscadores y el canal de noticias.",
        author: "Nombre Apellido",
        articles: "Artículos",
        about: "Sobre mí",
        contact: "Contacto",
        booking: "Llamada gratuita",
    },
    SiteWords {
        language: "fr",
        title: "Mon cabinet de coaching",
        description: "Une phrase sur votre activité, pour les moteurs de recherche et le flux.",
        author: "Prénom Nom",
        articles: "Articles",
        about: "À propos",
        contact: "Contact",
        booking: "Appel gratuit",
    },
    SiteWords {
        language: "nl",
        title: "Mijn coachingpraktijk",
        description: "Eén zin over je praktijk, voor zoekmachines en de feed.",
        author: "Voornaam Achternaam",
        articles: "Artikelen",
        about: "Over mij",
        contact: "Contact",
        booking: "Kennismaken",
    },
];

/// The title `init` gives an English site when `--title` is not given.
pub const DEFAULT_TITLE: &str = "My Coaching Practice";

/// The title `init` gives a site in `language` when `--title` is not given.
pub fn default_title(language: &str) -> &'static str {
    starter_in(language).map_or(DEFAULT_TITLE, |(_, words)| words.title)
}
/// The address `init` gives a site when `--base-url` is not given.
pub const DEFAULT_BASE_URL: &str = "https://example.com";

/// A YAML string: JSON's double-quoted strings are valid YAML.
fn yaml_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The starter `site.yaml` for a title, an address and a language of
/// [`LANGUAGES`] (English for any other).
pub fn site_yaml(title: &str, base_url: &str, language: &str) -> String {
    let words = starter_in(language).map_or(&SITE_WORDS[0], |(_, words)| words);
    format!(
        "# Site settings. `hearth build --base-url URL` replaces base_url, for CI.\n\
         title: {title}\n\
         base_url: {base_url}\n\
         description: {description}\n\
         language: {language}\n\
         author: {{ name: {author} }}\n\
         theme: default\n\
         menu:\n\
         \x20 - {{ label: {articles}, url: /articles/ }}\n\
         \x20 - {{ label: {about}, url: /about/ }}\n\
         \x20 - {{ label: {contact}, url: /contact/ }}\n\
         booking: {{ label: {booking}, url: /contact/ }}\n\
         # Forms that post to the service you picked (an https address it\n\
         # gives you, or `action: netlify` on Netlify). Show one on a page\n\
         # with a ```form block holding `id: contact` or `id: newsletter`.\n\
         # forms:\n\
         #   contact: {{ action: \"https://forms.example.org/f/you\", success: /thanks/ }}\n\
         #   newsletter: {{ action: netlify }}\n",
        title = yaml_string(title),
        base_url = yaml_string(base_url),
        description = yaml_string(words.description),
        language = words.language,
        author = yaml_string(words.author),
        articles = yaml_string(words.articles),
        about = yaml_string(words.about),
        contact = yaml_string(words.contact),
        booking = yaml_string(words.booking),
    )
}

/// Why `init` did not write a site.
#[derive(Debug)]
pub enum InitError {
    /// The folder has files and `--force` was not given.
    NotEmpty(PathBuf),
    /// The title or address is not usable; the message says why.
    BadSettings(String),
    /// A symbolic link stands where a file would be written, or on the way
    /// to it: writing through it could write outside the folder.
    Link(PathBuf),
    Io(PathBuf, io::Error),
}

/// Writes a new site into `dir`: the starter content, its `site.yaml` and the
/// default theme, in `language` (one of [`LANGUAGES`]). Refuses a folder with files in it (other than `.git`)
/// unless `force`, which overwrites files of the same name and leaves others.
/// Returns the files written, relative to `dir`.
pub fn init_site(
    dir: &Path,
    title: &str,
    base_url: &str,
    language: &str,
    force: bool,
) -> Result<Vec<String>, InitError> {
    let Some((translated, _)) = starter_in(language) else {
        return Err(InitError::BadSettings(format!(
            "there is no starter site in the language `{language}`; there is one in {}",
            LANGUAGES.join(", ")
        )));
    };
    let settings = site_yaml(title, base_url, language);
    if title.trim().is_empty() {
        return Err(InitError::BadSettings("the title is empty".to_string()));
    }
    SiteConfig::parse(&settings, &BuildOptions::default()).map_err(|errors| {
        let message = errors
            .first()
            .map_or_else(String::new, |error| error.message.clone());
        InitError::BadSettings(message)
    })?;
    if !force && has_files(dir).map_err(|error| InitError::Io(dir.to_path_buf(), error))? {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    // The English starter's files, each replaced by its translation.
    let mut files: Vec<(String, &[u8])> = STARTER_FILES
        .iter()
        .map(|&(path, bytes)| {
            let bytes = translated
                .iter()
                .find(|(other, _)| *other == path)
                .map_or(bytes, |(_, translation)| translation);
            (path.to_string(), bytes)
        })
        .collect();
    files.push((SITE_FILE.to_string(), settings.as_bytes()));
    files.extend(
        THEME_FILES
            .iter()
            .map(|(path, bytes)| (format!("{THEMES_DIR}/default/{path}"), *bytes)),
    );
    // Every link is refused before anything is written, so that a refused
    // init leaves the folder as it was.
    let ignore_file = ".gitignore";
    for path in files
        .iter()
        .map(|(path, _)| path.as_str())
        .chain([ignore_file])
    {
        link_on_the_way(dir, path).map_or(Ok(()), |link| Err(InitError::Link(link)))?;
    }
    let mut written = Vec::with_capacity(files.len() + 1);
    for (path, bytes) in files {
        let target = dir.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|error| InitError::Io(parent.into(), error))?;
        }
        std::fs::write(&target, bytes).map_err(|error| InitError::Io(target.clone(), error))?;
        written.push(path);
    }
    // Keep the build output and the photo cache out of git; an existing
    // .gitignore is added to.
    let ignore = dir.join(ignore_file);
    let existing = std::fs::read_to_string(&ignore).unwrap_or_default();
    let missing: Vec<&str> = ["/public", ".hearth/"]
        .into_iter()
        .filter(|wanted| !existing.lines().any(|line| line.trim() == *wanted))
        .collect();
    if !missing.is_empty() {
        let separator = if existing.is_empty() || existing.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        let added: String = missing.iter().map(|line| format!("{line}\n")).collect();
        std::fs::write(&ignore, format!("{existing}{separator}{added}"))
            .map_err(|error| InitError::Io(ignore.clone(), error))?;
        written.push(".gitignore".to_string());
    }
    Ok(written)
}

/// The first symbolic link on the way from `dir` to `relative` within it:
/// one of its folders, or the file itself. A site cloned from elsewhere can
/// carry such links (`content -> ~`, `content/site.yaml -> ~/.bashrc`), and
/// `init` and `new` write through none, wherever it leads.
fn link_on_the_way(dir: &Path, relative: &str) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    for part in Path::new(relative).components() {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Some(path),
            Ok(_) => {}
            // Nothing there yet: the rest is made here, as real folders.
            Err(_) => return None,
        }
    }
    None
}

/// True when `dir` exists and holds anything but a `.git` folder.
fn has_files(dir: &Path) -> io::Result<bool> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries {
                if entry?.file_name() != ".git" {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error),
    }
}

/// The longest file name `new` makes from a title, before `.md`: a long
/// title stays whole in the front matter, and the address stays readable
/// (and within every file system's limit on a name).
const NEW_SLUG_MAX: usize = 80;

/// `slug` cut to at most `max` bytes, after a whole word where it has one.
fn shortened(slug: &str, max: usize) -> &str {
    if slug.len() <= max {
        return slug;
    }
    // A slug is ASCII, so every byte is a character boundary.
    let cut = slug.get(..max).unwrap_or(slug);
    match cut.rfind('-') {
        Some(end) if slug.as_bytes().get(max) != Some(&b'-') && end > 0 => &cut[..end],
        _ => cut,
    }
}

/// What `hearth new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    /// A dated article in `content/articles/`.
    Article,
    /// A page at the top of `content/`.
    Page,
}

/// Why `new` did not write a file.
#[derive(Debug)]
pub enum NewError {
    /// The title gives no usable slug.
    BadTitle(String),
    /// A file for that slug exists already.
    Exists(PathBuf),
    /// A folder on the way to the new file is a symbolic link.
    Link(PathBuf),
    Io(PathBuf, io::Error),
}

/// The path, relative to the site root, of new content titled `title`.
/// The file name follows the site's `language` (see [`crate::paths::slug_in`]).
pub fn new_path(kind: NewKind, title: &str, language: &str) -> Result<String, NewError> {
    let slug = crate::paths::slug_in(title, language);
    let slug = shortened(&slug, NEW_SLUG_MAX);
    if slug.is_empty() {
        return Err(NewError::BadTitle(title.to_string()));
    }
    Ok(match kind {
        NewKind::Article => format!("{CONTENT_DIR}/articles/{slug}.md"),
        NewKind::Page => format!("{CONTENT_DIR}/{slug}.md"),
    })
}

/// The markdown of a new draft: front matter to fill in, and a line of body.
/// Articles get `date`; pages get none, since a dated page is listed with
/// the latest articles.
pub fn new_markdown(kind: NewKind, title: &str, today: jiff::civil::Date) -> String {
    let title = yaml_string(title.trim());
    match kind {
        NewKind::Article => format!(
            "---\ntitle: {title}\ndescription: \"\"\ndate: {today}\ntags: []\ndraft: true\n---\n\n\
             Start writing here. The first paragraph is the summary shown in lists and\n\
             in the feed. Fill in `description` and `tags` above, and remove\n\
             `draft: true` when the article is ready to publish.\n"
        ),
        NewKind::Page => format!(
            "---\ntitle: {title}\ndescription: \"\"\ndraft: true\n---\n\n\
             Start writing here. Fill in `description` above, link to this page from\n\
             another page or the menu in content/site.yaml, and remove `draft: true`\n\
             when it is ready to publish.\n"
        ),
    }
}

/// Writes new content under `root`; refuses to overwrite, including an
/// article bundle (`<slug>/index.md`) of the same name. Returns its path
/// relative to `root`.
pub fn new_content(
    root: &Path,
    kind: NewKind,
    title: &str,
    today: jiff::civil::Date,
) -> Result<String, NewError> {
    // The site's language, when its settings can be read; a broken
    // site.yaml is for `check` to explain, not a reason to refuse a draft.
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let language = SiteConfig::load(&options).map_or_else(|_| "en".to_string(), |c| c.language);
    let path = new_path(kind, title, &language)?;
    let target = root.join(&path);
    let bundle = root.join(path.trim_end_matches(".md")).join("index.md");
    for existing in [&target, &bundle] {
        if existing.exists() {
            return Err(NewError::Exists(existing.clone()));
        }
    }
    if let Some(link) = link_on_the_way(root, &path) {
        return Err(NewError::Link(link));
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|error| NewError::Io(parent.into(), error))?;
    }
    let text = new_markdown(kind, title, today);
    // `create_new` refuses to replace a file created since the check above.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|error| match error.kind() {
            io::ErrorKind::AlreadyExists => NewError::Exists(target.clone()),
            _ => NewError::Io(target.clone(), error),
        })?;
    io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|error| NewError::Io(target.clone(), error))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `folder` of the repository, with its bytes.
    fn files_on_disk(folder: &str) -> Vec<(String, Vec<u8>)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let relative = entry.path().strip_prefix(&root).unwrap();
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                files.push((parts.join("/"), std::fs::read(entry.path()).unwrap()));
            }
        }
        files.sort();
        files
    }

    fn embedded(list: &[(&str, &[u8])]) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = list
            .iter()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
            .collect();
        files.sort();
        files
    }

    fn names(files: &[(String, Vec<u8>)]) -> Vec<&str> {
        files.iter().map(|(name, _)| name.as_str()).collect()
    }

    #[test]
    fn every_theme_file_is_embedded() {
        let disk = files_on_disk("themes/default");
        let embedded = embedded(THEME_FILES);
        assert_eq!(
            names(&embedded),
            names(&disk),
            "THEME_FILES in src/scaffold.rs must list every file of themes/default/"
        );
        assert!(embedded == disk, "an embedded theme file differs from disk");
    }

    #[test]
    fn every_starter_file_is_embedded() {
        let disk = files_on_disk("starter");
        let mut all: Vec<(String, &[u8])> = STARTER_FILES
            .iter()
            .map(|&(path, bytes)| (path.to_string(), bytes))
            .collect();
        for language in LANGUAGES.iter().filter(|l| **l != "en") {
            let (files, _) = starter_in(language).unwrap();
            all.extend(
                files
                    .iter()
                    .map(|&(path, bytes)| (format!("{language}/{path}"), bytes)),
            );
        }
        let all: Vec<(&str, &[u8])> = all
            .iter()
            .map(|(path, bytes)| (path.as_str(), *bytes))
            .collect();
        let embedded = embedded(&all);
        assert_eq!(
            names(&embedded),
            names(&disk),
            "STARTER_FILES in src/scaffold.rs must list every file of starter/"
        );
        assert!(
            embedded == disk,
            "an embedded starter file differs from disk"
        );
    }

    #[test]
    fn site_yaml_quotes_what_it_is_given() {
        let yaml = site_yaml("Sam's \"calm\" coaching: #1", "https://sam.example", "en");
        let config = SiteConfig::parse(&yaml, &BuildOptions::default()).unwrap();
        assert_eq!(config.title, "Sam's \"calm\" coaching: #1");
        assert_eq!(config.base_url, "https://sam.example");
    }

    #[test]
    fn new_files_are_named_by_slug() {
        assert_eq!(
            new_path(NewKind::Article, "My first article!", "en").unwrap(),
            "content/articles/my-first-article.md"
        );
        assert_eq!(
            new_path(NewKind::Page, "Workshops", "en").unwrap(),
            "content/workshops.md"
        );
        assert!(matches!(
            new_path(NewKind::Page, "?!", "en"),
            Err(NewError::BadTitle(_))
        ));
    }

    #[test]
    fn a_long_title_gives_a_file_name_cut_after_a_word() {
        let title = "word ".repeat(100);
        let path = new_path(NewKind::Page, &title, "en").unwrap();
        let slug = path
            .strip_prefix("content/")
            .and_then(|name| name.strip_suffix(".md"))
            .unwrap();
        assert!(slug.len() <= NEW_SLUG_MAX, "{slug}");
        assert!(slug.split('-').all(|word| word == "word"), "{slug}");
        // One word longer than the limit is cut within it.
        let long = "a".repeat(300);
        assert_eq!(shortened(&long, NEW_SLUG_MAX).len(), NEW_SLUG_MAX);
        assert_eq!(shortened("ab-cd-ef", 5), "ab-cd");
        assert_eq!(shortened("ab-cd-ef", 4), "ab");
        assert_eq!(shortened("ab-cd", 5), "ab-cd");
    }

    #[cfg(unix)]
    #[test]
    fn init_writes_through_no_link_and_leaves_the_folder_as_it_was() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        std::fs::write(&victim, "mine\n").unwrap();
        // A link as the file, as a folder on the way, and as .gitignore.
        for (link, target) in [
            ("content/site.yaml", victim.clone()),
            ("content", outside.path().to_path_buf()),
            ("themes", outside.path().to_path_buf()),
            (".gitignore", victim.clone()),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let link_path = dir.path().join(link);
            std::fs::create_dir_all(link_path.parent().unwrap()).unwrap();
            symlink(&target, &link_path).unwrap();
            let before = std::fs::read_dir(dir.path()).unwrap().count();
            match init_site(dir.path(), "T", DEFAULT_BASE_URL, "en", true) {
                Err(InitError::Link(found)) => assert_eq!(found, link_path),
                other => panic!("{link}: {other:?}"),
            }
            assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine\n");
            assert_eq!(
                std::fs::read_dir(outside.path()).unwrap().count(),
                1,
                "{link}"
            );
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), before);
        }
    }

    #[cfg(unix)]
    #[test]
    fn new_writes_into_no_linked_folder() {
        let outside = tempfile::tempdir().unwrap();
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        let link = site.path().join("content/articles");
        std::os::unix::fs::symlink(outside.path(), &link).unwrap();
        let today = jiff::civil::date(2026, 12, 1);
        match new_content(site.path(), NewKind::Article, "Escape", today) {
            Err(NewError::Link(found)) => assert_eq!(found, link),
            other => panic!("{other:?}"),
        }
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        // A page, beside the link, is written as before.
        assert_eq!(
            new_content(site.path(), NewKind::Page, "Fine", today).unwrap(),
            "content/fine.md"
        );
    }
}
