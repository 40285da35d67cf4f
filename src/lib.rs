//! chipshop: a deterministic discrete-event simulator of a fish and chip shop whose services
//! talk through Apache Kafka and keep a hot cabinet in Redis.
//!
//! The layers are the modules, each depending only on those below it:
//!
//! - [`engine`]: integer time, the (time, sequence) event queue, the run loop, named random
//!   streams, distributions, statistics and trace sinks. Knows nothing of Kafka, Redis or fish.
//! - [`kafka_model`] and [`redis_model`]: the infrastructure, as components on the engine.
//!   They know no fish either. `examples/consumer_group.rs` uses the Kafka model alone (a
//!   producer, a consumer group, a member joining and one crashing, under either group
//!   protocol): `cargo run --example consumer_group -- consumer`. Model your own service on it.
//! - [`model`]: the shop, using Kafka and Redis only through their public APIs.
//! - [`scenario`]: scenario files and presets; [`output`]: the files a run writes;
//!   [`cli`]: the command line.
//! - [`sweep`] and [`plan`]: many runs over a grid of switches; a plan finds the cheapest
//!   point that meets its targets with confidence.
//! - [`queueing`]: an M/M/c model and Erlang C, to check the engine against theory.
//!
//! Run a preset from code:
//!
//! ```
//! use chipshop::model::run_shop;
//! use chipshop::scenario::Scenario;
//!
//! let mut scenario = Scenario::load("demo3").unwrap();
//! scenario.shop.open_for = "1m".parse().unwrap();
//! let (report, _) = run_shop(&scenario, &mut (), None::<Vec<u8>>).unwrap();
//! assert_eq!(report.orders.completed, report.orders.placed);
//! ```

#![warn(missing_docs, unreachable_pub)]
// Commands print through `cli::console`, which survives a closed stdout; the library prints
// nothing at all.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod engine;
pub mod fuzzing;
pub mod kafka_model;
pub mod model;
pub mod output;
pub mod plan;
pub mod play;
pub mod queueing;
pub mod redis_model;
pub mod scenario;
pub mod sweep;

pub use engine::{Context, Model, SimDuration, SimTime, Simulation};
