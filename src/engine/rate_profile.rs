//! A rate profile: a multiplier of an arrival rate that changes over time, stepwise or linear
//! between points, and the change of clock that makes a stream of arrivals follow it.
//!
//! Arrivals follow a profile by running their own renewal process on an *operational clock*
//! that ticks `rate(t)` times as fast as simulated time: the clock reads
//! `Λ(t) = ∫₀ᵗ rate(s) ds`, gaps are drawn as usual on it, and an arrival at operational time
//! `τ` happens at `t = Λ⁻¹(τ)` (inversion of the integrated rate). With exponential gaps of
//! mean `m` this is exactly a non-homogeneous Poisson process of intensity `rate(t) / m`;
//! with other gaps it is the same renewal process with its time scaled by the rate (twice
//! the rate: every gap half as long, while the rate holds). Not a distribution, and it knows
//! nothing of what arrives.

use serde::{Deserialize, Serialize};

use super::error::EngineError;
use super::time::{SimDuration, SimTime};

/// The largest multiplier a profile may hold.
pub const MAX_RATE: f64 = 1e6;

/// One point of a profile: from this time after the start, the rate multiplier is `rate`
/// (1.0: as the gaps' distribution says).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatePoint {
    /// From when (after the start) this rate holds.
    pub from: SimDuration,
    /// The multiplier, 0 or more.
    pub rate: f64,
}

/// How the rate goes from one point to the next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileShape {
    /// The rate jumps at each point and holds until the next.
    #[default]
    Stepwise,
    /// The rate goes in a straight line from each point to the next.
    Linear,
}

/// A piece of the profile, in nanoseconds: from `start` (simulated) and `op_start`
/// (operational), the rate is `rate + slope * (t - start)` until `op_end` on the operational
/// clock.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Segment {
    start: f64,
    op_start: f64,
    op_end: f64,
    rate: f64,
    slope: f64,
}

/// A validated profile, ready to turn operational time into simulated time.
#[derive(Clone, Debug, PartialEq)]
pub struct RateProfile {
    segments: Vec<Segment>,
}

impl RateProfile {
    /// Checks `points`: at least one, the first `from` 0s, each `from` later than the one
    /// before, every rate finite, from 0 to [`MAX_RATE`], and some rate above 0 (arrivals
    /// need a positive mean rate). After the last point its rate holds for ever.
    pub fn new(points: &[RatePoint], shape: ProfileShape) -> Result<RateProfile, EngineError> {
        let bad = |m: String| Err(EngineError::Profile(m));
        let Some(first) = points.first() else {
            return bad("a profile needs at least one point, { from = \"0s\", rate = 1.0 }".into());
        };
        if first.from != SimDuration::ZERO {
            return bad(format!(
                "the first point is from \"{}\"; it must be from \"0s\", so that the rate is known from the start",
                first.from
            ));
        }
        for (i, p) in points.iter().enumerate() {
            if !p.rate.is_finite() || !(0.0..=MAX_RATE).contains(&p.rate) {
                return bad(format!(
                    "point {} has rate {}: a rate is a number from 0 to {MAX_RATE:e}",
                    i + 1,
                    p.rate
                ));
            }
            if i > 0 && p.from <= points[i - 1].from {
                return bad(format!(
                    "point {} is from \"{}\", not after point {} (from \"{}\"): list the points in time order",
                    i + 1,
                    p.from,
                    i,
                    points[i - 1].from
                ));
            }
        }
        if points.iter().all(|p| p.rate == 0.0) {
            return bad(
                "every rate is 0, so nothing would ever arrive: give some point a rate above 0"
                    .into(),
            );
        }
        let mut segments = Vec::with_capacity(points.len());
        let mut op = 0.0;
        for (i, p) in points.iter().enumerate() {
            let start = p.from.as_nanos() as f64;
            let next = points.get(i + 1);
            let slope = match (shape, next) {
                (ProfileShape::Linear, Some(n)) => {
                    (n.rate - p.rate) / (n.from.as_nanos() as f64 - start)
                }
                _ => 0.0,
            };
            let op_end = match next {
                Some(n) => {
                    let d = n.from.as_nanos() as f64 - start;
                    op + p.rate * d + slope * d * d / 2.0
                }
                None if p.rate > 0.0 => f64::INFINITY,
                None => op,
            };
            segments.push(Segment {
                start,
                op_start: op,
                op_end,
                rate: p.rate,
                slope,
            });
            op = op_end;
        }
        Ok(RateProfile { segments })
    }

    /// The segment that holds simulated time `t` (nanoseconds).
    fn segment_at(&self, t: f64) -> &Segment {
        let i = self.segments.partition_point(|s| s.start <= t);
        &self.segments[i.saturating_sub(1)]
    }

    /// The multiplier at `t`.
    pub fn rate_at(&self, t: SimTime) -> f64 {
        let t = t.as_nanos() as f64;
        let s = self.segment_at(t);
        s.rate + s.slope * (t - s.start)
    }

    /// The operational clock at `t`: `∫₀ᵗ rate`, in nanoseconds.
    pub fn operational(&self, t: SimTime) -> f64 {
        let t = t.as_nanos() as f64;
        let s = self.segment_at(t);
        let d = t - s.start;
        s.op_start + s.rate * d + s.slope * d * d / 2.0
    }

    /// The mean multiplier over `[0, until)` (the rate at 0 if `until` is 0).
    pub fn mean_rate(&self, until: SimDuration) -> f64 {
        match until.as_nanos() {
            0 => self.segments[0].rate,
            n => self.operational(SimTime::from_nanos(n)) / n as f64,
        }
    }

    /// The largest multiplier anywhere.
    pub fn peak(&self) -> f64 {
        self.segments.iter().map(|s| s.rate).fold(0.0, f64::max)
    }

    /// When the operational clock reads `op` nanoseconds: the first simulated time it does,
    /// rounded to the nanosecond, or `None` if it never does (the rate stays 0 from some time
    /// on, or the time is past the end of time).
    pub fn real_time(&self, op: f64) -> Option<SimTime> {
        let i = self.segments.partition_point(|s| s.op_end <= op);
        let s = self.segments.get(i)?;
        let delta = (op - s.op_start).max(0.0);
        // Solves rate·d + slope·d²/2 = delta for d in the form that stays accurate when the
        // slope is 0 or tiny (no division by the slope).
        let d = 2.0 * delta / (s.rate + (s.rate * s.rate + 2.0 * s.slope * delta).max(0.0).sqrt());
        let t = (s.start + if d.is_nan() { 0.0 } else { d }).round();
        (t < u64::MAX as f64).then(|| SimTime::from_nanos(t as u64))
    }
}

/// A stream of arrivals on a profile's operational clock: where it has got to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OperationalClock {
    at: SimDuration,
}

impl OperationalClock {
    /// Moves the clock on by `gap` (a gap between arrivals drawn as usual) and returns when,
    /// in simulated time, the next arrival is, or `None` if it never comes.
    pub fn next_arrival(&mut self, profile: &RateProfile, gap: SimDuration) -> Option<SimTime> {
        self.at = self.at.checked_add(gap)?;
        profile.real_time(self.at.as_nanos() as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(points: &[(&str, f64)], shape: ProfileShape) -> Result<RateProfile, EngineError> {
        let points: Vec<RatePoint> = points
            .iter()
            .map(|(from, rate)| RatePoint {
                from: from.parse().unwrap(),
                rate: *rate,
            })
            .collect();
        RateProfile::new(&points, shape)
    }

    fn secs(t: SimTime) -> f64 {
        t.as_secs_f64()
    }

    #[test]
    fn stepwise_integral_and_its_inverse() {
        let prof = p(
            &[("0s", 0.5), ("10s", 2.0), ("20s", 0.0), ("30s", 1.0)],
            ProfileShape::Stepwise,
        )
        .unwrap();
        let s = 1e9;
        assert_eq!(
            prof.operational(SimTime::from_nanos(10_000_000_000)),
            5.0 * s
        );
        assert_eq!(
            prof.operational(SimTime::from_nanos(20_000_000_000)),
            25.0 * s
        );
        assert_eq!(
            prof.operational(SimTime::from_nanos(30_000_000_000)),
            25.0 * s
        );
        assert_eq!(secs(prof.real_time(2.5 * s).unwrap()), 5.0);
        assert_eq!(secs(prof.real_time(7.0 * s).unwrap()), 11.0);
        // Through the gap of rate 0: the clock reads 25 s from 20 s to 30 s.
        assert_eq!(secs(prof.real_time(25.5 * s).unwrap()), 30.5);
        assert_eq!(prof.rate_at(SimTime::from_nanos(25_000_000_000)), 0.0);
        assert_eq!(prof.peak(), 2.0);
    }

    #[test]
    fn linear_ramps_between_points_and_holds_after_the_last() {
        let prof = p(&[("0s", 0.0), ("10s", 2.0)], ProfileShape::Linear).unwrap();
        let s = 1e9;
        assert!((prof.rate_at(SimTime::from_nanos(5_000_000_000)) - 1.0).abs() < 1e-12);
        // ∫₀¹⁰ 0.2 t dt = 10; then 2 per second.
        assert!((prof.operational(SimTime::from_nanos(10_000_000_000)) - 10.0 * s).abs() < 1.0);
        assert_eq!(secs(prof.real_time(10.0 * s).unwrap()), 10.0);
        // 0.1 t² = 2.5 at t = 5.
        assert_eq!(secs(prof.real_time(2.5 * s).unwrap()), 5.0);
        assert_eq!(secs(prof.real_time(14.0 * s).unwrap()), 12.0);
    }

    #[test]
    fn a_rate_that_falls_to_zero_for_good_ends_the_arrivals() {
        let prof = p(&[("0s", 1.0), ("10s", 0.0)], ProfileShape::Stepwise).unwrap();
        assert!(prof.real_time(9e9).is_some());
        assert_eq!(prof.real_time(10e9), None);
        let mut clock = OperationalClock::default();
        let gap = SimDuration::from_secs(4);
        assert_eq!(clock.next_arrival(&prof, gap).map(secs), Some(4.0));
        assert_eq!(clock.next_arrival(&prof, gap).map(secs), Some(8.0));
        assert_eq!(clock.next_arrival(&prof, gap), None);
    }

    #[test]
    fn bad_profiles_say_what_is_wrong() {
        let err =
            |points: &[(&str, f64)]| p(points, ProfileShape::Stepwise).unwrap_err().to_string();
        assert!(err(&[]).contains("at least one point"));
        assert!(err(&[("1m", 1.0)]).contains("must be from \"0s\""));
        assert!(
            err(&[("0s", 1.0), ("2m", 1.0), ("1m", 1.0)])
                .contains("point 3 is from \"1m\", not after point 2")
        );
        assert!(err(&[("0s", -1.0)]).contains("rate -1"));
        assert!(err(&[("0s", f64::NAN)]).contains("rate NaN"));
        assert!(err(&[("0s", 0.0), ("1m", 0.0)]).contains("every rate is 0"));
    }
}
