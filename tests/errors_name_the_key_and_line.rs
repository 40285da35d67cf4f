//! Guards defect 11 of issue 11: a type error said `file:4:9: invalid value: integer -3,
//! expected u32` without the key; validation errors had no line; `--tills -1` answered
//! "unexpected argument"; a top-level `open_for` got no hint; a TOML seed could not reach
//! 2^64 - 1 as `--seed` can. Every message names the key or switch, where it is, and what
//! would be valid.

use std::path::PathBuf;
use std::process::Command;

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chipshop-msg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `chipshop run` on the scenario `text` with `args` (and `--open-for 10s` unless
/// `args` say otherwise); (exit code, stderr).
fn run(name: &str, text: &str, args: &[&str]) -> (Option<i32>, String) {
    let dir = scratch();
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    let open_for: &[&str] = if args.contains(&"--open-for") {
        &[]
    } else {
        &["--open-for", "10s"]
    };
    let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(["run", "--no-charts", "--scenario"])
        .arg(&file)
        .args(open_for)
        .arg("--out")
        .arg(dir.join(format!("out-{name}")))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn errors_name_the_key_and_line() {
    let cases = [
        (
            "[shop]\nseed = 3\n\n[tills]\ncount = -3\n",
            "e.toml:5:9: [tills] count: invalid value: integer `-3`; valid: a whole number from 1 to 10000",
        ),
        (
            "[tills]\ncount = 0\n",
            "e.toml:2:1: [tills] count: 0 is out of range; valid: a whole number from 1 to 10000",
        ),
        (
            "[preparers]\ncount = \"two\"\n",
            "e.toml:2:9: [preparers] count: invalid type: string \"two\"; valid: a whole number",
        ),
        (
            "[kafka]\nsession_timeout = \"2s\"\n",
            "e.toml:2:1: [kafka] session_timeout: 2s is not longer than the heartbeat interval (3s, the classic protocol's default)",
        ),
        (
            "[kafka]\nheartbeat_interval = \"50s\"\n",
            "e.toml:2:1: [kafka] heartbeat_interval: 50s is not shorter than the session timeout (45s)",
        ),
        (
            "[kafka]\ngroup_protocol = \"consumer\"\nassignor = \"cooperative_sticky\"\n",
            "e.toml:3:1: [kafka] assignor: assignor 'cooperative_sticky' is not for group.protocol=consumer",
        ),
        (
            "[preparers]\ncount = 2\n[[faults]]\nstall = 2\nat = \"1m\"\n",
            "e.toml:4:1: [[faults]] #1 stall: a stall needs its length",
        ),
        ("open_for = \"10m\"\n", "did you mean `open_for` in [shop]?"),
        (
            "[tills]\ninterarrival = { uniform = [\"10s\", \"10s\", \"0s\", \"garbage\"] }\n",
            "e.toml:2:28: [tills] interarrival: invalid length 4, expected exactly two durations [low, high]",
        ),
        (
            "[kafka]\nassignor = \"rnage\"\n",
            "e.toml:2:12: [kafka] assignor: unknown variant `rnage`",
        ),
    ];
    for (text, want) in cases {
        let (code, err) = run("e.toml", text, &[]);
        assert_eq!(code, Some(2), "{text}: {err}");
        assert!(err.contains(want), "{text}\nwanted: {want}\ngot: {err}");
    }
}

#[test]
fn negative_switches_get_a_message_about_the_value() {
    for (switch, value, want) in [
        (
            "--tills",
            "-1",
            "a whole number from 1 to 10000 (it sets [tills] count)",
        ),
        ("--preparers", "-2", "a whole number from 1 to 10000"),
        ("--partitions", "-3", "a whole number from 1 to 100000"),
        (
            "--seed",
            "-1",
            "a whole number from 0 to 18446744073709551615",
        ),
        ("--plaice-share", "-0.1", "a share of orders from 0 to 1"),
        ("--open-for", "-5m", "negative"),
    ] {
        let (code, err) = run("ok.toml", "", &[switch, value]);
        assert_eq!(code, Some(2), "{switch} {value}: {err}");
        assert!(
            err.contains(&format!("invalid value '{value}' for '{switch}")) && err.contains(want),
            "{switch} {value}: {err}"
        );
        assert!(!err.contains("unexpected argument"), "{err}");
    }
}

#[test]
fn a_switch_that_breaks_a_rule_is_named_instead_of_the_key() {
    let text =
        "[shop]\nopen_for = \"10m\"\n[preparers]\ncount = 3\n[[faults]]\ncrash = 3\nat = \"5m\"\n";
    let (code, err) = run("f.toml", text, &["--preparers", "2"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("error: --preparers 2: [[faults]] #1 crash: there is no preparer 3"),
        "{err}"
    );
    // --open-for 10s (given by `run`) closes the shop before the fault at 5m.
    let (code, err) = run("f.toml", text, &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("error: --open-for 10s: [[faults]] #1 at: 5m"),
        "{err}"
    );
}

#[test]
fn a_toml_seed_takes_every_value_the_switch_takes() {
    let (code, err) = run(
        "seed.toml",
        "[shop]\nseed = \"18446744073709551615\"\n",
        &[],
    );
    assert_eq!(code, Some(0), "{err}");
    let summary = std::fs::read_to_string(scratch().join("out-seed.toml/summary.json")).unwrap();
    assert!(
        summary.contains("\"seed\": 18446744073709551615"),
        "{summary}"
    );
    let (code, err) = run("seed.toml", "[shop]\nseed = -1\n", &[]);
    assert_eq!(code, Some(2));
    assert!(err.contains("seed.toml:2:8: [shop] seed"), "{err}");
}
