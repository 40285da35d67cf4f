//! The files of one run, streamed as it goes: orders.csv, series.csv and, where the analyst
//! is on, opensearch-bulk.ndjson.

use std::path::Path;

use super::bulk_ndjson::BulkNdjson;
use super::error::OutputError;
use super::orders_csv::OrdersCsv;
use super::series_csv::SeriesCsv;
use crate::engine::SimTime;
use crate::model::{AnalystDoc, OrderRecord, RunOutputs};

/// The streaming files of a run in `dir`.
pub struct RunFiles {
    orders: OrdersCsv,
    series: SeriesCsv,
    bulk: Option<BulkNdjson>,
}

impl RunFiles {
    /// Starts the files in `dir`; `analyst` adds opensearch-bulk.ndjson.
    pub fn create(dir: &Path, analyst: bool) -> Result<RunFiles, OutputError> {
        Ok(RunFiles {
            orders: OrdersCsv::create(&dir.join("orders.csv"))?,
            series: SeriesCsv::create(&dir.join("series.csv"))?,
            bulk: if analyst {
                Some(BulkNdjson::create(&dir.join("opensearch-bulk.ndjson"))?)
            } else {
                None
            },
        })
    }

    /// Finishes every file under its real name.
    pub fn finish(self) -> Result<(), OutputError> {
        self.orders.finish()?;
        self.series.finish()?;
        if let Some(bulk) = self.bulk {
            bulk.finish()?;
        }
        Ok(())
    }
}

impl RunOutputs for RunFiles {
    fn order_finished(&mut self, record: &OrderRecord) {
        self.orders.write(record, false);
    }
    fn order_duplicated(&mut self, record: &OrderRecord) {
        self.orders.write(record, true);
    }
    fn point(&mut self, t: SimTime, series: &str, value: i64) {
        self.series.write(t, series, value);
    }
    fn indexed(&mut self, doc: &AnalystDoc) {
        if let Some(bulk) = &mut self.bulk {
            bulk.write(doc);
        }
    }
}
