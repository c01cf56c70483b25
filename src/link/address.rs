//! The arithmetic of a link's address, without the site: joining a
//! relative link to the file or the page it is written in, and telling a
//! file from a page and an address from a path.

pub(super) fn with_fragment(url: String, fragment: Option<&str>) -> String {
    match fragment {
        Some(fragment) if !fragment.is_empty() => format!("{url}#{fragment}"),
        _ => url,
    }
}

pub(super) fn has_scheme(dest: &str) -> bool {
    crate::urls::has_scheme(dest)
}

pub(super) fn is_file_like(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|last| {
        last.rsplit_once('.')
            .is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
    })
}

/// Joins a relative link to the folder of the file it is in; `None` when it
/// climbs out of `content/`.
pub(super) fn join_relative(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Where the relative address `relative` leads from the page at the
/// address `from`, as a browser reads it (`/articles/a/` and `../b` give
/// `/articles/b/`), as a folder's address; `None` above the site's root.
pub(super) fn join_address(from: &str, relative: &str) -> Option<String> {
    // The address's last part is the page itself when it has no slash.
    let folder = if from.ends_with('/') {
        from
    } else {
        from.rsplit_once('/').map_or("", |(folder, _)| folder)
    };
    let joined = join_relative(folder, relative)?;
    Some(if joined.is_empty() {
        "/".to_string()
    } else {
        format!("/{joined}/")
    })
}

/// Writes `target` (relative to `content/`) as a path relative to `folder`.
pub(super) fn relative_from(folder: &str, target: &str) -> String {
    let from: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_join_and_unjoin() {
        assert_eq!(
            join_relative("articles", "../about.md").as_deref(),
            Some("about.md")
        );
        assert_eq!(
            join_relative("articles/b", "./x.md").as_deref(),
            Some("articles/b/x.md")
        );
        assert_eq!(join_relative("", "../x.md"), None);
        assert_eq!(relative_from("articles", "about.md"), "../about.md");
        assert_eq!(relative_from("articles", "articles/x.md"), "x.md");
    }

    #[test]
    fn addresses_join_as_a_browser_joins_them() {
        assert_eq!(
            join_address("/articles/a/", "../b").as_deref(),
            Some("/articles/b/")
        );
        assert_eq!(
            join_address("/articles/a/", "../../about/").as_deref(),
            Some("/about/")
        );
        assert_eq!(
            join_address("/articles/a/", "about").as_deref(),
            Some("/articles/a/about/")
        );
        assert_eq!(
            join_address("/feed.xml", "about").as_deref(),
            Some("/about/")
        );
        assert_eq!(join_address("/a/", "../").as_deref(), Some("/"));
        assert_eq!(join_address("/a/", "../../x"), None);
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("notes.md"));
        assert!(!has_scheme("a/b:c.md"));
    }
}
