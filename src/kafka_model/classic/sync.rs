//! The classic protocol's sync round: when the join phase is over, the generation moves on,
//! the assignor runs, and members get their partitions (cooperative: moved partitions are
//! revoked in this round and assigned in a follow-up round).

use crate::engine::Context;
use crate::kafka_model::assignor::{AssignorMember, AssignorTopic, assign};
use crate::kafka_model::cluster::{KafkaCluster, KafkaEvent};
use crate::kafka_model::config::GroupProtocol;
use crate::kafka_model::consumer_group::{
    ConsumerId, GroupId, MemberState, RebalanceReason, RebalanceRecord, Rejoin,
};
use crate::kafka_model::notice::Notice;
use crate::kafka_model::topic::TopicPartition;

impl<V: Clone> KafkaCluster<V> {
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
        let GroupProtocol::Classic(kind) = g.config.protocol else {
            unreachable!("a classic round in a consumer-protocol group");
        };
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
        let mut revokers = Vec::new();
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
                    revokers.push(m);
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
        // Each member's heartbeat timer starts again as its JoinGroup is answered.
        for &m in &members {
            let c = &mut self.consumers[m.0 as usize];
            if c.state != MemberState::Active {
                continue;
            }
            c.heartbeat_from = now;
            c.rejoin = Rejoin::No;
            if let Some(k) = c.heartbeat.take() {
                cx.cancel(k);
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
            // Those that revoked rejoin at once (`onJoinComplete` asks for it); the others
            // learn of the follow-up round from their next heartbeat.
            self.start_rebalance(
                cx,
                group,
                RebalanceReason::CooperativeFollowUp,
                false,
                &revokers,
            );
        }
    }
}
