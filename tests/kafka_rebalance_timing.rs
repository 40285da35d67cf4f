//! Guards classic rebalances in time: a crash is noticed a session timeout after the last
//! heartbeat (not before), a clean leave at once by the coordinator, and by the other members
//! at their next heartbeat; eager rebalances pause every member, cooperative ones only the
//! partitions that move; the initial delay applies to an empty group's first join.
//!
//! Heartbeats go every `heartbeat.interval.ms` (3 s) from when a member's JoinGroup was
//! answered; in these groups that is the end of the first round, at 3.1 s (the 3 s initial
//! delay and the 100 ms join + sync round), so heartbeats go at 6.1, 9.1, ... 18.1, 21.1 s.

mod common;

use chipshop::engine::{SimDuration, SimTime, Simulation};
use chipshop::kafka_model::*;
use common::*;

struct Setup {
    sim: Simulation<Harness>,
    group: GroupId,
}

/// Topic `orders` with `partitions` partitions, a group with `assignor`, `members` members
/// joining at t=0, and a record to every partition every 10 ms until `until` seconds.
fn setup(assignor: AssignorKind, partitions: u32, members: usize, until: f64) -> Setup {
    let config = GroupConfig {
        protocol: GroupProtocol::Classic(assignor),
        ..GroupConfig::default()
    };
    let (sim, group) = orders_setup(config, partitions, members, until);
    Setup { sim, group }
}

#[test]
fn initial_delay_applies_to_the_first_join() {
    let mut s = setup(AssignorKind::Range, 3, 1, 0.0);
    s.sim.run();
    let h = s.sim.model();
    let ends = h.times(|n| matches!(n, Notice::RebalanceEnded { .. }));
    // group.initial.rebalance.delay.ms (3 s) + the join/sync round (100 ms).
    assert_eq!(ends, vec![secs(3.1)]);
}

#[test]
fn a_crash_is_detected_a_session_timeout_after_the_last_heartbeat() {
    let mut s = setup(AssignorKind::Range, 4, 2, 80.0);
    at(&mut s.sim, secs(20.0), Act::Crash(0));
    s.sim.run();
    let h = s.sim.model();
    let removed = h.times(|n| matches!(n, Notice::MemberRemoved { .. }));
    // Heartbeats every 3 s from 3.1 s: the last before 20 s went at 18.1 s; 18.1 + 45 = 63.1.
    assert_eq!(removed, vec![secs(63.1)]);
    let crash = secs(20.0);
    let session = SimDuration::from_secs(45);
    let hb = SimDuration::from_secs(3);
    assert!(removed[0] + hb >= crash + session && removed[0] <= crash + session);
    let starts = h.times(|n| matches!(n, Notice::RebalanceStarted { .. }));
    assert_eq!(starts, vec![SimTime::ZERO, secs(63.1)]);
    // The dead member's partitions are read by nobody until the rebalance ends: the survivor
    // learns of it at its next heartbeat (63.1 s is one: 3.1 + 20 x 3) and rejoins at once,
    // and the round takes 100 ms.
    let dead = h.consumers[0];
    let dead_tps = h
        .kafka
        .rebalances()
        .first()
        .unwrap()
        .assignment
        .iter()
        .find(|(c, _)| *c == dead)
        .unwrap()
        .1
        .clone();
    assert!(!dead_tps.is_empty());
    let read_in_gap = h
        .deliveries
        .iter()
        .any(|(t, d)| *t > secs(20.01) && *t < secs(63.2) && dead_tps.contains(&d.tp));
    assert!(
        !read_in_gap,
        "a crashed member's partitions were read before the session timed out"
    );
    // Afterwards the survivor reads them, starting again from the last commit.
    let survivor = h.consumers[1];
    assert!(
        h.deliveries
            .iter()
            .any(|(t, d)| *t >= secs(63.2) && d.consumer == survivor && dead_tps.contains(&d.tp))
    );
    assert!(
        h.kafka.redeliveries(s.group) > 0,
        "uncommitted records were not redelivered"
    );
}

#[test]
fn a_clean_leave_rebalances_at_once_and_the_others_learn_at_their_next_heartbeat() {
    let mut s = setup(AssignorKind::Range, 4, 2, 30.0);
    at(&mut s.sim, secs(20.0), Act::Leave(0));
    s.sim.run();
    let h = s.sim.model();
    let starts = h.times(|n| matches!(n, Notice::RebalanceStarted { .. }));
    assert_eq!(starts, vec![SimTime::ZERO, secs(20.0)]);
    // LeaveGroup starts the rebalance at 20 s; the other member hears REBALANCE_IN_PROGRESS at
    // its 21.1 s heartbeat, rejoins from its poll at once, and the round takes 100 ms.
    let last = h.kafka.rebalances().last().unwrap();
    assert_eq!(last.end, secs(21.2));
    assert_eq!(last.assignment.len(), 1);
    assert_eq!(last.assignment[0].1.len(), 4);
    // The leaver committed on the way out: nothing is delivered twice.
    assert_eq!(h.kafka.redeliveries(s.group), 0);
}

#[test]
fn eager_rebalances_pause_every_member() {
    let mut s = setup(AssignorKind::Range, 4, 2, 30.0);
    let group = s.group;
    at(
        &mut s.sim,
        secs(20.0),
        Act::Join {
            group,
            config: earliest(&["orders"]),
        },
    );
    s.sim.run();
    let h = s.sim.model();
    // The members read on until their heartbeat at 21.1 s tells them of the join at 20 s...
    for &c in &h.consumers[..2] {
        assert!(
            h.deliveries
                .iter()
                .any(|(t, d)| *t > secs(20.5) && *t < secs(21.1) && d.consumer == c),
            "{c:?} stopped before it knew of the rebalance"
        );
    }
    // ...then both give up everything as they rejoin, and nobody reads until the round ends.
    let in_rebalance = h
        .deliveries
        .iter()
        .filter(|(t, _)| *t > secs(21.1) && *t < secs(21.2))
        .count();
    assert_eq!(
        in_rebalance, 0,
        "members kept consuming during an eager rebalance"
    );
    let revoked_at_start: Vec<ConsumerId> = h
        .events
        .iter()
        .filter(|(t, n)| *t == secs(21.1) && matches!(n, Notice::Revoked { .. }))
        .map(|(_, n)| match n {
            Notice::Revoked { consumer, .. } => *consumer,
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(revoked_at_start, h.consumers[..2].to_vec());
    assert_eq!(h.kafka.redeliveries(group), 0);
}

#[test]
fn cooperative_rebalances_pause_only_moved_partitions() {
    let mut s = setup(AssignorKind::CooperativeSticky, 4, 2, 30.0);
    let group = s.group;
    at(
        &mut s.sim,
        secs(20.0),
        Act::Join {
            group,
            config: earliest(&["orders"]),
        },
    );
    s.sim.run();
    let h = s.sim.model();
    let rb = h.kafka.rebalances();
    // First join, then the two rounds of the cooperative rebalance. Round one: the members
    // learn of the join at their 21.1 s heartbeat. Round two: the member that revoked rejoins at
    // once; the others learn of it at their next heartbeat, 3 s after round one answered them.
    assert_eq!(rb.len(), 3);
    assert_eq!((rb[1].start, rb[1].end), (secs(20.0), secs(21.2)));
    assert_eq!((rb[2].start, rb[2].end), (secs(21.2), secs(24.3)));
    assert_eq!(rb[2].generation, rb[1].generation + 1);
    let before: Vec<TopicPartition> = rb[0]
        .assignment
        .iter()
        .flat_map(|(_, t)| t.clone())
        .collect();
    let moved: Vec<TopicPartition> = rb[1].revoked.iter().flat_map(|(_, t)| t.clone()).collect();
    assert_eq!(moved.len(), 1, "4 partitions over 3 members: one moves");
    let stayed: Vec<TopicPartition> = before
        .iter()
        .copied()
        .filter(|tp| !moved.contains(tp))
        .collect();
    // Partitions that stay are read throughout the rebalance.
    for tp in &stayed {
        assert!(
            h.deliveries
                .iter()
                .any(|(t, d)| *t > secs(21.1) && *t < secs(24.3) && d.tp == *tp),
            "{tp:?} paused although it did not move"
        );
    }
    // The moved one is read by nobody between its revocation and the second round's end.
    let gap = h
        .deliveries
        .iter()
        .any(|(t, d)| *t > secs(21.2) && *t < secs(24.3) && d.tp == moved[0]);
    assert!(!gap);
    let newcomer = h.consumers[2];
    assert_eq!(
        rb[2]
            .assignment
            .iter()
            .find(|(c, _)| *c == newcomer)
            .unwrap()
            .1,
        moved
    );
    assert_eq!(h.kafka.redeliveries(group), 0);
}

#[test]
fn a_crashed_member_stalls_a_rebalance_until_its_session_times_out() {
    let mut s = setup(AssignorKind::Range, 4, 2, 80.0);
    let group = s.group;
    at(&mut s.sim, secs(20.0), Act::Crash(0));
    at(
        &mut s.sim,
        secs(30.0),
        Act::Join {
            group,
            config: earliest(&["orders"]),
        },
    );
    s.sim.run();
    let h = s.sim.model();
    let rb = h.kafka.rebalances();
    assert_eq!(rb.len(), 2);
    // The join at 30 s cannot complete while the crashed member might still rejoin; it completes
    // when the coordinator removes it at 63.1 s (last heartbeat 18.1 s + 45 s).
    assert_eq!((rb[1].start, rb[1].end), (secs(30.0), secs(63.1)));
    assert_eq!(rb[1].assignment.len(), 2);
    let paused = h
        .deliveries
        .iter()
        .any(|(t, _)| *t > secs(33.1) && *t < secs(63.1));
    assert!(
        !paused,
        "an eager group consumed while its rebalance was stalled"
    );
}

fn static_member(id: &str) -> Box<ConsumerConfig> {
    let mut c = earliest(&["orders"]);
    c.group_instance_id = Some(id.to_string());
    c
}

/// Two static members joining at 0 s, a record to each of 4 partitions every 10 ms until 80 s.
fn static_setup() -> Setup {
    let mut s = setup(AssignorKind::Range, 4, 0, 80.0);
    let group = s.group;
    for id in ["i1", "i2"] {
        at(
            &mut s.sim,
            SimTime::ZERO,
            Act::Join {
                group,
                config: static_member(id),
            },
        );
    }
    s
}

#[test]
fn a_static_member_that_returns_within_the_session_causes_no_rebalance() {
    let mut s = static_setup();
    let group = s.group;
    at(&mut s.sim, secs(20.0), Act::Leave(0));
    at(
        &mut s.sim,
        secs(30.0),
        Act::Join {
            group,
            config: static_member("i1"),
        },
    );
    s.sim.run();
    let h = s.sim.model();
    assert_eq!(h.kafka.rebalances().len(), 1, "{:?}", h.kafka.rebalances());
    let before = &h.kafka.rebalances()[0].assignment;
    let old = before
        .iter()
        .find(|(c, _)| *c == h.consumers[0])
        .unwrap()
        .1
        .clone();
    assert_eq!(h.kafka.assignment(h.consumers[2]), old);
    // Its partitions wait while it is away, then resume where it committed: nothing lost,
    // nothing twice.
    assert!(
        !h.deliveries
            .iter()
            .any(|(t, d)| *t > secs(20.01) && *t < secs(30.0) && old.contains(&d.tp))
    );
    assert_eq!(h.kafka.redeliveries(group), 0);
    let read: std::collections::BTreeSet<_> =
        h.deliveries.iter().map(|(_, d)| (d.tp, d.offset)).collect();
    assert_eq!(read.len() as u64, h.kafka.records_produced(TopicId(0)));
}

#[test]
fn a_static_member_that_stays_away_is_removed_after_the_session_timeout() {
    let mut s = static_setup();
    at(&mut s.sim, secs(20.0), Act::Leave(0));
    s.sim.run();
    let h = s.sim.model();
    let starts = h.times(|n| matches!(n, Notice::RebalanceStarted { .. }));
    assert_eq!(starts, vec![SimTime::ZERO, secs(63.1)]);
}

#[test]
fn a_join_during_the_initial_delay_extends_it() {
    let mut s = setup(AssignorKind::Range, 3, 1, 0.0);
    let group = s.group;
    at(
        &mut s.sim,
        secs(1.0),
        Act::Join {
            group,
            config: earliest(&["orders"]),
        },
    );
    s.sim.run();
    let h = s.sim.model();
    // KIP-134: each join restarts the delay (up to the rebalance timeout): 1 s + 3 s + 100 ms,
    // and both members are in the one first generation.
    let rb = h.kafka.rebalances();
    assert_eq!(rb.len(), 1);
    assert_eq!((rb[0].start, rb[0].end), (SimTime::ZERO, secs(4.1)));
    assert_eq!(rb[0].assignment.len(), 2);
}
