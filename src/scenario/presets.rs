//! The built-in scenarios: the talk's stages, as commented TOML files from `scenarios/`.

/// (name, one-line summary, file text), in the order of the talk.
const PRESETS: [(&str, &str, &str); 10] = [
    (
        "demo1",
        "one till, one preparer, one partition",
        include_str!("../../scenarios/demo1.toml"),
    ),
    (
        "demo2",
        "three tills, one preparer who can't keep up: lag grows",
        include_str!("../../scenarios/demo2.toml"),
    ),
    (
        "demo3",
        "three partitions, two preparers: range gives one of them two",
        include_str!("../../scenarios/demo3.toml"),
    ),
    (
        "demo4",
        "plaice cooked to order: orders finish out of sequence",
        include_str!("../../scenarios/demo4.toml"),
    ),
    (
        "cabinet",
        "hot cabinet in Redis, taken atomically; the cook tops it up",
        include_str!("../../scenarios/cabinet.toml"),
    ),
    (
        "race",
        "non-atomic check-then-take: the cabinet is oversold",
        include_str!("../../scenarios/race.toml"),
    ),
    (
        "rush",
        "a busy evening: preparers added on lag, each join a rebalance",
        include_str!("../../scenarios/rush.toml"),
    ),
    (
        "analytics",
        "an accountant and an analyst read every order in their own groups",
        include_str!("../../scenarios/analytics.toml"),
    ),
    (
        "web",
        "web customers order ahead and come later; no-shows waste food",
        include_str!("../../scenarios/web.toml"),
    ),
    (
        "rebalance",
        "joins, a crash and a jammed fryer: what each way of rebalancing costs",
        include_str!("../../scenarios/rebalance.toml"),
    ),
];

/// The preset names, in the order of the talk.
pub fn names() -> impl Iterator<Item = &'static str> {
    PRESETS.iter().map(|(name, _, _)| *name)
}

/// Each preset's name and one-line summary.
pub fn summaries() -> impl Iterator<Item = (&'static str, &'static str)> {
    PRESETS.iter().map(|(name, summary, _)| (*name, *summary))
}

/// The TOML text of the preset called `name`.
pub fn text(name: &str) -> Option<&'static str> {
    PRESETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, _, text)| *text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn every_preset_loads_and_is_named_after_itself() {
        for name in names() {
            let s = Scenario::load(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(s.shop.name, name);
        }
    }
}
