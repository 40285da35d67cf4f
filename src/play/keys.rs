//! What a key means: a pure state machine from key presses to actions, so that the keys are
//! tested without a terminal. `c`, `r` and `s` wait for a preparer's number (Enter ends it; so
//! does a digit after which no longer number could name a preparer).

use super::steer::Steer;

/// What the show does for a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Pause or resume.
    TogglePause,
    /// One speed step faster.
    Faster,
    /// One speed step slower.
    Slower,
    /// Run one event (while paused).
    Step,
    /// Change the shop.
    Steer(Steer),
    /// Open or close the help.
    Help,
    /// Quit, writing the played scenario.
    Quit,
}

/// A key, as far as `play` cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A printable character.
    Char(char),
    /// Enter.
    Enter,
    /// Escape.
    Esc,
    /// Backspace.
    Backspace,
    /// Ctrl-C.
    CtrlC,
}

/// The keys typed so far: a command waiting for its number, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keys {
    pending: Option<(char, String)>,
}

impl Keys {
    /// No key typed yet.
    pub fn new() -> Keys {
        Keys::default()
    }

    /// What the footer shows while a number is being typed: `crash preparer: 2_`.
    pub fn prompt(&self) -> Option<String> {
        let (c, digits) = self.pending.as_ref()?;
        let what = match c {
            'c' => "crash",
            'r' => "restart",
            _ => "stall",
        };
        Some(format!(
            "{what} preparer: {digits}_  (Enter to do it, Esc to cancel)"
        ))
    }

    /// Takes one key; `preparers` is how many preparers there are (to know when a number is
    /// complete). Returns the action, if the key completes one.
    pub fn press(&mut self, key: Key, preparers: u32) -> Option<Action> {
        if key == Key::CtrlC {
            self.pending = None;
            return Some(Action::Quit);
        }
        if let Some((c, digits)) = &mut self.pending {
            let c = *c;
            match key {
                Key::Char(d) if d.is_ascii_digit() => {
                    digits.push(d);
                    let n: u64 = digits.parse().unwrap_or(u64::MAX);
                    if n.saturating_mul(10) > u64::from(preparers) {
                        return self.finish(c);
                    }
                }
                Key::Enter => return self.finish(c),
                Key::Backspace => {
                    digits.pop();
                }
                _ => self.pending = None,
            }
            return None;
        }
        match key {
            Key::Char(' ') => Some(Action::TogglePause),
            Key::Char('+' | '=') => Some(Action::Faster),
            Key::Char('-' | '_') => Some(Action::Slower),
            Key::Char('.') => Some(Action::Step),
            Key::Char('a') => Some(Action::Steer(Steer::AddPreparer)),
            Key::Char(c @ ('c' | 'r' | 's')) => {
                self.pending = Some((c, String::new()));
                None
            }
            Key::Char('?' | 'h') => Some(Action::Help),
            Key::Char('q') | Key::Esc => Some(Action::Quit),
            _ => None,
        }
    }

    fn finish(&mut self, c: char) -> Option<Action> {
        let (_, digits) = self.pending.take()?;
        let n: u32 = digits.parse().ok()?;
        Some(Action::Steer(match c {
            'c' => Steer::Crash(n),
            'r' => Steer::Restart(n),
            _ => Steer::Stall(n),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &str, preparers: u32) -> Vec<Action> {
        let mut k = Keys::new();
        keys.chars()
            .filter_map(|c| {
                let key = if c == '\n' { Key::Enter } else { Key::Char(c) };
                k.press(key, preparers)
            })
            .collect()
    }

    #[test]
    fn a_command_takes_its_number() {
        assert_eq!(typed("c2", 3), [Action::Steer(Steer::Crash(2))]);
        assert_eq!(typed("r1", 3), [Action::Steer(Steer::Restart(1))]);
        // With 12 preparers, "1" could still become "12": Enter ends it.
        assert_eq!(typed("c1", 12), []);
        assert_eq!(typed("c1\n", 12), [Action::Steer(Steer::Crash(1))]);
        assert_eq!(typed("c12", 12), [Action::Steer(Steer::Crash(12))]);
        assert_eq!(typed("cxa", 3), [Action::Steer(Steer::AddPreparer)]);
        assert_eq!(
            typed(" +-.q", 3),
            [
                Action::TogglePause,
                Action::Faster,
                Action::Slower,
                Action::Step,
                Action::Quit
            ]
        );
    }
}
