//! The grid of a sweep: which switches take which values, and their cartesian product.
//!
//! Not the running: see the runner.

use crate::scenario::{
    AssignorKind, GroupProtocolKind, Overrides, parse_assignor_switch, parse_count_switch,
    parse_group_protocol_switch, parse_open_for_switch, parse_share_switch, parse_static_switch,
};

/// Most runs (points times replications) a sweep makes without `--yes`.
pub const MAX_RUNS_WITHOUT_YES: u64 = 10_000;

/// A switch of `chipshop run` that a sweep can vary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Switch {
    /// `--preparers`.
    Preparers,
    /// `--tills`.
    Tills,
    /// `--partitions`.
    Partitions,
    /// `--plaice-share`.
    PlaiceShare,
    /// `--open-for`.
    OpenFor,
    /// `--group-protocol`.
    GroupProtocol,
    /// `--assignor`.
    Assignor,
    /// `--static`.
    Static,
}

impl Switch {
    /// The switch whose sweep.csv column is `column` (`preparers`).
    pub fn from_column(column: &str) -> Option<Switch> {
        Switch::ALL.into_iter().find(|s| s.column() == column)
    }

    /// Sets this switch to `value` (checked by [`Axis::parse`]) in `overrides`.
    pub fn set(self, overrides: &mut Overrides, value: &str) {
        set(overrides, self, value);
    }

    /// The switch as typed on the command line, e.g. `--preparers`.
    pub fn flag(self) -> &'static str {
        match self {
            Switch::Preparers => "--preparers",
            Switch::Tills => "--tills",
            Switch::Partitions => "--partitions",
            Switch::PlaiceShare => "--plaice-share",
            Switch::OpenFor => "--open-for",
            Switch::GroupProtocol => "--group-protocol",
            Switch::Assignor => "--assignor",
            Switch::Static => "--static",
        }
    }

    /// Every switch, in the grid's order (and sweep.csv's columns').
    pub const ALL: [Switch; 8] = [
        Switch::Preparers,
        Switch::Tills,
        Switch::Partitions,
        Switch::PlaiceShare,
        Switch::OpenFor,
        Switch::GroupProtocol,
        Switch::Assignor,
        Switch::Static,
    ];

    /// The column name in sweep.csv, e.g. `preparers`.
    pub fn column(self) -> &'static str {
        &self.flag()[2..]
    }
}

/// A grid that makes no sense.
#[derive(Debug, thiserror::Error)]
pub enum GridError {
    /// A value list or range that cannot be read.
    #[error("{switch}: {message}")]
    BadValues {
        /// The switch, e.g. `--tills`.
        switch: &'static str,
        /// What is wrong and what is valid.
        message: String,
    },
    /// Too many runs without `--yes`.
    #[error(
        "--replications: {points} grid points times {replications} replications is {runs} runs, more than {max}: add --yes to run them anyway"
    )]
    TooManyRuns {
        /// Grid points.
        points: u64,
        /// Replications per point.
        replications: u64,
        /// Their product.
        runs: u64,
        /// The limit.
        max: u64,
    },
}

/// One swept switch and its values, as text (kept for the output) and parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// The switch.
    pub switch: Switch,
    /// The values as they will be written in sweep.csv.
    pub values: Vec<String>,
}

impl Axis {
    /// Parses `1..8` (inclusive, integer switches only) or `1,2,4` for `switch`; each value
    /// is checked by the rule of the key the switch sets, as `chipshop run` checks it.
    pub fn parse(switch: Switch, text: &str) -> Result<Axis, GridError> {
        let bad = |message: String| GridError::BadValues {
            switch: switch.flag(),
            message,
        };
        let count_key = match switch {
            Switch::Preparers => Some("preparers.count"),
            Switch::Tills => Some("tills.count"),
            Switch::Partitions => Some("kafka.orders_partitions"),
            _ => None,
        };
        let mut values = Vec::new();
        if let Some((a, b)) = text.split_once("..") {
            let Some(key) = count_key else {
                return Err(bad(format!(
                    "ranges are for whole numbers only: give a list such as 0.1,0.2 (got {text:?})"
                )));
            };
            let a = parse_count_switch(key, a).map_err(|e| bad(format!("{a:?}: {e}")))?;
            let b = parse_count_switch(key, b).map_err(|e| bad(format!("{b:?}: {e}")))?;
            if a > b {
                return Err(bad(format!(
                    "the range {text} is empty: give a..b with a <= b, e.g. 1..8"
                )));
            }
            values.extend((a..=b).map(|n| n.to_string()));
        } else {
            for part in text.split(',') {
                let part = part.trim();
                let value = match count_key {
                    Some(key) => parse_count_switch(key, part).map(|n| n.to_string()),
                    None => match switch {
                        Switch::PlaiceShare => parse_share_switch(part).map(|x| x.to_string()),
                        Switch::GroupProtocol => {
                            parse_group_protocol_switch(part).map(|p| p.name().to_string())
                        }
                        Switch::Assignor => {
                            parse_assignor_switch(part).map(|a| a.name().to_string())
                        }
                        Switch::Static => parse_static_switch(part).map(|b| b.to_string()),
                        _ => parse_open_for_switch(part).map(|_| part.to_string()),
                    },
                };
                values.push(value.map_err(|e| bad(format!("{part:?}: {e}")))?);
            }
        }
        if values.is_empty() {
            return Err(bad("no values: give a range a..b or a list a,b,c".into()));
        }
        Ok(Axis { switch, values })
    }
}

/// The swept switches, in a fixed order; the grid is their cartesian product with the last
/// axis varying fastest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grid {
    /// The axes, in order.
    pub axes: Vec<Axis>,
}

/// One point of the grid: a value for every axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// The values, one per axis, as text.
    pub values: Vec<String>,
    /// The same as overrides for the scenario (without the seed).
    pub overrides: Overrides,
}

impl Grid {
    /// All points, in grid order. A grid with no axes has one point: the scenario itself.
    /// Where both `--group-protocol` and `--assignor` are swept, the points that pair a
    /// protocol with the other's assignor (classic with uniform; consumer with round_robin or
    /// cooperative_sticky) are left out.
    pub fn points(&self) -> Vec<Point> {
        let mut points = vec![Point {
            values: Vec::new(),
            overrides: Overrides::default(),
        }];
        for axis in &self.axes {
            let mut next = Vec::with_capacity(points.len() * axis.values.len());
            for p in &points {
                for v in &axis.values {
                    let mut q = p.clone();
                    q.values.push(v.clone());
                    set(&mut q.overrides, axis.switch, v);
                    next.push(q);
                }
            }
            points = next;
        }
        points.retain(|p| {
            !matches!(
                (p.overrides.group_protocol, p.overrides.assignor),
                (
                    Some(GroupProtocolKind::Classic),
                    Some(AssignorKind::Uniform)
                ) | (
                    Some(GroupProtocolKind::Consumer),
                    Some(AssignorKind::RoundRobin | AssignorKind::CooperativeSticky)
                )
            )
        });
        points
    }

    /// Checks the number of runs against [`MAX_RUNS_WITHOUT_YES`].
    pub fn check_size(&self, replications: u64, yes: bool) -> Result<(), GridError> {
        let points: u64 = self.axes.iter().map(|a| a.values.len() as u64).product();
        let runs = points.saturating_mul(replications);
        if runs > MAX_RUNS_WITHOUT_YES && !yes {
            return Err(GridError::TooManyRuns {
                points,
                replications,
                runs,
                max: MAX_RUNS_WITHOUT_YES,
            });
        }
        Ok(())
    }
}

/// Values were checked by [`Axis::parse`], so they parse here.
fn set(o: &mut Overrides, switch: Switch, v: &str) {
    match switch {
        Switch::Preparers => o.preparers = v.parse().ok(),
        Switch::Tills => o.tills = v.parse().ok(),
        Switch::Partitions => o.partitions = v.parse().ok(),
        Switch::PlaiceShare => o.plaice_share = v.parse().ok(),
        Switch::OpenFor => o.open_for = v.parse().ok(),
        Switch::GroupProtocol => o.group_protocol = parse_group_protocol_switch(v).ok(),
        Switch::Assignor => o.assignor = parse_assignor_switch(v).ok(),
        Switch::Static => o.static_members = parse_static_switch(v).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_inclusive_and_lists_keep_order() {
        assert_eq!(
            Axis::parse(Switch::Preparers, "1..3").unwrap().values,
            ["1", "2", "3"]
        );
        assert_eq!(
            Axis::parse(Switch::Tills, "4,1,2").unwrap().values,
            ["4", "1", "2"]
        );
    }

    #[test]
    fn bad_values_name_the_switch() {
        for (s, t) in [
            (Switch::Tills, "0"),
            (Switch::Preparers, "5..2"),
            (Switch::Partitions, "x"),
            (Switch::PlaiceShare, "1..2"),
        ] {
            let e = Axis::parse(s, t).unwrap_err().to_string();
            assert!(e.starts_with(s.flag()), "{e}");
        }
    }

    #[test]
    fn product_varies_the_last_axis_fastest() {
        let g = Grid {
            axes: vec![
                Axis::parse(Switch::Preparers, "1..2").unwrap(),
                Axis::parse(Switch::Tills, "1,4").unwrap(),
            ],
        };
        let v: Vec<_> = g.points().into_iter().map(|p| p.values.join(" ")).collect();
        assert_eq!(v, ["1 1", "1 4", "2 1", "2 4"]);
        assert!(g.check_size(2500, false).is_ok());
        assert!(g.check_size(2501, false).is_err());
        assert!(g.check_size(2501, true).is_ok());
    }

    #[test]
    fn a_protocol_is_never_paired_with_the_others_assignor() {
        let g = Grid {
            axes: vec![
                Axis::parse(Switch::GroupProtocol, "classic,consumer").unwrap(),
                Axis::parse(Switch::Assignor, "range,cooperative_sticky,uniform").unwrap(),
                Axis::parse(Switch::Static, "false,true").unwrap(),
            ],
        };
        let v: Vec<_> = g.points().into_iter().map(|p| p.values.join(" ")).collect();
        assert_eq!(
            v,
            [
                "classic range false",
                "classic range true",
                "classic cooperative_sticky false",
                "classic cooperative_sticky true",
                "consumer range false",
                "consumer range true",
                "consumer uniform false",
                "consumer uniform true",
            ]
        );
        assert!(Axis::parse(Switch::Assignor, "sticky").is_err());
        assert!(Axis::parse(Switch::Static, "yes").is_err());
    }
}
