//! Draws the demo site's photos (the headshot and the pictures of the
//! article "A room to think"), so that they are original and small in the
//! repository: `cargo run --example demo_photos` writes them into
//! `content/`. Soft shapes and gradients, like an out-of-focus photo,
//! compress to a few tens of kilobytes.

use image::{Rgb, RgbImage};

/// A colour between `a` and `b`, `t` from 0 to 1.
fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn pixel(c: [f32; 3]) -> Rgb<u8> {
    Rgb([c[0] as u8, c[1] as u8, c[2] as u8])
}

/// How much of a soft disc of `radius` at (cx, cy) covers (x, y).
fn disc(x: f32, y: f32, cx: f32, cy: f32, radius: f32, soft: f32) -> f32 {
    let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
    ((radius - d) / soft).clamp(0.0, 1.0)
}

/// A head-and-shoulders silhouette against a warm wall.
fn headshot(size: u32) -> RgbImage {
    let s = size as f32;
    RgbImage::from_fn(size, size, |x, y| {
        let (x, y) = (x as f32, y as f32);
        let wall = mix([214.0, 190.0, 160.0], [150.0, 120.0, 100.0], y / s);
        let light = disc(x, y, s * 0.25, s * 0.2, s * 0.5, s * 0.4);
        let wall = mix(wall, [240.0, 222.0, 196.0], light * 0.5);
        let head = disc(x, y, s * 0.5, s * 0.4, s * 0.18, 2.0);
        let body = disc(x, y, s * 0.5, s * 1.05, s * 0.42, 2.0);
        let skin = mix(
            [176.0, 124.0, 96.0],
            [120.0, 80.0, 62.0],
            (x - s * 0.4) / (s * 0.3),
        );
        let shirt = mix(
            [52.0, 88.0, 96.0],
            [30.0, 56.0, 64.0],
            (y - s * 0.6) / (s * 0.4),
        );
        let c = mix(wall, shirt, body);
        pixel(mix(c, skin, head))
    })
}

/// A window with morning light falling on a wooden floor.
fn window(width: u32, height: u32) -> RgbImage {
    let (w, h) = (width as f32, height as f32);
    RgbImage::from_fn(width, height, |x, y| {
        let (x, y) = (x as f32, y as f32);
        let floor_line = h * 0.68;
        let base = if y < floor_line {
            mix([226.0, 218.0, 204.0], [196.0, 186.0, 170.0], y / floor_line)
        } else {
            let plank = ((x / (w * 0.08)).floor() % 2.0) * 8.0;
            mix(
                [168.0 + plank, 120.0 + plank, 82.0],
                [120.0, 84.0, 58.0],
                (y - floor_line) / (h - floor_line),
            )
        };
        let in_window = x > w * 0.36 && x < w * 0.64 && y > h * 0.12 && y < h * 0.6;
        let frame =
            in_window && ((x - w * 0.5).abs() < w * 0.006 || (y - h * 0.36).abs() < w * 0.006);
        let c = if frame {
            [240.0, 240.0, 236.0]
        } else if in_window {
            mix(
                [180.0, 210.0, 236.0],
                [236.0, 240.0, 230.0],
                (y - h * 0.12) / (h * 0.48),
            )
        } else {
            base
        };
        let glow = disc(x, y, w * 0.5, h * 0.85, w * 0.3, w * 0.25);
        pixel(mix(c, [250.0, 232.0, 190.0], glow * 0.45))
    })
}

/// Two armchairs facing each other by a low table.
fn chairs(width: u32, height: u32) -> RgbImage {
    let (w, h) = (width as f32, height as f32);
    RgbImage::from_fn(width, height, |x, y| {
        let (x, y) = (x as f32, y as f32);
        let wall = mix([200.0, 206.0, 196.0], [160.0, 168.0, 158.0], y / h);
        let rug = disc(x, y, w * 0.5, h * 0.95, w * 0.42, 6.0);
        let c = mix(wall, [150.0, 96.0, 80.0], rug * 0.8);
        let left = disc(x, y, w * 0.24, h * 0.62, h * 0.24, 3.0);
        let right = disc(x, y, w * 0.76, h * 0.62, h * 0.24, 3.0);
        let table = if (x - w * 0.5).abs() < w * 0.09 && (y - h * 0.74).abs() < h * 0.05 {
            1.0
        } else {
            0.0
        };
        let c = mix(c, [70.0, 96.0, 120.0], left);
        let c = mix(c, [196.0, 150.0, 70.0], right);
        pixel(mix(c, [90.0, 62.0, 44.0], table))
    })
}

/// A path between hills at dusk.
fn path(width: u32, height: u32) -> RgbImage {
    let (w, h) = (width as f32, height as f32);
    RgbImage::from_fn(width, height, |x, y| {
        let (x, y) = (x as f32, y as f32);
        let sky = mix(
            [250.0, 200.0, 150.0],
            [110.0, 130.0, 180.0],
            1.0 - y / (h * 0.6),
        );
        let sun = disc(x, y, w * 0.7, h * 0.45, h * 0.08, 4.0);
        let c = mix(sky, [255.0, 236.0, 200.0], sun);
        let hill = h * 0.55 + (x / w * 6.0).sin() * h * 0.05;
        let c = if y > hill {
            mix(
                [110.0, 130.0, 90.0],
                [60.0, 80.0, 52.0],
                (y - hill) / (h - hill),
            )
        } else {
            c
        };
        let lane = (x - w * 0.5).abs() < (y - hill).max(0.0) * 0.5 && y > hill;
        pixel(if lane { [196.0, 180.0, 150.0] } else { c })
    })
}

fn save(picture: &RgbImage, path: &str) {
    let file = std::fs::File::create(path).expect("create the picture");
    let mut writer = std::io::BufWriter::new(file);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut writer, 80)
        .encode_image(picture)
        .expect("encode the picture");
    println!("wrote {path}");
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let at = |name: &str| root.join(name).display().to_string();
    std::fs::create_dir_all(root.join("articles/a-room-to-think")).expect("create the folder");
    save(&headshot(640), &at("sam-rivera.jpg"));
    save(
        &window(1600, 1000),
        &at("articles/a-room-to-think/window.jpg"),
    );
    save(
        &chairs(1600, 1067),
        &at("articles/a-room-to-think/chairs.jpg"),
    );
    save(&path(1600, 1067), &at("articles/a-room-to-think/path.jpg"));
}
