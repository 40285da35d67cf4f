//! The screen at one simulated time as plain text, with no terminal: for the README, speaker
//! notes and tests. The same scenario, seed and time give the same text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::PlayError;
use super::log::PlayLog;
use super::screen::draw;
use super::status::{Speed, Status};
use crate::engine::SimTime;
use crate::model::ShopRun;
use crate::scenario::Scenario;

/// The screen of `scenario` at simulated time `at`, `width` x `height` cells, as text lines
/// (trailing spaces trimmed).
pub fn snapshot(
    scenario: &Scenario,
    at: SimTime,
    width: u16,
    height: u16,
) -> Result<String, PlayError> {
    let mut log = PlayLog::new();
    let mut run = ShopRun::new(scenario, &mut log);
    run.run_until(at);
    let mut status = Status::new(scenario, Speed::Times(1.0));
    status.paused = true;
    status.over = run.is_over();
    let mut terminal = Terminal::new(TestBackend::new(width, height))?;
    terminal.draw(|frame| draw(frame, &run, &status))?;
    Ok(buffer_text(terminal.backend().buffer()))
}

/// A buffer's symbols, a line per row, trailing spaces trimmed.
pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
