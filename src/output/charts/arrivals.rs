//! The arrival rate of a run (orders placed per second, counted from orders.csv in even bins),
//! drawn as a strip under the lag chart with the same time axis: the load that the lag
//! answers to (a rate profile's ramp, then autoscaling catching up). Not the lag itself.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::RunData;
use super::style::{Style, tick};

/// Bin widths to choose from, in seconds: the smallest that gives at most [`MAX_BINS`] bins.
const BIN_WIDTHS: [f64; 12] = [
    1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0,
];
/// Most bins drawn: enough to show a ramp, few enough that Poisson noise does not hide it.
const MAX_BINS: f64 = 90.0;

/// The bin width for the window `start..end` (seconds), and orders placed per second in each
/// bin of it (as (bin start, rate) pairs, with a last point at `end` to close the steps).
pub(super) fn arrival_rate(data: &RunData, (start, end): (f64, f64)) -> (f64, Vec<(f64, f64)>) {
    let span = (end - start).max(f64::MIN_POSITIVE);
    let width = BIN_WIDTHS
        .iter()
        .copied()
        .find(|w| span / w <= MAX_BINS)
        .unwrap_or(3600.0);
    let bins = ((span / width).ceil() as usize).max(1);
    let mut counts = vec![0u64; bins];
    for o in data
        .orders
        .iter()
        .filter(|o| o.placed >= start && o.placed < end)
    {
        let i = (((o.placed - start) / width) as usize).min(bins - 1);
        counts[i] += 1;
    }
    // The last bin may be cut short by the window's end: its rate is over what it covers.
    let mut steps: Vec<(f64, f64)> = counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let from = start + i as f64 * width;
            let covered = (end - from).min(width).max(f64::MIN_POSITIVE);
            (from, c as f64 / covered)
        })
        .collect();
    if let Some(&(_, last)) = steps.last() {
        steps.push((end, last));
    }
    (width, steps)
}

/// Draws the strip on `area`, with the time axis of the window `start..end` laid out as the
/// lag chart above it lays out its own (same margins and label areas), so that the times line
/// up.
pub(super) fn draw_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &RunData,
    st: &Style,
    (start, end): (f64, f64),
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let (width, steps) = arrival_rate(data, (start, end));
    let top = steps.iter().map(|p| p.1).fold(0.0, f64::max).max(0.1) * 1.15;
    let mut chart = ChartBuilder::on(area)
        .margin_left(40)
        .margin_right(40)
        .margin_bottom(10)
        .x_label_area_size(60)
        .y_label_area_size(150)
        .build_cartesian_2d(start..end, 0.0..top)?;
    st.note_time_plot(&chart);
    let unit = if width >= 60.0 {
        format!("{:.0} min", width / 60.0)
    } else {
        format!("{width:.0} s")
    };
    st.mesh(&mut chart.configure_mesh())
        .y_desc(format!("orders/s ({unit} bins)"))
        .y_labels(3)
        .x_label_formatter(&tick)
        .y_label_formatter(&|v| format!("{v:.1}"))
        .draw()?;
    let colour = st.colour(1);
    chart.draw_series(AreaSeries::new(
        stairs(&steps),
        0.0,
        colour.mix(0.25).filled(),
    ))?;
    chart.draw_series(LineSeries::new(stairs(&steps), colour.stroke_width(3)))?;
    Ok(())
}

/// Steps drawn as a staircase: each rate holds until the next bin starts.
fn stairs(steps: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(steps.len() * 2);
    for (i, &(t, r)) in steps.iter().enumerate() {
        if i > 0 {
            out.push((t, steps[i - 1].1));
        }
        out.push((t, r));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stairs_hold_each_rate_until_the_next_bin() {
        let s = stairs(&[(0.0, 1.0), (60.0, 2.0), (90.0, 2.0)]);
        assert_eq!(
            s,
            [
                (0.0, 1.0),
                (60.0, 1.0),
                (60.0, 2.0),
                (90.0, 2.0),
                (90.0, 2.0)
            ]
        );
    }
}
