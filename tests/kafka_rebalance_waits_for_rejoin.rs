//! Guards the join phase of the classic protocol: members learn of a rebalance at their next
//! heartbeat (every 3 s from 3.1 s here, when the first round answered them: 21.1 s is the
//! first after 20 s); a rebalance waits for every member to rejoin from its next `poll` (a
//! member busy with its last records holds everyone up, the stop-the-world pause of eager
//! rebalances); a member blocked in `poll` rejoins as soon as it knows; a member that stops
//! polling leaves the group at `max.poll.interval.ms` and the group goes on without it.

mod common;

use std::cell::Cell;
use std::rc::Rc;

use chipshop::engine::{SimDuration, SimTime, Simulation};
use chipshop::kafka_model::*;
use common::*;

/// Two members reading 4 partitions from t=0 (a record to each every 10 ms until `until`);
/// the first poll member 0 returns from at or after 19.9 s takes it `busy` (`None`: it never
/// polls again), every other poll 1 ms; a third member joins at 20 s. Returns the simulation,
/// the group and when member 0's long poll returned.
fn busy_member(
    config: GroupConfig,
    busy: Option<SimDuration>,
    until: f64,
) -> (Simulation<Harness>, GroupId, Rc<Cell<SimTime>>) {
    let (mut sim, group) = orders_setup(config, 4, 2, until);
    let slow_from = Rc::new(Cell::new(SimTime::MAX));
    let s = Rc::clone(&slow_from);
    sim.invoke(|h, _| {
        h.process_for = Some(Box::new(move |c, now| {
            if c == ConsumerId(0) && now >= secs(19.9) && s.get() == SimTime::MAX {
                s.set(now);
                return busy;
            }
            Some(SimDuration::from_millis(1))
        }))
    });
    at(
        &mut sim,
        secs(20.0),
        Act::Join {
            group,
            config: earliest(&["orders"]),
        },
    );
    (sim, group, slow_from)
}

fn revoked_at(h: &Harness, consumer: ConsumerId) -> Vec<SimTime> {
    h.events
        .iter()
        .filter(|(_, n)| matches!(n, Notice::Revoked { consumer: c, .. } if *c == consumer))
        .map(|(t, _)| *t)
        .collect()
}

#[test]
fn a_busy_member_holds_up_an_eager_rebalance_until_its_next_poll() {
    let (mut sim, group, slow_from) = busy_member(
        GroupConfig::default(),
        Some(SimDuration::from_secs(5)),
        40.0,
    );
    sim.run();
    let h = sim.model();
    let busy_until = slow_from.get() + SimDuration::from_secs(5);
    assert!(
        slow_from.get() < secs(20.0),
        "member 0 was not busy at 20 s"
    );
    let rb = &h.kafka.rebalances()[1];
    // The join phase ends when member 0 polls again (and sends its JoinGroup), then the round
    // takes join_sync_time (100 ms).
    assert_eq!(rb.start, secs(20.0));
    assert_eq!(rb.end, busy_until + SimDuration::from_millis(100));
    assert_eq!(rb.assignment.len(), 3);
    // Both learn of it at their 21.1 s heartbeat. Member 1, blocked in poll, gives up its
    // partitions at once; member 0 keeps its own until its next poll (onJoinPrepare runs in
    // poll).
    let (c0, c1) = (h.consumers[0], h.consumers[1]);
    assert_eq!(revoked_at(h, c1), vec![secs(21.1)]);
    assert_eq!(revoked_at(h, c0), vec![busy_until]);
    // Nobody read anything while the group waited: the stop-the-world pause.
    let during = h
        .deliveries
        .iter()
        .filter(|(t, _)| *t > secs(21.1) && *t < rb.end)
        .count();
    assert_eq!(during, 0, "records delivered during an eager rebalance");
    // Afterwards everyone reads again, and member 0 committed on its way in: nothing twice.
    for &c in &h.consumers {
        assert!(
            h.deliveries
                .iter()
                .any(|(t, d)| *t >= rb.end && d.consumer == c),
            "{c:?} read nothing after the rebalance"
        );
    }
    assert_eq!(h.kafka.redeliveries(group), 0);
}

#[test]
fn a_member_blocked_in_poll_rejoins_as_soon_as_its_heartbeat_tells_it() {
    // No records after 10 s: at 20 s both members wait in poll.
    let (mut sim, _, _) = busy_member(
        GroupConfig::default(),
        Some(SimDuration::from_secs(5)),
        10.0,
    );
    sim.run();
    let h = sim.model();
    let rb = &h.kafka.rebalances()[1];
    assert_eq!((rb.start, rb.end), (secs(20.0), secs(21.2)));
    assert_eq!(revoked_at(h, h.consumers[0]), vec![secs(21.1)]);
    assert_eq!(revoked_at(h, h.consumers[1]), vec![secs(21.1)]);
}

#[test]
fn a_member_that_stops_polling_leaves_at_max_poll_interval_and_rejoins_when_it_polls() {
    let (mut sim, group, slow_from) = busy_member(GroupConfig::default(), None, 340.0);
    sim.run();
    let h = sim.model();
    let (c0, c1, c2) = (h.consumers[0], h.consumers[1], h.consumers[2]);
    assert!(slow_from.get() < secs(20.0));
    // The join phase waits for member 0, which never polls again. Its own heartbeat thread
    // gives up first: max.poll.interval.ms (300 s) after its last poll returned, it sends
    // LeaveGroup. That is before the coordinator's rebalance timeout, which started later
    // (at 20 s); the round then completes without it.
    let left = slow_from.get() + SimDuration::from_secs(300);
    assert!(left < secs(320.0));
    let removed: Vec<_> = h
        .events
        .iter()
        .filter_map(|(t, n)| match n {
            Notice::MemberRemoved {
                consumer, reason, ..
            } => Some((*t, *consumer, *reason)),
            _ => None,
        })
        .collect();
    assert_eq!(removed, vec![(left, c0, RemovalReason::PollTimeout)]);
    let rb = &h.kafka.rebalances()[1];
    assert_eq!(
        (rb.start, rb.end),
        (secs(20.0), left + SimDuration::from_millis(100))
    );
    assert_eq!(h.kafka.rebalances().len(), 2, "no further rebalance");
    let members: Vec<ConsumerId> = rb.assignment.iter().map(|(c, _)| *c).collect();
    assert_eq!(members, vec![c1, c2]);
    let all: usize = rb.assignment.iter().map(|(_, t)| t.len()).sum();
    assert_eq!(all, 4, "the others share all four partitions");
    // Member 0's old partitions are read again, by the others, from its last commit.
    let old = h.kafka.rebalances()[0]
        .assignment
        .iter()
        .find(|(c, _)| *c == c0)
        .unwrap()
        .1
        .clone();
    for tp in &old {
        assert!(
            h.deliveries
                .iter()
                .any(|(t, d)| *t >= rb.end && d.tp == *tp && d.consumer != c0)
        );
    }
    assert!(
        h.kafka.redeliveries(group) > 0,
        "its last records were not redelivered"
    );
    assert_eq!(h.kafka.member_state(c0), Some(MemberState::Rejoining));
    // Its commit fails (CommitFailedException); when it finally polls, it joins again as a
    // new member, as Kafka's client does, and the group rebalances for it.
    let id_before = h.kafka.member_id(c0).unwrap().to_string();
    let commit = sim.invoke(|m, cx| m.kafka.commit(cx, c0));
    assert_eq!(commit, Err(KafkaError::CommitFailed(c0.0)));
    sim.invoke(|m, cx| m.kafka.poll(cx, c0)).unwrap();
    sim.run();
    let h = sim.model();
    assert_eq!(h.kafka.member_state(c0), Some(MemberState::Active));
    assert_ne!(h.kafka.member_id(c0).unwrap(), id_before);
    assert_eq!(h.kafka.rebalances().len(), 3);
    assert!(
        h.kafka.rebalances()[2]
            .assignment
            .iter()
            .any(|(c, _)| *c == c0)
    );
}

#[test]
fn a_static_member_that_misses_the_rebalance_timeout_stays_in_the_group_until_its_session_ends() {
    let (mut sim, _) = orders_setup(GroupConfig::default(), 4, 0, 340.0);
    let group = GroupId(0);
    for id in ["i1", "i2"] {
        let mut c = earliest(&["orders"]);
        c.group_instance_id = Some(id.to_string());
        at(&mut sim, SimTime::ZERO, Act::Join { group, config: c });
    }
    let slow_from = Rc::new(Cell::new(SimTime::MAX));
    let s = Rc::clone(&slow_from);
    sim.invoke(|h, _| {
        h.process_for = Some(Box::new(move |c, now| {
            if c == ConsumerId(0) && now >= secs(19.9) {
                s.set(s.get().min(now));
                return None;
            }
            Some(SimDuration::from_millis(1))
        }))
    });
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
    let c0 = h.consumers[0];
    // Member 0 stops polling just before 20 s. At max.poll.interval.ms its heartbeat thread
    // gives up, but a static member sends no LeaveGroup: the coordinator's join phase runs to
    // its rebalance timeout (320 s) and keeps the static member, with a share of the
    // partitions (unread while it does not poll).
    let rb = &h.kafka.rebalances()[1];
    assert_eq!((rb.start, rb.end), (secs(20.0), secs(320.1)));
    assert_eq!(rb.assignment.len(), 3);
    assert!(
        !rb.assignment
            .iter()
            .find(|(c, _)| *c == c0)
            .unwrap()
            .1
            .is_empty()
    );
    // Its heartbeats stopped with its poll timer: the last went at 3.1 + 3k s before
    // slow_from + 300 s, and 45 s later the coordinator removes it and rebalances again.
    let stopped = slow_from.get() + SimDuration::from_secs(300);
    let last_hb =
        secs(3.1) + SimDuration::from_secs(3 * ((stopped - secs(3.1)).as_secs_f64() / 3.0) as u64);
    let removed: Vec<_> = h
        .events
        .iter()
        .filter_map(|(t, n)| match n {
            Notice::MemberRemoved {
                consumer, reason, ..
            } => Some((*t, *consumer, *reason)),
            _ => None,
        })
        .collect();
    assert_eq!(
        removed,
        vec![(
            last_hb + SimDuration::from_secs(45),
            c0,
            RemovalReason::SessionTimeout
        )]
    );
    assert_eq!(h.kafka.member_state(c0), Some(MemberState::Rejoining));
}

#[test]
fn each_cooperative_round_waits_for_the_busy_member() {
    let config = GroupConfig {
        protocol: GroupProtocol::Classic(AssignorKind::CooperativeSticky),
        ..GroupConfig::default()
    };
    let (mut sim, group, slow_from) = busy_member(config, Some(SimDuration::from_secs(5)), 40.0);
    sim.run();
    let h = sim.model();
    let busy_until = slow_from.get() + SimDuration::from_secs(5);
    let rb = h.kafka.rebalances();
    assert_eq!(rb.len(), 3);
    // Round one waits for member 0's next poll; round two starts when round one ends, and
    // both members are then back in (or soon in) poll.
    assert_eq!(
        (rb[1].start, rb[1].end),
        (secs(20.0), busy_until + SimDuration::from_millis(100))
    );
    // Round two: member 0, which revoked, rejoins at once; the others learn of it at their
    // next heartbeat, 3 s after round one answered them, if they are in poll by then.
    assert_eq!(rb[2].start, rb[1].end);
    assert!(rb[2].end >= rb[2].start + SimDuration::from_millis(3_100));
    assert!(rb[2].end <= rb[2].start + SimDuration::from_millis(3_110));
    // Meanwhile member 1 keeps reading the partitions it keeps: only moved ones pause.
    let c1 = h.consumers[1];
    let kept: Vec<TopicPartition> = rb[0]
        .assignment
        .iter()
        .find(|(c, _)| *c == c1)
        .unwrap()
        .1
        .iter()
        .copied()
        .filter(|tp| !rb[1].revoked.iter().any(|(_, t)| t.contains(tp)))
        .collect();
    assert!(!kept.is_empty());
    let mut t = secs(20.5);
    while t < busy_until {
        assert!(
            h.deliveries.iter().any(|(at, d)| *at >= t
                && *at < t + SimDuration::from_millis(500)
                && d.consumer == c1
                && kept.contains(&d.tp)),
            "member 1 stopped reading at {t}"
        );
        t += SimDuration::from_millis(500);
    }
    assert_eq!(h.kafka.redeliveries(group), 0);
}
