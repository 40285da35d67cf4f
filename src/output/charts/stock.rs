//! Hot cabinet stock of cod, chips and plaice over time, as steps between samples, the cook's
//! batches and the orders sent to the cook marked; negative stock (oversold) in red, counted
//! in the title.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::RunData;
use super::key::{self, Swatch};
use super::scaling::steps;
use super::style::Style;
use super::thin::thin;
use super::window::clip;

/// The span shown without a window, in seconds, when the run is longer than three of them.
const DEFAULT_SPAN_S: f64 = 120.0;

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

/// The level of a sampled line just before `t` (where a step line stands when a batch goes in).
fn level_before(line: &[(f64, f64)], t: f64) -> Option<f64> {
    let i = line.partition_point(|p| p.0 <= t);
    line.get(i.checked_sub(1)?).map(|p| p.1)
}

/// The red of oversold stock: a strong red, not the palette's vermillion, so that it reads as
/// a warning on either background.
const RED: RGBColor = RGBColor(0xD0, 0x10, 0x10);

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
    // A whole run of stock is a hedge of lines; without a window the chart shows the first
    // two minutes, and says so.
    let (start, end, part) = match data.window {
        None if data.end() > 3.0 * DEFAULT_SPAN_S => (0.0, DEFAULT_SPAN_S, " (first 2 min)"),
        _ => (data.start(), data.end(), ""),
    };
    let lines: BTreeMap<String, Vec<(f64, f64)>> = stock_lines(data)
        .into_iter()
        .map(|(k, v)| (k, clip(&v, start, end)))
        .collect();
    let all = lines.values().flatten().map(|p| p.1);
    let ymin = all.clone().fold(0.0, f64::min);
    let ymax = all.fold(1.0, f64::max);
    // Room above the highest stock for the marks of orders sent to the cook; below zero, just
    // the deepest dip and a little, so that a dip of 2 is not lost on a long axis.
    let (ylo, yhi) = (if ymin < 0.0 { ymin - 1.0 } else { 0.0 }, ymax * 1.25 + 1.0);
    // Orders sent to the cook are marked where nothing was oversold (where something was,
    // the oversold moments are the point, and the marks would crowd them).
    let sent: Vec<f64> = data
        .orders
        .iter()
        .filter_map(|o| o.fry_start.map(|_| o.placed))
        .filter(|t| *t >= start && *t <= end && data.oversold == 0)
        .collect();
    let title = if data.oversold > 0 {
        format!(
            "Hot cabinet{part}: {} portions oversold in the run",
            data.oversold
        )
    } else if data.sent_to_cook > 0 {
        format!(
            "Hot cabinet{part}: atomic takes; {} orders sent to the cook",
            data.sent_to_cook
        )
    } else {
        format!("Hot cabinet{part}: portions ready to serve")
    };
    let (plot, key) = key::split(root);
    let mut chart = st
        .builder(&plot, &title, 150)
        .build_cartesian_2d(start..end, ylo..yhi)?;
    st.time_axes(&mut chart, "portions in the cabinet")?;
    let mut entries = Vec::new();
    if ymin < 0.0 {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(start, ylo), (end, 0.0)],
            RED.mix(0.35).filled(),
        )))?;
        entries.push((
            "below zero:\noversold".to_string(),
            Swatch::Block(RED.mix(0.35)),
        ));
    }
    let colours = [st.colour(3), st.colour(0), st.colour(5)];
    let marks = batches(data);
    let mut batch_marks = false;
    for (i, (item, pts)) in lines.iter().enumerate() {
        let c = colours[i % colours.len()];
        chart.draw_series(LineSeries::new(steps(&thin(pts)), c.stroke_width(4)))?;
        entries.push((item.clone(), Swatch::Line(c, 6)));
        // Each oversold moment: a red dot where the stock is below zero.
        chart.draw_series(
            pts.iter()
                .filter(|p| p.1 < 0.0)
                .map(|&p| Circle::new(p, 7, RED.filled())),
        )?;
        let Some(times) = marks.get(item) else {
            continue;
        };
        let points: Vec<(f64, f64)> = times
            .iter()
            .filter(|t| **t >= start && **t <= end)
            .step_by(times.len().div_ceil(MAX_MARKERS).max(1))
            .filter_map(|&t| Some((t, level_before(pts, t)?)))
            .collect();
        batch_marks |= !points.is_empty();
        chart.draw_series(
            points
                .into_iter()
                .map(|p| TriangleMarker::new(p, 10, c.filled())),
        )?;
    }
    if batch_marks {
        entries.push(("a batch in".to_string(), Swatch::Triangle(st.fg)));
    }
    if !sent.is_empty() {
        // A tick along the top for each order the cook had to fry for.
        let c = st.colour(4);
        let (a, b) = (yhi - (yhi - ylo) * 0.06, yhi - (yhi - ylo) * 0.01);
        chart.draw_series(
            sent.iter()
                .map(|&t| PathElement::new(vec![(t, a), (t, b)], c.stroke_width(2))),
        )?;
        entries.push(("order sent\nto the cook".to_string(), Swatch::Tick(c)));
    }
    key::draw(&key, st, &entries)?;
    Ok(())
}
