//! Redis model throughput: 1,000,000 atomic takes through the model's scheduler, in commands/s.
//!
//! Eight clients each send a take script (one cod, one chips) and send the next when the reply
//! arrives; every command is a round trip with a uniform 50-150 µs latency each way. The default
//! configuration keeps no value history; a second figure records every change.

use chipshop::engine::{Context, Distribution, DistributionSpec, Model, RngStreams, Simulation};
use chipshop::redis_model::{ClientId, Command, Portions, RedisConfig, RedisEvent, RedisModel};
use chipshop::{SimDuration, SimTime};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const TAKES: u64 = 1_000_000;
const CLIENTS: usize = 8;

struct Ev(RedisEvent);

impl From<RedisEvent> for Ev {
    fn from(e: RedisEvent) -> Self {
        Ev(e)
    }
}

struct Takers {
    redis: RedisModel,
    order: Portions,
    sent: u64,
    taken: u64,
}

impl Takers {
    fn send(&mut self, client: ClientId, cx: &mut Context<Ev>) {
        if self.sent < TAKES {
            self.sent += 1;
            let _ = self.redis.send(cx, client, 0, Command::Take(self.order));
        }
    }
}

impl Model for Takers {
    type Event = Ev;
    fn handle(&mut self, Ev(event): Ev, cx: &mut Context<Ev>) {
        if let Some(reply) = self.redis.handle(event, cx) {
            if !reply.reply.is_error() {
                self.taken += 1;
            }
            self.send(reply.client, cx);
        }
    }
}

/// Runs the million takes; returns the takes that succeeded.
fn run(record_history: bool) -> u64 {
    let latency = Distribution::new(DistributionSpec::Uniform([
        SimDuration::from_nanos(50_000),
        SimDuration::from_nanos(150_000),
    ]))
    .unwrap();
    let config = RedisConfig {
        request_latency: latency.clone(),
        reply_latency: latency,
        record_history,
    };
    let mut redis = RedisModel::new(config, &RngStreams::new(42));
    let cod = redis.key("cod");
    let chips = redis.key("chips");
    let setup = redis.connect();
    let stock = (TAKES * 2).to_string().into_bytes();
    let mset = Command::MSet(vec![(cod, stock.clone()), (chips, stock)]);
    redis
        .server_mut()
        .execute(setup, mset, SimTime::ZERO)
        .unwrap();
    let clients: Vec<ClientId> = (0..CLIENTS).map(|_| redis.connect()).collect();
    let order = Portions::new()
        .with(cod, 1)
        .and_then(|p| p.with(chips, 1))
        .unwrap();
    let mut sim = Simulation::new(
        Takers {
            redis,
            order,
            sent: 0,
            taken: 0,
        },
        42,
    );
    sim.invoke(|m, cx| {
        for &c in &clients {
            m.send(c, cx);
        }
    });
    sim.run();
    sim.model().taken
}

fn takes(c: &mut Criterion) {
    assert_eq!(run(false), TAKES);
    assert_eq!(run(true), TAKES);
    let mut group = c.benchmark_group("redis");
    group.sample_size(10);
    group.throughput(Throughput::Elements(TAKES));
    // The default configuration: no value history.
    group.bench_function("atomic_takes_1M", |b| b.iter(|| run(false)));
    // Recording every change of both keys (2M samples) for charts.
    group.bench_function("atomic_takes_1M_with_history", |b| b.iter(|| run(true)));
    group.finish();
}

criterion_group!(benches, takes);
criterion_main!(benches);
