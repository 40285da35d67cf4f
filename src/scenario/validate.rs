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

    /// The rules of one `[[faults]]` table (the `i`-th).
    fn fault_problems(&self, i: usize, fault: &FaultConfig, problems: &mut Vec<Problem>) {
        // Preparers added by earlier faults (earlier in time, or in the list at the same
        // time) exist by then.
        let added = self
            .faults
            .iter()
            .enumerate()
            .filter(|&(j, f)| f.add_preparer && (f.at, j) < (fault.at, i))
            .count() as u32;
        let preparers = self.preparers.count + added;
        let named: Vec<(&str, u32)> = [
            ("faults.crash", fault.crash),
            ("faults.stall", fault.stall),
            ("faults.leave", fault.leave),
            ("faults.restart", fault.restart),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect();
        match named.as_slice() {
            [] if fault.add_preparer => {}
            [(key, _), ..] if fault.add_preparer => problems.push(Problem::new(
                KeyPath::at(key, i),
                &[],
                "a fault does one thing; valid: add_preparer = true alone, or one of crash, stall, leave and restart".into(),
            )),
            [] => problems.push(Problem::new(
                KeyPath::at("faults.at", i),
                &[],
                "this fault names no preparer; valid: one of crash = N, stall = N, leave = N, restart = N, or add_preparer = true"
                    .into(),
            )),
            [(key, n)] => {
                if *n > preparers {
                    problems.push(Problem::new(
                        KeyPath::at(key, i),
                        &["preparers.count"],
                        format!(
                            "there is no preparer {n}; valid: 1 to {preparers} ([preparers] count)"
                        ),
                    ));
                }
            }
            [_, (key, _), ..] => problems.push(Problem::new(
                KeyPath::at(key, i),
                &[],
                "a fault does one thing; valid: one of crash, stall and leave, or restart, per [[faults]] table"
                    .into(),
            )),
        }
        let stall = fault.stall.is_some();
        if stall && fault.stall_for.is_none() {
            problems.push(Problem::new(
                KeyPath::at("faults.stall", i),
                &[],
                "a stall needs its length; valid: add for = \"6m\" (any duration above 0)".into(),
            ));
        }
        if !stall && fault.stall_for.is_some() {
            problems.push(Problem::new(
                KeyPath::at("faults.for", i),
                &[],
                "`for` is the length of a stall; valid: only with stall = N".into(),
            ));
        }
        if stall && fault.restart_after.is_some() {
            problems.push(Problem::new(
                KeyPath::at("faults.restart_after", i),
                &[],
                "a stalled preparer does not stop, so it does not restart; valid: restart_after only with crash or leave".into(),
            ));
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

    /// Rules between keys.
    fn cross_problems(&self, problems: &mut Vec<Problem>) {
        let k = &self.kafka;
        if k.heartbeat_interval() >= k.session_timeout() {
            let (hb, session) = (k.heartbeat_interval(), k.session_timeout());
            let problem = if k.heartbeat_interval.is_some() {
                Problem::new(
                    KeyPath::new("kafka.heartbeat_interval"),
                    &["kafka.session_timeout"],
                    format!(
                        "{hb} is not shorter than the session timeout ({session}); valid: shorter, as Kafka requires"
                    ),
                )
            } else {
                Problem::new(
                    KeyPath::new("kafka.session_timeout"),
                    &["kafka.heartbeat_interval"],
                    format!(
                        "{session} is not longer than the heartbeat interval ({hb}, the {} protocol's default); valid: longer, as Kafka requires",
                        k.group_protocol.name()
                    ),
                )
            };
            problems.push(problem);
        }
        if let Err(e) = k.protocol() {
            problems.push(Problem::new(
                KeyPath::new("kafka.assignor"),
                &["kafka.group_protocol"],
                format!(
                    "{e}; valid: range, round_robin or cooperative_sticky with group_protocol = \"classic\", uniform or range with group_protocol = \"consumer\""
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
        self.profile_problems(problems);
    }

    /// A profile must let some orders in while the shop is open.
    fn profile_problems(&self, problems: &mut Vec<Problem>) {
        let open = self.shop.open_for;
        for (section, profile) in [
            ("tills", self.tills.rate_profile()),
            ("web", self.web.rate_profile().filter(|_| self.web.enabled)),
        ] {
            if profile.is_some_and(|p| p.mean_rate(open) <= 0.0) {
                problems.push(Problem::new(
                    KeyPath::new(&format!("{section}.profile")),
                    &["shop.open_for"],
                    format!(
                        "the rate is 0 for all of the opening hours ([shop] open_for = {open}), so no order would come; valid: a rate above 0 at some point before {open}"
                    ),
                ));
            }
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
        if self.tills.profile.is_empty() {
            off("tills.profile_shape", "", "[tills] profile is empty");
        }
        if self.web.enabled && self.web.profile.is_empty() {
            off("web.profile_shape", "", "[web] profile is empty");
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
    use crate::engine::SimDuration;
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
        // The key set is the one at fault: here the session timeout, below the default
        // heartbeat interval.
        s.kafka.session_timeout = Some("2s".parse().unwrap());
        let p = &s.problems()[0];
        assert_eq!(p.key, KeyPath::new("kafka.session_timeout"));
        assert_eq!(p.others, vec![KeyPath::new("kafka.heartbeat_interval")]);
        s.kafka.heartbeat_interval = Some("2s".parse().unwrap());
        let p = &s.problems()[0];
        assert_eq!(p.key, KeyPath::new("kafka.heartbeat_interval"));
    }

    #[test]
    fn an_assignor_of_the_other_protocol_says_which_takes_which() {
        let text = "[kafka]\ngroup_protocol = \"consumer\"\nassignor = \"cooperative_sticky\"\n";
        let err = Scenario::from_toml(text, "t.toml").unwrap_err().to_string();
        assert!(
            err.contains("assignor") && err.contains("uniform or range"),
            "{err}"
        );
        let text = "[kafka]\nassignor = \"uniform\"\n";
        let err = Scenario::from_toml(text, "t.toml").unwrap_err().to_string();
        assert!(err.contains("group.protocol=consumer"), "{err}");
        // Left out, the assignor is the protocol's default.
        let s = Scenario::from_toml("[kafka]\ngroup_protocol = \"consumer\"\n", "t.toml").unwrap();
        assert_eq!(s.kafka.assignor(), crate::scenario::AssignorKind::Uniform);
        assert_eq!(s.kafka.heartbeat_interval(), SimDuration::from_secs(5));
    }

    #[test]
    fn a_fault_does_one_thing_and_a_stall_has_a_length() {
        let base = "[preparers]\ncount = 2\n[[faults]]\nat = \"1m\"\n";
        for (fault, key, says) in [
            ("", "at", "names no preparer"),
            (
                "crash = 1\nleave = 2\n",
                "leave",
                "one of crash, stall and leave",
            ),
            ("stall = 1\n", "stall", "for = "),
            ("crash = 1\nfor = \"1m\"\n", "for", "only with stall"),
            (
                "stall = 1\nfor = \"1m\"\nrestart_after = \"1m\"\n",
                "restart_after",
                "only with crash or leave",
            ),
            ("leave = 3\n", "leave", "no preparer 3"),
        ] {
            let text = format!("{base}{fault}");
            let err = Scenario::from_toml(&text, "t.toml")
                .unwrap_err()
                .to_string();
            assert!(
                err.contains(&format!("[[faults]] #1 {key}")) && err.contains(says),
                "{fault:?}: {err}"
            );
        }
        let ok = format!("{base}stall = 2\nfor = \"6m\"\n");
        assert!(Scenario::from_toml(&ok, "t.toml").is_ok());
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
