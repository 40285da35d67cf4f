//! Guards defect 1 of issue 11: `[tills] interarrival = { constant = "0s" }` was accepted, and
//! the tills made orders for ever at t = 0 until memory ran out. Every process that schedules
//! itself again (tills, web customers, the sampler, the cook's top-up timer) must wait a
//! positive time on average, or the scenario is refused with its file, line and key.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chipshop-zero-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the scenario `text`, killing the run if it has not ended in 60 s (a regression would
/// otherwise eat the machine's memory).
fn run(dir: &Path, text: &str) -> Output {
    let file = dir.join("zero.toml");
    std::fs::write(&file, text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(["run", "--no-charts", "--scenario"])
        .arg(&file)
        .arg("--out")
        .arg(dir.join("out"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("{text}: still running after 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn zero_interarrival_is_refused() {
    let dir = scratch("arrivals");
    let zeros = [
        "{ constant = \"0s\" }",
        "{ exponential = \"0s\" }",
        "{ uniform = [\"0s\", \"0s\"] }",
    ];
    for zero in zeros {
        for (section, extra) in [("tills", ""), ("web", "enabled = true\n")] {
            let text =
                format!("[shop]\nopen_for = \"1m\"\n\n[{section}]\n{extra}interarrival = {zero}\n");
            let out = run(&dir, &text);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{text}: {err}");
            let line = 5 + usize::from(!extra.is_empty());
            assert!(
                err.contains(&format!("zero.toml:{line}:1: [{section}] interarrival:"))
                    && err.contains("mean above 0"),
                "{text}: {err}"
            );
            assert!(!dir.join("out").exists(), "{text}: nothing is written");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_self_rescheduling_timer_must_be_positive() {
    let dir = scratch("timers");
    for (text, key) in [
        ("[shop]\nsample_every = \"0s\"\n", "[shop] sample_every"),
        (
            "[cabinet]\nenabled = true\n[cook]\ntop_up_every = \"0s\"\n",
            "[cook] top_up_every",
        ),
        (
            "[kafka]\nheartbeat_interval = \"0s\"\n",
            "[kafka] heartbeat_interval",
        ),
    ] {
        let out = run(&dir, text);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{text}: {err}");
        assert!(
            err.contains(key) && err.contains("above 0"),
            "{text}: {err}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn arrivals_that_can_be_zero_but_average_above_it_run() {
    let dir = scratch("some-zero");
    let out = run(
        &dir,
        "[shop]\nopen_for = \"10s\"\n[tills]\ninterarrival = { uniform = [\"0s\", \"2s\"] }\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
