//! A model of Apache Kafka on the engine: topics and partition logs, producers and their
//! partitioners, consumer groups with Kafka's assignors, rebalances in time, offsets, lag and
//! redeliveries. It knows nothing of fish: records carry any `V: Clone`.
//!
//! It models Apache Kafka 4.1 (the client and the group coordinator). Names and defaults are
//! Kafka's (`linger.ms` is [`ProducerConfig::linger_ms`], and so on).
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
//! A fuller program, a group of consumers with a member joining and one crashing under either
//! group protocol, printing what the group does: `examples/consumer_group.rs`
//! (`cargo run --example consumer_group -- eager|cooperative|consumer`).
//!
//! # What the calls and events tell you
//!
//! | call or event | notices |
//! |---|---|
//! | `send` then `linger.ms` + produce latency | [`Notice::Acked`] with partition and offset |
//! | `poll` (now, or when records arrive) + fetch latency | [`Notice::Record`]s, then [`Notice::PollReturned`] |
//! | `join`, `leave`, session expiry, `max.poll.interval.ms` | [`Notice::RebalanceStarted`] (classic: at the coordinator; consumer protocol: when the group epoch moves on) |
//! | classic: a member's heartbeat during a rebalance, or its next `poll` | eager: [`Notice::Revoked`] for all it owns as it rejoins (its poll then waits for the assignment) |
//! | classic: end of a join + sync round | cooperative: [`Notice::Revoked`] for moved partitions; [`Notice::Assigned`]; [`Notice::RebalanceEnded`] |
//! | consumer protocol: a member's heartbeat, then its reconciliation in `poll` | [`Notice::Revoked`] and [`Notice::Assigned`] for what moves; [`Notice::RebalanceEnded`] when every member has its target |
//! | a member out of the group: it left, its session expired, it missed `max.poll.interval.ms` or its rebalance timeout | [`Notice::MemberRemoved`] with the reason |
//!
//! # Group protocols
//!
//! How a group rebalances is its protocol's ([`GroupConfig::protocol`]): the classic protocol
//! (JoinGroup / SyncGroup with client-side assignors, `classic/`) or the consumer protocol of
//! KIP-848 (a target assignment computed by the broker, members reconciling one heartbeat at
//! a time, `consumer_protocol/`). Each module's docs say what is modelled and what is
//! simplified; `protocol.rs` is the seam between them and the rest of the cluster. Who
//! pauses: under the classic protocol with an eager assignor, every member, from when it
//! rejoins until the round ends; with cooperative sticky, only the partitions that move;
//! under the consumer protocol, only the partitions that move, each from its revocation to
//! its new owner's next heartbeat. When a member learns of a change: at its next heartbeat
//! (classic every `heartbeat.interval.ms`, 3 s; consumer protocol every
//! `group.consumer.heartbeat.interval.ms`, 5 s), and it acts on it in its next `poll`.
//!
//! # Ordering guarantees
//!
//! Records of one partition reach each consumer in offset order; a producer's batches to one
//! partition reach the log in the order they were sent. Same-time events run first in, first out.
//!
//! # Not modelled
//!
//! Brokers, replication and their failures (`acks` only decides whether an acknowledgement
//! carries an offset); retries; request latencies other than produce and fetch (heartbeats,
//! commits and group requests take no time, or, classic, `join_sync_time`);
//! `fetch.min.bytes` / `fetch.max.wait.ms` (a poll waits until records arrive); adding
//! partitions to a topic.

mod assignor;
mod classic;
mod cluster;
mod config;
mod consumer_group;
mod consumer_protocol;
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
mod protocol;
mod server_assignor;
mod topic;

pub use assignor::{AssignorMember, AssignorTopic, assign, java_string_cmp, kafka_member_order};
pub use cluster::{KafkaCluster, KafkaEvent};
pub use config::{
    Acks, AssignorKind, AutoOffsetReset, ConsumerConfig, GroupConfig, GroupProtocol,
    PartitionerKind, ProducerConfig,
};
pub use consumer_group::{
    ConsumerId, GroupId, MemberState, RebalanceReason, RebalanceRecord, RemovalReason, Removals,
};
pub use consumer_protocol::ReconcileState;
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
