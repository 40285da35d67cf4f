//! Bad grids are bad input: exit code 2 and a message that names the switch.

use std::process::Command;

fn sweep(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .args(["sweep", "--scenario", "demo3", "--out"])
        .arg(std::env::temp_dir().join("chipshop-sweep-bad-never-written"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_grids_exit_2_naming_the_switch() {
    for (args, switch) in [
        (&["--preparers", "5..2"][..], "--preparers"),
        (&["--tills", "0"][..], "--tills"),
        (&["--partitions", "3,0"][..], "--partitions"),
        (&["--preparers", "x"][..], "--preparers"),
        (&["--plaice-share", "1.5"][..], "--plaice-share"),
        (&["--open-for", "soon"][..], "--open-for"),
        (
            &[
                "--preparers",
                "1..100",
                "--tills",
                "1..11",
                "--replications",
                "10",
            ][..],
            "--yes",
        ),
    ] {
        let (code, err) = sweep(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(switch), "{args:?}: {err}");
    }
}
