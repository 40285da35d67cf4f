//! `chipshop play`: the live show in a terminal, or (`--snapshot T`, or stdout not a terminal)
//! the screen at one simulated time as plain text.

use std::io::IsTerminal;

use clap::Args;

use super::console::{errln, outln};
use super::error::CliError;
use crate::engine::{SimDuration, SimTime};
use crate::output::OutputError;
use crate::play::{PlayError, Speed};
use crate::scenario::{
    Overrides, parse_count_switch, parse_open_for_switch, parse_seed_switch, parse_share_switch,
};

/// Show a scenario live in the terminal, steerable and replayable.
#[derive(Args)]
pub(crate) struct PlayArgs {
    /// A preset name (see `chipshop presets`) or a scenario file.
    #[arg(long, short)]
    scenario: String,
    /// Master seed (default: the scenario's).
    #[arg(long, allow_negative_numbers = true, value_parser = parse_seed_switch)]
    seed: Option<u64>,
    /// Simulated seconds per wall-clock second at the start (0.1 to 1000, or "max").
    #[arg(long, default_value = "1", value_parser = parse_speed)]
    speed: Speed,
    /// Print the screen at this simulated time (e.g. 30s) as plain text and exit; also what
    /// play does when stdout is not a terminal (then at the end of opening hours by default).
    #[arg(long, value_parser = parse_time)]
    snapshot: Option<SimDuration>,
    /// The size of the --snapshot screen, WIDTHxHEIGHT (at least 40x12).
    #[arg(long, default_value = "160x48", value_parser = parse_size)]
    size: (u16, u16),
    /// Where to write the played scenario on quit (default:
    /// output/<scenario>-<seed>-played.toml).
    #[arg(long)]
    played: Option<std::path::PathBuf>,
    /// Number of tills.
    #[arg(long, allow_negative_numbers = true, value_parser = |s: &str| parse_count_switch("tills.count", s))]
    tills: Option<u32>,
    /// Number of preparers.
    #[arg(long, allow_negative_numbers = true, value_parser = |s: &str| parse_count_switch("preparers.count", s))]
    preparers: Option<u32>,
    /// Partitions of the orders topic.
    #[arg(long, allow_negative_numbers = true, value_parser = |s: &str| parse_count_switch("kafka.orders_partitions", s))]
    partitions: Option<u32>,
    /// Share of orders with plaice, on any menu (0 to 1; above 0 turns plaice on).
    #[arg(long, allow_negative_numbers = true, value_parser = parse_share_switch)]
    plaice_share: Option<f64>,
    /// How long the tills take orders, e.g. 30m.
    #[arg(long, allow_hyphen_values = true, value_parser = parse_open_for_switch)]
    open_for: Option<SimDuration>,
}

fn parse_speed(text: &str) -> Result<Speed, String> {
    if text == "max" {
        return Ok(Speed::Max);
    }
    match text.trim_end_matches('x').parse::<f64>() {
        Ok(x) if (0.1..=1000.0).contains(&x) => Ok(Speed::Times(x)),
        _ => Err(format!(
            "{text:?} is not a speed: give a number from 0.1 to 1000 (simulated seconds per second) or \"max\""
        )),
    }
}

fn parse_time(text: &str) -> Result<SimDuration, String> {
    text.parse::<SimDuration>()
        .map_err(|e| format!("{e}: give a simulated time such as 30s or 2m"))
}

fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let bad = || {
        format!("{text:?} is not a size: give WIDTHxHEIGHT, from 40x12 to 1000x1000, e.g. 160x48")
    };
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h) = (
        w.parse::<u16>().map_err(|_| bad())?,
        h.parse::<u16>().map_err(|_| bad())?,
    );
    if !(40..=1000).contains(&w) || !(12..=1000).contains(&h) {
        return Err(bad());
    }
    Ok((w, h))
}

impl From<PlayError> for CliError {
    fn from(e: PlayError) -> CliError {
        match e {
            PlayError::Shop(e) => CliError::Shop(e),
            PlayError::Terminal(e) => {
                CliError::Output(OutputError::io(std::path::Path::new("<terminal>"), e))
            }
        }
    }
}

pub(crate) fn run(args: PlayArgs) -> Result<(), CliError> {
    let mut scenario = super::load_scenario(&args.scenario)?;
    scenario.apply(&Overrides {
        seed: args.seed,
        tills: args.tills,
        preparers: args.preparers,
        partitions: args.partitions,
        plaice_share: args.plaice_share,
        open_for: args.open_for,
        ..Overrides::default()
    })?;
    let interactive = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    if args.snapshot.is_some() || !interactive {
        let at = args.snapshot.unwrap_or(scenario.shop.open_for);
        let (width, height) = args.size;
        let text = crate::play::snapshot(&scenario, SimTime::ZERO + at, width, height)?;
        for line in text.lines() {
            outln!("{line}")?;
        }
        return Ok(());
    }
    let interrupt = super::interrupt::Interrupt::catch();
    let played = crate::play::play_live(
        &scenario,
        crate::play::LiveOptions {
            speed: args.speed,
            interrupt: interrupt.flag().clone(),
        },
    )?;
    let (frames, wall) = played.frames;
    errln!(
        "{frames} frames in {:.1} s ({:.1} frames/s)",
        wall.as_secs_f64(),
        frames as f64 / wall.as_secs_f64().max(1e-9)
    );
    let path = args.played.unwrap_or_else(|| {
        std::path::Path::new("output").join(format!(
            "{}-{}-played.toml",
            scenario.shop.name, scenario.shop.seed
        ))
    });
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| OutputError::io(dir, e))?;
    }
    let text = played.scenario.to_resolved_toml()?;
    crate::output::AtomicFile::write_all(&path, text.as_bytes())?;
    outln!(
        "played scenario ({} steering events) written to {}\nreplay it: chipshop run --scenario {}   or: chipshop play --scenario {}",
        played.steered,
        path.display(),
        path.display(),
        path.display()
    )?;
    interrupt.check()
}
