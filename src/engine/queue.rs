//! The future event list: a binary heap ordered by (time, insertion sequence), with cancellation.
//!
//! Events that share a time come out in the order they were scheduled (first in, first out),
//! so no address, hash or thread decides what runs first. Payloads live in a slab whose slots
//! are reused, so a run in steady state allocates nothing per event.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::time::SimTime;

/// A handle to a scheduled event, for cancelling or rescheduling it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EventKey {
    seq: u64,
    slot: u32,
}

impl EventKey {
    /// The event's insertion sequence number: unique in a run, increasing with each schedule.
    pub fn seq(self) -> u64 {
        self.seq
    }
}

/// A heap entry: the ordering key and where the payload is.
#[derive(Clone, Copy)]
struct Entry {
    time: SimTime,
    seq: u64,
    slot: u32,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.time == other.time && self.seq == other.seq
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest (time, seq) first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// A slab slot: the sequence number of the event that owns it, and its payload while pending.
struct Slot<E> {
    seq: u64,
    event: Option<E>,
}

/// Pending events in (time, sequence) order.
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry>,
    slots: Vec<Slot<E>>,
    free: Vec<u32>,
    next_seq: u64,
    pending: usize,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventQueue<E> {
    /// An empty queue.
    pub fn new() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            next_seq: 0,
            pending: 0,
        }
    }

    /// Adds `event` at `time`; it runs after every event already scheduled for that time.
    pub fn push(&mut self, time: SimTime, event: E) -> EventKey {
        let seq = self.next_seq;
        self.next_seq += 1;
        let slot = match self.free.pop() {
            Some(slot) => {
                let s = &mut self.slots[slot as usize];
                s.seq = seq;
                s.event = Some(event);
                slot
            }
            None => {
                let slot =
                    u32::try_from(self.slots.len()).expect("more than 4 billion pending events");
                self.slots.push(Slot {
                    seq,
                    event: Some(event),
                });
                slot
            }
        };
        self.heap.push(Entry { time, seq, slot });
        self.pending += 1;
        EventKey { seq, slot }
    }

    /// Removes and returns the earliest pending event.
    #[inline]
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        while let Some(entry) = self.heap.pop() {
            let slot = &mut self.slots[entry.slot as usize];
            // A cancelled event leaves its heap entry behind; its slot is empty or reused.
            if slot.seq != entry.seq {
                continue;
            }
            if let Some(event) = slot.event.take() {
                self.free.push(entry.slot);
                self.pending -= 1;
                return Some((entry.time, event));
            }
        }
        None
    }

    /// The time of the earliest pending event.
    pub fn peek_time(&mut self) -> Option<SimTime> {
        loop {
            let entry = *self.heap.peek()?;
            let slot = &self.slots[entry.slot as usize];
            if slot.seq == entry.seq && slot.event.is_some() {
                return Some(entry.time);
            }
            self.heap.pop();
        }
    }

    /// Cancels a pending event and returns it; `None` if it already ran or was cancelled.
    pub fn cancel(&mut self, key: EventKey) -> Option<E> {
        let slot = self.slots.get_mut(key.slot as usize)?;
        if slot.seq != key.seq {
            return None;
        }
        let event = slot.event.take()?;
        self.free.push(key.slot);
        self.pending -= 1;
        Some(event)
    }

    /// Whether the event behind `key` is still waiting to run.
    pub fn is_pending(&self, key: EventKey) -> bool {
        self.slots
            .get(key.slot as usize)
            .is_some_and(|s| s.seq == key.seq && s.event.is_some())
    }

    /// The number of events waiting to run (cancelled ones excluded).
    pub fn len(&self) -> usize {
        self.pending
    }

    /// Whether no event is waiting.
    pub fn is_empty(&self) -> bool {
        self.pending == 0
    }

    /// How many events have ever been scheduled.
    pub fn scheduled(&self) -> u64 {
        self.next_seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(n: u64) -> SimTime {
        SimTime::from_nanos(n)
    }

    #[test]
    fn same_time_events_are_first_in_first_out() {
        let mut q = EventQueue::new();
        q.push(t(5), "b1");
        q.push(t(1), "a");
        q.push(t(5), "b2");
        q.push(t(5), "b3");
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).map(|(_, e)| e).collect();
        assert_eq!(order, ["a", "b1", "b2", "b3"]);
    }

    #[test]
    fn cancelled_events_never_run_and_reused_slots_do() {
        let mut q = EventQueue::new();
        let a = q.push(t(1), 'a');
        let b = q.push(t(2), 'b');
        assert_eq!(q.cancel(a), Some('a'));
        assert_eq!(q.cancel(a), None, "cancelling twice does nothing");
        // Reuses a's slot; the stale heap entry for a must not pop 'c' early.
        let c = q.push(t(3), 'c');
        assert!(q.is_pending(c));
        assert!(!q.is_pending(a));
        assert_eq!(q.len(), 2);
        assert_eq!(q.peek_time(), Some(t(2)));
        assert_eq!(q.pop(), Some((t(2), 'b')));
        assert_eq!(q.cancel(b), None, "an event that ran cannot be cancelled");
        assert_eq!(q.pop(), Some((t(3), 'c')));
        assert_eq!(q.pop(), None);
        assert!(q.is_empty());
    }
}
