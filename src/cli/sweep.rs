//! `chipshop sweep`: run a scenario over a grid of switches with replications, in parallel.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use super::chart::ChartLook;
use super::console::errln;
use super::error::CliError;
use super::interrupt::Interrupt;
use crate::output::charts::{ChartOptions, draw_sweep_charts};
use crate::output::{CHARTS_DIR, FolderKind, OutputError};
use crate::scenario::{ScenarioError, check_sweep};
use crate::sweep::{
    Axis, Grid, GridError, RunResult, ShardFile, ShardRun, SweepDefinition, Switch, merge_shards,
    parse_shard, run_sweep_interruptible, shard_indices, write_shard, write_sweep,
};

/// Run a scenario at every point of a grid (ranges `1..8`, lists `1,2,4`), with replications,
/// and draw its charts; or `chipshop sweep merge DIR... --out DIR` to combine `--shard` folders.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct SweepArgs {
    #[command(subcommand)]
    merge: Option<SweepCommand>,
    /// A preset name (see `chipshop presets`) or a scenario file.
    #[arg(long, short)]
    scenario: Option<String>,
    /// Preparers to sweep, e.g. 1..8 or 1,2,4.
    #[arg(long, allow_hyphen_values = true)]
    preparers: Option<String>,
    /// Tills to sweep, e.g. 1,2,4.
    #[arg(long, allow_hyphen_values = true)]
    tills: Option<String>,
    /// Partitions of the orders topic to sweep, e.g. 3,6,12.
    #[arg(long, allow_hyphen_values = true)]
    partitions: Option<String>,
    /// Plaice shares to sweep, a list such as 0,0.2,0.4.
    #[arg(long, allow_hyphen_values = true)]
    plaice_share: Option<String>,
    /// Opening times to sweep, a list such as 30m,1h.
    #[arg(long, allow_hyphen_values = true)]
    open_for: Option<String>,
    /// Group protocols to sweep: classic,consumer.
    #[arg(long, allow_hyphen_values = true)]
    group_protocol: Option<String>,
    /// Assignors to sweep, e.g. range,cooperative_sticky,uniform (a point that pairs a
    /// protocol with the other's assignor is left out).
    #[arg(long, allow_hyphen_values = true)]
    assignor: Option<String>,
    /// Static membership to sweep: false,true.
    #[arg(long = "static", allow_hyphen_values = true)]
    static_members: Option<String>,
    /// Independent replications per grid point (the same seeds at every point).
    #[arg(long, default_value_t = 10)]
    replications: usize,
    /// Master seed (default: the scenario's).
    #[arg(long, allow_negative_numbers = true, value_parser = crate::scenario::parse_seed_switch)]
    seed: Option<u64>,
    /// Output folder, replaced whole (default: output/sweep-<scenario>-<seed>-<switches>, e.g.
    /// output/sweep-demo3-1-preparers).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace the output folder even if it holds files chipshop did not write.
    #[arg(long)]
    force: bool,
    /// Worker threads (default: the number of cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Also write raw.csv: one row per replication.
    #[arg(long)]
    raw: bool,
    /// Allow more than 10000 runs, or more than 5 billion events in all.
    #[arg(long)]
    yes: bool,
    /// Run only shard K of N (runs whose index % N == K-1) and write shard.json into --out
    /// (no charts: `sweep merge` draws them).
    #[arg(long)]
    shard: Option<String>,
    /// Skip drawing charts/.
    #[arg(long)]
    no_charts: bool,
    #[command(flatten)]
    look: ChartLook,
}

#[derive(Subcommand)]
enum SweepCommand {
    /// Combine shard folders into the files a local sweep would write.
    Merge(MergeArgs),
}

#[derive(Args)]
struct MergeArgs {
    /// Shard folders (each with a shard.json).
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Output folder, replaced whole.
    #[arg(long)]
    out: PathBuf,
    /// Replace the output folder even if it holds files chipshop did not write.
    #[arg(long)]
    force: bool,
    /// Also write raw.csv.
    #[arg(long)]
    raw: bool,
    /// Skip drawing charts/.
    #[arg(long)]
    no_charts: bool,
    #[command(flatten)]
    look: ChartLook,
}

/// Writes the sweep's files into `out` (being built) and, unless `charts` is `None`, draws its
/// charts from the sweep.json just written: the same path for a local sweep and a merge.
fn write_files(
    out: &Path,
    definition: &SweepDefinition,
    grid: &Grid,
    results: &[RunResult],
    raw: bool,
    charts: Option<&ChartOptions>,
) -> Result<(), CliError> {
    write_sweep(out, definition, grid, results, raw)?;
    if let Some(options) = charts {
        draw_sweep_charts(out, &out.join(CHARTS_DIR), options)?;
    }
    Ok(())
}

fn merge(args: MergeArgs) -> Result<(), CliError> {
    let (definition, results) = merge_shards(&args.dirs).map_err(CliError::BadInput)?;
    let grid = definition.grid().map_err(CliError::BadInput)?;
    let interrupt = Interrupt::catch();
    let staged = super::stage(&args.out, FolderKind::Output, args.force)?;
    let charts = (!args.no_charts).then(|| args.look.options());
    write_files(
        staged.path(),
        &definition,
        &grid,
        &results,
        args.raw,
        charts.as_ref(),
    )?;
    interrupt.check()?;
    staged.commit()?;
    Ok(())
}

/// The grid from the switches given, in a fixed order.
fn grid(args: &SweepArgs) -> Result<Grid, GridError> {
    let given = [
        (Switch::Preparers, &args.preparers),
        (Switch::Tills, &args.tills),
        (Switch::Partitions, &args.partitions),
        (Switch::PlaiceShare, &args.plaice_share),
        (Switch::OpenFor, &args.open_for),
        (Switch::GroupProtocol, &args.group_protocol),
        (Switch::Assignor, &args.assignor),
        (Switch::Static, &args.static_members),
    ];
    let mut axes = Vec::new();
    for (switch, text) in given {
        if let Some(text) = text {
            axes.push(Axis::parse(switch, text)?);
        }
    }
    Ok(Grid { axes })
}

pub(crate) fn run(args: SweepArgs) -> Result<(), CliError> {
    if let Some(SweepCommand::Merge(m)) = args.merge {
        return merge(m);
    }
    let Some(name) = args.scenario.as_deref() else {
        return Err(CliError::bad_input(
            "--scenario: give a preset name or a scenario file",
        ));
    };
    let shard = args
        .shard
        .as_deref()
        .map(parse_shard)
        .transpose()
        .map_err(CliError::BadInput)?;
    let base = super::load_scenario(name)?;
    if args.replications == 0 {
        return Err(CliError::bad_input(
            "--replications: give at least 1 (2 or more for an interval)",
        ));
    }
    if args.jobs == Some(0) {
        return Err(CliError::bad_input("--jobs: give at least 1"));
    }
    let grid = grid(&args)?;
    grid.check_size(args.replications as u64, args.yes)?;
    let master = args.seed.unwrap_or(base.shop.seed);
    let mut points = Vec::new();
    for point in grid.points() {
        let mut s = base.clone();
        s.apply(&point.overrides)?;
        points.push(s);
    }
    let out = args.out.clone().unwrap_or_else(|| {
        let mut name = format!("sweep-{}-{master}", base.shop.name);
        for axis in &grid.axes {
            name.push('-');
            name.push_str(axis.switch.column());
        }
        Path::new("output").join(name)
    });
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let total = points.len() * args.replications;
    let indices: Vec<usize> = match shard {
        Some((k, n)) => shard_indices(k, n, total),
        None => (0..total).collect(),
    };
    if !args.yes {
        let estimates: Vec<_> = points.iter().map(|p| p.size_estimate()).collect();
        check_sweep(
            indices.iter().map(|i| &estimates[i / args.replications]),
            jobs,
        )
        .map_err(ScenarioError::from)?;
    }
    let interrupt = Interrupt::catch();
    let staged = super::stage(&out, FolderKind::Output, args.force)?;
    let started = Instant::now();
    let bar = progress(indices.len() as u64, args.replications as u64);
    let results = run_sweep_interruptible(
        &points,
        args.replications,
        master,
        &indices,
        jobs,
        &|| bar.inc(1),
        Some(interrupt.flag()),
    );
    bar.finish_and_clear();
    let results = results.map_err(|e| interrupt.shop_error(e))?;
    let scenario = serde_json::to_value(&base).map_err(|e| {
        CliError::Output(OutputError::Format {
            path: out.join("sweep.json"),
            message: e.to_string(),
        })
    })?;
    let definition = SweepDefinition {
        scenario_name: base.shop.name.clone(),
        scenario,
        seed: master,
        replications: args.replications,
        axes: grid
            .axes
            .iter()
            .map(|a| (a.switch.column().to_string(), a.values.clone()))
            .collect(),
    };
    if let Some((k, n)) = shard {
        let file = ShardFile {
            definition,
            shard: k,
            shards: n,
            runs: results.iter().map(ShardRun::from_result).collect(),
        };
        write_shard(staged.path(), &file)?;
        interrupt.check()?;
        return Ok(staged.commit()?);
    }
    let ran = started.elapsed().as_secs_f64();
    let charts = (!args.no_charts).then(|| args.look.options());
    write_files(
        staged.path(),
        &definition,
        &grid,
        &results,
        args.raw,
        charts.as_ref(),
    )?;
    interrupt.check()?;
    staged.commit()?;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    errln!(
        "{} x {} in {ran:.1} s wall ({:.1} s with files and charts): {}",
        plural(points.len(), "point", "points"),
        plural(args.replications, "replication", "replications"),
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(())
}

/// A progress bar on stderr (hidden when stderr is not a terminal): points done, runs per
/// second, time left.
fn progress(runs: u64, replications: u64) -> ProgressBar {
    let bar = ProgressBar::new(runs);
    let style = ProgressStyle::with_template("{bar:30} {msg} points, {per_sec} runs, {eta} left")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style.with_key(
        "msg",
        move |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(
                w,
                "{}/{}",
                state.pos() / replications.max(1),
                state.len().unwrap_or(0) / replications.max(1)
            );
        },
    ));
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
