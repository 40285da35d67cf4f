//! The run loop: a [`Model`] handles events, a [`Context`] lets it read the clock and schedule more.
//!
//! Ordering guarantee: events run in (time, insertion sequence) order. Two events at the same
//! time run in the order they were scheduled. Nothing else (addresses, hashes, threads) matters.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::error::EngineError;
use super::queue::{EventKey, EventQueue};
use super::rng::RngStreams;
use super::time::{SimDuration, SimTime};
use super::trace::{NullSink, TraceSink};

/// A simulated system: it owns its state and reacts to its events.
///
/// Layers compose by wrapping: a shop's event enum holds the Kafka model's events, and the
/// Kafka model's methods take a `Context<E>` with `E: From<KafkaEvent>`.
pub trait Model {
    /// The events this model reacts to.
    type Event;

    /// Reacts to one event at `cx.now()`, possibly scheduling others.
    fn handle(&mut self, event: Self::Event, cx: &mut Context<Self::Event>);
}

/// What a model sees while it handles an event: the clock, the event queue and the seeds.
pub struct Context<E> {
    now: SimTime,
    queue: EventQueue<E>,
    seeds: RngStreams,
    handled: u64,
    stop_requested: bool,
}

impl<E> Context<E> {
    fn new(seed: u64) -> Self {
        Context {
            now: SimTime::ZERO,
            queue: EventQueue::new(),
            seeds: RngStreams::new(seed),
            handled: 0,
            stop_requested: false,
        }
    }

    /// The current simulated time.
    #[inline]
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Schedules `event` at `at`; scheduling in the past is an error, never silently reordered.
    pub fn schedule_at(&mut self, at: SimTime, event: E) -> Result<EventKey, EngineError> {
        if at < self.now {
            return Err(EngineError::ScheduleInPast { now: self.now, at });
        }
        Ok(self.queue.push(at, event))
    }

    /// Schedules `event` after `delay` from now (saturating at the end of time).
    #[inline]
    pub fn schedule_after(&mut self, delay: SimDuration, event: E) -> EventKey {
        let at = self.now.checked_add(delay).unwrap_or(SimTime::MAX);
        self.queue.push(at, event)
    }

    /// Schedules `event` now, after everything already scheduled for now.
    #[inline]
    pub fn schedule_now(&mut self, event: E) -> EventKey {
        self.queue.push(self.now, event)
    }

    /// Cancels a pending event; `false` if it already ran or was cancelled.
    pub fn cancel(&mut self, key: EventKey) -> bool {
        self.queue.cancel(key)
    }

    /// Replaces a pending event by `event` at `at` (a timer pushed back, say); it then runs
    /// after events already scheduled for `at`. Returns the new key, or `Ok(None)` (scheduling
    /// nothing) if the old event already ran or was cancelled.
    pub fn reschedule(
        &mut self,
        key: EventKey,
        at: SimTime,
        event: E,
    ) -> Result<Option<EventKey>, EngineError> {
        if at < self.now {
            return Err(EngineError::ScheduleInPast { now: self.now, at });
        }
        Ok(self.queue.cancel(key).then(|| self.queue.push(at, event)))
    }

    /// Whether the event behind `key` has yet to run.
    pub fn is_pending(&self, key: EventKey) -> bool {
        self.queue.is_pending(key)
    }

    /// The run's seed source: each component takes its own named stream from it.
    pub fn seeds(&self) -> &RngStreams {
        &self.seeds
    }

    /// Asks the run loop to stop after this event.
    pub fn stop(&mut self) {
        self.stop_requested = true;
    }

    /// Events handled so far.
    pub fn events_handled(&self) -> u64 {
        self.handled
    }

    /// Events waiting to run.
    pub fn pending(&self) -> usize {
        self.queue.len()
    }
}

/// Why a run loop returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    /// No event is left.
    Exhausted,
    /// The time limit was reached; later events are still pending.
    ReachedTime,
    /// The model called [`Context::stop`].
    Stopped,
    /// The flag given to [`Simulation::interrupt_on`] was set (a Ctrl-C, say).
    Interrupted,
}

/// How many events run between two looks at the interrupt flag: often enough to stop within
/// a millisecond, rarely enough to cost nothing in the hot loop.
const INTERRUPT_EVERY: u64 = 4096;

/// A model, its clock and its event queue.
pub struct Simulation<M: Model> {
    model: M,
    cx: Context<M::Event>,
    interrupt: Option<Arc<AtomicBool>>,
}

impl<M: Model> Simulation<M> {
    /// A simulation of `model` at time zero, with every random stream derived from `seed`.
    pub fn new(model: M, seed: u64) -> Self {
        Simulation {
            model,
            cx: Context::new(seed),
            interrupt: None,
        }
    }

    /// Makes the run loops return [`RunOutcome::Interrupted`] soon after `flag` is set, from
    /// another thread or a signal handler. The engine knows nothing of signals: whoever owns
    /// the flag decides what sets it.
    pub fn interrupt_on(&mut self, flag: Arc<AtomicBool>) {
        self.interrupt = Some(flag);
    }

    fn interrupted(&self) -> bool {
        self.interrupt
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
    }

    /// Lets the caller act on the model with a context, e.g. to schedule the first events.
    pub fn invoke<R>(&mut self, f: impl FnOnce(&mut M, &mut Context<M::Event>) -> R) -> R {
        f(&mut self.model, &mut self.cx)
    }

    /// The model.
    pub fn model(&self) -> &M {
        &self.model
    }

    /// The model, mutably.
    pub fn model_mut(&mut self) -> &mut M {
        &mut self.model
    }

    /// Takes the model out, ending the simulation.
    pub fn into_model(self) -> M {
        self.model
    }

    /// The context (clock, queue, seeds).
    pub fn context(&self) -> &Context<M::Event> {
        &self.cx
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.cx.now
    }

    /// Events handled so far.
    pub fn events_handled(&self) -> u64 {
        self.cx.handled
    }

    /// When the next pending event is due (`None`: no event is left). Someone who steps the
    /// run can schedule an event of its own strictly between now and then, where it runs
    /// alone, first at its time, just as if it had been scheduled at the start.
    pub fn next_event_time(&mut self) -> Option<SimTime> {
        self.cx.queue.peek_time()
    }

    /// Runs the next event, if any; returns its time.
    pub fn step(&mut self) -> Option<SimTime> {
        let (time, event) = self.cx.queue.pop_due(SimTime::MAX)?;
        self.cx.now = time;
        self.cx.handled += 1;
        self.model.handle(event, &mut self.cx);
        Some(time)
    }

    /// Runs until no event is left or the model stops.
    pub fn run(&mut self) -> RunOutcome {
        self.run_until_traced(SimTime::MAX, &mut NullSink)
    }

    /// Runs every event at or before `until`, then sets the clock to `until` (if later).
    pub fn run_until(&mut self, until: SimTime) -> RunOutcome {
        self.run_until_traced(until, &mut NullSink)
    }

    /// Like [`run_until`](Self::run_until), showing each event to `sink` before it is handled.
    ///
    /// With [`NullSink`] this compiles to the untraced loop: tracing off costs nothing.
    #[inline]
    pub fn run_until_traced<S: TraceSink<M::Event>>(
        &mut self,
        until: SimTime,
        sink: &mut S,
    ) -> RunOutcome {
        self.cx.stop_requested = false;
        if self.interrupted() {
            return RunOutcome::Interrupted;
        }
        loop {
            let Some((time, event)) = self.cx.queue.pop_due(until) else {
                if self.cx.queue.peek_time().is_none() {
                    return RunOutcome::Exhausted;
                }
                self.cx.now = self.cx.now.max(until);
                return RunOutcome::ReachedTime;
            };
            self.cx.now = time;
            self.cx.handled += 1;
            sink.record(time, &event);
            self.model.handle(event, &mut self.cx);
            if self.cx.stop_requested {
                return RunOutcome::Stopped;
            }
            if self.cx.handled % INTERRUPT_EVERY == 0 && self.interrupted() {
                return RunOutcome::Interrupted;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records what it saw; an event `0 < n < 1000` schedules `n - 1` ten nanoseconds later.
    struct Countdown {
        seen: Vec<(u64, u32)>,
    }

    impl Model for Countdown {
        type Event = u32;
        fn handle(&mut self, n: u32, cx: &mut Context<u32>) {
            self.seen.push((cx.now().as_nanos(), n));
            if n > 0 && n < 1000 {
                cx.schedule_after(SimDuration::from_nanos(10), n - 1);
            }
            if n == 100 {
                cx.stop();
            }
        }
    }

    #[test]
    fn run_until_stops_at_the_limit_and_resumes() {
        let mut sim = Simulation::new(Countdown { seen: vec![] }, 1);
        sim.invoke(|_, cx| cx.schedule_now(3));
        assert_eq!(
            sim.run_until(SimTime::from_nanos(15)),
            RunOutcome::ReachedTime
        );
        assert_eq!(sim.model().seen, [(0, 3), (10, 2)]);
        assert_eq!(sim.now(), SimTime::from_nanos(15));
        assert_eq!(sim.run(), RunOutcome::Exhausted);
        assert_eq!(sim.model().seen.len(), 4);
        assert_eq!(sim.events_handled(), 4);
    }

    #[test]
    fn scheduling_in_the_past_is_an_error() {
        let mut sim = Simulation::new(Countdown { seen: vec![] }, 1);
        sim.invoke(|_, cx| cx.schedule_at(SimTime::from_nanos(50), 0).unwrap());
        sim.run();
        let err = sim.invoke(|_, cx| cx.schedule_at(SimTime::from_nanos(10), 0));
        assert!(matches!(err, Err(EngineError::ScheduleInPast { .. })));
    }

    /// Ticks every nanosecond; at tick `trip` it sets the flag, as a signal handler would.
    struct Ticker {
        flag: Arc<AtomicBool>,
        trip: u64,
    }

    impl Model for Ticker {
        type Event = ();
        fn handle(&mut self, _: (), cx: &mut Context<()>) {
            if cx.events_handled() == self.trip {
                self.flag.store(true, Ordering::Relaxed);
            }
            cx.schedule_after(SimDuration::from_nanos(1), ());
        }
    }

    #[test]
    fn a_set_flag_interrupts_the_run_soon_after() {
        let flag = Arc::new(AtomicBool::new(false));
        let trip = 10_000;
        let mut sim = Simulation::new(
            Ticker {
                flag: flag.clone(),
                trip,
            },
            1,
        );
        sim.interrupt_on(flag);
        sim.invoke(|_, cx| cx.schedule_now(()));
        assert_eq!(
            sim.run_until(SimTime::from_nanos(1_000_000)),
            RunOutcome::Interrupted
        );
        let handled = sim.events_handled();
        assert!(
            (trip..=trip + INTERRUPT_EVERY).contains(&handled),
            "stopped {} events after the flag",
            handled - trip
        );
        assert_eq!(sim.run(), RunOutcome::Interrupted, "stays interrupted");
        assert_eq!(sim.events_handled(), handled, "and runs nothing more");
    }

    #[test]
    fn stop_and_reschedule() {
        let mut sim = Simulation::new(Countdown { seen: vec![] }, 1);
        let key = sim.invoke(|_, cx| {
            cx.schedule_now(100);
            cx.schedule_at(SimTime::from_nanos(5), 5000).unwrap()
        });
        assert_eq!(sim.run(), RunOutcome::Stopped);
        let moved =
            sim.invoke(|_, cx| cx.reschedule(key, SimTime::from_nanos(1000), 5000).unwrap());
        assert!(moved.is_some());
        sim.run_until(SimTime::from_nanos(999));
        assert!(sim.model().seen.iter().all(|&(_, n)| n != 5000));
        sim.step();
        assert_eq!(sim.model().seen.last(), Some(&(1000, 5000)));
    }
}
