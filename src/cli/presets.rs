//! `chipshop presets`: list the built-in scenarios, or print one to copy and edit.

use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::scenario::presets;

/// List the built-in scenarios, or print one.
#[derive(Args)]
pub(crate) struct PresetsArgs {
    #[command(subcommand)]
    action: Option<PresetsAction>,
}

#[derive(Subcommand)]
enum PresetsAction {
    /// Print a preset's TOML, to copy into a file and edit.
    Show {
        /// The preset's name (see `chipshop presets`).
        name: String,
    },
}

pub(crate) fn run(args: PresetsArgs) -> ExitCode {
    match args.action {
        None => {
            for (name, summary) in presets::summaries() {
                println!("{name:<10} {summary}");
            }
            ExitCode::SUCCESS
        }
        Some(PresetsAction::Show { name }) => match presets::text(&name) {
            Some(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            None => {
                let names: Vec<_> = presets::names().collect();
                eprintln!(
                    "error: no preset called \"{name}\": presets are {}",
                    names.join(", ")
                );
                ExitCode::from(super::EXIT_BAD_INPUT)
            }
        },
    }
}
