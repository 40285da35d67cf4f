//! Guards the first invariant: every preset, run twice with one seed, writes identical files
//! (both traces included);
//! another seed writes other ones.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(preset: &str, seed: u64, out: &Path) {
    // Three minutes each, but presets with faults run their whole day (the faults come later).
    let scenario = chipshop::scenario::Scenario::load(preset).unwrap();
    let open_for: &[&str] = if scenario.faults.is_empty() {
        &["--open-for", "3m"]
    } else {
        &[]
    };
    let status = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args([
            "run",
            "--scenario",
            preset,
            "--seed",
            &seed.to_string(),
            "--trace",
            "--perfetto",
        ])
        .args(open_for)
        .arg("--out")
        .arg(out)
        .output()
        .expect("the binary runs");
    assert!(
        status.status.success(),
        "{preset}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// (path relative to `dir`, contents) of every file below `dir` (charts included), sorted.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                v.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    v.sort();
    v
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chipshop-det-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn every_preset_twice_gives_identical_files() {
    for preset in chipshop::scenario::presets::names() {
        let (a, b) = (
            scratch(&format!("{preset}-a")),
            scratch(&format!("{preset}-b")),
        );
        run(preset, 11, &a);
        run(preset, 11, &b);
        let (fa, fb) = (files(&a), files(&b));
        let names: Vec<_> = fa
            .iter()
            .map(|(n, _)| n.as_str())
            .filter(|n| !n.starts_with("charts"))
            .collect();
        assert!(
            fa.iter().any(|(n, _)| n.ends_with("latency_cdf.png")),
            "{preset}: no charts drawn"
        );
        assert_eq!(names, expected_files(preset), "{preset}");
        for ((name, x), (_, y)) in fa.iter().zip(&fb) {
            assert!(
                x == y,
                "{preset}: {name} differs between two runs with one seed"
            );
        }
        let c = scratch(&format!("{preset}-c"));
        run(preset, 12, &c);
        assert_ne!(
            files(&c)[1],
            fa[1],
            "{preset}: another seed gave the same orders"
        );
        for d in [a, b, c] {
            std::fs::remove_dir_all(d).unwrap();
        }
    }
}

/// The files a traced run of `preset` writes.
fn expected_files(preset: &str) -> Vec<&'static str> {
    let mut names = vec![
        "events.jsonl",
        "orders.csv",
        "scenario.toml",
        "series.csv",
        "summary.json",
        "trace.json",
    ];
    if preset == "analytics" {
        names.insert(1, "opensearch-bulk.ndjson");
    }
    names
}

#[test]
fn chart_redraws_the_runs_own_charts_byte_for_byte() {
    let dir = scratch("redraw");
    run("demo4", 5, &dir);
    let before = files(&dir.join("charts"));
    assert!(before.len() >= 10, "{} chart files", before.len());
    std::fs::remove_dir_all(dir.join("charts")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .arg("chart")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        files(&dir.join("charts")) == before,
        "chart drew other bytes than run"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
