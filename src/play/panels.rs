//! The talk's panels: a log per till, per preparer and for the cook, in the talk's words
//! (`Order 17 cod & chips`, `Order ready 17 ...`, `COOK 17 ...`, `Cooking ...`, `Cooked ...`,
//! `Order 17 available`), each line stamped with its simulated time.
//!
//! A line belongs to an order and says where that order is now, as the talk's Food Preparer
//! changed its line when an order went to the cook. Lines are made from the orders' records
//! (the rows of orders.csv), so the same simulated time always gives the same lines.

use std::fmt::Write;

use crate::engine::SimTime;
use crate::model::{Item, Order, OrderRecord};

/// Whose log a panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// One till (from 1).
    Till(u32),
    /// Every till, with a till column.
    Tills,
    /// One preparer (from 1).
    Preparer(u32),
    /// Every preparer, with a preparer column.
    Preparers,
    /// The cook.
    Cook,
}

/// One line of a panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// When it was first written.
    pub at: SimTime,
    /// Its text, the time not included.
    pub text: String,
    /// Whether it is the end of the order's story in this panel (drawn dimmer).
    pub done: bool,
}

/// `cod & chips, 2x large chips`.
pub fn items(order: &Order) -> String {
    let mut out = String::new();
    for (i, l) in order.lines().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if l.count != 1 {
            let _ = write!(out, "{}x ", l.count);
        }
        out.push_str(match l.item {
            Item::CodAndChips => "cod & chips",
            Item::PlaiceAndChips => "plaice & chips",
            Item::Chips => "chips",
            Item::LargeChips => "large chips",
            Item::Pie => "pie",
        });
    }
    out
}

/// `01:02.3`: minutes, seconds and tenths of simulated time.
pub fn clock(t: SimTime) -> String {
    let tenths = t.as_nanos() / 100_000_000;
    let (m, rest) = (tenths / 600, tenths % 600);
    format!("{m:02}:{:02}.{}", rest / 10, rest % 10)
}

/// The line `record` puts in `panel`, if any.
fn line_of(panel: Panel, r: &OrderRecord) -> Option<LogLine> {
    let o = &r.order;
    let id = o.id;
    match panel {
        Panel::Till(t) if o.till != t => None,
        Panel::Till(_) | Panel::Tills => {
            let column = match panel {
                Panel::Tills => format!("T{} ", o.till),
                _ => String::new(),
            };
            Some(LogLine {
                at: r.placed,
                text: format!("{column}Order {id} {}", items(o)),
                done: r.ready.is_some(),
            })
        }
        Panel::Preparer(p) if r.preparer != Some(p) => None,
        Panel::Preparer(_) | Panel::Preparers => {
            let column = match (panel, r.preparer) {
                (Panel::Preparers, Some(p)) => format!("P{p} "),
                _ => String::new(),
            };
            let text = if r.ready.is_some() {
                format!("Order ready {id} {}", items(o))
            } else if r.fry_start.is_some() || r.cooked.is_some() {
                format!("COOK {id} {}", items(o))
            } else {
                format!("Preparing {id} {}", items(o))
            };
            Some(LogLine {
                at: r.started?,
                text: format!("{column}{text}"),
                done: r.ready.is_some(),
            })
        }
        Panel::Cook => {
            let at = r.fry_start.or(r.cooked)?;
            let text = if r.ready.is_some() {
                format!("Order {id} available")
            } else if r.cooked.is_some() {
                format!("Cooked {id} {}", items(o))
            } else {
                format!("Cooking {id} {}", items(o))
            };
            Some(LogLine {
                at,
                text,
                done: r.ready.is_some(),
            })
        }
    }
}

/// The last `rows` lines of `panel` among `records`, oldest first (ties by order id).
pub fn panel_lines<'r>(
    panel: Panel,
    records: impl Iterator<Item = &'r OrderRecord>,
    rows: usize,
) -> Vec<LogLine> {
    let mut lines: Vec<(SimTime, u64, LogLine)> = records
        .filter_map(|r| line_of(panel, r).map(|l| (l.at, r.order.id, l)))
        .collect();
    lines.sort_by_key(|(at, id, _)| (*at, *id));
    let skip = lines.len().saturating_sub(rows);
    lines.into_iter().skip(skip).map(|(_, _, l)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SimDuration;

    #[test]
    fn clock_shows_minutes_seconds_and_tenths() {
        let t = SimTime::ZERO + SimDuration::from_millis(62_345);
        assert_eq!(clock(t), "01:02.3");
        assert_eq!(clock(SimTime::ZERO), "00:00.0");
    }
}
