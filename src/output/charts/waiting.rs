//! Orders waiting to be read and Kafka's consumer lag over time, rebalances shaded, crashes
//! marked, and the arrival rate in a strip underneath (arrivals.rs).

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::DrawResult;
use super::data::RunData;
use super::key::{self, Swatch};
use super::spans::{
    crashes, draw_crashes, draw_duplicates, draw_rebalances, fault_key, rebalance_key,
};
use super::style::Style;
use super::thin::thin;
use super::window::clip;

/// The colour of the line of partitions summed.
const OTHERS: RGBColor = RGBColor(0x99, 0x99, 0x99);

/// A named line: a partition's lag over time.
type Line = (String, Vec<(f64, f64)>);

/// Partitions drawn each as a line of their own; beyond this many, the chart draws the ones
/// with the highest peak lag and sums the rest into one line, and says so.
pub(super) const MAX_PARTITION_LINES: usize = 8;

/// The lag lines to draw, by name: every partition when there are at most
/// [`MAX_PARTITION_LINES`], else the `MAX_PARTITION_LINES - 1` with the highest peak lag (in
/// partition order) and `others`, their sum at each sample; and a note saying what was summed.
fn partition_lines(mut lines: Vec<Line>) -> (Vec<Line>, Option<String>) {
    if lines.len() <= MAX_PARTITION_LINES {
        return (lines, None);
    }
    let total = lines.len();
    let keep = MAX_PARTITION_LINES - 1;
    let peak = |pts: &[(f64, f64)]| pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let mut order: Vec<usize> = (0..total).collect();
    // Highest peak first; ties in partition order (the lines come sorted).
    order.sort_by(|&a, &b| {
        peak(&lines[b].1)
            .total_cmp(&peak(&lines[a].1))
            .then(a.cmp(&b))
    });
    let mut top: Vec<usize> = order[..keep].to_vec();
    top.sort_unstable();
    let mut others: BTreeMap<u64, f64> = BTreeMap::new();
    for (i, (_, pts)) in lines.iter().enumerate() {
        if top.binary_search(&i).is_err() {
            for &(t, v) in pts {
                *others.entry(t.to_bits()).or_default() += v;
            }
        }
    }
    let mut others: Vec<(f64, f64)> = others
        .into_iter()
        .map(|(b, v)| (f64::from_bits(b), v))
        .collect();
    others.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut kept: Vec<(String, Vec<(f64, f64)>)> = Vec::with_capacity(keep + 1);
    for i in top.into_iter().rev() {
        kept.push(lines.swap_remove(i));
    }
    kept.reverse();
    let summed = total - keep;
    kept.push((format!("{summed} others"), others));
    let note = format!(
        "{total} partitions: the {keep} with the highest peak lag, the other {summed} summed"
    );
    (kept, Some(note))
}

const MAX_POINTS: f64 = 2000.0;

/// Orders placed but not started, sampled on an even grid of at most `MAX_POINTS` points.
fn waiting_from_orders(data: &RunData) -> Vec<(f64, f64)> {
    let mut changes: Vec<(f64, i64)> = Vec::with_capacity(data.orders.len() * 2);
    for o in &data.orders {
        changes.push((o.placed, 1));
        if let Some(s) = o.started {
            changes.push((s, -1));
        }
    }
    changes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let step = (data.end() / MAX_POINTS).max(1.0);
    let mut out = Vec::new();
    let (mut level, mut i, mut t) = (0i64, 0usize, 0.0);
    while t <= data.end() + step {
        while i < changes.len() && changes[i].0 <= t {
            level += changes[i].1;
            i += 1;
        }
        out.push((t, level as f64));
        t += step;
    }
    out
}

/// The total of `lines` at each sample time, in time order.
pub(super) fn total(lines: &BTreeMap<String, Vec<(f64, f64)>>) -> Vec<(f64, f64)> {
    let mut sum: BTreeMap<u64, f64> = BTreeMap::new();
    for &(t, v) in lines.values().flatten() {
        // Times are non-negative, so their bits sort as the times do.
        *sum.entry(t.to_bits()).or_default() += v;
    }
    sum.into_iter()
        .map(|(b, v)| (f64::from_bits(b), v))
        .collect()
}

/// How fast the backlog grew, when it grew by at least 10: orders a second from the first
/// point to the peak, and the peak's time.
pub(super) fn growth(total: &[(f64, f64)]) -> Option<(f64, f64)> {
    let peak = total.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let first = *total.first()?;
    (peak.1 - first.1 >= 10.0 && peak.0 > first.0)
        .then(|| ((peak.1 - first.1) / (peak.0 - first.0), peak.0))
}

/// The title over the orders waiting to be read (`total`, in the chart's range): the backlog's
/// growth where it grew by 10 or more at a rate that shows at one decimal (0.05 a second or
/// more); else its peak, where it reached 10 (a slow rise over a long run is no "growth of 0.0
/// a second"); else what the lines are.
fn unread_title(total: &[(f64, f64)]) -> String {
    if let Some((rate, _)) = growth(total).filter(|g| g.0 >= 0.05) {
        return format!("Orders waiting to be read: the backlog grows {rate:.1} a second");
    }
    match total.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1)) {
        Some((t, peak)) if peak >= 10.0 => {
            format!("Orders waiting to be read: up to {peak:.0}, at {t:.0} s")
        }
        _ => "Orders waiting to be read (log end − position)".to_string(),
    }
}

/// Draws the chart: what waits to be read (log end − position) per partition and in total when
/// the run has it, Kafka's lag (log end − committed) in total, dashed; older runs, Kafka's lag
/// per partition.
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
    let lag = data.series_by("lag:");
    let unread = data.series_by("unread:");
    let kafka_total = total(&lag);
    let commits = data
        .settings
        .auto_commit_interval
        .as_deref()
        .map_or(String::new(), |i| format!(", committed every {i}"));
    let (title, ydesc, lines, total_line, dashed) = if !unread.is_empty() {
        let t = total(&unread);
        let title = unread_title(&clip(&t, start, end));
        (
            title,
            "orders waiting to be read",
            unread,
            t,
            Some(kafka_total),
        )
    } else if !lag.is_empty() {
        (
            "Kafka's consumer lag (log end − committed offset)".to_string(),
            "lag (records)",
            lag,
            kafka_total,
            None,
        )
    } else {
        (
            "Orders waiting for a preparer".to_string(),
            "orders waiting",
            BTreeMap::new(),
            waiting_from_orders(data),
            None,
        )
    };
    let total_line = clip(&total_line, start, end);
    let dashed = dashed.map(|d| clip(&d, start, end));
    // Headroom above the data for the rebalance labels.
    let ymax = total_line
        .iter()
        .chain(dashed.iter().flatten())
        .map(|p| p.1)
        .fold(1.0, f64::max)
        * 1.35;
    // The key sits in a column of its own, right of the plot, so it never covers a line.
    // Partitions in number order (orders-2 before orders-10).
    let mut lines: Vec<(String, Vec<(f64, f64)>)> = lines
        .into_iter()
        .map(|(n, pts)| (n, clip(&pts, start, end)))
        .collect();
    lines.sort_by_key(|(name, _)| {
        let (topic, n) = name.rsplit_once('-').unwrap_or((name.as_str(), ""));
        (topic.to_string(), n.parse::<u64>().unwrap_or(u64::MAX))
    });
    let (lines, note) = partition_lines(lines);
    let summed = note.is_some();
    let (plot, key) = key::split(root);
    // The arrival rate in a strip under the plot, on the same time axis: cause under effect.
    let (plot, strip) = if data.orders.is_empty() {
        (plot, None)
    } else {
        let (_, h) = plot.dim_in_pixel();
        let (upper, lower) = plot.split_vertically(h * 72 / 100);
        (upper, Some(lower))
    };
    // A subtitle says what was summed and what the dashed line is, so that no one reads the
    // lines as every partition, or the sawtooth of commits as orders waiting.
    let mut subtitle: Vec<String> = note.into_iter().collect();
    if dashed.is_some() {
        subtitle.push(format!(
            "dashed: Kafka's lag, log end − committed offset{commits}"
        ));
    }
    let plot = if subtitle.is_empty() {
        plot
    } else {
        let titled = plot.margin(40, 0, 0, 0).titled(&title, st.title())?;
        let (w, _) = titled.dim_in_pixel();
        let centre = Pos::new(HPos::Center, VPos::Top);
        titled.draw_text(
            &subtitle.join(" · "),
            &st.label().pos(centre),
            (w as i32 / 2, 4),
        )?;
        titled.margin(50, 0, 0, 0)
    };
    let caption = if subtitle.is_empty() {
        title.as_str()
    } else {
        ""
    };
    let mut chart = st
        .builder(&plot, caption, 150)
        .build_cartesian_2d(start..end, 0.0..ymax)?;
    st.time_axes(&mut chart, ydesc)?;
    let spans = draw_rebalances(root, &mut chart, st, data, (0.0, ymax), true)?;
    let crashed = crashes(data).iter().any(|c| c.0 >= start && c.0 <= end);
    draw_crashes(&mut chart, st, data, (0.0, ymax))?;
    // Orders made twice, in a row below the rebalance and crash labels.
    let made_twice = draw_duplicates(&mut chart, st, data, |_| ymax * 0.72)?;
    let total_name = if lines.is_empty() {
        "orders waiting"
    } else {
        "total"
    };
    let mut entries: Vec<(String, Swatch)> = vec![(total_name.to_string(), Swatch::Line(st.fg, 8))];
    for (i, (name, pts)) in lines.iter().enumerate() {
        let c = if summed && i + 1 == lines.len() {
            OTHERS
        } else {
            st.colour(i)
        };
        chart.draw_series(LineSeries::new(thin(pts), c.stroke_width(3)))?;
        entries.push((name.clone(), Swatch::Line(c, 6)));
    }
    chart.draw_series(LineSeries::new(thin(&total_line), st.fg.stroke_width(5)))?;
    if let Some(d) = &dashed {
        chart.draw_series(DashedLineSeries::new(
            thin(d),
            14,
            10,
            st.fg.mix(0.8).stroke_width(3),
        ))?;
    }
    if dashed.is_some() {
        entries.push(("Kafka's lag".to_string(), Swatch::Dashed(st.fg)));
    }
    if spans {
        entries.extend(rebalance_key(st, data));
    }
    if crashed {
        entries.extend(fault_key(st, data));
    }
    entries.extend(made_twice);
    key::draw(&key, st, &entries)?;
    if let Some(strip) = strip {
        super::arrivals::draw_strip(&strip, data, st, (start, end))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_says_growth_only_where_it_shows() {
        // demo2: about one order a second.
        let steep: Vec<(f64, f64)> = (0..=100).map(|t| (f64::from(t), f64::from(t))).collect();
        assert_eq!(
            unread_title(&steep),
            "Orders waiting to be read: the backlog grows 1.0 a second"
        );
        // rush: 40 over half an hour rounds to 0.0 a second: the peak is said instead.
        let slow = [(0.0, 0.0), (1000.0, 2.0), (2000.0, 40.0), (2600.0, 0.0)];
        let title = unread_title(&slow);
        assert_eq!(title, "Orders waiting to be read: up to 40, at 2000 s");
        // Nothing much waits: the title says what the lines are.
        let level = [(0.0, 1.0), (100.0, 3.0)];
        assert!(unread_title(&level).contains("(log end − position)"));
    }

    #[test]
    fn many_partitions_keep_the_highest_peaks_and_sum_the_rest() {
        let lines: Vec<(String, Vec<(f64, f64)>)> = (0..100)
            .map(|p| {
                let peak = if p % 10 == 3 { 50.0 + p as f64 } else { 1.0 };
                (format!("orders-{p}"), vec![(0.0, 1.0), (1.0, peak)])
            })
            .collect();
        let (kept, note) = partition_lines(lines);
        assert_eq!(kept.len(), MAX_PARTITION_LINES);
        let names: Vec<&str> = kept.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "orders-33",
                "orders-43",
                "orders-53",
                "orders-63",
                "orders-73",
                "orders-83",
                "orders-93",
                "93 others"
            ]
        );
        assert_eq!(
            kept[7].1,
            [(0.0, 93.0), (1.0, 3.0 * 50.0 + 3.0 + 13.0 + 23.0 + 90.0)]
        );
        assert!(note.unwrap().contains("100 partitions"));
        let few: Vec<(String, Vec<(f64, f64)>)> = vec![("orders-0".into(), vec![(0.0, 1.0)])];
        assert_eq!(partition_lines(few.clone()), (few, None));
    }
}
