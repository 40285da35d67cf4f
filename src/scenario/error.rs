//! The scenario layer's errors and warnings: every one names the file (or the switch), the key,
//! and the line where the file has one.

use std::fmt;
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
    /// The TOML did not parse, or a value does not fit its key's type.
    #[error("{place}: {message}")]
    Parse {
        /// Where: the file, line and column, and the key when one holds the position.
        place: Place,
        /// What is wrong, and what would be valid.
        message: String,
    },
    /// A value breaks a rule (zero tills, a fault after closing).
    #[error("{place}: {message}")]
    Invalid {
        /// Where: the file, the key, and its line when the file sets it.
        place: Place,
        /// What is wrong, and what would be valid.
        message: String,
    },
    /// The run (or sweep) would be bigger than its limits allow without `--yes`.
    #[error(transparent)]
    TooBig(#[from] super::size_estimate::TooBig),
    /// A command-line switch's value breaks a rule of the key it sets.
    #[error("{switch} {value}: {message}")]
    Switch {
        /// The switch, e.g. `--tills`.
        switch: &'static str,
        /// Its value, as given.
        value: String,
        /// What is wrong (naming the key it broke), and what would be valid.
        message: String,
    },
}

/// Where in a scenario something is: the file (or preset), the line and column when known, and
/// the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The file's path, or `preset NAME`.
    pub file: String,
    /// 1-based line and column, when the file holds the key.
    pub line_column: Option<(usize, usize)>,
    /// The key, as `[tills] count`.
    pub key: Option<String>,
}

impl fmt::Display for Place {
    /// `file:line:column: [tills] count`, leaving out what is not known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some((line, column)) = self.line_column {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": {key}")?;
        }
        Ok(())
    }
}

/// A key that a scenario file sets but that has no effect (a switched-off service's settings):
/// printed on stderr as a warning, since the run is still what the file describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioWarning {
    /// Where the key is.
    pub place: Place,
    /// Why it has no effect.
    pub message: String,
}

impl fmt::Display for ScenarioWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}
