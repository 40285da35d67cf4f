//! The live show: the shop stepped to the wall clock, drawn about 30 times a second, steered by
//! keys. The terminal is restored however the show ends: `q`, Ctrl-C, a signal, an error or a
//! panic.
//!
//! At a speed the machine cannot keep, the show runs every event and draws less often (frames
//! are dropped, never events), then carries on from where the shop got to.

use std::io::{Stdout, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::PlayError;
use super::keys::{Action, Key, Keys};
use super::log::PlayLog;
use super::screen::draw;
use super::status::{Speed, Status};
use super::steer::Steering;
use crate::engine::{SimDuration, SimTime};
use crate::model::ShopRun;
use crate::scenario::Scenario;

/// A frame every 33 ms: about 30 frames a second.
const FRAME: Duration = Duration::from_millis(33);
/// Simulated time run between two looks at the wall clock.
const SLICE: SimDuration = SimDuration::from_millis(50);

/// A show: the running shop, what the screen says, the keys and the steering so far. Keys and
/// time move it on; drawing only reads it.
pub struct Show<'a> {
    /// The running shop.
    pub run: ShopRun<'a, PlayLog>,
    /// Speed, pause and what the footer says.
    pub status: Status,
    keys: Keys,
    /// The keys that changed the shop, as faults.
    pub steering: Steering,
}

impl<'a> Show<'a> {
    /// A show of `run` (built from `scenario`) at `speed`.
    pub fn new(run: ShopRun<'a, PlayLog>, scenario: &Scenario, speed: Speed) -> Show<'a> {
        Show {
            run,
            status: Status::new(scenario, speed),
            keys: Keys::new(),
            steering: Steering::new(),
        }
    }

    /// Takes one key; returns the action it completed (the caller acts on `Quit`, and on the
    /// speed and pause for its clock).
    pub fn press(&mut self, key: Key) -> Option<Action> {
        let preparers = self.run.shop().view(self.run.now()).preparers.len() as u32;
        let action = self.keys.press(key, preparers);
        self.status.prompt = self.keys.prompt();
        match action? {
            Action::TogglePause => self.status.paused = !self.status.paused,
            Action::Faster => self.status.speed = self.status.speed.faster(),
            Action::Slower => self.status.speed = self.status.speed.slower(),
            Action::Help => self.status.help = !self.status.help,
            Action::Step if self.status.paused => {
                self.status.message = self
                    .run
                    .step()
                    .map(|t| format!("one event, at {}", super::clock(t)));
            }
            Action::Step => self.status.message = Some("'.' steps while paused (space)".into()),
            Action::Steer(steer) => {
                self.status.message = Some(match self.steering.apply(&mut self.run, steer) {
                    Ok(done) => done,
                    Err(why) => why,
                });
            }
            Action::Quit => {}
        }
        self.status.over = self.run.is_over();
        action
    }

    /// Runs the shop up to `until`.
    pub fn advance_to(&mut self, until: SimTime) {
        self.run.run_until(until);
        self.status.over = self.run.is_over();
    }
}

/// How a live show ended.
#[derive(Debug)]
pub struct Played {
    /// The scenario as played: the original with the steering in its `[[faults]]`.
    pub scenario: Scenario,
    /// How many keys changed the shop.
    pub steered: usize,
    /// Frames drawn and the wall-clock time they took.
    pub frames: (u64, Duration),
    /// Set if a signal ended the show: its exit code.
    pub signal: Option<u8>,
}

/// How to run the live show.
pub struct LiveOptions {
    /// Speed at the start.
    pub speed: Speed,
    /// Set by a signal handler (SIGINT, SIGTERM) to end the show, with the exit code to give.
    pub interrupt: Arc<AtomicBool>,
}

/// Puts the terminal back as it was; runs on drop, so also on an error or a panic.
struct TerminalGuard;

fn restore_terminal() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(stdout(), terminal::LeaveAlternateScreen, cursor::Show);
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn key_of(event: &Event) -> Option<Key> {
    let Event::Key(k) = event else {
        return None;
    };
    if k.kind != KeyEventKind::Press {
        return None;
    }
    match k.code {
        KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => Some(Key::CtrlC),
        KeyCode::Char(c) => Some(Key::Char(c)),
        KeyCode::Enter => Some(Key::Enter),
        KeyCode::Esc => Some(Key::Esc),
        KeyCode::Backspace => Some(Key::Backspace),
        _ => None,
    }
}

/// Runs the live show of `scenario` in the terminal until `q`, Ctrl-C or a signal.
pub fn play_live(scenario: &Scenario, options: LiveOptions) -> Result<Played, PlayError> {
    let previous_hook = std::sync::Arc::new(std::panic::take_hook());
    let hook = previous_hook.clone();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        hook(info);
    }));
    terminal::enable_raw_mode()?;
    let guard = TerminalGuard;
    execute!(stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    let mut log = PlayLog::new();
    let run = ShopRun::new(scenario, &mut log);
    let mut show = Show::new(run, scenario, options.speed);
    let result = show_loop(&mut terminal, &mut show, &options.interrupt);
    drop(terminal);
    drop(guard);
    let _ = std::panic::take_hook();
    let (frames, signal) = result?;
    Ok(Played {
        scenario: show.steering.played(scenario),
        steered: show.steering.faults().len(),
        frames,
        signal,
    })
}

type Frames = ((u64, Duration), Option<u8>);

fn show_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    show: &mut Show<'_>,
    interrupt: &AtomicBool,
) -> Result<Frames, PlayError> {
    let started = Instant::now();
    let mut frames = 0u64;
    let mut anchor = (Instant::now(), show.run.now());
    let mut last_draw = Instant::now() - FRAME;
    loop {
        if interrupt.load(Ordering::Relaxed) {
            return Ok(((frames, started.elapsed()), Some(crate::cli::EXIT_SIGINT)));
        }
        // Keys, until the next frame is due.
        let wait = FRAME.saturating_sub(last_draw.elapsed());
        if event::poll(wait)? {
            let ev = event::read()?;
            if let Some(key) = key_of(&ev) {
                let before = (show.status.paused, show.status.speed);
                if show.press(key) == Some(Action::Quit) {
                    return Ok(((frames, started.elapsed()), None));
                }
                if before != (show.status.paused, show.status.speed) {
                    anchor = (Instant::now(), show.run.now());
                }
            }
            if last_draw.elapsed() < FRAME && !matches!(ev, Event::Resize(..)) {
                continue;
            }
        }
        // The shop, up to the wall clock (or as far as a frame's time allows).
        if !show.status.paused && !show.run.is_over() {
            let budget = Instant::now();
            let target = match show.status.speed {
                Speed::Times(x) => {
                    let wall = anchor.0.elapsed().as_secs_f64() * x;
                    anchor.1 + SimDuration::from_nanos((wall * 1e9) as u64)
                }
                Speed::Max => SimTime::MAX,
            };
            while show.run.now() < target && !show.run.is_over() && budget.elapsed() < FRAME {
                let next = show.run.now().checked_add(SLICE).unwrap_or(SimTime::MAX);
                show.advance_to(next.min(target));
            }
            if show.run.now() < target {
                // Behind the wall clock: carry on from here rather than race to catch up.
                anchor = (Instant::now(), show.run.now());
            }
        }
        terminal.draw(|frame| draw(frame, &show.run, &show.status))?;
        frames += 1;
        last_draw = Instant::now();
    }
}
