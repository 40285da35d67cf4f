//! Rebalances in time: the join phase (members rejoin from their next poll; the coordinator
//! waits for all of them, up to the rebalance timeout), the sync round,
//! `group.initial.rebalance.delay.ms`, the eager protocol (everyone gives up everything as it
//! rejoins) and the cooperative one (only moved partitions are revoked in a first round and
//! assigned in a second). The assignment itself is `assignor.rs`; what is modelled and what is
//! simplified is in the module docs (`mod.rs`).

use super::assignor::{AssignorMember, AssignorTopic, assign};
use super::cluster::{KafkaCluster, KafkaEvent};
use super::consumer_group::{
    ConsumerId, GroupId, MemberState, Rebalance, RebalanceReason, RebalanceRecord,
};
use super::notice::Notice;
use super::topic::TopicPartition;
use crate::engine::{Context, EventKey, SimTime};

impl<V: Clone> KafkaCluster<V> {
    /// Starts a rebalance of `group`, or folds this change into the one in progress (a join
    /// during the initial delay extends it by the delay, up to the rebalance timeout).
    ///
    /// Members blocked in `poll` rejoin at once; the others rejoin at their next `poll`, and
    /// the join phase waits for them (up to the rebalance timeout). `joiner`, the member whose
    /// JoinGroup starts it, has joined already.
    pub(crate) fn start_rebalance<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        group: GroupId,
        reason: RebalanceReason,
        first_join: bool,
        joiner: Option<ConsumerId>,
    ) {
        let now = cx.now();
        let g = &mut self.groups[group.0 as usize];
        if let Some(rb) = &mut g.rebalance {
            if rb.stalled {
                self.resume_if_unstalled(cx, group);
                return;
            }
            if let (Some(cap), RebalanceReason::Join) = (rb.initial_cap, reason) {
                let at = now
                    .checked_add(g.config.group_initial_rebalance_delay_ms)
                    .unwrap_or(SimTime::MAX)
                    .min(cap)
                    .checked_add(g.config.join_sync_time)
                    .unwrap_or(SimTime::MAX);
                rb.earliest_end = at;
                rb.key = Self::move_timer(cx, rb.key, at, group);
            }
            return;
        }
        if g.members.is_empty() {
            // The group is now empty: nobody to assign to; the next join starts afresh.
            return;
        }
        let (delay, cap) = if first_join {
            let cap = now
                .checked_add(g.config.rebalance_timeout_ms)
                .unwrap_or(SimTime::MAX);
            (g.config.group_initial_rebalance_delay_ms, Some(cap))
        } else {
            (crate::engine::SimDuration::ZERO, None)
        };
        let at = now
            .checked_add(delay)
            .and_then(|t| t.checked_add(g.config.join_sync_time))
            .unwrap_or(SimTime::MAX);
        let deadline = now
            .checked_add(g.config.rebalance_timeout_ms)
            .unwrap_or(SimTime::MAX);
        let key = cx.schedule_after(
            at.saturating_since(now),
            KafkaEvent::RebalanceDone { group }.into(),
        );
        let cooperative = g.config.assignor.is_cooperative();
        g.rebalance = Some(Rebalance {
            start: now,
            key,
            reason,
            initial_cap: cap,
            revoked: Vec::new(),
            stalled: false,
            pending: 0,
            earliest_end: at,
            deadline,
            expired: false,
        });
        self.notices
            .push(Notice::RebalanceStarted { group, at: now });
        let n = self.groups[group.0 as usize].members.len();
        let mut pending = 0;
        for i in 0..n {
            let m = self.groups[group.0 as usize].members[i];
            let c = &mut self.consumers[m.0 as usize];
            match c.state {
                // Its JoinGroup started the rebalance: it owns nothing yet.
                MemberState::Active if Some(m) == joiner => {}
                // Blocked in poll: its poll loop sends JoinGroup at once.
                MemberState::Active if c.waiting => self.join_prepare(now, m),
                // Busy with what its last poll returned: it rejoins at its next poll, and
                // keeps its partitions until then.
                MemberState::Active => {
                    c.rejoin = true;
                    pending += 1;
                }
                // A silent member never rejoins (the join phase waits for its session to time
                // out); eager: its partitions are taken for the round now.
                _ if !cooperative => {
                    self.revoke_all_for_round(group, m);
                }
                _ => {}
            }
        }
        if let Some(rb) = &mut self.groups[group.0 as usize].rebalance {
            rb.pending = pending;
        }
    }

    /// A stalled join phase completes now if no silent member is left in the group (the last
    /// one was removed, or a static member's place was taken by a new consumer).
    pub(crate) fn resume_if_unstalled<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        group: GroupId,
    ) {
        let now = cx.now();
        let dead = self.has_silent_member(group);
        let Some(rb) = &mut self.groups[group.0 as usize].rebalance else {
            return;
        };
        if rb.stalled && !dead {
            // The last silent member is gone: the join phase completes now.
            rb.stalled = false;
            rb.key = Self::move_timer(cx, rb.key, now, group);
        }
    }

    /// Whether a member of `group` has crashed or closed (static) and will never rejoin.
    fn has_silent_member(&self, group: GroupId) -> bool {
        self.groups[group.0 as usize]
            .members
            .iter()
            .any(|m| self.consumers[m.0 as usize].state.is_silent())
    }

    /// Moves the group's rebalance timer to `at` (or sets a new one if it already ran).
    fn move_timer<E: From<KafkaEvent>>(
        cx: &mut Context<E>,
        key: EventKey,
        at: SimTime,
        group: GroupId,
    ) -> EventKey {
        match cx.reschedule(key, at, KafkaEvent::RebalanceDone { group }.into()) {
            Ok(Some(k)) => k,
            _ => cx
                .schedule_at(at.max(cx.now()), KafkaEvent::RebalanceDone { group }.into())
                .expect("not in the past"),
        }
    }

    /// `onJoinPrepare`, as the member sends its JoinGroup: with auto commit it commits what it
    /// has consumed; eager, it then gives up every partition until the assignment arrives
    /// (cooperative members keep theirs and keep reading them).
    pub(crate) fn join_prepare(&mut self, now: SimTime, consumer: ConsumerId) {
        let c = &self.consumers[consumer.0 as usize];
        let group = c.group;
        if c.state == MemberState::Active && c.config.enable_auto_commit {
            self.commit_positions(now, consumer);
        }
        if !self.groups[group.0 as usize]
            .config
            .assignor
            .is_cooperative()
        {
            self.revoke_all_for_round(group, consumer);
        }
    }

    /// Revokes everything `consumer` owns and records it in the running round.
    fn revoke_all_for_round(&mut self, group: GroupId, consumer: ConsumerId) {
        let tps: Vec<TopicPartition> = self.consumers[consumer.0 as usize]
            .assigned
            .iter()
            .map(|a| a.tp)
            .collect();
        if tps.is_empty() {
            return;
        }
        self.revoke(consumer, &tps);
        if let Some(rb) = &mut self.groups[group.0 as usize].rebalance {
            rb.revoked.push((consumer, tps));
        }
    }

    /// A member that had not rejoined does so now, from its `poll`.
    pub(crate) fn rejoin<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        self.join_prepare(cx.now(), consumer);
        self.stop_waiting_for(cx, consumer);
    }

    /// The join phase no longer waits for `consumer` (it rejoined, went silent or left); when
    /// it was the last, the join phase completes: the round ends `join_sync_time` later, and no
    /// earlier than it would have anyway.
    pub(crate) fn stop_waiting_for<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) {
        let c = &mut self.consumers[consumer.0 as usize];
        if !c.rejoin {
            return;
        }
        c.rejoin = false;
        let group = c.group;
        let g = &mut self.groups[group.0 as usize];
        let jst = g.config.join_sync_time;
        let Some(rb) = &mut g.rebalance else {
            return;
        };
        rb.pending -= 1;
        if rb.pending > 0 {
            return;
        }
        let at = cx
            .now()
            .checked_add(jst)
            .unwrap_or(SimTime::MAX)
            .max(rb.earliest_end);
        if at != rb.key.time() || !cx.is_pending(rb.key) {
            rb.key = Self::move_timer(cx, rb.key, at, group);
        }
    }

    /// The rebalance timeout has passed with members yet to rejoin: the coordinator completes
    /// the join phase without them, removing the dynamic ones (Kafka's
    /// `completeClassicGroupJoin`); static members stay in the group (eager: their partitions
    /// are taken for the round) and are given a share like the others.
    fn expire_join<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>, group: GroupId) {
        if let Some(rb) = &mut self.groups[group.0 as usize].rebalance {
            rb.pending = 0;
            rb.stalled = false;
            rb.expired = true;
        }
        let members = self.groups[group.0 as usize].members.clone();
        for m in members {
            let c = &mut self.consumers[m.0 as usize];
            let late = std::mem::take(&mut c.rejoin);
            if !late && !c.state.is_silent() {
                continue;
            }
            if c.config.group_instance_id.is_none() {
                self.remove_member(cx, m, MemberState::Removed);
                self.notices
                    .push(Notice::MemberRemoved { group, consumer: m });
            } else if late
                && !self.groups[group.0 as usize]
                    .config
                    .assignor
                    .is_cooperative()
            {
                self.revoke_all_for_round(group, m);
            }
        }
    }

    /// The group's rebalance timer fires: the join phase may still wait for members to rejoin
    /// (or for a silent one's session to time out), or be expired by the rebalance timeout, or
    /// the join + sync round completes: a new generation and its assignment.
    pub(crate) fn rebalance_done<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        group: GroupId,
    ) {
        let now = cx.now();
        let dead = self.has_silent_member(group);
        let g = &mut self.groups[group.0 as usize];
        let Some(rb) = &mut g.rebalance else {
            return;
        };
        if !rb.expired && (rb.pending > 0 || dead) {
            if now < rb.deadline {
                // Kafka's join phase waits for every known member to send JoinGroup: the busy
                // ones at their next poll, a silent one never (until its session times out and
                // the coordinator removes it).
                rb.stalled = rb.pending == 0;
                rb.key = cx
                    .schedule_at(rb.deadline, KafkaEvent::RebalanceDone { group }.into())
                    .expect("the deadline is not past");
                return;
            }
            let jst = g.config.join_sync_time;
            self.expire_join(cx, group);
            let key = cx.schedule_after(jst, KafkaEvent::RebalanceDone { group }.into());
            if let Some(rb) = &mut self.groups[group.0 as usize].rebalance {
                rb.key = key;
            }
            return;
        }
        let Some(rb) = g.rebalance.take() else {
            return;
        };
        g.generation += 1;
        let generation = g.generation;
        let kind = g.config.assignor;
        let members = g.members.clone();
        let topic_ids: Vec<_> = g
            .committed
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, _)| i)
            .collect();
        let topics: Vec<AssignorTopic<'_>> = topic_ids
            .iter()
            .map(|&i| AssignorTopic {
                id: self.topics[i].id(i),
                name: self.topics[i].name(),
                partitions: self.topics[i].partitions(),
            })
            .collect();
        let owned: Vec<Vec<TopicPartition>> = members
            .iter()
            .map(|m| {
                self.consumers[m.0 as usize]
                    .assigned
                    .iter()
                    .map(|a| a.tp)
                    .collect()
            })
            .collect();
        let inputs: Vec<AssignorMember<'_>> = members
            .iter()
            .zip(&owned)
            .map(|(m, o)| {
                let c = &self.consumers[m.0 as usize];
                AssignorMember {
                    member_id: &c.member_id,
                    group_instance_id: c.config.group_instance_id.as_deref(),
                    topics: &c.topics,
                    owned: o,
                }
            })
            .collect();
        let target = assign(kind, &topics, &inputs);
        drop(inputs);
        drop(topics);
        let mut revoked = rb.revoked;
        let mut deferred = false;
        if kind.is_cooperative() {
            // First, members give up what moves (committing it, with auto commit on).
            for (i, &m) in members.iter().enumerate() {
                let lose: Vec<TopicPartition> = owned[i]
                    .iter()
                    .copied()
                    .filter(|tp| !target[i].contains(tp))
                    .collect();
                if !lose.is_empty() {
                    let c = &self.consumers[m.0 as usize];
                    if c.state == MemberState::Active && c.config.enable_auto_commit {
                        self.commit_partitions(now, m, &lose);
                    }
                    self.revoke(m, &lose);
                    revoked.push((m, lose));
                }
            }
            // Then they gain what nobody owned before this round; what another member owned
            // waits for the second round.
            for (i, &m) in members.iter().enumerate() {
                let gain: Vec<TopicPartition> = target[i]
                    .iter()
                    .copied()
                    .filter(|tp| !owned[i].contains(tp))
                    .filter(|tp| {
                        let was_owned = owned
                            .iter()
                            .enumerate()
                            .any(|(j, o)| j != i && o.contains(tp));
                        deferred |= was_owned;
                        !was_owned
                    })
                    .collect();
                self.grant(cx, m, &gain);
            }
        } else {
            for (i, &m) in members.iter().enumerate() {
                let current: Vec<TopicPartition> = self.consumers[m.0 as usize]
                    .assigned
                    .iter()
                    .map(|a| a.tp)
                    .collect();
                let gain: Vec<TopicPartition> = target[i]
                    .iter()
                    .copied()
                    .filter(|tp| !current.contains(tp))
                    .collect();
                self.grant(cx, m, &gain);
            }
        }
        let assignment: Vec<(ConsumerId, Vec<TopicPartition>)> =
            members.iter().map(|&m| (m, self.assignment(m))).collect();
        self.rebalances.push(RebalanceRecord {
            group,
            start: rb.start,
            end: now,
            generation,
            reason: rb.reason,
            assignment,
            revoked,
        });
        self.notices.push(Notice::RebalanceEnded {
            group,
            generation,
            at: now,
        });
        if deferred {
            self.start_rebalance(cx, group, RebalanceReason::CooperativeFollowUp, false, None);
        }
    }
}
