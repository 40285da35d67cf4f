//! Guards the cook's timer: with `cook.top_up_every`, the cabinet is stocked ahead of orders.

use chipshop::engine::SimTime;
use chipshop::model::{RunOutputs, run_shop};
use chipshop::scenario::Scenario;

/// Keeps the last sampled cod stock.
#[derive(Default)]
struct LastCod(i64);

impl RunOutputs for LastCod {
    fn point(&mut self, _t: SimTime, series: &str, value: i64) {
        if series == "stock:cod" {
            self.0 = value;
        }
    }
}

fn cod_left(top_up: Option<&str>) -> i64 {
    let mut s = Scenario::load("cabinet").unwrap();
    s.shop.open_for = "5m".parse().unwrap();
    s.cook.top_up_every = top_up.map(|d| d.parse().unwrap());
    let mut out = LastCod::default();
    run_shop(&s, &mut out, None::<Vec<u8>>).expect("the books balance");
    out.0
}

#[test]
fn a_top_up_timer_keeps_more_cod_in_the_cabinet() {
    // Tills sell about 2 cod a second (2.4 orders, 5 in 6 with cod). Ten every 5 s on top of
    // the cook's batches for short orders leaves stock building up; without the timer the
    // cook fries only what is short, so stock hovers near empty.
    let without = cod_left(None);
    let with = cod_left(Some("5s"));
    assert!(
        with > without + 100,
        "with top-ups {with}, without {without}"
    );
}

#[test]
fn a_zero_timer_is_an_error() {
    let err = Scenario::from_toml("[cook]\ntop_up_every = \"0s\"\n", "c.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("cook.top_up_every"), "{err}");
}
