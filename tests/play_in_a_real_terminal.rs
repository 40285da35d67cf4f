//! `chipshop play` in a real pseudo-terminal (tmux): it draws, `q` quits with exit 0, the
//! terminal is restored (the alternate screen left, the shell's screen back) and the played
//! scenario is written. Skipped, saying so, where tmux is not installed.

use std::process::Command;
use std::time::{Duration, Instant};

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux").args(args).output().expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Waits (up to a minute: a loaded machine is slow, never a failure by itself) until the
/// pane shows `text`.
fn wait_for(session: &str, text: &str) -> String {
    let start = Instant::now();
    loop {
        let screen = tmux(&["capture-pane", "-t", session, "-p"]);
        if screen.contains(text) || start.elapsed() > Duration::from_secs(60) {
            return screen;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn q_quits_with_exit_0_and_restores_the_terminal() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("chipshop-play-pty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let played = dir.join("played.toml");
    let session = format!("chipshop-play-{}", std::process::id());
    let command = format!(
        "printf 'BEFORE\\n'; {} play --scenario demo3 --speed 10 --played {}; echo EXIT=$?; sleep 60",
        env!("CARGO_BIN_EXE_chipshop"),
        played.display()
    );
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "100",
        "-y",
        "30",
        &command,
    ]);
    let screen = wait_for(&session, "Food Preparer 1");
    assert!(
        screen.contains("Till 1") || screen.contains("Tills"),
        "{screen}"
    );
    assert!(
        !screen.contains("BEFORE"),
        "the show is on the alternate screen: {screen}"
    );
    tmux(&["send-keys", "-t", &session, "a"]);
    wait_for(&session, "preparer 3 joins");
    tmux(&["send-keys", "-t", &session, "q"]);
    let after = wait_for(&session, "EXIT=");
    tmux(&["kill-session", "-t", &session]);
    assert!(after.contains("EXIT=0"), "{after}");
    assert!(
        after.contains("BEFORE"),
        "the shell's screen is back: {after}"
    );
    assert!(
        !after.contains("Food Preparer"),
        "the show is gone: {after}"
    );
    let text = std::fs::read_to_string(&played).unwrap();
    assert!(text.contains("add_preparer = true"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}
