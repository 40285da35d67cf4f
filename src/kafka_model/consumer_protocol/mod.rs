//! The consumer group protocol of KIP-848 (`group.protocol=consumer`, generally available since
//! Kafka 4.0), as Kafka 4.1 runs it: the broker computes a target assignment with a
//! server-side assignor and each member reconciles towards it, one heartbeat at a time. No
//! stop-the-world: a member whose partitions do not move never pauses.
//!
//! What is modelled (checked against Kafka 4.1's `GroupMetadataManager`,
//! `CurrentAssignmentBuilder`, `AbstractMembershipManager`, `ConsumerMembershipManager` and
//! `AbstractHeartbeatRequestManager`):
//!
//! - Three epochs. The group epoch moves on when a member joins (or changes its subscription)
//!   and when one is fenced; the target assignment is computed, for every member, at the next
//!   heartbeat after that, and takes the group epoch as its epoch; each member has its own
//!   epoch, which reaches the target's as it reconciles.
//! - Members heartbeat every `group.consumer.heartbeat.interval.ms` (5 s; the broker's, not the
//!   client's: `heartbeat.interval.ms` and `session.timeout.ms` on a consumer are errors) and
//!   learn of a new target only then. A member that must give partitions up
//!   (UNREVOKED_PARTITIONS) reconciles in `poll`, as the Java client does with auto commit on:
//!   at once if it is blocked in `poll`, else at its next `poll`; it commits what it consumed,
//!   revokes, takes what is free, and acknowledges with a heartbeat at once. A member whose
//!   target partitions are still another's (UNRELEASED_PARTITIONS) gets each at its first
//!   heartbeat after the owner released it. So a hand-off takes up to about two heartbeat
//!   intervals, and only the members whose partitions move pause.
//! - The session timeout (`group.consumer.session.timeout.ms`, 45 s) runs from a member's last
//!   heartbeat; when it expires (a crash), or when a member leaves with epoch -1, it is fenced:
//!   its partitions are free at once and the group epoch moves on.
//! - A member that must revoke and does not within its rebalance timeout (its
//!   `max.poll.interval.ms`) is fenced.
//! - `max.poll.interval.ms` on the client: a member that does not poll for that long leaves
//!   (epoch -1, or -2 if static), goes STALE (its partitions lost, its commits failing) and
//!   rejoins with epoch 0 at its next `poll`.
//! - Static membership: a static member's close leaves with epoch -2; it keeps its
//!   assignment and the group epoch does not move. A consumer with the same `group.instance.id`
//!   that joins before the session expires takes its place with the same partitions; while the
//!   id is held by a member that did not leave (a crash), a join is refused with
//!   `UNRELEASED_INSTANCE_ID`, which Kafka's client treats as fatal.
//!
//! What is simplified:
//!
//! - Heartbeat and commit round trips take no time, and a member at the start of a
//!   reconciliation commits as if its commit succeeded at once.
//! - A member reconciles in `poll` even with auto commit off (Kafka's background thread would
//!   reconcile at once, running the application's rebalance listener in its next `poll`).
//! - A member fenced by the coordinator (its revocation deadline) learns it at once and
//!   rejoins at its next `poll`; Kafka's learns it at its next heartbeat and rejoins from the
//!   background thread.
//! - Regular expression subscriptions, racks, topic metadata changes and mixed groups (classic
//!   members in a consumer group) are not modelled.

mod client;
mod coordinator;
mod target;

pub(crate) use client::Reconciliation;
pub(crate) use coordinator::Coordinator;
pub use coordinator::ReconcileState;
