//! A scripted model for the Kafka tests: acts at given times (send, join, leave, crash), and
//! consumers that poll, take `process` (or `process_for`) per poll, commit (manual mode) and
//! poll again.

#![allow(dead_code)]

use chipshop::engine::{Context, Model, SimDuration, SimTime, Simulation};
use chipshop::kafka_model::*;

pub enum Ev {
    Kafka(KafkaEvent),
    Act(Act),
    Done(ConsumerId),
}

impl From<KafkaEvent> for Ev {
    fn from(e: KafkaEvent) -> Self {
        Ev::Kafka(e)
    }
}

pub enum Act {
    Send {
        topic: TopicId,
        partition: Option<u32>,
        value: u64,
    },
    Join {
        group: GroupId,
        config: Box<ConsumerConfig>,
    },
    Leave(usize),
    Crash(usize),
    /// The consumer's next poll's records take it this long (a stall), if that poll returns
    /// within 10 s.
    Stall(usize, SimDuration),
}

/// An invariant check run after every event.
pub type Check = Box<dyn FnMut(&KafkaCluster<u64>, SimTime)>;

/// A consumer's processing time per poll (see [`Harness::process_for`]).
pub type ProcessFor = Box<dyn FnMut(ConsumerId, SimTime) -> Option<SimDuration>>;

pub struct Harness {
    pub kafka: KafkaCluster<u64>,
    pub producer: Option<ProducerId>,
    pub producer_config: ProducerConfig,
    /// Consumers in join order.
    pub consumers: Vec<ConsumerId>,
    pub deliveries: Vec<(SimTime, Delivery<u64>)>,
    /// Parallel to `deliveries`: how many times the consumer had been given the record's
    /// partition when it read it (its position restarts from the committed offset each time).
    pub grant_count: Vec<u32>,
    grants: std::collections::BTreeMap<(ConsumerId, TopicPartition), u32>,
    /// Every notice but records, with its time.
    pub events: Vec<(SimTime, Notice<u64>)>,
    pub manual_commit: bool,
    pub process: SimDuration,
    /// When set, how long a consumer works on what a poll returned (called with the consumer
    /// and the time the poll returned) instead of `process`; `None`: it never polls again.
    pub process_for: Option<ProcessFor>,
    /// Called with the cluster after every handled event (for invariants).
    pub check: Option<Check>,
    /// Joins the cluster refused (a duplicate or unreleased instance id), with their error.
    pub refused: Vec<KafkaError>,
    /// Stalls waiting for a consumer's next poll to return (until the given time).
    stalls: Vec<(ConsumerId, SimDuration, SimTime)>,
    buf: Vec<Notice<u64>>,
}

impl Harness {
    pub fn new(producer_config: ProducerConfig) -> Self {
        Harness {
            kafka: KafkaCluster::new(),
            producer: None,
            producer_config,
            consumers: Vec::new(),
            deliveries: Vec::new(),
            grant_count: Vec::new(),
            grants: std::collections::BTreeMap::new(),
            events: Vec::new(),
            manual_commit: false,
            process: SimDuration::from_millis(1),
            process_for: None,
            check: None,
            refused: Vec::new(),
            stalls: Vec::new(),
            buf: Vec::new(),
        }
    }

    fn drain(&mut self, cx: &mut Context<Ev>) {
        self.kafka.drain_notices_into(&mut self.buf);
        let mut buf = std::mem::take(&mut self.buf);
        for n in buf.drain(..) {
            match n {
                Notice::Record(d) => {
                    self.grant_count
                        .push(self.grants.get(&(d.consumer, d.tp)).copied().unwrap_or(0));
                    self.deliveries.push((cx.now(), d));
                }
                Notice::Assigned {
                    consumer,
                    ref partitions,
                } => {
                    for &tp in partitions {
                        *self.grants.entry((consumer, tp)).or_default() += 1;
                    }
                    self.events.push((cx.now(), n));
                }
                Notice::PollReturned { consumer, .. } => {
                    let now = cx.now();
                    self.stalls.retain(|(_, _, until)| *until >= now);
                    let stall = self.stalls.iter().position(|(c, _, _)| *c == consumer);
                    let took = match (&mut self.process_for, stall) {
                        (_, Some(i)) => Some(self.stalls.remove(i).1),
                        (Some(f), None) => f(consumer, cx.now()),
                        (None, None) => Some(self.process),
                    };
                    if let Some(took) = took {
                        cx.schedule_after(took, Ev::Done(consumer));
                    }
                    self.events.push((cx.now(), n));
                }
                other => self.events.push((cx.now(), other)),
            }
        }
        self.buf = buf;
        if let Some(check) = &mut self.check {
            check(&self.kafka, cx.now());
        }
    }

    /// Notices of one kind, by a predicate.
    pub fn times<F: Fn(&Notice<u64>) -> bool>(&self, f: F) -> Vec<SimTime> {
        self.events
            .iter()
            .filter(|(_, n)| f(n))
            .map(|(t, _)| *t)
            .collect()
    }
}

impl Model for Harness {
    type Event = Ev;

    fn handle(&mut self, ev: Ev, cx: &mut Context<Ev>) {
        match ev {
            Ev::Kafka(k) => self.kafka.handle(k, cx),
            Ev::Done(c) => {
                if self.manual_commit {
                    let _ = self.kafka.commit(cx, c);
                }
                let _ = self.kafka.poll(cx, c);
            }
            Ev::Act(Act::Send {
                topic,
                partition,
                value,
            }) => {
                let p = match self.producer {
                    Some(p) => p,
                    None => {
                        let p = self.kafka.add_producer(cx, self.producer_config.clone());
                        self.producer = Some(p);
                        p
                    }
                };
                self.kafka
                    .send(cx, p, topic, None, partition, value)
                    .unwrap();
            }
            Ev::Act(Act::Join { group, config }) => match self.kafka.join(cx, group, *config) {
                Ok(c) => {
                    self.consumers.push(c);
                    self.kafka.poll(cx, c).unwrap();
                }
                Err(e) => self.refused.push(e),
            },
            Ev::Act(Act::Leave(i)) => {
                if let Some(&c) = self.consumers.get(i) {
                    let _ = self.kafka.leave(cx, c);
                }
            }
            Ev::Act(Act::Crash(i)) => {
                if let Some(&c) = self.consumers.get(i) {
                    let _ = self.kafka.crash(cx, c);
                }
            }
            Ev::Act(Act::Stall(i, d)) => {
                if let Some(&c) = self.consumers.get(i) {
                    let until = cx.now() + SimDuration::from_secs(10);
                    self.stalls.push((c, d, until));
                }
            }
        }
        self.drain(cx);
    }
}

pub fn secs(s: f64) -> SimTime {
    SimTime::from_nanos((s * 1e9).round() as u64)
}

pub fn at(sim: &mut Simulation<Harness>, t: SimTime, act: Act) {
    sim.invoke(|_, cx| cx.schedule_at(t, Ev::Act(act)).unwrap());
}

/// A consumer config reading `topics` from the earliest offset.
pub fn earliest(topics: &[&str]) -> Box<ConsumerConfig> {
    let mut c = ConsumerConfig::new(topics.iter().copied());
    c.auto_offset_reset = AutoOffsetReset::Earliest;
    Box::new(c)
}

/// Topic `orders` with `partitions` partitions, group `g` with `config`, `members` members
/// joining at t=0 (reading from the earliest offset), and a record to every partition every
/// 10 ms until `until` seconds.
pub fn orders_setup(
    config: GroupConfig,
    partitions: u32,
    members: usize,
    until: f64,
) -> (Simulation<Harness>, GroupId) {
    let mut h = Harness::new(ProducerConfig::new("p"));
    let orders = h.kafka.create_topic("orders", partitions, false).unwrap();
    let group = h.kafka.create_group("g", config).unwrap();
    let mut sim = Simulation::new(h, 7);
    for _ in 0..members {
        at(
            &mut sim,
            SimTime::ZERO,
            Act::Join {
                group,
                config: earliest(&["orders"]),
            },
        );
    }
    let mut t = 0.0;
    let mut v = 0;
    while t < until {
        for p in 0..partitions {
            at(
                &mut sim,
                secs(t),
                Act::Send {
                    topic: orders,
                    partition: Some(p),
                    value: v,
                },
            );
            v += 1;
        }
        t += 0.01;
    }
    (sim, group)
}
