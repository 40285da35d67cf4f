//! Time-weighted averages of a level that changes at events: queue length, busy servers, stock.

use super::time::SimTime;

/// The time-average of a piecewise-constant value, e.g. utilisation or queue length.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeWeighted {
    start: SimTime,
    last: SimTime,
    value: f64,
    /// Integral of the value over time, in value × nanoseconds.
    area: f64,
    max: f64,
}

impl TimeWeighted {
    /// A level of `initial` from `start` on.
    pub fn new(start: SimTime, initial: f64) -> Self {
        TimeWeighted {
            start,
            last: start,
            value: initial,
            area: 0.0,
            max: initial,
        }
    }

    /// The level becomes `value` at `now` (which must not be before the last change).
    #[inline]
    pub fn set(&mut self, now: SimTime, value: f64) {
        self.area += self.value * now.saturating_since(self.last).as_nanos() as f64;
        self.last = self.last.max(now);
        self.value = value;
        self.max = self.max.max(value);
    }

    /// The current level.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The highest level seen.
    pub fn max(&self) -> f64 {
        self.max
    }

    /// The average level from the start to `now` (the current level if no time has passed).
    pub fn mean(&self, now: SimTime) -> f64 {
        let span = now.saturating_since(self.start).as_nanos() as f64;
        if span == 0.0 {
            return self.value;
        }
        let area = self.area + self.value * now.saturating_since(self.last).as_nanos() as f64;
        area / span
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_each_level_by_how_long_it_held() {
        let t = SimTime::from_nanos;
        let mut busy = TimeWeighted::new(t(0), 0.0);
        busy.set(t(10), 1.0); // idle for 10
        busy.set(t(40), 0.0); // busy for 30
        assert!((busy.mean(t(100)) - 0.3).abs() < 1e-12);
        busy.set(t(100), 2.0);
        assert!((busy.mean(t(200)) - (30.0 + 200.0) / 200.0).abs() < 1e-12);
        assert_eq!(busy.max(), 2.0);
    }
}
