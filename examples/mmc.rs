//! An M/M/c queue on the engine alone (no Kafka, no fish), printing one JSON line.
//!
//! `cargo run --release --example mmc -- --servers 3 --lambda 2.4 --mu 1.0 --customers 1000000 --seed 42`

use std::time::Instant;

use chipshop::queueing::{MmcConfig, mmc_wait, run_mmc};
use clap::Parser;

/// Simulates an M/M/c queue and prints {"customers", "events", "wq", "sim_end_s", "wq_theory"}.
#[derive(Parser)]
struct Args {
    /// Number of servers (c).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    servers: u32,
    /// Arrival rate per second (lambda).
    #[arg(long, default_value_t = 0.9)]
    lambda: f64,
    /// Service rate per server per second (mu).
    #[arg(long, default_value_t = 1.0)]
    mu: f64,
    /// Customers to simulate.
    #[arg(long, default_value_t = 1_000_000)]
    customers: u64,
    /// Master seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() {
    let args = Args::parse();
    for (name, rate) in [("--lambda", args.lambda), ("--mu", args.mu)] {
        if !(rate.is_finite() && rate > 0.0) {
            eprintln!("error: {name} must be a positive number, got {rate}");
            std::process::exit(2);
        }
    }
    let config = MmcConfig {
        servers: args.servers,
        lambda: args.lambda,
        mu: args.mu,
        customers: args.customers,
    };
    let started = Instant::now();
    let report = run_mmc(config, args.seed);
    let wall = started.elapsed().as_secs_f64();
    let mut line = serde_json::to_value(report).expect("a report is plain data");
    line["wq_theory"] = serde_json::json!(mmc_wait(args.servers, args.lambda, args.mu));
    println!("{line}");
    // Wall-clock figures vary from run to run, so they go to stderr, never into the output.
    eprintln!(
        "{} events in {wall:.3} s wall: {:.1} million events/s",
        report.events,
        report.events as f64 / wall / 1e6
    );
}
