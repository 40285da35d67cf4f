//! Preparer utilisation: a bar per preparer split into busy, paused by rebalance, idle and
//! away, labelled with the partitions it owned at the end; for a window, the split of the
//! window, from series.csv's `spending:N`.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::{PreparerRow, RunData};
use super::owners::ownership;
use super::style::{Style, tick};

/// The parts of a bar, in drawing order.
const PARTS: [&str; 4] = ["busy", "paused by rebalance", "idle", "not in the group"];

/// Bars drawn at most; beyond, the last bar is the mean of the rest, and says so.
const MAX_BARS: usize = 24;

/// Partition names a label lists before it says how many more.
const MAX_NAMES: usize = 6;

/// Each preparer's shares of the chart's window (busy, paused, idle, away), by preparer
/// number, from series.csv's `spending:N` (what its time goes on from each point on, in
/// [`PARTS`]' order; before its first point it is not in the group); none for a run without
/// those series.
pub(super) fn window_shares(data: &RunData) -> Option<BTreeMap<u64, [f64; 4]>> {
    let lines = data.series_by("spending:");
    if lines.is_empty() {
        return None;
    }
    let (start, end) = (data.start(), data.end());
    let span = (end - start).max(1e-9);
    let mut out = BTreeMap::new();
    for p in &data.preparers {
        let mut seconds = [0.0; 4];
        let (mut from, mut part) = (start, 3usize);
        for &(t, v) in lines.get(&p.id.to_string()).into_iter().flatten() {
            let t = t.clamp(start, end);
            seconds[part] += t - from;
            from = t;
            part = (v.max(0.0) as usize).min(3);
        }
        seconds[part] += end - from;
        out.insert(p.id, seconds.map(|s| s / span));
    }
    Some(out)
}

/// The `orders` partitions each preparer owned at the window's end, by preparer number.
fn owned_at_end(data: &RunData) -> BTreeMap<u64, Vec<String>> {
    let mut out: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for (p, stretches) in ownership(data) {
        if let Some(&(_, _, owner)) = stretches.last() {
            out.entry(owner).or_default().push(format!("orders-{p}"));
        }
    }
    out
}

/// The bars to draw: a label and the shares, one per preparer, or for many preparers the
/// first `MAX_BARS - 1` and the mean of the others. The whole run's from summary.json; a
/// window's from series.csv (when the run has it).
fn bars(data: &RunData) -> Vec<(String, [f64; 4])> {
    let window = data.window.and(window_shares(data));
    let owned = data.window.map(|_| owned_at_end(data));
    let split = |p: &PreparerRow| match &window {
        Some(w) => w.get(&p.id).copied().unwrap_or([0.0, 0.0, 0.0, 1.0]),
        None => shares(p),
    };
    let label = |p: &PreparerRow| {
        let partitions = match &owned {
            Some(o) => o.get(&p.id).map_or(&[][..], Vec::as_slice),
            None => p.partitions.as_slice(),
        };
        let parts = match partitions.len() {
            0 => "no partitions".to_string(),
            n if n <= MAX_NAMES => partitions.join(", "),
            n => format!(
                "{} and {} more",
                partitions[..MAX_NAMES - 1].join(", "),
                n - (MAX_NAMES - 1)
            ),
        };
        let [busy, paused, _, away] = split(p);
        let mut label = format!("preparer {}: {:.0}% busy", p.id, busy * 100.0);
        if paused >= 0.0005 {
            label.push_str(&format!(", {:.1}% paused", paused * 100.0));
        }
        if window.is_some() && away >= 0.0005 {
            label.push_str(&format!(", {:.0}% not in the group", away * 100.0));
        }
        label.push_str(&format!(" · owns {parts}"));
        label
    };
    let ps = &data.preparers;
    if ps.len() <= MAX_BARS {
        return ps.iter().map(|p| (label(p), split(p))).collect();
    }
    let (shown, rest) = ps.split_at(MAX_BARS - 1);
    let mut bars: Vec<(String, [f64; 4])> = shown.iter().map(|p| (label(p), split(p))).collect();
    let mut mean = [0.0; 4];
    for p in rest {
        for (m, s) in mean.iter_mut().zip(split(p)) {
            *m += s / rest.len() as f64;
        }
    }
    bars.push((
        format!(
            "the other {} preparers ({} to {}), on average: {:.0}% busy",
            rest.len(),
            rest[0].id,
            rest[rest.len() - 1].id,
            mean[0] * 100.0
        ),
        mean,
    ));
    bars
}

/// A preparer's shares of the run, in the order of [`PARTS`].
fn shares(p: &PreparerRow) -> [f64; 4] {
    [
        p.busy_fraction,
        p.paused_fraction,
        p.idle_fraction,
        p.away_fraction,
    ]
}

/// Draws the chart.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &RunData,
    st: &Style,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    st.frame(root)?;
    let colours = [
        st.colour(3).mix(1.0),
        st.colour(4).mix(1.0),
        st.colour(1).mix(0.35),
        st.grid.mix(1.0),
    ];
    let bars = bars(data);
    let n = bars.len() as f64;
    // One row more than there are preparers, at the top, holds the key, clear of the bars.
    let rows = n + 1.0;
    let title = match data.window {
        Some((from, to)) if window_shares(data).is_some() => {
            format!("Where each preparer's time went, {from:.0} s to {to:.0} s")
        }
        // An older run has no time split by moment: its bars are the whole run's.
        Some(_) => "Where each preparer's time went (the whole run)".to_string(),
        None => "Where each preparer's time went".to_string(),
    };
    let mut chart = ChartBuilder::on(root)
        .caption(title, st.title())
        .margin(40)
        .x_label_area_size(110)
        .y_label_area_size(40)
        .build_cartesian_2d(0.0..100.0, 0.0..rows)?;
    st.mesh(&mut chart.configure_mesh())
        .x_desc(if data.window.is_some() && window_shares(data).is_some() {
            "share of the window (%)"
        } else {
            "share of the run (%)"
        })
        .x_label_formatter(&tick)
        .y_labels(0)
        .disable_y_mesh()
        .draw()?;
    // The key, in pixels so that it keeps its size whatever the number of rows.
    for (k, (name, colour)) in PARTS.iter().zip(colours).enumerate() {
        let (x, y) = chart.backend_coord(&(k as f64 * 25.0, rows - 0.5));
        root.draw(&Rectangle::new(
            [(x, y - 16), (x + 32, y + 16)],
            colour.filled(),
        ))?;
        root.draw(&Rectangle::new(
            [(x, y - 16), (x + 32, y + 16)],
            st.fg.stroke_width(1),
        ))?;
        root.draw_text(name, &st.label(), (x + 44, y - 16))?;
    }
    for (i, (label, shares)) in bars.into_iter().enumerate() {
        let y0 = n - i as f64 - 0.9;
        let y1 = n - i as f64 - 0.45;
        let mut from = 0.0;
        for (share, colour) in shares.iter().zip(colours) {
            let to = (from + share * 100.0).min(100.0);
            if to > from {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(from, y0), (to, y1)],
                    colour.filled(),
                )))?;
            }
            from = to;
        }
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y0), (from, y1)],
            st.fg.stroke_width(1),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            label,
            (0.5, n - i as f64 - 0.08),
            st.label(),
        )))?;
    }
    Ok(())
}
