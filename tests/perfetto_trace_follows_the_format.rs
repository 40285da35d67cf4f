//! Guards trace.json: it follows the Trace Event Format rules Perfetto and chrome://tracing rely
//! on (matched flows and async slices, non-negative durations, slices that nest, every process
//! and thread named, numeric counters), every completed order is drawn from till to counter
//! with its arrows, and `--trace-window` keeps exactly what falls inside it in both traces.

mod chipshop_bin;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chipshop_bin::{chipshop, scratch};
use serde_json::Value;

/// Runs `args` into a fresh folder named for `test`, with both traces.
fn run(test: &str, args: &[&str]) -> std::path::PathBuf {
    let dir = scratch(test);
    let out = dir.join("run");
    let mut all = vec!["run", "--trace", "--perfetto", "--no-charts", "--out"];
    all.push(out.to_str().unwrap());
    all.extend_from_slice(args);
    let o = chipshop(&all);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

fn trace_events(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("trace.json")).unwrap();
    let v: Value = serde_json::from_str(&text).expect("trace.json is JSON");
    assert_eq!(v["displayTimeUnit"], "ms");
    v["traceEvents"].as_array().expect("traceEvents").clone()
}

/// (id, placed, ready) of every order in orders.csv; ready is `None` while in flight.
fn orders(dir: &Path) -> Vec<(u64, f64, Option<f64>)> {
    let mut r = csv::Reader::from_path(dir.join("orders.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (id, placed, ready) = (col("id"), col("placed"), col("ready"));
    let duplicate = col("duplicate");
    // An order made a second time (after a crash) has a row of its own, flagged: one order.
    r.records()
        .map(|rec| rec.unwrap())
        .filter(|rec| &rec[duplicate] != "1")
        .map(|rec| {
            (
                rec[id].parse().unwrap(),
                rec[placed].parse().unwrap(),
                rec[ready].parse().ok(),
            )
        })
        .collect()
}

fn ts(e: &Value) -> f64 {
    e["ts"].as_f64().expect("ts is a number")
}

/// Checks the format's rules; returns the ids of the flows that end.
fn check_rules(events: &[Value], what: &str) -> BTreeSet<u64> {
    let mut processes = BTreeSet::new();
    let mut threads = BTreeSet::new();
    for e in events.iter().filter(|e| e["ph"] == "M") {
        let (pid, tid) = (e["pid"].as_u64().unwrap(), e["tid"].as_u64().unwrap());
        match e["name"].as_str().unwrap() {
            "process_name" => assert!(processes.insert(pid), "{what}: pid {pid} named twice"),
            "thread_name" => assert!(threads.insert((pid, tid)), "{what}: {pid}/{tid} twice"),
            _ => {}
        }
    }
    let mut flows: BTreeMap<u64, Vec<(String, f64)>> = BTreeMap::new();
    let mut asyncs: BTreeMap<(String, String, u64), Vec<(String, f64)>> = BTreeMap::new();
    let mut slices: BTreeMap<(u64, u64), Vec<(f64, f64)>> = BTreeMap::new();
    for e in events {
        let ph = e["ph"].as_str().expect("ph");
        let pid = e["pid"].as_u64().expect("pid");
        let tid = e["tid"].as_u64().expect("tid");
        assert!(
            processes.contains(&pid),
            "{what}: pid {pid} has no name: {e}"
        );
        if ph == "M" {
            continue;
        }
        assert!(ts(e) >= 0.0, "{what}: {e}");
        let on_thread = matches!(ph, "X" | "s" | "t" | "f") || (ph == "i" && e["s"] == "t");
        if on_thread {
            assert!(
                threads.contains(&(pid, tid)),
                "{what}: thread {pid}/{tid} has no name: {e}"
            );
        }
        match ph {
            "X" => {
                let dur = e["dur"].as_f64().expect("dur is a number");
                assert!(dur >= 0.0, "{what}: negative duration {e}");
                slices
                    .entry((pid, tid))
                    .or_default()
                    .push((ts(e), ts(e) + dur));
            }
            "s" | "t" | "f" => flows
                .entry(e["id"].as_u64().unwrap())
                .or_default()
                .push((ph.to_string(), ts(e))),
            "b" | "e" => asyncs
                .entry((
                    e["cat"].as_str().unwrap().to_string(),
                    e["name"].as_str().unwrap().to_string(),
                    e["id"].as_u64().unwrap(),
                ))
                .or_default()
                .push((ph.to_string(), ts(e))),
            "C" => {
                let args = e["args"].as_object().expect("counter args");
                assert!(
                    !args.is_empty() && args.values().all(Value::is_number),
                    "{what}: {e}"
                );
            }
            "i" => {}
            other => panic!("{what}: unexpected ph {other}"),
        }
    }
    let mut ended = BTreeSet::new();
    for (id, points) in &flows {
        let phs: Vec<&str> = points.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(phs.first(), Some(&"s"), "{what}: flow {id} {phs:?}");
        assert_eq!(
            phs.iter().filter(|p| **p == "s").count(),
            1,
            "{what}: flow {id}"
        );
        assert_eq!(
            phs.iter().filter(|p| **p == "f").count(),
            1,
            "{what}: flow {id} {phs:?}"
        );
        assert_eq!(phs.last(), Some(&"f"), "{what}: flow {id} {phs:?}");
        assert!(
            points.windows(2).all(|w| w[0].1 <= w[1].1),
            "{what}: flow {id} goes back"
        );
        ended.insert(*id);
    }
    for (key, points) in &asyncs {
        assert_eq!(points.len() % 2, 0, "{what}: {key:?} unmatched");
        for pair in points.chunks(2) {
            assert_eq!(
                (pair[0].0.as_str(), pair[1].0.as_str()),
                ("b", "e"),
                "{what}: {key:?}"
            );
            assert!(
                pair[1].1 >= pair[0].1,
                "{what}: {key:?} ends before it begins"
            );
        }
    }
    // Slices on one thread nest or follow each other; never half overlap.
    for (track, list) in &mut slices {
        list.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
        let mut open: Vec<f64> = Vec::new();
        for &(from, to) in list.iter() {
            while open.last().is_some_and(|&end| end <= from + 1e-3) {
                open.pop();
            }
            if let Some(&end) = open.last() {
                assert!(
                    to <= end + 1e-6,
                    "{what}: slices overlap on {track:?} at {from}"
                );
            }
            open.push(to);
        }
    }
    ended
}

#[test]
fn every_completed_order_has_its_flow_from_till_to_counter() {
    for (name, args) in [
        ("demo4", &["--scenario", "demo4", "--open-for", "5m"][..]),
        (
            "cabinet",
            &["--scenario", "cabinet", "--open-for", "5m"][..],
        ),
        ("race", &["--scenario", "race", "--open-for", "5m"][..]),
        ("rush", &["--scenario", "rush", "--open-for", "10m"][..]),
    ] {
        let dir = run(&format!("perfetto-{name}"), args);
        let events = trace_events(&dir);
        let ended = check_rules(&events, name);
        let ready: BTreeSet<u64> = orders(&dir)
            .into_iter()
            .filter_map(|(id, _, ready)| ready.map(|_| id))
            .collect();
        assert!(!ready.is_empty());
        assert_eq!(ended, ready, "{name}: flows against orders made");
        // Every order has a slice on its till and one on a preparer.
        for pid in [1, 3] {
            let drawn: BTreeSet<u64> = events
                .iter()
                .filter(|e| e["ph"] == "X" && e["pid"] == pid && e["args"]["order"].is_u64())
                .map(|e| e["args"]["order"].as_u64().unwrap())
                .collect();
            assert!(ready.is_subset(&drawn), "{name}: pid {pid} misses orders");
        }
        std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
    }
}

#[test]
fn a_crash_closes_the_order_in_hand_and_its_flow_goes_on() {
    let dir = scratch("perfetto-crash");
    let scenario = dir.join("crash.toml");
    std::fs::write(
        &scenario,
        "[shop]\nopen_for = \"5m\"\n[tills]\ncount = 3\n[preparers]\ncount = 3\n[kafka]\norders_partitions = 3\n[[faults]]\ncrash = 1\nat = \"2m\"\nrestart_after = \"1m\"\n",
    )
    .unwrap();
    let out = run(
        "perfetto-crash-run",
        &["--scenario", scenario.to_str().unwrap()],
    );
    let events = trace_events(&out);
    let ended = check_rules(&events, "crash");
    assert!(
        events
            .iter()
            .any(|e| e["ph"] == "i" && e["name"] == "crash")
    );
    assert!(
        events
            .iter()
            .any(|e| e["ph"] == "i" && e["name"] == "rebalance start")
    );
    let ready = orders(&out).iter().filter(|o| o.2.is_some()).count();
    assert_eq!(ended.len(), ready);
}

#[test]
fn a_window_keeps_exactly_what_falls_inside_it() {
    let args = ["--scenario", "cabinet", "--open-for", "4m"];
    let full = run("window-full", &args);
    let mut windowed = args.to_vec();
    windowed.extend(["--trace-window", "1m..2m"]);
    let part = run("window-part", &windowed);
    let inside = |t: f64| (60.0..120.0).contains(&t);

    // events.jsonl: exactly the full trace's lines at 60 s <= t < 120 s.
    let lines = |dir: &Path| std::fs::read_to_string(dir.join("events.jsonl")).unwrap();
    let expected: Vec<String> = lines(&full)
        .lines()
        .filter(|l| {
            inside(
                serde_json::from_str::<Value>(l).unwrap()["t"]
                    .as_f64()
                    .unwrap(),
            )
        })
        .map(str::to_string)
        .collect();
    let got: Vec<String> = lines(&part).lines().map(str::to_string).collect();
    assert!(!got.is_empty());
    assert_eq!(got, expected);

    // trace.json: counters and instants inside; orders placed inside, drawn whole.
    let marks = |events: &[Value]| -> Vec<String> {
        events
            .iter()
            .filter(|e| matches!(e["ph"].as_str(), Some("C" | "i")))
            .filter(|e| inside(ts(e) / 1e6))
            .map(Value::to_string)
            .collect()
    };
    let (full_events, part_events) = (trace_events(&full), trace_events(&part));
    let part_marks = marks(&part_events);
    assert!(!part_marks.is_empty());
    assert_eq!(part_marks, marks(&full_events));
    assert_eq!(
        part_events
            .iter()
            .filter(|e| matches!(e["ph"].as_str(), Some("C" | "i")))
            .count(),
        part_marks.len(),
        "nothing outside"
    );
    let placed_inside: BTreeSet<u64> = orders(&part)
        .into_iter()
        .filter(|o| inside(o.1) && o.2.is_some())
        .map(|o| o.0)
        .collect();
    let ended = check_rules(&part_events, "window");
    assert_eq!(ended, placed_inside);
    for dir in [full, part] {
        std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
    }
}
