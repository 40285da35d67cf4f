//! The `web_made_to_collected` chart: the web orders' median wait from made (ready) to
//! collected, the no-shows and the food made for them, as orders.csv and summary.json have
//! them; and no such chart where there are no web orders.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(preset: &str, extra: &[&str]) -> PathBuf {
    // A folder per preset and switches: tests run at once.
    let switches: String = extra
        .concat()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let dir = std::env::temp_dir().join(format!(
        "chipshop-webgap-{}-{preset}-{switches}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(["run", "--scenario", preset, "--charts", "svg", "--out"])
        .arg(&dir)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// The web orders' waits from made to collected (minutes, sorted) and the no-shows, from
/// orders.csv.
fn waits_and_no_shows(dir: &Path) -> (Vec<f64>, usize) {
    // web's two counter tills are 1 and 2: the web's till is the last, 3.
    let mut waits = Vec::new();
    let mut no_shows = 0;
    let mut reader = csv::Reader::from_path(dir.join("orders.csv")).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let ready: f64 = row[6].parse().unwrap();
        if &row[1] == "3" {
            match row[7].parse::<f64>() {
                Ok(collected) => waits.push((collected - ready) / 60.0),
                Err(_) => no_shows += 1,
            }
        }
    }
    waits.sort_by(f64::total_cmp);
    (waits, no_shows)
}

/// What the title says of the no-shows, in words that agree with their number.
fn never_collected(no_shows: usize) -> String {
    match no_shows {
        0 => "every one is".to_string(),
        1 => "1 never is".to_string(),
        n => format!("{n} never are"),
    }
}

#[test]
fn the_chart_says_the_web_orders_wait_and_the_no_shows() {
    let dir = run("web", &["--open-for", "12m"]);
    let (waits, no_shows) = waits_and_no_shows(&dir);
    assert!(no_shows > 1 && waits.len() > 50);
    let median = waits[(waits.len() - 1) / 2];
    // Customers travel 5 to 15 minutes after ordering; the food is ready within seconds.
    assert!((4.0..15.0).contains(&median), "median {median}");
    let svg = std::fs::read_to_string(dir.join("charts/web_made_to_collected.svg")).unwrap();
    let title = format!(
        "Web orders wait {median:.1} min (median) to be collected; {}",
        never_collected(no_shows)
    );
    assert!(svg.contains(&title), "the title should say: {title}");
    assert!(svg.contains(&format!("web order ({})", waits.len())));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    let wasted = summary["wasted_pence"].as_u64().unwrap();
    let said = format!("£{}.{:02}", wasted / 100, wasted % 100);
    assert!(svg.contains(&said), "the key should count {said} of food");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_title_counts_one_or_no_no_shows_in_words_that_agree() {
    // Short evenings: a few web orders, and one or no customer who never comes.
    let mut counts = Vec::new();
    for open_for in ["30s", "2m"] {
        let dir = run("web", &["--open-for", open_for]);
        let (_, no_shows) = waits_and_no_shows(&dir);
        let svg = std::fs::read_to_string(dir.join("charts/web_made_to_collected.svg")).unwrap();
        let said = format!("to be collected; {}<", never_collected(no_shows));
        assert!(
            svg.contains(&said),
            "{open_for}: the title should end: {said}"
        );
        counts.push(no_shows);
        std::fs::remove_dir_all(&dir).unwrap();
    }
    assert!(
        counts.iter().any(|&n| n < 2),
        "no short run had one or no no-show: {counts:?}"
    );
}

#[test]
fn no_web_orders_no_chart() {
    let dir = run("demo1", &["--open-for", "2m"]);
    assert!(dir.join("charts/orders_waiting.svg").exists());
    assert!(!dir.join("charts/web_made_to_collected.svg").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
