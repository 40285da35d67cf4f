//! Random durations (constant, uniform, exponential, normal, lognormal) and weighted choices,
//! read from the scenario's one-key tables such as `{ uniform = ["1s", "1.5s"] }`.

use std::fmt;

use rand::Rng;
use rand::distr::Distribution as _;
use rand::distr::weighted::WeightedIndex;
use rand_distr::{Exp, LogNormal, Normal};
use serde::{Deserialize, Serialize};

use super::error::EngineError;
use super::time::SimDuration;

/// The TOML/JSON form of a distribution, as a user writes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DistributionSpec {
    /// Always the same value: `{ constant = "2ms" }`.
    Constant(SimDuration),
    /// Uniform between two values, inclusive: `{ uniform = ["1s", "1.5s"] }` (exactly two).
    #[serde(deserialize_with = "exactly_two")]
    Uniform([SimDuration; 2]),
    /// Exponential with this mean: `{ exponential = "30s" }`.
    Exponential(SimDuration),
    /// Normal by mean and standard deviation, redrawn until not negative.
    Normal(MeanSd),
    /// Lognormal by the mean and standard deviation of the result.
    Lognormal(MeanSd),
}

/// Reads `[low, high]`, refusing a list of any other length (serde's arrays would quietly
/// ignore a third element).
fn exactly_two<'de, D: serde::Deserializer<'de>>(d: D) -> Result<[SimDuration; 2], D::Error> {
    use serde::de::{Error, IgnoredAny, SeqAccess, Visitor};
    struct Two;
    impl<'de> Visitor<'de> for Two {
        type Value = [SimDuration; 2];
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("exactly two durations [low, high], e.g. [\"1s\", \"1.5s\"]")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let low = seq
                .next_element()?
                .ok_or_else(|| A::Error::invalid_length(0, &self))?;
            let high = seq
                .next_element()?
                .ok_or_else(|| A::Error::invalid_length(1, &self))?;
            let mut len = 2;
            while seq.next_element::<IgnoredAny>()?.is_some() {
                len += 1;
            }
            if len > 2 {
                return Err(A::Error::invalid_length(len, &self));
            }
            Ok([low, high])
        }
    }
    d.deserialize_seq(Two)
}

/// A mean and a standard deviation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeanSd {
    /// The mean.
    pub mean: SimDuration,
    /// The standard deviation.
    pub sd: SimDuration,
}

/// A validated distribution of durations, ready to sample.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "DistributionSpec", into = "DistributionSpec")]
pub struct Distribution {
    spec: DistributionSpec,
    sampler: Sampler,
}

/// Parameters precomputed in nanoseconds, so sampling does no setup.
#[derive(Clone, Debug)]
enum Sampler {
    Constant(u64),
    Uniform { low: u64, high: u64 },
    Exponential(Exp<f64>),
    Normal(Normal<f64>),
    Lognormal(LogNormal<f64>),
}

impl Distribution {
    /// Validates `spec`: uniform needs min <= max, normal and lognormal need a positive mean.
    pub fn new(spec: DistributionSpec) -> Result<Self, EngineError> {
        let bad = |msg: String| EngineError::Distribution(msg);
        let sampler = match &spec {
            DistributionSpec::Constant(d) => Sampler::Constant(d.as_nanos()),
            DistributionSpec::Uniform([low, high]) => {
                if low > high {
                    return Err(bad(format!(
                        "uniform [\"{low}\", \"{high}\"] has its minimum above its maximum"
                    )));
                }
                Sampler::Uniform {
                    low: low.as_nanos(),
                    high: high.as_nanos(),
                }
            }
            DistributionSpec::Exponential(mean) => {
                if mean.as_nanos() == 0 {
                    Sampler::Constant(0)
                } else {
                    let rate = 1.0 / mean.as_nanos() as f64;
                    Sampler::Exponential(
                        Exp::new(rate).map_err(|e| bad(format!("exponential: {e}")))?,
                    )
                }
            }
            DistributionSpec::Normal(MeanSd { mean, sd }) => {
                if mean.as_nanos() == 0 {
                    return Err(bad(
                        "normal needs a mean above zero (it is truncated at zero)".into(),
                    ));
                }
                Sampler::Normal(
                    Normal::new(mean.as_nanos() as f64, sd.as_nanos() as f64)
                        .map_err(|e| bad(format!("normal: {e}")))?,
                )
            }
            DistributionSpec::Lognormal(MeanSd { mean, sd }) => {
                if mean.as_nanos() == 0 {
                    return Err(bad("lognormal needs a mean above zero".into()));
                }
                let m = mean.as_nanos() as f64;
                let s = sd.as_nanos() as f64;
                // Parameters of the underlying normal from the mean and sd of the result.
                let sigma2 = (1.0 + (s * s) / (m * m)).ln();
                let mu = m.ln() - sigma2 / 2.0;
                Sampler::Lognormal(
                    LogNormal::new(mu, sigma2.sqrt())
                        .map_err(|e| bad(format!("lognormal: {e}")))?,
                )
            }
        };
        Ok(Distribution { spec, sampler })
    }

    /// Always `d`.
    pub fn constant(d: SimDuration) -> Self {
        Distribution {
            spec: DistributionSpec::Constant(d),
            sampler: Sampler::Constant(d.as_nanos()),
        }
    }

    /// Whether every draw is zero (`{ constant = "0s" }`, `{ exponential = "0s" }`,
    /// `{ uniform = ["0s", "0s"] }`): as the gap between arrivals, it would make an endless
    /// stream of events at one instant. Every other distribution has a mean above zero.
    pub fn is_always_zero(&self) -> bool {
        match self.spec {
            DistributionSpec::Constant(d) | DistributionSpec::Exponential(d) => d.as_nanos() == 0,
            DistributionSpec::Uniform([_, high]) => high.as_nanos() == 0,
            DistributionSpec::Normal(_) | DistributionSpec::Lognormal(_) => false,
        }
    }

    /// The form it was written in.
    pub fn spec(&self) -> &DistributionSpec {
        &self.spec
    }

    /// The distribution's mean.
    pub fn mean(&self) -> SimDuration {
        match self.spec {
            DistributionSpec::Constant(d) | DistributionSpec::Exponential(d) => d,
            DistributionSpec::Uniform([low, high]) => {
                let sum = u128::from(low.as_nanos()) + u128::from(high.as_nanos());
                SimDuration::from_nanos((sum / 2) as u64)
            }
            DistributionSpec::Lognormal(MeanSd { mean, .. }) => mean,
            // Truncation at zero raises the mean; for the shop's parameters the effect is tiny.
            DistributionSpec::Normal(MeanSd { mean, .. }) => mean,
        }
    }

    /// Draws one duration.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> SimDuration {
        let nanos = match &self.sampler {
            Sampler::Constant(n) => return SimDuration::from_nanos(*n),
            Sampler::Uniform { low, high } => {
                return SimDuration::from_nanos(rng.random_range(*low..=*high));
            }
            Sampler::Exponential(exp) => exp.sample(rng),
            Sampler::Normal(normal) => loop {
                let x = normal.sample(rng);
                if x >= 0.0 {
                    break x;
                }
            },
            Sampler::Lognormal(lognormal) => lognormal.sample(rng),
        };
        SimDuration::from_nanos_f64(nanos)
    }
}

impl PartialEq for Distribution {
    fn eq(&self, other: &Self) -> bool {
        self.spec == other.spec
    }
}

impl TryFrom<DistributionSpec> for Distribution {
    type Error = EngineError;
    fn try_from(spec: DistributionSpec) -> Result<Self, EngineError> {
        Distribution::new(spec)
    }
}

impl From<Distribution> for DistributionSpec {
    fn from(d: Distribution) -> Self {
        d.spec
    }
}

impl fmt::Display for Distribution {
    /// The TOML form, e.g. `{ uniform = ["1s", "1.5s"] }`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.spec {
            DistributionSpec::Constant(d) => write!(f, "{{ constant = \"{d}\" }}"),
            DistributionSpec::Uniform([a, b]) => write!(f, "{{ uniform = [\"{a}\", \"{b}\"] }}"),
            DistributionSpec::Exponential(d) => write!(f, "{{ exponential = \"{d}\" }}"),
            DistributionSpec::Normal(MeanSd { mean, sd }) => {
                write!(f, "{{ normal = {{ mean = \"{mean}\", sd = \"{sd}\" }} }}")
            }
            DistributionSpec::Lognormal(MeanSd { mean, sd }) => {
                write!(
                    f,
                    "{{ lognormal = {{ mean = \"{mean}\", sd = \"{sd}\" }} }}"
                )
            }
        }
    }
}

/// A weighted choice among values, such as an order's items.
#[derive(Clone, Debug)]
pub struct WeightedChoice<T> {
    values: Vec<T>,
    index: WeightedIndex<f64>,
}

impl<T> WeightedChoice<T> {
    /// A choice of `values` with their `weights`; weights must be finite, not negative,
    /// not all zero, and their sum finite (`1e308 + 1e308` is not).
    pub fn new(values: Vec<T>, weights: &[f64]) -> Result<Self, EngineError> {
        if values.len() != weights.len() {
            return Err(EngineError::Distribution(format!(
                "{} values but {} weights",
                values.len(),
                weights.len()
            )));
        }
        // rand's WeightedIndex panics (rather than failing) when the sum overflows.
        let sum: f64 = weights.iter().sum();
        if weights.iter().any(|w| !w.is_finite() || *w < 0.0) || !sum.is_finite() {
            return Err(EngineError::Distribution(format!(
                "weights {weights:?}: each must be a finite number >= 0, and their sum finite"
            )));
        }
        let index = WeightedIndex::new(weights)
            .map_err(|e| EngineError::Distribution(format!("weights {weights:?}: {e}")))?;
        Ok(WeightedChoice { values, index })
    }

    /// Draws one value.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> &T {
        &self.values[self.index.sample(rng)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{RngStreams, Tally};

    fn parse(text: &str) -> Result<Distribution, toml::de::Error> {
        #[derive(Deserialize)]
        struct Holder {
            d: Distribution,
        }
        toml::from_str::<Holder>(&format!("d = {text}")).map(|h| h.d)
    }

    /// Sample mean and variance of 200,000 draws, in seconds.
    fn moments(d: &Distribution) -> (f64, f64) {
        let mut rng = RngStreams::new(3).stream("test");
        let mut tally = Tally::new();
        for _ in 0..200_000 {
            tally.record(d.sample(&mut rng).as_secs_f64());
        }
        (tally.mean(), tally.variance())
    }

    fn close(actual: f64, expected: f64, rel: f64) -> bool {
        (actual - expected).abs() <= rel * expected.abs()
    }

    #[test]
    fn sample_moments_match_theory() {
        // (distribution, mean, variance) in seconds.
        let cases = [
            ("{ constant = \"2ms\" }", 0.002, 0.0),
            ("{ uniform = [\"1s\", \"1.5s\"] }", 1.25, 0.25 * 0.25 / 3.0),
            ("{ exponential = \"30s\" }", 30.0, 900.0),
            ("{ normal = { mean = \"45s\", sd = \"10s\" } }", 45.0, 100.0),
            (
                "{ lognormal = { mean = \"45s\", sd = \"15s\" } }",
                45.0,
                225.0,
            ),
        ];
        for (text, mean, var) in cases {
            let d = parse(text).unwrap();
            let (m, v) = moments(&d);
            assert!(close(m, mean, 0.01), "{text}: mean {m} vs {mean}");
            assert!(
                close(v, var, 0.03) || var == 0.0 && v < 1e-18,
                "{text}: var {v} vs {var}"
            );
            assert_eq!(
                d.to_string(),
                text.replace("{ d = ", ""),
                "display is the TOML form"
            );
        }
    }

    #[test]
    fn bad_distributions_say_what_is_wrong() {
        let err = parse("{ uniform = [\"2s\", \"1s\"] }")
            .unwrap_err()
            .to_string();
        assert!(err.contains("minimum above its maximum"), "{err}");
        let err = parse("{ normal = { mean = \"-1s\", sd = \"1s\" } }")
            .unwrap_err()
            .to_string();
        assert!(err.contains("negative"), "{err}");
        let err = parse("{ gaussian = \"1s\" }").unwrap_err().to_string();
        assert!(err.contains("uniform"), "lists the valid kinds: {err}");
        let err = parse("{ normal = { mean = \"1s\", sdev = \"1s\" } }")
            .unwrap_err()
            .to_string();
        assert!(err.contains("sdev"), "{err}");
    }

    #[test]
    fn weighted_choice_follows_weights() {
        let choice = WeightedChoice::new(vec!['a', 'b', 'c'], &[1.0, 2.0, 1.0]).unwrap();
        let mut rng = RngStreams::new(1).stream("w");
        let n = 100_000;
        let bs = (0..n).filter(|_| *choice.sample(&mut rng) == 'b').count();
        assert!(close(bs as f64 / n as f64, 0.5, 0.02), "{bs}");
        assert!(WeightedChoice::new(vec!['a'], &[0.0]).is_err());
        assert!(WeightedChoice::new(vec!['a'], &[1.0, 2.0]).is_err());
        assert!(WeightedChoice::new(vec!['a', 'b'], &[1e308, 1e308]).is_err());
        assert!(WeightedChoice::new(vec!['a', 'b'], &[f64::NAN, 1.0]).is_err());
        assert!(WeightedChoice::new(vec!['a', 'b'], &[-1.0, 2.0]).is_err());
    }

    #[test]
    fn uniform_takes_exactly_two_durations() {
        for text in [
            "{ uniform = [\"10s\", \"10s\", \"0s\", \"garbage\"] }",
            "{ uniform = [\"10s\", \"10s\", \"0s\"] }",
            "{ uniform = [\"10s\"] }",
            "{ uniform = [] }",
        ] {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains("exactly two durations"), "{text}: {err}");
        }
        assert!(parse("{ uniform = [\"1s\", \"2s\"] }").is_ok());
    }

    #[test]
    fn only_degenerate_distributions_are_always_zero() {
        for (text, zero) in [
            ("{ constant = \"0s\" }", true),
            ("{ exponential = \"0s\" }", true),
            ("{ uniform = [\"0s\", \"0s\"] }", true),
            ("{ uniform = [\"0s\", \"1ns\"] }", false),
            ("{ constant = \"1ns\" }", false),
            ("{ exponential = \"1ms\" }", false),
        ] {
            assert_eq!(parse(text).unwrap().is_always_zero(), zero, "{text}");
        }
    }
}
