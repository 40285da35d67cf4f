//! Replays the committed fuzz corpus (fuzz/corpus/<target>/) through the fuzz targets' own
//! bodies (`chipshop::fuzzing`), so every `cargo test` checks that no input the fuzzers kept,
//! or a crash they once found, panics again. The fuzzers themselves run with `cargo fuzz`
//! (docs/fuzzing.md), outside the main build.

use std::path::Path;

/// Feeds every file of `fuzz/corpus/<target>` to `body`; returns how many there were.
fn replay(target: &str, body: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in &files {
        let data = std::fs::read(file).unwrap();
        let result = std::panic::catch_unwind(|| body(&data));
        assert!(result.is_ok(), "{} panics {target}", file.display());
    }
    files.len()
}

#[test]
fn the_scenario_corpus_replays_clean() {
    assert!(
        replay("scenario", chipshop::fuzzing::scenario) >= 9,
        "the presets at least"
    );
}

#[test]
fn the_duration_corpus_replays_clean() {
    assert!(replay("duration", chipshop::fuzzing::duration) > 0);
}

#[test]
fn the_redis_session_corpus_replays_clean() {
    assert!(replay("redis_session", chipshop::fuzzing::redis_session) > 0);
}

#[test]
fn the_chart_run_corpus_replays_clean() {
    assert!(replay("chart_run", chipshop::fuzzing::chart_run) > 0);
}

#[test]
fn the_chart_sweep_corpus_replays_clean() {
    assert!(replay("chart_sweep", chipshop::fuzzing::chart_sweep) > 0);
}
