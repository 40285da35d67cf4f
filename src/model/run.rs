//! Running the shop: build it from a scenario, run it until it drains, report what happened.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::outputs::RunOutputs;
use super::report::{AnalyticsReport, KafkaReport, PreparerReport, RedisReport, ShopReport};
use super::shop::{Shop, ShopEvent};
use crate::engine::{JsonlSink, RngStreams, RunOutcome, SimDuration, SimTime, Simulation};

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum ShopError {
    /// The books don't balance: the model broke an invariant.
    #[error("the books don't balance: {0}")]
    Books(String),
    /// Writing the trace failed.
    #[error("writing the trace failed: {0}")]
    Trace(#[from] crate::engine::EngineError),
    /// The interrupt flag was set before the run finished: its outputs are incomplete.
    #[error("interrupted before the run finished")]
    Interrupted,
}

/// Runs `scenario` until every order is done (or a long drain limit), streaming what it
/// records to `out` and, if given, the event trace as JSON lines to `trace`.
pub fn run_shop<O: RunOutputs, W: Write>(
    scenario: &crate::scenario::Scenario,
    out: &mut O,
    trace: Option<W>,
) -> Result<(ShopReport, Option<W>), ShopError> {
    run_shop_interruptible(scenario, out, trace, None)
}

/// [`run_shop`], stopping with [`ShopError::Interrupted`] soon after `interrupt` is set (by a
/// Ctrl-C handler, say): what was streamed to `out` and `trace` is then incomplete.
pub fn run_shop_interruptible<O: RunOutputs, W: Write>(
    scenario: &crate::scenario::Scenario,
    out: &mut O,
    trace: Option<W>,
    interrupt: Option<&Arc<AtomicBool>>,
) -> Result<(ShopReport, Option<W>), ShopError> {
    let mut run = ShopRun::new(scenario, out);
    if let Some(flag) = interrupt {
        run.sim.interrupt_on(flag.clone());
    }
    let limit = run.limit;
    let (outcome, trace) = match trace {
        None => (run.sim.run_until(limit), None),
        Some(w) => {
            let mut sink = JsonlSink::new(w);
            let outcome = run.sim.run_until_traced(limit, &mut sink);
            (outcome, Some(sink.finish()?))
        }
    };
    if outcome == RunOutcome::Interrupted {
        return Err(ShopError::Interrupted);
    }
    Ok((run.finish()?, trace))
}

/// A shop on the engine, opened at time zero, that its owner steps: [`run_shop`] runs it to
/// the end at once, `chipshop play` steps it to the wall clock. Both go through this one type,
/// so a shown run simulates exactly what a run does: stepping in pieces runs the same events
/// in the same order as one call.
pub struct ShopRun<'a, O: RunOutputs> {
    sim: Simulation<Shop<'a, O>>,
    /// After closing, the shop drains; a backlog that never clears is cut off here.
    limit: SimTime,
    over: bool,
}

impl<'a, O: RunOutputs> ShopRun<'a, O> {
    /// The shop of `scenario`, about to open; what it records goes to `out`.
    pub fn new(scenario: &crate::scenario::Scenario, out: &'a mut O) -> Self {
        let seed = scenario.shop.seed;
        let seeds = RngStreams::new(seed);
        let shop = Shop::new(scenario, &seeds, out);
        let mut sim = Simulation::new(shop, seed);
        sim.invoke(|_, cx| cx.schedule_now(ShopEvent::Open));
        // After closing, the shop drains; a backlog that never clears is cut off after ten
        // times the opening hours (at least an hour) so that a run always ends.
        let open = scenario.shop.open_for;
        let drain = open
            .checked_mul(10)
            .unwrap_or(open)
            .max(SimDuration::from_secs(3600));
        let limit = (SimTime::ZERO + open)
            .checked_add(drain)
            .unwrap_or(SimTime::MAX);
        ShopRun {
            sim,
            limit,
            over: false,
        }
    }

    /// Runs every event up to `until` (no further than the drain limit); `true` once the run
    /// is over (drained, cut off or out of events): stepping further does nothing.
    pub fn run_until(&mut self, until: SimTime) -> bool {
        if !self.over {
            self.sim.run_until(until.min(self.limit));
            self.update_over();
        }
        self.over
    }

    /// Runs the next event alone (unless the run is over); returns its time.
    pub fn step(&mut self) -> Option<SimTime> {
        if self.over {
            return None;
        }
        let at = self.sim.step();
        self.update_over();
        at
    }

    fn update_over(&mut self) {
        self.over = self.sim.model().drained()
            || self.sim.now() >= self.limit
            || self
                .sim
                .next_event_time()
                .is_none_or(|next| next > self.limit);
    }

    /// Whether the run is over: drained, at the drain limit, or out of events.
    pub fn is_over(&self) -> bool {
        self.over
    }

    /// The simulated time.
    pub fn now(&self) -> SimTime {
        self.sim.now()
    }

    /// When the next event is due, if any.
    pub fn next_event_time(&mut self) -> Option<SimTime> {
        self.sim.next_event_time()
    }

    /// Events handled so far.
    pub fn events_handled(&self) -> u64 {
        self.sim.events_handled()
    }

    /// The shop, to look at (never to change: what is simulated must not depend on it).
    pub fn shop(&self) -> &Shop<'a, O> {
        self.sim.model()
    }

    /// Schedules `event` at `at` (not before now), as a scenario's `[[faults]]` would.
    pub fn schedule(&mut self, at: SimTime, event: ShopEvent) -> Result<(), ShopError> {
        self.sim.invoke(|_, cx| cx.schedule_at(at, event))?;
        Ok(())
    }

    /// Ends the run: orders still in flight get their row, the books are checked, and the
    /// report is made.
    pub fn finish(self) -> Result<ShopReport, ShopError> {
        let end = self.sim.now();
        let events = self.sim.events_handled();
        let shop = self.sim.into_model();
        // Orders cut off by the drain limit still get their row.
        shop.ledger.flush_in_flight(shop.out);
        shop.check_books()?;
        Ok(shop.report(events, end))
    }
}

impl<O: RunOutputs> Shop<'_, O> {
    /// Fails loudly if the books don't balance.
    fn check_books(&self) -> Result<(), ShopError> {
        let l = &self.ledger;
        if l.placed_count() != l.completed_count() + l.in_flight_count() {
            return Err(ShopError::Books(format!(
                "{} orders placed but {} completed and {} in flight",
                l.placed_count(),
                l.completed_count(),
                l.in_flight_count()
            )));
        }
        if l.times_backwards() > 0 {
            return Err(ShopError::Books(format!(
                "{} orders have times that go backwards",
                l.times_backwards()
            )));
        }
        if self.scenario.cabinet.enabled
            && self.scenario.cabinet.take != crate::scenario::TakeMode::CheckThenTake
            && self.counters.oversold > 0
        {
            return Err(ShopError::Books(format!(
                "{} orders oversold although the cabinet is taken atomically",
                self.counters.oversold
            )));
        }
        if l.in_flight_count() == 0 {
            if let Some((group, delivered, produced)) = self.unread_by_services() {
                return Err(ShopError::Books(format!(
                    "group {} read {delivered} of {produced} records",
                    self.kafka.group_name(group).unwrap_or("?")
                )));
            }
        }

        Ok(())
    }

    /// The report of a finished run.
    fn report(&self, events: u64, end: SimTime) -> ShopReport {
        let (mut orders, wait_s, latency_s, throughput_per_min) =
            ShopReport::orders_from(&self.ledger, end);
        orders.duplicates = self.counters.duplicates;
        orders.duplicates_avoided = self.counters.duplicates_avoided;
        let preparers = self
            .preparers
            .iter()
            .map(|p| {
                let [busy, paused, idle, away] = p.time.fractions(end);
                PreparerReport {
                    id: p.id,
                    orders: p.made,
                    busy_fraction: busy,
                    paused_fraction: paused,
                    paused_s: p.time.seconds(end)[1],
                    idle_fraction: idle,
                    away_fraction: away,
                    partitions: self
                        .kafka
                        .assignment(p.consumer)
                        .iter()
                        .filter_map(|tp| {
                            let topic = self.kafka.topic(tp.topic)?;
                            Some(format!("{}-{}", topic.name(), tp.partition))
                        })
                        .collect(),
                }
            })
            .collect();
        let rebalances = self
            .kafka
            .rebalances()
            .iter()
            .filter(|r| r.group == self.preparers_group)
            .count() as u64;
        let stats = self.redis.stats();
        ShopReport {
            scenario: self.scenario.shop.name.clone(),
            seed: self.scenario.shop.seed,
            overrides: self.scenario.shop.overrides.clone(),
            events,
            sim_end_s: end.as_secs_f64(),
            orders,
            wait_s,
            latency_s,
            throughput_per_min,
            preparers,
            kafka: KafkaReport {
                protocol: self.scenario.kafka.group_protocol.name(),
                assignor: self.scenario.kafka.assignor().name(),
                static_members: self.scenario.preparers.static_members,
                removals: self.kafka.removals(self.preparers_group),
                unreleased_instance_id: self.counters.unreleased_instance_id,
                rebalances,
                max_lag: self.kafka.max_lag(self.preparers_group),
                records: self.kafka.total_records_produced(),
                redeliveries: self.kafka.redeliveries(self.preparers_group),
            },
            redis: RedisReport {
                commands: stats.commands,
                oversold: self.counters.oversold,
                watch_aborts: stats.exec_watch_aborts,
                sent_to_cook: self.counters.sent_to_cook,
            },
            revenue_pence: self.ledger.revenue_pence(),
            wasted_pence: self.ledger.wasted_pence(),
            preparers_added: self.counters.preparers_added,
            preparers_removed: self.counters.preparers_removed,
            analytics: AnalyticsReport {
                accountant_revenue_pence: self.counters.accountant_pence,
                till_messages: self.counters.till_messages,
                cook_messages: self.counters.cook_messages,
                cook_ratio: if self.counters.till_messages == 0 {
                    0.0
                } else {
                    self.counters.cook_messages as f64 / self.counters.till_messages as f64
                },
            },
        }
    }
}
