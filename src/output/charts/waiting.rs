//! Orders waiting and consumer lag over time, rebalances shaded, crashes marked.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::DrawResult;
use super::data::RunData;
use super::style::Style;
use super::thin::thin;

/// The colour of the line of partitions summed.
const OTHERS: RGBColor = RGBColor(0x99, 0x99, 0x99);

/// A named line: a partition's lag over time.
type Line = (String, Vec<(f64, f64)>);

/// Partitions drawn each as a line of their own; beyond this many, the chart draws the ones
/// with the highest peak lag and sums the rest into one line, and says so.
pub(super) const MAX_PARTITION_LINES: usize = 8;

/// The lag lines to draw, by name: every partition when there are at most
/// [`MAX_PARTITION_LINES`], else the `MAX_PARTITION_LINES - 1` with the highest peak lag (in
/// partition order) and `others`, their sum at each sample; and a note saying what was summed.
fn partition_lines(mut lines: Vec<Line>) -> (Vec<Line>, Option<String>) {
    if lines.len() <= MAX_PARTITION_LINES {
        return (lines, None);
    }
    let total = lines.len();
    let keep = MAX_PARTITION_LINES - 1;
    let peak = |pts: &[(f64, f64)]| pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let mut order: Vec<usize> = (0..total).collect();
    // Highest peak first; ties in partition order (the lines come sorted).
    order.sort_by(|&a, &b| {
        peak(&lines[b].1)
            .total_cmp(&peak(&lines[a].1))
            .then(a.cmp(&b))
    });
    let mut top: Vec<usize> = order[..keep].to_vec();
    top.sort_unstable();
    let mut others: BTreeMap<u64, f64> = BTreeMap::new();
    for (i, (_, pts)) in lines.iter().enumerate() {
        if top.binary_search(&i).is_err() {
            for &(t, v) in pts {
                *others.entry(t.to_bits()).or_default() += v;
            }
        }
    }
    let mut others: Vec<(f64, f64)> = others
        .into_iter()
        .map(|(b, v)| (f64::from_bits(b), v))
        .collect();
    others.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut kept: Vec<(String, Vec<(f64, f64)>)> = Vec::with_capacity(keep + 1);
    for i in top.into_iter().rev() {
        kept.push(lines.swap_remove(i));
    }
    kept.reverse();
    let summed = total - keep;
    kept.push((format!("{summed} others"), others));
    let note = format!(
        "{total} partitions: the {keep} with the highest peak lag, the other {summed} summed"
    );
    (kept, Some(note))
}

const MAX_POINTS: f64 = 2000.0;

/// Orders placed but not started, sampled on an even grid of at most `MAX_POINTS` points.
fn waiting_from_orders(data: &RunData) -> Vec<(f64, f64)> {
    let mut changes: Vec<(f64, i64)> = Vec::with_capacity(data.orders.len() * 2);
    for o in &data.orders {
        changes.push((o.placed, 1));
        if let Some(s) = o.started {
            changes.push((s, -1));
        }
    }
    changes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let step = (data.end() / MAX_POINTS).max(1.0);
    let mut out = Vec::new();
    let (mut level, mut i, mut t) = (0i64, 0usize, 0.0);
    while t <= data.end() + step {
        while i < changes.len() && changes[i].0 <= t {
            level += changes[i].1;
            i += 1;
        }
        out.push((t, level as f64));
        t += step;
    }
    out
}

/// Width of the key column right of the plot, in pixels.
const KEY_WIDTH: u32 = 320;
/// Most lines the key names; the rest are summed up in one line.
const KEY_ROWS: usize = 18;

/// The key: a swatch and a name per line, then what the shading and the red lines mean.
fn draw_key<DB: DrawingBackend>(
    key: &DrawingArea<DB, Shift>,
    st: &Style,
    entries: &[(String, RGBColor, u32)],
    spans: (bool, bool),
    faults: Option<&str>,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let mut y = 130;
    for (name, colour, width) in entries.iter().take(KEY_ROWS) {
        key.draw(&PathElement::new(
            vec![(10, y), (60, y)],
            colour.stroke_width(*width),
        ))?;
        key.draw_text(name, &st.label(), (72, y - 16))?;
        y += 40;
    }
    if entries.len() > KEY_ROWS {
        let more = format!("and {} more", entries.len() - KEY_ROWS);
        key.draw_text(&more, &st.label(), (72, y - 16))?;
        y += 40;
    }
    y += 20;
    let (stop_the_world, incremental) = spans;
    if stop_the_world {
        key.draw(&Rectangle::new(
            [(10, y - 16), (60, y + 16)],
            st.shade().filled(),
        ))?;
        key.draw_text("rebalance", &st.label(), (72, y - 16))?;
        y += 40;
    }
    if incremental {
        key.draw(&Rectangle::new(
            [(10, y - 16), (60, y + 16)],
            st.shade().filled(),
        ))?;
        key.draw(&Rectangle::new(
            [(10, y - 10), (60, y + 16)],
            st.bg.filled(),
        ))?;
        key.draw_text("moved ones pause", &st.label(), (72, y - 16))?;
        y += 40;
    }
    if let Some(faults) = faults {
        key.draw(&PathElement::new(
            vec![(35, y - 18), (35, y + 18)],
            st.colour(4).stroke_width(4),
        ))?;
        key.draw_text(faults, &st.label(), (72, y - 16))?;
    }
    Ok(())
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
    let mut lines: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    let mut total: BTreeMap<u64, f64> = BTreeMap::new();
    // Per generation: start, end, and how the group rebalanced (the points' value: 0 every
    // member pauses, 1 cooperative, 2 a consumer-protocol epoch; only moved ones pause).
    let mut spans: BTreeMap<String, (f64, Option<f64>, f64)> = BTreeMap::new();
    let mut crashes = Vec::new();
    for (t, s, v) in data.points() {
        if let Some(p) = s.strip_prefix("lag:") {
            lines.entry(p.to_string()).or_default().push((t, v));
            *total.entry(t.to_bits()).or_default() += v;
        } else if let Some(g) = s.strip_prefix("rebalance_start:") {
            spans.entry(g.to_string()).or_insert((t, None, v));
        } else if let Some(g) = s.strip_prefix("rebalance_end:") {
            match spans.get_mut(g) {
                Some(span) => span.1 = Some(t),
                // A consumer-protocol reconciliation can start at one epoch and end at a later
                // one: the end closes every span still open.
                None => {
                    for span in spans.values_mut().filter(|s| s.1.is_none()) {
                        span.1 = Some(t);
                    }
                }
            }
        } else if let Some(p) = s.strip_prefix("crash:") {
            crashes.push((t, format!("crash: preparer {p}")));
        } else if let Some(p) = s.strip_prefix("stall:") {
            crashes.push((t, format!("stall: preparer {p}")));
        } else if let Some(p) = s.strip_prefix("leave:") {
            crashes.push((t, format!("leave: preparer {p}")));
        }
    }
    let have_lag = !lines.is_empty();
    let (title, ydesc, total_line) = if have_lag {
        let mut tl: Vec<(f64, f64)> = total
            .into_iter()
            .map(|(b, v)| (f64::from_bits(b), v))
            .collect();
        tl.sort_by(|a, b| a.0.total_cmp(&b.0));
        ("Consumer lag of the preparers", "lag (records)", tl)
    } else {
        (
            "Orders waiting for a preparer",
            "orders waiting",
            waiting_from_orders(data),
        )
    };
    // Headroom above the data for the key and the rebalance labels.
    let ymax = total_line.iter().map(|p| p.1).fold(1.0, f64::max) * 1.35;
    let end = data.end();
    // The key sits in a column of its own, right of the plot, so it never covers a line.
    // Partitions in number order (orders-2 before orders-10).
    let mut lines: Vec<(String, Vec<(f64, f64)>)> = lines.into_iter().collect();
    lines.sort_by_key(|(name, _)| {
        let (topic, n) = name.rsplit_once('-').unwrap_or((name.as_str(), ""));
        (topic.to_string(), n.parse::<u64>().unwrap_or(u64::MAX))
    });
    let (lines, note) = partition_lines(lines);
    let (w, _) = root.dim_in_pixel();
    let (plot, key) = root.split_horizontally(w.saturating_sub(KEY_WIDTH));
    // With a note (what was summed), the title and the note sit above the plot, so that no
    // one reads the lines as every partition.
    let plot = match &note {
        None => plot,
        Some(note) => {
            let titled = plot.margin(40, 0, 0, 0).titled(title, st.title())?;
            let (w, _) = titled.dim_in_pixel();
            let centre = Pos::new(HPos::Center, VPos::Top);
            titled.draw_text(note, &st.label().pos(centre), (w as i32 / 2, 4))?;
            titled.margin(50, 0, 0, 0)
        }
    };
    let mut builder = ChartBuilder::on(&plot);
    if note.is_none() {
        builder.caption(title, st.title());
    }
    let mut chart = builder
        .margin(40)
        .x_label_area_size(110)
        .y_label_area_size(150)
        .build_cartesian_2d(0.0..end, 0.0..ymax)?;
    st.mesh(&mut chart.configure_mesh())
        .x_desc("time since opening (s)")
        .y_desc(ydesc)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    // Spans in time order (generation numbers sort as text in the map).
    let mut spans: Vec<(f64, f64, &str, f64)> = spans
        .iter()
        .map(|(g, (a, b, kind))| (*a, b.unwrap_or(end), g.as_str(), *kind))
        .collect();
    spans.sort_by(|x, y| x.0.total_cmp(&y.0));
    // A rebalance of a fraction of a second is still drawn a few pixels wide; spans closer
    // than that are drawn as one, so a run of thousands of rebalances draws a few hundred.
    let width_px = f64::from(chart.plotting_area().dim_in_pixel().0.max(1));
    let min_span = 6.0 * end / width_px;
    let spans = merge_close(spans, min_span);
    // Labels go in up to three rows; one that would overlap the last in every row is left out
    // (its shading stays).
    let rows = [0.97, 0.92, 0.87];
    let right_edge = chart.plotting_area().get_pixel_range().0.end;
    let mut row_ends = [i32::MIN; 3];
    let kinds = (
        spans.iter().any(|s| s.3 < 0.5),
        spans.iter().any(|s| s.3 >= 0.5),
    );
    for (a, b, g, kind) in &spans {
        let b = b.max(a + min_span);
        // Stop-the-world: shaded to the top. Member-level: a band along the top only, so the
        // lines under it read as still moving.
        let low = if *kind < 0.5 { 0.0 } else { ymax * 0.82 };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(*a, low), (b, ymax)],
            st.shade().filled(),
        )))?;
        let label = if *kind >= 1.5 {
            format!("epoch {g}")
        } else {
            format!("rebalance {g}")
        };
        let (x, _) = chart.backend_coord(&(*a, 0.0));
        let w = root.estimate_text_size(&label, &st.label())?.0 as i32;
        // Near the right edge the label ends at the span instead of starting there.
        let x = if x + w > right_edge { x - w - 6 } else { x };
        if let Some(r) = row_ends.iter().position(|&e| e + 12 <= x) {
            row_ends[r] = x + w;
            let (_, y) = chart.backend_coord(&(*a, ymax * rows[r]));
            root.draw_text(&label, &st.label(), (x, y))?;
        }
    }
    for (t, p) in &crashes {
        chart.draw_series(LineSeries::new(
            [(*t, 0.0), (*t, ymax)],
            st.colour(4).stroke_width(4),
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            p.clone(),
            (*t, ymax * 0.9),
            st.label(),
        )))?;
    }
    let total_name = if have_lag { "total" } else { "orders waiting" };
    let mut entries: Vec<(String, RGBColor, u32)> = vec![(total_name.to_string(), st.fg, 8)];
    for (i, (name, pts)) in lines.iter().enumerate() {
        let c = if note.is_some() && i + 1 == lines.len() {
            OTHERS
        } else {
            st.colour(i)
        };
        chart.draw_series(LineSeries::new(thin(pts), c.stroke_width(3)))?;
        entries.push((name.clone(), c, 6));
    }
    chart.draw_series(LineSeries::new(thin(&total_line), st.fg.stroke_width(5)))?;
    let faults = if crashes.iter().all(|(_, l)| l.starts_with("crash")) {
        "crash"
    } else {
        "fault"
    };
    draw_key(
        &key,
        st,
        &entries,
        kinds,
        (!crashes.is_empty()).then_some(faults),
    )?;
    Ok(())
}

/// Spans in time order with those that start within `gap` of the previous one's end merged,
/// so that no two are drawn closer than a few pixels (a merged span is stop-the-world if any
/// of its parts was).
fn merge_close(spans: Vec<(f64, f64, &str, f64)>, gap: f64) -> Vec<(f64, f64, &str, f64)> {
    let mut out: Vec<(f64, f64, &str, f64)> = Vec::with_capacity(spans.len());
    for (a, b, g, kind) in spans {
        match out.last_mut() {
            Some(last) if a <= last.1.max(last.0 + gap) + gap => {
                last.1 = last.1.max(b);
                last.3 = last.3.min(kind);
            }
            _ => out.push((a, b, g, kind)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_partitions_keep_the_highest_peaks_and_sum_the_rest() {
        let lines: Vec<(String, Vec<(f64, f64)>)> = (0..100)
            .map(|p| {
                let peak = if p % 10 == 3 { 50.0 + p as f64 } else { 1.0 };
                (format!("orders-{p}"), vec![(0.0, 1.0), (1.0, peak)])
            })
            .collect();
        let (kept, note) = partition_lines(lines);
        assert_eq!(kept.len(), MAX_PARTITION_LINES);
        let names: Vec<&str> = kept.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "orders-33",
                "orders-43",
                "orders-53",
                "orders-63",
                "orders-73",
                "orders-83",
                "orders-93",
                "93 others"
            ]
        );
        assert_eq!(
            kept[7].1,
            [(0.0, 93.0), (1.0, 3.0 * 50.0 + 3.0 + 13.0 + 23.0 + 90.0)]
        );
        assert!(note.unwrap().contains("100 partitions"));
        let few: Vec<(String, Vec<(f64, f64)>)> = vec![("orders-0".into(), vec![(0.0, 1.0)])];
        assert_eq!(partition_lines(few.clone()), (few, None));
    }

    #[test]
    fn close_spans_merge() {
        let spans = vec![
            (0.0, 1.0, "1", 2.0),
            (1.5, 2.0, "2", 0.0),
            (10.0, 11.0, "3", 2.0),
        ];
        assert_eq!(
            merge_close(spans, 1.0),
            [(0.0, 2.0, "1", 0.0), (10.0, 11.0, "3", 2.0)]
        );
    }
}
