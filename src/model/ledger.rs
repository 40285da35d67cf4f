//! The shop's books: each order's times from till to counter, and the statistics over them.
//!
//! Orders in flight are kept; finished ones are handed to the run's [`RunOutputs`] (the
//! orders.csv writer) and forgotten, so memory follows the orders in flight, not the run.

use super::order::Order;
use super::outputs::RunOutputs;
use crate::engine::{InFlight, InFlightValues, Quantiles, SimTime, Tally};

/// Everything that happened to one order.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderRecord {
    /// The order.
    pub order: Order,
    /// When the till took it.
    pub placed: SimTime,
    /// When a preparer started on it.
    pub started: Option<SimTime>,
    /// When the cook last started frying for it.
    pub fry_start: Option<SimTime>,
    /// When the cook sent it back (after frying, or plated from the cabinet).
    pub cooked: Option<SimTime>,
    /// When the preparer who made it up started making it (after any frying).
    pub make_start: Option<SimTime>,
    /// When it was ready at the counter.
    pub ready: Option<SimTime>,
    /// When the customer took it.
    pub collected: Option<SimTime>,
    /// The preparer who made it up (from 1), or, until one does, the one who first read it.
    pub preparer: Option<u32>,
    /// The `orders` partition it went to.
    pub partition: Option<u32>,
    /// For a web order: when the customer reaches the counter (`None`: in person, or a no-show).
    pub arrives: Option<SimTime>,
    /// A web customer who never comes.
    pub no_show: bool,
    /// Its offset there.
    pub offset: Option<u64>,
}

/// The books: orders in flight and statistics of finished ones.
#[derive(Debug, Default)]
pub struct Ledger {
    in_flight: InFlight<OrderRecord>,
    placed: u64,
    completed: u64,
    revenue_pence: u64,
    wait: Tally,
    wait_q: Quantiles,
    latency: Tally,
    latency_q: Quantiles,
    times_backwards: u64,
    no_shows: u64,
    wasted_pence: u64,
}

impl Ledger {
    /// Empty books.
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// A till took `order` at `now`.
    pub fn placed(&mut self, order: Order, now: SimTime) {
        self.placed += 1;
        self.revenue_pence += order.price_pence();
        self.in_flight.insert(
            order.id,
            OrderRecord {
                order,
                placed: now,
                started: None,
                fry_start: None,
                cooked: None,
                make_start: None,
                ready: None,
                collected: None,
                preparer: None,
                partition: None,
                offset: None,
                arrives: None,
                no_show: false,
            },
        );
    }

    /// The order came from the web: the customer arrives at `arrives`, or never.
    pub fn web(&mut self, id: u64, arrives: Option<SimTime>) {
        if let Some(r) = self.in_flight.get_mut(id) {
            r.arrives = arrives;
            r.no_show = arrives.is_none();
        }
    }

    /// The record of an order in flight.
    pub fn get_mut(&mut self, id: u64) -> Option<&mut OrderRecord> {
        self.in_flight.get_mut(id)
    }

    /// The order was written to the `orders` log at (partition, offset).
    pub fn logged(&mut self, id: u64, partition: u32, offset: u64) {
        if let Some(r) = self.in_flight.get_mut(id) {
            r.partition = Some(partition);
            r.offset = Some(offset);
        }
    }

    /// A preparer started on it; only the first start counts (a redelivery is a duplicate).
    pub fn started(&mut self, id: u64, preparer: u32, now: SimTime) {
        if let Some(r) = self.in_flight.get_mut(id) {
            if r.started.is_none() {
                r.started = Some(now);
                r.preparer = Some(preparer);
                let wait = now.saturating_since(r.placed);
                self.wait.record(wait.as_secs_f64());
                self.wait_q.record(wait);
            }
        }
    }

    /// The cook started frying for it (again, if it was sent back).
    pub fn frying(&mut self, id: u64, now: SimTime) {
        if let Some(r) = self.in_flight.get_mut(id) {
            r.fry_start = Some(now);
        }
    }

    /// `preparer` started making it up.
    pub fn making(&mut self, id: u64, preparer: u32, now: SimTime) {
        if let Some(r) = self.in_flight.get_mut(id) {
            r.make_start = Some(now);
            r.preparer = Some(preparer);
        }
    }

    /// The cook sent it back.
    pub fn cooked(&mut self, id: u64, now: SimTime) {
        if let Some(r) = self.in_flight.get_mut(id) {
            r.cooked = Some(now);
        }
    }

    /// It is ready at the counter: collected at once in person, when the customer arrives for
    /// the web, never by a no-show (its food is wasted). The record goes to `sink`.
    /// Returns false if the order was not in flight (already finished: a duplicate).
    pub fn ready(&mut self, id: u64, now: SimTime, sink: &mut impl RunOutputs) -> bool {
        // Finished where it lies: moving the record out would copy it for nothing.
        let Some(r) = self.in_flight.get_mut(id) else {
            return false;
        };
        r.ready = Some(now);
        r.collected = if r.no_show {
            self.no_shows += 1;
            self.wasted_pence += r.order.price_pence();
            None
        } else {
            Some(r.arrives.map_or(now, |a| a.max(now)))
        };
        let times = [Some(r.placed), r.started, r.cooked, r.ready, r.collected];
        let mut last = r.placed;
        for t in times.into_iter().flatten() {
            if t < last {
                self.times_backwards += 1;
            }
            last = last.max(t);
        }
        let latency = now.saturating_since(r.placed);
        self.latency.record(latency.as_secs_f64());
        self.latency_q.record(latency);
        self.completed += 1;
        sink.order_finished(r);
        self.in_flight.discard(id);
        true
    }

    /// `preparer` made `order` again (from `start` to `now`) after it was ready: a duplicate.
    /// Its row goes to `sink`, with the placed time, partition and offset of the record it was
    /// read from (which the order carries: see [`Order::logged`]).
    pub fn duplicate(
        &self,
        order: Order,
        preparer: u32,
        start: SimTime,
        now: SimTime,
        sink: &mut impl RunOutputs,
    ) {
        let (placed, partition, offset) = order.logged().map_or((start, None, None), |l| {
            (l.placed, Some(l.partition), Some(l.offset))
        });
        sink.order_duplicated(&OrderRecord {
            order,
            placed,
            started: Some(start),
            fry_start: None,
            cooked: None,
            make_start: Some(start),
            ready: Some(now),
            collected: None,
            preparer: Some(preparer),
            partition,
            arrives: None,
            no_show: false,
            offset,
        });
    }

    /// Orders in flight, in id order.
    pub fn in_flight(&self) -> InFlightValues<'_, OrderRecord> {
        self.in_flight.values()
    }

    /// Hands every order still in flight to `sink`, in id order (end of run).
    pub fn flush_in_flight(&self, sink: &mut impl RunOutputs) {
        for r in self.in_flight.values() {
            sink.order_finished(r);
        }
    }

    /// Orders placed.
    pub fn placed_count(&self) -> u64 {
        self.placed
    }
    /// Orders ready.
    pub fn completed_count(&self) -> u64 {
        self.completed
    }
    /// Orders still in flight.
    pub fn in_flight_count(&self) -> u64 {
        self.in_flight.len() as u64
    }
    /// Revenue of all orders placed, in pence.
    pub fn revenue_pence(&self) -> u64 {
        self.revenue_pence
    }
    /// Waits (placed -> started), in seconds.
    pub fn wait(&self) -> (&Tally, &Quantiles) {
        (&self.wait, &self.wait_q)
    }
    /// Latencies (placed -> ready), in seconds.
    pub fn latency(&self) -> (&Tally, &Quantiles) {
        (&self.latency, &self.latency_q)
    }
    /// Web orders never collected.
    pub fn no_shows(&self) -> u64 {
        self.no_shows
    }
    /// Price of the food no-shows left behind, in pence.
    pub fn wasted_pence(&self) -> u64 {
        self.wasted_pence
    }
    /// Orders whose times went backwards (must be zero).
    pub fn times_backwards(&self) -> u64 {
        self.times_backwards
    }
}
