//! Reading a scenario: from a preset name or a file, with errors that point at the line and
//! key, suggest the nearest valid key, and check values that parse but make no sense.

use std::path::Path;

use super::config::Scenario;
use super::error::{Place, ScenarioError, ScenarioWarning};
use super::keys::{self, KEYS, sanitize_name};
use super::locate::{KeyPath, Located};
use super::presets;
use super::validate::Problem;

impl Scenario {
    /// Parses scenario TOML and checks it; `file` names the source in errors. Keys that have
    /// no effect are dropped silently here: use [`from_toml_with_warnings`](Self::from_toml_with_warnings)
    /// to hear about them.
    pub fn from_toml(text: &str, file: &str) -> Result<Scenario, ScenarioError> {
        Scenario::from_toml_with_warnings(text, file).map(|(scenario, _)| scenario)
    }

    /// Parses scenario TOML and checks it, and lists the keys it sets that have no effect.
    pub fn from_toml_with_warnings(
        text: &str,
        file: &str,
    ) -> Result<(Scenario, Vec<ScenarioWarning>), ScenarioError> {
        let located = Located::new(text);
        let scenario: Scenario =
            toml::from_str(text).map_err(|e| parse_error(&located, file, &e))?;
        if let Some(problem) = scenario.problems().into_iter().next() {
            return Err(ScenarioError::Invalid {
                place: place(&located, file, &problem),
                message: problem.message,
            });
        }
        let mut warnings: Vec<ScenarioWarning> = scenario
            .unused_keys(&located)
            .into_iter()
            .map(|p| ScenarioWarning {
                place: place(&located, file, &p),
                message: p.message,
            })
            .collect();
        warnings.sort_by_key(|w| w.place.line_column);
        Ok((scenario, warnings))
    }

    /// Loads a preset by name, or else a file by path.
    pub fn load(name_or_path: &str) -> Result<Scenario, ScenarioError> {
        Scenario::load_with_warnings(name_or_path).map(|(scenario, _)| scenario)
    }

    /// Loads a preset by name, or else a file by path, and lists the keys it sets that have no
    /// effect. A file without `[shop] name` is named after the file (made a valid name).
    pub fn load_with_warnings(
        name_or_path: &str,
    ) -> Result<(Scenario, Vec<ScenarioWarning>), ScenarioError> {
        if let Some(text) = presets::text(name_or_path) {
            return Scenario::from_toml_with_warnings(text, &format!("preset {name_or_path}"));
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
        let file = path.display().to_string();
        let (mut scenario, warnings) = Scenario::from_toml_with_warnings(&text, &file)?;
        if !Located::new(&text).has("shop.name") {
            if let Some(stem) = path.file_stem() {
                scenario.shop.name = sanitize_name(&stem.to_string_lossy());
            }
        }
        Ok((scenario, warnings))
    }
}

/// Where a problem is: its key (or, when the file does not set it, the first other key of the
/// rule that the file does set), with the line and column.
fn place(located: &Located, file: &str, problem: &Problem) -> Place {
    let found = problem
        .keys()
        .find_map(|key| located.find(key).map(|at| (key, at)));
    let (key, line_column) = match found {
        Some((key, at)) => (key, Some(at)),
        None => (&problem.key, None),
    };
    let key = if *key == problem.key {
        key.to_string()
    } else {
        // The message is about the key at fault: say which key the line holds.
        format!("{key} (with {})", problem.key)
    };
    Place {
        file: file.to_string(),
        line_column,
        key: Some(key),
    }
}

/// Turns toml's error into one with the file, the line, the key that holds the position, what
/// the key accepts, and the nearest valid key for a misspelt one.
fn parse_error(located: &Located, file: &str, e: &toml::de::Error) -> ScenarioError {
    let offset = e.span().map_or(0, |s| s.start);
    let key = located.key_at(offset).map(schema_key);
    // toml's messages can run over two lines ("invalid table header\nduplicate key"): one line.
    let message = e.message().trim().replace('\n', ": ");
    let message = if let Some(unknown) = unknown_name(&message) {
        let section = key
            .as_ref()
            .and_then(|k| k.path.rsplit_once('.'))
            .map_or("", |(section, _)| section);
        match suggestion(&message, unknown, section) {
            Some(nearest) => format!("{message}; did you mean {nearest}?"),
            None => message,
        }
    } else {
        match key.as_ref().and_then(|k| keys::key(&k.path)) {
            // serde says "expected u32" of a Rust type: say what the key accepts instead.
            Some(k) => match message.split_once(", expected ") {
                Some((what, expected)) if RUST_TYPES.contains(&expected) => {
                    format!("{what}; valid: {}", k.rule.valid())
                }
                _ => message,
            },
            None => message,
        }
    };
    ScenarioError::Parse {
        place: Place {
            file: file.to_string(),
            line_column: Some(located.line_column(offset)),
            key: key.map(|k| k.to_string()),
        },
        message,
    }
}

/// What serde says a Rust type expects, which means nothing to someone writing TOML.
const RUST_TYPES: [&str; 14] = [
    "u8",
    "u16",
    "u32",
    "u64",
    "i8",
    "i16",
    "i32",
    "i64",
    "f32",
    "f64",
    "a boolean",
    "a string",
    "a sequence",
    "a map",
];

/// The key of the schema that holds `key` (`tills.interarrival` for a part of its value).
fn schema_key(key: KeyPath) -> KeyPath {
    let mut path = key.path.as_str();
    loop {
        if keys::key(path).is_some() {
            return KeyPath {
                path: path.to_string(),
                index: key.index,
            };
        }
        match path.rsplit_once('.') {
            Some((parent, _)) => path = parent,
            None => return key,
        }
    }
}

/// The name in "unknown field `tils`, expected ..." or "unknown variant `rnage`, ...".
fn unknown_name(message: &str) -> Option<&str> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    rest.split_once('`').map(|(name, _)| name)
}

/// The nearest valid name for `unknown`: among the ones the message lists, else a key of
/// another section (a top-level `open_for` is `[shop] open_for`).
fn suggestion(message: &str, unknown: &str, section: &str) -> Option<String> {
    // A swap of two letters is one slip, and a short name gets one slip only: `foo` is not
    // a misspelt `cod`.
    let close = |valid: &str| {
        let d = strsim::osa_distance(unknown, valid);
        (d <= (valid.len() / 3).max(1)).then_some(d)
    };
    let (_, rest) = message.split_once("expected")?;
    let listed = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|v| close(v).map(|d| (d, format!("`{v}`"))))
        .min();
    if listed.is_some() {
        return listed.map(|(_, v)| v);
    }
    // The nearest, and of equals the first in the reference's order ([shop] before
    // [shop.overrides]).
    KEYS.iter()
        .enumerate()
        .filter(|(_, k)| k.split().0 != section)
        .filter_map(|(i, k)| {
            let (sec, name) = k.split();
            close(name).map(|d| (d, i, format!("`{name}` in [{sec}]")))
        })
        .min()
        .map(|(_, _, v)| v)
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
    fn a_short_unrelated_key_gets_no_suggestion() {
        let err = Scenario::from_toml("[shop]\nwibble = 1\n", "my.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `wibble`"), "{err}");
        assert!(!err.contains("did you mean"), "{err}");
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
    fn bad_values_are_errors_naming_the_key_and_line() {
        let err = Scenario::from_toml("[tills]\ncount = 0\n", "z.toml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "z.toml:2:1: [tills] count: 0 is out of range; valid: a whole number from 1 to 10000"
        );
        let err = Scenario::from_toml("[shop]\nseed = 3\n\n[tills]\ncount = -3\n", "z.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("z.toml:5:9: [tills] count: invalid value: integer `-3`; valid: a whole number from 1 to 10000"),
            "{err}"
        );
        let err = Scenario::from_toml(
            "[preparers]\nprep_time = { uniform = [\"2s\", \"1s\"] }\n",
            "z.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("z.toml:2:")
                && err.contains("[preparers] prep_time")
                && err.contains("minimum above its maximum"),
            "{err}"
        );
        let err = Scenario::from_toml("[shop]\nopen_for = \"10 minutes\"\n", "z.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("[shop] open_for") && err.contains("unknown unit"),
            "{err}"
        );
    }

    #[test]
    fn a_rule_between_keys_points_at_the_key_the_file_sets() {
        let err = Scenario::from_toml("[kafka]\nsession_timeout = \"2s\"\n", "k.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("k.toml:2:1: [kafka] session_timeout: 2s is not longer"),
            "{err}"
        );
    }

    #[test]
    fn a_key_in_the_wrong_section_suggests_the_right_one() {
        let err = Scenario::from_toml("open_for = \"10m\"\n", "t.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean `open_for` in [shop]?"), "{err}");
        let err = Scenario::from_toml("[tills]\nprep_time = { constant = \"1s\" }\n", "t.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("did you mean `prep_time` in [preparers]?"),
            "{err}"
        );
    }

    #[test]
    fn seeds_above_i64_are_written_as_strings() {
        let s = Scenario::from_toml("[shop]\nseed = \"18446744073709551615\"\n", "s.toml").unwrap();
        assert_eq!(s.shop.seed, u64::MAX);
        let s = Scenario::from_toml("[shop]\nseed = 9223372036854775807\n", "s.toml").unwrap();
        assert_eq!(s.shop.seed, i64::MAX as u64);
        for bad in [
            "-1",
            "\"-1\"",
            "\"18446744073709551616\"",
            "\"0x10\"",
            "1.5",
        ] {
            let err = Scenario::from_toml(&format!("[shop]\nseed = {bad}\n"), "s.toml")
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("[shop] seed") && err.contains("as a string"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn unused_keys_are_warnings_with_their_line() {
        let (_, warnings) =
            Scenario::from_toml_with_warnings("[web]\nno_show = 0.5\n", "w.toml").unwrap();
        let text: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            text,
            ["w.toml:2:1: [web] no_show: has no effect while [web] enabled = false"]
        );
    }

    #[test]
    fn unknown_names_list_the_presets() {
        let err = Scenario::load("demo9").unwrap_err().to_string();
        assert!(err.contains("demo9") && err.contains("demo3"), "{err}");
    }
}
