//! Checking a scenario: every key against its rule (keys.rs), the rules that tie keys together,
//! and the keys a file sets that would have no effect.
//!
//! Not the messages' places: a [`Problem`] names keys, and the loader (or the command line)
//! says where they are.

use serde_json::Value;

use super::config::{FaultConfig, MenuKind, Scenario};
use super::keys::{ARRAYS, KEYS};
use super::locate::{KeyPath, Located};

/// A value that breaks a rule: the key at fault, the other keys the rule involves, and what is
/// wrong and valid.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The key whose value is refused.
    pub key: KeyPath,
    /// Other keys whose values the rule compares it with.
    pub others: Vec<KeyPath>,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl Problem {
    fn new(key: KeyPath, others: &[&str], message: String) -> Problem {
        Problem {
            key,
            others: others.iter().map(|p| KeyPath::new(p)).collect(),
            message,
        }
    }

    /// The key at fault, then the others.
    pub fn keys(&self) -> impl Iterator<Item = &KeyPath> {
        std::iter::once(&self.key).chain(&self.others)
    }
}

/// The value at a dotted path of a JSON object (`Null` where there is none).
fn at<'v>(value: &'v Value, path: &str) -> &'v Value {
    path.split('.').fold(value, |v, name| &v[name])
}

impl Scenario {
    /// Every rule the scenario breaks, in the order of the reference (empty: it is valid).
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        // JSON has no NaN or infinity (they become null), so floats are checked here first.
        let floats = self.float_keys();
        let mut not_finite = Vec::new();
        for (path, x) in floats {
            if x.is_some_and(|x| !x.is_finite()) {
                let rule = super::keys::key(path).expect("float keys are keys").rule;
                let x = x.unwrap_or_default();
                problems.push(Problem::new(
                    KeyPath::new(path),
                    &[],
                    format!("{x} is not a finite number; valid: {}", rule.valid()),
                ));
                not_finite.push(path);
            }
        }
        let json = serde_json::to_value(self).expect("a scenario always serializes to JSON");
        for key in KEYS.iter().filter(|k| !not_finite.contains(&k.path)) {
            let (section, name) = key.split();
            if ARRAYS.contains(&section) {
                let elements = json[section].as_array().map_or(&[][..], |a| a.as_slice());
                for (i, element) in elements.iter().enumerate() {
                    if let Err(message) = key.rule.check(&element[name]) {
                        problems.push(Problem::new(KeyPath::at(key.path, i), &[], message));
                    }
                }
            } else if let Err(message) = key.rule.check(at(&json, key.path)) {
                problems.push(Problem::new(KeyPath::new(key.path), &[], message));
            }
        }
        self.cross_problems(&mut problems);
        problems
    }

    /// Every key that holds a float, with its value (`None`: left out).
    fn float_keys(&self) -> [(&'static str, Option<f64>); 8] {
        let m = &self.orders.mix;
        [
            ("orders.plaice_share", self.orders.plaice_share),
            ("orders.mix.cod", Some(m.cod)),
            ("orders.mix.chips", Some(m.chips)),
            ("orders.mix.large_chips", Some(m.large_chips)),
            ("orders.mix.plaice", Some(m.plaice)),
            ("orders.mix.pie", Some(m.pie)),
            ("orders.mix.extra_portion", Some(m.extra_portion)),
            ("web.no_show", Some(self.web.no_show)),
        ]
    }

    /// Rules between keys.
    fn cross_problems(&self, problems: &mut Vec<Problem>) {
        let k = &self.kafka;
        if k.heartbeat_interval >= k.session_timeout {
            problems.push(Problem::new(
                KeyPath::new("kafka.heartbeat_interval"),
                &["kafka.session_timeout"],
                format!(
                    "{} is not shorter than [kafka] session_timeout ({}); valid: shorter, as Kafka requires",
                    k.heartbeat_interval, k.session_timeout
                ),
            ));
        }
        let preparers = self.preparers.count;
        for (i, fault) in self.faults.iter().enumerate() {
            self.fault_problems(i, fault, problems);
        }
        let sc = &self.scaling;
        if sc.enabled && sc.max_preparers < preparers {
            problems.push(Problem::new(
                KeyPath::new("scaling.max_preparers"),
                &["preparers.count"],
                format!(
                    "{} is below [preparers] count ({preparers}); valid: at least that many",
                    sc.max_preparers
                ),
            ));
        }
        self.menu_problems(problems);
    }

    /// Rules of one `[[faults]]` table: one kind, a preparer that exists by then, before closing.
    fn fault_problems(&self, i: usize, fault: &FaultConfig, problems: &mut Vec<Problem>) {
        let kinds = [
            fault.crash.is_some(),
            fault.restart.is_some(),
            fault.add_preparer,
        ];
        if kinds.iter().filter(|&&k| k).count() != 1 {
            let key = if fault.restart.is_some() {
                "faults.restart"
            } else {
                "faults.crash"
            };
            problems.push(Problem::new(
                KeyPath::at(key, i),
                &[],
                "a [[faults]] table does one thing; valid: exactly one of crash = N, restart = N, add_preparer = true".into(),
            ));
        }
        if fault.restart_after.is_some() && fault.crash.is_none() {
            problems.push(Problem::new(
                KeyPath::at("faults.restart_after", i),
                &[],
                "restart_after goes with crash; valid: leave it out, or give crash = N".into(),
            ));
        }
        // Preparers added by earlier faults (earlier in time, or in the list at the same time)
        // exist by then.
        let added = self
            .faults
            .iter()
            .enumerate()
            .filter(|&(j, f)| f.add_preparer && (f.at, j) < (fault.at, i))
            .count() as u32;
        let there = self.preparers.count + added;
        for (key, preparer) in [
            ("faults.crash", fault.crash),
            ("faults.restart", fault.restart),
        ] {
            if let Some(p) = preparer.filter(|&p| p > there) {
                problems.push(Problem::new(
                    KeyPath::at(key, i),
                    &["preparers.count"],
                    format!(
                        "there is no preparer {p}; valid: 1 to {there} ([preparers] count{})",
                        if added > 0 {
                            " and the preparers added before"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        }
        if fault.at >= self.shop.open_for {
            problems.push(Problem::new(
                KeyPath::at("faults.at", i),
                &["shop.open_for"],
                format!(
                    "{} is not before closing ([shop] open_for = {}), so the fault might never fire (the run ends once it has drained); valid: a time before {}",
                    fault.at, self.shop.open_for, self.shop.open_for
                ),
            ));
        }
    }

    /// Rules of the menu: some item can be ordered, and `plaice_share` agrees with `plaice`.
    fn menu_problems(&self, problems: &mut Vec<Problem>) {
        let o = &self.orders;
        let m = &o.mix;
        let others = m.cod + m.chips + m.large_chips + m.pie;
        match o.plaice_share {
            Some(share) if share > 0.0 && !o.plaice => problems.push(Problem::new(
                KeyPath::new("orders.plaice_share"),
                &["orders.plaice"],
                format!(
                    "{share} needs plaice on the menu; valid: set [orders] plaice = true, or a share of 0"
                ),
            )),
            Some(share) if share == 0.0 && o.plaice => problems.push(Problem::new(
                KeyPath::new("orders.plaice_share"),
                &["orders.plaice"],
                "0 with plaice on the menu would never sell it; valid: set [orders] plaice = false, or a share above 0".into(),
            )),
            Some(share) if o.menu == MenuKind::Mix && share < 1.0 && others <= 0.0 => {
                problems.push(Problem::new(
                    KeyPath::new("orders.plaice_share"),
                    &["orders.mix"],
                    format!(
                        "{share} leaves {} of orders to the other items, but none has a share above 0 in [orders.mix]; valid: 1, or give another item a share",
                        1.0 - share
                    ),
                ))
            }
            None if o.menu == MenuKind::Mix => {
                let plaice = if o.plaice { m.plaice } else { 0.0 };
                if others + plaice <= 0.0 {
                    problems.push(Problem::new(
                        KeyPath::new("orders.mix"),
                        &["orders.menu"],
                        "no item has a share above 0 (plaice counts only with [orders] plaice = true); valid: at least one share above 0".into(),
                    ));
                }
            }
            _ => {}
        }
    }

    /// Keys that `file` sets but that have no effect with the rest of the scenario (a switched
    /// off service's settings, the mix's shares on the dice menu).
    pub fn unused_keys(&self, file: &Located) -> Vec<Problem> {
        let mut unused = Vec::new();
        let mut off = |section: &str, keep: &str, because: &str| {
            for key in file.under(section) {
                if key.path != keep && super::keys::key(&key.path).is_some() {
                    unused.push(Problem::new(
                        key,
                        &[],
                        format!("has no effect while {because}"),
                    ));
                }
            }
        };
        let o = &self.orders;
        if o.menu == MenuKind::Dice {
            off("orders.mix", "", "[orders] menu = \"dice\"");
        } else if !o.plaice {
            off("orders.mix.plaice", "", "[orders] plaice = false");
        } else if o.plaice_share.is_some() {
            off(
                "orders.mix.plaice",
                "",
                "[orders] plaice_share sets the plaice share",
            );
        }
        if !self.cabinet.enabled {
            off("cabinet", "cabinet.enabled", "[cabinet] enabled = false");
            off("cook.top_up_every", "", "[cabinet] enabled = false");
        }
        if !self.cabinet.enabled && !o.plaice {
            off(
                "cook",
                "cook.top_up_every",
                "there is no cook (no plaice and no cabinet)",
            );
        }
        if !self.web.enabled {
            off("web", "web.enabled", "[web] enabled = false");
        }
        if !self.scaling.enabled {
            off("scaling", "scaling.enabled", "[scaling] enabled = false");
        }
        unused
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets;

    #[test]
    fn the_defaults_and_the_presets_break_no_rule() {
        assert_eq!(Scenario::default().problems(), vec![]);
        for name in presets::names() {
            let text = presets::text(name).unwrap();
            let s = Scenario::from_toml(text, name).unwrap();
            assert_eq!(s.problems(), vec![], "{name}");
            assert_eq!(s.unused_keys(&Located::new(text)), vec![], "{name}");
        }
    }

    #[test]
    fn every_float_key_is_checked_for_nan_and_infinity() {
        use super::super::keys::Rule;
        let floats: Vec<&str> = Scenario::default()
            .float_keys()
            .iter()
            .map(|(p, _)| *p)
            .collect();
        for key in KEYS {
            let is_float = matches!(
                key.rule,
                Rule::Share | Rule::Probability | Rule::OptionalProbability
            );
            assert_eq!(floats.contains(&key.path), is_float, "{}", key.path);
        }
        let mut s = Scenario::default();
        s.web.no_show = f64::NAN;
        assert!(
            s.problems()[0]
                .message
                .starts_with("NaN is not a finite number")
        );
    }

    #[test]
    fn cross_rules_name_both_keys() {
        let mut s = Scenario::default();
        s.kafka.session_timeout = "2s".parse().unwrap();
        let p = &s.problems()[0];
        assert_eq!(p.key, KeyPath::new("kafka.heartbeat_interval"));
        assert_eq!(p.others, vec![KeyPath::new("kafka.session_timeout")]);
    }

    #[test]
    fn switched_off_sections_report_their_keys() {
        let text = "[cabinet]\ntake = \"watch\"\n[orders.mix]\ncod = 2\n[web]\nno_show = 0.5\n";
        let s = Scenario::from_toml(text, "t.toml").unwrap();
        let unused: Vec<String> = s
            .unused_keys(&Located::new(text))
            .iter()
            .map(|p| p.key.to_string())
            .collect();
        assert_eq!(
            unused,
            ["[orders.mix] cod", "[cabinet] take", "[web] no_show"]
        );
    }
}
