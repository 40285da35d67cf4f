//! The Kafka model on its own, without the shop: a producer writes a payment every 50 ms to
//! a six-partition topic, a group of consumers reads them (each payment takes 120 ms to
//! handle), a fourth consumer joins at 30 s and the second one crashes at 60 s. It prints the
//! group's story (rebalances, partitions moving, the crashed member's removal) and, per
//! consumer, the records it read.
//!
//! Run it under either group protocol, and compare:
//!
//! ```sh
//! cargo run --example consumer_group              # classic, eager range assignor
//! cargo run --example consumer_group -- cooperative  # classic, cooperative sticky
//! cargo run --example consumer_group -- consumer     # KIP-848, server-side uniform
//! ```
//!
//! To model your own service, copy this shape: one event enum that wraps [`KafkaEvent`], a
//! model that hands those back to [`KafkaCluster::handle`] and drains the notices after every
//! call, and your service's own events (here `Handled`, when a consumer has finished what its
//! poll returned).

use chipshop::engine::{Context, Model, SimDuration, SimTime, Simulation};
use chipshop::kafka_model::{
    AssignorKind, AutoOffsetReset, ConsumerConfig, ConsumerId, GroupConfig, KafkaCluster,
    KafkaEvent, Notice, ProducerConfig, ProducerId, ServerAssignorKind, TopicId,
};

/// Everything that happens: the Kafka model's events and the service's own.
enum Ev {
    Kafka(KafkaEvent),
    /// The producer writes the next payment.
    Produce,
    /// A consumer joins the group.
    Join,
    /// A consumer crashes (by its place in join order).
    Crash(usize),
    /// A consumer has handled what its last poll returned: it polls again.
    Handled(ConsumerId),
}

impl From<KafkaEvent> for Ev {
    fn from(e: KafkaEvent) -> Self {
        Ev::Kafka(e)
    }
}

/// The service: a topic, a producer, a group and its consumers.
struct Payments {
    kafka: KafkaCluster<u64>,
    topic: TopicId,
    producer: Option<ProducerId>,
    group: chipshop::kafka_model::GroupId,
    consumers: Vec<ConsumerId>,
    /// Records each consumer read, by its place in join order.
    read: Vec<u64>,
    next_payment: u64,
    notices: Vec<Notice<u64>>,
}

const HANDLE: SimDuration = SimDuration::from_millis(120);
const EVERY: SimDuration = SimDuration::from_millis(50);
const PRODUCE_UNTIL: SimTime = SimTime::from_nanos(120_000_000_000);

impl Payments {
    fn join(&mut self, cx: &mut Context<Ev>) {
        let mut config = ConsumerConfig::new(["payments"]);
        config.auto_offset_reset = AutoOffsetReset::Earliest;
        config.max_poll_records = 10;
        let c = self
            .kafka
            .join(cx, self.group, config)
            .expect("the group exists");
        self.consumers.push(c);
        self.read.push(0);
        self.kafka.poll(cx, c).expect("just joined");
        println!(
            "{:>7.3} s  consumer {} joins",
            secs(cx.now()),
            self.consumers.len()
        );
    }

    fn place(&self, c: ConsumerId) -> usize {
        self.consumers.iter().position(|&x| x == c).expect("ours") + 1
    }

    /// What the group did, one line per notice worth telling.
    fn tell(&mut self, cx: &mut Context<Ev>) {
        self.kafka.drain_notices_into(&mut self.notices);
        let notices = std::mem::take(&mut self.notices);
        for n in &notices {
            let t = secs(cx.now());
            match n {
                Notice::Record(d) => {
                    let i = self.place(d.consumer) - 1;
                    self.read[i] += 1;
                }
                Notice::PollReturned { consumer, records } => {
                    // Handling takes time per record; then it polls again.
                    let took = SimDuration::from_nanos(HANDLE.as_nanos() * *records as u64);
                    cx.schedule_after(took, Ev::Handled(*consumer));
                }
                Notice::RebalanceStarted { generation, .. } => {
                    println!("{t:>7.3} s  rebalance {generation} starts")
                }
                Notice::RebalanceEnded { generation, .. } => {
                    println!("{t:>7.3} s  rebalance {generation} ends")
                }
                Notice::Revoked {
                    consumer,
                    partitions,
                } => println!(
                    "{t:>7.3} s  consumer {} gives up {}",
                    self.place(*consumer),
                    names(partitions)
                ),
                Notice::Assigned {
                    consumer,
                    partitions,
                } => println!(
                    "{t:>7.3} s  consumer {} gets {}",
                    self.place(*consumer),
                    names(partitions)
                ),
                Notice::MemberRemoved {
                    consumer, reason, ..
                } => println!(
                    "{t:>7.3} s  consumer {} is out of the group: {reason:?}",
                    self.place(*consumer)
                ),
                _ => {}
            }
        }
        self.notices = notices;
    }
}

impl Model for Payments {
    type Event = Ev;

    fn handle(&mut self, ev: Ev, cx: &mut Context<Ev>) {
        match ev {
            Ev::Kafka(e) => self.kafka.handle(e, cx),
            Ev::Produce => {
                let p = *self
                    .producer
                    .get_or_insert_with(|| self.kafka.add_producer(cx, ProducerConfig::new("pay")));
                let key = format!("account-{}", self.next_payment % 97);
                self.kafka
                    .send(
                        cx,
                        p,
                        self.topic,
                        Some(key.as_bytes()),
                        None,
                        self.next_payment,
                    )
                    .expect("the topic exists");
                self.next_payment += 1;
                if cx.now() < PRODUCE_UNTIL {
                    cx.schedule_after(EVERY, Ev::Produce);
                }
            }
            Ev::Join => self.join(cx),
            Ev::Crash(i) => {
                println!("{:>7.3} s  consumer {} crashes", secs(cx.now()), i + 1);
                let _ = self.kafka.crash(cx, self.consumers[i]);
            }
            Ev::Handled(c) => {
                // Commit what was handled, then poll for more. The commit fails if the group
                // has removed the consumer (CommitFailedException); its poll then rejoins.
                let _ = self.kafka.commit(cx, c);
                let _ = self.kafka.poll(cx, c);
            }
        }
        self.tell(cx);
    }
}

fn secs(t: SimTime) -> f64 {
    t.as_secs_f64()
}

fn names(partitions: &[chipshop::kafka_model::TopicPartition]) -> String {
    let v: Vec<String> = partitions
        .iter()
        .map(|tp| format!("payments-{}", tp.partition))
        .collect();
    if v.is_empty() {
        "nothing".into()
    } else {
        v.join(", ")
    }
}

fn main() {
    let group_config = match std::env::args().nth(1).as_deref() {
        None | Some("eager") => GroupConfig::classic(AssignorKind::Range),
        Some("cooperative") => GroupConfig::classic(AssignorKind::CooperativeSticky),
        Some("consumer") => GroupConfig::consumer(ServerAssignorKind::Uniform),
        Some(other) => {
            eprintln!("unknown protocol {other:?}: give eager, cooperative or consumer");
            std::process::exit(2);
        }
    };
    println!("group protocol: {}", group_config.protocol);
    let mut kafka = KafkaCluster::new();
    let topic = kafka
        .create_topic("payments", 6, false)
        .expect("a new topic");
    let group = kafka
        .create_group("billing", group_config)
        .expect("a new group");
    let model = Payments {
        kafka,
        topic,
        producer: None,
        group,
        consumers: Vec::new(),
        read: Vec::new(),
        next_payment: 0,
        notices: Vec::new(),
    };
    let mut sim = Simulation::new(model, 42);
    let at = |s: u64| SimTime::ZERO + SimDuration::from_secs(s);
    sim.invoke(|_, cx| {
        for _ in 0..3 {
            cx.schedule_now(Ev::Join);
        }
        cx.schedule_now(Ev::Produce);
        cx.schedule_at(at(30), Ev::Join).expect("in the future");
        cx.schedule_at(at(60), Ev::Crash(1)).expect("in the future");
    });
    sim.run_until(at(180));
    let m = sim.model();
    println!();
    for (i, n) in m.read.iter().enumerate() {
        println!("consumer {}: {n} records", i + 1);
    }
    println!(
        "produced {}, delivered {} ({} again after the crash), max lag {}",
        m.kafka.total_records_produced(),
        m.kafka.delivered(m.group),
        m.kafka.redeliveries(m.group),
        m.kafka.max_lag(m.group)
    );
}
