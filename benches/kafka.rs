//! Kafka model throughput: 1,000,000 records produced to 12 partitions and consumed by a group
//! of 4 with a commit after every poll, in records/s, under each group protocol (classic with
//! range, and the consumer protocol with uniform).

use chipshop::engine::{Context, Distribution, Model, SimDuration, Simulation};
use chipshop::kafka_model::*;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const RECORDS: u64 = 1_000_000;
const PER_TICK: u64 = 1_000;

enum Ev {
    Kafka(KafkaEvent),
    Tick,
}

impl From<KafkaEvent> for Ev {
    fn from(e: KafkaEvent) -> Self {
        Ev::Kafka(e)
    }
}

struct Pipeline {
    kafka: KafkaCluster<u64>,
    topic: TopicId,
    producer: Option<ProducerId>,
    sent: u64,
    consumed: u64,
    buf: Vec<Notice<u64>>,
}

impl Model for Pipeline {
    type Event = Ev;

    fn handle(&mut self, ev: Ev, cx: &mut Context<Ev>) {
        match ev {
            Ev::Kafka(k) => self.kafka.handle(k, cx),
            Ev::Tick => {
                let p = *self.producer.get_or_insert_with(|| {
                    let mut cfg = ProducerConfig::new("bench");
                    cfg.produce_latency = Distribution::constant(SimDuration::from_millis(1));
                    self.kafka.add_producer(cx, cfg)
                });
                for _ in 0..PER_TICK {
                    self.kafka
                        .send(cx, p, self.topic, None, None, self.sent)
                        .unwrap();
                    self.sent += 1;
                }
                if self.sent < RECORDS {
                    cx.schedule_after(SimDuration::from_millis(1), Ev::Tick);
                }
            }
        }
        self.kafka.drain_notices_into(&mut self.buf);
        for i in 0..self.buf.len() {
            match &self.buf[i] {
                Notice::Record(d) => self.consumed += u64::from(d.value != u64::MAX),
                Notice::PollReturned { consumer, .. } => {
                    let c = *consumer;
                    self.kafka.commit(cx, c).unwrap();
                    self.kafka.poll(cx, c).unwrap();
                }
                _ => {}
            }
        }
    }
}

fn run(protocol: GroupProtocol) -> (u64, usize) {
    let mut kafka = KafkaCluster::new();
    let topic = kafka.create_topic("orders", 12, false).unwrap();
    // No initial delay, so consumers read while the producer writes (memory follows lag).
    let config = GroupConfig {
        protocol,
        group_initial_rebalance_delay_ms: SimDuration::ZERO,
        ..GroupConfig::default()
    };
    let group = kafka.create_group("g", config).unwrap();
    let model = Pipeline {
        kafka,
        topic,
        producer: None,
        sent: 0,
        consumed: 0,
        buf: Vec::new(),
    };
    let mut sim = Simulation::new(model, 42);
    sim.invoke(|m, cx| {
        for _ in 0..4 {
            let mut cfg = ConsumerConfig::new(["orders"]);
            cfg.enable_auto_commit = false;
            cfg.auto_offset_reset = AutoOffsetReset::Earliest;
            cfg.fetch_latency = Distribution::constant(SimDuration::from_millis(1));
            let c = m.kafka.join(cx, group, cfg).unwrap();
            m.kafka.poll(cx, c).unwrap();
        }
        m.kafka.drain_notices_into(&mut m.buf);
        cx.schedule_now(Ev::Tick);
    });
    sim.run_until(chipshop::SimTime::from_nanos(3_600_000_000_000));
    let m = sim.model();
    assert_eq!(m.consumed, RECORDS);
    (m.consumed, m.kafka.retained_records())
}

fn kafka(c: &mut Criterion) {
    let mut group = c.benchmark_group("kafka");
    group.sample_size(10);
    group.throughput(Throughput::Elements(RECORDS));
    for protocol in [
        GroupProtocol::Classic(AssignorKind::Range),
        GroupProtocol::Consumer(ServerAssignorKind::Uniform),
    ] {
        let (records, retained) = run(protocol);
        eprintln!("{protocol}: records consumed {records}, still retained at the end {retained}");
        assert_eq!(retained, 0);
        group.bench_with_input(
            BenchmarkId::new("produce_consume_1M_12p_group_of_4", protocol.name()),
            &protocol,
            |b, &p| b.iter(|| run(p)),
        );
    }
    group.finish();
}

criterion_group!(benches, kafka);
criterion_main!(benches);
