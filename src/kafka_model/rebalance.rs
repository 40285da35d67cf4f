//! Rebalances in time: the join + sync round, `group.initial.rebalance.delay.ms`, the eager
//! protocol (everyone gives up everything) and the cooperative one (only moved partitions are
//! revoked in a first round and assigned in a second). The assignment itself is `assignor.rs`.

use super::assignor::{AssignorMember, AssignorTopic, assign};
use super::cluster::{KafkaCluster, KafkaEvent};
use super::consumer_group::{
    ConsumerId, GroupId, MemberState, Rebalance, RebalanceReason, RebalanceRecord,
};
use super::notice::Notice;
use super::topic::TopicPartition;
use crate::engine::{Context, SimTime};

impl<V: Clone> KafkaCluster<V> {
    /// Starts a rebalance of `group`, or folds this change into the one in progress (a join
    /// during the initial delay extends it by the delay, up to the rebalance timeout).
    pub(crate) fn start_rebalance<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        group: GroupId,
        reason: RebalanceReason,
        first_join: bool,
    ) {
        let now = cx.now();
        let g = &mut self.groups[group.0 as usize];
        if let Some(rb) = &mut g.rebalance {
            if rb.stalled {
                let consumers = &self.consumers;
                let dead = g
                    .members
                    .iter()
                    .any(|m| consumers[m.0 as usize].state.is_silent());
                if !dead {
                    // The last silent member is gone: the join phase completes now.
                    rb.stalled = false;
                    rb.key = cx.schedule_now(KafkaEvent::RebalanceDone { group }.into());
                }
                return;
            }
            if let (Some(cap), RebalanceReason::Join) = (rb.initial_cap, reason) {
                let at = now
                    .checked_add(g.config.group_initial_rebalance_delay_ms)
                    .unwrap_or(SimTime::MAX)
                    .min(cap)
                    .checked_add(g.config.join_sync_time)
                    .unwrap_or(SimTime::MAX);
                if let Ok(Some(k)) =
                    cx.reschedule(rb.key, at, KafkaEvent::RebalanceDone { group }.into())
                {
                    rb.key = k;
                }
            }
            return;
        }
        if g.members.is_empty() {
            // The group is now empty: nobody to assign to; the next join starts afresh.
            return;
        }
        let cooperative = g.config.assignor.is_cooperative();
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
        let key = cx.schedule_after(
            at.saturating_since(now),
            KafkaEvent::RebalanceDone { group }.into(),
        );
        let members = g.members.clone();
        self.notices
            .push(Notice::RebalanceStarted { group, at: now });
        // onJoinPrepare: members with auto commit commit what they have consumed.
        for &m in &members {
            let c = &self.consumers[m.0 as usize];
            if c.state == MemberState::Active && c.config.enable_auto_commit {
                self.commit_positions(now, m);
            }
        }
        let mut revoked = Vec::new();
        if !cooperative {
            // Eager: every member gives up every partition until the new assignment arrives.
            for &m in &members {
                let tps: Vec<TopicPartition> = self.consumers[m.0 as usize]
                    .assigned
                    .iter()
                    .map(|a| a.tp)
                    .collect();
                if !tps.is_empty() {
                    self.revoke(m, &tps);
                    revoked.push((m, tps));
                }
            }
        }
        self.groups[group.0 as usize].rebalance = Some(Rebalance {
            start: now,
            key,
            reason,
            initial_cap: cap,
            revoked,
            stalled: false,
        });
    }

    /// A join + sync round completes: a new generation and its assignment.
    pub(crate) fn rebalance_done<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        group: GroupId,
    ) {
        let now = cx.now();
        let g = &mut self.groups[group.0 as usize];
        let consumers = &self.consumers;
        let dead = g
            .members
            .iter()
            .any(|m| consumers[m.0 as usize].state.is_silent());
        if dead {
            // A silent member never rejoins: Kafka's join phase waits until its session times out.
            if let Some(rb) = &mut g.rebalance {
                rb.stalled = true;
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
            self.start_rebalance(cx, group, RebalanceReason::CooperativeFollowUp, false);
        }
    }
}
