//! The command line: parses arguments with clap and hands each subcommand to its module.
//!
//! Thin by design: every subcommand calls the library and formats what it returns.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod kafka;

/// A deterministic simulator of a fish and chip shop that runs on Apache Kafka and Redis.
#[derive(Parser)]
#[command(name = "chipshop", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Kafka tools: where a key goes, how an assignor splits partitions.
    Kafka(kafka::KafkaArgs),
}

/// Exit code for bad input (a wrong key, a bad value, a missing file).
pub const EXIT_BAD_INPUT: u8 = 2;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Kafka(args) => kafka::run(args),
    }
}
