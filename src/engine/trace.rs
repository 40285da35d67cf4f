//! Trace sinks: where the run loop shows each event before it is handled.
//!
//! [`NullSink`] compiles away, so tracing off costs nothing; [`JsonlSink`] streams one JSON
//! line per event through a buffer, so memory does not grow with the length of a run.

use std::io::Write;

use serde::Serialize;

use super::error::EngineError;
use super::time::SimTime;

/// Something that sees every event, in the order they run.
pub trait TraceSink<E> {
    /// Called with each event at its time, before the model handles it.
    fn record(&mut self, now: SimTime, event: &E);
}

/// Traces nothing, at no cost.
#[derive(Clone, Copy, Debug, Default)]
pub struct NullSink;

impl<E> TraceSink<E> for NullSink {
    #[inline(always)]
    fn record(&mut self, _now: SimTime, _event: &E) {}
}

/// Writes `{"t":"<seconds>","event":<event as JSON>}` lines to a writer.
///
/// The first write error is kept and returned by [`finish`](Self::finish); later events are
/// dropped, so a full disk ends a trace instead of a run.
pub struct JsonlSink<W: Write> {
    out: W,
    error: Option<std::io::Error>,
    lines: u64,
}

impl<W: Write> JsonlSink<W> {
    /// A sink writing to `out` (wrap files in a `BufWriter`).
    pub fn new(out: W) -> Self {
        JsonlSink {
            out,
            error: None,
            lines: 0,
        }
    }

    /// Lines written so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Flushes and returns the writer, or the first error met.
    pub fn finish(mut self) -> Result<W, EngineError> {
        if let Some(e) = self.error.take() {
            return Err(e.into());
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<E: Serialize, W: Write> TraceSink<E> for JsonlSink<W> {
    fn record(&mut self, now: SimTime, event: &E) {
        if self.error.is_some() {
            return;
        }
        let result = write!(self.out, "{{\"t\":{},\"event\":", now.secs_string())
            .and_then(|()| {
                serde_json::to_writer(&mut self.out, event).map_err(std::io::Error::from)
            })
            .and_then(|()| self.out.write_all(b"}\n"));
        match result {
            Ok(()) => self.lines += 1,
            Err(e) => self.error = Some(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    enum Ev {
        Arrive { id: u32 },
    }

    #[test]
    fn writes_one_json_line_per_event() {
        let mut sink = JsonlSink::new(Vec::new());
        sink.record(SimTime::from_nanos(1_500_000_000), &Ev::Arrive { id: 7 });
        sink.record(SimTime::from_nanos(2), &Ev::Arrive { id: 8 });
        assert_eq!(sink.lines(), 2);
        let text = String::from_utf8(sink.finish().unwrap()).unwrap();
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines[0], r#"{"t":1.500000000,"event":{"Arrive":{"id":7}}}"#);
        for line in lines {
            serde_json::from_str::<serde_json::Value>(line).unwrap();
        }
    }
}
