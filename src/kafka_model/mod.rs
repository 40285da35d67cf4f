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
//! # Rebalances (the classic protocol)
//!
//! What is modelled, after Kafka's client (`ConsumerCoordinator`, `AbstractCoordinator`,
//! `ClassicKafkaConsumer`) and group coordinator (`GroupMetadataManager` for classic groups):
//!
//! - A rebalance starts when a member joins, leaves or is removed. Every other member must
//!   rejoin (send JoinGroup), and a Java consumer does that only from inside `poll()`: its
//!   heartbeat thread merely learns `REBALANCE_IN_PROGRESS` and requests a rejoin, which the
//!   application thread's next `poll` carries out (`ConsumerCoordinator.poll` ->
//!   `ensureActiveGroup` -> `onJoinPrepare` -> JoinGroup). So a member blocked in `poll` (a
//!   poll outstanding, waiting for records) rejoins at once, and a member busy with what its
//!   last poll returned rejoins at its next `poll`.
//! - `onJoinPrepare` runs as the member rejoins: with auto commit it commits what it has
//!   consumed; eager, it then gives up every partition; cooperative, it keeps them (and keeps
//!   reading them while the rebalance runs). Until it rejoins, a busy member still owns its
//!   partitions, and a manual `commit` of them works (the coordinator accepts commits of the
//!   current generation while it prepares the rebalance).
//! - The coordinator's join phase completes when every known member has rejoined or when the
//!   rebalance timeout ([`GroupConfig::rebalance_timeout_ms`], the members'
//!   `max.poll.interval.ms`, 300 s) runs out. One busy member thus holds up the whole group:
//!   in an eager rebalance the members that rejoined at once sit with nothing until the
//!   slowest finishes its records and polls (the stop-the-world pause). The round then ends
//!   [`GroupConfig::join_sync_time`] later, and never earlier than it did before this
//!   (start + any initial delay + `join_sync_time`).
//! - At the rebalance timeout the coordinator removes the dynamic members that have not
//!   rejoined ([`Notice::MemberRemoved`], [`MemberState::Removed`]: their later calls answer
//!   [`KafkaError::ConsumerGone`]; Kafka's client would then join again as a new member, which
//!   here is the caller's `join`) and completes without them. Static members that have not
//!   rejoined stay members and get a share of the partitions (eager: what they owned is taken
//!   for the round).
//! - A crashed or closed static member never rejoins: the join phase waits until its session
//!   times out and the coordinator removes it (or until the rebalance timeout, if that is
//!   sooner, with the rule above).
//! - Cooperative sticky rebalances have two join + sync rounds, and each waits in the same way.
//!
//! What is simplified:
//!
//! - Members learn of a rebalance at once; Kafka's learn it from their next heartbeat response
//!   (within `heartbeat.interval.ms`). `join_sync_time` stands for that, the JoinGroup and
//!   SyncGroup round trips and the leader's assignment.
//! - A join or leave while a round is under way is folded into it (a member that joins is
//!   counted as rejoined); Kafka sends a group that is already syncing back to the join phase.
//! - The assignment reaches every member when the round ends; in Kafka a member busy with
//!   records at that moment (possible in cooperative rounds) takes it at its next `poll`.
//! - The client's own `max.poll.interval.ms` check outside rebalances (the heartbeat thread
//!   leaving the group) is not modelled.
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
mod cluster;
mod config;
mod consumer;
mod consumer_group;
mod error;
mod murmur2;
mod notice;
mod partitioner;
mod producer;
mod rebalance;
mod server_assignor;
mod topic;

pub use assignor::{AssignorMember, AssignorTopic, assign, java_string_cmp, kafka_member_order};
pub use cluster::{KafkaCluster, KafkaEvent, LagSample};
pub use config::{
    Acks, AssignorKind, AutoOffsetReset, ConsumerConfig, GroupConfig, PartitionerKind,
    ProducerConfig,
};
pub use consumer_group::{ConsumerId, GroupId, MemberState, RebalanceReason, RebalanceRecord};
pub use error::KafkaError;
pub use murmur2::{murmur2, partition_for_key, to_positive};
pub use notice::{Delivery, Notice};
pub use producer::{ProducerId, SendId};
pub use server_assignor::{
    ServerAssignorKind, ServerAssignorMember, SubscriptionType, subscription_type,
};
pub use topic::{
    MAX_TOPIC_NAME_LENGTH, PartitionLog, Record, Topic, TopicId, TopicPartition, check_topic_name,
};
