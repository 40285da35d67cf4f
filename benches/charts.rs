//! Drawing the charts (PNG and SVG) of a 100,000-order run, the target under 2 s; and of a
//! 6x3 sweep (preparers 1..6, partitions 2,3,6: four files).

use std::fmt::Write as _;

use chipshop::output::charts::{ChartOptions, draw_charts, draw_sweep_charts};
use chipshop::scenario::Scenario;
use chipshop::sweep::{
    Axis, Grid, MEASURES, Measures, RunResult, SweepDefinition, Switch, write_sweep,
};
use criterion::{Criterion, criterion_group, criterion_main};

/// Writes summary.json and a 100,000-row orders.csv like a long demo1 run's.
fn make_run(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("summary.json"),
        r#"{"scenario":"bench","seed":1,"sim_end_s":126000.0,
            "latency_s":{"mean":2.0,"p50":1.5,"p90":3.0,"p99":6.0,"max":9.0},
            "preparers":[{"id":1,"orders":50000,"busy_fraction":0.8,"partitions":["orders-0"]},
                         {"id":2,"orders":50000,"busy_fraction":0.7,"partitions":["orders-1"]}]}"#,
    )
    .unwrap();
    let mut csv = String::from(
        "id,till,items,placed,started,cooked,ready,collected,preparer,partition,offset\n",
    );
    for i in 0..100_000u64 {
        let placed = i as f64 * 1.26;
        let wait = (i % 7) as f64 * 0.3;
        let items = if i % 3 == 0 {
            "cod_and_chips+2xlarge_chips"
        } else {
            "chips"
        };
        writeln!(
            csv,
            "{i},1,{items},{placed:.9},{:.9},,{:.9},{:.9},{},{},{}",
            placed + wait,
            placed + wait + 1.0,
            placed + wait + 1.0,
            i % 2 + 1,
            i % 2,
            i / 2
        )
        .unwrap();
    }
    std::fs::write(dir.join("orders.csv"), csv).unwrap();
}

fn bench(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("chipshop-charts-bench-{}", std::process::id()));
    make_run(&dir);
    let options = ChartOptions::default();
    let mut group = c.benchmark_group("charts");
    group.sample_size(10);
    group.bench_function("draw_charts_100k_orders", |b| {
        b.iter(|| draw_charts(&dir, &dir.join("charts"), &options).unwrap())
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Writes the sweep.json of a 6x3 demo3 sweep with 10 replications, from made-up measures,
/// through the sweep's own writer.
fn make_sweep(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    let grid = Grid {
        axes: vec![
            Axis::parse(Switch::Preparers, "1..6").unwrap(),
            Axis::parse(Switch::Partitions, "2,3,6").unwrap(),
        ],
    };
    let replications = 10;
    let base = Scenario::load("demo3").unwrap();
    let definition = SweepDefinition {
        scenario_name: base.shop.name.clone(),
        scenario: serde_json::to_value(&base).unwrap(),
        seed: 1,
        replications,
        axes: grid
            .axes
            .iter()
            .map(|a| (a.switch.column().to_string(), a.values.clone()))
            .collect(),
    };
    let results: Vec<RunResult> = (0..grid.points().len() * replications)
        .map(|index| {
            let (point, replication) = (index / replications, index % replications);
            let (p, q) = ((point / 3 + 1) as f64, [2.0, 3.0, 6.0][point % 3]);
            let mut m = [0.0; MEASURES.len()];
            m[0] = 48.0 * p.min(q) + replication as f64;
            m[5] = 300.0 / p.min(q) + replication as f64;
            RunResult {
                index,
                point,
                replication,
                seed: replication as u64,
                measures: Measures(m),
            }
        })
        .collect();
    write_sweep(dir, &definition, &grid, &results, false).unwrap();
}

fn bench_sweep(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("chipshop-sweep-bench-{}", std::process::id()));
    make_sweep(&dir);
    let options = ChartOptions::default();
    let mut group = c.benchmark_group("charts");
    group.sample_size(10);
    group.bench_function("draw_sweep_charts_6x3", |b| {
        b.iter(|| draw_sweep_charts(&dir, &dir.join("charts"), &options).unwrap())
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench, bench_sweep);
criterion_main!(benches);
