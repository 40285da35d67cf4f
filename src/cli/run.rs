//! `chipshop run`: one scenario, one seed, one set of output files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use super::run_progress::RunProgress;
use crate::engine::SimDuration;
use crate::model::{ShopReport, run_shop};
use crate::output::charts::{ChartOptions, draw_charts};
use crate::output::{AtomicFile, RunFiles};
use crate::scenario::{
    Overrides, Scenario, parse_count_switch, parse_open_for_switch, parse_seed_switch,
    parse_share_switch,
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
    /// Output folder (default: output/<scenario>-<seed>/).
    #[arg(long)]
    out: Option<PathBuf>,
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
    /// Skip drawing charts/.
    #[arg(long)]
    no_charts: bool,
    #[command(flatten)]
    chart_flags: super::chart::ChartFlags,
}

pub(crate) fn run(args: RunArgs) -> ExitCode {
    let mut scenario = match Scenario::load_with_warnings(&args.scenario) {
        Ok((s, warnings)) => {
            super::print_warnings(&warnings);
            s
        }
        Err(e) => return super::bad_input(e),
    };
    let overrides = Overrides {
        seed: args.seed,
        tills: args.tills,
        preparers: args.preparers,
        partitions: args.partitions,
        plaice_share: args.plaice_share,
        open_for: args.open_for,
    };
    if let Err(e) = scenario.apply(&overrides) {
        return super::bad_input(e);
    }
    let out = args.out.unwrap_or_else(|| {
        Path::new("output").join(format!("{}-{}", scenario.shop.name, scenario.shop.seed))
    });
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!(
            "error: {}: cannot create the output folder: {e}",
            out.display()
        );
        return ExitCode::FAILURE;
    }
    let started = Instant::now();
    let charts = (!args.no_charts).then(|| args.chart_flags.options());
    match write_run(&scenario, &out, args.trace, charts.as_ref()) {
        Ok(report) => {
            print_summary(&report, &out);
            eprintln!(
                "{} events in {:.2} s wall ({:.1} M events/s)",
                report.events,
                started.elapsed().as_secs_f64(),
                report.events as f64 / started.elapsed().as_secs_f64() / 1e6
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the shop, streaming orders.csv, series.csv (and the bulk file and trace), then writes
/// summary.json last.
fn write_run(
    scenario: &Scenario,
    out: &Path,
    trace: bool,
    charts: Option<&ChartOptions>,
) -> Result<ShopReport, String> {
    let mut files = RunFiles::create(out, scenario.analyst.enabled).map_err(|e| e.to_string())?;
    let trace_file = if trace {
        Some(AtomicFile::create(&out.join("events.jsonl")).map_err(|e| e.to_string())?)
    } else {
        None
    };
    let mut progress = RunProgress::new(&mut files, scenario.shop.open_for);
    let result = run_shop(scenario, &mut progress, trace_file);
    progress.finish();
    let (report, trace_file) = result.map_err(|e| e.to_string())?;
    files.finish().map_err(|e| e.to_string())?;
    if let Some(file) = trace_file {
        file.commit().map_err(|e| e.to_string())?;
    }
    let mut json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    json.push('\n');
    AtomicFile::write_all(&out.join("summary.json"), json.as_bytes()).map_err(|e| e.to_string())?;
    if let Some(options) = charts {
        draw_charts(out, options).map_err(|e| e.to_string())?;
    }
    Ok(report)
}

/// Prints the human summary; a closed stdout (`| head`) is not an error worth a panic.
fn print_summary(r: &ShopReport, out: &Path) {
    use std::io::Write;
    let mut so = std::io::stdout().lock();
    let _ = writeln!(
        so,
        "{} (seed {}): {:.0} s simulated, {} events",
        r.scenario, r.seed, r.sim_end_s, r.events
    );
    let _ = writeln!(
        so,
        "  orders      {} placed, {} completed, {} in flight, {} duplicates; {:.1} completed per minute",
        r.orders.placed,
        r.orders.completed,
        r.orders.in_flight,
        r.orders.duplicates,
        r.throughput_per_min
    );
    let _ = writeln!(
        so,
        "  wait        mean {:.2} s, p50 {:.2} s, p90 {:.2} s, p99 {:.2} s, max {:.2} s",
        r.wait_s.mean, r.wait_s.p50, r.wait_s.p90, r.wait_s.p99, r.wait_s.max
    );
    let _ = writeln!(
        so,
        "  latency     mean {:.2} s, p50 {:.2} s, p90 {:.2} s, p99 {:.2} s, max {:.2} s",
        r.latency_s.mean, r.latency_s.p50, r.latency_s.p90, r.latency_s.p99, r.latency_s.max
    );
    for p in &r.preparers {
        let _ = writeln!(
            so,
            "  preparer {:<3} {} orders, busy {:.0}%, owns {}",
            p.id,
            p.orders,
            p.busy_fraction * 100.0,
            if p.partitions.is_empty() {
                "nothing".to_string()
            } else {
                p.partitions.join(", ")
            }
        );
    }
    let _ = writeln!(
        so,
        "  kafka       {} records, max lag {}, {} rebalances, {} redeliveries",
        r.kafka.records, r.kafka.max_lag, r.kafka.rebalances, r.kafka.redeliveries
    );
    if r.redis.commands > 0 {
        let _ = writeln!(
            so,
            "  redis       {} commands, {} oversold, {} WATCH aborts, {} short (sent to the cook)",
            r.redis.commands, r.redis.oversold, r.redis.watch_aborts, r.redis.sent_to_cook
        );
    }
    let _ = writeln!(
        so,
        "  revenue     £{}.{:02}",
        r.revenue_pence / 100,
        r.revenue_pence % 100
    );
    if r.preparers_added + r.preparers_removed > 0 {
        let _ = writeln!(
            so,
            "  scaling     {} preparers added, {} removed",
            r.preparers_added, r.preparers_removed
        );
    }
    if r.orders.no_shows > 0 {
        let _ = writeln!(
            so,
            "  waste       {} web no-shows, £{}.{:02} of food",
            r.orders.no_shows,
            r.wasted_pence / 100,
            r.wasted_pence % 100
        );
    }
    let _ = writeln!(so, "  files       {}", out.display());
}
