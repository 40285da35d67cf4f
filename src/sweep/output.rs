//! Writing a sweep's files: sweep.csv, sweep.json and (with `--raw`) raw.csv, each written
//! under a temporary name and renamed into place.
//!
//! Only simulated results go into these files, never wall-clock numbers, so a sweep's files
//! are the same whatever machine or `--jobs` made them.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::grid::{Grid, Point, Switch};
use super::runner::RunResult;
use super::shard::SweepDefinition;
use super::stats::{MEASURES, Measures, summarise};
use crate::output::{AtomicFile, OutputError};
use crate::scenario::Scenario;

/// Writes sweep.csv and sweep.json (and raw.csv if `raw`) into `out` for the sweep
/// `definition` (whose grid is `grid`) from `results`, which hold every run of the sweep in
/// flat-index order. A local sweep and a merge of shards call this with the same definition,
/// so they write the same bytes.
pub fn write_sweep(
    out: &Path,
    definition: &SweepDefinition,
    grid: &Grid,
    results: &[RunResult],
    raw: bool,
) -> Result<(), OutputError> {
    let replications = definition.replications;
    let base: Scenario =
        serde_json::from_value(definition.scenario.clone()).map_err(|e| OutputError::Format {
            path: out.join("sweep.json"),
            message: format!("the sweep's scenario does not read back: {e}"),
        })?;
    let fixed = fixed_values(&base, grid);
    let points = grid.points();
    let columns: Vec<&str> = grid.axes.iter().map(|a| a.switch.column()).collect();
    let mut csv = String::new();
    let mut header: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    for m in MEASURES {
        header.extend([format!("{m}_mean"), format!("{m}_low"), format!("{m}_high")]);
    }
    csv.push_str(&header.join(","));
    csv.push('\n');
    let mut json_points = Vec::new();
    for (i, point) in points.iter().enumerate() {
        let runs: Vec<Measures> = results[i * replications..(i + 1) * replications]
            .iter()
            .map(|r| r.measures)
            .collect();
        let stats = summarise(&runs);
        let mut row: Vec<String> = point.values.clone();
        let mut obj = Map::new();
        obj.insert("parameters".into(), parameters(&columns, point));
        for (name, s) in MEASURES.iter().zip(&stats.measures) {
            row.extend([s.mean.to_string(), s.low.to_string(), s.high.to_string()]);
            obj.insert(
                (*name).into(),
                json!({"mean": s.mean, "low": s.low, "high": s.high}),
            );
        }
        csv.push_str(&row.join(","));
        csv.push('\n');
        json_points.push(Value::Object(obj));
    }
    AtomicFile::write_all(&out.join("sweep.csv"), csv.as_bytes())?;
    let axes: Vec<Value> = grid
        .axes
        .iter()
        .map(|a| json!({"switch": a.switch.column(), "values": a.values}))
        .collect();
    let doc = json!({
        "scenario": definition.scenario_name,
        "seed": definition.seed,
        "replications": replications,
        "confidence": 0.95,
        "axes": axes,
        "fixed": fixed,
        "faults": base.faults.len(),
        "scaling": base.scaling.enabled,
        "points": json_points,
    });
    let mut text = serde_json::to_string_pretty(&doc).map_err(|e| OutputError::Format {
        path: out.join("sweep.json"),
        message: e.to_string(),
    })?;
    text.push('\n');
    AtomicFile::write_all(&out.join("sweep.json"), text.as_bytes())?;
    if raw {
        let mut csv = String::new();
        let mut header: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        header.extend(["replication".into(), "seed".into()]);
        header.extend(MEASURES.iter().map(|m| m.to_string()));
        csv.push_str(&header.join(","));
        csv.push('\n');
        for r in results {
            let mut row = points[r.point].values.join(",");
            if !row.is_empty() {
                row.push(',');
            }
            let _ = write!(row, "{},{}", r.replication, r.seed);
            for v in r.measures.0 {
                let _ = write!(row, ",{v}");
            }
            csv.push_str(&row);
            csv.push('\n');
        }
        AtomicFile::write_all(&out.join("raw.csv"), csv.as_bytes())?;
    }
    Ok(())
}

/// The scenario's own values of the switches the grid does not sweep (tills, preparers,
/// partitions, open-for, the plaice share where plaice is on the menu, and the preparers' way
/// of rebalancing), so that a chart can say what was held fixed.
fn fixed_values(base: &Scenario, grid: &Grid) -> Map<String, Value> {
    let values = [
        (Switch::Preparers, json!(base.preparers.count)),
        (Switch::Tills, json!(base.tills.count)),
        (Switch::Partitions, json!(base.kafka.orders_partitions)),
        (Switch::OpenFor, json!(base.shop.open_for.to_string())),
        // Three decimals: the die's 1/6 is 0.167 in a subtitle, not 0.16666666666666666.
        (
            Switch::PlaiceShare,
            json!((base.plaice_fraction() * 1000.0).round() / 1000.0),
        ),
        (
            Switch::GroupProtocol,
            json!(base.kafka.group_protocol.name()),
        ),
        (Switch::Assignor, json!(base.kafka.assignor().name())),
        (Switch::Static, json!(base.preparers.static_members)),
    ];
    let swept = |s: Switch| grid.axes.iter().any(|a| a.switch == s);
    // Left to its default, the assignor follows a swept protocol: no one value was held.
    let assignor_follows = base.kafka.assignor.is_none() && swept(Switch::GroupProtocol);
    values
        .into_iter()
        .filter(|(s, _)| *s != Switch::PlaiceShare || base.orders.plaice)
        .filter(|(s, _)| *s != Switch::Assignor || !assignor_follows)
        .filter(|(s, _)| !swept(*s))
        .map(|(s, v)| (s.column().to_string(), v))
        .collect()
}

/// The point's values as JSON: numbers where they are numbers, else text (`"2m"`).
fn parameters(columns: &[&str], point: &Point) -> Value {
    let mut m = Map::new();
    for (c, v) in columns.iter().zip(&point.values) {
        let value = serde_json::from_str::<Value>(v).unwrap_or_else(|_| Value::String(v.clone()));
        m.insert((*c).into(), value);
    }
    Value::Object(m)
}
