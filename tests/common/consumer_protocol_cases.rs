//! The consumer protocol's assignor cases from Kafka 4.1's tests (`tests/data/`), parsed, and
//! turned into the server-side assignors' inputs. Included with `#[path]` by the tests that
//! use it.

#![allow(dead_code)]

use std::collections::BTreeMap;

use chipshop::kafka_model::{AssignorTopic, ServerAssignorMember, TopicId, TopicPartition};
use serde::Deserialize;

/// The file's top level.
#[derive(Deserialize)]
pub struct Cases {
    pub source: String,
    pub cases: Vec<Case>,
}

/// One case: topics in visit order, members in member-id order, Kafka's answer.
#[derive(Deserialize)]
pub struct Case {
    pub name: String,
    pub assignor: String,
    pub topics: Vec<(String, u32)>,
    pub members: Vec<CaseMember>,
    pub expected: BTreeMap<String, Vec<String>>,
    pub subscription_type: String,
}

/// A member: its id, subscription and current target assignment in the order it holds it.
#[derive(Deserialize)]
pub struct CaseMember {
    pub id: String,
    pub subscribe: Vec<String>,
    pub owned: Vec<(String, Vec<u32>)>,
}

/// Every case of `tests/data/kafka-consumer-protocol-assignors.json`.
pub fn load() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/kafka-consumer-protocol-assignors.json"
    );
    let cases: Cases = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(!cases.cases.is_empty());
    cases.cases
}

impl Case {
    /// The topics as the assignor takes them: ids in visit order.
    pub fn assignor_topics(&self) -> Vec<AssignorTopic<'_>> {
        self.topics
            .iter()
            .enumerate()
            .map(|(i, (name, partitions))| AssignorTopic {
                id: TopicId(i as u32),
                name,
                partitions: *partitions,
            })
            .collect()
    }

    /// Each member's current target assignment, flattened in the order held.
    pub fn targets(&self) -> Vec<Vec<TopicPartition>> {
        self.members
            .iter()
            .map(|m| {
                m.owned
                    .iter()
                    .flat_map(|(topic, parts)| {
                        let id = self.topic_id(topic);
                        parts.iter().map(move |&p| TopicPartition::new(id, p))
                    })
                    .collect()
            })
            .collect()
    }

    /// The members as the assignor takes them (`targets` from [`Case::targets`]).
    pub fn assignor_members<'a>(
        &'a self,
        targets: &'a [Vec<TopicPartition>],
    ) -> Vec<ServerAssignorMember<'a>> {
        self.members
            .iter()
            .zip(targets)
            .map(|(m, target)| ServerAssignorMember {
                member_id: &m.id,
                instance_id: None,
                subscribed_topic_names: &m.subscribe,
                target,
            })
            .collect()
    }

    /// `--owned` values for `chipshop kafka assign`: `MEMBER=t-0,t-2` in the order held.
    pub fn owned_args(&self) -> Vec<String> {
        self.members
            .iter()
            .filter(|m| !m.owned.is_empty())
            .map(|m| {
                let parts: Vec<String> = m
                    .owned
                    .iter()
                    .flat_map(|(t, ps)| ps.iter().map(move |p| format!("{t}-{p}")))
                    .collect();
                format!("{}={}", m.id, parts.join(","))
            })
            .collect()
    }

    /// Kafka's answer for `member` (nothing if the case lists none).
    pub fn expected_for(&self, member: &str) -> Vec<String> {
        self.expected.get(member).cloned().unwrap_or_default()
    }

    fn topic_id(&self, name: &str) -> TopicId {
        let i = self.topics.iter().position(|(n, _)| n == name).unwrap();
        TopicId(i as u32)
    }
}

/// `t-p` names sorted by topic name, then partition number (the order of the file's answers).
pub fn sorted_by_name(names: &[String]) -> Vec<String> {
    let mut v = names.to_vec();
    v.sort_by_key(|s| {
        let (t, p) = s.rsplit_once('-').unwrap();
        (t.to_string(), p.parse::<u32>().unwrap())
    });
    v
}
