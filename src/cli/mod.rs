//! The command line: parses arguments with clap and hands each subcommand to its module.
//!
//! Thin by design: every subcommand calls the library and formats what it returns.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod chart;
mod kafka;
mod presets;
mod redis;
mod run;
mod run_progress;
mod sweep;

/// A deterministic simulator of a fish and chip shop that runs on Apache Kafka and Redis.
#[derive(Parser)]
#[command(name = "chipshop", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario: summary.json, orders.csv and (with --trace) events.jsonl.
    Run(run::RunArgs),
    /// List the built-in scenarios, or print one (`presets show NAME`).
    Presets(presets::PresetsArgs),
    /// Run Redis commands from stdin on the Redis model, printing replies as redis-cli does.
    Redis(redis::RedisArgs),
    /// Redraw the charts of a finished run or sweep from its files (DIR/charts/).
    Chart(chart::ChartArgs),
    /// Kafka tools: where a key goes, how an assignor splits partitions.
    Kafka(kafka::KafkaArgs),
    /// Run a scenario over a grid of switches with replications: sweep.csv, sweep.json, charts/.
    Sweep(sweep::SweepArgs),
}

/// Exit code for bad input (a wrong key, a bad value, a missing file).
pub const EXIT_BAD_INPUT: u8 = 2;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Presets(args) => presets::run(args),
        Command::Redis(args) => redis::run(args),
        Command::Kafka(args) => kafka::run(args),
        Command::Chart(args) => chart::run(args),
        Command::Sweep(args) => sweep::run(args),
    }
}

/// Prints a bad-input error and returns the bad-input exit code.
pub(crate) fn bad_input(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(EXIT_BAD_INPUT)
}

/// Prints what a scenario file sets to no effect, one warning a line.
pub(crate) fn print_warnings(warnings: &[crate::scenario::ScenarioWarning]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}
