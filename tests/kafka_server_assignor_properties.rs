//! Guards the server-side assignors' promises on random groups (proptest, fixed seed): every
//! subscribed partition is assigned exactly once and only to a subscriber; each list comes in
//! topic visit order; the answer is the same however the members are listed; `uniform` is
//! balanced (sizes differ by at most one in a homogeneous group, and within each topic's
//! subscribers in a heterogeneous one), sticky (a member keeps what it holds up to its quota) and
//! a fixed point (its answer, fed back, comes back unchanged); `range` is co-partitioned and
//! ignores the current assignment.

use std::collections::BTreeSet;

use chipshop::kafka_model::{
    AssignorTopic, ServerAssignorKind, ServerAssignorMember, SubscriptionType, TopicId,
    TopicPartition, subscription_type,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};

/// A random group, owning what the assignor's inputs borrow.
#[derive(Clone, Debug)]
struct Group {
    /// Topic names (a shuffle, so name order differs from visit order) and partition counts.
    topics: Vec<(String, u32)>,
    /// Member ids (a shuffle, so member-id order differs from the slice's order).
    ids: Vec<String>,
    instances: Vec<Option<String>>,
    subscriptions: Vec<Vec<String>>,
    targets: Vec<Vec<TopicPartition>>,
}

impl Group {
    fn topics(&self) -> Vec<AssignorTopic<'_>> {
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

    fn members_with<'a>(
        &'a self,
        targets: &'a [Vec<TopicPartition>],
    ) -> Vec<ServerAssignorMember<'a>> {
        (0..self.ids.len())
            .map(|i| ServerAssignorMember {
                member_id: &self.ids[i],
                instance_id: self.instances[i].as_deref(),
                subscribed_topic_names: &self.subscriptions[i],
                target: &targets[i],
            })
            .collect()
    }

    fn members(&self) -> Vec<ServerAssignorMember<'_>> {
        self.members_with(&self.targets)
    }

    fn subscribes(&self, m: usize, t: TopicId) -> bool {
        self.subscriptions[m].contains(&self.topics[t.0 as usize].0)
    }
}

/// Up to 5 topics of up to 12 partitions, up to 7 members subscribing to random sets (all the
/// same set in about a third of the groups, sometimes with a topic that does not exist), and a
/// current target assignment with each partition held by at most one member, in a random order.
fn group() -> impl Strategy<Value = Group> {
    (1usize..=5, 1usize..=7, any::<bool>(), any::<bool>()).prop_flat_map(
        |(n_topics, n_members, same_subscriptions, ghost)| {
            (
                prop::collection::vec(1u32..=12, n_topics),
                Just((0..n_topics).collect::<Vec<_>>()).prop_shuffle(),
                Just((0..n_members).collect::<Vec<_>>()).prop_shuffle(),
                prop::collection::vec(any::<bool>(), n_members),
                prop::collection::vec(any::<u8>(), n_members),
                prop::collection::vec(any::<u8>(), n_topics * 12),
                any::<u64>(),
            )
                .prop_map(
                    move |(counts, names, ids, statics, masks, owners, order_seed)| {
                        let topics: Vec<(String, u32)> = counts
                            .iter()
                            .zip(&names)
                            .map(|(&c, &n)| (format!("t{n}"), c))
                            .collect();
                        let subscription = |mask: u8| -> Vec<String> {
                            let mut s: Vec<String> = topics
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| mask >> i & 1 == 1)
                                .map(|(_, (name, _))| name.clone())
                                .collect();
                            if ghost && mask & 0x80 != 0 {
                                s.push("ghost".to_string());
                            }
                            s
                        };
                        let subscriptions: Vec<Vec<String>> = masks
                            .iter()
                            .map(|&m| subscription(if same_subscriptions { masks[0] } else { m }))
                            .collect();
                        let mut targets: Vec<Vec<TopicPartition>> = vec![Vec::new(); n_members];
                        let mut k = 0;
                        for (t, &c) in counts.iter().enumerate() {
                            for p in 0..c {
                                let o = owners[k] as usize % (n_members + 1);
                                k += 1;
                                if o < n_members {
                                    targets[o].push(TopicPartition::new(TopicId(t as u32), p));
                                }
                            }
                        }
                        // Hold partitions in a scrambled (but reproducible) order.
                        for (i, list) in targets.iter_mut().enumerate() {
                            let len = list.len();
                            for j in 0..len {
                                let r = (order_seed.rotate_left((i * 7 + j) as u32) as usize) % len;
                                list.swap(j, r);
                            }
                        }
                        Group {
                            topics,
                            ids: ids.iter().map(|k| format!("member-{k}")).collect(),
                            instances: ids
                                .iter()
                                .zip(&statics)
                                .map(|(k, &s)| s.then(|| format!("instance-{k}")))
                                .collect(),
                            subscriptions,
                            targets,
                        }
                    },
                )
        },
    )
}

/// Checks validity and order; returns each member's load.
fn check_valid(g: &Group, got: &[Vec<TopicPartition>]) -> Result<Vec<usize>, TestCaseError> {
    prop_assert_eq!(got.len(), g.ids.len());
    let mut seen = BTreeSet::new();
    for (m, list) in got.iter().enumerate() {
        for tp in list {
            prop_assert!(g.subscribes(m, tp.topic), "{tp:?} to a non-subscriber");
            prop_assert!(tp.partition < g.topics[tp.topic.0 as usize].1);
            prop_assert!(seen.insert(*tp), "{tp:?} assigned twice");
        }
        let keys: Vec<(u32, u32)> = list.iter().map(|tp| (tp.topic.0, tp.partition)).collect();
        prop_assert!(keys.windows(2).all(|w| w[0] < w[1]), "not in visit order");
    }
    for (t, (_, count)) in g.topics.iter().enumerate() {
        let topic = TopicId(t as u32);
        if (0..g.ids.len()).any(|m| g.subscribes(m, topic)) {
            for p in 0..*count {
                prop_assert!(
                    seen.contains(&TopicPartition::new(topic, p)),
                    "t{t}-{p} unassigned"
                );
            }
        }
    }
    Ok(got.iter().map(Vec::len).collect())
}

fn check_order_free(
    g: &Group,
    kind: ServerAssignorKind,
    got: &[Vec<TopicPartition>],
) -> Result<(), TestCaseError> {
    let topics = g.topics();
    let members = g.members();
    prop_assert_eq!(&kind.assign(&topics, &members), got, "not deterministic");
    let reversed: Vec<ServerAssignorMember<'_>> = members.iter().rev().copied().collect();
    let mut back = kind.assign(&topics, &reversed);
    back.reverse();
    prop_assert_eq!(&back, got, "depends on the order members are given");
    Ok(())
}

fn config() -> Config {
    Config {
        cases: 512,
        rng_seed: RngSeed::Fixed(20_260_412),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn uniform_is_valid_balanced_sticky_and_a_fixed_point(g in group()) {
        let kind = ServerAssignorKind::Uniform;
        let topics = g.topics();
        let members = g.members();
        let got = kind.assign(&topics, &members);
        let loads = check_valid(&g, &got)?;
        check_order_free(&g, kind, &got)?;

        if subscription_type(&members) == SubscriptionType::Homogeneous {
            let (min, max) = (loads.iter().min().unwrap(), loads.iter().max().unwrap());
            prop_assert!(max - min <= 1, "loads {loads:?}");
            // Each member keeps what it holds (of its subscription) up to the smaller quota.
            let quota = loads.iter().sum::<usize>() / loads.len();
            for (m, held) in g.targets.iter().enumerate() {
                let keepable = held.iter().filter(|tp| g.subscribes(m, tp.topic)).count();
                let kept = held.iter().filter(|tp| got[m].contains(tp)).count();
                prop_assert!(kept >= keepable.min(quota), "member {m} kept {kept} of {keepable}");
            }
        } else {
            // Within each topic's subscribers, an owner of one of its partitions has at most one
            // more partition in all than any other subscriber.
            for (t, _) in g.topics.iter().enumerate() {
                let topic = TopicId(t as u32);
                let subs: Vec<usize> = (0..g.ids.len()).filter(|&m| g.subscribes(m, topic)).collect();
                let lightest = subs.iter().map(|&m| loads[m]).min().unwrap_or(0);
                for &m in &subs {
                    if got[m].iter().any(|tp| tp.topic == topic) {
                        prop_assert!(loads[m] <= lightest + 1, "topic t{t}: loads {loads:?}");
                    }
                }
            }
        }

        let again = kind.assign(&topics, &g.members_with(&got));
        prop_assert_eq!(again, got, "not a fixed point");
    }

    #[test]
    fn range_is_valid_co_partitioned_and_not_sticky(g in group()) {
        let kind = ServerAssignorKind::Range;
        let topics = g.topics();
        let members = g.members();
        let got = kind.assign(&topics, &members);
        check_valid(&g, &got)?;
        check_order_free(&g, kind, &got)?;

        let empty = vec![Vec::new(); g.ids.len()];
        prop_assert_eq!(&kind.assign(&topics, &g.members_with(&empty)), &got);

        let counts: BTreeSet<u32> = g.topics.iter().map(|t| t.1).collect();
        if subscription_type(&members) == SubscriptionType::Homogeneous && counts.len() == 1 {
            for list in &got {
                let per_topic: Vec<BTreeSet<u32>> = (0..g.topics.len() as u32)
                    .map(|t| list.iter().filter(|tp| tp.topic.0 == t).map(|tp| tp.partition).collect())
                    .filter(|s: &BTreeSet<u32>| !s.is_empty())
                    .collect();
                prop_assert!(per_topic.windows(2).all(|w| w[0] == w[1]), "not co-partitioned: {list:?}");
            }
        }
    }
}
