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
    /// The group protocol is not one Kafka has.
    #[error("unknown group protocol '{0}' (expected classic or consumer)")]
    UnknownProtocol(String),
    /// The assignor belongs to the other group protocol.
    #[error("{}", assignor_not_for_protocol(assignor, protocol))]
    AssignorNotForProtocol {
        /// The assignor asked for.
        assignor: String,
        /// The protocol that does not take it.
        protocol: &'static str,
    },
    /// A client setting that the consumer protocol does not take (Kafka throws a
    /// `ConfigException`): the broker's `group.consumer.*` settings apply instead.
    #[error(
        "{0} is not supported with group.protocol=consumer: the broker's group.consumer.* setting applies"
    )]
    UnsupportedConfig(&'static str),
    /// `UNRELEASED_INSTANCE_ID`: under the consumer protocol, a live member (one that has not
    /// left with epoch -2) still holds this `group.instance.id`. Kafka's client fails fatally.
    #[error("group.instance.id '{0}' is still held by a live member (UNRELEASED_INSTANCE_ID)")]
    UnreleasedInstanceId(String),
    /// `CommitFailedException`: the consumer is no longer a member of its group (it left
    /// because it did not poll within `max.poll.interval.ms`, or the group removed it).
    #[error("commit of consumer {0} failed: it is no longer in the group (CommitFailedException)")]
    CommitFailed(u32),
    /// A consumer must subscribe to at least one topic.
    #[error("a consumer must subscribe to at least one topic")]
    NoSubscription,
}

fn assignor_not_for_protocol(assignor: &str, protocol: &str) -> String {
    let (takes, other) = match protocol {
        "consumer" => (
            "the consumer protocol takes the server-side assignors uniform or range",
            "classic",
        ),
        _ => (
            "the classic protocol takes range, round_robin or cooperative_sticky",
            "consumer",
        ),
    };
    format!(
        "assignor '{assignor}' is not for group.protocol={protocol}: {takes} ('{assignor}' is for group.protocol={other})"
    )
}
