//! Guards the talk's point about atomicity: check-then-take oversells, atomic takes never do.

use chipshop::model::run_shop;
use chipshop::scenario::{Overrides, Scenario, TakeMode};

fn oversold(take: TakeMode, seed: u64) -> u64 {
    let mut s = Scenario::load("race").unwrap();
    s.cabinet.take = take;
    s.apply(&Overrides {
        seed: Some(seed),
        open_for: Some("5m".parse().unwrap()),
        ..Overrides::default()
    })
    .unwrap();
    let (report, _) = run_shop(&s, &mut (), None::<Vec<u8>>).expect("the books balance");
    assert_eq!(report.orders.in_flight, 0);
    report.redis.oversold
}

#[test]
fn check_then_take_oversells() {
    let total: u64 = (1..=4)
        .map(|seed| oversold(TakeMode::CheckThenTake, seed))
        .sum();
    assert!(total > 0, "the race preset never oversold");
}

#[test]
fn atomic_takes_never_oversell_whatever_the_seed() {
    for seed in 1..=6 {
        assert_eq!(oversold(TakeMode::Script, seed), 0, "script, seed {seed}");
        assert_eq!(oversold(TakeMode::Watch, seed), 0, "watch, seed {seed}");
    }
}
