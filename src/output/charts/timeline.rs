//! Order timeline: a row per preparer and per cook's basket, a bar per order (making it up, or
//! frying for it), coloured so that plaice (fried to order) and web orders stand out, over a
//! time window: the run's window, or the first minute in which the cook fried.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::{OrderRow, RunData};
use super::key::{self, Swatch};
use super::style::{FONT, Style, tick};

/// The span of the default window, in seconds.
const SPAN_S: f64 = 60.0;

/// What an order is, for its colour: the kinds a slide needs to tell apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum OrderKind {
    /// Neither plaice nor web.
    Counter,
    /// Has plaice in it: the cook fries it to order.
    Plaice,
    /// Ordered on the web.
    Web,
}

impl OrderKind {
    /// Its name in a key.
    pub(super) fn name(self) -> &'static str {
        match self {
            OrderKind::Counter => "other orders",
            OrderKind::Plaice => "plaice: fried to order",
            OrderKind::Web => "web order",
        }
    }

    /// Its colour: blue for the many, vermillion and purple for the few that matter.
    pub(super) fn colour(self, st: &Style) -> RGBColor {
        match self {
            OrderKind::Counter => st.colour(1),
            OrderKind::Plaice => st.colour(4),
            OrderKind::Web => st.colour(5),
        }
    }
}

/// The order's kind: web first (a web order with plaice is still the web's), then plaice.
pub(super) fn order_kind(data: &RunData, o: &OrderRow) -> OrderKind {
    if Some(o.till) == data.settings.web_till {
        OrderKind::Web
    } else if o.plaice {
        OrderKind::Plaice
    } else {
        OrderKind::Counter
    }
}

/// The window the timeline shows: the run's window, else the minute from the first order the
/// cook fried for (a little before it, so the rows start busy), else the first minute.
pub(super) fn timeline_window(data: &RunData) -> (f64, f64) {
    if let Some(w) = data.window {
        return w;
    }
    let first_fry = data
        .orders
        .iter()
        .filter_map(|o| o.fry_start.map(|_| o.placed))
        .fold(f64::MAX, f64::min);
    let first = data
        .orders
        .iter()
        .map(|o| o.placed)
        .fold(f64::MAX, f64::min);
    let at = if first_fry < f64::MAX {
        first_fry - 5.0
    } else {
        first
    };
    let at = if at < f64::MAX {
        at.max(0.0).floor()
    } else {
        0.0
    };
    (at, at + SPAN_S)
}

/// The orders shown: placed in the window and made up by a preparer, at most `n`, by time
/// placed.
pub(super) fn first_orders(data: &RunData, n: usize) -> Vec<&OrderRow> {
    let (from, to) = timeline_window(data);
    let mut v: Vec<&OrderRow> = data
        .orders
        .iter()
        .filter(|o| o.started.is_some() && o.ready.is_some() && o.preparer.is_some())
        .filter(|o| o.placed >= from && o.placed <= to)
        .collect();
    v.sort_by(|a, b| a.placed.total_cmp(&b.placed).then(a.id.cmp(&b.id)));
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
    let (t0, t1) = timeline_window(data);
    let out_of_sequence = orders
        .iter()
        .filter(|o| {
            orders
                .iter()
                .any(|e| e.placed < o.placed && e.ready > o.ready && e.till == o.till)
        })
        .count();
    let title = if out_of_sequence > 0 {
        format!(
            "{} orders from {t0:.0} s: {out_of_sequence} finish before an earlier one from their till",
            orders.len()
        )
    } else {
        format!(
            "Who made up {} orders from {t0:.0} s, and when",
            orders.len()
        )
    };
    let (plot, key) = key::split(root);
    let mut chart = st
        .builder(&plot, &title, 40)
        .build_cartesian_2d(t0..t1, 0.0..rows)?;
    st.mesh(&mut chart.configure_mesh())
        .x_desc("time since opening (s)")
        .x_label_formatter(&tick)
        .y_labels(0)
        .disable_y_mesh()
        .draw()?;
    // Bars: (row, from, to, item, order id); preparers first, then the cook's baskets.
    let mut bars: Vec<(usize, f64, f64, OrderKind, u64)> = Vec::new();
    for o in &orders {
        let (Some(p), Some(r)) = (o.preparer, o.ready) else {
            continue;
        };
        let row = preps.iter().position(|&q| q == p).unwrap_or(0);
        let from = o.make_start.or(o.started).unwrap_or(r);
        bars.push((row, from, r, order_kind(data, o), o.id));
    }
    for (o, (lane, from, to)) in orders
        .iter()
        .zip(&lanes)
        .filter_map(|(o, l)| l.map(|l| (o, l)))
    {
        bars.push((preps.len() + lane, from, to, order_kind(data, o), o.id));
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
    let mut seen: Vec<OrderKind> = Vec::new();
    let id_style = (FONT, 24).into_font().color(&BLACK);
    for &(row, from, to, kind, id) in &bars {
        // Nothing outside the window is drawn: a bar that crosses its end is cut there.
        let (from, to) = (from.max(t0), to.min(t1));
        if to <= from {
            continue;
        }
        let y0 = rows - row as f64 - 0.85;
        let y1 = rows - row as f64 - 0.35;
        let c = kind.colour(st);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(from, y0), (to, y1)],
            c.filled(),
        )))?;
        if !seen.contains(&kind) {
            seen.push(kind);
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
    seen.sort();
    let entries: Vec<(String, Swatch)> = seen
        .iter()
        .map(|k| (k.name().to_string(), Swatch::Block(k.colour(st).mix(1.0))))
        .collect();
    key::draw(&key, st, &entries)?;
    Ok(())
}
