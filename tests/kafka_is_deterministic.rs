//! Guards the first invariant for the Kafka model, under both group protocols: the same seed
//! gives the same deliveries, acknowledgements and rebalances, event for event; another seed
//! gives another run.

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

fn run(seed: u64, protocol: GroupProtocol) -> (Deliveries, String) {
    let mut pc = ProducerConfig::new("p");
    pc.produce_latency = uniform(1, 20);
    let mut h = Harness::new(pc);
    let orders = h.kafka.create_topic("orders", 5, false).unwrap();
    let group = h
        .kafka
        .create_group(
            "g",
            GroupConfig {
                protocol,
                ..GroupConfig::default()
            },
        )
        .unwrap();
    let mut sim = Simulation::new(h, seed);
    for k in 0..3 {
        let mut c = earliest(&["orders"]);
        c.fetch_latency = uniform(0, 10);
        // One static member, which closes and comes back.
        c.group_instance_id = (k == 2).then(|| "i2".to_string());
        at(
            &mut sim,
            secs(k as f64 * 2.0),
            Act::Join { group, config: c },
        );
    }
    at(&mut sim, secs(15.0), Act::Crash(1));
    at(&mut sim, secs(30.0), Act::Leave(2));
    let mut back = earliest(&["orders"]);
    back.group_instance_id = Some("i2".to_string());
    at(
        &mut sim,
        secs(40.0),
        Act::Join {
            group,
            config: back,
        },
    );
    at(
        &mut sim,
        secs(50.0),
        Act::Stall(0, SimDuration::from_secs(400)),
    );
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

const PROTOCOLS: [GroupProtocol; 3] = [
    GroupProtocol::Classic(AssignorKind::Range),
    GroupProtocol::Classic(AssignorKind::CooperativeSticky),
    GroupProtocol::Consumer(ServerAssignorKind::Uniform),
];

#[test]
fn same_seed_same_run() {
    for p in PROTOCOLS {
        let a = run(5, p);
        let b = run(5, p);
        assert_eq!(a, b, "{p}");
        assert!(a.0.len() >= 5_000, "{p}");
    }
}

#[test]
fn other_seed_other_run() {
    for p in PROTOCOLS {
        assert_ne!(run(5, p).0, run(6, p).0, "{p}");
    }
}
