//! Time series a run records for charts: lag per partition, cabinet stock, rebalances, crashes.

use crate::engine::SimTime;

/// Where sampled time series go (the output layer streams them to `series.csv`).
pub trait SeriesSink {
    /// One point of `series` (e.g. `lag:orders-0`, `stock:cod`, `rebalance_start:2`) at `t`.
    fn point(&mut self, t: SimTime, series: &str, value: i64);
}

/// Discards every point (runs that draw no charts, such as sweeps and benchmarks).
impl SeriesSink for () {
    fn point(&mut self, _t: SimTime, _series: &str, _value: i64) {}
}
