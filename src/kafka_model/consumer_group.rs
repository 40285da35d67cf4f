//! Consumer and group state: members, generations, assignments with positions, committed
//! offsets, lag and redelivery counts. The protocol that changes them is in `rebalance.rs`
//! and `consumer.rs`.

use super::config::{ConsumerConfig, GroupConfig};
use super::topic::{TopicId, TopicPartition};
use crate::engine::{EventKey, SimRng, SimTime, TimeWeighted};

/// A consumer's id within a cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConsumerId(pub u32);

/// A consumer group's id within a cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupId(pub u32);

/// Where a consumer is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberState {
    /// In the group, heartbeating.
    Active,
    /// Crashed: silent, still a member until its session times out.
    Crashed,
    /// A static member (with a `group.instance.id`) that closed: Kafka's client sends no
    /// LeaveGroup for it, so it stays a member, its partitions unread, until its session times
    /// out or a new consumer with the same `group.instance.id` takes its place.
    Closed,
    /// Left cleanly.
    Left,
    /// Removed by the coordinator: its session timed out, or (a dynamic member) it did not
    /// rejoin a rebalance within the rebalance timeout. Its calls answer
    /// [`KafkaError::ConsumerGone`](super::KafkaError::ConsumerGone); to read again it joins
    /// as a new member, as Kafka's client does after `UNKNOWN_MEMBER_ID`.
    Removed,
    /// Replaced by a new consumer with the same `group.instance.id`.
    Replaced,
}

/// Why a rebalance started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RebalanceReason {
    /// A member joined.
    Join,
    /// A member left cleanly.
    Leave,
    /// A member's session timed out.
    SessionTimeout,
    /// The second round of a cooperative rebalance, assigning the partitions revoked in the first.
    CooperativeFollowUp,
}

/// One completed rebalance (one join + sync round), as the model records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RebalanceRecord {
    /// The group.
    pub group: GroupId,
    /// When the round started.
    pub start: SimTime,
    /// When the new assignment reached the members.
    pub end: SimTime,
    /// The generation the round produced.
    pub generation: u32,
    /// What started it.
    pub reason: RebalanceReason,
    /// Every member's partitions after the round, members in join order.
    pub assignment: Vec<(ConsumerId, Vec<TopicPartition>)>,
    /// Partitions members gave up in this round (eager: everything they had).
    pub revoked: Vec<(ConsumerId, Vec<TopicPartition>)>,
}

/// A partition assigned to a consumer, and the next offset it will read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Assigned {
    pub(crate) tp: TopicPartition,
    pub(crate) position: u64,
}

/// A consumer's state.
#[derive(Debug)]
pub(crate) struct Consumer {
    pub(crate) group: GroupId,
    pub(crate) member_id: String,
    pub(crate) config: ConsumerConfig,
    pub(crate) topics: Vec<TopicId>,
    pub(crate) rng: SimRng,
    pub(crate) state: MemberState,
    pub(crate) joined_at: SimTime,
    pub(crate) assigned: Vec<Assigned>,
    /// A poll is waiting for records (long poll).
    pub(crate) waiting: bool,
    /// The group is rebalancing and this member has not rejoined yet: it rejoins (sends its
    /// JoinGroup) at its next `poll`.
    pub(crate) rejoin: bool,
    /// The pending fetch completion, if any.
    pub(crate) fetch: Option<EventKey>,
    pub(crate) next_auto_commit: SimTime,
    /// The pending auto commit of a consumer waiting in a long poll, if any.
    pub(crate) auto_commit: Option<EventKey>,
    /// Which assigned partition the next poll starts from (fairness across partitions).
    pub(crate) next_partition: usize,
}

/// A group's state.
#[derive(Debug)]
pub(crate) struct Group {
    pub(crate) name: String,
    pub(crate) config: GroupConfig,
    /// Members in join order (active and crashed-but-not-yet-removed).
    pub(crate) members: Vec<ConsumerId>,
    pub(crate) generation: u32,
    pub(crate) rebalance: Option<Rebalance>,
    /// Per topic id: committed offsets (empty if the group never subscribed to the topic).
    pub(crate) committed: Vec<Vec<Option<u64>>>,
    /// Per topic id, per partition: one past the highest offset ever delivered to the group.
    pub(crate) delivered_to: Vec<Vec<u64>>,
    pub(crate) delivered: u64,
    pub(crate) redeliveries: u64,
    pub(crate) total_lag: u64,
    pub(crate) max_lag: u64,
    pub(crate) lag: TimeWeighted,
}

/// A rebalance in progress.
#[derive(Debug)]
pub(crate) struct Rebalance {
    pub(crate) start: SimTime,
    pub(crate) key: EventKey,
    pub(crate) reason: RebalanceReason,
    /// While the coordinator waits `group.initial.rebalance.delay.ms`: the latest it may wait to.
    pub(crate) initial_cap: Option<SimTime>,
    /// Partitions revoked when the round started (eager).
    pub(crate) revoked: Vec<(ConsumerId, Vec<TopicPartition>)>,
    /// The join phase waits for a crashed member that will never rejoin: it completes when the
    /// coordinator removes that member (at its session timeout).
    pub(crate) stalled: bool,
    /// Active members that have not rejoined yet (each has `Consumer::rejoin` set).
    pub(crate) pending: u32,
    /// The round ends no earlier than this (start + any initial delay + `join_sync_time`).
    pub(crate) earliest_end: SimTime,
    /// The rebalance timeout: members that have not rejoined by then are removed (dynamic) or
    /// left out of the wait (static).
    pub(crate) deadline: SimTime,
    /// The rebalance timeout has passed: the round no longer waits for anyone.
    pub(crate) expired: bool,
}

impl MemberState {
    /// A member that will never heartbeat again but is still in its group.
    pub fn is_silent(self) -> bool {
        matches!(self, MemberState::Crashed | MemberState::Closed)
    }
}

impl Group {
    pub(crate) fn new(name: String, config: GroupConfig) -> Self {
        Group {
            name,
            config,
            members: Vec::new(),
            generation: 0,
            rebalance: None,
            committed: Vec::new(),
            delivered_to: Vec::new(),
            delivered: 0,
            redeliveries: 0,
            total_lag: 0,
            max_lag: 0,
            lag: TimeWeighted::new(SimTime::ZERO, 0.0),
        }
    }

    pub(crate) fn subscribes_to(&self, topic: TopicId) -> bool {
        self.committed
            .get(topic.0 as usize)
            .is_some_and(|c| !c.is_empty())
    }

    pub(crate) fn committed(&self, tp: TopicPartition) -> Option<u64> {
        self.committed
            .get(tp.topic.0 as usize)?
            .get(tp.partition as usize)
            .copied()
            .flatten()
    }

    pub(crate) fn set_lag(&mut self, now: SimTime, lag: u64) {
        self.total_lag = lag;
        self.max_lag = self.max_lag.max(lag);
        self.lag.set(now, lag as f64);
    }
}
