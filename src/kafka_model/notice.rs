//! What the Kafka model tells its caller: deliveries, acknowledgements, assignment changes and
//! rebalances, queued as notices that the caller drains after each call.

use std::sync::Arc;

use super::consumer_group::{ConsumerId, GroupId, RemovalReason};
use super::producer::{ProducerId, SendId};
use super::topic::TopicPartition;
use crate::engine::SimTime;

/// A record handed to a consumer by a poll.
#[derive(Clone, Debug)]
pub struct Delivery<V> {
    /// The consumer that polled.
    pub consumer: ConsumerId,
    /// Where the record is.
    pub tp: TopicPartition,
    /// Its offset.
    pub offset: u64,
    /// Its timestamp (when it was sent).
    pub timestamp: SimTime,
    /// Its key.
    pub key: Option<Arc<[u8]>>,
    /// Its value.
    pub value: V,
    /// Whether the group had been handed this record before (at-least-once redelivery).
    pub redelivered: bool,
}

/// Something that happened in the Kafka model that its caller may act on.
#[derive(Clone, Debug)]
pub enum Notice<V> {
    /// A record sent with [`send`](super::KafkaCluster::send) is in the log.
    Acked {
        /// The producer.
        producer: ProducerId,
        /// The id `send` returned.
        send: SendId,
        /// The partition it went to.
        tp: TopicPartition,
        /// Its offset (`None` with `acks=0`, where Kafka reports -1).
        offset: Option<u64>,
    },
    /// A record delivered by a poll (records of one poll come together, followed by
    /// [`Notice::PollReturned`]).
    Record(Delivery<V>),
    /// A poll returned `records` records (never zero: an empty poll keeps waiting).
    PollReturned {
        /// The consumer.
        consumer: ConsumerId,
        /// How many records it got.
        records: usize,
    },
    /// Partitions newly assigned to a consumer.
    Assigned {
        /// The consumer.
        consumer: ConsumerId,
        /// The partitions it gained.
        partitions: Vec<TopicPartition>,
    },
    /// Partitions taken from a consumer.
    Revoked {
        /// The consumer.
        consumer: ConsumerId,
        /// The partitions it lost.
        partitions: Vec<TopicPartition>,
    },
    /// A group started a rebalance: classic, a join phase; consumer protocol, the group epoch
    /// moved on from a reconciled group.
    RebalanceStarted {
        /// The group.
        group: GroupId,
        /// The generation (classic) or group epoch (consumer protocol) it works towards.
        generation: u32,
        /// When.
        at: SimTime,
    },
    /// A group finished a rebalance: classic, a join + sync round; consumer protocol, every
    /// member reconciled to the target assignment.
    RebalanceEnded {
        /// The group.
        group: GroupId,
        /// The generation (classic) or target assignment epoch (consumer protocol) reached.
        generation: u32,
        /// When.
        at: SimTime,
    },
    /// A member is out of the group: the coordinator removed or fenced it, or it left (cleanly,
    /// or because it did not poll within `max.poll.interval.ms`).
    MemberRemoved {
        /// The group.
        group: GroupId,
        /// The member.
        consumer: ConsumerId,
        /// Why.
        reason: RemovalReason,
    },
}
