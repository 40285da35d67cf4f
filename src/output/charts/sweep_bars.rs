//! Sweep charts as bars: one horizontal bar per way of rebalancing, named on the left where a
//! long name (`classic · cooperative_sticky · static`) has room, its value at its end and its
//! 95% confidence interval as a whisker. Drawn when the ways of rebalancing are all that a
//! sweep varies; the lines are `sweep.rs`.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::style::Style;
use super::sweep::{frame, tick};
use super::sweep_layout::SweepChart;

/// Half a bar's thickness, in rows.
const HALF_BAR: f64 = 0.34;

/// A bar's value as written at its end: three significant figures at most (`113`, `47.6`,
/// `0.52`).
fn value_label(v: f64) -> String {
    let decimals = if v.abs() >= 100.0 {
        0
    } else if v.abs() >= 10.0 {
        1
    } else {
        2
    };
    tick((v * 10f64.powi(decimals)).round() / 10f64.powi(decimals))
}

/// Draws `chart` (its lines, one point each) as horizontal bars, the first line at the top.
pub(super) fn draw_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &SweepChart,
    st: &Style,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let (plot, legend) = frame(root, chart, st)?;
    let rows = chart.lines.len().max(1);
    // Row i (from the top) sits at y = rows - 1 - i.
    let row_y = |i: usize| (rows - 1 - i) as f64;
    let bar = |i: usize| chart.lines[i].points.first().map(|p| p.1);
    let top = (0..chart.lines.len())
        .filter_map(bar)
        .flat_map(|e| [Some(e.mean), e.high])
        .flatten()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    // Room right of the longest bar for its value.
    let xmax = if top > 0.0 { top * 1.18 } else { 1.0 };
    let label = st.label();
    let name_width = chart
        .lines
        .iter()
        .map(|l| root.estimate_text_size(&l.label, &label).map_or(0, |s| s.0))
        .max()
        .unwrap_or(0);
    let names = |v: &f64| {
        let i = v.round();
        if (v - i).abs() > 1e-9 || i < 0.0 || i as usize >= rows {
            return String::new();
        }
        chart
            .lines
            .get(rows - 1 - i as usize)
            .map_or_else(String::new, |l| l.label.clone())
    };
    let x_format = |v: &f64| tick(*v);
    let mut cc = ChartBuilder::on(&plot)
        .margin(20)
        .x_label_area_size(110)
        .y_label_area_size(name_width + 40)
        .build_cartesian_2d(0.0..xmax, -0.6..(rows as f64 - 0.4))?;
    st.mesh(&mut cc.configure_mesh())
        .disable_y_mesh()
        .x_desc(chart.y_desc.as_str())
        .x_labels(8)
        .y_labels(rows)
        .x_label_formatter(&x_format)
        .y_label_formatter(&names)
        .draw()?;

    let whisker = st.fg.mix(0.8);
    let (mut any_whisker, mut any_static) = (false, false);
    for (i, line) in chart.lines.iter().enumerate() {
        let Some(e) = bar(i) else { continue };
        let y = row_y(i);
        let c = st.colour(line.colour);
        if e.mean.is_finite() {
            let rect = [(0.0, y - HALF_BAR), (e.mean.clamp(0.0, xmax), y + HALF_BAR)];
            if line.dashed {
                // Static members: the same colour, faded, outlined.
                any_static = true;
                cc.draw_series(std::iter::once(Rectangle::new(rect, c.mix(0.4).filled())))?;
                cc.draw_series(std::iter::once(Rectangle::new(rect, c.stroke_width(3))))?;
            } else {
                cc.draw_series(std::iter::once(Rectangle::new(rect, c.filled())))?;
            }
        }
        let mut end = e.mean;
        if let (Some(l), Some(h)) = (e.low, e.high)
            && l.is_finite()
            && h.is_finite()
        {
            any_whisker = true;
            let (l, h) = (l.clamp(0.0, xmax), h.clamp(0.0, xmax));
            let cap = 0.14;
            for path in [
                vec![(l, y), (h, y)],
                vec![(l, y - cap), (l, y + cap)],
                vec![(h, y - cap), (h, y + cap)],
            ] {
                cc.draw_series(std::iter::once(PathElement::new(
                    path,
                    whisker.stroke_width(4),
                )))?;
            }
            end = end.max(h);
        }
        let text = if e.mean.is_finite() {
            value_label(e.mean)
        } else {
            "not measured".to_string()
        };
        let at = if end.is_finite() { end } else { 0.0 };
        cc.draw_series(std::iter::once(
            EmptyElement::at((at, y)) + Text::new(text, (14, -16), label.clone()),
        ))?;
    }

    // The legend column: what a bar, a whisker and a lighter bar mean.
    let mut y = 60;
    let row = 52;
    let key = |legend: &DrawingArea<DB, Shift>, lines: &[&str], y: &mut i32| -> DrawResult {
        for (j, l) in lines.iter().enumerate() {
            legend.draw_text(l, &label, (104, *y - 16 + j as i32 * 34))?;
        }
        *y += row + (lines.len() as i32 - 1) * 34;
        Ok(())
    };
    let reps = format!(
        "{} replication{}",
        chart.replications,
        if chart.replications == 1 { "" } else { "s" }
    );
    // The key's swatches are grey: its colours belong to the ways.
    let grey = st.fg.mix(0.55);
    legend.draw(&Rectangle::new([(24, y - 16), (84, y + 16)], grey.filled()))?;
    key(&legend, &["a bar: mean of", &reps], &mut y)?;
    if any_static {
        let c = grey;
        legend.draw(&Rectangle::new(
            [(24, y - 16), (84, y + 16)],
            st.fg.mix(0.2).filled(),
        ))?;
        legend.draw(&Rectangle::new(
            [(24, y - 16), (84, y + 16)],
            c.stroke_width(3),
        ))?;
        key(&legend, &["faded: static", "members"], &mut y)?;
    }
    if any_whisker {
        legend.draw(&PathElement::new(
            vec![(24, y), (84, y)],
            whisker.stroke_width(4),
        ))?;
        for x in [24, 84] {
            legend.draw(&PathElement::new(
                vec![(x, y - 12), (x, y + 12)],
                whisker.stroke_width(4),
            ))?;
        }
        key(&legend, &["95% confidence", "interval"], &mut y)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_three_figures() {
        assert_eq!(value_label(112.94), "113");
        assert_eq!(value_label(47.63), "47.6");
        assert_eq!(value_label(0.518), "0.52");
        assert_eq!(value_label(0.0), "0");
    }
}
