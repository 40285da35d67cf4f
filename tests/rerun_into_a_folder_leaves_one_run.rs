//! A reused output folder holds exactly one run: a rerun replaces it whole, so files the
//! earlier run wrote and the later one does not (a trace, a chart, a sweep's raw.csv) are
//! gone; and runs with different switches go to different default folders.

mod chipshop_bin;

use chipshop_bin::{arg, assert_ok, chipshop, command, names, scratch};

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn rerun_into_a_folder_leaves_one_run() {
    let dir = scratch("rerun");
    let out = dir.join("run");
    assert_ok(&chipshop(&[
        "run",
        "--scenario",
        "web",
        "--open-for",
        "12m",
        "--trace",
        "--charts",
        "png",
        "--out",
        arg(&out),
    ]));
    assert!(names(&out).contains(&"events.jsonl".to_string()));
    assert!(out.join("charts/wasted_food.png").is_file());

    assert_ok(&chipshop(&[
        "run",
        "--scenario",
        "demo1",
        "--open-for",
        "1m",
        "--charts",
        "svg",
        "--out",
        arg(&out),
    ]));
    assert_eq!(
        names(&out),
        strings(&[
            "charts/",
            "orders.csv",
            "scenario.toml",
            "series.csv",
            "summary.json"
        ]),
        "no trace left from the earlier run"
    );
    assert!(
        names(&out.join("charts"))
            .iter()
            .all(|n| n.ends_with(".svg")),
        "no PNG and no waste chart from the earlier run: {:?}",
        names(&out.join("charts"))
    );
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(summary.contains("\"demo1\""));
    assert_eq!(
        names(&dir),
        strings(&["run/"]),
        "nothing left beside the folder"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_rerun_sweep_leaves_no_raw_csv_or_charts_of_the_earlier_one() {
    let dir = scratch("resweep");
    let out = dir.join("sweep");
    let sweep = |grid: &[&str], extra: &[&str]| {
        let mut args = vec![
            "sweep",
            "--scenario",
            "demo1",
            "--replications",
            "2",
            "--open-for",
            "1m",
            "--out",
            arg(&out),
        ];
        args.extend_from_slice(grid);
        args.extend_from_slice(extra);
        assert_ok(&chipshop(&args));
    };
    sweep(
        &[
            "--preparers",
            "1,2",
            "--tills",
            "1,2",
            "--partitions",
            "1,2",
        ],
        &["--raw", "--charts", "png"],
    );
    assert!(names(&out).contains(&"raw.csv".to_string()));
    let split = names(&out.join("charts"));
    assert!(
        split.len() > 2,
        "a third switch splits the charts: {split:?}"
    );
    sweep(&["--preparers", "1,2"], &["--charts", "png"]);
    assert_eq!(
        names(&out),
        strings(&["charts/", "sweep.csv", "sweep.json"]),
        "no raw.csv from the earlier sweep"
    );
    assert_eq!(
        names(&out.join("charts")),
        strings(&["sweep_p99_latency.png", "sweep_throughput.png"]),
        "no per-value charts from the earlier sweep"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn switches_that_change_the_run_change_the_default_folder() {
    let dir = scratch("default-folder");
    let runs: [&[&str]; 4] = [
        &["--open-for", "1m"],
        &["--open-for", "1m", "--tills", "2"],
        &["--open-for", "2m", "--tills", "2"],
        // --tills 1 is demo1's own value: the same run, so the same folder.
        &["--open-for", "1m", "--tills", "1"],
    ];
    for switches in runs {
        let mut args = vec!["run", "--scenario", "demo1", "--no-charts"];
        args.extend_from_slice(switches);
        assert_ok(&command(&args).current_dir(&dir).output().unwrap());
    }
    assert_eq!(
        names(&dir.join("output")),
        strings(&[
            "demo1-1-open-for1m/",
            "demo1-1-tills2-open-for1m/",
            "demo1-1-tills2-open-for2m/",
        ])
    );
    let _ = std::fs::remove_dir_all(&dir);
}
