//! The cluster: owns topics, producers, consumers and groups, dispatches the model's events,
//! and answers queries (offsets, lag, rebalances, redeliveries). Producing lives here too.

use std::collections::BTreeMap;

use super::config::GroupConfig;
use super::consumer_group::{Consumer, ConsumerId, Group, GroupId, RebalanceRecord};
use super::error::KafkaError;
use super::inspect::LagSample;
use super::notice::Notice;
use super::producer::{BatchPhase, BatchSlab, Producer};
use super::topic::{Topic, TopicId};
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
    /// A silent member's session times out (it crashed, or it is a static member that
    /// closed or stopped polling).
    SessionExpired {
        /// The consumer.
        consumer: ConsumerId,
    },
    /// A member heartbeats (scheduled only when the answer can change something for it).
    Heartbeat {
        /// The consumer.
        consumer: ConsumerId,
    },
    /// Time to check that a member has polled within `max.poll.interval.ms`.
    PollTimeout {
        /// The consumer.
        consumer: ConsumerId,
    },
    /// Consumer protocol: a member's deadline to revoke partitions (its rebalance timeout).
    RevocationTimeout {
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

/// A Kafka cluster: topics, producers, consumer groups. Generic over the record value `V`.
#[derive(Debug)]
pub struct KafkaCluster<V> {
    pub(crate) topics: Vec<Topic<V>>,
    pub(crate) topic_names: BTreeMap<String, TopicId>,
    /// Per topic, per partition: the consumers that own it (at most one per group).
    pub(crate) owners: Vec<Vec<Vec<ConsumerId>>>,
    /// Per topic: the groups subscribed to it.
    pub(crate) topic_groups: Vec<Vec<GroupId>>,
    pub(crate) producers: Vec<Producer>,
    pub(crate) batches: BatchSlab<V>,
    pub(crate) consumers: Vec<Consumer>,
    pub(crate) groups: Vec<Group>,
    pub(crate) group_names: BTreeMap<String, GroupId>,
    pub(crate) notices: Vec<Notice<V>>,
    pub(crate) rebalances: Vec<RebalanceRecord>,
    pub(crate) next_send: u64,
    pub(crate) produced: Vec<u64>,
    pub(crate) client_counter: u32,
    pub(crate) lag_sampling: Option<(SimDuration, SimTime)>,
    pub(crate) lag_samples: Vec<LagSample>,
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
            | KafkaEvent::Heartbeat { consumer }
            | KafkaEvent::PollTimeout { consumer }
            | KafkaEvent::RevocationTimeout { consumer }
                if !consumer_ok(consumer) => {}
            KafkaEvent::RebalanceDone { group } if group.0 as usize >= self.groups.len() => {}
            KafkaEvent::FetchDone { consumer } => self.fetch_done(cx, consumer),
            KafkaEvent::RebalanceDone { group } => self.rebalance_done(cx, group),
            KafkaEvent::SessionExpired { consumer } => self.session_expired(cx, consumer),
            KafkaEvent::Heartbeat { consumer } => self.heartbeat_due(cx, consumer),
            KafkaEvent::PollTimeout { consumer } => self.poll_timer_due(cx, consumer),
            KafkaEvent::RevocationTimeout { consumer } => self.revocation_due(cx, consumer),
            KafkaEvent::SampleLag => self.take_lag_sample(cx),
            KafkaEvent::AutoCommit { consumer } => self.auto_commit_while_waiting(cx, consumer),
        }
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Model, Simulation};
    use crate::kafka_model::{ConsumerConfig, ProducerConfig, ProducerId};

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
                KafkaEvent::Heartbeat {
                    consumer: ConsumerId(3),
                },
                KafkaEvent::PollTimeout {
                    consumer: ConsumerId(3),
                },
                KafkaEvent::RevocationTimeout {
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
