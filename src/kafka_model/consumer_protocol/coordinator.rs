//! The consumer protocol's group coordinator (KIP-848) as Kafka 4.1 runs it in
//! `GroupMetadataManager` (consumer groups) and `CurrentAssignmentBuilder`: the group epoch,
//! the target assignment and its epoch, each member's epoch, and the reconciliation of one
//! member per heartbeat (STABLE, UNREVOKED_PARTITIONS, UNRELEASED_PARTITIONS).
//!
//! A state machine without a clock: the cluster (`client.rs`) decides when heartbeats arrive
//! and keeps the timers (session, revocation). Partitions are kept sorted (Kafka keeps sets).

use std::collections::BTreeMap;

use crate::engine::{SimDuration, SimTime};
use crate::kafka_model::consumer_group::ConsumerId;
use crate::kafka_model::topic::{TopicId, TopicPartition};

/// `LEAVE_GROUP_STATIC_MEMBER_EPOCH`: a static member that left for a while (its partitions
/// stay assigned to it).
pub(crate) const STATIC_LEAVE_EPOCH: i32 = -2;

/// Where a member is in its reconciliation (Kafka's `MemberState` of consumer groups).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReconcileState {
    /// It owns what its target says for the target's epoch.
    Stable,
    /// It must give partitions up first; it stays at its epoch until it acknowledges.
    UnrevokedPartitions,
    /// It has moved to the target's epoch but some of its partitions are still another's.
    UnreleasedPartitions,
}

/// The coordinator's record of one member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Member {
    pub(crate) consumer: ConsumerId,
    pub(crate) member_id: String,
    pub(crate) instance_id: Option<String>,
    pub(crate) topics: Vec<TopicId>,
    /// The topic names it subscribes to, as the assignors take them.
    pub(crate) topic_names: Vec<String>,
    /// The rebalance timeout it sent (its `max.poll.interval.ms`).
    pub(crate) rebalance_timeout: SimDuration,
    pub(crate) epoch: i32,
    pub(crate) previous_epoch: i32,
    pub(crate) state: ReconcileState,
    /// What it may own now (its current assignment).
    pub(crate) assigned: Vec<TopicPartition>,
    /// What it must give up before it moves to the next epoch.
    pub(crate) pending_revocation: Vec<TopicPartition>,
    /// Its share of the target assignment.
    pub(crate) target: Vec<TopicPartition>,
    /// While it must revoke: when it is fenced if it has not, and at which epoch.
    pub(crate) revocation_deadline: Option<(SimTime, i32)>,
}

impl Member {
    /// Kafka's `isReconciledTo(epoch)`.
    fn is_reconciled_to(&self, epoch: i32) -> bool {
        self.state == ReconcileState::Stable && self.epoch == epoch
    }
}

/// Why the coordinator refused a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `UNRELEASED_INSTANCE_ID`: a live member (one that has not left with epoch -2) holds
    /// this `group.instance.id`.
    UnreleasedInstanceId(String),
    /// `UNKNOWN_MEMBER_ID`: no such member (it was fenced).
    UnknownMember,
}

/// What a heartbeat answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Response {
    /// The member's epoch after the heartbeat.
    pub(crate) epoch: i32,
    /// Its assignment, when the member joined or its assignment changed.
    pub(crate) assignment: Option<Vec<TopicPartition>>,
}

/// How a join went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Joined {
    /// A new member.
    New,
    /// A static member took the place of the one that left with epoch -2 (that consumer).
    Replaced(ConsumerId),
}

/// The group coordinator's state of one consumer group.
#[derive(Clone, Debug, Default)]
pub(crate) struct Coordinator {
    pub(crate) group_epoch: i32,
    pub(crate) assignment_epoch: i32,
    /// Members in the order they joined.
    pub(crate) members: Vec<Member>,
    /// Kafka's `currentPartitionEpoch`: the epoch of each partition's current owner.
    partition_epochs: BTreeMap<TopicPartition, i32>,
}

/// Computes the target assignment of `members` (parallel lists).
pub(crate) type AssignFn<'a> = &'a mut dyn FnMut(&[Member]) -> Vec<Vec<TopicPartition>>;

impl Coordinator {
    fn index(&self, consumer: ConsumerId) -> Option<usize> {
        self.members.iter().position(|m| m.consumer == consumer)
    }

    /// The member `consumer`, if it is in the group.
    pub(crate) fn member(&self, consumer: ConsumerId) -> Option<&Member> {
        self.members.iter().find(|m| m.consumer == consumer)
    }

    /// A member joins with epoch 0 (its first heartbeat; call [`heartbeat`](Self::heartbeat)
    /// next). A static member whose `group.instance.id` is held by a member that left with
    /// epoch -2 takes its place, assignment and all; held by any other member, the join is
    /// refused with `UNRELEASED_INSTANCE_ID`. A new or changed subscription bumps the group
    /// epoch.
    pub(crate) fn join(
        &mut self,
        consumer: ConsumerId,
        member_id: String,
        instance_id: Option<String>,
        (topics, topic_names): (Vec<TopicId>, Vec<String>),
        rebalance_timeout: SimDuration,
    ) -> Result<Joined, Refusal> {
        let holder = instance_id.as_ref().and_then(|inst| {
            self.members
                .iter()
                .position(|m| m.instance_id.as_ref() == Some(inst))
        });
        if let Some(i) = holder {
            if self.members[i].epoch != STATIC_LEAVE_EPOCH {
                return Err(Refusal::UnreleasedInstanceId(
                    instance_id.unwrap_or_default(),
                ));
            }
            // `replaceMember`: the old member's record goes, a copy at epoch 0 comes.
            let old = self.members[i].clone();
            self.set_partition_epochs(&old, None);
            let mut new = old.clone();
            new.consumer = consumer;
            new.member_id = member_id;
            new.epoch = 0;
            new.previous_epoch = 0;
            new.rebalance_timeout = rebalance_timeout;
            new.revocation_deadline = None;
            let changed = new.topics != topics;
            new.topics = topics;
            new.topic_names = topic_names;
            self.set_partition_epochs(&new, Some(&new));
            self.members[i] = new;
            if changed || self.group_epoch == 0 {
                self.group_epoch += 1;
            }
            return Ok(Joined::Replaced(old.consumer));
        }
        self.members.push(Member {
            consumer,
            member_id,
            instance_id,
            topics,
            topic_names,
            rebalance_timeout,
            epoch: 0,
            previous_epoch: 0,
            state: ReconcileState::Stable,
            assigned: Vec::new(),
            pending_revocation: Vec::new(),
            target: Vec::new(),
            revocation_deadline: None,
        });
        // A member with a subscription is a change of subscriptions.
        self.group_epoch += 1;
        Ok(Joined::New)
    }

    /// A heartbeat from `consumer`, which owns `owned` now: computes a new target assignment if
    /// the group epoch has moved past it, then moves the member towards its target.
    pub(crate) fn heartbeat(
        &mut self,
        consumer: ConsumerId,
        owned: &[TopicPartition],
        now: SimTime,
        assign: AssignFn<'_>,
    ) -> Result<Response, Refusal> {
        let i = self.index(consumer).ok_or(Refusal::UnknownMember)?;
        let joining = self.members[i].epoch == 0;
        if self.group_epoch > self.assignment_epoch {
            let targets = assign(&self.members);
            for (m, t) in self.members.iter_mut().zip(targets) {
                m.target = sorted(t);
            }
            self.assignment_epoch = self.group_epoch;
        }
        let before = self.members[i].assigned.clone();
        self.maybe_reconcile(i, owned, now);
        let m = &self.members[i];
        let changed = m.assigned != before;
        Ok(Response {
            epoch: m.epoch,
            assignment: (joining || changed).then(|| m.assigned.clone()),
        })
    }

    /// Kafka's `maybeReconcile`: a member not reconciled to the target moves one step, and its
    /// revocation timer starts (when it must revoke) or stops.
    fn maybe_reconcile(&mut self, i: usize, owned: &[TopicPartition], now: SimTime) {
        let m = &self.members[i];
        if m.is_reconciled_to(self.assignment_epoch) {
            return;
        }
        let next = match m.state {
            ReconcileState::Stable if m.epoch != self.assignment_epoch => {
                self.next_assignment(m, m.epoch, owned)
            }
            ReconcileState::Stable => return,
            ReconcileState::UnrevokedPartitions => {
                if owns_any(owned, &m.pending_revocation) {
                    return;
                }
                self.next_assignment(m, m.epoch + 1, owned)
            }
            ReconcileState::UnreleasedPartitions => self.next_assignment(m, m.epoch, owned),
        };
        if next == *m {
            return;
        }
        let mut next = next;
        next.revocation_deadline = (next.state == ReconcileState::UnrevokedPartitions).then(|| {
            (
                now.checked_add(next.rebalance_timeout)
                    .unwrap_or(SimTime::MAX),
                next.epoch,
            )
        });
        let old = std::mem::replace(&mut self.members[i], next);
        let new = self.members[i].clone();
        self.set_partition_epochs(&old, Some(&new));
    }

    /// Kafka's `CurrentAssignmentBuilder.computeNextAssignment`.
    fn next_assignment(&self, m: &Member, epoch: i32, owned: &[TopicPartition]) -> Member {
        let mut assigned = Vec::new();
        let mut pending_revocation = Vec::new();
        for &tp in &m.assigned {
            if m.target.contains(&tp) {
                assigned.push(tp);
            } else {
                pending_revocation.push(tp);
            }
        }
        let mut pending_assignment = Vec::new();
        let mut unreleased = false;
        for &tp in &m.target {
            if assigned.contains(&tp) {
                continue;
            }
            // Free, or owned by this very member as it revokes it.
            if self.partition_epochs.contains_key(&tp) && !m.pending_revocation.contains(&tp) {
                unreleased = true;
            } else {
                pending_assignment.push(tp);
            }
        }
        let mut next = m.clone();
        next.previous_epoch = m.epoch;
        if !pending_revocation.is_empty() && owns_any(owned, &pending_revocation) {
            next.state = ReconcileState::UnrevokedPartitions;
            next.epoch = epoch;
            next.assigned = assigned;
            next.pending_revocation = pending_revocation;
            return next;
        }
        assigned.extend(pending_assignment);
        next.state = if unreleased {
            ReconcileState::UnreleasedPartitions
        } else {
            ReconcileState::Stable
        };
        next.epoch = self.assignment_epoch;
        next.assigned = sorted(assigned);
        next.pending_revocation = Vec::new();
        next
    }

    /// A static member leaves for a while (epoch -2): it keeps its assignment (what it was
    /// revoking is released), and the group epoch does not move.
    pub(crate) fn leave_static(&mut self, consumer: ConsumerId) -> Result<(), Refusal> {
        let i = self.index(consumer).ok_or(Refusal::UnknownMember)?;
        let old = self.members[i].clone();
        let m = &mut self.members[i];
        m.epoch = STATIC_LEAVE_EPOCH;
        m.pending_revocation.clear();
        m.revocation_deadline = None;
        let new = m.clone();
        self.set_partition_epochs(&old, Some(&new));
        Ok(())
    }

    /// Removes a member (a leave with epoch -1, an expired session or revocation deadline):
    /// its partitions are free at once and the group epoch moves on.
    pub(crate) fn fence(&mut self, consumer: ConsumerId) -> Result<Member, Refusal> {
        let i = self.index(consumer).ok_or(Refusal::UnknownMember)?;
        let old = self.members.remove(i);
        self.set_partition_epochs(&old, None);
        self.group_epoch += 1;
        Ok(old)
    }

    /// Whether the group is still moving towards its target: Kafka's ASSIGNING or RECONCILING
    /// states, except that a static member away with epoch -2 does not count (nothing of its
    /// moves until it comes back or its session expires).
    pub(crate) fn is_reconciling(&self) -> bool {
        self.group_epoch > self.assignment_epoch
            || self.members.iter().any(|m| {
                m.epoch != STATIC_LEAVE_EPOCH && !m.is_reconciled_to(self.assignment_epoch)
            })
    }

    /// Whether `consumer`'s heartbeats can still change something for it.
    pub(crate) fn needs_heartbeat(&self, consumer: ConsumerId) -> bool {
        self.member(consumer).is_some_and(|m| {
            m.epoch != STATIC_LEAVE_EPOCH
                && (self.group_epoch > self.assignment_epoch
                    || !m.is_reconciled_to(self.assignment_epoch))
        })
    }

    /// Replaces `old`'s partition epochs with `new`'s (Kafka's `maybeUpdatePartitionEpoch`).
    fn set_partition_epochs(&mut self, old: &Member, new: Option<&Member>) {
        for tp in old.assigned.iter().chain(&old.pending_revocation) {
            if self.partition_epochs.get(tp) == Some(&old.epoch) {
                self.partition_epochs.remove(tp);
            }
        }
        if let Some(new) = new {
            for tp in new.assigned.iter().chain(&new.pending_revocation) {
                self.partition_epochs.insert(*tp, new.epoch);
            }
        }
    }
}

fn owns_any(owned: &[TopicPartition], tps: &[TopicPartition]) -> bool {
    owned.iter().any(|tp| tps.contains(tp))
}

fn sorted(mut tps: Vec<TopicPartition>) -> Vec<TopicPartition> {
    tps.sort_unstable();
    tps.dedup();
    tps
}

#[cfg(test)]
mod tests {
    //! Kafka's own timelines (`GroupMetadataManagerTest` in Kafka 4.1), replayed step by step:
    //! the same requests, the same epochs, states and assignments in the answers.

    use super::*;

    const FOO: TopicId = TopicId(0);
    const BAR: TopicId = TopicId(1);

    fn tps(foo: &[u32], bar: &[u32]) -> Vec<TopicPartition> {
        let mut v: Vec<TopicPartition> = foo.iter().map(|&p| TopicPartition::new(FOO, p)).collect();
        v.extend(bar.iter().map(|&p| TopicPartition::new(BAR, p)));
        v
    }

    fn subs(topics: &[TopicId]) -> (Vec<TopicId>, Vec<String>) {
        let names = topics
            .iter()
            .map(|t| if *t == FOO { "foo" } else { "bar" }.to_string())
            .collect();
        (topics.to_vec(), names)
    }

    fn c(i: u32) -> ConsumerId {
        ConsumerId(i)
    }

    fn secs(s: u64) -> SimTime {
        SimTime::ZERO + SimDuration::from_secs(s)
    }

    /// `MockPartitionAssignor`: hands out a prepared assignment, by consumer.
    fn prepared(
        plan: &[(ConsumerId, Vec<TopicPartition>)],
    ) -> impl FnMut(&[Member]) -> Vec<Vec<TopicPartition>> + '_ {
        move |members: &[Member]| {
            members
                .iter()
                .map(|m| {
                    plan.iter()
                        .find(|(id, _)| *id == m.consumer)
                        .map_or_else(Vec::new, |(_, t)| t.clone())
                })
                .collect()
        }
    }

    fn stable_member(i: u32, epoch: i32, assigned: Vec<TopicPartition>) -> Member {
        Member {
            consumer: c(i),
            member_id: format!("member-{i}"),
            instance_id: None,
            topics: vec![FOO, BAR],
            topic_names: vec!["foo".into(), "bar".into()],
            rebalance_timeout: SimDuration::from_secs(300),
            epoch,
            previous_epoch: epoch - 1,
            state: ReconcileState::Stable,
            target: assigned.clone(),
            assigned,
            pending_revocation: Vec::new(),
            revocation_deadline: None,
        }
    }

    /// A group at epoch 10 whose members are stable with these assignments.
    fn group_at_10(members: Vec<Member>) -> Coordinator {
        let mut g = Coordinator {
            group_epoch: 10,
            assignment_epoch: 10,
            members: Vec::new(),
            partition_epochs: BTreeMap::new(),
        };
        for m in members {
            g.set_partition_epochs(&m.clone(), Some(&m));
            g.members.push(m);
        }
        g
    }

    fn state(g: &Coordinator, i: u32) -> (i32, i32, ReconcileState) {
        let m = g.member(c(i)).unwrap();
        (m.epoch, m.previous_epoch, m.state)
    }

    #[test]
    fn reconciliation_follows_kafkas_test_reconciliation_process() {
        use ReconcileState::*;
        let mut g = group_at_10(vec![
            stable_member(1, 10, tps(&[0, 1, 2], &[0, 1])),
            stable_member(2, 10, tps(&[3, 4, 5], &[2])),
        ]);
        let plan = [
            (c(1), tps(&[0, 1], &[0])),
            (c(2), tps(&[2, 3], &[2])),
            (c(3), tps(&[4, 5], &[1])),
        ];
        let mut assign = prepared(&plan);
        let t = SimTime::ZERO;
        // Member 3 joins: epoch 11, nothing yet (all owned by others), UNRELEASED_PARTITIONS.
        g.join(
            c(3),
            "member-3".into(),
            None,
            subs(&[FOO, BAR]),
            SimDuration::from_secs(300),
        )
        .unwrap();
        let r = g.heartbeat(c(3), &[], t, &mut assign).unwrap();
        assert_eq!((r.epoch, r.assignment), (11, Some(vec![])));
        assert_eq!(state(&g, 3), (11, 0, UnreleasedPartitions));
        assert!(g.is_reconciling());
        // Member 1 heartbeats: stays at 10, must revoke foo-2 and bar-1.
        let r = g
            .heartbeat(c(1), &tps(&[0, 1, 2], &[0, 1]), t, &mut assign)
            .unwrap();
        assert_eq!((r.epoch, r.assignment), (10, Some(tps(&[0, 1], &[0]))));
        assert_eq!(state(&g, 1), (10, 10, UnrevokedPartitions));
        assert_eq!(g.member(c(1)).unwrap().pending_revocation, tps(&[2], &[1]));
        // Member 2 likewise: keeps foo-3 and bar-2, revokes foo-4 and foo-5.
        let r = g
            .heartbeat(c(2), &tps(&[3, 4, 5], &[2]), t, &mut assign)
            .unwrap();
        assert_eq!((r.epoch, r.assignment), (10, Some(tps(&[3], &[2]))));
        assert_eq!(state(&g, 2), (10, 10, UnrevokedPartitions));
        assert_eq!(
            g.member(c(2)).unwrap().pending_revocation,
            tps(&[4, 5], &[])
        );
        // Member 3 heartbeats: nothing released yet, no assignment in the answer.
        let r = g.heartbeat(c(3), &[], t, &mut assign).unwrap();
        assert_eq!((r.epoch, r.assignment), (11, None));
        assert_eq!(state(&g, 3), (11, 11, UnreleasedPartitions));
        // Member 1 acknowledges (owns only what it keeps): epoch 11, STABLE.
        let r = g
            .heartbeat(c(1), &tps(&[0, 1], &[0]), t, &mut assign)
            .unwrap();
        assert_eq!((r.epoch, r.assignment), (11, None));
        assert_eq!(state(&g, 1), (11, 10, Stable));
        // Member 2 heartbeats without acknowledging: no change.
        let before = g.member(c(2)).unwrap().clone();
        let r = g
            .heartbeat(c(2), &tps(&[3, 4, 5], &[2]), t, &mut assign)
            .unwrap();
        assert_eq!((r.epoch, r.assignment), (10, None));
        assert_eq!(*g.member(c(2)).unwrap(), before);
        // Member 3 gets bar-1, released by member 1, and still waits for foo-4 and foo-5.
        let r = g.heartbeat(c(3), &[], t, &mut assign).unwrap();
        assert_eq!((r.epoch, r.assignment), (11, Some(tps(&[], &[1]))));
        assert_eq!(state(&g, 3), (11, 11, UnreleasedPartitions));
        // Again: member 2 has not acknowledged, nothing changes.
        let r = g.heartbeat(c(3), &tps(&[], &[1]), t, &mut assign).unwrap();
        assert_eq!((r.epoch, r.assignment), (11, None));
        // Member 2 acknowledges: epoch 11, STABLE with foo-3 and bar-2... and foo-2, which
        // member 1 released.
        let r = g.heartbeat(c(2), &tps(&[3], &[2]), t, &mut assign).unwrap();
        assert_eq!((r.epoch, r.assignment), (11, Some(tps(&[2, 3], &[2]))));
        assert_eq!(state(&g, 2), (11, 10, Stable));
        // Member 3 gets foo-4 and foo-5: STABLE, and the group is reconciled.
        let r = g.heartbeat(c(3), &tps(&[], &[1]), t, &mut assign).unwrap();
        assert_eq!((r.epoch, r.assignment), (11, Some(tps(&[4, 5], &[1]))));
        assert_eq!(state(&g, 3), (11, 11, Stable));
        assert!(!g.is_reconciling());
    }

    #[test]
    fn a_revocation_deadline_follows_kafkas_test_rebalance_timeout_lifecycle() {
        use ReconcileState::*;
        let mut g = Coordinator::default();
        let mut plan = vec![(c(1), tps(&[0, 1, 2], &[]))];
        // Member 1 joins (rebalance timeout 180 s): epoch 1, all of foo.
        g.join(
            c(1),
            "m1".into(),
            None,
            subs(&[FOO]),
            SimDuration::from_secs(180),
        )
        .unwrap();
        let r = g
            .heartbeat(c(1), &[], secs(0), &mut prepared(&plan))
            .unwrap();
        assert_eq!((r.epoch, r.assignment), (1, Some(tps(&[0, 1, 2], &[]))));
        // Member 2 joins 5 s later: epoch 2, nothing yet.
        plan = vec![(c(1), tps(&[0, 1], &[])), (c(2), tps(&[2], &[]))];
        g.join(
            c(2),
            "m2".into(),
            None,
            subs(&[FOO]),
            SimDuration::from_secs(90),
        )
        .unwrap();
        let r = g
            .heartbeat(c(2), &[], secs(5), &mut prepared(&plan))
            .unwrap();
        assert_eq!((r.epoch, r.assignment), (2, Some(vec![])));
        // Member 1 heartbeats at 10 s with a rebalance timeout of 12 s: it must revoke foo-2,
        // and its revocation deadline is 12 s away.
        g.members[0].rebalance_timeout = SimDuration::from_secs(12);
        let r = g
            .heartbeat(c(1), &tps(&[0, 1, 2], &[]), secs(10), &mut prepared(&plan))
            .unwrap();
        assert_eq!((r.epoch, r.assignment), (1, Some(tps(&[0, 1], &[]))));
        assert_eq!(state(&g, 1), (1, 1, UnrevokedPartitions));
        assert_eq!(
            g.member(c(1)).unwrap().revocation_deadline,
            Some((secs(22), 1))
        );
        // At 15 s it acknowledges: epoch 2, and the deadline is gone.
        let r = g
            .heartbeat(c(1), &tps(&[0, 1], &[]), secs(15), &mut prepared(&plan))
            .unwrap();
        assert_eq!((r.epoch, r.assignment), (2, None));
        assert_eq!(g.member(c(1)).unwrap().revocation_deadline, None);
    }

    #[test]
    fn a_static_member_gets_its_assignment_back_as_in_kafkas_test() {
        // testStaticMemberGetsBackAssignmentUponRejoin.
        let mut m1 = stable_member(1, 10, tps(&[0, 1, 2], &[0, 1]));
        m1.instance_id = Some("member-1".into());
        let mut m2 = stable_member(2, 10, tps(&[3, 4, 5], &[2]));
        m2.instance_id = Some("member-2".into());
        let mut g = group_at_10(vec![m1, m2]);
        let mut assign = |_: &[Member]| -> Vec<Vec<TopicPartition>> {
            panic!("no new target assignment may be computed")
        };
        // Member 2 leaves with epoch -2: it keeps its assignment, no epoch bump.
        g.leave_static(c(2)).unwrap();
        let m = g.member(c(2)).unwrap();
        assert_eq!((m.epoch, m.assigned.clone()), (-2, tps(&[3, 4, 5], &[2])));
        assert_eq!(g.group_epoch, 10);
        // A new process with the same instance id rejoins: epoch 10, the same partitions.
        assert_eq!(
            g.join(
                c(3),
                "member-2-again".into(),
                Some("member-2".into()),
                subs(&[FOO, BAR]),
                SimDuration::from_secs(300)
            ),
            Ok(Joined::Replaced(c(2)))
        );
        let r = g.heartbeat(c(3), &[], SimTime::ZERO, &mut assign).unwrap();
        assert_eq!((r.epoch, r.assignment), (10, Some(tps(&[3, 4, 5], &[2]))));
        assert_eq!(state(&g, 3), (10, 0, ReconcileState::Stable));
        assert!(g.member(c(2)).is_none());
        assert_eq!(g.group_epoch, 10);
        assert!(!g.is_reconciling());
    }

    #[test]
    fn a_live_instance_id_is_unreleased() {
        let mut m1 = stable_member(1, 10, tps(&[0, 1, 2], &[]));
        m1.instance_id = Some("i1".into());
        let mut g = group_at_10(vec![m1]);
        let join = |g: &mut Coordinator| {
            g.join(
                c(2),
                "m".into(),
                Some("i1".into()),
                subs(&[FOO]),
                SimDuration::from_secs(300),
            )
        };
        assert_eq!(
            join(&mut g),
            Err(Refusal::UnreleasedInstanceId("i1".into()))
        );
        g.leave_static(c(1)).unwrap();
        assert_eq!(join(&mut g), Ok(Joined::Replaced(c(1))));
    }

    #[test]
    fn an_expired_static_session_fences_and_bumps_the_epoch() {
        // testSessionTimeoutExpirationStaticMember: join (epoch 1), leave with -2, and at the
        // session timeout the member is fenced: group epoch 2.
        let mut g = Coordinator::default();
        let plan = [(c(1), tps(&[0, 1, 2, 3, 4, 5], &[]))];
        g.join(
            c(1),
            "m".into(),
            Some("m".into()),
            subs(&[FOO]),
            SimDuration::from_secs(90),
        )
        .unwrap();
        let r = g
            .heartbeat(c(1), &[], secs(0), &mut prepared(&plan))
            .unwrap();
        assert_eq!(r.epoch, 1);
        g.leave_static(c(1)).unwrap();
        assert_eq!(g.member(c(1)).unwrap().epoch, -2);
        g.fence(c(1)).unwrap();
        assert_eq!(g.group_epoch, 2);
        assert!(g.members.is_empty());
        assert!(g.partition_epochs.is_empty());
    }
}
