//! Offsets and ownership: commits (manual and auto), the committed offsets that bound what a
//! partition log keeps, and giving partitions to and taking them from a consumer.

use super::cluster::{KafkaCluster, KafkaEvent};
use super::config::AutoOffsetReset;
use super::consumer_group::{Assigned, ConsumerId, GroupId};
use super::error::KafkaError;
use super::notice::Notice;
use super::topic::TopicPartition;
use crate::engine::{Context, SimTime};

impl<V: Clone> KafkaCluster<V> {
    /// Commits the consumer's position on every partition it owns (synchronously, as
    /// `commitSync()`): the committed offset is the next offset the group will read.
    pub fn commit<E>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
    ) -> Result<(), KafkaError> {
        self.active(consumer)?;
        self.commit_positions(cx.now(), consumer);
        Ok(())
    }

    pub(crate) fn commit_positions(&mut self, now: SimTime, consumer: ConsumerId) {
        let n = self.consumers[consumer.0 as usize].assigned.len();
        for i in 0..n {
            let a = self.consumers[consumer.0 as usize].assigned[i];
            self.set_committed(
                now,
                self.consumers[consumer.0 as usize].group,
                a.tp,
                a.position,
            );
        }
    }

    pub(crate) fn commit_partitions(
        &mut self,
        now: SimTime,
        consumer: ConsumerId,
        tps: &[TopicPartition],
    ) {
        let c = &self.consumers[consumer.0 as usize];
        let group = c.group;
        let positions: Vec<(TopicPartition, u64)> = c
            .assigned
            .iter()
            .filter(|a| tps.contains(&a.tp))
            .map(|a| (a.tp, a.position))
            .collect();
        for (tp, pos) in positions {
            self.set_committed(now, group, tp, pos);
        }
    }

    fn set_committed(&mut self, now: SimTime, group: GroupId, tp: TopicPartition, offset: u64) {
        let (t, p) = (tp.topic.0 as usize, tp.partition as usize);
        let log = &mut self.topics[t].logs[p];
        let g = &mut self.groups[group.0 as usize];
        let old = g.committed[t][p];
        if old == Some(offset) {
            return;
        }
        let old_eff = old.unwrap_or(log.log_start_offset());
        g.committed[t][p] = Some(offset);
        let lag = (g.total_lag as i128 + old_eff as i128 - offset as i128).max(0) as u64;
        g.set_lag(now, lag);
        if self.topics[t].keep_history {
            return;
        }
        let mut min = u64::MAX;
        for gid in &self.topic_groups[t] {
            let c = self.groups[gid.0 as usize].committed[t][p];
            min = min.min(c.unwrap_or(0));
        }
        let log = &mut self.topics[t].logs[p];
        if min != u64::MAX && min > log.log_start_offset() {
            log.release_before(min);
        }
    }

    /// Takes `tps` from the consumer (no commit) and tells the caller.
    pub(crate) fn revoke(&mut self, consumer: ConsumerId, tps: &[TopicPartition]) {
        if tps.is_empty() {
            return;
        }
        let c = &mut self.consumers[consumer.0 as usize];
        c.assigned.retain(|a| !tps.contains(&a.tp));
        c.fetched.retain(|f| !tps.contains(&f.tp));
        for tp in tps {
            self.owners[tp.topic.0 as usize][tp.partition as usize].retain(|&o| o != consumer);
        }
        self.notices.push(Notice::Revoked {
            consumer,
            partitions: tps.to_vec(),
        });
    }

    /// Gives `tps` to the consumer, each at the group's committed offset or, without one, at
    /// `auto.offset.reset`; tells the caller and wakes a waiting poll.
    pub(crate) fn grant<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        consumer: ConsumerId,
        tps: &[TopicPartition],
    ) {
        if tps.is_empty() {
            return;
        }
        let c = &self.consumers[consumer.0 as usize];
        let group = &self.groups[c.group.0 as usize];
        let reset = c.config.auto_offset_reset;
        let mut add = Vec::with_capacity(tps.len());
        for &tp in tps {
            let log = &self.topics[tp.topic.0 as usize].logs[tp.partition as usize];
            let position = group.committed(tp).unwrap_or(match reset {
                AutoOffsetReset::Earliest => log.log_start_offset(),
                AutoOffsetReset::Latest => log.log_end_offset(),
            });
            add.push(Assigned {
                tp,
                position,
                buffered: false,
            });
            self.owners[tp.topic.0 as usize][tp.partition as usize].push(consumer);
        }
        self.consumers[consumer.0 as usize].assigned.extend(add);
        self.notices.push(Notice::Assigned {
            consumer,
            partitions: tps.to_vec(),
        });
        self.maybe_fetch(cx, consumer);
    }
}
