//! Orders waiting to be read, summed by the preparer that owns their partition: the picture of
//! one preparer with two partitions falling behind while another keeps up.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::RunData;
use super::key::{self, Swatch};
use super::owners::{owner_at, ownership};
use super::spans::{draw_crashes, draw_rebalances, fault_key, rebalance_key};
use super::style::Style;
use super::thin::thin;
use super::window::clip;

/// Each preparer's waiting orders at each sample: the unread records of the partitions it
/// owned then (owner 0: no one), by preparer number.
pub(super) fn by_preparer(data: &RunData) -> BTreeMap<u64, Vec<(f64, f64)>> {
    let owners = ownership(data);
    let mut sums: BTreeMap<u64, BTreeMap<u64, f64>> = BTreeMap::new();
    for (name, points) in data.series_by("unread:") {
        let Some(stretches) = name
            .rsplit_once('-')
            .and_then(|(_, n)| n.parse::<u64>().ok())
            .and_then(|p| owners.get(&p))
        else {
            continue;
        };
        for (t, v) in clip(&points, data.start(), data.end()) {
            let owner = owner_at(stretches, t);
            // Every preparer gets a point at every sample, so that its line drops to zero
            // when it owns nothing.
            for p in data.preparers.iter().map(|p| p.id).chain([owner]) {
                *sums.entry(p).or_default().entry(t.to_bits()).or_default() +=
                    if p == owner { v } else { 0.0 };
            }
        }
    }
    sums.into_iter()
        .map(|(p, pts)| {
            let line = pts
                .into_iter()
                .map(|(b, v)| (f64::from_bits(b), v))
                .collect();
            (p, line)
        })
        .collect()
}

/// Whether the chart means something: more than one preparer, and ownership recorded.
pub(super) fn worth_drawing(data: &RunData) -> bool {
    data.preparers.len() > 1 && !ownership(data).is_empty() && !data.series_by("unread:").is_empty()
}

/// The `orders` partitions a preparer owned at the end, for its name in the key.
fn owned(data: &RunData, id: u64) -> String {
    let parts: Vec<&str> = data
        .preparers
        .iter()
        .filter(|p| p.id == id)
        .flat_map(|p| p.partitions.iter())
        .filter(|n| n.starts_with("orders-"))
        .map(String::as_str)
        .collect();
    match parts.len() {
        0 => "none".to_string(),
        1..=3 => parts.join(", "),
        n => format!("{n} partitions"),
    }
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
    let lines = by_preparer(data);
    let (start, end) = (data.start(), data.end());
    let peak = |pts: &[(f64, f64)]| pts.iter().map(|p| p.1).fold(0.0, f64::max);
    let ymax = lines.values().map(|l| peak(l)).fold(1.0, f64::max) * 1.35;
    // The title names the preparer that fell furthest behind and what it owned.
    let worst = lines
        .iter()
        .filter(|(p, _)| **p != 0)
        .max_by(|a, b| peak(a.1).total_cmp(&peak(b.1)).then(b.0.cmp(a.0)));
    let title = match worst {
        Some((p, l)) if peak(l) >= 10.0 => format!(
            "Preparer {p} ({}) falls behind: up to {:.0} orders wait",
            owned(data, *p),
            peak(l)
        ),
        _ => "Orders waiting to be read, by the preparer that owns them".to_string(),
    };
    let (plot, key) = key::split(root);
    let mut chart = st
        .builder(&plot, &title, 150)
        .build_cartesian_2d(start..end, 0.0..ymax)?;
    st.time_axes(&mut chart, "orders waiting to be read")?;
    let spans = draw_rebalances(root, &mut chart, st, data, (0.0, ymax), true)?;
    draw_crashes(&mut chart, st, data, (0.0, ymax))?;
    let mut entries = Vec::new();
    for (p, line) in &lines {
        let (name, c) = if *p == 0 {
            ("no owner".to_string(), st.grid)
        } else {
            (
                format!("preparer {p}\n{}", owned(data, *p)),
                st.colour(*p as usize - 1),
            )
        };
        if *p == 0 && peak(line) == 0.0 {
            continue;
        }
        chart.draw_series(LineSeries::new(thin(line), c.stroke_width(5)))?;
        entries.push((name, Swatch::Line(c, 6)));
    }
    if spans {
        entries.extend(rebalance_key(st, data));
    }
    entries.extend(fault_key(st, data));
    key::draw(&key, st, &entries)?;
    Ok(())
}
