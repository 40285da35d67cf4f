//! orders.csv and series.csv, formatted and written on a thread of their own.
//!
//! Formatting a row and handing it to the kernel cost a run as much as simulating its order;
//! on a second core they cost the run nothing. The run collects rows in batches of plain
//! values and the thread writes them in the order they came, so the files hold the same bytes
//! as if the run had written them itself. Batches go back to be filled again, and at most a
//! few are in flight, so memory stays small however long the run.

use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use super::error::OutputError;
use super::orders_csv::OrdersCsv;
use super::series_csv::SeriesCsv;
use crate::engine::SimTime;
use crate::model::OrderRecord;

/// Orders in a batch before it goes to the thread.
const ORDERS_PER_BATCH: usize = 2048;
/// Series points in a batch before it goes to the thread.
const POINTS_PER_BATCH: usize = 4096;
/// Batches on their way to the thread (or back) at most.
const BATCHES_IN_FLIGHT: usize = 4;

/// Rows waiting to be written.
#[derive(Default)]
struct Batch {
    /// Finished orders, and whether each is a duplicate.
    orders: Vec<(OrderRecord, bool)>,
    /// Series points: time, value, and where the series' name ends in `names`.
    points: Vec<(SimTime, i64, usize)>,
    /// The points' series names, one after another.
    names: String,
}

impl Batch {
    fn is_empty(&self) -> bool {
        self.orders.is_empty() && self.points.is_empty()
    }

    fn clear(&mut self) {
        self.orders.clear();
        self.points.clear();
        self.names.clear();
    }
}

/// What the run tells the thread.
enum Message {
    /// Rows to write.
    Rows(Batch),
    /// The run is over: commit both files.
    Finish,
}

/// The run's side of the thread that writes orders.csv and series.csv.
pub(super) struct TableThread {
    batch: Batch,
    to_thread: Option<SyncSender<Message>>,
    emptied: Receiver<Batch>,
    thread: Option<JoinHandle<Result<(), OutputError>>>,
}

impl TableThread {
    /// Creates both files in `dir` (under temporary names) and starts the thread.
    pub(super) fn start(dir: &Path) -> Result<TableThread, OutputError> {
        let mut orders = OrdersCsv::create(&dir.join("orders.csv"))?;
        let mut series = SeriesCsv::create(&dir.join("series.csv"))?;
        let (to_thread, from_run) = sync_channel::<Message>(BATCHES_IN_FLIGHT);
        let (to_run, emptied) = sync_channel::<Batch>(BATCHES_IN_FLIGHT);
        let thread = std::thread::Builder::new()
            .name("chipshop-tables".into())
            .spawn(move || {
                for message in from_run {
                    match message {
                        Message::Rows(mut batch) => {
                            write_batch(&batch, &mut orders, &mut series);
                            batch.clear();
                            // The run may have enough batches already; this one can go.
                            let _ = to_run.try_send(batch);
                        }
                        Message::Finish => {
                            orders.finish()?;
                            return series.finish();
                        }
                    }
                }
                // The run stopped without finishing: dropping the files removes them.
                Ok(())
            })
            .map_err(|e| OutputError::io(&dir.join("orders.csv"), e))?;
        Ok(TableThread {
            batch: Batch::default(),
            to_thread: Some(to_thread),
            emptied,
            thread: Some(thread),
        })
    }

    /// Adds an order's row (see [`OrdersCsv::write`]).
    #[inline]
    pub(super) fn order(&mut self, record: &OrderRecord, duplicate: bool) {
        self.batch.orders.push((record.clone(), duplicate));
        if self.batch.orders.len() >= ORDERS_PER_BATCH {
            self.send();
        }
    }

    /// Adds a point of `series` (see [`SeriesCsv::write`]).
    #[inline]
    pub(super) fn point(&mut self, t: SimTime, series: &str, value: i64) {
        self.batch.names.push_str(series);
        self.batch.points.push((t, value, self.batch.names.len()));
        if self.batch.points.len() >= POINTS_PER_BATCH {
            self.send();
        }
    }

    /// Hands the batch to the thread and starts an emptied one. Out of line: a row is added
    /// thousands of times for each send, and the adding stays small.
    #[cold]
    #[inline(never)]
    fn send(&mut self) {
        let fresh = self.emptied.try_recv().unwrap_or_default();
        let full = std::mem::replace(&mut self.batch, fresh);
        if let Some(to_thread) = &self.to_thread {
            // A send fails only if the thread has gone, which `finish` reports.
            let _ = to_thread.send(Message::Rows(full));
        }
    }

    /// Writes what is left, waits for the thread, and commits both files.
    pub(super) fn finish(mut self) -> Result<(), OutputError> {
        if !self.batch.is_empty() {
            self.send();
        }
        if let Some(to_thread) = self.to_thread.take() {
            let _ = to_thread.send(Message::Finish);
        }
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Ok(()),
        }
    }
}

impl Drop for TableThread {
    /// A run that stops early (an error, Ctrl-C) closes the channel, and the thread removes
    /// the unfinished files before the run goes on: nothing half-written is left behind.
    fn drop(&mut self) {
        self.to_thread.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn write_batch(batch: &Batch, orders: &mut OrdersCsv, series: &mut SeriesCsv) {
    for (record, duplicate) in &batch.orders {
        orders.write(record, *duplicate);
    }
    let mut start = 0;
    for &(t, value, end) in &batch.points {
        series.write(t, &batch.names[start..end], value);
        start = end;
    }
}
