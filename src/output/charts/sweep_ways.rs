//! The ways of rebalancing as one axis of the sweep charts: where a sweep varies
//! `group-protocol`, `assignor` or `static`, their combinations become one axis whose values
//! read `classic · cooperative_sticky · static`, so that a chart has one line (or bar) per way
//! of rebalancing, never a protocol on x and an assignor per line. Not the layout of the other
//! switches (`sweep_layout.rs`).

use super::sweep_data::{Estimate, REBALANCING_SWITCHES, SweepAxis, SweepData};

/// The switch name of the merged axis, as the layout sees it.
pub(super) const WAY_SWITCH: &str = "way of rebalancing";

/// How the lines (or bars) of one way of rebalancing are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct WayLook {
    /// Palette index: one per protocol and assignor, so a way with and without static
    /// members shares its colour.
    pub(super) colour: usize,
    /// Static members: a dashed line, a lighter bar.
    pub(super) static_members: bool,
}

/// A value's words in a way's label: the static switch as `static` or `dynamic`, the others
/// as they are.
fn words(switch: &str, value: &str) -> String {
    match (switch, value) {
        ("static", "true") => "static".into(),
        ("static", "false") => "dynamic".into(),
        _ => value.into(),
    }
}

/// The sweep with its varying ways-of-rebalancing switches merged into one axis
/// ([`WAY_SWITCH`]), placed after the first other varying switch (so that it gives the lines)
/// or, when nothing else varies, alone (so that it is x); the ways the grid left out (a
/// protocol with the other's assignor) are dropped. With each way, how to draw it. `None`
/// when no such switch varies.
pub(super) fn merge_ways(data: &SweepData) -> Option<(SweepData, Vec<WayLook>)> {
    let axes = &data.axes;
    let is_way = |a: &SweepAxis| REBALANCING_SWITCHES.contains(&a.switch.as_str());
    let ways: Vec<usize> = (0..axes.len())
        .filter(|&a| is_way(&axes[a]) && axes[a].values.len() > 1)
        .collect();
    if ways.is_empty() {
        return None;
    }
    let others: Vec<usize> = (0..axes.len()).filter(|a| !ways.contains(a)).collect();
    let strides: Vec<usize> = (0..axes.len())
        .map(|a| axes[a + 1..].iter().map(|x| x.values.len()).product())
        .collect();
    // Every combination of the ways' values, in grid order (the last switch fastest).
    let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
    for &a in &ways {
        combos = combos
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
    // The original index of the point with the ways at `combo` and the others at `rest`.
    let index = |combo: &[usize], rest: &[usize]| -> usize {
        ways.iter()
            .zip(combo)
            .map(|(&a, &v)| v * strides[a])
            .sum::<usize>()
            + others
                .iter()
                .zip(rest)
                .map(|(&a, &v)| v * strides[a])
                .sum::<usize>()
    };
    let rests = every_index(others.iter().map(|&a| axes[a].values.len()));
    combos.retain(|c| {
        rests
            .iter()
            .any(|r| data.points[index(c, r)][0].mean.is_finite())
    });
    let label = |c: &[usize]| -> String {
        ways.iter()
            .zip(c)
            .map(|(&a, &v)| words(&axes[a].switch, &axes[a].values[v]))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let merged = SweepAxis {
        switch: WAY_SWITCH.into(),
        values: combos.iter().map(|c| label(c)).collect(),
    };
    // The colour goes by the ways' values but static; static members are drawn lighter.
    let static_axis = ways.iter().position(|&a| axes[a].switch == "static");
    let mut families: Vec<Vec<usize>> = Vec::new();
    let looks: Vec<WayLook> = combos
        .iter()
        .map(|c| {
            let family: Vec<usize> = c
                .iter()
                .enumerate()
                .filter(|(k, _)| Some(*k) != static_axis)
                .map(|(_, &v)| v)
                .collect();
            let colour = families
                .iter()
                .position(|f| *f == family)
                .unwrap_or_else(|| {
                    families.push(family);
                    families.len() - 1
                });
            let static_members = static_axis.is_some_and(|k| axes[ways[k]].values[c[k]] == "true");
            WayLook {
                colour,
                static_members,
            }
        })
        .collect();
    // With static alone varying, one family: give each way its own colour too.
    let looks = if families.len() == 1 {
        looks
            .into_iter()
            .enumerate()
            .map(|(i, l)| WayLook { colour: i, ..l })
            .collect()
    } else {
        looks
    };
    // The merged axis goes after the first other switch that varies, else last.
    let at = others
        .iter()
        .position(|&a| axes[a].values.len() > 1)
        .map_or(others.len(), |k| k + 1);
    let mut new_axes: Vec<SweepAxis> = others.iter().map(|&a| axes[a].clone()).collect();
    new_axes.insert(at, merged);
    let sizes: Vec<usize> = new_axes.iter().map(|a| a.values.len()).collect();
    let points: Vec<[Estimate; 4]> = every_index(sizes.into_iter())
        .into_iter()
        .map(|mut at_point| {
            let combo = &combos[at_point.remove(at)];
            data.points[index(combo, &at_point)]
        })
        .collect();
    let merged = SweepData {
        axes: new_axes,
        points,
        ..data.clone()
    };
    Some((merged, looks))
}

/// Every index vector of a grid with these sizes, the last varying fastest.
fn every_index(sizes: impl Iterator<Item = usize>) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    for n in sizes {
        out = out
            .into_iter()
            .flat_map(|c| {
                (0..n).map(move |v| {
                    let mut c = c.clone();
                    c.push(v);
                    c
                })
            })
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(mean: f64) -> Estimate {
        Estimate {
            mean,
            low: None,
            high: None,
        }
    }

    /// A sweep of these axes whose point i has throughput i (NaN where `missing` says).
    fn data(axes: &[(&str, &[&str])], missing: &[usize]) -> SweepData {
        let axes: Vec<SweepAxis> = axes
            .iter()
            .map(|(s, v)| SweepAxis {
                switch: s.to_string(),
                values: v.iter().map(|x| x.to_string()).collect(),
            })
            .collect();
        let n: usize = axes.iter().map(|a| a.values.len()).product();
        SweepData {
            scenario: "rebalance".into(),
            seed: 1,
            replications: 2,
            axes,
            fixed: Vec::new(),
            faults: 2,
            scaling: true,
            points: (0..n)
                .map(|i| {
                    let m = if missing.contains(&i) {
                        f64::NAN
                    } else {
                        i as f64
                    };
                    [est(m), est(m), est(m), est(m)]
                })
                .collect(),
        }
    }

    #[test]
    fn ways_become_one_axis_without_the_left_out_pairs() {
        // classic/consumer x range/uniform x static: classic+uniform (points 2, 3) left out.
        let d = data(
            &[
                ("group-protocol", &["classic", "consumer"]),
                ("assignor", &["range", "uniform"]),
                ("static", &["false", "true"]),
            ],
            &[2, 3],
        );
        let (m, looks) = merge_ways(&d).unwrap();
        assert_eq!(m.axes.len(), 1);
        assert_eq!(m.axes[0].switch, WAY_SWITCH);
        assert_eq!(
            m.axes[0].values,
            [
                "classic · range · dynamic",
                "classic · range · static",
                "consumer · range · dynamic",
                "consumer · range · static",
                "consumer · uniform · dynamic",
                "consumer · uniform · static",
            ]
        );
        let means: Vec<f64> = m.points.iter().map(|p| p[0].mean).collect();
        assert_eq!(means, [0.0, 1.0, 4.0, 5.0, 6.0, 7.0]);
        // Static shares its way's colour and is drawn lighter.
        assert_eq!(looks[2].colour, looks[3].colour);
        assert_ne!(looks[1].colour, looks[2].colour);
        assert!(!looks[2].static_members && looks[3].static_members);
    }

    #[test]
    fn ways_follow_the_first_other_varying_switch() {
        let d = data(
            &[
                ("preparers", &["2", "3", "4"]),
                ("open-for", &["1m"]),
                ("static", &["false", "true"]),
            ],
            &[],
        );
        let (m, looks) = merge_ways(&d).unwrap();
        let switches: Vec<&str> = m.axes.iter().map(|a| a.switch.as_str()).collect();
        assert_eq!(switches, ["preparers", WAY_SWITCH, "open-for"]);
        assert_eq!(m.axes[1].values, ["dynamic", "static"]);
        // preparers 3 (index 1), static: original 1 * 2 + 1 = 3.
        assert_eq!(m.points[3][0].mean, 3.0);
        // With static alone varying, each way has a colour of its own.
        assert_ne!(looks[0].colour, looks[1].colour);
        assert!(merge_ways(&data(&[("preparers", &["1", "2"])], &[])).is_none());
    }
}
