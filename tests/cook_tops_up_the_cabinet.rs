//! Guards the cook's timer and the cook's plating: the timer fries a batch only of what is
//! low, fewer orders wait for the cook with it, and an order comes back from the cook on the
//! partition it went out on.

use chipshop::engine::SimTime;
use chipshop::model::{OrderRecord, RunOutputs, ShopReport, run_shop};
use chipshop::scenario::Scenario;

/// Counts the cook's batches into the cabinet and keeps the finished orders.
#[derive(Default)]
struct Seen {
    batches: u64,
    chips_batches: u64,
    orders: Vec<OrderRecord>,
}

impl RunOutputs for Seen {
    fn point(&mut self, _t: SimTime, series: &str, _value: i64) {
        if series.starts_with("batch:") {
            self.batches += 1;
        }
        if series == "batch:chips" {
            self.chips_batches += 1;
        }
    }
    fn order_finished(&mut self, record: &OrderRecord) {
        self.orders.push(record.clone());
    }
}

fn cabinet(top_up: Option<&str>, edit: impl FnOnce(&mut Scenario)) -> (ShopReport, Seen) {
    let mut s = Scenario::load("cabinet").unwrap();
    s.shop.open_for = "5m".parse().unwrap();
    s.cook.top_up_every = top_up.map(|d| d.parse().unwrap());
    edit(&mut s);
    let mut out = Seen::default();
    let (report, _) = run_shop(&s, &mut out, None::<Vec<u8>>).expect("the books balance");
    (report, out)
}

#[test]
fn a_top_up_timer_sends_fewer_orders_to_the_cook() {
    // Without the timer the cook fries only for orders that found the cabinet short; with it
    // the cabinet is stocked ahead, so only plaice (always fried to order) still goes.
    let (without, _) = cabinet(None, |_| {});
    let (with, seen) = cabinet(Some("2s"), |_| {});
    let plaice_orders = seen.orders.iter().filter(|r| r.order.has_plaice()).count() as u64;
    assert!(
        with.redis.sent_to_cook * 10 < without.redis.sent_to_cook * 8,
        "with top-ups {} orders went to the cook, without {}",
        with.redis.sent_to_cook,
        without.redis.sent_to_cook
    );
    assert!(with.redis.sent_to_cook >= plaice_orders);
}

#[test]
fn the_timer_fries_nothing_while_the_cabinet_is_full() {
    // Far more stock than five minutes sell, and no plaice on the menu: nothing is ever low,
    // so the cook never fries.
    let (report, seen) = cabinet(Some("1s"), |s| {
        s.orders.plaice = false;
        s.cabinet.initial.cod = 10_000;
        s.cabinet.initial.chips = 10_000;
    });
    assert!(report.orders.completed > 100);
    assert_eq!(seen.batches, 0);
    assert_eq!(report.redis.sent_to_cook, 0);
}

#[test]
fn the_cook_fries_only_what_the_cabinet_lacks() {
    // No cod at all but chips to spare: every cod order is short of cod alone, so the cook
    // takes its chips from the cabinet and fries cod, never chips.
    let (report, seen) = cabinet(None, |s| {
        s.orders.plaice = false;
        s.cabinet.initial.cod = 0;
        s.cabinet.initial.chips = 10_000;
    });
    assert!(report.redis.sent_to_cook > 10);
    assert!(seen.batches > 10, "{} batches", seen.batches);
    assert_eq!(seen.chips_batches, 0);
    assert_eq!(report.orders.completed, report.orders.placed);
}

#[test]
fn an_order_comes_back_from_the_cook_to_the_preparer_that_owns_its_partition() {
    // `ready` has as many partitions as `orders`, and the cook sends an order back on its
    // own partition number, so range gives it back to the preparer that read it.
    let mut s = Scenario::load("demo4").unwrap();
    s.shop.open_for = "3m".parse().unwrap();
    let mut out = Seen::default();
    let (report, _) = run_shop(&s, &mut out, None::<Vec<u8>>).expect("the books balance");
    let cooked: Vec<&OrderRecord> = out.orders.iter().filter(|r| r.cooked.is_some()).collect();
    assert!(
        cooked.len() > 10,
        "only {} orders went to the cook",
        cooked.len()
    );
    for r in cooked {
        // The cook fries, then the preparer makes it up: the times follow one another.
        let (fry, cooked, make, ready) = (r.fry_start, r.cooked, r.make_start, r.ready);
        assert!(
            fry <= cooked && cooked <= make && make <= ready && fry.is_some(),
            "order {}: fry {fry:?} cooked {cooked:?} make {make:?} ready {ready:?}",
            r.order.id
        );
        let maker = r.preparer.expect("made up") as usize;
        let owned = &report.preparers[maker - 1].partitions;
        let ready = format!("ready-{}", r.partition.expect("logged"));
        assert!(
            owned.contains(&ready),
            "order {} came back on {ready} to preparer {maker}, who owns {owned:?}",
            r.order.id
        );
    }
}

#[test]
fn a_zero_timer_is_an_error() {
    let err = Scenario::from_toml("[cook]\ntop_up_every = \"0s\"\n", "c.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("[cook] top_up_every"), "{err}");
}
