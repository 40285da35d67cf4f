//! The seam to the server-side assignors (`server_assignor/`): from the cluster's topics and
//! the group's members (each with its current target, for stickiness) to a new target
//! assignment.

use super::coordinator::Member;
use crate::kafka_model::assignor::AssignorTopic;
use crate::kafka_model::server_assignor::{ServerAssignorKind, ServerAssignorMember};
use crate::kafka_model::topic::TopicPartition;

/// The target assignment of `members` (parallel lists, each in topic order then partition
/// order), `topics` being every topic of the cluster in the order they were created.
pub(crate) fn target_assignment(
    assignor: ServerAssignorKind,
    topics: &[AssignorTopic<'_>],
    members: &[Member],
) -> Vec<Vec<TopicPartition>> {
    let inputs: Vec<ServerAssignorMember<'_>> = members
        .iter()
        .map(|m| ServerAssignorMember {
            member_id: &m.member_id,
            instance_id: m.instance_id.as_deref(),
            subscribed_topic_names: &m.topic_names,
            target: &m.target,
        })
        .collect();
    assignor.assign(topics, &inputs)
}
