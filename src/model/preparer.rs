//! The preparers as state machines: each one's queue, what it is doing, where its time goes.

use std::collections::VecDeque;

use super::order::Order;
use crate::engine::SimTime;
use crate::kafka_model::{ConsumerId, ProducerId};
use crate::redis_model::ClientId;

/// Where a record a preparer holds came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// Straight from a till, on `orders`.
    Till {
        /// The record's partition.
        partition: u32,
        /// Its offset.
        offset: u64,
        /// Whether Kafka had delivered it to the group before (after a crash).
        redelivered: bool,
    },
    /// Back from the cook, on `ready`.
    Cook,
}

/// A step of taking portions from the cabinet through Redis; each waits for replies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Taking {
    /// The atomic script was sent.
    Script,
    /// WATCH then MGET were sent; the MGET reply decides.
    WatchRead,
    /// MULTI, the DECRBYs and EXEC were sent; `left` replies to go, EXEC's last.
    WatchExec {
        /// Replies still to come.
        left: u8,
    },
    /// UNWATCH after a short read; the order goes to the cook.
    Unwatch,
    /// MGET sent (check-then-take).
    CheckRead,
    /// DECRBYs sent (check-then-take); `left` replies to go; `oversold` if any went negative.
    CheckTake {
        /// Replies still to come.
        left: u8,
        /// Whether a counter went below zero.
        oversold: bool,
    },
}

/// What a preparer is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Doing {
    /// Waiting for records (a poll is out).
    Polling,
    /// Taking an order's portions from the cabinet.
    Taking(Order, Source, Taking),
    /// Making an order up, since the given time.
    Making(Order, SimTime),
    /// Asking Redis whether a redelivered order was already made (idempotent preparers).
    Checking(Order, Source),
}

/// A preparer: a member of the preparers' group, with records polled but not yet made.
#[derive(Debug)]
pub(crate) struct Preparer {
    /// 1-based number.
    pub(crate) id: u32,
    /// Its Kafka consumer.
    pub(crate) consumer: ConsumerId,
    /// Its producer (to send orders to the cook).
    pub(crate) producer: ProducerId,
    /// Its Redis connection, with a hot cabinet.
    pub(crate) redis: Option<ClientId>,
    /// Records polled and not yet handled, in delivery order.
    pub(crate) inbox: VecDeque<(Order, Source)>,
    /// What it is doing.
    pub(crate) doing: Doing,
    /// Orders made up.
    pub(crate) made: u64,
    /// Where its time went: busy, paused by a rebalance, idle, away.
    pub(crate) time: TimeSplit,
    /// Whether it has crashed (and not yet restarted).
    pub(crate) crashed: bool,
    /// Whether it left the group (scaled down, or a `leave` fault).
    pub(crate) left: bool,
    /// A `leave` fault: it shuts down once it has handled what it holds.
    pub(crate) leaving: bool,
    /// A `stall` fault: it does not poll again before this time.
    pub(crate) stalled_until: Option<SimTime>,
    /// When it last finished an order (or joined).
    pub(crate) last_made: SimTime,
    /// Bumped at each crash, so that work started before a crash never finishes after it.
    pub(crate) epoch: u32,
}

/// What a preparer's time is going on, for the utilisation split.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Spending {
    /// Making an order up.
    Busy,
    /// In the group, but paused by a rebalance: it owns no partition and waits for some
    /// (stop-the-world, or its own partitions moving under the consumer protocol).
    Paused,
    /// In the group and free: polling, waiting for Redis, or owning nothing to read.
    Idle,
    /// Not in the group: not yet joined, crashed, or scaled away.
    #[default]
    Away,
}

/// A preparer's time split by [`Spending`], in nanoseconds, as it goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TimeSplit {
    now: Spending,
    since: SimTime,
    nanos: [u64; 4],
}

impl TimeSplit {
    /// From `at` on, the time goes on `to`. Returns whether that is a change.
    pub(crate) fn switch(&mut self, to: Spending, at: SimTime) -> bool {
        if to == self.now {
            return false;
        }
        self.nanos[self.now as usize] += at.saturating_since(self.since).as_nanos();
        self.now = to;
        self.since = at;
        true
    }

    /// Fractions of `[0, end]` spent busy, paused, idle and away (they sum to 1).
    pub(crate) fn fractions(&self, end: SimTime) -> [f64; 4] {
        let span = end.as_nanos().max(1) as f64;
        self.nanos_until(end).map(|n| n as f64 / span)
    }

    /// Seconds of `[0, end]` spent busy, paused, idle and away.
    pub(crate) fn seconds(&self, end: SimTime) -> [f64; 4] {
        self.nanos_until(end).map(|n| n as f64 / 1e9)
    }

    fn nanos_until(&self, end: SimTime) -> [u64; 4] {
        let mut nanos = self.nanos;
        nanos[self.now as usize] += end.saturating_since(self.since).as_nanos();
        nanos
    }
}

impl Preparer {
    /// Whether it is in the group and working (not crashed, not scaled away).
    pub(crate) fn active(&self) -> bool {
        !self.crashed && !self.left
    }
}

#[cfg(test)]
mod tests {
    use super::{Spending, TimeSplit};
    use crate::engine::{SimDuration, SimTime};

    #[test]
    fn time_split_adds_each_stretch_to_what_it_was_spent_on() {
        let t = |s| SimTime::ZERO + SimDuration::from_secs(s);
        let mut split = TimeSplit::default();
        split.switch(Spending::Idle, t(2));
        split.switch(Spending::Busy, t(3));
        split.switch(Spending::Busy, t(5)); // no change: the stretch goes on
        split.switch(Spending::Paused, t(7));
        split.switch(Spending::Idle, t(8));
        let [busy, paused, idle, away] = split.fractions(t(10));
        assert_eq!((busy, paused, idle, away), (0.4, 0.1, 0.3, 0.2));
    }
}
