//! Configuration with Kafka's own names and Kafka 4.1's defaults: producer, consumer, group
//! (its protocol and assignor, and the broker's group settings).
//!
//! Durations are `SimDuration`s; `linger_ms` is `linger.ms`, and so on.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::KafkaError;
use super::server_assignor::ServerAssignorKind;
use crate::engine::{Distribution, SimDuration};

/// `acks`: how many replicas must have a record before the producer counts it as sent.
///
/// The model has one broker latency; `acks` only decides whether the acknowledgement carries
/// the record's offset (`acks=0` gets none, as in Kafka, where the offset is -1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Acks {
    /// `acks=0`: fire and forget.
    None,
    /// `acks=1`: the leader has it.
    Leader,
    /// `acks=all` (Kafka's default since 3.0): every in-sync replica has it.
    #[default]
    All,
}

/// How a producer picks a partition for a record that names none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartitionerKind {
    /// Kafka's default: keyed records by murmur2 of the key, null keys by the uniform sticky
    /// partitioner (stay on a partition until `batch.size` bytes went to it).
    #[default]
    Default,
    /// `RoundRobinPartitioner`: every record to the next partition in turn, keys ignored.
    RoundRobin,
}

/// `auto.offset.reset`: where a group with no committed offset starts reading a partition.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoOffsetReset {
    /// The log start offset: everything still kept.
    Earliest,
    /// The log end offset (Kafka's default): only what is written from now on.
    #[default]
    Latest,
}

/// `partition.assignment.strategy`: the assignor a group uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignorKind {
    /// `RangeAssignor` (first in Kafka's default list): per topic, consecutive ranges.
    #[default]
    Range,
    /// `RoundRobinAssignor`: all partitions dealt in turn to subscribed members.
    RoundRobin,
    /// `CooperativeStickyAssignor`: balanced, keeps partitions where they are, and rebalances
    /// incrementally (moved partitions are revoked in one round and assigned in the next).
    CooperativeSticky,
}

impl AssignorKind {
    /// Whether the group rebalances with the cooperative (incremental) protocol.
    pub fn is_cooperative(self) -> bool {
        matches!(self, AssignorKind::CooperativeSticky)
    }

    /// The name used on the command line and in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            AssignorKind::Range => "range",
            AssignorKind::RoundRobin => "round_robin",
            AssignorKind::CooperativeSticky => "cooperative_sticky",
        }
    }
}

impl fmt::Display for AssignorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for AssignorKind {
    type Err = KafkaError;

    /// Accepts `range`, `round_robin` (or `roundrobin`), `cooperative_sticky` (or `cooperative-sticky`).
    fn from_str(s: &str) -> Result<Self, KafkaError> {
        match s {
            "range" => Ok(AssignorKind::Range),
            "round_robin" | "roundrobin" | "round-robin" => Ok(AssignorKind::RoundRobin),
            "cooperative_sticky" | "cooperative-sticky" => Ok(AssignorKind::CooperativeSticky),
            other => Err(KafkaError::UnknownAssignor(other.to_string())),
        }
    }
}

/// `group.protocol`, with the assignor the group uses: the classic protocol assigns on the
/// client (the group leader runs `partition.assignment.strategy`), the consumer protocol of
/// KIP-848 on the broker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupProtocol {
    /// `group.protocol=classic` (the client's default): JoinGroup / SyncGroup rounds.
    Classic(AssignorKind),
    /// `group.protocol=consumer`: the broker computes a target assignment and each member
    /// reconciles towards it, one heartbeat at a time.
    Consumer(ServerAssignorKind),
}

impl Default for GroupProtocol {
    fn default() -> Self {
        GroupProtocol::Classic(AssignorKind::Range)
    }
}

impl GroupProtocol {
    /// `classic` or `consumer`, as Kafka names it.
    pub fn name(self) -> &'static str {
        match self {
            GroupProtocol::Classic(_) => "classic",
            GroupProtocol::Consumer(_) => "consumer",
        }
    }

    /// The assignor's name.
    pub fn assignor_name(self) -> &'static str {
        match self {
            GroupProtocol::Classic(a) => a.name(),
            GroupProtocol::Consumer(a) => a.name(),
        }
    }

    /// Whether rebalances keep what does not move (cooperative sticky, or the consumer
    /// protocol), rather than taking everything from everyone (eager).
    pub fn is_incremental(self) -> bool {
        match self {
            GroupProtocol::Classic(a) => a.is_cooperative(),
            GroupProtocol::Consumer(_) => true,
        }
    }

    /// Parses a protocol name and an assignor name, refusing an assignor the protocol does
    /// not take.
    pub fn parse(protocol: &str, assignor: &str) -> Result<GroupProtocol, KafkaError> {
        match protocol {
            "classic" => match assignor {
                "uniform" => Err(KafkaError::AssignorNotForProtocol {
                    assignor: assignor.to_string(),
                    protocol: "classic",
                }),
                _ => Ok(GroupProtocol::Classic(assignor.parse()?)),
            },
            "consumer" => match assignor {
                "uniform" => Ok(GroupProtocol::Consumer(ServerAssignorKind::Uniform)),
                "range" => Ok(GroupProtocol::Consumer(ServerAssignorKind::Range)),
                other => Err(match other.parse::<AssignorKind>() {
                    Ok(_) => KafkaError::AssignorNotForProtocol {
                        assignor: other.to_string(),
                        protocol: "consumer",
                    },
                    Err(e) => e,
                }),
            },
            other => Err(KafkaError::UnknownProtocol(other.to_string())),
        }
    }
}

impl fmt::Display for GroupProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.assignor_name())
    }
}

/// A producer's settings.
#[derive(Clone, Debug)]
pub struct ProducerConfig {
    /// `client.id`; also names the producer's random stream (`kafka-producer-<client.id>`).
    pub client_id: String,
    /// `acks` (default `all`).
    pub acks: Acks,
    /// `linger.ms` (default 5 ms since Kafka 4.0): how long a batch waits for more records.
    pub linger_ms: SimDuration,
    /// `batch.size` (default 16384 bytes): a batch this full is sent without waiting, and the
    /// sticky partitioner moves on after this many bytes.
    pub batch_size: usize,
    /// The partitioner for records that name no partition.
    pub partitioner: PartitionerKind,
    /// Time from a batch leaving the producer to its records being in the log (acks included).
    pub produce_latency: Distribution,
    /// The size in bytes the model counts for a record's value (the model does not serialise
    /// values); a key's length is added to it.
    pub value_bytes: usize,
}

impl ProducerConfig {
    /// Kafka's defaults, a zero produce latency and 100-byte values, under `client_id`.
    pub fn new(client_id: impl Into<String>) -> Self {
        ProducerConfig {
            client_id: client_id.into(),
            acks: Acks::All,
            linger_ms: SimDuration::from_millis(5),
            batch_size: 16_384,
            partitioner: PartitionerKind::Default,
            produce_latency: Distribution::constant(SimDuration::ZERO),
            value_bytes: 100,
        }
    }
}

/// A consumer's settings (one member of a consumer group).
#[derive(Clone, Debug)]
pub struct ConsumerConfig {
    /// The topics it subscribes to, by name.
    pub topics: Vec<String>,
    /// `group.instance.id`: set for a static member.
    pub group_instance_id: Option<String>,
    /// `client.id`; by default `consumer-<group>-<n>`, as the Java client names it. The member
    /// id is `<client.id>-<uuid>`, so members sort by client id.
    pub client_id: Option<String>,
    /// Time from a poll (with records available) to the records being in the consumer's hands.
    pub fetch_latency: Distribution,
    /// `max.poll.records` (default 500).
    pub max_poll_records: usize,
    /// `enable.auto.commit` (default true).
    pub enable_auto_commit: bool,
    /// `auto.commit.interval.ms` (default 5 s): a poll at least this long after the last auto
    /// commit first commits what earlier polls returned.
    pub auto_commit_interval_ms: SimDuration,
    /// `auto.offset.reset` (default `latest`).
    pub auto_offset_reset: AutoOffsetReset,
    /// `session.timeout.ms` (classic protocol only; unset: 45 s). With the consumer protocol
    /// the broker's [`GroupConfig::consumer_session_timeout_ms`] applies and setting this is an
    /// error, as in Kafka.
    pub session_timeout_ms: Option<SimDuration>,
    /// `heartbeat.interval.ms` (classic protocol only; unset: 3 s). With the consumer protocol
    /// the broker's [`GroupConfig::consumer_heartbeat_interval_ms`] applies and setting this is
    /// an error, as in Kafka.
    pub heartbeat_interval_ms: Option<SimDuration>,
    /// `max.poll.interval.ms` (default 300 s): a member that does not call `poll` for this
    /// long leaves the group (from its heartbeat thread) and rejoins at its next `poll`. It is
    /// also the member's rebalance timeout: how long the classic join phase waits for it, and
    /// how long the consumer protocol gives it to revoke.
    pub max_poll_interval_ms: SimDuration,
}

/// `session.timeout.ms`'s default for classic members.
pub(crate) const CLASSIC_SESSION_TIMEOUT: SimDuration = SimDuration::from_millis(45_000);
/// `heartbeat.interval.ms`'s default for classic members.
pub(crate) const CLASSIC_HEARTBEAT_INTERVAL: SimDuration = SimDuration::from_millis(3_000);

impl ConsumerConfig {
    /// Kafka's defaults and a zero fetch latency, subscribed to `topics`.
    pub fn new<S: Into<String>>(topics: impl IntoIterator<Item = S>) -> Self {
        ConsumerConfig {
            topics: topics.into_iter().map(Into::into).collect(),
            group_instance_id: None,
            client_id: None,
            fetch_latency: Distribution::constant(SimDuration::ZERO),
            max_poll_records: 500,
            enable_auto_commit: true,
            auto_commit_interval_ms: SimDuration::from_millis(5_000),
            auto_offset_reset: AutoOffsetReset::Latest,
            session_timeout_ms: None,
            heartbeat_interval_ms: None,
            max_poll_interval_ms: SimDuration::from_millis(300_000),
        }
    }
}

/// A consumer group's settings: its protocol and assignor, and the broker's group settings.
///
/// The rebalance timeout is not here: it is each member's `max.poll.interval.ms`
/// ([`ConsumerConfig::max_poll_interval_ms`]).
#[derive(Clone, Debug)]
pub struct GroupConfig {
    /// The group protocol and its assignor (default: classic with `range`, the first of
    /// Kafka's default `partition.assignment.strategy`).
    pub protocol: GroupProtocol,
    /// `group.initial.rebalance.delay.ms` (broker default 3 s; classic protocol): how long the
    /// coordinator waits for more members when the first joins an empty group; each join in
    /// that wait extends it by this much, up to the rebalance timeout.
    pub group_initial_rebalance_delay_ms: SimDuration,
    /// The time a JoinGroup + SyncGroup round takes once every member has rejoined (classic
    /// protocol; not a Kafka setting: the model's stand-in for the two round trips and the
    /// leader's assignment). Default 100 ms.
    pub join_sync_time: SimDuration,
    /// `group.consumer.heartbeat.interval.ms` (broker default 5 s; consumer protocol): how often
    /// members heartbeat, and so how soon they learn of a new target assignment.
    pub consumer_heartbeat_interval_ms: SimDuration,
    /// `group.consumer.session.timeout.ms` (broker default 45 s; consumer protocol): a member
    /// whose heartbeats stop for this long is fenced.
    pub consumer_session_timeout_ms: SimDuration,
}

impl Default for GroupConfig {
    fn default() -> Self {
        GroupConfig {
            protocol: GroupProtocol::default(),
            group_initial_rebalance_delay_ms: SimDuration::from_millis(3_000),
            join_sync_time: SimDuration::from_millis(100),
            consumer_heartbeat_interval_ms: SimDuration::from_millis(5_000),
            consumer_session_timeout_ms: SimDuration::from_millis(45_000),
        }
    }
}

impl GroupConfig {
    /// A classic group with `assignor`, other settings at their defaults.
    pub fn classic(assignor: AssignorKind) -> Self {
        GroupConfig {
            protocol: GroupProtocol::Classic(assignor),
            ..GroupConfig::default()
        }
    }

    /// A consumer-protocol group with `assignor`, other settings at their defaults.
    pub fn consumer(assignor: ServerAssignorKind) -> Self {
        GroupConfig {
            protocol: GroupProtocol::Consumer(assignor),
            ..GroupConfig::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_kafkas() {
        let p = ProducerConfig::new("p");
        assert_eq!(p.acks, Acks::All);
        assert_eq!(p.linger_ms, SimDuration::from_millis(5));
        assert_eq!(p.batch_size, 16_384);
        let c = ConsumerConfig::new(["orders"]);
        assert_eq!(c.max_poll_records, 500);
        assert_eq!(CLASSIC_SESSION_TIMEOUT, SimDuration::from_secs(45));
        assert_eq!(CLASSIC_HEARTBEAT_INTERVAL, SimDuration::from_secs(3));
        assert_eq!(c.max_poll_interval_ms, SimDuration::from_secs(300));
        assert_eq!(c.auto_commit_interval_ms, SimDuration::from_secs(5));
        assert_eq!(c.auto_offset_reset, AutoOffsetReset::Latest);
        assert!(c.enable_auto_commit);
        let g = GroupConfig::default();
        assert_eq!(
            g.group_initial_rebalance_delay_ms,
            SimDuration::from_secs(3)
        );
        assert_eq!(g.consumer_heartbeat_interval_ms, SimDuration::from_secs(5));
        assert_eq!(g.consumer_session_timeout_ms, SimDuration::from_secs(45));
        assert_eq!(g.protocol, GroupProtocol::Classic(AssignorKind::Range));
    }

    #[test]
    fn each_protocol_takes_its_own_assignors() {
        assert_eq!(
            GroupProtocol::parse("consumer", "uniform"),
            Ok(GroupProtocol::Consumer(ServerAssignorKind::Uniform))
        );
        assert_eq!(
            GroupProtocol::parse("consumer", "range"),
            Ok(GroupProtocol::Consumer(ServerAssignorKind::Range))
        );
        assert_eq!(
            GroupProtocol::parse("classic", "range"),
            Ok(GroupProtocol::Classic(AssignorKind::Range))
        );
        let e = GroupProtocol::parse("consumer", "cooperative_sticky").unwrap_err();
        assert!(e.to_string().contains("uniform or range"), "{e}");
        let e = GroupProtocol::parse("classic", "uniform").unwrap_err();
        assert!(e.to_string().contains("consumer"), "{e}");
        assert!(GroupProtocol::parse("eager", "range").is_err());
    }

    #[test]
    fn assignor_names_round_trip_and_bad_names_are_named() {
        for k in [
            AssignorKind::Range,
            AssignorKind::RoundRobin,
            AssignorKind::CooperativeSticky,
        ] {
            assert_eq!(k.name().parse::<AssignorKind>(), Ok(k));
        }
        let err = "sticky".parse::<AssignorKind>().unwrap_err();
        assert!(err.to_string().contains("'sticky'"));
    }
}
