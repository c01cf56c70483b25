//! The deploy examples under `examples/ci/` never drift from the CLI: each
//! is parsed, every `hearth` command in its shell steps is run against the
//! demo site (this repository) with the platform's variables filled in, and
//! each example checks on pull requests and builds with `--base-url`. Their
//! install steps run against a fake release on 127.0.0.1 and must install
//! the prebuilt binary without compiling, unless asked to. Every GitHub
//! workflow, the action, the installer and the Dockerfile pass the linters
//! (skipped when one is missing, except in CI).

mod common;
mod fake_release;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// A shell script of one CI step, with what the platform runs it for.
#[derive(Debug)]
struct Script {
    /// The job (or Netlify context) it belongs to.
    job: String,
    /// True when the job runs for pull (or merge) requests.
    on_pull_requests: bool,
    text: String,
    /// Variables the file itself sets for the script.
    env: BTreeMap<String, String>,
}

/// What the platforms set, as the test fills it in. GitHub's `${{ ... }}`
/// expressions become the first address.
const PLATFORM_VARIABLES: &[(&str, &str)] = &[
    ("GITHUB_EXPRESSION", "https://owner.github.io/practice"),
    ("URL", "https://netlify-site.example"),
    (
        "DEPLOY_PRIME_URL",
        "https://deploy-preview-7--netlify-site.example",
    ),
    ("CI_PAGES_URL", "https://owner.gitlab.example/practice"),
];

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repository().join("examples/ci"))
        .expect("examples/ci")
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", path.display()))
}

/// A mapping of variables as strings; GitHub's `${{ ... }}` expressions
/// become the address the test gives `GITHUB_EXPRESSION`.
fn strings_of(value: &Value) -> BTreeMap<String, String> {
    value
        .as_object()
        .map(|map| {
            map.iter()
                .map(|(k, v)| {
                    let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                    let v = if v.contains("${{") {
                        PLATFORM_VARIABLES[0].1.to_string()
                    } else {
                        v
                    };
                    (k.clone(), v)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The `run:` steps of a GitHub Actions workflow.
fn github_scripts(workflow: &Value) -> Vec<Script> {
    assert!(
        workflow["on"].get("pull_request").is_some(),
        "the workflow must run on pull requests"
    );
    let global_env = strings_of(&workflow["env"]);
    let mut scripts = Vec::new();
    for (job, definition) in workflow["jobs"].as_object().expect("jobs") {
        let condition = definition["if"].as_str().unwrap_or("");
        let on_pull_requests = condition.is_empty()
            || condition.contains("== 'pull_request'")
            || condition.contains("== \"pull_request\"");
        let mut env = global_env.clone();
        env.extend(strings_of(&definition["env"]));
        for step in definition["steps"].as_array().expect("steps") {
            if let Some(run) = step["run"].as_str() {
                let mut step_env = env.clone();
                step_env.extend(strings_of(&step["env"]));
                scripts.push(Script {
                    job: job.clone(),
                    on_pull_requests,
                    text: run.to_string(),
                    env: step_env,
                });
            }
        }
    }
    scripts
}

/// The `before_script` and `script` lines of a GitLab CI file.
fn gitlab_scripts(pipeline: &Value) -> Vec<Script> {
    let env = strings_of(&pipeline["variables"]);
    let lines = |value: &Value| -> Vec<String> {
        match value {
            Value::String(line) => vec![line.clone()],
            Value::Array(lines) => lines
                .iter()
                .map(|l| l.as_str().expect("script lines are strings").to_string())
                .collect(),
            _ => Vec::new(),
        }
    };
    let before = lines(&pipeline["default"]["before_script"]);
    let mut scripts = Vec::new();
    for (job, definition) in pipeline.as_object().expect("a mapping") {
        let Some(script) = definition.get("script") else {
            continue;
        };
        let rules = definition["rules"].to_string();
        let mut text = before.clone();
        text.extend(lines(&definition["before_script"]));
        text.extend(lines(script));
        scripts.push(Script {
            job: job.clone(),
            on_pull_requests: rules.contains("merge_request_event"),
            text: text.join("\n"),
            env: env.clone(),
        });
    }
    scripts
}

/// The build commands of a Netlify configuration, with the variables of
/// `[build.environment]`.
fn netlify_scripts(config: &toml::Table) -> Vec<Script> {
    let mut scripts = Vec::new();
    let build = config["build"].as_table().expect("[build]");
    assert_eq!(build["publish"].as_str(), Some("public"));
    let env: BTreeMap<String, String> = build
        .get("environment")
        .and_then(|e| e.as_table())
        .map(|table| {
            table
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().expect("a string").to_string()))
                .collect()
        })
        .unwrap_or_default();
    scripts.push(Script {
        job: "build".to_string(),
        on_pull_requests: false,
        text: build["command"]
            .as_str()
            .expect("build.command")
            .to_string(),
        env: env.clone(),
    });
    if let Some(contexts) = config.get("context").and_then(|c| c.as_table()) {
        for (name, context) in contexts {
            if let Some(command) = context.get("command").and_then(|c| c.as_str()) {
                scripts.push(Script {
                    job: format!("context.{name}"),
                    on_pull_requests: name == "deploy-preview",
                    text: command.to_string(),
                    env: env.clone(),
                });
            }
        }
    }
    scripts
}

/// Every `hearth ...` command of a script: line continuations joined, then
/// each line split at `&&`, `||` and `;`, after `then`, `else` or `do`.
fn hearth_commands(script: &str) -> Vec<String> {
    let joined = script.replace("\\\n", " ");
    joined
        .lines()
        .flat_map(|line| {
            line.split("&&")
                .flat_map(|part| part.split("||"))
                .flat_map(|part| part.split(';'))
                .map(|part| {
                    let part = part.trim();
                    ["then ", "else ", "do "]
                        .iter()
                        .find_map(|keyword| part.strip_prefix(keyword))
                        .unwrap_or(part)
                        .trim()
                })
                .filter(|part| *part == "hearth" || part.starts_with("hearth "))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Replaces GitHub's `${{ ... }}` expressions with a shell variable.
fn without_expressions(command: &str) -> String {
    let mut out = String::new();
    let mut rest = command;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .unwrap_or_else(|| panic!("unclosed expression in {command}"));
        out.push_str("${GITHUB_EXPRESSION}");
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

/// Runs one command with `sh`, `hearth` on the PATH, in the demo site.
fn run_command(command: &str, env: &BTreeMap<String, String>) -> common::Run {
    let binary = Path::new(env!("CARGO_BIN_EXE_hearth"));
    let path = std::env::join_paths(
        std::iter::once(binary.parent().unwrap().to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg(format!("set -u; {command}"))
        .current_dir(repository())
        .env("PATH", path)
        .env("NO_COLOR", "1");
    for (name, value) in PLATFORM_VARIABLES {
        shell.env(name, value);
    }
    shell.envs(env);
    let output = shell.output().expect("run sh");
    common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The shell scripts of one example, by its file name.
fn scripts_of(path: &Path) -> Vec<Script> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    match name.as_str() {
        "github-pages.yml" | "cloudflare-pages.yml" => github_scripts(&yaml(path)),
        "gitlab-ci.yml" => gitlab_scripts(&yaml(path)),
        "netlify.toml" => {
            let text = std::fs::read_to_string(path).unwrap();
            let config: toml::Table =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{name} is not valid TOML: {e}"));
            netlify_scripts(&config)
        }
        other => panic!("no parser for {other}"),
    }
}

#[test]
fn every_example_is_known_and_tested() {
    let names: Vec<String> = examples()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "cloudflare-pages.yml",
            "github-pages.yml",
            "gitlab-ci.yml",
            "netlify.toml"
        ],
        "a new example needs a parser in tests/deploy_examples.rs"
    );
}

#[test]
fn every_hearth_command_in_the_examples_runs_against_the_demo_site() {
    let out = tempfile::tempdir().unwrap();
    let mut builds = 0;
    for path in examples() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let scripts = scripts_of(&path);
        let mut checks_pull_requests = false;
        let mut builds_with_base_url = false;
        for script in &scripts {
            for command in hearth_commands(&script.text) {
                let context = format!("{name}, {}: `{command}`", script.job);
                assert!(
                    !command.contains("--external"),
                    "{context}: the test would contact other hosts"
                );
                assert!(
                    !command.contains(" #"),
                    "{context}: keep comments off hearth lines"
                );
                let words: Vec<&str> = command.split_whitespace().collect();
                let subcommand = words.get(1).copied().unwrap_or_default();
                let mut shell = without_expressions(&command);
                let mut expected_url = None;
                if subcommand == "build" {
                    assert!(
                        command.contains("--base-url"),
                        "{context}: build without --base-url"
                    );
                    builds_with_base_url = true;
                    builds += 1;
                    let public = out.path().join(format!("public-{builds}"));
                    shell = format!("{shell} --out '{}'", public.display());
                    expected_url = Some(public);
                }
                if subcommand == "check" && script.on_pull_requests {
                    checks_pull_requests = true;
                }
                let run = run_command(&shell, &script.env);
                assert_eq!(
                    run.code, 0,
                    "{context} failed\nstdout:\n{}\nstderr:\n{}",
                    run.stdout, run.stderr
                );
                if let Some(public) = expected_url {
                    let home = std::fs::read_to_string(public.join("index.html"))
                        .unwrap_or_else(|e| panic!("{context}: no index.html: {e}"));
                    let given = PLATFORM_VARIABLES
                        .iter()
                        .map(|(_, url)| *url)
                        .chain(script.env.values().map(String::as_str))
                        .any(|url| {
                            url.starts_with("https://")
                                && home
                                    .contains(&format!("href=\"{}/\"", url.trim_end_matches('/')))
                        });
                    assert!(
                        given,
                        "{context}: the canonical link does not use --base-url"
                    );
                }
            }
        }
        assert!(
            checks_pull_requests,
            "{name} does not run `hearth check` on pull requests"
        );
        assert!(
            builds_with_base_url,
            "{name} does not run `hearth build --base-url`"
        );
    }
    assert!(builds >= 5, "only {builds} builds ran");
}

#[test]
fn commands_are_found_in_every_shape_of_script() {
    assert_eq!(
        hearth_commands(
            "cargo install --path . && hearth check && hearth build --base-url \"$URL\"\nhearth \\\n  check --drafts\nif x; then hearth build --base-url u; fi"
        ),
        [
            "hearth check",
            "hearth build --base-url \"$URL\"",
            "hearth    check --drafts",
            "hearth build --base-url u"
        ]
    );
    assert_eq!(
        without_expressions("hearth build --base-url \"${{ steps.pages.outputs.base_url }}\""),
        "hearth build --base-url \"${GITHUB_EXPRESSION}\""
    );
}

/// The part of a script before its first `hearth` command: the install.
fn install_part(script: &str) -> Option<String> {
    if !script.contains("install.sh") {
        return None;
    }
    let mut end = script.len();
    for (at, _) in script.match_indices("hearth ") {
        let before = script[..at].trim_end();
        if before.is_empty() || before.ends_with("&&") || script[..at].ends_with('\n') {
            end = at;
            break;
        }
    }
    let part = script[..end].trim_end();
    Some(
        part.strip_suffix("&&")
            .unwrap_or(part)
            .trim_end()
            .to_string(),
    )
}

/// A `cargo` that only records how it was called, first on the PATH.
fn fake_cargo(dir: &Path) -> PathBuf {
    let bin = dir.join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let cargo = bin.join("cargo");
    std::fs::write(
        &cargo,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{}'\n",
            dir.join("cargo-calls").display()
        ),
    )
    .unwrap();
    let mut permissions = std::fs::metadata(&cargo).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&cargo, permissions).unwrap();
    bin
}

#[test]
fn every_example_installs_the_prebuilt_release_and_compiles_only_when_asked() {
    let version = env!("CARGO_PKG_VERSION");
    let target = fake_release::host_target();
    let mut files = fake_release::release_files(target);
    files.insert(
        "install.sh".to_string(),
        std::fs::read(repository().join("install.sh")).unwrap(),
    );
    let server = fake_release::ReleaseServer::start(BTreeMap::from([(
        format!("download/v{version}"),
        files,
    )]));
    let mut installs = 0;
    for path in examples() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let scripts = scripts_of(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("HEARTH_DOWNLOAD_URL") && text.contains("install.sh"),
            "{name} does not install the prebuilt release"
        );
        for script in &scripts {
            let Some(install) = install_part(&script.text) else {
                assert!(
                    !script.text.contains("cargo install"),
                    "{name}, {}: compiles Hearth outside the install step",
                    script.job
                );
                continue;
            };
            let context = format!("{name}, {}", script.job);
            assert_eq!(
                script.env.get("HEARTH_VERSION").map(String::as_str),
                Some(version),
                "{context}: the example pins another version than this one"
            );
            assert_eq!(
                script.env.get("HEARTH_DOWNLOAD_URL").map(String::as_str),
                Some("https://github.com/OWNER/hearth/releases"),
                "{context}"
            );
            let modes: &[&str] = if install.contains("HEARTH_FROM_SOURCE") {
                &["false", "true"]
            } else {
                &["false"]
            };
            for from_source in modes {
                let home = tempfile::tempdir().unwrap();
                let fake_bin = fake_cargo(home.path());
                let github_path = home.path().join("github-path");
                let path_var = format!(
                    "{}:{}",
                    fake_bin.display(),
                    std::env::var("PATH").unwrap_or_default()
                );
                let mut shell = Command::new("sh");
                shell
                    .args(["-c", &format!("set -eu\n{install}")])
                    .current_dir(repository());
                let mut env: Vec<(&str, &str)> = script
                    .env
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                env.extend([
                    ("HEARTH_DOWNLOAD_URL", server.base()),
                    ("HEARTH_FROM_SOURCE", from_source),
                    ("PATH", path_var.as_str()),
                    ("RUNNER_TEMP", home.path().to_str().unwrap()),
                    ("GITHUB_PATH", github_path.to_str().unwrap()),
                ]);
                let run = fake_release::run(shell, home.path(), &env);
                assert_eq!(run.code, 0, "{context} (from source: {from_source})\n{run}");
                let calls =
                    std::fs::read_to_string(home.path().join("cargo-calls")).unwrap_or_default();
                let installed = home.path().join(".local/bin/hearth");
                if *from_source == "true" {
                    assert_eq!(calls, "install --locked --path .\n", "{context}");
                    assert!(!installed.exists(), "{context}: downloaded anyway");
                    continue;
                }
                assert_eq!(calls, "", "{context}: compiled Hearth with cargo");
                let output = Command::new(&installed)
                    .arg("--version")
                    .output()
                    .unwrap_or_else(|e| panic!("{context}: no hearth installed: {e}\n{run}"));
                assert_eq!(
                    String::from_utf8_lossy(&output.stdout).trim(),
                    format!("hearth {version}"),
                    "{context}"
                );
                if name.ends_with(".yml") && name != "gitlab-ci.yml" {
                    let added = std::fs::read_to_string(&github_path).unwrap_or_default();
                    assert!(
                        added
                            .lines()
                            .any(|l| Path::new(l) == installed.parent().unwrap()),
                        "{context}: the install folder is not added to GITHUB_PATH"
                    );
                }
                installs += 1;
            }
        }
    }
    assert!(installs >= 7, "only {installs} install steps ran");
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.starts_with(&format!("/releases/download/v{version}/"))),
        "{:?}",
        server.requests()
    );
}

#[test]
fn install_parts_end_before_the_first_hearth_command() {
    assert_eq!(
        install_part(
            "curl x -o install.sh && sh install.sh && export PATH=\"$HOME/.local/bin:$PATH\" && hearth check && hearth build"
        ),
        Some(
            "curl x -o install.sh && sh install.sh && export PATH=\"$HOME/.local/bin:$PATH\""
                .to_string()
        )
    );
    assert_eq!(
        install_part("sh /tmp/install.sh\nexport PATH=x\nhearth check"),
        Some("sh /tmp/install.sh\nexport PATH=x".to_string())
    );
    assert_eq!(install_part("hearth check"), None);
}

/// Runs a linter from PATH on `args` in the repository: `None` when it is
/// not installed (which fails in CI, where `.ci/run` installs them all).
fn lint(tool: &str, args: &[&str]) -> Option<common::Run> {
    let present = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .any(|dir| dir.join(tool).is_file());
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is not installed; .ci/run installs it"
        );
        eprintln!("skipping {tool}: not installed");
        return None;
    }
    let output = Command::new(tool)
        .args(args)
        .current_dir(repository())
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("run {tool}: {e}"));
    Some(common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

#[test]
fn workflows_the_action_the_installer_and_the_dockerfile_pass_the_linters() {
    let mut workflows: Vec<String> = std::fs::read_dir(repository().join(".github/workflows"))
        .expect(".github/workflows")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .map(|p| {
            p.strip_prefix(repository())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    workflows.sort();
    assert!(workflows.contains(&".github/workflows/release.yml".to_string()));
    workflows.extend([
        "examples/ci/github-pages.yml".to_string(),
        "examples/ci/cloudflare-pages.yml".to_string(),
    ]);
    let workflows: Vec<&str> = workflows.iter().map(String::as_str).collect();
    let with = |first: &[&str], files: &[&str]| -> Vec<String> {
        first.iter().chain(files).map(|s| s.to_string()).collect()
    };
    let checks: Vec<(&str, Vec<String>)> = vec![
        // actionlint also checks action.yml through `uses: ./`, and runs
        // shellcheck on every `run:` script when it is installed.
        ("actionlint", with(&[], &workflows)),
        (
            "zizmor",
            with(&["--offline", "--no-progress", "action.yml"], &workflows),
        ),
        (
            "check-jsonschema",
            with(&["--builtin-schema", "vendor.github-workflows"], &workflows),
        ),
        (
            "check-jsonschema",
            with(
                &["--builtin-schema", "vendor.github-actions"],
                &["action.yml"],
            ),
        ),
        ("hadolint", with(&[], &["Dockerfile"])),
        ("shellcheck", with(&["--shell=sh"], &["install.sh"])),
        ("dash", with(&["-n"], &["install.sh"])),
    ];
    let mut ran = 0;
    for (tool, args) in &checks {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        if let Some(run) = lint(tool, &args) {
            assert_eq!(
                run.code,
                0,
                "{tool} {} found problems\nstdout:\n{}\nstderr:\n{}",
                args.join(" "),
                run.stdout,
                run.stderr
            );
            ran += 1;
        }
    }
    eprintln!("{ran} of {} lint checks ran", checks.len());
}
