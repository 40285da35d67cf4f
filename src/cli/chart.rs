//! `chipshop chart DIR`: redraws the charts of a finished run or sweep from its files.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::console::outln;
use super::error::CliError;
use super::interrupt::Interrupt;
use crate::engine::SimDuration;
use crate::output::charts::{
    ANIMATION_FRAMES, ChartOptions, ChartSource, Formats, RunData, SvgText, Theme,
    animatable_charts, animate_chart, draw_comparison,
};
use crate::output::{CHARTS_DIR, FolderError, FolderKind};

#[derive(Clone, Copy, ValueEnum)]
enum ThemeArg {
    Light,
    Dark,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatsArg {
    Png,
    Svg,
    Both,
}

/// The look and the files of the charts: shared by `chipshop run`, `chipshop sweep` and
/// `chipshop chart`.
#[derive(Args)]
pub(crate) struct ChartLook {
    /// Light or dark charts (dark for dark slides).
    #[arg(long, value_enum, default_value = "light")]
    theme: ThemeArg,
    /// Which chart files to draw.
    #[arg(long, value_enum, default_value = "both")]
    charts: FormatsArg,
    /// How SVG files write text: as text in DejaVu Sans (falling back to any sans-serif), or as
    /// the glyphs' outlines, for slide tools without the font.
    #[arg(long, value_enum, default_value = "text")]
    svg_text: SvgTextArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum SvgTextArg {
    Text,
    Paths,
}

impl ChartLook {
    /// The drawing options these flags ask for, with the default timeline length.
    pub(crate) fn options(&self) -> ChartOptions {
        ChartOptions {
            theme: match self.theme {
                ThemeArg::Light => Theme::Light,
                ThemeArg::Dark => Theme::Dark,
            },
            formats: match self.charts {
                FormatsArg::Png => Formats::Png,
                FormatsArg::Svg => Formats::Svg,
                FormatsArg::Both => Formats::Both,
            },
            svg_text: match self.svg_text {
                SvgTextArg::Text => SvgText::Text,
                SvgTextArg::Paths => SvgText::Paths,
            },
            ..ChartOptions::default()
        }
    }
}

/// How a run's charts are drawn: shared by `chipshop chart` and `chipshop run`.
#[derive(Args)]
pub(crate) struct ChartFlags {
    #[command(flatten)]
    look: ChartLook,
    /// Orders on the order timeline (at most N from its window, up to 1000: a slide shows no
    /// more).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=1000))]
    timeline_orders: u64,
    /// Draw the run from this time on (e.g. 2m): every chart over time fits the window and
    /// draws nothing outside it.
    #[arg(long, allow_hyphen_values = true, value_parser = parse_window_time)]
    from: Option<SimDuration>,
    /// Draw the run up to this time (e.g. 5m); with --from, after it.
    #[arg(long, allow_hyphen_values = true, value_parser = parse_window_time)]
    to: Option<SimDuration>,
}

/// A window's end: a duration since opening, such as "90s" or "2m".
fn parse_window_time(text: &str) -> Result<SimDuration, String> {
    text.parse::<SimDuration>().map_err(|e| {
        format!("{e}: give a time since opening, such as \"90s\", \"2m\" or \"1m30s\"")
    })
}

impl ChartFlags {
    /// The drawing options these flags ask for; a window from --from and --to (either may be
    /// left out: from opening, to the run's end), or an error when --to is not after --from.
    pub(crate) fn options(&self) -> Result<ChartOptions, CliError> {
        let window = match (self.from, self.to) {
            (None, None) => None,
            (from, to) => {
                let from = from.unwrap_or(SimDuration::ZERO);
                if let Some(to) = to.filter(|&to| to <= from) {
                    return Err(CliError::BadInput(format!(
                        "--to {to} is not after --from {from}: give a window that ends after it starts"
                    )));
                }
                Some((
                    from.as_secs_f64(),
                    to.map_or(f64::INFINITY, SimDuration::as_secs_f64),
                ))
            }
        };
        Ok(ChartOptions {
            // At most 1000, by the switch's range.
            timeline_orders: usize::try_from(self.timeline_orders).unwrap_or(1000),
            window,
            ..self.look.options()
        })
    }
}

/// Redraw the charts of a finished run (DIR/charts/) from its summary, orders and series, or
/// of a sweep from its sweep.json. The charts' folder is replaced whole.
#[derive(Args)]
pub(crate) struct ChartArgs {
    /// The run's or the sweep's output folder.
    #[arg(required_unless_present = "compare", conflicts_with = "compare")]
    dir: Option<PathBuf>,
    /// Overlay two or more runs on shared axes, each line labelled by what differs between
    /// them (default --out: compare-A-vs-B beside the first run's folder).
    #[arg(long, num_args = 1.., value_name = "RUN_DIR")]
    compare: Vec<PathBuf>,
    /// Where the charts go (default: DIR/charts), e.g. to keep a dark set beside the light one.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace the charts' folder even if it holds files that are not charts.
    #[arg(long)]
    force: bool,
    /// Write only NAME.gif: the chart over time NAME (e.g. orders_waiting) filling in over the
    /// run, or the --from/--to window, as an animated GIF beside the charts already there.
    #[arg(long, value_name = "NAME", conflicts_with = "compare")]
    animate: Option<String>,
    #[command(flatten)]
    flags: ChartFlags,
}

pub(crate) fn run(args: ChartArgs) -> Result<(), CliError> {
    let Some(dir) = args.dir.clone() else {
        return compare(args);
    };
    let source = ChartSource::load(&dir)?;
    let options = args.flags.options()?;
    if let (ChartSource::Sweep(_), Some(_)) = (&source, options.window) {
        return Err(CliError::BadInput(
            "--from and --to cut a run's charts to a time window; a sweep's charts have no time axis"
                .to_string(),
        ));
    }
    if let (ChartSource::Run(data), Some((from, _))) = (&source, options.window) {
        if from >= data.sim_end_s {
            return Err(CliError::BadInput(format!(
                "--from {from}s is not before the run's end ({:.2}s): give a window inside the run",
                data.sim_end_s
            )));
        }
    }
    let interrupt = Interrupt::catch();
    let charts = args.out.clone().unwrap_or_else(|| dir.join(CHARTS_DIR));
    if let Some(name) = &args.animate {
        let ChartSource::Run(data) = &source else {
            return Err(CliError::BadInput(format!(
                "--animate {name}: {} is not a run's folder; only a run's charts over time fill in",
                dir.display()
            )));
        };
        return animate(data, name, &charts, &options, &interrupt);
    }
    let staged = super::stage(&charts, FolderKind::Charts, args.force)?;
    let files = source.draw(staged.path(), &options)?;
    interrupt.check()?;
    staged.commit()?;
    for f in files {
        if let Some(name) = f.file_name() {
            outln!("{}", charts.join(name).display())?;
        }
    }
    Ok(())
}

/// `chart DIR --animate NAME`: NAME.gif into `charts`, with a progress bar on stderr (hidden
/// when it is not a terminal).
fn animate(
    data: &RunData,
    name: &str,
    charts: &std::path::Path,
    options: &ChartOptions,
    interrupt: &Interrupt,
) -> Result<(), CliError> {
    // The file's name is accepted too (`orders_waiting.gif`, `orders_waiting.png`): it is what
    // a user sees in the charts folder.
    let name = [".gif", ".png", ".svg"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(name);
    let valid = animatable_charts(data, options);
    if !valid.contains(&name) {
        return Err(CliError::BadInput(format!(
            "--animate {name:?}: not a chart over time of this run; give one of: {}",
            valid.join(", ")
        )));
    }
    // Said before the frames are drawn, and as `run` and `chart` say it (not "File exists").
    if charts.exists() && !charts.is_dir() {
        return Err(FolderError::NotAFolder {
            path: charts.to_path_buf(),
        }
        .into());
    }
    let bar = indicatif::ProgressBar::new(ANIMATION_FRAMES as u64)
        .with_finish(indicatif::ProgressFinish::AndClear);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:20} frame {pos}/{len} of {msg}.gif")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(name.to_string());
    let stop = interrupt.flag();
    let written = animate_chart(data, name, charts, options, &mut |done, _| {
        bar.set_position(done as u64);
        !stop.load(std::sync::atomic::Ordering::Relaxed)
    })?;
    bar.finish_and_clear();
    interrupt.check()?;
    if let Some(path) = written {
        outln!("{}", path.display())?;
    }
    Ok(())
}

/// `chart --compare DIR1 DIR2 [...]`: the runs' comparison charts, through a staged folder.
fn compare(args: ChartArgs) -> Result<(), CliError> {
    if args.compare.len() < 2 {
        return Err(CliError::BadInput(format!(
            "--compare takes two or more run folders, given {}: e.g. --compare output/demo3-1 output/demo3-1-preparers3",
            args.compare.len()
        )));
    }
    let options = args.flags.options()?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_compare_out(&args.compare));
    let interrupt = Interrupt::catch();
    let staged = super::stage(&out, FolderKind::Charts, args.force)?;
    let files = draw_comparison(&args.compare, staged.path(), &options)?;
    interrupt.check()?;
    staged.commit()?;
    for f in files {
        if let Some(name) = f.file_name() {
            outln!("{}", out.join(name).display())?;
        }
    }
    Ok(())
}

/// `compare-A-vs-B` (the runs' folder names) beside the first run's folder.
fn default_compare_out(dirs: &[PathBuf]) -> PathBuf {
    let names: Vec<String> = dirs
        .iter()
        .map(|d| {
            d.file_name()
                .map_or_else(|| "run".into(), |n| n.to_string_lossy().into_owned())
        })
        .collect();
    let parent = dirs[0].parent().unwrap_or(std::path::Path::new("."));
    parent.join(format!("compare-{}", names.join("-vs-")))
}
