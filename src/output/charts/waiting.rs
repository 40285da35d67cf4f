//! Orders waiting and consumer lag over time, rebalances shaded, crashes marked.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::RunData;
use super::style::{PALETTE, Style};

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
    let mut spans: BTreeMap<String, (f64, Option<f64>)> = BTreeMap::new();
    let mut crashes = Vec::new();
    for (t, s, v) in &data.series {
        if let Some(p) = s.strip_prefix("lag:") {
            lines.entry(p.to_string()).or_default().push((*t, *v));
            *total.entry(t.to_bits()).or_default() += v;
        } else if let Some(g) = s.strip_prefix("rebalance_start:") {
            spans.entry(g.to_string()).or_insert((*t, None));
        } else if let Some(g) = s.strip_prefix("rebalance_end:") {
            if let Some(span) = spans.get_mut(g) {
                span.1 = Some(*t);
            }
        } else if let Some(p) = s.strip_prefix("crash:") {
            crashes.push((*t, p.to_string()));
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
    let ymax = total_line.iter().map(|p| p.1).fold(1.0, f64::max) * 1.15;
    let end = data.end();
    let mut chart = ChartBuilder::on(root)
        .caption(title, st.title())
        .margin(40)
        .x_label_area_size(110)
        .y_label_area_size(150)
        .build_cartesian_2d(0.0..end, 0.0..ymax)?;
    chart
        .configure_mesh()
        .x_desc("time since opening (s)")
        .y_desc(ydesc)
        .label_style(st.label())
        .axis_desc_style(st.label())
        .axis_style(st.fg)
        .bold_line_style(st.grid)
        .light_line_style(st.bg)
        .draw()?;
    for (g, (a, b)) in &spans {
        let b = b.unwrap_or(end);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(*a, 0.0), (b, ymax)],
            st.fg.mix(0.12).filled(),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            format!("rebalance {g}"),
            (*a, ymax * 0.97),
            st.label(),
        )))?;
    }
    for (t, p) in &crashes {
        chart.draw_series(LineSeries::new(
            [(*t, 0.0), (*t, ymax)],
            PALETTE[4].stroke_width(4),
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            format!("crash: preparer {p}"),
            (*t, ymax * 0.9),
            st.label(),
        )))?;
    }
    for (i, (name, pts)) in lines.iter().enumerate() {
        let c = PALETTE[i % PALETTE.len()];
        chart
            .draw_series(LineSeries::new(pts.iter().copied(), c.stroke_width(3)))?
            .label(name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(6)));
    }
    let fg = st.fg;
    chart
        .draw_series(LineSeries::new(total_line, fg.stroke_width(5)))?
        .label(if have_lag { "total" } else { "orders waiting" })
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], fg.stroke_width(6)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .margin(20)
        .label_font(st.label())
        .background_style(st.bg.mix(0.85))
        .border_style(st.fg)
        .draw()?;
    Ok(())
}
