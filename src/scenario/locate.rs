//! Where keys are in a scenario file's text: a key's line and column, which key holds a given
//! position (for toml's errors, which know a position but not the key), and which keys a file
//! sets (for keys that have no effect).
//!
//! It reads the text a second time with `toml_edit`, which keeps every key's position, rather
//! than wrapping every field of the config structs in `toml::Spanned`: the structs stay plain
//! for everyone else who uses them.

use std::fmt;

use toml_edit::{ImDocument, Item, Table, Value};

use super::keys::{ARRAYS, KEYS};

/// A key of a scenario: `tills.count`, or `crash` in the second `[[faults]]` table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPath {
    /// Dotted path, e.g. `orders.mix.cod` or `faults.crash`; a whole section is `orders.mix`.
    pub path: String,
    /// Which table of an array of tables (`[[faults]]`), from 0.
    pub index: Option<usize>,
}

impl KeyPath {
    /// A key outside arrays of tables.
    pub fn new(path: &str) -> KeyPath {
        KeyPath {
            path: path.to_string(),
            index: None,
        }
    }

    /// A key of the `index`th table of an array of tables.
    pub fn at(path: &str, index: usize) -> KeyPath {
        KeyPath {
            path: path.to_string(),
            index: Some(index),
        }
    }
}

impl fmt::Display for KeyPath {
    /// As a TOML reader finds it: `[tills] count`, `[orders.mix]`, `[[faults]] #2 crash`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let is_section = KEYS
            .iter()
            .any(|k| k.path.starts_with(&format!("{}.", self.path)));
        let (section, name) = if is_section {
            (self.path.as_str(), "")
        } else {
            self.path.rsplit_once('.').unwrap_or(("", &self.path))
        };
        match self.index {
            Some(i) if ARRAYS.contains(&section) => write!(f, "[[{section}]] #{}", i + 1)?,
            _ if section.is_empty() => return f.write_str(name),
            _ => write!(f, "[{section}]")?,
        }
        if !name.is_empty() {
            write!(f, " {name}")?;
        }
        Ok(())
    }
}

/// One key found in the text: where its name starts and where its value ends.
#[derive(Debug)]
struct Entry {
    key: KeyPath,
    start: usize,
    end: usize,
}

/// The keys of a scenario file and their positions.
#[derive(Debug, Default)]
pub struct Located {
    text: String,
    entries: Vec<Entry>,
}

impl Located {
    /// Reads the keys of `text` (none if it is not valid TOML: then toml's own error says where).
    pub fn new(text: &str) -> Located {
        let mut entries = Vec::new();
        if let Ok(doc) = ImDocument::parse(text) {
            walk_table(doc.as_table(), "", None, &mut entries);
        }
        Located {
            text: text.to_string(),
            entries,
        }
    }

    /// The 1-based line and column of `key`'s name, if the file sets it.
    pub fn find(&self, key: &KeyPath) -> Option<(usize, usize)> {
        self.entries
            .iter()
            .find(|e| e.key == *key)
            .map(|e| self.line_column(e.start))
    }

    /// Whether the file sets `path` (in any table of an array of tables).
    pub fn has(&self, path: &str) -> bool {
        self.entries.iter().any(|e| e.key.path == path)
    }

    /// What the file sets at or under `path` (`cabinet` gives `cabinet`, `cabinet.take`, ...;
    /// `orders.mix.plaice` gives itself), each once, in the file's order.
    pub fn under(&self, path: &str) -> Vec<KeyPath> {
        let prefix = format!("{path}.");
        let mut keys: Vec<KeyPath> = Vec::new();
        for e in &self.entries {
            let inside = e.key.path == path || e.key.path.starts_with(&prefix);
            if inside && !keys.contains(&e.key) {
                keys.push(e.key.clone());
            }
        }
        keys
    }

    /// The innermost key whose name or value holds byte `offset` (a table header counts for
    /// its table).
    pub fn key_at(&self, offset: usize) -> Option<KeyPath> {
        self.entries
            .iter()
            .filter(|e| e.start <= offset && offset < e.end.max(e.start + 1))
            .max_by_key(|e| e.start)
            .map(|e| e.key.clone())
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

fn walk_table(table: &Table, prefix: &str, index: Option<usize>, out: &mut Vec<Entry>) {
    for (name, _) in table.iter() {
        let Some((key, item)) = table.get_key_value(name) else {
            continue;
        };
        let path = join(prefix, name);
        let key_start = key.span().map(|s| s.start);
        match item {
            Item::Value(value) => {
                let start = key_start.or(value.span().map(|s| s.start)).unwrap_or(0);
                let end = value.span().map_or(start, |s| s.end);
                out.push(Entry {
                    key: KeyPath {
                        path: path.clone(),
                        index,
                    },
                    start,
                    end,
                });
                walk_value(value, &path, index, out);
            }
            Item::Table(sub) => {
                let start = sub.span().map(|s| s.start).or(key_start).unwrap_or(0);
                out.push(Entry {
                    key: KeyPath {
                        path: path.clone(),
                        index,
                    },
                    start,
                    end: sub.span().map_or(start, |s| s.end),
                });
                walk_table(sub, &path, index, out);
            }
            Item::ArrayOfTables(array) => {
                for (i, sub) in array.iter().enumerate() {
                    let start = sub.span().map(|s| s.start).or(key_start).unwrap_or(0);
                    out.push(Entry {
                        key: KeyPath::at(&path, i),
                        start,
                        end: sub.span().map_or(start, |s| s.end),
                    });
                    walk_table(sub, &path, Some(i), out);
                }
            }
            Item::None => {}
        }
    }
}

/// Keys inside inline tables (`faults = [{ crash = 1, at = "1m" }]`, `{ normal = { ... } }`).
fn walk_value(value: &Value, path: &str, index: Option<usize>, out: &mut Vec<Entry>) {
    match value {
        Value::InlineTable(table) => {
            for (name, _) in table.iter() {
                let Some((key, Item::Value(inner))) = table.get_key_value(name) else {
                    continue;
                };
                let inner_path = join(path, name);
                let start = key
                    .span()
                    .or(inner.span())
                    .map_or(0, |s: std::ops::Range<usize>| s.start);
                out.push(Entry {
                    key: KeyPath {
                        path: inner_path.clone(),
                        index,
                    },
                    start,
                    end: inner.span().map_or(start, |s| s.end),
                });
                walk_value(inner, &inner_path, index, out);
            }
        }
        Value::Array(array) if ARRAYS.contains(&path) => {
            for (i, element) in array.iter().enumerate() {
                walk_value(element, path, Some(i), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[shop]\nopen_for = \"1m\"\n\n[tills]\ncount = -3\ninterarrival = { normal = { mean = \"1s\", sd = \"2s\" } }\n\n[[faults]]\ncrash = 1\nat = \"1m\"\n\n[[faults]]\ncrash = 2\nat = \"2m\"\n\n[orders.mix]\ncod = 1\n";

    #[test]
    fn keys_are_found_with_their_line_and_column() {
        let l = Located::new(TEXT);
        assert_eq!(l.find(&KeyPath::new("tills.count")), Some((5, 1)));
        assert_eq!(l.find(&KeyPath::new("shop.open_for")), Some((2, 1)));
        assert_eq!(l.find(&KeyPath::at("faults.at", 1)), Some((14, 1)));
        assert_eq!(l.find(&KeyPath::new("orders.mix.cod")), Some((17, 1)));
        assert_eq!(l.find(&KeyPath::new("tills.seed")), None);
        assert!(l.has("orders.mix"));
        assert!(!l.has("web.enabled"));
    }

    #[test]
    fn a_position_names_the_innermost_key() {
        let l = Located::new(TEXT);
        let at = |needle: &str| l.key_at(TEXT.find(needle).unwrap());
        assert_eq!(at("-3"), Some(KeyPath::new("tills.count")));
        assert_eq!(
            at("\"2s\""),
            Some(KeyPath::new("tills.interarrival.normal.sd"))
        );
        assert_eq!(at("crash = 2"), Some(KeyPath::at("faults.crash", 1)));
    }

    #[test]
    fn inline_arrays_of_tables_count_too() {
        let text = "faults = [{ crash = 1, at = \"1m\" }, { crash = 5, at = \"2m\" }]\n";
        let l = Located::new(text);
        assert_eq!(l.find(&KeyPath::at("faults.crash", 1)), Some((1, 39)));
    }

    #[test]
    fn keys_print_as_a_toml_reader_finds_them() {
        assert_eq!(KeyPath::new("tills.count").to_string(), "[tills] count");
        assert_eq!(
            KeyPath::new("orders.mix.cod").to_string(),
            "[orders.mix] cod"
        );
        assert_eq!(KeyPath::new("orders.mix").to_string(), "[orders.mix]");
        assert_eq!(KeyPath::at("faults.at", 1).to_string(), "[[faults]] #2 at");
        assert_eq!(KeyPath::new("open_for").to_string(), "open_for");
    }
}
