//! The classic protocol's join phase: a rebalance starts, members learn of it at their next
//! heartbeat and rejoin from `poll` (`onJoinPrepare`: eager members give up everything), the
//! coordinator waits for all of them up to the rebalance timeout (and for a silent member's
//! session to time out), and removes the dynamic members that did not make it. The round's
//! end is `sync.rs`.

use crate::engine::{Context, EventKey, SimDuration, SimTime};
use crate::kafka_model::cluster::{KafkaCluster, KafkaEvent};
use crate::kafka_model::consumer_group::{
    ConsumerId, GroupId, MemberState, Rebalance, RebalanceReason, Rejoin, RemovalReason,
};
use crate::kafka_model::notice::Notice;
use crate::kafka_model::topic::TopicPartition;

impl<V: Clone> KafkaCluster<V> {
    /// Starts a rebalance of `group`, or folds this change into the one in progress (a join
    /// during the initial delay extends it by the delay, up to the rebalance timeout).
    ///
    /// The other members learn of it at their next heartbeat (`REBALANCE_IN_PROGRESS`): one
    /// blocked in `poll` then rejoins at once, one busy with its records at its next `poll`.
    /// The join phase waits for them up to the rebalance timeout (the largest
    /// `max.poll.interval.ms` among the members). `joined` have sent their JoinGroup already
    /// (the member whose join starts it; in a cooperative follow-up, those that revoked).
    pub(crate) fn start_rebalance<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        group: GroupId,
        reason: RebalanceReason,
        first_join: bool,
        joined: &[ConsumerId],
    ) {
        let now = cx.now();
        let timeout = self.rebalance_timeout(group);
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
            let cap = now.checked_add(timeout).unwrap_or(SimTime::MAX);
            (g.config.group_initial_rebalance_delay_ms, Some(cap))
        } else {
            (SimDuration::ZERO, None)
        };
        let at = now
            .checked_add(delay)
            .and_then(|t| t.checked_add(g.config.join_sync_time))
            .unwrap_or(SimTime::MAX);
        let deadline = now.checked_add(timeout).unwrap_or(SimTime::MAX);
        let key = cx.schedule_after(
            at.saturating_since(now),
            KafkaEvent::RebalanceDone { group }.into(),
        );
        let eager = g.is_eager();
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
        self.notices.push(Notice::RebalanceStarted {
            group,
            generation: g.generation + 1,
            at: now,
        });
        let n = self.groups[group.0 as usize].members.len();
        let mut pending = 0;
        for i in 0..n {
            let m = self.groups[group.0 as usize].members[i];
            if joined.contains(&m) {
                // Its JoinGroup is in: onJoinPrepare ran as it rejoined.
                self.join_prepare(now, m);
                continue;
            }
            let (interval, _) = self.heartbeat_and_session(m);
            let c = &mut self.consumers[m.0 as usize];
            match c.state {
                // It learns of the rebalance from its next heartbeat, and keeps reading (and
                // owning) its partitions until it rejoins.
                MemberState::Active => {
                    c.rejoin = Rejoin::Unaware;
                    pending += 1;
                    if let Some(k) = c.heartbeat.take() {
                        cx.cancel(k);
                    }
                    let at = c.next_heartbeat(now, interval);
                    c.heartbeat = cx
                        .schedule_at(at, KafkaEvent::Heartbeat { consumer: m }.into())
                        .ok();
                }
                // A silent member never rejoins (the join phase waits for its session to time
                // out); eager: its partitions are taken for the round now.
                _ if eager => self.revoke_all_for_round(group, m),
                _ => {}
            }
        }
        if let Some(rb) = &mut self.groups[group.0 as usize].rebalance {
            rb.pending = pending;
        }
    }

    /// The group's rebalance timeout: the largest `max.poll.interval.ms` of its members, as
    /// Kafka's coordinator takes it.
    pub(crate) fn rebalance_timeout(&self, group: GroupId) -> SimDuration {
        self.groups[group.0 as usize]
            .members
            .iter()
            .map(|m| self.consumers[m.0 as usize].config.max_poll_interval_ms)
            .max()
            .unwrap_or(SimDuration::ZERO)
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
            let at = now.max(rb.earliest_end);
            rb.key = Self::move_timer(cx, rb.key, at, group);
        }
    }

    /// Whether a member of `group` will not rejoin by itself: it crashed, or it is a static
    /// member that closed or stopped polling (it rejoins only if it polls again).
    pub(crate) fn has_silent_member(&self, group: GroupId) -> bool {
        self.groups[group.0 as usize]
            .members
            .iter()
            .any(|m| self.consumers[m.0 as usize].state != MemberState::Active)
    }

    /// Moves the group's rebalance timer to `at` (or sets a new one if it already ran).
    pub(crate) fn move_timer<E: From<KafkaEvent>>(
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
        if self.groups[group.0 as usize].is_eager() {
            self.revoke_all_for_round(group, consumer);
        }
    }

    /// Revokes everything `consumer` owns and records it in the running round.
    pub(crate) fn revoke_all_for_round(&mut self, group: GroupId, consumer: ConsumerId) {
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
        if let Some(k) = self.consumers[consumer.0 as usize].heartbeat.take() {
            cx.cancel(k);
        }
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
        if c.rejoin == Rejoin::No {
            return;
        }
        c.rejoin = Rejoin::No;
        let group = c.group;
        let silent = self.has_silent_member(group);
        let g = &mut self.groups[group.0 as usize];
        let jst = g.config.join_sync_time;
        let Some(rb) = &mut g.rebalance else {
            return;
        };
        rb.pending -= 1;
        if rb.pending > 0 {
            return;
        }
        if silent {
            // Everyone else is in; the join phase waits on for the silent member (until its
            // session expires, or the rebalance timeout).
            rb.stalled = true;
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
    /// `completeClassicGroupJoin`; a running one rejoins as a new member at its next `poll`);
    /// static members stay in the group (eager: their partitions are taken for the round) and
    /// are given a share like the others.
    pub(crate) fn expire_join<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>, group: GroupId) {
        if let Some(rb) = &mut self.groups[group.0 as usize].rebalance {
            rb.pending = 0;
            rb.stalled = false;
            rb.expired = true;
        }
        let eager = self.groups[group.0 as usize].is_eager();
        let members = self.groups[group.0 as usize].members.clone();
        for m in members {
            let c = &mut self.consumers[m.0 as usize];
            let late = std::mem::take(&mut c.rejoin) != Rejoin::No;
            if !late && c.state == MemberState::Active {
                continue;
            }
            if !c.is_static() {
                let state = if c.state == MemberState::Active {
                    MemberState::Rejoining
                } else {
                    c.state
                };
                self.remove_member(cx, m, state, RemovalReason::RebalanceTimeout);
            } else if eager {
                // Eager: what a static member that is not back owned is taken for the round.
                self.revoke_all_for_round(group, m);
            }
        }
    }
}
