//! Plans: the cheapest point of a grid of switches whose targets hold with a given confidence,
//! with replications spent where a verdict is still open (`chipshop plan`).
//!
//! A layer beside [`crate::sweep`], whose runs (same seeds: replication `r` of every point runs
//! with `replication_seed(seed, r)`) and measures (sweep.csv's names) it reuses; below
//! [`crate::cli`]. The search (search.rs) decides which runs to make from the results so far
//! only, so a plan is the same whatever the number of threads.

mod cost;
mod error;
mod from_sweep;
mod report;
mod search;
mod target;

pub use cost::Cost;
pub use error::PlanError;
pub use from_sweep::{FinishedSweep, load_finished_sweep};
pub use report::{PlanContext, plan_json, plan_table};
pub use search::{
    How, Outcome, PlanPoint, PointResult, Settings, Status, intervals, judge, search,
};
pub use target::{Comparison, Target, Verdict, measure_index};

use crate::scenario::{AssignorKind, GroupProtocolKind, Overrides, Scenario};
use crate::sweep::{Axis, Switch};

/// One axis of a plan's grid: one or more switches that take the same values together
/// (`preparers=partitions=1..8`: c preparers on c partitions).
#[derive(Clone, Debug, PartialEq)]
pub struct PlanAxis {
    /// The switches, in the order given.
    pub switches: Vec<Switch>,
    /// Their values, as text.
    pub values: Vec<String>,
}

impl PlanAxis {
    /// Reads `--vary NAME[=NAME...]=VALUES`, e.g. `preparers=1..12`, `partitions=6,12`,
    /// `preparers=partitions=1..8`; values as `chipshop sweep` takes them.
    pub fn parse(text: &str) -> Result<PlanAxis, PlanError> {
        let bad = |message: String| PlanError::Switch {
            switch: "--vary",
            message: format!("{text:?}: {message}"),
        };
        let parts: Vec<&str> = text.split('=').map(str::trim).collect();
        if parts.len() < 2 {
            return Err(bad(
                "write SWITCH=VALUES, e.g. preparers=1..12 or preparers=partitions=1..8".into(),
            ));
        }
        let (names, values) = parts.split_at(parts.len() - 1);
        let mut switches = Vec::new();
        for name in names {
            let switch = Switch::from_column(name).ok_or_else(|| {
                bad(format!(
                    "unknown switch {name:?}; valid: {}",
                    Switch::ALL.map(Switch::column).join(", ")
                ))
            })?;
            if switches.contains(&switch) {
                return Err(bad(format!("{name} is given twice")));
            }
            switches.push(switch);
        }
        let mut parsed: Option<Vec<String>> = None;
        for &switch in &switches {
            let axis = Axis::parse(switch, values[0]).map_err(|e| bad(e.to_string()))?;
            parsed.get_or_insert(axis.values);
        }
        Ok(PlanAxis {
            switches,
            values: parsed.unwrap_or_default(),
        })
    }

    /// The axis's name: its switches joined by `=`.
    pub fn name(&self) -> String {
        self.switches
            .iter()
            .map(|s| s.column())
            .collect::<Vec<_>>()
            .join("=")
    }
}

/// A switch's value in a scenario, as a number: counts as they are, the plaice share as a
/// fraction, the opening time in seconds.
pub fn switch_value(s: &Scenario, switch: Switch) -> f64 {
    match switch {
        Switch::Preparers => f64::from(s.preparers.count),
        Switch::Tills => f64::from(s.tills.count),
        Switch::Partitions => f64::from(s.kafka.orders_partitions),
        Switch::PlaiceShare => s.plaice_fraction(),
        Switch::OpenFor => s.shop.open_for.as_secs_f64(),
        // The ways of rebalancing have no size: numbered so that a cost can still weigh them
        // (`preparers + 0.5*static`) and a grid can order them.
        Switch::GroupProtocol => match s.kafka.group_protocol {
            GroupProtocolKind::Classic => 0.0,
            GroupProtocolKind::Consumer => 1.0,
        },
        Switch::Assignor => match s.kafka.assignor {
            None => 0.0,
            Some(AssignorKind::Range) => 1.0,
            Some(AssignorKind::RoundRobin) => 2.0,
            Some(AssignorKind::CooperativeSticky) => 3.0,
            Some(AssignorKind::Uniform) => 4.0,
        },
        Switch::Static => f64::from(u8::from(s.preparers.static_members)),
    }
}

/// The names a cost may use: every switch's column.
pub fn cost_names() -> Vec<&'static str> {
    Switch::ALL.iter().map(|s| s.column()).collect()
}

/// The default cost: the sum of the varied counts (preparers, tills, partitions).
pub fn default_cost(axes: &[PlanAxis]) -> Cost {
    let varied: Vec<usize> = Switch::ALL
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s, Switch::Preparers | Switch::Tills | Switch::Partitions))
        .filter(|(_, s)| axes.iter().any(|a| a.switches.contains(s)))
        .map(|(i, _)| i)
        .collect();
    Cost::sum_of(&varied)
}

/// Every point of the grid (the last axis varying fastest) as a plan point and the scenario
/// it runs: `base` with the point's switches applied.
pub fn grid_points(
    base: &Scenario,
    axes: &[PlanAxis],
    cost: &Cost,
) -> Result<(Vec<PlanPoint>, Vec<Scenario>), crate::scenario::ScenarioError> {
    let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
    for axis in axes {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                (0..axis.values.len()).map(move |i| {
                    let mut c = c.clone();
                    c.push(i);
                    c
                })
            })
            .collect();
    }
    let mut points = Vec::with_capacity(combos.len());
    let mut scenarios = Vec::with_capacity(combos.len());
    for combo in combos {
        let mut overrides = Overrides::default();
        for (axis, &i) in axes.iter().zip(&combo) {
            for switch in &axis.switches {
                switch.set(&mut overrides, &axis.values[i]);
            }
        }
        let mut s = base.clone();
        s.apply(&overrides)?;
        let values: Vec<f64> = Switch::ALL.iter().map(|&w| switch_value(&s, w)).collect();
        points.push(PlanPoint {
            values: axes
                .iter()
                .zip(&combo)
                .map(|(a, &i)| a.values[i].clone())
                .collect(),
            coords: axes
                .iter()
                .map(|a| switch_value(&s, a.switches[0]))
                .collect(),
            cost: cost.eval(&values),
        });
        scenarios.push(s);
    }
    Ok((points, scenarios))
}

/// Why `--monotone SWITCH` cannot prune with these targets, if it cannot: only more preparers
/// or partitions are more capacity, and only waits, latencies, lag and utilisation (which fall
/// with capacity) under `<=`, or throughput (which rises) under `>=`, get easier with it.
pub fn monotone_obstacle(switch: Switch, targets: &[Target]) -> Option<String> {
    if !matches!(switch, Switch::Preparers | Switch::Partitions) {
        return Some(format!(
            "more {} is not more capacity (only preparers and partitions are), so the targets need not get easier as it grows",
            switch.column()
        ));
    }
    for t in targets {
        let name = t.name();
        let falls = name.starts_with("wait_")
            || name.starts_with("latency_")
            || name == "max_lag"
            || name == "preparer_utilisation";
        let rises = name == "throughput_per_min";
        let easier = match t.comparison {
            Comparison::AtMost => falls,
            Comparison::AtLeast => rises,
        };
        if !easier {
            return Some(format!(
                "the target {t} need not get easier with more {} ({name} {})",
                switch.column(),
                if falls || rises {
                    "moves the other way"
                } else {
                    "has no direction with capacity"
                }
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_tie_switches_together() {
        let a = PlanAxis::parse("preparers=partitions=1..3").unwrap();
        assert_eq!(a.switches, [Switch::Preparers, Switch::Partitions]);
        assert_eq!(a.values, ["1", "2", "3"]);
        assert_eq!(a.name(), "preparers=partitions");
        for (bad, says) in [
            ("cooks=1..3", "unknown switch \"cooks\""),
            ("preparers", "SWITCH=VALUES"),
            ("preparers=0..3", "--preparers"),
            ("tills=tills=2", "twice"),
        ] {
            let e = PlanAxis::parse(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn points_apply_every_tied_switch_and_cost_them() {
        let base = Scenario::load("demo1").unwrap();
        let axes = [PlanAxis::parse("preparers=partitions=2,4").unwrap()];
        let cost = default_cost(&axes);
        let (points, scenarios) = grid_points(&base, &axes, &cost).unwrap();
        assert_eq!(scenarios[1].preparers.count, 4);
        assert_eq!(scenarios[1].kafka.orders_partitions, 4);
        assert_eq!(points[1].cost, 8.0);
        assert_eq!(points[0].coords, [2.0]);
    }

    #[test]
    fn monotone_needs_capacity_and_easier_targets() {
        let wait = [Target::parse("wait_p99_s <= 3").unwrap()];
        assert_eq!(monotone_obstacle(Switch::Preparers, &wait), None);
        assert!(monotone_obstacle(Switch::Tills, &wait).is_some());
        let util = [Target::parse("preparer_utilisation >= 0.5").unwrap()];
        assert!(
            monotone_obstacle(Switch::Preparers, &util)
                .unwrap()
                .contains("other way")
        );
    }
}
