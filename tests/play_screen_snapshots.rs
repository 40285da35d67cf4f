//! `chipshop play`'s screen at a simulated time, as text, for the presets the talk shows: the
//! panels in the talk's words, the lag strip, the cabinet. The snapshots are in
//! tests/snapshots/; `cargo insta review` (or INSTA_UPDATE=always) accepts a deliberate change.

use chipshop::SimDuration;
use chipshop::SimTime;
use chipshop::play::snapshot;
use chipshop::scenario::Scenario;

fn screen(preset: &str, secs: u64, width: u16, height: u16) -> String {
    let scenario = Scenario::load(preset).unwrap();
    snapshot(
        &scenario,
        SimTime::ZERO + SimDuration::from_secs(secs),
        width,
        height,
    )
    .unwrap()
}

#[test]
fn demo3_at_30s_wide() {
    let text = screen("demo3", 30, 160, 48);
    assert!(text.contains("Food Preparer 1 · orders-0,1"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn demo3_at_30s_small() {
    insta::assert_snapshot!(screen("demo3", 30, 80, 24));
}

#[test]
fn race_at_60s_wide() {
    let text = screen("race", 60, 160, 48);
    assert!(text.contains("cabinet cod"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn race_at_60s_small() {
    insta::assert_snapshot!(screen("race", 60, 80, 24));
}

#[test]
fn the_same_time_gives_the_same_screen() {
    assert_eq!(screen("race", 45, 120, 40), screen("race", 45, 120, 40));
}

#[test]
fn every_line_fits_the_size() {
    for (w, h) in [(40, 12), (80, 24), (200, 60)] {
        let text = screen("rush", 90, w, h);
        assert_eq!(text.lines().count(), h as usize);
        assert!(text.lines().all(|l| l.chars().count() <= w as usize));
    }
}
