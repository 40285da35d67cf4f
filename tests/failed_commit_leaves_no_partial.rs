//! A run whose files can't be written (a full disk) fails with exit 3 and leaves nothing: no
//! `.partial` file, no half-built folder, and the folder's earlier run untouched.
//!
//! A full disk is played by a file size limit (`ulimit -f`) with SIGXFSZ ignored, so that a
//! write past the limit fails with EFBIG as a write to a full disk fails with ENOSPC.

mod chipshop_bin;

use std::process::Command;

use chipshop_bin::{arg, assert_ok, chipshop, names, scratch, stderr};

#[test]
fn failed_commit_leaves_no_partial() {
    let dir = scratch("full-disk");
    let out = dir.join("run");
    assert_ok(&chipshop(&[
        "run",
        "--scenario",
        "demo1",
        "--open-for",
        "1m",
        "--no-charts",
        "--out",
        arg(&out),
    ]));
    let before = std::fs::read(out.join("orders.csv")).unwrap();
    let script = format!(
        "ulimit -f 16; trap '' XFSZ; exec '{}' run --scenario demo3 --open-for 30m --trace --out '{}'",
        env!("CARGO_BIN_EXE_chipshop"),
        arg(&out)
    );
    let failed = Command::new("bash").args(["-c", &script]).output().unwrap();
    assert_eq!(failed.status.code(), Some(3), "{}", stderr(&failed));
    assert!(stderr(&failed).contains("error:"), "{}", stderr(&failed));
    assert_eq!(names(&dir), ["run/"], "nothing left beside the folder");
    assert_eq!(
        names(&out),
        ["orders.csv", "scenario.toml", "series.csv", "summary.json"],
        "no .partial inside"
    );
    assert_eq!(
        std::fs::read(out.join("orders.csv")).unwrap(),
        before,
        "the earlier run is untouched"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
