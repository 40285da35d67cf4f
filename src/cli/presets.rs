//! `chipshop presets`: list the built-in scenarios, or print one to copy and edit.

use clap::{Args, Subcommand};

use super::console::outln;
use super::error::CliError;
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

pub(crate) fn run(args: PresetsArgs) -> Result<(), CliError> {
    match args.action {
        None => {
            for (name, summary) in presets::summaries() {
                outln!("{name:<10} {summary}")?;
            }
            Ok(())
        }
        Some(PresetsAction::Show { name }) => match presets::text(&name) {
            Some(text) => super::console::print(format_args!("{text}")),
            None => {
                let names: Vec<_> = presets::names().collect();
                Err(CliError::bad_input(format!(
                    "no preset called \"{name}\": presets are {}",
                    names.join(", ")
                )))
            }
        },
    }
}
