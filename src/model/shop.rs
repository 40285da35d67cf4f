//! The shop as a model on the engine: tills produce orders to Kafka, preparers consume them,
//! the cook fries, the hot cabinet lives in Redis. Kafka and Redis are used only through their
//! models' public APIs.

use std::collections::{BTreeMap, VecDeque};

use serde::{Serialize, Serializer};

use super::cabinet::{CHIPS, COD, CabinetKeys, PLAICE};
use super::cook::Cook;
use super::ledger::Ledger;
use super::menu::Menu;
use super::order::{Logged, Order, Portions};
use super::outputs::{AnalystDoc, RunOutputs};
use super::preparer::{Doing, Preparer, Source};
use super::trace::{Member, TraceEvent};
use crate::engine::{
    Context, Distribution, DistributionSpec, MeanSd, Model, OperationalClock, RateProfile,
    RngStreams, SimDuration, SimRng, SimTime,
};
use crate::kafka_model::{
    AutoOffsetReset, ConsumerConfig, GroupConfig, GroupId, GroupProtocol, KafkaCluster, KafkaEvent,
    Notice, PartitionerKind, ProducerConfig, ProducerId, RemovalReason, TopicId,
};
use crate::redis_model::{Command, RedisConfig, RedisEvent, RedisModel};
use crate::scenario::{FaultKind, Scenario, TillPartitioner};

/// Everything that happens in the shop.
#[derive(Debug)]
pub enum ShopEvent {
    /// The Kafka model's own event.
    Kafka(KafkaEvent),
    /// The Redis model's own event.
    Redis(RedisEvent),
    /// The shop opens: groups form, tills start.
    Open,
    /// Till `till` (1-based) takes an order.
    TillOrder {
        /// The till.
        till: u32,
    },
    /// The tills stop taking orders.
    Close,
    /// Preparer `preparer` (1-based) finished making up its order.
    Made {
        /// The preparer.
        preparer: u32,
        /// The preparer's epoch when it started (a crash in between voids the work).
        epoch: u32,
    },
    /// A scheduled fault: the preparer crashes.
    Crash {
        /// The preparer.
        preparer: u32,
    },
    /// The crashed (or departed) preparer comes back as a new member of its group.
    Restart {
        /// The preparer.
        preparer: u32,
    },
    /// A scheduled fault: the preparer stops polling for a while.
    Stall {
        /// The preparer.
        preparer: u32,
        /// For how many milliseconds.
        for_ms: u32,
    },
    /// A stalled preparer works again.
    Resume {
        /// The preparer.
        preparer: u32,
    },
    /// A scheduled fault: the preparer shuts down cleanly.
    Leave {
        /// The preparer.
        preparer: u32,
    },
    /// A scheduled change: one more preparer joins the group.
    AddPreparer,
    /// Time to record the series (lag, stock) for charts.
    Sample,
    /// The cook looks at the hot cabinet to top it up (on `cook.top_up_every`).
    TopUp,
    /// A top-up batch is fried.
    ToppedUp {
        /// What was fried.
        batch: Portions,
    },
    /// The cook finished frying for an order (its plaice, and its cod and chips in whole
    /// batches if the cabinet could not give them).
    Fried {
        /// The order's id.
        order: u64,
    },
}

impl ShopEvent {
    /// The event a scheduled `[[faults]]` table stands for (validated: one kind per table).
    pub fn from_fault(fault: &crate::scenario::FaultConfig) -> ShopEvent {
        match fault.kind().expect("validated: one kind per fault") {
            FaultKind::Crash(preparer) => ShopEvent::Crash { preparer },
            FaultKind::Leave(preparer) => ShopEvent::Leave { preparer },
            FaultKind::Restart(preparer) => ShopEvent::Restart { preparer },
            FaultKind::AddPreparer => ShopEvent::AddPreparer,
            FaultKind::Stall(preparer, d) => ShopEvent::Stall {
                preparer,
                for_ms: u32::try_from(d.as_nanos() / 1_000_000).unwrap_or(u32::MAX),
            },
        }
    }
}

impl From<KafkaEvent> for ShopEvent {
    fn from(e: KafkaEvent) -> Self {
        ShopEvent::Kafka(e)
    }
}

impl From<RedisEvent> for ShopEvent {
    fn from(e: RedisEvent) -> Self {
        ShopEvent::Redis(e)
    }
}

impl Serialize for ShopEvent {
    /// The trace's form: `{"till_order":{"till":2}}`; infrastructure events by their debug text.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        match self {
            ShopEvent::Kafka(e) => map.serialize_entry("kafka", &format!("{e:?}"))?,
            ShopEvent::Redis(e) => map.serialize_entry("redis", &format!("{e:?}"))?,
            ShopEvent::Open => map.serialize_entry("open", &())?,
            ShopEvent::TillOrder { till } => {
                map.serialize_entry("till_order", &serde_json::json!({ "till": till }))?
            }
            ShopEvent::Close => map.serialize_entry("close", &())?,
            ShopEvent::Sample => map.serialize_entry("sample", &())?,
            ShopEvent::TopUp => map.serialize_entry("top_up", &())?,
            ShopEvent::ToppedUp { batch } => map.serialize_entry("topped_up", batch)?,
            ShopEvent::Made { preparer, .. } => {
                map.serialize_entry("made", &serde_json::json!({ "preparer": preparer }))?
            }
            ShopEvent::Crash { preparer } => {
                map.serialize_entry("crash", &serde_json::json!({ "preparer": preparer }))?
            }
            ShopEvent::Restart { preparer } => {
                map.serialize_entry("restart", &serde_json::json!({ "preparer": preparer }))?
            }
            ShopEvent::AddPreparer => map.serialize_entry("add_preparer", &())?,
            ShopEvent::Stall { preparer, for_ms } => map.serialize_entry(
                "stall",
                &serde_json::json!({ "preparer": preparer, "for_ms": for_ms }),
            )?,
            ShopEvent::Resume { preparer } => {
                map.serialize_entry("resume", &serde_json::json!({ "preparer": preparer }))?
            }
            ShopEvent::Leave { preparer } => {
                map.serialize_entry("leave", &serde_json::json!({ "preparer": preparer }))?
            }
            ShopEvent::Fried { order } => {
                map.serialize_entry("fried", &serde_json::json!({ "order": order }))?
            }
        }
        map.end()
    }
}

fn topic_name(kafka: &KafkaCluster<Order>, t: TopicId) -> &str {
    kafka.topic(t).map_or("?", |topic| topic.name())
}

/// Partitions as `topic-partition`, for the trace.
fn partition_names(
    kafka: &KafkaCluster<Order>,
    tps: &[crate::kafka_model::TopicPartition],
) -> Vec<String> {
    tps.iter()
        .map(|tp| format!("{}-{}", topic_name(kafka, tp.topic), tp.partition))
        .collect()
}

fn group_of(kafka: &KafkaCluster<Order>, c: crate::kafka_model::ConsumerId) -> &str {
    kafka
        .group_of(c)
        .and_then(|g| kafka.group_name(g))
        .unwrap_or("?")
}

/// Who a Kafka consumer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Owner {
    Preparer(usize),
    Cook,
    Accountant,
    Analyst,
}

/// Redis tag of replies nobody waits for (an idempotent preparer's `SET done:<id>`).
pub(super) const IGNORED_TAG: u64 = u64::MAX - 1;

/// A till: a Kafka producer and its own random stream.
struct Till {
    producer: ProducerId,
    rng: SimRng,
    /// The rate profile its arrivals follow, on their own operational clock.
    profile: Option<(RateProfile, OperationalClock)>,
}

/// Counters of things the books don't hold.
#[derive(Debug, Default)]
pub(crate) struct ShopCounters {
    pub(crate) duplicates: u64,
    pub(crate) oversold: u64,
    pub(crate) sent_to_cook: u64,
    pub(crate) watch_aborts: u64,
    pub(crate) duplicates_avoided: u64,
    pub(crate) preparers_added: u64,
    pub(crate) preparers_removed: u64,
    /// Joins refused with UNRELEASED_INSTANCE_ID (a static preparer back too soon).
    pub(crate) unreleased_instance_id: u64,
    /// Revenue the accountant has read, in pence.
    pub(crate) accountant_pence: u64,
    /// Records the analyst read from `orders` (one per order a till sent).
    pub(crate) till_messages: u64,
    /// Records the analyst read from `cook` (one per time a preparer sent an order to fry).
    pub(crate) cook_messages: u64,
}

/// The shop, built from a scenario.
pub struct Shop<'a, O: RunOutputs> {
    pub(crate) scenario: Scenario,
    menu: Menu,
    pub(crate) kafka: KafkaCluster<Order>,
    pub(crate) redis: RedisModel,
    pub(super) cabinet: Option<CabinetKeys>,
    pub(super) orders_topic: TopicId,
    pub(super) cook_topic: TopicId,
    pub(super) ready_topic: TopicId,
    pub(crate) preparers_group: GroupId,
    tills: Vec<Till>,
    /// Each till's stream, until the till opens.
    till_rngs: Vec<SimRng>,
    pub(crate) preparers: Vec<Preparer>,
    pub(super) cook: Option<Cook>,
    pub(super) prep_rng: SimRng,
    pub(super) cook_rng: SimRng,
    pub(super) open: bool,
    next_order: u64,
    pub(crate) ledger: Ledger,
    pub(crate) counters: ShopCounters,
    notices: Vec<Notice<Order>>,
    /// The accountant's and analyst's groups and their topics: the run ends only once they
    /// have read every record.
    pub(crate) service_groups: Vec<(GroupId, Vec<TopicId>)>,
    /// Since when the preparers' lag has been above the scaling threshold.
    pub(super) lag_high_since: Option<SimTime>,
    /// Who each Kafka consumer (by id) is.
    owners: Vec<Option<Owner>>,
    pub(crate) out: &'a mut O,
    /// The names of the series sampled each `sample_every`, and who owns each orders
    /// partition (see `sampling.rs`).
    pub(super) series: super::sampling::SeriesState,
}

/// Half of a round-trip distribution, for each way of a connection. Halves round up, so a
/// mean of 1 ns (valid for a normal or lognormal) stays valid.
fn halve(d: &Distribution) -> Distribution {
    let h = |x: SimDuration| SimDuration::from_nanos(x.as_nanos().div_ceil(2));
    let spec = match *d.spec() {
        DistributionSpec::Constant(x) => DistributionSpec::Constant(h(x)),
        DistributionSpec::Uniform([a, b]) => DistributionSpec::Uniform([h(a), h(b)]),
        DistributionSpec::Exponential(x) => DistributionSpec::Exponential(h(x)),
        DistributionSpec::Normal(MeanSd { mean, sd }) => DistributionSpec::Normal(MeanSd {
            mean: h(mean),
            sd: h(sd),
        }),
        DistributionSpec::Lognormal(MeanSd { mean, sd }) => DistributionSpec::Lognormal(MeanSd {
            mean: h(mean),
            sd: h(sd),
        }),
    };
    Distribution::new(spec).expect("halving keeps a valid distribution valid")
}

impl<'a, O: RunOutputs> Shop<'a, O> {
    /// A shop for `scenario`; what it records goes to `out`. Call [`open`](Self::open) at
    /// time zero (through `Simulation::invoke`) to start it.
    pub fn new(scenario: &Scenario, seeds: &RngStreams, out: &'a mut O) -> Self {
        let mut kafka = KafkaCluster::new();
        let k = &scenario.kafka;
        let orders_topic = kafka
            .create_topic("orders", k.orders_partitions, false)
            .expect("validated: at least one partition");
        // `cook` and `ready` are co-partitioned with `orders`: an order keeps its partition
        // number all the way round, so with the range assignor it comes back to the preparer
        // that read it.
        let cook_topic = kafka
            .create_topic("cook", k.orders_partitions, false)
            .expect("validated: at least one partition");
        let ready_topic = kafka
            .create_topic("ready", k.orders_partitions, false)
            .expect("validated: at least one partition");
        let group_config = GroupConfig {
            protocol: k
                .protocol()
                .expect("validated: the assignor fits the protocol"),
            group_initial_rebalance_delay_ms: k.initial_rebalance_delay,
            consumer_heartbeat_interval_ms: k.heartbeat_interval(),
            consumer_session_timeout_ms: k.session_timeout(),
            ..GroupConfig::default()
        };
        let preparers_group = kafka
            .create_group("preparers", group_config.clone())
            .expect("a new group");
        let redis_latency = &scenario.cabinet.redis_latency;
        let mut redis = RedisModel::new(
            RedisConfig {
                // The scenario gives the round trip; each way takes half of it.
                request_latency: halve(redis_latency),
                reply_latency: halve(redis_latency),
                record_history: false,
            },
            seeds,
        );
        let cabinet = scenario.cabinet.enabled.then(|| {
            let keys = CabinetKeys {
                cod: redis.key(COD),
                chips: redis.key(CHIPS),
                plaice: redis.key(PLAICE),
            };
            let setup = redis.connect();
            let stock = scenario.cabinet.initial;
            for (key, n) in [
                (keys.cod, stock.cod),
                (keys.chips, stock.chips),
                (keys.plaice, stock.plaice),
            ] {
                let _ = redis.server_mut().execute(
                    setup,
                    Command::Set(key, n.to_string().into_bytes()),
                    SimTime::ZERO,
                );
            }
            keys
        });
        Shop {
            menu: Menu::new(&scenario.orders).expect("validated: shares are usable"),
            scenario: scenario.clone(),
            kafka,
            redis,
            cabinet,
            orders_topic,
            cook_topic,
            ready_topic,
            preparers_group,
            tills: Vec::new(),
            till_rngs: (1..=scenario.tills.count + u32::from(scenario.web.enabled))
                .map(|t| seeds.stream(&format!("till-{t}")))
                .collect(),
            preparers: Vec::new(),
            cook: None,
            prep_rng: seeds.stream("preparers"),
            cook_rng: seeds.stream("cook"),
            open: false,
            next_order: 1,
            ledger: Ledger::new(),
            counters: ShopCounters::default(),
            notices: Vec::new(),
            owners: Vec::new(),
            lag_high_since: None,
            service_groups: Vec::new(),
            out,
            series: super::sampling::SeriesState::new(scenario.kafka.orders_partitions),
        }
    }

    /// The consumer settings the shop's members share.
    pub(super) fn consumer_config(&self, topics: &[&str], client_id: String) -> ConsumerConfig {
        let k = &self.scenario.kafka;
        let mut c = ConsumerConfig::new(topics.iter().copied());
        c.client_id = Some(client_id);
        c.fetch_latency = k.fetch_latency.clone();
        c.max_poll_records = k.max_poll_records as usize;
        c.session_timeout_ms = Some(k.session_timeout());
        c.heartbeat_interval_ms = Some(k.heartbeat_interval());
        c.max_poll_interval_ms = k.max_poll_interval;
        c.auto_commit_interval_ms = k.auto_commit_interval;
        // Orders placed while the group forms must not be skipped, so the shop reads from the
        // start (Kafka's default, `latest`, would lose them).
        c.auto_offset_reset = AutoOffsetReset::Earliest;
        c
    }

    /// Opens the shop: preparers and the cook join their groups, tills start.
    pub fn open(&mut self, cx: &mut Context<ShopEvent>) {
        self.open = true;
        self.trace(cx.now(), TraceEvent::Open);
        let needs_cook = self.scenario.orders.plaice || self.cabinet.is_some();
        for _ in 0..self.scenario.preparers.count {
            self.add_preparer(cx);
        }
        for fault in self.scenario.faults.clone() {
            let at = SimTime::ZERO + fault.at;
            let _ = cx.schedule_at(at.max(cx.now()), ShopEvent::from_fault(&fault));
        }
        if needs_cook {
            let group = self
                .kafka
                .create_group("cook", GroupConfig::default())
                .expect("a new group");
            let config = self.consumer_config(&["cook"], "cook".into());
            let consumer = self.kafka.join(cx, group, config).expect("group exists");
            self.set_owner(consumer, Owner::Cook);
            self.kafka.poll(cx, consumer).expect("just joined");
            let producer = self.kafka.add_producer(cx, ProducerConfig::new("cook"));
            self.cook = Some(Cook {
                producer,
                redis: self.cabinet.map(|_| self.redis.connect()),
                waiting: VecDeque::new(),
                looking: VecDeque::new(),
                topping_up: Portions::default(),
                batches_for: Vec::new(),
                in_baskets: Vec::new(),
                returns: BTreeMap::new(),
                frying: 0,
                batches: 0,
            });
        }
        let k = &self.scenario.kafka;
        let partitioner = match k.partitioner {
            TillPartitioner::RoundRobin => PartitionerKind::RoundRobin,
            _ => PartitionerKind::Default,
        };
        for (t, rng) in self.till_rngs.drain(..).enumerate() {
            let mut pc = ProducerConfig::new(format!("till-{}", t + 1));
            pc.linger_ms = k.linger;
            pc.produce_latency = k.produce_latency.clone();
            pc.partitioner = partitioner;
            let producer = self.kafka.add_producer(cx, pc);
            let web = &self.scenario.web;
            let profile = if web.enabled && t as u32 == self.scenario.tills.count {
                web.rate_profile()
            } else {
                self.scenario.tills.rate_profile()
            };
            self.tills.push(Till {
                producer,
                rng,
                profile: profile.map(|p| (p, OperationalClock::default())),
            });
        }
        for (enabled, name, topics, owner) in [
            (
                self.scenario.accountant.enabled,
                "accountant",
                &["orders"][..],
                Owner::Accountant,
            ),
            (
                self.scenario.analyst.enabled,
                "analyst",
                &["orders", "cook"][..],
                Owner::Analyst,
            ),
        ] {
            if enabled {
                let group = self
                    .kafka
                    .create_group(name, GroupConfig::default())
                    .expect("a new group");
                let topic_ids = topics
                    .iter()
                    .map(|t| self.kafka.topic_id(t).expect("created"))
                    .collect();
                self.service_groups.push((group, topic_ids));
                let mut config = self.consumer_config(topics, name.to_string());
                // These services do no work per record, so they take whole batches.
                config.max_poll_records = 500;
                let consumer = self.kafka.join(cx, group, config).expect("group exists");
                self.set_owner(consumer, owner);
                self.kafka.poll(cx, consumer).expect("just joined");
            }
        }
        for till in 1..=self.tills.len() as u32 {
            self.schedule_till(cx, till);
        }
        cx.schedule_now(ShopEvent::Sample);
        if let (Some(every), Some(_)) = (self.scenario.cook.top_up_every, self.cabinet) {
            cx.schedule_after(every, ShopEvent::TopUp);
        }
        let close_at = SimTime::ZERO + self.scenario.shop.open_for;
        let _ = cx.schedule_at(close_at.max(cx.now()), ShopEvent::Close);
    }

    pub(super) fn set_owner(&mut self, consumer: crate::kafka_model::ConsumerId, owner: Owner) {
        let i = consumer.0 as usize;
        if self.owners.len() <= i {
            self.owners.resize(i + 1, None);
        }
        self.owners[i] = Some(owner);
    }

    pub(super) fn owner(&self, consumer: crate::kafka_model::ConsumerId) -> Option<Owner> {
        self.owners.get(consumer.0 as usize).copied().flatten()
    }

    /// Whether `till` is the web's.
    fn is_web(&self, till: u32) -> bool {
        self.scenario.web.enabled && till == self.scenario.tills.count + 1
    }

    fn schedule_till(&mut self, cx: &mut Context<ShopEvent>, till: u32) {
        let interarrival = if self.is_web(till) {
            &self.scenario.web.interarrival
        } else {
            &self.scenario.tills.interarrival
        };
        let t = &mut self.tills[till as usize - 1];
        let gap = interarrival.sample(&mut t.rng);
        match &mut t.profile {
            None => {
                cx.schedule_after(gap, ShopEvent::TillOrder { till });
            }
            // A profile whose rate stays 0 from some time on sends no more orders.
            Some((profile, clock)) => {
                if let Some(at) = clock.next_arrival(profile, gap) {
                    let _ = cx.schedule_at(at.max(cx.now()), ShopEvent::TillOrder { till });
                }
            }
        }
    }

    fn take_order(&mut self, cx: &mut Context<ShopEvent>, till: u32) {
        if !self.open {
            return;
        }
        let id = self.next_order;
        self.next_order += 1;
        let is_web = self.is_web(till);
        let t = &mut self.tills[till as usize - 1];
        let (first, second) = self.menu.draw(&mut t.rng);
        let order = Order::new(id, till, first, second);
        self.ledger.placed(order, cx.now());
        if self.out.tracing() {
            let placed = TraceEvent::OrderPlaced {
                order: &order,
                web: is_web,
            };
            self.out.trace(cx.now(), &placed);
        }
        if is_web {
            let web = &self.scenario.web;
            let travel = web.travel_time.sample(&mut t.rng);
            let no_show = rand::Rng::random_bool(&mut t.rng, web.no_show);
            // A travel time past the end of time arrives at its end: never, within the run.
            let arrives = (!no_show).then(|| cx.now().checked_add(travel).unwrap_or(SimTime::MAX));
            self.ledger.web(id, arrives);
        }
        let producer = t.producer;
        let partitions = self.scenario.kafka.orders_partitions;
        let key_text;
        let (key, partition) = match self.scenario.kafka.partitioner {
            TillPartitioner::Till => (None, Some((till - 1) % partitions)),
            TillPartitioner::Key => {
                key_text = id.to_string();
                (Some(key_text.as_bytes()), None)
            }
            TillPartitioner::Sticky | TillPartitioner::RoundRobin => (None, None),
        };
        self.kafka
            .send(cx, producer, self.orders_topic, key, partition, order)
            .expect("topic and partition exist");
        self.schedule_till(cx, till);
    }

    /// Acts on what the Kafka model reported, and on what acting on it made it report (a poll
    /// that finds records at once). Inline: most events leave no notices.
    #[inline]
    fn handle_notices(&mut self, cx: &mut Context<ShopEvent>) {
        loop {
            self.kafka.drain_notices_into(&mut self.notices);
            if self.notices.is_empty() {
                return;
            }
            self.act_on_notices(cx);
        }
    }

    /// Acts on the notices in `self.notices`, and empties it.
    fn act_on_notices(&mut self, cx: &mut Context<ShopEvent>) {
        let mut notices = std::mem::take(&mut self.notices);
        let mut rebalanced = false;
        for notice in notices.drain(..) {
            if self.out.tracing() {
                self.trace_notice(cx.now(), &notice);
            }
            match notice {
                Notice::Acked { tp, offset, .. } if tp.topic == self.orders_topic => {
                    // The order id is not in the ack; the ledger learns partition and offset
                    // when a preparer reads the record.
                    let _ = offset;
                }
                Notice::Record(d) => {
                    if let Some(Owner::Preparer(i)) = self.owner(d.consumer) {
                        let (order, source) = if d.tp.topic == self.ready_topic {
                            (d.value, Source::Cook)
                        } else {
                            let logged = Logged {
                                placed: d.timestamp,
                                partition: d.tp.partition,
                                offset: d.offset,
                            };
                            let source = Source::Till {
                                partition: d.tp.partition,
                                offset: d.offset,
                                redelivered: d.redelivered,
                            };
                            (d.value.read_at(logged), source)
                        };
                        self.preparers[i].inbox.push_back((order, source));
                    } else {
                        self.service_record(cx, d);
                    }
                }
                Notice::PollReturned { consumer, .. } => match self.owner(consumer) {
                    Some(Owner::Preparer(i)) => {
                        let p = &self.preparers[i];
                        if p.active() && p.consumer == consumer && p.doing == Doing::Polling {
                            self.next_record(cx, i);
                        }
                    }
                    Some(Owner::Cook) => {
                        self.cook_start(cx);
                        let _ = self.kafka.poll(cx, consumer);
                    }
                    Some(Owner::Accountant | Owner::Analyst) => {
                        let _ = self.kafka.poll(cx, consumer);
                    }
                    None => {}
                },
                Notice::Assigned {
                    consumer,
                    partitions,
                } => {
                    if let Some(Owner::Preparer(i)) = self.owner(consumer) {
                        rebalanced = true;
                        self.owners_changed(cx.now(), i, consumer, &partitions, true);
                    }
                }
                Notice::Revoked {
                    consumer,
                    partitions,
                } => {
                    if let Some(Owner::Preparer(i)) = self.owner(consumer) {
                        rebalanced = true;
                        self.owners_changed(cx.now(), i, consumer, &partitions, false);
                    }
                }
                Notice::RebalanceStarted {
                    group,
                    generation,
                    at,
                } if group == self.preparers_group => {
                    rebalanced = true;
                    let kind = self.rebalance_kind();
                    self.out
                        .point(at, &format!("rebalance_start:{generation}"), kind);
                }
                Notice::RebalanceEnded {
                    group,
                    generation,
                    at,
                } if group == self.preparers_group => {
                    rebalanced = true;
                    let kind = self.rebalance_kind();
                    self.out
                        .point(at, &format!("rebalance_end:{generation}"), kind);
                }
                _ => {}
            }
        }
        self.notices = notices;
        if rebalanced {
            for i in 0..self.preparers.len() {
                self.track_time(i, cx.now());
            }
        }
    }

    /// How the preparers' group rebalances, as the value of its `rebalance_start` and
    /// `rebalance_end` points: 0 stop-the-world (eager, every member pauses), 1 cooperative
    /// (classic, only moved partitions pause), 2 a consumer-protocol epoch (only the members
    /// whose partitions move pause).
    fn rebalance_kind(&self) -> i64 {
        match self.scenario.kafka.protocol() {
            Ok(GroupProtocol::Consumer(_)) => 2,
            Ok(p) if p.is_incremental() => 1,
            _ => 0,
        }
    }

    /// Shows a Kafka notice to the trace.
    fn trace_notice(&mut self, now: SimTime, notice: &Notice<Order>) {
        match notice {
            Notice::Acked {
                producer,
                tp,
                offset: Some(offset),
                ..
            } => {
                let Some(member) = self.producer_member(*producer) else {
                    return;
                };
                let order = self
                    .kafka
                    .topic(tp.topic)
                    .and_then(|t| t.log(tp.partition))
                    .and_then(|log| log.get(*offset))
                    .map_or(0, |r| r.value.id);
                let event = TraceEvent::Produced {
                    order,
                    producer: member,
                    topic: topic_name(&self.kafka, tp.topic),
                    partition: tp.partition,
                    offset: *offset,
                };
                self.out.trace(now, &event);
            }
            Notice::Record(d) => {
                let Some(member) = self.member(d.consumer) else {
                    return;
                };
                let event = TraceEvent::Consumed {
                    order: d.value.id,
                    member,
                    topic: topic_name(&self.kafka, d.tp.topic),
                    partition: d.tp.partition,
                    offset: d.offset,
                    redelivered: d.redelivered,
                };
                self.out.trace(now, &event);
            }
            Notice::Assigned {
                consumer,
                partitions: tps,
            }
            | Notice::Revoked {
                consumer,
                partitions: tps,
            } => {
                let Some(member) = self.member(*consumer) else {
                    return;
                };
                let group = group_of(&self.kafka, *consumer);
                let partitions = partition_names(&self.kafka, tps);
                let event = if matches!(notice, Notice::Assigned { .. }) {
                    TraceEvent::Assigned {
                        group,
                        member,
                        partitions: &partitions,
                    }
                } else {
                    TraceEvent::Revoked {
                        group,
                        member,
                        partitions: &partitions,
                    }
                };
                self.out.trace(now, &event);
            }
            Notice::RebalanceStarted {
                group, generation, ..
            }
            | Notice::RebalanceEnded {
                group, generation, ..
            } => {
                let name = self.kafka.group_name(*group).unwrap_or("?");
                let event = if matches!(notice, Notice::RebalanceStarted { .. }) {
                    TraceEvent::RebalanceStart {
                        group: name,
                        generation: *generation,
                    }
                } else {
                    TraceEvent::RebalanceEnd {
                        group: name,
                        generation: *generation,
                    }
                };
                self.out.trace(now, &event);
            }
            Notice::MemberRemoved {
                group,
                consumer,
                reason,
            } => {
                let Some(member) = self.member(*consumer) else {
                    return;
                };
                let event = TraceEvent::MemberRemoved {
                    group: self.kafka.group_name(*group).unwrap_or("?"),
                    member,
                    reason: match reason {
                        RemovalReason::Leave => "leave",
                        RemovalReason::SessionTimeout => "session_timeout",
                        RemovalReason::PollTimeout => "poll_timeout",
                        RemovalReason::RebalanceTimeout => "rebalance_timeout",
                    },
                };
                self.out.trace(now, &event);
            }
            Notice::Acked { offset: None, .. } | Notice::PollReturned { .. } => {}
        }
    }

    /// Who a Kafka consumer is, as the trace names it.
    fn member(&self, consumer: crate::kafka_model::ConsumerId) -> Option<Member> {
        Some(match self.owner(consumer)? {
            Owner::Preparer(i) => Member::Preparer(self.preparers[i].id),
            Owner::Cook => Member::Cook,
            Owner::Accountant => Member::Accountant,
            Owner::Analyst => Member::Analyst,
        })
    }

    /// Who a Kafka producer is, as the trace names it.
    fn producer_member(&self, producer: ProducerId) -> Option<Member> {
        if let Some(t) = self.tills.iter().position(|t| t.producer == producer) {
            return Some(Member::Till(t as u32 + 1));
        }
        if let Some(p) = self.preparers.iter().find(|p| p.producer == producer) {
            return Some(Member::Preparer(p.id));
        }
        self.cook
            .as_ref()
            .filter(|c| c.producer == producer)
            .map(|_| Member::Cook)
    }

    /// Who a Redis client is, as the trace names it.
    pub(super) fn redis_member(&self, client: crate::redis_model::ClientId) -> Member {
        match self.preparers.iter().find(|p| p.redis == Some(client)) {
            Some(p) => Member::Preparer(p.id),
            None => Member::Cook,
        }
    }

    /// Shows `event` to the trace, if one is being written.
    #[inline]
    pub(super) fn trace(&mut self, now: SimTime, event: TraceEvent<'_>) {
        if self.out.tracing() {
            self.out.trace(now, &event);
        }
    }

    /// A record for the cook, the accountant or the analyst.
    fn service_record(&mut self, cx: &Context<ShopEvent>, d: crate::kafka_model::Delivery<Order>) {
        match self.owner(d.consumer) {
            Some(Owner::Cook) => {
                if let Some(cook) = &mut self.cook {
                    cook.returns.insert(d.value.id, d.tp.partition);
                    cook.waiting.push_back(d.value);
                }
            }
            Some(Owner::Accountant) => self.counters.accountant_pence += d.value.price_pence(),
            Some(Owner::Analyst) if d.tp.topic == self.orders_topic => {
                self.counters.till_messages += 1;
                let order = d.value;
                self.out.indexed(&AnalystDoc {
                    order: order.id,
                    till: order.till,
                    items: order.items_text(),
                    count: order.lines().map(|l| u32::from(l.count)).sum(),
                    price_pence: order.price_pence(),
                    placed_s: d.timestamp.as_secs_f64(),
                    indexed_s: cx.now().as_secs_f64(),
                    partition: d.tp.partition,
                    offset: d.offset,
                });
            }
            Some(Owner::Analyst) => self.counters.cook_messages += 1,
            Some(Owner::Preparer(_)) | None => {}
        }
    }

    /// Sends `c` on Redis connection `client`; the reply comes back tagged with `tag`.
    pub(super) fn send_redis(
        &mut self,
        cx: &mut Context<ShopEvent>,
        client: crate::redis_model::ClientId,
        tag: u64,
        c: Command,
    ) {
        if self.out.tracing() {
            let event = TraceEvent::RedisCommand {
                member: self.redis_member(client),
                command: &c,
                store: self.redis.store(),
            };
            self.out.trace(cx.now(), &event);
        }
        self.redis
            .send(cx, client, tag, c)
            .expect("the client is connected");
    }

    /// Whether the tills have closed and every order is done.
    pub(crate) fn drained(&self) -> bool {
        !self.open && self.ledger.in_flight_count() == 0 && self.unread_by_services().is_none()
    }

    /// A service group that has not yet read every record of its topics, if any.
    pub(crate) fn unread_by_services(&self) -> Option<(GroupId, u64, u64)> {
        self.service_groups.iter().find_map(|(group, topics)| {
            let produced: u64 = topics.iter().map(|&t| self.kafka.records_produced(t)).sum();
            let delivered = self.kafka.delivered(*group);
            (delivered < produced).then_some((*group, delivered, produced))
        })
    }
}

impl<O: RunOutputs> Model for Shop<'_, O> {
    type Event = ShopEvent;

    fn handle(&mut self, event: ShopEvent, cx: &mut Context<ShopEvent>) {
        match event {
            ShopEvent::Kafka(e) => self.kafka.handle(e, cx),
            ShopEvent::Redis(e) => {
                if let Some(d) = self.redis.handle(e, cx) {
                    if self.out.tracing() {
                        let event = TraceEvent::RedisReply {
                            member: self.redis_member(d.client),
                            reply: &d.reply,
                        };
                        self.out.trace(cx.now(), &event);
                    }
                    self.redis_reply(cx, d);
                }
            }
            ShopEvent::Open => self.open(cx),
            ShopEvent::TillOrder { till } => self.take_order(cx, till),
            ShopEvent::Close => {
                self.open = false;
                self.trace(cx.now(), TraceEvent::Close);
            }
            ShopEvent::Made { preparer, epoch } => self.made(cx, preparer, epoch),
            ShopEvent::Crash { preparer } => self.crash(cx, preparer),
            ShopEvent::Restart { preparer } => self.restart(cx, preparer),
            ShopEvent::Stall { preparer, for_ms } => self.stall(cx, preparer, for_ms),
            ShopEvent::Resume { preparer } => self.resume(cx, preparer),
            ShopEvent::Leave { preparer } => self.leave(cx, preparer),
            ShopEvent::AddPreparer => {
                self.add_preparer(cx);
                self.counters.preparers_added += 1;
            }
            ShopEvent::Fried { order } => self.fried(cx, order),
            ShopEvent::Sample => self.sample(cx),
            ShopEvent::TopUp => self.top_up(cx),
            ShopEvent::ToppedUp { batch } => self.topped_up(cx, batch),
        }
        self.handle_notices(cx);
        if self.drained() {
            cx.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ShopEvent;

    #[test]
    fn shop_events_stay_small() {
        // Every event sits in the queue's binary heap, which moves it on each push and pop;
        // growing it from 16 to 32 bytes cost the demo3 benchmark a fifth of its speed.
        assert!(std::mem::size_of::<ShopEvent>() <= 16);
    }
}
