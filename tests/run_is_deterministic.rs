//! Guards the first invariant: every preset, run twice with one seed, writes identical files;
//! another seed writes other ones.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(preset: &str, seed: u64, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args([
            "run",
            "--scenario",
            preset,
            "--seed",
            &seed.to_string(),
            "--trace",
            "--open-for",
            "3m",
        ])
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

/// (file name, contents) of every file in `dir`, sorted by name.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
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
        let names: Vec<_> = fa.iter().map(|(n, _)| n.as_str()).collect();
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
    let mut names = vec!["events.jsonl", "orders.csv", "series.csv", "summary.json"];
    if preset == "analytics" {
        names.insert(1, "opensearch-bulk.ndjson");
    }
    names
}
