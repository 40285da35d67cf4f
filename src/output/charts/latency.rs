//! Latency (placed to ready) as a CDF, p50/p90/p99 marked, split by whether the cook was waited for.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::RunData;
use super::style::{Style, tick};

/// At most this many points per curve.
const MAX_POINTS: usize = 2000;

/// The CDF of sorted latencies `xs`, in percent, at most [`MAX_POINTS`] points.
pub(super) fn cdf(xs: &[f64]) -> Vec<(f64, f64)> {
    let n = xs.len();
    let step = n.div_ceil(MAX_POINTS).max(1);
    let mut out: Vec<(f64, f64)> = (0..n)
        .step_by(step)
        .map(|i| (xs[i], (i + 1) as f64 / n as f64 * 100.0))
        .collect();
    if let Some(&last) = xs.last() {
        out.push((last, 100.0));
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
    let lat = data.latencies();
    let all: Vec<f64> = lat.iter().map(|l| l.0).collect();
    let xmax = all.last().copied().unwrap_or(1.0).max(1e-3) * 1.05;
    let mut chart = st
        .builder(root, "How long orders took: placed to ready", 150)
        .build_cartesian_2d(0.0..xmax, 0.0..105.0)?;
    st.mesh(&mut chart.configure_mesh())
        .x_desc("latency (s)")
        .y_desc("orders at most this slow (%)")
        .y_label_formatter(&tick)
        .draw()?;
    let cooked: Vec<f64> = lat.iter().filter(|l| l.1).map(|l| l.0).collect();
    let mut curves = vec![("all orders", all.clone(), st.fg)];
    if !cooked.is_empty() {
        let straight: Vec<f64> = lat.iter().filter(|l| !l.1).map(|l| l.0).collect();
        curves.push(("served straight away", straight, st.colour(2)));
        curves.push(("waited for the cook", cooked, st.colour(4)));
    }
    for (name, xs, c) in curves {
        chart
            .draw_series(LineSeries::new(cdf(&xs), c.stroke_width(5)))?
            .label(format!("{name} ({})", xs.len()))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(6)));
    }
    // Each label starts at its line or, where the one before would touch it, just after that
    // one (p50, p90 and p99 are often close); it never runs past the plot's right edge.
    let right = chart.plotting_area().get_pixel_range().0.end;
    let mut last_end = i32::MIN;
    for (q, name) in data.latency_quantiles.iter().zip(["p50", "p90", "p99"]) {
        chart.draw_series(DashedLineSeries::new(
            [(*q, 0.0), (*q, 100.0)],
            12,
            8,
            st.colour(3).stroke_width(3),
        ))?;
        let label = format!("{name} {q:.1} s");
        let w = root.estimate_text_size(&label, &st.label())?.0 as i32;
        let (x, y) = chart.backend_coord(&(*q, 104.0));
        let x = x.max(last_end + 16).min(right - w);
        last_end = x + w;
        root.draw_text(&label, &st.label(), (x, y))?;
    }
    st.key(&mut chart, SeriesLabelPosition::LowerRight)?;
    Ok(())
}
