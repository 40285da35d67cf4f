//! Each consumer group reading on its own: the records the preparers', the accountant's and
//! the analyst's groups have read over time, each group's highest lag, and the share of orders
//! that waited for the cook. Drawn where the run has service groups (`analytics`).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::RunData;
use super::key::{self, Swatch};
use super::spans::{draw_rebalances, rebalance_key};
use super::style::Style;
use super::thin::thin;
use super::window::clip;

/// Whether the run recorded its groups (it has an accountant or an analyst).
pub(super) fn worth_drawing(data: &RunData) -> bool {
    !data.series_by("group_read:").is_empty()
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
    let lags = data.series_by("group_lag:");
    let reads = data.series_by("group_read:");
    let peak_lag = |g: &str| {
        lags.get(g)
            .map(|l| clip(l, start, end).iter().map(|p| p.1).fold(0.0, f64::max))
            .unwrap_or(0.0)
    };
    let orders = data.orders.len();
    let mut title = format!("Each group reads all {orders} orders, at its own pace");
    if let Some(r) = data.cook_ratio {
        title.push_str(&format!(" · {:.0}% waited for the cook", r * 100.0));
    }
    // Records read so far, per group: the lines climb together, each group on its own.
    let lines: Vec<(String, Vec<(f64, f64)>)> = reads
        .into_iter()
        .map(|(g, pts)| (g, clip(&pts, start, end)))
        .collect();
    let ymax = lines
        .iter()
        .flat_map(|l| l.1.iter().map(|p| p.1))
        .fold(1.0, f64::max)
        * 1.35;
    let (plot, key) = key::split(root);
    let mut chart = st
        .builder(&plot, &title, 150)
        .build_cartesian_2d(start..end, 0.0..ymax)?;
    st.time_axes(&mut chart, "records read so far")?;
    let spans = draw_rebalances(root, &mut chart, st, data, (0.0, ymax), true)?;
    let mut entries = Vec::new();
    let n = lines.len() as u32;
    for (i, (group, line)) in lines.iter().enumerate() {
        let c = st.colour(i);
        // Widest first, so that lines on top of each other all show.
        let width = 4 + 5 * (n - 1 - i as u32);
        chart.draw_series(LineSeries::new(thin(line), c.stroke_width(width)))?;
        let read = line.last().map_or(0.0, |p| p.1);
        entries.push((
            format!("{group}: {read:.0}\nlag at most {:.0}", peak_lag(group)),
            Swatch::Line(c, 6),
        ));
    }
    if spans {
        entries.extend(rebalance_key(st, data));
    }
    key::draw(&key, st, &entries)?;
    Ok(())
}
