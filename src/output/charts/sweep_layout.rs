//! How the sweep charts lay a sweep's grid out: which switch is the x axis, which gives the
//! lines, which split the charts. Not the reading (`sweep_data.rs`) nor the drawing
//! (`sweep.rs`).
//!
//! The first swept switch with more than one value is the x axis; the second gives a line per
//! value; every further switch with more than one value splits the charts, one chart per
//! combination of its values (named `..._<switch>-<value>`), so that no chart mixes points of
//! different settings. Switches swept with one value, and the scenario's own values of the
//! switches not swept (sweep.json's `fixed`), are written under the title: the way of
//! rebalancing only where the sweep is about rebalancing. The switches that choose a way of
//! rebalancing vary as one axis (`sweep_ways.rs`): its lines, or its bars when nothing else
//! varies.

use super::sweep_data::{Estimate, REBALANCING_SWITCHES, SweepAxis, SweepData, SweepMeasure};
use super::sweep_ways::{WAY_SWITCH, WayLook, merge_ways};
use crate::engine::SimDuration;

/// How the x axis places the values of its switch.
#[derive(Clone, Debug, PartialEq)]
pub enum XScale {
    /// Whole numbers (preparers, tills, partitions): ticks on whole numbers only.
    Whole,
    /// Real numbers (shares, durations in a unit).
    Real,
    /// Values that are not all numbers: one evenly spaced slot each, in sweep order, labelled
    /// with these texts.
    Categories(Vec<String>),
}

/// One line of a sweep chart: its legend label and its points, sorted by x.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLine {
    /// Legend label, e.g. `partitions = 3`.
    pub label: String,
    /// (x position, estimate), sorted by x.
    pub points: Vec<(f64, Estimate)>,
    /// Palette index of its colour.
    pub colour: usize,
    /// Drawn dashed (a line) or faded (a bar): a way of rebalancing with static members.
    pub dashed: bool,
}

/// A labelled vertical dashed line, e.g. at the partition count when preparers are on x.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// Where, in x positions.
    pub x: f64,
    /// Its label, e.g. `partitions = 3`.
    pub label: String,
    /// The line whose colour it takes, or `None` for the foreground colour.
    pub line: Option<usize>,
}

/// Everything one sweep chart shows, resolved from a sweep and ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepChart {
    /// The measure on y.
    pub measure: SweepMeasure,
    /// File name without extension.
    pub name: String,
    /// Title.
    pub title: String,
    /// The settings held fixed on this chart, e.g. `tills = 3 · open-for = 2m`.
    pub subtitle: String,
    /// x axis description, with its unit.
    pub x_desc: String,
    /// y axis description, with its unit.
    pub y_desc: String,
    /// How x is placed.
    pub x_scale: XScale,
    /// The lines (one when only one switch varies).
    pub lines: Vec<ChartLine>,
    /// Each line is one bar (its one point): the ways of rebalancing, with nothing else
    /// varying.
    pub bars: bool,
    /// Vertical dashed lines.
    pub markers: Vec<Marker>,
    /// Replications per point, for the legend.
    pub replications: u64,
}

/// The order switches are named in under a title (the grid's own order).
const SWITCH_ORDER: [&str; 8] = [
    "preparers",
    "tills",
    "partitions",
    "plaice-share",
    "open-for",
    "group-protocol",
    "assignor",
    "static",
];

fn switch_rank(s: &str) -> usize {
    SWITCH_ORDER
        .iter()
        .position(|x| *x == s)
        .unwrap_or(SWITCH_ORDER.len())
}

/// The words for a switch in a title: `number of preparers`.
fn noun(switch: &str) -> String {
    match switch {
        "preparers" | "tills" | "partitions" => format!("number of {switch}"),
        "plaice-share" => "plaice share".into(),
        "open-for" => "opening time".into(),
        other => other.into(),
    }
}

/// Positions of `values` on x, the scale and the axis description.
fn x_positions(switch: &str, values: &[String]) -> (Vec<f64>, XScale, String) {
    let categorical = || {
        (
            (0..values.len()).map(|i| i as f64).collect(),
            XScale::Categories(values.to_vec()),
            switch.to_string(),
        )
    };
    if switch == WAY_SWITCH {
        return categorical();
    }
    if switch == "open-for" {
        let secs: Option<Vec<f64>> = values
            .iter()
            .map(|v| {
                v.parse::<SimDuration>()
                    .ok()
                    .map(|d| d.as_nanos() as f64 / 1e9)
            })
            .collect();
        let Some(secs) = secs else {
            return categorical();
        };
        let longest = secs.iter().copied().fold(0.0, f64::max);
        let (unit, per) = if longest >= 7200.0 {
            ("h", 3600.0)
        } else if longest >= 120.0 {
            ("min", 60.0)
        } else {
            ("s", 1.0)
        };
        let xs = secs.iter().map(|s| s / per).collect();
        return (xs, XScale::Real, format!("opening time ({unit})"));
    }
    let Some(xs) = values
        .iter()
        .map(|v| v.parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect::<Option<Vec<f64>>>()
    else {
        return categorical();
    };
    let whole = xs.iter().all(|x| x.fract() == 0.0);
    let desc = match switch {
        "preparers" => "preparers".to_string(),
        "tills" => "tills".to_string(),
        "partitions" => "partitions of the orders topic".to_string(),
        "plaice-share" => "plaice share (fraction of orders)".to_string(),
        other => other.to_string(),
    };
    (xs, if whole { XScale::Whole } else { XScale::Real }, desc)
}

/// A value as part of a file name: letters, digits, `.` and `-` kept, anything else `-`.
fn file_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Every value combination of the axes `split` (as value indices), in grid order.
fn combinations(axes: &[SweepAxis], split: &[usize]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    for &a in split {
        out = out
            .into_iter()
            .flat_map(|c| {
                (0..axes[a].values.len()).map(move |v| {
                    let mut c = c.clone();
                    c.push(v);
                    c
                })
            })
            .collect();
    }
    out
}

/// The charts to draw for a sweep: per measure, one chart per combination of the splitting
/// switches (just one when at most two switches vary). See the module docs for the layout.
pub fn plan(data: &SweepData) -> Vec<SweepChart> {
    // Asked before the ways are merged into an axis the question does not know.
    let about_rebalancing = data.about_rebalancing();
    let measures = data.measures();
    let merged = merge_ways(data);
    let (data, looks): (&SweepData, &[WayLook]) = match &merged {
        Some((d, l)) => (d, l),
        None => (data, &[]),
    };
    let axes = &data.axes;
    let varying: Vec<usize> = (0..axes.len())
        .filter(|&a| axes[a].values.len() > 1)
        .collect();
    // With nothing varying, the first axis (one value) is still a sensible x.
    let x_axis = varying
        .first()
        .copied()
        .or(if axes.is_empty() { None } else { Some(0) });
    let line_axis = varying.get(1).copied();
    let split: Vec<usize> = varying.iter().skip(2).copied().collect();
    let (x_switch, x_values) = match x_axis {
        Some(a) => (axes[a].switch.clone(), axes[a].values.clone()),
        None => ("scenario".to_string(), vec![data.scenario.clone()]),
    };
    let (xs, x_scale, x_desc) = x_positions(&x_switch, &x_values);
    let strides: Vec<usize> = (0..axes.len())
        .map(|a| axes[a + 1..].iter().map(|x| x.values.len()).product())
        .collect();
    let mut charts = Vec::new();
    for combo in combinations(axes, &split) {
        // The value index of every axis on this chart, but x and the lines.
        let mut at = vec![0usize; axes.len()];
        for (&a, &v) in split.iter().zip(&combo) {
            at[a] = v;
        }
        // What is held fixed: the splitting switches' values here, the one-value switches,
        // the scenario's own values.
        let mut held: Vec<(String, String)> = split
            .iter()
            .zip(&combo)
            .map(|(&a, &v)| (axes[a].switch.clone(), axes[a].values[v].clone()))
            .collect();
        held.extend(
            (0..axes.len())
                .filter(|&a| axes[a].values.len() == 1 && Some(a) != x_axis)
                .map(|a| (axes[a].switch.clone(), axes[a].values[0].clone())),
        );
        held.extend(data.fixed.iter().cloned());
        if !about_rebalancing {
            held.retain(|(s, _)| !REBALANCING_SWITCHES.contains(&s.as_str()));
        }
        held.sort_by_key(|(s, _)| switch_rank(s));
        let subtitle = held
            .iter()
            .map(|(s, v)| format!("{s} = {v}"))
            .collect::<Vec<_>>()
            .join(" · ");
        let suffix: String = split
            .iter()
            .zip(&combo)
            .map(|(&a, &v)| {
                format!(
                    "_{}-{}",
                    file_part(&axes[a].switch),
                    file_part(&axes[a].values[v])
                )
            })
            .collect();
        let line_values: Vec<Option<usize>> = match line_axis {
            Some(a) => (0..axes[a].values.len()).map(Some).collect(),
            None => vec![None],
        };
        let markers = partition_markers(data, &x_switch, &xs, line_axis, &held);
        // The ways of rebalancing alone: a bar each.
        let bars = x_switch == WAY_SWITCH && line_axis.is_none();
        for &measure in &measures {
            let m = SweepMeasure::ALL
                .iter()
                .position(|x| *x == measure)
                .expect("a measure of ALL");
            let look = |i: usize| {
                looks
                    .get(i)
                    .map_or((i, false), |l| (l.colour, l.static_members))
            };
            if bars {
                let lines = (0..xs.len())
                    .map(|i| {
                        if let Some(a) = x_axis {
                            at[a] = i;
                        }
                        let index: usize = at.iter().zip(&strides).map(|(v, s)| v * s).sum();
                        let (colour, dashed) = look(i);
                        ChartLine {
                            label: x_values[i].clone(),
                            points: vec![(xs[i], data.points[index][m])],
                            colour,
                            dashed,
                        }
                    })
                    .collect();
                charts.push(SweepChart {
                    measure,
                    name: format!("{}{suffix}", measure.file_stem()),
                    title: format!("{} by {}", measure.title_lead(), noun(&x_switch)),
                    subtitle: subtitle.clone(),
                    x_desc: x_desc.clone(),
                    y_desc: measure.y_desc().to_string(),
                    x_scale: x_scale.clone(),
                    lines,
                    bars,
                    markers: Vec::new(),
                    replications: data.replications,
                });
                continue;
            }
            let lines = line_values
                .iter()
                .map(|&lv| {
                    let mut at = at.clone();
                    if let (Some(a), Some(v)) = (line_axis, lv) {
                        at[a] = v;
                    }
                    let mut points: Vec<(f64, Estimate)> = xs
                        .iter()
                        .enumerate()
                        .map(|(i, &x)| {
                            if let Some(a) = x_axis {
                                at[a] = i;
                            }
                            let index: usize = at.iter().zip(&strides).map(|(v, s)| v * s).sum();
                            (x, data.points[index][m])
                        })
                        .collect();
                    points.sort_by(|a, b| a.0.total_cmp(&b.0));
                    let label = match (line_axis, lv) {
                        (Some(a), Some(v)) if axes[a].switch == WAY_SWITCH => {
                            axes[a].values[v].clone()
                        }
                        (Some(a), Some(v)) => format!("{} = {}", axes[a].switch, axes[a].values[v]),
                        _ => format!(
                            "mean of {} replication{}",
                            data.replications,
                            if data.replications == 1 { "" } else { "s" }
                        ),
                    };
                    let (colour, dashed) = match (line_axis, lv) {
                        (Some(a), Some(v)) if axes[a].switch == WAY_SWITCH => look(v),
                        (_, lv) => (lv.unwrap_or(0), false),
                    };
                    ChartLine {
                        label,
                        points,
                        colour,
                        dashed,
                    }
                })
                .collect();
            charts.push(SweepChart {
                measure,
                name: format!("{}{suffix}", measure.file_stem()),
                title: format!("{} by {}", measure.title_lead(), noun(&x_switch)),
                subtitle: subtitle.clone(),
                x_desc: x_desc.clone(),
                y_desc: measure.y_desc().to_string(),
                x_scale: x_scale.clone(),
                lines,
                bars: false,
                markers: markers.clone(),
                replications: data.replications,
            });
        }
    }
    charts
}

/// With preparers on x, a dashed line at the partition count: preparers beyond it have no
/// partition and add nothing. One per line (in its colour) when the lines are partitions.
fn partition_markers(
    data: &SweepData,
    x_switch: &str,
    xs: &[f64],
    line_axis: Option<usize>,
    held: &[(String, String)],
) -> Vec<Marker> {
    if x_switch != "preparers" || xs.is_empty() {
        return Vec::new();
    }
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let inside = |x: &f64| (lo..=hi).contains(x);
    if let Some(a) = line_axis.filter(|&a| data.axes[a].switch == "partitions") {
        return data.axes[a]
            .values
            .iter()
            .enumerate()
            .filter_map(|(j, v)| {
                let x = v.parse::<f64>().ok().filter(inside)?;
                Some(Marker {
                    x,
                    label: format!("{v} partitions"),
                    line: Some(j),
                })
            })
            .collect();
    }
    held.iter()
        .filter(|(s, _)| s == "partitions")
        .filter_map(|(_, v)| {
            let x = v.parse::<f64>().ok().filter(inside)?;
            Some(Marker {
                x,
                label: format!("partitions = {v}"),
                line: None,
            })
        })
        .take(1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(mean: f64) -> Estimate {
        Estimate {
            mean,
            low: Some(mean - 1.0),
            high: Some(mean + 1.0),
        }
    }

    fn data(axes: &[(&str, &[&str])]) -> SweepData {
        let axes: Vec<SweepAxis> = axes
            .iter()
            .map(|(s, v)| SweepAxis {
                switch: s.to_string(),
                values: v.iter().map(|x| x.to_string()).collect(),
            })
            .collect();
        let n: usize = axes.iter().map(|a| a.values.len()).product();
        SweepData {
            scenario: "demo3".into(),
            seed: 7,
            replications: 3,
            axes,
            fixed: vec![
                ("tills".into(), "3".into()),
                ("group-protocol".into(), "classic".into()),
            ],
            faults: 0,
            scaling: false,
            points: (0..n)
                .map(|i| {
                    let x = i as f64;
                    [est(x), est(100.0 + x), est(200.0 + x), est(300.0 + x)]
                })
                .collect(),
        }
    }

    #[test]
    fn one_axis_gives_one_line_and_the_partition_marker() {
        let d = data(&[("preparers", &["1", "2", "3", "4"]), ("partitions", &["3"])]);
        let charts = plan(&d);
        assert_eq!(charts.len(), 2);
        let c = &charts[0];
        assert_eq!(c.name, "sweep_throughput");
        assert_eq!(c.lines.len(), 1);
        assert_eq!(c.lines[0].label, "mean of 3 replications");
        assert_eq!(c.x_scale, XScale::Whole);
        assert_eq!(c.subtitle, "tills = 3 · partitions = 3");
        assert_eq!(c.markers.len(), 1);
        assert_eq!(c.markers[0].x, 3.0);
        assert_eq!(charts[1].name, "sweep_p99_latency");
        assert_eq!(charts[1].lines[0].points[3].1.mean, 103.0);
    }

    #[test]
    fn second_axis_gives_lines_and_points_are_not_mixed() {
        // Grid order: preparers slowest, tills fastest; point index = p * 2 + t.
        let d = data(&[("preparers", &["2", "1", "3"]), ("tills", &["1", "4"])]);
        let c = &plan(&d)[0];
        assert_eq!(c.lines.len(), 2);
        assert_eq!(c.lines[1].label, "tills = 4");
        // Sorted by x: preparers 1 is the second value, so point 1 * 2 + 1 = 3.
        let means: Vec<(f64, f64)> = c.lines[1].points.iter().map(|p| (p.0, p.1.mean)).collect();
        assert_eq!(means, [(1.0, 3.0), (2.0, 1.0), (3.0, 5.0)]);
    }

    #[test]
    fn a_third_axis_splits_the_charts() {
        let d = data(&[
            ("preparers", &["1", "2"]),
            ("partitions", &["1", "2"]),
            ("open-for", &["30s", "2m"]),
        ]);
        let charts = plan(&d);
        let names: Vec<&str> = charts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "sweep_throughput_open-for-30s",
                "sweep_p99_latency_open-for-30s",
                "sweep_throughput_open-for-2m",
                "sweep_p99_latency_open-for-2m",
            ]
        );
        let c = &charts[2];
        assert_eq!(c.subtitle, "tills = 3 · open-for = 2m");
        // preparers p, partitions q, open-for 2m (index 1): p * 4 + q * 2 + 1.
        let means: Vec<f64> = c.lines[1].points.iter().map(|p| p.1.mean).collect();
        assert_eq!(means, [3.0, 7.0]);
        // Partitions are the lines: a marker per line, in its colour.
        assert_eq!(c.markers.len(), 2);
        assert_eq!(c.markers[1].line, Some(1));
    }

    #[test]
    fn durations_shares_and_words_find_a_scale() {
        let (xs, s, desc) = x_positions("open-for", &["30m".into(), "1h".into()]);
        assert_eq!(
            (xs, s, desc.as_str()),
            (vec![30.0, 60.0], XScale::Real, "opening time (min)")
        );
        let (xs, s, _) = x_positions("plaice-share", &["0".into(), "0.25".into()]);
        assert_eq!((xs, s), (vec![0.0, 0.25], XScale::Real));
        let (xs, s, _) = x_positions("menu", &["dice".into(), "mix".into()]);
        assert_eq!(xs, [0.0, 1.0]);
        assert!(matches!(s, XScale::Categories(ref v) if v[1] == "mix"));
    }

    #[test]
    fn ways_of_rebalancing_alone_are_bars_with_their_costs() {
        let mut d = data(&[
            ("group-protocol", &["classic", "consumer"]),
            ("static", &["false", "true"]),
        ]);
        // sweep.json holds no fixed value for a swept switch.
        d.fixed.retain(|(s, _)| s != "group-protocol");
        let charts = plan(&d);
        let names: Vec<&str> = charts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "sweep_throughput",
                "sweep_p99_latency",
                "sweep_paused",
                "sweep_max_lag"
            ]
        );
        let paused = &charts[2];
        assert!(paused.bars);
        let bars: Vec<(&str, f64)> = paused
            .lines
            .iter()
            .map(|l| (l.label.as_str(), l.points[0].1.mean))
            .collect();
        assert_eq!(
            bars,
            [
                ("classic · dynamic", 200.0),
                ("classic · static", 201.0),
                ("consumer · dynamic", 202.0),
                ("consumer · static", 203.0)
            ]
        );
        assert!(paused.lines[1].dashed && paused.lines[0].colour == paused.lines[1].colour);
        assert_eq!(paused.subtitle, "tills = 3");
    }

    #[test]
    fn a_sweep_not_about_rebalancing_keeps_quiet_about_it() {
        let d = data(&[("preparers", &["1", "2"])]);
        let charts = plan(&d);
        assert_eq!(charts.len(), 2, "no paused or lag charts");
        assert_eq!(charts[0].subtitle, "tills = 3");
        // With faults, the same sweep charts the cost and says which way it rebalanced.
        let faulty = SweepData { faults: 1, ..d };
        let charts = plan(&faulty);
        assert_eq!(charts.len(), 4);
        assert_eq!(charts[3].measure, SweepMeasure::MaxLag);
        assert_eq!(charts[3].subtitle, "tills = 3 · group-protocol = classic");
        assert!(!charts[3].bars);
    }

    #[test]
    fn a_sweep_without_axes_still_plans_a_chart() {
        let d = data(&[]);
        let charts = plan(&d);
        assert_eq!(charts.len(), 2);
        assert_eq!(charts[0].lines[0].points.len(), 1);
    }
}
