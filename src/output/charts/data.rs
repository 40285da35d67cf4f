//! What the charts read from a run's folder: summary.json, orders.csv and series.csv.

use std::path::Path;

use crate::model::Item;
use crate::output::OutputError;

const ITEMS: [Item; 5] = [
    Item::CodAndChips,
    Item::PlaiceAndChips,
    Item::Chips,
    Item::LargeChips,
    Item::Pie,
];

/// One row of orders.csv, as the charts need it.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderRow {
    /// The order's id (the order it was placed in, from 1).
    pub id: u64,
    /// Placed at a till, in seconds.
    pub placed: f64,
    /// A preparer started on it.
    pub started: Option<f64>,
    /// The order waited for the cook (it has a `cooked` time).
    pub cooked: Option<f64>,
    /// Ready.
    pub ready: Option<f64>,
    /// Collected by the customer (none for a web no-show).
    pub collected: Option<f64>,
    /// The cook started frying for it.
    pub fry_start: Option<f64>,
    /// The preparer started making it up (older runs: none).
    pub make_start: Option<f64>,
    /// Price in pence, from the items and `Item::price_pence`.
    pub price_pence: u64,
    /// The first item's place on the menu (0 = cod and chips), for colours.
    pub main_item: usize,
    /// The preparer that made it up, if one did.
    pub preparer: Option<u64>,
}

/// One preparer from summary.json.
#[derive(Clone, Debug, PartialEq)]
pub struct PreparerRow {
    /// Its number.
    pub id: u64,
    /// Fraction of the run it was busy.
    pub busy_fraction: f64,
    /// Fraction of the run it was paused by a rebalance (0 in older runs).
    pub paused_fraction: f64,
    /// Fraction of the run it was in the group and free (older runs: the rest of the run).
    pub idle_fraction: f64,
    /// Fraction of the run it was out of the group (0 in older runs).
    pub away_fraction: f64,
    /// The partitions it owned at the end.
    pub partitions: Vec<String>,
}

/// A run's files, read for charting.
#[derive(Clone, Debug, PartialEq)]
pub struct RunData {
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// The command-line overrides of the scenario, as a reader says them (`preparers 3`).
    pub overrides: Vec<String>,
    /// When the run ended, in seconds.
    pub sim_end_s: f64,
    /// Latency p50, p90, p99 in seconds, from summary.json.
    pub latency_quantiles: [f64; 3],
    /// Preparers.
    pub preparers: Vec<PreparerRow>,
    /// Orders in file order.
    pub orders: Vec<OrderRow>,
    /// The names of the series in series.csv, in order of first appearance.
    pub series_names: Vec<String>,
    /// series.csv rows in file (time) order: time, index into `series_names`, value. Empty
    /// when the file is absent.
    pub series: Vec<(f64, u32, f64)>,
}

/// The menu's item names, in the order `OrderRow::main_item` counts.
pub(super) fn item_name(i: usize) -> &'static str {
    ITEMS.get(i).map_or("?", |i| i.name())
}

/// The menu's items, for the loader.
pub(super) fn items() -> &'static [Item] {
    &ITEMS
}

impl RunData {
    /// Reads the run in `dir`: summary.json, orders.csv and, when present, series.csv, checked
    /// strictly (see [`RunData::parse`]).
    pub fn load(dir: &Path) -> Result<RunData, OutputError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|e| OutputError::read(&path, e))
        };
        let summary = read("summary.json")?;
        let orders = read("orders.csv")?;
        let series = if dir.join("series.csv").exists() {
            Some(read("series.csv")?)
        } else {
            None
        };
        RunData::parse(dir, &summary, &orders, series.as_deref())
    }

    /// Reads a run from the texts of its summary.json, orders.csv and series.csv (`None`: no
    /// such file); `dir` names the files in errors. Anything chipshop would not have written
    /// (a truncated row, an empty file, a name that is not text, NaN, an infinite or negative
    /// time, an order ready before it was placed) is an error naming the file, the line and
    /// the column or key, and what would be valid. Never panics, whatever the input.
    pub fn parse(
        dir: &Path,
        summary: &str,
        orders: &str,
        series: Option<&str>,
    ) -> Result<RunData, OutputError> {
        super::run_parse::parse(dir, summary, orders, series)
    }

    /// Latencies (placed to ready) in seconds, sorted, with whether the order waited for the cook.
    pub fn latencies(&self) -> Vec<(f64, bool)> {
        let mut v: Vec<(f64, bool)> = self
            .orders
            .iter()
            .filter_map(|o| o.ready.map(|r| (r - o.placed, o.cooked.is_some())))
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v
    }

    /// series.csv's rows as (time, series name, value), in time order.
    pub fn points(&self) -> impl Iterator<Item = (f64, &str, f64)> + '_ {
        self.series.iter().map(|&(t, s, v)| {
            let name = self.series_names.get(s as usize).map_or("", String::as_str);
            (t, name, v)
        })
    }

    /// The run's length for time axes, in seconds (at least 1).
    pub fn end(&self) -> f64 {
        self.sim_end_s.max(1.0)
    }
}
