//! How big a run will be, from its scenario alone, before it starts: orders, events, the
//! run's length, orders in memory at once, and the bytes of each file it writes; and the limits
//! beyond which `chipshop run` and `chipshop sweep` ask for `--yes`.
//!
//! Two figures for each: `expected`, what the run will most likely do (from the mean
//! interarrival, the preparers' and the cook's capacity, the drain that follows), and
//! `at_most`, a bound the run stays within (six standard deviations of the arrivals, the
//! longest drain the run allows, the most events any order has taken in the presets, times
//! four). Not a simulation: a queue that the means say keeps up can still back up for a
//! while, which `at_most` allows for.

use std::fmt;

use super::config::{MenuKind, Scenario, TakeMode, TillPartitioner};
use crate::engine::{Distribution, DistributionSpec, SimDuration};

/// The most bytes a run may write (its expected output) without `--yes`: 1 GB.
pub const MAX_BYTES: u64 = 1_000_000_000;
/// The most events a run may take (expected) without `--yes`: a few minutes on one core.
pub const MAX_EVENTS: u64 = 500_000_000;
/// The most orders a run may hold in memory at once (expected) without `--yes` (a few GB).
pub const MAX_IN_FLIGHT: u64 = 5_000_000;
/// The most events a whole sweep may take (expected, over all its runs) without `--yes`.
pub const MAX_SWEEP_EVENTS: u64 = 5_000_000_000;

/// The counts of a run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figures {
    /// Orders placed.
    pub orders: u64,
    /// Events handled.
    pub events: u64,
    /// When the run ends: opening hours plus the drain.
    pub sim_end: SimDuration,
    /// Rows of series.csv.
    pub series_rows: u64,
    /// Orders in the shop at once, at the most (placed, not yet made up).
    pub in_flight: u64,
}

/// One file (or folder) a run writes.
#[derive(Clone, Debug, PartialEq)]
pub struct FileSize {
    /// Its name in the run's folder.
    pub name: &'static str,
    /// Bytes, most likely.
    pub expected: u64,
    /// Bytes, at most.
    pub at_most: u64,
    /// What makes it this big, in the scenario's keys.
    pub driven_by: String,
    /// Whether every run writes it (`events.jsonl` only with `--trace`, `charts/` unless
    /// `--no-charts`, `opensearch-bulk.ndjson` only with the analyst: see [`Written`]).
    pub written: Written,
}

/// Which traces a run writes; `true` alone means `events.jsonl` (`--trace`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TraceFiles {
    /// `events.jsonl` (`--trace`).
    pub events: bool,
    /// `trace.json` (`--perfetto`).
    pub perfetto: bool,
}

impl From<bool> for TraceFiles {
    fn from(events: bool) -> Self {
        TraceFiles {
            events,
            perfetto: false,
        }
    }
}

/// When a run writes a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// Always.
    Always,
    /// With `--trace`.
    WithTrace,
    /// With `--perfetto`.
    WithPerfetto,
    /// Unless `--no-charts`.
    WithCharts,
    /// Never, for this scenario.
    Never,
}

/// A run's size, estimated from its scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct SizeEstimate {
    /// The most likely counts.
    pub expected: Figures,
    /// Counts the run stays within.
    pub at_most: Figures,
    /// Each file, in the order a run writes them.
    pub files: Vec<FileSize>,
    /// What the orders come from, in the scenario's keys (for messages).
    orders_from: String,
}

/// The mean and variance of a distribution, in seconds and seconds squared.
fn moments(d: &Distribution) -> (f64, f64) {
    let s = |x: SimDuration| x.as_secs_f64();
    match *d.spec() {
        DistributionSpec::Constant(x) => (s(x), 0.0),
        DistributionSpec::Uniform([a, b]) => ((s(a) + s(b)) / 2.0, (s(b) - s(a)).powi(2) / 12.0),
        DistributionSpec::Exponential(m) => (s(m), s(m).powi(2)),
        DistributionSpec::Normal(ms) | DistributionSpec::Lognormal(ms) => {
            (s(ms.mean), s(ms.sd).powi(2))
        }
    }
}

/// Arrivals in `t` seconds of a renewal process with these gaps: (expected, at most), by the
/// renewal theorem's mean t/m and variance t·σ²/m³, plus one for the first arrival.
fn arrivals(gap: &Distribution, t: f64) -> (f64, f64) {
    let (m, var) = moments(gap);
    if m <= 0.0 {
        // Validation refuses arrivals that are always 0; a mean that rounds to 0 s is 1 ns.
        return arrivals_with_mean(1e-9, var, t);
    }
    arrivals_with_mean(m, var, t)
}

fn arrivals_with_mean(m: f64, var: f64, t: f64) -> (f64, f64) {
    let mean = t / m + 1.0;
    let sd = (t * var / m.powi(3)).sqrt();
    (mean, mean + 6.0 * sd + 6.0 * mean.sqrt() + 10.0)
}

/// Steps of the fluid queue over the opening hours.
const STEPS: usize = 2000;

/// The seconds that pass on a profile's operational clock in `open` (`open` without one).
fn operational_secs(profile: Option<&crate::engine::RateProfile>, open: SimDuration) -> f64 {
    match profile {
        Some(p) => p.mean_rate(open) * open.as_secs_f64(),
        None => open.as_secs_f64(),
    }
}

/// A queue fed at `rate_at(t)` per second and served at `capacity` per second over `open`
/// seconds, as a fluid: (the backlog at closing, the largest backlog).
fn fluid_backlog(rate_at: impl Fn(f64) -> f64, capacity: f64, open: f64) -> (f64, f64) {
    let dt = open / STEPS as f64;
    let (mut q, mut most) = (0.0_f64, 0.0_f64);
    for i in 0..STEPS {
        let t = (i as f64 + 0.5) * dt;
        q = (q + (rate_at(t) - capacity) * dt).max(0.0);
        most = most.max(q);
    }
    (q, most)
}

/// Digits of the whole seconds of `secs`, for the width of time columns.
fn digits(secs: f64) -> f64 {
    if secs < 10.0 {
        1.0
    } else {
        secs.log10().floor() + 1.0
    }
}

fn to_u64(x: f64) -> u64 {
    // `as` saturates: infinity to u64::MAX, NaN to 0.
    if x.is_nan() {
        u64::MAX
    } else {
        x.ceil() as u64
    }
}

impl Scenario {
    /// The share of orders with plaice, on this scenario's menu.
    pub fn plaice_fraction(&self) -> f64 {
        let o = &self.orders;
        if !o.plaice {
            return 0.0;
        }
        if let Some(share) = o.plaice_share {
            return share;
        }
        match o.menu {
            MenuKind::Dice => 1.0 / 6.0,
            MenuKind::Mix => {
                let m = &o.mix;
                let all = m.cod + m.chips + m.large_chips + m.plaice + m.pie;
                if all > 0.0 { m.plaice / all } else { 0.0 }
            }
        }
    }

    /// Estimates the run's size; see the module docs for what `expected` and `at_most` mean.
    pub fn size_estimate(&self) -> SizeEstimate {
        let open = self.shop.open_for.as_secs_f64();
        // The drain limit of `run_shop`: ten times the opening hours, at least an hour.
        let longest_drain = (open * 10.0).max(3600.0);
        let tills = f64::from(self.tills.count);
        // A rate profile runs the arrivals on a clock of its own (engine::RateProfile): as many
        // arrivals as a constant rate gives in the operational seconds of the opening hours.
        let till_profile = self.tills.rate_profile();
        let web_profile = self.web.rate_profile();
        let (till_orders, till_orders_max) = arrivals(
            &self.tills.interarrival,
            operational_secs(till_profile.as_ref(), self.shop.open_for),
        );
        let (web_orders, web_orders_max) = if self.web.enabled {
            arrivals(
                &self.web.interarrival,
                operational_secs(web_profile.as_ref(), self.shop.open_for),
            )
        } else {
            (0.0, 0.0)
        };
        let orders = tills * till_orders + web_orders;
        let orders_max = tills * till_orders_max + web_orders_max;

        // Capacity: each partition that gets orders has one preparer at a time.
        let k = &self.kafka;
        let senders = self.tills.count + u32::from(self.web.enabled);
        let fed = match k.partitioner {
            TillPartitioner::Till => senders.min(k.orders_partitions),
            _ => k.orders_partitions,
        };
        let preparers = if self.scaling.enabled {
            self.scaling.max_preparers.max(self.preparers.count)
        } else {
            self.preparers.count
        };
        let working = f64::from(preparers.min(fed).max(1));
        let service = moments(&self.preparers.prep_time).0 + moments(&k.fetch_latency).0;
        let rate = orders / open.max(1e-9);
        // Orders per second at `t` seconds: the mean rate without a profile, else each
        // source's rate times its profile's multiplier.
        let profiled = till_profile.is_some() || (self.web.enabled && web_profile.is_some());
        let multiplier = |p: &Option<crate::engine::RateProfile>, t: f64| {
            p.as_ref().map_or(1.0, |p| {
                p.rate_at(crate::engine::SimTime::from_nanos((t * 1e9) as u64))
            })
        };
        let till_rate = tills / moments(&self.tills.interarrival).0.max(1e-9);
        let web_rate = if self.web.enabled {
            1.0 / moments(&self.web.interarrival).0.max(1e-9)
        } else {
            0.0
        };
        let rate_at = |t: f64| {
            till_rate * multiplier(&till_profile, t) + web_rate * multiplier(&web_profile, t)
        };
        // (at closing, at the most): a fluid queue, fed at the profile's rate.
        let backlog = |share: f64, capacity: f64| -> (f64, f64) {
            if capacity.is_infinite() {
                (0.0, 0.0)
            } else if !profiled {
                let b = ((rate * share - capacity) * open).max(0.0);
                (b, b)
            } else {
                fluid_backlog(|t| rate_at(t) * share, capacity, open)
            }
        };
        let prep_capacity = working / service.max(0.0);
        let (prep_backlog, prep_backlog_max) = backlog(1.0, prep_capacity);
        let plaice = self.plaice_fraction();
        let cook = plaice > 0.0 || self.cabinet.enabled;
        let fry = moments(&self.cook.fry_time).0;
        let cook_capacity = f64::from(self.cook.baskets) / fry.max(0.0);
        let (cook_backlog, cook_backlog_max) = backlog(plaice, cook_capacity);
        let peak_rate = if profiled {
            (0..=STEPS)
                .map(|i| rate_at(open * i as f64 / STEPS as f64))
                .fold(rate, f64::max)
        } else {
            rate
        };
        let drain = (prep_backlog / prep_capacity)
            .max(cook_backlog / cook_capacity)
            .max(service + fry * f64::from(u8::from(cook)))
            .min(longest_drain);
        let drain = if drain.is_nan() { 0.0 } else { drain };
        let sim_end = open + drain;
        let sim_end_max = open + longest_drain;
        // summary.json lists every preparer that ever was: scaling adds at most one per
        // `sustained` of high lag, each with a new id, and may remove it again.
        let preparers_listed_max = if self.scaling.enabled {
            let sustained = self.scaling.sustained.as_secs_f64().max(1e-3);
            f64::from(preparers) + (sim_end_max / sustained).floor()
        } else {
            f64::from(preparers)
        };

        // Events: per order, by what an order goes through (the presets take 5 to 15), then
        // one per sample and auto commit; `at_most` allows four times the per-order count.
        let mut per_order = 7.0 + 8.0 * plaice;
        if self.cabinet.enabled {
            per_order += match self.cabinet.take {
                TakeMode::Script => 6.0,
                TakeMode::CheckThenTake => 10.0,
                TakeMode::Watch => 16.0,
            };
        }
        if self.preparers.idempotent {
            per_order += 4.0;
        }
        per_order += 2.0 * f64::from(u8::from(self.accountant.enabled));
        per_order += 3.0 * f64::from(u8::from(self.analyst.enabled));
        let every = self.shop.sample_every.as_secs_f64().max(1e-9);
        let samples = sim_end / every + 1.0;
        let samples_max = sim_end_max / every + 1.0;
        let consumers = f64::from(preparers) + 3.0;
        let commit = self.kafka.auto_commit_interval.as_secs_f64().max(1e-3);
        let commits = |end: f64| consumers * (end / commit + 1.0);
        let events = orders * per_order + samples + commits(sim_end) + 100.0;
        let events_max = orders_max * per_order * 4.0
            + samples_max
            + commits(sim_end_max)
            + f64::from(self.faults.len() as u32) * 1000.0
            + 10_000.0;

        // series.csv: every sample, lag, unread records and log end per partition, each
        // group's lag and records read when there are service groups, and the optional series;
        // plus points (rebalances, a partition's owner at each, each preparer's time split,
        // crashes, the cook's batches).
        let partitions = f64::from(k.orders_partitions);
        let services = f64::from(u8::from(self.accountant.enabled))
            + f64::from(u8::from(self.analyst.enabled));
        let groups = if services > 0.0 { services + 1.0 } else { 0.0 };
        let per_sample = 3.0 * partitions
            + 2.0 * groups
            + 3.0 * f64::from(u8::from(self.cabinet.enabled))
            + f64::from(u8::from(self.accountant.enabled))
            + f64::from(u8::from(self.scaling.enabled));
        // Each rebalance (the first, each fault, each scaling step) may move every partition
        // twice (revoked, then assigned).
        let rebalances = 1.0
            + f64::from(self.faults.len() as u32)
            + 2.0
                * f64::from(u8::from(self.scaling.enabled))
                * f64::from(self.scaling.max_preparers);
        let owner_changes = 2.0 * partitions * rebalances;
        // What each preparer's time goes on: busy and free again per order, paused and free
        // again per rebalance.
        let spending_changes = 2.0 * preparers_listed_max * rebalances;
        let points = |orders: f64| {
            3.0 * orders * f64::from(u8::from(self.cabinet.enabled))
                + 2.0 * orders
                + 2.0 * f64::from(self.faults.len() as u32)
                + owner_changes
                + spending_changes
                + 100.0
        };
        let series_rows = samples * per_sample + points(orders);
        let series_rows_max = samples_max * per_sample + points(orders_max) + 10_000.0;
        let in_flight =
            (prep_backlog_max + cook_backlog_max + peak_rate * (service + fry) + 1.0).min(orders);

        let expected = Figures {
            orders: to_u64(orders),
            events: to_u64(events),
            sim_end: SimDuration::from_secs_f64(sim_end),
            series_rows: to_u64(series_rows),
            in_flight: to_u64(in_flight),
        };
        let at_most = Figures {
            orders: to_u64(orders_max),
            events: to_u64(events_max),
            sim_end: SimDuration::from_secs_f64(sim_end_max),
            series_rows: to_u64(series_rows_max),
            in_flight: to_u64(orders_max),
        };

        let time = |end: f64| digits(end) + 10.0;
        let mean_gap = |d: &Distribution| SimDuration::from_secs_f64(moments(d).0);
        let web_from = if self.web.enabled {
            format!(
                ", {} from the web ([web] interarrival, every {} on average)",
                to_u64(web_orders),
                mean_gap(&self.web.interarrival)
            )
        } else {
            String::new()
        };
        let till_profile_note = match &till_profile {
            Some(p) => format!(
                " times [tills] profile's mean rate {:.2}",
                p.mean_rate(self.shop.open_for)
            ),
            None => String::new(),
        };
        let orders_from = format!(
            "{} from [tills] count = {} taking an order every {} on average{till_profile_note}{web_from}, over [shop] open_for = {}",
            to_u64(tills * till_orders),
            self.tills.count,
            mean_gap(&self.tills.interarrival),
            self.shop.open_for,
        );
        let files = vec![
            FileSize {
                name: "orders.csv",
                expected: to_u64(120.0 + orders * (50.0 + 6.0 * time(sim_end))),
                at_most: to_u64(200.0 + orders_max * (80.0 + 8.0 * time(sim_end_max))),
                driven_by: format!("{} orders: {orders_from}", to_u64(orders)),
                written: Written::Always,
            },
            FileSize {
                name: "series.csv",
                expected: to_u64(20.0 + series_rows * (time(sim_end) + 24.0)),
                at_most: to_u64(20.0 + series_rows_max * (time(sim_end_max) + 48.0)),
                driven_by: format!(
                    "{} rows: a sample every [shop] sample_every = {} for {} ({} open, then the drain), {} series each ([kafka] orders_partitions = {}), and 2 per order (a preparer busy, then free)",
                    to_u64(series_rows),
                    self.shop.sample_every,
                    SimDuration::from_secs_f64(sim_end),
                    self.shop.open_for,
                    per_sample,
                    k.orders_partitions
                ),
                written: Written::Always,
            },
            FileSize {
                name: "opensearch-bulk.ndjson",
                expected: to_u64(orders * (180.0 + 2.0 * time(sim_end))),
                at_most: to_u64(orders_max * (300.0 + 2.0 * time(sim_end_max))),
                driven_by: format!("a document per order ({orders_from})"),
                written: if self.analyst.enabled {
                    Written::Always
                } else {
                    Written::Never
                },
            },
            FileSize {
                name: "events.jsonl",
                expected: to_u64(events * (50.0 + time(sim_end))),
                at_most: to_u64(events_max * (150.0 + time(sim_end_max))),
                driven_by: format!(
                    "a line per event, with --trace: {} events, about {per_order:.0} per order",
                    to_u64(events)
                ),
                written: Written::WithTrace,
            },
            FileSize {
                name: "trace.json",
                expected: to_u64(orders * 1000.0 + events * 10.0),
                at_most: to_u64(orders_max * 2500.0 + events_max * 40.0),
                driven_by: format!(
                    "slices, arrows and waits per order, with --perfetto: {} orders, about 1 KB each",
                    to_u64(orders)
                ),
                written: Written::WithPerfetto,
            },
            FileSize {
                name: "summary.json",
                expected: to_u64(2500.0 + 300.0 * f64::from(preparers)),
                at_most: to_u64(5000.0 + 600.0 * preparers_listed_max),
                driven_by: format!(
                    "a line per preparer ({preparers}; scaling lists every one it added)"
                ),
                written: Written::Always,
            },
            FileSize {
                name: "charts/",
                // A slide shows a few dozen lines at most; more partitions are aggregated.
                expected: to_u64(2_000_000.0 + 15.0 * samples * per_sample.min(32.0)),
                at_most: to_u64(4_000_000.0 + 30.0 * samples_max * per_sample.min(32.0)),
                driven_by: format!(
                    "lines of {} samples of {per_sample} series in the SVG charts",
                    to_u64(samples)
                ),
                written: Written::WithCharts,
            },
        ];
        SizeEstimate {
            expected,
            at_most,
            files,
            orders_from,
        }
    }
}

/// A run (or a sweep) beyond a limit: what it would do, what drives it, and the limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooBig {
    /// What would be too big, with the figure and the limit.
    pub what: String,
    /// The keys that make it so.
    pub driven_by: String,
    /// Where to see the whole estimate.
    pub see: &'static str,
}

impl std::error::Error for TooBig {}

impl fmt::Display for TooBig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}); add --yes to run it anyway, or make it smaller ({})",
            self.what, self.driven_by, self.see
        )
    }
}

const RUN_SEE: &str = "`chipshop run --dry-run` shows the estimate";
const SWEEP_SEE: &str = "`chipshop run --dry-run` with a point's switches shows one run's estimate";

/// Bytes in units a reader takes in: `512 B`, `3.4 MB`, `1.2 GB`.
pub fn human_bytes(bytes: u64) -> String {
    let b = bytes as f64;
    for (unit, size) in [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] {
        if b >= size {
            return format!("{:.1} {unit}", b / size);
        }
    }
    format!("{bytes} B")
}

impl SizeEstimate {
    /// The files a run writes with these switches.
    pub fn written(
        &self,
        traces: impl Into<TraceFiles>,
        charts: bool,
    ) -> impl Iterator<Item = &FileSize> {
        let traces = traces.into();
        self.files.iter().filter(move |f| match f.written {
            Written::Always => true,
            Written::WithTrace => traces.events,
            Written::WithPerfetto => traces.perfetto,
            Written::WithCharts => charts,
            Written::Never => false,
        })
    }

    /// Expected bytes of everything the run writes.
    pub fn bytes(&self, traces: impl Into<TraceFiles>, charts: bool) -> u64 {
        self.written(traces, charts)
            .fold(0u64, |sum, f| sum.saturating_add(f.expected))
    }

    /// Checks the expected figures against [`MAX_BYTES`], [`MAX_EVENTS`] and
    /// [`MAX_IN_FLIGHT`].
    pub fn check(&self, traces: impl Into<TraceFiles>, charts: bool) -> Result<(), TooBig> {
        let traces = traces.into();
        let bytes = self.bytes(traces, charts);
        if bytes > MAX_BYTES {
            let biggest = self
                .written(traces, charts)
                .max_by_key(|f| f.expected)
                .expect("a run writes files");
            return Err(TooBig {
                what: format!(
                    "this run would write about {}, more than the {} a run may write without --yes; the most, {}, to {}",
                    human_bytes(bytes),
                    human_bytes(MAX_BYTES),
                    human_bytes(biggest.expected),
                    biggest.name
                ),
                driven_by: biggest.driven_by.clone(),
                see: RUN_SEE,
            });
        }
        if self.expected.events > MAX_EVENTS {
            return Err(TooBig {
                what: format!(
                    "this run would take about {} events, more than the {MAX_EVENTS} a run may take without --yes",
                    self.expected.events
                ),
                driven_by: format!("{} orders: {}", self.expected.orders, self.orders_from),
                see: RUN_SEE,
            });
        }
        if self.expected.in_flight > MAX_IN_FLIGHT {
            return Err(TooBig {
                what: format!(
                    "this run would hold about {} orders at once in memory, more than the {MAX_IN_FLIGHT} a run may hold without --yes",
                    self.expected.in_flight
                ),
                driven_by: format!(
                    "the preparers ([preparers] count, prep_time) or the cook ([cook] baskets, fry_time) can't keep up with {}",
                    self.orders_from
                ),
                see: RUN_SEE,
            });
        }
        Ok(())
    }

    /// The estimate as `--dry-run` prints it: the counts, then a line per file written.
    pub fn report(&self, traces: impl Into<TraceFiles>, charts: bool) -> String {
        let traces = traces.into();
        let e = &self.expected;
        let m = &self.at_most;
        let mut out = format!(
            "estimate (most likely; at most)\n  orders      {} ({})\n  events      {} ({})\n  run length  {} ({})\n  in memory   {} orders at once ({})\n",
            e.orders, m.orders, e.events, m.events, e.sim_end, m.sim_end, e.in_flight, m.in_flight
        );
        for f in self.written(traces, charts) {
            out.push_str(&format!(
                "  {:<23} {} ({}): {}\n",
                f.name,
                human_bytes(f.expected),
                human_bytes(f.at_most),
                f.driven_by
            ));
        }
        out.push_str(&format!(
            "  total       {} written\n",
            human_bytes(self.bytes(traces, charts))
        ));
        out
    }
}

/// Checks a sweep: its runs' expected events together against [`MAX_SWEEP_EVENTS`], and the
/// orders in memory of the `jobs` biggest runs at once against [`MAX_IN_FLIGHT`]. A sweep
/// writes no file per run, so bytes are not counted. `runs` holds one estimate per run.
pub fn check_sweep<'a>(
    runs: impl IntoIterator<Item = &'a SizeEstimate>,
    jobs: usize,
) -> Result<(), TooBig> {
    let mut events = 0u64;
    let mut in_flight: Vec<u64> = Vec::new();
    let mut count = 0u64;
    for run in runs {
        events = events.saturating_add(run.expected.events);
        in_flight.push(run.expected.in_flight);
        count += 1;
    }
    if events > MAX_SWEEP_EVENTS {
        return Err(TooBig {
            what: format!(
                "this sweep's {count} runs would take about {events} events, more than the {MAX_SWEEP_EVENTS} a sweep may take without --yes"
            ),
            driven_by: "the grid's points times --replications, and each run's orders and samples"
                .into(),
            see: SWEEP_SEE,
        });
    }
    in_flight.sort_unstable_by(|a, b| b.cmp(a));
    let together: u64 = in_flight.iter().take(jobs.max(1)).sum();
    if together > MAX_IN_FLIGHT {
        return Err(TooBig {
            what: format!(
                "this sweep's {} runs at once would hold about {together} orders in memory, more than the {MAX_IN_FLIGHT} allowed without --yes",
                jobs.max(1)
            ),
            driven_by: "backlogs where the preparers or the cook can't keep up; fewer --jobs hold fewer at once".into(),
            see: SWEEP_SEE,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(text: &str) -> Scenario {
        Scenario::from_toml(text, "e.toml").unwrap()
    }

    #[test]
    fn orders_follow_the_mean_interarrival() {
        // demo1's till: one order every 1.25 s on average, for 10 minutes: 480 (+1).
        let e = Scenario::load("demo1").unwrap().size_estimate();
        assert_eq!(e.expected.orders, 481);
        assert!(e.at_most.orders > 481 && e.at_most.orders < 700, "{e:?}");
    }

    #[test]
    fn a_backlog_lengthens_the_run() {
        // demo2: three tills (2.4 orders/s) and one preparer (1.33/s) for 10 minutes leave
        // 640 orders to drain at 1.33/s: 480 s more.
        let e = Scenario::load("demo2").unwrap().size_estimate();
        let end = e.expected.sim_end.as_secs_f64();
        assert!((end - 1080.0).abs() < 10.0, "{end}");
    }

    #[test]
    fn tiny_samples_and_long_days_are_refused() {
        let small = scenario("[shop]\nopen_for = \"10m\"\n");
        assert!(small.size_estimate().check(false, true).is_ok());
        let err = scenario("[shop]\nsample_every = \"1ns\"\n")
            .size_estimate()
            .check(false, false)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("series.csv")
                && err.contains("[shop] sample_every = 1ns")
                && err.contains("--yes"),
            "{err}"
        );
        // Sampled hourly, so that orders.csv is the largest file.
        let err = scenario("[shop]\nopen_for = \"100000h\"\nsample_every = \"1h\"\n")
            .size_estimate()
            .check(false, false)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("orders.csv") && err.contains("open_for = 100000h"),
            "{err}"
        );
        // Thirty days of one till: the files are under the limit, the trace is not.
        let long = scenario("[shop]\nopen_for = \"30d\"\n").size_estimate();
        assert!(
            long.check(false, true).is_ok(),
            "{}",
            long.report(false, true)
        );
        let err = long.check(true, true).unwrap_err().to_string();
        assert!(
            err.contains("events.jsonl") && err.contains("--trace"),
            "{err}"
        );
    }

    #[test]
    fn a_sweep_adds_up_its_runs() {
        let run = scenario("[shop]\nopen_for = \"10m\"\n").size_estimate();
        assert!(check_sweep(std::iter::repeat_n(&run, 100), 2).is_ok());
        let per_run = run.expected.events;
        let runs = (MAX_SWEEP_EVENTS / per_run + 1) as usize;
        let err = check_sweep(std::iter::repeat_n(&run, runs), 2)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("--yes") && err.contains("--replications"),
            "{err}"
        );
    }

    #[test]
    fn human_bytes_read_well() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(3_400_000), "3.4 MB");
        assert_eq!(human_bytes(1_200_000_000), "1.2 GB");
    }
}
