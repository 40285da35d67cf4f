//! Guards the command line against bad input: a clear message naming the file, line and key,
//! exit code 2, and no half-written output.

use std::process::{Command, Output};

fn chipshop(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .output()
        .unwrap()
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("chipshop-bad-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_misspelt_key_names_file_line_and_nearest_key() {
    let dir = scratch("key");
    let file = dir.join("shop.toml");
    std::fs::write(
        &file,
        "[tills]\ncount = 2\n\n[preparers]\nprep_tme = { constant = \"1s\" }\n",
    )
    .unwrap();
    let out = chipshop(&[
        "run",
        "--scenario",
        file.to_str().unwrap(),
        "--out",
        dir.join("o").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("shop.toml:5:") && err.contains("prep_tme") && err.contains("prep_time"),
        "{err}"
    );
    assert!(
        !dir.join("o").exists(),
        "nothing written for a scenario that does not load"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn missing_files_and_bad_switches_exit_with_2() {
    let out = chipshop(&["run", "--scenario", "no-such-shop.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("demo3"),
        "lists the presets"
    );
    let out = chipshop(&["run", "--scenario", "demo1", "--tills", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--tills"));
    let out = chipshop(&["run", "--scenario", "demo1", "--open-for", "ten minutes"]);
    assert_eq!(out.status.code(), Some(2));
}
