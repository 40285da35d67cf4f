//! Guards the consumer's fetch order against Kafka 4.1's Java client: a poll takes records from
//! the partition whose fetched chunk is next in line until that chunk is drained
//! (`FetchCollector.collectFetch`, `nextInLineFetch`), and a partition with buffered records is
//! not fetched again until they are gone (`fetchablePartitions` leaves it out). Empty
//! partitions give empty chunks and take no turn, so an overloaded consumer shares its time
//! between its busy partitions instead of favouring the first one.

mod common;

use chipshop::engine::{SimDuration, SimTime, Simulation};
use chipshop::kafka_model::*;
use common::*;

/// A consumer with `max.poll.records` = 1 on `busy` (2 partitions) and `idle` (2 partitions,
/// never written to): the shop's preparer, who reads `orders` and `ready`.
fn one_consumer(protocol: GroupProtocol) -> (Simulation<Harness>, TopicId) {
    let mut h = Harness::new(ProducerConfig::new("p"));
    let busy = h.kafka.create_topic("busy", 2, false).unwrap();
    h.kafka.create_topic("idle", 2, false).unwrap();
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
    let mut sim = Simulation::new(h, 3);
    let mut config = earliest(&["busy", "idle"]);
    config.max_poll_records = 1;
    at(&mut sim, SimTime::ZERO, Act::Join { group, config });
    (sim, busy)
}

#[test]
fn a_poll_drains_one_partitions_fetched_records_before_the_next() {
    let (mut sim, busy) = one_consumer(GroupProtocol::Classic(AssignorKind::Range));
    // Five records on each busy partition before the group forms (at 3.1 s).
    for v in 0..10u64 {
        at(
            &mut sim,
            secs(1.0),
            Act::Send {
                topic: busy,
                partition: Some((v % 2) as u32),
                value: v,
            },
        );
    }
    sim.run();
    let h = sim.model();
    let order: Vec<u32> = h.deliveries.iter().map(|(_, d)| d.tp.partition).collect();
    // The Java client: the first fetch brings both partitions' records; the poll loop hands
    // out busy-0's chunk, one record a poll, then busy-1's.
    assert_eq!(order, vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
}

/// An overloaded consumer: each busy partition gets a record every second, and it takes
/// 0.75 s to handle one, so it falls behind on both.
fn overloaded(protocol: GroupProtocol) -> [u64; 2] {
    let (mut sim, busy) = one_consumer(protocol);
    sim.model_mut().process = SimDuration::from_millis(750);
    let mut v = 0;
    for s in 0..600u64 {
        for p in 0..2 {
            at(
                &mut sim,
                SimTime::ZERO + SimDuration::from_millis(s * 1000 + 137 * p as u64),
                Act::Send {
                    topic: busy,
                    partition: Some(p),
                    value: v,
                },
            );
            v += 1;
        }
    }
    sim.run_until(secs(600.0));
    let h = sim.model();
    let mut read = [0u64; 2];
    for (_, d) in &h.deliveries {
        read[d.tp.partition as usize] += 1;
    }
    read
}

#[test]
fn an_overloaded_consumer_shares_its_polls_between_its_busy_partitions() {
    for protocol in [
        GroupProtocol::Classic(AssignorKind::Range),
        GroupProtocol::Consumer(ServerAssignorKind::Uniform),
    ] {
        let [a, b] = overloaded(protocol);
        // 600 s at 0.75 s a record: about 800 records read. Rotating over all four
        // partitions (empty ones included) gave busy-0 three polls in four: ~600 vs ~200.
        assert!(a + b > 700, "{protocol}: read {a} + {b}");
        let (lo, hi) = (a.min(b) as f64, a.max(b) as f64);
        assert!(
            lo / hi > 0.8,
            "{protocol}: busy-0 read {a}, busy-1 read {b}: one partition is favoured"
        );
    }
}
