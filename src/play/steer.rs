//! Steering: the keys that change the shop, turned into scheduled `[[faults]]` events, so that
//! the played scenario replays the show exactly.
//!
//! A key pressed at simulated time `now` schedules its event at a time `T` after `now` and
//! strictly before every event already pending (a whole millisecond where one fits, else one
//! nanosecond on). There it runs alone and first at its time, exactly where the same table in
//! `[[faults]]`, scheduled when the shop opens, runs in `chipshop run`: same events, same
//! order, same orders.csv.

use super::log::PlayLog;
use crate::engine::{SimDuration, SimTime};
use crate::model::{PreparerState, ShopEvent, ShopRun};
use crate::scenario::{FaultConfig, Scenario};

/// A key that changes the shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Steer {
    /// One more preparer joins.
    AddPreparer,
    /// Preparer N crashes.
    Crash(u32),
    /// Crashed preparer N comes back.
    Restart(u32),
    /// Preparer N stalls: it stops polling for longer than `max.poll.interval.ms`.
    Stall(u32),
}

/// The steering of one show: what was pressed, as `[[faults]]` tables.
#[derive(Debug, Default)]
pub struct Steering {
    faults: Vec<FaultConfig>,
    last_at: SimTime,
}

const MILLI: u64 = 1_000_000;

impl Steering {
    /// No steering yet.
    pub fn new() -> Steering {
        Steering::default()
    }

    /// The recorded faults, in the order the keys were pressed (and in time order).
    pub fn faults(&self) -> &[FaultConfig] {
        &self.faults
    }

    /// Applies `steer` to the running shop: schedules its event and records it. Returns what
    /// it did, or why it did nothing (the shop closed, no such preparer, ...).
    pub fn apply(
        &mut self,
        run: &mut ShopRun<'_, PlayLog>,
        steer: Steer,
    ) -> Result<String, String> {
        let view = run.shop().view(run.now());
        if run.is_over() || !view.open {
            return Err("the shop is closed: steering now could not be replayed".into());
        }
        let state = |n: u32| view.preparers.iter().find(|p| p.id == n).map(|p| p.state);
        let done = match steer {
            Steer::Stall(n) => match state(n) {
                None => return Err(format!("s {n}: there is no preparer {n}")),
                Some(PreparerState::Crashed | PreparerState::Left) => {
                    return Err(format!("s {n}: preparer {n} is not working"));
                }
                Some(_) => format!("preparer {n} stalls for {}", stall_for(run)),
            },
            Steer::AddPreparer => format!("preparer {} joins", view.preparers.len() + 1),
            Steer::Crash(n) => match state(n) {
                None => return Err(format!("c {n}: there is no preparer {n}")),
                Some(PreparerState::Crashed | PreparerState::Left) => {
                    return Err(format!("c {n}: preparer {n} is not working"));
                }
                Some(_) => format!("preparer {n} crashes"),
            },
            Steer::Restart(n) => match state(n) {
                Some(PreparerState::Crashed | PreparerState::Left) => {
                    format!("preparer {n} restarts")
                }
                _ => return Err(format!("r {n}: preparer {n} has not crashed or left")),
            },
        };
        let at = self.free_time(run).ok_or("the run is over")?;
        if at >= SimTime::ZERO + run.shop().scenario().shop.open_for {
            return Err("the shop is closing: steering now could not be replayed".into());
        }
        let after_open = at.saturating_since(SimTime::ZERO);
        let fault = match steer {
            Steer::Crash(n) => FaultConfig::crash(n, after_open),
            Steer::Restart(n) => FaultConfig::restart(n, after_open),
            Steer::Stall(n) => FaultConfig::stall(n, stall_for(run), after_open),
            Steer::AddPreparer => FaultConfig::add_preparer(after_open),
        };
        run.schedule(at, ShopEvent::from_fault(&fault))
            .map_err(|e| e.to_string())?;
        self.faults.push(fault);
        self.last_at = at;
        Ok(format!("{done} at {}", super::clock(at)))
    }

    /// A time after now and after the last steering, strictly before every pending event
    /// (stepping past events that leave no room).
    fn free_time(&self, run: &mut ShopRun<'_, PlayLog>) -> Option<SimTime> {
        loop {
            let floor = run.now().max(self.last_at);
            let next = run.next_event_time();
            let one_on = SimTime::from_nanos(floor.as_nanos() + 1);
            if next.is_some_and(|n| n <= one_on) {
                run.step()?;
                continue;
            }
            let milli = SimTime::from_nanos((floor.as_nanos() / MILLI + 1) * MILLI);
            return Some(if next.is_none_or(|n| n > milli) {
                milli
            } else {
                one_on
            });
        }
    }

    /// `scenario` with the steering appended to its `[[faults]]`.
    pub fn played(&self, scenario: &Scenario) -> Scenario {
        let mut played = scenario.clone();
        played.faults.extend(self.faults.iter().cloned());
        played
    }
}

/// How long `s N` stalls a preparer: past `max.poll.interval.ms`, so that the group notices,
/// removes it and takes it back when it polls again.
fn stall_for(run: &ShopRun<'_, PlayLog>) -> SimDuration {
    run.shop().scenario().kafka.max_poll_interval + SimDuration::from_secs(30)
}
