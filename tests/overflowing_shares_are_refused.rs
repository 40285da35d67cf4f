//! Guards defect 4 of issue 11: mix shares whose sum overflows (`cod = 1e308, chips = 1e308`)
//! panicked in `WeightedChoice::new` (exit 101). Every number a scenario reads as a float, a
//! share, a probability, is checked: NaN, infinite, negative or too large is an error naming
//! the key, with exit code 2.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

fn run(text: &str) -> (Option<i32>, String) {
    // A folder per call: the tests of this file run on several threads at once.
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("chipshop-floats-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("floats.toml");
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
fn overflowing_shares_are_refused() {
    let (code, err) = run("[orders]\nmenu = \"mix\"\n[orders.mix]\ncod = 1e308\nchips = 1e308\n");
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("floats.toml:4:1: [orders.mix] cod: 1e308 is not a share")
            && err.contains("from 0 to 1e9"),
        "{err}"
    );
}

#[test]
fn nan_infinite_and_negative_floats_are_refused() {
    let cases = [
        ("[orders.mix]\ncod = nan\n", "[orders.mix] cod"),
        ("[orders.mix]\npie = inf\n", "[orders.mix] pie"),
        ("[orders.mix]\nchips = -1\n", "[orders.mix] chips"),
        (
            "[orders.mix]\nextra_portion = 1.5\n",
            "[orders.mix] extra_portion",
        ),
        (
            "[orders.mix]\nextra_portion = nan\n",
            "[orders.mix] extra_portion",
        ),
        ("[web]\nno_show = -0.1\n", "[web] no_show"),
        ("[web]\nno_show = inf\n", "[web] no_show"),
        (
            "[orders]\nplaice = true\nplaice_share = nan\n",
            "[orders] plaice_share",
        ),
        (
            "[orders]\nplaice = true\nplaice_share = 2\n",
            "[orders] plaice_share",
        ),
    ];
    for (text, key) in cases {
        let (code, err) = run(text);
        assert_eq!(code, Some(2), "{text}: {err}");
        assert!(err.contains(key), "{text}: {err}");
        assert!(!err.contains("panicked"), "{text}: {err}");
    }
}

#[test]
fn a_round_trip_of_a_nanosecond_runs() {
    // The Redis latency is halved for each way; halving a 1 ns mean once panicked.
    let (code, err) = run(
        "[shop]\nopen_for = \"10s\"\n[cabinet]\nenabled = true\nredis_latency = { normal = { mean = \"1ns\", sd = \"1ns\" } }\n",
    );
    assert_eq!(code, Some(0), "{err}");
}
