//! Provenance: a run folder's scenario.toml (every key, overrides applied) run again with the
//! same seed writes the same files, byte for byte, charts included; summary.json and the
//! charts name the overrides.

use std::path::{Path, PathBuf};
use std::process::Command;

fn chipshop(args: &[&str], out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chipshop-resolved-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// (path below `dir`, bytes) of every file, sorted.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                v.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    v.sort();
    v
}

/// Runs `args` into one folder, then that folder's scenario.toml with `seed` into another, and
/// requires the same files; returns the first folder.
fn reproduce(name: &str, args: &[&str], seed: &str) -> PathBuf {
    let (first, again) = (scratch(&format!("{name}-a")), scratch(&format!("{name}-b")));
    chipshop(args, &first);
    let resolved = first.join("scenario.toml");
    let resolved = resolved.to_str().unwrap();
    chipshop(
        &[
            "run",
            "--scenario",
            resolved,
            "--seed",
            seed,
            "--charts",
            "svg",
        ],
        &again,
    );
    let (a, b) = (files(&first), files(&again));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{name}: other files");
    for ((file, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name}: {file} differs when run from scenario.toml");
    }
    std::fs::remove_dir_all(again).unwrap();
    first
}

#[test]
fn a_preset_with_overrides_runs_again_from_its_scenario_toml() {
    let dir = reproduce(
        "demo3",
        &[
            "run",
            "--scenario",
            "demo3",
            "--seed",
            "5",
            "--preparers",
            "3",
            "--open-for",
            "2m",
            "--charts",
            "svg",
        ],
        "5",
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["overrides"],
        serde_json::json!({"preparers": 3, "open_for": "2m"})
    );
    let svg = std::fs::read_to_string(dir.join("charts/latency_cdf.svg")).unwrap();
    assert!(
        svg.contains("demo3 · seed 5 · preparers 3 · open for 2m"),
        "the corner names the overrides"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_with_faults_and_a_rescaled_mix_runs_again_from_its_scenario_toml() {
    let source = scratch("source.toml");
    std::fs::write(
        &source,
        r#"
[shop]
open_for = "90s"
[orders]
menu = "mix"
plaice = true
mix = { cod = 0.3, chips = 0.3, large_chips = 0.1, plaice = 0.1, pie = 0.2, extra_portion = 0.3 }
[tills]
count = 2
interarrival = { exponential = "700ms" }
[preparers]
count = 2
prep_time = { lognormal = { mean = "700ms", sd = "200ms" } }
[cabinet]
enabled = true
[cook]
top_up_every = "2s"
[kafka]
orders_partitions = 2
[[faults]]
crash = 2
at = "30s"
restart_after = "20s"
"#,
    )
    .unwrap();
    let dir = reproduce(
        "file",
        &[
            "run",
            "--scenario",
            source.to_str().unwrap(),
            "--seed",
            "3",
            "--plaice-share",
            "0.35",
            "--charts",
            "svg",
        ],
        "3",
    );
    let summary = std::fs::read_to_string(dir.join("summary.json")).unwrap();
    // Named after the source file, in the second run too (the resolved file names it).
    assert!(summary.contains("-source\","), "{summary}");
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_file(source).unwrap();
}
