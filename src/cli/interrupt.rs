//! Ctrl-C (SIGINT) and SIGTERM for the commands that write a folder (`run`, `sweep`, `chart`):
//! the first signal sets a flag that the simulation loop and the sweep's workers check, the
//! command drops its unfinished folder (which removes it) and exits 130 or 143. A second
//! signal exits at once with the same code; what that leaves is removed by the next command
//! writing the same folder.
//!
//! Commands that write nothing (`presets`, `kafka`, `redis`) keep the default: a signal ends
//! them.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::flag;

use super::error::{CliError, EXIT_SIGINT, EXIT_SIGTERM};
use crate::model::ShopError;

/// The flag a signal sets, and the exit code it asks for.
pub(crate) struct Interrupt {
    stop: Arc<AtomicBool>,
    code: Arc<AtomicUsize>,
}

impl Interrupt {
    /// Catches SIGINT and SIGTERM from now on, for the rest of the process.
    pub(crate) fn catch() -> Interrupt {
        let stop = Arc::new(AtomicBool::new(false));
        let code = Arc::new(AtomicUsize::new(0));
        for (signal, exit) in [(SIGINT, EXIT_SIGINT), (SIGTERM, EXIT_SIGTERM)] {
            // Registered before the flag, so it sees the flag as the previous signal left it:
            // only a second signal exits at once.
            let registered =
                flag::register_conditional_shutdown(signal, i32::from(exit), stop.clone())
                    .and_then(|_| flag::register_usize(signal, code.clone(), usize::from(exit)))
                    .and_then(|_| flag::register(signal, stop.clone()));
            if let Err(e) = registered {
                // Without a handler the signal still ends the command, the default way; the
                // next command cleans up after it.
                super::console::warn(format_args!("warning: cannot catch signal {signal}: {e}\n"));
            }
        }
        Interrupt { stop, code }
    }

    /// The flag to hand to the run loop.
    pub(crate) fn flag(&self) -> &Arc<AtomicBool> {
        &self.stop
    }

    /// `Err(Interrupted)` once a signal has come: a command calls this between its steps.
    pub(crate) fn check(&self) -> Result<(), CliError> {
        if self.stop.load(Ordering::Relaxed) {
            Err(self.error())
        } else {
            Ok(())
        }
    }

    /// A failed run's error, as the command reports it: an interrupted run by its signal.
    pub(crate) fn shop_error(&self, e: ShopError) -> CliError {
        match e {
            ShopError::Interrupted => self.error(),
            other => CliError::Shop(other),
        }
    }

    fn error(&self) -> CliError {
        match self.code.load(Ordering::Relaxed) {
            c if c == usize::from(EXIT_SIGTERM) => CliError::Interrupted(EXIT_SIGTERM),
            _ => CliError::Interrupted(EXIT_SIGINT),
        }
    }
}
