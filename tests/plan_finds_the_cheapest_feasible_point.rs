//! Guards `chipshop plan` against queueing theory: c preparers on c partitions, keyed orders,
//! exponential gaps and prep times make each partition an M/M/1 queue, so the smallest c whose
//! mean wait meets a target is known. The plan must choose it, spend more replications where
//! the target is near the boundary, agree with a full sweep of the same seeds, and give the
//! same plan.json whatever `--jobs`.

mod chipshop_bin;

use std::path::Path;

use chipshop::queueing::mm1_wait;
use chipshop_bin::{arg, assert_ok, chipshop, scratch, stderr};
use serde_json::Value;

/// Four tills at four orders a second in all (exponential), prep 750 ms (exponential), keyed
/// partitions, no Kafka latencies: c partitions are c M/M/1 queues at 4/c orders a second.
const MM1: &str = r#"
[shop]
open_for = "15m"
[tills]
count = 4
interarrival = { exponential = "1s" }
[preparers]
prep_time = { exponential = "750ms" }
[kafka]
partitioner = "key"
linger = "0s"
initial_rebalance_delay = "0s"
"#;

const LAMBDA: f64 = 4.0;
const MU: f64 = 1.0 / 0.75;

/// The smallest c from 1 to 8 whose M/M/1 mean wait is at most `target` seconds.
fn theory(target: f64) -> u32 {
    (1..=8)
        .find(|&c| mm1_wait(LAMBDA / f64::from(c), MU).is_some_and(|w| w <= target))
        .expect("some c meets it")
}

fn plan(dir: &Path, name: &str, extra: &[&str]) -> Value {
    let scenario = dir.join("mm1.toml");
    std::fs::write(&scenario, MM1).unwrap();
    let out = dir.join(name);
    let mut args = vec![
        "plan",
        "--scenario",
        arg(&scenario),
        "--vary",
        "preparers=partitions=1..8",
        "--seed",
        "7",
        "--no-charts",
        "--out",
        arg(&out),
    ];
    args.extend_from_slice(extra);
    let o = chipshop(&args);
    assert_ok(&o);
    serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap()
}

fn choice(plan: &Value) -> u64 {
    let i = plan["choice"].as_u64().expect("a choice") as usize;
    plan["points"][i]["parameters"]["preparers=partitions"]
        .as_u64()
        .unwrap()
}

fn runs_at(plan: &Value, c: usize) -> u64 {
    plan["points"][c - 1]["replications"].as_u64().unwrap()
}

#[test]
fn plan_chooses_the_smallest_c_that_mm1_says_meets_the_wait() {
    let dir = scratch("plan-mm1");
    // Far from the boundary: c = 4 waits 2.25 s, c = 5 waits 1.125 s.
    let far = [
        "--target",
        "wait_mean_s <= 1.6s",
        "--max-replications",
        "20",
    ];
    let one = plan(&dir, "far-1", &[&far[..], &["--jobs", "1"]].concat());
    assert_eq!(choice(&one), u64::from(theory(1.6)));
    assert_eq!(theory(1.6), 5);
    let two = plan(&dir, "far-2", &[&far[..], &["--jobs", "2"]].concat());
    assert_eq!(two, one);
    assert_eq!(
        std::fs::read(dir.join("far-1/plan.json")).unwrap(),
        std::fs::read(dir.join("far-2/plan.json")).unwrap(),
        "the same plan whatever --jobs"
    );

    // Bisection along the monotone axis: the same choice with fewer runs.
    let bisected = plan(
        &dir,
        "monotone",
        &[&far[..], &["--monotone", "preparers", "--jobs", "2"]].concat(),
    );
    assert_eq!(choice(&bisected), 5);
    let runs = |p: &Value| p["runs"].as_u64().unwrap();
    assert!(
        runs(&bisected) < runs(&one),
        "{} vs {}",
        runs(&bisected),
        runs(&one)
    );

    // Near the boundary (c = 5 waits 1.125 s against 1.2 s): more replications there.
    let near = plan(
        &dir,
        "near",
        &[
            "--target",
            "wait_mean_s <= 1.2",
            "--max-replications",
            "40",
            "--jobs",
            "2",
        ],
    );
    assert!(
        runs_at(&near, 5) > runs_at(&one, 5),
        "near the boundary {} runs, far from it {}",
        runs_at(&near, 5),
        runs_at(&one, 5)
    );
    if near["choice"].is_u64() {
        assert!([5, 6].contains(&choice(&near)), "{}", choice(&near));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn plan_and_a_full_sweep_of_the_same_seeds_agree_on_feasibility() {
    let dir = scratch("plan-sweep");
    let scenario = dir.join("mm1.toml");
    std::fs::write(&scenario, MM1).unwrap();
    let sweep = dir.join("sweep");
    // The sweep's axis is preparers; partitions follow from the scenario's own value, so
    // both switches are swept as one by a sweep per partition count: here, the plan's grid
    // is the sweep's (preparers on 8 partitions).
    let o = chipshop(&[
        "sweep",
        "--scenario",
        arg(&scenario),
        "--preparers",
        "1..8",
        "--partitions",
        "8",
        "--replications",
        "10",
        "--seed",
        "7",
        "--raw",
        "--no-charts",
        "--out",
        arg(&sweep),
    ]);
    assert_ok(&o);
    // Range gives c preparers 8/c partitions or so: c = 4 waits about 2.25 s, c = 3 can't
    // keep up; far from 3 s either way.
    let target = "wait_mean_s <= 3";
    let from = dir.join("from");
    let o = chipshop(&[
        "plan",
        "--from",
        arg(&sweep),
        "--target",
        target,
        "--no-charts",
        "--out",
        arg(&from),
    ]);
    assert_ok(&o);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("choice: preparers=") && stdout.contains("partitions=8"),
        "{stdout}"
    );
    let decided: Value =
        serde_json::from_str(&std::fs::read_to_string(from.join("plan.json")).unwrap()).unwrap();
    let own = dir.join("own");
    let o = chipshop(&[
        "plan",
        "--scenario",
        arg(&scenario),
        "--vary",
        "preparers=1..8",
        "--vary",
        "partitions=8",
        "--target",
        target,
        "--max-replications",
        "10",
        "--seed",
        "7",
        "--no-charts",
        "--out",
        arg(&own),
    ]);
    assert_ok(&o);
    let planned: Value =
        serde_json::from_str(&std::fs::read_to_string(own.join("plan.json")).unwrap()).unwrap();
    let mut compared = 0;
    for (a, b) in decided["points"]
        .as_array()
        .unwrap()
        .iter()
        .zip(planned["points"].as_array().unwrap())
    {
        let (sa, sb) = (a["status"].as_str().unwrap(), b["status"].as_str().unwrap());
        if sa != "undecided" && sb != "undecided" {
            assert_eq!(sa, sb, "{a} vs {b}");
            compared += 1;
        }
    }
    assert!(compared >= 4, "{compared} points decided by both");
    assert_eq!(decided["choice"], planned["choice"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_plans_say_what_is_wrong() {
    let dir = scratch("plan-bad");
    let out = dir.join("out");
    let base = [
        "plan",
        "--scenario",
        "demo1",
        "--vary",
        "preparers=1..2",
        "--max-replications",
        "3",
        "--min-replications",
        "2",
        "--no-charts",
        "--out",
        arg(&out),
    ];
    for (extra, says) in [
        (
            &["--target", "latency_p95 <= 3s"][..],
            "did you mean latency_p99_s?",
        ),
        (
            &["--target", "wait_mean_s <= 1", "--cost", "preparers *"],
            "ends too soon",
        ),
        (
            &["--target", "wait_mean_s <= 1", "--cost", "cooks"],
            "unknown name \"cooks\"",
        ),
        (
            &["--target", "wait_mean_s <= 1", "--monotone", "tills"],
            "not a varied switch",
        ),
        (
            &["--target", "wait_mean_s <= 1", "--confidence", "95"],
            "between 0 and 1",
        ),
        (
            &["--target", "latency_p99_s <= 1ms"],
            "no point of the grid meets every target",
        ),
    ] {
        let o = chipshop(&[&base[..], extra].concat());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains(says), "{extra:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // No feasible point: the table names the closest, and plan.json is written.
    let o = chipshop(&[&base[..], &["--target", "latency_p99_s <= 1ms"]].concat());
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("closest: preparers="),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(out.join("plan.json").is_file());
    // A monotone switch that cannot prune says why, and the plan still runs.
    let o = chipshop(
        &[
            &base[..],
            &[
                "--target",
                "preparer_utilisation >= 0.1",
                "--monotone",
                "preparers",
            ],
        ]
        .concat(),
    );
    assert_ok(&o);
    assert!(stderr(&o).contains("cannot prune"), "{}", stderr(&o));
    // A folder that is not chipshop's is refused before any run.
    let foreign = dir.join("notes");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("todo.txt"), "mine").unwrap();
    let o = chipshop(&[
        "plan",
        "--scenario",
        "demo1",
        "--vary",
        "preparers=1..2",
        "--target",
        "wait_mean_s <= 1",
        "--out",
        arg(&foreign),
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(!stderr(&o).contains("round 1"), "{}", stderr(&o));
    assert!(foreign.join("todo.txt").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}
