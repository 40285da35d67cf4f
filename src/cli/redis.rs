//! `chipshop redis`: runs redis-cli lines from standard input on the Redis model.
//!
//! Prints each reply as `redis-cli --no-raw` would, so its output can be diffed against a real
//! server's: `chipshop redis < demo.txt` and `redis-cli --no-raw < demo.txt`.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use clap::Args;

use crate::SimTime;
use crate::redis_model::{ClientId, Server, split_line};

/// Run Redis commands on the model, one per line from stdin, printing replies as redis-cli does.
#[derive(Args, Debug)]
pub(crate) struct RedisArgs {
    /// Connections to open; a line starting `@N ` (N from 1) is sent on connection N, others on 1.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    clients: u32,
}

/// Reads every line of stdin, runs it and prints the reply; `quit` or `exit` stops early.
pub(crate) fn run(args: RedisArgs) -> ExitCode {
    let mut server = Server::new();
    let clients: Vec<ClientId> = (0..args.clients).map(|_| server.connect()).collect();
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut stdin = stdin;
    let mut line = Vec::new();
    loop {
        line.clear();
        match stdin.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                eprintln!("chipshop redis: reading stdin failed: {e}");
                return ExitCode::from(super::EXIT_BAD_INPUT);
            }
        }
        // Lines are bytes, as for redis-cli: a value need not be UTF-8.
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        let (client, text) = match pick_client(&line, &clients) {
            Ok(picked) => picked,
            Err(message) => {
                eprintln!("chipshop redis: {message}");
                return ExitCode::from(super::EXIT_BAD_INPUT);
            }
        };
        let printed = match split_line(text) {
            Err(e) => format!("{e}\n"),
            Ok(words) => {
                if let [only] = words.as_slice() {
                    let word = only.to_ascii_lowercase();
                    if word == b"quit" || word == b"exit" {
                        break;
                    }
                }
                match server.execute_words(client, &words, SimTime::ZERO) {
                    Ok(Some(reply)) => reply.to_cli(),
                    Ok(None) => continue,
                    Err(e) => format!("{e}\n"),
                }
            }
        };
        if out.write_all(printed.as_bytes()).is_err() {
            return ExitCode::FAILURE;
        }
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Splits an optional `@N ` prefix off a line.
fn pick_client<'a>(line: &'a [u8], clients: &[ClientId]) -> Result<(ClientId, &'a [u8]), String> {
    let start = line
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(line.len());
    let Some(rest) = line[start..].strip_prefix(b"@") else {
        return Ok((clients[0], line));
    };
    let end = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
    let (number, text) = rest.split_at(end);
    let number = String::from_utf8_lossy(number);
    let n: usize = number
        .parse()
        .map_err(|_| format!("\"@{number}\" is not a connection number"))?;
    match n.checked_sub(1).and_then(|i| clients.get(i)) {
        Some(&client) => Ok((client, text)),
        None => Err(format!(
            "connection @{n} does not exist: there are {} (use --clients)",
            clients.len()
        )),
    }
}
