//! Preparer utilisation: a bar per preparer (busy fraction), labelled with its partitions.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::RunData;
use super::style::{PALETTE, Style};

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
    let n = data.preparers.len() as f64;
    let mut chart = ChartBuilder::on(root)
        .caption("How busy each preparer was", st.title())
        .margin(40)
        .x_label_area_size(110)
        .y_label_area_size(40)
        .build_cartesian_2d(0.0..100.0, 0.0..n)?;
    chart
        .configure_mesh()
        .x_desc("time busy making orders up (% of the run)")
        .y_labels(0)
        .label_style(st.label())
        .axis_desc_style(st.label())
        .axis_style(st.fg)
        .bold_line_style(st.grid)
        .light_line_style(st.bg)
        .disable_y_mesh()
        .draw()?;
    for (i, p) in data.preparers.iter().enumerate() {
        let y0 = n - i as f64 - 0.85;
        let y1 = n - i as f64 - 0.15;
        let pct = p.busy_fraction * 100.0;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y0), (pct, y1)],
            PALETTE[(i * 3) % PALETTE.len()].filled(),
        )))?;
        let parts = if p.partitions.is_empty() {
            "no partitions".to_string()
        } else {
            p.partitions.join(", ")
        };
        chart.draw_series(std::iter::once(Text::new(
            format!("preparer {}: {pct:.0}% busy · owns {parts}", p.id),
            (1.0, y1 + 0.08),
            st.label(),
        )))?;
    }
    Ok(())
}
