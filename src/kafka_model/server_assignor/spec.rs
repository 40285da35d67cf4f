//! The group as the server-side assignors see it (Kafka's `GroupSpec`): members in member-id
//! order, subscriptions resolved to the topics that exist, current target assignments cleaned
//! of what cannot be kept. Built once per assignment; the builders only read it.

use std::collections::HashMap;

use super::ServerAssignorMember;
use crate::kafka_model::assignor::{AssignorTopic, java_string_cmp};
use crate::kafka_model::topic::TopicId;

/// Marks a partition with no owner in an [`Owners`] table.
pub(super) const NO_OWNER: u32 = u32::MAX;

/// The resolved group. Members are numbered 0.. in member-id order (Kafka's member index);
/// topics by their position in the caller's visit order.
pub(super) struct GroupSpec<'a> {
    /// The topics in visit order.
    pub(super) topics: &'a [AssignorTopic<'a>],
    /// The caller's members, for the fields a builder reads directly (the instance id).
    pub(super) members: &'a [ServerAssignorMember<'a>],
    /// Member index -> position in the caller's slice.
    pub(super) order: Vec<usize>,
    /// Per member index, the subscribed topics that exist, ascending (so in visit order).
    subscribed: Compressed<u32>,
    /// Per member index, its current target assignment as (topic, partition), kept only where
    /// the member still subscribes to the topic, the partition exists and no member earlier in
    /// member-id order holds it; grouped by topic in the order the member holds the topics.
    held: Compressed<(u32, u32)>,
}

/// One list per member, stored end to end (no allocation per member).
struct Compressed<T> {
    items: Vec<T>,
    ends: Vec<usize>,
}

impl<T> Compressed<T> {
    fn with_capacity(members: usize) -> Self {
        Compressed {
            items: Vec::new(),
            ends: Vec::with_capacity(members),
        }
    }

    fn close_list(&mut self) {
        self.ends.push(self.items.len());
    }

    fn list(&self, m: usize) -> &[T] {
        let start = if m == 0 { 0 } else { self.ends[m - 1] };
        &self.items[start..self.ends[m]]
    }
}

impl<'a> GroupSpec<'a> {
    /// Resolves `members` against `topics`.
    pub(super) fn new(
        topics: &'a [AssignorTopic<'a>],
        members: &'a [ServerAssignorMember<'a>],
    ) -> Self {
        let mut order: Vec<usize> = (0..members.len()).collect();
        order.sort_by(|&a, &b| java_string_cmp(members[a].member_id, members[b].member_id));

        // First topic of a name or id wins: the caller's topics are meant to be distinct.
        let mut by_name: HashMap<&str, u32> = HashMap::with_capacity(topics.len());
        let mut by_id: HashMap<TopicId, u32> = HashMap::with_capacity(topics.len());
        for (i, t) in topics.iter().enumerate() {
            by_name.entry(t.name).or_insert(i as u32);
            by_id.entry(t.id).or_insert(i as u32);
        }

        let mut subscribed = Compressed::with_capacity(members.len());
        for &i in &order {
            let start = subscribed.items.len();
            subscribed.items.extend(
                members[i]
                    .subscribed_topic_names
                    .iter()
                    .filter_map(|name| by_name.get(name.as_str()).copied()),
            );
            let list = &mut subscribed.items[start..];
            list.sort_unstable();
            let unique = dedup_sorted(list);
            subscribed.items.truncate(start + unique);
            subscribed.close_list();
        }

        // Partition numbers of the topics anyone subscribes to, end to end, for the claims.
        let mut base: Vec<Option<u64>> = vec![None; topics.len()];
        let mut total = 0u64;
        for &t in &subscribed.items {
            if base[t as usize].is_none() {
                base[t as usize] = Some(total);
                total += u64::from(topics[t as usize].partitions);
            }
        }
        let mut claimed = vec![0u64; total.div_ceil(64) as usize];

        let mut held = Compressed::with_capacity(members.len());
        // Per topic, the rank of its first appearance in the current member's assignment.
        let mut rank: Vec<u32> = vec![u32::MAX; topics.len()];
        for (m, &i) in order.iter().enumerate() {
            let subs = subscribed.list(m);
            let start = held.items.len();
            let mut ranks = 0u32;
            let mut grouped = true;
            let mut last_topic = u32::MAX;
            for tp in members[i].target {
                let Some(&t) = by_id.get(&tp.topic) else {
                    continue;
                };
                if tp.partition >= topics[t as usize].partitions || subs.binary_search(&t).is_err()
                {
                    continue;
                }
                let bit = base[t as usize].unwrap_or(0) + u64::from(tp.partition);
                let (word, mask) = ((bit / 64) as usize, 1u64 << (bit % 64));
                if claimed[word] & mask != 0 {
                    continue;
                }
                claimed[word] |= mask;
                if rank[t as usize] == u32::MAX {
                    rank[t as usize] = ranks;
                    ranks += 1;
                } else if t != last_topic {
                    grouped = false;
                }
                last_topic = t;
                held.items.push((t, tp.partition));
            }
            let list = &mut held.items[start..];
            if !grouped {
                list.sort_by_key(|&(t, _)| rank[t as usize]); // stable: keeps the held order
            }
            for &(t, _) in list.iter() {
                rank[t as usize] = u32::MAX;
            }
            held.close_list();
        }

        GroupSpec {
            topics,
            members,
            order,
            subscribed,
            held,
        }
    }

    /// The number of members.
    pub(super) fn member_count(&self) -> usize {
        self.order.len()
    }

    /// The topics member `m` subscribes to that exist, ascending.
    pub(super) fn subscribed(&self, m: usize) -> &[u32] {
        self.subscribed.list(m)
    }

    /// Member `m`'s current target assignment that it may keep, as runs of one topic each, in
    /// the order it holds the topics (and, within a topic, the partitions).
    pub(super) fn held_by_topic(&self, m: usize) -> impl Iterator<Item = (u32, &[(u32, u32)])> {
        self.held
            .list(m)
            .chunk_by(|a, b| a.0 == b.0)
            .map(|run| (run[0].0, run))
    }

    /// The partition count of topic `t`.
    pub(super) fn partitions(&self, t: u32) -> u32 {
        self.topics[t as usize].partitions
    }
}

/// Moves the distinct values of a sorted slice to its front; returns how many there are.
fn dedup_sorted(list: &mut [u32]) -> usize {
    let mut unique = 0;
    for i in 0..list.len() {
        if i == 0 || list[i] != list[unique - 1] {
            list[unique] = list[i];
            unique += 1;
        }
    }
    unique
}

/// Each subscribed topic's owner per partition (a member index, or [`NO_OWNER`]); an empty
/// table for a topic nobody subscribes to.
pub(super) struct Owners {
    pub(super) per_topic: Vec<Vec<u32>>,
}

impl Owners {
    /// A table with every partition of the `subscribed` topics unowned.
    pub(super) fn new(spec: &GroupSpec<'_>, subscribed: impl IntoIterator<Item = u32>) -> Self {
        let mut per_topic = vec![Vec::new(); spec.topics.len()];
        for t in subscribed {
            per_topic[t as usize] = vec![NO_OWNER; spec.partitions(t) as usize];
        }
        Owners { per_topic }
    }
}
