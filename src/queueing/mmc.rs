//! An M/M/c queue as a model on the engine: Poisson arrivals, exponential service, c servers, FIFO.

use std::collections::VecDeque;

use rand_distr::{Distribution as _, Exp};
use serde::Serialize;

use crate::engine::{Context, Model, SimDuration, SimRng, SimTime, Simulation};

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
    served: u64,
    /// Total wait in queue, in nanoseconds: an integer sum is exact and cheaper than a
    /// running mean, which costs a division per customer.
    total_wait_nanos: u128,
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
            served: 0,
            total_wait_nanos: 0,
        }
    }

    fn draw(exp: &Exp<f64>, rng: &mut SimRng) -> SimDuration {
        SimDuration::from_secs_f64(exp.sample(rng))
    }

    fn start_service(&mut self, cx: &mut Context<MmcEvent>) {
        let service = Self::draw(&self.service, &mut self.service_rng);
        cx.schedule_after(service, MmcEvent::Departure);
    }

    /// Customers who have started service.
    pub fn served(&self) -> u64 {
        self.served
    }

    /// Mean wait in queue of customers who have started service, in seconds.
    pub fn mean_wait_secs(&self) -> f64 {
        if self.served == 0 {
            return 0.0;
        }
        (self.total_wait_nanos as f64 / self.served as f64) / 1e9
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
                    self.served += 1;
                    self.start_service(cx);
                } else {
                    self.waiting.push_back(cx.now());
                }
            }
            MmcEvent::Departure => match self.waiting.pop_front() {
                Some(arrived) => {
                    self.served += 1;
                    self.total_wait_nanos += u128::from((cx.now() - arrived).as_nanos());
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
        customers: sim.model().served(),
        events: sim.events_handled(),
        wq: sim.model().mean_wait_secs(),
        sim_end_s: sim.now().as_secs_f64(),
    }
}
