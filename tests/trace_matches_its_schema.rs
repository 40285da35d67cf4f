//! Guards `events.jsonl` as a contract: every line of every preset's trace is one JSON object
//! that `docs/trace.schema.json` accepts, with `t` and `kind` first, and every kind the schema
//! names is explained in `docs/trace.md`.

mod json_schema;

use chipshop::model::run_shop;
use chipshop::scenario::{Scenario, presets};
use json_schema::Schema;

const SCHEMA: &str = include_str!("../docs/trace.schema.json");
const DOC: &str = include_str!("../docs/trace.md");

/// `preset`'s trace over a few minutes of opening.
fn trace(preset: &str) -> String {
    let text = presets::text(preset).expect("a preset");
    let mut s = Scenario::from_toml(text, preset).expect("presets are valid");
    s.shop.open_for = chipshop::engine::SimDuration::from_secs(180);
    let (_, trace) = run_shop(&s, &mut (), Some(Vec::new())).expect("the books balance");
    String::from_utf8(trace.expect("asked for")).expect("UTF-8")
}

#[test]
fn every_presets_trace_matches_the_schema() {
    let schema = Schema::new(SCHEMA);
    for preset in presets::names() {
        let text = trace(preset);
        assert!(text.lines().count() > 100, "{preset}: a short trace");
        let mut last_t = 0.0;
        for (n, line) in text.lines().enumerate() {
            let where_ = format!("{preset}, line {}: {line}", n + 1);
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{where_}: {e}"));
            if let Err(e) = schema.check(&v) {
                panic!("{where_}: {e}");
            }
            assert!(line.starts_with(r#"{"t":"#), "{where_}: t first");
            let kind = format!(r#","kind":"{}""#, v["kind"].as_str().unwrap());
            assert!(
                line[5..]
                    .split_once(',')
                    .is_some_and(|(_, rest)| format!(",{rest}").starts_with(&kind)),
                "{where_}: kind second"
            );
            let t = v["t"].as_f64().unwrap();
            assert!(t >= last_t, "{where_}: time goes backwards");
            last_t = t;
        }
    }
}

#[test]
fn the_trace_says_what_happened_to_an_order() {
    // demo4: plaice goes to the cook and comes back; follow order 1's lines.
    let text = trace("demo4");
    let plaice = text
        .lines()
        .find(|l| l.contains(r#""kind":"to_cook""#))
        .expect("a plaice order goes to the cook");
    let v: serde_json::Value = serde_json::from_str(plaice).unwrap();
    let order = v["order"].as_u64().unwrap();
    let kinds: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["order"].as_u64() == Some(order))
        .map(|v| {
            let topic = v["topic"]
                .as_str()
                .map(|t| format!(":{t}"))
                .unwrap_or_default();
            format!("{}{topic}", v["kind"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "order_placed",
            "produced:orders",
            "consumed:orders",
            "started:orders",
            "to_cook",
            "produced:cook",
            "consumed:cook",
            "cook_start",
            "fry_start",
            "fried",
            "cooked",
            "produced:ready",
            "consumed:ready",
            "started:ready",
            "making",
            "made",
        ],
        "order {order}"
    );
}

#[test]
fn every_kind_in_the_schema_is_documented() {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
    for branch in schema["oneOf"].as_array().unwrap() {
        let kind = branch["properties"]["kind"]["const"].as_str().unwrap();
        assert!(
            DOC.contains(&format!("| `{kind}` |")),
            "docs/trace.md has no row for {kind}"
        );
    }
}
