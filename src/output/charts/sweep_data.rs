//! What the sweep charts read from a sweep's folder: sweep.json's scenario, seed,
//! replications, axes, fixed values, whether the scenario changes its group (faults, scaling)
//! and, per grid point, the estimates of the charted measures. Not the layout of the charts (`sweep_layout.rs`) nor the drawing (`sweep.rs`).

use std::path::Path;

use serde_json::Value;

use crate::output::OutputError;

/// A measure at one grid point: the mean over replications and the 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// The mean (NaN when sweep.json has none).
    pub mean: f64,
    /// The low end of the interval; `None` with one replication (sweep.json writes `null`).
    pub low: Option<f64>,
    /// The high end of the interval; `None` with one replication.
    pub high: Option<f64>,
}

/// A measure the sweep charts draw, one chart (or one per combination) each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SweepMeasure {
    /// Completed orders per minute of the whole run (`throughput_per_min`).
    Throughput,
    /// The 99th percentile of latency, placed to ready, in seconds (`latency_p99_s`).
    LatencyP99,
    /// Preparer-seconds paused by rebalances, summed over the preparers (`paused_s`): drawn
    /// only for a sweep about rebalancing (see [`SweepData::about_rebalancing`]).
    Paused,
    /// The preparers' group's highest lag, log end minus committed, in orders (`max_lag`):
    /// drawn only for a sweep about rebalancing.
    MaxLag,
}

impl SweepMeasure {
    /// Every measure charted, in the order of [`SweepData::points`]' arrays.
    pub const ALL: [SweepMeasure; 4] = [
        SweepMeasure::Throughput,
        SweepMeasure::LatencyP99,
        SweepMeasure::Paused,
        SweepMeasure::MaxLag,
    ];

    /// Whether every sweep.json has this measure; the others (added later) read as unknown
    /// when missing, so an older sweep folder still redraws.
    fn required(self) -> bool {
        matches!(self, SweepMeasure::Throughput | SweepMeasure::LatencyP99)
    }

    /// The measure's key in sweep.json.
    pub fn key(self) -> &'static str {
        match self {
            SweepMeasure::Throughput => "throughput_per_min",
            SweepMeasure::LatencyP99 => "latency_p99_s",
            SweepMeasure::Paused => "paused_s",
            SweepMeasure::MaxLag => "max_lag",
        }
    }

    /// The chart's file name without extension: `sweep_throughput`, `sweep_p99_latency`.
    pub fn file_stem(self) -> &'static str {
        match self {
            SweepMeasure::Throughput => "sweep_throughput",
            SweepMeasure::LatencyP99 => "sweep_p99_latency",
            SweepMeasure::Paused => "sweep_paused",
            SweepMeasure::MaxLag => "sweep_max_lag",
        }
    }

    pub(super) fn title_lead(self) -> &'static str {
        match self {
            SweepMeasure::Throughput => "Orders completed per minute",
            SweepMeasure::LatencyP99 => "p99 latency, placed to ready,",
            SweepMeasure::Paused => "Preparer-seconds paused by rebalances,",
            SweepMeasure::MaxLag => "Highest lag of the preparers' group,",
        }
    }

    pub(super) fn y_desc(self) -> &'static str {
        match self {
            SweepMeasure::Throughput => "throughput (orders per minute)",
            SweepMeasure::LatencyP99 => "p99 latency (s)",
            SweepMeasure::Paused => "paused (preparer-seconds)",
            SweepMeasure::MaxLag => "max lag (orders, log end - committed)",
        }
    }
}

/// One swept switch of sweep.json.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepAxis {
    /// The switch's column name, e.g. `preparers`.
    pub switch: String,
    /// Its values as written in sweep.csv, e.g. `1`, `0.2`, `2m`.
    pub values: Vec<String>,
}

/// A sweep's sweep.json, read for charting.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepData {
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Replications per grid point.
    pub replications: u64,
    /// The swept switches, in grid order.
    pub axes: Vec<SweepAxis>,
    /// The scenario's values of the switches not swept (`fixed`; empty when absent).
    pub fixed: Vec<(String, String)>,
    /// The scenario's `[[faults]]` (`faults`; 0 when absent).
    pub faults: u64,
    /// Whether the scenario scales its preparers (`scaling`; false when absent).
    pub scaling: bool,
    /// Per grid point (grid order: the last axis varies fastest), one estimate per measure in
    /// the order of [`SweepMeasure::ALL`].
    pub points: Vec<[Estimate; 4]>,
}

/// The switches that choose a way of rebalancing, as sweep.csv names them.
pub(super) const REBALANCING_SWITCHES: [&str; 3] = ["group-protocol", "assignor", "static"];

fn bad(path: &Path, message: impl Into<String>) -> OutputError {
    OutputError::invalid(path, None, None, message)
}

/// A JSON value as the text a user typed: `3`, `0.2`, `2m`.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The index in the full grid (the last axis fastest) of a point with these `parameters`, if
/// each names a value of its axis.
fn grid_index(axes: &[SweepAxis], parameters: &Value) -> Option<usize> {
    let mut index = 0;
    for a in axes {
        let v = text(parameters.get(&a.switch)?);
        index = index * a.values.len() + a.values.iter().position(|x| *x == v)?;
    }
    Some(index)
}

impl SweepData {
    /// Whether the sweep is about rebalancing, so that the cost of rebalancing means something
    /// on its charts: it sweeps a way of rebalancing (`--group-protocol`, `--assignor`,
    /// `--static`), or its scenario changes the group during the run (faults or scaling).
    pub fn about_rebalancing(&self) -> bool {
        self.faults > 0
            || self.scaling
            || self
                .axes
                .iter()
                .any(|a| REBALANCING_SWITCHES.contains(&a.switch.as_str()))
    }

    /// The measures charted for this sweep: throughput and p99 latency always; the paused
    /// preparer-seconds and the highest lag where it is about rebalancing.
    pub fn measures(&self) -> Vec<SweepMeasure> {
        SweepMeasure::ALL
            .into_iter()
            .filter(|m| m.required() || self.about_rebalancing())
            .collect()
    }

    /// Reads `dir/sweep.json`.
    pub fn load(dir: &Path) -> Result<SweepData, OutputError> {
        let path = dir.join("sweep.json");
        let text = std::fs::read_to_string(&path).map_err(|e| OutputError::read(&path, e))?;
        SweepData::parse(&text, &path)
    }

    /// Parses the text of a sweep.json; `path` names it in errors.
    pub fn parse(json: &str, path: &Path) -> Result<SweepData, OutputError> {
        let doc: Value = serde_json::from_str(json).map_err(|e| bad(path, e.to_string()))?;
        let scenario = doc["scenario"]
            .as_str()
            .ok_or_else(|| bad(path, "no \"scenario\" name"))?
            .to_string();
        let seed = doc["seed"]
            .as_u64()
            .ok_or_else(|| bad(path, "no \"seed\""))?;
        let replications = doc["replications"]
            .as_u64()
            .ok_or_else(|| bad(path, "no \"replications\""))?;
        let mut axes = Vec::new();
        for a in doc["axes"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            let switch = a["switch"]
                .as_str()
                .ok_or_else(|| bad(path, "an axis has no \"switch\""))?;
            let values: Vec<String> = a["values"]
                .as_array()
                .ok_or_else(|| bad(path, format!("axis {switch} has no \"values\"")))?
                .iter()
                .map(text)
                .collect();
            if values.is_empty() {
                return Err(bad(path, format!("axis {switch} has no values")));
            }
            axes.push(SweepAxis {
                switch: switch.to_string(),
                values,
            });
        }
        let fixed = doc["fixed"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), text(v))).collect())
            .unwrap_or_default();
        let estimate = |p: &Value, m: SweepMeasure| -> Result<Estimate, OutputError> {
            let e = &p[m.key()];
            if !e.is_object() && !m.required() {
                return Ok(Estimate {
                    mean: f64::NAN,
                    low: None,
                    high: None,
                });
            }
            if !e.is_object() {
                return Err(bad(path, format!("a point has no \"{}\"", m.key())));
            }
            Ok(Estimate {
                mean: e["mean"].as_f64().unwrap_or(f64::NAN),
                low: e["low"].as_f64(),
                high: e["high"].as_f64(),
            })
        };
        let mut points = Vec::new();
        let mut indices = Vec::new();
        for p in doc["points"]
            .as_array()
            .ok_or_else(|| bad(path, "no \"points\""))?
        {
            points.push([
                estimate(p, SweepMeasure::Throughput)?,
                estimate(p, SweepMeasure::LatencyP99)?,
                estimate(p, SweepMeasure::Paused)?,
                estimate(p, SweepMeasure::MaxLag)?,
            ]);
            indices.push(grid_index(&axes, &p["parameters"]));
        }
        let expected: usize = axes.iter().map(|a| a.values.len()).product();
        if points.len() < expected && indices.iter().all(Option::is_some) {
            // A grid with points left out (a group protocol paired with the other's
            // assignor): the missing points have no estimates.
            let none = Estimate {
                mean: f64::NAN,
                low: None,
                high: None,
            };
            let mut full = vec![[none; 4]; expected];
            for (p, i) in points.into_iter().zip(indices) {
                full[i.expect("checked")] = p;
            }
            points = full;
        }
        if points.len() != expected {
            return Err(bad(
                path,
                format!(
                    "{} points, but the axes make a grid of {expected}",
                    points.len()
                ),
            ));
        }
        Ok(SweepData {
            scenario,
            seed,
            replications,
            axes,
            fixed,
            faults: doc["faults"].as_u64().unwrap_or(0),
            scaling: doc["scaling"].as_bool().unwrap_or(false),
            points,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nulls_as_no_interval_and_checks_the_point_count() {
        let json = r#"{"scenario":"demo3","seed":1,"replications":1,
            "axes":[{"switch":"preparers","values":["1","2"]}],
            "fixed":{"partitions":3,"open-for":"10m"},
            "points":[
              {"throughput_per_min":{"mean":1.0,"low":null,"high":null},
               "latency_p99_s":{"mean":2.0,"low":null,"high":null}},
              {"throughput_per_min":{"mean":1.5,"low":null,"high":null},
               "latency_p99_s":{"mean":2.5,"low":null,"high":null}}]}"#;
        let d = SweepData::parse(json, Path::new("sweep.json")).unwrap();
        assert_eq!(d.points[1][0].mean, 1.5);
        assert_eq!(d.points[1][0].low, None);
        assert_eq!(d.fixed[1], ("partitions".to_string(), "3".to_string()));
        let short = json.replace(r#""values":["1","2"]"#, r#""values":["1","2","3"]"#);
        let e = SweepData::parse(&short, Path::new("sweep.json")).unwrap_err();
        assert!(e.to_string().contains("grid of 3"), "{e}");
    }

    #[test]
    fn points_left_out_of_the_grid_have_no_estimates() {
        let json = r#"{"scenario":"rebalance","seed":1,"replications":1,
            "axes":[{"switch":"group-protocol","values":["classic","consumer"]},
                    {"switch":"assignor","values":["cooperative_sticky","uniform"]}],
            "points":[
              {"parameters":{"group-protocol":"classic","assignor":"cooperative_sticky"},
               "throughput_per_min":{"mean":1.0,"low":null,"high":null},
               "latency_p99_s":{"mean":2.0,"low":null,"high":null}},
              {"parameters":{"group-protocol":"consumer","assignor":"uniform"},
               "throughput_per_min":{"mean":1.5,"low":null,"high":null},
               "latency_p99_s":{"mean":2.5,"low":null,"high":null}}]}"#;
        let d = SweepData::parse(json, Path::new("sweep.json")).unwrap();
        assert_eq!(d.points.len(), 4);
        assert_eq!(d.points[0][0].mean, 1.0);
        assert!(d.points[1][0].mean.is_nan() && d.points[2][1].mean.is_nan());
        assert_eq!(d.points[3][1].mean, 2.5);
    }
}
