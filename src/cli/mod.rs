//! The command line: parses arguments with clap and hands each subcommand to its module.
//!
//! Thin by design: every subcommand calls the library and formats what it returns. Each
//! returns a `CliError` on failure, and [`run`] turns it into the exit code of its class
//! (`error.rs`, the one place that maps failures to codes).

use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod chart;
mod console;
mod error;
mod interrupt;
mod kafka;
mod plan;
mod play;
mod presets;
mod redis;
mod run;
mod run_progress;
mod sweep;

use crate::output::{FolderKind, StagedFolder};
use error::CliError;
pub use error::{EXIT_BAD_INPUT, EXIT_BOOKS, EXIT_OUTPUT, EXIT_SIGINT, EXIT_SIGTERM};

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
    /// Show a scenario live in the terminal (the talk's panels), steerable and replayable;
    /// `--snapshot T` prints the screen at simulated time T as text.
    Play(play::PlayArgs),
    /// Run a scenario over a grid of switches with replications: sweep.csv, sweep.json, charts/.
    Sweep(Box<sweep::SweepArgs>),
    /// Find the cheapest point of a grid whose targets hold with confidence: plan.json, charts/.
    Plan(plan::PlanArgs),
}

/// Runs the parsed command line and gives its exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Run(args) => run::run(args),
        Command::Presets(args) => presets::run(args),
        Command::Redis(args) => redis::run(args),
        Command::Kafka(args) => kafka::run(args),
        Command::Chart(args) => chart::run(args),
        Command::Sweep(args) => sweep::run(*args),
        Command::Plan(args) => plan::run(args),
        Command::Play(args) => play::run(args),
    };
    match result.and_then(|()| console::flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}

/// Starts building the folder `out` beside it (see `StagedFolder`), saying on stderr what
/// leftovers of interrupted commands it removed.
fn stage(out: &Path, kind: FolderKind, force: bool) -> Result<StagedFolder, CliError> {
    let staged = StagedFolder::begin(out, kind, force)?;
    for path in staged.cleaned() {
        console::errln!(
            "note: removed {}, left by an interrupted command",
            path.display()
        );
    }
    Ok(staged)
}

/// Loads a scenario (a preset or a file) and prints on stderr what it sets to no effect, one
/// warning a line.
fn load_scenario(name_or_path: &str) -> Result<crate::scenario::Scenario, CliError> {
    let (scenario, warnings) = crate::scenario::Scenario::load_with_warnings(name_or_path)?;
    for w in warnings {
        console::errln!("warning: {w}");
    }
    Ok(scenario)
}
