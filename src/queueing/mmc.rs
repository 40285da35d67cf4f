//! An M/M/c queue as a model on the engine: Poisson arrivals, exponential service, c servers, FIFO.

use std::collections::VecDeque;

use rand_distr::{Distribution as _, Exp};
use serde::Serialize;

use crate::engine::{Context, Model, SimDuration, SimRng, SimTime, Simulation, Tally};

/// The parameters of an M/M/c run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MmcConfig {
    /// Number of servers, c.
    pub servers: u32,
    /// Arrival rate, per second.
    pub lambda: f64,
    /// Service rate of one server, per second.
    pub mu: f64,
    /// Customers to generate.
    pub customers: u64,
}

/// The two things that happen in an M/M/c queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MmcEvent {
    /// A customer arrives.
    Arrival,
    /// A server finishes a customer.
    Departure,
}

/// The queue's state and its statistics.
pub struct MmcModel {
    config: MmcConfig,
    interarrival: Exp<f64>,
    service: Exp<f64>,
    arrivals_rng: SimRng,
    service_rng: SimRng,
    waiting: VecDeque<SimTime>,
    busy: u32,
    arrived: u64,
    wait: Tally,
}

/// The result of an M/M/c run, printed by `examples/mmc.rs`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MmcReport {
    /// Customers served.
    pub customers: u64,
    /// Events handled.
    pub events: u64,
    /// Mean wait in queue, in seconds.
    pub wq: f64,
    /// When the last customer left, in seconds.
    pub sim_end_s: f64,
}

impl MmcModel {
    /// A queue with `config`, drawing arrivals and services from their own streams of `seeds`.
    ///
    /// Panics if a rate is not positive and finite.
    pub fn new(config: MmcConfig, seeds: &crate::engine::RngStreams) -> Self {
        MmcModel {
            config,
            interarrival: Exp::new(config.lambda).expect("lambda must be positive"),
            service: Exp::new(config.mu).expect("mu must be positive"),
            arrivals_rng: seeds.stream("arrivals"),
            service_rng: seeds.stream("service"),
            waiting: VecDeque::new(),
            busy: 0,
            arrived: 0,
            wait: Tally::new(),
        }
    }

    fn draw(exp: &Exp<f64>, rng: &mut SimRng) -> SimDuration {
        SimDuration::from_secs_f64(exp.sample(rng))
    }

    fn start_service(&mut self, cx: &mut Context<MmcEvent>) {
        let service = Self::draw(&self.service, &mut self.service_rng);
        cx.schedule_after(service, MmcEvent::Departure);
    }

    /// The statistics of customers who have started service.
    pub fn wait(&self) -> &Tally {
        &self.wait
    }
}

impl Model for MmcModel {
    type Event = MmcEvent;

    #[inline]
    fn handle(&mut self, event: MmcEvent, cx: &mut Context<MmcEvent>) {
        match event {
            MmcEvent::Arrival => {
                self.arrived += 1;
                if self.arrived < self.config.customers {
                    let gap = Self::draw(&self.interarrival, &mut self.arrivals_rng);
                    cx.schedule_after(gap, MmcEvent::Arrival);
                }
                if self.busy < self.config.servers {
                    self.busy += 1;
                    self.wait.record(0.0);
                    self.start_service(cx);
                } else {
                    self.waiting.push_back(cx.now());
                }
            }
            MmcEvent::Departure => match self.waiting.pop_front() {
                Some(arrived) => {
                    self.wait.record((cx.now() - arrived).as_secs_f64());
                    self.start_service(cx);
                }
                None => self.busy -= 1,
            },
        }
    }
}

/// Runs an M/M/c queue until every customer has left.
pub fn run_mmc(config: MmcConfig, seed: u64) -> MmcReport {
    let seeds = crate::engine::RngStreams::new(seed);
    let mut sim = Simulation::new(MmcModel::new(config, &seeds), seed);
    if config.customers > 0 {
        sim.invoke(|_, cx| cx.schedule_now(MmcEvent::Arrival));
    }
    sim.run();
    MmcReport {
        customers: sim.model().wait.count(),
        events: sim.events_handled(),
        wq: sim.model().wait.mean(),
        sim_end_s: sim.now().as_secs_f64(),
    }
}
