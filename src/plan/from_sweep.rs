//! A finished sweep read back for `chipshop plan --from DIR`: its grid and the measures of
//! every replication (sweep.json and raw.csv, as `chipshop sweep --raw` or `sweep merge --raw`
//! writes them). Not the deciding: the search does that.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::error::PlanError;
use super::{Cost, PlanAxis, PlanPoint};
use crate::engine::SimDuration;
use crate::sweep::{MEASURES, Measures, Switch};

/// A finished sweep: its definition and every run's measures.
#[derive(Clone, Debug, PartialEq)]
pub struct FinishedSweep {
    /// The scenario's name.
    pub scenario: String,
    /// The sweep's master seed.
    pub seed: u64,
    /// Replications per point.
    pub replications: usize,
    /// Its axes, one switch each.
    pub axes: Vec<PlanAxis>,
    /// Each point's values (grid order, the last axis fastest) and the value of every switch
    /// (NaN where the sweep does not say: a plaice share it did not vary).
    pub points: Vec<(Vec<String>, Vec<f64>)>,
    /// Each point's runs, replication 0 first.
    pub runs: Vec<Vec<Measures>>,
}

impl FinishedSweep {
    /// The plan points, costed by `cost`; coordinates are the switches' values.
    pub fn plan_points(&self, cost: &Cost) -> Vec<PlanPoint> {
        self.points
            .iter()
            .map(|(values, all)| PlanPoint {
                values: values.clone(),
                coords: self
                    .axes
                    .iter()
                    .map(|a| {
                        all[Switch::ALL
                            .iter()
                            .position(|s| *s == a.switches[0])
                            .unwrap_or(0)]
                    })
                    .collect(),
                cost: cost.eval(all),
            })
            .collect()
    }
}

/// A switch's value written in sweep.json or sweep.csv, as a number (`"30m"` in seconds).
fn number(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        Value::String(s) => s
            .parse::<f64>()
            .ok()
            .or_else(|| s.parse::<SimDuration>().ok().map(|d| d.as_secs_f64()))
            .unwrap_or(f64::NAN),
        _ => f64::NAN,
    }
}

/// Reads the sweep in `dir`.
pub fn load_finished_sweep(dir: &Path) -> Result<FinishedSweep, PlanError> {
    let bad = |path: &Path, message: String| PlanError::From {
        path: path.to_path_buf(),
        message,
    };
    let json_path = dir.join("sweep.json");
    let text = std::fs::read_to_string(&json_path).map_err(|e| {
        bad(
            dir,
            format!(
                "no sweep.json ({e}): give the folder of a finished `chipshop sweep` (or `sweep merge`)"
            ),
        )
    })?;
    let doc: Value = serde_json::from_str(&text)
        .map_err(|e| bad(&json_path, format!("is not a sweep's JSON: {e}")))?;
    let field = |name: &str| {
        doc.get(name)
            .ok_or_else(|| bad(&json_path, format!("has no {name:?}")))
    };
    let scenario = field("scenario")?.as_str().unwrap_or_default().to_string();
    let seed = field("seed")?.as_u64().unwrap_or_default();
    let replications = field("replications")?.as_u64().unwrap_or_default() as usize;
    let mut axes = Vec::new();
    for axis in field("axes")?.as_array().into_iter().flatten() {
        let column = axis["switch"].as_str().unwrap_or_default();
        let switch = Switch::from_column(column).ok_or_else(|| {
            bad(
                &json_path,
                format!("has an axis {column:?} that plan does not know"),
            )
        })?;
        let values = axis["values"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect();
        axes.push(PlanAxis {
            switches: vec![switch],
            values,
        });
    }
    let fixed = field("fixed")?.clone();
    let mut points: Vec<(Vec<String>, Vec<f64>)> = vec![(Vec::new(), Vec::new())];
    for axis in &axes {
        points = points
            .into_iter()
            .flat_map(|(values, _)| {
                axis.values.iter().map(move |v| {
                    let mut values = values.clone();
                    values.push(v.clone());
                    (values, Vec::new())
                })
            })
            .collect();
    }
    for (values, all) in &mut points {
        *all = Switch::ALL
            .iter()
            .map(|s| match axes.iter().position(|a| a.switches[0] == *s) {
                Some(k) => number(&Value::String(values[k].clone())),
                None => fixed.get(s.column()).map_or(f64::NAN, number),
            })
            .collect();
    }
    let raw_path = dir.join("raw.csv");
    let raw = std::fs::read_to_string(&raw_path).map_err(|e| {
        bad(
            &raw_path,
            format!(
                "cannot be read ({e}): plan recomputes each point's interval at --confidence from every replication, so run the sweep with --raw (or merge its shards with --raw)"
            ),
        )
    })?;
    let mut reader = csv::Reader::from_reader(raw.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| bad(&raw_path, e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let measure_columns: Vec<Option<usize>> = MEASURES.iter().map(|m| column(m)).collect();
    let replication_column =
        column("replication").ok_or_else(|| bad(&raw_path, "has no replication column".into()))?;
    let index: BTreeMap<Vec<String>, usize> = points
        .iter()
        .enumerate()
        .map(|(i, (values, _))| (values.clone(), i))
        .collect();
    let mut runs: Vec<Vec<(usize, Measures)>> = vec![Vec::new(); points.len()];
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| bad(&raw_path, e.to_string()))?;
        let values: Vec<String> = (0..axes.len())
            .map(|k| record.get(k).unwrap_or_default().to_string())
            .collect();
        let point = *index.get(&values).ok_or_else(|| {
            bad(
                &raw_path,
                format!(
                    "line {}: {values:?} is not a point of sweep.json's grid",
                    line + 2
                ),
            )
        })?;
        let replication = record
            .get(replication_column)
            .and_then(|r| r.parse::<usize>().ok())
            .ok_or_else(|| {
                bad(
                    &raw_path,
                    format!("line {}: no replication number", line + 2),
                )
            })?;
        let mut m = [f64::NAN; MEASURES.len()];
        for (x, c) in m.iter_mut().zip(&measure_columns) {
            if let Some(v) = c.and_then(|c| record.get(c)) {
                *x = v.parse().unwrap_or(f64::NAN);
            }
        }
        runs[point].push((replication, Measures(m)));
    }
    let runs = runs
        .into_iter()
        .map(|mut r| {
            r.sort_by_key(|(rep, _)| *rep);
            r.into_iter().map(|(_, m)| m).collect()
        })
        .collect();
    Ok(FinishedSweep {
        scenario,
        seed,
        replications,
        axes,
        points,
        runs,
    })
}
