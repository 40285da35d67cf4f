//! Running the (point, replication) pairs of a sweep on worker threads, gathering the
//! results in run order so that the output never depends on the number of threads.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::stats::Measures;
use crate::engine::RngStreams;
use crate::model::{ShopError, run_shop_interruptible};
use crate::scenario::Scenario;

/// The result of one run of a sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// Index in the flat list of runs: `point * replications + replication`.
    pub index: usize,
    /// Grid point.
    pub point: usize,
    /// Replication (0-based).
    pub replication: usize,
    /// The run's master seed, [`RngStreams::replication_seed`] of the sweep's seed.
    pub seed: u64,
    /// What the run measured.
    pub measures: Measures,
}

/// Runs the runs numbered `indices` (flat index `point * replications + replication`) of a
/// sweep whose points are `points` (scenarios with the point's switches applied), on `jobs`
/// threads. Replication `r` runs with seed `replication_seed(master, r)` at every point:
/// common random numbers. `done` is called after each run (for a progress bar). Results come
/// back in the order of `indices`.
pub fn run_sweep(
    points: &[Scenario],
    replications: usize,
    master: u64,
    indices: &[usize],
    jobs: usize,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<RunResult>, ShopError> {
    run_sweep_interruptible(points, replications, master, indices, jobs, done, None)
}

/// [`run_sweep`], stopping with [`ShopError::Interrupted`] soon after `interrupt` is set: the
/// runs under way stop within a few thousand events and no new run starts.
pub fn run_sweep_interruptible(
    points: &[Scenario],
    replications: usize,
    master: u64,
    indices: &[usize],
    jobs: usize,
    done: &(dyn Fn() + Sync),
    interrupt: Option<&Arc<AtomicBool>>,
) -> Result<Vec<RunResult>, ShopError> {
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<Result<RunResult, ShopError>>>> =
        Mutex::new((0..indices.len()).map(|_| None).collect());
    let one = |index: usize| -> Result<RunResult, ShopError> {
        let point = index / replications;
        let replication = index % replications;
        let seed = RngStreams::replication_seed(master, replication as u64);
        let mut scenario = points[point].clone();
        scenario.shop.seed = seed;
        let (report, _) = run_shop_interruptible(&scenario, &mut (), None::<Vec<u8>>, interrupt)?;
        Ok(RunResult {
            index,
            point,
            replication,
            seed,
            measures: Measures::from_report(&report),
        })
    };
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1).min(indices.len().max(1)) {
            s.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&index) = indices.get(k) else { break };
                    let result = one(index);
                    let failed = result.is_err();
                    slots.lock().unwrap_or_else(|e| e.into_inner())[k] = Some(result);
                    done();
                    if failed {
                        // Stop handing out work: the sweep has failed.
                        next.store(indices.len(), Ordering::Relaxed);
                    }
                }
            });
        }
    });
    let slots = slots.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut results = Vec::with_capacity(slots.len());
    for slot in slots.into_iter().flatten() {
        results.push(slot?);
    }
    Ok(results)
}
