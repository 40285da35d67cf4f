//! The server-side `RangeAssignor`: per topic, consecutive ranges to its subscribers, static
//! members first. Not sticky: the current target assignment plays no part.
//!
//! Kafka 4.1 has a homogeneous and a heterogeneous path; both give each topic's subscribers, in
//! the same order, the same ranges, so one rule serves both.

use super::spec::{GroupSpec, Owners};
use crate::kafka_model::assignor::{range_share, static_first_cmp};

/// The range assignment of `spec`'s group.
pub(super) fn assign(spec: &GroupSpec<'_>) -> Owners {
    let n = spec.member_count();
    let mut sorted: Vec<usize> = (0..n).collect();
    let key = |m: usize| {
        let member = &spec.members[spec.order[m]];
        (member.member_id, member.instance_id)
    };
    // Stable, over member-id order, as Kafka sorts its member list.
    sorted.sort_by(|&a, &b| static_first_cmp(key(a), key(b)));

    let mut subscribers: Vec<Vec<u32>> = vec![Vec::new(); spec.topics.len()];
    for &m in &sorted {
        for &t in spec.subscribed(m) {
            subscribers[t as usize].push(m as u32);
        }
    }
    let mut owners = Owners::new(
        spec,
        (0..spec.topics.len() as u32).filter(|&t| !subscribers[t as usize].is_empty()),
    );
    for (t, members) in subscribers.iter().enumerate() {
        let table = &mut owners.per_topic[t];
        for (k, &m) in members.iter().enumerate() {
            let share = range_share(table.len() as u32, members.len() as u32, k as u32);
            table[share.start as usize..share.end as usize].fill(m);
        }
    }
    owners
}
