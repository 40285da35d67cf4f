//! A sweep's files, charts included, are byte-identical whatever `--jobs` is: results are
//! written in grid order.

use std::path::Path;
use std::process::Command;

fn sweep(out: &Path, jobs: &str) {
    let status = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args([
            "sweep",
            "--scenario",
            "demo3",
            "--preparers",
            "1..3",
            "--tills",
            "1,2",
            "--open-for",
            "2m",
            "--replications",
            "3",
            "--raw",
            "--jobs",
            jobs,
            "--out",
        ])
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn jobs_1_and_jobs_2_write_the_same_bytes() {
    let dir = std::env::temp_dir().join(format!("chipshop-sweep-jobs-{}", std::process::id()));
    let (a, b) = (dir.join("a"), dir.join("b"));
    sweep(&a, "1");
    sweep(&b, "2");
    for file in ["sweep.csv", "sweep.json", "raw.csv"] {
        let x = std::fs::read(a.join(file)).unwrap();
        let y = std::fs::read(b.join(file)).unwrap();
        assert!(!x.is_empty());
        assert!(x == y, "{file} differs between --jobs 1 and --jobs 2");
    }
    for chart in ["sweep_throughput", "sweep_p99_latency"] {
        for ext in ["png", "svg"] {
            let file = format!("charts/{chart}.{ext}");
            let x = std::fs::read(a.join(&file)).unwrap();
            let y = std::fs::read(b.join(&file)).unwrap();
            assert!(!x.is_empty());
            assert!(x == y, "{file} differs between --jobs 1 and --jobs 2");
        }
    }
    let csv = std::fs::read_to_string(a.join("sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 3 * 2);
    assert!(csv.starts_with("preparers,tills,open-for,throughput_per_min_mean,"));
    let _ = std::fs::remove_dir_all(&dir);
}
