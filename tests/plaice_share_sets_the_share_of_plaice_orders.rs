//! Guards defect 2 of issue 11: `--plaice-share` did nothing on the presets' die-roll menu
//! (0.1 and 0.9 gave byte-identical orders, and a sweep over it identical rows), and on the mix
//! menu 1.0 gave 56% plaice. The switch sets the share of orders that contain plaice, on every
//! menu: measured here over a few thousand orders, within four standard errors.

use std::path::{Path, PathBuf};
use std::process::Command;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chipshop-plaice-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn chipshop(args: &[&str], out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// (orders, orders with plaice) in a run's orders.csv.
fn plaice_orders(out: &Path) -> (usize, usize) {
    let mut reader = csv::Reader::from_path(out.join("orders.csv")).unwrap();
    let items = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "items")
        .unwrap();
    let mut orders = 0;
    let mut plaice = 0;
    for row in reader.records() {
        orders += 1;
        plaice += usize::from(row.unwrap()[items].contains("plaice"));
    }
    (orders, plaice)
}

#[test]
fn plaice_share_sets_the_share_of_plaice_orders() {
    let dir = scratch("share");
    let mix = dir.join("mix.toml");
    std::fs::write(
        &mix,
        "[shop]\nname = \"mix\"\n[orders]\nmenu = \"mix\"\nplaice = true\n[tills]\ncount = 4\ninterarrival = { exponential = \"1s\" }\n[preparers]\ncount = 4\nprep_time = { constant = \"10ms\" }\n[kafka]\norders_partitions = 4\n",
    )
    .unwrap();
    let mix = mix.to_str().unwrap();
    // demo1 is the die roll; 1.0 on the mix menu was the 56% case.
    for (scenario, share) in [
        ("demo1", 0.1),
        ("demo1", 0.9),
        ("demo1", 1.0),
        ("demo1", 0.0),
        (mix, 0.1),
        (mix, 0.5),
        (mix, 1.0),
    ] {
        let out = dir.join(format!("{}-{share}", scenario.len()));
        let share_text = share.to_string();
        chipshop(
            &[
                "run",
                "--scenario",
                scenario,
                "--no-charts",
                "--open-for",
                "40m",
                "--tills",
                "2",
                "--preparers",
                "2",
                "--partitions",
                "2",
                "--plaice-share",
                &share_text,
            ],
            &out,
        );
        let (orders, plaice) = plaice_orders(&out);
        assert!(orders > 3000, "{scenario}: only {orders} orders");
        let got = plaice as f64 / orders as f64;
        let tolerance = 4.0 * (share * (1.0 - share) / orders as f64).sqrt();
        assert!(
            (got - share).abs() <= tolerance,
            "{scenario} --plaice-share {share}: {plaice} of {orders} orders have plaice ({got})"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_sweep_over_the_plaice_share_gives_different_rows() {
    let dir = scratch("sweep");
    chipshop(
        &[
            "sweep",
            "--scenario",
            "demo4",
            "--plaice-share",
            "0.1,0.9",
            "--replications",
            "2",
            "--open-for",
            "10m",
            "--no-charts",
            "--jobs",
            "1",
        ],
        &dir,
    );
    let mut reader = csv::Reader::from_path(dir.join("sweep.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 2);
    let share = headers.iter().position(|h| h == "plaice-share").unwrap();
    // Every measure but the switch's own column: the rows differ somewhere.
    let measures = |row: &Vec<String>| -> Vec<String> {
        row.iter()
            .enumerate()
            .filter(|(i, _)| *i != share)
            .map(|(_, v)| v.clone())
            .collect()
    };
    assert_ne!(
        measures(&rows[0]),
        measures(&rows[1]),
        "{headers:?}\n{rows:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
