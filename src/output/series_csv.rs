//! `series.csv`: the sampled time series of a run (lag, stock, rebalances), for charts.
//!
//! Long format, `time_s,series,value`, rows in time order, streamed as the run goes.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::atomic_file::AtomicFile;
use super::error::OutputError;
use crate::engine::SimTime;

/// The header line.
pub const HEADER: &str = "time_s,series,value";

/// Writes series.csv through an [`AtomicFile`]; the first error is kept for [`finish`](Self::finish).
pub struct SeriesCsv {
    file: AtomicFile,
    path: PathBuf,
    error: Option<std::io::Error>,
    line: String,
}

impl SeriesCsv {
    /// Starts `path`, header first.
    pub fn create(path: &Path) -> Result<SeriesCsv, OutputError> {
        let mut file = AtomicFile::create(path)?;
        writeln!(file, "{HEADER}").map_err(|e| OutputError::io(path, e))?;
        Ok(SeriesCsv {
            file,
            path: path.to_path_buf(),
            error: None,
            line: String::with_capacity(64),
        })
    }

    /// Finishes the file under its real name.
    pub fn finish(self) -> Result<(), OutputError> {
        if let Some(e) = self.error {
            return Err(OutputError::io(&self.path, e));
        }
        self.file.commit()
    }
}

impl SeriesCsv {
    /// Appends one point.
    pub fn write(&mut self, t: SimTime, series: &str, value: i64) {
        if self.error.is_some() {
            return;
        }
        let line = &mut self.line;
        line.clear();
        t.write_secs(line);
        line.push(',');
        line.push_str(series);
        line.push(',');
        line.push_str(itoa::Buffer::new().format(value));
        line.push('\n');
        if let Err(e) = self.file.write_all(line.as_bytes()) {
            self.error = Some(e);
        }
    }
}
