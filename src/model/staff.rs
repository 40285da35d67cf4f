//! The shop's staff as state machines: a preparer's queue and what it is doing, the cook's fryer.

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
    /// Time spent making orders up, in nanoseconds.
    pub(crate) busy_nanos: u64,
    /// Whether it has crashed (and not yet restarted).
    pub(crate) crashed: bool,
    /// Whether it left the group (scaled down).
    pub(crate) left: bool,
    /// When it last finished an order (or joined).
    pub(crate) last_made: SimTime,
    /// Bumped at each crash, so that work started before a crash never finishes after it.
    pub(crate) epoch: u32,
}

/// The cook: reads `cook`, fries in a number of baskets, tops up the cabinet, sends to `ready`.
#[derive(Debug)]
pub(crate) struct Cook {
    /// Its producer (to `ready`).
    pub(crate) producer: ProducerId,
    /// Its Redis connection, with a hot cabinet.
    pub(crate) redis: Option<ClientId>,
    /// Orders waiting for a basket.
    pub(crate) waiting: VecDeque<Order>,
    /// Fried orders whose portions are on their way into the cabinet, in order sent.
    pub(crate) stocking: VecDeque<Order>,
    /// Baskets frying now.
    pub(crate) frying: u32,
    /// Batches fried.
    pub(crate) batches: u64,
}

impl Preparer {
    /// Whether it is in the group and working (not crashed, not scaled away).
    pub(crate) fn active(&self) -> bool {
        !self.crashed && !self.left
    }
}
