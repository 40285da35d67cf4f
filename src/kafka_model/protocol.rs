//! The seam between the cluster and its group protocols: the few moments where what happens
//! depends on whether a group runs the classic protocol (`classic/`) or the consumer protocol
//! of KIP-848 (`consumer_protocol/`). Everything else (fetching, positions, commits, lag) is
//! the same for both and knows no protocol.
//!
//! The moments: a consumer joins; it calls `poll` (where a Java consumer rejoins or
//! reconciles); it closes; a silent member's session expires; a member heartbeats (scheduled
//! only when that can change something); a member has not polled within
//! `max.poll.interval.ms`. Plus two questions the shop asks: is the group rebalancing, and is
//! a member waiting for partitions because of it.

use super::cluster::{KafkaCluster, KafkaEvent};
use super::config::{CLASSIC_HEARTBEAT_INTERVAL, CLASSIC_SESSION_TIMEOUT, GroupProtocol};
use super::consumer_group::{ConsumerId, GroupId, MemberState};
use crate::engine::{Context, SimDuration};

impl<V: Clone> KafkaCluster<V> {
    fn is_classic(&self, consumer: ConsumerId) -> bool {
        let g = self.consumers[consumer.0 as usize].group;
        matches!(
            self.groups[g.0 as usize].config.protocol,
            GroupProtocol::Classic(_)
        )
    }

    /// How often `consumer` heartbeats and how long its session lasts without one: the
    /// client's settings under the classic protocol, the broker's under the consumer protocol.
    pub(crate) fn heartbeat_and_session(&self, consumer: ConsumerId) -> (SimDuration, SimDuration) {
        let c = &self.consumers[consumer.0 as usize];
        let g = &self.groups[c.group.0 as usize];
        match g.config.protocol {
            GroupProtocol::Classic(_) => (
                c.config
                    .heartbeat_interval_ms
                    .unwrap_or(CLASSIC_HEARTBEAT_INTERVAL),
                c.config
                    .session_timeout_ms
                    .unwrap_or(CLASSIC_SESSION_TIMEOUT),
            ),
            GroupProtocol::Consumer(_) => (
                g.config.consumer_heartbeat_interval_ms,
                g.config.consumer_session_timeout_ms,
            ),
        }
    }

    /// A consumer has been created and subscribed: the protocol makes it a member (classic:
    /// it takes `replaces`'s place, or the group rebalances; consumer protocol: its first
    /// heartbeat).
    pub(crate) fn protocol_join<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
        replaces: Option<ConsumerId>,
    ) {
        if self.is_classic(consumer) {
            self.classic_join(cx, consumer, replaces);
        } else {
            self.consumer_protocol_join(cx, consumer);
        }
    }

    /// What `poll` does for the group before it fetches: a consumer out of the group joins
    /// again; classic, a member that knows of a rebalance rejoins; consumer protocol, a member
    /// with a new assignment reconciles.
    pub(crate) fn protocol_poll<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let rejoining = self.consumers[consumer.0 as usize].state == MemberState::Rejoining;
        match (self.is_classic(consumer), rejoining) {
            (true, true) => self.classic_rejoin_from_poll(cx, consumer),
            (true, false) => self.classic_poll(cx, consumer),
            (false, true) => self.consumer_protocol_rejoin(cx, consumer),
            (false, false) => self.consumer_protocol_poll(cx, consumer),
        }
    }

    /// The consumer closes (after committing, with auto commit on).
    pub(crate) fn protocol_leave<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        if self.is_classic(consumer) {
            self.classic_leave(cx, consumer);
        } else {
            self.consumer_protocol_leave(cx, consumer);
        }
    }

    /// A silent member's session has expired: the coordinator removes it.
    pub(crate) fn protocol_session_expired<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        if self.is_classic(consumer) {
            self.classic_session_expired(cx, consumer);
        } else {
            self.consumer_protocol_session_expired(cx, consumer);
        }
    }

    /// A scheduled heartbeat goes out.
    pub(crate) fn heartbeat_due<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        self.consumers[consumer.0 as usize].heartbeat = None;
        if self.consumers[consumer.0 as usize].state != MemberState::Active {
            return;
        }
        if self.is_classic(consumer) {
            self.classic_heartbeat(cx, consumer);
        } else {
            self.consumer_protocol_heartbeat(cx, consumer);
        }
    }

    /// The member has not polled within `max.poll.interval.ms`.
    pub(crate) fn protocol_poll_timeout<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        if self.is_classic(consumer) {
            self.classic_poll_timeout(cx, consumer);
        } else {
            self.consumer_protocol_poll_timeout(cx, consumer);
        }
    }

    /// Whether the group is rebalancing: classic, a join + sync round is under way; consumer
    /// protocol, a member has yet to reach the target assignment.
    pub fn is_rebalancing(&self, group: GroupId) -> bool {
        self.groups.get(group.0 as usize).is_some_and(|g| {
            g.rebalance.is_some() || g.coordinator.as_ref().is_some_and(|c| c.is_reconciling())
        })
    }

    /// Whether the consumer owns no partition because of a rebalance: classic, its group is
    /// rebalancing (eager members hold nothing during it); consumer protocol, its target
    /// assignment has partitions that it does not own yet.
    pub fn waits_for_partitions(&self, consumer: ConsumerId) -> bool {
        let Some(c) = self.consumers.get(consumer.0 as usize) else {
            return false;
        };
        if c.state != MemberState::Active || !c.assigned.is_empty() {
            return false;
        }
        let g = &self.groups[c.group.0 as usize];
        match &g.coordinator {
            None => g.rebalance.is_some(),
            Some(coord) => {
                coord.member(consumer).is_some_and(|m| !m.target.is_empty())
                    || c.reconcile.as_ref().is_some_and(|t| !t.is_empty())
            }
        }
    }
}
