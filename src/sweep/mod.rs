//! Sweeps: run a scenario over a grid of switches with replications, in parallel, and
//! summarise each grid point with means and 95% confidence intervals.
//!
//! A layer above [`crate::model`] and [`crate::scenario`], below [`crate::cli`].

mod grid;
mod output;
mod runner;
mod shard;
mod stats;

pub use grid::{Axis, Grid, GridError, MAX_RUNS_WITHOUT_YES, Point, Switch};
pub use output::write_sweep;
pub use runner::{RunResult, run_sweep, run_sweep_interruptible};
pub use shard::{
    SHARD_FILE, ShardFile, ShardRun, SweepDefinition, merge_shards, parse_shard, shard_indices,
    write_shard,
};
pub use stats::{Interval, MEASURES, Measures, PointStats, summarise};
