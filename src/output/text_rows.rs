//! A text file written a row at a time: rows gather in memory and reach the file in large
//! writes, and the first error is kept for the end.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::atomic_file::AtomicFile;
use super::error::OutputError;

/// Rows gathered before they go to the file. A row handed to the file on its own cost a call
/// and a copy more than building it did.
const FLUSH_AT: usize = 64 * 1024;

/// A file of text rows through an [`AtomicFile`] (see the module's documentation).
pub(super) struct TextRows {
    file: AtomicFile,
    path: PathBuf,
    rows: Vec<u8>,
    error: Option<std::io::Error>,
}

impl TextRows {
    /// Starts `path` with `header` as its first line.
    pub(super) fn create(path: &Path, header: &str) -> Result<TextRows, OutputError> {
        let mut rows = Vec::with_capacity(FLUSH_AT + 1024);
        rows.extend_from_slice(header.as_bytes());
        rows.push(b'\n');
        Ok(TextRows {
            file: AtomicFile::create(path)?,
            path: path.to_path_buf(),
            rows,
            error: None,
        })
    }

    /// Where the next row is written; call [`row_done`](Self::row_done) after it.
    #[inline]
    pub(super) fn row(&mut self) -> &mut Vec<u8> {
        &mut self.rows
    }

    /// A row (with its newline) was written: sends the gathered rows on once there are many.
    #[inline]
    pub(super) fn row_done(&mut self) {
        if self.rows.len() >= FLUSH_AT {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.error.is_none() {
            if let Err(e) = self.file.write_all(&self.rows) {
                self.error = Some(e);
            }
        }
        self.rows.clear();
    }

    /// Finishes the file under its real name, or reports the first error.
    pub(super) fn finish(mut self) -> Result<(), OutputError> {
        self.flush();
        if let Some(e) = self.error.take() {
            return Err(OutputError::io(&self.path, e));
        }
        self.file.commit()
    }
}
