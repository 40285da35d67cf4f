//! Charts for slides: PNG (1920x1080) and SVG pictures of a finished run or sweep, drawn from
//! its files.

mod animate;
mod arrivals;
mod by_preparer;
mod compare;
mod data;
mod flow;
mod groups;
mod key;
mod latency;
mod owners;
mod plan_grid;
mod raster;
mod records;
mod revenue;
mod run_parse;
mod scaling;
mod spans;
mod stock;
mod style;
mod svg;
mod sweep;
mod sweep_bars;
mod sweep_data;
mod sweep_layout;
mod sweep_ways;
mod text;
mod thin;
mod timeline;
mod utilisation;
mod waiting;
mod wasted;
mod web_gap;
mod window;

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

pub use animate::{FRAMES as ANIMATION_FRAMES, animatable_charts, animate_chart};
pub use compare::draw_comparison;
pub use data::{RunData, RunSettings};
pub use plan_grid::draw_plan_chart;
use style::Style;
pub use style::Theme;
pub use sweep::{draw_sweep_charts, draw_sweep_data_charts};
pub use sweep_data::{Estimate, SweepAxis, SweepData, SweepMeasure};
pub use sweep_layout::{ChartLine, Marker, SweepChart, XScale, plan};
pub use text::SvgText;

use super::{AtomicFile, OutputError};

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
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartOptions {
    /// Light or dark background.
    pub theme: Theme,
    /// PNG, SVG or both.
    pub formats: Formats,
    /// Orders shown on the order timeline (at most N, from its window).
    pub timeline_orders: usize,
    /// How SVG files write their text.
    pub svg_text: SvgText,
    /// The part of the run to draw, from and to, in seconds (`from < to`; `to` may be infinite:
    /// to the run's end); none: all of it.
    pub window: Option<(f64, f64)>,
}

impl Default for ChartOptions {
    fn default() -> ChartOptions {
        ChartOptions {
            theme: Theme::Light,
            formats: Formats::Both,
            timeline_orders: 60,
            svg_text: SvgText::Text,
            window: None,
        }
    }
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// One chart, drawable on any plotters backend: the run charts and the sweep charts.
pub(super) trait Drawing {
    /// Draws the chart on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static;
}

/// Draws `chart` into `dir` as `name.png` and/or `name.svg`, each written whole under a
/// temporary name and renamed, and adds the files to `out`.
pub(super) fn emit(
    dir: &Path,
    options: &ChartOptions,
    name: &str,
    chart: &impl Drawing,
    out: &mut Vec<PathBuf>,
) -> Result<(), OutputError> {
    if matches!(options.formats, Formats::Png | Formats::Both) {
        let path = dir.join(format!("{name}.png"));
        // Still ending in .png, which picks the encoder.
        let temp = dir.join(format!(".{name}.partial.png"));
        {
            let root = raster::Raster(BitMapBackend::new(&temp, SIZE)).into_drawing_area();
            chart.draw(&root).map_err(|e| format_err(&path, e))?;
            root.present().map_err(|e| format_err(&path, e))?;
        }
        std::fs::rename(&temp, &path).map_err(|e| OutputError::io(&path, e))?;
        out.push(path);
    }
    if matches!(options.formats, Formats::Svg | Formats::Both) {
        let path = dir.join(format!("{name}.svg"));
        let mut text = String::new();
        let texts = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        {
            let root = svg::Vector {
                inner: SVGBackend::with_string(&mut text, SIZE),
                texts: texts.clone(),
                how: options.svg_text,
            }
            .into_drawing_area();
            chart.draw(&root).map_err(|e| format_err(&path, e))?;
            root.present().map_err(|e| format_err(&path, e))?;
        }
        let text = svg::finish(&text, &texts.borrow());
        AtomicFile::write_all(&path, text.as_bytes())?;
        out.push(path);
    }
    Ok(())
}

/// A run chart: which one, and what it draws from.
struct RunChart<'a> {
    kind: Kind,
    data: &'a RunData,
    st: &'a Style,
    options: &'a ChartOptions,
}

/// The run charts, by file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Flow,
    Waiting,
    ByPreparer,
    Owners,
    Records,
    Scaling,
    Groups,
    Latency,
    Utilisation,
    Revenue,
    Wasted,
    WebGap,
    Timeline,
    Stock,
}

/// Every run chart, in the order drawn after the headline.
const KINDS: [Kind; 14] = [
    Kind::Waiting,
    Kind::ByPreparer,
    Kind::Owners,
    Kind::Records,
    Kind::Scaling,
    Kind::Groups,
    Kind::Flow,
    Kind::Timeline,
    Kind::Stock,
    Kind::Latency,
    Kind::Utilisation,
    Kind::Revenue,
    Kind::Wasted,
    Kind::WebGap,
];

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Flow => "order_flow",
            Kind::Waiting => "orders_waiting",
            Kind::ByPreparer => "lag_by_preparer",
            Kind::Owners => "partition_owners",
            Kind::Records => "records_per_partition",
            Kind::Scaling => "lag_and_preparers",
            Kind::Groups => "groups_reading",
            Kind::Latency => "latency_cdf",
            Kind::Utilisation => "preparer_utilisation",
            Kind::Revenue => "revenue",
            Kind::Wasted => "wasted_food",
            Kind::WebGap => "web_made_to_collected",
            Kind::Timeline => "order_timeline",
            Kind::Stock => "hot_cabinet",
        }
    }

    /// Whether the chart plots time along x, so that it can fill in as an animation.
    fn over_time(self) -> bool {
        matches!(
            self,
            Kind::Waiting
                | Kind::ByPreparer
                | Kind::Owners
                | Kind::Records
                | Kind::Scaling
                | Kind::Groups
                | Kind::Stock
                | Kind::Revenue
                | Kind::WebGap
        )
    }

    /// The point the chart makes when it is a run's headline, in one sentence.
    fn point(self) -> &'static str {
        match self {
            Kind::Flow => "an order goes till → orders topic → preparer",
            Kind::Waiting => "the backlog grows while the tills are open, then drains",
            Kind::ByPreparer => "one preparer owns two partitions and falls behind",
            Kind::Owners => "which preparer owns which partition, and the gaps rebalances leave",
            Kind::Records => "each partition's log end, how far its owner has read and committed",
            Kind::Scaling => "lag against the number of preparers, each join a rebalance",
            Kind::Groups => "each group reads every order, at its own pace",
            Kind::Latency => "how long orders took",
            Kind::Utilisation => "where each preparer's time went",
            Kind::Revenue => "takings over the run",
            Kind::Wasted => "food made for web customers who never came",
            Kind::WebGap => "web orders wait for their customers; some are made for no one",
            Kind::Timeline => "orders finish out of sequence through the cook",
            Kind::Stock => "the cabinet's stock, and orders it could not serve",
        }
    }

    /// Whether the chart means something for this run.
    fn applies(self, data: &RunData, options: &ChartOptions) -> bool {
        match self {
            Kind::Waiting => true,
            Kind::Flow => flow::worth_drawing(data),
            Kind::ByPreparer => by_preparer::worth_drawing(data),
            Kind::Owners => owners::worth_drawing(data),
            Kind::Records => records::worth_drawing(data),
            Kind::Scaling => !scaling::preparers_line(data).is_empty(),
            Kind::Groups => groups::worth_drawing(data),
            Kind::Latency => !data.latencies().is_empty(),
            Kind::Utilisation => !data.preparers.is_empty(),
            Kind::Revenue => !data.orders.is_empty(),
            Kind::Wasted => !wasted::wasted_orders(data).is_empty(),
            Kind::WebGap => !web_gap::web_orders(data).is_empty(),
            Kind::Timeline => !timeline::first_orders(data, options.timeline_orders).is_empty(),
            Kind::Stock => !stock::stock_lines(data).is_empty(),
        }
    }
}

/// A run's headline chart: the one that makes its stage's point at a glance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Headline {
    /// The chart's file name without its extension (`order_timeline`).
    pub name: &'static str,
    /// The point it makes, in one sentence.
    pub point: &'static str,
}

/// The headline chart of a run, by what the run has (first rule that holds): a cabinet, its
/// stock; a crash, the partitions' owners; scaling, lag against preparers; service groups, each group's reading; web
/// no-shows, the wasted food; the cook, the order timeline; several preparers, lag by
/// preparer; a backlog of 10 or more, the orders waiting; else the flow of an order.
pub fn headline(data: &RunData, options: &ChartOptions) -> Headline {
    let backlog = waiting::total(&data.series_by("unread:"))
        .iter()
        .any(|p| p.1 >= 10.0);
    let cooked = data.orders.iter().any(|o| o.fry_start.is_some());
    let crashed = !spans::crashes(data).is_empty();
    let kind = [
        (Kind::Stock, true),
        (Kind::Owners, crashed),
        (Kind::Scaling, true),
        (Kind::Groups, true),
        (Kind::Wasted, true),
        (Kind::Timeline, cooked),
        (Kind::ByPreparer, true),
        (Kind::Waiting, backlog),
        (Kind::Flow, true),
    ]
    .into_iter()
    .find(|&(k, extra)| extra && k.applies(data, options))
    .map_or(Kind::Waiting, |(k, _)| k);
    Headline {
        name: kind.name(),
        point: kind.point(),
    }
}

impl Drawing for RunChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let (data, st) = (self.data, self.st);
        match self.kind {
            Kind::Flow => flow::draw(root, data, st),
            Kind::Waiting => waiting::draw(root, data, st),
            Kind::ByPreparer => by_preparer::draw(root, data, st),
            Kind::Owners => owners::draw(root, data, st),
            Kind::Records => records::draw(root, data, st),
            Kind::Scaling => scaling::draw(root, data, st),
            Kind::Groups => groups::draw(root, data, st),
            Kind::Latency => latency::draw(root, data, st),
            Kind::Utilisation => utilisation::draw(root, data, st),
            Kind::Revenue => revenue::draw(root, data, st),
            Kind::Wasted => wasted::draw(root, data, st),
            Kind::WebGap => web_gap::draw(root, data, st),
            Kind::Timeline => timeline::draw(root, data, st, self.options.timeline_orders),
            Kind::Stock => stock::draw(root, data, st),
        }
    }
}

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

/// Draws the charts of a run read with [`RunData::load`] into the folder `charts`, the
/// headline chart first (see [`headline`]), cut to the options' window if any.
///
/// A chart is drawn only where it means something: no stock chart without stock series.
pub fn draw_run_charts(
    data: &RunData,
    charts: &Path,
    options: &ChartOptions,
) -> Result<Vec<PathBuf>, OutputError> {
    let data = window::for_options(data, options);
    let data = &*data;
    style::register_font();
    let st = style::Style::new(options.theme, data);
    std::fs::create_dir_all(charts).map_err(|e| OutputError::io(charts, e))?;
    let first = headline(data, options).name;
    let mut kinds: Vec<Kind> = KINDS
        .into_iter()
        .filter(|k| k.applies(data, options))
        .collect();
    if let Some(i) = kinds.iter().position(|k| k.name() == first) {
        let k = kinds.remove(i);
        kinds.insert(0, k);
    }
    let mut out = Vec::new();
    for kind in kinds {
        let chart = RunChart {
            kind,
            data,
            st: &st,
            options,
        };
        emit(charts, options, kind.name(), &chart, &mut out)?;
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
    /// A plan's folder (plan.json), read when drawn.
    Plan(PathBuf),
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
        if dir.join("plan.json").exists() {
            return Ok(ChartSource::Plan(dir.to_path_buf()));
        }
        // `sweep --shard K/N` writes shard.json (the sweep layer's SHARD_FILE).
        let message = if dir.join("shard.json").exists() {
            "holds one shard of a sweep (shard.json), and a sweep's charts need every shard: \
             merge the shards with `chipshop sweep merge SHARD_DIR... --out DIR`, which draws \
             the charts into DIR/charts/"
                .to_string()
        } else {
            "holds neither summary.json (a run's folder), sweep.json (a sweep's) nor plan.json \
             (a plan's): give the folder that `chipshop run`, `sweep` or `plan` wrote"
                .to_string()
        };
        Err(OutputError::invalid(dir, None, None, message))
    }

    /// Draws this run's or sweep's charts into the folder `charts`.
    pub fn draw(&self, charts: &Path, options: &ChartOptions) -> Result<Vec<PathBuf>, OutputError> {
        match self {
            ChartSource::Run(data) => draw_run_charts(data, charts, options),
            ChartSource::Sweep(data) => sweep::draw_sweep_data_charts(data, charts, options),
            ChartSource::Plan(dir) => draw_plan_chart(dir, charts, options),
        }
    }
}
