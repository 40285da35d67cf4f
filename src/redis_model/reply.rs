//! The replies a Redis server sends ([`Reply`]) and their form as `redis-cli --no-raw` prints them.

use std::borrow::Cow;
use std::fmt::Write as _;

/// One reply, as in RESP2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// An integer reply: `(integer) 5`.
    Integer(i64),
    /// A bulk string: `"10"`.
    Bulk(Vec<u8>),
    /// The null bulk string (a missing key): `(nil)`.
    Nil,
    /// A simple string such as `OK`, `QUEUED` or `PONG`.
    Simple(Cow<'static, str>),
    /// An error, starting with its code: `ERR ...`, `EXECABORT ...`.
    Error(Cow<'static, str>),
    /// An array of replies (numbered lines in redis-cli, `(empty array)` when empty).
    Array(Vec<Reply>),
    /// The null array: what EXEC answers when a watched key changed. `(nil)` in redis-cli.
    NilArray,
}

impl Reply {
    /// `OK`.
    pub const OK: Reply = Reply::Simple(Cow::Borrowed("OK"));
    /// `QUEUED`.
    pub const QUEUED: Reply = Reply::Simple(Cow::Borrowed("QUEUED"));
    /// `PONG`.
    pub const PONG: Reply = Reply::Simple(Cow::Borrowed("PONG"));

    /// An error reply with a fixed message.
    pub const fn error(message: &'static str) -> Reply {
        Reply::Error(Cow::Borrowed(message))
    }

    /// Whether this is an error reply.
    pub fn is_error(&self) -> bool {
        matches!(self, Reply::Error(_))
    }

    /// The integer, if this is an integer reply.
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Reply::Integer(n) => Some(*n),
            _ => None,
        }
    }

    /// The integer a bulk string holds (by Redis's strict rules), if any; `Nil` reads as `None`.
    pub fn as_bulk_integer(&self) -> Option<i64> {
        match self {
            Reply::Bulk(bytes) => super::integer::parse_i64(bytes),
            _ => None,
        }
    }

    /// The reply as `redis-cli --no-raw` prints it, with a newline after every line.
    pub fn to_cli(&self) -> String {
        let mut out = String::new();
        self.write_cli(&mut out, "");
        out
    }

    /// redis-cli's `cliFormatReplyTTY`: nested arrays indent by the width of their parent's numbers.
    fn write_cli(&self, out: &mut String, prefix: &str) {
        match self {
            Reply::Integer(n) => {
                let _ = writeln!(out, "(integer) {n}");
            }
            Reply::Bulk(bytes) => {
                write_quoted(out, bytes);
                out.push('\n');
            }
            Reply::Nil | Reply::NilArray => out.push_str("(nil)\n"),
            Reply::Simple(s) => {
                out.push_str(s);
                out.push('\n');
            }
            Reply::Error(e) => {
                let _ = writeln!(out, "(error) {e}");
            }
            Reply::Array(items) if items.is_empty() => out.push_str("(empty array)\n"),
            Reply::Array(items) => {
                let width = items.len().to_string().len();
                let inner = format!("{prefix}{}", " ".repeat(width + 2));
                for (i, item) in items.iter().enumerate() {
                    let lead = if i == 0 { "" } else { prefix };
                    let _ = write!(out, "{lead}{:>width$}) ", i + 1);
                    item.write_cli(out, &inner);
                }
            }
        }
    }
}

/// redis-cli's `sdscatrepr`: a double-quoted string with C escapes and `\xhh` for the rest.
fn write_quoted(out: &mut String, bytes: &[u8]) {
    out.push('"');
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x07 => out.push_str("\\a"),
            0x08 => out.push_str("\\b"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bulk(s: &str) -> Reply {
        Reply::Bulk(s.as_bytes().to_vec())
    }

    #[test]
    fn scalars() {
        assert_eq!(Reply::Integer(-5).to_cli(), "(integer) -5\n");
        assert_eq!(bulk("10").to_cli(), "\"10\"\n");
        assert_eq!(Reply::Nil.to_cli(), "(nil)\n");
        assert_eq!(Reply::NilArray.to_cli(), "(nil)\n");
        assert_eq!(Reply::OK.to_cli(), "OK\n");
        assert_eq!(Reply::QUEUED.to_cli(), "QUEUED\n");
        assert_eq!(
            Reply::error("ERR EXEC without MULTI").to_cli(),
            "(error) ERR EXEC without MULTI\n"
        );
        assert_eq!(Reply::Array(vec![]).to_cli(), "(empty array)\n");
    }

    #[test]
    fn escapes_like_sdscatrepr() {
        let reply = Reply::Bulk(b"a\x01\"\\\n\t\r\x07\x08\xff ~".to_vec());
        assert_eq!(reply.to_cli(), "\"a\\x01\\\"\\\\\\n\\t\\r\\a\\b\\xff ~\"\n");
    }

    #[test]
    fn numbers_arrays_and_nests_them() {
        let flat = Reply::Array(vec![Reply::Integer(2), Reply::Nil, bulk("x")]);
        assert_eq!(flat.to_cli(), "1) (integer) 2\n2) (nil)\n3) \"x\"\n");

        let ten = Reply::Array((1..=10).map(Reply::Integer).collect());
        let text = ten.to_cli();
        assert!(text.starts_with(" 1) (integer) 1\n 2) (integer) 2\n"));
        assert!(text.ends_with("10) (integer) 10\n"));

        let nested = Reply::Array(vec![
            Reply::Array(vec![bulk("cod"), Reply::Integer(0)]),
            Reply::Array(vec![]),
            Reply::Array(vec![bulk("chips"), Reply::Array(vec![Reply::Integer(1)])]),
        ]);
        assert_eq!(
            nested.to_cli(),
            "1) 1) \"cod\"\n   2) (integer) 0\n2) (empty array)\n3) 1) \"chips\"\n   2) 1) (integer) 1\n"
        );
    }
}
