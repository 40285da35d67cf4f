//! Preparers beyond the partition count add nothing: on demo3 with 3 partitions, throughput
//! at 4 and 5 preparers lies within the interval at 3.

use chipshop::scenario::{Overrides, Scenario};
use chipshop::sweep::{Axis, Grid, MEASURES, Switch, run_sweep, summarise};

#[test]
fn preparers_beyond_the_partitions_add_no_throughput() {
    let mut base = Scenario::load("demo3").unwrap();
    base.apply(&Overrides {
        open_for: Some("2m".parse().unwrap()),
        ..Overrides::default()
    })
    .unwrap();
    let grid = Grid {
        axes: vec![
            Axis::parse(Switch::Preparers, "3..5").unwrap(),
            Axis::parse(Switch::Partitions, "3").unwrap(),
        ],
    };
    let points: Vec<Scenario> = grid
        .points()
        .iter()
        .map(|p| {
            let mut s = base.clone();
            s.apply(&p.overrides).unwrap();
            s
        })
        .collect();
    let reps = 5;
    let indices: Vec<usize> = (0..points.len() * reps).collect();
    let results = run_sweep(&points, reps, 42, &indices, 2, &|| {}).unwrap();
    let throughput = MEASURES
        .iter()
        .position(|m| *m == "throughput_per_min")
        .unwrap();
    let at = |i: usize| {
        let runs: Vec<_> = results[i * reps..(i + 1) * reps]
            .iter()
            .map(|r| r.measures)
            .collect();
        summarise(&runs).measures[throughput]
    };
    let three = at(0);
    assert!(three.high - three.low < 0.1 * three.mean, "{three:?}");
    for i in [1, 2] {
        let more = at(i);
        assert!(
            three.low <= more.mean && more.mean <= three.high,
            "{} preparers: {more:?} vs 3 preparers: {three:?}",
            3 + i
        );
    }
}
