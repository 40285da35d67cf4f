//! The future event list: a binary heap ordered by (time, insertion sequence), with cancellation.
//!
//! Events that share a time come out in the order they were scheduled (first in, first out),
//! so no address, hash or thread decides what runs first. Payloads sit in the heap entries, so
//! a run in steady state allocates nothing per event.
//!
//! Cancellation is lazy: a cancelled event's sequence number goes into a set and its entry is
//! dropped when it reaches the top. Because events leave in strictly increasing
//! (time, sequence) order and nothing may be scheduled before the last event that ran, a key at
//! or below the last popped one has already run; that is how `cancel` knows without a lookup
//! table. With no cancellation pending, popping costs one emptiness check more than a bare heap.

use std::cmp::Ordering;
use std::collections::binary_heap::PeekMut;
use std::collections::{BTreeSet, BinaryHeap};

use super::time::SimTime;

/// A handle to a scheduled event, for cancelling or rescheduling it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventKey {
    time: SimTime,
    seq: u64,
}

impl EventKey {
    /// The event's insertion sequence number: unique in a run, increasing with each schedule.
    pub fn seq(self) -> u64 {
        self.seq
    }

    /// When the event is (or was) due.
    pub fn time(self) -> SimTime {
        self.time
    }
}

/// A heap entry: the ordering key and the payload.
struct Entry<E> {
    key: EventKey,
    event: E,
}

impl<E> Entry<E> {
    /// (time, seq) as one number, so that ordering two entries is one wide comparison
    /// without branches (the heap compares entries several times per event).
    #[inline(always)]
    fn rank(&self) -> u128 {
        (u128::from(self.key.time.as_nanos()) << 64) | u128::from(self.key.seq)
    }
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
    // Reversed like `cmp`, and written out: the heap's sifting calls these.
    #[inline]
    fn lt(&self, other: &Self) -> bool {
        other.rank() < self.rank()
    }
    #[inline]
    fn le(&self, other: &Self) -> bool {
        other.rank() <= self.rank()
    }
    #[inline]
    fn gt(&self, other: &Self) -> bool {
        other.rank() > self.rank()
    }
    #[inline]
    fn ge(&self, other: &Self) -> bool {
        other.rank() >= self.rank()
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest (time, seq) first.
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        other.rank().cmp(&self.rank())
    }
}

/// Pending events in (time, sequence) order.
pub(crate) struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    /// Sequence numbers of cancelled events whose entries are still in the heap.
    cancelled: BTreeSet<u64>,
    next_seq: u64,
    /// The key of the last event popped; everything at or below it has run.
    last_popped: Option<EventKey>,
}

impl<E> EventQueue<E> {
    /// An empty queue.
    pub(crate) fn new() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            cancelled: BTreeSet::new(),
            next_seq: 0,
            last_popped: None,
        }
    }

    /// Adds `event` at `time`; it runs after every event already scheduled for that time.
    /// The caller guarantees `time` is not before the last popped event's time.
    #[inline]
    pub(crate) fn push(&mut self, time: SimTime, event: E) -> EventKey {
        debug_assert!(self.last_popped.is_none_or(|k| k.time <= time));
        let key = EventKey {
            time,
            seq: self.next_seq,
        };
        self.next_seq += 1;
        self.heap.push(Entry { key, event });
        key
    }

    /// Removes and returns the earliest pending event if it is due at or before `until`.
    #[inline]
    pub(crate) fn pop_due(&mut self, until: SimTime) -> Option<(SimTime, E)> {
        loop {
            let top = self.heap.peek_mut()?;
            if top.key.time > until {
                return None;
            }
            let entry = PeekMut::pop(top);
            self.last_popped = Some(entry.key);
            if !self.cancelled.is_empty() && self.cancelled.remove(&entry.key.seq) {
                continue;
            }
            return Some((entry.key.time, entry.event));
        }
    }

    /// The time of the earliest pending event.
    pub(crate) fn peek_time(&mut self) -> Option<SimTime> {
        loop {
            let key = self.heap.peek()?.key;
            if !self.cancelled.remove(&key.seq) {
                return Some(key.time);
            }
            self.heap.pop();
        }
    }

    /// Cancels a pending event; `false` if it already ran or was cancelled.
    pub(crate) fn cancel(&mut self, key: EventKey) -> bool {
        if !self.is_pending(key) {
            return false;
        }
        self.cancelled.insert(key.seq)
    }

    /// Whether the event behind `key` is still waiting to run.
    pub(crate) fn is_pending(&self, key: EventKey) -> bool {
        key.seq < self.next_seq
            && self.last_popped.is_none_or(|last| key > last)
            && !self.cancelled.contains(&key.seq)
    }

    /// The number of events waiting to run (cancelled ones excluded).
    pub(crate) fn len(&self) -> usize {
        self.heap.len() - self.cancelled.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(n: u64) -> SimTime {
        SimTime::from_nanos(n)
    }

    fn drain<E>(q: &mut EventQueue<E>) -> Vec<E> {
        std::iter::from_fn(|| q.pop_due(SimTime::MAX))
            .map(|(_, e)| e)
            .collect()
    }

    #[test]
    fn same_time_events_are_first_in_first_out() {
        let mut q = EventQueue::new();
        q.push(t(5), "b1");
        q.push(t(1), "a");
        q.push(t(5), "b2");
        q.push(t(5), "b3");
        assert_eq!(drain(&mut q), ["a", "b1", "b2", "b3"]);
    }

    #[test]
    fn cancelled_events_never_run() {
        let mut q = EventQueue::new();
        let a = q.push(t(1), 'a');
        let b = q.push(t(2), 'b');
        let c = q.push(t(3), 'c');
        assert!(q.cancel(a));
        assert!(!q.cancel(a), "cancelling twice does nothing");
        assert!(!q.is_pending(a) && q.is_pending(c));
        assert_eq!(q.len(), 2);
        assert_eq!(q.peek_time(), Some(t(2)));
        assert_eq!(q.pop_due(t(2)), Some((t(2), 'b')));
        assert_eq!(q.pop_due(t(2)), None, "c is not due yet");
        assert!(!q.cancel(b), "an event that ran cannot be cancelled");
        assert!(q.cancel(c));
        assert_eq!(q.len(), 0);
        assert_eq!(drain(&mut q), Vec::<char>::new());
    }
}
