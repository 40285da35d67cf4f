//! The engine's errors: bad durations, bad distributions, scheduling mistakes, trace I/O.

use thiserror::Error;

use super::time::SimTime;

/// Why a duration string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DurationError {
    /// The string was empty.
    #[error("empty duration: write a number and a unit, such as \"250ms\", \"1.5s\" or \"1h30m\"")]
    Empty,
    /// The string started with a minus sign.
    #[error("duration \"{0}\" is negative: durations are zero or more")]
    Negative(String),
    /// A number was missing or malformed.
    #[error("duration \"{0}\" has a malformed number: write e.g. \"1.5s\"")]
    BadNumber(String),
    /// A number had no unit after it.
    #[error("duration \"{0}\" has a number without a unit: add one of ns, us, ms, s, m, h, d")]
    MissingUnit(String),
    /// A unit was not one of ns, us, ms, s, m, h, d.
    #[error("duration \"{text}\" has unknown unit \"{unit}\": use one of ns, us, ms, s, m, h, d")]
    UnknownUnit {
        /// The whole duration string.
        text: String,
        /// The unit that was not understood.
        unit: String,
    },
    /// The duration does not fit in 64-bit nanoseconds (about 584 years).
    #[error("duration \"{0}\" is too long: at most about 584 years fit")]
    Overflow(String),
}

/// Errors of the engine.
#[derive(Debug, Error)]
pub enum EngineError {
    /// An event was scheduled before the current time.
    #[error("cannot schedule an event at {at}, before the current time {now}")]
    ScheduleInPast {
        /// The current simulated time.
        now: SimTime,
        /// The time asked for.
        at: SimTime,
    },
    /// A distribution's parameters make no sense.
    #[error("invalid distribution: {0}")]
    Distribution(String),
    /// A rate profile's points make no sense.
    #[error("invalid rate profile: {0}")]
    Profile(String),
    /// Writing the trace failed.
    #[error("writing the trace failed: {0}")]
    Trace(#[from] std::io::Error),
}
