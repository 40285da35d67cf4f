//! What a run hands to the outside as it goes: finished orders, sampled series, indexed
//! documents. The output layer streams them to files; tests and benchmarks discard them.

use serde::Serialize;

use super::ledger::OrderRecord;
use super::trace::TraceEvent;
use crate::engine::SimTime;

/// An order as the analyst indexes it for search (one OpenSearch document).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnalystDoc {
    /// The order id (also the document id).
    pub order: u64,
    /// The till, from 1.
    pub till: u32,
    /// The items, e.g. `cod_and_chips+large_chips`.
    pub items: String,
    /// Portions in the order.
    pub count: u32,
    /// Price in pence.
    pub price_pence: u64,
    /// When the till sent it, in seconds.
    pub placed_s: f64,
    /// When the analyst read it, in seconds.
    pub indexed_s: f64,
    /// Its `orders` partition.
    pub partition: u32,
    /// Its offset there.
    pub offset: u64,
}

/// Where a run's streams go. Every method does nothing by default.
pub trait RunOutputs {
    /// An order is done (or, at the end, still in flight).
    fn order_finished(&mut self, _record: &OrderRecord) {}
    /// An order was made again after it was ready (a redelivery after a crash): `ready` is when
    /// the second making ended, `collected` is none.
    fn order_duplicated(&mut self, _record: &OrderRecord) {}
    /// One point of `series` (e.g. `lag:orders-0`, `stock:cod`, `rebalance_start:2`) at `t`.
    fn point(&mut self, _t: SimTime, _series: &str, _value: i64) {}
    /// The analyst indexed an order.
    fn indexed(&mut self, _doc: &AnalystDoc) {}
    /// Whether [`trace`](Self::trace) wants events: the shop builds the costlier ones (names
    /// looked up, records found in the log) only then.
    #[inline]
    fn tracing(&self) -> bool {
        false
    }
    /// Something happened at `t` (see [`TraceEvent`]); called only while
    /// [`tracing`](Self::tracing) is true.
    fn trace(&mut self, _t: SimTime, _event: &TraceEvent<'_>) {}
}

/// Discards everything (sweeps, tests, benchmarks).
impl RunOutputs for () {}
