//! Charts for slides: PNG (1920x1080) and SVG pictures of a finished run or sweep, drawn from
//! its files.

mod data;
mod latency;
mod revenue;
mod run_parse;
mod stock;
mod style;
mod sweep;
mod sweep_data;
mod sweep_layout;
mod thin;
mod timeline;
mod utilisation;
mod waiting;
mod wasted;

use std::path::{Path, PathBuf};

use plotters::prelude::*;

pub use data::RunData;
pub use style::Theme;
pub use sweep::{draw_sweep_charts, draw_sweep_data_charts};
pub use sweep_data::{Estimate, SweepAxis, SweepData, SweepMeasure};
pub use sweep_layout::{ChartLine, Marker, SweepChart, XScale, plan};

use super::OutputError;

/// Width and height of every chart, in pixels (16:9).
pub const SIZE: (u32, u32) = (1920, 1080);

/// Which files to draw for each chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Formats {
    /// PNG only.
    Png,
    /// SVG only.
    Svg,
    /// Both PNG and SVG.
    #[default]
    Both,
}

/// How to draw the charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartOptions {
    /// Light or dark background.
    pub theme: Theme,
    /// PNG, SVG or both.
    pub formats: Formats,
    /// Orders shown on the order timeline (the first N).
    pub timeline_orders: usize,
}

impl Default for ChartOptions {
    fn default() -> ChartOptions {
        ChartOptions {
            theme: Theme::Light,
            formats: Formats::Both,
            timeline_orders: 60,
        }
    }
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

macro_rules! emit {
    ($charts:expr, $opts:expr, $out:expr, $name:expr, $f:path, $($arg:expr),*) => {{
        let charts: &Path = $charts;
        if matches!($opts.formats, Formats::Png | Formats::Both) {
            let path = charts.join(format!("{}.png", $name));
            // Drawn under a temporary name (still ending in .png, which picks the encoder),
            // renamed when whole.
            let temp = charts.join(format!(".{}.partial.png", $name));
            {
                let root = BitMapBackend::new(&temp, SIZE).into_drawing_area();
                $f(&root, $($arg),*).map_err(|e| format_err(&path, e))?;
                root.present().map_err(|e| format_err(&path, e))?;
            }
            std::fs::rename(&temp, &path).map_err(|e| OutputError::io(&path, e))?;
            $out.push(path);
        }
        if matches!($opts.formats, Formats::Svg | Formats::Both) {
            let path = charts.join(format!("{}.svg", $name));
            let temp = charts.join(format!(".{}.partial.svg", $name));
            {
                let root = SVGBackend::new(&temp, SIZE).into_drawing_area();
                $f(&root, $($arg),*).map_err(|e| format_err(&path, e))?;
                root.present().map_err(|e| format_err(&path, e))?;
            }
            std::fs::rename(&temp, &path).map_err(|e| OutputError::io(&path, e))?;
            $out.push(path);
        }
    }};
}

use emit;

fn format_err(path: &Path, e: impl std::fmt::Display) -> OutputError {
    OutputError::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Draws the charts of the run in `dir` (its summary.json, orders.csv and, when present,
/// series.csv) into the folder `charts` (made if missing), and returns the files written.
pub fn draw_charts(
    dir: &Path,
    charts: &Path,
    options: &ChartOptions,
) -> Result<Vec<PathBuf>, OutputError> {
    draw_run_charts(&RunData::load(dir)?, charts, options)
}

/// Draws the charts of a run read with [`RunData::load`] into the folder `charts`.
///
/// A chart is drawn only where it means something: no stock chart without stock series.
pub fn draw_run_charts(
    data: &RunData,
    charts: &Path,
    options: &ChartOptions,
) -> Result<Vec<PathBuf>, OutputError> {
    style::register_font();
    let st = style::Style::new(options.theme, data);
    std::fs::create_dir_all(charts).map_err(|e| OutputError::io(charts, e))?;
    let mut out = Vec::new();
    emit!(
        charts,
        options,
        out,
        "orders_waiting",
        waiting::draw,
        data,
        &st
    );
    if !data.latencies().is_empty() {
        emit!(
            charts,
            options,
            out,
            "latency_cdf",
            latency::draw,
            data,
            &st
        );
    }
    if !data.preparers.is_empty() {
        emit!(
            charts,
            options,
            out,
            "preparer_utilisation",
            utilisation::draw,
            data,
            &st
        );
    }
    if !data.orders.is_empty() {
        emit!(charts, options, out, "revenue", revenue::draw, data, &st);
    }
    if !wasted::wasted_orders(data).is_empty() {
        emit!(charts, options, out, "wasted_food", wasted::draw, data, &st);
    }
    if !timeline::first_orders(data, options.timeline_orders).is_empty() {
        let n = options.timeline_orders;
        emit!(
            charts,
            options,
            out,
            "order_timeline",
            timeline::draw,
            data,
            &st,
            n
        );
    }
    if !stock::stock_lines(data).is_empty() {
        emit!(charts, options, out, "hot_cabinet", stock::draw, data, &st);
    }
    Ok(out)
}

/// A finished folder's data, read for charting: a run's or a sweep's.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartSource {
    /// A run's folder (summary.json, orders.csv, series.csv).
    Run(Box<RunData>),
    /// A sweep's folder (sweep.json).
    Sweep(SweepData),
}

impl ChartSource {
    /// Reads the run or sweep in `dir`: a sweep's when it holds sweep.json, a run's when it
    /// holds summary.json. Anything else (a shard's folder, an unfinished one, no folder) is an
    /// error that says what the folder is and what to do.
    pub fn load(dir: &Path) -> Result<ChartSource, OutputError> {
        match std::fs::metadata(dir) {
            Err(e) => return Err(OutputError::read(dir, e)),
            Ok(m) if !m.is_dir() => {
                return Err(OutputError::invalid(
                    dir,
                    None,
                    None,
                    "is a file: give the folder that `chipshop run` or `chipshop sweep` wrote",
                ));
            }
            Ok(_) => {}
        }
        if dir.join("sweep.json").exists() {
            return Ok(ChartSource::Sweep(SweepData::load(dir)?));
        }
        if dir.join("summary.json").exists() {
            return Ok(ChartSource::Run(Box::new(RunData::load(dir)?)));
        }
        // `sweep --shard K/N` writes shard.json (the sweep layer's SHARD_FILE).
        let message = if dir.join("shard.json").exists() {
            "holds one shard of a sweep (shard.json), and a sweep's charts need every shard: \
             merge the shards with `chipshop sweep merge SHARD_DIR... --out DIR`, which draws \
             the charts into DIR/charts/"
                .to_string()
        } else {
            "holds neither summary.json (a run's folder) nor sweep.json (a sweep's): give the \
             folder that `chipshop run` or `chipshop sweep` wrote"
                .to_string()
        };
        Err(OutputError::invalid(dir, None, None, message))
    }

    /// Draws this run's or sweep's charts into the folder `charts`.
    pub fn draw(&self, charts: &Path, options: &ChartOptions) -> Result<Vec<PathBuf>, OutputError> {
        match self {
            ChartSource::Run(data) => draw_run_charts(data, charts, options),
            ChartSource::Sweep(data) => sweep::draw_sweep_data_charts(data, charts, options),
        }
    }
}
