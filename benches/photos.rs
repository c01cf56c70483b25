//! `cargo bench --bench photos [-- --photos 20 --articles 200 --runs 3]`
//!
//! Generates a site of 200 articles that show 20 phone-like photos
//! (4032x3024 JPEGs with an EXIF orientation and a GPS position, drawn
//! here, never committed), and the same site without the photos, in a
//! temporary folder (in `/dev/shm` when there is one). Times, with the
//! release `hearth` binary run as a process: a clean build (no output, no
//! photo cache), a cached rebuild (the cache kept) and a build of the site
//! without photos; prints the peak resident memory of each (from `wait4`)
//! and the bytes published per photo at the largest width against the
//! originals. Then compares the two WebP encoders Hearth could use on one
//! photo at 1600 pixels: lossy libwebp (the `webp` crate) and `image`'s
//! lossless encoder.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use image::{ImageEncoder, Rgb, RgbImage};

struct Sample {
    wall: Duration,
    cpu: Duration,
    peak_mib: f64,
}

fn main() {
    let mut photos = 20;
    let mut articles = 200;
    let mut runs = 3;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = || args.next().and_then(|v| v.parse().ok()).unwrap_or(0);
        match arg.as_str() {
            "--photos" => photos = number(),
            "--articles" => articles = number(),
            "--runs" => runs = number(),
            _ => {}
        }
    }
    let (photos, articles, runs) = (photos.max(1), articles.max(1), runs.max(1));
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let dir = tempfile::Builder::new()
        .prefix("hearth-photos-")
        .tempdir_in(&base)
        .expect("a temporary folder");
    let with = dir.path().join("with");
    let without = dir.path().join("without");
    let started = Instant::now();
    let original_bytes = write_site(&with, photos, articles, true);
    write_site(&without, photos, articles, false);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{photos} photos of 4032x3024, {articles} articles; {cores} cores; median of {runs}; generated in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let hearth = env!("CARGO_BIN_EXE_hearth");
    let build = |root: &Path| {
        let mut command = Command::new(hearth);
        command.arg("build").arg("--root").arg(root);
        command
    };
    let (mut clean, mut cached, mut plain) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(with.join(".hearth"));
        let _ = std::fs::remove_dir_all(with.join("public"));
        clean.push(measure(build(&with)));
        let _ = std::fs::remove_dir_all(with.join("public"));
        cached.push(measure(build(&with)));
        let _ = std::fs::remove_dir_all(without.join("public"));
        plain.push(measure(build(&without)));
    }
    for (name, samples) in [
        ("clean build, photos", &mut clean),
        ("cached rebuild, photos", &mut cached),
        ("build without photos", &mut plain),
    ] {
        samples.sort_by_key(|s| s.wall);
        let median = &samples[samples.len() / 2];
        let peak = samples.iter().map(|s| s.peak_mib).fold(0.0, f64::max);
        println!(
            "  {name:<24} wall {:>6.2} s  cpu {:>6.2} s  peak {peak:>6.1} MiB",
            median.wall.as_secs_f64(),
            median.cpu.as_secs_f64()
        );
    }
    let size = |name: &str| {
        (1..=photos)
            .map(|i| {
                std::fs::metadata(with.join(format!("public/photos/p{i:02}-1600.{name}")))
                    .map_or(0, |m| m.len())
            })
            .sum::<u64>()
            / photos as u64
    };
    println!(
        "  per photo: original {:.0} KB; largest copy (1600 px) WebP {:.0} KB, JPEG {:.0} KB",
        original_bytes as f64 / photos as f64 / 1000.0,
        size("webp") as f64 / 1000.0,
        size("jpg") as f64 / 1000.0
    );
    compare_webp();
}

/// Lossy libwebp against `image`'s lossless WebP on one photo at 1600 px.
fn compare_webp() {
    let photo = image::DynamicImage::ImageRgb8(photo_like(4032, 3024, 1))
        .resize_exact(1600, 1200, image::imageops::FilterType::Triangle)
        .into_rgb8();
    let started = Instant::now();
    let lossy = webp::Encoder::from_rgb(photo.as_raw(), 1600, 1200)
        .encode_simple(false, 80.0)
        .expect("lossy WebP");
    let lossy_time = started.elapsed();
    let started = Instant::now();
    let mut lossless = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut lossless)
        .write_image(photo.as_raw(), 1600, 1200, image::ExtendedColorType::Rgb8)
        .expect("lossless WebP");
    let lossless_time = started.elapsed();
    println!(
        "  WebP of one 1600x1200 photo: lossy libwebp q80 {:.0} KB in {:.0} ms; image's lossless {:.0} KB in {:.0} ms",
        lossy.len() as f64 / 1000.0,
        lossy_time.as_secs_f64() * 1000.0,
        lossless.len() as f64 / 1000.0,
        lossless_time.as_secs_f64() * 1000.0
    );
}

/// Writes the site; returns the bytes of its originals.
fn write_site(root: &Path, photos: usize, articles: usize, with_photos: bool) -> u64 {
    let write = |path: &str, bytes: &[u8]| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("create a folder");
        std::fs::write(path, bytes).expect("write a file");
    };
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for entry in walkdir::WalkDir::new(&theme)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(&theme).expect("inside the theme");
            let bytes = std::fs::read(entry.path()).expect("read the theme");
            write(&format!("themes/default/{}", relative.display()), &bytes);
        }
    }
    write(
        "content/site.yaml",
        b"title: Bench Practice\nbase_url: https://bench.example\ndescription: A bench site.\nauthor: { name: Alex Doe }\nmenu:\n  - { label: Articles, url: /articles/ }\n",
    );
    write("content/_index.md", b"---\ntitle: Welcome\n---\nHello.\n");
    write(
        "content/articles/_index.md",
        b"---\ntitle: Articles\ndescription: Notes.\n---\nWhat I write about.\n",
    );
    let mut total = 0;
    if with_photos {
        for i in 1..=photos {
            let bytes = phone_jpeg(&photo_like(4032, 3024, i as u32));
            total += bytes.len() as u64;
            write(&format!("content/photos/p{i:02}.jpg"), &bytes);
        }
    }
    for a in 0..articles {
        let mut body = format!(
            "---\ntitle: Article {a}\ndescription: Article number {a} of the bench.\ndate: 2026-01-01\n---\n"
        );
        for paragraph in 0..6 {
            body.push_str("Coaching is a conversation about what matters to you and what is in the way. We look at the week ahead and the year ahead.\n\n");
            if with_photos && paragraph % 3 == 1 {
                let photo = (a * 2 + paragraph / 3) % photos + 1;
                body.push_str(&format!(
                    "![A photo of the room, number {photo}](../photos/p{photo:02}.jpg)\n\n"
                ));
            }
        }
        write(&format!("content/articles/a{a:03}.md"), body.as_bytes());
    }
    total
}

/// A photo-like picture: soft light, shapes and fine grain, like a phone
/// photo of a room (grain keeps it from compressing unlike a photo).
fn photo_like(width: u32, height: u32, seed: u32) -> RgbImage {
    let mut state = 0x9E37_79B9u32 ^ seed.wrapping_mul(0x85EB_CA6B);
    let (w, h) = (width as f32, height as f32);
    let hue = (seed % 7) as f32 / 7.0;
    RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let grain = (state % 25) as f32 - 12.0;
        let (fx, fy) = (x as f32 / w, y as f32 / h);
        let light = 1.0 - ((fx - 0.3).powi(2) + (fy - 0.3).powi(2)).sqrt();
        let shape = ((fx * 9.0 + hue * 6.0).sin() * (fy * 7.0).cos() * 0.5 + 0.5) * 60.0;
        let channel = |base: f32| (base * light + shape + grain).clamp(0.0, 255.0) as u8;
        Rgb([
            channel(200.0 + hue * 40.0),
            channel(170.0),
            channel(150.0 - hue * 50.0),
        ])
    })
}

/// A JPEG of `picture` as a phone writes it: EXIF orientation 1 and a GPS
/// position in an APP1 segment after SOI.
fn phone_jpeg(picture: &RgbImage) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 92)
        .write_image(
            picture.as_raw(),
            picture.width(),
            picture.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode the photo");
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 1, 0, 0]);
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&[0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 68]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    for (numerator, denominator) in [(45u32, 1u32), (31, 1), (1234, 100)] {
        tiff.extend_from_slice(&numerator.to_be_bytes());
        tiff.extend_from_slice(&denominator.to_be_bytes());
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&plain[2..]);
    out
}

/// Runs a build and measures its wall and CPU time and peak memory.
fn measure(mut command: Command) -> Sample {
    let started = Instant::now();
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run hearth");
    let pid = libc::pid_t::try_from(child.id()).expect("a process id");
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; the pointers are to
    // live locals. `Child` never waits for it again: it is only dropped.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    drop(child);
    assert_eq!(waited, pid, "waiting for hearth failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "hearth build failed"
    );
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    Sample {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        peak_mib: usage.ru_maxrss as f64 / 1024.0,
    }
}
