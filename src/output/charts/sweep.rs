//! Sweep charts: throughput and p99 latency (and, for a sweep about rebalancing, the paused
//! preparer-seconds and the highest lag) against the swept switch, a line per value of the
//! second switch, each with its 95% confidence band, drawn from a sweep's sweep.json. Not the
//! run charts, not the bars of the ways of rebalancing (`sweep_bars.rs`), and not the layout
//! of the grid (`sweep_layout.rs`).

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{self, Style};
use super::sweep_bars::draw_bars;
use super::sweep_data::SweepData;
use super::sweep_layout::{SweepChart, XScale, plan};
use super::{ChartOptions, DrawResult, Drawing, emit};
use crate::output::OutputError;

/// Width of the legend column on the right of the plot, in pixels.
const LEGEND_WIDTH: u32 = 470;

/// Draws the charts of the sweep in `dir` (its sweep.json) into the folder `charts` (made if
/// missing) and returns the files written: `sweep_throughput` and `sweep_p99_latency` (PNG,
/// SVG or both), with a `_<switch>-<value>` suffix per further switch when more than two
/// switches vary.
///
/// The same sweep.json gives the same bytes, so a local sweep, a merge of its shards and
/// `chipshop chart` on either folder draw identical charts.
pub fn draw_sweep_charts(
    dir: &Path,
    charts: &Path,
    options: &ChartOptions,
) -> Result<Vec<PathBuf>, OutputError> {
    draw_sweep_data_charts(&SweepData::load(dir)?, charts, options)
}

/// Draws the charts of a sweep read with [`SweepData::load`] into the folder `charts`.
pub fn draw_sweep_data_charts(
    data: &SweepData,
    charts: &Path,
    options: &ChartOptions,
) -> Result<Vec<PathBuf>, OutputError> {
    style::register_font();
    let st = Style::with_note(
        options.theme,
        format!(
            "{} · seed {} · {} replication{}",
            data.scenario,
            data.seed,
            data.replications,
            if data.replications == 1 { "" } else { "s" }
        ),
    );
    std::fs::create_dir_all(charts).map_err(|e| OutputError::io(charts, e))?;
    let mut out = Vec::new();
    for chart in plan(data) {
        let name = chart.name.clone();
        emit(
            charts,
            options,
            &name,
            &SweepDrawing { chart, st: &st },
            &mut out,
        )?;
    }
    Ok(out)
}

/// One sweep chart with its style, ready to draw.
struct SweepDrawing<'a> {
    chart: SweepChart,
    st: &'a Style,
}

impl Drawing for SweepDrawing<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        draw(root, &self.chart, self.st)
    }
}

/// The plot's area and the legend column's.
pub(super) type PlotAndLegend<DB> = (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>);

/// Draws what every sweep chart has, the background, the corner note, the title and the
/// settings under it, and returns the areas of the plot and of the legend column on its
/// right (so that the legend never hides data).
pub(super) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &SweepChart,
    st: &Style,
) -> Result<PlotAndLegend<DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    st.frame(root)?;
    let (w, _) = root.dim_in_pixel();
    let centre = Pos::new(HPos::Center, VPos::Top);
    root.draw_text(&chart.title, &st.title().pos(centre), (w as i32 / 2, 30))?;
    let muted = st.fg.mix(0.75);
    if !chart.subtitle.is_empty() {
        let sub = st.label().color(&muted).pos(centre);
        root.draw_text(&chart.subtitle, &sub, (w as i32 / 2, 96))?;
    }
    let body = root.margin(140, 40, 30, 30);
    let (bw, _) = body.dim_in_pixel();
    Ok(body.split_horizontally(bw - LEGEND_WIDTH))
}

/// A tick label without trailing zeros: `3`, `0.25`, `142.5`.
pub(super) fn tick(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Draws one sweep chart: title and held settings on top, the plot on the left, the legend
/// in its own column on the right (so it never hides data).
fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &SweepChart,
    st: &Style,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    if chart.bars {
        return draw_bars(root, chart, st);
    }
    let (plot, legend) = frame(root, chart, st)?;

    // x range: the values' span with a margin; y from 0 to above the highest interval end.
    let xs: Vec<f64> = chart
        .lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.0))
        .collect();
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 0.0) };
    let pad = match chart.x_scale {
        XScale::Real if hi > lo => (hi - lo) * 0.05,
        XScale::Real => (lo.abs() * 0.1).max(0.5),
        _ => ((hi - lo) * 0.05).max(0.4),
    };
    let (x0, x1) = (lo - pad, hi + pad);
    let top = chart
        .lines
        .iter()
        .flat_map(|l| l.points.iter())
        .flat_map(|(_, e)| [Some(e.mean), e.high])
        .flatten()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    // Headroom above the data for the markers' labels, one row each.
    let headroom = 1.15 + 0.06 * chart.markers.len() as f64;
    let ymax = if top > 0.0 { top * headroom } else { 1.0 };
    let clamp = |v: f64| v.clamp(0.0, ymax);

    let x_labels = match &chart.x_scale {
        XScale::Whole => ((hi - lo) as usize + 1).clamp(2, 16),
        XScale::Real => 10,
        XScale::Categories(c) => c.len().max(1),
    };
    let x_format = |v: &f64| match &chart.x_scale {
        XScale::Whole if v.fract().abs() < 1e-9 => tick(*v),
        XScale::Whole => String::new(),
        XScale::Real => tick(*v),
        XScale::Categories(c) => {
            let i = v.round();
            if (v - i).abs() < 1e-9 && i >= 0.0 {
                c.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        }
    };
    let y_format = |v: &f64| tick(*v);
    let mut cc = ChartBuilder::on(&plot)
        .margin(20)
        .x_label_area_size(110)
        .y_label_area_size(150)
        .build_cartesian_2d(x0..x1, 0.0..ymax)?;
    st.mesh(&mut cc.configure_mesh())
        .x_desc(chart.x_desc.as_str())
        .y_desc(chart.y_desc.as_str())
        .x_labels(x_labels)
        .y_labels(8)
        .x_label_formatter(&x_format)
        .y_label_formatter(&y_format)
        .draw()?;

    let multi = chart.lines.len() > 1;
    // The colour of line i (its palette index; blue when it is the only line).
    let line_colour = |i: usize| {
        if multi {
            st.colour(chart.lines.get(i).map_or(i, |l| l.colour))
        } else {
            st.colour(3)
        }
    };
    // Bands first, so that lines and markers sit on top of every band.
    // Which kinds of interval were drawn, for the legend: shaded bands, whiskers.
    let (mut any_band, mut any_whisker) = (false, false);
    for (i, line) in chart.lines.iter().enumerate() {
        let band: Vec<(f64, f64, f64)> = line
            .points
            .iter()
            .filter_map(|(x, e)| match (e.low, e.high) {
                (Some(l), Some(h)) if l.is_finite() && h.is_finite() => {
                    Some((*x, clamp(l), clamp(h)))
                }
                _ => None,
            })
            .collect();
        let fill = line_colour(i).mix(0.22);
        if band.len() >= 2 {
            any_band = true;
            let outline: Vec<(f64, f64)> = band
                .iter()
                .map(|b| (b.0, b.2))
                .chain(band.iter().rev().map(|b| (b.0, b.1)))
                .collect();
            cc.draw_series(std::iter::once(Polygon::new(outline, fill.filled())))?;
        } else if let Some(&(x, l, h)) = band.first() {
            // One point: the interval as a whisker.
            any_whisker = true;
            let c = line_colour(i);
            let cap = (x1 - x0) * 0.01;
            cc.draw_series(std::iter::once(PathElement::new(
                vec![(x, l), (x, h)],
                c.stroke_width(4),
            )))?;
            for y in [l, h] {
                cc.draw_series(std::iter::once(PathElement::new(
                    vec![(x - cap, y), (x + cap, y)],
                    c.stroke_width(4),
                )))?;
            }
        }
    }
    for (k, m) in chart.markers.iter().enumerate() {
        let c = m.line.map_or(st.fg, line_colour);
        cc.draw_series(DashedLineSeries::new(
            [(m.x, 0.0), (m.x, ymax)],
            16,
            10,
            c.stroke_width(3),
        ))?;
        // Right of its line, or left of it in the right third, where the label would run
        // into the legend column.
        let left = m.x > x0 + (x1 - x0) * 0.67;
        let (dx, h) = if left {
            (-12, HPos::Right)
        } else {
            (12, HPos::Left)
        };
        let text = st.label().color(&c).pos(Pos::new(h, VPos::Top));
        cc.draw_series(std::iter::once(
            EmptyElement::at((m.x, ymax))
                + Text::new(m.label.clone(), (dx, 10 + 36 * k as i32), text),
        ))?;
    }
    for (i, line) in chart.lines.iter().enumerate() {
        let c = line_colour(i);
        let pts: Vec<(f64, f64)> = line
            .points
            .iter()
            .filter(|(_, e)| e.mean.is_finite())
            .map(|(x, e)| (*x, clamp(e.mean)))
            .collect();
        if line.dashed {
            cc.draw_series(DashedLineSeries::new(
                pts.iter().copied(),
                22,
                12,
                c.stroke_width(5),
            ))?;
        } else {
            cc.draw_series(LineSeries::new(pts.iter().copied(), c.stroke_width(5)))?;
        }
        cc.draw_series(pts.iter().map(|p| Circle::new(*p, 11, st.bg.filled())))?;
        cc.draw_series(pts.iter().map(|p| Circle::new(*p, 8, c.filled())))?;
    }

    // The legend column: a swatch per line, then the key to the band and the markers.
    let label = st.label();
    let mut y = 60;
    let row = 52;
    for (i, line) in chart.lines.iter().enumerate() {
        let c = line_colour(i);
        if line.dashed {
            for (a, b) in [(24, 40), (50, 66), (76, 84)] {
                legend.draw(&PathElement::new(vec![(a, y), (b, y)], c.stroke_width(5)))?;
            }
        } else {
            legend.draw(&PathElement::new(vec![(24, y), (84, y)], c.stroke_width(5)))?;
        }
        legend.draw(&Circle::new((54, y), 11, st.bg.filled()))?;
        legend.draw(&Circle::new((54, y), 8, c.filled()))?;
        legend.draw_text(&line.label, &label, (104, y - 16))?;
        y += row;
    }
    y += row / 2;
    let key = |legend: &DrawingArea<DB, Shift>, lines: &[&str], y: &mut i32| -> DrawResult {
        for (j, l) in lines.iter().enumerate() {
            legend.draw_text(l, &label, (104, *y - 16 + j as i32 * 34))?;
        }
        *y += row + (lines.len() as i32 - 1) * 34;
        Ok(())
    };
    if any_band {
        let shade = if multi {
            st.fg.mix(0.22)
        } else {
            line_colour(0).mix(0.22)
        };
        legend.draw(&Rectangle::new(
            [(24, y - 18), (84, y + 18)],
            shade.filled(),
        ))?;
        key(&legend, &["95% confidence", "interval (shaded)"], &mut y)?;
    }
    if any_whisker {
        let c = if multi { st.fg } else { line_colour(0) };
        legend.draw(&PathElement::new(
            vec![(54, y - 18), (54, y + 18)],
            c.stroke_width(4),
        ))?;
        for yy in [y - 18, y + 18] {
            legend.draw(&PathElement::new(
                vec![(46, yy), (62, yy)],
                c.stroke_width(4),
            ))?;
        }
        key(&legend, &["95% confidence", "interval (bar)"], &mut y)?;
    }
    if multi {
        let reps = format!(
            "{} replication{}",
            chart.replications,
            if chart.replications == 1 { "" } else { "s" }
        );
        legend.draw(&Circle::new((54, y), 11, st.bg.filled()))?;
        legend.draw(&Circle::new((54, y), 8, st.fg.filled()))?;
        key(&legend, &["a point: mean of", &reps], &mut y)?;
    }
    if !chart.markers.is_empty() {
        legend.draw(&PathElement::new(
            vec![(24, y), (40, y)],
            st.fg.stroke_width(3),
        ))?;
        legend.draw(&PathElement::new(
            vec![(52, y), (68, y)],
            st.fg.stroke_width(3),
        ))?;
        legend.draw(&PathElement::new(
            vec![(80, y), (84, y)],
            st.fg.stroke_width(3),
        ))?;
        key(
            &legend,
            &["preparers beyond the", "partitions add nothing"],
            &mut y,
        )?;
    }
    Ok(())
}
