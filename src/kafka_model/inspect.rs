//! What a caller can ask the cluster: offsets, lag (now, over time and sampled for charts),
//! rebalances, redeliveries, members and their assignments. Read-only, except for scheduling
//! the lag samples.

use super::cluster::{KafkaCluster, KafkaEvent};
use super::consumer_group::{ConsumerId, GroupId, MemberState, RebalanceRecord, Removals};
use super::topic::{TopicId, TopicPartition};
use crate::engine::{Context, SimDuration, SimTime};

/// One group's lag on one partition at one time (for charts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LagSample {
    /// When.
    pub at: SimTime,
    /// The group.
    pub group: GroupId,
    /// The partition.
    pub tp: TopicPartition,
    /// Log end offset minus committed offset.
    pub lag: u64,
}

impl<V: Clone> KafkaCluster<V> {
    /// Records every group's lag on every partition it reads now and then every `every` until
    /// `until` (inclusive), for charts; read them with [`lag_samples`](Self::lag_samples).
    /// Sampling stops at `until` so that a run can still end when nothing else is left.
    pub fn sample_lag<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        every: SimDuration,
        until: SimTime,
    ) {
        self.lag_sampling = Some((every.max(SimDuration::from_nanos(1)), until));
        cx.schedule_now(KafkaEvent::SampleLag.into());
    }

    pub(crate) fn take_lag_sample<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>) {
        let now = cx.now();
        for g in 0..self.groups.len() {
            let group = GroupId(g as u32);
            for (t, parts) in self.groups[g].committed.iter().enumerate() {
                for p in 0..parts.len() as u32 {
                    let tp = TopicPartition::new(TopicId(t as u32), p);
                    let lag = self.partition_lag(group, tp);
                    self.lag_samples.push(LagSample {
                        at: now,
                        group,
                        tp,
                        lag,
                    });
                }
            }
        }
        if let Some((every, until)) = self.lag_sampling {
            if let Some(next) = now.checked_add(every).filter(|&t| t <= until) {
                let _ = cx.schedule_at(next, KafkaEvent::SampleLag.into());
            }
        }
    }

    /// The lag samples taken so far, in time order.
    pub fn lag_samples(&self) -> &[LagSample] {
        &self.lag_samples
    }

    /// The log end offset of `tp` (the offset the next record will get).
    pub fn log_end_offset(&self, tp: TopicPartition) -> Option<u64> {
        Some(self.topic(tp.topic)?.log(tp.partition)?.log_end_offset())
    }

    /// The log start offset of `tp` (the first record still kept).
    pub fn log_start_offset(&self, tp: TopicPartition) -> Option<u64> {
        Some(self.topic(tp.topic)?.log(tp.partition)?.log_start_offset())
    }

    /// Records held in memory across all topics.
    pub fn retained_records(&self) -> usize {
        self.topics
            .iter()
            .flat_map(|t| t.logs.iter())
            .map(|l| l.retained())
            .sum()
    }

    /// Records appended to `topic` so far.
    pub fn records_produced(&self, topic: TopicId) -> u64 {
        self.produced.get(topic.0 as usize).copied().unwrap_or(0)
    }

    /// Records appended to all topics so far.
    pub fn total_records_produced(&self) -> u64 {
        self.produced.iter().sum()
    }

    /// The group's committed offset for `tp` (the next offset it will read), if any.
    pub fn committed(&self, group: GroupId, tp: TopicPartition) -> Option<u64> {
        self.groups.get(group.0 as usize)?.committed(tp)
    }

    /// The group's lag on `tp`: log end offset minus committed offset (minus the log start
    /// offset if it has committed nothing there yet).
    pub fn partition_lag(&self, group: GroupId, tp: TopicPartition) -> u64 {
        let Some(log) = self.topic(tp.topic).and_then(|t| t.log(tp.partition)) else {
            return 0;
        };
        let from = self.committed(group, tp).unwrap_or(log.log_start_offset());
        log.log_end_offset().saturating_sub(from)
    }

    /// The group's total lag over every partition of the topics it subscribes to.
    pub fn total_lag(&self, group: GroupId) -> u64 {
        self.groups.get(group.0 as usize).map_or(0, |g| g.total_lag)
    }

    /// The largest total lag the group has had.
    pub fn max_lag(&self, group: GroupId) -> u64 {
        self.groups.get(group.0 as usize).map_or(0, |g| g.max_lag)
    }

    /// The group's time-averaged total lag from time zero to `now`.
    pub fn mean_lag(&self, group: GroupId, now: SimTime) -> f64 {
        self.groups
            .get(group.0 as usize)
            .map_or(0.0, |g| g.lag.mean(now))
    }

    /// Every completed rebalance round, in order.
    pub fn rebalances(&self) -> &[RebalanceRecord] {
        &self.rebalances
    }

    /// Records the group was handed again (after a crash or an uncommitted revoke).
    pub fn redeliveries(&self, group: GroupId) -> u64 {
        self.groups
            .get(group.0 as usize)
            .map_or(0, |g| g.redeliveries)
    }

    /// How many members left the group, by reason.
    pub fn removals(&self, group: GroupId) -> Removals {
        self.groups
            .get(group.0 as usize)
            .map_or_else(Removals::default, |g| g.removals)
    }

    /// Records delivered to the group's members, redeliveries included.
    pub fn delivered(&self, group: GroupId) -> u64 {
        self.groups.get(group.0 as usize).map_or(0, |g| g.delivered)
    }

    /// The group's generation (0 before its first rebalance completes).
    pub fn generation(&self, group: GroupId) -> u32 {
        self.groups
            .get(group.0 as usize)
            .map_or(0, |g| g.generation)
    }

    /// The group's members (active, or crashed but not yet removed), in join order.
    pub fn members(&self, group: GroupId) -> &[ConsumerId] {
        self.groups
            .get(group.0 as usize)
            .map_or(&[], |g| g.members.as_slice())
    }

    /// The group's name.
    pub fn group_name(&self, group: GroupId) -> Option<&str> {
        self.groups.get(group.0 as usize).map(|g| g.name.as_str())
    }

    /// The partitions a consumer owns now, in assignment order.
    pub fn assignment(&self, consumer: ConsumerId) -> Vec<TopicPartition> {
        self.consumers
            .get(consumer.0 as usize)
            .map_or_else(Vec::new, |c| c.assigned.iter().map(|a| a.tp).collect())
    }

    /// Whether the consumer owns any partition now (no allocation, unlike [`Self::assignment`]).
    pub fn owns_partitions(&self, consumer: ConsumerId) -> bool {
        self.consumers
            .get(consumer.0 as usize)
            .is_some_and(|c| !c.assigned.is_empty())
    }

    /// The consumer's position on `tp` (the next offset it will read), if it owns `tp`.
    pub fn position(&self, consumer: ConsumerId, tp: TopicPartition) -> Option<u64> {
        let c = self.consumers.get(consumer.0 as usize)?;
        c.assigned.iter().find(|a| a.tp == tp).map(|a| a.position)
    }

    /// The consumer's member id (`<client.id>-<uuid>`).
    pub fn member_id(&self, consumer: ConsumerId) -> Option<&str> {
        self.consumers
            .get(consumer.0 as usize)
            .map(|c| c.member_id.as_str())
    }

    /// The consumer's group.
    pub fn group_of(&self, consumer: ConsumerId) -> Option<GroupId> {
        self.consumers.get(consumer.0 as usize).map(|c| c.group)
    }

    /// The consumer's state.
    pub fn member_state(&self, consumer: ConsumerId) -> Option<MemberState> {
        self.consumers.get(consumer.0 as usize).map(|c| c.state)
    }
}
