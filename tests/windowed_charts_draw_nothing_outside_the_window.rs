//! `chipshop chart DIR --from A --to B` (and `run --from/--to`): every chart over time spans
//! the window, and nothing is drawn outside it.

use std::path::{Path, PathBuf};
use std::process::Command;

use chipshop::output::charts::RunData;

fn chipshop(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .output()
        .expect("chipshop runs")
}

fn run(preset: &str, extra: &[&str]) -> PathBuf {
    // A folder per preset and switches: tests run at once.
    let switches: String = extra
        .concat()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let dir = std::env::temp_dir().join(format!(
        "chipshop-window-{}-{preset}-{switches}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let mut args = vec!["run", "--scenario", preset, "--charts", "svg", "--out"];
    args.push(dir.to_str().unwrap());
    args.extend_from_slice(extra);
    let out = chipshop(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// The value of attribute `name` in an SVG element's text.
fn attr(element: &str, name: &str) -> Option<f64> {
    // The element's text starts after "<tag ", so its first attribute has no space before it.
    let element = format!(" {element}");
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &element[start..];
    rest[..rest.find('"')?].parse().ok()
}

/// The x axis's labels as (y, x, value): numbers centred under the axis, on the lowest row of
/// them, left to right.
fn time_labels(svg: &str) -> Vec<(f64, f64, f64)> {
    let mut labels: Vec<(f64, f64, f64)> = svg
        .split("<text ")
        .skip(1)
        .filter(|e| e.contains("text-anchor=\"middle\""))
        .filter_map(|e| {
            let value: f64 = e[e.find('>')? + 1..e.find("</text>")?].parse().ok()?;
            Some((attr(e, "y")?, attr(e, "x")?, value))
        })
        .collect();
    let lowest = labels.iter().map(|l| l.0).fold(f64::MIN, f64::max);
    labels.retain(|l| l.0 == lowest);
    labels.sort_by(|a, b| a.1.total_cmp(&b.1));
    labels
}

/// Checks one chart: its time axis's labels lie in `[from, to]`, and every line point, band
/// corner and box of the plot (left of the key column) lies between the window's ends.
fn check_chart(svg: &Path, from: f64, to: f64) {
    let text = std::fs::read_to_string(svg).unwrap();
    let name = svg.file_name().unwrap().to_string_lossy().into_owned();
    let labels = time_labels(&text);
    assert!(labels.len() >= 3, "{name}: {} time labels", labels.len());
    for &(_, _, v) in &labels {
        assert!(
            (from..=to).contains(&v),
            "{name}: a time label {v} outside {from}..{to}"
        );
    }
    // Pixel of time t, from the first and last labels.
    let (a, b) = (labels[0], labels[labels.len() - 1]);
    let px = |t: f64| a.1 + (t - a.2) * (b.1 - a.1) / (b.2 - a.2);
    let (left, right) = (px(from) - 2.0, px(to) + 2.0);
    assert!(
        left > 0.0 && right < 1920.0,
        "{name}: the axis spans {left}..{right}"
    );
    // Right of the plot, the key column (if any) may draw its swatches.
    let key_column = right + 20.0;
    // Lines, and filled bands (the records chart's gaps, polygons); a marker (a triangle) is
    // centred on its point, so its centre must lie inside.
    let lines = text.split("<polyline ").skip(1).map(|e| (e, false));
    for (e, polygon) in lines.chain(text.split("<polygon ").skip(1).map(|e| (e, true))) {
        let points = &e[e.find("points=\"").unwrap() + 8..];
        let points = &points[..points.find('"').unwrap()];
        let xs: Vec<f64> = points
            .split_whitespace()
            .map(|p| p.split(',').next().unwrap().parse().unwrap())
            .collect();
        let marker = polygon && xs.len() <= 3;
        let centre = [xs.iter().sum::<f64>() / xs.len() as f64];
        for &x in if marker { &centre[..] } else { &xs[..] } {
            if x < key_column {
                assert!(
                    (left - 6.0..=right).contains(&x),
                    "{name}: a line at x = {x}, outside the window's {left}..{right}"
                );
            }
        }
    }
    for e in text.split("<rect ").skip(2) {
        let (x, w) = (attr(e, "x").unwrap(), attr(e, "width").unwrap());
        if x < key_column {
            assert!(
                x >= left - 1.0 && x + w <= right + 1.0,
                "{name}: a box from x = {x} to {}, outside {left}..{right}",
                x + w
            );
        }
    }
}

const TIME_CHARTS: [&str; 11] = [
    "web_made_to_collected",
    "records_per_partition",
    "revenue",
    "wasted_food",
    "orders_waiting",
    "order_timeline",
    "order_flow",
    "lag_by_preparer",
    "partition_owners",
    "lag_and_preparers",
    "hot_cabinet",
];

fn check_folder(charts: &Path, from: f64, to: f64) -> usize {
    let mut checked = 0;
    for name in TIME_CHARTS {
        let svg = charts.join(format!("{name}.svg"));
        if svg.exists() {
            check_chart(&svg, from, to);
            checked += 1;
        }
    }
    checked
}

#[test]
fn chart_from_to_fits_every_time_chart_to_the_window() {
    let dir = run("rush", &[]);
    // The backlog rises slowly over the evening: the title never says it grows 0.0 a second.
    let waiting = std::fs::read_to_string(dir.join("charts/orders_waiting.svg")).unwrap();
    assert!(!waiting.contains("grows 0.0"));
    assert!(waiting.contains("Orders waiting to be read: up to "));
    let out = dir.join("window");
    let done = chipshop(&[
        "chart",
        dir.to_str().unwrap(),
        "--from",
        "1m",
        "--to",
        "3m",
        "--charts",
        "svg",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(check_folder(&out, 60.0, 180.0) >= 4);
    // The same window drawn again gives the same bytes.
    let again = dir.join("again");
    let done = chipshop(&[
        "chart",
        dir.to_str().unwrap(),
        "--from",
        "1m",
        "--to",
        "3m",
        "--charts",
        "svg",
        "--out",
        again.to_str().unwrap(),
    ]);
    assert!(done.status.success());
    for e in std::fs::read_dir(&out).unwrap() {
        let path = e.unwrap().path();
        let twin = again.join(path.file_name().unwrap());
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(&twin).unwrap(),
            "{path:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_window_of_seconds_labels_its_ticks_apart() {
    // Ticks a fraction of a second apart: each label says its own time, none twice.
    let dir = run("demo3", &["--open-for", "1m", "--no-charts"]);
    let out = dir.join("seconds");
    let done = chipshop(&[
        "chart",
        dir.to_str().unwrap(),
        "--from",
        "30s",
        "--to",
        "32s",
        "--charts",
        "svg",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(check_folder(&out, 30.0, 32.0) >= 3);
    for name in TIME_CHARTS {
        let Ok(svg) = std::fs::read_to_string(out.join(format!("{name}.svg"))) else {
            continue;
        };
        let labels = time_labels(&svg);
        assert!(
            labels.windows(2).all(|w| w[0].2 < w[1].2),
            "{name}: time labels {:?}",
            labels.iter().map(|l| l.2).collect::<Vec<_>>()
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn run_from_to_draws_the_window() {
    let dir = run("race", &["--from", "2m", "--to", "5m"]);
    assert!(check_folder(&dir.join("charts"), 120.0, 300.0) >= 3);
    std::fs::remove_dir_all(&dir).unwrap();
    let dir = run("web", &["--from", "10m", "--to", "20m"]);
    assert!(check_folder(&dir.join("charts"), 600.0, 1200.0) >= 3);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_windowed_data_holds_only_the_window() {
    let dir = run("demo3", &["--no-charts"]);
    let data = RunData::load(&dir).unwrap().windowed(100.0, 200.0);
    assert!(!data.orders.is_empty());
    assert!(
        data.orders
            .iter()
            .all(|o| (100.0..=200.0).contains(&o.placed))
    );
    assert!(data.series.iter().all(|r| (100.0..=200.0).contains(&r.0)));
    assert_eq!((data.start(), data.end()), (100.0, 200.0));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_window_that_ends_before_it_starts_is_refused() {
    let dir = run("demo1", &["--no-charts"]);
    let out = chipshop(&["chart", dir.to_str().unwrap(), "--from", "5m", "--to", "2m"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--to"));
    let out = chipshop(&["chart", dir.to_str().unwrap(), "--from", "2h"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("run's end"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// (time, preparer, what its time goes on from then) from series.csv's `spending:N` rows.
fn spending(dir: &Path) -> Vec<(f64, u64, usize)> {
    std::fs::read_to_string(dir.join("series.csv"))
        .unwrap()
        .lines()
        .filter_map(|l| {
            let mut c = l.splitn(3, ',');
            let t = c.next()?.parse().ok()?;
            let p = c.next()?.strip_prefix("spending:")?.parse().ok()?;
            Some((t, p, c.next()?.parse().ok()?))
        })
        .collect()
}

#[test]
fn the_time_split_series_adds_up_to_the_summarys_split() {
    let dir = run("rebalance", &["--no-charts"]);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    let end = summary["sim_end_s"].as_f64().unwrap();
    let rows = spending(&dir);
    for p in summary["preparers"].as_array().unwrap() {
        let id = p["id"].as_u64().unwrap();
        // Before its first point a preparer is not in the group.
        let (mut seconds, mut from, mut part) = ([0.0; 4], 0.0, 3);
        for &(t, _, v) in rows.iter().filter(|r| r.1 == id) {
            seconds[part] += t - from;
            (from, part) = (t, v);
        }
        seconds[part] += end - from;
        for (k, key) in [
            "busy_fraction",
            "paused_fraction",
            "idle_fraction",
            "away_fraction",
        ]
        .into_iter()
        .enumerate()
        {
            let said = p[key].as_f64().unwrap();
            assert!(
                (seconds[k] / end - said).abs() < 1e-6,
                "preparer {id} {key}: series {} against summary {said}",
                seconds[k] / end
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_utilisation_chart_splits_only_the_window() {
    // rebalance: preparer 2 crashes at 8 minutes and is back 30 s later.
    let dir = run("rebalance", &["--from", "8m", "--to", "8m30s"]);
    let svg = std::fs::read_to_string(dir.join("charts/preparer_utilisation.svg")).unwrap();
    assert!(svg.contains("Where each preparer's time went, 480 s to 510 s"));
    assert!(svg.contains("share of the window (%)"));
    assert!(
        svg.contains("preparer 2: 0% busy, 100% not in the group"),
        "the crashed preparer is out of the group for the whole window"
    );
    // The others worked through it: their busy share is the window's, not the run's.
    let rows = spending(&dir);
    let busy_in_window = |id: u64| {
        let mut busy = 0.0;
        let mut last = rows
            .iter()
            .rfind(|r| r.1 == id && r.0 <= 480.0)
            .map_or((480.0, 3), |r| (480.0, r.2));
        for &(t, _, v) in rows
            .iter()
            .filter(|r| r.1 == id && r.0 > 480.0 && r.0 <= 510.0)
        {
            if last.1 == 0 {
                busy += t - last.0;
            }
            last = (t, v);
        }
        if last.1 == 0 {
            busy += 510.0 - last.0;
        }
        busy / 30.0
    };
    for id in [1, 3] {
        let said = format!("preparer {id}: {:.0}% busy", busy_in_window(id) * 100.0);
        assert!(svg.contains(&said), "the chart should say {said}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
