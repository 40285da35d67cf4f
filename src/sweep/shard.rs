//! Shards: a slice of a sweep's runs (`--shard K/N`: runs whose index % N == K-1) saved as
//! JSON, and the merge of all shards into the files a local sweep would write.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::grid::{Axis, Grid, Switch};
use super::runner::RunResult;
use super::stats::{MEASURES, Measures};

/// File name of a shard in its folder.
pub const SHARD_FILE: &str = "shard.json";

/// A shard's file: the sweep's definition (identical in every shard of one sweep) and the
/// shard's runs.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ShardFile {
    /// What makes two shards part of the same sweep.
    pub definition: SweepDefinition,
    /// K of K/N.
    pub shard: usize,
    /// N of K/N.
    pub shards: usize,
    /// The shard's runs.
    pub runs: Vec<ShardRun>,
}

/// One run in a shard file, its measures stored as the bits of each f64 so that a merge
/// reproduces a local sweep's numbers exactly (and infinities and NaN survive JSON).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ShardRun {
    /// Flat index.
    pub index: usize,
    /// Grid point.
    pub point: usize,
    /// Replication.
    pub replication: usize,
    /// The run's seed.
    pub seed: u64,
    /// `f64::to_bits` of each measure.
    pub measures: Vec<u64>,
}

impl ShardRun {
    /// Stores a run.
    pub fn from_result(r: &RunResult) -> ShardRun {
        ShardRun {
            index: r.index,
            point: r.point,
            replication: r.replication,
            seed: r.seed,
            measures: r.measures.0.iter().map(|v| v.to_bits()).collect(),
        }
    }

    fn to_result(&self) -> Option<RunResult> {
        let mut m = [0.0; MEASURES.len()];
        if self.measures.len() != m.len() {
            return None;
        }
        for (x, b) in m.iter_mut().zip(&self.measures) {
            *x = f64::from_bits(*b);
        }
        Some(RunResult {
            index: self.index,
            point: self.point,
            replication: self.replication,
            seed: self.seed,
            measures: Measures(m),
        })
    }
}

/// The definition of a sweep: scenario, seed, replications and grid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepDefinition {
    /// Scenario name.
    pub scenario_name: String,
    /// The base scenario, as JSON.
    pub scenario: serde_json::Value,
    /// Master seed.
    pub seed: u64,
    /// Replications per point.
    pub replications: usize,
    /// The axes: switch column and values.
    pub axes: Vec<(String, Vec<String>)>,
}

impl SweepDefinition {
    /// The grid back from the axes.
    pub fn grid(&self) -> Result<Grid, String> {
        let mut axes = Vec::new();
        for (column, values) in &self.axes {
            let switch = Switch::ALL
                .into_iter()
                .find(|s| s.column() == column)
                .ok_or_else(|| format!("unknown switch {column:?} in a shard"))?;
            axes.push(Axis {
                switch,
                values: values.clone(),
            });
        }
        Ok(Grid { axes })
    }
}

/// Parses `K/N` with 1 <= K <= N.
pub fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let bad = || format!("--shard: {text:?} is not K/N with 1 <= K <= N, e.g. 2/8");
    let (k, n) = text.split_once('/').ok_or_else(bad)?;
    let k: usize = k.trim().parse().map_err(|_| bad())?;
    let n: usize = n.trim().parse().map_err(|_| bad())?;
    if k == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// The flat run indices of shard K of N out of `runs`.
pub fn shard_indices(k: usize, n: usize, runs: usize) -> Vec<usize> {
    (0..runs).filter(|i| i % n == k - 1).collect()
}

/// Reads the shards in `dirs`, checks they are one sweep and hold every run exactly once, and
/// returns the definition and all runs in flat-index order.
pub fn merge_shards(dirs: &[PathBuf]) -> Result<(SweepDefinition, Vec<RunResult>), String> {
    let mut definition: Option<SweepDefinition> = None;
    let mut slots: Vec<Option<RunResult>> = Vec::new();
    for dir in dirs {
        let path = dir.join(SHARD_FILE);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let shard: ShardFile =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        match &definition {
            None => {
                let d = shard.definition.clone();
                let runs = d.grid()?.points().len() * d.replications;
                slots = (0..runs).map(|_| None).collect();
                definition = Some(d);
            }
            Some(d) if *d != shard.definition => {
                return Err(format!(
                    "{}: this shard belongs to another sweep (scenario, seed, replications or grid differ)",
                    path.display()
                ));
            }
            Some(_) => {}
        }
        for run in &shard.runs {
            let run = run.to_result().ok_or_else(|| {
                format!("{}: a run has the wrong number of measures", path.display())
            })?;
            let slot = slots.get_mut(run.index).ok_or_else(|| {
                format!("{}: run {} is outside the sweep", path.display(), run.index)
            })?;
            if slot.is_some() {
                return Err(format!(
                    "{}: run {} is in two shards",
                    path.display(),
                    run.index
                ));
            }
            *slot = Some(run);
        }
    }
    let definition = definition.ok_or("merge: give at least one shard folder")?;
    let missing: Vec<usize> = (0..slots.len()).filter(|&i| slots[i].is_none()).collect();
    if !missing.is_empty() {
        return Err(format!(
            "merge: {} runs are missing (first: run {}); is a shard missing?",
            missing.len(),
            missing[0]
        ));
    }
    Ok((definition, slots.into_iter().flatten().collect()))
}

/// Writes a shard file into `out`.
pub fn write_shard(out: &Path, shard: &ShardFile) -> Result<(), crate::output::OutputError> {
    let path = out.join(SHARD_FILE);
    let mut text =
        serde_json::to_string(shard).map_err(|e| crate::output::OutputError::Format {
            path: path.clone(),
            message: e.to_string(),
        })?;
    text.push('\n');
    crate::output::AtomicFile::write_all(&path, text.as_bytes())
}
