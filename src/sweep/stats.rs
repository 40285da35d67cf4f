//! The measures of one run and their summary over replications (mean, 95% Student-t CI).

use serde::{Deserialize, Serialize};

use crate::engine::ReplicationStats;
use crate::model::ShopReport;

/// The names of the measures, in column order.
pub const MEASURES: [&str; 13] = [
    "throughput_per_min",
    "wait_mean_s",
    "wait_p50_s",
    "wait_p90_s",
    "wait_p99_s",
    "latency_p99_s",
    "preparer_utilisation",
    "max_lag",
    "rebalances",
    "paused_s",
    "oversold",
    "revenue_pence",
    "wasted_pence",
];

/// The measures of one run, in the order of [`MEASURES`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measures(pub [f64; MEASURES.len()]);

impl Measures {
    /// Picks the measures out of a run's report. Preparer utilisation is the mean busy
    /// fraction over the preparers; `paused_s` the preparer-seconds paused by rebalances.
    pub fn from_report(r: &ShopReport) -> Measures {
        let utilisation = if r.preparers.is_empty() {
            0.0
        } else {
            r.preparers.iter().map(|p| p.busy_fraction).sum::<f64>() / r.preparers.len() as f64
        };
        Measures([
            r.throughput_per_min,
            r.wait_s.mean,
            r.wait_s.p50,
            r.wait_s.p90,
            r.wait_s.p99,
            r.latency_s.p99,
            utilisation,
            r.kafka.max_lag as f64,
            r.kafka.rebalances as f64,
            r.preparers.iter().map(|p| p.paused_s).sum(),
            r.redis.oversold as f64,
            r.revenue_pence as f64,
            r.wasted_pence as f64,
        ])
    }
}

/// One measure at one grid point over its replications.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// Mean over replications.
    pub mean: f64,
    /// Low end of the 95% confidence interval (`-inf`, written as null in JSON, with one
    /// replication).
    pub low: f64,
    /// High end of the 95% confidence interval.
    pub high: f64,
}

/// All measures at one grid point.
#[derive(Clone, Debug, PartialEq)]
pub struct PointStats {
    /// One interval per measure, in the order of [`MEASURES`].
    pub measures: Vec<Interval>,
}

/// Summarises the runs of one point (its replications, in order).
pub fn summarise(runs: &[Measures]) -> PointStats {
    let measures = (0..MEASURES.len())
        .map(|m| {
            let values: Vec<f64> = runs.iter().map(|r| r.0[m]).collect();
            let s = ReplicationStats::from_values(&values);
            Interval {
                mean: s.mean,
                low: s.low(),
                high: s.high(),
            }
        })
        .collect();
    PointStats { measures }
}
