//! The files of one run, streamed as it goes: orders.csv, series.csv and, where the analyst
//! is on, opensearch-bulk.ndjson; with traces, events.jsonl and trace.json.

use std::path::{Path, PathBuf};

use super::background_file::BackgroundFile;
use super::bulk_ndjson::BulkNdjson;
use super::error::OutputError;
use super::perfetto::PerfettoTrace;
use super::table_thread::TableThread;
use crate::engine::SimTime;
use crate::model::{AnalystDoc, OrderRecord, RunOutputs, TraceEvent, TraceJsonl, TraceWindow};

/// The streaming files of a run in `dir`.
pub struct RunFiles {
    /// orders.csv and series.csv, written on a thread of their own.
    tables: TableThread,
    bulk: Option<BulkNdjson>,
    /// events.jsonl and trace.json, each handed to the kernel on a thread of its own.
    events: Option<(TraceJsonl<BackgroundFile>, PathBuf)>,
    perfetto: Option<(PerfettoTrace<BackgroundFile>, PathBuf)>,
}

impl RunFiles {
    /// Starts the files in `dir`; `analyst` adds opensearch-bulk.ndjson.
    pub fn create(dir: &Path, analyst: bool) -> Result<RunFiles, OutputError> {
        Ok(RunFiles {
            tables: TableThread::start(dir)?,
            bulk: if analyst {
                Some(BulkNdjson::create(&dir.join("opensearch-bulk.ndjson"))?)
            } else {
                None
            },
            events: None,
            perfetto: None,
        })
    }

    /// Also writes events.jsonl in `dir`, keeping the events inside `window`.
    pub fn with_events(mut self, dir: &Path, window: TraceWindow) -> Result<Self, OutputError> {
        let path = dir.join("events.jsonl");
        let file = BackgroundFile::create(&path)?;
        self.events = Some((TraceJsonl::new(file, window), path));
        Ok(self)
    }

    /// Also writes trace.json (the Perfetto timeline) in `dir`, of what happens in `window`.
    pub fn with_perfetto(mut self, dir: &Path, window: TraceWindow) -> Result<Self, OutputError> {
        let path = dir.join("trace.json");
        let file = BackgroundFile::create(&path)?;
        self.perfetto = Some((PerfettoTrace::new(file, window), path));
        Ok(self)
    }

    /// Finishes every file under its real name.
    pub fn finish(self) -> Result<(), OutputError> {
        self.tables.finish()?;
        if let Some(bulk) = self.bulk {
            bulk.finish()?;
        }
        if let Some((events, path)) = self.events {
            events
                .finish()
                .map_err(|e| OutputError::io(&path, e))?
                .commit()?;
        }
        if let Some((trace, path)) = self.perfetto {
            trace
                .finish()
                .map_err(|e| OutputError::io(&path, e))?
                .commit()?;
        }
        Ok(())
    }
}

impl RunOutputs for RunFiles {
    fn order_finished(&mut self, record: &OrderRecord) {
        self.tables.order(record, false);
    }
    fn order_duplicated(&mut self, record: &OrderRecord) {
        self.tables.order(record, true);
    }
    #[inline(always)]
    fn point(&mut self, t: SimTime, series: &str, value: i64) {
        self.tables.point(t, series, value);
    }
    fn indexed(&mut self, doc: &AnalystDoc) {
        if let Some(bulk) = &mut self.bulk {
            bulk.write(doc);
        }
    }
    #[inline]
    fn tracing(&self) -> bool {
        self.events.is_some() || self.perfetto.is_some()
    }
    fn trace(&mut self, t: SimTime, event: &TraceEvent<'_>) {
        if let Some((events, _)) = &mut self.events {
            events.write(t, event);
        }
        if let Some((trace, _)) = &mut self.perfetto {
            trace.record(t, event);
        }
    }
}
