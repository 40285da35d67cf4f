//! The Redis model on the engine ([`RedisModel`]): every command is a network round trip.
//!
//! A command sent at `t` travels for a latency drawn from the request distribution, runs
//! atomically at the server when it arrives (nothing else runs in between), and its reply travels
//! back for a latency drawn from the reply distribution. A connection is ordered, as TCP is: a
//! client's commands arrive, and its replies return, in the order sent. Two clients' commands
//! interleave by arrival time, so GET-then-DECRBY from two clients really can race.
//!
//! The caller's event enum wraps [`RedisEvent`] (`E: From<RedisEvent>`) and hands each one back
//! to [`RedisModel::handle`], which returns the reply that arrived, if any, with the caller's tag.

use serde::{Deserialize, Serialize};

use super::command::Command;
use super::error::RedisError;
use super::keys::KeyId;
use super::records::RedisStats;
use super::reply::Reply;
use super::server::{ClientId, Server};
use super::store::Store;
use crate::engine::{Context, Distribution, RngStreams, SimDuration, SimRng, SimTime};

/// How the Redis model behaves: one-way latencies and whether values over time are recorded.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RedisConfig {
    /// Client to server, per command.
    pub request_latency: Distribution,
    /// Server to client, per reply.
    pub reply_latency: Distribution,
    /// Keep each key's (time, value) samples, for charts. Off by default: the samples grow
    /// with the length of the run, one per change.
    pub record_history: bool,
}

impl Default for RedisConfig {
    /// 100 µs each way, history off.
    fn default() -> Self {
        let d = Distribution::constant(SimDuration::from_nanos(100_000));
        RedisConfig {
            request_latency: d.clone(),
            reply_latency: d,
            record_history: false,
        }
    }
}

/// A leg of a round trip in flight; the caller's event enum carries it and hands it back.
#[derive(Debug, PartialEq, Eq)]
pub struct RedisEvent {
    slot: u32,
    leg: Leg,
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Leg {
    /// The command reaches the server.
    Request,
    /// The reply reaches the client.
    Reply,
}

/// A reply that reached its client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivered {
    /// The client that sent the command.
    pub client: ClientId,
    /// The tag the client sent it with.
    pub tag: u64,
    /// When the command was sent.
    pub sent: SimTime,
    /// The server's reply.
    pub reply: Reply,
}

/// A round trip in progress.
#[derive(Debug)]
struct Flight {
    client: ClientId,
    tag: u64,
    sent: SimTime,
    command: Command,
    reply: Option<Reply>,
    /// Whether the slot holds a round trip in progress (a free slot keeps its last command).
    live: bool,
}

/// Per connection: the last arrival time each way, to keep the connection in order.
#[derive(Debug, Clone, Copy, Default)]
struct Wire {
    to_server: SimTime,
    to_client: SimTime,
}

/// A Redis server and its clients' connections, as a component on the engine.
///
/// The shop's event enum wraps [`RedisEvent`]; its `handle` passes them back and gets replies:
///
/// ```
/// use chipshop::engine::{Context, Model, RngStreams, Simulation};
/// use chipshop::redis_model::{Command, Portions, RedisConfig, RedisEvent, RedisModel, Reply};
/// use chipshop::SimTime;
///
/// enum ShopEvent { Redis(RedisEvent) }
/// impl From<RedisEvent> for ShopEvent {
///     fn from(e: RedisEvent) -> Self { ShopEvent::Redis(e) }
/// }
///
/// struct Shop { redis: RedisModel, replies: Vec<(u64, Reply)> }
/// impl Model for Shop {
///     type Event = ShopEvent;
///     fn handle(&mut self, event: ShopEvent, cx: &mut Context<ShopEvent>) {
///         let ShopEvent::Redis(e) = event;
///         if let Some(delivered) = self.redis.handle(e, cx) {
///             self.replies.push((delivered.tag, delivered.reply));
///         }
///     }
/// }
///
/// let mut redis = RedisModel::new(RedisConfig::default(), &RngStreams::new(1));
/// let (cod, chips) = (redis.key("cod"), redis.key("chips"));
/// let preparer = redis.connect();
/// redis.server_mut().execute(preparer, Command::Set(cod, b"2".to_vec()), SimTime::ZERO).unwrap();
/// let mut sim = Simulation::new(Shop { redis, replies: vec![] }, 1);
/// sim.invoke(|shop, cx| {
///     let order = Portions::new().with(cod, 1).unwrap().with(chips, 1).unwrap();
///     shop.redis.send(cx, preparer, 7, Command::Take(order)).unwrap();
///     shop.redis.send(cx, preparer, 8, Command::DecrBy(cod, 1.into())).unwrap();
/// });
/// sim.run();
/// let replies = &sim.model().replies;
/// assert_eq!(replies[0].0, 7);
/// assert!(matches!(replies[0].1, Reply::Array(_))); // no chips: nothing taken
/// assert_eq!(replies[1], (8, Reply::Integer(1)));
/// // Pipelined on one connection: both replies are back after one 200 µs round trip.
/// assert_eq!(sim.now(), SimTime::from_nanos(200_000));
/// ```
#[derive(Debug)]
pub struct RedisModel {
    server: Server,
    config: RedisConfig,
    rng: SimRng,
    wires: Vec<Wire>,
    flights: Vec<Flight>,
    free: Vec<u32>,
}

impl RedisModel {
    /// A server with no keys and no clients; latencies draw from the `"redis"` stream of `seeds`.
    pub fn new(config: RedisConfig, seeds: &RngStreams) -> Self {
        RedisModel {
            server: Server::with_history(config.record_history),
            config,
            rng: seeds.stream("redis"),
            wires: Vec::new(),
            flights: Vec::new(),
            free: Vec::new(),
        }
    }

    /// Opens a connection.
    pub fn connect(&mut self) -> ClientId {
        self.server.connect()
    }

    /// The id of key `name`, for building commands (interning does not create the key).
    pub fn key(&mut self, name: &str) -> KeyId {
        self.server.key(name)
    }

    /// The server, to read its keyspace and statistics.
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// The server, to run setup commands instantly (no latency), e.g. stocking the cabinet.
    pub fn server_mut(&mut self) -> &mut Server {
        &mut self.server
    }

    /// The keyspace.
    pub fn store(&self) -> &Store {
        self.server.store()
    }

    /// What the server has seen.
    pub fn stats(&self) -> &RedisStats {
        self.server.stats()
    }

    /// Sends `command` from `client`; its reply comes back from [`handle`](Self::handle) with `tag`.
    pub fn send<E: From<RedisEvent>>(
        &mut self,
        cx: &mut Context<E>,
        client: ClientId,
        tag: u64,
        command: Command,
    ) -> Result<(), RedisError> {
        if !self.server.has_client(client) {
            return Err(RedisError::UnknownClient(client.0));
        }
        // Clients may also be connected through `server_mut()`: give each its wire on first use.
        if self.wires.len() <= client.index() {
            self.wires.resize(client.index() + 1, Wire::default());
        }
        let wire = &mut self.wires[client.index()];
        let now = cx.now();
        let travel = self.config.request_latency.sample(&mut self.rng);
        let at = now
            .checked_add(travel)
            .unwrap_or(SimTime::MAX)
            .max(wire.to_server);
        wire.to_server = at;
        let slot = match self.free.pop() {
            Some(slot) => {
                let flight = &mut self.flights[slot as usize];
                flight.client = client;
                flight.tag = tag;
                flight.sent = now;
                flight.command = command;
                flight.reply = None;
                flight.live = true;
                slot
            }
            None => {
                self.flights.push(Flight {
                    client,
                    tag,
                    sent: now,
                    command,
                    reply: None,
                    live: true,
                });
                u32::try_from(self.flights.len() - 1).unwrap_or(u32::MAX)
            }
        };
        cx.schedule_at(
            at,
            RedisEvent {
                slot,
                leg: Leg::Request,
            }
            .into(),
        )?;
        Ok(())
    }

    /// Handles one of this model's events: a command reaching the server runs now (and `None` is
    /// returned); a reply reaching its client is returned. Pass it only events this model
    /// scheduled: one whose slot is free or already run gives `None`.
    pub fn handle<E: From<RedisEvent>>(
        &mut self,
        event: RedisEvent,
        cx: &mut Context<E>,
    ) -> Option<Delivered> {
        let now = cx.now();
        match event.leg {
            Leg::Request => {
                let flight = self.flights.get_mut(event.slot as usize)?;
                if !flight.live || flight.reply.is_some() {
                    return None;
                }
                let client = flight.client;
                // The command stays in its slot: running it by reference copies nothing.
                let reply = self
                    .server
                    .execute_ref(client, &flight.command, now)
                    .unwrap_or_else(|e| Reply::Error(e.to_string().into()));
                flight.reply = Some(reply);
                let travel = self.config.reply_latency.sample(&mut self.rng);
                let wire = &mut self.wires[client.index()];
                let at = now
                    .checked_add(travel)
                    .unwrap_or(SimTime::MAX)
                    .max(wire.to_client);
                wire.to_client = at;
                // `at` is never before now, so scheduling cannot fail.
                let _ = cx.schedule_at(
                    at,
                    RedisEvent {
                        slot: event.slot,
                        leg: Leg::Reply,
                    }
                    .into(),
                );
                None
            }
            Leg::Reply => {
                let flight = self.flights.get_mut(event.slot as usize)?;
                if !flight.live {
                    return None;
                }
                let reply = flight.reply.take()?;
                flight.live = false;
                self.free.push(event.slot);
                Some(Delivered {
                    client: flight.client,
                    tag: flight.tag,
                    sent: flight.sent,
                    reply,
                })
            }
        }
    }

    /// Commands sent whose replies have not yet arrived.
    pub fn in_flight(&self) -> usize {
        self.flights.len() - self.free.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_reads_from_toml_with_defaults() {
        let config: RedisConfig =
            toml::from_str("request_latency = { uniform = [\"50us\", \"150us\"] }").unwrap();
        assert_eq!(
            config.request_latency.mean(),
            SimDuration::from_nanos(100_000)
        );
        assert_eq!(config.reply_latency, RedisConfig::default().reply_latency);
        assert!(!config.record_history);
        assert!(toml::from_str::<RedisConfig>("latency = { constant = \"1ms\" }").is_err());
    }

    #[test]
    fn clients_connected_either_way_can_send_and_strangers_cannot() {
        struct Echo(RedisModel);
        impl crate::engine::Model for Echo {
            type Event = RedisEvent;
            fn handle(&mut self, e: RedisEvent, cx: &mut Context<RedisEvent>) {
                self.0.handle(e, cx);
            }
        }
        let mut redis = RedisModel::new(RedisConfig::default(), &RngStreams::new(1));
        let a = redis.server_mut().connect();
        let b = redis.connect();
        let mut sim = crate::engine::Simulation::new(Echo(redis), 1);
        sim.invoke(|m, cx| {
            m.0.send(cx, a, 1, Command::Ping(None)).unwrap();
            m.0.send(cx, b, 2, Command::Ping(None)).unwrap();
            let stranger = ClientId(99);
            assert!(matches!(
                m.0.send(cx, stranger, 3, Command::Ping(None)),
                Err(RedisError::UnknownClient(99))
            ));
        });
        sim.run();
        assert_eq!(sim.model().0.stats().commands, 2);
        assert_eq!(sim.model().0.in_flight(), 0);
    }
}
