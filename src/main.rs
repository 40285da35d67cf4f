//! The `chipshop` binary: see `chipshop --help`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    chipshop::cli::run(chipshop::cli::Cli::parse())
}
