//! The hot cabinet as the shop sees it: three counters in Redis and the ways to take from them.
//!
//! A preparer takes an order's portions in one of three ways (the scenario's `cabinet.take`):
//! one atomic script; WATCH + MGET then MULTI/DECRBY/EXEC, retried when EXEC aborts; or a plain
//! MGET then DECRBY, which two preparers can interleave, overselling the stock.

use super::order::Portions;
use crate::redis_model::{Command, IntArg, KeyId, Portions as ScriptPortions, Reply};

/// The cabinet's key for cod.
pub(crate) const COD: &str = "cod";
/// The cabinet's key for chips.
pub(crate) const CHIPS: &str = "chips";
/// The cabinet's key for plaice.
pub(crate) const PLAICE: &str = "plaice";

/// The part of `needs` that a take script's short reply (`[key, what is there]` pairs) names.
pub(crate) fn short_part(needs: Portions, short_keys: &[(Vec<u8>, i64)]) -> Portions {
    let named = |key: &str| {
        short_keys
            .iter()
            .any(|(k, _)| k.as_slice() == key.as_bytes())
    };
    Portions {
        cod: if named(COD) { needs.cod } else { 0 },
        chips: if named(CHIPS) { needs.chips } else { 0 },
        plaice: if named(PLAICE) { needs.plaice } else { 0 },
    }
}

/// The cabinet's keys in the Redis model.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CabinetKeys {
    /// `cod`.
    pub(crate) cod: KeyId,
    /// `chips`.
    pub(crate) chips: KeyId,
    /// `plaice`.
    pub(crate) plaice: KeyId,
}

impl CabinetKeys {
    /// (key, portions) for each item the order needs.
    pub(crate) fn needs(&self, p: Portions) -> impl Iterator<Item = (KeyId, u32)> {
        [
            (self.cod, p.cod),
            (self.chips, p.chips),
            (self.plaice, p.plaice),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
    }

    /// The script's argument: these portions of each key.
    pub(crate) fn script_portions(&self, p: Portions) -> ScriptPortions {
        self.needs(p).fold(ScriptPortions::new(), |acc, (k, n)| {
            acc.with(k, i64::from(n))
                .expect("at most three keys, counts not negative")
        })
    }

    /// `MGET` of the keys the order needs, in [`needs`](Self::needs) order.
    pub(crate) fn mget(&self, p: Portions) -> Command {
        Command::MGet(self.needs(p).map(|(k, _)| k).collect())
    }

    /// `WATCH` of the keys the order needs.
    pub(crate) fn watch(&self, p: Portions) -> Command {
        Command::Watch(self.needs(p).map(|(k, _)| k).collect())
    }

    /// One `DECRBY` per key the order needs.
    pub(crate) fn decrbys(&self, p: Portions) -> impl Iterator<Item = Command> {
        self.needs(p)
            .map(|(k, n)| Command::DecrBy(k, IntArg::from(i64::from(n))))
    }
}

/// The counts in an MGET reply, in the order asked (a missing key or a non-number holds 0).
pub(crate) fn mget_counts(reply: &Reply) -> impl Iterator<Item = i64> + '_ {
    let values: &[Reply] = match reply {
        Reply::Array(values) => values,
        _ => &[],
    };
    values.iter().map(|v| match v {
        Reply::Bulk(bytes) => std::str::from_utf8(bytes)
            .ok()
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0),
        _ => 0,
    })
}

/// Whether an MGET reply shows enough of every needed portion (a missing key holds 0).
pub(crate) fn mget_has_enough(reply: &Reply, needs: impl Iterator<Item = u32>) -> bool {
    matches!(reply, Reply::Array(_))
        && mget_counts(reply)
            .zip(needs)
            .all(|(have, n)| have >= i64::from(n))
}
