//! `orders.csv`: one row per order, streamed as orders finish, times in seconds.

use std::path::Path;

use super::error::OutputError;
use super::text_rows::TextRows;
use crate::engine::SimTime;
use crate::model::OrderRecord;

/// The column names, as the design's output contract lists them.
pub const HEADER: &str = "id,till,items,placed,started,cooked,ready,collected,preparer,partition,offset,fry_start,make_start,duplicate";

/// Writes orders.csv a row at a time; the first error is kept for [`finish`](Self::finish).
pub struct OrdersCsv {
    rows: TextRows,
}

impl OrdersCsv {
    /// Starts `path`, header first.
    pub fn create(path: &Path) -> Result<OrdersCsv, OutputError> {
        Ok(OrdersCsv {
            rows: TextRows::create(path, HEADER)?,
        })
    }

    /// Finishes the file under its real name.
    pub fn finish(self) -> Result<(), OutputError> {
        self.rows.finish()
    }
}

fn time_cell(out: &mut Vec<u8>, t: Option<SimTime>) {
    if let Some(t) = t {
        t.write_secs(out);
    }
}

fn num_cell(out: &mut Vec<u8>, n: Option<u64>) {
    if let Some(n) = n {
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }
}

impl OrdersCsv {
    /// Appends one order's row; `duplicate`: a second making of an order already ready (its
    /// `duplicate` cell is 1, else 0).
    pub fn write(&mut self, r: &OrderRecord, duplicate: bool) {
        let line = self.rows.row();
        // No cell holds a comma or a quote (items are joined with '+'), so no quoting is needed.
        num_cell(line, Some(r.order.id));
        line.push(b',');
        num_cell(line, Some(u64::from(r.order.till)));
        line.push(b',');
        r.order.write_items(line);
        line.push(b',');
        for t in [Some(r.placed), r.started, r.cooked, r.ready, r.collected] {
            time_cell(line, t);
            line.push(b',');
        }
        num_cell(line, r.preparer.map(u64::from));
        line.push(b',');
        num_cell(line, r.partition.map(u64::from));
        line.push(b',');
        num_cell(line, r.offset);
        for t in [r.fry_start, r.make_start] {
            line.push(b',');
            time_cell(line, t);
        }
        line.extend_from_slice(if duplicate { b",1\n" } else { b",0\n" });
        self.rows.row_done();
    }
}
