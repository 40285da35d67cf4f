//! The scenario layer's errors: every one names the file, and where it can the line and key.

use std::path::PathBuf;

use thiserror::Error;

/// Why a scenario could not be loaded.
#[derive(Debug, Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("{path}: cannot read the scenario: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Neither a preset nor an existing file.
    #[error("no preset or file called \"{name}\": presets are {}", presets.join(", "))]
    NotFound {
        /// What was asked for.
        name: String,
        /// The presets there are.
        presets: Vec<String>,
    },
    /// The TOML did not parse or did not fit the scenario's keys.
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// The file (or preset) name.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong, and what would be valid.
        message: String,
    },
    /// A value parsed but makes no sense (e.g. zero tills).
    #[error("{file}: {key}: {message}")]
    Invalid {
        /// The file (or preset) name.
        file: String,
        /// The key, dotted (`tills.count`).
        key: String,
        /// What is wrong, and what would be valid.
        message: String,
    },
}
