//! Guards bit-exactness with Apache Kafka: every murmur2 vector and every assignor case that
//! Kafka's own tests assert (copied into `tests/data/`).

use std::collections::BTreeSet;

use chipshop::kafka_model::{
    AssignorKind, AssignorMember, AssignorTopic, TopicId, assign, murmur2, partition_for_key,
    to_positive,
};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn murmur2_matches_every_kafka_vector() {
    let data = load("kafka-murmur2.json");
    let vectors = data["murmur2"].as_array().unwrap();
    assert!(!vectors.is_empty());
    for v in vectors {
        let key = v["key"].as_str().unwrap();
        let hash = v["hash"].as_i64().unwrap() as i32;
        assert_eq!(murmur2(key.as_bytes()), hash, "key {key:?}");
        for n in [1u32, 3, 12] {
            assert_eq!(partition_for_key(key.as_bytes(), n), to_positive(hash) % n);
        }
    }
}

#[test]
fn assignors_match_every_kafka_case() {
    let data = load("kafka-assignors.json");
    let cases = data["cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let kind: AssignorKind = case["assignor"].as_str().unwrap().parse().unwrap();
        let topic_map = case["topics"].as_object().unwrap();
        let names: Vec<&String> = topic_map.keys().collect();
        let topics: Vec<AssignorTopic<'_>> = names
            .iter()
            .enumerate()
            .map(|(i, n)| AssignorTopic {
                id: TopicId(i as u32),
                name: n,
                partitions: topic_map[n.as_str()].as_u64().unwrap() as u32,
            })
            .collect();
        let id_of = |n: &str| topics.iter().find(|t| t.name == n).unwrap().id;
        let members_json = case["members"].as_array().unwrap();
        let subs: Vec<Vec<TopicId>> = members_json
            .iter()
            .map(|m| {
                m["topics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| id_of(t.as_str().unwrap()))
                    .collect()
            })
            .collect();
        let members: Vec<AssignorMember<'_>> = members_json
            .iter()
            .zip(&subs)
            .map(|(m, s)| AssignorMember {
                member_id: m["member_id"].as_str().unwrap(),
                group_instance_id: m["group_instance_id"].as_str(),
                topics: s,
                owned: &[],
            })
            .collect();
        let got = assign(kind, &topics, &members);
        let order_matters = case["order_matters"].as_bool().unwrap();
        let expected = case["expected"].as_object().unwrap();
        for (m, parts) in members.iter().zip(&got) {
            let got_names: Vec<String> = parts
                .iter()
                .map(|tp| format!("{}-{}", topics[tp.topic.0 as usize].name, tp.partition))
                .collect();
            let want: Vec<String> = expected[m.member_id]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect();
            if order_matters {
                assert_eq!(got_names, want, "{name}: {}", m.member_id);
            } else {
                let a: BTreeSet<_> = got_names.iter().collect();
                let b: BTreeSet<_> = want.iter().collect();
                assert_eq!(a, b, "{name}: {}", m.member_id);
            }
        }
    }
}
