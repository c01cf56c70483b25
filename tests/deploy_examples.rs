//! The deploy examples under `examples/ci/` never drift from the CLI: each
//! is parsed, every `hearth` command in its shell steps is run against the
//! demo site (this repository) with the platform's variables filled in, and
//! each example checks on pull requests and builds with `--base-url`.

mod common;

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

fn strings_of(value: &Value) -> BTreeMap<String, String> {
    value
        .as_object()
        .map(|map| {
            map.iter()
                .map(|(k, v)| {
                    let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
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

/// The build commands of a Netlify configuration.
fn netlify_scripts(config: &toml::Table) -> Vec<Script> {
    let mut scripts = Vec::new();
    let build = config["build"].as_table().expect("[build]");
    assert_eq!(build["publish"].as_str(), Some("public"));
    scripts.push(Script {
        job: "build".to_string(),
        on_pull_requests: false,
        text: build["command"]
            .as_str()
            .expect("build.command")
            .to_string(),
        env: BTreeMap::new(),
    });
    if let Some(contexts) = config.get("context").and_then(|c| c.as_table()) {
        for (name, context) in contexts {
            if let Some(command) = context.get("command").and_then(|c| c.as_str()) {
                scripts.push(Script {
                    job: format!("context.{name}"),
                    on_pull_requests: name == "deploy-preview",
                    text: command.to_string(),
                    env: BTreeMap::new(),
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
        let scripts = match name.as_str() {
            "github-pages.yml" | "cloudflare-pages.yml" => github_scripts(&yaml(&path)),
            "gitlab-ci.yml" => gitlab_scripts(&yaml(&path)),
            "netlify.toml" => {
                let text = std::fs::read_to_string(&path).unwrap();
                let config: toml::Table = toml::from_str(&text)
                    .unwrap_or_else(|e| panic!("{name} is not valid TOML: {e}"));
                netlify_scripts(&config)
            }
            other => panic!("no parser for {other}"),
        };
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
