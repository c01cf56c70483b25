//! The site settings, read from `site.yaml` text.

use super::*;

fn options() -> BuildOptions {
    BuildOptions::default()
}

#[test]
fn a_language_is_a_language_tag_never_a_path() {
    for good in ["en", "de-CH", "pt-BR", "zh-Hant-TW", "gsw"] {
        let yaml = format!("title: T\nbase_url: https://a.example\nlanguage: {good}\n");
        assert_eq!(SiteConfig::parse(&yaml, &options()).unwrap().language, good);
    }
    for (bad, help) in [
        ("../../evil", "like `language: en`"),
        ("pt_BR", "`language: pt-BR`"),
        ("'en\" onload=\"x'", "like `language: en`"),
        ("e", "like `language: en`"),
        ("en-", "like `language: en`"),
    ] {
        let yaml = format!("title: T\nbase_url: https://a.example\nlanguage: {bad}\n");
        let errors = SiteConfig::parse(&yaml, &options()).unwrap_err();
        assert_eq!(errors.len(), 1, "{bad}: {errors:?}");
        let error = &errors[0];
        assert!(
            error.message.contains("is not a language code"),
            "{}",
            error.message
        );
        assert!(
            error.help.as_deref().unwrap_or_default().contains(help),
            "{bad}: {:?}",
            error.help
        );
        let at = error.location.as_ref().unwrap();
        assert_eq!((at.line, at.column), (3, 11), "{bad}");
    }
}

#[test]
fn base_path_comes_from_the_url() {
    let config = SiteConfig::parse(
        "title: T\nbase_url: https://a.example/practice/\n",
        &options(),
    )
    .unwrap();
    assert_eq!(config.base_url, "https://a.example/practice");
    assert_eq!(config.base_path, "/practice");
    assert_eq!(config.url("/about/"), "/practice/about/");
    assert_eq!(
        config.permalink("/about/"),
        "https://a.example/practice/about/"
    );
}

#[test]
fn site_links_name_every_url_with_its_place() {
    let source = "title: T\nbase_url: https://a.example\nmenu:\n  - { label: About, url: /abuot/ }\n  - label: Notes\n    url: notes.md\nbooking: { label: Book, url: /contact/ }\n";
    let config = SiteConfig::parse(source, &options()).unwrap();
    let links: Vec<(&str, usize, usize, usize)> = config
        .site_links()
        .into_iter()
        .map(|(url, at)| (url, at.line, at.column, at.length))
        .collect();
    assert_eq!(
        links,
        [
            ("/abuot/", 4, 26, 7),
            ("notes.md", 6, 10, 8),
            ("/contact/", 7, 30, 9)
        ]
    );
    assert_eq!(config.site_links()[1].1.line_text, "    url: notes.md");
}

#[test]
fn an_unreadable_site_yaml_is_not_called_missing() {
    let too_many = unreadable(&std::io::Error::from_raw_os_error(24));
    assert_eq!(too_many.code, "unreadable-site-yaml");
    assert!(
        too_many.message.contains("cannot be read: ") && too_many.message.len() > 40,
        "{}",
        too_many.message
    );
    assert!(
        !too_many.message.contains("missing"),
        "{}",
        too_many.message
    );
    assert!(too_many.help.unwrap().contains("ulimit -n"));
    let denied = unreadable(&std::io::Error::from(std::io::ErrorKind::PermissionDenied));
    assert!(denied.help.unwrap().contains("chmod"));
    let missing = unreadable(&std::io::Error::from(std::io::ErrorKind::NotFound));
    assert_eq!(missing.code, "missing-site-yaml");
}

#[test]
fn every_site_yaml_error_has_a_help_line_and_all_come_together() {
    let errors = SiteConfig::parse(
        "title: T\nbase_url: ftp://x\ncolour: red\ntheme: [x]\nreferral: { path: /A B/ }\n",
        &options(),
    )
    .unwrap_err();
    let places: Vec<String> = errors.iter().filter_map(|e| e.position()).collect();
    assert_eq!(
        places,
        [
            "content/site.yaml:2:11",
            "content/site.yaml:3:1",
            "content/site.yaml:4:8",
            "content/site.yaml:5:11"
        ]
    );
    assert!(errors.iter().all(|e| e.help.is_some()), "{errors:#?}");
    let errors = SiteConfig::parse(
        "title: T\nbase_url: https://x.example\nreferral: { path: /A B/ }\n",
        &options(),
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].help.is_some());
}

#[test]
fn a_key_written_twice_inside_a_value_names_both_lines() {
    let errors = SiteConfig::parse(
        "title: T\nbase_url: https://a.example\nmenu:\n  - label: A\n    label: B\n    url: /x/\nauthor: { name: A, name: B }\n",
        &options(),
    )
    .unwrap_err();
    let found: Vec<(Option<String>, &str)> = errors
        .iter()
        .map(|e| (e.position(), e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Some("content/site.yaml:5:5".to_string()),
                "the key `label` is written twice: here and on line 4"
            ),
            (
                Some("content/site.yaml:7:20".to_string()),
                "the key `name` is written twice on this line"
            ),
        ]
    );
}

#[test]
fn a_relative_base_url_is_an_error_at_its_line() {
    let errors = SiteConfig::parse("title: T\nbase_url: harbor\n", &options()).unwrap_err();
    assert_eq!(
        errors[0].position().as_deref(),
        Some("content/site.yaml:2:11")
    );
}
