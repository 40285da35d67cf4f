//! Whole-shop throughput in simulated orders per second of wall time, traces off.
//!
//! `demo3`'s topology (3 tills, 3 partitions, 2 preparers) with preparers fast enough to keep
//! up, at about 1,000,000 orders; and `cabinet` (hot cabinet taken by script) at 250,000.
//! `demo3_3_preparers_files`: the run a user makes, `demo3` with 3 preparers, writing
//! orders.csv and series.csv to an empty temporary folder each time (in /dev/shm where there
//! is one, so the disk is not what is measured; the target is 2 M orders/s), and the same run
//! with its files thrown away.

use chipshop::model::run_shop;
use chipshop::output::RunFiles;
use chipshop::scenario::{Overrides, Scenario};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

fn scenario(preset: &str, open_for: &str) -> Scenario {
    let mut s = Scenario::load(preset).unwrap();
    s.preparers.prep_time = toml::from_str::<Holder>("d = { uniform = [\"0.2s\", \"0.4s\"] }")
        .unwrap()
        .d;
    s.apply(&Overrides {
        open_for: Some(open_for.parse().unwrap()),
        ..Overrides::default()
    })
    .unwrap();
    s
}

#[derive(serde::Deserialize)]
struct Holder {
    d: chipshop::engine::Distribution,
}

fn shop(c: &mut Criterion) {
    let mut group = c.benchmark_group("shop");
    group.sample_size(10);
    for (preset, open_for) in [("demo3", "116h"), ("cabinet", "22h")] {
        let s = scenario(preset, open_for);
        let orders = run_shop(&s, &mut (), None::<Vec<u8>>)
            .unwrap()
            .0
            .orders
            .completed;
        group.throughput(Throughput::Elements(orders));
        group.bench_function(format!("{preset}_{orders}_orders"), |b| {
            b.iter(|| run_shop(&s, &mut (), None::<Vec<u8>>).unwrap())
        });
    }
    group.finish();
}

/// demo3 with 3 preparers, its files written, as `chipshop run --no-charts` does.
fn shop_with_files(c: &mut Criterion) {
    let mut group = c.benchmark_group("shop");
    group.sample_size(10);
    let mut s = Scenario::load("demo3").unwrap();
    s.apply(&Overrides {
        preparers: Some(3),
        open_for: Some("116h".parse().unwrap()),
        ..Overrides::default()
    })
    .unwrap();
    // In memory where there is a tmpfs: this measures the program, not the disk.
    let shm = std::path::Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("chipshop-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = || {
        let mut files = RunFiles::create(&dir, false).unwrap();
        let (report, _) = run_shop(&s, &mut files, None::<Vec<u8>>).unwrap();
        files.finish().unwrap();
        report.orders.completed
    };
    group.throughput(Throughput::Elements(run()));
    // Each run writes into an empty folder, as `chipshop run --out NEW` does: replacing the
    // last run's 300 MB would time the kernel freeing it.
    let empty = || {
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&dir).unwrap();
    };
    group.bench_function("demo3_3_preparers_files", |b| {
        b.iter_batched(empty, |()| run(), BatchSize::PerIteration)
    });
    // The same run with its files thrown away: what the simulation alone costs.
    group.bench_function("demo3_3_preparers_no_files", |b| {
        b.iter(|| run_shop(&s, &mut (), None::<Vec<u8>>).unwrap())
    });
    group.finish();
    std::fs::remove_dir_all(&dir).unwrap();
}

criterion_group!(benches, shop, shop_with_files);
criterion_main!(benches);
