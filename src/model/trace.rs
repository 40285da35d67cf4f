//! What the shop tells a trace: one [`TraceEvent`] per thing that happened, with typed fields,
//! and how each becomes a line of `events.jsonl`.
//!
//! These are happenings of the shop (an order placed, a record read, a Redis reply), not the
//! engine's queue entries: a record's partition and offset, a group's generation, a command's
//! keys. The schema is `docs/trace.schema.json`, explained in `docs/trace.md`; a test checks
//! every preset's trace against it.

use super::order::{Order, Portions};
use crate::engine::{JsonLine, SimTime};
use crate::redis_model::{Command, Reply, Store};

/// Who did something: a till, a preparer or a service, named as in the Kafka client ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Member {
    /// A till (the web's is numbered after the shop's), from 1.
    Till(u32),
    /// A preparer, from 1.
    Preparer(u32),
    /// The cook.
    Cook,
    /// The accountant.
    Accountant,
    /// The analyst.
    Analyst,
}

impl Member {
    /// Writes `"key":"<name>"` (`"member":"preparer-2"`).
    pub fn write(self, line: &mut JsonLine, key: &str) {
        match self {
            Member::Till(n) => line.named(key, "till-", u64::from(n)),
            Member::Preparer(n) => line.named(key, "preparer-", u64::from(n)),
            Member::Cook => line.str(key, "cook"),
            Member::Accountant => line.str(key, "accountant"),
            Member::Analyst => line.str(key, "analyst"),
        };
    }
}

/// Where a preparer's order comes from when it makes it up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MadeFrom {
    /// Made from scratch at the counter (no cabinet).
    Counter,
    /// Its portions were taken from the hot cabinet.
    Cabinet,
    /// It came back from the cook on `ready`.
    Cook,
}

/// Why a preparer sends an order to the cook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToCook {
    /// It has plaice, fried to order.
    Plaice,
    /// The cabinet was short of something.
    Short,
}

/// One thing that happened in the shop, as a trace line shows it.
#[derive(Clone, Copy, Debug)]
pub enum TraceEvent<'a> {
    /// The tills open.
    Open,
    /// The tills stop taking orders.
    Close,
    /// A till took an order.
    OrderPlaced {
        /// The order.
        order: &'a Order,
        /// Whether it came from the web.
        web: bool,
    },
    /// A record is in its partition's log (the producer's ack).
    Produced {
        /// The order it carries.
        order: u64,
        /// Who sent it.
        producer: Member,
        /// The topic.
        topic: &'a str,
        /// The partition.
        partition: u32,
        /// Its offset.
        offset: u64,
    },
    /// A poll handed a record to a consumer.
    Consumed {
        /// The order it carries.
        order: u64,
        /// The consumer.
        member: Member,
        /// The topic.
        topic: &'a str,
        /// The partition.
        partition: u32,
        /// Its offset.
        offset: u64,
        /// Whether the group had it before (at-least-once redelivery).
        redelivered: bool,
    },
    /// A preparer starts on a record it read.
    Started {
        /// The order.
        order: u64,
        /// The preparer.
        preparer: u32,
        /// The topic it read it from: `orders`, or `ready` back from the cook.
        topic: &'static str,
    },
    /// An idempotent preparer found the order already made and skipped it.
    DuplicateSkipped {
        /// The order.
        order: u64,
        /// The preparer.
        preparer: u32,
    },
    /// A preparer sends an order to the cook.
    ToCook {
        /// The order.
        order: u64,
        /// The preparer.
        preparer: u32,
        /// Why.
        reason: ToCook,
    },
    /// A preparer starts making an order up.
    Making {
        /// The order.
        order: u64,
        /// The preparer.
        preparer: u32,
        /// Where its food comes from.
        from: MadeFrom,
    },
    /// A preparer finished an order: it is ready at the counter (or was already: a duplicate).
    Made {
        /// The order.
        order: u64,
        /// The preparer.
        preparer: u32,
        /// Whether it had been made before (a redelivered record).
        duplicate: bool,
    },
    /// A WATCHed counter changed before EXEC: the transaction was aborted and is retried.
    WatchAbort {
        /// The order.
        order: u64,
        /// The preparer.
        preparer: u32,
    },
    /// A check-then-take drove a counter below zero: the order was oversold.
    Oversold {
        /// The order.
        order: u64,
        /// The preparer.
        preparer: u32,
    },
    /// The cook takes an order into a basket (to plate it from the cabinet or fry it).
    CookStart {
        /// The order.
        order: u64,
    },
    /// The cook starts frying for an order.
    FryStart {
        /// The order.
        order: u64,
    },
    /// The frying for an order is done.
    Fried {
        /// The order.
        order: u64,
    },
    /// The cook is done with an order and sends it back on `ready`; its basket is free.
    Cooked {
        /// The order.
        order: u64,
    },
    /// The cook starts frying a batch to top the cabinet up.
    TopUpStart {
        /// The batch.
        batch: Portions,
    },
    /// A top-up batch is fried and goes into the cabinet.
    ToppedUp {
        /// The batch.
        batch: Portions,
    },
    /// A client sends a Redis command.
    RedisCommand {
        /// The client.
        member: Member,
        /// The command.
        command: &'a Command,
        /// The keyspace, for the keys' names.
        store: &'a Store,
    },
    /// A Redis reply reaches its client.
    RedisReply {
        /// The client.
        member: Member,
        /// The reply.
        reply: &'a Reply,
    },
    /// A consumer group starts a rebalance.
    RebalanceStart {
        /// The group.
        group: &'a str,
        /// The generation it works towards.
        generation: u32,
    },
    /// A consumer group finished a rebalance.
    RebalanceEnd {
        /// The group.
        group: &'a str,
        /// The generation reached.
        generation: u32,
    },
    /// Partitions newly assigned to a member.
    Assigned {
        /// The group.
        group: &'a str,
        /// The member.
        member: Member,
        /// The partitions, as `topic-partition`.
        partitions: &'a [String],
    },
    /// Partitions taken from a member.
    Revoked {
        /// The group.
        group: &'a str,
        /// The member.
        member: Member,
        /// The partitions, as `topic-partition`.
        partitions: &'a [String],
    },
    /// A member is out of its group.
    MemberRemoved {
        /// The group.
        group: &'a str,
        /// The member.
        member: Member,
        /// Why (`leave`, `session_timeout`, `poll_timeout`, `rebalance_timeout`).
        reason: &'static str,
    },
    /// A preparer crashes (a scheduled fault).
    Crash {
        /// The preparer.
        preparer: u32,
    },
    /// A preparer stalls (a scheduled fault): it stops polling until `until`.
    Stall {
        /// The preparer.
        preparer: u32,
        /// When it resumes, in nanoseconds since opening.
        until: u64,
    },
    /// A stalled preparer resumes.
    Resume {
        /// The preparer.
        preparer: u32,
    },
    /// A preparer starts a clean shutdown (a scheduled fault): it finishes what it holds,
    /// commits and leaves its group.
    Leave {
        /// The preparer.
        preparer: u32,
    },
    /// A crashed preparer comes back.
    Restart {
        /// The preparer.
        preparer: u32,
    },
    /// Scaling added a preparer.
    PreparerAdded {
        /// The preparer.
        preparer: u32,
    },
    /// Scaling removed a preparer.
    PreparerRemoved {
        /// The preparer.
        preparer: u32,
    },
    /// A sample of the preparers' lag on one partition of `orders`.
    Lag {
        /// The partition.
        partition: u32,
        /// Records not yet committed.
        lag: u64,
    },
    /// A sample of the cabinet's stock of one item.
    Stock {
        /// `cod`, `chips` or `plaice`.
        item: &'static str,
        /// Portions (below zero when oversold).
        portions: i64,
    },
    /// A sample of the preparers at work (in the group, not crashed).
    PreparersActive {
        /// How many.
        count: u32,
    },
}

impl TraceEvent<'_> {
    /// The event's `kind` in the trace.
    pub fn kind(&self) -> &'static str {
        match self {
            TraceEvent::Open => "open",
            TraceEvent::Close => "close",
            TraceEvent::OrderPlaced { .. } => "order_placed",
            TraceEvent::Produced { .. } => "produced",
            TraceEvent::Consumed { .. } => "consumed",
            TraceEvent::Started { .. } => "started",
            TraceEvent::DuplicateSkipped { .. } => "duplicate_skipped",
            TraceEvent::ToCook { .. } => "to_cook",
            TraceEvent::Making { .. } => "making",
            TraceEvent::Made { .. } => "made",
            TraceEvent::WatchAbort { .. } => "watch_abort",
            TraceEvent::Oversold { .. } => "oversold",
            TraceEvent::CookStart { .. } => "cook_start",
            TraceEvent::FryStart { .. } => "fry_start",
            TraceEvent::Fried { .. } => "fried",
            TraceEvent::Cooked { .. } => "cooked",
            TraceEvent::TopUpStart { .. } => "top_up_start",
            TraceEvent::ToppedUp { .. } => "topped_up",
            TraceEvent::RedisCommand { .. } => "redis_command",
            TraceEvent::RedisReply { .. } => "redis_reply",
            TraceEvent::RebalanceStart { .. } => "rebalance_start",
            TraceEvent::RebalanceEnd { .. } => "rebalance_end",
            TraceEvent::Assigned { .. } => "assigned",
            TraceEvent::Revoked { .. } => "revoked",
            TraceEvent::MemberRemoved { .. } => "member_removed",
            TraceEvent::Crash { .. } => "crash",
            TraceEvent::Restart { .. } => "restart",
            TraceEvent::Stall { .. } => "stall",
            TraceEvent::Resume { .. } => "resume",
            TraceEvent::Leave { .. } => "leave",
            TraceEvent::PreparerAdded { .. } => "preparer_added",
            TraceEvent::PreparerRemoved { .. } => "preparer_removed",
            TraceEvent::Lag { .. } => "lag",
            TraceEvent::Stock { .. } => "stock",
            TraceEvent::PreparersActive { .. } => "preparers_active",
        }
    }

    /// Writes the event at `t` as one JSON object: `t`, `kind`, then its fields in the order
    /// of the schema.
    pub fn write_json(&self, t: SimTime, line: &mut JsonLine) {
        line.start().secs("t", t).name("kind", self.kind());
        match *self {
            TraceEvent::Open | TraceEvent::Close => {}
            TraceEvent::OrderPlaced { order, web } => {
                line.u64("order", order.id)
                    .u64("till", u64::from(order.till))
                    .bool("web", web)
                    .name_with("items", |b| order.write_items(b))
                    .u64("price_pence", order.price_pence());
            }
            TraceEvent::Produced {
                order,
                producer,
                topic,
                partition,
                offset,
            } => {
                line.u64("order", order);
                producer.write(line, "producer");
                line.str("topic", topic)
                    .u64("partition", u64::from(partition))
                    .u64("offset", offset);
            }
            TraceEvent::Consumed {
                order,
                member,
                topic,
                partition,
                offset,
                redelivered,
            } => {
                line.u64("order", order);
                member.write(line, "member");
                line.str("topic", topic)
                    .u64("partition", u64::from(partition))
                    .u64("offset", offset)
                    .bool("redelivered", redelivered);
            }
            TraceEvent::Started {
                order,
                preparer,
                topic,
            } => {
                line.u64("order", order)
                    .u64("preparer", u64::from(preparer))
                    .str("topic", topic);
            }
            TraceEvent::DuplicateSkipped { order, preparer }
            | TraceEvent::WatchAbort { order, preparer }
            | TraceEvent::Oversold { order, preparer } => {
                line.u64("order", order)
                    .u64("preparer", u64::from(preparer));
            }
            TraceEvent::ToCook {
                order,
                preparer,
                reason,
            } => {
                line.u64("order", order)
                    .u64("preparer", u64::from(preparer))
                    .str(
                        "reason",
                        match reason {
                            ToCook::Plaice => "plaice",
                            ToCook::Short => "short",
                        },
                    );
            }
            TraceEvent::Making {
                order,
                preparer,
                from,
            } => {
                line.u64("order", order)
                    .u64("preparer", u64::from(preparer))
                    .str(
                        "from",
                        match from {
                            MadeFrom::Counter => "counter",
                            MadeFrom::Cabinet => "cabinet",
                            MadeFrom::Cook => "cook",
                        },
                    );
            }
            TraceEvent::Made {
                order,
                preparer,
                duplicate,
            } => {
                line.u64("order", order)
                    .u64("preparer", u64::from(preparer))
                    .bool("duplicate", duplicate);
            }
            TraceEvent::CookStart { order }
            | TraceEvent::FryStart { order }
            | TraceEvent::Fried { order }
            | TraceEvent::Cooked { order } => {
                line.u64("order", order);
            }
            TraceEvent::TopUpStart { batch } | TraceEvent::ToppedUp { batch } => {
                line.u64("cod", u64::from(batch.cod))
                    .u64("chips", u64::from(batch.chips))
                    .u64("plaice", u64::from(batch.plaice));
            }
            TraceEvent::RedisCommand {
                member,
                command,
                store,
            } => {
                member.write(line, "member");
                line.str("command", command.kind().name());
                let parts = command.keys_and_args();
                line.array("keys");
                for (key, _) in &parts {
                    line.value_bytes(store.name(*key));
                }
                line.end().array("args");
                for arg in parts.iter().filter_map(|(_, a)| a.as_deref()) {
                    line.value_str(arg);
                }
                line.end();
            }
            TraceEvent::RedisReply { member, reply } => {
                member.write(line, "member");
                line.key_only("reply");
                write_reply(line, reply);
            }
            TraceEvent::RebalanceStart { group, generation }
            | TraceEvent::RebalanceEnd { group, generation } => {
                line.str("group", group)
                    .u64("generation", u64::from(generation));
            }
            TraceEvent::Assigned {
                group,
                member,
                partitions,
            }
            | TraceEvent::Revoked {
                group,
                member,
                partitions,
            } => {
                line.str("group", group);
                member.write(line, "member");
                line.array("partitions");
                for p in partitions {
                    line.value_str(p);
                }
                line.end();
            }
            TraceEvent::MemberRemoved {
                group,
                member,
                reason,
            } => {
                line.str("group", group);
                member.write(line, "member");
                line.str("reason", reason);
            }
            TraceEvent::Crash { preparer }
            | TraceEvent::Restart { preparer }
            | TraceEvent::Resume { preparer }
            | TraceEvent::Leave { preparer }
            | TraceEvent::PreparerAdded { preparer }
            | TraceEvent::PreparerRemoved { preparer } => {
                line.u64("preparer", u64::from(preparer));
            }
            TraceEvent::Stall { preparer, until } => {
                line.u64("preparer", u64::from(preparer))
                    .secs("until", SimTime::from_nanos(until));
            }
            TraceEvent::Lag { partition, lag } => {
                line.str("topic", "orders")
                    .u64("partition", u64::from(partition))
                    .u64("lag", lag);
            }
            TraceEvent::Stock { item, portions } => {
                line.str("item", item).i64("portions", portions);
            }
            TraceEvent::PreparersActive { count } => {
                line.u64("count", u64::from(count));
            }
        }
    }
}

/// A Redis reply as JSON: integers as numbers, nil as null, arrays as arrays, status and bulk
/// strings as strings, errors as `{"error": "..."}`.
fn write_reply(line: &mut JsonLine, reply: &Reply) {
    match reply {
        Reply::Integer(n) => line.value_i64(*n),
        Reply::Bulk(b) => line.value_bytes(b),
        Reply::Nil | Reply::NilArray => line.value_null(),
        Reply::Simple(s) => line.value_str(s),
        Reply::Error(e) => line.value_error(e),
        Reply::Array(items) => {
            line.value_array();
            for item in items {
                write_reply(line, item);
            }
            line.end()
        }
    };
}
