//! Keys that change the shop during `chipshop play` are recorded as `[[faults]]`, and `run` on
//! the played scenario gives the same orders as the show did, row for row.

use chipshop::model::{OrderRecord, RunOutputs, ShopRun, run_shop};
use chipshop::play::{Key, PlayLog, Show, Speed};
use chipshop::scenario::Scenario;
use chipshop::{SimDuration, SimTime};

struct Rows(Vec<OrderRecord>);

impl RunOutputs for Rows {
    fn order_finished(&mut self, record: &OrderRecord) {
        self.0.push(record.clone());
    }
}

fn at(secs: u64) -> SimTime {
    SimTime::ZERO + SimDuration::from_secs(secs)
}

/// Plays `scenario` with `script` (keys typed at simulated times) to the end; returns the
/// show's orders, the played scenario and the footer's messages.
fn play(scenario: &Scenario, script: &[(u64, &str)]) -> (Vec<OrderRecord>, Scenario, Vec<String>) {
    let mut log = PlayLog::new();
    let run = ShopRun::new(scenario, &mut log);
    let mut show = Show::new(run, scenario, Speed::Times(1.0));
    let mut messages = Vec::new();
    for &(secs, keys) in script {
        show.advance_to(at(secs));
        for c in keys.chars() {
            let key = if c == '\n' { Key::Enter } else { Key::Char(c) };
            show.press(key);
        }
        messages.extend(show.status.message.take());
    }
    show.advance_to(SimTime::MAX);
    assert!(show.run.is_over());
    let played = show.steering.played(scenario);
    let mut rows: Vec<OrderRecord> = show.run.shop().outputs().finished().cloned().collect();
    rows.extend(show.run.shop().orders_in_flight().cloned());
    (rows, played, messages)
}

fn demo3_for(open_for: &str) -> Scenario {
    let mut s = Scenario::load("demo3").unwrap();
    s.shop.open_for = open_for.parse().unwrap();
    s
}

#[test]
fn add_crash_restart_replay_to_the_same_orders() {
    let scenario = demo3_for("2m");
    let (shown, played, messages) = play(
        &scenario,
        &[(20, "a"), (35, "c1"), (50, "r1"), (61, "c3"), (70, "s2")],
    );
    assert_eq!(played.faults.len(), 5, "{messages:?}");
    assert!(played.faults[0].add_preparer);
    assert_eq!(played.faults[1].crash, Some(1));
    assert_eq!(played.faults[2].restart, Some(1));
    assert_eq!(played.faults[3].crash, Some(3));
    assert_eq!(played.faults[4].stall, Some(2));
    assert_eq!(played.problems(), vec![], "the played scenario is valid");
    // Through the file, as a user replays it.
    let text = played.to_resolved_toml().unwrap();
    let replayed = Scenario::from_toml(&text, "played.toml").unwrap();
    assert_eq!(replayed, played);
    let mut rows = Rows(Vec::new());
    let (report, _) = run_shop(&replayed, &mut rows, None::<Vec<u8>>).unwrap();
    assert_eq!(report.preparers.len(), 3);
    let mut shown = shown;
    shown.sort_by_key(|r| r.order.id);
    rows.0.sort_by_key(|r| r.order.id);
    assert_eq!(shown.len(), rows.0.len());
    assert!(
        shown == rows.0,
        "the show and the run of its scenario differ"
    );
    // The steering changed the run: without it, the orders differ.
    let mut plain = Rows(Vec::new());
    run_shop(&scenario, &mut plain, None::<Vec<u8>>).unwrap();
    plain.0.sort_by_key(|r| r.order.id);
    assert!(plain.0 != rows.0);
}

#[test]
fn keys_that_cannot_replay_are_refused() {
    let scenario = demo3_for("1m");
    let (_, played, messages) = play(&scenario, &[(10, "c9"), (12, "r2"), (14, "s7"), (70, "a")]);
    assert_eq!(played.faults, vec![], "{messages:?}");
    assert!(messages[0].contains("no preparer 9"), "{messages:?}");
    assert!(
        messages[1].contains("has not crashed or left"),
        "{messages:?}"
    );
    assert!(messages[2].contains("no preparer 7"), "{messages:?}");
    assert!(messages[3].contains("closed"), "{messages:?}");
}

#[test]
fn a_show_without_keys_is_the_run() {
    let scenario = demo3_for("1m");
    let (mut shown, played, _) = play(&scenario, &[(5, ""), (17, ""), (33, "")]);
    assert_eq!(played, scenario);
    let mut rows = Rows(Vec::new());
    run_shop(&scenario, &mut rows, None::<Vec<u8>>).unwrap();
    shown.sort_by_key(|r| r.order.id);
    rows.0.sort_by_key(|r| r.order.id);
    assert!(shown == rows.0);
}
