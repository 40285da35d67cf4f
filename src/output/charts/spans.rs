//! Rebalances and faults from series.csv, and duplicates from orders.csv, and their drawing
//! on a chart over time: rebalances shaded and labelled where a label fits (stop-the-world
//! ones to the bottom, member-level ones, cooperative or consumer-protocol epochs, as a band
//! along the top), crashes, stalls and leaves as red lines and restarts in the text colour, orders
//! made twice as red triangles, and the key's entries that name what was drawn: `rebalance`
//! (classic, every member paused), `cooperative rebalance`, `reconciling` (consumer protocol),
//! `crash`, `stall`, `leave`, `restart`. Shared by the charts that show them.

use std::collections::BTreeMap;

use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::DrawResult;
use super::data::RunData;
use super::key::Swatch;
use super::style::Style;

/// A rebalance of the preparers' group: start, end (the run's end if it never ended) and its
/// generation, in time order.
pub(super) type Span = (f64, f64, String);

/// The chart coordinates of every chart over time.
pub(super) type TimeChart<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The preparers' rebalances in time order.
pub(super) fn rebalances(data: &RunData) -> Vec<Span> {
    let mut spans: BTreeMap<String, (f64, Option<f64>)> = BTreeMap::new();
    for (t, s, _) in data.points() {
        if let Some(g) = s.strip_prefix("rebalance_start:") {
            spans.entry(g.to_string()).or_insert((t, None));
        } else if let Some(g) = s.strip_prefix("rebalance_end:") {
            match spans.get_mut(g) {
                Some(span) => span.1 = Some(t),
                // A consumer-protocol reconciliation can start at one epoch and end at a later
                // one: that end closes every span still open.
                None => {
                    for span in spans.values_mut().filter(|s| s.1.is_none()) {
                        span.1 = Some(t);
                    }
                }
            }
        }
    }
    // Time order (generation numbers sort as text in the map).
    let mut spans: Vec<Span> = spans
        .into_iter()
        .map(|(g, (a, b))| (a, b.unwrap_or(data.end()), g))
        .collect();
    spans.sort_by(|x, y| x.0.total_cmp(&y.0));
    spans
}

/// How each generation's rebalance paused the group, from its `rebalance_start` point's
/// value: 0 stop-the-world (eager), 1 cooperative, 2 a consumer-protocol epoch (both: only the
/// members whose partitions move).
fn kinds(data: &RunData) -> BTreeMap<String, f64> {
    data.points()
        .filter_map(|(_, s, v)| Some((s.strip_prefix("rebalance_start:")?.to_string(), v)))
        .collect()
}

/// The kinds of preparer fault a chart marks, in the key's order; the series.csv point of
/// each is `<kind>:<preparer>`.
const FAULT_KINDS: [&str; 4] = ["crash", "stall", "leave", "restart"];

/// The preparers' faults and restarts: time and label (`crash: preparer 2`, `stall: preparer
/// 3`, `leave: preparer 1`, `restart: preparer 2`).
pub(super) fn crashes(data: &RunData) -> Vec<(f64, String)> {
    data.points()
        .filter_map(|(t, s, _)| {
            let (kind, p) = s.split_once(':')?;
            FAULT_KINDS
                .contains(&kind)
                .then(|| (t, format!("{kind}: preparer {p}")))
        })
        .collect()
}

/// The colour of a fault's line: red for the faults that stop a preparer, the text colour for a
/// restart (the preparer is back), so the two read apart.
pub(super) fn fault_colour(st: &Style, label: &str) -> RGBColor {
    if label.starts_with("restart") {
        st.fg
    } else {
        st.colour(4)
    }
}

/// The key's entries for the faults inside the chart's time range, one per kind that
/// happened, named by the kind: `crash`, `stall`, `leave`, `restart`.
pub(super) fn fault_key(st: &Style, data: &RunData) -> Vec<(String, Swatch)> {
    let seen: Vec<String> = crashes(data)
        .into_iter()
        .filter(|(t, _)| *t >= data.start() && *t <= data.end())
        .map(|(_, label)| label)
        .collect();
    FAULT_KINDS
        .iter()
        .filter(|k| seen.iter().any(|l| l.split(':').next() == Some(**k)))
        .map(|k| (k.to_string(), Swatch::Tick(fault_colour(st, k))))
        .collect()
}

/// The key's entries for the rebalances inside the chart's time range, one per way they
/// paused the group: `rebalance` (classic, eager: every member, shaded to the bottom),
/// `cooperative rebalance` (classic, only the moved partitions' members) and `reconciling`
/// (consumer protocol: members reconcile to a new epoch, only the moved ones pause), the last
/// two as a band along the top.
pub(super) fn rebalance_key(st: &Style, data: &RunData) -> Vec<(String, Swatch)> {
    let kinds = kinds(data);
    let seen: Vec<f64> = rebalances(data)
        .into_iter()
        .filter(|(a, b, _)| *b >= data.start() && *a <= data.end())
        .map(|(_, _, g)| kinds.get(&g).copied().unwrap_or(0.0))
        .collect();
    let mut entries = Vec::new();
    if seen.iter().any(|&k| k < 0.5) {
        entries.push(("rebalance".to_string(), Swatch::Block(st.shade())));
    }
    if seen.iter().any(|&k| (0.5..1.5).contains(&k)) {
        entries.push((
            "cooperative\nrebalance".to_string(),
            Swatch::Band(st.shade()),
        ));
    }
    if seen.iter().any(|&k| k >= 1.5) {
        entries.push(("reconciling".to_string(), Swatch::Band(st.shade())));
    }
    entries
}

/// Spans in time order with those that start within `gap` of the previous one's end merged,
/// so that no two are drawn closer than a few pixels.
pub(super) fn merge_close(spans: Vec<Span>, gap: f64) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for (a, b, g) in spans {
        match out.last_mut() {
            Some(last) if a <= last.1.max(last.0 + gap) + gap => last.1 = last.1.max(b),
            _ => out.push((a, b, g)),
        }
    }
    out
}

/// Shades each rebalance from `y0` to `y1` on `chart` and, when `labels`, writes "rebalance
/// G" above it where it fits (up to three rows near the top; a label that would touch another,
/// or the y axis, is left out and its shading stays). Returns whether anything was shaded.
pub(super) fn draw_rebalances<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut TimeChart<'_, DB>,
    st: &Style,
    data: &RunData,
    (y0, y1): (f64, f64),
    labels: bool,
) -> Result<bool, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let (start, end) = (data.start(), data.end());
    // A rebalance of a fraction of a second is still drawn a few pixels wide; spans closer
    // than that are drawn as one, so a run of thousands of rebalances draws a few hundred.
    let width_px = f64::from(chart.plotting_area().dim_in_pixel().0.max(1));
    let min_span = 6.0 * (end - start) / width_px;
    let spans: Vec<Span> = rebalances(data)
        .into_iter()
        .filter(|(a, b, _)| *b >= start && *a <= end)
        .collect();
    let spans = merge_close(spans, min_span);
    let kinds = kinds(data);
    let rows = [0.97, 0.91, 0.85];
    let pixels = chart.plotting_area().get_pixel_range();
    let mut row_ends = [pixels.0.start + 8; 3];
    for (a, b, g) in &spans {
        let a = a.max(start);
        let b = b.max(a + min_span).min(end);
        // Stop-the-world: shaded to the bottom; member-level: a band along the top, so the
        // lines under it read as still moving.
        let kind = kinds.get(g).copied().unwrap_or(0.0);
        let low = if kind < 0.5 {
            y0
        } else {
            y1 - (y1 - y0) * 0.18
        };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(a, low), (b, y1)],
            st.shade().filled(),
        )))?;
        if !labels {
            continue;
        }
        let label = if kind >= 1.5 {
            format!("epoch {g}")
        } else {
            format!("rebalance {g}")
        };
        let (x, _) = chart.backend_coord(&(a, y0));
        let w = root.estimate_text_size(&label, &st.label())?.0 as i32;
        // Near the right edge the label ends at the span instead of starting there.
        let x = if x + w > pixels.0.end { x - w - 6 } else { x };
        if let Some(r) = row_ends.iter().position(|&e| e + 12 <= x) {
            row_ends[r] = x + w;
            let (_, y) = chart.backend_coord(&(a, y0 + (y1 - y0) * rows[r]));
            root.draw_text(&label, &st.label(), (x, y))?;
        }
    }
    Ok(!spans.is_empty())
}

/// Draws each fault inside the chart's time range as a line from `y0` to `y1`, red (a crash,
/// stall or leave) or in the text colour (a restart), labelled "crash: preparer N" (or stall, leave,
/// restart) below the rebalance labels: on the first of three rows where it does not touch
/// another label (a restart 30 s after its crash takes the next row), or not at all.
pub(super) fn draw_crashes<DB: DrawingBackend>(
    chart: &mut TimeChart<'_, DB>,
    st: &Style,
    data: &RunData,
    (y0, y1): (f64, f64),
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let rows = [0.78, 0.72, 0.66];
    let pixels = chart.plotting_area().get_pixel_range();
    let mut row_ends = [i32::MIN; 3];
    for (t, p) in crashes(data) {
        if t < data.start() || t > data.end() {
            continue;
        }
        let colour = fault_colour(st, &p);
        chart.draw_series(LineSeries::new([(t, y0), (t, y1)], colour.stroke_width(4)))?;
        let w = chart.plotting_area().estimate_text_size(&p, &st.label())?.0 as i32;
        let (x, _) = chart.backend_coord(&(t, y0));
        // Near the right edge the label ends at the line instead of starting there.
        let x = if x + 8 + w > pixels.0.end {
            x - 8 - w
        } else {
            x + 8
        };
        if let Some(r) = row_ends.iter().position(|&e| e.saturating_add(12) <= x) {
            row_ends[r] = x + w;
            let (_, y) = chart.backend_coord(&(t, y0 + (y1 - y0) * rows[r]));
            chart.plotting_area().strip_coord_spec().draw_text(
                &p,
                &st.label(),
                (x - pixels.0.start, y - pixels.1.start),
            )?;
        }
    }
    Ok(())
}

/// Most duplicates marked on one chart: beyond, the first this many (the key gives the count).
const MAX_DUPLICATE_MARKS: usize = 400;

/// The orders made a second time inside the chart's time range: when each second making ended,
/// and the order's partition.
pub(super) fn duplicates(data: &RunData) -> Vec<(f64, Option<u64>)> {
    data.duplicate_rows
        .iter()
        .filter_map(|o| Some((o.ready?, o.partition)))
        .filter(|&(t, _)| t >= data.start() && t <= data.end())
        .collect()
}

/// Draws each order made twice as a red triangle at its time and the height `y` gives for its
/// partition (at most [`MAX_DUPLICATE_MARKS`]). Returns the key's entry when any was drawn.
pub(super) fn draw_duplicates<DB: DrawingBackend>(
    chart: &mut TimeChart<'_, DB>,
    st: &Style,
    data: &RunData,
    y: impl Fn(Option<u64>) -> f64,
) -> Result<Option<(String, super::key::Swatch)>, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let marks = duplicates(data);
    if marks.is_empty() {
        return Ok(None);
    }
    let colour = st.colour(4);
    chart.draw_series(
        marks
            .iter()
            .take(MAX_DUPLICATE_MARKS)
            .map(|&(t, p)| TriangleMarker::new((t, y(p)), 12, colour.filled())),
    )?;
    Ok(Some((
        format!("made twice ({})", marks.len()),
        super::key::Swatch::Triangle(colour),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_spans_merge() {
        let s = |a: f64, b: f64, g: &str| (a, b, g.to_string());
        let spans = vec![s(0.0, 1.0, "1"), s(1.5, 2.0, "2"), s(10.0, 11.0, "3")];
        assert_eq!(
            merge_close(spans, 1.0),
            [s(0.0, 2.0, "1"), s(10.0, 11.0, "3")]
        );
    }
}
