//! The scenario reference's tables (`docs/scenario.md`), made from the schema (keys.rs), the
//! defaults and the presets, so that the page says what the code does. A test compares the
//! page with [`reference_tables`].

use serde_json::Value;

use super::config::Scenario;
use super::keys::{ARRAYS, KEYS};
use super::locate::Located;
use super::presets;

/// A JSON value as it is written in TOML: `"1s"`, `0.5`, `{ uniform = ["1s", "1.5s"] }`.
fn toml_inline(v: &Value) -> String {
    match v {
        Value::Null => "(none)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(toml_inline).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k} = {}", toml_inline(v)))
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
    }
}

/// A table cell: no line breaks, and `|` escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The tables of every key, a section at a time: key, type, default, what is valid, the presets
/// that set it, and what it does.
pub fn reference_tables() -> String {
    let defaults = serde_json::to_value(Scenario::default()).expect("the defaults serialize");
    let preset_files: Vec<(&str, Located)> = presets::names()
        .map(|name| (name, Located::new(presets::text(name).expect("a preset"))))
        .collect();
    let mut out = String::new();
    let mut section = "";
    for key in KEYS {
        let (sec, name) = key.split();
        if sec != section {
            section = sec;
            let heading = if ARRAYS.contains(&sec) {
                format!("[[{sec}]]")
            } else {
                format!("[{sec}]")
            };
            out.push_str(&format!(
                "\n### `{heading}`\n\n| key | type | default | valid | set by presets | what it does |\n|---|---|---|---|---|---|\n"
            ));
        }
        let default = if ARRAYS.contains(&sec) {
            "(none)".to_string()
        } else {
            let value = key.path.split('.').fold(&defaults, |v, k| &v[k]);
            format!("`{}`", toml_inline(value))
        };
        let set_by: Vec<&str> = preset_files
            .iter()
            .filter(|(_, file)| file.has(key.path))
            .map(|(name, _)| *name)
            .collect();
        out.push_str(&format!(
            "| `{name}` | {} | {} | {} | {} | {} |\n",
            cell(key.kind),
            cell(&default),
            cell(&key.rule.valid_in_reference()),
            if set_by.is_empty() {
                "-".to_string()
            } else {
                set_by.join(", ")
            },
            cell(key.about),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every leaf of a scenario serialized to JSON, as dotted paths; a key of the schema is a
    /// leaf even when its value is a table (a distribution).
    fn leaves(value: &Value, prefix: &str, out: &mut Vec<String>) {
        match value {
            Value::Object(map) if super::super::keys::key(prefix).is_none() => {
                for (k, v) in map {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    leaves(v, &path, out);
                }
            }
            Value::Array(items) if ARRAYS.contains(&prefix) => {
                for item in items {
                    leaves(item, prefix, out);
                }
            }
            _ => out.push(prefix.to_string()),
        }
    }

    #[test]
    fn the_schema_has_every_key_of_the_config_and_no_other() {
        let mut s = Scenario::from_toml(
            "[shop]\nopen_for = \"2m\"\n[[faults]]\ncrash = 1\nat = \"1m\"\nrestart_after = \"1m\"\n\
             [[faults]]\nrestart = 1\nat = \"1m\"\n[[faults]]\nadd_preparer = true\nat = \"1m\"\n",
            "f.toml",
        )
        .unwrap();
        s.orders.plaice = true;
        s.orders.plaice_share = Some(0.5);
        s.cook.top_up_every = Some("1m".parse().unwrap());
        s.kafka.assignor = Some(crate::scenario::AssignorKind::Range);
        s.kafka.session_timeout = Some("45s".parse().unwrap());
        s.kafka.heartbeat_interval = Some("3s".parse().unwrap());
        // Keys that only some kinds of fault take (the scenario need not be valid here).
        s.faults.push(crate::scenario::FaultConfig {
            stall: Some(1),
            leave: Some(1),
            stall_for: Some("1m".parse().unwrap()),
            ..Default::default()
        });
        let mut found = Vec::new();
        leaves(&serde_json::to_value(&s).unwrap(), "", &mut found);
        found.sort();
        found.dedup();
        let mut schema: Vec<String> = KEYS.iter().map(|k| k.path.to_string()).collect();
        schema.sort();
        assert_eq!(
            found, schema,
            "keys.rs lists every key of the config, and no other"
        );
    }

    #[test]
    fn the_tables_give_defaults_and_presets() {
        let t = reference_tables();
        assert!(t.contains(
            "| `interarrival` | distribution of durations | `{ uniform = [\"1s\", \"1.5s\"] }` |"
        ));
        assert!(t.contains(
            "| `count` | whole number | `1` | a whole number from 1 to 10000 | demo1, demo2,"
        ));
        assert!(t.contains("### `[[faults]]`"));
    }
}
