//! Guards `chipshop redis`: it reads redis-cli lines from stdin and prints replies as redis-cli does.

use std::io::Write;
use std::process::{Command, Stdio};

fn chipshop_redis(args: &[&str], input: &str) -> (String, String, Option<i32>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chipshop"))
        .arg("redis")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

#[test]
fn prints_each_reply_like_redis_cli() {
    let input = "SET cod 5\n\nGET cod\nDECRBY cod 2\nGET chips\nINCR \"fish cake\"\n\
                 MGET cod chips\nMGET\nFRY cod\nMULTI\nINCR cod\nEXEC\n\"x\"y\n\
                 CHIPSHOP.TAKE cod 2 chips 1\nCHIPSHOP.ADD chips 3\nCHIPSHOP.TAKE cod 2 chips 1\nquit\nGET cod\n";
    let (out, _, code) = chipshop_redis(&[], input);
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        "OK\n\"5\"\n(integer) 3\n(nil)\n(integer) 1\n1) \"3\"\n2) (nil)\n\
         (error) ERR wrong number of arguments for 'mget' command\n\
         (error) ERR unknown command 'FRY', with args beginning with: 'cod' \n\
         OK\nQUEUED\n1) (integer) 4\nInvalid argument(s)\n\
         1) 1) \"chips\"\n   2) (integer) 0\n1) (integer) 3\nOK\n"
    );
}

#[test]
fn two_connections_show_a_broken_watch() {
    let input = "WATCH cod\n@2 SET cod 1\nMULTI\nDECR cod\nEXEC\nGET cod\n";
    let (out, _, code) = chipshop_redis(&["--clients", "2"], input);
    assert_eq!(code, Some(0));
    assert_eq!(out, "OK\nOK\nOK\nQUEUED\n(nil)\n\"1\"\n");
}

#[test]
fn a_missing_connection_is_bad_input() {
    let (_, err, code) = chipshop_redis(&[], "@2 GET cod\n");
    assert_eq!(code, Some(2));
    assert!(err.contains("connection @2 does not exist"), "{err}");
}
