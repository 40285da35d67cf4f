//! Charts for slides: files exist, are 1920x1080, are not blank, and are deterministic.

mod slide_png;

use slide_png::check_png;
use std::path::{Path, PathBuf};
use std::process::Command;

const CHARTS: [&str; 6] = [
    "records_per_partition",
    "order_timeline",
    "orders_waiting",
    "latency_cdf",
    "preparer_utilisation",
    "revenue",
];

fn chipshop(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .output()
        .expect("chipshop runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("chipshop-charts-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn run_demo3(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let out = chipshop(&["run", "--scenario", "demo3", "--out", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

fn chart(dir: &Path, extra: &[&str]) {
    let mut args = vec!["chart", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = chipshop(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn read_all(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir.join("charts"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.display().to_string(), std::fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn chart_draws_every_chart_and_is_deterministic() {
    let dir = run_demo3("demo3");
    chart(&dir, &[]);
    for name in CHARTS {
        check_png(&dir.join("charts").join(format!("{name}.png")));
        let svg = std::fs::read_to_string(dir.join("charts").join(format!("{name}.svg"))).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("demo3"), "{name}.svg names the scenario");
    }
    assert!(
        !dir.join("charts/hot_cabinet.png").exists(),
        "no stock, no chart"
    );
    assert!(
        !dir.join("charts/wasted_food.png").exists(),
        "no web customers, no waste chart"
    );
    let first = read_all(&dir);
    chart(&dir, &[]);
    assert_eq!(first, read_all(&dir), "same input, same bytes");
    chart(&dir, &["--theme", "dark", "--charts", "png"]);
    check_png(&dir.join("charts/latency_cdf.png"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lag_chart_reads_series_csv() {
    let dir = run_demo3("series");
    let mut s = String::from("time_s,series,value\n");
    for t in 0..600 {
        for p in 0..3 {
            s += &format!("{t}.000000000,lag:orders-{p},{}\n", (t * (p + 1)) % 97);
        }
        s += &format!("{t}.000000000,stock:cod,{}\n", 20 - (t % 40));
        s += &format!("{t}.000000000,stock:chips,{}\n", 30 - (t % 25));
        if t == 100 {
            s += "100.000000000,rebalance_start:2,0\n";
        }
        if t == 103 {
            s += "103.000000000,rebalance_end:2,0\n";
        }
        if t == 300 {
            s += "300.000000000,crash:2,0\n";
        }
    }
    std::fs::write(dir.join("series.csv"), s).unwrap();
    chart(&dir, &["--charts", "png"]);
    check_png(&dir.join("charts/orders_waiting.png"));
    check_png(&dir.join("charts/hot_cabinet.png"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn web_run_draws_the_food_its_no_shows_wasted() {
    let dir = temp_dir("web");
    let out = chipshop(&[
        "run",
        "--scenario",
        "web",
        "--open-for",
        "12m",
        "--charts",
        "png",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    assert!(summary["orders"]["no_shows"].as_u64().unwrap() > 0);
    check_png(&dir.join("charts/wasted_food.png"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_dir_is_a_clear_error() {
    let out = chipshop(&["chart", "/no/such/chipshop/run"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/no/such/chipshop/run"), "{err}");
}
