//! `orders.csv`: one row per order, streamed as orders finish, times in seconds.

use std::path::Path;

use super::atomic_file::AtomicFile;
use super::error::OutputError;
use crate::engine::SimTime;
use crate::model::OrderRecord;

/// The column names, as the design's output contract lists them.
pub const HEADER: &str = "id,till,items,placed,started,cooked,ready,collected,preparer,partition,offset,fry_start,make_start,duplicate";

/// Writes orders.csv through an [`AtomicFile`]; the first error is kept for [`finish`](Self::finish).
pub struct OrdersCsv {
    file: AtomicFile,
    path: std::path::PathBuf,
    error: Option<std::io::Error>,
    line: String,
}

impl OrdersCsv {
    /// Starts `path`, header first.
    pub fn create(path: &Path) -> Result<OrdersCsv, OutputError> {
        use std::io::Write;
        let mut file = AtomicFile::create(path)?;
        writeln!(file, "{HEADER}").map_err(|e| OutputError::io(path, e))?;
        Ok(OrdersCsv {
            file,
            path: path.to_path_buf(),
            error: None,
            line: String::with_capacity(128),
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

fn time_cell(out: &mut String, t: Option<SimTime>) {
    if let Some(t) = t {
        t.write_secs(out);
    }
}

fn num_cell(out: &mut String, n: Option<u64>) {
    if let Some(n) = n {
        out.push_str(itoa::Buffer::new().format(n));
    }
}

impl OrdersCsv {
    /// Appends one order's row; `duplicate`: a second making of an order already ready (its
    /// `duplicate` cell is 1, else 0).
    pub fn write(&mut self, r: &OrderRecord, duplicate: bool) {
        use std::io::Write as _;
        if self.error.is_some() {
            return;
        }
        let line = &mut self.line;
        line.clear();
        // No cell holds a comma or a quote (items are joined with '+'), so no quoting is needed.
        num_cell(line, Some(r.order.id));
        line.push(',');
        num_cell(line, Some(u64::from(r.order.till)));
        line.push(',');
        r.order.write_items(line);
        line.push(',');
        for t in [Some(r.placed), r.started, r.cooked, r.ready, r.collected] {
            time_cell(line, t);
            line.push(',');
        }
        num_cell(line, r.preparer.map(u64::from));
        line.push(',');
        num_cell(line, r.partition.map(u64::from));
        line.push(',');
        num_cell(line, r.offset);
        for t in [r.fry_start, r.make_start] {
            line.push(',');
            time_cell(line, t);
        }
        line.push_str(if duplicate { ",1\n" } else { ",0\n" });
        if let Err(e) = self.file.write_all(line.as_bytes()) {
            self.error = Some(e);
        }
    }
}
