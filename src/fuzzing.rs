//! The fuzz targets' bodies: each takes arbitrary bytes, feeds them to one of chipshop's readers
//! of outside input (scenario files, durations, `chipshop redis` lines, the files `chipshop
//! chart` reads back), and panics only when it finds a bug (a panic inside the reader, or a
//! property of its answer broken).
//!
//! The `fuzz/` crate (`cargo fuzz`, outside the main build; docs/fuzzing.md) calls these, and
//! `tests/fuzz_corpus_replays_clean.rs` replays the committed corpus through the same
//! functions in every `cargo test`, so a crash once found stays fixed.

use std::path::Path;

use crate::engine::SimDuration;
use crate::output::charts::{RunData, SweepData};
use crate::redis_model::{Server, split_line};
use crate::scenario::Scenario;

/// A scenario file through the loader and validator: it is refused with a message naming the
/// file, or it loads, breaks no rule, and has a size estimate.
pub fn scenario(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Scenario::from_toml_with_warnings(text, "fuzz.toml") {
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("fuzz.toml"), "{message}");
        }
        Ok((scenario, warnings)) => {
            assert_eq!(
                scenario.problems(),
                vec![],
                "a loaded scenario breaks no rule"
            );
            for w in warnings {
                assert!(w.to_string().starts_with("fuzz.toml"));
            }
            let estimate = scenario.size_estimate();
            assert!(estimate.expected.events <= estimate.at_most.events);
            assert!(estimate.expected.orders <= estimate.at_most.orders);
        }
    }
}

/// A duration string: it is refused, or it reads back from how it prints.
pub fn duration(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = text.parse::<SimDuration>() {
        let printed = d.to_string();
        assert_eq!(
            printed.parse::<SimDuration>(),
            Ok(d),
            "{text:?} prints as {printed:?}"
        );
    }
}

/// A `chipshop redis` session: each line split as redis-cli splits it and run on the Redis
/// model (a line `@N ...` on connection N of three), every reply printed as redis-cli prints it.
pub fn redis_session(data: &[u8]) {
    let mut server = Server::new();
    let clients = [server.connect(), server.connect(), server.connect()];
    for line in data.split(|&b| b == b'\n') {
        let (client, line) = match line {
            [b'@', n @ b'1'..=b'3', b' ', rest @ ..] => (clients[usize::from(n - b'1')], rest),
            _ => (clients[0], line),
        };
        match split_line(line) {
            Err(e) => {
                let _ = e.to_string();
            }
            Ok(words) => {
                if let Ok(Some(reply)) = server.execute_words(client, &words, crate::SimTime::ZERO)
                {
                    let printed = reply.to_cli();
                    assert!(printed.ends_with('\n'), "{printed:?}");
                }
            }
        }
    }
}

/// A run folder's files for `chipshop chart`: summary.json, orders.csv and (if there is a third
/// part) series.csv, separated by NUL bytes. They are refused with a message naming a file, or
/// read into data whose accessors hold: latencies sorted and not negative, times finite.
pub fn chart_run(data: &[u8]) {
    let mut parts = data.split(|&b| b == 0).map(String::from_utf8_lossy);
    let summary = parts.next().unwrap_or_default();
    let orders = parts.next().unwrap_or_default();
    let series = parts.next();
    match RunData::parse(Path::new("run"), &summary, &orders, series.as_deref()) {
        Err(e) => assert!(e.to_string().starts_with("run/"), "{e}"),
        Ok(run) => {
            let latencies = run.latencies();
            assert!(latencies.iter().all(|(l, _)| l.is_finite() && *l >= 0.0));
            assert!(latencies.windows(2).all(|w| w[0].0 <= w[1].0));
            assert!(run.points().all(|(t, _, v)| t.is_finite() && v.is_finite()));
            assert!(run.end().is_finite() && run.end() >= 1.0);
        }
    }
}

/// A sweep folder's sweep.json for `chipshop chart`: refused with a message naming the file,
/// or read.
pub fn chart_sweep(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = SweepData::parse(&text, Path::new("sweep/sweep.json")) {
        assert!(e.to_string().starts_with("sweep/sweep.json"), "{e}");
    }
}
