//! The cluster: owns topics, producers, consumers and groups, dispatches the model's events,
//! and answers queries (offsets, lag, rebalances, redeliveries). Producing lives here too.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::config::{Acks, GroupConfig, ProducerConfig};
use super::consumer_group::{Consumer, ConsumerId, Group, GroupId, MemberState, RebalanceRecord};
use super::error::KafkaError;
use super::notice::Notice;
use super::producer::{BatchPhase, BatchSlab, Producer, ProducerId, SendId};
use super::topic::{Record, Topic, TopicId, TopicPartition};
use crate::engine::{Context, SimDuration, SimTime};

/// The Kafka model's own events. A caller's event type wraps them (`E: From<KafkaEvent>`) and
/// hands each back to [`KafkaCluster::handle`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KafkaEvent {
    /// A batch's `linger.ms` is up: it leaves the producer.
    LingerExpired {
        /// The batch's slot.
        batch: u32,
    },
    /// A batch reaches its partition's log.
    BatchArrived {
        /// The batch's slot.
        batch: u32,
    },
    /// A consumer's fetch completes.
    FetchDone {
        /// The consumer.
        consumer: ConsumerId,
    },
    /// A group's join + sync round completes.
    RebalanceDone {
        /// The group.
        group: GroupId,
    },
    /// A crashed consumer's session times out.
    SessionExpired {
        /// The consumer.
        consumer: ConsumerId,
    },
    /// A consumer waiting in a long poll reaches its next auto commit (a real poll loop keeps
    /// calling `poll`, which commits once `auto.commit.interval.ms` has passed).
    AutoCommit {
        /// The consumer.
        consumer: ConsumerId,
    },
    /// Time to record every group's lag on every partition (see
    /// [`KafkaCluster::sample_lag`]).
    SampleLag,
}

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

/// A Kafka cluster: topics, producers, consumer groups. Generic over the record value `V`.
#[derive(Debug)]
pub struct KafkaCluster<V> {
    pub(crate) topics: Vec<Topic<V>>,
    topic_names: BTreeMap<String, TopicId>,
    /// Per topic, per partition: the consumers that own it (at most one per group).
    pub(crate) owners: Vec<Vec<Vec<ConsumerId>>>,
    /// Per topic: the groups subscribed to it.
    pub(crate) topic_groups: Vec<Vec<GroupId>>,
    producers: Vec<Producer>,
    batches: BatchSlab<V>,
    pub(crate) consumers: Vec<Consumer>,
    pub(crate) groups: Vec<Group>,
    group_names: BTreeMap<String, GroupId>,
    pub(crate) notices: Vec<Notice<V>>,
    pub(crate) rebalances: Vec<RebalanceRecord>,
    next_send: u64,
    produced: Vec<u64>,
    pub(crate) client_counter: u32,
    lag_sampling: Option<(SimDuration, SimTime)>,
    lag_samples: Vec<LagSample>,
}

impl<V> Default for KafkaCluster<V> {
    fn default() -> Self {
        KafkaCluster {
            topics: Vec::new(),
            topic_names: BTreeMap::new(),
            owners: Vec::new(),
            topic_groups: Vec::new(),
            producers: Vec::new(),
            batches: BatchSlab::default(),
            consumers: Vec::new(),
            groups: Vec::new(),
            group_names: BTreeMap::new(),
            notices: Vec::new(),
            rebalances: Vec::new(),
            next_send: 0,
            produced: Vec::new(),
            client_counter: 0,
            lag_sampling: None,
            lag_samples: Vec::new(),
        }
    }
}

impl<V: Clone> KafkaCluster<V> {
    /// An empty cluster.
    pub fn new() -> Self {
        Self::default()
    }

    /// Creates topic `name` with `partitions` partitions. With `keep_history` it keeps every
    /// record; otherwise records every subscribed group has committed past are released.
    pub fn create_topic(
        &mut self,
        name: &str,
        partitions: u32,
        keep_history: bool,
    ) -> Result<TopicId, KafkaError> {
        if partitions == 0 {
            return Err(KafkaError::NoPartitions(name.to_string()));
        }
        if self.topic_names.contains_key(name) {
            return Err(KafkaError::TopicExists(name.to_string()));
        }
        let id = TopicId(self.topics.len() as u32);
        self.topics
            .push(Topic::new(name.to_string(), partitions, keep_history));
        self.topic_names.insert(name.to_string(), id);
        self.owners.push(vec![Vec::new(); partitions as usize]);
        self.topic_groups.push(Vec::new());
        self.produced.push(0);
        Ok(id)
    }

    /// The id of topic `name`.
    pub fn topic_id(&self, name: &str) -> Result<TopicId, KafkaError> {
        self.topic_names
            .get(name)
            .copied()
            .ok_or_else(|| KafkaError::UnknownTopic(name.to_string()))
    }

    /// Topic `id`.
    pub fn topic(&self, id: TopicId) -> Option<&Topic<V>> {
        self.topics.get(id.0 as usize)
    }

    /// Creates consumer group `name`.
    pub fn create_group(&mut self, name: &str, config: GroupConfig) -> Result<GroupId, KafkaError> {
        if self.group_names.contains_key(name) {
            return Err(KafkaError::GroupExists(name.to_string()));
        }
        let id = GroupId(self.groups.len() as u32);
        self.groups.push(Group::new(name.to_string(), config));
        self.group_names.insert(name.to_string(), id);
        Ok(id)
    }

    /// The id of group `name`.
    pub fn group_id(&self, name: &str) -> Result<GroupId, KafkaError> {
        self.group_names
            .get(name)
            .copied()
            .ok_or_else(|| KafkaError::UnknownGroup(name.to_string()))
    }

    /// Adds a producer; it draws from the random stream `kafka-producer-<client.id>`.
    pub fn add_producer<E>(&mut self, cx: &Context<E>, config: ProducerConfig) -> ProducerId {
        let rng = cx
            .seeds()
            .stream(&format!("kafka-producer-{}", config.client_id));
        self.producers.push(Producer::new(config, rng));
        ProducerId((self.producers.len() - 1) as u32)
    }

    /// Sends `value` to `topic`: to `partition` if given, else by the producer's partitioner
    /// (murmur2 of `key`, or sticky / round robin). The record joins the partition's open batch,
    /// which leaves after `linger.ms` (or at once when `batch.size` is reached) and reaches the
    /// log after the produce latency; then a [`Notice::Acked`] carries its offset.
    pub fn send<E: From<KafkaEvent>>(
        &mut self,
        cx: &mut Context<E>,
        producer: ProducerId,
        topic: TopicId,
        key: Option<&[u8]>,
        partition: Option<u32>,
        value: V,
    ) -> Result<SendId, KafkaError> {
        let t = self
            .topics
            .get(topic.0 as usize)
            .ok_or_else(|| KafkaError::UnknownTopic(topic.to_string()))?;
        let partitions = t.partitions();
        if let Some(p) = partition {
            if p >= partitions {
                return Err(KafkaError::UnknownPartition {
                    topic: t.name.clone(),
                    partition: p,
                    partitions,
                });
            }
        }
        let prod = self
            .producers
            .get_mut(producer.0 as usize)
            .ok_or(KafkaError::UnknownProducer(producer.0))?;
        let bytes = prod.config.value_bytes + key.map_or(0, <[u8]>::len);
        let p = prod.partitioner.choose(
            topic.0 as usize,
            partitions,
            key,
            partition,
            bytes,
            prod.config.batch_size,
            &mut prod.rng,
        );
        prod.ensure_topic(topic.0 as usize, partitions);
        let tp = TopicPartition::new(topic, p);
        let slot = match prod.open[topic.0 as usize][p as usize] {
            Some(slot) => slot,
            None => {
                let slot = self.batches.open(producer, tp);
                let linger = prod.config.linger_ms;
                prod.open[topic.0 as usize][p as usize] = Some(slot);
                let key =
                    cx.schedule_after(linger, KafkaEvent::LingerExpired { batch: slot }.into());
                self.batches.get_mut(slot).linger = Some(key);
                slot
            }
        };
        let batch_size = prod.config.batch_size;
        let id = SendId(self.next_send);
        self.next_send += 1;
        let batch = self.batches.get_mut(slot);
        batch.records.push((
            id,
            Record {
                key: key.map(Arc::from),
                value,
                timestamp: cx.now(),
            },
        ));
        batch.bytes += bytes;
        if batch.bytes >= batch_size {
            if let Some(k) = batch.linger.take() {
                cx.cancel(k);
            }
            self.seal(cx, slot);
        }
        Ok(id)
    }

    /// Closes a batch and schedules its arrival in the log, never before the producer's previous
    /// batch to the same partition (Kafka's idempotent producer keeps order per partition).
    fn seal<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>, slot: u32) {
        let batch = self.batches.get_mut(slot);
        batch.linger = None;
        batch.phase = BatchPhase::Sent;
        let (producer, tp) = (batch.producer, batch.tp);
        let prod = &mut self.producers[producer.0 as usize];
        prod.open[tp.topic.0 as usize][tp.partition as usize] = None;
        let latency = prod.config.produce_latency.sample(&mut prod.rng);
        let last = &mut prod.last_arrival[tp.topic.0 as usize][tp.partition as usize];
        let at = cx
            .now()
            .checked_add(latency)
            .unwrap_or(SimTime::MAX)
            .max(*last);
        *last = at;
        // `at` is never in the past, so this cannot fail.
        let _ = cx.schedule_at(at, KafkaEvent::BatchArrived { batch: slot }.into());
    }

    /// Appends an arrived batch to its log, acknowledges its records and wakes waiting consumers.
    fn arrive<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>, slot: u32) {
        let batch = self.batches.get_mut(slot);
        let (producer, tp) = (batch.producer, batch.tp);
        let acks = self.producers[producer.0 as usize].config.acks;
        let log = &mut self.topics[tp.topic.0 as usize].logs[tp.partition as usize];
        let n = batch.records.len() as u64;
        for (send, record) in batch.records.drain(..) {
            let offset = log.append(record);
            self.notices.push(Notice::Acked {
                producer,
                send,
                tp,
                offset: (acks != Acks::None).then_some(offset),
            });
        }
        self.batches.free(slot);
        self.produced[tp.topic.0 as usize] += n;
        let now = cx.now();
        for i in 0..self.topic_groups[tp.topic.0 as usize].len() {
            let g = self.topic_groups[tp.topic.0 as usize][i];
            let group = &mut self.groups[g.0 as usize];
            let lag = group.total_lag + n;
            group.set_lag(now, lag);
        }
        for i in 0..self.owners[tp.topic.0 as usize][tp.partition as usize].len() {
            let c = self.owners[tp.topic.0 as usize][tp.partition as usize][i];
            self.maybe_fetch(cx, c);
        }
    }

    /// Handles one of the model's events; then drain the notices.
    ///
    /// Events that name no live batch, consumer or group (never scheduled by the model) are
    /// ignored.
    pub fn handle<E: From<KafkaEvent>>(&mut self, event: KafkaEvent, cx: &mut Context<E>) {
        let consumer_ok = |c: ConsumerId| (c.0 as usize) < self.consumers.len();
        match event {
            KafkaEvent::LingerExpired { batch } if self.batches.is(batch, BatchPhase::Open) => {
                self.seal(cx, batch)
            }
            KafkaEvent::BatchArrived { batch } if self.batches.is(batch, BatchPhase::Sent) => {
                self.arrive(cx, batch)
            }
            KafkaEvent::LingerExpired { .. } | KafkaEvent::BatchArrived { .. } => {}
            KafkaEvent::FetchDone { consumer }
            | KafkaEvent::SessionExpired { consumer }
            | KafkaEvent::AutoCommit { consumer }
                if !consumer_ok(consumer) => {}
            KafkaEvent::RebalanceDone { group } if group.0 as usize >= self.groups.len() => {}
            KafkaEvent::FetchDone { consumer } => self.fetch_done(cx, consumer),
            KafkaEvent::RebalanceDone { group } => self.rebalance_done(cx, group),
            KafkaEvent::SessionExpired { consumer } => self.session_expired(cx, consumer),
            KafkaEvent::SampleLag => self.take_lag_sample(cx),
            KafkaEvent::AutoCommit { consumer } => self.auto_commit_while_waiting(cx, consumer),
        }
    }

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

    fn take_lag_sample<E: From<KafkaEvent>>(&mut self, cx: &mut Context<E>) {
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

    /// Moves the pending notices into `out` (cleared first), keeping both buffers' capacity:
    /// call it after every call that takes a context, and reuse `out`.
    pub fn drain_notices_into(&mut self, out: &mut Vec<Notice<V>>) {
        out.clear();
        std::mem::swap(&mut self.notices, out);
    }

    /// The pending notices, taken (allocates; prefer [`drain_notices_into`](Self::drain_notices_into)).
    pub fn take_notices(&mut self) -> Vec<Notice<V>> {
        std::mem::take(&mut self.notices)
    }

    // ---- queries ----

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

    /// Whether the group is in a rebalance.
    pub fn is_rebalancing(&self, group: GroupId) -> bool {
        self.groups
            .get(group.0 as usize)
            .is_some_and(|g| g.rebalance.is_some())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Model, Simulation};
    use crate::kafka_model::ConsumerConfig;

    struct Bare(KafkaCluster<u8>);

    impl Model for Bare {
        type Event = KafkaEvent;
        fn handle(&mut self, ev: KafkaEvent, cx: &mut Context<KafkaEvent>) {
            self.0.handle(ev, cx);
        }
    }

    #[test]
    fn stray_events_are_ignored_not_panics() {
        let mut sim = Simulation::new(Bare(KafkaCluster::new()), 1);
        sim.invoke(|m, cx| {
            let t = m.0.create_topic("t", 1, false).unwrap();
            let p = m.0.add_producer(cx, ProducerConfig::new("p"));
            m.0.send(cx, p, t, None, None, 1).unwrap();
            for ev in [
                KafkaEvent::LingerExpired { batch: 7 },
                KafkaEvent::BatchArrived { batch: 0 },
                KafkaEvent::FetchDone {
                    consumer: ConsumerId(3),
                },
                KafkaEvent::RebalanceDone { group: GroupId(3) },
                KafkaEvent::SessionExpired {
                    consumer: ConsumerId(3),
                },
                KafkaEvent::AutoCommit {
                    consumer: ConsumerId(3),
                },
            ] {
                cx.schedule_now(ev);
            }
        });
        sim.run();
        let k = &sim.model().0;
        // The one real record arrived once, after linger.ms.
        assert_eq!(k.total_records_produced(), 1);
        assert_eq!(sim.now(), SimTime::from_nanos(5_000_000));
    }

    #[test]
    fn bad_calls_are_typed_errors() {
        let mut sim = Simulation::new(Bare(KafkaCluster::new()), 1);
        sim.invoke(|m, cx| {
            let k = &mut m.0;
            assert_eq!(
                k.create_topic("t", 0, false),
                Err(KafkaError::NoPartitions("t".into()))
            );
            let t = k.create_topic("t", 2, false).unwrap();
            assert!(matches!(
                k.create_topic("t", 2, false),
                Err(KafkaError::TopicExists(_))
            ));
            let p = k.add_producer(cx, ProducerConfig::new("p"));
            assert!(matches!(
                k.send(cx, p, t, None, Some(2), 0),
                Err(KafkaError::UnknownPartition { partition: 2, .. })
            ));
            assert!(k.send(cx, ProducerId(9), t, None, None, 0).is_err());
            assert!(k.poll(cx, ConsumerId(0)).is_err());
            let g = k.create_group("g", GroupConfig::default()).unwrap();
            let mut cfg = ConsumerConfig::new(["nope"]);
            assert_eq!(
                k.join(cx, g, cfg.clone()),
                Err(KafkaError::UnknownTopic("nope".into()))
            );
            cfg.topics = vec!["t".into()];
            cfg.group_instance_id = Some("i".into());
            let c = k.join(cx, g, cfg.clone()).unwrap();
            assert_eq!(
                k.join(cx, g, cfg),
                Err(KafkaError::DuplicateMember("i".into()))
            );
            k.crash(cx, c).unwrap();
            assert_eq!(k.poll(cx, c), Err(KafkaError::ConsumerGone(c.0)));
        });
    }
}
