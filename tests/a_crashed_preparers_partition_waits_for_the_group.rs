//! `rebalance`: preparer 2 crashes at 8 minutes and its process is back 30 s later as a new
//! member. As with Kafka's coordinator, the group keeps the crashed member's partition
//! (orders-1) until a rebalance takes it, and no one reads it meanwhile; the restarted member
//! joins, the eager rebalance waits for the dead member's session (45 s from its last
//! heartbeat) to expire, and the range assignor, which orders members by member id
//! (`preparer-2-<uuid>`), gives orders-1 back to preparer 2. `partition_owners` draws the
//! crashed process's hold faded.

use std::path::PathBuf;
use std::process::Command;

fn run() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chipshop-crashhold-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(["run", "--scenario", "rebalance", "--charts", "svg", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

#[test]
fn the_crashed_members_partition_is_held_unread_then_goes_back_to_the_restarted_preparer() {
    let dir = run();
    let series = std::fs::read_to_string(dir.join("series.csv")).unwrap();
    let points: Vec<(f64, &str, i64)> = series
        .lines()
        .skip(1)
        .map(|l| {
            let mut c = l.splitn(3, ',');
            let t = c.next().unwrap().parse().unwrap();
            let name = c.next().unwrap();
            (t, name, c.next().unwrap().parse().unwrap())
        })
        .collect();
    let at = |name: &str| -> Vec<(f64, i64)> {
        points
            .iter()
            .filter(|p| p.1 == name)
            .map(|p| (p.0, p.2))
            .collect()
    };
    assert_eq!(at("crash:2"), [(480.0, 0)]);
    assert_eq!(at("restart:2"), [(510.0, 0)]);
    let owners = at("owner:orders-1");
    let owner_at = |t: f64| owners.iter().rfind(|o| o.0 <= t).map_or(0, |o| o.1);
    // The crashed member keeps orders-1 until the rebalance its restart starts takes it.
    assert_eq!(owner_at(479.9), 2);
    assert!(
        owners.iter().all(|o| !(o.0 > 480.0 && o.0 < 510.0)),
        "{owners:?}"
    );
    assert_eq!(owner_at(510.0), 0, "revoked when the rebalance starts");
    // The rebalance ends when the dead member's session expires: 45 s after its last
    // heartbeat (every 3 s), so between 480 and 525 s.
    let end = at("rebalance_end:5");
    assert_eq!(end.len(), 1);
    let ended = end[0].0;
    assert!(
        (480.0..=525.0).contains(&ended),
        "rebalance 5 ended at {ended}"
    );
    // The restarted process (a new member, `preparer-2-<uuid>`) sorts second: orders-1 again.
    assert_eq!(owner_at(ended), 2);
    // Meanwhile no one read orders-1: no order of it was taken up.
    let mut reader = csv::Reader::from_path(dir.join("orders.csv")).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let make_start: f64 = row[12].parse().unwrap();
        if &row[9] == "1" {
            assert!(
                !(480.0..ended).contains(&make_start),
                "orders-1 read while its owner was dead: {row:?}"
            );
        }
    }
    let svg = std::fs::read_to_string(dir.join("charts/partition_owners.svg")).unwrap();
    assert!(svg.contains("crashed preparer,"), "the hold is drawn faded");
    std::fs::remove_dir_all(&dir).unwrap();
}
