//! Guards defect 8 of issue 11 (the scenario half): `{ uniform = ["10s", "10s", "0s",
//! "garbage"] }` ran as 10-10 s, and a fault after closing never fired without a word. A value
//! that can never take effect is an error; a key of a switched-off section (a cabinet's
//! settings with `enabled = false`) is a warning on stderr, and the run goes on.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// (exit code, stderr) of `chipshop run` on `text`.
fn run(text: &str) -> (Option<i32>, String) {
    // A folder per call: the tests of this file run on several threads at once.
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("chipshop-silent-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("s.toml");
    std::fs::write(&file, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(["run", "--no-charts", "--scenario"])
        .arg(&file)
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn values_that_never_take_effect_are_refused() {
    for (text, want) in [
        (
            "[tills]\ninterarrival = { uniform = [\"10s\", \"10s\", \"0s\", \"garbage\"] }\n",
            "s.toml:2:28: [tills] interarrival: invalid length 4, expected exactly two durations",
        ),
        (
            "[tills]\ninterarrival = { uniform = [\"10s\"] }\n",
            "invalid length 1, expected exactly two durations",
        ),
        (
            "[shop]\nopen_for = \"10m\"\n[[faults]]\ncrash = 1\nat = \"15m\"\n",
            "s.toml:5:1: [[faults]] #1 at: 15m is not before closing ([shop] open_for = 10m)",
        ),
        (
            "[[faults]]\ncrash = 2\nat = \"1m\"\n",
            "s.toml:2:1: [[faults]] #1 crash: there is no preparer 2; valid: 1 to 1",
        ),
        (
            "[orders]\nplaice_share = 0.3\n",
            "s.toml:2:1: [orders] plaice_share: 0.3 needs plaice on the menu",
        ),
        (
            "[orders]\nmenu = \"mix\"\n[orders.mix]\ncod = 0\nchips = 0\nlarge_chips = 0\npie = 0\n",
            "[orders.mix]: no item has a share above 0",
        ),
    ] {
        let (code, err) = run(text);
        assert_eq!(code, Some(2), "{text}: {err}");
        assert!(err.contains(want), "{text}\nwanted: {want}\ngot: {err}");
    }
}

#[test]
fn settings_of_switched_off_parts_are_warnings() {
    let text = "[shop]\nopen_for = \"5s\"\n[cabinet]\ntake = \"watch\"\n[web]\nno_show = 0.5\n[scaling]\nlag_above = 3\n[orders.mix]\ncod = 2\n";
    let (code, err) = run(text);
    assert_eq!(code, Some(0), "{err}");
    for want in [
        "s.toml:4:1: [cabinet] take: has no effect while [cabinet] enabled = false",
        "s.toml:6:1: [web] no_show: has no effect while [web] enabled = false",
        "s.toml:8:1: [scaling] lag_above: has no effect while [scaling] enabled = false",
        "s.toml:10:1: [orders.mix] cod: has no effect while [orders] menu = \"dice\"",
    ] {
        assert!(
            err.lines()
                .any(|l| l.starts_with("warning: ") && l.ends_with(want)),
            "wanted: {want}\ngot: {err}"
        );
    }
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("warning")).collect();
    let mut sorted = lines.clone();
    sorted.sort_by_key(|l| l.split(':').nth(2).and_then(|n| n.parse::<u32>().ok()));
    assert_eq!(lines, sorted, "warnings in the file's order");
    let (_, quiet) =
        run("[shop]\nopen_for = \"5s\"\n[cabinet]\nenabled = true\ntake = \"watch\"\n");
    assert!(!quiet.contains("warning"), "{quiet}");
}
