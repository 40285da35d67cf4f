//! Guards `chipshop kafka assign --protocol consumer`: every case of Kafka 4.1's server-side
//! assignor tests (`tests/data/`), run through the binary, gets Kafka's assignment, and the
//! printed lists, fed back as `--owned`, are the current assignment the assignor then keeps.

#[path = "common/consumer_protocol_cases.rs"]
mod cases;

use std::process::Command;

fn args_for(case: &cases::Case) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "kafka".into(),
        "assign".into(),
        "--protocol".into(),
        "consumer".into(),
        "--assignor".into(),
        case.assignor.clone(),
    ];
    for (name, partitions) in &case.topics {
        args.extend(["--topic".into(), format!("{name}:{partitions}")]);
    }
    for m in &case.members {
        args.extend(["--member".into(), m.id.clone()]);
        args.extend([
            "--subscribe".into(),
            format!("{}={}", m.id, m.subscribe.join(",")),
        ]);
    }
    for owned in case.owned_args() {
        args.extend(["--owned".into(), owned]);
    }
    args
}

fn run(args: &[String]) -> serde_json::Map<String, serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn list(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_kafka_case_through_the_binary_gets_kafkas_assignment() {
    for case in cases::load() {
        let got = run(&args_for(&case));
        assert_eq!(got.len(), case.members.len(), "{}", case.name);
        for m in &case.members {
            assert_eq!(
                cases::sorted_by_name(&list(&got[&m.id])),
                case.expected_for(&m.id),
                "{}: member {}",
                case.name,
                m.id
            );
        }
    }
}

#[test]
fn a_printed_uniform_assignment_fed_back_as_owned_stays_put() {
    for case in cases::load().iter().filter(|c| c.assignor == "uniform") {
        let first = run(&args_for(case));
        let mut args: Vec<String> = args_for(case)
            .into_iter()
            .take_while(|a| a != "--owned")
            .collect();
        for (member, parts) in &first {
            let parts = list(parts);
            if !parts.is_empty() {
                args.extend(["--owned".into(), format!("{member}={}", parts.join(","))]);
            }
        }
        assert_eq!(run(&args), first, "{}", case.name);
    }
}
