//! `chipshop chart` reads a run's files as strictly as a sweep's: a truncated row, an empty
//! file, a summary that is not chipshop's, NaN, infinite and negative times are errors (exit 2)
//! naming the file, the line and the column or key, and the charts already there stay as they
//! were: never a misleading chart. A shard's folder is named for what it is.

mod chipshop_bin;

use std::path::Path;

use chipshop_bin::{arg, assert_ok, chipshop, names, scratch, stderr};

fn copy_run(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.join("charts")).unwrap();
    for name in ["summary.json", "orders.csv", "series.csv"] {
        std::fs::copy(from.join(name), to.join(name)).unwrap();
    }
    std::fs::write(to.join("charts/latency_cdf.svg"), "the run's own chart").unwrap();
}

/// orders.csv with its second row's `placed` cell (column 4) set to `value`.
fn with_placed(orders: &str, value: &str) -> String {
    let mut lines: Vec<String> = orders.lines().map(String::from).collect();
    let mut cells: Vec<&str> = lines[1].split(',').collect();
    cells[3] = value;
    lines[1] = cells.join(",");
    lines.join("\n") + "\n"
}

#[test]
fn chart_refuses_bad_run_files() {
    let dir = scratch("bad-run-files");
    let good = dir.join("good");
    assert_ok(&chipshop(&[
        "run",
        "--scenario",
        "demo1",
        "--open-for",
        "1m",
        "--no-charts",
        "--out",
        arg(&good),
    ]));
    let orders = std::fs::read_to_string(good.join("orders.csv")).unwrap();
    let truncated = &orders[..orders.len() - 7];
    let cases: Vec<(&str, &str, String, &str)> = vec![
        (
            "truncated",
            "orders.csv",
            truncated.to_string(),
            "orders.csv:",
        ),
        ("empty", "orders.csv", String::new(), "orders.csv: is empty"),
        (
            "nan",
            "orders.csv",
            with_placed(&orders, "NaN"),
            "orders.csv:2: placed: \"NaN\"",
        ),
        (
            "inf",
            "orders.csv",
            with_placed(&orders, "inf"),
            "orders.csv:2: placed: \"inf\"",
        ),
        (
            "negative",
            "orders.csv",
            with_placed(&orders, "-1.5"),
            "orders.csv:2: placed: \"-1.5\"",
        ),
        (
            "summary",
            "summary.json",
            r#"{"scenario": 5}"#.into(),
            "summary.json: scenario: 5",
        ),
        (
            "no-summary",
            "summary.json",
            String::new(),
            "summary.json: is empty",
        ),
        (
            "series",
            "series.csv",
            "time_s,series,value\n0.5,lag:orders-0,inf\n".into(),
            "series.csv:2: value: \"inf\"",
        ),
    ];
    for (name, file, text, says) in cases {
        let run = dir.join(name);
        copy_run(&good, &run);
        std::fs::write(run.join(file), text).unwrap();
        let out = chipshop(&["chart", arg(&run)]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(says),
            "{name}: {} should say {says}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"));
        assert_eq!(
            names(&run.join("charts")),
            ["latency_cdf.svg"],
            "{name}: the charts stay as they were"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn chart_on_a_shard_says_to_merge() {
    let dir = scratch("chart-shard");
    let shard = dir.join("shard-1");
    assert_ok(&chipshop(&[
        "sweep",
        "--scenario",
        "demo1",
        "--preparers",
        "1,2",
        "--replications",
        "2",
        "--open-for",
        "1m",
        "--shard",
        "1/2",
        "--out",
        arg(&shard),
    ]));
    let out = chipshop(&["chart", arg(&shard)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("shard") && err.contains("chipshop sweep merge"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
