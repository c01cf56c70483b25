//! The shape of the code, held to account: data flows one way through the
//! stages, so no module imports a later stage, and no two modules import
//! each other. The order is written here once, and in README's code map.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules that belong to no stage: any stage may use them, and they use
/// only each other.
const FOUNDATION: &[&str] = &[
    "diagnostic",
    "digest",
    "paths",
    "urls",
    "files",
    "yaml",
    "markdown",
    "photo",
];

/// The stages, in the order data flows through them; then the commands'
/// own modules, which use the pipeline. `output` (where files go: memory,
/// or a staging folder swapped into place) comes before `render`, which
/// hands it each file as soon as it is ready.
const STAGES: &[&str] = &[
    "config", "load", "parse", "link", "lint", "external", "output", "render", "search", "build",
    "scaffold", "serve",
];

/// The top-level module each `crate::name` in the code of `text` names,
/// leaving out comments (a doc comment may point anywhere).
fn imports(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let code = code.split("//").next().unwrap_or(code);
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
        // `use crate::{a, b::c}` names several.
        if let Some(group) = code
            .strip_prefix("use crate::{")
            .or_else(|| code.strip_prefix("pub use crate::{"))
        {
            for part in group.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

/// Every library module's imports of other modules: `src/x.rs` and
/// `src/x/**` are module `x`. `main.rs` and `cmd/` are the command line.
fn module_imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).expect("inside src");
        let first = relative
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let module = first.trim_end_matches(".rs").to_string();
        if ["main", "lib", "cmd"].contains(&module.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read a source file");
        let mut names = imports(&text);
        names.remove(&module);
        modules.entry(module).or_default().extend(names);
    }
    modules
}

#[test]
fn every_module_has_a_place_in_the_order() {
    let modules = module_imports();
    for module in modules.keys() {
        assert!(
            FOUNDATION.contains(&module.as_str()) || STAGES.contains(&module.as_str()),
            "`{module}` is in neither FOUNDATION nor STAGES: give it its place here and in README's code map"
        );
    }
}

#[test]
fn no_module_imports_a_later_stage() {
    let rank = |name: &str| STAGES.iter().position(|stage| *stage == name);
    let mut wrong = Vec::new();
    for (module, names) in module_imports() {
        for name in names {
            let allowed = if FOUNDATION.contains(&module.as_str()) {
                FOUNDATION.contains(&name.as_str())
            } else {
                FOUNDATION.contains(&name.as_str())
                    || matches!((rank(&module), rank(&name)), (Some(a), Some(b)) if b < a)
            };
            if !allowed {
                wrong.push(format!("{module} imports {name}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the flow of data: {wrong:#?}"
    );
}

#[test]
fn no_two_modules_import_each_other() {
    let modules = module_imports();
    let mut loops = Vec::new();
    for (module, names) in &modules {
        for name in names {
            if module < name && modules.get(name).is_some_and(|back| back.contains(module)) {
                loops.push(format!("{module} <-> {name}"));
            }
        }
    }
    assert!(
        loops.is_empty(),
        "modules that import each other: {loops:#?}"
    );
}

#[test]
fn the_reader_sees_imports_of_every_form() {
    let found = imports(
        "use crate::config::X;\n// crate::serve\nuse crate::{link::A, parse};\nlet x = crate::paths::output_file(\"/\");\n",
    );
    let names: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(names, ["config", "link", "parse", "paths"]);
}

#[test]
fn no_source_file_is_over_700_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut long = Vec::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
        if entry.path().extension().is_some_and(|ext| ext == "rs") {
            let lines = std::fs::read_to_string(entry.path())
                .expect("read")
                .lines()
                .count();
            if lines > 700 {
                long.push(format!("{}: {lines} lines", entry.path().display()));
            }
        }
    }
    assert!(long.is_empty(), "split these by job: {long:#?}");
}
