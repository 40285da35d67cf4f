//! Guards the shop against reality: the talk's rates and utilisations, and queueing theory.

use chipshop::engine::{ReplicationStats, RngStreams};
use chipshop::model::{ShopReport, run_shop};
use chipshop::queueing::mm1_wait;
use chipshop::scenario::{Overrides, Scenario};

fn run(scenario: &Scenario) -> ShopReport {
    run_shop(scenario, &mut (), None::<Vec<u8>>)
        .expect("the books balance")
        .0
}

fn preset(name: &str) -> Scenario {
    Scenario::load(name).unwrap()
}

/// demo2: orders arrive at 3 / 1.25 s = 2.4 per second but one preparer completes only
/// 1 / 0.75 s = 4/3 per second, so the backlog grows linearly.
#[test]
fn demo2_backlog_grows_at_arrival_minus_service_rate() {
    let r = run(&preset("demo2"));
    let open = 600.0;
    let arrival_rate = r.orders.placed as f64 / open;
    assert!(
        (arrival_rate - 2.4).abs() < 0.05,
        "arrivals {arrival_rate}/s"
    );
    // The preparer never idles once the backlog builds, so it completes 4/3 per second
    // over the whole run (open plus drain).
    let service_rate = r.orders.completed as f64 / r.sim_end_s;
    assert!(
        (service_rate - 4.0 / 3.0).abs() < 0.03,
        "completions {service_rate}/s"
    );
    // Lag at closing is about (2.4 - 4/3) per second for ten minutes.
    let expected_lag = (2.4 - 4.0 / 3.0) * open;
    assert!(
        (r.kafka.max_lag as f64 - expected_lag).abs() < 0.1 * expected_lag,
        "max lag {} vs {expected_lag}",
        r.kafka.max_lag
    );
}

/// demo3: range gives preparer 1 partitions 0 and 1 (1.6 orders/s: overloaded) and preparer 2
/// partition 2 (0.8 orders/s × 0.75 s = 60% busy).
#[test]
fn demo3_range_overloads_one_preparer_and_leaves_the_other_60_percent_busy() {
    let r = run(&preset("demo3"));
    let p1 = &r.preparers[0];
    let p2 = &r.preparers[1];
    // No cook in demo3, so the preparers read `orders` alone.
    assert_eq!(p1.partitions, ["orders-0", "orders-1"]);
    assert_eq!(p2.partitions, ["orders-2"]);
    // Busy over the run: preparer 1 all the time, preparer 2 only while its till is open.
    assert!(p1.busy_fraction > 0.97, "{}", p1.busy_fraction);
    let p2_busy_while_open = p2.busy_fraction * r.sim_end_s / 600.0;
    assert!(
        (p2_busy_while_open - 0.6).abs() < 0.04,
        "{p2_busy_while_open}"
    );
}

/// Exponential arrivals and prep times, zero Kafka latencies, keyed partitioning, c preparers
/// on c partitions: each partition is an M/M/1 queue.
#[test]
fn keyed_partitions_are_mm1_queues() {
    let text = r#"
        [shop]
        open_for = "1h"
        [tills]
        count = 2
        interarrival = { exponential = "2s" }
        [preparers]
        count = 2
        prep_time = { exponential = "750ms" }
        [kafka]
        orders_partitions = 2
        partitioner = "key"
        linger = "0s"
        initial_rebalance_delay = "0s"
    "#;
    let base = Scenario::from_toml(text, "mm1.toml").unwrap();
    let waits: Vec<f64> = (0..12)
        .map(|i| {
            let mut s = base.clone();
            s.apply(&Overrides {
                seed: Some(RngStreams::replication_seed(77, i)),
                ..Overrides::default()
            })
            .unwrap();
            run(&s).wait_s.mean
        })
        .collect();
    // Two tills at 0.5/s merge into 1/s, split by key over two partitions: 0.5/s each.
    let theory = mm1_wait(0.5, 1.0 / 0.75).unwrap();
    let ci = ReplicationStats::from_values(&waits);
    assert!(
        ci.contains(theory),
        "M/M/1 wait {theory:.4} outside {:.4} ± {:.4}: {waits:?}",
        ci.mean,
        ci.half_width
    );
    assert!(ci.half_width < 0.15 * theory, "{ci:?}");
}
