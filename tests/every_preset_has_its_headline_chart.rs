//! Each preset's comment names its headline chart (`# Headline chart: charts/NAME.png: ...`);
//! a run of the preset draws that chart first and names it in its printed summary.

use std::path::PathBuf;
use std::process::Command;

const PRESETS: [&str; 10] = [
    "demo1",
    "demo2",
    "demo3",
    "demo4",
    "cabinet",
    "race",
    "rush",
    "analytics",
    "web",
    "rebalance",
];

/// The chart a preset's comment names.
fn named_in_comment(preset: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{preset}.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix("# Headline chart: charts/"))
        .unwrap_or_else(|| panic!("{preset}.toml's comment names no headline chart"));
    line.split(".png").next().unwrap().to_string()
}

fn check(preset: &str) {
    let expected = named_in_comment(preset);
    let dir =
        std::env::temp_dir().join(format!("chipshop-headline-{}-{preset}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(["run", "--scenario", preset, "--charts", "png", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("headline"))
        .unwrap_or_else(|| panic!("{preset}: the summary names no headline chart:\n{stdout}"));
    let file = dir.join("charts").join(format!("{expected}.png"));
    assert!(
        line.contains(&file.display().to_string()),
        "{preset}: the summary's headline is not {expected}: {line}"
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        bytes.len() > 10_000,
        "{preset}: {expected}.png is nearly empty"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn demo1_shows_the_flow_of_an_order() {
    check("demo1");
}

#[test]
fn demo2_shows_the_backlog() {
    check("demo2");
}

#[test]
fn demo3_shows_lag_by_preparer() {
    check("demo3");
}

#[test]
fn demo4_shows_the_timeline() {
    check("demo4");
}

#[test]
fn cabinet_shows_the_cabinet() {
    check("cabinet");
}

#[test]
fn race_shows_the_oversold_stock() {
    check("race");
}

#[test]
fn rush_shows_lag_against_preparers() {
    check("rush");
}

#[test]
fn analytics_shows_each_group_reading() {
    check("analytics");
}

#[test]
fn web_shows_the_wasted_food() {
    check("web");
}

#[test]
fn rebalance_shows_what_each_rebalance_costs() {
    check("rebalance");
}

#[test]
fn every_preset_is_checked() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".toml").map(str::to_string)
        })
        .collect();
    found.sort();
    let mut ours: Vec<String> = PRESETS.iter().map(|s| s.to_string()).collect();
    ours.sort();
    assert_eq!(found, ours);
}
