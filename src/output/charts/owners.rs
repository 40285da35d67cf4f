//! Who owns each partition over time: a row per `orders` partition, coloured by the preparer
//! that owns it (faded while its process has crashed), a gap while no one does, rebalances
//! shaded; and the same ownership read back for the charts that split lag by preparer.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::data::RunData;
use super::key::{self, Swatch};
use super::spans::{
    crashes, draw_crashes, draw_duplicates, draw_rebalances, fault_key, rebalance_key,
};
use super::style::{FONT, Style, tick};

/// Rows drawn at most; a run with more partitions draws no ownership chart (a row would be a
/// few pixels high).
pub(super) const MAX_ROWS: usize = 32;

/// One partition's ownership: from, to and the preparer (0 while no one owns it), in time
/// order, covering the chart's time range.
pub(super) type Stretches = Vec<(f64, f64, u64)>;

/// Each `orders` partition's owners over the chart's time range, from series.csv's
/// `owner:orders-P`, by partition number.
pub(super) fn ownership(data: &RunData) -> BTreeMap<u64, Stretches> {
    let (start, end) = (data.start(), data.end());
    let mut out: BTreeMap<u64, Stretches> = BTreeMap::new();
    for (name, changes) in data.series_by("owner:") {
        let Some(p) = name
            .rsplit_once('-')
            .and_then(|(_, n)| n.parse::<u64>().ok())
        else {
            continue;
        };
        let mut stretches: Stretches = Vec::new();
        let mut from = start;
        let mut owner = 0u64;
        for (t, v) in changes {
            let t = t.clamp(start, end);
            if t > from {
                stretches.push((from, t, owner));
            }
            from = from.max(t);
            // Owners are preparer numbers, written as whole numbers.
            owner = v.max(0.0) as u64;
        }
        if end > from {
            stretches.push((from, end, owner));
        }
        out.insert(p, stretches);
    }
    out
}

/// The owner of a partition at `t`, from its stretches.
pub(super) fn owner_at(stretches: &Stretches, t: f64) -> u64 {
    let i = stretches.partition_point(|s| s.1 <= t);
    stretches.get(i).map_or(0, |s| s.2)
}

/// When each preparer's crashed process held on to its partitions: from each `crash:P` to its
/// `restart:P` (or the chart's end), by preparer number. The group keeps a crashed member's
/// partitions until its session times out or a rebalance takes them, as Kafka's coordinator
/// does, but no one reads them.
pub(super) fn dead_spans(data: &RunData) -> Vec<(u64, f64, f64)> {
    let restarts = data.series_by("restart:");
    let mut out = Vec::new();
    for (p, crashes) in data.series_by("crash:") {
        let Ok(id) = p.parse::<u64>() else {
            continue;
        };
        for (t, _) in crashes {
            let back = restarts
                .get(&p)
                .and_then(|r| r.iter().find(|r| r.0 >= t))
                .map_or(data.end(), |r| r.0);
            out.push((id, t, back));
        }
    }
    out
}

/// Whether the chart means something: ownership recorded for at most [`MAX_ROWS`] partitions,
/// and either more than one preparer or an owner that changed after the first assignment.
pub(super) fn worth_drawing(data: &RunData) -> bool {
    let owners = ownership(data);
    let changes = data.points().filter(|p| p.1.starts_with("owner:")).count();
    !owners.is_empty()
        && owners.len() <= MAX_ROWS
        && (data.preparers.len() > 1 || changes > owners.len())
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
    let owners = ownership(data);
    let rows = owners.len().max(1) as f64;
    let (start, end) = (data.start(), data.end());
    // A band at the top, above the rows, holds the rebalance labels.
    let top = rows + 0.8;
    let (plot, key) = key::split(root);
    let mut chart = st
        .builder(
            &plot,
            "Who owns each partition of orders (a gap: no one)",
            40,
        )
        .build_cartesian_2d(start..end, 0.0..top)?;
    st.note_time_plot(&chart);
    st.mesh(&mut chart.configure_mesh())
        .x_desc("time since opening (s)")
        .x_label_formatter(&tick)
        .y_labels(0)
        .disable_y_mesh()
        .draw()?;
    let spans = draw_rebalances(root, &mut chart, st, data, (0.0, top), true)?;
    let crashed = crashes(data).iter().any(|c| c.0 >= start && c.0 <= end);
    let mut seen: Vec<u64> = Vec::new();
    let dead = dead_spans(data);
    let mut held_by_dead = false;
    let id_style = (FONT, 26).into_font().color(&BLACK);
    for (row, (p, stretches)) in owners.iter().enumerate() {
        let y0 = rows - row as f64 - 0.85;
        let y1 = rows - row as f64 - 0.2;
        for &(a, b, owner) in stretches {
            if owner == 0 {
                continue;
            }
            let c = st.colour(owner.saturating_sub(1) as usize);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a, y0), (b, y1)],
                c.filled(),
            )))?;
            // Held by the owner's crashed process: faded, for no one reads it.
            for &(_, from, to) in dead.iter().filter(|d| d.0 == owner) {
                let (from, to) = (from.max(a), to.min(b));
                if to > from {
                    held_by_dead = true;
                    let faded = [(from, y0), (to, y1)];
                    chart.draw_series(std::iter::once(Rectangle::new(faded, st.bg.filled())))?;
                    chart
                        .draw_series(std::iter::once(Rectangle::new(faded, c.mix(0.3).filled())))?;
                }
            }
            if !seen.contains(&owner) {
                seen.push(owner);
            }
            // The owner's number inside the stretch, where it fits.
            let text = owner.to_string();
            let (px0, py0) = chart.backend_coord(&(a, y0));
            let (px1, py1) = chart.backend_coord(&(b, y1));
            let (w, h) = root.estimate_text_size(&text, &id_style)?;
            if px1 - px0 >= w as i32 + 12 {
                root.draw_text(&text, &id_style, (px0 + 6, (py0 + py1 - h as i32) / 2))?;
            }
        }
        chart.draw_series(std::iter::once(Text::new(
            format!("orders-{p}"),
            (start, rows - row as f64 - 0.05),
            st.label(),
        )))?;
    }
    // Crashes over the bars, so that they show.
    draw_crashes(&mut chart, st, data, (0.0, top))?;
    // An order made twice, on its partition's row.
    let made_twice = draw_duplicates(&mut chart, st, data, |p| {
        let row = owners.keys().position(|&o| Some(o) == p);
        row.map_or(0.1, |r| rows - r as f64 - 0.32)
    })?;
    seen.sort_unstable();
    let mut entries: Vec<(String, Swatch)> = seen
        .iter()
        .map(|&o| {
            let c = st.colour(o.saturating_sub(1) as usize);
            (format!("preparer {o}"), Swatch::Block(c.mix(1.0)))
        })
        .collect();
    if held_by_dead {
        entries.push((
            "faded: held by a\ncrashed preparer,\nno one reads it".to_string(),
            Swatch::Block(st.fg.mix(0.2)),
        ));
    }
    if spans {
        entries.extend(rebalance_key(st, data));
    }
    if crashed {
        entries.extend(fault_key(st, data));
    }
    entries.extend(made_twice);
    key::draw(&key, st, &entries)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_at_reads_the_stretch_holding_the_time() {
        let s: Stretches = vec![(0.0, 3.0, 0), (3.0, 10.0, 2), (10.0, 20.0, 1)];
        assert_eq!(owner_at(&s, 1.0), 0);
        assert_eq!(owner_at(&s, 3.0), 2);
        assert_eq!(owner_at(&s, 15.0), 1);
        assert_eq!(owner_at(&s, 25.0), 0);
    }
}
