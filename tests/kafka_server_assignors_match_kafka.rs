//! Guards the consumer protocol's server-side assignors (`uniform`, `range`) against Apache Kafka
//! 4.1: every case of Kafka's own assignor tests in `tests/data/`, and the behaviours those tests
//! assert without a fixed answer (static members keep their range, a balanced group stays put).

#[path = "common/consumer_protocol_cases.rs"]
mod cases;

use chipshop::kafka_model::{
    AssignorTopic, ServerAssignorKind, ServerAssignorMember, SubscriptionType, TopicId,
    TopicPartition, subscription_type,
};

fn names(topics: &[AssignorTopic<'_>], parts: &[TopicPartition]) -> Vec<String> {
    parts
        .iter()
        .map(|tp| format!("{}-{}", topics[tp.topic.0 as usize].name, tp.partition))
        .collect()
}

#[test]
fn every_kafka_case_gets_kafkas_assignment() {
    for case in cases::load() {
        let kind: ServerAssignorKind = case.assignor.parse().unwrap();
        let topics = case.assignor_topics();
        let targets = case.targets();
        let members = case.assignor_members(&targets);
        let got = kind.assign(&topics, &members);
        assert_eq!(got.len(), members.len(), "{}", case.name);
        for (m, parts) in members.iter().zip(&got) {
            assert_eq!(
                cases::sorted_by_name(&names(&topics, parts)),
                case.expected_for(m.member_id),
                "{}: member {}",
                case.name,
                m.member_id
            );
        }
    }
}

#[test]
fn every_kafka_case_has_kafkas_subscription_type() {
    for case in cases::load() {
        let targets = case.targets();
        let members = case.assignor_members(&targets);
        let expected = match case.subscription_type.as_str() {
            "HOMOGENEOUS" => SubscriptionType::Homogeneous,
            "HETEROGENEOUS" => SubscriptionType::Heterogeneous,
            other => panic!("{}: unknown subscription type {other}", case.name),
        };
        assert_eq!(subscription_type(&members), expected, "{}", case.name);
    }
}

#[test]
fn the_answer_does_not_depend_on_the_order_members_are_given() {
    for case in cases::load() {
        let kind: ServerAssignorKind = case.assignor.parse().unwrap();
        let topics = case.assignor_topics();
        let targets = case.targets();
        let members = case.assignor_members(&targets);
        let forward = kind.assign(&topics, &members);
        let reversed: Vec<ServerAssignorMember<'_>> = members.iter().rev().copied().collect();
        let mut backward = kind.assign(&topics, &reversed);
        backward.reverse();
        assert_eq!(forward, backward, "{}", case.name);
    }
}

fn one_topic(partitions: u32) -> [AssignorTopic<'static>; 1] {
    [AssignorTopic {
        id: TopicId(0),
        name: "topic1",
        partitions,
    }]
}

/// RangeAssignorTest.testStaticMembership and testMixedStaticMembership: a static member that
/// comes back with a new member id but its instance id gets the same partitions, and so does
/// everyone else.
#[test]
fn range_gives_a_static_member_its_partitions_back_under_a_new_member_id() {
    let subs = vec!["topic1".to_string()];
    let member = |id, instance| ServerAssignorMember {
        member_id: id,
        instance_id: instance,
        subscribed_topic_names: &subs,
        target: &[],
    };
    for partitions in [3, 5] {
        let topics = one_topic(partitions);
        let before = [
            member("memberA", Some("instanceA")),
            member("memberB", None),
            member("memberC", Some("instanceC")),
        ];
        let after = [
            member("memberA1", Some("instanceA")),
            member("memberB", None),
            member("memberC", Some("instanceC")),
        ];
        let first = ServerAssignorKind::Range.assign(&topics, &before);
        let second = ServerAssignorKind::Range.assign(&topics, &after);
        assert_eq!(first, second, "{partitions} partitions");
        // Static members come first: instanceA takes the first range, the dynamic member last.
        assert_eq!(first[0][0], TopicPartition::new(TopicId(0), 0));
        assert_eq!(
            first[1].last(),
            Some(&TopicPartition::new(TopicId(0), partitions - 1))
        );
    }
}

/// OptimizedUniformAssignmentBuilderTest.testReassignmentStickinessWhenAlreadyBalanced: five
/// partitions over three members, already balanced with A and C holding two: nothing moves.
/// (B and C also subscribe to a topic that does not exist; Kafka ignores it.)
#[test]
fn uniform_leaves_a_balanced_group_as_it_is() {
    let topics = one_topic(5);
    let only = vec!["topic1".to_string()];
    let both = vec!["topic1".to_string(), "topic2".to_string()];
    let tp = |p| TopicPartition::new(TopicId(0), p);
    let held = [vec![tp(0), tp(3)], vec![tp(1)], vec![tp(2), tp(4)]];
    let members = [
        ServerAssignorMember {
            member_id: "A",
            instance_id: None,
            subscribed_topic_names: &only,
            target: &held[0],
        },
        ServerAssignorMember {
            member_id: "B",
            instance_id: None,
            subscribed_topic_names: &both,
            target: &held[1],
        },
        ServerAssignorMember {
            member_id: "C",
            instance_id: None,
            subscribed_topic_names: &both,
            target: &held[2],
        },
    ];
    let got = ServerAssignorKind::Uniform.assign(&topics, &members);
    assert_eq!(got, held);
}

/// The coordinator resolves subscribed names against its metadata and drops the ones it does
/// not know (TopicIds' iterator), so a member subscribed to a missing topic still gets its
/// share of the topics that exist; the missing name still counts for the subscription type.
#[test]
fn a_subscription_to_a_missing_topic_is_ignored() {
    let topics = one_topic(4);
    let with_ghost = vec!["topic1".to_string(), "ghost".to_string()];
    let plain = vec!["topic1".to_string()];
    let members = [
        ServerAssignorMember {
            member_id: "A",
            instance_id: None,
            subscribed_topic_names: &with_ghost,
            target: &[],
        },
        ServerAssignorMember {
            member_id: "B",
            instance_id: None,
            subscribed_topic_names: &plain,
            target: &[],
        },
    ];
    assert_eq!(subscription_type(&members), SubscriptionType::Heterogeneous);
    for kind in ServerAssignorKind::ALL {
        let got = kind.assign(&topics, &members);
        assert_eq!(got[0].len(), 2, "{kind}");
        assert_eq!(got[1].len(), 2, "{kind}");
    }
}
