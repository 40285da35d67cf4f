//! How an order flows: a row per till, per partition of `orders` and per preparer; each order
//! a dot at its till, a mark on its partition when it was appended, and a bar on the preparer
//! that made it up, joined by a line, over the first half minute (or the window).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::{OrderRow, RunData};
use super::key::{self, Swatch};
use super::style::{FONT, Style, tick};
use super::timeline::{OrderKind, order_kind};

/// Rows drawn at most (tills, partitions and preparers together): beyond, no flow chart.
const MAX_ROWS: usize = 15;

/// The span shown without a window, in seconds from the first order.
const SPAN_S: f64 = 30.0;

/// The orders shown and the time range: those placed in the window, or in the first
/// [`SPAN_S`] seconds from the first order, that a preparer made up.
fn shown(data: &RunData) -> (Vec<&OrderRow>, f64, f64) {
    let (from, to) = match data.window {
        Some(w) => w,
        None => {
            let first = data
                .orders
                .iter()
                .map(|o| o.placed)
                .fold(f64::MAX, f64::min);
            let first = if first == f64::MAX { 0.0 } else { first };
            (first.floor(), first.floor() + SPAN_S)
        }
    };
    let mut orders: Vec<&OrderRow> = data
        .orders
        .iter()
        .filter(|o| o.placed >= from && o.placed <= to)
        .filter(|o| o.preparer.is_some() && o.partition.is_some() && o.ready.is_some())
        .collect();
    orders.sort_by(|a, b| a.placed.total_cmp(&b.placed).then(a.id.cmp(&b.id)));
    (orders, from, to)
}

/// The rows: tills, partitions, preparers, each sorted, from the orders shown.
fn rows(orders: &[&OrderRow]) -> (Vec<u64>, Vec<u64>, Vec<u64>) {
    let sorted = |f: &dyn Fn(&OrderRow) -> Option<u64>| {
        let mut v: Vec<u64> = orders.iter().filter_map(|o| f(o)).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    (
        sorted(&|o| Some(o.till)),
        sorted(&|o| o.partition),
        sorted(&|o| o.preparer),
    )
}

/// Whether the chart means something: orders to show, on few enough rows to read.
pub(super) fn worth_drawing(data: &RunData) -> bool {
    let (orders, _, _) = shown(data);
    let (t, p, r) = rows(&orders);
    !orders.is_empty() && t.len() + p.len() + r.len() <= MAX_ROWS
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
    let (orders, from, to) = shown(data);
    let (tills, parts, preps) = rows(&orders);
    let n = (tills.len() + parts.len() + preps.len()).max(1) as f64;
    // Row r's centre, from the top.
    let y = |r: usize| n - r as f64 - 0.5;
    let till_row = |t: u64| tills.iter().position(|&x| x == t).unwrap_or(0);
    let part_row = |p: u64| tills.len() + parts.iter().position(|&x| x == p).unwrap_or(0);
    let prep_row =
        |p: u64| tills.len() + parts.len() + preps.iter().position(|&x| x == p).unwrap_or(0);
    let (plot, key) = key::split(root);
    let title = format!(
        "How an order flows: till → orders topic → preparer ({} orders)",
        orders.len()
    );
    let mut chart = st
        .builder(&plot, &title, 40)
        .build_cartesian_2d(from..to, 0.0..n)?;
    st.mesh(&mut chart.configure_mesh())
        .x_desc("time since opening (s)")
        .x_label_formatter(&tick)
        .y_labels(0)
        .disable_y_mesh()
        .draw()?;
    let mut names: Vec<String> = tills
        .iter()
        .map(|t| {
            if Some(*t) == data.settings.web_till {
                "web orders".to_string()
            } else {
                format!("till {t}")
            }
        })
        .collect();
    names.extend(parts.iter().map(|p| format!("orders-{p} (topic)")));
    names.extend(preps.iter().map(|p| format!("preparer {p}")));
    for (r, name) in names.iter().enumerate() {
        chart.draw_series(std::iter::once(Text::new(
            name.clone(),
            (from, y(r) + 0.45),
            st.label(),
        )))?;
    }
    let id_style = (FONT, 22).into_font().color(&st.fg);
    let mut last_label = i32::MIN;
    let mut kinds: Vec<OrderKind> = Vec::new();
    for o in &orders {
        let (Some(part), Some(prep), Some(ready)) = (o.partition, o.preparer, o.ready) else {
            continue;
        };
        let kind = order_kind(data, o);
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
        let c = kind.colour(st);
        let start = o.make_start.or(o.started).unwrap_or(ready).min(to);
        let (yt, yp, yr) = (y(till_row(o.till)), y(part_row(part)), y(prep_row(prep)));
        let read = o.started.unwrap_or(start).min(to);
        chart.draw_series(LineSeries::new(
            [(o.placed, yt), (o.placed, yp), (read, yr + 0.25)],
            c.stroke_width(2),
        ))?;
        chart.draw_series(std::iter::once(Circle::new((o.placed, yt), 9, c.filled())))?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(o.placed, yp - 0.18), (o.placed, yp + 0.18)],
            c.stroke_width(6),
        )))?;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(start, yr - 0.25), (ready.min(to), yr + 0.25)],
            c.filled(),
        )))?;
        // The order's number above its dot, where it does not touch the last one.
        let text = o.id.to_string();
        let (px, py) = chart.backend_coord(&(o.placed, yt));
        let (w, _) = root.estimate_text_size(&text, &id_style)?;
        if px - w as i32 / 2 > last_label + 8 {
            root.draw_text(&text, &id_style, (px - w as i32 / 2, py - 40))?;
            last_label = px + w as i32 / 2;
        }
    }
    kinds.sort();
    let entries: Vec<(String, Swatch)> = kinds
        .iter()
        .map(|k| (k.name().to_string(), Swatch::Block(k.colour(st).mix(1.0))))
        .collect();
    key::draw(&key, st, &entries)?;
    Ok(())
}
