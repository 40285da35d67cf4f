//! A property of the scenario layer (issue 11): any scenario that passes validation runs to
//! completion (its books balance) within its size estimate's `at_most`: orders, events, run
//! length, and the bytes of every file it writes. Scenarios are drawn over most keys, with a
//! short `open_for` so that each run takes a moment.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use chipshop::model::run_shop;
use chipshop::output::RunFiles;
use chipshop::scenario::Scenario;
use proptest::prelude::*;

/// A distribution of durations with a mean from `low` to `high` milliseconds (`low` may be 0:
/// a constant zero, which validation refuses only for arrivals).
fn distribution(low: u64, high: u64) -> impl Strategy<Value = String> {
    let positive = low.max(1);
    prop_oneof![
        (low..=high).prop_map(|a| format!("{{ constant = \"{a}ms\" }}")),
        (low..=high, 0..=high).prop_map(|(a, w)| {
            let lo = a.saturating_sub(w / 2);
            format!("{{ uniform = [\"{lo}ms\", \"{}ms\"] }}", a + w / 2)
        }),
        (positive..=high).prop_map(|m| format!("{{ exponential = \"{m}ms\" }}")),
        (positive..=high, 0..=high)
            .prop_map(|(m, sd)| format!("{{ normal = {{ mean = \"{m}ms\", sd = \"{sd}ms\" }} }}")),
        (positive..=high, 0..=2 * high).prop_map(|(m, sd)| {
            format!("{{ lognormal = {{ mean = \"{m}ms\", sd = \"{sd}ms\" }} }}")
        }),
    ]
}

/// A rate profile for the tills: from 0 s at a rate above 0, then up to three more points
/// (rates from 0 to 4, a few seconds apart), stepwise or linear.
fn profile() -> impl Strategy<Value = String> {
    (
        0.1f64..4.0,
        prop::collection::vec((1u64..=20, 0.0f64..4.0), 0..4),
        any::<bool>(),
    )
        .prop_map(|(first, rest, linear)| {
            let mut points = vec![format!("{{ from = \"0s\", rate = {first} }}")];
            let mut from = 0;
            for (step, rate) in rest {
                from += step;
                points.push(format!("{{ from = \"{from}s\", rate = {rate} }}"));
            }
            let shape = if linear { "linear" } else { "stepwise" };
            format!(
                "profile = [{}]\nprofile_shape = \"{shape}\"",
                points.join(", ")
            )
        })
}

/// `[shop]`, `[tills]`, `[preparers]` and `[kafka]`.
fn core() -> impl Strategy<Value = String> {
    (
        (5u64..=60, 100u64..=5000, 1u32..=4, 1u32..=4, 1u32..=6),
        (
            distribution(200, 3000),
            distribution(0, 1500),
            any::<bool>(),
            prop::option::of(profile()),
        ),
        (
            prop::sample::select(vec!["till", "key", "sticky", "round_robin"]),
            prop::sample::select(vec!["range", "round_robin", "cooperative_sticky"]),
            distribution(0, 20),
            distribution(0, 20),
            0u64..=50,
            1u32..=5,
            (3u64..=45, 1u64..=10, 0u64..=10, 0u64..=5),
        ),
    )
        .prop_map(
            |(
                (open_s, sample_ms, tills, preparers, partitions),
                (interarrival, prep_time, idempotent, profile),
                (partitioner, assignor, produce, fetch, linger, max_poll, (session, heartbeat, commit, delay)),
            )| {
                format!(
                    "[shop]\nopen_for = \"{open_s}s\"\nsample_every = \"{sample_ms}ms\"\nseed = {}\n\n\
                     [tills]\ncount = {tills}\ninterarrival = {interarrival}\n{}\n\
                     [preparers]\ncount = {preparers}\nprep_time = {prep_time}\nidempotent = {idempotent}\n\n\
                     [kafka]\norders_partitions = {partitions}\npartitioner = \"{partitioner}\"\nassignor = \"{assignor}\"\n\
                     produce_latency = {produce}\nfetch_latency = {fetch}\nlinger = \"{linger}ms\"\nmax_poll_records = {max_poll}\n\
                     session_timeout = \"{session}s\"\nheartbeat_interval = \"{}ms\"\nauto_commit_interval = \"{commit}s\"\n\
                     initial_rebalance_delay = \"{delay}s\"\n",
                    open_s * 7 + sample_ms,
                    profile.unwrap_or_default(),
                    (heartbeat * 1000).min(session * 1000 - 1),
                )
            },
        )
}

/// `[orders]`, `[cook]`, `[cabinet]`, `[web]`, `[scaling]`, the services and a fault, given the
/// numbers of preparers and the opening time they must agree with.
fn extras() -> impl Strategy<Value = (String, bool)> {
    (
        (
            any::<bool>(),
            any::<bool>(),
            prop::option::of(0.0f64..=1.0),
            (0.0f64..3.0, 0.0f64..3.0, 0.0f64..3.0, 0.0f64..3.0, 0.0f64..3.0, 0.0f64..=1.0),
        ),
        (distribution(0, 4000), 1u32..=3, prop::option::of(500u64..=10_000)),
        (
            any::<bool>(),
            prop::sample::select(vec!["script", "watch", "check_then_take"]),
            (0u32..=20, 0u32..=20, 0u32..=5),
            (0u32..=20, 0u32..=20, 0u32..=5),
            distribution(0, 5),
        ),
        (any::<bool>(), distribution(300, 5000), distribution(0, 20_000), 0.0f64..=1.0),
        (any::<bool>(), 0u64..=10, 0u64..=10, 0u32..=3, 0u64..=20),
        (any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(
                (mix, plaice, share, (cod, chips, large, plaice_mix, pie, extra)),
                (fry, baskets, top_up),
                (cabinet, take, (ic, ich, ip), (bc, bch, bp), redis),
                (web, web_ia, travel, no_show),
                (scaling, lag, sustained, more, idle),
                (accountant, analyst, fault),
            )| {
                // plaice_share must agree with plaice: above 0 with plaice on, 0 with it off.
                let share = match share {
                    Some(s) if plaice && s > 0.0 => format!("plaice_share = {s}\n"),
                    Some(_) if !plaice => "plaice_share = 0.0\n".to_string(),
                    _ => String::new(),
                };
                let menu = if mix { "mix" } else { "dice" };
                let mut t = format!(
                    "[orders]\nmenu = \"{menu}\"\nplaice = {plaice}\n{share}\n"
                );
                if mix {
                    // At least one share above 0 whatever the plaice switches say.
                    t += &format!(
                        "[orders.mix]\ncod = {}\nchips = {chips}\nlarge_chips = {large}\nplaice = {plaice_mix}\npie = {pie}\nextra_portion = {extra}\n\n",
                        cod + 0.01
                    );
                }
                if plaice || cabinet {
                    t += &format!("[cook]\nfry_time = {fry}\nbaskets = {baskets}\n");
                    if let (Some(ms), true) = (top_up, cabinet) {
                        t += &format!("top_up_every = \"{ms}ms\"\n");
                    }
                    t += "\n";
                }
                if cabinet {
                    t += &format!(
                        "[cabinet]\nenabled = true\ntake = \"{take}\"\nredis_latency = {redis}\n\
                         initial = {{ cod = {ic}, chips = {ich}, plaice = {ip} }}\n\
                         batch = {{ cod = {bc}, chips = {bch}, plaice = {bp} }}\n\n"
                    );
                }
                if web {
                    t += &format!(
                        "[web]\nenabled = true\ninterarrival = {web_ia}\ntravel_time = {travel}\nno_show = {no_show}\n\n"
                    );
                }
                if scaling {
                    t += &format!(
                        "[scaling]\nenabled = true\nlag_above = {lag}\nsustained = \"{sustained}s\"\nmax_preparers = MAXPREP+{more}\nidle_after = \"{idle}s\"\n\n"
                    );
                }
                t += &format!(
                    "[accountant]\nenabled = {accountant}\n[analyst]\nenabled = {analyst}\n"
                );
                (t, fault)
            },
        )
}

/// A scenario's text: the core, then the extras, with the fault and `max_preparers` made to
/// fit the core's preparers and opening time.
fn scenario_text() -> impl Strategy<Value = String> {
    (core(), extras(), 0.0f64..1.0, any::<bool>()).prop_map(
        |(core, (extras, fault), at, restart)| {
            let preparers: u32 = field(&core, "[preparers]\ncount = ");
            let open: u64 = field(&core, "open_for = \"");
            let extras = extras.replace("MAXPREP+", &format!("{}+", preparers));
            let extras = fix_sum(&extras);
            let mut text = format!("{core}\n{extras}");
            if fault {
                let at_ms = (at * open as f64 * 1000.0) as u64;
                text += &format!("\n[[faults]]\ncrash = {preparers}\nat = \"{at_ms}ms\"\n");
                if restart {
                    text += "restart_after = \"5s\"\n";
                }
            }
            text
        },
    )
}

/// The number after `prefix` in `text`.
fn field<T: std::str::FromStr>(text: &str, prefix: &str) -> T {
    let rest = &text[text.find(prefix).unwrap() + prefix.len()..];
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap();
    rest[..end].parse().ok().unwrap()
}

/// `max_preparers = 3+2` written out as `5`.
fn fix_sum(text: &str) -> String {
    let Some(i) = text.find("max_preparers = ") else {
        return text.to_string();
    };
    let start = i + "max_preparers = ".len();
    let end = start + text[start..].find('\n').unwrap();
    let (a, b) = text[start..end].split_once('+').unwrap();
    let sum: u32 = a.parse::<u32>().unwrap() + b.parse::<u32>().unwrap();
    format!("{}{sum}{}", &text[..start], &text[end..])
}

fn scratch() -> PathBuf {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("chipshop-estimate-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn size(dir: &std::path::Path, name: &str) -> u64 {
    std::fs::metadata(dir.join(name)).map_or(0, |m| m.len())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn valid_scenarios_run_within_their_estimate(text in scenario_text()) {
        let scenario = match Scenario::from_toml(&text, "drawn.toml") {
            Ok(s) => s,
            // The strategy draws valid scenarios; one that is not is a mistake of the test's.
            Err(e) => panic!("{e}\n{text}"),
        };
        let estimate = scenario.size_estimate();
        let dir = scratch();
        let mut files = RunFiles::create(&dir, scenario.analyst.enabled).unwrap();
        let (report, trace) = run_shop(&scenario, &mut files, Some(Vec::new()))
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        files.finish().unwrap();
        let m = &estimate.at_most;
        let context = format!("{text}\n{}", estimate.report(true, false));
        prop_assert!(report.orders.placed <= m.orders, "orders {}\n{context}", report.orders.placed);
        prop_assert!(report.events <= m.events, "events {}\n{context}", report.events);
        prop_assert!(report.sim_end_s <= m.sim_end.as_secs_f64(), "end {}\n{context}", report.sim_end_s);
        let summary = serde_json::to_string_pretty(&report).unwrap().len() as u64;
        let trace = trace.unwrap().len() as u64;
        for f in &estimate.files {
            let written = match f.name {
                "events.jsonl" => trace,
                "summary.json" => summary,
                "charts/" => continue,
                name => size(&dir, name),
            };
            prop_assert!(written <= f.at_most, "{}: {written} bytes\n{context}", f.name);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
