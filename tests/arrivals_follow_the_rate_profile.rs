//! Guards rate profiles (`[tills] profile`, `[web] profile`): the orders in each window of
//! the evening are what the profile's integral says, within a confidence interval; bad
//! profiles are refused with their file, line and key; the resolved scenario and the size
//! estimate carry the profile.

use chipshop::engine::SimTime;
use chipshop::model::{OrderRecord, RunOutputs, run_shop};
use chipshop::scenario::Scenario;

/// The placed time (seconds) and till of every order.
#[derive(Default)]
struct Placed(Vec<(f64, u32)>);

impl RunOutputs for Placed {
    fn order_finished(&mut self, r: &OrderRecord) {
        self.0.push((r.placed.as_secs_f64(), r.order.till));
    }
}

fn placed(text: &str) -> Vec<(f64, u32)> {
    let s = Scenario::from_toml(text, "profile.toml").unwrap();
    let mut out = Placed::default();
    run_shop(&s, &mut out, None::<Vec<u8>>).expect("the books balance");
    out.0
}

/// A shop that makes orders up at once, so that the run is about arrivals.
const FAST_SHOP: &str = r#"
[preparers]
count = 10
prep_time = { constant = "1ms" }
[kafka]
orders_partitions = 10
partitioner = "key"
"#;

/// Counts the orders of `till` (all tills if `None`) placed in each minute up to `minutes`.
fn per_minute(orders: &[(f64, u32)], minutes: usize, till: Option<u32>) -> Vec<f64> {
    let mut counts = vec![0.0; minutes];
    for &(t, k) in orders {
        if till.is_none_or(|x| x == k) {
            counts[((t / 60.0) as usize).min(minutes - 1)] += 1.0;
        }
    }
    counts
}

/// Each window's count against its expected count `mean`: for a Poisson count, 4.5 standard
/// deviations either side (all windows pass together with probability above 0.9997).
fn assert_within(counts: &[f64], expected: &[f64], slack: f64) {
    for (i, (c, m)) in counts.iter().zip(expected).enumerate() {
        let tolerance = 4.5 * m.sqrt() + slack;
        assert!(
            (c - m).abs() <= tolerance,
            "minute {i}: {c} orders, the profile says {m:.1} (± {tolerance:.1}); all: {counts:?}"
        );
    }
}

#[test]
fn exponential_arrivals_are_a_poisson_process_of_the_stepwise_rate() {
    // Ten tills at one order per 2 s: 5 orders/s at rate 1.
    let text = format!(
        r#"
[shop]
open_for = "40m"
[tills]
count = 10
interarrival = {{ exponential = "2s" }}
profile = [
  {{ from = "0s", rate = 0.5 }},
  {{ from = "10m", rate = 2.0 }},
  {{ from = "20m", rate = 0.0 }},
  {{ from = "25m", rate = 1.0 }},
]
{FAST_SHOP}"#
    );
    let orders = placed(&text);
    let counts = per_minute(&orders, 40, None);
    let rate = |minute: usize| match minute {
        0..10 => 0.5,
        10..20 => 2.0,
        20..25 => 0.0,
        _ => 1.0,
    };
    let expected: Vec<f64> = (0..40).map(|m| 5.0 * 60.0 * rate(m)).collect();
    assert_within(&counts, &expected, 0.0);
    assert_eq!(counts[20..25].iter().sum::<f64>(), 0.0, "rate 0: no orders");
    let total: f64 = expected.iter().sum();
    assert!(
        (orders.len() as f64 - total).abs() < 4.0 * total.sqrt(),
        "{} orders, the profile's integral says {total}",
        orders.len()
    );
}

#[test]
fn other_gaps_are_scaled_by_a_linear_rate() {
    // One till at a uniform 1-1.5 s (0.8/s at rate 1), ramping from 0 to 3 over 20 minutes,
    // then holding; the web at rate 1 then 0 after 10 minutes.
    let text = format!(
        r#"
[shop]
open_for = "30m"
[tills]
count = 4
interarrival = {{ uniform = ["1s", "1.5s"] }}
profile = [{{ from = "0s", rate = 0.0 }}, {{ from = "20m", rate = 3.0 }}]
profile_shape = "linear"
[web]
enabled = true
interarrival = {{ exponential = "1s" }}
profile = [{{ from = "0s", rate = 1.0 }}, {{ from = "10m", rate = 0.0 }}]
{FAST_SHOP}"#
    );
    let orders = placed(&text);
    // ∫ over minute m of 3t/20 (t in minutes) = 3/40 (2m + 1), times 60 s, times 0.8/s a till.
    let rate_integral = |m: usize| {
        if m < 20 {
            3.0 / 40.0 * (2.0 * m as f64 + 1.0)
        } else {
            3.0
        }
    };
    for till in 1..=4 {
        let counts = per_minute(&orders, 30, Some(till));
        let expected: Vec<f64> = (0..30).map(|m| 0.8 * 60.0 * rate_integral(m)).collect();
        // A renewal process varies less than a Poisson one; one arrival of slack at the edges.
        assert_within(&counts, &expected, 1.0);
    }
    let web = per_minute(&orders, 30, Some(5));
    let expected: Vec<f64> = (0..30).map(|m| if m < 10 { 60.0 } else { 0.0 }).collect();
    assert_within(&web, &expected, 0.0);
}

#[test]
fn bad_profiles_name_the_file_line_and_key() {
    for (profile, says) in [
        (
            "[{ from = \"0s\", rate = 1.0 }, { from = \"20m\", rate = 2.0 }, { from = \"10m\", rate = 1.0 }]",
            "point 3 is from \"10m\", not after point 2",
        ),
        ("[{ from = \"0s\", rate = -0.5 }]", "rate -0.5"),
        (
            "[{ from = \"0s\", rate = 0.0 }, { from = \"5m\", rate = 0.0 }]",
            "every rate is 0",
        ),
        ("[{ from = \"1m\", rate = 1.0 }]", "must be from \"0s\""),
        ("[{ from = \"0s\", rate = nan }]", "not a finite number"),
        (
            "[{ from = \"0s\", rate = 1.0, ramp = true }]",
            "unknown field `ramp`",
        ),
        (
            "[{ from = \"0s\", rate = 0.0 }, { from = \"2h\", rate = 1.0 }]",
            "0 for all of the opening hours",
        ),
    ] {
        let text = format!("[shop]\nopen_for = \"1h\"\n[tills]\nprofile = {profile}\n");
        let err = Scenario::from_toml(&text, "evening.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("evening.toml:4:")
                && err.contains("[tills] profile")
                && err.contains(says),
            "{profile}: {err}"
        );
    }
    let text = "[tills]\nprofile_shape = \"curvy\"\n";
    let err = Scenario::from_toml(text, "e.toml").unwrap_err().to_string();
    assert!(err.contains("stepwise") && err.contains("linear"), "{err}");
}

#[test]
fn the_resolved_scenario_and_the_size_estimate_carry_the_profile() {
    let text = "[shop]\nopen_for = \"1h\"\n[tills]\ncount = 2\ninterarrival = { constant = \"1s\" }\nprofile = [{ from = \"0s\", rate = 0.5 }, { from = \"30m\", rate = 2.0 }]\nprofile_shape = \"linear\"\n";
    let s = Scenario::from_toml(text, "e.toml").unwrap();
    let resolved = s.to_resolved_toml().unwrap();
    assert!(
        resolved
            .contains("profile = [{ from = \"0s\", rate = 0.5 }, { from = \"30m\", rate = 2.0 }]"),
        "{resolved}"
    );
    assert_eq!(Scenario::from_toml(&resolved, "resolved").unwrap(), s);
    // Linear from 0.5 to 2 over 30 min (mean 1.25), then 2 for 30 min: a mean of 1.625, two
    // tills at 1/s: 11700 orders in the hour.
    let estimate = s.size_estimate();
    let orders = estimate.expected.orders as f64;
    assert!((orders - 11_700.0).abs() < 10.0, "{orders}");
    let p = s.tills.rate_profile().unwrap();
    assert_eq!(
        p.rate_at(SimTime::from_nanos(15 * 60 * 1_000_000_000)),
        1.25
    );
}
