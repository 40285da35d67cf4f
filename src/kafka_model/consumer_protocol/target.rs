//! The seam to the server-side assignors: from the group's topics and members (each with its
//! current target, for stickiness) to a new target assignment.
//!
//! Until Kafka's `uniform` and `range` server assignors are in the model, this stands in with
//! the client-side assignors closest to them: `range` with `RangeAssignor` (co-partitioned
//! ranges), `uniform` with the sticky assignor behind `CooperativeStickyAssignor` (balanced,
//! then sticky).

use crate::kafka_model::assignor::{AssignorMember, AssignorTopic, assign};
use crate::kafka_model::config::{AssignorKind, ServerAssignorKind};
use crate::kafka_model::topic::TopicPartition;

/// The target assignment of `members` (parallel lists, each sorted by topic name, then
/// partition).
pub(crate) fn target_assignment(
    assignor: ServerAssignorKind,
    topics: &[AssignorTopic<'_>],
    members: &[AssignorMember<'_>],
) -> Vec<Vec<TopicPartition>> {
    let stand_in = match assignor {
        ServerAssignorKind::Range => AssignorKind::Range,
        ServerAssignorKind::Uniform => AssignorKind::CooperativeSticky,
    };
    assign(stand_in, topics, members)
}
