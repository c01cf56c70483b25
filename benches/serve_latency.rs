//! How long from saving a file to its new page being served by `hearth
//! serve`: on the demo site, and on a generated site of many articles.
//! Not a timed test: it prints medians.
//!
//! `cargo bench --bench serve_latency [-- --articles 10000 --runs 9 --hearth PATH]`
//!
//! Edits measured: text only, a title change, a new link, a new tag, and
//! adding then removing an article; for each, the median and the 90th
//! percentile from save to served. `--hearth` times another binary (an
//! older build, for a before-and-after).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    url: String,
    /// The rebuild times `hearth serve` reports, in milliseconds.
    rebuilds: mpsc::Receiver<u64>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(hearth: &Path, root: &Path) -> Server {
    let mut child = Command::new(hearth)
        .args(["serve", "--port", "0"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start hearth serve");
    let stdout = child.stdout.take().expect("stdout");
    let (sender, receiver) = mpsc::channel();
    let (rebuilt, rebuilds) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(ms) = line
                .strip_prefix("Rebuilt in ")
                .and_then(|rest| rest.split(" ms").next())
                .and_then(|ms| ms.parse().ok())
            {
                let _ = rebuilt.send(ms);
            }
            if let Some(rest) = line.strip_prefix("Serving the site at ") {
                let url = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_end_matches('/');
                let _ = sender.send(url.to_string());
            }
        }
    });
    let url = receiver
        .recv_timeout(Duration::from_secs(900))
        .expect("hearth serve printed its address");
    Server {
        child,
        url,
        rebuilds,
    }
}

/// What the served page shows once an edit is served.
enum Shows {
    /// The page's HTML holds this text.
    Text(String),
    /// The page is gone: 404.
    Gone,
}

/// One saved change: write `text` into `file` (or remove it when `None`),
/// then fetch `path` until it shows what the change makes it show.
struct Change {
    file: PathBuf,
    text: Option<String>,
    path: String,
    shows: Shows,
}

/// Saves the change, then fetches its page until it shows it: the time in
/// between.
fn one_change(agent: &ureq::Agent, server: &Server, change: &Change) -> Duration {
    let url = format!("{}{}", server.url, change.path);
    let started = Instant::now();
    match &change.text {
        Some(text) => std::fs::write(&change.file, text).expect("save the file"),
        None => std::fs::remove_file(&change.file).expect("remove the file"),
    }
    let deadline = started + Duration::from_secs(120);
    loop {
        if let Ok(mut response) = agent.get(&url).call() {
            let status = response.status().as_u16();
            let shown = match &change.shows {
                Shows::Gone => status == 404,
                Shows::Text(marker) => {
                    status == 200
                        && response
                            .body_mut()
                            .read_to_string()
                            .is_ok_and(|body| body.contains(marker.as_str()))
                }
            };
            if shown {
                return started.elapsed();
            }
        }
        assert!(
            Instant::now() < deadline,
            "{} never showed the change",
            change.path
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// The kinds of edit measured, each made `runs` times: (name, the change
/// of run `k`). Every change differs from the one before, so each is a
/// real edit.
type EditKind<'a> = (&'a str, Box<dyn Fn(usize) -> Vec<Change> + 'a>);

/// Runs every kind of edit against one server and prints, per kind, the
/// median and 90th percentile from save to served and the median whole
/// rebuild. Each change waits for the rebuild before it to finish, as a
/// writer would.
fn measure(name: &str, hearth: &Path, root: &Path, kinds: &[EditKind], runs: usize) {
    let server = start(hearth, root);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    println!("{name}:");
    for (kind, changes) in kinds {
        let mut times = Vec::with_capacity(runs);
        let mut rebuilds = Vec::with_capacity(runs);
        for run in 0..runs {
            for change in changes(run) {
                times.push(one_change(&agent, &server, &change));
                rebuilds.push(
                    server
                        .rebuilds
                        .recv_timeout(Duration::from_secs(300))
                        .expect("hearth serve reported the rebuild"),
                );
            }
        }
        times.sort();
        rebuilds.sort_unstable();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let n = times.len();
        println!(
            "  {kind:<22} median {:>5.0} ms  p90 {:>5.0} ms  (fastest {:.0}, slowest {:.0}; {n} saves)  median whole rebuild {} ms",
            ms(times[n / 2]),
            ms(times[(n * 9).div_ceil(10).saturating_sub(1)]),
            ms(times[0]),
            ms(times[n - 1]),
            rebuilds[rebuilds.len() / 2],
        );
    }
}

/// The edits of one article at `file` (served at `path`) whose text is
/// `original`: text only, a new title, a new link, a new tag. `link` is a
/// markdown link target that exists.
fn article_edits<'a>(
    root: &'a Path,
    file: &'a str,
    path: &'a str,
    link: &'a str,
) -> Vec<EditKind<'a>> {
    let original = std::fs::read_to_string(root.join(file)).expect("the article");
    let original: &'a str = Box::leak(original.into_boxed_str());
    let change = move |text: String, shows: String| Change {
        file: root.join(file),
        text: Some(text),
        path: path.to_string(),
        shows: Shows::Text(shows),
    };
    vec![
        (
            "text only",
            Box::new(move |k| {
                let marker = format!("Latency probe {k}");
                vec![change(format!("{original}\n{marker}\n"), marker)]
            }),
        ),
        (
            "title change",
            Box::new(move |k| {
                let title = format!("Retitled probe {k}");
                let text: String = original
                    .lines()
                    .map(|line| match line.starts_with("title:") {
                        true => format!("title: \"{title}\"\n"),
                        false => format!("{line}\n"),
                    })
                    .collect();
                vec![change(text, title)]
            }),
        ),
        (
            "new link",
            Box::new(move |k| {
                let marker = format!("Link probe {k}");
                vec![change(
                    format!("{original}\n[{marker}]({link})\n"),
                    format!("{marker}</a>"),
                )]
            }),
        ),
        (
            "new tag",
            Box::new(move |k| {
                let text = original.replacen("tags: [", &format!("tags: [probe-{k}, "), 1);
                vec![change(text, format!("/tags/probe-{k}/"))]
            }),
        ),
    ]
}

/// Adding an article to the folder `folder` of `content/` (served under
/// `/folder/`), then removing it: two saves per run.
fn add_and_remove<'a>(root: &'a Path, folder: &'a str) -> EditKind<'a> {
    (
        "add, then remove",
        Box::new(move |k| {
            let file = root.join(format!("content/{folder}/latency-probe-{k}.md"));
            let path = format!("/{folder}/latency-probe-{k}/");
            let marker = format!("A new article, probe {k}");
            vec![
                Change {
                    file: file.clone(),
                    text: Some(format!(
                        "---\ntitle: Probe {k}\ndescription: A probe of the benchmark, number {k}.\ndate: 2024-05-05\n---\n{marker}.\n"
                    )),
                    path: path.clone(),
                    shows: Shows::Text(marker),
                },
                Change {
                    file,
                    text: None,
                    path,
                    shows: Shows::Gone,
                },
            ]
        }),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A site of `count` articles, the same every time: tags, dates and links
/// to neighbouring articles, like a real practice's archive.
fn generate(root: &Path, count: usize) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes"), &root.join("themes"));
    let content = root.join("content/articles");
    std::fs::create_dir_all(&content).expect("create content");
    let write = |path: &str, text: String| std::fs::write(root.join(path), text).expect("write");
    write(
        "content/site.yaml",
        "title: Generated Practice\nbase_url: https://generated.example\ndescription: A large archive.\nauthor: { name: Sam Rivera }\nmenu:\n  - { label: Articles, url: /articles/ }\nbooking: { label: Book a call, url: /contact/ }\n".into(),
    );
    write(
        "content/_index.md",
        "---\ntitle: Welcome\ndescription: Home.\n---\nHello.\n".into(),
    );
    write(
        "content/contact.md",
        "---\ntitle: Contact\ndescription: Write to me.\n---\nWrite.\n".into(),
    );
    write(
        "content/articles/_index.md",
        "---\ntitle: Articles\ndescription: All articles.\n---\nEverything I wrote.\n".into(),
    );
    for i in 0..count {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let year = 2000 + i / (28 * 12);
        let link = if i > 0 {
            format!("Read [the previous one](article-{}.md) too.", i - 1)
        } else {
            String::new()
        };
        let paragraphs: String = (0..6)
            .map(|p| format!("Paragraph {p} of article {i}: notes on parts, goals and the steady work of change, with *emphasis* and a list.\n\n- one\n- two\n\n"))
            .collect();
        write(
            &format!("content/articles/article-{i}.md"),
            format!(
                "---\ntitle: Article number {i}\ndescription: Generated article {i}.\ndate: {year:04}-{month:02}-{day:02}\ntags: [topic-{}, topic-{}]\n---\n## Opening\n\n{paragraphs}## Closing\n\n{link}\n",
                i % 20,
                (i * 7) % 20
            ),
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    let number =
        |flag: &str, default: usize| value(flag).and_then(|v| v.parse().ok()).unwrap_or(default);
    let articles = number("--articles", 10_000);
    let runs = number("--runs", 9).max(1);
    let hearth = value("--hearth")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_hearth")));
    println!("hearth: {}", hearth.display());

    let demo = tempfile::tempdir().expect("temporary folder");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &demo.path().join("content"));
    copy_dir(&repo.join("themes"), &demo.path().join("themes"));
    let root = demo.path();
    let mut kinds = article_edits(
        root,
        "content/articles/firefighters-and-rebuilders.md",
        "/articles/firefighters-and-rebuilders/",
        "../about.md",
    );
    kinds.push(add_and_remove(root, "articles"));
    measure("demo site", &hearth, root, &kinds, runs);

    let generated = tempfile::tempdir().expect("temporary folder");
    generate(generated.path(), articles);
    let middle = articles / 2;
    let file = format!("content/articles/article-{middle}.md");
    let path = format!("/articles/article-{middle}/");
    let root = generated.path();
    let mut kinds = article_edits(root, &file, &path, "article-0.md");
    kinds.push(add_and_remove(root, "articles"));
    measure(
        &format!("{articles} generated articles"),
        &hearth,
        root,
        &kinds,
        runs,
    );
}
