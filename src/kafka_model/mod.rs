//! A model of Apache Kafka on the engine: topics and partition logs, producers and their
//! partitioners, consumer groups with Kafka's assignors, rebalances in time, offsets, lag and
//! redeliveries. It knows nothing of fish: records carry any `V: Clone`.
//!
//! Names and defaults are Kafka 4.0's (`linger.ms` is [`ProducerConfig::linger_ms`], and so on).
//!
//! # Use from a model
//!
//! The cluster's methods take a `Context<E>` where `E: From<KafkaEvent>`: the caller's event
//! enum wraps [`KafkaEvent`], hands each one back to [`KafkaCluster::handle`], and after every
//! call that takes a context drains the [`Notice`]s (deliveries, acknowledgements, assignment
//! changes, rebalances) with [`KafkaCluster::drain_notices_into`].
//!
//! ```
//! use chipshop::engine::{Context, Model, Simulation};
//! use chipshop::kafka_model::*;
//!
//! enum Ev { Kafka(KafkaEvent), Start }
//! impl From<KafkaEvent> for Ev { fn from(e: KafkaEvent) -> Self { Ev::Kafka(e) } }
//!
//! struct Shop { kafka: KafkaCluster<u64>, buf: Vec<Notice<u64>>, got: Vec<u64> }
//! impl Model for Shop {
//!     type Event = Ev;
//!     fn handle(&mut self, ev: Ev, cx: &mut Context<Ev>) {
//!         match ev {
//!             Ev::Start => {
//!                 let orders = self.kafka.create_topic("orders", 3, false).unwrap();
//!                 let group = self.kafka.create_group("preparers", GroupConfig::default()).unwrap();
//!                 let mut cfg = ConsumerConfig::new(["orders"]);
//!                 cfg.auto_offset_reset = AutoOffsetReset::Earliest;
//!                 let c = self.kafka.join(cx, group, cfg).unwrap();
//!                 self.kafka.poll(cx, c).unwrap();
//!                 let p = self.kafka.add_producer(cx, ProducerConfig::new("till-1"));
//!                 for v in 0..10 { self.kafka.send(cx, p, orders, None, None, v).unwrap(); }
//!             }
//!             Ev::Kafka(k) => self.kafka.handle(k, cx),
//!         }
//!         self.kafka.drain_notices_into(&mut self.buf);
//!         for n in self.buf.drain(..) {
//!             match n {
//!                 Notice::Record(d) => self.got.push(d.value),
//!                 Notice::PollReturned { consumer, .. } => {
//!                     self.kafka.commit(cx, consumer).unwrap();
//!                     self.kafka.poll(cx, consumer).unwrap();
//!                 }
//!                 _ => {}
//!             }
//!         }
//!     }
//! }
//! let shop = Shop { kafka: KafkaCluster::new(), buf: Vec::new(), got: Vec::new() };
//! let mut sim = Simulation::new(shop, 1);
//! sim.invoke(|_, cx| cx.schedule_now(Ev::Start));
//! sim.run();
//! assert_eq!(sim.model().got.len(), 10);
//! ```
//!
//! # What the calls and events tell you
//!
//! | call or event | notices |
//! |---|---|
//! | `send` then `linger.ms` + produce latency | [`Notice::Acked`] with partition and offset |
//! | `poll` (now, or when records arrive) + fetch latency | [`Notice::Record`]s, then [`Notice::PollReturned`] |
//! | `join`, `leave`, session expiry | [`Notice::RebalanceStarted`]; eager: [`Notice::Revoked`] for every member blocked in `poll` |
//! | `poll` of a member that has not rejoined a running rebalance | eager: [`Notice::Revoked`] for all it owns (its poll then waits for the assignment) |
//! | end of a join + sync round | cooperative: [`Notice::Revoked`] for moved partitions; [`Notice::Assigned`]; [`Notice::RebalanceEnded`] |
//! | session expiry of a crashed or closed static member; rebalance timeout of a dynamic member that did not rejoin | [`Notice::MemberRemoved`] |
//!
//! # Group protocols
//!
//! How a group rebalances is its protocol's: the classic protocol (JoinGroup / SyncGroup with
//! client-side assignors) is [`classic`](self) (`classic/`); its module docs say what is
//! modelled and what is simplified.
//!
//! # Ordering guarantees
//!
//! Records of one partition reach each consumer in offset order; a producer's batches to one
//! partition reach the log in the order they were sent. Same-time events run first in, first out.
//!
//! # Not modelled
//!
//! Brokers, replication and their failures (`acks` only decides whether an acknowledgement
//! carries an offset); retries; `max.poll.interval.ms` eviction by the client outside a
//! rebalance (inside one, the coordinator's rebalance timeout is modelled); commit latency (commits are
//! instant); `fetch.min.bytes` / `fetch.max.wait.ms` (a poll waits until records arrive); the
//! KIP-848 `consumer` group protocol (this is the classic protocol); adding partitions to a topic.

mod assignor;
mod classic;
mod cluster;
mod config;
mod consumer_group;
mod error;
mod fetch;
mod inspect;
mod membership;
mod murmur2;
mod notice;
mod offsets;
mod partitioner;
mod produce;
mod producer;
mod server_assignor;
mod topic;

pub use assignor::{AssignorMember, AssignorTopic, assign, java_string_cmp, kafka_member_order};
pub use cluster::{KafkaCluster, KafkaEvent};
pub use config::{
    Acks, AssignorKind, AutoOffsetReset, ConsumerConfig, GroupConfig, PartitionerKind,
    ProducerConfig,
};
pub use consumer_group::{ConsumerId, GroupId, MemberState, RebalanceReason, RebalanceRecord};
pub use error::KafkaError;
pub use inspect::LagSample;
pub use murmur2::{murmur2, partition_for_key, to_positive};
pub use notice::{Delivery, Notice};
pub use producer::{ProducerId, SendId};
pub use server_assignor::{
    ServerAssignorKind, ServerAssignorMember, SubscriptionType, subscription_type,
};
pub use topic::{
    MAX_TOPIC_NAME_LENGTH, PartitionLog, Record, Topic, TopicId, TopicPartition, check_topic_name,
};
