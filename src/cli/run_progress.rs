//! A progress bar for `chipshop run` on stderr: simulated time against the opening hours,
//! then the drain. It watches the run's outputs go by, so the model knows nothing of it.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressFinish, ProgressStyle};

use crate::engine::{SimDuration, SimTime};
use crate::model::{AnalystDoc, OrderRecord, RunOutputs, TraceEvent};

/// Passes everything on to `inner` and moves the bar as simulated time goes by.
pub(super) struct RunProgress<'a, O> {
    inner: &'a mut O,
    bar: ProgressBar,
    open_for: SimDuration,
    shown_secs: u64,
    orders: u64,
    /// The bar draws nothing (stderr is not a terminal): asking indicatif each time took a
    /// lock per order and per point, a twentieth of a run.
    hidden: bool,
}

impl<'a, O: RunOutputs> RunProgress<'a, O> {
    /// A bar over `open_for` (hidden when stderr is not a terminal) in front of `inner`.
    pub(super) fn new(inner: &'a mut O, open_for: SimDuration) -> Self {
        // Cleared when dropped too: a run stopped by Ctrl-C or an error leaves no stale bar
        // above its message.
        let bar = ProgressBar::new(open_for.as_nanos() / 1_000_000_000)
            .with_finish(ProgressFinish::AndClear);
        let style = ProgressStyle::with_template("{bar:20} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(200));
        RunProgress {
            inner,
            hidden: bar.is_hidden(),
            bar,
            open_for,
            shown_secs: 0,
            orders: 0,
        }
    }

    /// Clears the bar (the summary follows).
    pub(super) fn finish(self) {
        self.bar.finish_and_clear();
    }

    #[inline(always)]
    fn advance(&mut self, t: SimTime) {
        // Hidden (stderr is not a terminal), the bar shows nothing: formatting its message
        // every simulated second cost a run a tenth of its time.
        if !self.hidden {
            self.show(t);
        }
    }

    fn show(&mut self, t: SimTime) {
        let secs = t.as_nanos() / 1_000_000_000;
        if secs <= self.shown_secs {
            return;
        }
        self.shown_secs = secs;
        let open = self.open_for.as_nanos() / 1_000_000_000;
        self.bar.set_position(secs.min(open));
        let phase = if secs < open { "open" } else { "draining" };
        self.bar.set_message(format!(
            "{} / {} simulated, {phase}, {} orders",
            clock(secs),
            clock(open),
            self.orders
        ));
    }
}

/// Seconds as `1h 02m 03s`, `2m 03s` or `3s`.
fn clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m {s:02}s"),
        _ => format!("{h}h {m:02}m {s:02}s"),
    }
}

impl<O: RunOutputs> RunOutputs for RunProgress<'_, O> {
    fn order_finished(&mut self, record: &OrderRecord) {
        self.orders += 1;
        self.inner.order_finished(record);
    }
    fn order_duplicated(&mut self, record: &OrderRecord) {
        self.inner.order_duplicated(record);
    }
    #[inline(always)]
    fn point(&mut self, t: SimTime, series: &str, value: i64) {
        self.advance(t);
        self.inner.point(t, series, value);
    }
    fn indexed(&mut self, doc: &AnalystDoc) {
        self.inner.indexed(doc);
    }
    #[inline]
    fn tracing(&self) -> bool {
        self.inner.tracing()
    }
    fn trace(&mut self, t: SimTime, event: &TraceEvent<'_>) {
        self.inner.trace(t, event);
    }
}

#[cfg(test)]
mod tests {
    use super::clock;

    #[test]
    fn clock_reads_like_a_clock() {
        assert_eq!(clock(3), "3s");
        assert_eq!(clock(123), "2m 03s");
        assert_eq!(clock(3723), "1h 02m 03s");
    }
}
