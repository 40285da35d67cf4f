//! Guards offsets and memory: records every group has committed past are released (memory
//! follows lag, not run length) unless the topic keeps history; `auto.offset.reset` latest
//! misses what came before, earliest reads it; several groups each read everything; lag is
//! sampled for charts.

mod common;

use std::cell::Cell;
use std::rc::Rc;

use chipshop::engine::{SimDuration, SimTime, Simulation};
use chipshop::kafka_model::*;
use common::*;

/// `n` records, one every millisecond, to topic `orders` (3 partitions, `keep_history`), read by
/// group `a` from the start; group `b` (reset `b_reset`) joins at `b_joins` seconds.
fn run(n: u64, keep_history: bool, b_reset: AutoOffsetReset, b_joins: f64) -> (Harness, usize) {
    let mut h = Harness::new(ProducerConfig::new("p"));
    let orders = h.kafka.create_topic("orders", 3, keep_history).unwrap();
    let a = h.kafka.create_group("a", GroupConfig::default()).unwrap();
    let b = h.kafka.create_group("b", GroupConfig::default()).unwrap();
    let peak = Rc::new(Cell::new(0usize));
    let p = Rc::clone(&peak);
    h.check = Some(Box::new(move |k: &KafkaCluster<u64>, _| {
        p.set(p.get().max(k.retained_records()));
    }));
    let mut sim = Simulation::new(h, 3);
    sim.invoke(|m, cx| {
        m.kafka.sample_lag(
            cx,
            SimDuration::from_secs(1),
            SimTime::from_nanos(n * 1_000_000),
        )
    });
    for _ in 0..2 {
        at(
            &mut sim,
            SimTime::ZERO,
            Act::Join {
                group: a,
                config: earliest(&["orders"]),
            },
        );
    }
    let mut cb = ConsumerConfig::new(["orders"]);
    cb.auto_offset_reset = b_reset;
    at(
        &mut sim,
        secs(b_joins),
        Act::Join {
            group: b,
            config: Box::new(cb),
        },
    );
    for v in 0..n {
        at(
            &mut sim,
            SimTime::from_nanos(v * 1_000_000),
            Act::Send {
                topic: orders,
                partition: None,
                value: v,
            },
        );
    }
    sim.run_until(SimTime::from_nanos(n * 1_000_000 + 60_000_000_000));
    (sim.into_model(), peak.get())
}

fn values_read(h: &Harness, group: &str) -> Vec<u64> {
    let g = h.kafka.group_id(group).unwrap();
    let mut v: Vec<u64> = h
        .deliveries
        .iter()
        .filter(|(_, d)| h.kafka.group_of(d.consumer) == Some(g))
        .map(|(_, d)| d.value)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[test]
fn memory_follows_lag_not_run_length() {
    let n = 200_000;
    let (h, peak) = run(n, false, AutoOffsetReset::Earliest, 0.0);
    assert_eq!(h.kafka.total_records_produced(), n);
    assert_eq!(values_read(&h, "a").len() as u64, n);
    assert_eq!(values_read(&h, "b").len() as u64, n);
    // Auto commit every 5 s at 1000 records/s: about 5,000 records wait for a commit, plus the
    // 3.1 s before the first assignment. Nowhere near the 200,000 of the run.
    assert!(peak < 20_000, "peak retained {peak}");
    assert!(
        peak > 1_000,
        "records released before being committed? peak {peak}"
    );
}

#[test]
fn a_topic_that_keeps_history_keeps_everything() {
    let (h, _) = run(5_000, true, AutoOffsetReset::Earliest, 0.0);
    assert_eq!(h.kafka.retained_records(), 5_000);
}

#[test]
fn a_late_joiner_with_latest_misses_the_past_and_earliest_reads_it() {
    let (late, _) = run(20_000, true, AutoOffsetReset::Latest, 10.0);
    let read = values_read(&late, "b");
    // It joined at 10 s and was assigned at 13.1 s (initial delay): it misses what came before.
    assert!(read.len() < 20_000 && read.len() > 5_000, "{}", read.len());
    assert!(read[0] >= 13_000);
    let (early, _) = run(20_000, true, AutoOffsetReset::Earliest, 10.0);
    assert_eq!(values_read(&early, "b").len(), 20_000);
}

#[test]
fn lag_is_sampled_and_its_maximum_kept() {
    let (h, _) = run(20_000, false, AutoOffsetReset::Earliest, 0.0);
    let a = h.kafka.group_id("a").unwrap();
    let samples = h.kafka.lag_samples();
    // Every second from 1 to 20 s, for 2 groups x 3 partitions (the sample at 0 s came before
    // any group subscribed).
    assert_eq!(samples.len(), 20 * 6);
    assert!(samples.windows(2).all(|w| w[0].at <= w[1].at));
    // Before the first assignment (3.1 s) the lag grows with every record.
    let at3: u64 = samples
        .iter()
        .filter(|s| s.group == a && s.at == secs(3.0))
        .map(|s| s.lag)
        .sum();
    assert_eq!(at3, 3_000);
    assert!(h.kafka.max_lag(a) >= 3_000);
    assert_eq!(
        h.kafka.total_lag(a),
        0,
        "everything is committed in the end"
    );
}

#[test]
fn seek_to_end_skips_the_backlog_and_seek_to_beginning_rereads_it() {
    use chipshop::engine::Model;
    let mut h = Harness::new(ProducerConfig::new("p"));
    let orders = h.kafka.create_topic("orders", 1, true).unwrap();
    let g = h.kafka.create_group("g", GroupConfig::default()).unwrap();
    let mut sim = Simulation::new(h, 1);
    for v in 0..10 {
        at(
            &mut sim,
            SimTime::ZERO,
            Act::Send {
                topic: orders,
                partition: None,
                value: v,
            },
        );
    }
    sim.run();
    let tp = TopicPartition::new(orders, 0);
    let c = sim.invoke(|m, cx| {
        let c = m.kafka.join(cx, g, *earliest(&["orders"])).unwrap();
        m.consumers.push(c);
        c
    });
    sim.run();
    assert_eq!(sim.model().kafka.position(c, tp), Some(0));
    sim.invoke(|m, _| m.kafka.seek_to_end(c).unwrap());
    assert_eq!(sim.model().kafka.position(c, tp), Some(10));
    // Nothing to read after the seek: a poll waits.
    sim.invoke(|m, cx| m.kafka.poll(cx, c).unwrap());
    sim.run();
    assert_eq!(sim.model().deliveries.len(), 0);
    // Back to the beginning: the waiting poll gets all ten, and they count as redelivered
    // only if handed over before (they were not).
    sim.invoke(|m, cx| {
        m.kafka.seek_to_beginning(cx, c).unwrap();
        m.handle(Ev::Done(c), cx);
    });
    sim.run();
    assert_eq!(sim.model().deliveries.len(), 10);
    sim.invoke(|m, cx| m.kafka.seek_to_beginning(cx, c).unwrap());
    sim.run();
    assert_eq!(sim.model().deliveries.len(), 20);
    assert_eq!(sim.model().kafka.redeliveries(g), 10);
}

#[test]
fn a_consumer_reads_every_topic_it_subscribes_to() {
    let mut h = Harness::new(ProducerConfig::new("p"));
    let orders = h.kafka.create_topic("orders", 3, false).unwrap();
    let ready = h.kafka.create_topic("ready", 2, false).unwrap();
    let g = h
        .kafka
        .create_group("preparers", GroupConfig::default())
        .unwrap();
    let mut sim = Simulation::new(h, 1);
    at(
        &mut sim,
        SimTime::ZERO,
        Act::Join {
            group: g,
            config: earliest(&["orders", "ready"]),
        },
    );
    for v in 0..100 {
        let topic = if v % 2 == 0 { orders } else { ready };
        at(
            &mut sim,
            SimTime::from_nanos(v * 50_000_000),
            Act::Send {
                topic,
                partition: None,
                value: v,
            },
        );
    }
    sim.run();
    let h = sim.model();
    assert_eq!(h.kafka.assignment(h.consumers[0]).len(), 5);
    let mut values: Vec<u64> = h.deliveries.iter().map(|(_, d)| d.value).collect();
    values.sort_unstable();
    assert_eq!(values, (0..100).collect::<Vec<_>>());
    assert!(h.deliveries.iter().any(|(_, d)| d.tp.topic == ready));
}
