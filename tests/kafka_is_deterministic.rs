//! Guards the first invariant for the Kafka model: the same seed gives the same deliveries,
//! acknowledgements and rebalances, event for event; another seed gives another run.

mod common;

use chipshop::engine::{Distribution, DistributionSpec, SimDuration, SimTime, Simulation};
use chipshop::kafka_model::*;
use common::*;

fn uniform(lo_ms: u64, hi_ms: u64) -> Distribution {
    Distribution::new(DistributionSpec::Uniform([
        SimDuration::from_millis(lo_ms),
        SimDuration::from_millis(hi_ms),
    ]))
    .unwrap()
}

/// (time ns, consumer, partition, offset, value) per delivery.
type Deliveries = Vec<(u64, u32, u32, u64, u64)>;

fn run(seed: u64) -> (Deliveries, String) {
    let mut pc = ProducerConfig::new("p");
    pc.produce_latency = uniform(1, 20);
    let mut h = Harness::new(pc);
    let orders = h.kafka.create_topic("orders", 5, false).unwrap();
    let group = h
        .kafka
        .create_group(
            "g",
            GroupConfig {
                protocol: GroupProtocol::Classic(AssignorKind::CooperativeSticky),
                ..GroupConfig::default()
            },
        )
        .unwrap();
    let mut sim = Simulation::new(h, seed);
    for k in 0..3 {
        let mut c = earliest(&["orders"]);
        c.fetch_latency = uniform(0, 10);
        at(
            &mut sim,
            secs(k as f64 * 2.0),
            Act::Join { group, config: c },
        );
    }
    at(&mut sim, secs(15.0), Act::Crash(1));
    at(&mut sim, secs(30.0), Act::Leave(2));
    for v in 0..5_000u64 {
        at(
            &mut sim,
            SimTime::from_nanos(v * 17_000_000),
            Act::Send {
                topic: orders,
                partition: None,
                value: v,
            },
        );
    }
    sim.run();
    let h = sim.model();
    let deliveries = h
        .deliveries
        .iter()
        .map(|(t, d)| {
            (
                t.as_nanos(),
                d.consumer.0,
                d.tp.partition,
                d.offset,
                d.value,
            )
        })
        .collect();
    (deliveries, format!("{:?}", h.kafka.rebalances()))
}

#[test]
fn same_seed_same_run() {
    let a = run(5);
    let b = run(5);
    assert_eq!(a, b);
    assert!(a.0.len() >= 5_000);
}

#[test]
fn other_seed_other_run() {
    assert_ne!(run(5).0, run(6).0);
}
