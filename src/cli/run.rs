//! `chipshop run`: one scenario, one seed, one set of output files.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;

use super::console::{errln, outln};
use super::error::CliError;
use super::interrupt::Interrupt;
use super::run_progress::RunProgress;
use crate::engine::SimDuration;
use crate::model::{ShopReport, run_shop_interruptible};
use crate::output::charts::{ChartOptions, Formats, Headline, RunData, draw_run_charts, headline};
use crate::output::{AtomicFile, CHARTS_DIR, FolderKind, RunFiles};
use crate::scenario::{
    AssignorKind, GroupProtocolKind, Overrides, Scenario, ScenarioError, parse_assignor_switch,
    parse_count_switch, parse_group_protocol_switch, parse_open_for_switch, parse_seed_switch,
    parse_share_switch, parse_static_switch,
};

/// Run a scenario and write its summary, orders and (with --trace) event trace.
#[derive(Args)]
pub(crate) struct RunArgs {
    /// A preset name (see `chipshop presets`) or a scenario file.
    #[arg(long, short)]
    scenario: String,
    /// Master seed (default: the scenario's).
    #[arg(long, allow_negative_numbers = true, value_parser = parse_seed_switch)]
    seed: Option<u64>,
    /// Output folder, replaced whole by this run (default: output/<scenario>-<seed>, with a
    /// suffix per switch that changes the scenario, e.g. output/demo3-1-tills5).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace the output folder even if it holds files chipshop did not write.
    #[arg(long)]
    force: bool,
    /// Also write the event trace, events.jsonl (one JSON line per event).
    #[arg(long)]
    trace: bool,
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
    /// The preparers' group protocol: classic or consumer (KIP-848).
    #[arg(long, value_parser = parse_group_protocol_switch)]
    group_protocol: Option<GroupProtocolKind>,
    /// The preparers' assignor: range, round_robin or cooperative_sticky (classic), uniform or
    /// range (consumer).
    #[arg(long, value_parser = parse_assignor_switch)]
    assignor: Option<AssignorKind>,
    /// Static membership for the preparers: true or false.
    #[arg(long = "static", value_parser = parse_static_switch)]
    static_members: Option<bool>,
    /// Skip drawing charts/.
    #[arg(long)]
    no_charts: bool,
    /// Print the run's estimated size (orders, events, each file's bytes) and where it would
    /// write, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Run even when the estimate is beyond the limits (1 GiB written, 500 million events,
    /// 5 million orders in memory at once).
    #[arg(long)]
    yes: bool,
    #[command(flatten)]
    chart_flags: super::chart::ChartFlags,
}

pub(crate) fn run(args: RunArgs) -> Result<(), CliError> {
    let base = super::load_scenario(&args.scenario)?;
    let overrides = Overrides {
        seed: args.seed,
        tills: args.tills,
        preparers: args.preparers,
        partitions: args.partitions,
        plaice_share: args.plaice_share,
        open_for: args.open_for,
        group_protocol: args.group_protocol,
        assignor: args.assignor,
        static_members: args.static_members,
    };
    let mut scenario = base.clone();
    scenario.apply(&overrides)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_folder(&base, &scenario, &overrides));
    let estimate = scenario.size_estimate();
    let charts = !args.no_charts;
    if args.dry_run {
        outln!(
            "{} (seed {}): a dry run, nothing written; a run would write {}",
            scenario.shop.name,
            scenario.shop.seed,
            out.display()
        )?;
        for line in estimate.report(args.trace, charts).lines() {
            outln!("{line}")?;
        }
        if let Err(too_big) = estimate.check(args.trace, charts) {
            outln!("refused without --yes: {too_big}")?;
        }
        return Ok(());
    }
    if !args.yes {
        estimate
            .check(args.trace, charts)
            .map_err(ScenarioError::from)?;
    }
    let chart_options = match args.no_charts {
        true => None,
        false => Some(args.chart_flags.options()?),
    };
    let interrupt = Interrupt::catch();
    let staged = super::stage(&out, FolderKind::Output, args.force)?;
    let started = Instant::now();
    let (report, headline) = write_run(
        &scenario,
        staged.path(),
        args.trace,
        chart_options.as_ref(),
        &interrupt,
    )?;
    // A signal while the charts were drawn still stops the run before it replaces anything.
    interrupt.check()?;
    staged.commit()?;
    print_summary(&report, &out, headline)?;
    let wall = started.elapsed().as_secs_f64();
    errln!(
        "{} events in {wall:.2} s wall ({:.1} M events/s)",
        report.events,
        report.events as f64 / wall / 1e6
    );
    Ok(())
}

/// `output/<scenario>-<seed>`, and a suffix for each switch that changed the scenario, in the
/// order of `--help` (`output/demo3-1-tills5-open-for30m`): runs of one scenario with
/// different switches go to different folders, and the same run always to the same one.
/// `--trace` and the chart switches change which files a run writes, not what it simulates,
/// so they add nothing: a rerun replaces the folder whole.
fn default_folder(base: &Scenario, scenario: &Scenario, o: &Overrides) -> PathBuf {
    let mut name = format!("{}-{}", scenario.shop.name, scenario.shop.seed);
    let changed = [
        (
            "tills",
            o.tills
                .filter(|&n| n != base.tills.count)
                .map(|n| n.to_string()),
        ),
        (
            "preparers",
            o.preparers
                .filter(|&n| n != base.preparers.count)
                .map(|n| n.to_string()),
        ),
        (
            "partitions",
            o.partitions
                .filter(|&n| n != base.kafka.orders_partitions)
                .map(|n| n.to_string()),
        ),
        (
            "plaice-share",
            o.plaice_share
                .filter(|&p| Some(p) != base.orders.plaice_share)
                .map(|p| p.to_string()),
        ),
        (
            "open-for",
            o.open_for
                .filter(|&d| d != base.shop.open_for)
                .map(|d| d.to_string()),
        ),
        (
            "",
            o.group_protocol
                .filter(|&p| p != base.kafka.group_protocol)
                .map(|p| p.name().to_string()),
        ),
        (
            "",
            o.assignor
                .filter(|&a| a != base.kafka.assignor())
                .map(|a| a.name().replace('_', "-")),
        ),
        (
            "static-",
            o.static_members
                .filter(|&b| b != base.preparers.static_members)
                .map(|b| b.to_string()),
        ),
    ];
    for (switch, value) in changed {
        if let Some(value) = value {
            name.push_str(&format!("-{switch}{value}"));
        }
    }
    Path::new("output").join(name)
}

/// The run's headline chart and the extension of the file that names it.
type HeadlineFile = (Headline, &'static str);

/// Runs the shop into the folder `out` (being built): writes the resolved scenario.toml, streams
/// orders.csv, series.csv (and the bulk file and trace), then writes summary.json, then draws
/// the charts.
fn write_run(
    scenario: &Scenario,
    out: &Path,
    trace: bool,
    charts: Option<&ChartOptions>,
    interrupt: &Interrupt,
) -> Result<(ShopReport, Option<HeadlineFile>), CliError> {
    // The scenario as it runs, first: a run cut short can still be run again.
    let resolved = scenario.to_resolved_toml()?;
    AtomicFile::write_all(&out.join("scenario.toml"), resolved.as_bytes())?;
    let mut files = RunFiles::create(out, scenario.analyst.enabled)?;
    let trace_file = if trace {
        Some(AtomicFile::create(&out.join("events.jsonl"))?)
    } else {
        None
    };
    let mut progress = RunProgress::new(&mut files, scenario.shop.open_for);
    let result =
        run_shop_interruptible(scenario, &mut progress, trace_file, Some(interrupt.flag()));
    progress.finish();
    let (report, trace_file) = result.map_err(|e| interrupt.shop_error(e))?;
    files.finish()?;
    if let Some(file) = trace_file {
        file.commit()?;
    }
    let mut json = serde_json::to_string_pretty(&report).map_err(|e| {
        CliError::Output(crate::output::OutputError::Format {
            path: out.join("summary.json"),
            message: e.to_string(),
        })
    })?;
    json.push('\n');
    AtomicFile::write_all(&out.join("summary.json"), json.as_bytes())?;
    let mut first = None;
    if let Some(options) = charts {
        interrupt.check()?;
        let data = RunData::load(out)?;
        draw_run_charts(&data, &out.join(CHARTS_DIR), options)?;
        let ext = match options.formats {
            Formats::Svg => "svg",
            Formats::Png | Formats::Both => "png",
        };
        first = Some((headline(&data, options), ext));
    }
    Ok((report, first))
}

/// Prints the human summary, naming the headline chart when charts were drawn.
fn print_summary(
    r: &ShopReport,
    out: &Path,
    headline: Option<(Headline, &str)>,
) -> Result<(), CliError> {
    let mut name = format!("{} (seed {}", r.scenario, r.seed);
    for o in r.overrides.describe() {
        name.push_str(", ");
        name.push_str(&o);
    }
    outln!(
        "{name}): {:.0} s simulated, {} events",
        r.sim_end_s,
        r.events
    )?;
    outln!(
        "  orders      {} placed, {} completed, {} in flight, {} duplicates; {:.1} completed per minute",
        r.orders.placed,
        r.orders.completed,
        r.orders.in_flight,
        r.orders.duplicates,
        r.throughput_per_min
    )?;
    outln!(
        "  wait        mean {:.2} s, p50 {:.2} s, p90 {:.2} s, p99 {:.2} s, max {:.2} s",
        r.wait_s.mean,
        r.wait_s.p50,
        r.wait_s.p90,
        r.wait_s.p99,
        r.wait_s.max
    )?;
    outln!(
        "  latency     mean {:.2} s, p50 {:.2} s, p90 {:.2} s, p99 {:.2} s, max {:.2} s",
        r.latency_s.mean,
        r.latency_s.p50,
        r.latency_s.p90,
        r.latency_s.p99,
        r.latency_s.max
    )?;
    for p in &r.preparers {
        outln!(
            "  preparer {:<3} {} orders, busy {:.0}%, owns {}",
            p.id,
            p.orders,
            p.busy_fraction * 100.0,
            if p.partitions.is_empty() {
                "nothing".to_string()
            } else {
                p.partitions.join(", ")
            }
        )?;
    }
    outln!(
        "  kafka       {} records, max lag {}, {} rebalances, {} redeliveries",
        r.kafka.records,
        r.kafka.max_lag,
        r.kafka.rebalances,
        r.kafka.redeliveries
    )?;
    if r.redis.commands > 0 {
        outln!(
            "  redis       {} commands, {} oversold, {} WATCH aborts, {} short (sent to the cook)",
            r.redis.commands,
            r.redis.oversold,
            r.redis.watch_aborts,
            r.redis.sent_to_cook
        )?;
    }
    outln!(
        "  revenue     £{}.{:02}",
        r.revenue_pence / 100,
        r.revenue_pence % 100
    )?;
    if r.preparers_added + r.preparers_removed > 0 {
        outln!(
            "  scaling     {} preparers added, {} removed",
            r.preparers_added,
            r.preparers_removed
        )?;
    }
    if r.orders.no_shows > 0 {
        outln!(
            "  waste       {} web no-shows, £{}.{:02} of food",
            r.orders.no_shows,
            r.wasted_pence / 100,
            r.wasted_pence % 100
        )?;
    }
    outln!("  files       {}", out.display())?;
    if let Some((h, ext)) = headline {
        let chart = out.join(CHARTS_DIR).join(format!("{}.{ext}", h.name));
        outln!("  headline    {}: {}", chart.display(), h.point)?;
    }
    Ok(())
}
