//! Every command survives a reader that closes stdout early (`chipshop presets | head -1`):
//! no panic, nothing on stderr about it, exit 0, and the work that does not need stdout
//! (a run's files) is still done.

mod chipshop_bin;

use std::process::{Output, Stdio};

use chipshop_bin::{arg, command, names, scratch, stderr};

/// Runs `chipshop ARGS` with stdout a pipe whose reading end is closed before the command
/// writes anything, and stdin `input`.
fn with_stdout_closed(args: &[&str], input: Option<&std::path::Path>) -> Output {
    let mut c = command(args);
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    match input {
        Some(file) => c.stdin(std::fs::File::open(file).unwrap()),
        None => c.stdin(Stdio::null()),
    };
    let mut child = c.spawn().expect("chipshop starts");
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

fn assert_quiet(args: &[&str], out: &Output) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe") && !err.contains("error"),
        "{args:?} said: {err}"
    );
}

#[test]
fn closed_stdout_is_quiet_for_every_command() {
    let dir = scratch("closed-stdout");
    let keys: Vec<String> = (0..20_000).map(|k| k.to_string()).collect();
    let mut partition = vec!["kafka", "partition", "--partitions", "3"];
    partition.extend(keys.iter().map(String::as_str));
    let run_dir = dir.join("run");
    let printing: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["run", "--help"],
        vec!["presets"],
        vec!["presets", "show", "cabinet"],
        vec!["play", "--scenario", "demo3", "--snapshot", "30s"],
        partition,
        vec![
            "kafka",
            "assign",
            "--assignor",
            "range",
            "--topic",
            "orders:5000",
            "--member",
            "a",
            "--member",
            "b",
        ],
        vec![
            "run",
            "--scenario",
            "demo1",
            "--open-for",
            "1m",
            "--no-charts",
            "--out",
            arg(&run_dir),
        ],
    ];
    for args in &printing {
        let out = with_stdout_closed(args, None);
        assert_quiet(args, &out);
    }
    assert!(
        names(&run_dir).contains(&"summary.json".to_string()),
        "the run finished its files"
    );

    let chart = ["chart", arg(&run_dir), "--charts", "svg"];
    let out = with_stdout_closed(&chart, None);
    assert_quiet(&chart, &out);
    assert!(run_dir.join("charts/latency_cdf.svg").is_file());

    let animate = ["chart", arg(&run_dir), "--animate", "orders_waiting"];
    let out = with_stdout_closed(&animate, None);
    assert_quiet(&animate, &out);
    assert!(run_dir.join("charts/orders_waiting.gif").is_file());

    let script = dir.join("commands.txt");
    std::fs::write(&script, "INCR visits\n".repeat(50_000)).unwrap();
    let out = with_stdout_closed(&["redis"], Some(&script));
    assert_quiet(&["redis"], &out);

    let sweep_dir = dir.join("sweep");
    let sweep = [
        "sweep",
        "--scenario",
        "demo1",
        "--preparers",
        "1,2",
        "--replications",
        "2",
        "--open-for",
        "1m",
        "--no-charts",
        "--out",
        arg(&sweep_dir),
    ];
    let out = with_stdout_closed(&sweep, None);
    assert_quiet(&sweep, &out);

    let plan_dir = dir.join("plan");
    let plan = [
        "plan",
        "--scenario",
        "demo1",
        "--vary",
        "preparers=1,2",
        "--target",
        "wait_p99_s <= 1m",
        "--max-replications",
        "3",
        "--min-replications",
        "2",
        "--no-charts",
        "--out",
        arg(&plan_dir),
    ];
    let out = with_stdout_closed(&plan, None);
    assert_quiet(&plan, &out);
    assert!(
        plan_dir.join("plan.json").is_file(),
        "the plan wrote its file"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
