//! Charts for slides: PNG (1920x1080) and SVG pictures of a finished run or sweep, drawn from
//! its files.

mod data;
mod latency;
mod revenue;
mod stock;
mod style;
mod sweep;
mod sweep_data;
mod sweep_layout;
mod timeline;
mod utilisation;
mod waiting;
mod wasted;

use std::path::{Path, PathBuf};

use plotters::prelude::*;

pub use data::RunData;
pub use style::Theme;
pub use sweep::draw_sweep_charts;
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
    ($dir:expr, $opts:expr, $out:expr, $name:expr, $f:path, $($arg:expr),*) => {{
        let charts = $dir.join("charts");
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
/// series.csv) into `dir/charts/`, and returns the files written.
///
/// A chart is drawn only where it means something: no stock chart without stock series.
pub fn draw_charts(dir: &Path, options: &ChartOptions) -> Result<Vec<PathBuf>, OutputError> {
    let data = RunData::load(dir)?;
    style::register_font();
    let st = style::Style::new(options.theme, &data);
    let charts = dir.join("charts");
    std::fs::create_dir_all(&charts).map_err(|e| OutputError::io(&charts, e))?;
    let mut out = Vec::new();
    emit!(
        dir,
        options,
        out,
        "orders_waiting",
        waiting::draw,
        &data,
        &st
    );
    if !data.latencies().is_empty() {
        emit!(dir, options, out, "latency_cdf", latency::draw, &data, &st);
    }
    if !data.preparers.is_empty() {
        emit!(
            dir,
            options,
            out,
            "preparer_utilisation",
            utilisation::draw,
            &data,
            &st
        );
    }
    if !data.orders.is_empty() {
        emit!(dir, options, out, "revenue", revenue::draw, &data, &st);
    }
    if !wasted::wasted_orders(&data).is_empty() {
        emit!(dir, options, out, "wasted_food", wasted::draw, &data, &st);
    }
    if !timeline::first_orders(&data, options.timeline_orders).is_empty() {
        let n = options.timeline_orders;
        emit!(
            dir,
            options,
            out,
            "order_timeline",
            timeline::draw,
            &data,
            &st,
            n
        );
    }
    if !stock::stock_lines(&data).is_empty() {
        emit!(dir, options, out, "hot_cabinet", stock::draw, &data, &st);
    }
    Ok(out)
}

/// Draws the charts of whatever finished in `dir`: a sweep's (when it holds sweep.json, see
/// [`draw_sweep_charts`]), else a run's ([`draw_charts`]).
pub fn draw_folder_charts(dir: &Path, options: &ChartOptions) -> Result<Vec<PathBuf>, OutputError> {
    if dir.join("sweep.json").is_file() {
        draw_sweep_charts(dir, options)
    } else {
        draw_charts(dir, options)
    }
}
