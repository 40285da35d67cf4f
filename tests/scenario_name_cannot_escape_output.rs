//! Guards defect 3 of issue 11: `[shop] name = "../../escaped"` wrote `../../escaped-1/`, an
//! absolute name wrote there, a newline made a folder with a newline. A scenario's name names
//! the default output folder, so it is checked: letters, digits, `-`, `_`, `.`, not starting
//! with `.` or `-`, at most 64 characters. A name taken from a file's name is made valid.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chipshop-names-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("work")).unwrap();
    dir
}

/// Runs `chipshop run --scenario FILE` in `dir/work`, without --out.
fn run(dir: &Path, file_name: &str, text: &str) -> Output {
    let file = dir.join(file_name);
    std::fs::write(&file, text).unwrap();
    Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .current_dir(dir.join("work"))
        .args(["run", "--no-charts", "--open-for", "5s", "--scenario"])
        .arg(&file)
        .output()
        .unwrap()
}

/// Every path below `dir`, relative to it.
fn tree(dir: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            paths.push(path.strip_prefix(dir).unwrap().display().to_string());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    paths.sort();
    paths
}

#[test]
fn scenario_name_cannot_escape_output() {
    let dir = scratch("escape");
    let absolute = dir.join("abs");
    std::fs::write(dir.join("s.toml"), "").unwrap();
    for name in [
        "../../escaped".to_string(),
        "../escaped".to_string(),
        absolute.display().to_string(),
        "new\\nline".to_string(),
        ".hidden".to_string(),
        "-rf".to_string(),
        "a/b".to_string(),
        "x".repeat(65),
        String::new(),
    ] {
        let before = tree(&dir);
        let out = run(&dir, "s.toml", &format!("[shop]\nname = \"{name}\"\n"));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name:?}: {err}");
        assert!(
            err.contains("s.toml:2:1: [shop] name:") && err.contains("not starting with '.'"),
            "{name:?}: {err}"
        );
        assert_eq!(tree(&dir), before, "{name:?}: nothing is written anywhere");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_name_from_the_file_name_is_made_valid() {
    let dir = scratch("stem");
    let out = run(&dir, "my shop (v2).toml", "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The run's folder is output/<name>-..., whatever else its name says.
    let written = tree(&dir.join("work"));
    let summary = written
        .iter()
        .find(|p| p.starts_with("output/my_shop__v2_-") && p.ends_with("/summary.json"))
        .unwrap_or_else(|| panic!("no output/my_shop__v2_-*/summary.json in {written:?}"));
    let text = std::fs::read_to_string(dir.join("work").join(summary)).unwrap();
    assert!(text.contains("\"scenario\": \"my_shop__v2_\""), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}
