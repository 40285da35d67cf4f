//! Guards the `chipshop kafka` commands: Kafka's partition for a key, an assignor's split as
//! JSON, and exit code 2 naming the culprit on bad input.

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
    let cases: [(&[&str], &str); 5] = [
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
                "--subscribe",
                "a=nope",
            ],
            "nope",
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
