//! Web orders from made to collected: each web order a dot at the time it was ready, as high as
//! the minutes its food waited for the customer; no-shows (food made for no one) crossed along
//! the top; the median wait dashed.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::RunData;
use super::key::{self, Swatch};
use super::style::{Style, tick};
use super::timeline::OrderKind;

/// Most marks drawn of each kind; beyond, every k-th in ready order (the counts stay whole).
const MAX_MARKS: usize = 3000;

/// The web orders made inside the chart's time range: when each was ready, in seconds, the
/// seconds until its customer collected it (none for a no-show) and its price in pence, in
/// orders.csv's order.
pub(super) fn web_orders(data: &RunData) -> Vec<(f64, Option<f64>, u64)> {
    let Some(web) = data.settings.web_till else {
        return Vec::new();
    };
    let (start, end) = (data.start(), data.end());
    data.orders
        .iter()
        .filter(|o| o.till == web)
        .filter_map(|o| {
            let ready = o.ready?;
            let gap = o.collected.map(|c| c - ready);
            (ready >= start && ready <= end).then_some((ready, gap, o.price_pence))
        })
        .collect()
}

/// Every `k`-th of `items`, so that at most [`MAX_MARKS`] are drawn.
fn at_most<T: Copy>(items: &[T]) -> impl Iterator<Item = T> + '_ {
    let k = items.len().div_ceil(MAX_MARKS).max(1);
    items.iter().copied().step_by(k)
}

/// The median of sorted `xs` (the lower middle, as a nearest rank).
fn median(xs: &[f64]) -> Option<f64> {
    xs.get(xs.len().saturating_sub(1) / 2).copied()
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
    let orders = web_orders(data);
    let collected: Vec<(f64, f64)> = orders
        .iter()
        .filter_map(|&(t, gap, _)| Some((t, gap? / 60.0)))
        .collect();
    let no_shows: Vec<f64> = orders
        .iter()
        .filter(|o| o.1.is_none())
        .map(|o| o.0)
        .collect();
    let mut gaps: Vec<f64> = collected.iter().map(|c| c.1).collect();
    gaps.sort_by(f64::total_cmp);
    let most = gaps.last().copied().unwrap_or(1.0).max(1.0);
    // A row above the dots holds the no-shows.
    let no_show_row = most * 1.12;
    let top = most * 1.25;
    let title = match median(&gaps) {
        Some(m) => format!(
            "Web orders wait {m:.1} min (median) to be collected; {}",
            match no_shows.len() {
                0 => "every one is".to_string(),
                1 => "1 never is".to_string(),
                n => format!("{n} never are"),
            }
        ),
        None => format!("Web orders made for no one: {}", no_shows.len()),
    };
    let (plot, key) = key::split(root);
    let mut chart = st
        .builder(&plot, &title, 150)
        .build_cartesian_2d(start..end, 0.0..top)?;
    st.note_time_plot(&chart);
    st.mesh(&mut chart.configure_mesh())
        .x_desc("made (ready), time since opening (s)")
        .y_desc("made to collected (min)")
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .draw()?;
    let web = OrderKind::Web.colour(st);
    chart.draw_series(at_most(&collected).map(|p| Circle::new(p, 5, web.mix(0.7).filled())))?;
    let cross = st.colour(4);
    chart.draw_series(
        at_most(&no_shows).map(|t| Cross::new((t, no_show_row), 9, cross.stroke_width(3))),
    )?;
    let (x, y) = chart.backend_coord(&(start, no_show_row));
    root.draw_text("never collected", &st.label(), (x + 12, y - 46))?;
    let mut entries = vec![(format!("web order ({})", collected.len()), Swatch::Dot(web))];
    if let Some(m) = median(&gaps) {
        chart.draw_series(DashedLineSeries::new(
            [(start, m), (end, m)],
            14,
            10,
            st.fg.mix(0.8).stroke_width(3),
        ))?;
        entries.push((format!("median {m:.1} min"), Swatch::Dashed(st.fg)));
    }
    let wasted: u64 = orders.iter().filter(|o| o.1.is_none()).map(|o| o.2).sum();
    entries.push((
        format!(
            "no-show ({}):\nfood for no one,\n£{:.2}",
            no_shows.len(),
            wasted as f64 / 100.0
        ),
        Swatch::Cross(cross),
    ));
    key::draw(&key, st, &entries)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_is_the_lower_middle() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[1.0, 2.0, 3.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 3.0, 4.0]), Some(2.0));
    }

    #[test]
    fn marks_are_thinned_to_at_most_the_limit() {
        let many: Vec<usize> = (0..10_000).collect();
        assert!(at_most(&many).count() <= MAX_MARKS);
        assert_eq!(at_most(&many[..5]).count(), 5);
    }
}
