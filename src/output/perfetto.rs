//! `trace.json`: the run as a timeline for ui.perfetto.dev and chrome://tracing, in Chrome's
//! Trace Event Format (the JSON object form: `traceEvents` and `displayTimeUnit`).
//!
//! It is built from the shop's [`TraceEvent`]s as they come, keeping only the orders in
//! flight, so memory does not grow with the length of the run. What a user sees (processes,
//! tracks, slices, arrows) is described in `docs/trace.md`.
//!
//! Windows: an order placed inside the window is drawn whole (till to counter, even past the
//! window's end, so that its arrows are complete); an order placed outside it is not drawn;
//! counters and instants are kept when they fall inside.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use crate::engine::{JsonLine, SimTime};
use crate::model::{MadeFrom, ToCook, TraceEvent, TraceWindow};

/// Perfetto's UI runs in a browser tab; its JSON importer needs several times a file's size in
/// memory, so past this size loading gets slow or fails: runs warn above it.
pub const PERFETTO_COMFORTABLE_BYTES: u64 = 256 << 20;

/// About how many bytes an order takes in trace.json (measured on demo3, 860 B; more with a
/// cook), for the warning before a run.
pub const PERFETTO_BYTES_PER_ORDER: u64 = 1000;

/// The processes, in the shop's order (their `pid` is also their sort index).
const TILLS: u32 = 1;
const KAFKA: u32 = 2;
const PREPARERS: u32 = 3;
const COOK: u32 = 4;
const REDIS: u32 = 5;

fn process_name(pid: u32) -> &'static str {
    match pid {
        TILLS => "tills",
        KAFKA => "kafka",
        PREPARERS => "preparers",
        COOK => "cook",
        _ => "redis",
    }
}

/// Where an order is now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// At its till, waiting for the produce to be acknowledged.
    Till,
    /// In a topic since `since` (its partition's wait starts at the ack).
    Waiting,
    /// With a preparer.
    Preparer(u32),
    /// In a cook's basket.
    Basket(u32),
}

/// One order in flight, placed inside the window.
#[derive(Debug)]
struct Journey {
    till: u32,
    items: String,
    /// When the current stage started.
    since: u64,
    stage: Stage,
    /// The topic it waits in, when waiting.
    topic: &'static str,
    partition: u32,
    offset: u64,
    /// When the preparer started making it up, or the cook frying for it.
    inner: Option<(u64, &'static str)>,
    /// Where its food came from (for the preparer slice's args).
    from: &'static str,
}

/// What a cook's basket holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Basket {
    Order(u64),
    TopUp { since: u64, batch: [u32; 3] },
}

/// Streams trace.json to a writer. The first write error is kept for [`finish`](Self::finish).
pub struct PerfettoTrace<W: Write> {
    out: W,
    line: JsonLine,
    window: TraceWindow,
    error: Option<std::io::Error>,
    events: u64,
    named: BTreeSet<(u32, u32)>,
    journeys: BTreeMap<u64, Journey>,
    /// Each preparer's order in hand, if drawn.
    in_hand: BTreeMap<u32, u64>,
    baskets: Vec<Option<Basket>>,
    /// When each till's last slice ended: a till's slices never overlap.
    till_free: BTreeMap<u32, u64>,
    /// Kafka groups by name, numbered in order of appearance (their instants' track).
    groups: Vec<String>,
}

impl<W: Write> PerfettoTrace<W> {
    /// Starts a trace into `out` of what happens in `window`.
    pub fn new(mut out: W, window: TraceWindow) -> Self {
        let error = out
            .write_all(b"{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n")
            .err();
        PerfettoTrace {
            out,
            line: JsonLine::new(),
            window,
            error,
            events: 0,
            named: BTreeSet::new(),
            journeys: BTreeMap::new(),
            in_hand: BTreeMap::new(),
            baskets: Vec::new(),
            till_free: BTreeMap::new(),
            groups: Vec::new(),
        }
    }

    /// Closes the JSON and returns the writer, or the first error met.
    pub fn finish(mut self) -> std::io::Result<W> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.out.write_all(b"\n]}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }

    /// Writes the event in `self.line`.
    fn emit(&mut self) {
        if self.error.is_some() {
            return;
        }
        let sep: &[u8] = if self.events == 0 { b"" } else { b",\n" };
        let bytes = self.line.finish();
        let result = self
            .out
            .write_all(sep)
            .and_then(|()| self.out.write_all(bytes));
        match result {
            Ok(()) => self.events += 1,
            Err(e) => self.error = Some(e),
        }
    }

    /// Names process `pid` and its thread `tid` the first time either is used.
    fn name(&mut self, pid: u32, tid: u32, thread: impl FnOnce() -> String) {
        if self.named.insert((pid, 0)) {
            self.line
                .start()
                .name("ph", "M")
                .str("name", "process_name")
                .u64("pid", u64::from(pid))
                .u64("tid", 0)
                .object("args")
                .str("name", process_name(pid));
            self.emit();
            self.line
                .start()
                .name("ph", "M")
                .str("name", "process_sort_index")
                .u64("pid", u64::from(pid))
                .u64("tid", 0)
                .object("args")
                .u64("sort_index", u64::from(pid));
            self.emit();
        }
        if tid != 0 && self.named.insert((pid, tid)) {
            let name = thread();
            self.line
                .start()
                .name("ph", "M")
                .str("name", "thread_name")
                .u64("pid", u64::from(pid))
                .u64("tid", u64::from(tid))
                .object("args")
                .str("name", &name);
            self.emit();
            self.line
                .start()
                .name("ph", "M")
                .str("name", "thread_sort_index")
                .u64("pid", u64::from(pid))
                .u64("tid", u64::from(tid))
                .object("args")
                .u64("sort_index", u64::from(tid));
            self.emit();
        }
    }

    /// Names the track of a till, preparer, basket or group.
    fn name_track(&mut self, pid: u32, tid: u32) {
        let groups = &self.groups;
        let thread = match pid {
            TILLS => format!("till {tid}"),
            PREPARERS => format!("preparer {tid}"),
            COOK => format!("basket {tid}"),
            KAFKA => format!(
                "group {}",
                groups.get(tid as usize - 1).map_or("?", String::as_str)
            ),
            _ => format!("{tid}"),
        };
        self.name(pid, tid, || thread);
    }

    /// Starts a complete slice (`ph: X`) on a thread; the caller adds args and emits it.
    fn slice(&mut self, pid: u32, tid: u32, name: &str, from: u64, to: u64) -> &mut JsonLine {
        self.name_track(pid, tid);
        self.line
            .start()
            .name("ph", "X")
            .str("name", name)
            .name("cat", "order")
            .u64("pid", u64::from(pid))
            .u64("tid", u64::from(tid))
            .micros("ts", from)
            .micros("dur", to.saturating_sub(from))
    }

    /// A flow point of order `order` at `ts` on a thread: `s` starts, `t` steps, `f` ends.
    fn flow(&mut self, ph: &str, order: u64, pid: u32, tid: u32, ts: u64) {
        self.line
            .start()
            .str("ph", ph)
            .str("name", "order")
            .name("cat", "order")
            .u64("id", order)
            .u64("pid", u64::from(pid))
            .u64("tid", u64::from(tid))
            .micros("ts", ts);
        if ph == "f" {
            self.line.str("bp", "e");
        }
        self.emit();
    }

    /// An instant on a thread, with its args left open for the caller.
    fn instant(&mut self, pid: u32, tid: u32, name: &str, ts: u64) -> &mut JsonLine {
        self.name_track(pid, tid);
        self.line
            .start()
            .name("ph", "i")
            .str("s", "t")
            .str("name", name)
            .str("cat", "shop")
            .u64("pid", u64::from(pid))
            .u64("tid", u64::from(tid))
            .micros("ts", ts)
            .object("args")
    }

    /// A counter sample (`ph: C`) of the process `pid`.
    fn counter(&mut self, pid: u32, name: &str, key: &str, value: i64, ts: u64) {
        self.name(pid, 0, String::new);
        self.line
            .start()
            .name("ph", "C")
            .str("name", name)
            .u64("pid", u64::from(pid))
            .u64("tid", 0)
            .micros("ts", ts)
            .object("args")
            .i64(key, value);
        self.emit();
    }

    /// An order's wait in a topic partition, as an async slice on Kafka's track of it.
    fn wait(&mut self, order: u64, j_topic: &str, partition: u32, offset: u64, from: u64, to: u64) {
        self.name(KAFKA, 0, String::new);
        let mut track = String::with_capacity(12);
        track.push_str(j_topic);
        track.push('-');
        track.push_str(itoa::Buffer::new().format(partition));
        for (ph, ts) in [("b", from), ("e", to)] {
            self.line
                .start()
                .str("ph", ph)
                .str("name", &track)
                .str("cat", "wait")
                .u64("id", order)
                .u64("pid", u64::from(KAFKA))
                .u64("tid", 0)
                .micros("ts", ts);
            if ph == "b" {
                self.line
                    .object("args")
                    .u64("order", order)
                    .u64("offset", offset);
            }
            self.emit();
        }
    }

    /// The track of a Kafka group's instants.
    fn group_track(&mut self, group: &str) -> u32 {
        let i = match self.groups.iter().position(|g| g == group) {
            Some(i) => i,
            None => {
                self.groups.push(group.to_string());
                self.groups.len() - 1
            }
        };
        i as u32 + 1
    }

    /// Closes the slice of a preparer's order in hand: `how` says what became of it; `last`
    /// ends the order's arrows there.
    fn close_preparer(&mut self, preparer: u32, order: u64, to: u64, how: &str, last: bool) {
        self.in_hand.remove(&preparer);
        let Some(j) = self.journeys.get_mut(&order) else {
            return;
        };
        let (from, inner, from_food) = (j.since, j.inner.take(), j.from);
        let (partition, offset) = (j.partition, j.offset);
        let items = std::mem::take(&mut j.items);
        let name = order_name(order);
        self.slice(PREPARERS, preparer, &name, from, to)
            .object("args")
            .u64("order", order)
            .str("items", &items)
            .u64("partition", u64::from(partition))
            .u64("offset", offset)
            .str("food", from_food)
            .str("outcome", how);
        self.emit();
        if let Some((start, what)) = inner {
            if start > from {
                self.slice(PREPARERS, preparer, "take from cabinet", from, start);
                self.emit();
            }
            self.slice(PREPARERS, preparer, what, start, to);
            self.emit();
        }
        self.flow(
            if last { "f" } else { "t" },
            order,
            PREPARERS,
            preparer,
            from,
        );
        if let Some(j) = self.journeys.get_mut(&order) {
            j.items = items;
            j.since = to;
            j.stage = Stage::Waiting;
        }
        if last {
            self.journeys.remove(&order);
        }
    }

    /// Shows one event of the shop at `t`.
    pub fn record(&mut self, t: SimTime, event: &TraceEvent<'_>) {
        let ts = t.as_nanos();
        let inside = self.window.contains(t);
        match *event {
            TraceEvent::OrderPlaced { order, .. } if inside => {
                let items = order.items_text();
                self.journeys.insert(
                    order.id,
                    Journey {
                        till: order.till,
                        items,
                        since: ts,
                        stage: Stage::Till,
                        topic: "orders",
                        partition: 0,
                        offset: 0,
                        inner: None,
                        from: "counter",
                    },
                );
            }
            TraceEvent::Produced {
                order,
                topic,
                partition,
                offset,
                ..
            } => {
                let Some(j) = self.journeys.get_mut(&order) else {
                    return;
                };
                let topic = match topic {
                    "cook" => "cook",
                    "ready" => "ready",
                    _ => "orders",
                };
                let was = j.stage;
                let placed = j.since;
                j.topic = topic;
                j.since = ts;
                j.stage = Stage::Waiting;
                if topic == "orders" {
                    j.partition = partition;
                    j.offset = offset;
                }
                if was == Stage::Till {
                    let till = j.till;
                    let items = j.items.clone();
                    let free = self.till_free.get(&till).copied().unwrap_or(0);
                    let start = placed.max(free).min(ts);
                    self.till_free.insert(till, ts);
                    self.slice(TILLS, till, &order_name(order), start, ts)
                        .object("args")
                        .u64("order", order)
                        .str("items", &items)
                        .u64("partition", u64::from(partition))
                        .u64("offset", offset);
                    self.emit();
                    self.flow("s", order, TILLS, till, start);
                }
            }
            TraceEvent::Started {
                order, preparer, ..
            } => {
                let Some(j) = self.journeys.get_mut(&order) else {
                    return;
                };
                let (topic, partition, offset, since) = (j.topic, j.partition, j.offset, j.since);
                j.since = ts;
                j.stage = Stage::Preparer(preparer);
                j.inner = None;
                if topic == "ready" {
                    j.from = "cook";
                }
                self.in_hand.insert(preparer, order);
                self.wait(order, topic, partition, offset, since, ts);
            }
            TraceEvent::Making { order, from, .. } => {
                if let Some(j) = self.journeys.get_mut(&order) {
                    j.inner = Some((ts, "make up"));
                    j.from = match from {
                        MadeFrom::Counter => "counter",
                        MadeFrom::Cabinet => "cabinet",
                        MadeFrom::Cook => "cook",
                    };
                }
            }
            TraceEvent::Made {
                order,
                preparer,
                duplicate,
            } => {
                if !duplicate {
                    if self.journeys.contains_key(&order) {
                        self.close_preparer(preparer, order, ts, "ready", true);
                    }
                } else if inside {
                    self.instant(PREPARERS, preparer, "duplicate", ts)
                        .u64("order", order);
                    self.emit();
                }
            }
            TraceEvent::ToCook {
                order,
                preparer,
                reason,
            } => {
                let how = match reason {
                    ToCook::Plaice => "to the cook (plaice)",
                    ToCook::Short => "to the cook (cabinet short)",
                };
                self.close_preparer(preparer, order, ts, how, false);
            }
            TraceEvent::DuplicateSkipped { order, preparer } => {
                if self.journeys.contains_key(&order) {
                    self.close_preparer(preparer, order, ts, "duplicate (skipped)", false);
                } else if inside {
                    self.instant(PREPARERS, preparer, "duplicate skipped", ts)
                        .u64("order", order);
                    self.emit();
                }
            }
            TraceEvent::CookStart { order } => {
                let Some(j) = self.journeys.get_mut(&order) else {
                    return;
                };
                let (partition, offset, since) = (j.partition, j.offset, j.since);
                let basket = free_basket(&mut self.baskets, Basket::Order(order));
                j.since = ts;
                j.stage = Stage::Basket(basket);
                j.inner = None;
                self.wait(order, "cook", partition, offset, since, ts);
            }
            TraceEvent::FryStart { order } => {
                if let Some(j) = self.journeys.get_mut(&order) {
                    j.inner = Some((ts, "fry"));
                }
            }
            TraceEvent::Cooked { order } => {
                let Some(j) = self.journeys.get_mut(&order) else {
                    return;
                };
                let Stage::Basket(basket) = j.stage else {
                    return;
                };
                let (from, inner) = (j.since, j.inner.take());
                j.since = ts;
                j.stage = Stage::Waiting;
                self.baskets[basket as usize - 1] = None;
                let how = if inner.is_some() {
                    "fried"
                } else {
                    "plated from the cabinet"
                };
                self.slice(COOK, basket, &order_name(order), from, ts)
                    .object("args")
                    .u64("order", order)
                    .str("outcome", how);
                self.emit();
                if let Some((start, what)) = inner {
                    self.slice(COOK, basket, what, start, ts);
                    self.emit();
                }
                self.flow("t", order, COOK, basket, from);
            }
            TraceEvent::TopUpStart { batch } if inside => {
                let batch = [batch.cod, batch.chips, batch.plaice];
                free_basket(&mut self.baskets, Basket::TopUp { since: ts, batch });
            }
            TraceEvent::ToppedUp { batch } => {
                let batch = [batch.cod, batch.chips, batch.plaice];
                let found = self
                    .baskets
                    .iter()
                    .position(|b| matches!(b, Some(Basket::TopUp { batch: x, .. }) if *x == batch));
                if let Some(k) = found {
                    if let Some(Basket::TopUp { since, .. }) = self.baskets[k].take() {
                        self.slice(COOK, k as u32 + 1, "top up", since, ts)
                            .object("args")
                            .u64("cod", u64::from(batch[0]))
                            .u64("chips", u64::from(batch[1]))
                            .u64("plaice", u64::from(batch[2]));
                        self.emit();
                    }
                }
            }
            TraceEvent::Crash { preparer } => {
                if let Some(order) = self.in_hand.get(&preparer).copied() {
                    self.close_preparer(preparer, order, ts, "lost in a crash", false);
                }
                if inside {
                    self.instant(PREPARERS, preparer, "crash", ts);
                    self.emit();
                }
            }
            TraceEvent::Restart { preparer } if inside => {
                self.instant(PREPARERS, preparer, "restart", ts);
                self.emit();
            }
            TraceEvent::Stall { preparer, until } if inside => {
                self.instant(PREPARERS, preparer, "stall", ts)
                    .micros("until", until);
                self.emit();
            }
            TraceEvent::Resume { preparer } if inside => {
                self.instant(PREPARERS, preparer, "resume", ts);
                self.emit();
            }
            TraceEvent::Leave { preparer } if inside => {
                self.instant(PREPARERS, preparer, "leaves the group", ts);
                self.emit();
            }
            TraceEvent::PreparerAdded { preparer } if inside => {
                self.instant(PREPARERS, preparer, "added by scaling", ts);
                self.emit();
            }
            TraceEvent::PreparerRemoved { preparer } if inside => {
                self.instant(PREPARERS, preparer, "removed by scaling", ts);
                self.emit();
            }
            TraceEvent::WatchAbort { order, preparer } if inside => {
                self.instant(PREPARERS, preparer, "WATCH abort", ts)
                    .u64("order", order);
                self.emit();
            }
            TraceEvent::Oversold { order, preparer } if inside => {
                self.instant(PREPARERS, preparer, "oversold", ts)
                    .u64("order", order);
                self.emit();
            }
            TraceEvent::RebalanceStart { group, generation }
            | TraceEvent::RebalanceEnd { group, generation }
                if inside =>
            {
                let tid = self.group_track(group);
                let name = if matches!(event, TraceEvent::RebalanceStart { .. }) {
                    "rebalance start"
                } else {
                    "rebalance end"
                };
                self.instant(KAFKA, tid, name, ts)
                    .u64("generation", u64::from(generation));
                self.emit();
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
            } if inside => {
                let tid = self.group_track(group);
                let name = if matches!(event, TraceEvent::Assigned { .. }) {
                    "assigned"
                } else {
                    "revoked (paused)"
                };
                let line = self.instant(KAFKA, tid, name, ts);
                member.write(line, "member");
                line.array("partitions");
                for p in partitions {
                    line.value_str(p);
                }
                self.emit();
            }
            TraceEvent::MemberRemoved {
                group,
                member,
                reason,
            } if inside => {
                let tid = self.group_track(group);
                let line = self.instant(KAFKA, tid, "member removed", ts);
                member.write(line, "member");
                line.str("reason", reason);
                self.emit();
            }
            TraceEvent::Lag { partition, lag } if inside => {
                let mut name = String::from("lag orders-");
                name.push_str(itoa::Buffer::new().format(partition));
                self.counter(KAFKA, &name, "lag", lag as i64, ts);
            }
            TraceEvent::Stock { item, portions } if inside => {
                let mut name = String::from("stock ");
                name.push_str(item);
                self.counter(REDIS, &name, "portions", portions, ts);
            }
            TraceEvent::PreparersActive { count } if inside => {
                self.counter(PREPARERS, "preparers active", "count", i64::from(count), ts);
            }
            _ => {}
        }
    }
}

/// `order 42`.
fn order_name(order: u64) -> String {
    let mut name = String::with_capacity(16);
    name.push_str("order ");
    name.push_str(itoa::Buffer::new().format(order));
    name
}

/// Puts `what` into the lowest free basket (a new one if all are busy); returns its number.
fn free_basket(baskets: &mut Vec<Option<Basket>>, what: Basket) -> u32 {
    let k = match baskets.iter().position(Option::is_none) {
        Some(k) => k,
        None => {
            baskets.push(None);
            baskets.len() - 1
        }
    };
    baskets[k] = Some(what);
    k as u32 + 1
}
