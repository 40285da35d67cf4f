//! The consumer group protocol's server-side assignors (KIP-848), as in Apache Kafka 4.1's group
//! coordinator: `uniform` (`UniformAssignor`, the default of `group.consumer.assignors`) and
//! `range` (`RangeAssignor`). Pure functions from the group to its new target assignment: no
//! timing, no epochs, no reconciliation (that is the protocol's business). The classic
//! protocol's client-side assignors are in `assignor.rs`.
//!
//! # The seam
//!
//! ```text
//! ServerAssignorKind::assign(self,
//!     topics:  &[AssignorTopic],        // the topics that exist, in visit order
//!     members: &[ServerAssignorMember], // any order
//! ) -> Vec<Vec<TopicPartition>>         // each member's new target assignment, parallel to `members`
//! ```
//!
//! - `topics`: every topic in the cluster's metadata (a topic nobody subscribes to costs
//!   nothing), in the order the assignor visits them. Kafka iterates a `HashSet` of topic ids;
//!   the model visits topics in the order given (the cluster's creation order), and where Kafka
//!   breaks a tie by topic id it compares topic names.
//! - [`ServerAssignorMember`]: the member id, its `group.instance.id`, the topic names it
//!   subscribes to (names that no topic has are ignored, as Kafka's coordinator ignores topics
//!   missing from its metadata), and its current target assignment in the order it holds it (a
//!   list of partitions; each topic's partitions are taken together, topics in order of first
//!   appearance).
//! - Members are visited in member-id order (Java `String` order), whatever their order in the
//!   slice. Kafka visits them in the order of a `HashMap` keyed by member id (random UUIDs), so
//!   any fixed order is as faithful; this one is the order of Kafka's own assignor tests.
//! - The result: one list per member, parallel to `members`, in topic visit order then
//!   partition order. Feed it back as the next call's current target assignment.
//! - Current target assignments that Kafka's coordinator cannot produce are cleaned, not
//!   refused: a partition of a topic the member no longer subscribes to is dropped (as Kafka
//!   does), and so is a partition that does not exist or that a member earlier in member-id
//!   order also holds.
//!
//! # The rules (Kafka 4.1)
//!
//! The subscription type decides the builder ([`subscription_type`]): `HOMOGENEOUS` when every
//! member subscribes to the same topic names (whether the topics exist or not),
//! `HETEROGENEOUS` otherwise.
//!
//! - **uniform**, homogeneous (`UniformHomogeneousAssignmentBuilder`): each member's quota is
//!   `partitions / members`, and `partitions % members` of them take one more; a member keeps
//!   what it holds up to its quota (in the order it holds it), gives up its extra slot unless
//!   it is one of the last members that must take one, and the free partitions (unowned ones
//!   in topic visit and partition order, then the given-up ones) fill the members with room,
//!   in member order. Balance first (sizes differ by at most one), then stickiness.
//! - **uniform**, heterogeneous (`UniformHeterogeneousAssignmentBuilder`): a member keeps what
//!   it holds of the topics it still subscribes to; each topic's free partitions go, one at a
//!   time, to its least loaded subscriber (topics by partitions per subscriber, descending, then
//!   by subscriber count, then by name); then, for up to 16 passes over the topics with two or
//!   more subscribers, a topic's highest partitions move from its most to its least loaded
//!   subscribers until their sizes differ by at most one. Balanced when subscribers of a topic
//!   share their subscriptions; nearly balanced otherwise, as Kafka's is.
//! - **range** (`RangeAssignor`): per topic, its subscribers, static members first by
//!   `group.instance.id` then the rest by member id, take consecutive ranges, the first
//!   `partitions % subscribers` one more. Co-partitioned when members and partition counts
//!   match; not sticky to the current assignment (a static member keeps its range across a
//!   restart because its instance id keeps its place).
//!
//! Not modelled: rack-aware assignment (no member has a `client.rack`).

mod balancer;
mod range;
mod spec;
mod uniform_heterogeneous;
mod uniform_homogeneous;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::assignor::AssignorTopic;
use super::error::KafkaError;
use super::topic::TopicPartition;
use spec::{GroupSpec, NO_OWNER, Owners};

/// `group.remote.assignor` / `group.consumer.assignors`: a server-side assignor of the consumer
/// group protocol.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerAssignorKind {
    /// `UniformAssignor` (`uniform`, the broker's default): balanced, then sticky.
    #[default]
    Uniform,
    /// `RangeAssignor` (`range`): consecutive ranges per topic, co-partitioned, not sticky.
    Range,
}

impl ServerAssignorKind {
    /// Both, in the order of the broker's default `group.consumer.assignors`.
    pub const ALL: [ServerAssignorKind; 2] =
        [ServerAssignorKind::Uniform, ServerAssignorKind::Range];

    /// Kafka's name for it (`group.remote.assignor`).
    pub fn name(self) -> &'static str {
        match self {
            ServerAssignorKind::Uniform => "uniform",
            ServerAssignorKind::Range => "range",
        }
    }

    /// Each member's new target assignment, parallel to `members` (see the module docs for
    /// the contract).
    pub fn assign(
        self,
        topics: &[AssignorTopic<'_>],
        members: &[ServerAssignorMember<'_>],
    ) -> Vec<Vec<TopicPartition>> {
        let spec = GroupSpec::new(topics, members);
        let owners = match self {
            ServerAssignorKind::Range => range::assign(&spec),
            ServerAssignorKind::Uniform => match subscription_type(members) {
                SubscriptionType::Homogeneous => uniform_homogeneous::assign(&spec),
                SubscriptionType::Heterogeneous => uniform_heterogeneous::assign(&spec),
            },
        };
        emit(&spec, &owners)
    }
}

impl fmt::Display for ServerAssignorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ServerAssignorKind {
    type Err = KafkaError;

    /// Accepts Kafka's names, `uniform` and `range`.
    fn from_str(s: &str) -> Result<Self, KafkaError> {
        ServerAssignorKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| KafkaError::UnknownServerAssignor(s.to_string()))
    }
}

/// A member of a consumer-protocol group as the server-side assignors see it.
#[derive(Clone, Copy, Debug)]
pub struct ServerAssignorMember<'a> {
    /// The member id (members are visited in member-id order).
    pub member_id: &'a str,
    /// The `group.instance.id` of a static member (the range assignor puts these first).
    pub instance_id: Option<&'a str>,
    /// The topic names it subscribes to; names that no topic has are ignored.
    pub subscribed_topic_names: &'a [String],
    /// Its current target assignment, in the order it holds it.
    pub target: &'a [TopicPartition],
}

/// Kafka's `SubscriptionType`: whether every member subscribes to the same topics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubscriptionType {
    /// Every member subscribes to the same set of topic names.
    Homogeneous,
    /// At least two members subscribe to different sets of topic names.
    Heterogeneous,
}

/// The subscription type Kafka's coordinator derives for `members`: by topic name, so a member
/// that also names a topic that does not exist makes the group heterogeneous. A group with no
/// members, or where nobody subscribes to anything, is homogeneous.
pub fn subscription_type(members: &[ServerAssignorMember<'_>]) -> SubscriptionType {
    let Some((first, rest)) = members.split_first() else {
        return SubscriptionType::Homogeneous;
    };
    let first_set = as_set(first.subscribed_topic_names);
    let same = rest.iter().all(|m| {
        m.subscribed_topic_names == first.subscribed_topic_names
            || as_set(m.subscribed_topic_names) == first_set
    });
    if same {
        SubscriptionType::Homogeneous
    } else {
        SubscriptionType::Heterogeneous
    }
}

/// A subscription as a set: sorted, without repeats.
fn as_set(names: &[String]) -> Vec<&str> {
    let mut set: Vec<&str> = names.iter().map(String::as_str).collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// Turns an owner table into per-member lists in the caller's member order, each in topic visit
/// order then partition order.
fn emit(spec: &GroupSpec<'_>, owners: &Owners) -> Vec<Vec<TopicPartition>> {
    let mut sizes = vec![0usize; spec.member_count()];
    for table in &owners.per_topic {
        for &m in table {
            if m != NO_OWNER {
                sizes[m as usize] += 1;
            }
        }
    }
    let mut out: Vec<Vec<TopicPartition>> = vec![Vec::new(); spec.members.len()];
    for (m, &size) in sizes.iter().enumerate() {
        out[spec.order[m]].reserve_exact(size);
    }
    for (t, table) in owners.per_topic.iter().enumerate() {
        let id = spec.topics[t].id;
        for (p, &m) in table.iter().enumerate() {
            if m != NO_OWNER {
                out[spec.order[m as usize]].push(TopicPartition::new(id, p as u32));
            }
        }
    }
    out
}
