//! Guards orders.csv's `duplicate` column: after a crash, every order made a second time has
//! its own row marked 1, as many as summary.json's `orders.duplicates`; every other row is 0,
//! and each order id has exactly one row that is not a duplicate.

use std::collections::BTreeMap;
use std::process::Command;

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

#[test]
fn the_duplicate_column_counts_the_summarys_duplicates() {
    let dir = std::env::temp_dir().join(format!("chipshop-dup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let toml = dir.join("crash.toml");
    std::fs::write(&toml, CRASH).unwrap();
    let run = dir.join("run");
    let mut total = 0;
    for seed in ["1", "2"] {
        let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
            .args(["run", "--charts", "svg", "--seed", seed, "--scenario"])
            .arg(&toml)
            .arg("--out")
            .arg(&run)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(run.join("summary.json")).unwrap()).unwrap();
        let mut reader = csv::Reader::from_path(run.join("orders.csv")).unwrap();
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
    let dir = std::env::temp_dir().join(format!("chipshop-dup-record-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Half the orders have plaice, so some duplicates come back from the cook.
    let toml = dir.join("crash.toml");
    std::fs::write(
        &toml,
        format!("{CRASH}\n[orders]\nplaice = true\nplaice_share = 0.5\n"),
    )
    .unwrap();
    let run = dir.join("run");
    let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(["run", "--no-charts", "--scenario"])
        .arg(&toml)
        .arg("--out")
        .arg(&run)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_path(run.join("orders.csv")).unwrap();
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
