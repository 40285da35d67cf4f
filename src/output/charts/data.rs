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
    /// The first item's place on the menu (0 = cod and chips).
    pub main_item: usize,
    /// The order has plaice (fried to order) in it, anywhere.
    pub plaice: bool,
    /// The till it was placed at, from 1 (the web's is the last).
    pub till: u64,
    /// Its `orders` partition, once a preparer read it.
    pub partition: Option<u64>,
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
    /// Orders in file order (each once: its first making).
    pub orders: Vec<OrderRow>,
    /// The rows of orders made again after they were ready (`duplicate` 1 in orders.csv), in
    /// file order: `ready` is when the second making ended.
    pub duplicate_rows: Vec<OrderRow>,
    /// The names of the series in series.csv, in order of first appearance.
    pub series_names: Vec<String>,
    /// series.csv rows in file (time) order: time, index into `series_names`, value. Empty
    /// when the file is absent.
    pub series: Vec<(f64, u32, f64)>,
    /// Portions sold that the cabinet did not have (summary.json's `redis.oversold`).
    pub oversold: u64,
    /// Orders a preparer sent to the cook because the cabinet was short.
    pub sent_to_cook: u64,
    /// Records the preparers' group was handed again (after a crash or a revoke).
    pub redeliveries: u64,
    /// Orders made twice.
    pub duplicates: u64,
    /// The analyst's share of orders that waited for frying, when there is an analyst.
    pub cook_ratio: Option<f64>,
    /// What the run's scenario.toml says, where the charts need it (none for older runs).
    pub settings: RunSettings,
    /// The time window drawn, in seconds, when the charts show part of the run (see
    /// `window.rs`): every time axis spans it and nothing outside it is drawn.
    pub window: Option<(f64, f64)>,
}

/// The few scenario settings the charts say or use, from the run's resolved scenario.toml.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunSettings {
    /// `[kafka] auto_commit_interval`, as written (`"5s"`): it explains a sawtooth in the lag.
    pub auto_commit_interval: Option<String>,
    /// The web's till number (the last), when web orders are on.
    pub web_till: Option<u64>,
    /// Whether `[scaling]` adds and removes preparers.
    pub scaling: bool,
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
        let mut data = RunData::parse(dir, &summary, &orders, series.as_deref())?;
        if dir.join("scenario.toml").exists() {
            data.settings =
                super::run_parse::settings(&dir.join("scenario.toml"), &read("scenario.toml")?)?;
        }
        Ok(data)
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

    /// The right end of time axes, in seconds: the window's end, or the run's (at least 1).
    pub fn end(&self) -> f64 {
        match self.window {
            Some((_, to)) => to,
            None => self.sim_end_s.max(1.0),
        }
    }

    /// The left end of time axes, in seconds: the window's start, or 0.
    pub fn start(&self) -> f64 {
        self.window.map_or(0.0, |w| w.0)
    }

    /// The points of every series whose name starts with `prefix`, by the rest of the name
    /// (`lag:` gives `orders-0` and so on), each in time order.
    pub(super) fn series_by(
        &self,
        prefix: &str,
    ) -> std::collections::BTreeMap<String, Vec<(f64, f64)>> {
        let mut lines: std::collections::BTreeMap<String, Vec<(f64, f64)>> = Default::default();
        for (t, s, v) in self.points() {
            if let Some(rest) = s.strip_prefix(prefix) {
                lines.entry(rest.to_string()).or_default().push((t, v));
            }
        }
        lines
    }

    /// The points of the series called `name`, in time order.
    pub(super) fn series_named(&self, name: &str) -> Vec<(f64, f64)> {
        self.points()
            .filter(|p| p.1 == name)
            .map(|(t, _, v)| (t, v))
            .collect()
    }
}
