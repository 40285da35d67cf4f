//! The plan layer's errors: bad targets, costs and grids, and a finished sweep that cannot be
//! read. Each names the switch or file at fault and says what is valid.

use std::path::PathBuf;

use thiserror::Error;

/// Why a plan cannot be made.
#[derive(Debug, Error)]
pub enum PlanError {
    /// A `--target` that cannot be read.
    #[error("--target {text:?}: {message}")]
    Target {
        /// The target as given.
        text: String,
        /// What is wrong and what is valid.
        message: String,
    },
    /// A `--cost` expression that cannot be read.
    #[error("--cost {text:?}: {message}")]
    Cost {
        /// The expression as given.
        text: String,
        /// What is wrong, where, and what is valid.
        message: String,
    },
    /// A `--vary`, `--monotone` or other switch that makes no sense.
    #[error("{switch}: {message}")]
    Switch {
        /// The switch, e.g. `--vary`.
        switch: &'static str,
        /// What is wrong and what is valid.
        message: String,
    },
    /// The finished sweep of `--from` cannot be used.
    #[error("--from {}: {message}", path.display())]
    From {
        /// The file or folder.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
}
