//! A read-only look at the shop as it is now, as plain data: what a screen shows (lag and
//! owner per partition, the preparers, the rebalance, the cabinet, the counts).
//!
//! Looking changes nothing: every method here takes `&self`, so whatever draws the shop cannot
//! change what is simulated.

use super::ledger::OrderRecord;
use super::outputs::RunOutputs;
use super::preparer::{Doing, Spending};
use super::shop::Shop;
use crate::engine::SimTime;
use crate::kafka_model::TopicPartition;

/// One partition of `orders` as the preparers' group sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionView {
    /// The partition number.
    pub partition: u32,
    /// Records written and not yet committed by the preparers' group.
    pub lag: u64,
    /// The log end offset (records written so far).
    pub log_end: u64,
    /// The preparer (from 1) that owns it now, if any.
    pub owner: Option<u32>,
}

/// What a preparer is up to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreparerState {
    /// Making an order up.
    Busy,
    /// In the group but owning nothing while it rebalances.
    Paused,
    /// In the group and free, or waiting on Kafka or Redis.
    Idle,
    /// Crashed, not yet back.
    Crashed,
    /// Left the group (scaled down).
    Left,
}

/// One preparer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparerView {
    /// Its number, from 1.
    pub id: u32,
    /// What it is up to.
    pub state: PreparerState,
    /// Orders it has made up.
    pub made: u64,
    /// The `orders` partitions it owns.
    pub partitions: Vec<u32>,
    /// Records it has polled and not yet handled.
    pub inbox: usize,
    /// The order it is making up, if any.
    pub making: Option<u64>,
}

/// The shop at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct ShopView {
    /// The simulated time.
    pub now: SimTime,
    /// Whether the tills still take orders (false: closed, draining).
    pub open: bool,
    /// Tills (the web's included, numbered last).
    pub tills: u32,
    /// Whether the web's till is the last one.
    pub web: bool,
    /// Whether there is a cook.
    pub cook: bool,
    /// `orders`, partition by partition.
    pub partitions: Vec<PartitionView>,
    /// Every preparer that ever joined, by number.
    pub preparers: Vec<PreparerView>,
    /// The preparers' group generation (classic) or epoch (consumer protocol).
    pub generation: u32,
    /// Whether the preparers' group is rebalancing now.
    pub rebalancing: bool,
    /// Rebalances of the preparers' group completed so far.
    pub rebalances: u64,
    /// Cabinet stock (cod, chips, plaice), where there is a cabinet; it can go below zero.
    pub cabinet: Option<[i64; 3]>,
    /// Orders the cook is frying for or plating.
    pub cook_busy: u32,
    /// Orders placed.
    pub placed: u64,
    /// Orders ready.
    pub ready: u64,
    /// Orders in flight.
    pub in_flight: u64,
    /// Orders oversold (a check-then-take cabinet driven below zero).
    pub oversold: u64,
    /// Records handed again after a crash.
    pub duplicates: u64,
    /// The accountant's takings so far in pence, where it is on.
    pub takings_pence: Option<u64>,
    /// The analyst's counts (till messages, cook messages), where it is on.
    pub analyst: Option<(u64, u64)>,
}

impl<'a, O: RunOutputs> Shop<'a, O> {
    /// The shop as it is at `now` (the simulation's clock).
    pub fn view(&self, now: SimTime) -> ShopView {
        let partitions = (0..self.scenario.kafka.orders_partitions)
            .map(|partition| {
                let tp = TopicPartition {
                    topic: self.orders_topic,
                    partition,
                };
                PartitionView {
                    partition,
                    lag: self.kafka.partition_lag(self.preparers_group, tp),
                    log_end: self.kafka.log_end_offset(tp).unwrap_or(0),
                    owner: self
                        .preparers
                        .iter()
                        .find(|p| p.active() && self.kafka.position(p.consumer, tp).is_some())
                        .map(|p| p.id),
                }
            })
            .collect();
        let preparers = self
            .preparers
            .iter()
            .enumerate()
            .map(|(i, p)| PreparerView {
                id: p.id,
                state: match (p.crashed, p.left, self.spending(i)) {
                    (true, _, _) => PreparerState::Crashed,
                    (_, true, _) => PreparerState::Left,
                    (_, _, Spending::Busy) => PreparerState::Busy,
                    (_, _, Spending::Paused) => PreparerState::Paused,
                    _ => PreparerState::Idle,
                },
                made: p.made,
                partitions: if p.active() {
                    self.kafka
                        .assignment(p.consumer)
                        .iter()
                        .filter(|tp| tp.topic == self.orders_topic)
                        .map(|tp| tp.partition)
                        .collect()
                } else {
                    Vec::new()
                },
                inbox: p.inbox.len(),
                making: match p.doing {
                    Doing::Making(order, _) => Some(order.id),
                    _ => None,
                },
            })
            .collect();
        let group = self.preparers_group;
        ShopView {
            now,
            open: self.open,
            tills: self.scenario.tills.count + u32::from(self.scenario.web.enabled),
            web: self.scenario.web.enabled,
            cook: self.cook.is_some(),
            partitions,
            preparers,
            generation: self.kafka.generation(group),
            rebalancing: self.kafka.is_rebalancing(group),
            rebalances: self
                .kafka
                .rebalances()
                .iter()
                .filter(|r| r.group == group)
                .count() as u64,
            cabinet: self.cabinet.map(|keys| {
                [keys.cod, keys.chips, keys.plaice].map(|k| self.redis.store().int(k).unwrap_or(0))
            }),
            cook_busy: self.cook.as_ref().map_or(0, |c| c.frying),
            placed: self.ledger.placed_count(),
            ready: self.ledger.completed_count(),
            in_flight: self.ledger.in_flight_count(),
            oversold: self.counters.oversold,
            duplicates: self.counters.duplicates,
            takings_pence: self
                .scenario
                .accountant
                .enabled
                .then_some(self.counters.accountant_pence),
            analyst: self
                .scenario
                .analyst
                .enabled
                .then_some((self.counters.till_messages, self.counters.cook_messages)),
        }
    }

    /// Orders in flight, by id.
    pub fn orders_in_flight(
        &self,
    ) -> impl DoubleEndedIterator<Item = &OrderRecord> + ExactSizeIterator {
        self.ledger.in_flight()
    }

    /// The scenario the shop was built from.
    pub fn scenario(&self) -> &crate::scenario::Scenario {
        &self.scenario
    }

    /// Where the shop's records go (whoever watches the run reads them there).
    pub fn outputs(&self) -> &O {
        self.out
    }
}
