//! The output layer's errors: which file could not be written or read back, and why.

use std::path::{Path, PathBuf};

use thiserror::Error;

/// Why an output could not be written, or a finished run's files could not be read back.
#[derive(Debug, Error)]
pub enum OutputError {
    /// Writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Serialising JSON or CSV, or drawing a chart, failed.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A file to read (a run's summary.json, a sweep's sweep.json) is missing or unreadable.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A file read back is not what chipshop writes: where, and what would be valid.
    #[error("{}: {message}", where_in(path, *line, field.as_deref()))]
    Invalid {
        /// The file (or folder).
        path: PathBuf,
        /// 1-based line, where the file has lines.
        line: Option<usize>,
        /// The column or key.
        field: Option<String>,
        /// What is wrong and what would be valid.
        message: String,
    },
}

/// `path:line: field`, leaving out what is not known.
fn where_in(path: &Path, line: Option<usize>, field: Option<&str>) -> String {
    let mut s = path.display().to_string();
    if let Some(line) = line {
        s.push_str(&format!(":{line}"));
    }
    if let Some(field) = field {
        s.push_str(&format!(": {field}"));
    }
    s
}

impl OutputError {
    /// An I/O error writing `path`.
    pub fn io(path: &Path, source: std::io::Error) -> OutputError {
        OutputError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// An I/O error reading `path`.
    pub fn read(path: &Path, source: std::io::Error) -> OutputError {
        OutputError::Read {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A file read back that is wrong at `line` (if it has lines), in `field` (if known).
    pub fn invalid(
        path: &Path,
        line: Option<usize>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> OutputError {
        OutputError::Invalid {
            path: path.to_path_buf(),
            line,
            field: field.map(str::to_string),
            message: message.into(),
        }
    }

    /// Whether this is about a file read (bad input), not one being written.
    pub fn is_input(&self) -> bool {
        matches!(self, OutputError::Read { .. } | OutputError::Invalid { .. })
    }
}
