//! Guards Kafka's delivery contract under both group protocols (classic with each assignor,
//! and the consumer protocol), static and dynamic members, random produces, joins, clean
//! leaves, crashes, stalls past `max.poll.interval.ms`, latencies and processing times
//! (proptest, fixed seed): every record reaches every group at least once, each member sees a
//! partition in offset order, no partition has two owners in a group, committed offsets never
//! go back, lag is never negative, and without a crash or a stall nothing is delivered twice.

mod common;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use chipshop::engine::{Distribution, DistributionSpec, SimDuration, SimTime, Simulation};
use chipshop::kafka_model::*;
use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};

#[derive(Clone, Debug)]
enum Op {
    Send(u8),
    /// A join to group `.0`, static with instance id `.1` when it is some.
    Join(u8, Option<u8>),
    Leave(u8),
    Crash(u8),
    /// A member's next poll's records take it past `max.poll.interval.ms` (300 s).
    Stall(u8),
}

/// The protocols and assignors a group may use, by index.
const PROTOCOLS: [GroupProtocol; 5] = [
    GroupProtocol::Classic(AssignorKind::Range),
    GroupProtocol::Classic(AssignorKind::RoundRobin),
    GroupProtocol::Classic(AssignorKind::CooperativeSticky),
    GroupProtocol::Consumer(ServerAssignorKind::Uniform),
    GroupProtocol::Consumer(ServerAssignorKind::Range),
];

#[derive(Clone, Debug)]
struct Scenario {
    partitions: u32,
    protocols: [u8; 2],
    produce_max_ms: u64,
    fetch_max_ms: u64,
    linger_ms: u64,
    /// Each poll's records take a consumer up to this long (so rebalances wait for busy members).
    process_max_ms: u64,
    ops: Vec<(u32, Op)>,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => any::<u8>().prop_map(Op::Send),
        2 => (0u8..2, prop::option::weighted(0.4, 0u8..3)).prop_map(|(g, s)| Op::Join(g, s)),
        1 => any::<u8>().prop_map(Op::Leave),
        1 => any::<u8>().prop_map(Op::Crash),
        1 => any::<u8>().prop_map(Op::Stall),
    ]
}

fn scenario(crashes: bool) -> impl Strategy<Value = Scenario> {
    (
        1u32..6,
        [0u8..5, 0u8..5],
        0u64..20,
        0u64..20,
        0u64..10,
        prop_oneof![Just(1u64), 1u64..3_000],
        prop::collection::vec((0u32..60_000, op()), 1..120),
    )
        .prop_map(
            move |(
                partitions,
                protocols,
                produce_max_ms,
                fetch_max_ms,
                linger_ms,
                process_max_ms,
                mut ops,
            )| {
                if !crashes {
                    ops.retain(|(_, o)| !matches!(o, Op::Crash(_) | Op::Stall(_)));
                }
                Scenario {
                    partitions,
                    protocols,
                    produce_max_ms,
                    fetch_max_ms,
                    linger_ms,
                    process_max_ms,
                    ops,
                }
            },
        )
}

fn uniform_ms(max: u64) -> Distribution {
    Distribution::new(DistributionSpec::Uniform([
        SimDuration::ZERO,
        SimDuration::from_millis(max),
    ]))
    .unwrap()
}

struct Outcome {
    harness: Harness,
    groups: Vec<GroupId>,
    topic: TopicId,
    violations: Vec<String>,
}

fn run(s: &Scenario) -> Outcome {
    let mut pc = ProducerConfig::new("p");
    pc.produce_latency = uniform_ms(s.produce_max_ms);
    pc.linger_ms = SimDuration::from_millis(s.linger_ms);
    let mut h = Harness::new(pc);
    let topic = h.kafka.create_topic("orders", s.partitions, false).unwrap();
    let groups: Vec<GroupId> = (0..2)
        .map(|g| {
            let cfg = GroupConfig {
                protocol: PROTOCOLS[s.protocols[g] as usize],
                ..GroupConfig::default()
            };
            h.kafka.create_group(&format!("g{g}"), cfg).unwrap()
        })
        .collect();
    let violations = Rc::new(RefCell::new(Vec::<String>::new()));
    let last_committed = RefCell::new(BTreeMap::<(GroupId, TopicPartition), u64>::new());
    let v = Rc::clone(&violations);
    let gs = groups.clone();
    let parts = s.partitions;
    h.check = Some(Box::new(move |k: &KafkaCluster<u64>, now: SimTime| {
        let mut v = v.borrow_mut();
        for &g in &gs {
            let mut owned = BTreeSet::new();
            for &m in k.members(g) {
                for tp in k.assignment(m) {
                    if !owned.insert(tp) {
                        v.push(format!("{now}: {tp:?} has two owners in {g:?}"));
                    }
                }
            }
            let mut sum = 0;
            for p in 0..parts {
                let tp = TopicPartition::new(topic, p);
                let leo = k.log_end_offset(tp).unwrap();
                if let Some(c) = k.committed(g, tp) {
                    if c > leo {
                        v.push(format!("{now}: negative lag on {tp:?}"));
                    }
                    let mut last = last_committed.borrow_mut();
                    if let Some(&prev) = last.get(&(g, tp)) {
                        if c < prev {
                            v.push(format!("{now}: commit went back {prev} -> {c} on {tp:?}"));
                        }
                    }
                    last.insert((g, tp), c);
                }
                sum += k.partition_lag(g, tp);
            }
            if sum != k.total_lag(g) {
                v.push(format!("{now}: total lag {} != sum {sum}", k.total_lag(g)));
            }
        }
    }));
    let max = s.process_max_ms;
    h.process_for = Some(Box::new(move |c: ConsumerId, now: SimTime| {
        // A fixed mix of the consumer and the time (splitmix64): busy for 1..=max ms.
        let mut z = (u64::from(c.0) << 48 ^ now.as_nanos()).wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Some(SimDuration::from_millis(1 + (z ^ (z >> 31)) % max))
    }));
    let mut sim = Simulation::new(h, 11);
    // One member per group from the start, and one that joins late and stays, so every record
    // has a reader at the end.
    for &g in &groups {
        at(
            &mut sim,
            SimTime::ZERO,
            Act::Join {
                group: g,
                config: fetch(earliest(&["orders"]), s),
            },
        );
    }
    let mut value = 0;
    let mut joins = 0usize;
    for (t, o) in &s.ops {
        let t = SimTime::from_nanos(u64::from(*t) * 1_000_000);
        let act = match o {
            Op::Send(x) => {
                value += 1;
                // A third of the records name their partition; the rest go to the sticky partitioner.
                let partition = (x % 3 == 0).then(|| u32::from(*x) % s.partitions);
                Act::Send {
                    topic,
                    partition,
                    value,
                }
            }
            Op::Join(g, instance) => {
                joins += 1;
                let mut config = fetch(earliest(&["orders"]), s);
                config.group_instance_id = instance.map(|i| format!("g{g}-static-{i}"));
                Act::Join {
                    group: groups[*g as usize],
                    config,
                }
            }
            Op::Leave(i) => Act::Leave(*i as usize % (2 + joins)),
            Op::Crash(i) => Act::Crash(*i as usize % (2 + joins)),
            // Only early on, so that the group has its partitions back within the run.
            Op::Stall(_) if t > SimTime::from_nanos(40_000_000_000) => continue,
            Op::Stall(i) => Act::Stall(*i as usize % (2 + joins), SimDuration::from_secs(350)),
        };
        at(&mut sim, t, act);
    }
    for &g in &groups {
        at(
            &mut sim,
            SimTime::from_nanos(200_000_000_000),
            Act::Join {
                group: g,
                config: fetch(earliest(&["orders"]), s),
            },
        );
    }
    sim.run_until(SimTime::from_nanos(500_000_000_000));
    let harness = sim.into_model();
    let violations = violations.borrow().clone();
    Outcome {
        harness,
        groups,
        topic,
        violations,
    }
}

fn fetch(mut c: Box<ConsumerConfig>, s: &Scenario) -> Box<ConsumerConfig> {
    c.fetch_latency = uniform_ms(s.fetch_max_ms);
    c.max_poll_records = 7;
    c
}

fn check_delivery(o: &Outcome) -> Result<(), TestCaseError> {
    prop_assert!(
        o.violations.is_empty(),
        "{:?}",
        &o.violations[..o.violations.len().min(5)]
    );
    let h = &o.harness;
    let produced = h.kafka.records_produced(o.topic);
    for &g in &o.groups {
        let members: BTreeSet<ConsumerId> = h
            .consumers
            .iter()
            .copied()
            .filter(|&c| h.kafka.group_of(c) == Some(g))
            .collect();
        let mut seen = BTreeSet::new();
        // A member reads a partition in offset order for as long as it owns it; given it again
        // (after a rejoin, say), it starts again from the committed offset.
        let mut per_member: BTreeMap<(ConsumerId, TopicPartition, u32), u64> = BTreeMap::new();
        for ((_, d), &grant) in h.deliveries.iter().zip(&h.grant_count) {
            if !members.contains(&d.consumer) {
                continue;
            }
            seen.insert((d.tp, d.offset));
            let key = (d.consumer, d.tp, grant);
            if let Some(&prev) = per_member.get(&key) {
                prop_assert!(
                    d.offset > prev,
                    "{:?} saw {:?} offset {} after {}",
                    d.consumer,
                    d.tp,
                    d.offset,
                    prev
                );
            }
            per_member.insert(key, d.offset);
        }
        prop_assert_eq!(seen.len() as u64, produced, "group {:?} missed records", g);
    }
    for r in h.kafka.rebalances() {
        let mut owned = BTreeSet::new();
        for (_, tps) in &r.assignment {
            for tp in tps {
                prop_assert!(owned.insert(*tp), "two owners after rebalance {:?}", r);
            }
        }
    }
    Ok(())
}

fn config() -> Config {
    Config {
        cases: 96,
        rng_seed: RngSeed::Fixed(20_261_127),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_record_reaches_every_group_in_order_despite_crashes(s in scenario(true)) {
        let o = run(&s);
        check_delivery(&o)?;
    }

    #[test]
    fn without_crashes_nothing_is_delivered_twice(s in scenario(false)) {
        let o = run(&s);
        check_delivery(&o)?;
        for &g in &o.groups {
            prop_assert_eq!(o.harness.kafka.redeliveries(g), 0);
        }
    }
}
