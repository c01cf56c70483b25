//! `cargo bench --bench build_speed [-- --sizes 1000,10000 --runs 5]`
//!
//! Generates a deterministic synthetic coaching blog of each size in a
//! temporary folder (in `/dev/shm` when there is one, to measure the CPU and
//! not the disk), then times clean builds of it with the release `hearth`
//! binary, run as a process, and with the floor program (`floor.rs`: read,
//! render markdown in parallel, write one file per page) run by re-executing
//! this benchmark. Runs of the two alternate, so that noise from other work
//! on the machine falls on both. Prints the median wall time, the median CPU
//! time (user + system), the peak resident memory of each (from `wait4`),
//! and the ratio hearth / floor; then what the search index costs: its
//! size, and the same builds with `search: false`; and the core of a build
//! (no search index, share images reused) against the floor.
//!
//! Each clean build of hearth is followed by a cached one: the same build
//! again over its own output, which reuses every share image (the PNG
//! every page links for link previews) instead of drawing it. The
//! difference, per page, is what drawing share images costs.
//!
//! Options: `--sizes 1000,10000`, `--runs 5`, `--seed 7`, `--hearth PATH` (time
//! another binary, such as an older build), `--against PATH` (also time the
//! core build of another binary, alternating with this one's runs, so that
//! the machine's drift between runs falls on both alike), `--keep` (leave the corpus and
//! the output in place and print where they are, for profiling),
//! `--glossary 200` (then also time builds of the same site with a
//! glossary of that many terms against builds without one, alternating:
//! the cost of the automatic term links).

mod corpus;
mod floor;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The first argument that makes this process the floor program.
const FLOOR_ARG: &str = "__floor";

struct Options {
    sizes: Vec<usize>,
    runs: usize,
    seed: u64,
    hearth: PathBuf,
    /// Another binary whose core builds alternate with `hearth`'s.
    against: Option<PathBuf>,
    keep: bool,
    /// Terms of the glossary case; 0: no glossary case.
    glossary: usize,
}

/// What one run of a program cost.
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    cpu: Duration,
    /// Peak resident set size, in KiB.
    max_rss_kib: u64,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(FLOOR_ARG) {
        return match (args.get(1), args.get(2)) {
            (Some(content), Some(out)) => match floor::run(Path::new(content), Path::new(out)) {
                Ok(_) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("floor: {error}");
                    ExitCode::FAILURE
                }
            },
            _ => {
                eprintln!("usage: build_speed {FLOOR_ARG} CONTENT OUT");
                ExitCode::from(2)
            }
        };
    }
    let options = match parse_options(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("build_speed: {message}");
            eprintln!(
                "usage: cargo bench --bench build_speed -- [--sizes 1000,10000] [--runs 5] [--seed 7] [--hearth PATH] [--against PATH] [--keep] [--glossary 200]"
            );
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("build_speed: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        sizes: vec![1_000, 10_000],
        runs: 5,
        seed: 7,
        hearth: PathBuf::from(env!("CARGO_BIN_EXE_hearth")),
        against: None,
        keep: false,
        glossary: 0,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("`{arg}` needs a value"))
                .cloned()
        };
        match arg.as_str() {
            "--sizes" => {
                options.sizes = value()?
                    .split(',')
                    .map(|s| s.trim().parse::<usize>())
                    .collect::<Result<_, _>>()
                    .map_err(|e| format!("bad --sizes: {e}"))?;
            }
            "--runs" => options.runs = value()?.parse().map_err(|e| format!("bad --runs: {e}"))?,
            "--seed" => options.seed = value()?.parse().map_err(|e| format!("bad --seed: {e}"))?,
            "--hearth" => options.hearth = PathBuf::from(value()?),
            "--against" => options.against = Some(PathBuf::from(value()?)),
            "--keep" => options.keep = true,
            "--glossary" => {
                options.glossary = value()?
                    .parse()
                    .map_err(|e| format!("bad --glossary: {e}"))?
            }
            // cargo bench passes `--bench` to every benchmark.
            "--bench" => {}
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    if options.runs == 0 || options.sizes.iter().any(|&n| n < 2) {
        return Err("--runs must be at least 1 and every size at least 2".to_string());
    }
    Ok(options)
}

fn run(options: &Options) -> Result<(), String> {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "hearth build vs the floor; {} runs each; median (min..max); {threads} cores; corpus in {}",
        options.runs,
        base.display()
    );
    println!("hearth: {}", options.hearth.display());
    let this = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    for &n in &options.sizes {
        let dir = tempfile::Builder::new()
            .prefix("hearth-bench-")
            .tempdir_in(&base)
            .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
        let root = dir.path();
        let started = Instant::now();
        corpus::write_site(root, n, options.seed, &theme)
            .map_err(|e| format!("cannot write the corpus: {e}"))?;
        let generated = started.elapsed();
        let public = root.join("public");
        let floor_out = root.join("floor-out");
        let hearth_cmd = || {
            let mut command = Command::new(&options.hearth);
            command.arg("build").arg("--root").arg(root);
            command
        };
        let floor_cmd = || {
            let mut command = Command::new(&this);
            command
                .arg(FLOOR_ARG)
                .arg(root.join("content"))
                .arg(&floor_out);
            command
        };
        // One run of each first, unmeasured: warms the page cache and checks
        // that both succeed.
        measure(hearth_cmd(), &public, root)?;
        measure(floor_cmd(), &floor_out, root)?;
        let mut hearth = Vec::new();
        let mut cached = Vec::new();
        let mut floor = Vec::new();
        for _ in 0..options.runs {
            hearth.push(measure(hearth_cmd(), &public, root)?);
            cached.push(measure_over(hearth_cmd(), root)?);
            floor.push(measure(floor_cmd(), &floor_out, root)?);
        }
        let pages = count_files(&public, "index.html");
        let shares = count_suffix(&public.join("share"), ".png");
        let h = summary(&hearth);
        let c = summary(&cached);
        let f = summary(&floor);
        println!();
        println!(
            "{n} articles ({pages} HTML pages written by hearth; corpus generated in {:.2} s)",
            generated.as_secs_f64()
        );
        println!(
            "  hearth  wall {}  cpu {:>7.3} s  peak {:>6.1} MiB",
            h.wall_text, h.cpu, h.peak_mib
        );
        println!(
            "  cached  wall {}  cpu {:>7.3} s  peak {:>6.1} MiB  (over its own output: share images reused)",
            c.wall_text, c.cpu, c.peak_mib
        );
        let per = |clean: f64, cached: f64| (clean - cached) * 1000.0 / shares.max(1) as f64;
        println!(
            "  share images: {shares} drawn; clean - cached = wall {:.2} ms, cpu {:.2} ms per image",
            per(h.wall, c.wall),
            per(h.cpu, c.cpu)
        );
        println!(
            "  floor   wall {}  cpu {:>7.3} s  peak {:>6.1} MiB",
            f.wall_text, f.cpu, f.peak_mib
        );
        println!(
            "  ratio hearth / floor: wall {:.2}x, cpu {:.2}x",
            h.wall / f.wall,
            h.cpu / f.cpu
        );
        if options.glossary > 0 {
            glossary_case(options, &hearth_cmd, &public, root)?;
        }
        search_cost(options, root, &public, &h, &f, hearth_cmd)?;
        if options.keep {
            let kept = dir.keep();
            println!("  kept: {}", kept.display());
        }
    }
    Ok(())
}

/// Times builds of the site with a glossary of `options.glossary` terms
/// against builds without one, alternating, and prints the difference.
fn glossary_case(
    options: &Options,
    hearth_cmd: &dyn Fn() -> Command,
    public: &Path,
    root: &Path,
) -> Result<(), String> {
    let file = root.join("content/glossary.yaml");
    corpus::write_glossary(root, options.glossary)
        .map_err(|e| format!("cannot write the glossary: {e}"))?;
    measure(hearth_cmd(), public, root)?;
    let linked = count_in_pages(public, "class=\"term\"");
    let mut with = Vec::new();
    let mut without = Vec::new();
    for _ in 0..options.runs {
        std::fs::remove_file(&file).map_err(|e| format!("cannot remove the glossary: {e}"))?;
        without.push(measure(hearth_cmd(), public, root)?);
        corpus::write_glossary(root, options.glossary)
            .map_err(|e| format!("cannot write the glossary: {e}"))?;
        with.push(measure(hearth_cmd(), public, root)?);
    }
    let w = summary(&with);
    let o = summary(&without);
    println!(
        "  glossary of {} terms ({linked} term links written):",
        options.glossary
    );
    println!(
        "    without  wall {}  cpu {:>7.3} s  peak {:>6.1} MiB",
        o.wall_text, o.cpu, o.peak_mib
    );
    println!(
        "    with     wall {}  cpu {:>7.3} s  peak {:>6.1} MiB",
        w.wall_text, w.cpu, w.peak_mib
    );
    println!(
        "    cost of term linking: wall {:+.3} s ({:+.1}%), cpu {:+.3} s ({:+.1}%)",
        w.wall - o.wall,
        100.0 * (w.wall / o.wall - 1.0),
        w.cpu - o.cpu,
        100.0 * (w.cpu / o.cpu - 1.0)
    );
    Ok(())
}

/// What the search index costs: the size of `/pagefind/` in the build just
/// timed, and the same builds again with `search: false`, whose time the
/// index does not take.
fn search_cost(
    options: &Options,
    root: &Path,
    public: &Path,
    with_search: &Summary,
    floor: &Summary,
    hearth_cmd: impl Fn() -> Command,
) -> Result<(), String> {
    let index = public.join("pagefind");
    let (mut files, mut bytes) = (0usize, 0u64);
    for entry in walkdir::WalkDir::new(&index).into_iter().flatten() {
        if entry.file_type().is_file() {
            files += 1;
            bytes += entry.metadata().map_or(0, |m| m.len());
        }
    }
    let settings = root.join("content/site.yaml");
    let text = std::fs::read_to_string(&settings).map_err(|e| e.to_string())?;
    std::fs::write(&settings, format!("{text}search: false\n")).map_err(|e| e.to_string())?;
    measure(hearth_cmd(), public, root)?;
    let mut without = Vec::new();
    let mut core = Vec::new();
    let mut against = Vec::new();
    // The same command line, another binary.
    let against_cmd = |binary: &Path| {
        let mut command = Command::new(binary);
        command.args(hearth_cmd().get_args());
        command
    };
    for _ in 0..options.runs {
        without.push(measure(hearth_cmd(), public, root)?);
        core.push(measure_over(hearth_cmd(), root)?);
        if let Some(binary) = &options.against {
            against.push(measure_over(against_cmd(binary), root)?);
        }
    }
    std::fs::write(&settings, text).map_err(|e| e.to_string())?;
    let w = summary(&without);
    let c = summary(&core);
    println!(
        "  search  index {files} files, {:.1} MiB; without it wall {}, cpu {:.3} s: the index adds {:.3} s wall, {:.3} s cpu",
        bytes as f64 / (1024.0 * 1024.0),
        w.wall_text,
        w.cpu,
        with_search.wall - w.wall,
        with_search.cpu - w.cpu
    );
    println!(
        "  core    wall {}  cpu {:>7.3} s  peak {:>6.1} MiB  (no search index, share images reused): wall {:.2}x, cpu {:.2}x the floor",
        c.wall_text,
        c.cpu,
        c.peak_mib,
        c.wall / floor.wall,
        c.cpu / floor.cpu
    );
    if let Some(binary) = &options.against {
        let a = summary(&against);
        println!(
            "  against wall {}  cpu {:>7.3} s  peak {:>6.1} MiB  (the core build of {}, alternating): this one takes {:.2}x its wall time, {:.2}x its cpu",
            a.wall_text,
            a.cpu,
            a.peak_mib,
            binary.display(),
            c.wall / a.wall,
            c.cpu / a.cpu
        );
    }
    Ok(())
}

/// How many times `needle` occurs in the HTML pages under `dir`.
fn count_in_pages(dir: &Path, needle: &str) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|text| text.matches(needle).count())
        .sum()
}

struct Summary {
    wall: f64,
    wall_text: String,
    cpu: f64,
    peak_mib: f64,
}

fn summary(samples: &[Sample]) -> Summary {
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        let mid = values.len() / 2;
        if values.len().is_multiple_of(2) {
            (values[mid - 1] + values[mid]) / 2.0
        } else {
            values[mid]
        }
    };
    let walls: Vec<f64> = samples.iter().map(|s| s.wall.as_secs_f64()).collect();
    let min = walls.iter().copied().fold(f64::INFINITY, f64::min);
    let max = walls.iter().copied().fold(0.0, f64::max);
    let wall = median(walls);
    Summary {
        wall,
        wall_text: format!("{wall:>7.3} s ({min:.3}..{max:.3})"),
        cpu: median(samples.iter().map(|s| s.cpu.as_secs_f64()).collect()),
        peak_mib: samples.iter().map(|s| s.max_rss_kib).max().unwrap_or(0) as f64 / 1024.0,
    }
}

/// Runs a clean build (its output folder removed first) and measures it.
fn measure(command: Command, out: &Path, root: &Path) -> Result<Sample, String> {
    if out.exists() {
        std::fs::remove_dir_all(out)
            .map_err(|e| format!("cannot remove {}: {e}", out.display()))?;
    }
    measure_over(command, root)
}

/// Runs a build over what is in its output folder, and measures it.
fn measure_over(mut command: Command, root: &Path) -> Result<Sample, String> {
    let log = root.join("run.log");
    let log_file =
        std::fs::File::create(&log).map_err(|e| format!("cannot write {}: {e}", log.display()))?;
    let err_file = log_file
        .try_clone()
        .map_err(|e| format!("cannot write {}: {e}", log.display()))?;
    let started = Instant::now();
    let child = command
        .stdin(Stdio::null())
        .stdout(log_file)
        .stderr(err_file)
        .spawn()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let pid = libc::pid_t::try_from(child.id()).map_err(|e| format!("bad process id: {e}"))?;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; the pointers are to
    // live locals. `Child` never waits for it again: it is only dropped.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    drop(child);
    if waited != pid {
        return Err(format!(
            "waiting for {command:?} failed: {}",
            std::io::Error::last_os_error()
        ));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let output = std::fs::read_to_string(&log).unwrap_or_default();
        return Err(format!(
            "{command:?} failed (status {status}):\n{}",
            output.chars().take(4000).collect::<String>()
        ));
    }
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    Ok(Sample {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        max_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
    })
}

/// How many files under `dir` have a name ending in `suffix`.
fn count_suffix(dir: &Path, suffix: &str) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| {
            entry.file_type().is_file() && entry.file_name().to_string_lossy().ends_with(suffix)
        })
        .count()
}

fn count_files(dir: &Path, name: &str) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file() && entry.file_name() == name)
        .count()
}
