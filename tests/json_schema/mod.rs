//! A validator for the subset of JSON Schema (2020-12) that `docs/trace.schema.json` uses:
//! `type`, `const`, `enum`, `minimum`, `required`, `properties`, `additionalProperties: false`,
//! `items`, `oneOf` and `$ref` to `#/$defs/...`. No crate on the approved list validates JSON
//! Schema; this subset is small enough to check by hand, and the schema was also checked with
//! Python's `jsonschema` (Draft202012Validator) against a cabinet run's trace.

#![allow(dead_code)]

use serde_json::Value;

/// A schema and its `$defs`.
pub struct Schema {
    root: Value,
}

impl Schema {
    /// Parses a schema document.
    pub fn new(text: &str) -> Schema {
        Schema {
            root: serde_json::from_str(text).expect("the schema is JSON"),
        }
    }

    /// `Ok` if `value` matches, else why not.
    pub fn check(&self, value: &Value) -> Result<(), String> {
        self.check_at(&self.root, value, "")
    }

    fn check_at(&self, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
        let Some(s) = schema.as_object() else {
            return Err(format!("{at}: schema is not an object"));
        };
        for key in s.keys() {
            let known = [
                "$schema",
                "$id",
                "$defs",
                "title",
                "description",
                "type",
                "const",
                "enum",
                "minimum",
                "required",
                "properties",
                "additionalProperties",
                "items",
                "oneOf",
                "$ref",
            ];
            assert!(
                known.contains(&key.as_str()),
                "the validator does not know {key:?}"
            );
        }
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let name = r
                .strip_prefix("#/$defs/")
                .expect("only local $defs references");
            let target = &self.root["$defs"][name];
            assert!(!target.is_null(), "no $defs/{name}");
            self.check_at(target, v, at)?;
        }
        if let Some(t) = s.get("type").and_then(Value::as_str) {
            let ok = match t {
                "object" => v.is_object(),
                "array" => v.is_array(),
                "string" => v.is_string(),
                "boolean" => v.is_boolean(),
                "null" => v.is_null(),
                "number" => v.is_number(),
                "integer" => v.is_i64() || v.is_u64(),
                other => panic!("unknown type {other}"),
            };
            if !ok {
                return Err(format!("{at}: {v} is not of type {t}"));
            }
        }
        if let Some(c) = s.get("const") {
            if v != c {
                return Err(format!("{at}: {v} is not {c}"));
            }
        }
        if let Some(e) = s.get("enum").and_then(Value::as_array) {
            if !e.contains(v) {
                return Err(format!("{at}: {v} is not one of {e:?}"));
            }
        }
        if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_f64), v.as_f64()) {
            if n < min {
                return Err(format!("{at}: {n} is below {min}"));
            }
        }
        if let Some(obj) = v.as_object() {
            if let Some(req) = s.get("required").and_then(Value::as_array) {
                for r in req {
                    let r = r.as_str().expect("required names are strings");
                    if !obj.contains_key(r) {
                        return Err(format!("{at}: {r:?} is missing"));
                    }
                }
            }
            let props = s.get("properties").and_then(Value::as_object);
            for (k, x) in obj {
                match props.and_then(|p| p.get(k)) {
                    Some(p) => self.check_at(p, x, &format!("{at}/{k}"))?,
                    None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        return Err(format!("{at}: {k:?} is not allowed"));
                    }
                    None => {}
                }
            }
        }
        if let (Some(items), Some(arr)) = (s.get("items"), v.as_array()) {
            for (i, x) in arr.iter().enumerate() {
                self.check_at(items, x, &format!("{at}/{i}"))?;
            }
        }
        if let Some(one) = s.get("oneOf").and_then(Value::as_array) {
            let errors: Vec<_> = one.iter().map(|o| self.check_at(o, v, at)).collect();
            let matched = errors.iter().filter(|e| e.is_ok()).count();
            if matched != 1 {
                // Name the closest miss: the branch whose `kind` matched, if any.
                let near = one
                    .iter()
                    .zip(&errors)
                    .find(|(o, _)| o["properties"]["kind"]["const"] == v["kind"])
                    .and_then(|(_, e)| e.clone().err())
                    .unwrap_or_default();
                return Err(format!("{at}: matches {matched} of oneOf, not one; {near}"));
            }
        }
        Ok(())
    }
}

#[test]
fn the_validator_catches_what_the_schema_forbids() {
    let schema = Schema::new(
        r##"{"$defs":{"n":{"type":"integer","minimum":1}},"oneOf":[
            {"type":"object","required":["kind","n"],"additionalProperties":false,
             "properties":{"kind":{"const":"a"},"n":{"$ref":"#/$defs/n"},"xs":{"type":"array","items":{"enum":["x"]}}}}]}"##,
    );
    let ok = |s: &str| schema.check(&serde_json::from_str(s).unwrap());
    assert!(ok(r#"{"kind":"a","n":2,"xs":["x"]}"#).is_ok());
    assert!(ok(r#"{"kind":"b","n":2}"#).is_err());
    assert!(ok(r#"{"kind":"a","n":0}"#).is_err());
    assert!(ok(r#"{"kind":"a","n":1.5}"#).is_err());
    assert!(ok(r#"{"kind":"a"}"#).is_err());
    assert!(ok(r#"{"kind":"a","n":1,"extra":1}"#).is_err());
    assert!(ok(r#"{"kind":"a","n":1,"xs":["y"]}"#).is_err());
}
