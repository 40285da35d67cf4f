//! `chipshop chart DIR --animate NAME` writes NAME.gif: the chart over time filling in, as
//! many frames as promised, whose last frame is the still PNG (but for GIF's 256 colours),
//! the same bytes every time; a NAME that is not a chart over time of the run is refused with
//! the valid names and exit code 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chipshop::output::charts::ANIMATION_FRAMES;

fn chipshop(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .output()
        .expect("chipshop runs")
}

fn ok(args: &[&str]) -> String {
    let out = chipshop(args);
    assert!(
        out.status.success(),
        "chipshop {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("chipshop-animate-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// The frames of a GIF, each composed over the ones before, as RGBA images.
fn frames(path: &Path) -> Vec<Vec<u8>> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options
        .read_info(std::fs::File::open(path).unwrap())
        .expect("a GIF");
    let (w, h) = (decoder.width() as usize, decoder.height() as usize);
    assert_eq!((w, h), (1920, 1080), "a slide-sized GIF");
    let mut canvas = vec![0u8; w * h * 4];
    let mut out = Vec::new();
    while let Some(f) = decoder.read_next_frame().expect("frames decode") {
        for y in 0..f.height as usize {
            for x in 0..f.width as usize {
                let s = (y * f.width as usize + x) * 4;
                let d = ((y + f.top as usize) * w + x + f.left as usize) * 4;
                canvas[d..d + 4].copy_from_slice(&f.buffer[s..s + 4]);
            }
        }
        out.push(canvas.clone());
    }
    out
}

#[test]
fn orders_waiting_fills_in_and_ends_as_the_still_chart() {
    let dir = temp_dir("run");
    let run = dir.to_str().unwrap();
    ok(&[
        "run",
        "--scenario",
        "demo3",
        "--open-for",
        "2m",
        "--charts",
        "png",
        "--out",
        run,
    ]);
    let printed = ok(&[
        "chart",
        run,
        "--animate",
        "orders_waiting",
        "--out",
        &format!("{run}/a"),
    ]);
    let gif_path = dir.join("a/orders_waiting.gif");
    assert_eq!(printed.trim(), gif_path.display().to_string());
    let all = frames(&gif_path);
    assert_eq!(all.len(), ANIMATION_FRAMES);
    // It fills in: the first frame shows less ink than the last.
    let ink = |f: &[u8]| {
        f.chunks(4)
            .filter(|p| p[0] < 200 || p[1] < 200 || p[2] < 200)
            .count()
    };
    assert!(ink(&all[0]) < ink(&all[ANIMATION_FRAMES - 1]));
    // The last frame is the still chart, but for the quantised colours.
    let still = image::open(dir.join("charts/orders_waiting.png"))
        .unwrap()
        .to_rgba8();
    let last = &all[ANIMATION_FRAMES - 1];
    let diff: u64 = still
        .as_raw()
        .iter()
        .zip(last)
        .map(|(a, b)| u64::from(a.abs_diff(*b)))
        .sum();
    let mean = diff as f64 / last.len() as f64;
    assert!(
        mean < 2.0,
        "the last frame differs from the PNG by {mean} a channel"
    );
    // The same run animates to the same bytes; only the GIF is written beside the charts.
    ok(&[
        "chart",
        run,
        "--animate",
        "orders_waiting",
        "--out",
        &format!("{run}/b"),
    ]);
    assert!(
        std::fs::read(&gif_path).unwrap()
            == std::fs::read(dir.join("b/orders_waiting.gif")).unwrap(),
        "two animations of one run differ"
    );
    let names: Vec<_> = std::fs::read_dir(dir.join("b"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["orders_waiting.gif"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_window_animates_and_a_bad_name_lists_the_valid_ones() {
    let dir = temp_dir("bad");
    let run = dir.to_str().unwrap();
    ok(&[
        "run",
        "--scenario",
        "demo3",
        "--open-for",
        "2m",
        "--no-charts",
        "--out",
        run,
    ]);
    ok(&[
        "chart",
        run,
        "--animate",
        // The file's name, as the charts folder shows it, names the chart too.
        "lag_by_preparer.png",
        "--from",
        "30s",
        "--to",
        "90s",
    ]);
    assert_eq!(
        frames(&dir.join("charts/lag_by_preparer.gif")).len(),
        ANIMATION_FRAMES
    );
    for bad in ["latency_cdf", "no_such_chart"] {
        let out = chipshop(&["chart", run, "--animate", bad]);
        assert_eq!(out.status.code(), Some(2), "--animate {bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(bad) && err.contains("orders_waiting") && err.contains("lag_by_preparer"),
            "the error names the chart and the valid ones: {err}"
        );
    }
    // An --out that is a file is refused as `run` and `chart` refuse it, and stays a file.
    let file = dir.join("a-file");
    std::fs::write(&file, "mine").unwrap();
    let out = chipshop(&[
        "chart",
        run,
        "--animate",
        "orders_waiting",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is a file, not a folder"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    let _ = std::fs::remove_dir_all(&dir);
}
