//! A Redis model: an in-process counter store that answers exactly as Redis 7 does, on the engine.
//!
//! It knows nothing of fish. Layers inside, from the bottom: [`integer`] parsing, the
//! [`Reply`] values and their `redis-cli` form, [`Command`]s and the `redis-cli` line syntax,
//! the [`Store`] (the keyspace and the string commands), per-client transactions
//! (WATCH/MULTI/EXEC), the atomic [`Portions`] scripts, the synchronous [`Server`], and the timed
//! [`RedisModel`], where every command is a round trip with a latency.
//!
//! ```
//! use chipshop::redis_model::{Server, split_line};
//! use chipshop::SimTime;
//!
//! let mut server = Server::new();
//! let me = server.connect();
//! for line in ["SET cod 3", "DECRBY cod 2", "GET cod"] {
//!     let words = split_line(line).unwrap();
//!     let reply = server.execute_words(me, &words, SimTime::ZERO).unwrap().unwrap();
//!     println!("{}", reply.to_cli());
//! }
//! ```

mod command;
mod error;
mod history;
pub mod integer;
mod keys;
mod line;
mod records;
mod reply;
mod script;
mod server;
mod store;
mod timed;
mod transaction;

pub use command::{Command, CommandKind, IntArg, SetOptions};
pub use error::RedisError;
pub use history::History;
pub use keys::KeyId;
pub use line::split_line;
pub use records::RedisStats;
pub use reply::Reply;
pub use script::{Portions, TakeOutcome};
pub use server::{ClientId, Server};
pub use store::Store;
pub use timed::{Delivered, RedisConfig, RedisEvent, RedisModel};
