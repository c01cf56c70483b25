//! Snapshots of every page and generated file of the demo site (this
//! repository's `content/`), so that any change in output shows in review.
//! After a change meant to alter the output, accept the new snapshots with
//! `INSTA_UPDATE=always cargo test --test snapshots` and read the diff.

use hearth::build::build_site;
use hearth::config::BuildOptions;

#[test]
fn the_demo_site_is_unchanged() {
    let options = BuildOptions {
        root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        ..BuildOptions::default()
    };
    let built = build_site(&options).unwrap_or_else(|errors| panic!("{errors:?}"));
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (path, bytes) in &built.output.files {
            let Ok(text) = std::str::from_utf8(bytes) else {
                continue;
            };
            if !(path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".txt")) {
                continue;
            }
            let name = path.replace('/', "__");
            insta::assert_snapshot!(name, text);
        }
    });
}
