//! Every command's failures, one enum, and the one place that gives each class its exit code.
//!
//! The codes (the README's and docs/outputs.md's table): 0 done (also when the reader of
//! stdout closed it early, `| head`), 1 the books don't balance, 2 bad input (a scenario, a
//! switch, a file to read; clap's own code for a bad command line), 3 the output could not be
//! written (the folder can't be made or replaced, a full disk), 130 stopped by SIGINT (Ctrl-C),
//! 143 stopped by SIGTERM. A panic (101) is a bug.

use std::process::ExitCode;

use thiserror::Error;

use crate::model::ShopError;
use crate::output::{FolderError, OutputError};
use crate::scenario::ScenarioError;
use crate::sweep::GridError;

/// The books don't balance: the model broke an invariant.
pub const EXIT_BOOKS: u8 = 1;
/// Bad input: a scenario, a switch or a file to read (clap uses 2 for a bad command line too).
pub const EXIT_BAD_INPUT: u8 = 2;
/// The output could not be written: the folder can't be made or replaced, a write failed.
pub const EXIT_OUTPUT: u8 = 3;
/// Stopped by SIGINT (Ctrl-C): 128 + 2, as shells report it.
pub const EXIT_SIGINT: u8 = 130;
/// Stopped by SIGTERM: 128 + 15.
pub const EXIT_SIGTERM: u8 = 143;

/// Why a command failed; [`CliError::exit_code`] gives its class's code.
#[derive(Debug, Error)]
pub(crate) enum CliError {
    /// The scenario did not load or a switch does not fit it.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A sweep's grid (`--preparers 1..8`) is wrong.
    #[error(transparent)]
    Grid(#[from] GridError),
    /// A switch, a line of input or a file to read is wrong: the message names it and what
    /// would be valid.
    #[error("{0}")]
    BadInput(String),
    /// A file to read (a run's or a sweep's, a shard) is missing or not what chipshop wrote.
    #[error(transparent)]
    Input(OutputError),
    /// The output folder can't be made, or is not chipshop's to replace.
    #[error(transparent)]
    Folder(#[from] FolderError),
    /// Writing an output file failed.
    #[error(transparent)]
    Output(OutputError),
    /// The run failed: the books don't balance, or its trace could not be written.
    #[error(transparent)]
    Shop(ShopError),
    /// Stopped by a signal; holds the exit code (130 or 143).
    #[error("interrupted: stopped, and removed what this run had started")]
    Interrupted(u8),
    /// Whoever read stdout closed it (`| head -1`): not an error, the command just stops.
    #[error("stdout was closed")]
    StdoutClosed,
}

impl CliError {
    /// The exit code of this error's class.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            CliError::Scenario(_)
            | CliError::Grid(_)
            | CliError::BadInput(_)
            | CliError::Input(_) => EXIT_BAD_INPUT,
            CliError::Folder(_) | CliError::Output(_) => EXIT_OUTPUT,
            CliError::Shop(ShopError::Books(_)) => EXIT_BOOKS,
            CliError::Shop(ShopError::Trace(_)) => EXIT_OUTPUT,
            // A steering key that could not be scheduled: what was asked is the problem.
            CliError::Shop(ShopError::Schedule(_)) => EXIT_BAD_INPUT,
            // A run stopped by the flag is only ever reported through `Interrupted`; should one
            // slip through, it still exits as interrupted by Ctrl-C.
            CliError::Shop(ShopError::Interrupted) => EXIT_SIGINT,
            CliError::Interrupted(code) => *code,
            CliError::StdoutClosed => 0,
        }
    }

    /// Says what went wrong on stderr (nothing for a closed stdout) and gives the exit code.
    pub(crate) fn report(&self) -> ExitCode {
        match self {
            CliError::StdoutClosed => {}
            CliError::Interrupted(_) => super::console::warn(format_args!("{self}\n")),
            _ => super::console::warn(format_args!("error: {self}\n")),
        }
        ExitCode::from(self.exit_code())
    }

    /// A switch, an input line or a file that is wrong.
    pub(crate) fn bad_input(message: impl Into<String>) -> CliError {
        CliError::BadInput(message.into())
    }
}

impl From<OutputError> for CliError {
    /// Reading a file is input (exit 2); writing one is output (exit 3).
    fn from(e: OutputError) -> CliError {
        if e.is_input() {
            CliError::Input(e)
        } else {
            CliError::Output(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_class_has_its_own_code() {
        let codes = [
            CliError::bad_input("x").exit_code(),
            CliError::Shop(ShopError::Books("x".into())).exit_code(),
            CliError::Output(OutputError::io(
                std::path::Path::new("x"),
                std::io::Error::other("full"),
            ))
            .exit_code(),
            CliError::Interrupted(EXIT_SIGINT).exit_code(),
            CliError::Interrupted(EXIT_SIGTERM).exit_code(),
            CliError::StdoutClosed.exit_code(),
        ];
        assert_eq!(codes, [2, 1, 3, 130, 143, 0]);
    }
}
