//! What the charts read from a run's folder: summary.json, orders.csv and series.csv.

use std::path::Path;

use crate::model::Item;
use crate::output::OutputError;
use crate::scenario::Overrides;

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
    /// series.csv rows (time, series, value), empty when the file is absent.
    pub series: Vec<(f64, String, f64)>,
}

fn read(path: &Path) -> Result<String, OutputError> {
    std::fs::read_to_string(path).map_err(|e| OutputError::read(path, e))
}

fn bad(path: &Path, message: impl Into<String>) -> OutputError {
    OutputError::invalid(path, None, None, message)
}

fn opt_time(s: &str) -> Option<f64> {
    if s.is_empty() { None } else { s.parse().ok() }
}

fn price(items: &str) -> u64 {
    items
        .split('+')
        .map(|part| {
            let (count, name) = match part.split_once('x') {
                Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => {
                    (n.parse().unwrap_or(1), rest)
                }
                _ => (1, part),
            };
            ITEMS
                .iter()
                .find(|i| i.name() == name)
                .map_or(0, |i| i.price_pence() * count)
        })
        .sum()
}

fn main_item(items: &str) -> usize {
    let first = items.split('+').next().unwrap_or("");
    let name = first.split_once('x').map_or(first, |(n, rest)| {
        if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
            rest
        } else {
            first
        }
    });
    ITEMS.iter().position(|i| i.name() == name).unwrap_or(0)
}

/// The menu's item names, in the order `OrderRow::main_item` counts.
pub(super) fn item_name(i: usize) -> &'static str {
    ITEMS.get(i).map_or("?", |i| i.name())
}

impl RunData {
    /// Reads the run in `dir`; series.csv is optional.
    pub fn load(dir: &Path) -> Result<RunData, OutputError> {
        if !dir.is_dir() {
            return Err(OutputError::read(
                dir,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such run folder"),
            ));
        }
        let sp = dir.join("summary.json");
        let summary: serde_json::Value =
            serde_json::from_str(&read(&sp)?).map_err(|e| bad(&sp, e.to_string()))?;
        let f = |v: &serde_json::Value| v.as_f64().unwrap_or(0.0);
        let lat = &summary["latency_s"];
        let preparers = summary["preparers"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| PreparerRow {
                        id: p["id"].as_u64().unwrap_or(0),
                        busy_fraction: f(&p["busy_fraction"]),
                        paused_fraction: f(&p["paused_fraction"]),
                        idle_fraction: p["idle_fraction"]
                            .as_f64()
                            .unwrap_or_else(|| 1.0 - f(&p["busy_fraction"])),
                        away_fraction: f(&p["away_fraction"]),
                        partitions: p["partitions"]
                            .as_array()
                            .map(|a| {
                                a.iter()
                                    .filter_map(|s| s.as_str().map(String::from))
                                    .collect()
                            })
                            .unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default();

        let op = dir.join("orders.csv");
        let text = read(&op)?;
        let mut orders = Vec::new();
        for (n, line) in text.lines().enumerate().skip(1) {
            let cols: Vec<&str> = line.split(',').collect();
            if cols.len() < 7 {
                return Err(bad(&op, format!("line {}: too few columns", n + 1)));
            }
            let placed = cols[3]
                .parse()
                .map_err(|_| bad(&op, format!("line {}: bad placed time", n + 1)))?;
            let id = cols[0]
                .parse()
                .map_err(|_| bad(&op, format!("line {}: bad order id", n + 1)))?;
            orders.push(OrderRow {
                id,
                placed,
                started: opt_time(cols[4]),
                cooked: opt_time(cols[5]),
                ready: opt_time(cols[6]),
                collected: cols.get(7).and_then(|c| opt_time(c)),
                fry_start: cols.get(11).and_then(|c| opt_time(c)),
                make_start: cols.get(12).and_then(|c| opt_time(c)),
                price_pence: price(cols[2]),
                main_item: main_item(cols[2]),
                preparer: cols.get(8).and_then(|p| p.parse().ok()),
            });
        }

        let serp = dir.join("series.csv");
        let mut series = Vec::new();
        if serp.is_file() {
            for (n, line) in read(&serp)?.lines().enumerate().skip(1) {
                let mut it = line.splitn(3, ',');
                let (Some(t), Some(s), Some(v)) = (it.next(), it.next(), it.next()) else {
                    return Err(bad(&serp, format!("line {}: too few columns", n + 1)));
                };
                let (Ok(t), Ok(v)) = (t.parse(), v.parse()) else {
                    return Err(bad(&serp, format!("line {}: bad number", n + 1)));
                };
                series.push((t, s.to_string(), v));
            }
        }
        Ok(RunData {
            scenario: summary["scenario"].as_str().unwrap_or("?").to_string(),
            seed: summary["seed"].as_u64().unwrap_or(0),
            overrides: serde_json::from_value::<Overrides>(summary["overrides"].clone())
                .map(|o| o.describe())
                .unwrap_or_default(),
            sim_end_s: f(&summary["sim_end_s"]),
            latency_quantiles: [f(&lat["p50"]), f(&lat["p90"]), f(&lat["p99"])],
            preparers,
            orders,
            series,
        })
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

    /// The run's length for time axes, in seconds (at least 1).
    pub fn end(&self) -> f64 {
        self.sim_end_s.max(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::price;

    #[test]
    fn prices_items_with_counts() {
        assert_eq!(price("cod_and_chips+2xlarge_chips"), 1050 + 900);
        assert_eq!(price("pie"), 400);
    }
}
