//! Writing a sweep's files: sweep.csv, sweep.json and (with `--raw`) raw.csv, each written
//! under a temporary name and renamed into place.
//!
//! Only simulated results go into these files, never wall-clock numbers, so a sweep's files
//! are the same whatever machine or `--jobs` made them.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::grid::{Grid, Point};
use super::runner::RunResult;
use super::stats::{MEASURES, Measures, summarise};
use crate::output::{AtomicFile, OutputError};

/// Writes sweep.csv and sweep.json (and raw.csv if `raw`) into `out` from `results`, which
/// hold every run of the sweep in flat-index order.
pub fn write_sweep(
    out: &Path,
    scenario: &str,
    master: u64,
    grid: &Grid,
    replications: usize,
    results: &[RunResult],
    raw: bool,
) -> Result<(), OutputError> {
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
        "scenario": scenario,
        "seed": master,
        "replications": replications,
        "confidence": 0.95,
        "axes": axes,
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

/// The point's values as JSON: numbers where they are numbers, else text (`"2m"`).
fn parameters(columns: &[&str], point: &Point) -> Value {
    let mut m = Map::new();
    for (c, v) in columns.iter().zip(&point.values) {
        let value = serde_json::from_str::<Value>(v).unwrap_or_else(|_| Value::String(v.clone()));
        m.insert((*c).into(), value);
    }
    Value::Object(m)
}
