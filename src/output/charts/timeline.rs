//! Order timeline: a row per preparer and per cook's basket, a bar per order (making it up, or
//! frying for it), coloured by item.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::{OrderRow, RunData, item_name};
use super::style::{FONT, Style};

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

/// For each order, the cook's basket lane and the span it fried in, if the cook fried for it:
/// each fry takes the first lane free at its start, so lanes never hold overlapping fries.
fn fry_lanes(orders: &[&OrderRow]) -> Vec<Option<(usize, f64, f64)>> {
    let mut by_start: Vec<(usize, f64, f64)> = orders
        .iter()
        .enumerate()
        .filter_map(|(i, o)| Some((i, o.fry_start?, o.cooked?)))
        .collect();
    by_start.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut lane_ends: Vec<f64> = Vec::new();
    let mut out = vec![None; orders.len()];
    for (i, from, to) in by_start {
        let lane = match lane_ends.iter().position(|&end| end <= from) {
            Some(l) => l,
            None => {
                lane_ends.push(to);
                lane_ends.len() - 1
            }
        };
        lane_ends[lane] = to;
        out[i] = Some((lane, from, to));
    }
    out
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
    let lanes = fry_lanes(&orders);
    let baskets = lanes.iter().flatten().map(|l| l.0 + 1).max().unwrap_or(0);
    let rows = (preps.len() + baskets).max(1) as f64;
    let t0 = orders.iter().map(|o| o.placed).fold(f64::MAX, f64::min);
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
    st.mesh(&mut chart.configure_mesh())
        .x_desc("time since opening (s)")
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_labels(0)
        .disable_y_mesh()
        .draw()?;
    // Bars: (row, from, to, item, order id); preparers first, then the cook's baskets.
    let mut bars: Vec<(usize, f64, f64, usize, u64)> = Vec::new();
    for o in &orders {
        let (Some(p), Some(r)) = (o.preparer, o.ready) else {
            continue;
        };
        let row = preps.iter().position(|&q| q == p).unwrap_or(0);
        let from = o.make_start.or(o.started).unwrap_or(r);
        bars.push((row, from, r, o.main_item, o.id));
    }
    for (o, (lane, from, to)) in orders
        .iter()
        .zip(&lanes)
        .filter_map(|(o, l)| l.map(|l| (o, l)))
    {
        bars.push((preps.len() + lane, from, to, o.main_item, o.id));
    }
    let mut names: Vec<String> = preps.iter().map(|p| format!("preparer {p}")).collect();
    names.extend((1..=baskets).map(|b| {
        if baskets == 1 {
            "cook (frying)".to_string()
        } else {
            format!("cook, fries ({b})")
        }
    }));
    for (row, name) in names.iter().enumerate() {
        chart.draw_series(std::iter::once(Text::new(
            name.clone(),
            (t0, rows - row as f64 - 0.05),
            st.label(),
        )))?;
    }
    let mut seen = [false; 5];
    let id_style = (FONT, 24).into_font().color(&BLACK);
    for &(row, from, to, item, id) in &bars {
        let y0 = rows - row as f64 - 0.85;
        let y1 = rows - row as f64 - 0.35;
        let c = st.colour(item);
        let series = chart.draw_series(std::iter::once(Rectangle::new(
            [(from, y0), (to, y1)],
            c.filled(),
        )))?;
        if item < seen.len() && !seen[item] {
            seen[item] = true;
            series
                .label(item_name(item).replace('_', " "))
                .legend(move |(x, y)| Rectangle::new([(x, y - 10), (x + 20, y + 10)], c.filled()));
        }
        chart.draw_series(std::iter::once(Rectangle::new(
            [(from, y0), (to, y1)],
            st.bg.stroke_width(1),
        )))?;
        // The order's number where it fits, so that out-of-sequence finishing reads at a glance.
        let text = id.to_string();
        let (px0, py0) = chart.backend_coord(&(from, y0));
        let (px1, py1) = chart.backend_coord(&(to, y1));
        let (width, height) = root.estimate_text_size(&text, &id_style)?;
        let (width, height) = (width as i32, height as i32);
        if px1 - px0 >= width + 6 {
            root.draw_text(
                &text,
                &id_style,
                ((px0 + px1 - width) / 2, (py0 + py1 - height) / 2),
            )?;
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
