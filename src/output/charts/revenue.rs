//! Revenue over time: cumulative takings, in pounds, of the orders placed.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::RunData;
use super::style::{Style, tick};

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
    let placed: Vec<(f64, u64)> = data
        .orders
        .iter()
        .map(|o| (o.placed, o.price_pence))
        .collect();
    let (takings, taken) = cumulative_pounds(placed, data.start());
    let title = match data.window {
        None => format!("Takings: £{taken:.2} over the run"),
        Some((a, b)) => format!("Takings: £{taken:.2} from {a:.0} s to {b:.0} s"),
    };
    let ymax = taken.max(1.0) * 1.1;
    let mut chart = st
        .builder(root, &title, 170)
        .build_cartesian_2d(data.start()..data.end(), 0.0..ymax)?;
    st.note_time_plot(&chart);
    st.mesh(&mut chart.configure_mesh())
        .x_desc("time since opening (s)")
        .x_label_formatter(&tick)
        .y_desc("revenue so far (£)")
        .y_label_formatter(&|v| format!("£{}", tick(v)))
        .draw()?;
    chart.draw_series(LineSeries::new(takings, st.colour(3).stroke_width(5)))?;
    Ok(())
}

/// A running total in pounds of (time, pence) from zero at `start`, thinned to about 2,000
/// points, and the total.
pub(super) fn cumulative_pounds(mut events: Vec<(f64, u64)>, start: f64) -> (Vec<(f64, f64)>, f64) {
    events.sort_by(|a, b| a.0.total_cmp(&b.0));
    let step = events.len().div_ceil(2000).max(1);
    let mut pts = vec![(start, 0.0)];
    let mut sum = 0u64;
    for (i, (t, p)) in events.iter().enumerate() {
        sum += p;
        if i % step == 0 || i + 1 == events.len() {
            pts.push((*t, sum as f64 / 100.0));
        }
    }
    (pts, sum as f64 / 100.0)
}
