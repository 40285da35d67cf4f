//! The future event list, ordered by (time, insertion sequence), with cancellation.
//!
//! Events that share a time come out in the order they were scheduled (first in, first out),
//! so no address, hash or thread decides what runs first. Payloads sit in the entries, so a
//! run in steady state allocates nothing per event.
//!
//! Two tiers: the events due soonest in a short sorted list, the rest in a binary heap. A
//! model usually has a dozen events pending, most due within moments; for those a sorted list
//! is cheaper than a heap (popping takes the last entry; scheduling passes, and moves up, the
//! few entries due sooner), and the shop's run takes a tenth fewer instructions. Every entry in
//! the list is earlier than every entry in the heap, so the earliest event is the list's last
//! or else the heap's top; the list never grows past `NEAR_CAPACITY` (its latest go to the
//! heap) and takes the heap's earliest when it runs dry, so a queue of thousands costs what a
//! heap does and a burst that overflowed the list does not leave every later event in the heap.
//!
//! Cancellation is lazy: a cancelled event's sequence number goes into a set and its entry is
//! dropped when it reaches the front. Because events leave in strictly increasing
//! (time, sequence) order and nothing may be scheduled before the last event that ran, a key at
//! or below the last popped one has already run; that is how `cancel` knows without a lookup
//! table. With no cancellation pending, popping costs one emptiness check more than a bare list.

use std::cmp::Ordering;
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

/// A pending event: the ordering key and the payload.
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

/// Entries the sorted list holds at most; an event that would be one more sends the list's
/// latest to the heap. A dozen is typical; moving 64 entries of 32 bytes is still cheap.
const NEAR_CAPACITY: usize = 64;

/// Entries moved from the heap to the list when the list runs dry.
const REFILL: usize = 16;

/// Pending events in (time, sequence) order.
pub(crate) struct EventQueue<E> {
    /// The soonest events, latest first (so the earliest is popped off the end); each is
    /// earlier than everything in `far`.
    near: Vec<Entry<E>>,
    /// The rest.
    far: BinaryHeap<Entry<E>>,
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
            near: Vec::with_capacity(NEAR_CAPACITY),
            far: BinaryHeap::new(),
            cancelled: BTreeSet::new(),
            next_seq: 0,
            last_popped: None,
        }
    }

    /// Adds `event` at `time`; it runs after every event already scheduled for that time.
    /// The caller guarantees `time` is not before the last popped event's time.
    #[inline(always)]
    pub(crate) fn push(&mut self, time: SimTime, event: E) -> EventKey {
        debug_assert!(self.last_popped.is_none_or(|k| k.time <= time));
        let key = EventKey {
            time,
            seq: self.next_seq,
        };
        self.next_seq += 1;
        let entry = Entry { key, event };
        let rank = entry.rank();
        if self.far.is_empty() && self.near.len() < NEAR_CAPACITY {
            self.insert_near(entry, rank);
        } else {
            self.push_beyond(entry, rank);
        }
        key
    }

    /// Puts `entry` in its place in the sorted list, which has room.
    #[inline(always)]
    fn insert_near(&mut self, entry: Entry<E>, rank: u128) {
        // From the earliest end: most events are due soon, so few entries are passed (and
        // few moved up), where a binary search always takes its log2(n) unpredictable steps.
        let mut at = self.near.len();
        while at > 0 && self.near[at - 1].rank() < rank {
            at -= 1;
        }
        self.near.insert(at, entry);
    }

    /// Scheduling while the heap holds events or the list is full: the entry goes to the heap
    /// unless it is earlier than everything there, and a full list hands its latest on.
    #[cold]
    fn push_beyond(&mut self, entry: Entry<E>, rank: u128) {
        if self.far.peek().is_some_and(|top| top.rank() < rank) {
            self.far.push(entry);
            return;
        }
        if self.near.len() == NEAR_CAPACITY {
            // The later of the new event and the list's latest goes to the heap (both are
            // earlier than everything there).
            if self.near[0].rank() < rank {
                self.far.push(entry);
                return;
            }
            let latest = self.near.remove(0);
            self.far.push(latest);
        }
        self.insert_near(entry, rank);
    }

    /// The earliest entry, cancelled or not.
    #[inline]
    fn front(&self) -> Option<&Entry<E>> {
        match self.near.last() {
            Some(entry) => Some(entry),
            None => self.far.peek(),
        }
    }

    /// Removes the earliest entry.
    #[inline]
    fn pop_front(&mut self) -> Option<Entry<E>> {
        match self.near.pop() {
            Some(entry) => Some(entry),
            None => self.pop_far(),
        }
    }

    /// The list is empty: the heap's earliest is next, and the few after it move to the list.
    /// Without that, an event later than the heap's top would always join the heap, and once
    /// the list had run dry every event would go through the heap.
    #[cold]
    fn pop_far(&mut self) -> Option<Entry<E>> {
        let earliest = self.far.pop()?;
        for _ in 0..REFILL {
            match self.far.pop() {
                Some(entry) => self.near.push(entry),
                None => break,
            }
        }
        // Popped earliest first; the list keeps its earliest last.
        self.near.reverse();
        Some(earliest)
    }

    /// Removes and returns the earliest pending event if it is due at or before `until`.
    #[inline]
    pub(crate) fn pop_due(&mut self, until: SimTime) -> Option<(SimTime, E)> {
        loop {
            if self.front()?.key.time > until {
                return None;
            }
            let entry = self.pop_front()?;
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
            let key = self.front()?.key;
            if !self.cancelled.remove(&key.seq) {
                return Some(key.time);
            }
            self.pop_front();
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
        self.near.len() + self.far.len() - self.cancelled.len()
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

    /// Drains the queue with pushes and cancellations mixed in, and returns what ran.
    fn run_ops(ops: &[(u64, u8)]) -> Vec<u32> {
        let mut q = EventQueue::new();
        let mut keys = Vec::new();
        let mut ran = Vec::new();
        let mut now = 0;
        for (n, &(delay, op)) in ops.iter().enumerate() {
            match op % 4 {
                0 | 1 => keys.push(q.push(t(now + delay), n as u32)),
                2 => {
                    if let Some((_, e)) = q.pop_due(SimTime::MAX) {
                        ran.push(e);
                    }
                    // Skipped cancelled events move time on too.
                    now = q.last_popped.map_or(0, |k| k.time.as_nanos());
                }
                _ => {
                    if let Some(&k) = keys.get(delay as usize % keys.len().max(1)) {
                        q.cancel(k);
                    }
                }
            }
        }
        ran.extend(drain(&mut q));
        ran
    }

    proptest::proptest! {
        /// Whatever the mix and however many are pending (beyond the sorted list's capacity
        /// too), events run in (time, sequence) order, as a plain sort of them says.
        #[test]
        fn events_run_in_time_then_sequence_order(
            ops in proptest::collection::vec((0u64..50, 0u8..4), 0..600)
        ) {
            let ran = run_ops(&ops);
            // The reference: every event scheduled, with its due time, replayed in order.
            let mut q: Vec<(u64, u32)> = Vec::new();
            let mut keys: Vec<(u64, u32)> = Vec::new();
            let mut cancelled = std::collections::BTreeSet::new();
            let mut expected = Vec::new();
            let mut now = 0;
            for (n, &(delay, op)) in ops.iter().enumerate() {
                match op % 4 {
                    0 | 1 => {
                        q.push((now + delay, n as u32));
                        keys.push((now + delay, n as u32));
                    }
                    2 => {
                        q.sort();
                        while !q.is_empty() {
                            let next = q.remove(0);
                            now = next.0;
                            if cancelled.remove(&next.1) {
                                continue;
                            }
                            expected.push(next.1);
                            break;
                        }
                    }
                    _ => {
                        if let Some(&(at, e)) = keys.get(delay as usize % keys.len().max(1)) {
                            // Only an event still waiting can be cancelled.
                            if q.contains(&(at, e)) {
                                cancelled.insert(e);
                            }
                        }
                    }
                }
            }
            q.sort();
            expected.extend(q.into_iter().filter(|(_, e)| !cancelled.contains(e)).map(|(_, e)| e));
            proptest::prop_assert_eq!(ran, expected);
        }
    }

    #[test]
    fn a_long_queue_keeps_its_order() {
        // Far more pending than the sorted list holds, scheduled latest first (each push
        // lands at the list's front, the worst case), then earliest first.
        let mut q = EventQueue::new();
        for i in (0..1000u64).rev() {
            q.push(t(i), i);
        }
        for i in 1000..2000u64 {
            q.push(t(i), i);
        }
        assert_eq!(q.len(), 2000);
        assert_eq!(drain(&mut q), (0..2000).collect::<Vec<_>>());
    }

    #[test]
    fn after_a_burst_events_go_back_to_the_sorted_list() {
        // 100 events at once overflow the list into the heap; each, as it runs, schedules a
        // follow-up due after the next of them. Once the burst has run, what is pending is in
        // the list again (had the list not taken from the heap, every follow-up would have
        // joined the heap, being later than its top).
        let mut q = EventQueue::new();
        for i in 0..100u64 {
            q.push(t(i * 10), i);
        }
        assert!(!q.far.is_empty());
        while let Some((at, e)) = q.pop_due(t(990)) {
            if e < 100 {
                q.push(t(at.as_nanos() + 15), e + 1000);
            }
        }
        assert!(q.far.is_empty(), "{} still in the heap", q.far.len());
        assert_eq!(
            q.near.len(),
            2,
            "the last two follow-ups, due at 995 and 1005"
        );
    }
}
