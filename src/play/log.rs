//! What `play` keeps of a run's outputs to draw it: the latest finished orders and the lag
//! history. It is the run's [`RunOutputs`], so the screen reads what the output files read.

use std::collections::VecDeque;

use crate::engine::SimTime;
use crate::model::{OrderRecord, RunOutputs};

/// Finished orders kept for the panels: enough for the tallest panel of the busiest till.
const FINISHED_KEPT: usize = 4096;
/// Lag samples kept per partition for its sparkline.
const LAG_KEPT: usize = 64;

/// The run's outputs as `play` keeps them.
#[derive(Debug, Default)]
pub struct PlayLog {
    finished: VecDeque<OrderRecord>,
    /// Lag samples (`lag:orders-N` points), partition by partition.
    lag: Vec<VecDeque<u64>>,
}

impl PlayLog {
    /// An empty log.
    pub fn new() -> PlayLog {
        PlayLog::default()
    }

    /// The latest finished orders, oldest first.
    pub fn finished(&self) -> impl Iterator<Item = &OrderRecord> {
        self.finished.iter()
    }

    /// The latest lag samples of `partition`, oldest first.
    pub fn lag_history(&self, partition: u32) -> impl Iterator<Item = u64> + '_ {
        self.lag
            .get(partition as usize)
            .into_iter()
            .flat_map(|h| h.iter().copied())
    }
}

impl RunOutputs for PlayLog {
    fn order_finished(&mut self, record: &OrderRecord) {
        if self.finished.len() == FINISHED_KEPT {
            self.finished.pop_front();
        }
        self.finished.push_back(record.clone());
    }

    fn point(&mut self, _t: SimTime, series: &str, value: i64) {
        let Some(p) = series.strip_prefix("lag:orders-") else {
            return;
        };
        let Ok(p) = p.parse::<usize>() else {
            return;
        };
        if self.lag.len() <= p {
            self.lag.resize_with(p + 1, VecDeque::new);
        }
        let h = &mut self.lag[p];
        if h.len() == LAG_KEPT {
            h.pop_front();
        }
        h.push_back(value.max(0) as u64);
    }
}
