//! Guards the Redis model's replies where no server runs: a session recorded from a real server.
//!
//! `tests/data/redis_session.expected` is what `redis-cli --no-raw` (Redis 7.0.15, Debian 12)
//! printed for `tests/data/redis_session.txt` on an empty database. `chipshop redis` must print
//! the same, byte for byte. To re-record: `redis-cli -p PORT -n 6 flushdb; redis-cli -p PORT -n 6
//! --no-raw < tests/data/redis_session.txt > tests/data/redis_session.expected`.

use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn chipshop_redis_prints_the_recorded_session() {
    let input = include_str!("data/redis_session.txt");
    let expected = include_str!("data/redis_session.expected");
    let mut child = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .arg("redis")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let got = String::from_utf8(out.stdout).unwrap();
    for (i, (g, e)) in got.lines().zip(expected.lines()).enumerate() {
        assert_eq!(g, e, "output line {}", i + 1);
    }
    assert_eq!(got, expected);
}
