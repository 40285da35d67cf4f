//! Guards the analytics stage: groups read independently, the accountant's revenue matches
//! the tills', and the bulk file is what OpenSearch's `POST _bulk` accepts.

use std::process::Command;

#[test]
fn accountant_and_analyst_each_read_every_order() {
    let dir = std::env::temp_dir().join(format!("chipshop-analytics-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args([
            "run",
            "--scenario",
            "analytics",
            "--open-for",
            "5m",
            "--out",
        ])
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
    let placed = summary["orders"]["placed"].as_u64().unwrap();
    let a = &summary["analytics"];
    assert_eq!(a["accountant_revenue_pence"], summary["revenue_pence"]);
    assert_eq!(a["till_messages"].as_u64().unwrap(), placed);
    // A die roll of 6 adds plaice, cooked to order: about one order in six goes to the cook.
    let ratio = a["cook_ratio"].as_f64().unwrap();
    assert!((ratio - 1.0 / 6.0).abs() < 0.04, "cook ratio {ratio}");

    let bulk = std::fs::read_to_string(dir.join("opensearch-bulk.ndjson")).unwrap();
    assert!(bulk.ends_with('\n'), "the bulk API needs a final newline");
    let lines: Vec<&str> = bulk.lines().collect();
    assert_eq!(lines.len() as u64, 2 * placed);
    let mut ids = std::collections::BTreeSet::new();
    for pair in lines.chunks(2) {
        let action: serde_json::Value = serde_json::from_str(pair[0]).unwrap();
        let doc: serde_json::Value = serde_json::from_str(pair[1]).unwrap();
        assert_eq!(action["index"]["_index"], "orders");
        let id = action["index"]["_id"].as_str().unwrap();
        assert_eq!(
            id,
            doc["order"].to_string(),
            "action and document name one order"
        );
        assert!(doc["indexed_s"].as_f64() >= doc["placed_s"].as_f64());
        ids.insert(id.to_string());
    }
    assert_eq!(ids.len() as u64, placed, "every order indexed once");
    std::fs::remove_dir_all(&dir).unwrap();
}
