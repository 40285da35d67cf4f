//! Order timeline: a row per preparer, a bar per order from started to ready, coloured by item.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::{OrderRow, RunData, item_name};
use super::style::{PALETTE, Style};

/// The first `n` orders placed that a preparer started and finished.
pub(super) fn first_orders(data: &RunData, n: usize) -> Vec<&OrderRow> {
    let mut v: Vec<&OrderRow> = data
        .orders
        .iter()
        .filter(|o| o.started.is_some() && o.ready.is_some() && o.preparer.is_some())
        .collect();
    v.sort_by(|a, b| a.placed.total_cmp(&b.placed));
    v.truncate(n);
    v
}

/// Draws the chart.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &RunData,
    st: &Style,
    n: usize,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    st.frame(root)?;
    let orders = first_orders(data, n);
    let mut preps: Vec<u64> = orders.iter().filter_map(|o| o.preparer).collect();
    preps.sort_unstable();
    preps.dedup();
    let rows = preps.len().max(1) as f64;
    let t0 = orders
        .iter()
        .filter_map(|o| o.started)
        .fold(f64::MAX, f64::min)
        .min(orders.iter().map(|o| o.placed).fold(f64::MAX, f64::min));
    let t1 = orders.iter().filter_map(|o| o.ready).fold(0.0, f64::max);
    let (t0, t1) = if t1 > t0 { (t0, t1) } else { (0.0, 1.0) };
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!("Who made up the first {} orders, and when", orders.len()),
            st.title(),
        )
        .margin(40)
        .x_label_area_size(110)
        .y_label_area_size(40)
        .build_cartesian_2d(t0..t1 + (t1 - t0) * 0.2, 0.0..rows)?;
    chart
        .configure_mesh()
        .x_desc("time since opening (s)")
        .y_labels(0)
        .disable_y_mesh()
        .label_style(st.label())
        .axis_desc_style(st.label())
        .axis_style(st.fg)
        .bold_line_style(st.grid)
        .light_line_style(st.bg)
        .draw()?;
    let mut seen = [false; 5];
    for (row, p) in preps.iter().enumerate() {
        let y0 = rows - row as f64 - 0.8;
        let y1 = rows - row as f64 - 0.2;
        chart.draw_series(std::iter::once(Text::new(
            format!("preparer {p}"),
            (t0, y1 + 0.15),
            st.label(),
        )))?;
        for o in orders.iter().filter(|o| o.preparer == Some(*p)) {
            let c = PALETTE[o.main_item % PALETTE.len()];
            let (Some(s), Some(r)) = (o.started, o.ready) else {
                continue;
            };
            let series = chart.draw_series(std::iter::once(Rectangle::new(
                [(s, y0), (r, y1)],
                c.filled(),
            )))?;
            if o.main_item < seen.len() && !seen[o.main_item] {
                seen[o.main_item] = true;
                series.label(item_name(o.main_item)).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 10), (x + 20, y + 10)], c.filled())
                });
            }
            chart.draw_series(std::iter::once(Rectangle::new(
                [(s, y0), (r, y1)],
                st.bg.stroke_width(1),
            )))?;
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
