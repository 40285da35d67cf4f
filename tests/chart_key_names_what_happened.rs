//! The run charts' key names what happened to the preparers' group: `rebalance` under the
//! classic protocol (eager: every member paused), `cooperative rebalance` with
//! cooperative_sticky, `reconciling` under the consumer protocol (no stop-the-world round:
//! members reconcile to a new epoch); and each fault by its kind (`crash`, `stall`, `leave`,
//! `restart`), never a stall or a leave called a crash.

use std::path::{Path, PathBuf};
use std::process::Command;

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("chipshop-key-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs `scenario` with `switches` into `out` (SVG charts only) and returns the text of its
/// charts `names`, joined.
fn run_svgs(out: &Path, scenario: &str, switches: &[&str], names: &[&str]) -> String {
    let result = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(["run", "--charts", "svg", "--scenario", scenario, "--out"])
        .arg(out)
        .args(switches)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    names
        .iter()
        .map(|n| std::fs::read_to_string(out.join("charts").join(format!("{n}.svg"))).unwrap())
        .collect()
}

/// Whether the SVG has a text element that says exactly `text`.
fn says(svg: &str, text: &str) -> bool {
    svg.contains(&format!(">{text}<"))
}

/// The charts over time whose key names rebalances and faults.
const CHARTS: [&str; 3] = ["orders_waiting", "lag_by_preparer", "partition_owners"];

#[test]
fn classic_rebalances_and_each_fault_are_named_for_what_they_are() {
    let dir = temp_dir("classic");
    // rebalance: preparer 2 crashes and is back 30 s later; preparer 3 stalls.
    for chart in CHARTS {
        let svg = run_svgs(&dir.join(chart), "rebalance", &[], &[chart]);
        assert!(says(&svg, "rebalance"), "{chart}: key says rebalance");
        assert!(
            !says(&svg, "reconciling"),
            "{chart}: classic does not reconcile"
        );
        for fault in ["crash", "stall", "restart"] {
            assert!(says(&svg, fault), "{chart}: key names the {fault}");
        }
        assert!(!says(&svg, "leave"), "{chart}: nothing left the group");
        for line in [
            "crash: preparer 2",
            "stall: preparer 3",
            "restart: preparer 2",
        ] {
            assert!(says(&svg, line), "{chart}: the line is labelled {line:?}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_consumer_protocol_reconciles_and_cooperative_is_named() {
    let dir = temp_dir("consumer");
    let svg = run_svgs(
        &dir.join("consumer"),
        "rebalance",
        &["--group-protocol", "consumer"],
        &CHARTS,
    );
    assert!(
        says(&svg, "reconciling"),
        "the consumer protocol reconciles"
    );
    assert!(
        !says(&svg, "rebalance"),
        "no stop-the-world rebalance under the consumer protocol"
    );
    let svg = run_svgs(
        &dir.join("cooperative"),
        "rebalance",
        &["--assignor", "cooperative_sticky"],
        &CHARTS,
    );
    // A name of two lines is two text elements.
    assert!(says(&svg, "cooperative") && says(&svg, "rebalance"));
    assert!(!says(&svg, "reconciling"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_clean_leave_is_a_leave_not_a_crash() {
    let dir = temp_dir("leave");
    let toml = dir.join("leave.toml");
    std::fs::write(
        &toml,
        r#"
[shop]
open_for = "3m"
[tills]
count = 3
[preparers]
count = 2
[kafka]
orders_partitions = 3
[[faults]]
leave = 1
at = "1m"
restart_after = "30s"
"#,
    )
    .unwrap();
    let svg = run_svgs(
        &dir.join("run"),
        toml.to_str().unwrap(),
        &[],
        &["orders_waiting"],
    );
    assert!(says(&svg, "leave") && says(&svg, "leave: preparer 1"));
    assert!(says(&svg, "restart") && says(&svg, "restart: preparer 1"));
    assert!(!says(&svg, "crash"), "a leave is not called a crash");
    let _ = std::fs::remove_dir_all(&dir);
}
