//! Guards the consumer protocol (KIP-848) in time, after Kafka 4.1's own timelines
//! (`GroupMetadataManagerTest`: testReconciliationProcess, testSessionTimeoutLifecycle,
//! testStaticMemberGetsBackAssignmentUponRejoin, testSessionTimeoutExpirationStaticMember): a
//! join pauses only the partitions that move and the hand-off completes within about two
//! heartbeat intervals; a crash is fenced a session timeout after the last heartbeat; a static
//! member that comes back within its session gets its partitions back with no new epoch, and
//! one that stays away is fenced; a live instance id is refused; a member that stops polling
//! leaves at `max.poll.interval.ms`.
//!
//! Two members join at 0 s and read 4 partitions (a record to each every 10 ms, 1 ms of work
//! per poll). Heartbeats go every 5 s; after the first hand-off at 5 s nothing moves, so the
//! members' next heartbeats after 20 s are at 25 s.

mod common;

use std::collections::BTreeSet;

use chipshop::engine::{SimDuration, SimTime, Simulation};
use chipshop::kafka_model::*;
use common::*;

fn setup(until: f64) -> (Simulation<Harness>, GroupId) {
    orders_setup(
        GroupConfig::consumer(ServerAssignorKind::Uniform),
        4,
        2,
        until,
    )
}

fn static_setup(until: f64) -> (Simulation<Harness>, GroupId) {
    let (mut sim, group) = orders_setup(
        GroupConfig::consumer(ServerAssignorKind::Uniform),
        4,
        0,
        until,
    );
    for id in ["i1", "i2"] {
        at(
            &mut sim,
            SimTime::ZERO,
            Act::Join {
                group,
                config: static_member(id),
            },
        );
    }
    (sim, group)
}

fn static_member(id: &str) -> Box<ConsumerConfig> {
    let mut c = earliest(&["orders"]);
    c.group_instance_id = Some(id.to_string());
    c
}

fn removals(h: &Harness) -> Vec<(SimTime, ConsumerId, RemovalReason)> {
    h.events
        .iter()
        .filter_map(|(t, n)| match n {
            Notice::MemberRemoved {
                consumer, reason, ..
            } => Some((*t, *consumer, *reason)),
            _ => None,
        })
        .collect()
}

fn owned_at_end_of(h: &Harness, rebalance: usize, c: ConsumerId) -> Vec<TopicPartition> {
    h.kafka.rebalances()[rebalance]
        .assignment
        .iter()
        .find(|(m, _)| *m == c)
        .map(|(_, t)| t.clone())
        .unwrap_or_default()
}

#[test]
fn the_group_forms_one_heartbeat_after_the_second_member_joins() {
    let (mut sim, _) = setup(10.0);
    sim.run();
    let h = sim.model();
    // Member 1 gets everything at once (epoch 1); member 2's join moves the group to epoch 2,
    // and member 1 learns at its next heartbeat, at 5 s, that it must hand two partitions over.
    let rb = h.kafka.rebalances();
    assert_eq!(rb.len(), 2, "{rb:?}");
    assert_eq!(
        (rb[0].start, rb[0].end, rb[0].generation),
        (secs(0.0), secs(0.0), 1)
    );
    assert_eq!(
        (rb[1].start, rb[1].end, rb[1].generation),
        (secs(0.0), secs(5.0), 2)
    );
    let (c1, c2) = (h.consumers[0], h.consumers[1]);
    assert_eq!(owned_at_end_of(h, 1, c1).len(), 2);
    assert_eq!(owned_at_end_of(h, 1, c2).len(), 2);
    assert_eq!(h.kafka.redeliveries(GroupId(0)), 0);
}

#[test]
fn a_join_pauses_only_what_moves_and_hands_off_within_two_heartbeats() {
    let (mut sim, group) = setup(40.0);
    at(
        &mut sim,
        secs(20.0),
        Act::Join {
            group,
            config: earliest(&["orders"]),
        },
    );
    sim.run();
    let h = sim.model();
    let rb = h.kafka.rebalances();
    assert_eq!(rb.len(), 3, "{rb:?}");
    let r = &rb[2];
    assert_eq!((r.start, r.generation), (secs(20.0), 3));
    // The hand-off completes within two heartbeat intervals of the join.
    assert!(r.end <= secs(30.0), "hand-off ended at {}", r.end);
    // One partition moves (4 over 3 members, balanced and sticky), from one member to the
    // newcomer; the donor learns of it at its 25 s heartbeat.
    let moved: Vec<TopicPartition> = r.revoked.iter().flat_map(|(_, t)| t.clone()).collect();
    assert_eq!(moved.len(), 1, "{r:?}");
    let donor = r.revoked[0].0;
    let revoked_at: Vec<SimTime> = h
        .events
        .iter()
        .filter(|(_, n)| matches!(n, Notice::Revoked { .. }))
        .map(|(t, _)| *t)
        .filter(|t| *t > secs(10.0))
        .collect();
    assert_eq!(revoked_at.len(), 1);
    assert!(revoked_at[0] >= secs(25.0) && revoked_at[0] < secs(25.01));
    let c3 = h.consumers[2];
    assert_eq!(owned_at_end_of(h, 2, c3), moved);
    // Every other partition is read all through the rebalance: nobody else pauses.
    let before: BTreeSet<TopicPartition> = rb[1]
        .assignment
        .iter()
        .flat_map(|(_, t)| t.clone())
        .collect();
    for tp in before.iter().filter(|tp| !moved.contains(tp)) {
        let mut t = secs(20.0);
        while t < r.end {
            assert!(
                h.deliveries.iter().any(|(at, d)| *at >= t
                    && *at < t + SimDuration::from_millis(500)
                    && d.tp == *tp),
                "{tp:?} paused at {t}"
            );
            t += SimDuration::from_millis(500);
        }
    }
    // The moved partition is read by the donor until it revokes, by nobody until the
    // newcomer's heartbeat gives it over, and then by the newcomer, from where the donor
    // committed: nothing twice.
    let reads: Vec<(SimTime, ConsumerId)> = h
        .deliveries
        .iter()
        .filter(|(t, d)| *t >= secs(20.0) && d.tp == moved[0])
        .map(|(t, d)| (*t, d.consumer))
        .collect();
    assert!(
        reads
            .iter()
            .all(|(t, c)| (*t <= revoked_at[0] && *c == donor) || (*t >= r.end && *c == c3))
    );
    assert_eq!(h.kafka.redeliveries(group), 0);
}

#[test]
fn a_crash_is_fenced_a_session_timeout_after_its_last_heartbeat() {
    let (mut sim, group) = setup(80.0);
    at(&mut sim, secs(22.0), Act::Crash(0));
    sim.run();
    let h = sim.model();
    let (c1, c2) = (h.consumers[0], h.consumers[1]);
    // Heartbeats at 5, 10, 15, 20 s: the last before the crash went at 20 s; 20 + 45 = 65.
    assert_eq!(
        removals(h),
        vec![(secs(65.0), c1, RemovalReason::SessionTimeout)]
    );
    let r = h.kafka.rebalances().last().unwrap();
    assert_eq!(r.start, secs(65.0));
    // The survivor hears of the new epoch at its next heartbeat (70 s) and takes the dead
    // member's partitions at once: they are free since it was fenced.
    assert_eq!(r.end, secs(70.0));
    let dead = owned_at_end_of(h, 1, c1);
    assert!(
        !h.deliveries
            .iter()
            .any(|(t, d)| *t > secs(22.01) && *t < secs(70.0) && dead.contains(&d.tp))
    );
    assert!(
        h.deliveries
            .iter()
            .any(|(t, d)| *t >= secs(70.0) && d.consumer == c2 && dead.contains(&d.tp))
    );
    assert!(
        h.kafka.redeliveries(group) > 0,
        "uncommitted records were not redelivered"
    );
}

#[test]
fn a_static_member_back_within_its_session_gets_its_partitions_and_no_new_epoch() {
    let (mut sim, group) = static_setup(60.0);
    at(&mut sim, secs(20.0), Act::Leave(0));
    at(
        &mut sim,
        secs(30.0),
        Act::Join {
            group,
            config: static_member("i1"),
        },
    );
    sim.run();
    let h = sim.model();
    // Two epochs as the group formed, then nothing: the close left with epoch -2 and the
    // return took the same place.
    assert_eq!(h.kafka.rebalances().len(), 2, "{:?}", h.kafka.rebalances());
    let old = owned_at_end_of(h, 1, h.consumers[0]);
    let back = h.consumers[2];
    assert_eq!(h.kafka.assignment(back), old);
    assert!(removals(h).is_empty());
    // Its partitions wait while it is away, then resume where it committed as it closed.
    assert!(
        !h.deliveries
            .iter()
            .any(|(t, d)| *t > secs(20.01) && *t < secs(30.0) && old.contains(&d.tp))
    );
    assert_eq!(h.kafka.redeliveries(group), 0);
    let read: BTreeSet<_> = h.deliveries.iter().map(|(_, d)| (d.tp, d.offset)).collect();
    assert_eq!(read.len() as u64, h.kafka.records_produced(TopicId(0)));
}

#[test]
fn a_static_member_that_stays_away_is_fenced_at_its_session_timeout() {
    let (mut sim, group) = static_setup(120.0);
    at(&mut sim, secs(22.0), Act::Leave(0));
    at(
        &mut sim,
        secs(100.0),
        Act::Join {
            group,
            config: static_member("i1"),
        },
    );
    sim.run();
    let h = sim.model();
    let c1 = h.consumers[0];
    // Last heartbeat at 20 s; fenced at 65 s: one rebalance hands its partitions to the other
    // member. Its return at 100 s is a new member: one more.
    assert_eq!(
        removals(h),
        vec![(secs(65.0), c1, RemovalReason::SessionTimeout)]
    );
    let rb = h.kafka.rebalances();
    let starts: Vec<SimTime> = rb.iter().skip(2).map(|r| r.start).collect();
    assert_eq!(starts, vec![secs(65.0), secs(100.0)]);
}

#[test]
fn a_live_instance_id_is_refused_until_its_session_expires() {
    let (mut sim, group) = static_setup(80.0);
    at(&mut sim, secs(22.0), Act::Crash(0));
    sim.run_until(secs(30.0));
    let refused = sim.invoke(|h, cx| h.kafka.join(cx, group, *static_member("i1")));
    assert_eq!(refused, Err(KafkaError::UnreleasedInstanceId("i1".into())));
    sim.run_until(secs(66.0));
    let back = sim.invoke(|h, cx| h.kafka.join(cx, group, *static_member("i1")));
    assert!(back.is_ok(), "{back:?}");
}

#[test]
fn a_member_that_stops_polling_leaves_at_max_poll_interval() {
    let (mut sim, group) = setup(340.0);
    sim.invoke(|h, _| {
        h.process_for = Some(Box::new(|c, now| {
            (c != ConsumerId(0) || now < secs(19.9)).then_some(SimDuration::from_millis(1))
        }))
    });
    sim.run();
    let h = sim.model();
    let c1 = h.consumers[0];
    let gone = removals(h);
    assert_eq!(gone.len(), 1);
    assert_eq!((gone[0].1, gone[0].2), (c1, RemovalReason::PollTimeout));
    // Its last poll returned just before 20 s: it leaves 300 s later.
    assert!(
        gone[0].0 > secs(319.8) && gone[0].0 < secs(320.0),
        "{gone:?}"
    );
    assert_eq!(h.kafka.member_state(c1), Some(MemberState::Rejoining));
    assert!(h.kafka.redeliveries(group) > 0);
    let commit = sim.invoke(|h, cx| h.kafka.commit(cx, c1));
    assert_eq!(commit, Err(KafkaError::CommitFailed(c1.0)));
}

#[test]
fn consumer_protocol_clients_may_not_set_session_or_heartbeat() {
    let (mut sim, group) = setup(0.0);
    let mut c = *earliest(&["orders"]);
    c.session_timeout_ms = Some(SimDuration::from_secs(10));
    let e = sim.invoke(|h, cx| h.kafka.join(cx, group, c));
    assert_eq!(e, Err(KafkaError::UnsupportedConfig("session.timeout.ms")));
}
