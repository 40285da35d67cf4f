//! Guards defect 7 of issue 11: `open_for = "100000h"` wrote ~100 MB/s, `sample_every = "1ns"`
//! ~250 MB/s, `--partitions 100000` a 58 MB SVG, with nothing said. A run's size is estimated
//! from its scenario before it starts; beyond the limits (1 GB written, 500 million events,
//! 5 million orders in memory) it is refused, naming the file and the keys that drive it,
//! unless `--yes`; `--dry-run` prints the estimate and writes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chipshop-huge-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `chipshop ARGS` in `dir`; a refusal must come at once, before any simulating.
fn chipshop(dir: &Path, args: &[&str]) -> Output {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{args:?} took {:?}",
        started.elapsed()
    );
    out
}

#[test]
fn huge_runs_are_refused_without_yes() {
    let dir = scratch("refused");
    std::fs::write(dir.join("fine.toml"), "[shop]\nsample_every = \"1ns\"\n").unwrap();
    // Sampled hourly, so that orders.csv is the largest file.
    std::fs::write(dir.join("long.toml"), "[shop]\nsample_every = \"1h\"\n").unwrap();
    for (args, file, key) in [
        (
            &["--scenario", "long.toml", "--open-for", "100000h"][..],
            "orders.csv",
            "[shop] open_for = 100000h",
        ),
        (
            &["--scenario", "fine.toml"][..],
            "series.csv",
            "[shop] sample_every = 1ns",
        ),
        (
            &["--scenario", "demo1", "--partitions", "100000"][..],
            "series.csv",
            "[kafka] orders_partitions = 100000",
        ),
        (
            &["--scenario", "demo1", "--open-for", "40d", "--trace"][..],
            "events.jsonl",
            "--trace",
        ),
    ] {
        let out = chipshop(&dir, &[&["run"][..], args].concat());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("more than the 1.0 GB a run may write without --yes")
                && err.contains(file)
                && err.contains(key)
                && err.contains("add --yes"),
            "{args:?}: {err}"
        );
        assert!(!dir.join("output").exists(), "{args:?}: nothing is written");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn yes_runs_past_the_estimate() {
    let dir = scratch("yes");
    // A folder that can't be made: with --yes the run gets as far as making it (exit 3, an
    // output error) instead of stopping at the estimate (exit 2).
    std::fs::write(dir.join("file"), "").unwrap();
    let huge = [
        "run",
        "--scenario",
        "demo3",
        "--open-for",
        "100000h",
        "--out",
        "file/run",
    ];
    assert_eq!(chipshop(&dir, &huge).status.code(), Some(2));
    let out = chipshop(&dir, &[&huge[..], &["--yes"]].concat());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(!err.contains("--yes"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn dry_run_prints_the_estimate_and_writes_nothing() {
    let dir = scratch("dry");
    let out = chipshop(
        &dir,
        &["run", "--scenario", "demo3", "--dry-run", "--trace"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "a run would write output/demo3-1",
        "orders      1443 (",
        "orders.csv",
        "series.csv",
        "events.jsonl",
        "charts/",
        "total",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing written"
    );
    let out = chipshop(
        &dir,
        &[
            "run",
            "--scenario",
            "demo3",
            "--dry-run",
            "--open-for",
            "100000h",
        ],
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("refused without --yes"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sweeps_count_their_runs_together() {
    let dir = scratch("sweep");
    let out = chipshop(
        &dir,
        &[
            "sweep",
            "--scenario",
            "demo3",
            "--preparers",
            "1..8",
            "--replications",
            "1000",
            "--open-for",
            "10h",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("this sweep's 8000 runs would take about") && err.contains("--yes"),
        "{err}"
    );
    assert!(!dir.join("output").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
