//! Misuse of the model ([`RedisError`]), as distinct from Redis's own error replies.
//!
//! A Redis error reply (`ERR value is not an integer or out of range`) is a [`Reply::Error`]
//! that a real server would also send; a [`RedisError`] is a mistake in how the model is driven.
//!
//! [`Reply::Error`]: super::Reply::Error

use thiserror::Error;

use crate::engine::EngineError;

/// A mistake in how the Redis model is used (never a reply a real Redis would send).
#[derive(Debug, Error)]
pub enum RedisError {
    /// The client id was not handed out by this model's `connect`.
    #[error("unknown Redis client {0}: connect it first")]
    UnknownClient(u32),
    /// A script asked for a negative number of portions.
    #[error("portions must be zero or more, not {0}")]
    NegativePortions(i64),
    /// A script asked for more than `u32::MAX` portions of one key.
    #[error("at most 4294967295 portions of one key, not {0} more")]
    TooManyPortions(i64),
    /// A script named more keys than fit in one [`Portions`](super::Portions).
    #[error("a script takes or adds at most {max} keys")]
    TooManyKeys {
        /// The most keys one script may name.
        max: usize,
    },
    /// A line of redis-cli syntax had unbalanced quotes or a quote not followed by a space.
    #[error("Invalid argument(s)")]
    InvalidArguments,
    /// The engine refused to schedule a leg of a round trip.
    #[error("scheduling a Redis round trip failed: {0}")]
    Engine(#[from] EngineError),
}
