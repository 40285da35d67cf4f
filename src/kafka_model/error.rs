//! The Kafka model's errors: what a caller can get wrong (unknown names, bad counts, bad ids).

use thiserror::Error;

/// Something a caller of the Kafka model asked that Kafka would refuse.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum KafkaError {
    /// No topic has this name.
    #[error("unknown topic '{0}'")]
    UnknownTopic(String),
    /// The name breaks Kafka's rule for topic names.
    #[error(
        "topic name '{0}' is not one Kafka allows: 1 to 249 characters from ASCII letters, digits, '.', '_' and '-', and not '.' or '..'"
    )]
    InvalidTopicName(String),
    /// A topic with this name already exists.
    #[error("topic '{0}' already exists")]
    TopicExists(String),
    /// A topic needs at least one partition.
    #[error("topic '{0}' needs at least one partition (got 0)")]
    NoPartitions(String),
    /// The topic has no such partition.
    #[error("topic '{topic}' has no partition {partition} (it has {partitions})")]
    UnknownPartition {
        /// The topic.
        topic: String,
        /// The partition asked for.
        partition: u32,
        /// How many partitions it has.
        partitions: u32,
    },
    /// No producer has this id.
    #[error("unknown producer {0}")]
    UnknownProducer(u32),
    /// No consumer has this id.
    #[error("unknown consumer {0}")]
    UnknownConsumer(u32),
    /// No consumer group has this id or name.
    #[error("unknown consumer group '{0}'")]
    UnknownGroup(String),
    /// A group with this name already exists.
    #[error("consumer group '{0}' already exists")]
    GroupExists(String),
    /// The assignor name is not one Kafka ships.
    #[error("unknown assignor '{0}' (expected range, round_robin or cooperative_sticky)")]
    UnknownAssignor(String),
    /// The server-side assignor name is not one Kafka's consumer protocol ships.
    #[error("unknown server-side assignor '{0}' (expected uniform or range)")]
    UnknownServerAssignor(String),
    /// Two members of one group share a member id or a `group.instance.id`.
    #[error("duplicate member '{0}'")]
    DuplicateMember(String),
    /// The consumer has crashed or left the group.
    #[error("consumer {0} is no longer in its group")]
    ConsumerGone(u32),
    /// A consumer must subscribe to at least one topic.
    #[error("a consumer must subscribe to at least one topic")]
    NoSubscription,
}
