//! Running a sweep as 3 shards and merging them gives byte-identical files (charts included)
//! to the local sweep; shards of different sweeps, or a missing shard, are refused.

use std::path::Path;
use std::process::Command;

fn chipshop(args: &[&str], out: &Path) -> i32 {
    Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .arg("--out")
        .arg(out)
        .status()
        .unwrap()
        .code()
        .unwrap_or(-1)
}

const SWEEP: [&str; 12] = [
    "sweep",
    "--scenario",
    "demo3",
    "--preparers",
    "1..3",
    "--tills",
    "1,2",
    "--open-for",
    "2m",
    "--replications",
    "3",
    "--raw",
];

#[test]
fn three_shards_merge_into_the_local_sweep() {
    let dir = std::env::temp_dir().join(format!("chipshop-sweep-shards-{}", std::process::id()));
    assert_eq!(chipshop(&SWEEP, &dir.join("local")), 0);
    let mut shard_dirs = Vec::new();
    for k in 1..=3 {
        let mut args = SWEEP.to_vec();
        let shard = format!("{k}/3");
        args.extend(["--shard", &shard]);
        let d = dir.join(format!("shard-{k}"));
        assert_eq!(chipshop(&args, &d), 0);
        shard_dirs.push(d.display().to_string());
    }
    let mut merge = vec!["sweep", "merge", "--raw"];
    merge.extend(shard_dirs.iter().map(String::as_str));
    assert_eq!(chipshop(&merge, &dir.join("merged")), 0);
    assert!(
        !dir.join("shard-1/charts").exists(),
        "a shard draws no charts: the merge does"
    );
    for file in [
        "sweep.csv",
        "sweep.json",
        "raw.csv",
        "charts/sweep_throughput.png",
        "charts/sweep_throughput.svg",
        "charts/sweep_p99_latency.png",
        "charts/sweep_p99_latency.svg",
    ] {
        let a = std::fs::read(dir.join("local").join(file)).unwrap();
        let b = std::fs::read(dir.join("merged").join(file)).unwrap();
        assert!(
            a == b,
            "{file} differs between the local sweep and the merged shards"
        );
    }
    // --no-charts on the merge draws none.
    let mut quiet = vec!["sweep", "merge", "--no-charts"];
    quiet.extend(shard_dirs.iter().map(String::as_str));
    assert_eq!(chipshop(&quiet, &dir.join("quiet")), 0);
    assert!(dir.join("quiet/sweep.json").is_file());
    assert!(!dir.join("quiet/charts").exists());
    // A missing shard is refused.
    let missing = vec!["sweep", "merge", &shard_dirs[0], &shard_dirs[1]];
    assert_eq!(chipshop(&missing, &dir.join("bad")), 2);
    // A shard of another sweep (another seed) is refused.
    let mut other = SWEEP.to_vec();
    other.extend(["--seed", "99", "--shard", "3/3"]);
    assert_eq!(chipshop(&other, &dir.join("other")), 0);
    let other_dir = dir.join("other").display().to_string();
    let mixed = vec!["sweep", "merge", &shard_dirs[0], &shard_dirs[1], &other_dir];
    assert_eq!(chipshop(&mixed, &dir.join("bad")), 2);
    let _ = std::fs::remove_dir_all(&dir);
}
