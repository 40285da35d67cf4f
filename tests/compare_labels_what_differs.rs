//! `chipshop chart --compare DIR1 DIR2 --out DIR`: two runs on one chart, each line labelled
//! by what differs between them, the same bytes every time; fewer than two folders or a folder
//! that is not a run's is refused (exit 2).

use std::path::{Path, PathBuf};
use std::process::Command;

fn chipshop(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .output()
        .expect("chipshop runs")
}

fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn two_runs_are_labelled_by_their_preparers_and_drawn_the_same_twice() {
    let base = std::env::temp_dir().join(format!("chipshop-compare-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let runs: Vec<PathBuf> = ["2", "3"]
        .iter()
        .map(|n| {
            let dir = base.join(format!("demo3-p{n}"));
            ok(chipshop(&[
                "run",
                "--scenario",
                "demo3",
                "--open-for",
                "3m",
                "--preparers",
                n,
                "--no-charts",
                "--out",
                path(&dir),
            ]));
            dir
        })
        .collect();
    let draw = |out: &Path| {
        let printed = ok(chipshop(&[
            "chart",
            "--compare",
            path(&runs[0]),
            path(&runs[1]),
            "--charts",
            "svg",
            "--out",
            path(out),
        ]));
        assert!(printed.contains("compare_orders_waiting.svg"), "{printed}");
        std::fs::read_to_string(out.join("compare_orders_waiting.svg")).unwrap()
    };
    let (a, b) = (base.join("a"), base.join("b"));
    let svg = draw(&a);
    assert!(svg.contains("preparers 2") && svg.contains("preparers 3"));
    // Only what differs: not the overrides' record, which repeats the switch.
    assert!(!svg.contains("overrides"), "labels say too much");
    assert_eq!(svg, draw(&b), "not deterministic");
    for name in ["compare_latency_cdf.svg", "compare_throughput.svg"] {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            "{name}"
        );
    }
    // demo3 has no cabinet: no stock comparison.
    assert!(!a.join("compare_hot_cabinet.svg").exists());

    // Refusals: one folder; a folder that is not a run's.
    let one = chipshop(&["chart", "--compare", path(&runs[0]), "--out", path(&a)]);
    assert_eq!(one.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&one.stderr).contains("two or more"));
    let bad = chipshop(&[
        "chart",
        "--compare",
        path(&runs[0]),
        path(&base),
        "--out",
        path(&a),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("summary.json"));
    // The earlier comparison is still there.
    assert!(a.join("compare_orders_waiting.svg").exists());
    let _ = std::fs::remove_dir_all(&base);
}
