//! Guards the rush stage: preparers are added while lag stays high, each change is a
//! rebalance, and preparers beyond the partition count sit idle and are removed.

use chipshop::model::run_shop;
use chipshop::scenario::Scenario;

#[test]
fn rush_adds_preparers_until_lag_falls_and_drops_the_idle_ones() {
    let s = Scenario::load("rush").unwrap();
    let (r, _) = run_shop(&s, &mut (), None::<Vec<u8>>).expect("the books balance");
    assert_eq!(r.orders.completed, r.orders.placed);
    // 4.8 orders/s need at least four preparers at 1.33/s each: the shop must have added two.
    assert!(r.preparers_added >= 2, "added {}", r.preparers_added);
    assert!(r.preparers.len() as u64 <= 8);
    // Every join and every leave is a rebalance, after the first one.
    assert_eq!(
        r.kafka.rebalances,
        1 + r.preparers_added + r.preparers_removed
    );
    // Six partitions: a seventh preparer gets none and makes nothing.
    for p in r.preparers.iter().skip(6) {
        assert_eq!(
            p.orders, 0,
            "preparer {} beyond the partitions made orders",
            p.id
        );
    }
    assert!(
        r.preparers_removed >= 1,
        "an idle preparer was never removed"
    );
}

#[test]
fn scaling_below_the_starting_count_is_an_error() {
    let text = "[preparers]\ncount = 4\n[scaling]\nenabled = true\nmax_preparers = 2\n";
    let err = Scenario::from_toml(text, "s.toml").unwrap_err().to_string();
    assert!(err.contains("[scaling] max_preparers"), "{err}");
}
