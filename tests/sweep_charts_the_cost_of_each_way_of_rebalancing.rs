//! A sweep over the ways of rebalancing charts their cost: `sweep_paused` (preparer-seconds
//! paused by rebalances) and `sweep_max_lag`, a bar per way (`classic · range · static`)
//! whose values are sweep.csv's; a scenario with faults charts them against its swept switch;
//! a plain preparers sweep of a shop without faults charts neither.

mod slide_png;

use std::path::{Path, PathBuf};
use std::process::Command;

use chipshop::output::charts::{SweepData, SweepMeasure, plan};

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
        "chipshop-rebalancing-cost-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn sweep(out: &Path, scenario: &str, grid: &[&str]) {
    let mut args = vec![
        "sweep",
        "--scenario",
        scenario,
        "--replications",
        "2",
        "--jobs",
        "2",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(grid);
    chipshop(&args);
}

fn chart_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// sweep.csv's rows as (column -> value) maps.
fn csv_rows(dir: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(dir.join("sweep.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// A bar's value as the chart writes it at the bar's end: three figures at most, halves
/// rounded away from zero.
fn written(v: f64) -> String {
    let d: usize = if v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    let scale = 10f64.powi(d as i32);
    let s = format!("{:.d$}", (v * scale).round() / scale);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[test]
fn each_way_of_rebalancing_gets_a_bar_of_its_cost_from_sweep_csv() {
    let dir = temp_dir("ways");
    sweep(
        &dir,
        "rebalance",
        &[
            "--group-protocol",
            "classic,consumer",
            "--assignor",
            "range,cooperative_sticky,uniform",
            "--static",
            "false,true",
        ],
    );
    let names = chart_names(&dir);
    for name in ["sweep_paused", "sweep_max_lag"] {
        for ext in ["png", "svg"] {
            assert!(
                names.contains(&format!("{name}.{ext}")),
                "{name}.{ext} missing from {names:?}"
            );
        }
        let png = dir.join("charts").join(format!("{name}.png"));
        slide_png::check_png(&png);
        // As many stray pixels as chart_png_matches_svg allows a run chart.
        let ((png_stray, _), (svg_stray, _)) =
            slide_png::png_against_svg(&png, &png.with_extension("svg"));
        assert!(
            png_stray <= 100 && svg_stray <= 100,
            "{name}: the PNG and the SVG differ ({png_stray} / {svg_stray} stray pixels)"
        );
    }

    // The bars hold sweep.csv's means, one per way the grid ran, labelled by the way.
    let rows = csv_rows(&dir);
    assert_eq!(rows.len(), 8, "8 ways of rebalancing");
    let charts = plan(&SweepData::load(&dir).unwrap());
    for (measure, column, name) in [
        (SweepMeasure::Paused, "paused_s_mean", "sweep_paused"),
        (SweepMeasure::MaxLag, "max_lag_mean", "sweep_max_lag"),
    ] {
        let chart = charts.iter().find(|c| c.measure == measure).unwrap();
        assert_eq!(chart.name, name);
        assert!(chart.bars, "{name}: the ways alone are bars");
        assert_eq!(chart.lines.len(), rows.len());
        let svg = std::fs::read_to_string(dir.join("charts").join(format!("{name}.svg"))).unwrap();
        for row in &rows {
            let way = format!(
                "{} · {} · {}",
                row["group-protocol"],
                row["assignor"],
                if row["static"] == "true" {
                    "static"
                } else {
                    "dynamic"
                }
            );
            let bar = chart
                .lines
                .iter()
                .find(|l| l.label == way)
                .unwrap_or_else(|| panic!("{name}: no bar {way:?}"));
            let expected: f64 = row[column].parse().unwrap();
            // serde_json reads a float to within an ulp or so, not always to the bit.
            let mean = bar.points[0].1.mean;
            assert!(
                (mean - expected).abs() <= 1e-9 * expected.abs().max(1.0),
                "{name}: {way}: {mean} on the chart, {expected} in sweep.csv"
            );
            assert!(svg.contains(&way), "{name}.svg should name {way:?}");
            assert!(
                svg.contains(&format!(">{}<", written(expected))),
                "{name}.svg should write {way}'s {}",
                written(expected)
            );
        }
    }
    // Eager rebalancing pauses every preparer at every change: more than cooperative's.
    let paused = |way: &str| {
        charts
            .iter()
            .find(|c| c.measure == SweepMeasure::Paused)
            .unwrap()
            .lines
            .iter()
            .find(|l| l.label == way)
            .unwrap()
            .points[0]
            .1
            .mean
    };
    assert!(paused("classic · range · dynamic") > paused("classic · cooperative_sticky · dynamic"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_scenario_with_faults_charts_the_cost_against_its_switch() {
    let dir = temp_dir("faults");
    sweep(
        &dir,
        "rebalance",
        &["--preparers", "3,4", "--charts", "svg"],
    );
    let names = chart_names(&dir);
    assert!(names.contains(&"sweep_paused.svg".to_string()), "{names:?}");
    assert!(
        names.contains(&"sweep_max_lag.svg".to_string()),
        "{names:?}"
    );
    let svg = std::fs::read_to_string(dir.join("charts/sweep_paused.svg")).unwrap();
    // The way it rebalanced is said under the title.
    assert!(
        svg.contains("group-protocol = classic · assignor = range · static = false"),
        "the subtitle names the way of rebalancing"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_plain_preparers_sweep_charts_no_cost_of_rebalancing() {
    let dir = temp_dir("plain");
    sweep(
        &dir,
        "demo3",
        &["--preparers", "1..3", "--open-for", "1m", "--charts", "svg"],
    );
    assert_eq!(
        chart_names(&dir),
        ["sweep_p99_latency.svg", "sweep_throughput.svg"]
    );
    let svg = std::fs::read_to_string(dir.join("charts/sweep_throughput.svg")).unwrap();
    assert!(
        !svg.contains("group-protocol"),
        "a sweep not about rebalancing does not name its protocol"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
