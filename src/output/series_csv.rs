//! `series.csv`: the sampled time series of a run (lag, stock, rebalances), for charts.
//!
//! Long format, `time_s,series,value`, rows in time order, streamed as the run goes.

use std::path::Path;

use super::error::OutputError;
use super::text_rows::TextRows;
use crate::engine::SimTime;

/// The header line.
pub const HEADER: &str = "time_s,series,value";

/// Writes series.csv a row at a time; the first error is kept for [`finish`](Self::finish).
pub struct SeriesCsv {
    rows: TextRows,
}

impl SeriesCsv {
    /// Starts `path`, header first.
    pub fn create(path: &Path) -> Result<SeriesCsv, OutputError> {
        Ok(SeriesCsv {
            rows: TextRows::create(path, HEADER)?,
        })
    }

    /// Finishes the file under its real name.
    pub fn finish(self) -> Result<(), OutputError> {
        self.rows.finish()
    }

    /// Appends one point.
    pub fn write(&mut self, t: SimTime, series: &str, value: i64) {
        let line = self.rows.row();
        t.write_secs(line);
        line.push(b',');
        line.extend_from_slice(series.as_bytes());
        line.push(b',');
        line.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
        line.push(b'\n');
        self.rows.row_done();
    }
}
