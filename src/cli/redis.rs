//! `chipshop redis`: runs redis-cli lines from standard input on the Redis model.
//!
//! Prints each reply as `redis-cli --no-raw` would, so its output can be diffed against a real
//! server's: `chipshop redis < demo.txt` and `redis-cli --no-raw < demo.txt`.

use std::io::{BufRead, Write};

use clap::Args;

use super::console::{errln, stdout_failed};
use super::error::CliError;
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
///
/// As redis-cli with a pipe, an error reply (`ERR unknown command`) or a line that does not
/// split (`Invalid argument(s)`) is printed and the session goes on, exit 0. A line chipshop
/// can't send (`@9` with two connections) is reported on stderr with its line number and
/// skipped; the session goes on and ends with exit 2, so that a script with such lines fails.
pub(crate) fn run(args: RedisArgs) -> Result<(), CliError> {
    let mut server = Server::new();
    let clients: Vec<ClientId> = (0..args.clients).map(|_| server.connect()).collect();
    let mut stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut line = Vec::new();
    let mut number = 0u64;
    let mut skipped = 0u64;
    loop {
        line.clear();
        number += 1;
        match stdin.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(CliError::bad_input(format!(
                    "stdin, line {number}: cannot read: {e}"
                )));
            }
        }
        // Lines are bytes, as for redis-cli: a value need not be UTF-8.
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        let (client, text) = match pick_client(&line, &clients) {
            Ok(picked) => picked,
            Err(message) => {
                errln!("chipshop redis: stdin, line {number}: {message}; line skipped");
                skipped += 1;
                continue;
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
        out.write_all(printed.as_bytes()).map_err(stdout_failed)?;
    }
    out.flush().map_err(stdout_failed)?;
    if skipped > 0 {
        return Err(CliError::bad_input(format!(
            "{skipped} line{} of stdin could not be sent (see above); the others ran",
            if skipped == 1 { "" } else { "s" }
        )));
    }
    Ok(())
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
