//! The command-line switches that override scenario keys (`--tills` sets `[tills] count`):
//! parsing their values by the keys' own rules, applying them, and errors that name the switch.

use serde::{Deserialize, Serialize};

use super::config::{AssignorKind, GroupProtocolKind, Scenario};
use super::error::{Place, ScenarioError};
use super::keys::{self, Rule};
use super::locate::KeyPath;
use crate::engine::SimDuration;

/// Command-line overrides of the numbers people change most.
///
/// A scenario keeps the ones applied to it (all but the seed, which every output names anyway)
/// in `[shop.overrides]`, so that the resolved scenario.toml, summary.json and the charts'
/// corner say how a run differs from the scenario it is named after.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Overrides {
    /// `--seed`.
    #[serde(skip)]
    pub seed: Option<u64>,
    /// `--tills`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tills: Option<u32>,
    /// `--preparers`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preparers: Option<u32>,
    /// `--partitions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partitions: Option<u32>,
    /// `--plaice-share`: the share of orders with plaice, on any menu; turns plaice on (off at 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plaice_share: Option<f64>,
    /// `--open-for`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_for: Option<SimDuration>,
    /// `--group-protocol`: `classic` or `consumer`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_protocol: Option<GroupProtocolKind>,
    /// `--assignor`: the preparers' assignor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignor: Option<AssignorKind>,
    /// `--static`: static membership for the preparers.
    #[serde(rename = "static", skip_serializing_if = "Option::is_none")]
    pub static_members: Option<bool>,
}

/// Each switch and the keys it sets.
const SWITCHES: [(&str, &[&str]); 9] = [
    ("--seed", &["shop.seed"]),
    ("--tills", &["tills.count"]),
    ("--preparers", &["preparers.count"]),
    ("--partitions", &["kafka.orders_partitions"]),
    ("--plaice-share", &["orders.plaice_share", "orders.plaice"]),
    ("--open-for", &["shop.open_for"]),
    ("--group-protocol", &["kafka.group_protocol"]),
    ("--assignor", &["kafka.assignor"]),
    ("--static", &["preparers.static"]),
];

impl Overrides {
    /// The switches given, with their values as typed back.
    fn given(&self) -> Vec<(&'static str, String)> {
        let mut given = Vec::new();
        let mut add = |switch: &'static str, value: Option<String>| {
            if let Some(v) = value {
                given.push((switch, v));
            }
        };
        add("--seed", self.seed.map(|v| v.to_string()));
        add("--tills", self.tills.map(|v| v.to_string()));
        add("--preparers", self.preparers.map(|v| v.to_string()));
        add("--partitions", self.partitions.map(|v| v.to_string()));
        add("--plaice-share", self.plaice_share.map(|v| v.to_string()));
        add("--open-for", self.open_for.map(|v| v.to_string()));
        add(
            "--group-protocol",
            self.group_protocol.map(|v| v.name().to_string()),
        );
        add("--assignor", self.assignor.map(|v| v.name().to_string()));
        add("--static", self.static_members.map(|v| v.to_string()));
        given
    }

    /// Whether no switch (other than the seed) is set.
    pub fn is_empty(&self) -> bool {
        self.describe().is_empty()
    }

    /// The switches set, other than the seed, in the command line's order, as a reader says
    /// them: `["preparers 3", "open for 30m"]`.
    pub fn describe(&self) -> Vec<String> {
        self.given()
            .into_iter()
            .filter(|(switch, _)| *switch != "--seed")
            .map(|(switch, value)| {
                format!(
                    "{} {value}",
                    switch.trim_start_matches("--").replace('-', " ")
                )
            })
            .collect()
    }

    /// These overrides, then `later`'s on top (a later switch wins); the seed is not kept.
    fn then(&self, later: &Overrides) -> Overrides {
        Overrides {
            seed: None,
            tills: later.tills.or(self.tills),
            preparers: later.preparers.or(self.preparers),
            partitions: later.partitions.or(self.partitions),
            plaice_share: later.plaice_share.or(self.plaice_share),
            open_for: later.open_for.or(self.open_for),
            group_protocol: later.group_protocol.or(self.group_protocol),
            assignor: later.assignor.or(self.assignor),
            static_members: later.static_members.or(self.static_members),
        }
    }
}

impl Scenario {
    /// Applies command-line overrides and checks the result: an error names the switch whose
    /// value breaks a rule (or makes another key's value break one).
    pub fn apply(&mut self, o: &Overrides) -> Result<(), ScenarioError> {
        // On a clone, so that an error leaves the scenario as it was.
        let mut s = self.clone();
        if let Some(seed) = o.seed {
            s.shop.seed = seed;
        }
        if let Some(n) = o.tills {
            s.tills.count = n;
        }
        if let Some(n) = o.preparers {
            s.preparers.count = n;
        }
        if let Some(n) = o.partitions {
            s.kafka.orders_partitions = n;
        }
        if let Some(share) = o.plaice_share {
            s.orders.plaice = share > 0.0;
            s.orders.plaice_share = Some(share);
        }
        if let Some(d) = o.open_for {
            s.shop.open_for = d;
        }
        if let Some(p) = o.group_protocol {
            s.kafka.group_protocol = p;
            if o.assignor.is_none() {
                // The scenario's assignor may be the other protocol's: the new protocol's
                // default then applies, as if the file had left it out.
                if s.kafka.protocol().is_err() {
                    s.kafka.assignor = None;
                }
            }
        }
        if let Some(a) = o.assignor {
            s.kafka.assignor = Some(a);
        }
        if let Some(b) = o.static_members {
            s.preparers.static_members = b;
        }
        s.shop.overrides = s.shop.overrides.then(o);
        let problems = s.problems();
        if problems.is_empty() {
            *self = s;
            return Ok(());
        }
        let given = o.given();
        let switch_of = |key: &KeyPath| {
            let (switch, _) = SWITCHES
                .iter()
                .find(|(_, keys)| keys.contains(&key.path.as_str()))?;
            given.iter().find(|(s, _)| s == switch)
        };
        for problem in &problems {
            if let Some((switch, value)) = problem.keys().find_map(switch_of) {
                return Err(ScenarioError::Switch {
                    switch,
                    value: value.clone(),
                    message: format!("{}: {}", problem.key, problem.message),
                });
            }
        }
        let problem = &problems[0];
        Err(ScenarioError::Invalid {
            place: Place {
                file: format!("scenario {}", s.shop.name),
                line_column: None,
                key: Some(problem.key.to_string()),
            },
            message: problem.message.clone(),
        })
    }
}

/// Parses the value of a switch that sets a whole-number key (`--tills` sets `tills.count`)
/// and checks it by that key's rule.
pub fn parse_count_switch(key: &str, text: &str) -> Result<u32, String> {
    let k = keys::key(key).expect("switches set known keys");
    let Rule::Count { min, max } = k.rule else {
        unreachable!("{key} is a count")
    };
    let valid = || format!("give {} (it sets {})", k.rule.valid(), KeyPath::new(key));
    match text.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n as u32),
        _ => Err(valid()),
    }
}

/// Parses `--seed`: a whole number from 0 to 2^64 - 1.
pub fn parse_seed_switch(text: &str) -> Result<u64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("give a whole number from 0 to {}", u64::MAX))
}

/// Parses `--plaice-share`: the share of orders with plaice, from 0 to 1.
pub fn parse_share_switch(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(
            "give a share of orders from 0 to 1, such as 0.25 (it sets [orders] plaice_share)"
                .into(),
        ),
    }
}

/// Parses `--trace-window FROM..TO` (`10m..12m`; either end may be left out: `..2m`, `1h..`):
/// the stretch of simulated time the traces keep, `FROM` included, `TO` not.
pub fn parse_trace_window_switch(text: &str) -> Result<(SimDuration, Option<SimDuration>), String> {
    let valid = "FROM..TO with durations such as 10m..12m (either end may be left out)";
    let Some((from, to)) = text.split_once("..") else {
        return Err(format!("{text:?} has no \"..\": give {valid}"));
    };
    let end = |s: &str| -> Result<Option<SimDuration>, String> {
        if s.trim().is_empty() {
            return Ok(None);
        }
        s.trim()
            .parse::<SimDuration>()
            .map(Some)
            .map_err(|e| format!("{e}: give {valid}"))
    };
    let from = end(from)?.unwrap_or(SimDuration::ZERO);
    let to = end(to)?;
    if let Some(to) = to {
        if to <= from {
            return Err(format!(
                "the window ends ({to}) before it starts ({from}): give {valid}"
            ));
        }
    }
    Ok((from, to))
}

/// Parses `--group-protocol`: `classic` or `consumer`.
pub fn parse_group_protocol_switch(text: &str) -> Result<GroupProtocolKind, String> {
    match text.trim() {
        "classic" => Ok(GroupProtocolKind::Classic),
        "consumer" => Ok(GroupProtocolKind::Consumer),
        _ => Err("give classic or consumer (it sets [kafka] group_protocol)".into()),
    }
}

/// Parses `--assignor`: an assignor name of either protocol.
pub fn parse_assignor_switch(text: &str) -> Result<AssignorKind, String> {
    match text.trim() {
        "range" => Ok(AssignorKind::Range),
        "round_robin" => Ok(AssignorKind::RoundRobin),
        "cooperative_sticky" => Ok(AssignorKind::CooperativeSticky),
        "uniform" => Ok(AssignorKind::Uniform),
        _ => Err("give range, round_robin or cooperative_sticky (classic protocol), or uniform or range (consumer protocol); it sets [kafka] assignor".into()),
    }
}

/// Parses `--static`: `true` or `false`.
pub fn parse_static_switch(text: &str) -> Result<bool, String> {
    match text.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err("give true or false (it sets [preparers] static)".into()),
    }
}

/// Parses `--open-for`: a duration above zero.
pub fn parse_open_for_switch(text: &str) -> Result<SimDuration, String> {
    let valid = Rule::Duration { positive: true }.valid();
    match text.parse::<SimDuration>() {
        Ok(d) if d > SimDuration::ZERO => Ok(d),
        Ok(_) => Err(format!("0s is too short: give {valid}")),
        Err(e) => Err(format!("{e}: give {valid}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_apply_and_are_checked() {
        let mut s = Scenario::default();
        s.apply(&Overrides {
            seed: Some(9),
            tills: Some(4),
            preparers: Some(2),
            partitions: Some(6),
            plaice_share: Some(0.3),
            open_for: Some("30m".parse().unwrap()),
            ..Overrides::default()
        })
        .unwrap();
        assert_eq!((s.shop.seed, s.tills.count, s.preparers.count), (9, 4, 2));
        assert_eq!(s.kafka.orders_partitions, 6);
        assert!(s.orders.plaice);
        assert_eq!(s.orders.plaice_share, Some(0.3));
        assert_eq!(s.shop.open_for.as_nanos(), 1800 * 1_000_000_000);
        let err = s
            .apply(&Overrides {
                plaice_share: Some(1.5),
                ..Overrides::default()
            })
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("--plaice-share 1.5: "), "{err}");
        let err = s
            .apply(&Overrides {
                tills: Some(0),
                ..Overrides::default()
            })
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("--tills 0: [tills] count: ") && err.contains("from 1 to 10000"),
            "{err}"
        );
    }

    #[test]
    fn a_switch_that_breaks_another_key_is_named() {
        let mut s = Scenario::from_toml(
            "[shop]\nopen_for = \"10m\"\n[preparers]\ncount = 3\n[[faults]]\ncrash = 3\nat = \"5m\"\n",
            "f.toml",
        )
        .unwrap();
        let err = s
            .clone()
            .apply(&Overrides {
                preparers: Some(2),
                ..Overrides::default()
            })
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("--preparers 2: [[faults]] #1 crash: there is no preparer 3"),
            "{err}"
        );
        let err = s
            .apply(&Overrides {
                open_for: Some("1m".parse().unwrap()),
                ..Overrides::default()
            })
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("--open-for 1m: [[faults]] #1 at: 5m"),
            "{err}"
        );
    }

    #[test]
    fn switch_values_are_checked_by_the_keys_rules() {
        assert_eq!(parse_count_switch("tills.count", "3"), Ok(3));
        for bad in ["0", "-1", "10001", "x", "4294967296"] {
            let err = parse_count_switch("tills.count", bad).unwrap_err();
            assert!(
                err.contains("from 1 to 10000") && err.contains("[tills] count"),
                "{err}"
            );
        }
        assert_eq!(parse_seed_switch("18446744073709551615"), Ok(u64::MAX));
        assert!(parse_seed_switch("-1").is_err());
        assert!(parse_share_switch("-0.1").is_err());
        assert!(parse_share_switch("NaN").is_err());
        assert_eq!(parse_share_switch("1"), Ok(1.0));
        assert!(
            parse_open_for_switch("0s")
                .unwrap_err()
                .contains("too short")
        );
        assert!(
            parse_open_for_switch("-5m")
                .unwrap_err()
                .contains("negative")
        );
    }
}
