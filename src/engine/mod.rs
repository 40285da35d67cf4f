//! The discrete-event engine: integer time, a (time, sequence) event queue, the run loop,
//! named random streams, distributions, statistics and trace sinks.
//!
//! It knows nothing of Kafka, Redis or fish; it could run any model.

mod distribution;
mod error;
mod in_flight;
mod json_line;
mod quantiles;
mod queue;
mod rate_profile;
mod replication;
mod rng;
mod simulation;
mod tally;
mod time;
mod time_weighted;
mod trace;

pub use distribution::{Distribution, DistributionSpec, MeanSd, WeightedChoice};
pub use error::{DurationError, EngineError};
pub use in_flight::{InFlight, Values as InFlightValues};
pub use json_line::JsonLine;
pub use quantiles::Quantiles;
pub use queue::EventKey;
pub use rate_profile::{MAX_RATE, OperationalClock, ProfileShape, RatePoint, RateProfile};
pub use replication::ReplicationStats;
pub use rng::{RngStreams, SimRng};
pub use simulation::{Context, Model, RunOutcome, Simulation};
pub use tally::{Counter, Tally};
pub use time::{SimDuration, SimTime};
pub use time_weighted::TimeWeighted;
pub use trace::{JsonlSink, NullSink, TraceSink};
