//! A sweep draws its charts for slides: throughput and p99 latency PNGs of 1920x1080 that are
//! not blank; `chipshop chart` on the sweep folder redraws them byte for byte; `--no-charts`
//! draws none; a third varying switch splits the charts instead of mixing their points.

mod slide_png;

use slide_png::check_png;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chipshop(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .output()
        .expect("chipshop runs");
    assert!(
        out.status.success(),
        "chipshop {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "chipshop-sweep-charts-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// demo3 at 1 simulated minute, 2 replications: fast in a debug build.
fn sweep(out: &Path, grid: &[&str], extra: &[&str]) {
    let mut args = vec![
        "sweep",
        "--scenario",
        "demo3",
        "--replications",
        "2",
        "--jobs",
        "2",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(grid);
    args.extend_from_slice(extra);
    chipshop(&args);
}

/// Every file in DIR/charts/, sorted by name, with its bytes.
fn charts(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir.join("charts"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

const PLATEAU: [&str; 6] = [
    "--preparers",
    "1..4",
    "--partitions",
    "3",
    "--open-for",
    "1m",
];

#[test]
fn a_sweep_draws_throughput_and_p99_latency_for_slides() {
    let dir = temp_dir("slides");
    sweep(&dir, &PLATEAU, &[]);
    let names: Vec<String> = charts(&dir).into_iter().map(|c| c.0).collect();
    assert_eq!(
        names,
        [
            "sweep_p99_latency.png",
            "sweep_p99_latency.svg",
            "sweep_throughput.png",
            "sweep_throughput.svg"
        ]
    );
    for name in ["sweep_throughput", "sweep_p99_latency"] {
        let light = check_png(&dir.join("charts").join(format!("{name}.png")));
        assert!(light > 200.0, "{name}: a light chart is mostly white");
        let svg = std::fs::read_to_string(dir.join("charts").join(format!("{name}.svg"))).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        for text in [
            "demo3 · seed 1 · 2 replications",
            "preparers",
            "partitions = 3",
        ] {
            assert!(svg.contains(text), "{name}.svg should say {text:?}");
        }
    }
    // The scenario's own values of the switches not swept are in sweep.json for the charts.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("sweep.json")).unwrap()).unwrap();
    // The way of rebalancing too, which the charts write only for a sweep about rebalancing.
    assert_eq!(
        json["fixed"],
        serde_json::json!({"tills": 3, "group-protocol": "classic", "assignor": "range", "static": false})
    );
    assert_eq!(
        (&json["faults"], &json["scaling"]),
        (&0.into(), &false.into())
    );
    // --theme dark draws dark charts, PNG only.
    let dark = temp_dir("dark");
    sweep(&dark, &PLATEAU, &["--theme", "dark", "--charts", "png"]);
    let names: Vec<String> = charts(&dark).into_iter().map(|c| c.0).collect();
    assert_eq!(names, ["sweep_p99_latency.png", "sweep_throughput.png"]);
    assert!(check_png(&dark.join("charts/sweep_throughput.png")) < 60.0);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dark);
}

#[test]
fn chart_redraws_a_sweep_byte_for_byte() {
    let dir = temp_dir("redraw");
    sweep(&dir, &PLATEAU, &[]);
    let first = charts(&dir);
    std::fs::remove_dir_all(dir.join("charts")).unwrap();
    chipshop(&["chart", dir.to_str().unwrap()]);
    assert!(
        first == charts(&dir),
        "chipshop chart on a sweep folder must redraw the same bytes"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_charts_draws_no_charts_folder() {
    let dir = temp_dir("none");
    sweep(&dir, &PLATEAU, &["--no-charts"]);
    assert!(dir.join("sweep.json").is_file());
    assert!(!dir.join("charts").exists(), "--no-charts drew charts/");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_third_varying_switch_splits_the_charts() {
    let dir = temp_dir("split");
    sweep(
        &dir,
        &[
            "--preparers",
            "1,2",
            "--tills",
            "1,3",
            "--open-for",
            "30s,1m",
        ],
        &["--charts", "png"],
    );
    let names: Vec<String> = charts(&dir).into_iter().map(|c| c.0).collect();
    assert_eq!(
        names,
        [
            "sweep_p99_latency_open-for-1m.png",
            "sweep_p99_latency_open-for-30s.png",
            "sweep_throughput_open-for-1m.png",
            "sweep_throughput_open-for-30s.png",
        ]
    );
    for (name, _) in charts(&dir) {
        check_png(&dir.join("charts").join(name));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_sweep_of_a_menu_with_plaice_says_its_plaice_share() {
    let dir = temp_dir("plaice");
    chipshop(&[
        "sweep",
        "--scenario",
        "demo4",
        "--replications",
        "1",
        "--preparers",
        "1,2",
        "--open-for",
        "1m",
        "--no-charts",
        "--out",
        dir.to_str().unwrap(),
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("sweep.json")).unwrap()).unwrap();
    // demo4 rolls a die whose 6 is plaice.
    assert_eq!(json["fixed"]["plaice-share"], serde_json::json!(0.167));
    let _ = std::fs::remove_dir_all(&dir);
}
