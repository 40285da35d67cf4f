//! A time window of a run (`chipshop chart DIR --from 2m --to 5m`): the run's data cut to the
//! window, so that every chart over time spans it and draws nothing outside it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::ChartOptions;
use super::data::RunData;

/// The run as the options' window shows it (a window past the run's end stops at it), or the
/// whole run.
pub(super) fn for_options<'a>(data: &'a RunData, options: &ChartOptions) -> Cow<'a, RunData> {
    match options.window {
        Some((from, to)) => Cow::Owned(data.windowed(from, to.min(data.sim_end_s.max(from + 1.0)))),
        None => Cow::Borrowed(data),
    }
}

/// The points of `line` inside `[start, end]`, in order: nothing outside a window is drawn.
pub(super) fn clip(line: &[(f64, f64)], start: f64, end: f64) -> Vec<(f64, f64)> {
    line.iter()
        .copied()
        .filter(|p| p.0 >= start && p.0 <= end)
        .collect()
}

/// Whether a series' points are events (a batch, a crash, a rebalance's end) rather than
/// levels: a level's last value before a window holds at its start, an event's does not.
fn is_event(name: &str) -> bool {
    [
        "batch:",
        "crash:",
        "stall:",
        "leave:",
        "restart:",
        "rebalance_end:",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

impl RunData {
    /// This run cut to the window from `from` to `to` seconds (`from < to`): orders placed in
    /// it, series points in it, each level (lag, stock, a partition's owner, a rebalance under
    /// way) carried in at `from` from its last value before, and the latency percentiles
    /// recomputed for the orders kept.
    pub fn windowed(&self, from: f64, to: f64) -> RunData {
        let orders: Vec<_> = self
            .orders
            .iter()
            .filter(|o| o.placed >= from && o.placed <= to)
            .cloned()
            .collect();
        // The last row of each series before the window.
        let mut before: BTreeMap<u32, f64> = BTreeMap::new();
        let mut ended: Vec<&str> = Vec::new();
        for &(t, s, v) in self.series.iter().take_while(|r| r.0 < from) {
            let _ = t;
            before.insert(s, v);
            if let Some(g) = self
                .series_names
                .get(s as usize)
                .and_then(|n| n.strip_prefix("rebalance_end:"))
            {
                ended.push(g);
            }
        }
        // A series sampled at `from` itself needs nothing carried in.
        let at_from: Vec<u32> = self
            .series
            .iter()
            .skip_while(|r| r.0 < from)
            .take_while(|r| r.0 == from)
            .map(|r| r.1)
            .collect();
        let mut series: Vec<(f64, u32, f64)> = before
            .into_iter()
            .filter(|(s, _)| !at_from.contains(s))
            .filter(|&(s, _)| {
                let name = self.series_names.get(s as usize).map_or("", String::as_str);
                let open_rebalance = name
                    .strip_prefix("rebalance_start:")
                    .is_none_or(|g| !ended.contains(&g));
                !is_event(name) && open_rebalance
            })
            .map(|(s, v)| (from, s, v))
            .collect();
        series.extend(
            self.series
                .iter()
                .copied()
                .filter(|r| r.0 >= from && r.0 <= to),
        );
        let duplicate_rows = self
            .duplicate_rows
            .iter()
            .filter(|o| o.ready.is_some_and(|r| r >= from && r <= to))
            .cloned()
            .collect();
        let mut data = RunData {
            orders,
            duplicate_rows,
            series,
            window: Some((from, to)),
            ..self.clone()
        };
        let lat: Vec<f64> = data.latencies().into_iter().map(|l| l.0).collect();
        for (q, p) in data.latency_quantiles.iter_mut().zip([0.50, 0.90, 0.99]) {
            // Nearest rank, as summary.json's percentiles.
            let rank = ((p * lat.len() as f64).ceil() as usize).clamp(1, lat.len().max(1));
            *q = lat.get(rank - 1).copied().unwrap_or(0.0);
        }
        data
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clip_keeps_the_window() {
        let line = [(0.0, 1.0), (1.0, 2.0), (2.0, 3.0), (3.0, 4.0)];
        assert_eq!(super::clip(&line, 1.0, 2.0), [(1.0, 2.0), (2.0, 3.0)]);
    }
}
