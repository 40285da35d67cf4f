//! Quantiles of durations with bounded relative error, on an HDR histogram.

use hdrhistogram::Histogram;

use super::time::SimDuration;

/// A histogram of durations: quantiles within 0.1% relative error, in constant memory.
#[derive(Clone, Debug)]
pub struct Quantiles {
    histogram: Histogram<u64>,
}

impl Default for Quantiles {
    fn default() -> Self {
        Self::new()
    }
}

impl Quantiles {
    /// An empty histogram with three significant digits.
    pub fn new() -> Self {
        Quantiles {
            histogram: Histogram::new(3).expect("3 significant digits is a valid precision"),
        }
    }

    /// Adds one duration.
    #[inline]
    pub fn record(&mut self, d: SimDuration) {
        // The histogram resizes itself; only a value beyond any histogram's reach would fail,
        // and that one is clamped rather than lost.
        if self.histogram.record(d.as_nanos()).is_err() {
            self.histogram.saturating_record(d.as_nanos());
        }
    }

    /// Number of durations recorded.
    pub fn count(&self) -> u64 {
        self.histogram.len()
    }

    /// The duration at quantile `q` in [0, 1] (zero when empty).
    pub fn quantile(&self, q: f64) -> SimDuration {
        SimDuration::from_nanos(self.histogram.value_at_quantile(q.clamp(0.0, 1.0)))
    }

    /// The largest duration recorded (to the histogram's precision).
    pub fn max(&self) -> SimDuration {
        SimDuration::from_nanos(self.histogram.max())
    }

    /// The mean duration, in seconds.
    pub fn mean_secs(&self) -> f64 {
        self.histogram.mean() / 1e9
    }

    /// Adds every duration of `other`.
    pub fn merge(&mut self, other: &Quantiles) {
        self.histogram
            .add(&other.histogram)
            .expect("auto-resizing histograms of the same precision always merge");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_within_a_tenth_of_a_percent() {
        let mut q = Quantiles::new();
        for ms in 1..=1000 {
            q.record(SimDuration::from_millis(ms));
        }
        for (quantile, expected_ms) in [(0.5, 500.0), (0.9, 900.0), (0.99, 990.0), (1.0, 1000.0)] {
            let got = q.quantile(quantile).as_secs_f64() * 1000.0;
            assert!(
                (got - expected_ms).abs() <= expected_ms * 0.001,
                "{quantile}: {got}"
            );
        }
        assert_eq!(q.count(), 1000);
        assert!((q.mean_secs() - 0.5005).abs() < 0.001);
    }
}
