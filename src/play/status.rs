//! The show's own state, apart from the shop's: speed, pause, what the footer says.

use std::fmt;

/// How fast simulated time runs against the wall clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Speed {
    /// Simulated seconds per wall-clock second.
    Times(f64),
    /// As fast as the machine goes (frames are dropped, never events).
    Max,
}

/// The speeds `+` and `-` step through.
const STEPS: [f64; 11] = [
    0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 1000.0,
];

impl Speed {
    /// One step faster (past the last step: as fast as it goes).
    pub fn faster(self) -> Speed {
        match self {
            Speed::Times(x) => STEPS
                .iter()
                .find(|&&s| s > x * 1.0001)
                .map_or(Speed::Max, |&s| Speed::Times(s)),
            Speed::Max => Speed::Max,
        }
    }

    /// One step slower (never below 0.1x).
    pub fn slower(self) -> Speed {
        match self {
            Speed::Times(x) => Speed::Times(
                STEPS
                    .iter()
                    .rev()
                    .find(|&&s| s < x / 1.0001)
                    .copied()
                    .unwrap_or(STEPS[0]),
            ),
            Speed::Max => Speed::Times(STEPS[STEPS.len() - 1]),
        }
    }
}

impl fmt::Display for Speed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Speed::Times(x) => write!(f, "{x}x"),
            Speed::Max => f.write_str("max"),
        }
    }
}

/// What the screen shows besides the shop.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    /// The scenario's name.
    pub scenario: String,
    /// Its seed.
    pub seed: u64,
    /// The speed.
    pub speed: Speed,
    /// Whether simulated time stands still.
    pub paused: bool,
    /// Whether the run is over (drained).
    pub over: bool,
    /// A key waiting for its number (`crash preparer: 2_`).
    pub prompt: Option<String>,
    /// The last thing a key did, or why it did nothing.
    pub message: Option<String>,
    /// Whether the help is open.
    pub help: bool,
}

impl Status {
    /// The status at the start of a show of `scenario`.
    pub fn new(scenario: &crate::scenario::Scenario, speed: Speed) -> Status {
        Status {
            scenario: scenario.shop.name.clone(),
            seed: scenario.shop.seed,
            speed,
            paused: false,
            over: false,
            prompt: None,
            message: None,
            help: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Speed;

    #[test]
    fn speed_steps_up_to_max_and_down_to_a_tenth() {
        let mut s = Speed::Times(1.0);
        for _ in 0..20 {
            s = s.faster();
        }
        assert_eq!(s, Speed::Max);
        for _ in 0..20 {
            s = s.slower();
        }
        assert_eq!(s, Speed::Times(0.1));
        assert_eq!(Speed::Times(1.0).faster(), Speed::Times(2.0));
        assert_eq!(Speed::Times(3.0).slower(), Speed::Times(2.0));
    }
}
