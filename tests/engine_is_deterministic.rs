//! Guards the first invariant: the same seed gives the same run, bit for bit; another seed another.

use chipshop::queueing::{MmcConfig, run_mmc};

const CONFIG: MmcConfig = MmcConfig {
    servers: 2,
    lambda: 1.5,
    mu: 1.0,
    customers: 50_000,
};

#[test]
fn same_seed_same_bits() {
    let a = run_mmc(CONFIG, 7);
    let b = run_mmc(CONFIG, 7);
    assert_eq!(a.wq.to_bits(), b.wq.to_bits());
    assert_eq!(a.sim_end_s.to_bits(), b.sim_end_s.to_bits());
    assert_eq!(a.events, b.events);
}

#[test]
fn other_seed_other_run() {
    let a = run_mmc(CONFIG, 7);
    let b = run_mmc(CONFIG, 8);
    assert_ne!(a.wq.to_bits(), b.wq.to_bits());
    assert_ne!(a.sim_end_s.to_bits(), b.sim_end_s.to_bits());
}
