//! Statistics across independent replications: mean and Student-t confidence interval.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// The mean of independent replications and its confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReplicationStats {
    /// Number of replications.
    pub n: usize,
    /// Their mean.
    pub mean: f64,
    /// Their sample standard deviation.
    pub std_dev: f64,
    /// Half the width of the 95% confidence interval (infinite with fewer than two).
    pub half_width: f64,
}

impl ReplicationStats {
    /// Mean and 95% confidence interval of `values`, one per replication.
    pub fn from_values(values: &[f64]) -> Self {
        Self::with_confidence(values, 0.95)
    }

    /// Mean and `level` confidence interval (e.g. 0.95) of `values`.
    pub fn with_confidence(values: &[f64], level: f64) -> Self {
        let n = values.len();
        let mean = if n == 0 {
            f64::NAN
        } else {
            values.iter().sum::<f64>() / n as f64
        };
        if n < 2 {
            return ReplicationStats {
                n,
                mean,
                std_dev: 0.0,
                half_width: f64::INFINITY,
            };
        }
        let var = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let std_dev = var.sqrt();
        let t = StudentsT::new(0.0, 1.0, (n - 1) as f64)
            .expect("n - 1 >= 1 degrees of freedom")
            .inverse_cdf(0.5 + level / 2.0);
        ReplicationStats {
            n,
            mean,
            std_dev,
            half_width: t * std_dev / (n as f64).sqrt(),
        }
    }

    /// The interval's lower end.
    pub fn low(&self) -> f64 {
        self.mean - self.half_width
    }

    /// The interval's upper end.
    pub fn high(&self) -> f64 {
        self.mean + self.half_width
    }

    /// Whether `x` lies in the interval.
    pub fn contains(&self, x: f64) -> bool {
        self.low() <= x && x <= self.high()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_uses_student_t() {
        // n = 5: t(0.975, 4) = 2.776445; values with mean 10 and sd 1.5811388.
        let r = ReplicationStats::from_values(&[8.0, 9.0, 10.0, 11.0, 12.0]);
        assert!((r.mean - 10.0).abs() < 1e-12);
        assert!((r.std_dev - 1.581_138_8).abs() < 1e-6);
        assert!((r.half_width - 2.776_445 * 1.581_138_8 / 5f64.sqrt()).abs() < 1e-5);
        assert!(r.contains(8.1) && !r.contains(7.9));
        assert!(
            ReplicationStats::from_values(&[1.0])
                .half_width
                .is_infinite()
        );
    }
}
