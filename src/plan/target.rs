//! A plan's targets: `"latency_p99_s <= 30s"`, `"max_lag <= 200"`, `"throughput_per_min >= 100"`,
//! on the measures of sweep.csv, and what a confidence interval says of each.

use std::fmt;

use super::error::PlanError;
use crate::engine::SimDuration;
use crate::sweep::MEASURES;

/// Which side of the value a measure must stay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// `<=`: the measure at most the value.
    AtMost,
    /// `>=`: the measure at least the value.
    AtLeast,
}

/// What an interval says of a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The interval's bound on the unsafe side is within the target.
    Holds,
    /// The whole interval is on the wrong side.
    Fails,
    /// The interval straddles the target (or there are too few runs to say).
    Undecided,
}

/// One target: a measure of sweep.csv, a comparison and a value (in the measure's unit:
/// seconds for the `_s` measures).
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// Index of the measure in [`MEASURES`].
    pub measure: usize,
    /// `<=` or `>=`.
    pub comparison: Comparison,
    /// The value.
    pub value: f64,
}

impl Target {
    /// Reads `measure <= value` or `measure >= value`. The measure is a column of sweep.csv
    /// (`latency_p99_s`; the `_s` may be left out); the value a number, or for a measure in
    /// seconds a duration such as `30s` or `500ms`.
    pub fn parse(text: &str) -> Result<Target, PlanError> {
        let bad = |message: String| PlanError::Target {
            text: text.to_string(),
            message,
        };
        let (name, comparison, value) = if let Some((a, b)) = text.split_once("<=") {
            (a, Comparison::AtMost, b)
        } else if let Some((a, b)) = text.split_once(">=") {
            (a, Comparison::AtLeast, b)
        } else {
            return Err(bad(
                "write MEASURE <= VALUE or MEASURE >= VALUE, e.g. \"latency_p99_s <= 30s\"".into(),
            ));
        };
        let (name, value) = (name.trim(), value.trim());
        let measure = measure_index(name).ok_or_else(|| bad(unknown_measure(name)))?;
        let seconds = MEASURES[measure].ends_with("_s");
        let value = match value.parse::<f64>() {
            Ok(x) if x.is_finite() => x,
            _ if seconds => value
                .parse::<SimDuration>()
                .map(|d| d.as_secs_f64())
                .map_err(|e| bad(format!("{value:?} is neither a number nor a duration: {e}")))?,
            _ => {
                return Err(bad(format!(
                    "{value:?} is not a finite number ({} is not in seconds, so no unit)",
                    MEASURES[measure]
                )));
            }
        };
        Ok(Target {
            measure,
            comparison,
            value,
        })
    }

    /// The measure's name in sweep.csv.
    pub fn name(&self) -> &'static str {
        MEASURES[self.measure]
    }

    /// What the interval `[low, high]` says of this target: it holds when the bound on the
    /// unsafe side (`high` for `<=`, `low` for `>=`) is within it, fails when the other bound
    /// is beyond it.
    pub fn verdict(&self, low: f64, high: f64) -> Verdict {
        if low.is_nan() || high.is_nan() {
            return Verdict::Undecided;
        }
        let (safe, unsafe_) = match self.comparison {
            Comparison::AtMost => (low <= self.value, high <= self.value),
            Comparison::AtLeast => (high >= self.value, low >= self.value),
        };
        match (safe, unsafe_) {
            (_, true) => Verdict::Holds,
            (false, _) => Verdict::Fails,
            _ => Verdict::Undecided,
        }
    }

    /// How far `mean` is from meeting the target, relative to the target's value (0 when it
    /// meets it): how close a point came.
    pub fn shortfall(&self, mean: f64) -> f64 {
        let miss = match self.comparison {
            Comparison::AtMost => mean - self.value,
            Comparison::AtLeast => self.value - mean,
        };
        if mean.is_nan() {
            return f64::INFINITY;
        }
        miss.max(0.0) / self.value.abs().max(1e-9)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = match self.comparison {
            Comparison::AtMost => "<=",
            Comparison::AtLeast => ">=",
        };
        write!(f, "{} {op} {}", self.name(), self.value)
    }
}

/// The index of measure `name` in [`MEASURES`]: exact, or with `_s` added.
pub fn measure_index(name: &str) -> Option<usize> {
    MEASURES
        .iter()
        .position(|m| *m == name)
        .or_else(|| MEASURES.iter().position(|m| *m == format!("{name}_s")))
}

/// The message for a measure that sweep.csv does not have: the measures, and the nearest.
fn unknown_measure(name: &str) -> String {
    let nearest = MEASURES
        .iter()
        .min_by_key(|m| strsim::levenshtein(name, m))
        .filter(|m| strsim::levenshtein(name, m) <= 1 + m.len() / 3);
    let hint = nearest.map_or(String::new(), |m| format!(" (did you mean {m}?)"));
    format!(
        "unknown measure {name:?}{hint}; the measures are sweep.csv's: {}",
        MEASURES.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_with_units_and_short_names() {
        let t = Target::parse("latency_p99 <= 30s").unwrap();
        assert_eq!(t.name(), "latency_p99_s");
        assert_eq!(t.value, 30.0);
        let t = Target::parse(" wait_mean_s<=500ms").unwrap();
        assert_eq!(t.value, 0.5);
        let t = Target::parse("throughput_per_min >= 120").unwrap();
        assert_eq!(t.comparison, Comparison::AtLeast);
        for (bad, says) in [
            ("latency_p95 <= 3", "did you mean latency_p99_s?"),
            ("max_lag < 3", "MEASURE <= VALUE"),
            ("max_lag <= 3s", "not a finite number"),
            ("wait_mean_s <= soon", "neither a number nor a duration"),
        ] {
            let e = Target::parse(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn the_unsafe_bound_decides() {
        let t = Target::parse("wait_mean_s <= 2").unwrap();
        assert_eq!(t.verdict(1.0, 1.9), Verdict::Holds);
        assert_eq!(t.verdict(1.5, 2.5), Verdict::Undecided);
        assert_eq!(t.verdict(2.1, 3.0), Verdict::Fails);
        assert_eq!(
            t.verdict(f64::NEG_INFINITY, f64::INFINITY),
            Verdict::Undecided
        );
        let t = Target::parse("throughput_per_min >= 10").unwrap();
        assert_eq!(t.verdict(11.0, 12.0), Verdict::Holds);
        assert_eq!(t.verdict(8.0, 9.0), Verdict::Fails);
        assert_eq!(t.shortfall(5.0), 0.5);
    }
}
