//! The classic group protocol (JoinGroup / SyncGroup, client-side assignors), as Kafka 4.1's
//! `ClassicKafkaConsumer` (`ConsumerCoordinator`, `AbstractCoordinator`) and its group
//! coordinator (`GroupMetadataManager` for classic groups) run it.
//!
//! What is modelled:
//!
//! - A rebalance starts at the coordinator when a member joins, leaves (LeaveGroup) or is
//!   removed. The other members learn of it from their next heartbeat (`REBALANCE_IN_PROGRESS`;
//!   heartbeats go every `heartbeat.interval.ms`, 3 s, from when the member's last JoinGroup
//!   was answered) and until then keep reading. A Java consumer then rejoins (sends JoinGroup)
//!   only from inside `poll()`: its heartbeat thread merely requests a rejoin, which the
//!   application thread's next `poll` carries out (`ConsumerCoordinator.poll` ->
//!   `ensureActiveGroup` -> `onJoinPrepare` -> JoinGroup). So a member blocked in `poll` rejoins
//!   as soon as its heartbeat tells it, and a member busy with what its last poll returned
//!   rejoins at its next `poll`.
//! - `onJoinPrepare` runs as the member rejoins: with auto commit it commits what it has
//!   consumed; eager, it then gives up every partition; cooperative, it keeps them (and keeps
//!   reading them while the rebalance runs). Until it rejoins, a busy member still owns its
//!   partitions, and a manual `commit` of them works (the coordinator accepts commits of the
//!   current generation while it prepares the rebalance).
//! - The coordinator's join phase completes when every known member has rejoined or when the
//!   rebalance timeout runs out: the largest `max.poll.interval.ms` among the members
//!   (300 s by default), as Kafka's coordinator takes it. One busy member thus holds up the
//!   whole group: in an eager rebalance the members that rejoined sit with nothing until the
//!   slowest finishes its records and polls (the stop-the-world pause). The round then ends
//!   [`GroupConfig::join_sync_time`](super::GroupConfig) later, and never earlier than it did
//!   before this (start + any initial delay + `join_sync_time`).
//! - At the rebalance timeout the coordinator removes the dynamic members that have not
//!   rejoined and completes without them; static members that have not rejoined stay members
//!   and get a share of the partitions (eager: what they owned is taken for the round).
//! - `max.poll.interval.ms` on the client: a member whose last poll returned that long ago
//!   leaves from its heartbeat thread (`maybeLeaveGroup`). A dynamic member sends LeaveGroup
//!   (the group rebalances at once); a static member sends nothing, its heartbeats stop, and
//!   the coordinator removes it when its session times out. Either way its commits fail
//!   ([`KafkaError::CommitFailed`](super::KafkaError), Kafka's `CommitFailedException`), what
//!   it read since its last commit goes to the next owner again, and its next `poll` joins
//!   the group again (a static member still in the group takes its own place back, with no
//!   rebalance). Since the poll timer starts when the last poll returned and the rebalance
//!   timeout only when the rebalance started, a member that stops polling leaves by its poll
//!   timer before the coordinator's rebalance timeout would remove it, as in Kafka.
//! - A member removed by the coordinator while it still runs
//!   ([`MemberState::Rejoining`](super::MemberState)) also joins again at its next `poll`,
//!   with a new member id, as Kafka's client does after `UNKNOWN_MEMBER_ID`.
//! - A crashed member, or a static member that closed (a static member's close sends no
//!   LeaveGroup), never rejoins: the join phase waits until its session times out and the
//!   coordinator removes it (or until the rebalance timeout, if that is sooner).
//! - Static membership: a consumer with the `group.instance.id` of a member that is silent
//!   but not yet removed takes its place and partitions, with no rebalance.
//! - Cooperative sticky rebalances have two join + sync rounds, and each waits in the same
//!   way; in the second, the members that revoked rejoin at once (`onJoinComplete` asks for
//!   it) and the others learn of it from their next heartbeat.
//!
//! What is simplified:
//!
//! - `join_sync_time` stands for the JoinGroup and SyncGroup round trips and the leader's
//!   assignment; heartbeat and commit round trips take no time.
//! - A join or leave while a round is under way is folded into it (a member that joins is
//!   counted as rejoined); Kafka sends a group that is already syncing back to the join phase.
//! - The assignment reaches every member when the round ends; in Kafka a member busy with
//!   records at that moment (possible in cooperative rounds) takes it at its next `poll`.
//! - A consumer with the `group.instance.id` of an active member is refused
//!   ([`KafkaError::DuplicateMember`](super::KafkaError)); Kafka would let it in and fence the
//!   other.

mod join;
mod members;
mod sync;
