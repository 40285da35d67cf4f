//! Guards the Redis model's fidelity: the same commands give the same replies as a real redis-server.
//!
//! Needs a server on `CHIPSHOP_REDIS_PORT` (`.ci/run` starts one). Without one the tests say so
//! loudly and pass, except in CI (env `CI` set), where they fail. Each test uses its own database
//! (`SELECT n`), so the tests can run in parallel on one server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command as Process, Stdio};

use chipshop::SimTime;
use chipshop::redis_model::{ClientId, Reply, Server, split_line};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

/// The port of a live server, or `None` (after a loud message) when there is none outside CI.
fn server_port() -> Option<u16> {
    let port = std::env::var("CHIPSHOP_REDIS_PORT")
        .ok()
        .and_then(|p| p.parse::<u16>().ok());
    let alive = port.is_some_and(|p| {
        Conn::open(p, 0)
            .map(|mut c| c.call(&[b"PING".to_vec()]) == Reply::PONG)
            .unwrap_or(false)
    });
    if alive {
        return port;
    }
    let why = match port {
        None => "CHIPSHOP_REDIS_PORT is not set".to_string(),
        Some(p) => format!("no redis-server answers on 127.0.0.1:{p}"),
    };
    if std::env::var_os("CI").is_some() {
        panic!("{why}: in CI the Redis model must be tested against a real redis-server");
    }
    // Straight to stderr, past the test harness's capture, so it is seen.
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!!!!! SKIPPED: {why}. The Redis model was NOT compared with a real server.\n\
         !!!!!!!! Start one: redis-server --port 6390 --save '' --appendonly no --daemonize yes\n\
         !!!!!!!! then: CHIPSHOP_REDIS_PORT=6390 cargo test --test redis_matches_real_server\n"
    );
    None
}

/// A RESP2 connection to the real server.
struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Conn {
    /// Connects and selects database `db`.
    fn open(port: u16, db: u32) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
        let mut conn = Conn {
            reader: BufReader::new(stream.try_clone()?),
            writer: stream,
        };
        let reply = conn.call(&[b"SELECT".to_vec(), db.to_string().into_bytes()]);
        assert_eq!(reply, Reply::OK, "SELECT {db}");
        Ok(conn)
    }

    fn call(&mut self, words: &[Vec<u8>]) -> Reply {
        let mut out = format!("*{}\r\n", words.len()).into_bytes();
        for w in words {
            out.extend_from_slice(format!("${}\r\n", w.len()).as_bytes());
            out.extend_from_slice(w);
            out.extend_from_slice(b"\r\n");
        }
        self.writer.write_all(&out).expect("write to redis-server");
        read_reply(&mut self.reader)
    }
}

fn read_line(r: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    r.read_line(&mut line).expect("read from redis-server");
    line.trim_end_matches("\r\n").to_string()
}

fn read_reply(r: &mut BufReader<TcpStream>) -> Reply {
    let line = read_line(r);
    let (kind, rest) = line.split_at(1);
    match kind {
        "+" => Reply::Simple(rest.to_string().into()),
        "-" => Reply::Error(rest.to_string().into()),
        ":" => Reply::Integer(rest.parse().expect("integer reply")),
        "$" => match rest.parse::<i64>().expect("bulk length") {
            -1 => Reply::Nil,
            n => {
                let mut buf = vec![0u8; n as usize + 2];
                r.read_exact(&mut buf).expect("bulk body");
                buf.truncate(n as usize);
                Reply::Bulk(buf)
            }
        },
        "*" => match rest.parse::<i64>().expect("array length") {
            -1 => Reply::NilArray,
            n => Reply::Array((0..n).map(|_| read_reply(r)).collect()),
        },
        other => panic!("unexpected RESP type {other:?} in {line:?}"),
    }
}

/// Runs `(connection, words)` steps on the model and on the server (database `db`, emptied first)
/// and returns the first step whose replies differ.
fn first_difference(
    port: u16,
    db: u32,
    steps: &[(usize, Vec<Vec<u8>>)],
) -> Option<(usize, String, Reply, Reply)> {
    let mut real: Vec<Conn> = (0..2).map(|_| Conn::open(port, db).unwrap()).collect();
    assert_eq!(real[0].call(&[b"FLUSHDB".to_vec()]), Reply::OK);
    let mut model = Server::new();
    let clients: Vec<ClientId> = (0..2).map(|_| model.connect()).collect();
    for (i, (conn, words)) in steps.iter().enumerate() {
        let expected = real[*conn].call(words);
        let got = model
            .execute_words(clients[*conn], words, SimTime::ZERO)
            .unwrap()
            .unwrap();
        if got != expected || got.to_cli() != expected.to_cli() {
            let shown: Vec<String> = words
                .iter()
                .map(|w| String::from_utf8_lossy(w).into_owned())
                .collect();
            return Some((
                i,
                format!("@{} {}", conn + 1, shown.join(" ")),
                expected,
                got,
            ));
        }
    }
    None
}

/// Lines in redis-cli syntax; `@2 ` sends a line on the second connection.
fn steps(lines: &[&str]) -> Vec<(usize, Vec<Vec<u8>>)> {
    lines
        .iter()
        .map(|line| match line.strip_prefix("@2 ") {
            Some(rest) => (1, split_line(rest).unwrap()),
            None => (0, split_line(line).unwrap()),
        })
        .collect()
}

fn assert_same(port: u16, db: u32, lines: &[&str]) {
    if let Some((i, line, expected, got)) = first_difference(port, db, &steps(lines)) {
        panic!(
            "step {i} `{line}`: redis-server said\n{}the model said\n{}",
            expected.to_cli(),
            got.to_cli()
        );
    }
}

#[test]
fn string_commands_and_their_errors() {
    let Some(port) = server_port() else { return };
    assert_same(
        port,
        1,
        &[
            "PING",
            "ping hello",
            "PING a b",
            "GET cod",
            "SET cod 10",
            "GET cod",
            "set Cod \"fish cake\"",
            "get Cod",
            "SET bin \"a\\x00\\xff\\n\\\"\"",
            "GET bin",
            "SET empty \"\"",
            "GET empty",
            "INCR cod",
            "DECR cod",
            "INCRBY cod 5",
            "DECRBY cod 3",
            "INCRBY cod -20",
            "DECRBY cod -2",
            "INCR new",
            "DECR new2",
            "INCRBY new3 7",
            "DECRBY new4 7",
            "INCR Cod",
            "INCRBY cod abc",
            "INCRBY cod +1",
            "INCRBY cod 01",
            "INCRBY cod -0",
            "INCRBY cod \" 1\"",
            "INCRBY cod 1.5",
            "INCRBY cod 9223372036854775808",
            "SET big 9223372036854775807",
            "INCR big",
            "INCRBY big 0",
            "SET small -9223372036854775808",
            "DECR small",
            "DECRBY small 1",
            "DECRBY cod -9223372036854775808",
            "INCRBY cod -9223372036854775808",
            "SET lead 007",
            "INCR lead",
            "GET lead",
            "SET minus0 -0",
            "INCR minus0",
            "SET sp \"1 \"",
            "INCR sp",
            "SET plus +5",
            "INCR plus",
            "EXISTS cod",
            "EXISTS cod cod missing Cod",
            "MGET cod missing Cod big",
            "MSET a 1 b 2 c three",
            "MGET a b c d",
            "MSET a 5 a 6",
            "GET a",
            "DEL a a missing b",
            "DEL a",
            "EXISTS a b c",
            "GET",
            "GET a b",
            "SET a",
            "SET a b c",
            "SET a b BOGUS",
            "SET n1 1 NX",
            "SET n1 2 NX",
            "SET n1 3 nx GET",
            "SET n2 3 NX GET",
            "SET n1 4 XX",
            "SET n3 4 XX",
            "SET n3 4 XX GET",
            "SET n1 5 XX GET",
            "SET n1 6 GET",
            "SET n4 6 GET",
            "SET n1 7 NX XX",
            "SET n1 7 XX NX",
            "SET n1 7 NX NX",
            "SET n1 8 GET GET KEEPTTL",
            "SET n1 9 KEEPTTL",
            "MGET n1 n2 n3 n4",
            "MULTI",
            "SET n1 1 BOGUS",
            "SET n1 10 XX GET",
            "EXEC",
            "DEL",
            "EXISTS",
            "MGET",
            "MSET",
            "MSET a",
            "MSET a 1 b",
            "INCR",
            "INCR a b",
            "DECR",
            "INCRBY a",
            "INCRBY a 1 2",
            "DECRBY a",
            "FISH a b",
            "fish",
            "Fish \"a b\" c",
            "WATCH",
            "UNWATCH x",
            "MULTI x",
            "DISCARD x",
        ],
    );
}

#[test]
fn transactions_queue_abort_and_unwatch() {
    let Some(port) = server_port() else { return };
    assert_same(
        port,
        2,
        &[
            // Queued commands run together; runtime errors don't undo the others.
            "SET s text",
            "MULTI",
            "INCR n",
            "INCR s",
            "PING",
            "PING a b",
            "SET x y z",
            "GET n",
            "MGET n s",
            "EXEC",
            // Errors outside and inside MULTI.
            "EXEC",
            "DISCARD",
            "MULTI",
            "MULTI",
            "WATCH n",
            "EXEC",
            // A refused command makes EXEC abort.
            "MULTI",
            "INCR n",
            "NOSUCH 1 2",
            "GET n",
            "EXEC",
            "GET n",
            "MULTI",
            "GET",
            "EXEC",
            // EXEC with arguments aborts, in MULTI or not.
            "MULTI",
            "INCR n",
            "EXEC now",
            "EXEC",
            "EXEC now",
            // DISCARD.
            "MULTI",
            "INCR n",
            "DISCARD",
            "GET n",
            "MULTI",
            "EXEC",
            // WATCH: modified by the same client after WATCH.
            "WATCH n",
            "INCR n",
            "MULTI",
            "INCR n",
            "EXEC",
            "GET n",
            // EXEC unwatched: the next transaction commits.
            "INCR n",
            "MULTI",
            "INCR n",
            "EXEC",
            // WATCH: modified by another client.
            "WATCH n s",
            "@2 SET s other",
            "MULTI",
            "INCR n",
            "EXEC",
            // Untouched watch commits.
            "WATCH n",
            "@2 GET n",
            "@2 DEL missing",
            "@2 INCR unrelated",
            "MULTI",
            "INCR n",
            "EXEC",
            // A failed INCR does not count as a modification.
            "WATCH s",
            "@2 INCR s",
            "MULTI",
            "GET s",
            "EXEC",
            // UNWATCH forgets.
            "WATCH n",
            "@2 INCR n",
            "UNWATCH",
            "MULTI",
            "GET n",
            "EXEC",
            // Watching a missing key that someone creates, then deletes.
            "WATCH ghost",
            "@2 SET ghost 1",
            "@2 DEL ghost",
            "MULTI",
            "EXEC",
            // DISCARD unwatches.
            "WATCH n",
            "@2 INCR n",
            "MULTI",
            "DISCARD",
            "MULTI",
            "EXEC",
            // EXECABORT beats a broken watch; both unwatch.
            "WATCH n",
            "@2 INCR n",
            "MULTI",
            "BAD",
            "EXEC",
            "MULTI",
            "EXEC",
            // UNWATCH inside MULTI is queued.
            "WATCH n",
            "MULTI",
            "UNWATCH",
            "EXEC",
            // Two clients, two transactions.
            "MULTI",
            "@2 MULTI",
            "INCRBY n 10",
            "@2 DECRBY n 3",
            "@2 EXEC",
            "EXEC",
            "GET n",
            // A key changed inside another client's EXEC breaks a watch.
            "WATCH n",
            "@2 MULTI",
            "@2 INCR n",
            "@2 EXEC",
            "MULTI",
            "GET n",
            "EXEC",
        ],
    );
}

/// The take script as Lua: what the model's CHIPSHOP.TAKE does in one step.
const TAKE_LUA: &str = "local short = {} \
for i, key in ipairs(KEYS) do \
  local have = tonumber(redis.call('GET', key) or '0') \
  if have < tonumber(ARGV[i]) then table.insert(short, {key, have}) end \
end \
if #short > 0 then return short end \
for i, key in ipairs(KEYS) do \
  if tonumber(ARGV[i]) > 0 then redis.call('DECRBY', key, ARGV[i]) end \
end \
return redis.status_reply('OK')";

/// The add script as Lua.
const ADD_LUA: &str = "local out = {} \
for i, key in ipairs(KEYS) do out[i] = redis.call('INCRBY', key, ARGV[i]) end \
return out";

#[test]
fn take_and_add_scripts_match_their_lua_versions() {
    let Some(port) = server_port() else { return };
    let mut real = Conn::open(port, 3).unwrap();
    assert_eq!(real.call(&[b"FLUSHDB".to_vec()]), Reply::OK);
    let mut model = Server::new();
    let me = model.connect();
    let w = |s: &str| split_line(s).unwrap();
    for (model_line, keys_and_counts) in [
        ("CHIPSHOP.ADD cod 3 chips 5", "add cod 3 chips 5"),
        ("CHIPSHOP.TAKE cod 2 chips 2", "take cod 2 chips 2"),
        ("CHIPSHOP.TAKE cod 2 chips 2", "take cod 2 chips 2"),
        (
            "CHIPSHOP.TAKE cod 1 chips 4 plaice 1",
            "take cod 1 chips 4 plaice 1",
        ),
        ("CHIPSHOP.TAKE chips 3 cod 0", "take chips 3 cod 0"),
        ("CHIPSHOP.ADD plaice 1", "add plaice 1"),
        ("CHIPSHOP.TAKE plaice 1 cod 1", "take plaice 1 cod 1"),
        ("MGET cod chips plaice", ""),
    ] {
        let got = model
            .execute_words(me, &w(model_line), SimTime::ZERO)
            .unwrap()
            .unwrap();
        let expected = if keys_and_counts.is_empty() {
            real.call(&w(model_line))
        } else {
            let words = w(keys_and_counts);
            let script = if words[0] == b"take" {
                TAKE_LUA
            } else {
                ADD_LUA
            };
            let pairs = &words[1..];
            let mut call = vec![
                b"EVAL".to_vec(),
                script.as_bytes().to_vec(),
                (pairs.len() / 2).to_string().into_bytes(),
            ];
            call.extend(pairs.iter().step_by(2).cloned());
            call.extend(pairs.iter().skip(1).step_by(2).cloned());
            real.call(&call)
        };
        assert_eq!(got, expected, "{model_line}");
    }
}

#[test]
fn chipshop_redis_prints_what_redis_cli_prints() {
    let Some(port) = server_port() else { return };
    let mut flush = Conn::open(port, 4).unwrap();
    assert_eq!(flush.call(&[b"FLUSHDB".to_vec()]), Reply::OK);
    let input = "SET cod 3\nGET cod\nDECRBY cod 5\nINCRBY cod x\nMGET cod chips\n\
                 SET s \"a\\tb\\x01\"\nGET s\nMGET\nFISH 1\nMULTI\nINCR cod\nGET cod\nPING\nEXEC\n\
                 MULTI\nEXEC\nWATCH cod\nSET cod 1\nMULTI\nEXEC\nMSET a 1 b 2 c 3 d 4 e 5 f 6 g 7 h 8 i 9 j 10\n\
                 MGET a b c d e f g h i j\nMULTI\nMGET a b\nMGET\nEXEC\nMULTI\nMGET a b\nMGET c\nEXEC\n\
                 \"x\"y\nPING\n";
    let run = |program: &str, args: &[&str]| -> String {
        let mut child = Process::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let port = port.to_string();
    let real = run("redis-cli", &["-p", &port, "-n", "4", "--no-raw"]);
    let model = run(env!("CARGO_BIN_EXE_chipshop"), &["redis"]);
    assert_eq!(model, real);
}

/// One random step: which connection, and a command over a handful of keys.
fn random_step() -> impl Strategy<Value = (usize, Vec<Vec<u8>>)> {
    let key = prop::sample::select(vec!["a", "b", "c", "d"]);
    let value = prop::sample::select(vec![
        "0",
        "1",
        "2",
        "5",
        "10",
        "-3",
        "x",
        "01",
        " 1",
        "",
        "-0",
        "+4",
        "9223372036854775806",
        "-9223372036854775807",
    ]);
    let by = prop::sample::select(vec![
        "1",
        "2",
        "-1",
        "7",
        "0",
        "abc",
        "+1",
        "9223372036854775807",
        "-9223372036854775808",
        "4611686018427387904",
    ]);
    let keys = prop::collection::vec(key.clone(), 1..4);
    let words = prop_oneof![
        4 => key.clone().prop_map(|k| vec!["GET".into(), k.to_string()]),
        3 => (key.clone(), value.clone()).prop_map(|(k, v)| vec!["SET".into(), k.into(), v.into()]),
        1 => (key.clone(), value.clone(), prop::sample::subsequence(vec!["NX", "XX", "GET"], 1..3))
            .prop_map(|(k, v, opts)| {
                let mut w = vec!["SET".to_string(), k.into(), v.into()];
                w.extend(opts.into_iter().map(String::from));
                w
            }),
        3 => key.clone().prop_map(|k| vec!["INCR".into(), k.into()]),
        3 => key.clone().prop_map(|k| vec!["DECR".into(), k.into()]),
        3 => (key.clone(), by.clone()).prop_map(|(k, n)| vec!["INCRBY".into(), k.into(), n.into()]),
        3 => (key.clone(), by).prop_map(|(k, n)| vec!["DECRBY".into(), k.into(), n.into()]),
        1 => keys.clone().prop_map(|ks| cmd("DEL", ks)),
        1 => keys.clone().prop_map(|ks| cmd("EXISTS", ks)),
        1 => keys.clone().prop_map(|ks| cmd("MGET", ks)),
        1 => prop::collection::vec((key, value), 1..3).prop_map(|pairs| {
            let mut w = vec!["MSET".to_string()];
            for (k, v) in pairs {
                w.push(k.into());
                w.push(v.into());
            }
            w
        }),
        3 => keys.prop_map(|ks| cmd("WATCH", ks)),
        1 => Just(vec!["UNWATCH".to_string()]),
        3 => Just(vec!["MULTI".to_string()]),
        3 => Just(vec!["EXEC".to_string()]),
        1 => Just(vec!["DISCARD".to_string()]),
        1 => Just(vec!["PING".to_string()]),
        1 => Just(vec!["GET".to_string()]),
        1 => Just(vec!["NOPE".to_string(), "a".to_string()]),
    ];
    (0..2usize, words)
        .prop_map(|(conn, words)| (conn, words.into_iter().map(String::into_bytes).collect()))
}

fn cmd(name: &str, keys: Vec<&str>) -> Vec<String> {
    std::iter::once(name.to_string())
        .chain(keys.into_iter().map(String::from))
        .collect()
}

#[test]
fn random_sequences_from_two_connections_match() {
    let Some(port) = server_port() else { return };
    let config = Config {
        cases: 20,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[42; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let sequences = prop::collection::vec(random_step(), 200);
    let result = runner.run(&sequences, |steps| {
        match first_difference(port, 5, &steps) {
            None => Ok(()),
            Some((i, line, expected, got)) => Err(TestCaseError::fail(format!(
                "step {i} `{line}`: redis-server said {expected:?}, the model said {got:?}"
            ))),
        }
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
