//! Preparer utilisation: a bar per preparer split into busy, paused by rebalance, idle and
//! away, labelled with the partitions it owned at the end.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::{PreparerRow, RunData};
use super::style::{PALETTE, Style};

/// The parts of a bar, in drawing order.
const PARTS: [&str; 4] = ["busy", "paused by rebalance", "idle", "not in the group"];

/// Bars drawn at most; beyond, the last bar is the mean of the rest, and says so.
const MAX_BARS: usize = 24;

/// Partition names a label lists before it says how many more.
const MAX_NAMES: usize = 6;

/// The bars to draw: a label and the shares, one per preparer, or for many preparers the
/// first `MAX_BARS - 1` and the mean of the others.
fn bars(data: &RunData) -> Vec<(String, [f64; 4])> {
    let label = |p: &PreparerRow| {
        let parts = match p.partitions.len() {
            0 => "no partitions".to_string(),
            n if n <= MAX_NAMES => p.partitions.join(", "),
            n => format!(
                "{} and {} more",
                p.partitions[..MAX_NAMES - 1].join(", "),
                n - (MAX_NAMES - 1)
            ),
        };
        let mut label = format!("preparer {}: {:.0}% busy", p.id, p.busy_fraction * 100.0);
        if p.paused_fraction >= 0.0005 {
            label.push_str(&format!(", {:.1}% paused", p.paused_fraction * 100.0));
        }
        label.push_str(&format!(" · owns {parts}"));
        label
    };
    let ps = &data.preparers;
    if ps.len() <= MAX_BARS {
        return ps.iter().map(|p| (label(p), shares(p))).collect();
    }
    let (shown, rest) = ps.split_at(MAX_BARS - 1);
    let mut bars: Vec<(String, [f64; 4])> = shown.iter().map(|p| (label(p), shares(p))).collect();
    let mut mean = [0.0; 4];
    for p in rest {
        for (m, s) in mean.iter_mut().zip(shares(p)) {
            *m += s / rest.len() as f64;
        }
    }
    bars.push((
        format!(
            "the other {} preparers ({} to {}), on average: {:.0}% busy",
            rest.len(),
            rest[0].id,
            rest[rest.len() - 1].id,
            mean[0] * 100.0
        ),
        mean,
    ));
    bars
}

/// A preparer's shares of the run, in the order of [`PARTS`].
fn shares(p: &PreparerRow) -> [f64; 4] {
    [
        p.busy_fraction,
        p.paused_fraction,
        p.idle_fraction,
        p.away_fraction,
    ]
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
    let colours = [
        PALETTE[3].mix(1.0),
        PALETTE[4].mix(1.0),
        PALETTE[1].mix(0.35),
        st.grid.mix(1.0),
    ];
    let bars = bars(data);
    let n = bars.len() as f64;
    // One row more than there are preparers, at the top, holds the key, clear of the bars.
    let rows = n + 1.0;
    let mut chart = ChartBuilder::on(root)
        .caption("Where each preparer's time went", st.title())
        .margin(40)
        .x_label_area_size(110)
        .y_label_area_size(40)
        .build_cartesian_2d(0.0..100.0, 0.0..rows)?;
    st.mesh(&mut chart.configure_mesh())
        .x_desc("share of the run (%)")
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_labels(0)
        .disable_y_mesh()
        .draw()?;
    // The key, in pixels so that it keeps its size whatever the number of rows.
    for (k, (name, colour)) in PARTS.iter().zip(colours).enumerate() {
        let (x, y) = chart.backend_coord(&(k as f64 * 25.0, rows - 0.5));
        root.draw(&Rectangle::new(
            [(x, y - 16), (x + 32, y + 16)],
            colour.filled(),
        ))?;
        root.draw(&Rectangle::new(
            [(x, y - 16), (x + 32, y + 16)],
            st.fg.stroke_width(1),
        ))?;
        root.draw_text(name, &st.label(), (x + 44, y - 16))?;
    }
    for (i, (label, shares)) in bars.into_iter().enumerate() {
        let y0 = n - i as f64 - 0.9;
        let y1 = n - i as f64 - 0.45;
        let mut from = 0.0;
        for (share, colour) in shares.iter().zip(colours) {
            let to = (from + share * 100.0).min(100.0);
            if to > from {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(from, y0), (to, y1)],
                    colour.filled(),
                )))?;
            }
            from = to;
        }
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y0), (from, y1)],
            st.fg.stroke_width(1),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            label,
            (0.5, n - i as f64 - 0.08),
            st.label(),
        )))?;
    }
    Ok(())
}
