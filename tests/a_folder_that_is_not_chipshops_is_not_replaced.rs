//! chipshop replaces its output folder whole, so it refuses to replace one it did not write
//! (exit 3, the folder untouched) unless told to with `--force`; and never the root or the
//! folder you stand in, nor the home folder, nor a file.

mod chipshop_bin;

use chipshop_bin::{arg, assert_ok, chipshop, command, names, scratch, stderr};

#[test]
fn a_folder_that_is_not_chipshops_is_not_replaced() {
    let dir = scratch("not-ours");
    let mine = dir.join("talk");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("notes.md"), "my talk").unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "run",
            "--scenario",
            "demo1",
            "--open-for",
            "1m",
            "--no-charts",
            "--out",
            arg(&mine),
        ];
        args.extend_from_slice(extra);
        chipshop(&args)
    };
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("notes.md") && stderr(&out).contains("--force"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.md")).unwrap(),
        "my talk"
    );
    assert_eq!(names(&dir), ["talk/"], "nothing left beside it");

    assert_ok(&run(&["--force"]));
    assert!(!mine.join("notes.md").exists(), "--force replaces it");
    assert!(mine.join("summary.json").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_sweep_or_charts_folder_with_other_files_is_not_replaced() {
    let dir = scratch("not-ours-sweep");
    let out = dir.join("sweep");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("results.xlsx"), "").unwrap();
    let sweep = chipshop(&[
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
        arg(&out),
    ]);
    assert_eq!(sweep.status.code(), Some(3), "{}", stderr(&sweep));
    assert!(out.join("results.xlsx").exists());

    let run = dir.join("run");
    assert_ok(&chipshop(&[
        "run",
        "--scenario",
        "demo1",
        "--open-for",
        "1m",
        "--charts",
        "svg",
        "--out",
        arg(&run),
    ]));
    std::fs::write(run.join("charts/slides.pdf"), "").unwrap();
    let chart = chipshop(&["chart", arg(&run)]);
    assert_eq!(chart.status.code(), Some(3), "{}", stderr(&chart));
    assert!(stderr(&chart).contains("slides.pdf"), "{}", stderr(&chart));
    assert!(run.join("charts/slides.pdf").exists());
    assert_ok(&chipshop(&["chart", arg(&run), "--force"]));
    assert!(!run.join("charts/slides.pdf").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_root_the_current_folder_and_a_file_are_refused() {
    let dir = scratch("too-wide");
    std::fs::write(dir.join("a-file"), "").unwrap();
    for (out, says) in [
        ("/", "root"),
        (".", "current folder"),
        ("..", "current folder"),
        ("a-file", "is a file"),
    ] {
        let result = command(&[
            "run",
            "--scenario",
            "demo1",
            "--open-for",
            "1m",
            "--force",
            "--out",
            out,
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
        assert_eq!(
            result.status.code(),
            Some(3),
            "--out {out}: {}",
            stderr(&result)
        );
        assert!(
            stderr(&result).contains(says),
            "--out {out}: {}",
            stderr(&result)
        );
    }
    assert_eq!(names(&dir), ["a-file"], "nothing written anywhere");
    assert!(!std::path::Path::new("/summary.json").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_home_folder_is_refused_even_with_force() {
    let dir = scratch("home");
    let home = dir.join("me");
    std::fs::create_dir_all(home.join("talks")).unwrap();
    std::fs::write(home.join("talks/slides.md"), "slides").unwrap();
    // `--out ~ --force` from elsewhere, and `--out ..` of home.
    for out in [home.clone(), dir.clone()] {
        let result = command(&[
            "run",
            "--scenario",
            "demo1",
            "--open-for",
            "1m",
            "--force",
            "--out",
            arg(&out),
        ])
        .env("HOME", &home)
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
        assert_eq!(result.status.code(), Some(3), "{}", stderr(&result));
        assert!(
            stderr(&result).contains("home folder"),
            "{}",
            stderr(&result)
        );
    }
    assert_eq!(
        std::fs::read_to_string(home.join("talks/slides.md")).unwrap(),
        "slides"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
