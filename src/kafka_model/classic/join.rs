//! The classic protocol's join phase: a rebalance starts, members rejoin from their next poll
//! (`onJoinPrepare`: eager members give up everything), the coordinator waits for all of them
//! up to the rebalance timeout (and for a silent member's session to time out), and removes
//! the dynamic members that did not make it. The round's end is `sync.rs`.

use crate::engine::{Context, EventKey, SimTime};
use crate::kafka_model::cluster::{KafkaCluster, KafkaEvent};
use crate::kafka_model::consumer_group::{
    ConsumerId, GroupId, MemberState, Rebalance, RebalanceReason,
};
use crate::kafka_model::notice::Notice;
use crate::kafka_model::topic::TopicPartition;

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
    pub(crate) fn has_silent_member(&self, group: GroupId) -> bool {
        self.groups[group.0 as usize]
            .members
            .iter()
            .any(|m| self.consumers[m.0 as usize].state.is_silent())
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
        if !self.groups[group.0 as usize]
            .config
            .assignor
            .is_cooperative()
        {
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
    pub(crate) fn expire_join<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>, group: GroupId) {
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
}
