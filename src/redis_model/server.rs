//! The server without time ([`Server`]): clients, their sessions and the keyspace.
//!
//! Every command runs to completion when called; [`RedisModel`](super::RedisModel) adds the
//! network round trip around it. The `chipshop redis` command and the differential tests use this.

use super::command::Command;
use super::error::RedisError;
use super::keys::KeyId;
use super::records::RedisStats;
use super::reply::Reply;
use super::store::Store;
use super::transaction::Session;
use crate::engine::SimTime;

/// A client connection, handed out by [`Server::connect`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClientId(pub(crate) u32);

impl ClientId {
    /// The client's index (0, 1, 2, ... in the order connected).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A Redis server: the keyspace and one session per connected client.
#[derive(Debug, Default)]
pub struct Server {
    store: Store,
    sessions: Vec<Session>,
    stats: RedisStats,
}

impl Server {
    /// An empty server that does not record values over time.
    pub fn new() -> Self {
        Self::with_history(false)
    }

    /// An empty server; `record_history` chooses whether each key's values over time are kept.
    pub fn with_history(record_history: bool) -> Self {
        Server {
            store: Store::new(record_history),
            sessions: Vec::new(),
            stats: RedisStats::default(),
        }
    }

    /// Opens a connection.
    pub fn connect(&mut self) -> ClientId {
        self.sessions.push(Session::default());
        ClientId(u32::try_from(self.sessions.len() - 1).unwrap_or(u32::MAX))
    }

    /// Whether `client` was handed out by this server.
    pub fn has_client(&self, client: ClientId) -> bool {
        client.index() < self.sessions.len()
    }

    /// The id of key `name` (interning does not create the key).
    pub fn key(&mut self, name: &str) -> KeyId {
        self.store.key(name.as_bytes())
    }

    /// The keyspace.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// What the server has seen.
    pub fn stats(&self) -> &RedisStats {
        &self.stats
    }

    /// Runs `command` for `client` at time `now` and returns the reply.
    pub fn execute(
        &mut self,
        client: ClientId,
        command: Command,
        now: SimTime,
    ) -> Result<Reply, RedisError> {
        self.execute_ref(client, &command, now)
    }

    /// Like [`execute`](Self::execute), without taking the command (queued commands are copied).
    #[inline]
    pub fn execute_ref(
        &mut self,
        client: ClientId,
        command: &Command,
        now: SimTime,
    ) -> Result<Reply, RedisError> {
        let session = self
            .sessions
            .get_mut(client.index())
            .ok_or(RedisError::UnknownClient(client.0))?;
        self.stats.received(command.kind());
        Ok(session.execute(&mut self.store, command, now, &mut self.stats))
    }

    /// Runs a command given as words (`["GET", "cod"]`), refusing it as Redis would if the
    /// name or the number of arguments is wrong. An empty list of words replies nothing: `None`.
    pub fn execute_words(
        &mut self,
        client: ClientId,
        words: &[Vec<u8>],
        now: SimTime,
    ) -> Result<Option<Reply>, RedisError> {
        if !self.has_client(client) {
            return Err(RedisError::UnknownClient(client.0));
        }
        if words.is_empty() {
            return Ok(None);
        }
        match Command::parse(words, &mut self.store) {
            Ok(command) => self.execute_ref(client, &command, now).map(Some),
            Err(rejection) => {
                self.stats.commands += 1;
                self.stats.rejected += 1;
                Ok(Some(self.sessions[client.index()].reject(rejection)))
            }
        }
    }
}
