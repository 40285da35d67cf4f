//! Consumer and group state: members, generations, assignments with positions, committed
//! offsets, lag, redelivery and removal counts. The protocols that change them are `classic/`
//! and `consumer_protocol/`, behind the seam in `protocol.rs`.

use std::collections::VecDeque;

use serde::Serialize;

use super::config::{ConsumerConfig, GroupConfig, GroupProtocol};
use super::consumer_protocol::{Coordinator, Reconciliation};
use super::topic::{TopicId, TopicPartition};
use crate::engine::{EventKey, SimDuration, SimRng, SimTime, TimeWeighted};

/// A consumer's id within a cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConsumerId(pub u32);

/// A consumer group's id within a cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupId(pub u32);

/// Where a consumer is in its life (the client's view).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberState {
    /// In the group, heartbeating.
    Active,
    /// Crashed: silent; the group keeps it until its session times out. For good.
    Crashed,
    /// A static member (with a `group.instance.id`) that closed: it stays in the group, its
    /// partitions unread, until its session times out or a new consumer with the same
    /// `group.instance.id` takes its place (classic: Kafka's client sends no LeaveGroup for
    /// it; consumer protocol: it leaves with epoch -2).
    Closed,
    /// Left cleanly (a dynamic member's close). For good.
    Left,
    /// Out of the group while still running: it did not poll within `max.poll.interval.ms`
    /// (its heartbeat thread left the group: Kafka's STALE), or the coordinator removed or
    /// fenced it. Its commits fail ([`KafkaError::CommitFailed`](super::KafkaError)); its next
    /// `poll` joins the group again, as Kafka's client does.
    Rejoining,
    /// Replaced by a new consumer with the same `group.instance.id`. For good.
    Replaced,
}

impl MemberState {
    /// A member that will never heartbeat again but may still be in its group.
    pub fn is_silent(self) -> bool {
        matches!(self, MemberState::Crashed | MemberState::Closed)
    }
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
    /// A member left because it did not poll within `max.poll.interval.ms`.
    PollTimeout,
    /// A member did not revoke within its rebalance timeout and was fenced (consumer protocol).
    RebalanceTimeout,
    /// The second round of a cooperative rebalance, assigning the partitions revoked in the first.
    CooperativeFollowUp,
}

/// Why a member is out of its group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemovalReason {
    /// It left cleanly (LeaveGroup, or a consumer-protocol leave with epoch -1).
    Leave,
    /// Its session timed out: it crashed, or it was a static member that stayed away.
    SessionTimeout,
    /// It did not call `poll` within `max.poll.interval.ms`: its heartbeat thread left the
    /// group (a static member sends nothing: it is out when its session times out).
    PollTimeout,
    /// It did not rejoin (classic) or revoke (consumer protocol) within its rebalance timeout.
    RebalanceTimeout,
}

/// How many members left a group, by reason.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Removals {
    /// Sessions that timed out.
    pub session_timeout: u64,
    /// Members that left because they did not poll within `max.poll.interval.ms`.
    pub max_poll_interval: u64,
    /// Clean leaves.
    pub leave: u64,
    /// Members removed for missing their rebalance timeout.
    pub rebalance_timeout: u64,
}

impl Removals {
    pub(crate) fn count(&mut self, reason: RemovalReason) {
        match reason {
            RemovalReason::Leave => self.leave += 1,
            RemovalReason::SessionTimeout => self.session_timeout += 1,
            RemovalReason::PollTimeout => self.max_poll_interval += 1,
            RemovalReason::RebalanceTimeout => self.rebalance_timeout += 1,
        }
    }
}

/// One completed rebalance, as the model records it: a classic join + sync round, or (consumer
/// protocol) the group's way from a reconciled state to the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RebalanceRecord {
    /// The group.
    pub group: GroupId,
    /// When it started.
    pub start: SimTime,
    /// When the new assignment was in place.
    pub end: SimTime,
    /// The generation (classic) or target assignment epoch (consumer protocol) it produced.
    pub generation: u32,
    /// What started it.
    pub reason: RebalanceReason,
    /// Every member's partitions at the end, members in join order.
    pub assignment: Vec<(ConsumerId, Vec<TopicPartition>)>,
    /// Partitions members gave up (eager: everything they had).
    pub revoked: Vec<(ConsumerId, Vec<TopicPartition>)>,
}

/// A partition assigned to a consumer, and the next offset it will read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Assigned {
    pub(crate) tp: TopicPartition,
    pub(crate) position: u64,
    /// Whether a fetched chunk of it waits in the consumer's buffer (Kafka does not fetch a
    /// partition again until its buffered records are drained).
    pub(crate) buffered: bool,
}

/// Records of one partition that a fetch brought and polls have not yet handed out: offsets
/// `next..until` (Kafka's `CompletedFetch`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct FetchedChunk {
    pub(crate) tp: TopicPartition,
    pub(crate) next: u64,
    pub(crate) until: u64,
}

/// Where a classic member is in a rebalance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Rejoin {
    /// Not in a rebalance, or rejoined.
    #[default]
    No,
    /// The group is rebalancing; the member learns of it at its next heartbeat.
    Unaware,
    /// It knows (its heartbeat answered `REBALANCE_IN_PROGRESS`) and rejoins at its next `poll`.
    AtNextPoll,
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
    /// When its heartbeat timer last started: heartbeats go every interval from here.
    pub(crate) heartbeat_from: SimTime,
    /// Its next heartbeat, when one is scheduled (it is only when it can change something).
    pub(crate) heartbeat: Option<EventKey>,
    /// While it is silent and still a member: its session's expiry.
    pub(crate) session: Option<EventKey>,
    pub(crate) assigned: Vec<Assigned>,
    /// A poll is waiting for records (long poll).
    pub(crate) waiting: bool,
    /// When its last poll returned records: `max.poll.interval.ms` counts from here.
    pub(crate) last_poll: SimTime,
    /// The pending check of `max.poll.interval.ms`, if any.
    pub(crate) poll_timer: Option<EventKey>,
    /// Classic: where it is in a rebalance.
    pub(crate) rejoin: Rejoin,
    /// Consumer protocol: an assignment received in a heartbeat and not yet reconciled (that
    /// happens in `poll`).
    pub(crate) reconcile: Option<Vec<TopicPartition>>,
    /// The pending fetch completion, if any.
    pub(crate) fetch: Option<EventKey>,
    pub(crate) next_auto_commit: SimTime,
    /// The pending auto commit of a consumer waiting in a long poll, if any.
    pub(crate) auto_commit: Option<EventKey>,
    /// Fetched chunks in the order polls hand them out, the next in line first (Kafka's
    /// `FetchBuffer`).
    pub(crate) fetched: VecDeque<FetchedChunk>,
}

impl Consumer {
    /// Whether it has a `group.instance.id`.
    pub(crate) fn is_static(&self) -> bool {
        self.config.group_instance_id.is_some()
    }

    /// The partitions it owns, in assignment order.
    pub(crate) fn owned(&self) -> Vec<TopicPartition> {
        self.assigned.iter().map(|a| a.tp).collect()
    }

    /// The time of its last heartbeat at or before `t`, heartbeating every `interval`.
    pub(crate) fn last_heartbeat(&self, t: SimTime, interval: SimDuration) -> SimTime {
        let since = t.saturating_since(self.heartbeat_from).as_nanos();
        let hb = interval.as_nanos().max(1);
        SimTime::from_nanos(self.heartbeat_from.as_nanos() + since / hb * hb)
    }

    /// The time of its first heartbeat after `t`.
    pub(crate) fn next_heartbeat(&self, t: SimTime, interval: SimDuration) -> SimTime {
        self.last_heartbeat(t, interval)
            .checked_add(interval.max(SimDuration::from_nanos(1)))
            .unwrap_or(SimTime::MAX)
    }
}

/// A group's state.
#[derive(Debug)]
pub(crate) struct Group {
    pub(crate) name: String,
    pub(crate) config: GroupConfig,
    /// Members in join order, as the coordinator sees them (active, and silent ones not yet
    /// removed).
    pub(crate) members: Vec<ConsumerId>,
    /// Classic: the generation; consumer protocol: the last target assignment epoch every
    /// member reached.
    pub(crate) generation: u32,
    /// Classic: the rebalance under way.
    pub(crate) rebalance: Option<Rebalance>,
    /// Consumer protocol: the group coordinator's state.
    pub(crate) coordinator: Option<Coordinator>,
    /// Consumer protocol: the reconciliation under way, for its record.
    pub(crate) reconciliation: Option<Reconciliation>,
    /// Per topic id: committed offsets (empty if the group never subscribed to the topic).
    pub(crate) committed: Vec<Vec<Option<u64>>>,
    /// Per topic id, per partition: one past the highest offset ever delivered to the group.
    pub(crate) delivered_to: Vec<Vec<u64>>,
    pub(crate) delivered: u64,
    pub(crate) redeliveries: u64,
    pub(crate) removals: Removals,
    pub(crate) total_lag: u64,
    pub(crate) max_lag: u64,
    pub(crate) lag: TimeWeighted,
}

/// A classic rebalance in progress.
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

impl Group {
    pub(crate) fn new(name: String, config: GroupConfig) -> Self {
        let coordinator =
            matches!(config.protocol, GroupProtocol::Consumer(_)).then(Coordinator::default);
        Group {
            name,
            config,
            members: Vec::new(),
            generation: 0,
            rebalance: None,
            coordinator,
            reconciliation: None,
            committed: Vec::new(),
            delivered_to: Vec::new(),
            delivered: 0,
            redeliveries: 0,
            removals: Removals::default(),
            total_lag: 0,
            max_lag: 0,
            lag: TimeWeighted::new(SimTime::ZERO, 0.0),
        }
    }

    /// Whether the group uses the classic protocol's eager rebalances.
    pub(crate) fn is_eager(&self) -> bool {
        !self.config.protocol.is_incremental()
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
