//! series.csv's `log_end:orders-P` with `unread:` and `lag:` give each partition's log end,
//! position and committed offset (log end >= position >= committed); the
//! `records_per_partition` chart draws them, says each panel's largest gaps as the file has
//! them, and is left out for runs without log end offsets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chipshop(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .output()
        .expect("chipshop runs")
}

fn run(preset: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("chipshop-records-{}-{preset}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = chipshop(&[
        "run",
        "--scenario",
        preset,
        "--charts",
        "svg",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// series.csv's points by series name, each in file (time) order.
fn series(dir: &Path) -> BTreeMap<String, Vec<(String, i64)>> {
    let mut out: BTreeMap<String, Vec<(String, i64)>> = BTreeMap::new();
    for l in std::fs::read_to_string(dir.join("series.csv"))
        .unwrap()
        .lines()
        .skip(1)
    {
        let mut c = l.splitn(3, ',');
        let t = c.next().unwrap().to_string();
        let name = c.next().unwrap().to_string();
        out.entry(name)
            .or_default()
            .push((t, c.next().unwrap().parse().unwrap()));
    }
    out
}

#[test]
fn log_end_position_and_committed_keep_their_order() {
    let dir = run("demo3");
    let s = series(&dir);
    let orders = std::fs::read_to_string(dir.join("orders.csv")).unwrap();
    for p in 0..3 {
        let name = |kind: &str| format!("{kind}:orders-{p}");
        let (ends, unread, lag) = (&s[&name("log_end")], &s[&name("unread")], &s[&name("lag")]);
        let mut last_end = 0;
        let (mut waiting, mut lag_peak) = (0, 0);
        let samples = ends.len();
        assert_eq!((unread.len(), lag.len()), (samples, samples));
        for ((e, u), l) in ends.iter().zip(unread).zip(lag) {
            let t = &e.0;
            assert!(t == &u.0 && t == &l.0, "orders-{p}: sampled together");
            let (end, position, committed) = (e.1, e.1 - u.1, e.1 - l.1);
            assert!(
                end >= position && position >= committed && committed >= 0,
                "orders-{p} at {t}: log end {end}, position {position}, committed {committed}"
            );
            assert!(
                end >= last_end,
                "orders-{p} at {t}: the log end never goes back"
            );
            last_end = end;
            (waiting, lag_peak) = (waiting.max(u.1), lag_peak.max(l.1));
        }
        assert!(samples > 600, "orders-{p}: {samples} samples");
        // Every record was read: the last log end is the number of orders in the partition.
        let in_partition = orders
            .lines()
            .skip(1)
            .filter(|l| l.split(',').nth(9) == Some(&p.to_string()) && l.ends_with(",0"))
            .count() as i64;
        assert_eq!(last_end, in_partition, "orders-{p}");
        // The chart says the same largest gaps.
        let svg = std::fs::read_to_string(dir.join("charts/records_per_partition.svg")).unwrap();
        let said = format!("up to {waiting} waiting to be read, lag up to {lag_peak}");
        assert!(
            svg.contains(&said),
            "orders-{p}: the chart should say {said}"
        );
        if p < 2 {
            // demo3's point: preparer 1 owns two partitions and falls behind on both.
            assert!(waiting >= 50, "orders-{p}: up to {waiting} waiting");
            assert!(svg.contains(&format!("orders-{p} · preparer 1 · up to {waiting}")));
        }
    }
    let svg = std::fs::read_to_string(dir.join("charts/records_per_partition.svg")).unwrap();
    assert!(
        svg.contains("committed every 5s"),
        "the commit interval is said"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn runs_without_log_end_offsets_draw_no_records_chart() {
    let dir = run("demo1");
    assert!(dir.join("charts/records_per_partition.svg").exists());
    // A run of an older chipshop: no log_end rows.
    let text = std::fs::read_to_string(dir.join("series.csv")).unwrap();
    let older: String = text
        .lines()
        .filter(|l| !l.contains(",log_end:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("series.csv"), older).unwrap();
    let out = chipshop(&["chart", dir.to_str().unwrap(), "--charts", "svg"]);
    assert!(out.status.success());
    assert!(!dir.join("charts/records_per_partition.svg").exists());
    assert!(dir.join("charts/orders_waiting.svg").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
