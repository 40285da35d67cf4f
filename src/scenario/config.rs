//! The scenario: every key a scenario file may set, with its default.
//!
//! A file only says what differs from these defaults; the defaults are the original demo's
//! numbers (design.md). Unknown keys are errors, never ignored.

use serde::{Deserialize, Serialize};

use super::overrides::Overrides;
use crate::engine::{
    Distribution, DistributionSpec, ProfileShape, RatePoint, RateProfile, SimDuration,
};
use crate::kafka_model::{GroupProtocol, KafkaError};

fn uniform(low_ms: u64, high_ms: u64) -> Distribution {
    Distribution::new(DistributionSpec::Uniform([
        SimDuration::from_millis(low_ms),
        SimDuration::from_millis(high_ms),
    ]))
    .expect("defaults have low <= high")
}

/// A whole scenario.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// Name, opening hours and seed.
    pub shop: ShopConfig,
    /// What customers order.
    pub orders: OrdersConfig,
    /// The tills that take orders.
    pub tills: TillsConfig,
    /// The preparers who make orders up.
    pub preparers: PreparersConfig,
    /// The cook who fries to order (demo4) or tops up the hot cabinet.
    pub cook: CookConfig,
    /// The hot cabinet kept in Redis.
    pub cabinet: CabinetConfig,
    /// The Kafka topics and clients.
    pub kafka: KafkaConfig,
    /// Scheduled faults: `[[faults]]` tables.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<FaultConfig>,
    /// The accountant: its own consumer group on `orders`, adding up revenue.
    pub accountant: Toggle,
    /// The analyst: its own consumer group on `orders` and `cook`, indexing orders for search.
    pub analyst: Toggle,
    /// Web customers who order ahead and come later (or never).
    pub web: WebConfig,
    /// Adding preparers when lag stays high, removing idle ones.
    pub scaling: ScalingConfig,
}

/// `[scaling]`: preparers added while the group's lag stays high, removed when idle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScalingConfig {
    /// Whether the shop scales its preparers.
    pub enabled: bool,
    /// Add a preparer when the preparers' total lag stays above this many orders...
    pub lag_above: u64,
    /// ...for this long (and again after as long once more).
    pub sustained: SimDuration,
    /// Never more preparers than this.
    pub max_preparers: u32,
    /// Remove a preparer (above `preparers.count`) that has made nothing for this long.
    pub idle_after: SimDuration,
}

impl Default for ScalingConfig {
    fn default() -> Self {
        ScalingConfig {
            enabled: false,
            lag_above: 10,
            sustained: SimDuration::from_secs(30),
            max_preparers: 6,
            idle_after: SimDuration::from_secs(60),
        }
    }
}

/// `[web]`: orders placed online; the customer travels to the shop, and some never come.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebConfig {
    /// Whether web orders come in (through one more till, numbered after the shop's tills).
    pub enabled: bool,
    /// Time between two web orders.
    pub interarrival: Distribution,
    /// How the rate of web orders changes over the evening (empty: it does not).
    pub profile: Vec<RatePoint>,
    /// Steps or straight lines between the profile's points.
    pub profile_shape: ProfileShape,
    /// From ordering to arriving at the counter.
    pub travel_time: Distribution,
    /// Chance that a web customer never comes: their food is wasted.
    pub no_show: f64,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            enabled: false,
            interarrival: Distribution::new(DistributionSpec::Exponential(SimDuration::from_secs(
                5,
            )))
            .expect("a positive mean"),
            profile: Vec::new(),
            profile_shape: ProfileShape::Stepwise,
            travel_time: uniform(300_000, 900_000),
            no_show: 0.05,
        }
    }
}

/// A service that is on or off: `[accountant] enabled = true`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Toggle {
    /// Whether the service runs.
    pub enabled: bool,
}

/// `[[faults]]`: something happens to a preparer at a time: it crashes, stalls (stops
/// polling for a while) or leaves cleanly; a crashed or departed preparer may come back.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultConfig {
    /// The preparer to crash (from 1): it stops at once, commits nothing more, and the group
    /// notices when its session times out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crash: Option<u32>,
    /// The preparer that stops polling for `for` (a jammed fryer): past
    /// `max.poll.interval.ms` it leaves the group, and it rejoins when it polls again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stall: Option<u32>,
    /// The preparer that shuts down cleanly (commits and leaves the group; a static member
    /// keeps its place until its session times out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leave: Option<u32>,
    /// The crashed or departed preparer to bring back (from 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart: Option<u32>,
    /// Whether one more preparer joins (numbered after the others).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub add_preparer: bool,
    /// When, after opening.
    pub at: SimDuration,
    /// With `stall`: how long the preparer stops polling.
    #[serde(default, rename = "for", skip_serializing_if = "Option::is_none")]
    pub stall_for: Option<SimDuration>,
    /// With `crash` or `leave`: the preparer comes back this long after (a new process; a
    /// static member with its old `group.instance.id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_after: Option<SimDuration>,
}

/// What a fault does, and to which preparer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// The preparer crashes.
    Crash(u32),
    /// The preparer stops polling for this long.
    Stall(u32, SimDuration),
    /// The preparer shuts down cleanly.
    Leave(u32),
    /// The crashed or departed preparer comes back.
    Restart(u32),
    /// One more preparer joins.
    AddPreparer,
}

impl FaultConfig {
    /// What the fault does (a validated fault names exactly one preparer).
    pub fn kind(&self) -> Option<FaultKind> {
        let f = self;
        match (f.crash, f.stall, f.leave, f.restart, f.add_preparer) {
            (Some(p), None, None, None, false) => Some(FaultKind::Crash(p)),
            (None, Some(p), None, None, false) => Some(FaultKind::Stall(p, self.stall_for?)),
            (None, None, Some(p), None, false) => Some(FaultKind::Leave(p)),
            (None, None, None, Some(p), false) => Some(FaultKind::Restart(p)),
            (None, None, None, None, true) => Some(FaultKind::AddPreparer),
            _ => None,
        }
    }

    /// A crash of `preparer` at `at`.
    pub fn crash(preparer: u32, at: SimDuration) -> FaultConfig {
        FaultConfig {
            crash: Some(preparer),
            at,
            ..FaultConfig::default()
        }
    }

    /// A stall of `preparer` for `stall_for`, at `at`.
    pub fn stall(preparer: u32, stall_for: SimDuration, at: SimDuration) -> FaultConfig {
        FaultConfig {
            stall: Some(preparer),
            stall_for: Some(stall_for),
            at,
            ..FaultConfig::default()
        }
    }

    /// A restart of crashed or departed `preparer` at `at`.
    pub fn restart(preparer: u32, at: SimDuration) -> FaultConfig {
        FaultConfig {
            restart: Some(preparer),
            at,
            ..FaultConfig::default()
        }
    }

    /// One more preparer at `at`.
    pub fn add_preparer(at: SimDuration) -> FaultConfig {
        FaultConfig {
            add_preparer: true,
            at,
            ..FaultConfig::default()
        }
    }

    /// The preparer it happens to.
    pub fn preparer(&self) -> Option<u32> {
        self.crash.or(self.stall).or(self.leave).or(self.restart)
    }
}

/// Reads a seed from a TOML integer (0 to 2^63 - 1) or a string of digits (0 to 2^64 - 1), so
/// that a file takes every seed `--seed` does.
fn seed<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    use serde::de::{Error, Unexpected, Visitor};
    struct Seed;
    impl Visitor<'_> for Seed {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(
                f,
                "a whole number from 0 to {} (above {} as a string)",
                u64::MAX,
                i64::MAX
            )
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<u64, E> {
            Ok(v)
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<u64, E> {
            u64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<u64, E> {
            let digits = v.trim();
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(E::invalid_value(Unexpected::Str(v), &self));
            }
            digits
                .parse()
                .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
        }
    }
    d.deserialize_any(Seed)
}

/// Writes a seed the way [`seed`] reads it: an integer where TOML's integers hold it, else a
/// string of digits.
fn write_seed<S: serde::Serializer>(seed: &u64, s: S) -> Result<S::Ok, S::Error> {
    match i64::try_from(*seed) {
        Ok(v) => s.serialize_i64(v),
        Err(_) => s.serialize_str(&seed.to_string()),
    }
}

/// `[shop]`: name, opening hours and seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShopConfig {
    /// The scenario's name, written into every output.
    pub name: String,
    /// How long the tills take orders; then the run drains.
    pub open_for: SimDuration,
    /// The master seed (`--seed` overrides): a TOML integer, or a string above 2^63 - 1,
    /// which TOML's integers cannot hold.
    #[serde(deserialize_with = "seed", serialize_with = "write_seed")]
    pub seed: u64,
    /// How often lag and stock are sampled for charts.
    pub sample_every: SimDuration,
    /// The command-line switches this scenario was made with from the one it is named after
    /// (`chipshop run` writes them into the run's resolved scenario.toml; summary.json and the
    /// charts' corner name them). A file written by hand leaves them out.
    #[serde(skip_serializing_if = "Overrides::is_empty")]
    pub overrides: Overrides,
}

impl Default for ShopConfig {
    fn default() -> Self {
        ShopConfig {
            name: "custom".into(),
            open_for: SimDuration::from_secs(600),
            seed: 1,
            sample_every: SimDuration::from_secs(1),
            overrides: Overrides::default(),
        }
    }
}

/// How orders are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MenuKind {
    /// The talk's die roll: 6 (with plaice on) cod & chips + plaice & chips, 5 cod & chips +
    /// large chips, 4 chips, else cod & chips.
    Dice,
    /// Items drawn by the shares in `[orders.mix]`.
    Mix,
}

/// `[orders]`: what customers order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrdersConfig {
    /// `"dice"` or `"mix"`.
    pub menu: MenuKind,
    /// Whether plaice is on the menu.
    pub plaice: bool,
    /// The share of orders that contain plaice, on either menu (`None`: the menu's own, 1/6
    /// on the die, the mix's plaice share on the mix). `--plaice-share` sets it.
    pub plaice_share: Option<f64>,
    /// Shares of each item, for `menu = "mix"`.
    pub mix: MixConfig,
}

impl Default for OrdersConfig {
    fn default() -> Self {
        OrdersConfig {
            menu: MenuKind::Dice,
            plaice: false,
            plaice_share: None,
            mix: MixConfig::default(),
        }
    }
}

/// `[orders.mix]`: relative shares of each item in an order, and how often a portion repeats.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MixConfig {
    /// Share of cod (with chips).
    pub cod: f64,
    /// Share of chips.
    pub chips: f64,
    /// Share of large chips.
    pub large_chips: f64,
    /// Share of plaice (with chips), with plaice on and no `plaice_share`.
    pub plaice: f64,
    /// Share of pie.
    pub pie: f64,
    /// Chance that an order has a second portion of its item.
    pub extra_portion: f64,
}

impl Default for MixConfig {
    fn default() -> Self {
        MixConfig {
            cod: 0.5,
            chips: 0.2,
            large_chips: 0.1,
            plaice: 0.15,
            pie: 0.05,
            extra_portion: 0.2,
        }
    }
}

/// `[tills]`: how many tills and how often each takes an order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TillsConfig {
    /// Number of tills.
    pub count: u32,
    /// Time between two orders at one till.
    pub interarrival: Distribution,
    /// How the rate of orders changes over the evening: a multiplier of the rate that
    /// `interarrival` gives (empty: it does not change).
    pub profile: Vec<RatePoint>,
    /// Steps or straight lines between the profile's points.
    pub profile_shape: ProfileShape,
}

impl Default for TillsConfig {
    fn default() -> Self {
        TillsConfig {
            count: 1,
            interarrival: uniform(1000, 1500),
            profile: Vec::new(),
            profile_shape: ProfileShape::Stepwise,
        }
    }
}

/// The rate profile of `points` (`None`: no profile, or one that validation refuses).
fn rate_profile(points: &[RatePoint], shape: ProfileShape) -> Option<RateProfile> {
    if points.is_empty() {
        return None;
    }
    RateProfile::new(points, shape).ok()
}

impl TillsConfig {
    /// The tills' rate profile, if they have one.
    pub fn rate_profile(&self) -> Option<RateProfile> {
        rate_profile(&self.profile, self.profile_shape)
    }
}

impl WebConfig {
    /// The web's rate profile, if it has one.
    pub fn rate_profile(&self) -> Option<RateProfile> {
        rate_profile(&self.profile, self.profile_shape)
    }
}

/// `[preparers]`: how many preparers and how long an order takes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PreparersConfig {
    /// Number of preparers (members of one consumer group on `orders`).
    pub count: u32,
    /// Time to make up one order.
    pub prep_time: Distribution,
    /// Whether a preparer remembers done orders in Redis (`SET done:<id>`) and skips a
    /// redelivered order it finds there, instead of making it twice.
    pub idempotent: bool,
    /// Static membership (KIP-345): preparer N joins with `group.instance.id` `preparer-N`,
    /// so a restart within the session timeout gets its partitions back without a rebalance.
    #[serde(rename = "static")]
    pub static_members: bool,
}

impl Default for PreparersConfig {
    fn default() -> Self {
        PreparersConfig {
            count: 1,
            prep_time: uniform(500, 1000),
            idempotent: false,
            static_members: false,
        }
    }
}

/// `[cook]`: the fryer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CookConfig {
    /// Time to fry one batch or one order.
    pub fry_time: Distribution,
    /// Fryer baskets: how many batches fry at once.
    pub baskets: u32,
    /// With a hot cabinet: this often while the shop is open, the cook looks at the cabinet and,
    /// if a basket is free, fries one batch (`cabinet.batch`) of every item with less than a
    /// batch left (counting earlier top-ups still in the fryer) into the cabinet.
    pub top_up_every: Option<SimDuration>,
}

impl Default for CookConfig {
    fn default() -> Self {
        CookConfig {
            fry_time: uniform(3000, 3200),
            baskets: 1,
            top_up_every: None,
        }
    }
}

/// How a preparer takes portions from the hot cabinet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TakeMode {
    /// One atomic script: take every portion or none.
    Script,
    /// WATCH the counters, GET them, then MULTI/DECRBY/EXEC; retry when EXEC aborts.
    Watch,
    /// GET the counters, then DECRBY: not atomic, so two preparers can oversell.
    CheckThenTake,
}

/// `[cabinet]`: the hot cabinet, a counter store in Redis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CabinetConfig {
    /// Whether the shop has a hot cabinet.
    pub enabled: bool,
    /// How preparers take portions: `"script"`, `"watch"` or `"check_then_take"`.
    pub take: TakeMode,
    /// Portions in the cabinet when the shop opens.
    pub initial: Stock,
    /// The cook fries cod and chips in batches of this many portions; plaice for an order is
    /// fried to order, and in batches of `plaice` only on the top-up timer.
    pub batch: Stock,
    /// Round trip of one Redis command.
    pub redis_latency: Distribution,
}

impl Default for CabinetConfig {
    fn default() -> Self {
        CabinetConfig {
            enabled: false,
            take: TakeMode::Script,
            initial: Stock {
                cod: 10,
                chips: 20,
                plaice: 0,
            },
            batch: Stock {
                cod: 10,
                chips: 20,
                plaice: 0,
            },
            redis_latency: Distribution::constant(SimDuration::from_micros(500)),
        }
    }
}

/// Portions of each item that the cabinet holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Stock {
    /// Portions of cod.
    pub cod: u32,
    /// Portions of chips.
    pub chips: u32,
    /// Portions of plaice.
    pub plaice: u32,
}

/// How a till chooses the partition of its orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TillPartitioner {
    /// Partition = till − 1 (the talk's choice).
    Till,
    /// Kafka's murmur2 of the order id.
    Key,
    /// Kafka's uniform sticky partitioner (null key).
    Sticky,
    /// One partition after another.
    RoundRobin,
}

/// `group.protocol`: how the preparers' group rebalances.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupProtocolKind {
    /// The classic protocol: JoinGroup / SyncGroup rounds, client-side assignors.
    #[default]
    Classic,
    /// The consumer protocol of KIP-848 (Kafka 4.x): server-side assignors, members reconcile
    /// one heartbeat at a time.
    Consumer,
}

impl GroupProtocolKind {
    /// The name in scenario files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            GroupProtocolKind::Classic => "classic",
            GroupProtocolKind::Consumer => "consumer",
        }
    }
}

/// The consumer-group assignor: client-side (classic protocol) or server-side (consumer
/// protocol; `range` is both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignorKind {
    /// Kafka's RangeAssignor (classic) or server-side range assignor (consumer).
    Range,
    /// Kafka's RoundRobinAssignor (classic).
    RoundRobin,
    /// Kafka's CooperativeStickyAssignor (classic).
    CooperativeSticky,
    /// Kafka's server-side uniform assignor (consumer).
    Uniform,
}

impl AssignorKind {
    /// The name in scenario files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            AssignorKind::Range => "range",
            AssignorKind::RoundRobin => "round_robin",
            AssignorKind::CooperativeSticky => "cooperative_sticky",
            AssignorKind::Uniform => "uniform",
        }
    }
}

/// `[kafka]`: topics and clients, with Kafka's names where Kafka has one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KafkaConfig {
    /// Partitions of the `orders` topic.
    pub orders_partitions: u32,
    /// How tills choose a partition.
    pub partitioner: TillPartitioner,
    /// `group.protocol` of the preparers' group.
    pub group_protocol: GroupProtocolKind,
    /// The preparers' assignor; left out, the protocol's default (`range` with classic,
    /// `uniform` with consumer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignor: Option<AssignorKind>,
    /// Time from `send` to the record being in the log.
    pub produce_latency: Distribution,
    /// Time for a fetch to bring records to a consumer.
    pub fetch_latency: Distribution,
    /// `linger.ms`.
    pub linger: SimDuration,
    /// `max.poll.records` for the shop's consumers. Default 1, not Kafka's 500: the talk's
    /// services call `consumer.poll()`, which hands over one message at a time, and a preparer
    /// holding 500 orders would commit none of them for minutes.
    pub max_poll_records: u32,
    /// `session.timeout.ms` (classic) or the broker's `group.consumer.session.timeout.ms`
    /// (consumer); left out, 45 s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_timeout: Option<SimDuration>,
    /// `heartbeat.interval.ms` (classic) or the broker's
    /// `group.consumer.heartbeat.interval.ms` (consumer); left out, 3 s or 5 s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heartbeat_interval: Option<SimDuration>,
    /// `max.poll.interval.ms`: a preparer that does not poll for this long leaves the group.
    pub max_poll_interval: SimDuration,
    /// `auto.commit.interval.ms`.
    pub auto_commit_interval: SimDuration,
    /// `group.initial.rebalance.delay.ms`.
    pub initial_rebalance_delay: SimDuration,
}

impl Default for KafkaConfig {
    fn default() -> Self {
        KafkaConfig {
            orders_partitions: 1,
            partitioner: TillPartitioner::Till,
            group_protocol: GroupProtocolKind::Classic,
            assignor: None,
            produce_latency: Distribution::constant(SimDuration::ZERO),
            fetch_latency: Distribution::constant(SimDuration::ZERO),
            linger: SimDuration::from_millis(5),
            max_poll_records: 1,
            session_timeout: None,
            heartbeat_interval: None,
            max_poll_interval: SimDuration::from_secs(300),
            auto_commit_interval: SimDuration::from_secs(5),
            initial_rebalance_delay: SimDuration::from_secs(3),
        }
    }
}

impl KafkaConfig {
    /// The assignor in use: the one set, or the protocol's default.
    pub fn assignor(&self) -> AssignorKind {
        self.assignor.unwrap_or(match self.group_protocol {
            GroupProtocolKind::Classic => AssignorKind::Range,
            GroupProtocolKind::Consumer => AssignorKind::Uniform,
        })
    }

    /// The Kafka model's group protocol; `Err` says which protocol takes which assignors.
    pub fn protocol(&self) -> Result<GroupProtocol, KafkaError> {
        GroupProtocol::parse(self.group_protocol.name(), self.assignor().name())
    }

    /// The session timeout in use: the one set, or 45 s (Kafka's default in both protocols).
    pub fn session_timeout(&self) -> SimDuration {
        self.session_timeout.unwrap_or(SimDuration::from_secs(45))
    }

    /// The heartbeat interval in use: the one set, or the protocol's default (classic
    /// `heartbeat.interval.ms` 3 s; consumer `group.consumer.heartbeat.interval.ms` 5 s).
    pub fn heartbeat_interval(&self) -> SimDuration {
        self.heartbeat_interval
            .unwrap_or(match self.group_protocol {
                GroupProtocolKind::Classic => SimDuration::from_secs(3),
                GroupProtocolKind::Consumer => SimDuration::from_secs(5),
            })
    }
}
