//! Counts for summaries and charts: commands by kind, transactions committed and aborted, takes.
//!
//! Each key's value over time lives with the key, in [`Store::history`](super::Store::history).

use super::command::CommandKind;

/// What the server has seen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RedisStats {
    /// Commands received (queued ones counted once, when received).
    pub commands: u64,
    /// Commands received, by kind, indexed in the order of [`CommandKind::ALL`].
    pub by_kind: [u64; CommandKind::ALL.len()],
    /// Commands refused before running (unknown, wrong arity).
    pub rejected: u64,
    /// EXECs that ran their queue.
    pub exec_committed: u64,
    /// EXECs that answered a null array because a watched key had changed.
    pub exec_watch_aborts: u64,
    /// EXECs that answered EXECABORT because a queued command had been refused.
    pub exec_error_aborts: u64,
    /// Take scripts that took their portions.
    pub takes_ok: u64,
    /// Take scripts that found something short and took nothing.
    pub takes_short: u64,
}

impl RedisStats {
    /// Commands of `kind` received.
    pub fn count(&self, kind: CommandKind) -> u64 {
        self.by_kind[kind as usize]
    }

    #[inline]
    pub(crate) fn received(&mut self, kind: CommandKind) {
        self.commands += 1;
        self.by_kind[kind as usize] += 1;
    }
}
