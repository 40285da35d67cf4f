//! `chipshop plan`: the cheapest point of a grid whose targets hold with confidence, with
//! replications spent where the verdict is open; or, with `--from DIR`, decided from a
//! finished sweep. Prints a table (or plan.json with `--json`), writes plan.json and a chart.

use std::path::{Path, PathBuf};

use clap::Args;

use super::chart::ChartLook;
use super::console::errln;
use super::error::CliError;
use super::interrupt::Interrupt;
use crate::output::charts::draw_plan_chart;
use crate::output::{AtomicFile, CHARTS_DIR, FolderKind, OutputError, StagedFolder};
use crate::plan::{
    Cost, Outcome, PlanAxis, PlanContext, PlanError, PlanPoint, Settings, Target, cost_names,
    default_cost, grid_points, load_finished_sweep, monotone_obstacle, plan_json, plan_table,
    search,
};
use crate::scenario::{ScenarioError, check_sweep};
use crate::sweep::{MAX_RUNS_WITHOUT_YES, Measures, Switch, run_sweep_interruptible};

/// Find the cheapest point of a grid (by --cost) whose --target's hold with --confidence.
#[derive(Args)]
pub(crate) struct PlanArgs {
    /// A preset name (see `chipshop presets`) or a scenario file.
    #[arg(long, short)]
    scenario: Option<String>,
    /// A switch and its values, as `chipshop sweep` takes them: preparers=1..12,
    /// partitions=6,12; tie switches with more `=`: preparers=partitions=1..8. Repeat for
    /// more axes.
    #[arg(long)]
    vary: Vec<String>,
    /// A target on a measure of sweep.csv: "latency_p99_s <= 30s", "max_lag <= 200",
    /// "throughput_per_min >= 100". Repeat for more; all must hold.
    #[arg(long, required = true)]
    target: Vec<String>,
    /// What a point costs, over the switches: "preparers + 0.1*partitions" (default: the sum
    /// of the varied counts).
    #[arg(long)]
    cost: Option<String>,
    /// Confidence of each target's interval.
    #[arg(long, default_value_t = 0.95)]
    confidence: f64,
    /// Replications a point gets when first run (at least 2 for an interval).
    #[arg(long, default_value_t = 5)]
    min_replications: usize,
    /// Replications a point gets at the most, while its verdict is open.
    #[arg(long, default_value_t = 50)]
    max_replications: usize,
    /// A varied switch along which the targets only get easier as it grows (preparers,
    /// partitions): run the grid by bisection along it, and infer the rest.
    #[arg(long)]
    monotone: Vec<String>,
    /// Decide from the finished sweep in DIR (its sweep.json and raw.csv: `sweep --raw`)
    /// instead of running.
    #[arg(long, conflicts_with_all = ["scenario", "vary", "monotone", "min_replications", "max_replications"])]
    from: Option<PathBuf>,
    /// Master seed (default: the scenario's).
    #[arg(long, allow_negative_numbers = true, value_parser = crate::scenario::parse_seed_switch)]
    seed: Option<u64>,
    /// Output folder, replaced whole (default: output/plan-<scenario>-<seed>).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace the output folder even if it holds files chipshop did not write.
    #[arg(long)]
    force: bool,
    /// Worker threads (default: the number of cores); the plan is the same whatever it is.
    #[arg(long)]
    jobs: Option<usize>,
    /// Print plan.json on stdout instead of the table.
    #[arg(long)]
    json: bool,
    /// Allow more than 10000 runs at the most, or more than 5 billion events in all.
    #[arg(long)]
    yes: bool,
    /// Skip drawing charts/.
    #[arg(long)]
    no_charts: bool,
    #[command(flatten)]
    look: ChartLook,
}

fn bad(e: PlanError) -> CliError {
    CliError::bad_input(e.to_string())
}

/// The measurements of a plan: the points, what was asked, and the outcome.
struct Planned {
    points: Vec<PlanPoint>,
    ctx: PlanContext,
    outcome: Outcome,
    out: PathBuf,
    /// The output folder being built, begun before any run so that a folder that can't be
    /// replaced is refused at once, not after the plan.
    staged: StagedFolder,
}

pub(crate) fn run(args: PlanArgs) -> Result<(), CliError> {
    if !(args.confidence > 0.0 && args.confidence < 1.0) {
        return Err(CliError::bad_input(format!(
            "--confidence {}: give a number between 0 and 1, e.g. 0.95",
            args.confidence
        )));
    }
    if args.jobs == Some(0) {
        return Err(CliError::bad_input("--jobs: give at least 1"));
    }
    let targets = args
        .target
        .iter()
        .map(|t| Target::parse(t))
        .collect::<Result<Vec<_>, _>>()
        .map_err(bad)?;
    let interrupt = Interrupt::catch();
    let planned = match &args.from {
        Some(dir) => from_sweep(&args, dir, targets)?,
        None => own_runs(&args, targets, &interrupt)?,
    };
    let Planned {
        points,
        ctx,
        outcome,
        out,
        staged,
    } = planned;
    let doc = plan_json(&ctx, &points, &outcome);
    let mut text = serde_json::to_string_pretty(&doc).map_err(|e| {
        CliError::Output(OutputError::Format {
            path: out.join("plan.json"),
            message: e.to_string(),
        })
    })?;
    text.push('\n');
    AtomicFile::write_all(&staged.path().join("plan.json"), text.as_bytes())?;
    if !args.no_charts {
        draw_plan_chart(
            staged.path(),
            &staged.path().join(CHARTS_DIR),
            &args.look.options(),
        )?;
    }
    interrupt.check()?;
    staged.commit()?;
    if args.json {
        super::console::print(format_args!("{text}"))?;
    } else {
        super::console::print(format_args!("{}", plan_table(&ctx, &points, &outcome)))?;
    }
    errln!("{}", out.display());
    if outcome.choice.is_none() {
        return Err(CliError::bad_input(
            "no point of the grid meets every target (plan.json and the table say which came closest): widen the grid or loosen a target",
        ));
    }
    Ok(())
}

/// The plan from its own runs.
fn own_runs(
    args: &PlanArgs,
    targets: Vec<Target>,
    interrupt: &Interrupt,
) -> Result<Planned, CliError> {
    let Some(name) = args.scenario.as_deref() else {
        return Err(CliError::bad_input(
            "--scenario: give a preset name or a scenario file (or --from DIR to decide from a finished sweep)",
        ));
    };
    let base = super::load_scenario(name)?;
    if args.vary.is_empty() {
        return Err(CliError::bad_input(
            "--vary: give at least one switch and its values, e.g. --vary preparers=1..8",
        ));
    }
    if args.max_replications < 2 || args.min_replications < 2 {
        return Err(CliError::bad_input(
            "--min-replications and --max-replications: give at least 2 (an interval needs two runs)",
        ));
    }
    if args.min_replications > args.max_replications {
        return Err(CliError::bad_input(format!(
            "--min-replications {} is above --max-replications {}",
            args.min_replications, args.max_replications
        )));
    }
    let axes = args
        .vary
        .iter()
        .map(|v| PlanAxis::parse(v))
        .collect::<Result<Vec<_>, _>>()
        .map_err(bad)?;
    for (i, a) in axes.iter().enumerate() {
        if let Some(s) = a
            .switches
            .iter()
            .find(|s| axes[..i].iter().any(|b| b.switches.contains(s)))
        {
            return Err(CliError::bad_input(format!(
                "--vary: {} is varied twice",
                s.column()
            )));
        }
    }
    let names = cost_names();
    let cost = match &args.cost {
        Some(text) => Cost::parse(text, &names).map_err(bad)?,
        None => default_cost(&axes),
    };
    let (points, scenarios) = grid_points(&base, &axes, &cost)?;
    check_costs(&points)?;
    let monotone = monotone_axes(&args.monotone, &axes, &targets)?;
    let max = args.max_replications;
    let most_runs = (points.len() as u64).saturating_mul(max as u64);
    if most_runs > MAX_RUNS_WITHOUT_YES && !args.yes {
        return Err(CliError::bad_input(format!(
            "--max-replications: {} points times {max} replications is up to {most_runs} runs, more than {MAX_RUNS_WITHOUT_YES}: add --yes to allow them",
            points.len()
        )));
    }
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    if !args.yes {
        let estimates: Vec<_> = scenarios.iter().map(|s| s.size_estimate()).collect();
        check_sweep((0..points.len() * max).map(|i| &estimates[i / max]), jobs)
            .map_err(ScenarioError::from)?;
    }
    let master = args.seed.unwrap_or(base.shop.seed);
    let settings = Settings {
        confidence: args.confidence,
        min_replications: args.min_replications,
        max_replications: max,
        monotone: monotone.iter().map(|(i, _)| *i).collect(),
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(format!("plan-{}-{master}", base.shop.name)));
    let staged = super::stage(&out, FolderKind::Output, args.force)?;
    let mut round = 0;
    let outcome = search(&points, &targets, &settings, |work: &[(usize, usize)]| {
        round += 1;
        errln!("round {round}: {} runs", work.len());
        let indices: Vec<usize> = work.iter().map(|&(p, r)| p * max + r).collect();
        let results = run_sweep_interruptible(
            &scenarios,
            max,
            master,
            &indices,
            jobs,
            &|| {},
            Some(interrupt.flag()),
        )
        .map_err(|e| interrupt.shop_error(e))?;
        Ok::<Vec<Measures>, CliError>(results.into_iter().map(|r| r.measures).collect())
    })?;
    Ok(Planned {
        ctx: PlanContext {
            scenario: base.shop.name.clone(),
            seed: master,
            axes: axes.iter().map(PlanAxis::name).collect(),
            targets,
            cost: cost.show(&names),
            confidence: args.confidence,
            replications: (args.min_replications, max),
            monotone: monotone.into_iter().map(|(_, n)| n).collect(),
            from: None,
        },
        points,
        outcome,
        out,
        staged,
    })
}

/// The plan decided from every replication of a finished sweep.
fn from_sweep(args: &PlanArgs, dir: &Path, targets: Vec<Target>) -> Result<Planned, CliError> {
    let sweep = load_finished_sweep(dir).map_err(bad)?;
    let names = cost_names();
    let cost = match &args.cost {
        Some(text) => Cost::parse(text, &names).map_err(bad)?,
        None => default_cost(&sweep.axes),
    };
    let points = sweep.plan_points(&cost);
    check_costs(&points)?;
    let r = sweep.replications.max(1);
    if sweep.runs.iter().any(|runs| runs.len() != r) {
        return Err(bad(PlanError::From {
            path: dir.join("raw.csv"),
            message: format!(
                "does not hold {r} replications of every point, as sweep.json says: give the folder of a whole sweep (merge every shard first)"
            ),
        }));
    }
    // Every point gets all its replications in one round: nothing is run, all is decided.
    let settings = Settings {
        confidence: args.confidence,
        min_replications: r,
        max_replications: r,
        monotone: Vec::new(),
    };
    let out = args.out.clone().unwrap_or_else(|| {
        Path::new("output").join(format!("plan-{}-{}-from-sweep", sweep.scenario, sweep.seed))
    });
    let staged = super::stage(&out, FolderKind::Output, args.force)?;
    let outcome = search(&points, &targets, &settings, |work: &[(usize, usize)]| {
        Ok::<Vec<Measures>, CliError>(work.iter().map(|&(p, k)| sweep.runs[p][k]).collect())
    })?;
    Ok(Planned {
        ctx: PlanContext {
            scenario: sweep.scenario.clone(),
            seed: sweep.seed,
            axes: sweep.axes.iter().map(PlanAxis::name).collect(),
            targets,
            cost: cost.show(&names),
            confidence: args.confidence,
            replications: (r, r),
            monotone: Vec::new(),
            from: Some(dir.display().to_string()),
        },
        points,
        outcome,
        out,
        staged,
    })
}

/// Refuses a cost that is not a number at some point (a switch the sweep does not record, a
/// division by zero).
fn check_costs(points: &[PlanPoint]) -> Result<(), CliError> {
    match points.iter().find(|p| !p.cost.is_finite()) {
        Some(p) => Err(CliError::bad_input(format!(
            "--cost: is {} at the point {}: use switches the grid gives a value (the varied ones, and the scenario's preparers, tills, partitions, open_for), and no division by 0",
            p.cost,
            p.values.join(" ")
        ))),
        None => Ok(()),
    }
}

/// The `--monotone` switches as (axis index, name); a switch that cannot prune is dropped
/// with a note saying why.
fn monotone_axes(
    given: &[String],
    axes: &[PlanAxis],
    targets: &[Target],
) -> Result<Vec<(usize, String)>, CliError> {
    let mut out = Vec::new();
    for name in given {
        let switch = Switch::from_column(name).ok_or_else(|| {
            CliError::bad_input(format!(
                "--monotone {name}: unknown switch; valid: {}",
                Switch::ALL.map(Switch::column).join(", ")
            ))
        })?;
        let Some(axis) = axes.iter().position(|a| a.switches.contains(&switch)) else {
            return Err(CliError::bad_input(format!(
                "--monotone {name}: not a varied switch; varied: {}",
                axes.iter()
                    .map(PlanAxis::name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        match monotone_obstacle(switch, targets) {
            Some(why) => errln!("note: --monotone {name}: cannot prune: {why}; every point is run"),
            None if !out.iter().any(|(a, _)| *a == axis) => out.push((axis, axes[axis].name())),
            None => {}
        }
    }
    Ok(out)
}
