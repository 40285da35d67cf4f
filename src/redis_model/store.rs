//! The keyspace ([`Store`]): string values and the string commands, with Redis's replies.
//!
//! Not here: transactions (see `transaction.rs`) and time (see `timed.rs`). Values that are
//! strict integers are kept as integers, as Redis's `int` encoding does; the bytes a client
//! reads back are the same.

use std::borrow::Cow;

use super::command::{Command, IntArg};
use super::history::History;
use super::integer::{
    DECREMENT_WOULD_OVERFLOW, NOT_AN_INTEGER, WOULD_OVERFLOW, format_i64, parse_i64,
};
use super::keys::{KeyId, Keys};
use super::reply::Reply;
use crate::engine::SimTime;

/// A string value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    /// A strict integer (its canonical decimal form is the string).
    Int(i64),
    /// Any other bytes.
    Bytes(Vec<u8>),
}

impl Value {
    fn from_bytes(bytes: Vec<u8>) -> Value {
        match parse_i64(&bytes) {
            Some(n) => Value::Int(n),
            None => Value::Bytes(bytes),
        }
    }

    fn to_reply(&self) -> Reply {
        match self {
            Value::Int(n) => Reply::Bulk(format_i64(*n)),
            Value::Bytes(b) => Reply::Bulk(b.clone()),
        }
    }
}

/// One key's slot: its value (if it exists), its modification count, and its history.
#[derive(Debug, Default)]
struct Slot {
    value: Option<Value>,
    /// Bumped on every modification; WATCH compares it (Redis's `signalModifiedKey`).
    version: u64,
    history: History,
}

/// The keyspace: interned key names and their string values.
#[derive(Debug, Default)]
pub struct Store {
    keys: Keys,
    slots: Vec<Slot>,
    record_history: bool,
}

impl Store {
    /// An empty keyspace; with `record_history`, every change of an integer value is kept.
    pub fn new(record_history: bool) -> Self {
        Store {
            keys: Keys::default(),
            slots: Vec::new(),
            record_history,
        }
    }

    /// The id of key `name` (interned on first use; interning does not create the key).
    pub fn key(&mut self, name: &[u8]) -> KeyId {
        let id = self.keys.intern(name);
        while self.slots.len() < self.keys.len() {
            self.slots.push(Slot::default());
        }
        id
    }

    /// The id of `name` if it was ever interned.
    pub fn lookup(&self, name: &[u8]) -> Option<KeyId> {
        self.keys.lookup(name)
    }

    /// The name of key `id`.
    pub fn name(&self, id: KeyId) -> &[u8] {
        self.keys.name(id)
    }

    /// Every interned key, in the order first seen.
    pub fn key_ids(&self) -> impl Iterator<Item = KeyId> + '_ {
        (0..self.slots.len()).map(|i| KeyId(i as u32))
    }

    /// The value of `key` if it exists and is an integer.
    pub fn int(&self, key: KeyId) -> Option<i64> {
        match self.slots.get(key.index())?.value {
            Some(Value::Int(n)) => Some(n),
            _ => None,
        }
    }

    /// The value of `key` as bytes, if it exists.
    pub fn get_bytes(&self, key: KeyId) -> Option<Vec<u8>> {
        match &self.slots.get(key.index())?.value {
            Some(Value::Int(n)) => Some(format_i64(*n)),
            Some(Value::Bytes(b)) => Some(b.clone()),
            None => None,
        }
    }

    /// The recorded (time, value) samples of `key`: one per instant its integer value changed
    /// (a deleted key reads 0). Empty unless the store records history.
    pub fn history(&self, key: KeyId) -> &History {
        static EMPTY: History = History { chunks: Vec::new() };
        self.slots.get(key.index()).map_or(&EMPTY, |s| &s.history)
    }

    /// How many times `key` has been modified (what WATCH compares).
    pub(crate) fn version(&self, key: KeyId) -> u64 {
        self.slots.get(key.index()).map_or(0, |s| s.version)
    }

    #[inline]
    pub(crate) fn value(&self, key: KeyId) -> Option<&Value> {
        self.slots[key.index()].value.as_ref()
    }

    /// Stores `value` (or deletes with `None`), bumps the version and records the change.
    #[inline]
    pub(crate) fn write(&mut self, key: KeyId, value: Option<Value>, now: SimTime) {
        let record = self.record_history;
        let slot = &mut self.slots[key.index()];
        slot.version += 1;
        if record {
            let sample = match &value {
                Some(Value::Int(n)) => Some(*n),
                None => Some(0),
                Some(Value::Bytes(_)) => None,
            };
            if let Some(v) = sample {
                slot.history.record(now, v);
            }
        }
        slot.value = value;
    }

    /// Runs one keyspace command (not WATCH/MULTI/EXEC/DISCARD/UNWATCH) and returns its reply.
    #[inline]
    pub(crate) fn apply(&mut self, command: &Command, now: SimTime) -> Reply {
        match command {
            Command::Ping(None) => Reply::PONG,
            Command::Ping(Some(message)) => Reply::Bulk(message.clone()),
            Command::Get(key) => self.value(*key).map_or(Reply::Nil, Value::to_reply),
            Command::Set(key, bytes) => {
                self.write(*key, Some(Value::from_bytes(bytes.clone())), now);
                Reply::OK
            }
            Command::SetWith(key, bytes, options) => {
                let old = self.value(*key).map(Value::to_reply);
                let found = old.is_some();
                let reply = if options.get {
                    old.unwrap_or(Reply::Nil)
                } else {
                    Reply::OK
                };
                if (options.nx && found) || (options.xx && !found) {
                    return if options.get { reply } else { Reply::Nil };
                }
                self.write(*key, Some(Value::from_bytes(bytes.clone())), now);
                reply
            }
            Command::Del(keys) => {
                let mut deleted = 0;
                for &key in keys {
                    if self.value(key).is_some() {
                        self.write(key, None, now);
                        deleted += 1;
                    }
                }
                Reply::Integer(deleted)
            }
            Command::Exists(keys) => {
                Reply::Integer(keys.iter().filter(|&&k| self.value(k).is_some()).count() as i64)
            }
            Command::MGet(keys) => Reply::Array(
                keys.iter()
                    .map(|&k| self.value(k).map_or(Reply::Nil, Value::to_reply))
                    .collect(),
            ),
            Command::MSet(pairs) => {
                for (key, bytes) in pairs {
                    self.write(*key, Some(Value::from_bytes(bytes.clone())), now);
                }
                Reply::OK
            }
            Command::Incr(key) => self.incr_by(*key, 1, now),
            Command::Decr(key) => self.incr_by(*key, -1, now),
            Command::IncrBy(key, IntArg::Int(by)) => self.incr_by(*key, *by, now),
            Command::DecrBy(_, IntArg::Int(i64::MIN)) => Reply::error(DECREMENT_WOULD_OVERFLOW),
            Command::DecrBy(key, IntArg::Int(by)) => self.incr_by(*key, -by, now),
            Command::IncrBy(_, IntArg::NotAnInteger) | Command::DecrBy(_, IntArg::NotAnInteger) => {
                Reply::error(NOT_AN_INTEGER)
            }
            Command::Failing { error, .. } => Reply::error(error),
            Command::Take(portions) => super::script::take(self, portions, now),
            Command::Add(portions) => super::script::add(self, portions, now),
            Command::Watch(_)
            | Command::Unwatch
            | Command::Multi
            | Command::Exec
            | Command::Discard => Reply::Error(Cow::Borrowed(
                "ERR transaction commands are handled by the server, not the store",
            )),
        }
    }

    /// INCRBY: the value (missing reads 0) must be an integer and the sum must not overflow.
    #[inline]
    fn incr_by(&mut self, key: KeyId, by: i64, now: SimTime) -> Reply {
        let current = match self.value(key) {
            None => 0,
            Some(Value::Int(n)) => *n,
            Some(Value::Bytes(_)) => return Reply::error(NOT_AN_INTEGER),
        };
        match current.checked_add(by) {
            Some(next) => {
                self.write(key, Some(Value::Int(next)), now);
                Reply::Integer(next)
            }
            None => Reply::error(WOULD_OVERFLOW),
        }
    }
}
