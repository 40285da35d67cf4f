//! The classic protocol's client-side partition assignors: `range`, `round_robin` and
//! `cooperative_sticky`, with Kafka's member order. Pure functions from (topics, members) to an
//! assignment; no timing, no protocol. The consumer protocol's server-side assignors are in
//! `server_assignor`; the types and rules both families share live here.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::Range;

mod sticky;

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
/// that exists, or beyond the partition count, get nothing (they sit idle). Subscribed topics
/// missing from `topics` are ignored, as Kafka's assignors skip topics without metadata.
pub fn assign(
    kind: AssignorKind,
    topics: &[AssignorTopic<'_>],
    members: &[AssignorMember<'_>],
) -> Vec<Vec<TopicPartition>> {
    let mut sorted_topics: Vec<&AssignorTopic<'_>> = topics.iter().collect();
    sorted_topics.sort_by(|a, b| java_string_cmp(a.name, b.name));
    let rank: HashMap<TopicId, usize> = sorted_topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let order = kafka_member_order(members);
    let subscribers = subscribers_by_topic(&rank, members, &order, sorted_topics.len());
    let by_position = match kind {
        AssignorKind::Range => range(&sorted_topics, &subscribers, order.len()),
        AssignorKind::RoundRobin => round_robin(&sorted_topics, &subscribers, order.len()),
        AssignorKind::CooperativeSticky => {
            sticky::assign(&sorted_topics, members, &order, &rank, &subscribers)
        }
    };
    let mut out = vec![Vec::new(); members.len()];
    for (position, mut list) in by_position.into_iter().enumerate() {
        list.sort_unstable();
        out[order[position]] = list
            .into_iter()
            .map(|(r, p)| TopicPartition::new(sorted_topics[r].id, p))
            .collect();
    }
    out
}

/// A partition as the classic assignors work on it: (the topic's rank by name, partition).
type RankedPartition = (usize, u32);

/// Per topic (by rank), the positions in Kafka's member order of the members subscribed to it,
/// ascending. Topics a member names twice count once; topics not in `rank` are skipped.
fn subscribers_by_topic(
    rank: &HashMap<TopicId, usize>,
    members: &[AssignorMember<'_>],
    order: &[usize],
    topics: usize,
) -> Vec<Vec<usize>> {
    let mut subscribers: Vec<Vec<usize>> = vec![Vec::new(); topics];
    for (position, &i) in order.iter().enumerate() {
        for topic in members[i].topics {
            if let Some(&r) = rank.get(topic) {
                if subscribers[r].last() != Some(&position) {
                    subscribers[r].push(position);
                }
            }
        }
    }
    subscribers
}

/// `RangeAssignor`: per topic, the subscribed members in Kafka's order take consecutive ranges;
/// the first `partitions % members` take one extra. Lists are indexed by member position.
fn range(
    topics: &[&AssignorTopic<'_>],
    subscribers: &[Vec<usize>],
    members: usize,
) -> Vec<Vec<RankedPartition>> {
    let mut out = vec![Vec::new(); members];
    for (r, t) in topics.iter().enumerate() {
        let subs = &subscribers[r];
        for (k, &position) in subs.iter().enumerate() {
            let share = range_share(t.partitions, subs.len() as u32, k as u32);
            out[position].extend(share.map(|p| (r, p)));
        }
    }
    out
}

/// `RoundRobinAssignor`: all partitions sorted by topic and partition, dealt in turn around the
/// members in Kafka's order, skipping members not subscribed to the partition's topic. Lists are
/// indexed by member position.
fn round_robin(
    topics: &[&AssignorTopic<'_>],
    subscribers: &[Vec<usize>],
    members: usize,
) -> Vec<Vec<RankedPartition>> {
    let mut out = vec![Vec::new(); members];
    let mut next = 0usize;
    for (r, t) in topics.iter().enumerate() {
        let subs = &subscribers[r];
        if subs.is_empty() {
            continue;
        }
        for p in 0..t.partitions {
            // The first subscriber at or after `next`, going round: Kafka's circular iterator
            // skipping members that do not subscribe, without stepping over each of them.
            let k = subs.partition_point(|&position| position < next);
            let position = subs.get(k).copied().unwrap_or(subs[0]);
            out[position].push((r, p));
            next = (position + 1) % members;
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
