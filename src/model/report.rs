//! What a finished run of the shop tells: counts, waits, latencies, preparers, Kafka, Redis.

use serde::Serialize;

use super::ledger::Ledger;
use crate::engine::{Quantiles, SimTime, Tally};
use crate::kafka_model::Removals;

/// Mean, percentiles and maximum of a set of durations, in seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct DurationStats {
    /// Mean.
    pub mean: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Maximum.
    pub max: f64,
}

impl DurationStats {
    /// From an exact mean and maximum and exact (nearest-rank) quantiles (0 for all with no
    /// observations).
    pub fn new(tally: &Tally, q: &Quantiles) -> DurationStats {
        if tally.count() == 0 {
            return DurationStats::default();
        }
        DurationStats {
            mean: tally.mean(),
            p50: q.quantile(0.5).as_secs_f64(),
            p90: q.quantile(0.9).as_secs_f64(),
            p99: q.quantile(0.99).as_secs_f64(),
            max: tally.max().unwrap_or(0.0),
        }
    }
}

/// Order counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OrderCounts {
    /// Orders the tills took.
    pub placed: u64,
    /// Orders made up and handed over.
    pub completed: u64,
    /// Orders still somewhere in the shop at the end.
    pub in_flight: u64,
    /// Web orders never collected.
    pub no_shows: u64,
    /// Orders made up more than once (redelivered after a crash).
    pub duplicates: u64,
    /// Redelivered orders an idempotent preparer found already made, and skipped.
    pub duplicates_avoided: u64,
}

/// One preparer's share of the work.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PreparerReport {
    /// The preparer's number, from 1.
    pub id: u32,
    /// Orders it made up.
    pub orders: u64,
    /// Fraction of the run it spent making orders up.
    pub busy_fraction: f64,
    /// Fraction of the run it was paused by rebalances: it owned no partition and waited for
    /// some (every member in an eager rebalance; under cooperative sticky or the consumer
    /// protocol only the members whose partitions moved).
    pub paused_fraction: f64,
    /// Seconds it was paused by rebalances (`paused_fraction` of the run).
    pub paused_s: f64,
    /// Fraction of the run it was in the group and free (polling, waiting for Redis, or with
    /// no partition to read).
    pub idle_fraction: f64,
    /// Fraction of the run it was out of the group: before joining, crashed, or scaled away.
    pub away_fraction: f64,
    /// The partitions it owned at the end, e.g. `["orders-0", "orders-1"]`.
    pub partitions: Vec<String>,
}

/// Kafka's side of the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KafkaReport {
    /// The preparers' `group.protocol`: `classic` or `consumer`.
    pub protocol: &'static str,
    /// The preparers' assignor, e.g. `range`, `cooperative_sticky`, `uniform`.
    pub assignor: &'static str,
    /// Whether the preparers are static members (`group.instance.id` `preparer-N`).
    pub static_members: bool,
    /// Members the preparers' group lost, by reason: sessions that timed out, members that
    /// did not poll within `max.poll.interval.ms`, clean leaves, missed rebalance timeouts.
    pub removals: Removals,
    /// Joins refused with UNRELEASED_INSTANCE_ID: a static preparer back while its old
    /// session still lived (consumer protocol); its process restarted 10 s later.
    pub unreleased_instance_id: u64,
    /// Rebalances of the preparers' group.
    pub rebalances: u64,
    /// The highest total lag of the preparers' group on `orders`.
    pub max_lag: u64,
    /// Records produced to every topic.
    pub records: u64,
    /// Records delivered again after a crash.
    pub redeliveries: u64,
}

/// Redis's side of the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RedisReport {
    /// Commands (and scripts) run.
    pub commands: u64,
    /// Orders made up with portions that were not there.
    pub oversold: u64,
    /// Transactions aborted because a watched key changed.
    pub watch_aborts: u64,
    /// Orders a preparer sent to the cook because the cabinet was short.
    pub sent_to_cook: u64,
}

/// The whole story of one run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShopReport {
    /// The scenario's name.
    pub scenario: String,
    /// The master seed.
    pub seed: u64,
    /// The command-line switches that changed the scenario (the seed aside), e.g.
    /// `{"preparers": 3}`; empty when none did.
    pub overrides: crate::scenario::Overrides,
    /// Events the engine handled.
    pub events: u64,
    /// When the last event ran, in seconds.
    pub sim_end_s: f64,
    /// Order counts.
    pub orders: OrderCounts,
    /// Placed at a till -> a preparer starts on it.
    pub wait_s: DurationStats,
    /// Placed at a till -> ready.
    pub latency_s: DurationStats,
    /// Completed orders per minute of the run (open time plus the drain).
    pub throughput_per_min: f64,
    /// Each preparer.
    pub preparers: Vec<PreparerReport>,
    /// Kafka.
    pub kafka: KafkaReport,
    /// Redis.
    pub redis: RedisReport,
    /// Revenue of the orders placed, in pence.
    pub revenue_pence: u64,
    /// Preparers added by scaling.
    pub preparers_added: u64,
    /// Preparers removed by scaling.
    pub preparers_removed: u64,
    /// Food made for web customers who never came, in pence.
    pub wasted_pence: u64,
    /// The accountant's and analyst's view, where they run.
    pub analytics: AnalyticsReport,
}

/// What the accountant and the analyst saw (zero where they are off).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct AnalyticsReport {
    /// Revenue the accountant read from `orders`, in pence.
    pub accountant_revenue_pence: u64,
    /// Messages the analyst read from the tills (`orders`).
    pub till_messages: u64,
    /// Messages the analyst read from the preparers (`cook`).
    pub cook_messages: u64,
    /// Cook messages per till message: how often an order had to wait for frying.
    pub cook_ratio: f64,
}

impl ShopReport {
    /// The ledger's part of the report.
    pub(crate) fn orders_from(
        ledger: &Ledger,
        end: SimTime,
    ) -> (OrderCounts, DurationStats, DurationStats, f64) {
        let counts = OrderCounts {
            placed: ledger.placed_count(),
            completed: ledger.completed_count(),
            in_flight: ledger.in_flight_count(),
            no_shows: ledger.no_shows(),
            duplicates: 0,
            duplicates_avoided: 0,
        };
        let (wt, wq) = ledger.wait();
        let (lt, lq) = ledger.latency();
        let minutes = end.as_secs_f64() / 60.0;
        let throughput = if minutes > 0.0 {
            counts.completed as f64 / minutes
        } else {
            0.0
        };
        (
            counts,
            DurationStats::new(wt, wq),
            DurationStats::new(lt, lq),
            throughput,
        )
    }
}
