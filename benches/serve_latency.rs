//! How long from saving a file to its new page being served by `hearth
//! serve`: on the demo site, and on a generated site of many articles.
//! Not a timed test: it prints medians.
//!
//! `cargo bench --bench serve_latency [-- --articles 10000 --runs 15]`

use std::io::{BufRead, BufReader};
use std::path::Path;
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

fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hearth"))
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
        .recv_timeout(Duration::from_secs(600))
        .expect("hearth serve printed its address");
    Server {
        child,
        url,
        rebuilds,
    }
}

/// Saves `text` into `file`, then fetches `path` until it shows `marker`:
/// the time in between.
fn one_edit(
    agent: &ureq::Agent,
    server: &Server,
    file: &Path,
    text: &str,
    path: &str,
    marker: &str,
) -> Duration {
    let url = format!("{}{path}", server.url);
    let started = Instant::now();
    std::fs::write(file, text).expect("save the file");
    let deadline = started + Duration::from_secs(300);
    loop {
        if let Ok(mut response) = agent.get(&url).call()
            && let Ok(body) = response.body_mut().read_to_string()
            && body.contains(marker)
        {
            return started.elapsed();
        }
        assert!(Instant::now() < deadline, "{path} never showed the edit");
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn measure(name: &str, root: &Path, article: &str, path: &str, runs: usize) {
    let server = start(root);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let file = root.join(article);
    let original = std::fs::read_to_string(&file).expect("the article");
    let mut times = Vec::with_capacity(runs);
    let mut rebuilds = Vec::with_capacity(runs);
    for run in 0..runs {
        let marker = format!("Latency probe {run} of {name}");
        let text = format!("{original}\n{marker}\n");
        times.push(one_edit(&agent, &server, &file, &text, path, &marker));
        // The edited page is served before the rest of the site is rebuilt:
        // the next edit waits for the whole rebuild, as a writer would.
        rebuilds.push(
            server
                .rebuilds
                .recv_timeout(Duration::from_secs(300))
                .expect("hearth serve reported the rebuild"),
        );
    }
    times.sort();
    rebuilds.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}: median {:.0} ms from save to served over {runs} edits (fastest {:.0} ms, slowest {:.0} ms); median rebuild {} ms",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1]),
        rebuilds
            .get(rebuilds.len() / 2)
            .map_or("?".to_string(), u64::to_string)
    );
    std::fs::write(&file, original).expect("restore the article");
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
    let value = |flag: &str, default: usize| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let articles = value("--articles", 1000);
    let runs = value("--runs", 15).max(1);

    let demo = tempfile::tempdir().expect("temporary folder");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &demo.path().join("content"));
    copy_dir(&repo.join("themes"), &demo.path().join("themes"));
    measure(
        "demo site",
        demo.path(),
        "content/articles/coaching-or-therapy.md",
        "/articles/coaching-or-therapy/",
        runs,
    );

    let generated = tempfile::tempdir().expect("temporary folder");
    generate(generated.path(), articles);
    let middle = articles / 2;
    measure(
        &format!("{articles} generated articles"),
        generated.path(),
        &format!("content/articles/article-{middle}.md"),
        &format!("/articles/article-{middle}/"),
        runs,
    );
}
