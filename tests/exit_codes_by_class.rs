//! Each class of failure has its own exit code (README, "Errors and exit codes"): 2 bad input
//! (a scenario, a switch, a file to read), 3 the output can't be written, 0 done. (1, the books
//! don't balance, needs a broken model: `cli::error`'s unit test covers its mapping; 130 and
//! 143 are in `interrupted_runs_leave_nothing_behind.rs`.)

mod chipshop_bin;

use chipshop_bin::{arg, assert_ok, chipshop, scratch, stderr};

fn exit_of(args: &[&str]) -> (Option<i32>, String) {
    let out = chipshop(args);
    (out.status.code(), stderr(&out))
}

#[test]
fn bad_input_exits_2() {
    let dir = scratch("exit-2");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[tills]\ncount = \"three\"\n").unwrap();
    for args in [
        vec!["run", "--scenario", arg(&bad)],
        vec!["run", "--scenario", "no-such-preset"],
        vec!["run", "--scenario", "demo1", "--tills", "0"],
        vec!["run", "--scenario", "demo1", "--no-such-switch"],
        vec!["presets", "show", "no-such-preset"],
        vec!["kafka", "partition", "--partitions", "0", "key"],
        vec!["chart", arg(&dir.join("no-such-run"))],
        vec!["sweep", "--scenario", "demo1", "--preparers", "3..1"],
        vec![
            "sweep",
            "merge",
            arg(&dir),
            "--out",
            arg(&dir.join("merged")),
        ],
    ] {
        let (code, err) = exit_of(&args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn output_that_cannot_be_written_exits_3() {
    let dir = scratch("exit-3");
    std::fs::write(dir.join("file"), "").unwrap();
    let (code, err) = exit_of(&[
        "run",
        "--scenario",
        "demo1",
        "--out",
        arg(&dir.join("file")),
    ]);
    assert_eq!(code, Some(3), "{err}");
    // A folder below a file can't be made.
    let (code, err) = exit_of(&[
        "sweep",
        "--scenario",
        "demo1",
        "--preparers",
        "1",
        "--replications",
        "1",
        "--out",
        arg(&dir.join("file/sweep")),
    ]);
    assert_eq!(code, Some(3), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn done_exits_0() {
    let dir = scratch("exit-0");
    assert_ok(&chipshop(&[
        "run",
        "--scenario",
        "demo1",
        "--open-for",
        "1m",
        "--no-charts",
        "--out",
        arg(&dir.join("run")),
    ]));
    assert_ok(&chipshop(&["presets"]));
    let _ = std::fs::remove_dir_all(&dir);
}
