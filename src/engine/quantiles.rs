//! Quantiles of durations: exact (nearest rank) for up to 65,536 values, then on an HDR
//! histogram within 0.1%, always between the smallest and the largest value recorded.
//!
//! Not a general statistics package: the mean, variance and extremes of floats are [`Tally`]'s
//! job (`super::Tally`).
//!
//! The definition, which every percentile in chipshop's outputs follows: the quantile `q` of
//! `n` values is the nearest rank, the smallest value `x` such that at least `q * n` of the
//! values are `<= x` (so q = 0.5 of 1, 2, 3, 4 is 2, and q = 0 is the minimum). It is always a
//! value that was recorded, while the sample is small enough to keep.

use hdrhistogram::Histogram;

use super::time::SimDuration;

/// Values kept one by one, for exact quantiles; past this many a histogram takes over (8 bytes
/// each: half a megabyte at most per `Quantiles`).
const EXACT_UP_TO: usize = 1 << 16;

/// The durations recorded, as nanoseconds: every one while they are few, a histogram after.
#[derive(Clone, Debug)]
enum Store {
    Exact(Vec<u64>),
    Histogram(Box<Histogram<u64>>),
}

/// Quantiles of durations: exact up to 65,536 values, within 0.1% after, and never
/// outside [min, max] (module docs give the definition).
#[derive(Clone, Debug)]
pub struct Quantiles {
    store: Store,
    count: u64,
    min: u64,
    max: u64,
    sum: u128,
}

impl Default for Quantiles {
    fn default() -> Self {
        Self::new()
    }
}

impl Quantiles {
    /// No durations yet.
    pub fn new() -> Self {
        Quantiles {
            store: Store::Exact(Vec::new()),
            count: 0,
            min: u64::MAX,
            max: 0,
            sum: 0,
        }
    }

    /// Adds one duration.
    #[inline]
    pub fn record(&mut self, d: SimDuration) {
        let nanos = d.as_nanos();
        self.count += 1;
        self.min = self.min.min(nanos);
        self.max = self.max.max(nanos);
        self.sum += u128::from(nanos);
        match &mut self.store {
            Store::Exact(values) if values.len() < EXACT_UP_TO => values.push(nanos),
            Store::Exact(values) => {
                let mut histogram = new_histogram();
                for &v in values.iter() {
                    record_into(&mut histogram, v);
                }
                record_into(&mut histogram, nanos);
                self.store = Store::Histogram(Box::new(histogram));
            }
            Store::Histogram(histogram) => record_into(histogram, nanos),
        }
    }

    /// Number of durations recorded.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Whether the quantiles are exact (no more than 65,536 values recorded).
    pub fn is_exact(&self) -> bool {
        matches!(self.store, Store::Exact(_))
    }

    /// The duration at quantile `q` in [0, 1] by nearest rank (zero when empty; `q` outside
    /// [0, 1] is clamped, NaN reads as 0).
    pub fn quantile(&self, q: f64) -> SimDuration {
        if self.count == 0 {
            return SimDuration::ZERO;
        }
        let q = if q.is_nan() { 0.0 } else { q.clamp(0.0, 1.0) };
        let nanos = match &self.store {
            Store::Exact(values) => {
                let mut values = values.clone();
                let rank = nearest_rank(q, values.len());
                *values.select_nth_unstable(rank - 1).1
            }
            Store::Histogram(histogram) => histogram.value_at_quantile(q).clamp(self.min, self.max),
        };
        SimDuration::from_nanos(nanos)
    }

    /// The smallest duration recorded (zero when empty).
    pub fn min(&self) -> SimDuration {
        SimDuration::from_nanos(if self.count == 0 { 0 } else { self.min })
    }

    /// The largest duration recorded, exactly (zero when empty).
    pub fn max(&self) -> SimDuration {
        SimDuration::from_nanos(self.max)
    }

    /// The mean duration, in seconds, exactly summed (zero when empty).
    pub fn mean_secs(&self) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        self.sum as f64 / self.count as f64 / 1e9
    }

    /// Adds every duration of `other`.
    pub fn merge(&mut self, other: &Quantiles) {
        match &other.store {
            Store::Exact(values) => {
                for &v in values {
                    self.record(SimDuration::from_nanos(v));
                }
            }
            Store::Histogram(theirs) => {
                let mut histogram = match std::mem::replace(&mut self.store, Store::Exact(vec![])) {
                    Store::Histogram(mine) => mine,
                    Store::Exact(values) => {
                        let mut h = new_histogram();
                        for v in values {
                            record_into(&mut h, v);
                        }
                        Box::new(h)
                    }
                };
                histogram
                    .add(theirs.as_ref())
                    .expect("auto-resizing histograms of the same precision always merge");
                self.store = Store::Histogram(histogram);
                self.count += other.count;
                self.min = self.min.min(other.min);
                self.max = self.max.max(other.max);
                self.sum += other.sum;
            }
        }
    }
}

/// The 1-based rank of quantile `q` (in [0, 1]) among `n > 0` values: the smallest `k >= 1`
/// with `k >= q * n`. A product within a billionth of a whole number counts as that number,
/// so that 0.07 * 100 (7.000000000000001 in binary) is rank 7, not 8.
fn nearest_rank(q: f64, n: usize) -> usize {
    let x = q * n as f64;
    let whole = x.round();
    let k = if (x - whole).abs() <= 1e-9 * whole.max(1.0) {
        whole
    } else {
        x.ceil()
    };
    (k as usize).clamp(1, n)
}

fn new_histogram() -> Histogram<u64> {
    Histogram::new(3).expect("3 significant digits is a valid precision")
}

fn record_into(histogram: &mut Histogram<u64>, nanos: u64) {
    // The histogram resizes itself; only a value beyond any histogram's reach would fail, and
    // that one is clamped rather than lost (the exact min and max still bound the quantiles).
    if histogram.record(nanos).is_err() {
        histogram.saturating_record(nanos);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RngStreams;
    use rand::Rng;

    /// The definition, written the slow way: the smallest recorded value with at least q * n
    /// values at or below it.
    fn reference(sorted: &[u64], q: f64) -> u64 {
        let n = sorted.len() as f64;
        let need = q * n;
        *sorted
            .iter()
            .enumerate()
            .find(|(i, _)| (*i + 1) as f64 >= need - 1e-9 * need.max(1.0))
            .map(|(_, v)| v)
            .expect("not empty")
    }

    #[test]
    fn small_samples_give_the_exact_nearest_rank() {
        let mut rng = RngStreams::new(7).stream("q");
        for n in [1usize, 2, 3, 4, 7, 10, 99, 100, 101, 1000, 5000] {
            let mut q = Quantiles::new();
            let mut values = Vec::new();
            for _ in 0..n {
                // Few distinct values, so ties are common.
                let v = rng.random_range(0..50u64) * 1_000_003;
                values.push(v);
                q.record(SimDuration::from_nanos(v));
            }
            values.sort_unstable();
            for p in [0.0, 0.01, 0.07, 0.25, 0.5, 0.9, 0.99, 0.999, 1.0] {
                assert_eq!(
                    q.quantile(p).as_nanos(),
                    reference(&values, p),
                    "n {n}, q {p}"
                );
            }
            assert_eq!(q.max().as_nanos(), *values.last().unwrap());
            assert_eq!(q.min().as_nanos(), values[0]);
        }
    }

    #[test]
    fn the_median_of_one_to_four_is_two_and_equal_waits_are_exact() {
        let mut q = Quantiles::new();
        for ms in 1..=4 {
            q.record(SimDuration::from_millis(ms));
        }
        assert_eq!(q.quantile(0.5), SimDuration::from_millis(2));
        let mut same = Quantiles::new();
        for _ in 0..500 {
            same.record(SimDuration::from_millis(5));
        }
        for p in [0.0, 0.5, 0.9, 0.99, 1.0] {
            assert_eq!(same.quantile(p), SimDuration::from_millis(5));
        }
        assert_eq!(same.mean_secs(), 0.005);
    }

    #[test]
    fn large_samples_stay_within_a_tenth_of_a_percent_and_inside_min_max() {
        let mut q = Quantiles::new();
        let mut rng = RngStreams::new(3).stream("q");
        let mut values = Vec::new();
        for _ in 0..(EXACT_UP_TO + 50_000) {
            let v = rng.random_range(1_000_000..2_000_000_000u64);
            values.push(v);
            q.record(SimDuration::from_nanos(v));
        }
        assert!(!q.is_exact());
        values.sort_unstable();
        for p in [0.0, 0.5, 0.9, 0.99, 0.9999, 1.0] {
            let got = q.quantile(p).as_nanos();
            let want = reference(&values, p);
            assert!(
                got.abs_diff(want) as f64 <= want as f64 * 0.001,
                "{p}: {got} vs {want}"
            );
            assert!(got >= values[0] && got <= *values.last().unwrap(), "{p}");
        }
        assert_eq!(q.quantile(1.0).as_nanos(), *values.last().unwrap());
        let exact_mean = values.iter().map(|&v| v as f64).sum::<f64>() / values.len() as f64;
        assert!((q.mean_secs() * 1e9 - exact_mean).abs() < 1.0);
    }

    #[test]
    fn merging_keeps_every_value() {
        let mut a = Quantiles::new();
        let mut b = Quantiles::new();
        for ms in 1..=10 {
            a.record(SimDuration::from_millis(ms));
            b.record(SimDuration::from_millis(ms + 10));
        }
        a.merge(&b);
        assert_eq!(a.count(), 20);
        assert_eq!(a.quantile(0.5), SimDuration::from_millis(10));
        assert_eq!(a.max(), SimDuration::from_millis(20));
        let empty = Quantiles::new();
        assert_eq!(empty.quantile(0.5), SimDuration::ZERO);
        assert_eq!(empty.mean_secs(), 0.0);
    }
}
