//! Reading a scenario: from a preset name or a file, with errors that point at the line and
//! key, suggest the nearest valid key, and check values that parse but make no sense.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::config::{MenuKind, Scenario};
use super::error::ScenarioError;
use super::presets;

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
    /// `--plaice-share`: turns plaice on (unless 0) and, with the mix menu, sets its share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plaice_share: Option<f64>,
    /// `--open-for`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_for: Option<crate::engine::SimDuration>,
}

impl Overrides {
    /// Whether no switch (other than the seed) is set.
    pub fn is_empty(&self) -> bool {
        self.describe().is_empty()
    }

    /// The switches set, other than the seed, in the command line's order, as a reader says
    /// them: `["preparers 3", "open for 30m"]`.
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(n) = self.tills {
            out.push(format!("tills {n}"));
        }
        if let Some(n) = self.preparers {
            out.push(format!("preparers {n}"));
        }
        if let Some(n) = self.partitions {
            out.push(format!("partitions {n}"));
        }
        if let Some(x) = self.plaice_share {
            out.push(format!("plaice share {x}"));
        }
        if let Some(d) = self.open_for {
            out.push(format!("open for {d}"));
        }
        out
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
        }
    }
}

impl Scenario {
    /// Parses scenario TOML; `file` names the source in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario = toml::from_str(text).map_err(|e| parse_error(text, file, &e))?;
        scenario.validate(file)?;
        Ok(scenario)
    }

    /// Loads a preset by name, or else a file by path.
    pub fn load(name_or_path: &str) -> Result<Scenario, ScenarioError> {
        if let Some(text) = presets::text(name_or_path) {
            return Scenario::from_toml(text, &format!("preset {name_or_path}"));
        }
        let path = Path::new(name_or_path);
        if !path.exists() {
            return Err(ScenarioError::NotFound {
                name: name_or_path.to_string(),
                presets: presets::names().map(String::from).collect(),
            });
        }
        let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut scenario = Scenario::from_toml(&text, &path.display().to_string())?;
        if scenario.shop.name == "custom" {
            if let Some(stem) = path.file_stem() {
                scenario.shop.name = stem.to_string_lossy().into_owned();
            }
        }
        Ok(scenario)
    }

    /// Applies command-line overrides and validates the result again.
    pub fn apply(&mut self, o: &Overrides) -> Result<(), ScenarioError> {
        if let Some(seed) = o.seed {
            self.shop.seed = seed;
        }
        if let Some(n) = o.tills {
            self.tills.count = n;
        }
        if let Some(n) = o.preparers {
            self.preparers.count = n;
        }
        if let Some(n) = o.partitions {
            self.kafka.orders_partitions = n;
        }
        if let Some(share) = o.plaice_share {
            if !(0.0..=1.0).contains(&share) {
                return Err(invalid(
                    "the command line",
                    "--plaice-share",
                    format!("{share} is not a share: give a number from 0 to 1"),
                ));
            }
            self.orders.plaice = share > 0.0;
            if self.orders.menu == MenuKind::Mix {
                // Scale the other items so that plaice takes `share` of all orders.
                let m = &mut self.orders.mix;
                let others = m.cod + m.chips + m.large_chips + m.pie;
                if others > 0.0 && share < 1.0 {
                    let k = (1.0 - share) / others;
                    m.cod *= k;
                    m.chips *= k;
                    m.large_chips *= k;
                    m.pie *= k;
                }
                m.plaice = share;
            }
        }
        if let Some(d) = o.open_for {
            self.shop.open_for = d;
        }
        self.shop.overrides = self.shop.overrides.then(o);
        self.validate("the command line")
    }

    /// Checks values that parse but make no sense.
    pub fn validate(&self, file: &str) -> Result<(), ScenarioError> {
        let positive = [
            ("tills.count", self.tills.count),
            ("preparers.count", self.preparers.count),
            ("kafka.orders_partitions", self.kafka.orders_partitions),
            ("kafka.max_poll_records", self.kafka.max_poll_records),
            ("cook.baskets", self.cook.baskets),
        ];
        for (key, value) in positive {
            if value == 0 {
                return Err(invalid(file, key, "must be at least 1".into()));
            }
        }
        if self.tills.count > 10_000 || self.preparers.count > 10_000 {
            return Err(invalid(
                file,
                "tills.count / preparers.count",
                "at most 10000 each".into(),
            ));
        }
        if self.kafka.orders_partitions > 100_000 {
            return Err(invalid(
                file,
                "kafka.orders_partitions",
                "at most 100000".into(),
            ));
        }
        if self.cook.top_up_every.is_some_and(|d| d.as_nanos() == 0) {
            return Err(invalid(
                file,
                "cook.top_up_every",
                "must be longer than 0s, e.g. \"1m\"".into(),
            ));
        }
        if self.shop.sample_every.as_nanos() == 0 {
            return Err(invalid(
                file,
                "shop.sample_every",
                "must be longer than 0s, e.g. \"1s\"".into(),
            ));
        }
        if self.kafka.heartbeat_interval >= self.kafka.session_timeout {
            return Err(invalid(
                file,
                "kafka.heartbeat_interval",
                format!(
                    "{} must be shorter than kafka.session_timeout ({}), as Kafka requires",
                    self.kafka.heartbeat_interval, self.kafka.session_timeout
                ),
            ));
        }
        for (i, f) in self.faults.iter().enumerate() {
            if f.crash == 0 || f.crash > self.preparers.count {
                return Err(invalid(
                    file,
                    &format!("faults[{i}].crash"),
                    format!(
                        "there is no preparer {}: give 1 to {}",
                        f.crash, self.preparers.count
                    ),
                ));
            }
        }
        if self.scaling.enabled && self.scaling.max_preparers < self.preparers.count {
            return Err(invalid(
                file,
                "scaling.max_preparers",
                format!(
                    "{} is below preparers.count ({}): give at least that many",
                    self.scaling.max_preparers, self.preparers.count
                ),
            ));
        }
        if !(0.0..=1.0).contains(&self.web.no_show) {
            return Err(invalid(
                file,
                "web.no_show",
                format!(
                    "{} is not a probability: give a number from 0 to 1",
                    self.web.no_show
                ),
            ));
        }
        let m = &self.orders.mix;
        let shares = [
            ("orders.mix.cod", m.cod),
            ("orders.mix.chips", m.chips),
            ("orders.mix.large_chips", m.large_chips),
            ("orders.mix.plaice", m.plaice),
            ("orders.mix.pie", m.pie),
        ];
        for (key, share) in shares {
            if !(share.is_finite() && share >= 0.0) {
                return Err(invalid(
                    file,
                    key,
                    format!("{share} is not a share: give a number >= 0"),
                ));
            }
        }
        let plaice = if self.orders.plaice { m.plaice } else { 0.0 };
        if self.orders.menu == MenuKind::Mix
            && m.cod + m.chips + m.large_chips + m.pie + plaice <= 0.0
        {
            return Err(invalid(
                file,
                "orders.mix",
                "at least one item needs a share above 0".into(),
            ));
        }
        if !(0.0..=1.0).contains(&m.extra_portion) {
            return Err(invalid(
                file,
                "orders.mix.extra_portion",
                format!(
                    "{} is not a probability: give a number from 0 to 1",
                    m.extra_portion
                ),
            ));
        }
        Ok(())
    }
}

fn invalid(file: &str, key: &str, message: String) -> ScenarioError {
    ScenarioError::Invalid {
        file: file.to_string(),
        key: key.to_string(),
        message,
    }
}

/// Turns toml's error into one with the file, the line, and the nearest valid key.
fn parse_error(text: &str, file: &str, e: &toml::de::Error) -> ScenarioError {
    let (line, column) = match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            (line, column)
        }
        None => (1, 1),
    };
    let message = e.message().trim().to_string();
    let message = match suggestion(&message) {
        Some(nearest) => format!("{message}; did you mean `{nearest}`?"),
        None => message,
    };
    ScenarioError::Parse {
        file: file.to_string(),
        line,
        column,
        message,
    }
}

/// For "unknown field `tils`, expected one of `shop`, `tills`", the nearest expected key.
fn suggestion(message: &str) -> Option<String> {
    let unknown = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (unknown, rest) = unknown.split_once('`')?;
    let valid: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    valid
        .iter()
        .map(|v| (strsim::levenshtein(unknown, v), *v))
        .filter(|(distance, v)| *distance <= 1 + v.len() / 3)
        .min()
        .map(|(_, v)| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_is_the_defaults() {
        let s = Scenario::from_toml("", "empty.toml").unwrap();
        assert_eq!(s, Scenario::default());
    }

    #[test]
    fn a_misspelt_key_names_file_line_and_the_nearest_key() {
        let text = "[shop]\nopen_for = \"1m\"\n\n[tills]\ncuont = 3\n";
        let err = Scenario::from_toml(text, "my.toml")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("my.toml:5:"), "{err}");
        assert!(
            err.contains("cuont") && err.contains("did you mean `count`"),
            "{err}"
        );
    }

    #[test]
    fn a_misspelt_section_and_a_bad_enum_value_suggest_the_right_one() {
        let err = Scenario::from_toml("[tils]\ncount = 3\n", "x.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean `tills`"), "{err}");
        let err = Scenario::from_toml("[kafka]\nassignor = \"rnage\"\n", "x.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("x.toml:2:") && err.contains("`range`"),
            "{err}"
        );
    }

    #[test]
    fn bad_values_are_errors_naming_the_key() {
        let err = Scenario::from_toml("[tills]\ncount = 0\n", "z.toml")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "z.toml: tills.count: must be at least 1");
        let err = Scenario::from_toml("[tills]\ncount = -2\n", "z.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("z.toml:2:"), "{err}");
        let err = Scenario::from_toml(
            "[preparers]\nprep_time = { uniform = [\"2s\", \"1s\"] }\n",
            "z.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("minimum above its maximum"), "{err}");
        let err = Scenario::from_toml("[shop]\nopen_for = \"10 minutes\"\n", "z.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown unit"), "{err}");
    }

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
        })
        .unwrap();
        assert_eq!((s.shop.seed, s.tills.count, s.preparers.count), (9, 4, 2));
        assert_eq!(s.kafka.orders_partitions, 6);
        assert!(s.orders.plaice);
        assert_eq!(s.shop.open_for.as_nanos(), 1800 * 1_000_000_000);
        let err = s.apply(&Overrides {
            plaice_share: Some(1.5),
            ..Overrides::default()
        });
        assert!(err.unwrap_err().to_string().contains("--plaice-share"));
        let err = s.apply(&Overrides {
            tills: Some(0),
            ..Overrides::default()
        });
        assert!(err.unwrap_err().to_string().contains("tills.count"));
    }

    #[test]
    fn unknown_names_list_the_presets() {
        let err = Scenario::load("demo9").unwrap_err().to_string();
        assert!(err.contains("demo9") && err.contains("demo3"), "{err}");
    }
}
