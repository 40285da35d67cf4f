//! Guards the `chipshop kafka` commands: Kafka's partition for a key, an assignor's split as
//! JSON (classic and consumer protocol), subscriptions to missing topics ignored as Kafka
//! ignores them, and exit code 2 naming the culprit on bad input.

use std::process::{Command, Output};

fn chipshop(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn partition_prints_kafkas_hash_and_partition_per_key() {
    let out = chipshop(&["kafka", "partition", "--partitions", "7", "21", "foobar"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    // Kafka's UtilsTest values; partition = toPositive(hash) % 7.
    assert_eq!(lines[0]["murmur2"], -973932308);
    assert_eq!(lines[0]["partition"], (-973932308i32 & 0x7fff_ffff) % 7);
    assert_eq!(lines[1]["key"], "foobar");
    assert_eq!(lines[1]["partition"], (-790332482i32 & 0x7fff_ffff) % 7);
}

#[test]
fn assign_prints_json_in_partition_order() {
    let out = chipshop(&[
        "kafka",
        "assign",
        "--assignor",
        "round_robin",
        "--topic",
        "topic1:3",
        "--topic",
        "topic2:3",
        "--member",
        "consumer2",
        "--member",
        "consumer1",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // RoundRobinAssignorTest.testTwoDynamicConsumersTwoTopicsSixPartitions.
    assert_eq!(
        v["consumer1"],
        serde_json::json!(["topic1-0", "topic1-2", "topic2-1"])
    );
    assert_eq!(
        v["consumer2"],
        serde_json::json!(["topic1-1", "topic2-0", "topic2-2"])
    );
}

#[test]
fn assign_honours_subscriptions_and_static_members() {
    let out = chipshop(&[
        "kafka",
        "assign",
        "--assignor",
        "range",
        "--topic",
        "orders:3",
        "--topic",
        "cook:1",
        "--member",
        "consumer1",
        "--member",
        "consumer2=instance2",
        "--subscribe",
        "consumer1=orders",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // consumer2 is static, so it sorts first and takes the larger range of orders, and cook.
    assert_eq!(
        v["consumer2"],
        serde_json::json!(["cook-0", "orders-0", "orders-1"])
    );
    assert_eq!(v["consumer1"], serde_json::json!(["orders-2"]));
}

#[test]
fn bad_input_exits_2_naming_it() {
    let cases: [(&[&str], &str); 8] = [
        (
            &[
                "kafka",
                "assign",
                "--assignor",
                "sticky",
                "--topic",
                "o:1",
                "--member",
                "a",
            ],
            "sticky",
        ),
        (
            &[
                "kafka",
                "assign",
                "--assignor",
                "range",
                "--topic",
                "orders:0",
                "--member",
                "a",
            ],
            "orders:0",
        ),
        (
            &[
                "kafka",
                "assign",
                "--assignor",
                "range",
                "--topic",
                "o:1",
                "--member",
                "a",
                "--member",
                "a",
            ],
            "duplicate member 'a'",
        ),
        (
            &[
                "kafka",
                "assign",
                "--assignor",
                "range",
                "--topic",
                "o:1",
                "--member",
                "a",
                "--owned",
                "a=o-1",
            ],
            "partitions 0 to 0",
        ),
        (
            &[
                "kafka",
                "assign",
                "--protocol",
                "consumer",
                "--assignor",
                "cooperative_sticky",
                "--topic",
                "o:1",
                "--member",
                "a",
            ],
            "the consumer protocol takes uniform or range",
        ),
        (
            &[
                "kafka",
                "assign",
                "--assignor",
                "uniform",
                "--topic",
                "o:1",
                "--member",
                "a",
            ],
            "--protocol consumer",
        ),
        (
            &[
                "kafka", "assign", "--topic", "o:2", "--member", "a", "--member", "b", "--owned",
                "a=o-0", "--owned", "b=o-0",
            ],
            "already held by 'a'",
        ),
        (
            &["kafka", "partition", "--partitions", "0", "k"],
            "partitions",
        ),
    ];
    for (args, needle) in cases {
        let out = chipshop(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

/// Kafka's classic assignors skip subscribed topics without metadata
/// (AbstractPartitionAssignor.assign); so do the consumer protocol's (TopicIds resolves names).
#[test]
fn a_subscription_to_a_missing_topic_is_ignored_with_a_note() {
    for protocol in ["classic", "consumer"] {
        let out = chipshop(&[
            "kafka",
            "assign",
            "--protocol",
            protocol,
            "--assignor",
            "range",
            "--topic",
            "orders:2",
            "--member",
            "a",
            "--member",
            "b",
            "--subscribe",
            "a=orders,ghost",
        ]);
        assert!(out.status.success(), "{protocol}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["a"], serde_json::json!(["orders-0"]), "{protocol}");
        assert_eq!(v["b"], serde_json::json!(["orders-1"]), "{protocol}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("'ghost'") && err.contains("ignores"), "{err}");
    }
}

/// `--owned` is what the sticky assignors keep: a member that holds partitions keeps them when
/// a new member joins, up to its share.
#[test]
fn owned_partitions_stay_with_their_member_when_one_joins() {
    for (protocol, assignor) in [("classic", "cooperative_sticky"), ("consumer", "uniform")] {
        let out = chipshop(&[
            "kafka",
            "assign",
            "--protocol",
            protocol,
            "--assignor",
            assignor,
            "--topic",
            "orders:4",
            "--member",
            "a",
            "--member",
            "b",
            "--member",
            "c",
            "--owned",
            "b=orders-0,orders-1",
            "--owned",
            "c=orders-2,orders-3",
        ]);
        assert!(out.status.success(), "{assignor}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let held = |m: &str| -> Vec<String> {
            v[m].as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        };
        let (a, b, c) = (held("a"), held("b"), held("c"));
        assert_eq!(a.len() + b.len() + c.len(), 4, "{assignor}");
        assert!(a.len() == 1 || a.len() == 2, "{assignor}: {a:?}");
        assert!(
            b.iter().all(|p| p == "orders-0" || p == "orders-1"),
            "{assignor}: {b:?}"
        );
        assert!(
            c.iter().all(|p| p == "orders-2" || p == "orders-3"),
            "{assignor}: {c:?}"
        );
    }
}
