//! The atomic scripts: take n portions of each of several keys only if all are there, and add.
//!
//! Each runs as one indivisible step at the server, as an `EVAL` of a Lua script does in Redis:
//! nothing from another client runs between its check and its writes.

use super::error::RedisError;
use super::integer::{NOT_AN_INTEGER, WOULD_OVERFLOW};
use super::keys::KeyId;
use super::reply::Reply;
use super::store::{Store, Value};
use crate::engine::SimTime;

/// Keys and how many portions of each, for [`Command::Take`] and [`Command::Add`].
///
/// Held inline (no allocation): at most [`Portions::MAX`] distinct keys. Naming a key twice
/// adds the counts.
///
/// [`Command::Take`]: super::Command::Take
/// [`Command::Add`]: super::Command::Add
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Portions {
    keys: [KeyId; Portions::MAX],
    counts: [u32; Portions::MAX],
    len: u8,
}

impl Default for Portions {
    fn default() -> Self {
        Self::new()
    }
}

impl Portions {
    /// The most distinct keys one script names.
    pub const MAX: usize = 8;

    /// No portions.
    pub const fn new() -> Self {
        Portions {
            keys: [KeyId(0); Portions::MAX],
            counts: [0; Portions::MAX],
            len: 0,
        }
    }

    /// These portions and `n` more of `key`. Errors if `n` is negative, if a key's count would
    /// pass `u32::MAX`, or if there are too many keys.
    pub fn with(mut self, key: KeyId, n: i64) -> Result<Self, RedisError> {
        if n < 0 {
            return Err(RedisError::NegativePortions(n));
        }
        let len = usize::from(self.len);
        let slot = match self.keys[..len].iter().position(|&k| k == key) {
            Some(i) => i,
            None if len == Portions::MAX => {
                return Err(RedisError::TooManyKeys { max: Portions::MAX });
            }
            None => {
                self.keys[len] = key;
                self.counts[len] = 0;
                self.len += 1;
                len
            }
        };
        self.counts[slot] = u32::try_from(i64::from(self.counts[slot]).saturating_add(n))
            .map_err(|_| RedisError::TooManyPortions(n))?;
        Ok(self)
    }

    /// The keys and counts, in the order first named.
    pub fn iter(&self) -> impl Iterator<Item = (KeyId, i64)> + '_ {
        let len = usize::from(self.len);
        self.keys[..len]
            .iter()
            .zip(&self.counts[..len])
            .map(|(&k, &n)| (k, i64::from(n)))
    }

    /// Whether no key is named.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// What a take script's reply means, for the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TakeOutcome {
    /// Every portion was taken.
    Taken,
    /// Nothing was taken: these keys (by name) held too little, with what they held.
    Short(Vec<(Vec<u8>, i64)>),
    /// Nothing was taken: the script failed with this error (e.g. a key is not an integer).
    Failed(String),
}

impl TakeOutcome {
    /// Reads the reply of a [`Command::Take`](super::Command::Take).
    pub fn from_reply(reply: &Reply) -> TakeOutcome {
        match reply {
            Reply::Simple(_) => TakeOutcome::Taken,
            Reply::Array(items) => TakeOutcome::Short(
                items
                    .iter()
                    .filter_map(|item| match item {
                        Reply::Array(pair) => match pair.as_slice() {
                            [Reply::Bulk(key), Reply::Integer(have)] => Some((key.clone(), *have)),
                            _ => None,
                        },
                        _ => None,
                    })
                    .collect(),
            ),
            Reply::Error(e) => TakeOutcome::Failed(e.to_string()),
            other => TakeOutcome::Failed(format!("not a take reply: {other:?}")),
        }
    }
}

/// The integer value of `key` (missing reads 0), or the error reply if it is not an integer.
#[inline]
fn stock(store: &Store, key: KeyId) -> Result<i64, Reply> {
    match store.value(key) {
        None => Ok(0),
        Some(Value::Int(n)) => Ok(*n),
        Some(Value::Bytes(_)) => Err(Reply::error(NOT_AN_INTEGER)),
    }
}

/// Takes every portion if every key holds enough, else nothing.
///
/// Replies `OK` when taken; otherwise an array with one `[key, what is there]` pair per key
/// that is short, and nothing changes. A key that is not an integer is an error, and nothing changes.
#[inline]
pub(crate) fn take(store: &mut Store, portions: &Portions, now: SimTime) -> Reply {
    let mut short = false;
    for (key, n) in portions.iter() {
        match stock(store, key) {
            Ok(have) if have < n => short = true,
            Ok(_) => {}
            Err(reply) => return reply,
        }
    }
    if short {
        let mut report = Vec::new();
        for (key, n) in portions.iter() {
            let have = stock(store, key).unwrap_or(0);
            if have < n {
                report.push(Reply::Array(vec![
                    Reply::Bulk(store.name(key).to_vec()),
                    Reply::Integer(have),
                ]));
            }
        }
        return Reply::Array(report);
    }
    for (key, n) in portions.iter() {
        if n > 0 {
            let have = stock(store, key).unwrap_or(0);
            store.write(key, Some(Value::Int(have - n)), now);
        }
    }
    Reply::OK
}

/// Adds every portion, or nothing if a key is not an integer or would overflow.
///
/// Replies with an array of the new values, in the order the keys were named.
pub(crate) fn add(store: &mut Store, portions: &Portions, now: SimTime) -> Reply {
    for (key, n) in portions.iter() {
        match stock(store, key) {
            Ok(have) if have.checked_add(n).is_none() => return Reply::error(WOULD_OVERFLOW),
            Ok(_) => {}
            Err(reply) => return reply,
        }
    }
    let mut values = Vec::with_capacity(usize::from(portions.len));
    for (key, n) in portions.iter() {
        let next = stock(store, key).unwrap_or(0) + n;
        store.write(key, Some(Value::Int(next)), now);
        values.push(Reply::Integer(next));
    }
    Reply::Array(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redis_model::{Command, Server};

    #[test]
    fn takes_all_or_nothing_and_reports_what_is_short() {
        let mut server = Server::new();
        let me = server.connect();
        let (cod, chips) = (server.key("cod"), server.key("chips"));
        let t = SimTime::ZERO;
        let order = Portions::new()
            .with(cod, 2)
            .unwrap()
            .with(chips, 1)
            .unwrap();
        let stock = Portions::new().with(cod, 3).unwrap();
        server.execute(me, Command::Add(stock), t).unwrap();
        let short = server.execute(me, Command::Take(order), t).unwrap();
        assert_eq!(
            TakeOutcome::from_reply(&short),
            TakeOutcome::Short(vec![(b"chips".to_vec(), 0)])
        );
        assert_eq!(server.store().int(cod), Some(3));
        let chips_in = Portions::new().with(chips, 1).unwrap();
        server.execute(me, Command::Add(chips_in), t).unwrap();
        let taken = server.execute(me, Command::Take(order), t).unwrap();
        assert_eq!(TakeOutcome::from_reply(&taken), TakeOutcome::Taken);
        assert_eq!(server.store().int(cod), Some(1));
        assert_eq!(server.store().int(chips), Some(0));
        assert_eq!(server.stats().takes_ok, 1);
        assert_eq!(server.stats().takes_short, 1);
    }

    #[test]
    fn portions_merge_repeated_keys_and_refuse_misuse() {
        let k = |i| KeyId(i);
        let p = Portions::new()
            .with(k(0), 1)
            .unwrap()
            .with(k(0), 2)
            .unwrap();
        assert_eq!(p.iter().collect::<Vec<_>>(), [(k(0), 3)]);
        assert!(matches!(
            Portions::new().with(k(0), -1),
            Err(RedisError::NegativePortions(-1))
        ));
        let mut full = Portions::new();
        for i in 0..Portions::MAX as u32 {
            full = full.with(k(i), 1).unwrap();
        }
        assert!(matches!(
            full.with(k(99), 1),
            Err(RedisError::TooManyKeys { .. })
        ));
        assert!(Portions::new().with(k(0), i64::MAX).is_err());
    }
}
