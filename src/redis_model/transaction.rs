//! One client's transaction state: WATCH, UNWATCH, MULTI, EXEC and DISCARD, as Redis 7 runs them.
//!
//! - Commands after MULTI are queued (`QUEUED`) and run together, with nothing interleaved, at EXEC.
//! - A command refused while queued (unknown, wrong arity) makes EXEC answer `EXECABORT`.
//! - EXEC answers a null array if a watched key was modified since WATCH, by anyone (this
//!   client included); EXEC and DISCARD always unwatch.
//! - An error while EXEC runs a command does not undo the others.

use std::borrow::Cow;

use super::command::{Command, Rejection};
use super::keys::KeyId;
use super::records::RedisStats;
use super::reply::Reply;
use super::store::Store;
use crate::engine::SimTime;

/// One connection's WATCH list and MULTI queue.
#[derive(Debug, Default)]
pub(crate) struct Session {
    /// Watched keys and their versions when first watched.
    watched: Vec<(KeyId, u64)>,
    /// The queued commands while in MULTI.
    queue: Option<Vec<Command>>,
    /// A command was refused while queued (Redis's `CLIENT_DIRTY_EXEC`).
    dirty_exec: bool,
}

impl Session {
    /// Answers a command refused before running (unknown command or wrong arity).
    pub(crate) fn reject(&mut self, rejection: Rejection) -> Reply {
        if self.queue.is_some() {
            self.dirty_exec = true;
        }
        if rejection.exec {
            // Redis's execCommandAbort: the transaction (if any) is discarded and keys unwatched.
            self.discard();
            Reply::Error(Cow::Owned(format!(
                "EXECABORT Transaction discarded because of: {}",
                rejection.message
            )))
        } else {
            Reply::Error(Cow::Owned(format!("ERR {}", rejection.message)))
        }
    }

    /// Runs or queues `command` for this client.
    #[inline]
    pub(crate) fn execute(
        &mut self,
        store: &mut Store,
        command: &Command,
        now: SimTime,
        stats: &mut RedisStats,
    ) -> Reply {
        match command {
            Command::Multi => {
                if self.queue.is_some() {
                    return Reply::error("ERR MULTI calls can not be nested");
                }
                self.queue = Some(Vec::new());
                Reply::OK
            }
            Command::Exec => self.exec(store, now, stats),
            Command::Discard => {
                if self.queue.is_none() {
                    return Reply::error("ERR DISCARD without MULTI");
                }
                self.discard();
                Reply::OK
            }
            Command::Watch(keys) => {
                if self.queue.is_some() {
                    return Reply::error("ERR WATCH inside MULTI is not allowed");
                }
                for &key in keys {
                    if !self.watched.iter().any(|(k, _)| *k == key) {
                        self.watched.push((key, store.version(key)));
                    }
                }
                Reply::OK
            }
            other => {
                if let Some(queue) = &mut self.queue {
                    queue.push(other.clone());
                    return Reply::QUEUED;
                }
                run(self, store, other, now, stats)
            }
        }
    }

    fn exec(&mut self, store: &mut Store, now: SimTime, stats: &mut RedisStats) -> Reply {
        let Some(queue) = self.queue.take() else {
            return Reply::error("ERR EXEC without MULTI");
        };
        if self.dirty_exec {
            self.discard();
            stats.exec_error_aborts += 1;
            return Reply::error("EXECABORT Transaction discarded because of previous errors.");
        }
        let broken = self
            .watched
            .iter()
            .any(|&(key, version)| store.version(key) != version);
        self.discard();
        if broken {
            stats.exec_watch_aborts += 1;
            return Reply::NilArray;
        }
        stats.exec_committed += 1;
        Reply::Array(
            queue
                .iter()
                .map(|command| run(self, store, command, now, stats))
                .collect(),
        )
    }

    /// Leaves MULTI (if in it) and unwatches everything.
    fn discard(&mut self) {
        self.queue = None;
        self.dirty_exec = false;
        self.watched.clear();
    }
}

/// Runs a non-transaction command now (UNWATCH included).
#[inline]
fn run(
    session: &mut Session,
    store: &mut Store,
    command: &Command,
    now: SimTime,
    stats: &mut RedisStats,
) -> Reply {
    match command {
        Command::Unwatch => {
            session.watched.clear();
            Reply::OK
        }
        other => {
            let taking = matches!(other, Command::Take(_));
            let reply = store.apply(other, now);
            if taking {
                if matches!(reply, Reply::Array(_)) {
                    stats.takes_short += 1;
                } else if !reply.is_error() {
                    stats.takes_ok += 1;
                }
            }
            reply
        }
    }
}
