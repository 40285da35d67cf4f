//! The consumer protocol in time, on the member's side as Kafka 4.1's `AsyncKafkaConsumer`
//! (`ConsumerMembershipManager`, `ConsumerHeartbeatRequestManager`) runs it: heartbeats every
//! `group.consumer.heartbeat.interval.ms`, reconciliation in `poll` (commit, revoke, assign,
//! then an immediate heartbeat to acknowledge), leaving with epoch -1 or, static, -2, the poll
//! timer, and the coordinator's session and revocation timers.

use super::coordinator::{Coordinator, Joined, Refusal, STATIC_LEAVE_EPOCH};
use super::target::target_assignment;
use crate::engine::Context;
use crate::engine::SimTime;
use crate::kafka_model::assignor::AssignorTopic;
use crate::kafka_model::cluster::{KafkaCluster, KafkaEvent};
use crate::kafka_model::config::GroupProtocol;
use crate::kafka_model::consumer_group::{
    ConsumerId, GroupId, MemberState, RebalanceReason, RebalanceRecord, RemovalReason,
};
use crate::kafka_model::notice::Notice;
use crate::kafka_model::topic::TopicPartition;

/// A consumer-protocol group on its way to a new target assignment: since when, why, and what
/// members gave up on the way (for its [`RebalanceRecord`]).
#[derive(Clone, Debug)]
pub(crate) struct Reconciliation {
    start: SimTime,
    reason: RebalanceReason,
    revoked: Vec<(ConsumerId, Vec<TopicPartition>)>,
}

impl<V: Clone> KafkaCluster<V> {
    /// Runs `f` with the group's coordinator taken out of the group (so that `f` can read the
    /// rest of the cluster).
    fn with_coordinator<R>(
        &mut self,
        group: GroupId,
        f: impl FnOnce(&mut Self, &mut Coordinator) -> R,
    ) -> R {
        let mut coordinator = self.groups[group.0 as usize]
            .coordinator
            .take()
            .expect("a consumer-protocol group has a coordinator");
        let r = f(self, &mut coordinator);
        self.groups[group.0 as usize].coordinator = Some(coordinator);
        r
    }

    fn coordinator(&self, group: GroupId) -> &Coordinator {
        self.groups[group.0 as usize]
            .coordinator
            .as_ref()
            .expect("a consumer-protocol group has a coordinator")
    }

    /// Whether a consumer with `group.instance.id` `instance` may join: no member holds it,
    /// or the one that does left with epoch -2.
    pub(crate) fn consumer_protocol_can_join(&self, group: GroupId, instance: &str) -> bool {
        self.coordinator(group)
            .members
            .iter()
            .all(|m| m.instance_id.as_deref() != Some(instance) || m.epoch == STATIC_LEAVE_EPOCH)
    }

    /// A member's first heartbeat (epoch 0): a new member bumps the group epoch; a static
    /// member takes the place of one that left with epoch -2, assignment and all.
    pub(crate) fn consumer_protocol_join<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let now = cx.now();
        let c = &mut self.consumers[consumer.0 as usize];
        c.heartbeat_from = now;
        let group = c.group;
        let (member_id, instance, topics, timeout) = (
            c.member_id.clone(),
            c.config.group_instance_id.clone(),
            (c.topics.clone(), c.config.topics.clone()),
            c.config.max_poll_interval_ms,
        );
        let (before, joined) = self.with_coordinator(group, |_, coord| {
            let before = coord.group_epoch;
            (
                before,
                coord.join(consumer, member_id, instance, topics, timeout),
            )
        });
        let joined = match joined {
            Ok(j) => j,
            Err(_) => {
                // Checked before the consumer was made; a consumer coming back from `poll`
                // holds its own instance id. Try again at the next poll.
                self.consumers[consumer.0 as usize].state = MemberState::Rejoining;
                return;
            }
        };
        match joined {
            Joined::New => self.groups[group.0 as usize].members.push(consumer),
            Joined::Replaced(old) => {
                if let Some(k) = self.consumers[old.0 as usize].session.take() {
                    cx.cancel(k);
                }
                if old != consumer {
                    self.stop_client(cx, old);
                    self.consumers[old.0 as usize].state = MemberState::Replaced;
                    if let Some(slot) = self.groups[group.0 as usize]
                        .members
                        .iter_mut()
                        .find(|m| **m == old)
                    {
                        *slot = consumer;
                    }
                }
            }
        }
        if self.coordinator(group).group_epoch != before {
            self.epoch_bumped(cx, group, RebalanceReason::Join);
        }
        self.send_heartbeat(cx, consumer);
    }

    /// The `poll` of a member that left (poll timer) or was fenced: it joins again with epoch
    /// 0, keeping its member id (KIP-1082); a static member still in the group at -2 takes its
    /// own place back.
    pub(crate) fn consumer_protocol_rejoin<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let c = &mut self.consumers[consumer.0 as usize];
        c.state = MemberState::Active;
        if let Some(k) = c.session.take() {
            cx.cancel(k);
        }
        self.consumer_protocol_join(cx, consumer);
    }

    /// A member's `poll`: an assignment received since its last poll is reconciled now.
    pub(crate) fn consumer_protocol_poll<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        if self.consumers[consumer.0 as usize].reconcile.is_some() {
            self.reconcile(cx, consumer);
        }
    }

    /// A scheduled heartbeat goes out.
    pub(crate) fn consumer_protocol_heartbeat<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        self.send_heartbeat(cx, consumer);
    }

    /// The member heartbeats now (on its interval, to join, or to acknowledge a
    /// reconciliation): it reports what it owns, and the answer may carry a new assignment,
    /// which it reconciles at once if it is blocked in `poll`, else at its next `poll`.
    fn send_heartbeat<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>, consumer: ConsumerId) {
        let now = cx.now();
        let c = &mut self.consumers[consumer.0 as usize];
        if let Some(k) = c.heartbeat.take() {
            cx.cancel(k);
        }
        c.heartbeat_from = now;
        let group = c.group;
        let mut owned = c.owned();
        owned.sort_unstable();
        let GroupProtocol::Consumer(assignor) = self.groups[group.0 as usize].config.protocol
        else {
            unreachable!("a consumer-protocol heartbeat in a classic group");
        };
        let (deadline_before, answer, deadline_after) = self.with_coordinator(group, |k, coord| {
            let before = coord.member(consumer).and_then(|m| m.revocation_deadline);
            let topics: Vec<AssignorTopic<'_>> = k
                .topics
                .iter()
                .enumerate()
                .map(|(i, t)| AssignorTopic {
                    id: t.id(i),
                    name: t.name(),
                    partitions: t.partitions(),
                })
                .collect();
            let mut assign = |members: &[super::coordinator::Member]| {
                target_assignment(assignor, &topics, members)
            };
            let answer = coord.heartbeat(consumer, &owned, now, &mut assign);
            let after = coord.member(consumer).and_then(|m| m.revocation_deadline);
            (before, answer, after)
        });
        let answer = match answer {
            Ok(a) => a,
            Err(Refusal::UnknownMember | Refusal::UnreleasedInstanceId(_)) => return,
        };
        if let (Some((at, _)), true) = (deadline_after, deadline_after != deadline_before) {
            let _ = cx.schedule_at(
                at.max(now),
                KafkaEvent::RevocationTimeout { consumer }.into(),
            );
        }
        if let Some(assignment) = answer.assignment {
            self.consumers[consumer.0 as usize].reconcile =
                (assignment != owned).then_some(assignment);
        }
        self.check_reconciled(cx, group);
        let c = &self.consumers[consumer.0 as usize];
        if c.reconcile.is_some() && c.waiting {
            self.reconcile(cx, consumer);
        } else {
            self.arm_heartbeat(cx, consumer);
        }
    }

    /// The member makes its new assignment its own: commits what it consumed (auto commit:
    /// `maybeAutoCommitSyncBeforeRebalance`), gives up what it no longer has, takes what it
    /// gained, and acknowledges with a heartbeat at once.
    fn reconcile<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>, consumer: ConsumerId) {
        let c = &mut self.consumers[consumer.0 as usize];
        let Some(target) = c.reconcile.take() else {
            return;
        };
        let owned = c.owned();
        let group = c.group;
        let lose: Vec<TopicPartition> = owned
            .iter()
            .copied()
            .filter(|tp| !target.contains(tp))
            .collect();
        let gain: Vec<TopicPartition> = target
            .iter()
            .copied()
            .filter(|tp| !owned.contains(tp))
            .collect();
        if c.config.enable_auto_commit {
            self.commit_positions(cx.now(), consumer);
        }
        if !lose.is_empty() {
            self.revoke(consumer, &lose);
            if let Some(r) = &mut self.groups[group.0 as usize].reconciliation {
                r.revoked.push((consumer, lose));
            }
        }
        self.grant(cx, consumer, &gain);
        self.send_heartbeat(cx, consumer);
    }

    /// Schedules the member's next heartbeat if it can change something for it (a member with
    /// an assignment to reconcile acknowledges at once when it does, so it needs none).
    fn arm_heartbeat<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>, consumer: ConsumerId) {
        let c = &self.consumers[consumer.0 as usize];
        if c.state != MemberState::Active || c.heartbeat.is_some() || c.reconcile.is_some() {
            return;
        }
        if !self.coordinator(c.group).needs_heartbeat(consumer) {
            return;
        }
        let (interval, _) = self.heartbeat_and_session(consumer);
        let c = &mut self.consumers[consumer.0 as usize];
        let at = c.next_heartbeat(cx.now(), interval);
        c.heartbeat = cx
            .schedule_at(at, KafkaEvent::Heartbeat { consumer }.into())
            .ok();
    }

    /// The group epoch moved on: a reconciliation starts (unless one is under way) and every
    /// member learns of it at its next heartbeat.
    fn epoch_bumped<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        group: GroupId,
        reason: RebalanceReason,
    ) {
        let now = cx.now();
        let epoch = self.coordinator(group).group_epoch;
        let g = &mut self.groups[group.0 as usize];
        if g.reconciliation.is_none() && !g.members.is_empty() {
            g.reconciliation = Some(Reconciliation {
                start: now,
                reason,
                revoked: Vec::new(),
            });
            self.notices.push(Notice::RebalanceStarted {
                group,
                generation: epoch.max(0) as u32,
                at: now,
            });
        }
        for i in 0..self.groups[group.0 as usize].members.len() {
            let m = self.groups[group.0 as usize].members[i];
            self.arm_heartbeat(cx, m);
        }
    }

    /// Ends the reconciliation under way when every member has reached the target.
    fn check_reconciled<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>, group: GroupId) {
        let coord = self.coordinator(group);
        if coord.is_reconciling() || self.groups[group.0 as usize].reconciliation.is_none() {
            return;
        }
        let generation = coord.assignment_epoch.max(0) as u32;
        let assignment: Vec<(ConsumerId, Vec<TopicPartition>)> = coord
            .members
            .iter()
            .map(|m| (m.consumer, m.assigned.clone()))
            .collect();
        let g = &mut self.groups[group.0 as usize];
        let r = g.reconciliation.take().expect("checked above");
        g.generation = generation;
        let now = cx.now();
        self.rebalances.push(RebalanceRecord {
            group,
            start: r.start,
            end: now,
            generation,
            reason: r.reason,
            assignment,
            revoked: r.revoked,
        });
        self.notices.push(Notice::RebalanceEnded {
            group,
            generation,
            at: now,
        });
    }

    /// The coordinator fences a member: out of the group, its partitions free at once (what it
    /// read since its last commit goes to the next owner again), the group epoch moves on.
    fn fence<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
        state: MemberState,
        reason: RemovalReason,
    ) {
        let group = self.consumers[consumer.0 as usize].group;
        if self
            .with_coordinator(group, |_, coord| coord.fence(consumer))
            .is_err()
        {
            return;
        }
        self.remove_member(cx, consumer, state, reason);
        let why = match reason {
            RemovalReason::Leave => RebalanceReason::Leave,
            RemovalReason::SessionTimeout => RebalanceReason::SessionTimeout,
            RemovalReason::PollTimeout => RebalanceReason::PollTimeout,
            RemovalReason::RebalanceTimeout => RebalanceReason::RebalanceTimeout,
        };
        self.epoch_bumped(cx, group, why);
        self.check_reconciled(cx, group);
    }

    /// A static member steps out with epoch -2: its partitions stay assigned to it (unread),
    /// the group epoch does not move, and its session runs out unless it comes back.
    fn leave_static<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
        state: MemberState,
    ) {
        let group = self.consumers[consumer.0 as usize].group;
        let _ = self.with_coordinator(group, |_, coord| coord.leave_static(consumer));
        let tps = self.consumers[consumer.0 as usize].owned();
        self.revoke(consumer, &tps);
        self.silence(cx, consumer, state);
        self.check_reconciled(cx, group);
    }

    /// A close: a dynamic member leaves with epoch -1 (fenced at once, the group epoch moves
    /// on); a static member with epoch -2.
    pub(crate) fn consumer_protocol_leave<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let is_static = self.consumers[consumer.0 as usize].is_static();
        match (self.is_member(consumer), is_static) {
            (true, true) => self.leave_static(cx, consumer, MemberState::Closed),
            (true, false) => self.fence(cx, consumer, MemberState::Left, RemovalReason::Leave),
            (false, _) => {
                self.stop_client(cx, consumer);
                self.consumers[consumer.0 as usize].state = if is_static {
                    MemberState::Closed
                } else {
                    MemberState::Left
                };
            }
        }
    }

    /// A silent member's session expired: the coordinator fences it.
    pub(crate) fn consumer_protocol_session_expired<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let state = self.consumers[consumer.0 as usize].state;
        self.fence(cx, consumer, state, RemovalReason::SessionTimeout);
    }

    /// The poll timer expired: the member leaves (`transitionToSendingLeaveGroup(true)`) with
    /// epoch -1, or -2 when static, goes STALE (its partitions lost, uncommitted) and rejoins at
    /// its next `poll`.
    pub(crate) fn consumer_protocol_poll_timeout<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        if self.consumers[consumer.0 as usize].is_static() {
            self.leave_static(cx, consumer, MemberState::Rejoining);
        } else {
            self.fence(
                cx,
                consumer,
                MemberState::Rejoining,
                RemovalReason::PollTimeout,
            );
        }
    }

    /// A member's revocation deadline: if it is still at the epoch it had to revoke in, the
    /// coordinator fences it.
    pub(crate) fn revocation_due<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let now = cx.now();
        let group = self.consumers[consumer.0 as usize].group;
        if self.groups[group.0 as usize].coordinator.is_none() {
            return;
        }
        let due = self
            .coordinator(group)
            .member(consumer)
            .is_some_and(|m| m.revocation_deadline == Some((now, m.epoch)));
        if !due {
            return;
        }
        let state = match self.consumers[consumer.0 as usize].state {
            MemberState::Active => MemberState::Rejoining,
            s => s,
        };
        self.fence(cx, consumer, state, RemovalReason::RebalanceTimeout);
    }
}
