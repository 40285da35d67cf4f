//! Guards orders.csv's `duplicate` column: after a crash, every order made a second time has
//! its own row marked 1, as many as summary.json's `orders.duplicates`; every other row is 0,
//! and each order id has exactly one row that is not a duplicate.

mod chipshop_bin;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chipshop_bin::{arg, assert_ok, chipshop};

/// tests/preparer_crash.rs's scenario: preparer 1 crashes at 2 minutes, back a minute later.
const CRASH: &str = r#"
[shop]
open_for = "10m"
[tills]
count = 3
[preparers]
count = 3
[kafka]
orders_partitions = 3
[[faults]]
crash = 1
at = "2m"
restart_after = "1m"
"#;

/// A fresh folder `name` holding `scenario` as crash.toml; returns the folder and the file.
fn scenario_in(name: &str, scenario: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("chipshop-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let toml = dir.join("crash.toml");
    std::fs::write(&toml, scenario).unwrap();
    (dir, toml)
}

/// `chipshop run ARGS --scenario TOML --out RUN`, which must succeed.
fn run(args: &[&str], toml: &Path, run: &Path) {
    let mut all = vec!["run"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--scenario", arg(toml), "--out", arg(run)]);
    assert_ok(&chipshop(&all));
}

#[test]
fn the_duplicate_column_counts_the_summarys_duplicates() {
    let (dir, toml) = scenario_in("dup", CRASH);
    let run_dir = dir.join("run");
    let mut total = 0;
    for seed in ["1", "2"] {
        run(&["--charts", "svg", "--seed", seed], &toml, &run_dir);
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(run_dir.join("summary.json")).unwrap()).unwrap();
        let mut reader = csv::Reader::from_path(run_dir.join("orders.csv")).unwrap();
        assert_eq!(reader.headers().unwrap().get(13), Some("duplicate"));
        let (mut duplicates, mut firsts) = (0u64, BTreeMap::<u64, u32>::new());
        for row in reader.records() {
            let row = row.unwrap();
            match &row[13] {
                "1" => {
                    duplicates += 1;
                    // A second making: ready, never collected, by a preparer.
                    assert!(!row[6].is_empty() && row[7].is_empty() && !row[8].is_empty());
                }
                "0" => *firsts.entry(row[0].parse().unwrap()).or_default() += 1,
                other => panic!("duplicate cell {other:?}"),
            }
        }
        assert_eq!(
            Some(duplicates),
            summary["orders"]["duplicates"].as_u64(),
            "seed {seed}"
        );
        assert!(firsts.values().all(|&n| n == 1), "an order has two rows");
        assert_eq!(
            Some(firsts.len() as u64),
            summary["orders"]["placed"].as_u64()
        );
        total += duplicates;
    }
    assert!(total > 0, "no order was made twice: the test shows nothing");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A second making names the record it was read from: its row has the first row's placed
/// time, partition and offset, also when the order came back from the cook on `ready` (the
/// order carries them; nothing is kept per order once it is done).
#[test]
fn a_duplicate_names_the_record_of_its_order() {
    // Half the orders have plaice, so some duplicates come back from the cook.
    let scenario = format!("{CRASH}\n[orders]\nplaice = true\nplaice_share = 0.5\n");
    let (dir, toml) = scenario_in("dup-record", &scenario);
    let run_dir = dir.join("run");
    run(&["--no-charts"], &toml, &run_dir);
    let mut reader = csv::Reader::from_path(run_dir.join("orders.csv")).unwrap();
    // id -> (placed, partition, offset) of its first making; the duplicates' the same.
    let (mut firsts, mut seconds) = (BTreeMap::new(), Vec::new());
    let mut with_plaice = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let record = (row[3].to_string(), row[9].to_string(), row[10].to_string());
        if &row[13] == "1" {
            with_plaice += usize::from(row[2].contains("plaice"));
            seconds.push((row[0].to_string(), record));
        } else {
            firsts.insert(row[0].to_string(), record);
        }
    }
    assert!(
        with_plaice > 0,
        "no plaice order was made twice: the test shows nothing"
    );
    for (id, record) in seconds {
        assert!(!record.1.is_empty() && !record.2.is_empty(), "order {id}");
        assert_eq!(Some(&record), firsts.get(&id), "order {id}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
