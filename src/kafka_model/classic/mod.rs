//! The classic group protocol (JoinGroup / SyncGroup, client-side assignors), as Kafka 4.1's
//! `ClassicKafkaConsumer` (`ConsumerCoordinator`, `AbstractCoordinator`) and its group
//! coordinator (`GroupMetadataManager` for classic groups) run it.
//!
//! What is modelled:
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
//!   rebalance timeout ([`GroupConfig::rebalance_timeout_ms`](super::GroupConfig), the members'
//!   `max.poll.interval.ms`, 300 s) runs out. One busy member thus holds up the whole group:
//!   in an eager rebalance the members that rejoined at once sit with nothing until the
//!   slowest finishes its records and polls (the stop-the-world pause). The round then ends
//!   [`GroupConfig::join_sync_time`](super::GroupConfig) later, and never earlier than it did
//!   before this (start + any initial delay + `join_sync_time`).
//! - At the rebalance timeout the coordinator removes the dynamic members that have not
//!   rejoined ([`Notice::MemberRemoved`](super::Notice), [`MemberState::Removed`](super::MemberState):
//!   their later calls answer [`KafkaError::ConsumerGone`](super::KafkaError); Kafka's client
//!   would then join again as a new member, which here is the caller's `join`) and completes
//!   without them. Static members that have not rejoined stay members and get a share of the
//!   partitions (eager: what they owned is taken for the round).
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

mod join;
mod sync;
