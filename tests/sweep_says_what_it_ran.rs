//! A sweep ends by saying what it ran, in words that agree with the numbers: "1 point x 1
//! replication", "2 points x 3 replications".

mod chipshop_bin;

use chipshop_bin::{arg, assert_ok, chipshop, scratch, stderr};

#[test]
fn the_closing_line_counts_points_and_replications() {
    let dir = scratch("sweep-says");
    for (grid, replications, says) in [
        ("2", "1", "1 point x 1 replication in"),
        ("1,2", "3", "2 points x 3 replications in"),
    ] {
        let out_dir = dir.join(format!("p{grid}-r{replications}"));
        let out = chipshop(&[
            "sweep",
            "--scenario",
            "demo1",
            "--open-for",
            "1m",
            "--preparers",
            grid,
            "--replications",
            replications,
            "--no-charts",
            "--out",
            arg(&out_dir),
        ]);
        assert_ok(&out);
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
