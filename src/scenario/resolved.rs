//! The resolved scenario: every key of a [`Scenario`], defaults and overrides applied, written
//! back as TOML. A run keeps it as `scenario.toml` in its folder, and running that file again
//! with the same seed gives the same files, byte for byte. Not the reading (`load.rs`).

use super::config::Scenario;
use super::error::{Place, ScenarioError};

impl Scenario {
    /// The whole scenario as TOML: every key, with its value after defaults and command-line
    /// overrides (the overrides themselves are kept in `[shop.overrides]`, so the charts and
    /// summary.json of a run of this file still name them).
    ///
    /// Reading the text back with [`Scenario::from_toml`] gives this scenario again, and writing
    /// that one gives the same text.
    pub fn to_resolved_toml(&self) -> Result<String, ScenarioError> {
        let unwritable = |e: &dyn std::fmt::Display| ScenarioError::Invalid {
            place: Place {
                file: format!("scenario {}", self.shop.name),
                line_column: None,
                key: None,
            },
            message: format!("cannot be written as TOML: {e}"),
        };
        let text = toml::to_string(self).map_err(|e| unwritable(&e))?;
        let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| unwritable(&e))?;
        // Distributions, stocks and the like as one line each, the way the presets write them:
        // `interarrival = { uniform = ["1s", "1.5s"] }`, not a section of their own.
        for (_, section) in doc.iter_mut() {
            if let Some(section) = section.as_table_mut() {
                for (_, item) in section.iter_mut() {
                    match item {
                        toml_edit::Item::Table(table) => {
                            let inline = std::mem::take(table).into_inline_table();
                            *item = toml_edit::Item::Value(toml_edit::Value::InlineTable(inline));
                        }
                        // A rate profile: `profile = [{ from = "0s", rate = 0.5 }, ...]`.
                        toml_edit::Item::ArrayOfTables(tables) => {
                            let mut array = toml_edit::Array::new();
                            for table in std::mem::take(tables) {
                                array
                                    .push(toml_edit::Value::InlineTable(table.into_inline_table()));
                            }
                            array.fmt();
                            *item = toml_edit::Item::Value(toml_edit::Value::Array(array));
                        }
                        _ => {}
                    }
                }
                section.fmt();
            }
        }
        let body = doc.to_string();
        Ok(format!(
            "# The scenario {} as it ran: every key, with defaults and command-line overrides\n\
             # applied. Run it again with: chipshop run --scenario scenario.toml\n\n{body}",
            self.shop.name
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::{Overrides, Scenario, presets};

    #[test]
    fn every_preset_survives_the_round_trip() {
        for name in presets::names() {
            let scenario = Scenario::load(name).unwrap();
            let text = scenario.to_resolved_toml().unwrap();
            let again = Scenario::from_toml(&text, "resolved").unwrap();
            assert_eq!(again, scenario, "{name}");
            assert_eq!(again.to_resolved_toml().unwrap(), text, "{name}");
        }
    }

    #[test]
    fn a_seed_above_toml_integers_round_trips() {
        for seed in [0, i64::MAX as u64, i64::MAX as u64 + 1, u64::MAX] {
            let mut scenario = Scenario::load("demo1").unwrap();
            scenario.shop.seed = seed;
            let text = scenario.to_resolved_toml().unwrap();
            let again = Scenario::from_toml(&text, "resolved").unwrap();
            assert_eq!(again.shop.seed, seed, "{text}");
        }
    }

    #[test]
    fn overrides_are_applied_and_kept() {
        let mut scenario = Scenario::load("demo3").unwrap();
        scenario
            .apply(&Overrides {
                seed: Some(9),
                preparers: Some(3),
                plaice_share: Some(0.3),
                open_for: Some("30m".parse().unwrap()),
                ..Overrides::default()
            })
            .unwrap();
        let text = scenario.to_resolved_toml().unwrap();
        let again = Scenario::from_toml(&text, "resolved").unwrap();
        assert_eq!(again.preparers.count, 3);
        assert_eq!(again.shop.seed, 9);
        assert!(again.orders.plaice);
        assert_eq!(again.shop.overrides, scenario.shop.overrides);
        assert_eq!(again.shop.overrides.preparers, Some(3));
        assert_eq!(
            again.shop.overrides.seed, None,
            "the seed is not an override"
        );
        // Keys a preset leaves to their defaults are written out too.
        assert!(text.contains("auto_commit_interval = \"5s\""), "{text}");
    }
}
