//! Every chart of every preset: the PNG shows what its SVG shows. The SVG is drawn by a second,
//! independent renderer (resvg); a PNG line where the SVG has none (the spikes plotters' thick
//! lines threw at sharp turns) or a mark missing from the PNG fails.

mod slide_png;

use std::path::PathBuf;
use std::process::Command;

/// Stray pixels allowed each way: the two renderers' glyphs differ at the edges.
const STRAY: usize = 100;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chipshop-pngsvg-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn every_png_shows_what_its_svg_shows() {
    let mut failures = Vec::new();
    let only = std::env::var("CHIPSHOP_PRESET").ok();
    for preset in
        chipshop::scenario::presets::names().filter(|p| only.as_deref().is_none_or(|o| o == *p))
    {
        let dir = scratch(preset);
        let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
            .args(["run", "--scenario", preset, "--out"])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{preset}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Text as outlines too, once: it must land where the PNG's text is.
        let looks: &[&[&str]] = if preset == "demo3" {
            &[
                &["--theme", "light"],
                &["--theme", "dark"],
                &["--svg-text", "paths"],
            ]
        } else {
            &[&["--theme", "light"], &["--theme", "dark"]]
        };
        for look in looks {
            let theme = look.join(" ");
            let redraw = Command::new(env!("CARGO_BIN_EXE_chipshop"))
                .arg("chart")
                .args(*look)
                .arg(&dir)
                .output()
                .unwrap();
            assert!(
                redraw.status.success(),
                "{}",
                String::from_utf8_lossy(&redraw.stderr)
            );
            let mut pngs: Vec<PathBuf> = std::fs::read_dir(dir.join("charts"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "png") && p.with_extension("svg").exists()
                })
                .collect();
            pngs.sort();
            assert!(pngs.len() >= 4, "{preset}: {} charts", pngs.len());
            for png in pngs {
                let svg = png.with_extension("svg");
                let ((png_stray, at), (svg_stray, svg_at)) = slide_png::png_against_svg(&png, &svg);
                let name = png.file_name().unwrap().to_string_lossy().into_owned();
                eprintln!("{preset} {theme} {name}: {png_stray} {at:?} / {svg_stray} {svg_at:?}");
                if png_stray > STRAY || svg_stray > STRAY {
                    failures.push(format!(
                        "{preset} ({theme}) {name}: {png_stray} PNG pixels with no SVG ink near \
                         (first at {at:?}), {svg_stray} SVG pixels with no PNG ink near (first \
                         at {svg_at:?})"
                    ));
                }
            }
        }
        if std::env::var_os("CHIPSHOP_SAVE_RESVG").is_none() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
