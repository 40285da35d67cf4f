//! The schema of scenario files: every key, what it holds, its valid range and what it does.
//!
//! One list serves three readers: validation (each key's [`Rule`] is checked against the loaded
//! scenario), error messages (a type error on a key says what would be valid), and the scenario
//! reference `docs/scenario.md` (generated from this list and the defaults, and checked by a
//! test). Rules that tie two keys together (a heartbeat shorter than the session) live in
//! `validate.rs`, not here.

use serde_json::Value;

use crate::engine::{Distribution, EngineError, ProfileShape, RatePoint, RateProfile, SimDuration};

/// The most tills or preparers a scenario may have.
pub const MAX_PEOPLE: u64 = 10_000;
/// The most partitions of the `orders` topic.
pub const MAX_PARTITIONS: u64 = 100_000;
/// The largest share in `[orders.mix]` (shares are relative; a cap keeps their sum finite).
pub const MAX_SHARE: f64 = 1e9;
/// The longest scenario name.
pub const MAX_NAME_LEN: usize = 64;

/// What values a key accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rule {
    /// A whole number from `min` to `max`.
    Count {
        /// Smallest valid value.
        min: u64,
        /// Largest valid value.
        max: u64,
    },
    /// A whole number from `min` to `max`, or nothing (the key left out).
    OptionalCount {
        /// Smallest valid value.
        min: u64,
        /// Largest valid value.
        max: u64,
    },
    /// A relative share: a number from 0 to [`MAX_SHARE`].
    Share,
    /// A probability: a number from 0 to 1.
    Probability,
    /// A probability, or nothing (the key left out).
    OptionalProbability,
    /// A duration; `positive`: above zero.
    Duration {
        /// Whether zero is refused.
        positive: bool,
    },
    /// A duration above zero, or nothing (the key left out).
    OptionalPositiveDuration,
    /// A duration, or nothing.
    OptionalDuration,
    /// A distribution of durations.
    Distribution,
    /// The gap between arrivals: a distribution that is not always zero.
    Arrivals,
    /// A rate profile: `[{ from = "0s", rate = 0.5 }, ...]`, or `[]` for none.
    Profile,
    /// `true` or `false`.
    Bool,
    /// One of these strings.
    Choice(&'static [&'static str]),
    /// One of these strings, or nothing (the key left out).
    OptionalChoice(&'static [&'static str]),
    /// A scenario name (see [`check_name`]).
    Name,
    /// A seed: a whole number from 0 to 2^64 - 1 (above 2^63 - 1 written as a string).
    Seed,
}

impl Rule {
    /// What is valid, in words, e.g. "a whole number from 1 to 10000".
    pub fn valid(self) -> String {
        match self {
            Rule::Count { min, max } if max == u64::MAX => format!("a whole number >= {min}"),
            Rule::Count { min, max } => format!("a whole number from {min} to {max}"),
            Rule::OptionalCount { min, max } => {
                format!("a whole number from {min} to {max}, or the key left out")
            }
            Rule::Share => "a number from 0 to 1e9 (shares are relative to each other)".into(),
            Rule::Probability => "a number from 0 to 1".into(),
            Rule::OptionalProbability => "a number from 0 to 1, or the key left out".into(),
            Rule::Duration { positive: true } => {
                "a duration above 0, such as \"250ms\", \"1.5s\" or \"1h30m\"".into()
            }
            Rule::Duration { positive: false } => {
                "a duration, such as \"0s\", \"250ms\" or \"1h30m\"".into()
            }
            Rule::OptionalPositiveDuration => {
                "a duration above 0 such as \"1m\", or the key left out".into()
            }
            Rule::OptionalDuration => "a duration such as \"1m\", or the key left out".into(),
            Rule::Distribution => DISTRIBUTIONS.into(),
            Rule::Arrivals => format!("{DISTRIBUTIONS}, with a mean above 0"),
            Rule::Profile => PROFILES.into(),
            Rule::Bool => "true or false".into(),
            Rule::Choice(options) => {
                let quoted: Vec<String> = options.iter().map(|o| format!("\"{o}\"")).collect();
                format!("one of {}", quoted.join(", "))
            }
            Rule::OptionalChoice(options) => {
                format!("{}, or the key left out", Rule::Choice(options).valid())
            }
            Rule::Name => format!(
                "1 to {MAX_NAME_LEN} letters, digits, '-', '_' or '.', not starting with '.' or '-'"
            ),
            Rule::Seed => format!(
                "a whole number from 0 to {} (above {} as a string, e.g. \"{}\")",
                u64::MAX,
                i64::MAX,
                u64::MAX
            ),
        }
    }

    /// What is valid, for the reference's tables, which give the forms of a distribution
    /// once, in a section of their own.
    pub fn valid_in_reference(self) -> String {
        match self {
            Rule::Distribution => "a distribution (see Distributions)".into(),
            Rule::Arrivals => "a distribution (see Distributions) with a mean above 0".into(),
            Rule::Profile => "a rate profile (see Rate profiles)".into(),
            _ => self.valid(),
        }
    }

    /// Checks `value` (the key's value as JSON, `Null` when left out); `Err` says what is wrong.
    pub fn check(self, value: &Value) -> Result<(), String> {
        let bad = |what: String| Err(format!("{what}; valid: {}", self.valid()));
        match self {
            Rule::Count { min, max } => match value.as_u64() {
                Some(n) if (min..=max).contains(&n) => Ok(()),
                _ => bad(format!("{value} is out of range")),
            },
            Rule::OptionalCount { .. } if value.is_null() => Ok(()),
            Rule::OptionalCount { min, max } => match value.as_u64() {
                Some(n) if (min..=max).contains(&n) => Ok(()),
                _ => bad(format!("{value} is out of range")),
            },
            Rule::Share => match value.as_f64() {
                Some(x) if (0.0..=MAX_SHARE).contains(&x) => Ok(()),
                _ => bad(format!("{} is not a share", number(value))),
            },
            Rule::Probability => probability(value).or_else(|_| bad(not_probability(value))),
            Rule::OptionalProbability if value.is_null() => Ok(()),
            Rule::OptionalProbability => {
                probability(value).or_else(|_| bad(not_probability(value)))
            }
            Rule::Duration { positive } => match duration(value) {
                Some(d) if positive && d == SimDuration::ZERO => bad("0s is too short".into()),
                Some(_) => Ok(()),
                None => bad(format!("{value} is not a duration")),
            },
            Rule::OptionalPositiveDuration if value.is_null() => Ok(()),
            Rule::OptionalPositiveDuration => match duration(value) {
                Some(d) if d > SimDuration::ZERO => Ok(()),
                _ => bad(format!("{value} is too short")),
            },
            Rule::OptionalDuration if value.is_null() => Ok(()),
            Rule::OptionalDuration => match duration(value) {
                Some(_) => Ok(()),
                None => bad(format!("{value} is not a duration")),
            },
            Rule::Distribution => match distribution(value) {
                Ok(_) => Ok(()),
                Err(e) => bad(e),
            },
            Rule::Arrivals => match distribution(value) {
                Ok(d) if d.is_always_zero() => bad(format!(
                    "{d} is always 0, so arrivals would never stop at one instant"
                )),
                Ok(_) => Ok(()),
                Err(e) => bad(e),
            },
            Rule::Profile => profile(value).or_else(bad),
            // A flag left out of the written form when false (`add_preparer`) reads as null.
            Rule::Bool if value.is_boolean() || value.is_null() => Ok(()),
            Rule::Bool => bad(format!("{value} is not true or false")),
            Rule::OptionalChoice(_) if value.is_null() => Ok(()),
            Rule::OptionalChoice(options) => match value.as_str() {
                Some(s) if options.contains(&s) => Ok(()),
                _ => bad(format!("{value} is not an option")),
            },
            Rule::Choice(options) => match value.as_str() {
                Some(s) if options.contains(&s) => Ok(()),
                _ => bad(format!("{value} is not an option")),
            },
            Rule::Name => match value.as_str() {
                Some(name) => check_name(name).or_else(bad),
                None => bad(format!("{value} is not a name")),
            },
            Rule::Seed if value.is_u64() => Ok(()),
            // Above 2^63 - 1 a seed is written as a string of digits (TOML's integers are i64).
            Rule::Seed if value.as_str().is_some_and(|s| s.parse::<u64>().is_ok()) => Ok(()),
            Rule::Seed => bad(format!("{value} is not a seed")),
        }
    }
}

/// The forms a distribution takes, for messages.
const DISTRIBUTIONS: &str = "a distribution: { constant = \"2ms\" }, { uniform = [\"1s\", \"1.5s\"] }, \
{ exponential = \"30s\" }, { normal = { mean = \"45s\", sd = \"10s\" } } or \
{ lognormal = { mean = \"45s\", sd = \"15s\" } }";

/// The form of a rate profile, for messages.
const PROFILES: &str = "[] (no profile), or a list of points in time order, the first from \"0s\", \
each with a rate from 0 to 1e6 (1.0: as interarrival says), not all 0: \
[{ from = \"0s\", rate = 0.5 }, { from = \"30m\", rate = 2.0 }]";

/// Checks a rate profile (`[]`: none).
fn profile(value: &Value) -> Result<(), String> {
    let points = value.as_array().map_or(&[][..], |a| a.as_slice());
    // JSON has no NaN or infinity: a rate that was one arrives here as null.
    if let Some(i) = points
        .iter()
        .position(|p| p.get("rate").is_some_and(Value::is_null))
    {
        return Err(format!(
            "point {} has a rate that is not a finite number",
            i + 1
        ));
    }
    let points: Vec<RatePoint> =
        serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    if points.is_empty() {
        return Ok(());
    }
    RateProfile::new(&points, ProfileShape::Stepwise)
        .map(|_| ())
        .map_err(|e| match e {
            EngineError::Profile(m) => m,
            other => other.to_string(),
        })
}

/// A number as a reader would write it: `0.25`, `1e308` (not 309 digits).
fn number(value: &Value) -> String {
    match value.as_f64() {
        Some(x) if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) => format!("{x:e}"),
        Some(x) => x.to_string(),
        None => value.to_string(),
    }
}

fn probability(value: &Value) -> Result<(), ()> {
    match value.as_f64() {
        Some(x) if (0.0..=1.0).contains(&x) => Ok(()),
        _ => Err(()),
    }
}

fn not_probability(value: &Value) -> String {
    format!("{} is not a probability", number(value))
}

fn duration(value: &Value) -> Option<SimDuration> {
    value.as_str()?.parse().ok()
}

fn distribution(value: &Value) -> Result<Distribution, String> {
    serde_json::from_value(value.clone()).map_err(|e| e.to_string())
}

/// Checks a scenario name: it names the output folder (`output/<name>-<seed>/`), so it may not
/// climb out of `output/` (`..`, `/`), hide (`.x`), pass for a switch (`-x`) or hold anything a
/// shell or a file system treats specially (spaces, newlines, `\`, `:`).
pub fn check_name(name: &str) -> Result<(), String> {
    let shown = format!("{name:?}");
    if name.is_empty() {
        return Err("the name is empty".into());
    }
    if name.chars().count() > MAX_NAME_LEN {
        return Err(format!(
            "{shown} is {} characters long",
            name.chars().count()
        ));
    }
    if name.starts_with('.') || name.starts_with('-') {
        return Err(format!("{shown} starts with '{}'", &name[..1]));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(format!("{shown} holds {c:?}"));
    }
    Ok(())
}

/// A name made valid: characters outside the rule become `_`, leading dots and dashes go, and
/// it is cut to [`MAX_NAME_LEN`] characters (`"custom"` if nothing is left). For names taken
/// from a file name, which the user did not write as a name.
pub fn sanitize_name(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed: String = cleaned
        .trim_start_matches(['.', '-'])
        .chars()
        .take(MAX_NAME_LEN)
        .collect();
    if trimmed.is_empty() {
        "custom".into()
    } else {
        trimmed
    }
}

/// One key of a scenario file.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    /// Dotted path: `tills.count`, `orders.mix.cod`; `faults.crash` is `crash` in each
    /// `[[faults]]` table.
    pub path: &'static str,
    /// The type and unit, for the reference: "whole number", "duration", ...
    pub kind: &'static str,
    /// What values it accepts.
    pub rule: Rule,
    /// What it does, in a sentence or two.
    pub about: &'static str,
}

impl Key {
    /// The section (`orders.mix`) and the name (`cod`).
    pub fn split(&self) -> (&'static str, &'static str) {
        self.path.rsplit_once('.').unwrap_or(("", self.path))
    }
}

/// The sections that are arrays of tables (`[[faults]]`).
pub const ARRAYS: [&str; 1] = ["faults"];

const DUR: &str = "duration";
const DIST: &str = "distribution of durations";
const WHOLE: &str = "whole number";

/// Every key of a scenario file, in the order of the reference.
pub const KEYS: &[Key] = &[
    Key {
        path: "shop.name",
        kind: "string",
        rule: Rule::Name,
        about: "The scenario's name, written into every output and naming the default output folder `output/<name>-<seed>/`. A file without one is named after the file (its characters outside the rule replaced by `_`).",
    },
    Key {
        path: "shop.open_for",
        kind: DUR,
        rule: Rule::Duration { positive: true },
        about: "How long the tills take orders; then the run drains (at most ten times as long, and at least an hour, before it is cut off). `--open-for` overrides.",
    },
    Key {
        path: "shop.seed",
        kind: WHOLE,
        rule: Rule::Seed,
        about: "The master seed: one seed and one scenario give one run, byte for byte. `--seed` overrides.",
    },
    Key {
        path: "shop.sample_every",
        kind: DUR,
        rule: Rule::Duration { positive: true },
        about: "How often lag, stock and the number of preparers are sampled for series.csv and the charts, from opening until the run ends.",
    },
    Key {
        path: "orders.menu",
        kind: "string",
        rule: Rule::Choice(&["dice", "mix"]),
        about: "`dice`: the talk's die roll (6 with plaice on: cod & chips + plaice & chips; 5: cod & chips + large chips; 4: chips; else cod & chips). `mix`: one item by the shares in `[orders.mix]`.",
    },
    Key {
        path: "orders.plaice",
        kind: "boolean",
        rule: Rule::Bool,
        about: "Whether plaice is on the menu (it is fried to order, so the cook joins).",
    },
    Key {
        path: "orders.plaice_share",
        kind: "number (fraction of orders)",
        rule: Rule::OptionalProbability,
        about: "The share of orders that contain plaice, on either menu: on `dice` the 6 face comes up this often and the other faces share the rest equally; on `mix` plaice is drawn this often and the other items share the rest by their shares. Left out: the menu's own (1/6 on dice, the plaice share of the mix). Needs `plaice = true` when above 0, and `plaice = false` when 0. `--plaice-share` sets it (and `plaice`).",
    },
    Key {
        path: "orders.mix.cod",
        kind: "number (relative share)",
        rule: Rule::Share,
        about: "Share of cod & chips, with `menu = \"mix\"`.",
    },
    Key {
        path: "orders.mix.chips",
        kind: "number (relative share)",
        rule: Rule::Share,
        about: "Share of chips, with `menu = \"mix\"`.",
    },
    Key {
        path: "orders.mix.large_chips",
        kind: "number (relative share)",
        rule: Rule::Share,
        about: "Share of large chips, with `menu = \"mix\"`.",
    },
    Key {
        path: "orders.mix.plaice",
        kind: "number (relative share)",
        rule: Rule::Share,
        about: "Share of plaice & chips, with `menu = \"mix\"` and `plaice = true` (`plaice_share` overrides it).",
    },
    Key {
        path: "orders.mix.pie",
        kind: "number (relative share)",
        rule: Rule::Share,
        about: "Share of pie, with `menu = \"mix\"`.",
    },
    Key {
        path: "orders.mix.extra_portion",
        kind: "number (probability)",
        rule: Rule::Probability,
        about: "Chance that a mix order has two portions of its item.",
    },
    Key {
        path: "tills.count",
        kind: WHOLE,
        rule: Rule::Count {
            min: 1,
            max: MAX_PEOPLE,
        },
        about: "Number of tills. `--tills` overrides.",
    },
    Key {
        path: "tills.interarrival",
        kind: DIST,
        rule: Rule::Arrivals,
        about: "Time between two orders at one till.",
    },
    Key {
        path: "tills.profile",
        kind: "list of { from, rate }",
        rule: Rule::Profile,
        about: "How the rate of orders changes over the evening: from each point's `from` (after opening) the tills take orders `rate` times as often as `interarrival` says (see Rate profiles). `[]`: always 1.",
    },
    Key {
        path: "tills.profile_shape",
        kind: "string",
        rule: Rule::Choice(&["stepwise", "linear"]),
        about: "`stepwise`: the rate jumps at each point and holds until the next; `linear`: it goes in a straight line from point to point. After the last point its rate holds.",
    },
    Key {
        path: "preparers.count",
        kind: WHOLE,
        rule: Rule::Count {
            min: 1,
            max: MAX_PEOPLE,
        },
        about: "Number of preparers, members of one consumer group on `orders`. `--preparers` overrides.",
    },
    Key {
        path: "preparers.prep_time",
        kind: DIST,
        rule: Rule::Distribution,
        about: "Time to make up one order.",
    },
    Key {
        path: "preparers.static",
        kind: "boolean",
        rule: Rule::Bool,
        about: "Static membership (KIP-345): preparer N joins with `group.instance.id` `preparer-N`. A static preparer that crashes or shuts down and comes back within the session timeout gets its partitions back without a rebalance; under the consumer protocol one that comes back while its old session still lives is refused (UNRELEASED_INSTANCE_ID) and its process restarts every 10 s until the session has expired. `--static` overrides.",
    },
    Key {
        path: "preparers.idempotent",
        kind: "boolean",
        rule: Rule::Bool,
        about: "Whether a preparer remembers done orders in Redis (`SET done:<id>`) and skips a redelivered order it finds there.",
    },
    Key {
        path: "cook.fry_time",
        kind: DIST,
        rule: Rule::Distribution,
        about: "Time to fry one batch or one order. Used when there is a cook: plaice on, or a hot cabinet.",
    },
    Key {
        path: "cook.baskets",
        kind: WHOLE,
        rule: Rule::Count {
            min: 1,
            max: MAX_PEOPLE,
        },
        about: "Fryer baskets: how many batches fry at once.",
    },
    Key {
        path: "cook.top_up_every",
        kind: DUR,
        rule: Rule::OptionalPositiveDuration,
        about: "With a hot cabinet: this often while the shop is open, the cook fries a batch of every item with less than a batch left. Left out: the cook fries only for orders the cabinet cannot serve.",
    },
    Key {
        path: "cabinet.enabled",
        kind: "boolean",
        rule: Rule::Bool,
        about: "Whether the shop keeps a hot cabinet: counters in Redis that preparers take portions from.",
    },
    Key {
        path: "cabinet.take",
        kind: "string",
        rule: Rule::Choice(&["script", "watch", "check_then_take"]),
        about: "How preparers take portions: `script` (one atomic script), `watch` (WATCH/MULTI/EXEC, retried on abort) or `check_then_take` (GET then DECRBY: not atomic, so the cabinet can be oversold).",
    },
    Key {
        path: "cabinet.initial.cod",
        kind: "whole number (portions)",
        rule: Rule::Count {
            min: 0,
            max: 1_000_000_000,
        },
        about: "Portions of cod in the cabinet at opening.",
    },
    Key {
        path: "cabinet.initial.chips",
        kind: "whole number (portions)",
        rule: Rule::Count {
            min: 0,
            max: 1_000_000_000,
        },
        about: "Portions of chips in the cabinet at opening.",
    },
    Key {
        path: "cabinet.initial.plaice",
        kind: "whole number (portions)",
        rule: Rule::Count {
            min: 0,
            max: 1_000_000_000,
        },
        about: "Portions of plaice in the cabinet at opening.",
    },
    Key {
        path: "cabinet.batch.cod",
        kind: "whole number (portions)",
        rule: Rule::Count {
            min: 0,
            max: 1_000_000_000,
        },
        about: "Portions of cod the cook fries in one batch.",
    },
    Key {
        path: "cabinet.batch.chips",
        kind: "whole number (portions)",
        rule: Rule::Count {
            min: 0,
            max: 1_000_000_000,
        },
        about: "Portions of chips the cook fries in one batch.",
    },
    Key {
        path: "cabinet.batch.plaice",
        kind: "whole number (portions)",
        rule: Rule::Count {
            min: 0,
            max: 1_000_000_000,
        },
        about: "Portions of plaice the cook fries in one batch on the top-up timer (plaice for an order is fried to order).",
    },
    Key {
        path: "cabinet.redis_latency",
        kind: DIST,
        rule: Rule::Distribution,
        about: "Round trip of one Redis command (half each way).",
    },
    Key {
        path: "kafka.orders_partitions",
        kind: WHOLE,
        rule: Rule::Count {
            min: 1,
            max: MAX_PARTITIONS,
        },
        about: "Partitions of the `orders` topic (and of `cook` and `ready`, co-partitioned). `--partitions` overrides.",
    },
    Key {
        path: "kafka.partitioner",
        kind: "string",
        rule: Rule::Choice(&["till", "key", "sticky", "round_robin"]),
        about: "How tills choose a partition: `till` (partition = till - 1, modulo the partitions), `key` (Kafka's murmur2 of the order id), `sticky` (Kafka's uniform sticky partitioner) or `round_robin`.",
    },
    Key {
        path: "kafka.group_protocol",
        kind: "string",
        rule: Rule::Choice(&["classic", "consumer"]),
        about: "`group.protocol` of the preparers' group (Kafka 4.1): `classic` (JoinGroup/SyncGroup rounds, the assignor runs in the client) or `consumer` (KIP-848: the broker computes the assignment and members reconcile one heartbeat at a time; only the partitions that move pause). `--group-protocol` overrides.",
    },
    Key {
        path: "kafka.assignor",
        kind: "string",
        rule: Rule::OptionalChoice(&["range", "round_robin", "cooperative_sticky", "uniform"]),
        about: "The preparers' group assignor, as Kafka's: with `classic` one of `range`, `round_robin`, `cooperative_sticky` (`partition.assignment.strategy`); with `consumer` `uniform` or `range` (`group.remote.assignor`). Left out: `range` with classic, `uniform` with consumer. `--assignor` overrides.",
    },
    Key {
        path: "kafka.produce_latency",
        kind: DIST,
        rule: Rule::Distribution,
        about: "Time from `send` to the record being in the log.",
    },
    Key {
        path: "kafka.fetch_latency",
        kind: DIST,
        rule: Rule::Distribution,
        about: "Time for a fetch to bring records to a consumer.",
    },
    Key {
        path: "kafka.linger",
        kind: DUR,
        rule: Rule::Duration { positive: false },
        about: "`linger.ms`: how long a producer waits to fill a batch.",
    },
    Key {
        path: "kafka.max_poll_records",
        kind: WHOLE,
        rule: Rule::Count {
            min: 1,
            max: i32::MAX as u64,
        },
        about: "`max.poll.records` for the shop's consumers (1, not Kafka's 500: a preparer takes one order at a time).",
    },
    Key {
        path: "kafka.session_timeout",
        kind: DUR,
        rule: Rule::OptionalPositiveDuration,
        about: "A member silent this long after its last heartbeat is removed: `session.timeout.ms` with classic, the broker's `group.consumer.session.timeout.ms` with consumer (the client may not set it). Left out: 45 s, both protocols' default.",
    },
    Key {
        path: "kafka.heartbeat_interval",
        kind: DUR,
        rule: Rule::OptionalPositiveDuration,
        about: "How often members heartbeat, and so how soon they learn of a rebalance: `heartbeat.interval.ms` with classic, the broker's `group.consumer.heartbeat.interval.ms` with consumer. Left out: 3 s with classic, 5 s with consumer. Shorter than the session timeout, as Kafka requires.",
    },
    Key {
        path: "kafka.max_poll_interval",
        kind: DUR,
        rule: Rule::Duration { positive: true },
        about: "`max.poll.interval.ms`: a preparer that does not poll for this long leaves the group and rejoins when it polls again (what it was making is made again by whoever gets its partition). It is also the member's rebalance timeout.",
    },
    Key {
        path: "kafka.auto_commit_interval",
        kind: DUR,
        rule: Rule::Duration { positive: false },
        about: "`auto.commit.interval.ms` (0: commit at every poll).",
    },
    Key {
        path: "kafka.initial_rebalance_delay",
        kind: DUR,
        rule: Rule::Duration { positive: false },
        about: "`group.initial.rebalance.delay.ms`: how long a new group waits for more members.",
    },
    Key {
        path: "faults.crash",
        kind: WHOLE,
        rule: Rule::OptionalCount {
            min: 1,
            max: MAX_PEOPLE,
        },
        about: "In a `[[faults]]` table: the preparer to crash, from 1 to `preparers.count`. It stops at once and commits nothing more; the group removes it when its session times out. Each fault has one of `crash`, `stall` and `leave`.",
    },
    Key {
        path: "faults.stall",
        kind: WHOLE,
        rule: Rule::OptionalCount {
            min: 1,
            max: MAX_PEOPLE,
        },
        about: "The preparer that stops polling for `for` (a jammed fryer): past `max_poll_interval` it leaves the group, and it rejoins when it polls again.",
    },
    Key {
        path: "faults.leave",
        kind: WHOLE,
        rule: Rule::OptionalCount {
            min: 1,
            max: MAX_PEOPLE,
        },
        about: "The preparer that shuts down cleanly: it finishes nothing more, commits and leaves the group (a static member keeps its place until its session times out). With `restart_after` it comes back, as in a rolling restart.",
    },
    Key {
        path: "faults.restart",
        kind: WHOLE,
        rule: Rule::OptionalCount {
            min: 1,
            max: MAX_PEOPLE,
        },
        about: "The crashed or departed preparer to bring back at `at` (what `chipshop play`'s `r N` records).",
    },
    Key {
        path: "faults.add_preparer",
        kind: "boolean",
        rule: Rule::Bool,
        about: "`true`: one more preparer joins the group at `at`, numbered after the others (what `chipshop play`'s `a` records).",
    },
    Key {
        path: "faults.at",
        kind: DUR,
        rule: Rule::Duration { positive: false },
        about: "When it happens, after opening; before `open_for` (a fault after closing might never happen: the run ends once drained).",
    },
    Key {
        path: "faults.for",
        kind: DUR,
        rule: Rule::OptionalPositiveDuration,
        about: "With `stall`, and only with it: how long the preparer stops polling, e.g. \"6m\".",
    },
    Key {
        path: "faults.restart_after",
        kind: DUR,
        rule: Rule::OptionalDuration,
        about: "With `crash` or `leave`: the preparer comes back this long after (a new member; a static one with its old `group.instance.id`).",
    },
    Key {
        path: "accountant.enabled",
        kind: "boolean",
        rule: Rule::Bool,
        about: "An accountant reads every order in a consumer group of its own and adds up revenue.",
    },
    Key {
        path: "analyst.enabled",
        kind: "boolean",
        rule: Rule::Bool,
        about: "An analyst reads `orders` and `cook` in its own group and indexes every order (opensearch-bulk.ndjson).",
    },
    Key {
        path: "web.enabled",
        kind: "boolean",
        rule: Rule::Bool,
        about: "Web customers order online, through one more till (numbered after the shop's).",
    },
    Key {
        path: "web.interarrival",
        kind: DIST,
        rule: Rule::Arrivals,
        about: "Time between two web orders.",
    },
    Key {
        path: "web.profile",
        kind: "list of { from, rate }",
        rule: Rule::Profile,
        about: "How the rate of web orders changes over the evening: from each point's `from` (after opening) web orders come `rate` times as often as `interarrival` says (see Rate profiles). `[]`: always 1.",
    },
    Key {
        path: "web.profile_shape",
        kind: "string",
        rule: Rule::Choice(&["stepwise", "linear"]),
        about: "`stepwise`: the rate jumps at each point and holds until the next; `linear`: it goes in a straight line from point to point. After the last point its rate holds.",
    },
    Key {
        path: "web.travel_time",
        kind: DIST,
        rule: Rule::Distribution,
        about: "From ordering online to arriving at the counter.",
    },
    Key {
        path: "web.no_show",
        kind: "number (probability)",
        rule: Rule::Probability,
        about: "Chance that a web customer never comes: their food is wasted.",
    },
    Key {
        path: "scaling.enabled",
        kind: "boolean",
        rule: Rule::Bool,
        about: "Whether preparers are added while lag stays high and removed when idle (checked at every sample).",
    },
    Key {
        path: "scaling.lag_above",
        kind: "whole number (orders)",
        rule: Rule::Count {
            min: 0,
            max: u64::MAX,
        },
        about: "Add a preparer when the preparers' total lag stays above this many orders...",
    },
    Key {
        path: "scaling.sustained",
        kind: DUR,
        rule: Rule::Duration { positive: false },
        about: "...for this long (and again after as long once more).",
    },
    Key {
        path: "scaling.max_preparers",
        kind: WHOLE,
        rule: Rule::Count {
            min: 1,
            max: MAX_PEOPLE,
        },
        about: "Never more preparers than this; at least `preparers.count`.",
    },
    Key {
        path: "scaling.idle_after",
        kind: DUR,
        rule: Rule::Duration { positive: false },
        about: "Remove an added preparer that has made nothing for this long.",
    },
];

/// The key at `path` (`tills.count`), if there is one.
pub fn key(path: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_rule() {
        for good in ["demo1", "my-shop_2.v1", "A", &"x".repeat(64)] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "../../escaped",
            "/tmp/abs",
            "a/b",
            ".hidden",
            "-rf",
            "new\nline",
            "sp ace",
            "back\\slash",
            "c:",
            "caf\u{e9}",
            &"x".repeat(65),
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn sanitized_names_pass_the_rule() {
        for raw in [
            "my shop",
            "..x",
            "-a",
            "",
            "\u{e9}t\u{e9}",
            &"y".repeat(100),
        ] {
            let name = sanitize_name(raw);
            assert!(check_name(&name).is_ok(), "{raw:?} -> {name:?}");
        }
        assert_eq!(sanitize_name("my shop"), "my_shop");
        assert_eq!(sanitize_name("..."), "custom");
    }

    #[test]
    fn rules_accept_and_refuse() {
        let count = Rule::Count { min: 1, max: 3 };
        assert!(count.check(&serde_json::json!(2)).is_ok());
        let err = count.check(&serde_json::json!(0)).unwrap_err();
        assert!(err.contains("from 1 to 3"), "{err}");
        assert!(Rule::Share.check(&serde_json::json!(1e308)).is_err());
        assert!(Rule::Share.check(&serde_json::json!(-0.5)).is_err());
        assert!(Rule::Probability.check(&serde_json::json!(1.5)).is_err());
        let zero = serde_json::json!({ "constant": "0s" });
        let err = Rule::Arrivals.check(&zero).unwrap_err();
        assert!(err.contains("always 0"), "{err}");
        assert!(Rule::Distribution.check(&zero).is_ok());
        assert!(Rule::Seed.check(&serde_json::json!(u64::MAX)).is_ok());
        assert!(Rule::Seed.check(&serde_json::json!(-1)).is_err());
    }
}
