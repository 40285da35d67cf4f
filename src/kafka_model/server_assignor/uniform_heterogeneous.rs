//! The uniform assignor for a group whose members subscribe to different topics (Kafka's
//! `UniformHeterogeneousAssignmentBuilder`): keep what is still subscribed, hand out the rest
//! to the least loaded subscribers, then move partitions until each topic is balanced.

use std::cmp::Ordering;

use super::balancer::Balancer;
use super::spec::{GroupSpec, NO_OWNER, Owners};
use crate::kafka_model::assignor::java_string_cmp;

/// Kafka's limit on passes over the topics in the final balancing (each pass roughly halves
/// the imbalance when subscriptions overlap without being equal).
const MAX_BALANCING_PASSES: usize = 16;

/// The uniform assignment of a heterogeneous group.
pub(super) fn assign(spec: &GroupSpec<'_>) -> Owners {
    let n = spec.member_count();
    let mut subscribers: Vec<Vec<u32>> = vec![Vec::new(); spec.topics.len()];
    for m in 0..n {
        for &t in spec.subscribed(m) {
            subscribers[t as usize].push(m as u32);
        }
    }
    let subscribed: Vec<u32> = (0..spec.topics.len() as u32)
        .filter(|&t| !subscribers[t as usize].is_empty())
        .collect();
    let mut b = Builder {
        spec,
        owners: Owners::new(spec, subscribed.iter().copied()),
        loads: vec![0; n],
        subscribers,
    };
    if subscribed.is_empty() {
        return b.owners;
    }
    for m in 0..n {
        for (t, run) in spec.held_by_topic(m) {
            for &(_, p) in run {
                b.give(t, p, m as u32);
            }
        }
    }
    b.assign_free(&subscribed);
    b.balance(&subscribed);
    b.owners
}

struct Builder<'s, 'a> {
    spec: &'s GroupSpec<'a>,
    owners: Owners,
    /// Partitions per member index in the assignment being built.
    loads: Vec<u32>,
    /// Per topic, its subscribers' member indices, ascending.
    subscribers: Vec<Vec<u32>>,
}

impl Builder<'_, '_> {
    /// Kafka's topic order for handing out and balancing: partitions per subscriber descending
    /// (compared as doubles, as Kafka does), then fewer subscribers first, then by name (Kafka
    /// compares topic ids there).
    fn topic_order(&self, a: u32, b: u32) -> Ordering {
        let per_subscriber =
            |t: u32| f64::from(self.spec.partitions(t)) / self.subscribers[t as usize].len() as f64;
        per_subscriber(b)
            .total_cmp(&per_subscriber(a))
            .then_with(|| {
                self.subscribers[a as usize]
                    .len()
                    .cmp(&self.subscribers[b as usize].len())
            })
            .then_with(|| {
                java_string_cmp(
                    self.spec.topics[a as usize].name,
                    self.spec.topics[b as usize].name,
                )
            })
    }

    fn sorted(&self, mut topics: Vec<u32>) -> Vec<u32> {
        topics.sort_by(|&a, &b| self.topic_order(a, b));
        topics
    }

    /// Makes `m` the owner of partition `p` of topic `t`, taking it from its owner if any.
    fn give(&mut self, t: u32, p: u32, m: u32) {
        let slot = &mut self.owners.per_topic[t as usize][p as usize];
        if *slot != NO_OWNER {
            self.loads[*slot as usize] -= 1;
        }
        *slot = m;
        self.loads[m as usize] += 1;
    }

    /// Hands each unowned partition, topic by topic in Kafka's order, to the topic's least
    /// loaded subscriber.
    fn assign_free(&mut self, subscribed: &[u32]) {
        let with_free: Vec<u32> = subscribed
            .iter()
            .copied()
            .filter(|&t| self.owners.per_topic[t as usize].contains(&NO_OWNER))
            .collect();
        let mut balancer = Balancer::with_capacity(self.loads.len());
        for t in self.sorted(with_free) {
            balancer.start(&self.subscribers[t as usize], &self.loads);
            for p in 0..self.spec.partitions(t) {
                if self.owners.per_topic[t as usize][p as usize] == NO_OWNER {
                    let m = balancer.next_least_loaded(&self.loads);
                    self.give(t, p, m);
                }
            }
        }
    }

    /// Passes over the topics with two or more subscribers, balancing each, until a whole pass
    /// moves nothing or the pass limit is reached.
    fn balance(&mut self, subscribed: &[u32]) {
        let movable: Vec<u32> = subscribed
            .iter()
            .copied()
            .filter(|&t| self.subscribers[t as usize].len() >= 2)
            .collect();
        if movable.is_empty() {
            return;
        }
        let topics = self.sorted(movable);
        let mut scratch = Scratch {
            balancer: Balancer::with_capacity(self.loads.len()),
            by_owner: Vec::new(),
            start: vec![0; self.loads.len()],
            end: vec![0; self.loads.len()],
        };
        let mut last_moved: Option<usize> = None;
        for _ in 0..MAX_BALANCING_PASSES {
            for (i, &t) in topics.iter().enumerate() {
                if last_moved == Some(i) {
                    // A whole pass since this topic last moved anything: nothing more will.
                    return;
                }
                let moved = self.balance_topic(t, &mut scratch);
                if moved > 0 || last_moved.is_none() {
                    last_moved = Some(i);
                }
            }
        }
    }

    /// Moves partitions of topic `t` from its most to its least loaded subscribers until their
    /// loads differ by at most one; returns how many moved. Each giver gives its highest
    /// partition of the topic first.
    fn balance_topic(&mut self, t: u32, s: &mut Scratch) -> usize {
        let subscribers = &self.subscribers[t as usize];
        if s.balancer.start(subscribers, &self.loads) <= 1 {
            return 0;
        }
        // The topic's partitions grouped by owner, so that each owner's are a range.
        let table = &self.owners.per_topic[t as usize];
        s.by_owner.clear();
        s.by_owner.extend(0..table.len() as u32);
        s.by_owner.sort_unstable_by_key(|&p| (table[p as usize], p));
        for &m in subscribers {
            s.start[m as usize] = 0;
            s.end[m as usize] = 0;
        }
        for (i, &p) in s.by_owner.iter().enumerate() {
            let owner = table[p as usize] as usize;
            if s.end[owner] == 0 {
                s.start[owner] = i;
            }
            s.end[owner] = i + 1;
        }

        let mut moved = 0;
        while !s.balancer.is_balanced() {
            let giver = loop {
                match s.balancer.next_most_loaded(&self.loads) {
                    None => return moved,
                    Some(m) if s.end[m as usize] > s.start[m as usize] => break m,
                    Some(_) => s.balancer.exclude_most_loaded(),
                }
            };
            s.end[giver as usize] -= 1;
            let p = s.by_owner[s.end[giver as usize]];
            let taker = s.balancer.next_least_loaded(&self.loads);
            if s.balancer.is_balanced() {
                break;
            }
            self.give(t, p, taker);
            moved += 1;
        }
        moved
    }
}

/// Buffers reused across the topics while balancing.
struct Scratch {
    balancer: Balancer,
    /// Partitions of the topic at hand, sorted by (owner, partition).
    by_owner: Vec<u32>,
    /// Per member, its range in `by_owner` (`start..end`; empty if it owns none).
    start: Vec<usize>,
    end: Vec<usize>,
}
