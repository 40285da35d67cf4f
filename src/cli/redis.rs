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
    for line in stdin.lines() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("chipshop redis: reading stdin failed: {e}");
                return ExitCode::from(super::EXIT_BAD_INPUT);
            }
        };
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
fn pick_client<'a>(line: &'a str, clients: &[ClientId]) -> Result<(ClientId, &'a str), String> {
    let Some(rest) = line.trim_start().strip_prefix('@') else {
        return Ok((clients[0], line));
    };
    let (number, text) = rest.split_once(' ').unwrap_or((rest, ""));
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
