//! The checks chart tests make of a PNG for slides: 1920x1080 and not blank; the same picture
//! as its SVG drawn by another renderer.

#![allow(dead_code)] // each test uses some of these

use std::path::Path;

/// The PNG is 1920x1080 and not blank; returns its mean brightness (0..255).
pub fn check_png(path: &Path) -> f64 {
    let img = image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_luma8();
    assert_eq!(img.dimensions(), (1920, 1080), "{}", path.display());
    let n = img.pixels().len() as f64;
    let mean = img.pixels().map(|p| f64::from(p[0])).sum::<f64>() / n;
    let var = img
        .pixels()
        .map(|p| (f64::from(p[0]) - mean).powi(2))
        .sum::<f64>()
        / n;
    assert!(
        var > 50.0,
        "{} looks blank (variance {var})",
        path.display()
    );
    mean
}

/// A count of stray pixels and the first of them.
pub type Stray = (usize, Option<(u32, u32)>);

/// How many pixels of the PNG show ink where the SVG (drawn by resvg, an independent
/// renderer, with the bundled font) has none within `SLACK` pixels, and the other way round
/// (ink: a colour far from the background; grid lines and light shading are not ink),
/// with the first such pixel of each. Anti-aliasing and the two renderers' glyph shapes move
/// ink by a pixel or two; a line drawn where the SVG has none (a spike) moves it much further.
pub fn png_against_svg(png: &Path, svg: &Path) -> (Stray, Stray) {
    const SLACK: i64 = 4;
    let png_img = image::open(png)
        .unwrap_or_else(|e| panic!("{}: {e}", png.display()))
        .to_rgb8();
    let (w, h) = png_img.dimensions();
    let mut options = resvg::usvg::Options::default();
    options
        .fontdb_mut()
        .load_font_data(include_bytes!("../../assets/fonts/DejaVuSans.ttf").to_vec());
    let text = std::fs::read_to_string(svg).unwrap();
    let tree = resvg::usvg::Tree::from_str(&text, &options)
        .unwrap_or_else(|e| panic!("{}: {e}", svg.display()));
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    if std::env::var_os("CHIPSHOP_SAVE_RESVG").is_some() {
        pixmap.save_png(svg.with_extension("resvg.png")).unwrap();
    }
    let bg = *png_img.get_pixel(0, 0);
    // Ink by how far a colour is from the background: strong ink must have at least faint ink
    // near it in the other picture (two thresholds, so that a translucent fill that the two
    // renderers blend a little differently is not counted either way).
    let distance = |c: [u8; 3]| {
        (0..3)
            .map(|i| (i32::from(c[i]) - i32::from(bg[i])).abs())
            .max()
            .unwrap()
    };
    let png_far: Vec<i32> = png_img.pixels().map(|p| distance(p.0)).collect();
    let svg_far: Vec<i32> = pixmap
        .pixels()
        .iter()
        .map(|p| {
            let c = p.demultiply();
            distance([c.red(), c.green(), c.blue()])
        })
        .collect();
    let strong = |v: &[i32]| v.iter().map(|&d| d > 120).collect::<Vec<bool>>();
    let faint = |v: &[i32]| v.iter().map(|&d| d > 60).collect::<Vec<bool>>();
    let (png_ink, svg_ink) = (strong(&png_far), strong(&svg_far));
    let (png_near, svg_near) = (
        dilate(&faint(&png_far), w, h, SLACK),
        dilate(&faint(&svg_far), w, h, SLACK),
    );
    if std::env::var_os("CHIPSHOP_SAVE_RESVG").is_some() {
        let mut diff = image::RgbImage::new(w, h);
        for i in 0..png_ink.len() {
            let px = [
                if svg_ink[i] && !png_near[i] { 255 } else { 0 },
                if png_ink[i] || svg_ink[i] { 60 } else { 0 },
                if png_ink[i] && !svg_near[i] { 255 } else { 0 },
            ];
            diff.put_pixel(i as u32 % w, i as u32 / w, image::Rgb(px));
        }
        diff.save(svg.with_extension("diff.png")).unwrap();
    }
    let stray = |ink: &[bool], near: &[bool]| {
        let mut count = 0;
        let mut first = None;
        for (i, (&a, &b)) in ink.iter().zip(near).enumerate() {
            if a && !b {
                count += 1;
                first.get_or_insert((i as u32 % w, i as u32 / w));
            }
        }
        (count, first)
    };
    (stray(&png_ink, &svg_near), stray(&svg_ink, &png_near))
}

/// Whether each pixel has a set pixel within `r` (a square): along rows, then along columns,
/// each a sweep from either end keeping the distance to the nearest set pixel.
fn dilate(ink: &[bool], w: u32, h: u32, r: i64) -> Vec<bool> {
    let (w, h) = (w as i64, h as i64);
    let pass = |src: &[bool], along_x: bool| {
        let mut out = vec![false; src.len()];
        let (outer, inner) = if along_x { (h, w) } else { (w, h) };
        for o in 0..outer {
            let at = |i: i64| {
                if along_x {
                    (o * w + i) as usize
                } else {
                    (i * w + o) as usize
                }
            };
            let mut last = i64::MIN / 2;
            for i in 0..inner {
                if src[at(i)] {
                    last = i;
                }
                out[at(i)] = i - last <= r;
            }
            let mut next = i64::MAX / 2;
            for i in (0..inner).rev() {
                if src[at(i)] {
                    next = i;
                }
                out[at(i)] |= next - i <= r;
            }
        }
        out
    };
    pass(&pass(ink, true), false)
}
