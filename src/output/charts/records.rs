//! Records in each partition of `orders`: a panel per partition with its log end offset, the
//! preparers' position (how far their owner has read) and committed offset over time; the gap
//! log end − position is what waits to be read, log end − committed is Kafka's lag.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::DrawResult;
use super::data::RunData;
use super::key::{self, Swatch};
use super::owners::ownership;
use super::spans::{crashes, draw_rebalances, fault_colour, fault_key, rebalance_key};
use super::style::{Style, tick};
use super::thin::thin;
use super::window::clip;

/// Panels drawn at most; beyond, the partitions with the highest peak lag, and the subtitle
/// says so.
const MAX_PANELS: usize = 8;

/// One sample of a partition: time, log end offset, position and committed offset.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Offsets {
    /// Seconds since opening.
    pub(super) t: f64,
    /// The offset the next record will get.
    pub(super) log_end: f64,
    /// Where the owner reads from next (the committed offset while no one owns it).
    pub(super) position: f64,
    /// The group's committed offset.
    pub(super) committed: f64,
}

/// Each `orders` partition's offsets at every sample inside the chart's time range, by
/// partition number, read back from series.csv: `log_end:orders-P`, position = log end −
/// `unread:orders-P`, committed = log end − `lag:orders-P`. Runs older than `log_end:` have none.
pub(super) fn offsets(data: &RunData) -> BTreeMap<u64, Vec<Offsets>> {
    let (start, end) = (data.start(), data.end());
    let by_time = |prefix: &str| -> BTreeMap<String, BTreeMap<u64, f64>> {
        data.series_by(prefix)
            .into_iter()
            .map(|(name, pts)| {
                (
                    name,
                    pts.into_iter().map(|(t, v)| (t.to_bits(), v)).collect(),
                )
            })
            .collect()
    };
    let (unread, lag) = (by_time("unread:"), by_time("lag:"));
    let mut out = BTreeMap::new();
    for (name, ends) in data.series_by("log_end:") {
        let Some(p) = name
            .strip_prefix("orders-")
            .and_then(|n| n.parse::<u64>().ok())
        else {
            continue;
        };
        let (Some(unread), Some(lag)) = (unread.get(&name), lag.get(&name)) else {
            continue;
        };
        let samples: Vec<Offsets> = clip(&ends, start, end)
            .into_iter()
            .filter_map(|(t, log_end)| {
                let key = t.to_bits();
                Some(Offsets {
                    t,
                    log_end,
                    position: log_end - unread.get(&key)?,
                    committed: log_end - lag.get(&key)?,
                })
            })
            .collect();
        if !samples.is_empty() {
            out.insert(p, samples);
        }
    }
    out
}

/// Whether the chart means something: the run recorded log end offsets and its orders topic
/// holds records.
pub(super) fn worth_drawing(data: &RunData) -> bool {
    offsets(data).values().flatten().any(|o| o.log_end > 0.0)
}

/// The partitions to draw, in partition order: all of them up to [`MAX_PANELS`], else the ones
/// with the highest peak lag; and a note saying what was left out.
fn panels(all: BTreeMap<u64, Vec<Offsets>>) -> (Vec<(u64, Vec<Offsets>)>, Option<String>) {
    let total = all.len();
    let mut panels: Vec<(u64, Vec<Offsets>)> = all.into_iter().collect();
    if total <= MAX_PANELS {
        return (panels, None);
    }
    let peak = |s: &[Offsets]| {
        s.iter()
            .map(|o| o.log_end - o.committed)
            .fold(0.0, f64::max)
    };
    // Highest peak first, ties in partition order; then back in partition order.
    panels.sort_by(|a, b| peak(&b.1).total_cmp(&peak(&a.1)).then(a.0.cmp(&b.0)));
    panels.truncate(MAX_PANELS);
    panels.sort_by_key(|p| p.0);
    let note = format!("{total} partitions: the {MAX_PANELS} with the highest peak lag");
    (panels, Some(note))
}

/// How the preparers commit, said where it explains the steps of the committed offset.
pub(super) fn commit_phrase(data: &RunData) -> Option<String> {
    let interval = data.settings.auto_commit_interval.as_deref()?;
    let zero = interval
        .chars()
        .filter(char::is_ascii_digit)
        .all(|c| c == '0');
    Some(if zero {
        "committed at every poll".to_string()
    } else {
        format!("committed every {interval}")
    })
}

/// The band between two lines, `upper` forwards and `lower` backwards, as one polygon.
fn band(upper: &[(f64, f64)], lower: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut points = thin(upper);
    points.extend(thin(lower).into_iter().rev());
    points
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
    let (panels, note) = panels(offsets(data));
    let owners = ownership(data);
    let (plot, key) = key::split(root);
    let title = "Records in each partition of orders: log end, position, committed";
    let mut subtitle: Vec<String> = note.into_iter().collect();
    subtitle
        .push("log end − position: waiting to be read · log end − committed: Kafka's lag".into());
    subtitle.extend(commit_phrase(data));
    let titled = plot.margin(40, 0, 0, 0).titled(title, st.title())?;
    let (w, _) = titled.dim_in_pixel();
    titled.draw_text(
        &subtitle.join(" · "),
        &st.label().pos(Pos::new(HPos::Center, VPos::Top)),
        (w as i32 / 2, 4),
    )?;
    let area = titled.margin(50, 0, 0, 0);
    // Equal panels, the last with room under it for the time axis.
    let axis = 110;
    let n = panels.len().max(1) as u32;
    let (_, h) = area.dim_in_pixel();
    let each = h.saturating_sub(axis) / n;
    let breaks: Vec<u32> = (1..n).map(|i| i * each).collect();
    let areas = area.split_by_breakpoints::<u32, u32, _, _>([], breaks);
    let ends = st.fg;
    let (read, committed) = (st.colour(3), st.colour(0));
    let shown_crashes: Vec<(f64, String)> = crashes(data)
        .into_iter()
        .filter(|c| c.0 >= start && c.0 <= end)
        .collect();
    // The bands' strength: a veil shows less on the dark background.
    let veil = if st.bg.0 < 0x80 { 0.5 } else { 0.3 };
    let mut spans = false;
    let panel_font = st.label();
    for (i, ((p, samples), area)) in panels.iter().zip(&areas).enumerate() {
        let last = i + 1 == panels.len();
        let lo = samples.iter().map(|o| o.committed).fold(f64::MAX, f64::min);
        let hi = samples.iter().map(|o| o.log_end).fold(f64::MIN, f64::max);
        // Headroom above for the panel's label (the lines rise left to right, so its top-left
        // corner is clear).
        let top = hi + (hi - lo).max(1.0) * 0.45;
        let mut chart = ChartBuilder::on(area)
            .margin_left(40)
            .margin_right(40)
            .margin_top(6)
            .margin_bottom(6)
            .x_label_area_size(if last { axis - 12 } else { 0 })
            .y_label_area_size(150)
            .build_cartesian_2d(start..end, lo..top)?;
        st.note_time_plot(&chart);
        let mut mesh = chart.configure_mesh();
        st.mesh(&mut mesh)
            .y_labels(3)
            .x_label_formatter(&tick)
            .y_desc("offset")
            .y_label_formatter(&tick);
        if last {
            mesh.x_desc("time since opening (s)");
        }
        mesh.draw()?;
        spans |= draw_rebalances(root, &mut chart, st, data, (lo, top), false)?;
        for (t, label) in &shown_crashes {
            chart.draw_series(LineSeries::new(
                [(*t, lo), (*t, top)],
                fault_colour(st, label).stroke_width(4),
            ))?;
        }
        let line = |f: fn(&Offsets) -> f64| -> Vec<(f64, f64)> {
            samples.iter().map(|o| (o.t, f(o))).collect()
        };
        let (e, r, c) = (
            line(|o| o.log_end),
            line(|o| o.position),
            line(|o| o.committed),
        );
        chart.draw_series(std::iter::once(Polygon::new(
            band(&e, &r),
            read.mix(veil).filled(),
        )))?;
        chart.draw_series(std::iter::once(Polygon::new(
            band(&r, &c),
            committed.mix(veil).filled(),
        )))?;
        chart.draw_series(LineSeries::new(thin(&c), committed.stroke_width(3)))?;
        chart.draw_series(LineSeries::new(thin(&r), read.stroke_width(3)))?;
        chart.draw_series(LineSeries::new(thin(&e), ends.stroke_width(3)))?;
        // The panel's name: the partition, its owner when one owned it throughout, and its
        // largest gaps.
        let waiting = samples
            .iter()
            .map(|o| o.log_end - o.position)
            .fold(0.0, f64::max);
        let lag = samples
            .iter()
            .map(|o| o.log_end - o.committed)
            .fold(0.0, f64::max);
        let mut label = format!("orders-{p}");
        // Its owner, when one preparer owned it whenever anyone did.
        let mut owned_by = owners
            .get(p)
            .into_iter()
            .flatten()
            .map(|s| s.2)
            .filter(|&o| o != 0);
        if let Some(first) = owned_by.next() {
            if owned_by.all(|o| o == first) {
                label.push_str(&format!(" · preparer {first}"));
            }
        }
        if waiting >= 0.5 {
            label.push_str(&format!(" · up to {waiting:.0} waiting to be read"));
        } else {
            label.push_str(" · nothing waiting to be read");
        }
        label.push_str(&format!(", lag up to {lag:.0}"));
        let (x, y) = chart.backend_coord(&(start, top));
        root.draw_text(&label, &panel_font, (x + 12, y + 4))?;
    }
    let mut entries: Vec<(String, Swatch)> = vec![
        ("log end".to_string(), Swatch::Line(ends, 6)),
        ("position".to_string(), Swatch::Line(read, 6)),
        ("committed".to_string(), Swatch::Line(committed, 6)),
        (
            "waiting to\nbe read".to_string(),
            Swatch::Block(read.mix(veil)),
        ),
        (
            "read, not yet\ncommitted".to_string(),
            Swatch::Block(committed.mix(veil)),
        ),
    ];
    if spans {
        entries.extend(rebalance_key(st, data));
    }
    entries.extend(fault_key(st, data));
    key::draw(&key, st, &entries)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(p: u64, lag: f64) -> (u64, Vec<Offsets>) {
        let o = Offsets {
            t: 1.0,
            log_end: 100.0,
            position: 100.0,
            committed: 100.0 - lag,
        };
        (p, vec![o])
    }

    #[test]
    fn offsets_read_back_position_and_committed_from_series() {
        let summary = r#"{"scenario":"demo1","seed":1,"sim_end_s":3.0,
            "latency_s":{"p50":0.5,"p90":0.9,"p99":1.2},"preparers":[]}"#;
        let orders =
            "id,till,items,placed,started,cooked,ready,collected,preparer,partition,offset\n";
        let series = "time_s,series,value\n\
            1,lag:orders-0,5\n1,unread:orders-0,2\n1,log_end:orders-0,10\n\
            2,lag:orders-0,1\n2,unread:orders-0,0\n2,log_end:orders-0,12\n\
            2,log_end:cook-0,99\n";
        let data =
            RunData::parse(std::path::Path::new("run"), summary, orders, Some(series)).unwrap();
        let o = offsets(&data);
        let at = |t, log_end, position, committed| Offsets {
            t,
            log_end,
            position,
            committed,
        };
        assert_eq!(
            o.get(&0).unwrap(),
            &[at(1.0, 10.0, 8.0, 5.0), at(2.0, 12.0, 12.0, 11.0)]
        );
        assert_eq!(o.len(), 1, "only the orders topic's partitions");
        assert!(worth_drawing(&data));
        // A window keeps its samples only.
        assert_eq!(offsets(&data.windowed(1.5, 3.0)).get(&0).unwrap().len(), 2);
    }

    #[test]
    fn many_partitions_keep_the_highest_lags_in_partition_order() {
        let all: BTreeMap<u64, Vec<Offsets>> = (0..20)
            .map(|p| sample(p, if p % 2 == 1 { p as f64 } else { 0.0 }))
            .collect();
        let (kept, note) = panels(all);
        let names: Vec<u64> = kept.iter().map(|p| p.0).collect();
        assert_eq!(names, [5, 7, 9, 11, 13, 15, 17, 19]);
        assert!(note.unwrap().starts_with("20 partitions"));
        let few: BTreeMap<u64, Vec<Offsets>> = (0..3).map(|p| sample(p, 1.0)).collect();
        assert_eq!(panels(few).0.len(), 3);
    }
}
