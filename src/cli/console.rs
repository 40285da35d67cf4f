//! Where every command prints: stdout through [`print`] (and [`outln!`]), which turns a
//! closed pipe into [`CliError::StdoutClosed`], a quiet stop with exit 0; stderr through
//! [`warn`] (and [`errln!`]), which never fails a command.
//!
//! Rust ignores SIGPIPE, so `println!` panics when the reader has gone (`chipshop presets |
//! head -1`). The crate denies `clippy::print_stdout` and `clippy::print_stderr`, so no command
//! can print any other way.

use std::io::Write;

use super::error::CliError;
use crate::output::OutputError;

/// Writes to stdout; a reader that has gone away ends the command quietly.
pub(crate) fn print(args: std::fmt::Arguments<'_>) -> Result<(), CliError> {
    std::io::stdout()
        .lock()
        .write_fmt(args)
        .map_err(stdout_failed)
}

/// Flushes stdout (a command's last output), with the same rule as [`print`].
pub(crate) fn flush() -> Result<(), CliError> {
    std::io::stdout().lock().flush().map_err(stdout_failed)
}

/// What a failed write to stdout means: the reader went away (quiet), or the disk behind a
/// redirection is full (an output error).
pub(crate) fn stdout_failed(e: std::io::Error) -> CliError {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        CliError::StdoutClosed
    } else {
        CliError::Output(OutputError::io(std::path::Path::new("<stdout>"), e))
    }
}

/// Writes to stderr, ignoring failure: a message that can't be shown must not turn into a
/// panic or hide the exit code.
pub(crate) fn warn(args: std::fmt::Arguments<'_>) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// `println!` for commands: `outln!(...)?` stops the command quietly when stdout is closed.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::console::print(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` for commands, which never fails.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::console::warn(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {errln, outln};
