//! `chipshop kafka`: where Kafka's producer puts a key, and how an assignor splits partitions.
//!
//! Thin: parses, calls `kafka_model`, prints. Bad input is an error naming the culprit (exit 2);
//! a closed stdout (`| head`) ends the output quietly.

mod assign;

use std::io::{self, BufWriter, Write};

use clap::{Args, Subcommand};

use super::console::stdout_failed;
use super::error::CliError;
use crate::kafka_model::{murmur2, partition_for_key};

/// Kafka's largest partition count: a partition count is a positive Java `int`.
const MAX_PARTITIONS: u32 = i32::MAX as u32;

/// Kafka tools: the key partitioner and the group assignors, exactly as Kafka computes them.
#[derive(Args, Debug)]
pub(crate) struct KafkaArgs {
    #[command(subcommand)]
    command: KafkaCommand,
}

#[derive(Subcommand, Debug)]
enum KafkaCommand {
    /// Each key's murmur2 hash and the partition Kafka's producer would send it to.
    Partition {
        /// Number of partitions of the topic (1 to 2147483647, as in Kafka).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_PARTITIONS)))]
        partitions: u32,
        /// Keys (UTF-8).
        #[arg(required = true)]
        keys: Vec<String>,
    },
    /// The assignment a consumer group's assignor makes, as JSON: the classic protocol's
    /// client-side assignors or the consumer protocol's server-side ones (Kafka 4.1).
    Assign(assign::AssignArgs),
}

/// Runs `chipshop kafka ...`.
pub(crate) fn run(args: KafkaArgs) -> Result<(), CliError> {
    // Streamed: an assignment of a million partitions is never built whole in memory.
    let mut out = BufWriter::new(io::stdout().lock());
    match args.command {
        KafkaCommand::Partition { partitions, keys } => partition(&mut out, partitions, &keys),
        KafkaCommand::Assign(args) => assign::plan(&args)
            .map_err(CliError::BadInput)?
            .write(&mut out),
    }
    .and_then(|()| out.flush())
    .map_err(stdout_failed)
}

fn partition(out: &mut impl Write, partitions: u32, keys: &[String]) -> io::Result<()> {
    for key in keys {
        write!(out, "{{\"key\": ")?;
        serde_json::to_writer(&mut *out, key)?;
        writeln!(
            out,
            ", \"murmur2\": {}, \"partition\": {}}}",
            murmur2(key.as_bytes()),
            partition_for_key(key.as_bytes(), partitions)
        )?;
    }
    Ok(())
}
