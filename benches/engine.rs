//! Engine throughput: the M/M/3 queue (lambda 2.4, mu 1) at 1,000,000 customers, in events/s.

use chipshop::queueing::{MmcConfig, run_mmc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn mmc(c: &mut Criterion) {
    let config = MmcConfig {
        servers: 3,
        lambda: 2.4,
        mu: 1.0,
        customers: 1_000_000,
    };
    let events = run_mmc(config, 42).events;
    let mut group = c.benchmark_group("engine");
    group.sample_size(20);
    group.throughput(Throughput::Elements(events));
    group.bench_function("mmc3_1M_customers", |b| b.iter(|| run_mmc(config, 42)));
    group.finish();
}

criterion_group!(benches, mmc);
criterion_main!(benches);
