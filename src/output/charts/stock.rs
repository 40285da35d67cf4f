//! Hot cabinet stock of cod, chips and plaice over time, the cook's batches marked; negative
//! stock (oversold) in red.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::RunData;
use super::style::{PALETTE, Style};
use super::thin::thin;

/// Batch markers drawn per item at most; beyond, every k-th batch is marked.
const MAX_MARKERS: usize = 400;

/// The stock lines of series.csv, by item.
pub(super) fn stock_lines(data: &RunData) -> BTreeMap<String, Vec<(f64, f64)>> {
    let mut lines: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for (t, s, v) in data.points() {
        if let Some(item) = s.strip_prefix("stock:") {
            lines.entry(item.to_string()).or_default().push((t, v));
        }
    }
    lines
}

/// The cook's batches from series.csv (`batch:<item>`): the times each item was put in.
fn batches(data: &RunData) -> BTreeMap<String, Vec<f64>> {
    let mut marks: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (t, s, _) in data.points() {
        if let Some(item) = s.strip_prefix("batch:") {
            marks.entry(item.to_string()).or_default().push(t);
        }
    }
    marks
}

/// The first sampled value at or after `t` (the level just after a batch went in).
fn level_after(line: &[(f64, f64)], t: f64) -> Option<f64> {
    let i = line.partition_point(|p| p.0 < t);
    line.get(i).or(line.last()).map(|p| p.1)
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
    let lines = stock_lines(data);
    let all = lines.values().flatten().map(|p| p.1);
    let ymin = all.clone().fold(0.0, f64::min);
    let ymax = all.fold(1.0, f64::max);
    // Headroom above the highest stock keeps the key (upper right) off the lines.
    let pad = (ymax - ymin) * 0.35;
    let (ylo, yhi) = (if ymin < 0.0 { ymin - pad } else { 0.0 }, ymax + pad);
    let mut chart = ChartBuilder::on(root)
        .caption("Hot cabinet: portions ready to serve", st.title())
        .margin(40)
        .x_label_area_size(110)
        .y_label_area_size(150)
        .build_cartesian_2d(0.0..data.end(), ylo..yhi)?;
    st.mesh(&mut chart.configure_mesh())
        .x_desc("time since opening (s)")
        .y_desc("portions in the cabinet")
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    if ymin < 0.0 {
        let red = RGBColor(0xD5, 0x5E, 0x00);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, ylo), (data.end(), 0.0)],
            red.mix(0.15).filled(),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            "oversold (below zero)",
            (data.end() * 0.01, ylo * 0.5),
            st.label().color(&red),
        )))?;
    }
    let colours = [PALETTE[3], PALETTE[0], PALETTE[5]];
    let marks = batches(data);
    let mut labelled = false;
    for (i, (item, pts)) in lines.iter().enumerate() {
        let c = colours[i % colours.len()];
        chart
            .draw_series(LineSeries::new(thin(pts), c.stroke_width(4)))?
            .label(item.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(6)));
        let Some(times) = marks.get(item) else {
            continue;
        };
        let points: Vec<(f64, f64)> = times
            .iter()
            .step_by(times.len().div_ceil(MAX_MARKERS).max(1))
            .filter_map(|&t| Some((t, level_after(pts, t)?)))
            .collect();
        let series = chart.draw_series(
            points
                .into_iter()
                .map(|p| TriangleMarker::new(p, 10, c.filled())),
        )?;
        if !labelled && !times.is_empty() {
            labelled = true;
            let fg = st.fg;
            series
                .label("a batch from the cook")
                .legend(move |(x, y)| TriangleMarker::new((x + 10, y), 14, fg.filled()));
        }
    }
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
