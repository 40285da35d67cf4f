//! `events.jsonl`: the shop's [`TraceEvent`]s as JSON lines, streamed through a buffer, and
//! the [`TraceWindow`] that keeps a long run's traces to the part a user asked for.

use std::io::Write;

use super::ledger::OrderRecord;
use super::outputs::{AnalystDoc, RunOutputs};
use super::trace::TraceEvent;
use crate::engine::{JsonLine, SimTime};

/// The stretch of simulated time a trace keeps: events at `from <= t < to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceWindow {
    /// The first instant kept.
    pub from: SimTime,
    /// The first instant no longer kept.
    pub to: SimTime,
}

impl TraceWindow {
    /// The whole run.
    pub const ALL: TraceWindow = TraceWindow {
        from: SimTime::ZERO,
        to: SimTime::MAX,
    };

    /// Whether `t` is inside.
    #[inline]
    pub fn contains(&self, t: SimTime) -> bool {
        self.from <= t && t < self.to
    }
}

impl Default for TraceWindow {
    fn default() -> Self {
        TraceWindow::ALL
    }
}

/// Writes each event inside its window as one line; the first write error is kept and
/// returned by [`finish`](Self::finish), and later lines are dropped, so a full disk ends a
/// trace, not a run.
pub struct TraceJsonl<W: Write> {
    out: W,
    line: JsonLine,
    window: TraceWindow,
    error: Option<std::io::Error>,
    lines: u64,
}

impl<W: Write> TraceJsonl<W> {
    /// A trace into `out` (buffered: wrap files in a `BufWriter`) of the events in `window`.
    pub fn new(out: W, window: TraceWindow) -> Self {
        TraceJsonl {
            out,
            line: JsonLine::new(),
            window,
            error: None,
            lines: 0,
        }
    }

    /// Writes `event` at `t`, if it is inside the window.
    #[inline]
    pub fn write(&mut self, t: SimTime, event: &TraceEvent<'_>) {
        if self.error.is_some() || !self.window.contains(t) {
            return;
        }
        event.write_json(t, &mut self.line);
        let result = self.out.write_all(self.line.finish_line());
        match result {
            Ok(()) => self.lines += 1,
            Err(e) => self.error = Some(e),
        }
    }

    /// Lines written so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Flushes and returns the writer, or the first error met.
    pub fn finish(mut self) -> std::io::Result<W> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Another run's outputs with an `events.jsonl` beside them: what [`run_shop`](super::run_shop)
/// uses when it is given a trace writer.
pub(super) struct WithTrace<'o, O, W: Write> {
    pub(super) inner: &'o mut O,
    pub(super) trace: TraceJsonl<W>,
}

impl<O: RunOutputs, W: Write> RunOutputs for WithTrace<'_, O, W> {
    fn order_finished(&mut self, record: &OrderRecord) {
        self.inner.order_finished(record);
    }
    fn point(&mut self, t: SimTime, series: &str, value: i64) {
        self.inner.point(t, series, value);
    }
    fn indexed(&mut self, doc: &AnalystDoc) {
        self.inner.indexed(doc);
    }
    fn tracing(&self) -> bool {
        true
    }
    fn trace(&mut self, t: SimTime, event: &TraceEvent<'_>) {
        self.trace.write(t, event);
        if self.inner.tracing() {
            self.inner.trace(t, event);
        }
    }
}
