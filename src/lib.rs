//! chipshop: a deterministic discrete-event simulator of a fish and chip shop whose services
//! talk through Apache Kafka and keep a hot cabinet in Redis.
//!
//! The layers are the modules, each depending only on those below it:
//! [`engine`] (time, events, randomness, statistics) knows nothing of Kafka, Redis or fish;
//! [`queueing`] checks the engine against queueing theory.

#![warn(missing_docs, unreachable_pub)]

pub mod cli;
pub mod engine;
pub mod kafka_model;
pub mod model;
pub mod output;
pub mod queueing;
pub mod redis_model;
pub mod scenario;
pub mod sweep;

pub use engine::{Context, Model, SimDuration, SimTime, Simulation};
