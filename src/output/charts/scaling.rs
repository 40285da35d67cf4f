//! Orders waiting against the preparers at work, where `[scaling]` adds and removes them: lag
//! above, the number of preparers below, on one time axis, each join's rebalance shaded.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::RunData;
use super::key::{self, Swatch};
use super::spans::{draw_crashes, draw_rebalances, fault_key, rebalance_key};
use super::style::{Style, tick};
use super::thin::thin;
use super::waiting::total;
use super::window::clip;

/// The preparers at work over time, from series.csv's `preparers`.
pub(super) fn preparers_line(data: &RunData) -> Vec<(f64, f64)> {
    clip(&data.series_named("preparers"), data.start(), data.end())
}

/// A sampled level drawn as steps: it holds until the next sample.
pub(super) fn steps(line: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(line.len() * 2);
    for pair in line.windows(2) {
        out.push(pair[0]);
        out.push((pair[1].0, pair[0].1));
    }
    out.extend(line.last().copied());
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
    let (start, end) = (data.start(), data.end());
    let unread = data.series_by("unread:");
    let (waiting, what) = if unread.is_empty() {
        (total(&data.series_by("lag:")), "Kafka's lag")
    } else {
        (total(&unread), "orders waiting to be read")
    };
    let waiting = clip(&waiting, start, end);
    let preparers = preparers_line(data);
    let most = preparers.iter().map(|p| p.1).fold(1.0, f64::max);
    let joins = preparers.windows(2).filter(|w| w[1].1 > w[0].1).count();
    let title = format!(
        "Orders waiting as preparers join: {} joins, up to {most:.0} preparers",
        joins
    );
    let (plot, key) = key::split(root);
    let plot = plot.titled(&title, st.title())?;
    let (_, h) = plot.dim_in_pixel();
    let (upper, lower) = plot.split_vertically(h * 62 / 100);
    let ymax = waiting.iter().map(|p| p.1).fold(1.0, f64::max) * 1.35;
    let mut top = st
        .builder(&upper, "", 150)
        .x_label_area_size(40)
        .build_cartesian_2d(start..end, 0.0..ymax)?;
    st.note_time_plot(&top);
    st.mesh(&mut top.configure_mesh())
        .y_desc(what)
        .x_label_formatter(&|_| String::new())
        .y_label_formatter(&tick)
        .draw()?;
    let spans = draw_rebalances(root, &mut top, st, data, (0.0, ymax), true)?;
    draw_crashes(&mut top, st, data, (0.0, ymax))?;
    top.draw_series(LineSeries::new(thin(&waiting), st.fg.stroke_width(5)))?;
    let pmax = most + 1.0;
    let mut bottom = st
        .builder(&lower, "", 150)
        .build_cartesian_2d(start..end, 0.0..pmax)?;
    st.time_axes(&mut bottom, "preparers at work")?;
    draw_rebalances(root, &mut bottom, st, data, (0.0, pmax), false)?;
    let c = st.colour(2);
    bottom.draw_series(LineSeries::new(steps(&preparers), c.stroke_width(5)))?;
    let mut entries = vec![
        (what.replace("orders ", "orders\n"), Swatch::Line(st.fg, 8)),
        ("preparers".to_string(), Swatch::Line(c, 6)),
    ];
    if spans {
        entries.extend(rebalance_key(st, data));
    }
    entries.extend(fault_key(st, data));
    key::draw(&key, st, &entries)?;
    Ok(())
}
