//! Guards `--group-protocol`, `--assignor` and `--static` on `chipshop run`: they reach the
//! run (summary.json names them), and an assignor of the other protocol is refused, naming
//! the switch and which protocol takes which.

use std::process::Command;

fn chipshop(args: &[&str], out: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .args(["--no-charts", "--open-for", "1m", "--out"])
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn the_switches_reach_the_run_and_its_summary() {
    let dir = std::env::temp_dir().join(format!("chipshop-protocol-{}", std::process::id()));
    let out = chipshop(
        &[
            "run",
            "--scenario",
            "demo3",
            "--group-protocol",
            "consumer",
            "--assignor",
            "uniform",
            "--static",
            "true",
        ],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["kafka"]["protocol"], "consumer");
    assert_eq!(summary["kafka"]["assignor"], "uniform");
    assert_eq!(summary["kafka"]["static_members"], true);
    assert_eq!(summary["overrides"]["group_protocol"], "consumer");
    assert!(summary["kafka"]["removals"]["session_timeout"].is_u64());
    assert!(summary["preparers"][0]["paused_s"].is_f64());
    let resolved = std::fs::read_to_string(dir.join("scenario.toml")).unwrap();
    assert!(
        resolved.contains("group_protocol = \"consumer\""),
        "{resolved}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_assignor_of_the_other_protocol_is_refused_naming_the_switch() {
    let dir = std::env::temp_dir().join(format!("chipshop-protocol-bad-{}", std::process::id()));
    let out = chipshop(
        &[
            "run",
            "--scenario",
            "demo3",
            "--group-protocol",
            "consumer",
            "--assignor",
            "cooperative_sticky",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--assignor cooperative_sticky") && err.contains("uniform or range"),
        "{err}"
    );
    let out = chipshop(
        &["run", "--scenario", "demo3", "--assignor", "sticky"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.exists(), "a refused run wrote its folder");
}
