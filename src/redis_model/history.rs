//! One key's value over time ([`History`]): (time, value) samples in fixed-size chunks.
//!
//! Chunks never move once filled, so a long run grows by small blocks that the allocator can
//! reuse, instead of doubling and copying one huge vector.

use crate::engine::SimTime;

/// Samples per chunk (64 KiB of samples).
const CHUNK: usize = 4096;

/// A key's (time, value) samples, in time order, at most one per instant.
#[derive(Debug, Default, Clone)]
pub struct History {
    pub(crate) chunks: Vec<Vec<(SimTime, i64)>>,
}

impl History {
    /// Records `value` at `now`; a second value at the same instant replaces the first.
    #[inline]
    pub(crate) fn record(&mut self, now: SimTime, value: i64) {
        if let Some(last) = self.chunks.last_mut() {
            if let Some(sample) = last.last_mut() {
                if sample.0 == now {
                    sample.1 = value;
                    return;
                }
            }
            if last.len() < CHUNK {
                last.push((now, value));
                return;
            }
        }
        let mut chunk = Vec::with_capacity(CHUNK);
        chunk.push((now, value));
        self.chunks.push(chunk);
    }

    /// The samples, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = (SimTime, i64)> + '_ {
        self.chunks.iter().flatten().copied()
    }

    /// How many samples there are.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    /// The samples as one vector, oldest first.
    pub fn to_vec(&self) -> Vec<(SimTime, i64)> {
        self.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_across_chunks_and_one_sample_per_instant() {
        let mut h = History::default();
        for t in 0..10_000u64 {
            h.record(SimTime::from_nanos(t), t as i64);
            h.record(SimTime::from_nanos(t), -(t as i64));
        }
        assert_eq!(h.len(), 10_000);
        assert!(
            h.iter()
                .enumerate()
                .all(|(i, (t, v))| t.as_nanos() == i as u64 && v == -(i as i64))
        );
        assert!(History::default().is_empty());
    }
}
