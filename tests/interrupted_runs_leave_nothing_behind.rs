//! Ctrl-C (SIGINT) and SIGTERM stop a run or a sweep promptly, remove what it started and exit
//! 130 / 143, leaving the folder's earlier run as it was; what a SIGKILL leaves is recognised
//! and removed by the next run into the same folder. Real signals, sent to the binary.

mod chipshop_bin;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chipshop_bin::{arg, assert_ok, chipshop, command, names, scratch};

/// Starts `chipshop ARGS` and waits until it has started building its folder (the hidden
/// `.partial` beside `out`) and, for a run, writing a file in it. (A sweep keeps its results
/// in memory until every run is done.)
// The child is handed to the caller, which signals and waits for it.
#[allow(clippy::zombie_processes)]
fn start_writing(args: &[&str], out: &Path) -> Child {
    let streams_files = args[0] == "run";
    let mut child = command(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let parent = out.parent().unwrap();
    let prefix = format!(".{}.chipshop-", out.file_name().unwrap().to_string_lossy());
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let building = names(parent).into_iter().find_map(|n| {
            (n.starts_with(&prefix) && n.ends_with(".partial/")).then(|| parent.join(n))
        });
        if let Some(partial) = building {
            if !streams_files || std::fs::read_dir(&partial).is_ok_and(|mut d| d.next().is_some()) {
                // Let it run a moment, mid-simulation.
                std::thread::sleep(Duration::from_millis(300));
                return child;
            }
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the command never started writing");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits for the child, failing if it takes more than a few seconds after the signal.
fn exit_code(mut child: Child) -> (Option<i32>, String) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            return (status.code(), err);
        }
        assert!(
            Instant::now() < deadline,
            "still running 10 s after the signal"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn quick_run(out: &Path) {
    assert_ok(&chipshop(&[
        "run",
        "--scenario",
        "demo1",
        "--open-for",
        "1m",
        "--no-charts",
        "--out",
        arg(out),
    ]));
}

fn long_run(out: &Path) -> Vec<String> {
    [
        "run",
        "--scenario",
        "rush",
        "--open-for",
        "1000h",
        "--trace",
        // Far beyond the size limits, on purpose: it is stopped long before it ends.
        "--yes",
        "--out",
        arg(out),
    ]
    .map(String::from)
    .to_vec()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn sigint_leaves_no_partial_files() {
    let dir = scratch("sigint");
    let out = dir.join("run");
    quick_run(&out);
    let before = std::fs::read(out.join("summary.json")).unwrap();
    let args = long_run(&out);
    let child = start_writing(&strs(&args), &out);
    signal(&child, "INT");
    let (code, err) = exit_code(child);
    assert_eq!(code, Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert_eq!(names(&dir), ["run/"], "nothing left beside the folder");
    assert_eq!(
        names(&out),
        ["orders.csv", "scenario.toml", "series.csv", "summary.json"]
    );
    assert_eq!(std::fs::read(out.join("summary.json")).unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigterm_exits_143() {
    let dir = scratch("sigterm");
    let out = dir.join("run");
    let args = long_run(&out);
    let child = start_writing(&strs(&args), &out);
    signal(&child, "TERM");
    let (code, err) = exit_code(child);
    assert_eq!(code, Some(143), "{err}");
    assert!(names(&dir).is_empty(), "{:?}", names(&dir));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigint_during_a_sweep_leaves_no_partial_files() {
    let dir = scratch("sigint-sweep");
    let out = dir.join("sweep");
    let args = [
        "sweep",
        "--scenario",
        "rush",
        "--preparers",
        "2..6",
        "--replications",
        "20",
        "--open-for",
        "100h",
        "--jobs",
        "2",
        "--out",
        arg(&out),
    ];
    let child = start_writing(&args, &out);
    signal(&child, "INT");
    let (code, err) = exit_code(child);
    assert_eq!(code, Some(130), "{err}");
    assert!(names(&dir).is_empty(), "{:?}", names(&dir));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigkill_leftovers_are_cleaned_by_the_next_run() {
    let dir = scratch("sigkill");
    let out = dir.join("run");
    quick_run(&out);
    let args = long_run(&out);
    let mut child = start_writing(&strs(&args), &out);
    child.kill().unwrap();
    child.wait().unwrap();
    let left = names(&dir);
    assert!(
        left.iter().any(|n| n.ends_with(".partial/")) && left.iter().any(|n| n.ends_with(".lock")),
        "a kill leaves the folder being built and its lock: {left:?}"
    );
    assert_eq!(
        names(&out),
        ["orders.csv", "scenario.toml", "series.csv", "summary.json"],
        "and the earlier run whole"
    );
    let next = chipshop(&[
        "run",
        "--scenario",
        "demo1",
        "--open-for",
        "2m",
        "--no-charts",
        "--out",
        arg(&out),
    ]);
    assert_ok(&next);
    assert!(
        String::from_utf8_lossy(&next.stderr).contains("left by an interrupted command"),
        "says what it removed"
    );
    assert_eq!(names(&dir), ["run/"], "the leftovers are gone");
    let _ = std::fs::remove_dir_all(&dir);
}
