//! Drawing the show: a pure function of the shop's view, `play`'s log and the show's status
//! into a ratatui frame. It reads and never changes what is simulated.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::log::PlayLog;
use super::panels::{Panel, clock, panel_lines};
use super::status::Status;
use crate::engine::SimDuration;
use crate::model::{OrderRecord, PreparerState, ShopRun, ShopView};

/// Narrowest a panel may be before panels of one kind are grouped into one.
const MIN_PANEL_WIDTH: u16 = 26;

/// Orders in flight a frame looks at: the oldest and the newest.
const OLDEST: usize = 1000;
const NEWEST: usize = 2000;

/// The keys, as the footer lists them.
pub const KEYS: &str = "space pause · +/- speed · . step · a add preparer · c N crash · r N restart · s N stall · ? help · q quit";
/// The keys in a narrow terminal.
const KEYS_SHORT: &str = "spc pause +/- speed . step a add c/r/s N crash/restart/stall ? q";

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, run: &ShopRun<'_, PlayLog>, status: &Status) {
    let shop = run.shop();
    let view = shop.view(run.now());
    // A backlog can hold a million orders; the panels show the oldest in flight (being made)
    // and the newest (just placed), so a frame looks at those only and stays fast.
    let in_flight = shop.orders_in_flight();
    let mut records: Vec<&OrderRecord> = if in_flight.len() <= OLDEST + NEWEST {
        in_flight.collect()
    } else {
        let newest: Vec<&OrderRecord> = shop.orders_in_flight().rev().take(NEWEST).collect();
        in_flight.take(OLDEST).chain(newest).collect()
    };
    records.extend(shop.outputs().finished());
    let strip_rows = (view.partitions.len() as u16).clamp(4, 8) + 2;
    let [header, panels, strip, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(strip_rows),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    frame.render_widget(header_line(&view, status, run.events_handled()), header);
    draw_panels(frame, panels, &view, &records);
    draw_strip(frame, strip, &view, shop.outputs(), &records);
    frame.render_widget(
        Paragraph::new(Line::from(footer_text(status, footer.width)))
            .style(Style::new().add_modifier(Modifier::REVERSED)),
        footer,
    );
    if status.help {
        draw_help(frame);
    }
}

fn header_line(view: &ShopView, status: &Status, events: u64) -> Line<'static> {
    let state = if status.over {
        Span::styled(" DONE ", Style::new().fg(Color::Black).bg(Color::Green))
    } else if status.paused {
        Span::styled(" PAUSED ", Style::new().fg(Color::Black).bg(Color::Yellow))
    } else if view.open {
        Span::styled(" OPEN ", Style::new().fg(Color::Black).bg(Color::Green))
    } else {
        Span::styled(" DRAINING ", Style::new().fg(Color::Black).bg(Color::Cyan))
    };
    Line::from(vec![
        Span::styled(
            format!(
                " chipshop play · {} · seed {} ",
                status.scenario, status.seed
            ),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        state,
        Span::raw(format!(
            " t {} · speed {} · {events} events",
            clock(view.now),
            status.speed
        )),
    ])
}

fn footer_text(status: &Status, width: u16) -> String {
    match (&status.prompt, &status.message) {
        (Some(p), _) => format!(" {p}"),
        (None, Some(m)) => format!(" {m}"),
        (None, None) if KEYS.chars().count() < width as usize => format!(" {KEYS}"),
        (None, None) => format!(" {KEYS_SHORT}"),
    }
}

/// Which panels fit across `width`: one per till and preparer if they fit, else grouped.
pub fn panels_for(view: &ShopView, width: u16) -> Vec<Panel> {
    let cook = usize::from(view.cook);
    let preparers = view.preparers.len().max(1);
    let tills = view.tills as usize;
    let fits = |n: usize| n as u16 * MIN_PANEL_WIDTH <= width;
    let till_panels: Vec<Panel> = if fits(tills + preparers + cook) {
        (1..=view.tills).map(Panel::Till).collect()
    } else {
        vec![Panel::Tills]
    };
    let preparer_panels = if fits(till_panels.len() + preparers + cook) {
        (1..=view.preparers.len() as u32)
            .map(Panel::Preparer)
            .collect()
    } else {
        vec![Panel::Preparers]
    };
    let mut all = till_panels;
    all.extend(preparer_panels);
    if view.cook {
        all.push(Panel::Cook);
    }
    all
}

fn panel_title(panel: Panel, view: &ShopView) -> (String, Style) {
    let plain = Style::new().add_modifier(Modifier::BOLD);
    match panel {
        Panel::Till(t) if view.web && t == view.tills => ("Web".into(), plain),
        Panel::Till(t) => (format!("Till {t}"), plain),
        Panel::Tills => (format!("Tills 1-{}", view.tills), plain),
        Panel::Preparers => ("Food Preparers".into(), plain),
        Panel::Cook => (format!("Cook · frying {}", view.cook_busy), plain),
        Panel::Preparer(p) => {
            let Some(v) = view.preparers.iter().find(|v| v.id == p) else {
                return (format!("Food Preparer {p}"), plain);
            };
            let owns: Vec<String> = v.partitions.iter().map(u32::to_string).collect();
            let (what, style) = match v.state {
                PreparerState::Crashed => ("CRASHED".to_string(), plain.fg(Color::Red)),
                PreparerState::Left => ("left".to_string(), plain.fg(Color::DarkGray)),
                PreparerState::Paused => ("paused".to_string(), plain.fg(Color::Yellow)),
                _ if owns.is_empty() => ("no partitions".to_string(), plain),
                _ => (format!("orders-{}", owns.join(",")), plain),
            };
            (format!("Food Preparer {p} · {what}"), style)
        }
    }
}

fn draw_panels(frame: &mut Frame, area: Rect, view: &ShopView, records: &[&OrderRecord]) {
    let panels = panels_for(view, area.width);
    let areas = Layout::horizontal(vec![Constraint::Fill(1); panels.len()]).split(area);
    for (panel, &rect) in panels.iter().zip(areas.iter()) {
        let (title, style) = panel_title(*panel, view);
        let rows = rect.height.saturating_sub(2) as usize;
        let lines: Vec<Line> = panel_lines(*panel, records.iter().copied(), rows)
            .into_iter()
            .map(|l| {
                let text_style = if l.done {
                    Style::new().fg(Color::Gray)
                } else {
                    Style::new().add_modifier(Modifier::BOLD)
                };
                Line::from(vec![
                    Span::styled(clock(l.at), Style::new().fg(Color::DarkGray)),
                    Span::raw(" "),
                    Span::styled(l.text, text_style),
                ])
            })
            .collect();
        let block = Block::bordered().title(Span::styled(title, style));
        frame.render_widget(Paragraph::new(lines).block(block), rect);
    }
}

/// A bar of `width` cells for `value` out of `max`.
fn bar(value: u64, max: u64, width: usize) -> String {
    let filled = if max == 0 {
        0
    } else {
        ((value as f64 / max as f64) * width as f64).ceil() as usize
    };
    let filled = filled.min(width);
    format!("{}{}", "█".repeat(filled), "·".repeat(width - filled))
}

/// `▁▂▃▅▇`: the lag history, scaled to its own maximum.
fn sparkline(history: impl Iterator<Item = u64>, width: usize) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let h: Vec<u64> = history.collect();
    let h = &h[h.len().saturating_sub(width)..];
    let max = h.iter().copied().max().unwrap_or(0).max(1);
    h.iter()
        .map(|&v| LEVELS[((v * 7) / max) as usize])
        .collect()
}

fn draw_strip(
    frame: &mut Frame,
    area: Rect,
    view: &ShopView,
    log: &PlayLog,
    records: &[&OrderRecord],
) {
    let [lag_area, info_area] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    // Lag per partition: a bar against the largest lag, its history, and who owns it.
    let inner = lag_area.width.saturating_sub(2) as usize;
    let rows = lag_area.height.saturating_sub(2) as usize;
    let max = view.partitions.iter().map(|p| p.lag).max().unwrap_or(0);
    let bar_width = (inner / 4).clamp(4, 24);
    let spark_width = inner.saturating_sub(bar_width + 24).min(32);
    let mut lines: Vec<Line> = view
        .partitions
        .iter()
        .take(rows)
        .map(|p| {
            let owner = p.owner.map_or("--".to_string(), |o| format!("P{o}"));
            let lag_style = if p.lag > 10 {
                Style::new().fg(Color::Red)
            } else {
                Style::new().fg(Color::Green)
            };
            Line::from(vec![
                Span::raw(format!("orders-{:<2} {owner:<3} ", p.partition)),
                Span::styled(bar(p.lag, max, bar_width), lag_style),
                Span::raw(format!(" {:>5} ", p.lag)),
                Span::styled(
                    sparkline(log.lag_history(p.partition), spark_width),
                    Style::new().fg(Color::DarkGray),
                ),
            ])
        })
        .collect();
    if view.partitions.len() > rows {
        let rest: u64 = view.partitions[rows..].iter().map(|p| p.lag).sum();
        if let Some(last) = lines.last_mut() {
            *last = Line::from(format!(
                "… {} more partitions, lag {rest}",
                view.partitions.len() - rows + 1
            ));
        }
    }
    let total: u64 = view.partitions.iter().map(|p| p.lag).sum();
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!("Consumer lag · {total}"))),
        lag_area,
    );
    frame.render_widget(
        Paragraph::new(info_lines(view, records)).block(Block::bordered().title("Shop")),
        info_area,
    );
}

fn info_lines(view: &ShopView, records: &[&OrderRecord]) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    lines.push(if view.rebalancing {
        let paused: Vec<String> = view
            .preparers
            .iter()
            .filter(|p| p.state == PreparerState::Paused)
            .map(|p| format!("P{}", p.id))
            .collect();
        Line::from(Span::styled(
            format!(
                " REBALANCING → gen {} · paused: {} ",
                view.generation + 1,
                if paused.is_empty() {
                    "none".to_string()
                } else {
                    paused.join(" ")
                }
            ),
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        ))
    } else {
        Line::from(format!(
            "generation {} · {} rebalances",
            view.generation, view.rebalances
        ))
    });
    let minute = SimDuration::from_secs(60);
    let since = view.now.as_nanos().saturating_sub(minute.as_nanos());
    let last_minute = records
        .iter()
        .filter(|r| r.ready.is_some_and(|t| t.as_nanos() > since))
        .count();
    lines.push(Line::from(format!(
        "placed {} ready {} in flight {} · {last_minute}/min",
        view.placed, view.ready, view.in_flight
    )));
    if let Some([cod, chips, plaice]) = view.cabinet {
        let stock = |name: &str, n: i64| {
            let style = if n < 0 {
                Style::new()
                    .fg(Color::White)
                    .bg(Color::Red)
                    .add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            Span::styled(format!("{name} {n}"), style)
        };
        lines.push(Line::from(vec![
            Span::raw("cabinet "),
            stock("cod", cod),
            Span::raw(" "),
            stock("chips", chips),
            Span::raw(" "),
            stock("plaice", plaice),
            Span::raw(format!(" oversold {}", view.oversold)),
        ]));
    }
    let mut extra = Vec::new();
    if let Some(p) = view.takings_pence {
        extra.push(format!("takings £{}.{:02}", p / 100, p % 100));
    }
    if let Some((till, cook)) = view.analyst {
        extra.push(format!("analyst: {till} till msgs, {cook} cook msgs"));
    }
    if view.duplicates > 0 {
        extra.push(format!("duplicates {}", view.duplicates));
    }
    if !extra.is_empty() {
        lines.push(Line::from(extra.join(" · ")));
    }
    lines
}

fn draw_help(frame: &mut Frame) {
    let area = frame.area();
    let w = area.width.min(60);
    let h = area.height.min(14);
    let rect = Rect::new((area.width - w) / 2, (area.height - h) / 2, w, h);
    let text = vec![
        Line::from("space   pause / resume"),
        Line::from("+ / -   faster / slower (0.1x to max)"),
        Line::from(".       one event (while paused)"),
        Line::from("a       add a preparer"),
        Line::from("c N     crash preparer N"),
        Line::from("r N     restart preparer N"),
        Line::from("s N     stall preparer N (past max.poll.interval.ms)"),
        Line::from("q       quit (writes the played scenario)"),
        Line::from("?       this help"),
    ];
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(text).block(Block::bordered().title("Keys")),
        rect,
    );
}
