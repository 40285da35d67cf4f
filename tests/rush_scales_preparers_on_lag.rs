//! Guards the rush stage, an evening on a rate profile: preparers are added while lag stays
//! high on the ramp (not while it is quiet), each change is a rebalance, and preparers beyond
//! the partition count sit idle and are removed, again and again at the peak.

use chipshop::engine::SimTime;
use chipshop::model::{RunOutputs, run_shop};
use chipshop::scenario::Scenario;

/// The number of active preparers over time (series.csv's `preparers`).
#[derive(Default)]
struct Active(Vec<(f64, i64)>);

impl RunOutputs for Active {
    fn point(&mut self, t: SimTime, series: &str, value: i64) {
        if series == "preparers" {
            self.0.push((t.as_secs_f64(), value));
        }
    }
}

/// The evening: quiet until 10 min, a ramp to 7.2 orders/s by 15 min, the peak until 30 min.
#[test]
fn rush_adds_preparers_on_the_ramp_and_thrashes_at_the_peak() {
    let s = Scenario::load("rush").unwrap();
    let mut active = Active::default();
    let (r, _) = run_shop(&s, &mut active, None::<Vec<u8>>).expect("the books balance");
    assert_eq!(r.orders.completed, r.orders.placed);
    let most = |from: f64, to: f64| {
        active
            .0
            .iter()
            .filter(|(t, _)| (from..to).contains(t))
            .map(|p| p.1)
            .max()
            .unwrap_or(0)
    };
    // 1.2 orders/s: two preparers at 1.33/s each keep up; nobody is added while it is quiet.
    assert_eq!(most(0.0, 600.0), 2);
    // 7.2 orders/s need six preparers; never more than [scaling] max_preparers at once.
    assert!(most(900.0, 1800.0) >= 6, "{}", most(900.0, 1800.0));
    assert!(most(0.0, f64::MAX) <= 8);
    assert!(r.preparers_added >= 4, "added {}", r.preparers_added);
    // Every join and leave is a rebalance after the first, or joins one under way; at the peak
    // the seventh and eighth come and go, so there are many.
    assert!(r.kafka.rebalances <= 1 + r.preparers_added + r.preparers_removed);
    assert!(
        r.kafka.rebalances >= 10,
        "{} rebalances",
        r.kafka.rebalances
    );
    // Six partitions: at the end, at most six preparers hold one (the others hold none, make
    // nothing, and are the ones removed).
    let holding = r
        .preparers
        .iter()
        .filter(|p| p.partitions.iter().any(|t| t.starts_with("orders-")))
        .count();
    assert!(holding <= 6, "{holding} preparers hold an orders partition");
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
