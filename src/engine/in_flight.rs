//! Entities in flight, keyed by ids handed out in increasing order: a ring for the recent ones,
//! a tree for the stragglers.
//!
//! A model that numbers its entities as they arrive (orders, jobs, customers) looks each one up
//! several times while it is in flight and forgets it when it leaves. Entities mostly leave
//! roughly in the order they came, so a ring indexed by `id - first` finds any of them with one
//! subtraction, and leaving costs no more than clearing a slot. A straggler (an entity that
//! stays while thousands of later ones come and go) would keep the ring from shrinking, so
//! once the ring holds many more empty slots than entities, the oldest go to a tree: memory
//! follows the entities in flight, not the ids between the oldest and the newest.

use std::collections::{BTreeMap, VecDeque, btree_map};

/// Entities keyed by increasing `u64` ids (see the module's documentation).
#[derive(Clone, Debug)]
pub struct InFlight<T> {
    /// The entity with id `first + i` (if still in flight) at index `i`.
    ring: VecDeque<Option<T>>,
    /// The id of `ring[0]`.
    first: u64,
    /// Entities older than `first`, still in flight.
    stragglers: BTreeMap<u64, T>,
    /// Entities in the ring.
    in_ring: usize,
}

impl<T> Default for InFlight<T> {
    fn default() -> Self {
        InFlight {
            ring: VecDeque::new(),
            first: 0,
            stragglers: BTreeMap::new(),
            in_ring: 0,
        }
    }
}

/// Slots the ring may hold beyond twice its entities before the oldest move to the tree.
const SLACK: usize = 1024;

impl<T> InFlight<T> {
    /// Nothing in flight.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `value` under `id`. Ids should increase from one insert to the next; an id at or
    /// below one already seen still works (it goes to the tree, or replaces what is there).
    pub fn insert(&mut self, id: u64, value: T) {
        if self.ring.is_empty() && self.stragglers.is_empty() {
            self.first = id;
        }
        if id < self.first {
            self.stragglers.insert(id, value);
            return;
        }
        let index = (id - self.first) as usize;
        if index >= self.ring.len() {
            self.ring.resize_with(index + 1, || None);
        }
        if self.ring[index].replace(value).is_none() {
            self.in_ring += 1;
        }
        self.shed_stragglers();
    }

    /// The entity `id`, if in flight.
    #[inline]
    pub fn get(&self, id: u64) -> Option<&T> {
        match id.checked_sub(self.first) {
            Some(i) => self.ring.get(usize::try_from(i).ok()?)?.as_ref(),
            None => self.stragglers.get(&id),
        }
    }

    /// The entity `id`, if in flight, to change.
    #[inline]
    pub fn get_mut(&mut self, id: u64) -> Option<&mut T> {
        match id.checked_sub(self.first) {
            Some(i) => self.ring.get_mut(usize::try_from(i).ok()?)?.as_mut(),
            None => self.stragglers.get_mut(&id),
        }
    }

    /// Takes `id` out, if it was in flight.
    pub fn remove(&mut self, id: u64) -> Option<T> {
        let Some(i) = id.checked_sub(self.first) else {
            return self.stragglers.remove(&id);
        };
        let value = self.ring.get_mut(usize::try_from(i).ok()?)?.take()?;
        self.in_ring -= 1;
        self.drop_empty_front();
        Some(value)
    }

    /// Forgets `id` without moving it out (cheaper than [`remove`](Self::remove) for a large
    /// `T`); false if it was not in flight.
    pub fn discard(&mut self, id: u64) -> bool {
        let Some(i) = id.checked_sub(self.first) else {
            return self.stragglers.remove(&id).is_some();
        };
        let Some(slot) = usize::try_from(i).ok().and_then(|i| self.ring.get_mut(i)) else {
            return false;
        };
        if slot.is_none() {
            return false;
        }
        *slot = None;
        self.in_ring -= 1;
        self.drop_empty_front();
        true
    }

    /// Drops the empty slots at the front (the ring starts at the oldest entity).
    fn drop_empty_front(&mut self) {
        while let Some(None) = self.ring.front() {
            self.ring.pop_front();
            self.first += 1;
        }
    }

    /// Entities in flight.
    pub fn len(&self) -> usize {
        self.in_ring + self.stragglers.len()
    }

    /// Whether nothing is in flight.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every entity in flight, in id order.
    pub fn values(&self) -> Values<'_, T> {
        Values {
            stragglers: self.stragglers.values(),
            ring: self.ring.iter(),
            left: self.len(),
        }
    }

    /// Moves the oldest entities to the tree while the ring is mostly empty slots.
    fn shed_stragglers(&mut self) {
        while self.ring.len() > 2 * self.in_ring + SLACK {
            match self.ring.pop_front() {
                Some(Some(value)) => {
                    self.stragglers.insert(self.first, value);
                    self.in_ring -= 1;
                }
                Some(None) => {}
                None => break,
            }
            self.first += 1;
        }
        self.drop_empty_front();
    }
}

/// The entities in flight, in id order (see [`InFlight::values`]).
#[derive(Clone, Debug)]
pub struct Values<'a, T> {
    stragglers: btree_map::Values<'a, u64, T>,
    ring: std::collections::vec_deque::Iter<'a, Option<T>>,
    left: usize,
}

impl<'a, T> Iterator for Values<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        let next = match self.stragglers.next() {
            Some(v) => Some(v),
            None => self.ring.by_ref().flatten().next(),
        };
        if next.is_some() {
            self.left -= 1;
        }
        next
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<T> DoubleEndedIterator for Values<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let next = match self.ring.by_ref().rev().flatten().next() {
            Some(v) => Some(v),
            None => self.stragglers.next_back(),
        };
        if next.is_some() {
            self.left -= 1;
        }
        next
    }
}

impl<T> ExactSizeIterator for Values<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    /// The same operations on an `InFlight` and on a `BTreeMap` give the same contents.
    #[test]
    fn behaves_like_a_map_keyed_by_id() {
        let mut rng = crate::engine::RngStreams::new(7).stream("in_flight");
        let mut ours = InFlight::new();
        let mut map = BTreeMap::new();
        let mut next_id = 1u64;
        for step in 0..50_000u32 {
            ours.insert(next_id, step);
            map.insert(next_id, step);
            next_id += 1;
            // Mostly the oldest leaves, now and then a recent one; ids divisible by 97 never.
            let r: f64 = rng.random();
            let id = if r < 0.9 {
                map.keys().copied().find(|id| id % 97 != 0)
            } else {
                Some(next_id.saturating_sub(1 + u64::from(step) % 50))
            };
            if let Some(id) = id.filter(|id| id % 97 != 0) {
                if step % 2 == 0 {
                    assert_eq!(ours.remove(id), map.remove(&id), "remove {id}");
                } else {
                    assert_eq!(ours.discard(id), map.remove(&id).is_some(), "discard {id}");
                }
            }
            if step % 1_009 == 0 {
                assert!(ours.values().eq(map.values()), "step {step}");
                assert!(ours.values().rev().eq(map.values().rev()), "step {step}");
            }
            let probe = u64::from(step) * 7 % (next_id + 2);
            assert_eq!(ours.get(probe), map.get(&probe), "get {probe}");
            assert_eq!(ours.len(), map.len());
            assert_eq!(ours.values().len(), map.len());
        }
        // Ids divisible by 97 never leave: they are stragglers, and the ring stays small.
        assert!(ours.stragglers.len() > 300, "{}", ours.stragglers.len());
        assert!(
            ours.ring.len() <= 2 * ours.in_ring + SLACK,
            "ring of {} slots for {} entities",
            ours.ring.len(),
            ours.in_ring
        );
    }

    #[test]
    fn an_id_below_the_ring_is_found_in_the_tree() {
        let mut m = InFlight::new();
        m.insert(10, 'a');
        m.insert(5, 'b');
        assert_eq!(m.get(5), Some(&'b'));
        assert_eq!(m.values().copied().collect::<String>(), "ba");
        assert_eq!(m.remove(5), Some('b'));
        assert_eq!(m.remove(10), Some('a'));
        assert!(m.is_empty());
        m.insert(3, 'c');
        assert_eq!(m.get(3), Some(&'c'));
    }
}
