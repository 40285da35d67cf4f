//! Guards the engine's correctness: simulated M/M/1 and M/M/c waits must match Erlang C.

use chipshop::engine::{ReplicationStats, RngStreams};
use chipshop::queueing::{MmcConfig, mmc_wait, run_mmc};

/// Mean waits of `reps` independent replications, and the theory's value.
fn check(servers: u32, lambda: f64, customers: u64, reps: u64) {
    let config = MmcConfig {
        servers,
        lambda,
        mu: 1.0,
        customers,
    };
    let waits: Vec<f64> = (0..reps)
        .map(|i| run_mmc(config, RngStreams::replication_seed(2024, i)).wq)
        .collect();
    let stats = ReplicationStats::from_values(&waits);
    let theory = mmc_wait(servers, lambda, 1.0).unwrap();
    assert!(
        stats.contains(theory),
        "M/M/{servers} lambda {lambda}: theory {theory} outside the 95% interval {:.4} ± {:.4} ({waits:?})",
        stats.mean,
        stats.half_width
    );
    // The interval must be tight enough to mean something.
    assert!(
        stats.half_width < 0.1 * theory,
        "interval too wide: {stats:?}"
    );
}

#[test]
fn mm1_wait_matches_theory() {
    check(1, 0.9, 300_000, 12);
}

#[test]
fn mm3_wait_matches_erlang_c() {
    check(3, 2.4, 200_000, 12);
}
