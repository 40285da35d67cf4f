//! Guards the utilisation split: each preparer's run divides into busy, paused by a
//! rebalance, idle and away, and each part matches what the scenario makes it.

use chipshop::model::{PreparerReport, ShopReport, run_shop};
use chipshop::scenario::Scenario;

fn run(s: &Scenario) -> ShopReport {
    run_shop(s, &mut (), None::<Vec<u8>>)
        .expect("the books balance")
        .0
}

fn seconds(r: &ShopReport, fraction: f64) -> f64 {
    fraction * r.sim_end_s
}

fn parts(p: &PreparerReport) -> [f64; 4] {
    [
        p.busy_fraction,
        p.paused_fraction,
        p.idle_fraction,
        p.away_fraction,
    ]
}

#[test]
fn the_parts_cover_the_run_for_every_preparer() {
    for name in ["demo3", "rush", "cabinet"] {
        let r = run(&Scenario::load(name).unwrap());
        for p in &r.preparers {
            let sum: f64 = parts(p).iter().sum();
            assert!((sum - 1.0).abs() < 1e-9, "{name} preparer {}: {sum}", p.id);
            assert!(parts(p).iter().all(|f| (0.0..=1.0).contains(f)));
        }
    }
}

#[test]
fn the_first_rebalance_pauses_everyone_for_the_initial_delay() {
    // Kafka's group.initial.rebalance.delay.ms (3 s) holds the first assignment back: every
    // preparer there at opening owns nothing for at least that long.
    let r = run(&Scenario::load("rush").unwrap());
    for p in r.preparers.iter().take(2) {
        let paused = seconds(&r, p.paused_fraction);
        assert!(paused >= 3.0, "preparer {} paused {paused} s", p.id);
    }
}

#[test]
fn a_preparer_with_no_partition_is_idle_not_busy() {
    // demo3 with four preparers on three partitions: range leaves the fourth without one.
    let mut s = Scenario::load("demo3").unwrap();
    s.preparers.count = 4;
    let r = run(&s);
    let spare = &r.preparers[3];
    assert!(
        spare.partitions.iter().all(|p| !p.starts_with("orders")),
        "{:?}",
        spare.partitions
    );
    assert_eq!(spare.busy_fraction, 0.0);
    assert!(spare.idle_fraction > 0.9, "{}", spare.idle_fraction);
}
