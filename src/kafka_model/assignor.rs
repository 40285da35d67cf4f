//! The classic protocol's client-side partition assignors: `range`, `round_robin` and
//! `cooperative_sticky`, with Kafka's member order. Pure functions from (topics, members) to an
//! assignment; no timing, no protocol. The consumer protocol's server-side assignors are in
//! `server_assignor`; the types and rules both families share live here.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Range;

use super::config::AssignorKind;
use super::topic::{TopicId, TopicPartition};

/// A topic as an assignor sees it.
#[derive(Clone, Copy, Debug)]
pub struct AssignorTopic<'a> {
    /// The topic's id.
    pub id: TopicId,
    /// Its name (assignors order topics by name).
    pub name: &'a str,
    /// Its partition count.
    pub partitions: u32,
}

/// A group member as an assignor sees it.
#[derive(Clone, Copy, Debug)]
pub struct AssignorMember<'a> {
    /// The member id.
    pub member_id: &'a str,
    /// The `group.instance.id` of a static member.
    pub group_instance_id: Option<&'a str>,
    /// The topics it subscribes to.
    pub topics: &'a [TopicId],
    /// The partitions it owns now (used by the sticky assignor only).
    pub owned: &'a [TopicPartition],
}

/// Java's `String.compareTo`: lexicographic by UTF-16 code unit (byte order for ASCII).
pub fn java_string_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Kafka's member order: static members (by `group.instance.id`) first, then dynamic members by
/// member id, both in Java String order. Returns indices into `members`.
pub fn kafka_member_order(members: &[AssignorMember<'_>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&members[i], &members[j]);
        static_first_cmp(
            (a.member_id, a.group_instance_id),
            (b.member_id, b.group_instance_id),
        )
    });
    order
}

/// The order behind [`kafka_member_order`], for two (member id, `group.instance.id`) pairs. The
/// classic `RangeAssignor` and the consumer protocol's server-side `RangeAssignor` both use it.
pub(crate) fn static_first_cmp(a: (&str, Option<&str>), b: (&str, Option<&str>)) -> Ordering {
    match (a.1, b.1) {
        (Some(x), Some(y)) => java_string_cmp(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => java_string_cmp(a.0, b.0),
    }
    .then_with(|| java_string_cmp(a.0, b.0))
}

/// The partitions that the `k`-th of `n` members (in range order) takes of a topic with
/// `partitions` partitions: consecutive, with the first `partitions % n` members taking one more.
/// Both range assignors (classic and server-side) split a topic this way. `n` must be positive.
pub(crate) fn range_share(partitions: u32, n: u32, k: u32) -> Range<u32> {
    let (per, extra) = (partitions / n, partitions % n);
    let start = per * k + k.min(extra);
    start..start + per + u32::from(k < extra)
}

/// Assigns every partition of the subscribed topics to members; the result is parallel to
/// `members`, each list sorted by topic name, then partition. Members subscribed to nothing
/// that exists, or beyond the partition count, get nothing (they sit idle).
pub fn assign(
    kind: AssignorKind,
    topics: &[AssignorTopic<'_>],
    members: &[AssignorMember<'_>],
) -> Vec<Vec<TopicPartition>> {
    let mut sorted_topics: Vec<&AssignorTopic<'_>> = topics.iter().collect();
    sorted_topics.sort_by(|a, b| java_string_cmp(a.name, b.name));
    let rank: BTreeMap<TopicId, usize> = sorted_topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let order = kafka_member_order(members);
    let mut out = match kind {
        AssignorKind::Range => range(&sorted_topics, members, &order),
        AssignorKind::RoundRobin => round_robin(&sorted_topics, members, &order),
        AssignorKind::CooperativeSticky => sticky(&sorted_topics, members, &order, &rank),
    };
    for list in &mut out {
        list.sort_by_key(|tp| (rank.get(&tp.topic).copied(), tp.partition));
    }
    out
}

fn subscribes(m: &AssignorMember<'_>, topic: TopicId) -> bool {
    m.topics.contains(&topic)
}

/// `RangeAssignor`: per topic, the subscribed members in Kafka's order take consecutive ranges;
/// the first `partitions % members` take one extra.
fn range(
    topics: &[&AssignorTopic<'_>],
    members: &[AssignorMember<'_>],
    order: &[usize],
) -> Vec<Vec<TopicPartition>> {
    let mut out = vec![Vec::new(); members.len()];
    for t in topics {
        let subs: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| subscribes(&members[i], t.id))
            .collect();
        if subs.is_empty() {
            continue;
        }
        let n = subs.len() as u32;
        for (k, &i) in subs.iter().enumerate() {
            let share = range_share(t.partitions, n, k as u32);
            out[i].extend(share.map(|p| TopicPartition::new(t.id, p)));
        }
    }
    out
}

/// `RoundRobinAssignor`: all partitions sorted by topic and partition, dealt in turn around the
/// members in Kafka's order, skipping members not subscribed to the partition's topic.
fn round_robin(
    topics: &[&AssignorTopic<'_>],
    members: &[AssignorMember<'_>],
    order: &[usize],
) -> Vec<Vec<TopicPartition>> {
    let mut out = vec![Vec::new(); members.len()];
    if order.is_empty() {
        return out;
    }
    let mut next = 0usize;
    for t in topics {
        if !order.iter().any(|&i| subscribes(&members[i], t.id)) {
            continue;
        }
        for p in 0..t.partitions {
            while !subscribes(&members[order[next]], t.id) {
                next = (next + 1) % order.len();
            }
            out[order[next]].push(TopicPartition::new(t.id, p));
            next = (next + 1) % order.len();
        }
    }
    out
}

/// The sticky assignment behind `CooperativeStickyAssignor`: every member keeps the partitions
/// it owns (if still subscribed and not claimed by a member earlier in Kafka's order), free
/// partitions go to the least loaded subscribed member, then partitions move one at a time from
/// the most to the least loaded member until no two subscribed members differ by more than one.
/// This is balanced and sticky as Kafka's is; on unusual subscriptions the exact choice of
/// which partition moves can differ from Kafka's.
fn sticky(
    topics: &[&AssignorTopic<'_>],
    members: &[AssignorMember<'_>],
    order: &[usize],
    rank: &BTreeMap<TopicId, usize>,
) -> Vec<Vec<TopicPartition>> {
    let mut out: Vec<Vec<TopicPartition>> = vec![Vec::new(); members.len()];
    let mut taken: BTreeMap<TopicPartition, usize> = BTreeMap::new();
    let exists = |tp: &TopicPartition| {
        rank.get(&tp.topic)
            .is_some_and(|&r| tp.partition < topics[r].partitions)
    };
    for &i in order {
        let mut owned: Vec<TopicPartition> = members[i].owned.to_vec();
        owned.sort_by_key(|tp| (rank.get(&tp.topic).copied(), tp.partition));
        for tp in owned {
            if exists(&tp) && subscribes(&members[i], tp.topic) && !taken.contains_key(&tp) {
                taken.insert(tp, i);
                out[i].push(tp);
            }
        }
    }
    for t in topics {
        for p in 0..t.partitions {
            let tp = TopicPartition::new(t.id, p);
            if taken.contains_key(&tp) {
                continue;
            }
            let least = order
                .iter()
                .copied()
                .filter(|&i| subscribes(&members[i], t.id))
                .min_by_key(|&i| out[i].len());
            if let Some(i) = least {
                taken.insert(tp, i);
                out[i].push(tp);
            }
        }
    }
    // Balance: move the last-sorted movable partition of the most loaded member to the least
    // loaded member subscribed to its topic, while that narrows a gap of two or more.
    loop {
        let mut best: Option<(usize, usize, usize)> = None; // (from, to, index in out[from])
        let mut by_load: Vec<usize> = order.to_vec();
        by_load.sort_by_key(|&i| std::cmp::Reverse(out[i].len()));
        'search: for &from in &by_load {
            let mut idx: Vec<usize> = (0..out[from].len()).collect();
            idx.sort_by_key(|&k| {
                std::cmp::Reverse((
                    rank.get(&out[from][k].topic).copied(),
                    out[from][k].partition,
                ))
            });
            for k in idx {
                let tp = out[from][k];
                let to = order
                    .iter()
                    .copied()
                    .filter(|&j| j != from && subscribes(&members[j], tp.topic))
                    .min_by_key(|&j| out[j].len());
                if let Some(to) = to {
                    if out[to].len() + 1 < out[from].len() {
                        best = Some((from, to, k));
                        break 'search;
                    }
                }
            }
        }
        match best {
            Some((from, to, k)) => {
                let tp = out[from].remove(k);
                out[to].push(tp);
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tid(i: u32) -> TopicId {
        TopicId(i)
    }

    #[test]
    fn java_order_puts_consumer10_before_consumer2() {
        assert_eq!(java_string_cmp("consumer10", "consumer2"), Ordering::Less);
        // UTF-16 order differs from byte order above the BMP: U+FF61 sorts after a surrogate pair.
        assert_eq!(java_string_cmp("\u{FF61}", "\u{10000}"), Ordering::Greater);
    }

    #[test]
    fn static_members_sort_first_by_instance_id() {
        let t = [tid(0)];
        let m = |id, inst| AssignorMember {
            member_id: id,
            group_instance_id: inst,
            topics: &t,
            owned: &[],
        };
        let members = [m("a", None), m("z", Some("i2")), m("b", Some("i1"))];
        assert_eq!(kafka_member_order(&members), vec![2, 1, 0]);
    }

    #[test]
    fn more_members_than_partitions_leaves_some_idle() {
        let topics = [AssignorTopic {
            id: tid(0),
            name: "orders",
            partitions: 2,
        }];
        let t = [tid(0)];
        let members: Vec<AssignorMember<'_>> = ["c1", "c2", "c3"]
            .iter()
            .map(|id| AssignorMember {
                member_id: id,
                group_instance_id: None,
                topics: &t,
                owned: &[],
            })
            .collect();
        for kind in [
            AssignorKind::Range,
            AssignorKind::RoundRobin,
            AssignorKind::CooperativeSticky,
        ] {
            let a = assign(kind, &topics, &members);
            assert_eq!(a.iter().filter(|l| l.is_empty()).count(), 1, "{kind}");
            assert_eq!(a.iter().map(Vec::len).sum::<usize>(), 2);
        }
    }

    #[test]
    fn sticky_keeps_owned_partitions_and_balances() {
        let topics = [AssignorTopic {
            id: tid(0),
            name: "t",
            partitions: 6,
        }];
        let t = [tid(0)];
        let owned: Vec<TopicPartition> = (0..6).map(|p| TopicPartition::new(tid(0), p)).collect();
        let members = [
            AssignorMember {
                member_id: "a",
                group_instance_id: None,
                topics: &t,
                owned: &owned,
            },
            AssignorMember {
                member_id: "b",
                group_instance_id: None,
                topics: &t,
                owned: &[],
            },
        ];
        let a = assign(AssignorKind::CooperativeSticky, &topics, &members);
        assert_eq!(a[0].len(), 3);
        assert_eq!(a[1].len(), 3);
        assert!(a[0].iter().all(|tp| owned.contains(tp)));
    }
}
