//! Guards the web stage: customers collect when they arrive, no-shows never do, and the food
//! they leave behind is counted as waste.

use std::process::Command;

#[test]
fn web_orders_are_collected_on_arrival_and_no_shows_waste_food() {
    let dir = std::env::temp_dir().join(format!("chipshop-web-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(["run", "--scenario", "web", "--seed", "3", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    let mut reader = csv::Reader::from_path(dir.join("orders.csv")).unwrap();
    let (mut web, mut no_shows, mut waste_rows) = (0u64, 0u64, 0u64);
    for row in reader.records() {
        let row = row.unwrap();
        let secs = |i: usize| row[i].parse::<f64>().ok();
        let (placed, ready, collected) = (secs(3).unwrap(), secs(6).unwrap(), secs(7));
        if &row[1] == "3" {
            // The web till: the customer travels 5 to 15 minutes, so collection is late.
            web += 1;
            match collected {
                Some(c) => assert!(c >= ready && c - placed >= 300.0 - 1e-6, "{row:?}"),
                None => {
                    no_shows += 1;
                    waste_rows += price(&row[2]);
                }
            }
        } else {
            assert_eq!(collected, Some(ready), "in person: collected when ready");
        }
    }
    assert_eq!(summary["orders"]["no_shows"].as_u64().unwrap(), no_shows);
    assert_eq!(summary["wasted_pence"].as_u64().unwrap(), waste_rows);
    // One web customer in ten never comes.
    let share = no_shows as f64 / web as f64;
    assert!(
        web > 300 && (share - 0.1).abs() < 0.04,
        "{no_shows} of {web}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The price in pence of an items cell such as `cod_and_chips+2xlarge_chips`.
fn price(items: &str) -> u64 {
    items
        .split('+')
        .map(|part| {
            let (n, item) = part
                .split_once('x')
                .filter(|(n, _)| n.parse::<u64>().is_ok())
                .unwrap_or(("1", part));
            let each = match item {
                "cod_and_chips" => 1050,
                "plaice_and_chips" => 1250,
                "chips" => 350,
                "large_chips" => 450,
                "pie" => 400,
                other => panic!("unknown item {other}"),
            };
            n.parse::<u64>().unwrap() * each
        })
        .sum()
}
