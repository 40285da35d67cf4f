//! `chart --compare`: several runs overlaid on shared axes (orders waiting, latency, throughput,
//! the cabinet's stock), each run's line labelled by what differs between the runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::data::RunData;
use super::key::{self, Swatch};
use super::style::{Style, tick};
use super::thin::thin;
use super::{ChartOptions, DrawResult, Drawing, emit, latency, stock, waiting};
use crate::output::OutputError;

/// The switches' names for the keys they set, so that a label reads as the command line does.
const SWITCH_NAMES: [(&str, &str); 6] = [
    ("shop.seed", "seed"),
    ("tills.count", "tills"),
    ("preparers.count", "preparers"),
    ("kafka.orders_partitions", "partitions"),
    ("shop.open_for", "open for"),
    ("orders.plaice_share", "plaice share"),
];

/// Most settings named in one run's label; beyond, the label counts the rest.
const MAX_LABEL_FACTS: usize = 2;

/// One run of a comparison: its label and its data.
struct Compared {
    label: String,
    data: RunData,
}

/// A run's facts for labelling: scenario, seed and every key of its resolved scenario.toml
/// (but `shop.overrides`, which repeats the keys the switches set).
fn facts(dir: &Path, data: &RunData) -> Result<BTreeMap<String, String>, OutputError> {
    let mut facts = BTreeMap::new();
    facts.insert("scenario".to_string(), data.scenario.clone());
    facts.insert("shop.seed".to_string(), data.seed.to_string());
    let path = dir.join("scenario.toml");
    if path.exists() {
        let text = std::fs::read_to_string(&path).map_err(|e| OutputError::read(&path, e))?;
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            OutputError::invalid(&path, None, None, format!("is not TOML: {e}"))
        })?;
        flatten("", &toml::Value::Table(table), &mut facts);
        facts.retain(|k, _| !k.starts_with("shop.overrides."));
    }
    Ok(facts)
}

/// Every leaf of `value` under its dotted key (`preparers.count`, `faults.1.at`).
fn flatten(prefix: &str, value: &toml::Value, out: &mut BTreeMap<String, String>) {
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match value {
        toml::Value::Table(t) => t.iter().for_each(|(k, v)| flatten(&key(k), v, out)),
        toml::Value::Array(a) if a.iter().all(toml::Value::is_table) && !a.is_empty() => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| flatten(&key(&(i + 1).to_string()), v, out)),
        toml::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

/// Each run's label, one fact a line: the settings whose values differ between the runs
/// ("preparers 3"), at most [`MAX_LABEL_FACTS`] of them, then a count of the rest; the
/// folder's name where nothing differs. Where the scenarios differ, the scenario's name and
/// the switches' keys only (the scenario explains the rest).
fn labels(facts: &[BTreeMap<String, String>], folders: &[String]) -> Vec<Vec<String>> {
    let keys: std::collections::BTreeSet<&String> = facts.iter().flat_map(|f| f.keys()).collect();
    let switch = |k: &str| SWITCH_NAMES.iter().position(|s| s.0 == k);
    let mut differ: Vec<&String> = keys
        .into_iter()
        .filter(|k| facts.iter().any(|f| f.get(*k) != facts[0].get(*k)))
        .collect();
    if differ.is_empty() {
        return folders.iter().map(|f| vec![f.clone()]).collect();
    }
    if differ.iter().any(|k| k.as_str() == "scenario") {
        differ.retain(|k| k.as_str() == "scenario" || switch(k).is_some());
    }
    // The scenario first, then the switches' keys in the switches' order, then the rest.
    differ.sort_by_key(|k| match k.as_str() {
        "scenario" => (0, 0),
        k => switch(k).map_or((2, 0), |i| (1, i)),
    });
    facts
        .iter()
        .map(|f| {
            let mut said: Vec<String> = differ
                .iter()
                .take(MAX_LABEL_FACTS)
                .map(|k| {
                    let value = f.get(*k).map_or("(unset)", String::as_str);
                    match k.as_str() {
                        "scenario" => value.to_string(),
                        k => {
                            let name = switch(k).map_or(k, |i| SWITCH_NAMES[i].1);
                            format!("{name} {value}")
                        }
                    }
                })
                .collect();
            if differ.len() > MAX_LABEL_FACTS {
                said.push(format!("and {} more", differ.len() - MAX_LABEL_FACTS));
            }
            said
        })
        .collect()
}

/// The comparison charts.
#[derive(Clone, Copy)]
enum Kind {
    Waiting,
    Latency,
    Throughput,
    Stock,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Waiting => "compare_orders_waiting",
            Kind::Latency => "compare_latency_cdf",
            Kind::Throughput => "compare_throughput",
            Kind::Stock => "compare_hot_cabinet",
        }
    }
}

/// A run's orders waiting in total: waiting to be read where the run has it, else Kafka's lag.
fn waiting_line(data: &RunData) -> Vec<(f64, f64)> {
    let unread = data.series_by("unread:");
    if unread.is_empty() {
        waiting::total(&data.series_by("lag:orders-"))
    } else {
        waiting::total(&unread)
    }
}

/// The width of a throughput bucket, in seconds: about 40 buckets over `span`, at least 10 s.
fn bucket_width(span: f64) -> f64 {
    (span / 40.0).max(10.0).round()
}

/// Orders ready per minute in each bucket of `width` seconds from `start` to `end`, at the
/// buckets' middles; the last bucket, cut short by the run's end, counts over what it covers
/// (so a run's end is not drawn as a drop), and is left out under a quarter of a bucket.
fn throughput(data: &RunData, start: f64, end: f64, width: f64) -> Vec<(f64, f64)> {
    let buckets = (((end - start) / width).ceil() as usize).max(1);
    let mut counts = vec![0u64; buckets];
    for r in data.orders.iter().filter_map(|o| o.ready) {
        if r >= start && r <= end {
            let i = (((r - start) / width) as usize).min(buckets - 1);
            counts[i] += 1;
        }
    }
    counts
        .iter()
        .enumerate()
        .filter_map(|(i, &n)| {
            let a = start + i as f64 * width;
            let covered = (a + width).min(end) - a;
            (covered >= width / 4.0).then(|| (a + covered / 2.0, n as f64 * 60.0 / covered))
        })
        .collect()
}

/// A line of points: (x, y).
type Line = Vec<(f64, f64)>;

/// One comparison chart of all the runs.
struct CompareChart<'a> {
    kind: Kind,
    runs: &'a [Compared],
    st: &'a Style,
}

impl Drawing for CompareChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let st = self.st;
        st.frame(root)?;
        let start = self
            .runs
            .iter()
            .map(|r| r.data.start())
            .fold(f64::INFINITY, f64::min);
        let end = self.runs.iter().map(|r| r.data.end()).fold(0.0, f64::max);
        let width = bucket_width(end - start);
        let (title, x_desc, y_desc, lines): (String, &str, &str, Vec<Line>) = match self.kind {
            Kind::Waiting => (
                "Orders waiting to be read, in total".to_string(),
                "time since opening (s)",
                "orders waiting",
                self.runs.iter().map(|r| waiting_line(&r.data)).collect(),
            ),
            Kind::Latency => (
                "How long orders took: placed to ready".to_string(),
                "latency (s)",
                "orders at most this slow (%)",
                self.runs
                    .iter()
                    .map(|r| {
                        let xs: Vec<f64> = r.data.latencies().iter().map(|l| l.0).collect();
                        latency::cdf(&xs)
                    })
                    .collect(),
            ),
            Kind::Throughput => (
                format!("Orders ready per minute ({width:.0} s buckets)"),
                "time since opening (s)",
                "orders ready per minute",
                self.runs
                    .iter()
                    .map(|r| throughput(&r.data, start, r.data.end(), width))
                    .collect(),
            ),
            Kind::Stock => (
                "Portions in the hot cabinet, all items".to_string(),
                "time since opening (s)",
                "portions",
                self.runs
                    .iter()
                    .map(|r| waiting::total(&stock::stock_lines(&r.data)))
                    .collect(),
            ),
        };
        let (x0, x1) = match self.kind {
            Kind::Latency => (
                0.0,
                lines.iter().flatten().map(|p| p.0).fold(1e-3, f64::max) * 1.05,
            ),
            _ => (start, end),
        };
        let y0 = lines.iter().flatten().map(|p| p.1).fold(0.0, f64::min);
        let y1 = lines.iter().flatten().map(|p| p.1).fold(1.0, f64::max) * 1.08;
        let (plot, key_area) = key::split(root);
        let mut chart = st
            .builder(&plot, &title, 150)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        st.mesh(&mut chart.configure_mesh())
            .x_desc(x_desc)
            .y_desc(y_desc)
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .draw()?;
        let mut entries = Vec::new();
        for (i, (run, line)) in self.runs.iter().zip(&lines).enumerate() {
            let c = st.colour(i);
            chart.draw_series(LineSeries::new(thin(line), c.stroke_width(5)))?;
            entries.push((run.label.clone(), Swatch::Line(c, 8)));
        }
        key::draw(&key_area, st, &entries)?;
        Ok(())
    }
}

/// Reads the runs in `dirs` (two or more) and draws their comparison charts into `charts`,
/// each cut to the options' window if any; returns the files written. A folder that is not a
/// run's is an error naming it.
pub fn draw_comparison(
    dirs: &[PathBuf],
    charts: &Path,
    options: &ChartOptions,
) -> Result<Vec<PathBuf>, OutputError> {
    let mut all_facts = Vec::new();
    let mut datas = Vec::new();
    let mut folders = Vec::new();
    for dir in dirs {
        if !dir.join("summary.json").is_file() {
            return Err(OutputError::invalid(
                dir,
                None,
                None,
                "holds no summary.json: --compare takes the folders `chipshop run` wrote",
            ));
        }
        let data = RunData::load(dir)?;
        all_facts.push(facts(dir, &data)?);
        let data = match options.window {
            Some((from, to)) => data.windowed(from, to.min(data.sim_end_s.max(from + 1.0))),
            None => data,
        };
        datas.push(data);
        folders.push(
            dir.file_name()
                .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into()),
        );
    }
    let labels = labels(&all_facts, &folders);
    let note = labels
        .iter()
        .map(|l| l.join(" · "))
        .collect::<Vec<_>>()
        .join(" vs ");
    let runs: Vec<Compared> = labels
        .into_iter()
        .zip(datas)
        .map(|(label, data)| Compared {
            label: label.join("\n"),
            data,
        })
        .collect();
    super::style::register_font();
    let st = Style::with_note(options.theme, note);
    std::fs::create_dir_all(charts).map_err(|e| OutputError::io(charts, e))?;
    let mut kinds = vec![Kind::Waiting, Kind::Latency, Kind::Throughput];
    if runs.iter().all(|r| !stock::stock_lines(&r.data).is_empty()) {
        kinds.push(Kind::Stock);
    }
    let mut out = Vec::new();
    for kind in kinds {
        let chart = CompareChart {
            kind,
            runs: &runs,
            st: &st,
        };
        emit(charts, options, kind.name(), &chart, &mut out)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn labels_name_what_differs() {
        let a = f(&[("scenario", "demo3"), ("preparers.count", "2")]);
        let b = f(&[("scenario", "demo3"), ("preparers.count", "3")]);
        let folders = ["a".to_string(), "b".to_string()];
        assert_eq!(
            labels(&[a.clone(), b], &folders),
            [["preparers 2"], ["preparers 3"]]
        );
        assert_eq!(labels(&[a.clone(), a.clone()], &folders), [["a"], ["b"]]);
        // Other scenarios: their names and the switches' keys, not every key that follows.
        let c = f(&[
            ("scenario", "race"),
            ("preparers.count", "3"),
            ("cabinet.batch.cod", "6"),
        ]);
        assert_eq!(
            labels(&[a, c], &folders),
            [["demo3", "preparers 2"], ["race", "preparers 3"]]
        );
    }

    #[test]
    fn throughput_counts_orders_per_minute() {
        let mut d = RunData::parse(
            Path::new("run"),
            r#"{"scenario":"x","seed":1,"sim_end_s":60.0,
            "latency_s":{"p50":0.5,"p90":0.9,"p99":1.2},"preparers":[]}"#,
            "id,till,items,placed,started,cooked,ready,collected,preparer,partition,offset\n\
             1,1,pie,1.0,,,5.0,5.0,,,\n2,1,pie,1.0,,,6.0,6.0,,,\n",
            None,
        )
        .unwrap();
        d.window = None;
        let t = throughput(&d, 0.0, 60.0, 30.0);
        assert_eq!(t, [(15.0, 4.0), (45.0, 0.0)]);
        // A run ending 10 s into its second bucket: that bucket counts over 10 s.
        assert_eq!(throughput(&d, 0.0, 40.0, 30.0), [(15.0, 4.0), (35.0, 0.0)]);
    }
}
