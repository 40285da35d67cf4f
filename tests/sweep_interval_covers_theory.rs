//! The sweep's 95% interval is right: for M/M/1 partitions (exponential arrivals and prep
//! times, zero Kafka latencies, keyed partitioning, c preparers on c partitions) the
//! interval of mean wait covers the theoretical M/M/1 wait in about 95% of sweeps.

use chipshop::queueing::mm1_wait;
use chipshop::scenario::Scenario;
use chipshop::sweep::{MEASURES, Measures, run_sweep, summarise};

#[test]
fn interval_of_mean_wait_covers_mm1_theory_about_95_percent_of_the_time() {
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
    let scenario = Scenario::from_toml(text, "mm1.toml").unwrap();
    // Two tills at 0.5/s merge into 1/s, split by key over two partitions: 0.5/s each.
    let theory = mm1_wait(0.5, 1.0 / 0.75).unwrap();
    let wait = MEASURES.iter().position(|m| *m == "wait_mean_s").unwrap();
    let reps = 8;
    let sweeps = 40;
    let indices: Vec<usize> = (0..reps).collect();
    let points = [scenario];
    let mut covered = 0;
    for master in 0..sweeps {
        let results = run_sweep(&points, reps, 1000 + master, &indices, 2, &|| {}).unwrap();
        let runs: Vec<Measures> = results.iter().map(|r| r.measures).collect();
        let ci = summarise(&runs).measures[wait];
        if ci.low <= theory && theory <= ci.high {
            covered += 1;
        }
    }
    // Binomial(40, 0.95): P(fewer than 34) is about 5%, P(fewer than 33) about 1.4%.
    assert!(
        (33..=40).contains(&covered),
        "the interval covered the M/M/1 wait {theory:.4} s in {covered} of {sweeps} sweeps"
    );
}
