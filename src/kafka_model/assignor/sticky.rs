//! The sticky assignment behind the classic `CooperativeStickyAssignor`: members keep what they
//! own, free partitions go to the least loaded subscriber, then partitions move from the most
//! to the least loaded members until no move narrows a gap of two or more.
//!
//! This is balanced and sticky as Kafka's is; on unusual subscriptions the exact choice of which
//! partition moves can differ from Kafka's. Each step looks members up by load in ordered sets,
//! so a big group with a lopsided assignment costs (partitions + moves) × log(members), not a
//! scan of every member per partition.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

use super::{AssignorMember, AssignorTopic, RankedPartition};
use crate::kafka_model::topic::TopicId;

/// The sticky assignment, as lists indexed by position in Kafka's member order (`order`), with
/// topics ranked by name (`topics`, `rank`) and `subscribers` per topic as positions, ascending.
pub(super) fn assign(
    topics: &[&AssignorTopic<'_>],
    members: &[AssignorMember<'_>],
    order: &[usize],
    rank: &HashMap<TopicId, usize>,
    subscribers: &[Vec<usize>],
) -> Vec<Vec<RankedPartition>> {
    let n = order.len();
    let subscribes = |position: usize, r: usize| subscribers[r].binary_search(&position).is_ok();
    let mut out: Vec<Vec<RankedPartition>> = vec![Vec::new(); n];
    let mut claims = Claims::new(topics);

    // Every member keeps what it owns, if it still subscribes and no member earlier in Kafka's
    // order claimed it first.
    for (position, &i) in order.iter().enumerate() {
        let mut owned: Vec<RankedPartition> = members[i]
            .owned
            .iter()
            .filter_map(|tp| rank.get(&tp.topic).map(|&r| (r, tp.partition)))
            .collect();
        owned.sort_unstable();
        for (r, p) in owned {
            if p < topics[r].partitions && subscribes(position, r) && claims.claim(r, p) {
                out[position].push((r, p));
            }
        }
    }

    // Free partitions, topic by topic, to the least loaded subscriber (the first in Kafka's
    // order among equals). Only this topic's placements change its subscribers' loads while it
    // is placed, so a heap per topic holds the true loads.
    for (r, t) in topics.iter().enumerate() {
        let subs = &subscribers[r];
        if subs.is_empty() {
            continue;
        }
        let mut least: BinaryHeap<Reverse<(usize, usize)>> = subs
            .iter()
            .map(|&position| Reverse((out[position].len(), position)))
            .collect();
        for p in 0..t.partitions {
            if claims.claim(r, p) {
                let Some(Reverse((load, position))) = least.pop() else {
                    break;
                };
                out[position].push((r, p));
                least.push(Reverse((load + 1, position)));
            }
        }
    }

    balance(&mut out, subscribers);
    out
}

/// Moves one partition at a time while a move narrows a gap of two or more: from the most loaded
/// member (the first in Kafka's order among equals), its last partition (by topic name, then
/// number) that some other subscriber of its topic could take, to that topic's least loaded
/// other subscriber.
fn balance(out: &mut [Vec<RankedPartition>], subscribers: &[Vec<usize>]) {
    for list in out.iter_mut() {
        list.sort_unstable();
    }
    let mut heavy: BTreeSet<(Reverse<usize>, usize)> = out
        .iter()
        .enumerate()
        .map(|(position, l)| (Reverse(l.len()), position))
        .collect();
    let mut light: BTreeSet<(usize, usize)> = out
        .iter()
        .enumerate()
        .map(|(position, l)| (l.len(), position))
        .collect();
    while let Some((from, k, to)) = next_move(out, &heavy, &light, subscribers) {
        let (from_load, to_load) = (out[from].len(), out[to].len());
        let moved = out[from].remove(k);
        let at = out[to].partition_point(|&x| x < moved);
        out[to].insert(at, moved);
        for (position, old, new) in [(from, from_load, from_load - 1), (to, to_load, to_load + 1)] {
            heavy.remove(&(Reverse(old), position));
            heavy.insert((Reverse(new), position));
            light.remove(&(old, position));
            light.insert((new, position));
        }
    }
}

/// The next move as (from, index in `out[from]`, to), if any narrows a gap of two or more.
fn next_move(
    out: &[Vec<RankedPartition>],
    heavy: &BTreeSet<(Reverse<usize>, usize)>,
    light: &BTreeSet<(usize, usize)>,
    subscribers: &[Vec<usize>],
) -> Option<(usize, usize, usize)> {
    let lightest = light.first()?.0;
    for &(Reverse(from_load), from) in heavy {
        if from_load < lightest + 2 {
            return None; // Nobody left is two above anyone.
        }
        let list = &out[from];
        let mut end = list.len();
        while end > 0 {
            // The run of the topic of the last partition not yet considered.
            let r = list[end - 1].0;
            let start = list[..end].partition_point(|&(t, _)| t < r);
            if let Some(to) = least_loaded_taker(out, light, &subscribers[r], from, from_load) {
                return Some((from, end - 1, to));
            }
            end = start;
        }
    }
    None
}

/// The least loaded subscriber of a topic other than `from` (the first in Kafka's order among
/// equals), if it has two fewer partitions than `from_load`. Walks the members from the least
/// loaded up, or the topic's subscribers, whichever is shorter: the first is quick when most
/// members subscribe, the second when few do.
fn least_loaded_taker(
    out: &[Vec<RankedPartition>],
    light: &BTreeSet<(usize, usize)>,
    subs: &[usize],
    from: usize,
    from_load: usize,
) -> Option<usize> {
    let mut walked = 0;
    for &(load, position) in light {
        if load + 1 >= from_load {
            return None;
        }
        if position != from && subs.binary_search(&position).is_ok() {
            return Some(position);
        }
        walked += 1;
        if walked >= subs.len() {
            break;
        }
    }
    subs.iter()
        .copied()
        .filter(|&position| position != from)
        .min_by_key(|&position| (out[position].len(), position))
        .filter(|&position| out[position].len() + 1 < from_load)
}

/// Which partitions are taken, one bit each, topic after topic.
struct Claims {
    base: Vec<u64>,
    bits: Vec<u64>,
}

impl Claims {
    fn new(topics: &[&AssignorTopic<'_>]) -> Self {
        let mut base = Vec::with_capacity(topics.len());
        let mut total = 0u64;
        for t in topics {
            base.push(total);
            total += u64::from(t.partitions);
        }
        Claims {
            base,
            bits: vec![0; total.div_ceil(64) as usize],
        }
    }

    /// Takes partition `p` of topic `r`; false if it was already taken.
    fn claim(&mut self, r: usize, p: u32) -> bool {
        let bit = self.base[r] + u64::from(p);
        let (word, mask) = ((bit / 64) as usize, 1u64 << (bit % 64));
        let free = self.bits[word] & mask == 0;
        self.bits[word] |= mask;
        free
    }
}
