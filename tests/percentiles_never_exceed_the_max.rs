//! Guards defect 9 of issue 11: `run --scenario demo1 --open-for 1m` reported a wait p99 of
//! 1.691353 s above its max of 1.691093 s, and a p50 of 0.005001215 s when the waits were
//! exactly 5 ms (an HDR histogram's bucket edges). The summary's percentiles are now the
//! nearest rank of the waits and latencies in orders.csv, exactly, for a sample this small.

use std::path::Path;
use std::process::Command;

/// Decimal seconds with nine fractional digits (as orders.csv writes them) to nanoseconds.
fn nanos(field: &str) -> Option<u64> {
    let (s, frac) = field.split_once('.')?;
    Some(s.parse::<u64>().ok()? * 1_000_000_000 + frac.parse::<u64>().ok()?)
}

/// The nearest rank: the smallest value with at least q * n values at or below it.
fn nearest_rank(sorted: &[u64], q: f64) -> u64 {
    let need = q * sorted.len() as f64;
    let k = sorted
        .iter()
        .enumerate()
        .position(|(i, _)| (i + 1) as f64 >= need - 1e-9)
        .unwrap();
    sorted[k]
}

fn run_demo1(out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args([
            "run",
            "--scenario",
            "demo1",
            "--open-for",
            "1m",
            "--no-charts",
        ])
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn percentiles_never_exceed_the_max() {
    let dir = std::env::temp_dir().join(format!("chipshop-pct-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    run_demo1(&dir);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let mut reader = csv::Reader::from_path(dir.join("orders.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (placed, started, ready) = (col("placed"), col("started"), col("ready"));
    let mut waits = Vec::new();
    let mut latencies = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        let p = nanos(&row[placed]).unwrap();
        if let Some(s) = nanos(&row[started]) {
            waits.push(s - p);
        }
        if let Some(r) = nanos(&row[ready]) {
            latencies.push(r - p);
        }
    }
    assert!(waits.len() > 30, "a minute of demo1 takes dozens of orders");
    for (name, mut values) in [("wait_s", waits), ("latency_s", latencies)] {
        values.sort_unstable();
        let stats = &summary[name];
        let max = stats["max"].as_f64().unwrap();
        let mut previous = 0.0;
        for (key, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)] {
            let got = stats[key].as_f64().unwrap();
            let want = nearest_rank(&values, q) as f64 / 1e9;
            assert!(got <= max, "{name}.{key} {got} > max {max}");
            assert!(
                got >= previous,
                "{name}.{key} {got} below the percentile before"
            );
            assert!(
                (got - want).abs() <= 1e-12 * want.max(1.0),
                "{name}.{key}: {got}, the nearest rank of orders.csv is {want}"
            );
            previous = got;
        }
        assert_eq!(max, *values.last().unwrap() as f64 / 1e9, "{name}.max");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
