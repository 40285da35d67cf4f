//! A 100-run sweep of demo3 (preparers 1..10, 10 replications, 10 simulated minutes each) on
//! one and on two threads: the issue wants under 10 s and at least 1.8x with two jobs.

use chipshop::scenario::{Overrides, Scenario};
use chipshop::sweep::{Axis, Grid, Switch, run_sweep};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn points() -> Vec<Scenario> {
    let mut base = Scenario::load("demo3").unwrap();
    base.apply(&Overrides {
        open_for: Some("10m".parse().unwrap()),
        ..Overrides::default()
    })
    .unwrap();
    let grid = Grid {
        axes: vec![Axis::parse(Switch::Preparers, "1..10").unwrap()],
    };
    grid.points()
        .iter()
        .map(|p| {
            let mut s = base.clone();
            s.apply(&p.overrides).unwrap();
            s
        })
        .collect()
}

fn sweep(c: &mut Criterion) {
    let points = points();
    let reps = 10;
    let indices: Vec<usize> = (0..points.len() * reps).collect();
    let mut group = c.benchmark_group("sweep_demo3_100_runs_10m");
    group.sample_size(10);
    group.throughput(Throughput::Elements(indices.len() as u64));
    for jobs in [1, 2] {
        group.bench_function(format!("jobs_{jobs}"), |b| {
            b.iter(|| run_sweep(&points, reps, 1, &indices, jobs, &|| {}).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, sweep);
criterion_main!(benches);
