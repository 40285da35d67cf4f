//! Guards a crash: no order is lost, redeliveries happen, a crashed preparer counts as away,
//! duplicates are counted, and an idempotent preparer makes none.

use chipshop::model::{ShopReport, run_shop};
use chipshop::scenario::Scenario;

const CRASH: &str = r#"
[shop]
open_for = "10m"
[tills]
count = 3
[preparers]
count = 3
[kafka]
orders_partitions = 3
[[faults]]
crash = 1
at = "2m"
restart_after = "1m"
"#;

fn run(text: &str, seed: u64) -> ShopReport {
    let mut s = Scenario::from_toml(text, "crash.toml").unwrap();
    s.shop.seed = seed;
    run_shop(&s, &mut (), None::<Vec<u8>>)
        .expect("the books balance")
        .0
}

#[test]
fn a_crash_redelivers_uncommitted_orders_and_counts_the_duplicates() {
    let (mut redeliveries, mut duplicates) = (0, 0);
    for seed in 1..=4 {
        let r = run(CRASH, seed);
        assert_eq!(
            r.orders.completed, r.orders.placed,
            "seed {seed}: an order was lost"
        );
        assert_eq!(r.orders.in_flight, 0);
        // Crash, removal after the session timeout, and the restart's join: three rebalances
        // besides the first.
        assert!(
            r.kafka.rebalances >= 3,
            "seed {seed}: {} rebalances",
            r.kafka.rebalances
        );
        // Orders on the crashed preparer's partition wait for the 45 s session timeout.
        assert!(
            r.wait_s.max > 40.0,
            "seed {seed}: max wait {}",
            r.wait_s.max
        );
        redeliveries += r.kafka.redeliveries;
        duplicates += r.orders.duplicates;
    }
    assert!(redeliveries > 0, "no record was delivered again");
    assert!(duplicates > 0, "no order was made twice");
}

#[test]
fn idempotent_preparers_make_no_order_twice() {
    let text = CRASH.replace(
        "[preparers]\ncount = 3",
        "[preparers]\ncount = 3\nidempotent = true",
    );
    let mut avoided = 0;
    for seed in 1..=4 {
        let r = run(&text, seed);
        assert_eq!(r.orders.duplicates, 0, "seed {seed}");
        assert_eq!(r.orders.completed, r.orders.placed);
        avoided += r.orders.duplicates_avoided;
    }
    assert!(avoided > 0, "no redelivered order was recognised");
}

#[test]
fn without_a_crash_nothing_is_delivered_twice() {
    let text = CRASH.split("[[faults]]").next().unwrap();
    let r = run(text, 1);
    assert_eq!((r.kafka.redeliveries, r.orders.duplicates), (0, 0));
    assert_eq!(r.kafka.rebalances, 1);
}

#[test]
fn a_fault_naming_a_missing_preparer_is_an_error() {
    let text = CRASH.replace("crash = 1", "crash = 9");
    let err = Scenario::from_toml(&text, "crash.toml")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("[[faults]] #1 crash") && err.contains("1 to 3"),
        "{err}"
    );
}

#[test]
fn a_preparer_that_overruns_max_poll_interval_joins_again_and_finishes_the_orders() {
    // The first order arrives at 200 s; orders take 250 to 350 s, so about half take longer
    // than max.poll.interval.ms (300 s): the preparer's heartbeat thread then leaves the
    // group, nothing it made since its last commit is committed, and those orders are
    // delivered (and made) again. When the preparer finishes and polls, it must join again
    // rather than sit idle for ever. Preparer 2 crashes at 240 s.
    let text = r#"
        [shop]
        open_for = "20m"
        [tills]
        count = 1
        interarrival = { constant = "200s" }
        [preparers]
        count = 2
        prep_time = { uniform = ["250s", "350s"] }
        [kafka]
        orders_partitions = 2
        [[faults]]
        crash = 2
        at = "4m"
    "#;
    let r = run(text, 1);
    assert!(r.orders.placed >= 5);
    assert_eq!(r.orders.in_flight, 0, "orders were left behind");
    assert_eq!(r.orders.completed, r.orders.placed);
    assert!(
        r.kafka.redeliveries > 0,
        "no order overran max.poll.interval.ms"
    );
    assert!(
        r.orders.duplicates > 0,
        "an overrun order was not made again"
    );
}

#[test]
fn a_crashed_preparer_is_away_until_it_rejoins() {
    // CRASH takes preparer 1 out at 2 m and brings it back a minute later.
    let r = run(CRASH, 1);
    let away = r.preparers[0].away_fraction * r.sim_end_s;
    assert!((away - 60.0).abs() < 1e-6, "preparer 1 away {away} s");
    assert_eq!(r.preparers[1].away_fraction, 0.0);
}
