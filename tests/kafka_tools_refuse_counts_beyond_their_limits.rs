//! Guards the Kafka tools' memory on any input they accept (issue 11, defect 10:
//! `kafka assign --topic orders:4294967295` aborted allocating 34 GB). A partition count is
//! Kafka's (a positive int32), and `kafka assign` bounds what it holds: partitions in all and
//! member-topic subscriptions. Each refusal names the switch and the valid range, exit code 2;
//! input at the limits runs.

use std::process::{Command, Output};

fn chipshop(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .output()
        .unwrap()
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

fn refused(args: &[String], needles: &[&str]) {
    let out = chipshop(args);
    assert_eq!(out.status.code(), Some(2), "{:?}", &args[..3]);
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in needles {
        assert!(err.contains(needle), "{needle:?} not in {err}");
    }
}

#[test]
fn a_partition_count_beyond_int32_is_refused() {
    for protocol in ["classic", "consumer"] {
        refused(
            &strings(&[
                "kafka",
                "assign",
                "--protocol",
                protocol,
                "--topic",
                "orders:4294967295",
                "--member",
                "a",
            ]),
            &["--topic 'orders:4294967295'", "1 to 2147483647"],
        );
    }
    refused(
        &strings(&["kafka", "partition", "--partitions", "4294967295", "k"]),
        &["--partitions", "1..=2147483647"],
    );
}

#[test]
fn more_partitions_in_all_than_the_tool_holds_are_refused() {
    refused(
        &strings(&[
            "kafka",
            "assign",
            "--topic",
            "orders:2147483647",
            "--member",
            "a",
        ]),
        &["--topic", "2147483647 partitions in all", "at most 1000000"],
    );
    refused(
        &strings(&[
            "kafka", "assign", "--topic", "a:999999", "--topic", "b:2", "--member", "a",
        ]),
        &["1000001 partitions in all"],
    );
}

#[test]
fn more_member_topic_subscriptions_than_the_tool_holds_are_refused() {
    // 1001 members each reading all 1000 topics: 1,001,000 subscriptions.
    let mut args = strings(&["kafka", "assign", "--protocol", "consumer"]);
    for t in 0..1000 {
        args.extend(["--topic".to_string(), format!("t{t}:1")]);
    }
    for m in 0..1001 {
        args.extend(["--member".to_string(), format!("m{m}")]);
    }
    refused(
        &args,
        &["--member/--subscribe", "1001000", "at most 1000000"],
    );
    // Naming one topic per member brings it under the limit.
    for m in 0..1001 {
        args.extend(["--subscribe".to_string(), format!("m{m}=t{}", m % 1000)]);
    }
    assert!(chipshop(&args).status.success());
}

#[test]
fn a_million_partitions_are_assigned_by_every_assignor() {
    for (protocol, assignor) in [
        ("classic", "range"),
        ("classic", "round_robin"),
        ("classic", "cooperative_sticky"),
        ("consumer", "uniform"),
        ("consumer", "range"),
    ] {
        let out = chipshop(&strings(&[
            "kafka",
            "assign",
            "--protocol",
            protocol,
            "--assignor",
            assignor,
            "--topic",
            "orders:999999",
            "--topic",
            "cook:1",
            "--member",
            "a",
            "--member",
            "b",
            "--member",
            "c",
        ]));
        assert!(out.status.success(), "{assignor}");
        let v: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&out.stdout).unwrap();
        let sizes: Vec<usize> = v.values().map(|l| l.as_array().unwrap().len()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 1_000_000, "{assignor}");
    }
}
