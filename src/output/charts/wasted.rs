//! Wasted food: what was made for web customers who never came, in pounds, over the run.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::{OrderRow, RunData};
use super::revenue::cumulative_pounds;
use super::style::{Style, tick};

/// Orders made up but never collected (a web no-show's), by the time they were ready.
pub(super) fn wasted_orders(data: &RunData) -> Vec<&OrderRow> {
    data.orders
        .iter()
        .filter(|o| o.ready.is_some() && o.collected.is_none())
        .collect()
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
    let (start, end) = (data.start(), data.end());
    // Made (ready) inside the range drawn.
    let wasted: Vec<_> = wasted_orders(data)
        .into_iter()
        .filter(|o| o.ready.is_some_and(|r| r >= start && r <= end))
        .collect();
    let count = wasted.len();
    let (line, total) = cumulative_pounds(
        wasted
            .iter()
            .filter_map(|o| Some((o.ready?, o.price_pence)))
            .collect(),
        start,
    );
    let title = format!("Food made for web customers who never came: £{total:.2} ({count} orders)");
    let mut chart = st
        .builder(root, &title, 170)
        .build_cartesian_2d(start..end, 0.0..total.max(1.0) * 1.1)?;
    st.mesh(&mut chart.configure_mesh())
        .x_desc("time since opening (s)")
        .x_label_formatter(&tick)
        .y_desc("wasted so far (£)")
        .y_label_formatter(&|v| format!("£{}", tick(v)))
        .draw()?;
    // A step line: the total jumps when an uncollected order is ready, and holds in between.
    let mut steps = Vec::with_capacity(line.len() * 2);
    for pair in line.windows(2) {
        steps.push(pair[0]);
        steps.push((pair[1].0, pair[0].1));
    }
    steps.extend(line.last().copied());
    steps.push((end, total));
    chart.draw_series(LineSeries::new(steps, st.colour(4).stroke_width(5)))?;
    Ok(())
}
