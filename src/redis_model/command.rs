//! The commands the model understands ([`Command`]), and how a list of words becomes one.
//!
//! Parsing checks only what Redis checks before running a command (the name and the number of
//! arguments); an argument that is not an integer is an error when the command runs, as in Redis,
//! so inside MULTI it is queued and fails at EXEC without undoing the rest.

use super::integer::parse_i64;
use super::keys::KeyId;
use super::script::Portions;
use super::store::Store;

/// An integer argument as received: a number, or text that is not a strict integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntArg {
    /// A strict 64-bit integer.
    Int(i64),
    /// Not an integer (the command replies `ERR value is not an integer or out of range`).
    NotAnInteger,
}

impl From<i64> for IntArg {
    fn from(n: i64) -> Self {
        IntArg::Int(n)
    }
}

impl IntArg {
    fn parse(bytes: &[u8]) -> IntArg {
        parse_i64(bytes).map_or(IntArg::NotAnInteger, IntArg::Int)
    }
}

/// SET's options that the model supports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetOptions {
    /// `NX`: set only if the key does not exist.
    pub nx: bool,
    /// `XX`: set only if the key exists.
    pub xx: bool,
    /// `GET`: reply with the old value (or nil) instead of `OK`.
    pub get: bool,
}

impl SetOptions {
    /// Redis's `parseExtendedStringArgumentsOrReply` for SET, without expiry; `Err` is the reply.
    fn parse(options: &[Vec<u8>]) -> Result<SetOptions, &'static str> {
        let mut o = SetOptions::default();
        for opt in options {
            let opt = opt.to_ascii_lowercase();
            match opt.as_slice() {
                b"nx" if !o.xx => o.nx = true,
                b"xx" if !o.nx => o.xx = true,
                b"get" => o.get = true,
                b"keepttl" => {}
                b"ex" | b"px" | b"exat" | b"pxat" => {
                    return Err("ERR the model does not support expiry (EX, PX, EXAT, PXAT)");
                }
                _ => return Err("ERR syntax error"),
            }
        }
        Ok(o)
    }
}

/// One command, with its keys interned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `PING [message]`.
    Ping(Option<Vec<u8>>),
    /// `GET key`.
    Get(KeyId),
    /// `SET key value`.
    Set(KeyId, Vec<u8>),
    /// `SET key value [NX | XX] [GET] [KEEPTTL]` (expiry options are not modelled).
    SetWith(KeyId, Vec<u8>, SetOptions),
    /// `DEL key [key ...]`.
    Del(Vec<KeyId>),
    /// `EXISTS key [key ...]`.
    Exists(Vec<KeyId>),
    /// `MGET key [key ...]`.
    MGet(Vec<KeyId>),
    /// `MSET key value [key value ...]`.
    MSet(Vec<(KeyId, Vec<u8>)>),
    /// `INCR key`.
    Incr(KeyId),
    /// `DECR key`.
    Decr(KeyId),
    /// `INCRBY key increment`.
    IncrBy(KeyId, IntArg),
    /// `DECRBY key decrement`.
    DecrBy(KeyId, IntArg),
    /// `WATCH key [key ...]`.
    Watch(Vec<KeyId>),
    /// `UNWATCH`.
    Unwatch,
    /// `MULTI`.
    Multi,
    /// `EXEC`.
    Exec,
    /// `DISCARD`.
    Discard,
    /// The atomic take script (`CHIPSHOP.TAKE key n [key n ...]` on the command line).
    Take(Portions),
    /// The atomic add script (`CHIPSHOP.ADD key n [key n ...]` on the command line).
    Add(Portions),
    /// A command Redis accepts for queueing but that fails when it runs, with this error reply
    /// (`PING a b`; `SET` with options, which the model does not support).
    Failing {
        /// Which command it was.
        kind: CommandKind,
        /// The error reply it gives when run.
        error: &'static str,
    },
}

/// The name of a command, for counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CommandKind {
    /// PING.
    Ping,
    /// GET.
    Get,
    /// SET.
    Set,
    /// DEL.
    Del,
    /// EXISTS.
    Exists,
    /// MGET.
    MGet,
    /// MSET.
    MSet,
    /// INCR.
    Incr,
    /// DECR.
    Decr,
    /// INCRBY.
    IncrBy,
    /// DECRBY.
    DecrBy,
    /// WATCH.
    Watch,
    /// UNWATCH.
    Unwatch,
    /// MULTI.
    Multi,
    /// EXEC.
    Exec,
    /// DISCARD.
    Discard,
    /// The take script.
    Take,
    /// The add script.
    Add,
}

impl CommandKind {
    /// Every kind, in a fixed order.
    pub const ALL: [CommandKind; 18] = [
        CommandKind::Ping,
        CommandKind::Get,
        CommandKind::Set,
        CommandKind::Del,
        CommandKind::Exists,
        CommandKind::MGet,
        CommandKind::MSet,
        CommandKind::Incr,
        CommandKind::Decr,
        CommandKind::IncrBy,
        CommandKind::DecrBy,
        CommandKind::Watch,
        CommandKind::Unwatch,
        CommandKind::Multi,
        CommandKind::Exec,
        CommandKind::Discard,
        CommandKind::Take,
        CommandKind::Add,
    ];

    /// The lower-case name Redis uses in messages (`'get'`); the scripts use `chipshop.take/add`.
    pub fn name(self) -> &'static str {
        match self {
            CommandKind::Ping => "ping",
            CommandKind::Get => "get",
            CommandKind::Set => "set",
            CommandKind::Del => "del",
            CommandKind::Exists => "exists",
            CommandKind::MGet => "mget",
            CommandKind::MSet => "mset",
            CommandKind::Incr => "incr",
            CommandKind::Decr => "decr",
            CommandKind::IncrBy => "incrby",
            CommandKind::DecrBy => "decrby",
            CommandKind::Watch => "watch",
            CommandKind::Unwatch => "unwatch",
            CommandKind::Multi => "multi",
            CommandKind::Exec => "exec",
            CommandKind::Discard => "discard",
            CommandKind::Take => "chipshop.take",
            CommandKind::Add => "chipshop.add",
        }
    }

    /// Redis's arity: positive is exact (name included), negative is "at least".
    fn arity(self) -> i32 {
        match self {
            CommandKind::Ping => -1,
            CommandKind::Get | CommandKind::Incr | CommandKind::Decr => 2,
            CommandKind::Set | CommandKind::MSet | CommandKind::Take | CommandKind::Add => -3,
            CommandKind::Del | CommandKind::Exists | CommandKind::MGet | CommandKind::Watch => -2,
            CommandKind::IncrBy | CommandKind::DecrBy => 3,
            CommandKind::Unwatch
            | CommandKind::Multi
            | CommandKind::Exec
            | CommandKind::Discard => 1,
        }
    }

    fn lookup(name: &[u8]) -> Option<CommandKind> {
        CommandKind::ALL
            .into_iter()
            .find(|k| k.name().as_bytes().eq_ignore_ascii_case(name))
    }
}

/// Why a command was refused before it ran (Redis's `rejectCommand`): the message without `ERR `.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Rejection {
    /// The message, e.g. `wrong number of arguments for 'get' command`.
    pub(crate) message: String,
    /// Whether the rejected command was EXEC, which then aborts the transaction.
    pub(crate) exec: bool,
}

impl Command {
    /// Which command this is.
    #[inline]
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Ping(_) => CommandKind::Ping,
            Command::Get(_) => CommandKind::Get,
            Command::Set(..) | Command::SetWith(..) => CommandKind::Set,
            Command::Del(_) => CommandKind::Del,
            Command::Exists(_) => CommandKind::Exists,
            Command::MGet(_) => CommandKind::MGet,
            Command::MSet(_) => CommandKind::MSet,
            Command::Incr(_) => CommandKind::Incr,
            Command::Decr(_) => CommandKind::Decr,
            Command::IncrBy(..) => CommandKind::IncrBy,
            Command::DecrBy(..) => CommandKind::DecrBy,
            Command::Watch(_) => CommandKind::Watch,
            Command::Unwatch => CommandKind::Unwatch,
            Command::Multi => CommandKind::Multi,
            Command::Exec => CommandKind::Exec,
            Command::Discard => CommandKind::Discard,
            Command::Take(_) => CommandKind::Take,
            Command::Add(_) => CommandKind::Add,
            Command::Failing { kind, .. } => *kind,
        }
    }

    /// The keys the command names, in order, with the count or value that goes with each
    /// (`DECRBY cod 2` gives `(cod, Some("2"))`, `MGET cod chips` gives two `None`s); for
    /// traces, which show a command as its name, keys and arguments.
    pub fn keys_and_args(&self) -> Vec<(KeyId, Option<String>)> {
        let int = |a: &IntArg| match a {
            IntArg::Int(n) => n.to_string(),
            IntArg::NotAnInteger => "<not an integer>".to_string(),
        };
        let text = |v: &[u8]| Some(String::from_utf8_lossy(v).into_owned());
        match self {
            Command::Get(k) | Command::Incr(k) | Command::Decr(k) => vec![(*k, None)],
            Command::Set(k, v) | Command::SetWith(k, v, _) => vec![(*k, text(v))],
            Command::IncrBy(k, a) | Command::DecrBy(k, a) => vec![(*k, Some(int(a)))],
            Command::Del(ks) | Command::Exists(ks) | Command::MGet(ks) | Command::Watch(ks) => {
                ks.iter().map(|k| (*k, None)).collect()
            }
            Command::MSet(kvs) => kvs.iter().map(|(k, v)| (*k, text(v))).collect(),
            Command::Take(p) | Command::Add(p) => {
                p.iter().map(|(k, n)| (k, Some(n.to_string()))).collect()
            }
            Command::Ping(_)
            | Command::Unwatch
            | Command::Multi
            | Command::Exec
            | Command::Discard
            | Command::Failing { .. } => Vec::new(),
        }
    }

    /// Builds a command from words (`["DECRBY", "cod", "2"]`), interning its keys in `store`.
    pub(crate) fn parse(words: &[Vec<u8>], store: &mut Store) -> Result<Command, Rejection> {
        let Some((name, args)) = words.split_first() else {
            return Err(Rejection {
                message: "empty command".into(),
                exec: false,
            });
        };
        let Some(kind) = CommandKind::lookup(name) else {
            return Err(Rejection {
                message: unknown_command_message(name, args),
                exec: false,
            });
        };
        let arity = kind.arity();
        let n = words.len() as i64;
        let arity_ok = if arity >= 0 {
            n == i64::from(arity)
        } else {
            n >= -i64::from(arity)
        };
        let pairs_ok = !matches!(
            kind,
            CommandKind::MSet | CommandKind::Take | CommandKind::Add
        ) || args.len() % 2 == 0;
        if !arity_ok || !pairs_ok {
            return Err(Rejection {
                message: format!("wrong number of arguments for '{}' command", kind.name()),
                exec: kind == CommandKind::Exec,
            });
        }
        let mut key = |i: usize| store.key(&args[i]);
        Ok(match kind {
            CommandKind::Ping if args.len() > 1 => Command::Failing {
                kind,
                error: "ERR wrong number of arguments for 'ping' command",
            },
            CommandKind::Ping => Command::Ping(args.first().cloned()),
            CommandKind::Get => Command::Get(key(0)),
            CommandKind::Set => {
                if args.len() == 2 {
                    Command::Set(key(0), args[1].clone())
                } else {
                    // Options are checked when the command runs, as in Redis (inside MULTI too).
                    match SetOptions::parse(&args[2..]) {
                        Ok(options) => Command::SetWith(key(0), args[1].clone(), options),
                        Err(error) => Command::Failing { kind, error },
                    }
                }
            }
            CommandKind::Del => Command::Del((0..args.len()).map(key).collect()),
            CommandKind::Exists => Command::Exists((0..args.len()).map(key).collect()),
            CommandKind::MGet => Command::MGet((0..args.len()).map(key).collect()),
            CommandKind::Watch => Command::Watch((0..args.len()).map(key).collect()),
            CommandKind::MSet => Command::MSet(
                (0..args.len())
                    .step_by(2)
                    .map(|i| (key(i), args[i + 1].clone()))
                    .collect(),
            ),
            CommandKind::Incr => Command::Incr(key(0)),
            CommandKind::Decr => Command::Decr(key(0)),
            CommandKind::IncrBy => Command::IncrBy(key(0), IntArg::parse(&args[1])),
            CommandKind::DecrBy => Command::DecrBy(key(0), IntArg::parse(&args[1])),
            CommandKind::Unwatch => Command::Unwatch,
            CommandKind::Multi => Command::Multi,
            CommandKind::Exec => Command::Exec,
            CommandKind::Discard => Command::Discard,
            CommandKind::Take | CommandKind::Add => {
                let mut portions = Portions::new();
                for i in (0..args.len()).step_by(2) {
                    let reject = |message: &str| Rejection {
                        message: message.into(),
                        exec: false,
                    };
                    let n = parse_i64(&args[i + 1])
                        .filter(|n| *n >= 0)
                        .ok_or_else(|| reject("portions must be a non-negative integer"))?;
                    portions = portions
                        .with(key(i), n)
                        .map_err(|e| reject(&e.to_string()))?;
                }
                if kind == CommandKind::Take {
                    Command::Take(portions)
                } else {
                    Command::Add(portions)
                }
            }
        })
    }
}

/// Redis 7's `unknown command '%.128s', with args beginning with: 'a' 'b' ` (C strings: a NUL ends one).
fn unknown_command_message(name: &[u8], args: &[Vec<u8>]) -> String {
    fn c_str(bytes: &[u8], max: usize) -> String {
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        let cut = &bytes[..end.min(max)];
        String::from_utf8_lossy(cut).replace(['\r', '\n'], " ")
    }
    let mut listed = String::new();
    for arg in args {
        if listed.len() >= 128 {
            break;
        }
        let room = 128 - listed.len();
        listed.push('\'');
        listed.push_str(&c_str(arg, room));
        listed.push_str("' ");
    }
    format!(
        "unknown command '{}', with args beginning with: {listed}",
        c_str(name, 128)
    )
}
