//! Whole-shop throughput in simulated orders per second of wall time, traces off.
//!
//! `demo3`'s topology (3 tills, 3 partitions, 2 preparers) with preparers fast enough to keep
//! up, at about 1,000,000 orders; and `cabinet` (hot cabinet taken by script) at 250,000.

use chipshop::model::run_shop;
use chipshop::scenario::{Overrides, Scenario};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

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

criterion_group!(benches, shop);
criterion_main!(benches);
