//! Reading a run's files back for its charts, strictly: summary.json, orders.csv and
//! series.csv as chipshop writes them, and nothing else. Every refusal names the file, the line
//! and the column or key, and what would be valid; no input can make it panic. Not the chart
//! data's shape (`data.rs`).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::data::{OrderRow, PreparerRow, RunData, RunSettings, items};
use crate::output::{ORDERS_CSV_HEADER, OutputError, SERIES_CSV_HEADER};
use crate::scenario::Overrides;

/// The latest time a run can reach: `u64::MAX` nanoseconds, in seconds.
const MAX_SECONDS: f64 = 18_446_744_073.709_553;

/// Columns orders.csv has had since the design's contract (id .. offset); later columns
/// (fry_start, make_start, duplicate) are optional, for runs of older chipshops.
const ORDERS_MIN_COLUMNS: usize = 11;

/// Most portions of one item in one order that the loader accepts (a price must fit).
const MAX_COUNT: u64 = 1_000_000;

pub(super) fn parse(
    dir: &Path,
    summary: &str,
    orders: &str,
    series: Option<&str>,
) -> Result<RunData, OutputError> {
    let summary_path = dir.join("summary.json");
    let s = Summary::parse(&summary_path, summary)?;
    let (orders, duplicate_rows) = parse_orders(&dir.join("orders.csv"), orders)?;
    let (series_names, series) = match series {
        Some(text) => parse_series(&dir.join("series.csv"), text)?,
        None => (Vec::new(), Vec::new()),
    };
    Ok(RunData {
        scenario: s.scenario,
        seed: s.seed,
        overrides: s.overrides,
        sim_end_s: s.sim_end_s,
        latency_quantiles: s.latency_quantiles,
        preparers: s.preparers,
        orders,
        duplicate_rows,
        series_names,
        series,
        oversold: s.oversold,
        sent_to_cook: s.sent_to_cook,
        redeliveries: s.redeliveries,
        duplicates: s.duplicates,
        cook_ratio: s.cook_ratio,
        settings: RunSettings::default(),
        window: None,
    })
}

/// The settings the charts use from a run's resolved scenario.toml (see [`RunSettings`]).
pub(super) fn settings(path: &Path, text: &str) -> Result<RunSettings, OutputError> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        OutputError::invalid(
            path,
            None,
            None,
            format!("not TOML as chipshop writes it: {}", e.message()),
        )
    })?;
    let get = |table: &str, key: &str| doc.get(table).and_then(|t| t.get(key));
    let web = get("web", "enabled").and_then(toml::Value::as_bool) == Some(true);
    let tills = get("tills", "count").and_then(toml::Value::as_integer);
    Ok(RunSettings {
        auto_commit_interval: get("kafka", "auto_commit_interval")
            .and_then(toml::Value::as_str)
            .map(str::to_string),
        web_till: match (web, tills) {
            (true, Some(n)) => u64::try_from(n).ok().map(|n| n + 1),
            _ => None,
        },
        scaling: get("scaling", "enabled").and_then(toml::Value::as_bool) == Some(true),
    })
}

struct Summary {
    scenario: String,
    seed: u64,
    overrides: Vec<String>,
    sim_end_s: f64,
    latency_quantiles: [f64; 3],
    preparers: Vec<PreparerRow>,
    oversold: u64,
    sent_to_cook: u64,
    redeliveries: u64,
    duplicates: u64,
    cook_ratio: Option<f64>,
}

/// A key of summary.json being read: its path (`preparers[2].busy_fraction`) for messages.
struct Key<'a> {
    file: &'a Path,
    name: String,
    value: &'a Value,
}

impl<'a> Key<'a> {
    fn bad(&self, message: impl Into<String>) -> OutputError {
        OutputError::invalid(self.file, None, Some(&self.name), message)
    }

    fn get(&self, key: &str) -> Result<Key<'a>, OutputError> {
        let name = if self.name.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.name)
        };
        match self.value.get(key) {
            Some(value) => Ok(Key {
                file: self.file,
                name,
                value,
            }),
            None => Err(OutputError::invalid(
                self.file,
                None,
                Some(&name),
                "missing: a chipshop run's summary.json has it",
            )),
        }
    }

    fn optional(&self, key: &str) -> Option<Key<'a>> {
        self.get(key).ok().filter(|k| !k.value.is_null())
    }

    fn text(&self) -> Result<String, OutputError> {
        match self.value.as_str() {
            Some(s) if !s.is_empty() => Ok(s.to_string()),
            _ => Err(self.bad(format!(
                "{} is not a name: give a non-empty string",
                self.value
            ))),
        }
    }

    fn whole(&self) -> Result<u64, OutputError> {
        self.value.as_u64().ok_or_else(|| {
            self.bad(format!(
                "{} is not a whole number from 0 to {}",
                self.value,
                u64::MAX
            ))
        })
    }

    fn seconds(&self) -> Result<f64, OutputError> {
        match self.value.as_f64() {
            Some(v) if (0.0..=MAX_SECONDS).contains(&v) => Ok(v),
            _ => Err(self.bad(format!(
                "{} is not a time: give seconds, a number from 0 to {MAX_SECONDS:.0}",
                self.value
            ))),
        }
    }

    fn fraction(&self) -> Result<f64, OutputError> {
        // A share of the run is a ratio of integer times: 1 + 1e-9 is rounding, 1.1 is not.
        match self.value.as_f64() {
            Some(v) if (-1e-9..=1.0 + 1e-9).contains(&v) => Ok(v.clamp(0.0, 1.0)),
            _ => Err(self.bad(format!(
                "{} is not a share of the run: give a number from 0 to 1",
                self.value
            ))),
        }
    }
}

impl Summary {
    fn parse(path: &Path, text: &str) -> Result<Summary, OutputError> {
        if text.trim().is_empty() {
            return Err(OutputError::invalid(
                path,
                None,
                None,
                "is empty: a run's summary.json is a JSON object (was the run cut short?)",
            ));
        }
        let doc: Value = serde_json::from_str(text).map_err(|e| {
            OutputError::invalid(
                path,
                Some(e.line()),
                None,
                format!("not JSON as chipshop writes it: {e}"),
            )
        })?;
        if !doc.is_object() {
            return Err(OutputError::invalid(
                path,
                None,
                None,
                "is not a JSON object: a run's summary.json is one",
            ));
        }
        let root = Key {
            file: path,
            name: String::new(),
            value: &doc,
        };
        let scenario = root.get("scenario")?.text()?;
        let seed = root.get("seed")?.whole()?;
        // Runs from before overrides were recorded have none.
        let overrides = match root.optional("overrides") {
            None => Vec::new(),
            Some(k) => serde_json::from_value::<Overrides>(k.value.clone())
                .map_err(|e| k.bad(format!("is not a table of switches and values: {e}")))?
                .describe(),
        };
        let sim_end_s = root.get("sim_end_s")?.seconds()?;
        let latency = root.get("latency_s")?;
        let mut latency_quantiles = [0.0; 3];
        for (q, key) in latency_quantiles.iter_mut().zip(["p50", "p90", "p99"]) {
            *q = latency.get(key)?.seconds()?;
        }
        let list = root.get("preparers")?;
        let Some(array) = list.value.as_array() else {
            return Err(list.bad("is not a list: give [] or a list of preparers"));
        };
        let mut preparers = Vec::with_capacity(array.len());
        for (i, value) in array.iter().enumerate() {
            let p = Key {
                file: path,
                name: format!("preparers[{i}]"),
                value,
            };
            let busy = p.get("busy_fraction")?.fraction()?;
            let or_zero = |key: &str| p.optional(key).map_or(Ok(0.0), |k| k.fraction());
            let partitions = match p.optional("partitions") {
                None => Vec::new(),
                Some(k) => match k.value.as_array() {
                    Some(names) => names
                        .iter()
                        .enumerate()
                        .map(|(j, v)| {
                            Key {
                                file: path,
                                name: format!("{}[{j}]", k.name),
                                value: v,
                            }
                            .text()
                        })
                        .collect::<Result<_, _>>()?,
                    None => return Err(k.bad("is not a list of partition names")),
                },
            };
            preparers.push(PreparerRow {
                id: p.get("id")?.whole()?,
                busy_fraction: busy,
                paused_fraction: or_zero("paused_fraction")?,
                idle_fraction: p
                    .optional("idle_fraction")
                    .map_or(Ok(1.0 - busy), |k| k.fraction())?,
                away_fraction: or_zero("away_fraction")?,
                partitions,
            });
        }
        // Counts that older runs, or runs without a cabinet or an analyst, may lack.
        let count = |table: &str, key: &str| {
            root.optional(table)
                .and_then(|t| t.optional(key))
                .map_or(Ok(0), |k| k.whole())
        };
        let cook_ratio = match root
            .optional("analytics")
            .and_then(|t| t.optional("cook_ratio"))
        {
            None => None,
            Some(k) => match k.value.as_f64() {
                Some(v) if v.is_finite() && v >= 0.0 => Some(v),
                _ => return Err(k.bad(format!("{} is not a ratio: give a number >= 0", k.value))),
            },
        };
        Ok(Summary {
            scenario,
            seed,
            overrides,
            sim_end_s,
            latency_quantiles,
            preparers,
            oversold: count("redis", "oversold")?,
            sent_to_cook: count("redis", "sent_to_cook")?,
            redeliveries: count("kafka", "redeliveries")?,
            duplicates: count("orders", "duplicates")?,
            cook_ratio,
        })
    }
}

/// The lines of a CSV file after its header, with their 1-based numbers; the header must be
/// `expected`, or (for orders.csv of older runs) a prefix of it with at least `min` columns.
fn csv_lines<'t>(
    path: &Path,
    text: &'t str,
    expected: &str,
    min: usize,
) -> Result<(usize, impl Iterator<Item = (usize, &'t str)>), OutputError> {
    let bad = |line, message: String| OutputError::invalid(path, line, None, message);
    if text.is_empty() {
        return Err(bad(
            None,
            format!("is empty: it starts with the header {expected} (was the run cut short?)"),
        ));
    }
    if !text.ends_with('\n') {
        let last = text.lines().count();
        return Err(bad(
            Some(last),
            "is cut short: the file ends in the middle of this line (was it truncated?)"
                .to_string(),
        ));
    }
    let header = text.lines().next().unwrap_or("");
    let columns = header.split(',').count();
    let prefix_of_expected = expected.split(',').take(columns).eq(header.split(','));
    if !(prefix_of_expected && columns >= min) {
        return Err(bad(
            Some(1),
            format!("the header is \"{header}\"; chipshop writes \"{expected}\""),
        ));
    }
    Ok((
        columns,
        text.lines().enumerate().skip(1).map(|(i, l)| (i + 1, l)),
    ))
}

/// A cell of a row being read, for messages.
struct Cell<'a> {
    path: &'a Path,
    line: usize,
    column: &'a str,
    text: &'a str,
}

impl Cell<'_> {
    fn bad(&self, message: impl Into<String>) -> OutputError {
        OutputError::invalid(self.path, Some(self.line), Some(self.column), message)
    }

    fn whole(&self) -> Result<u64, OutputError> {
        self.text.parse().map_err(|_| {
            self.bad(format!(
                "\"{}\" is not a whole number from 0 to {}",
                self.text,
                u64::MAX
            ))
        })
    }

    fn opt_whole(&self) -> Result<Option<u64>, OutputError> {
        if self.text.is_empty() {
            Ok(None)
        } else {
            self.whole().map(Some)
        }
    }

    fn time(&self) -> Result<f64, OutputError> {
        match self.text.parse::<f64>() {
            Ok(v) if (0.0..=MAX_SECONDS).contains(&v) => Ok(v),
            _ => Err(self.bad(format!(
                "\"{}\" is not a time: give seconds since opening, a number from 0 to {MAX_SECONDS:.0}",
                self.text
            ))),
        }
    }

    fn opt_time(&self) -> Result<Option<f64>, OutputError> {
        if self.text.is_empty() {
            Ok(None)
        } else {
            self.time().map(Some)
        }
    }

    /// `cod_and_chips+2xlarge_chips`: the price in pence, the first item's place on the menu
    /// and whether plaice is in it.
    fn items(&self) -> Result<(u64, usize, bool), OutputError> {
        let names: Vec<&str> = items().iter().map(|i| i.name()).collect();
        let mut price = 0u64;
        let mut first = None;
        let mut plaice = false;
        for part in self.text.split('+') {
            let (count, name) = match part.split_once('x') {
                Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                    let count = n
                        .parse::<u64>()
                        .ok()
                        .filter(|c| (1..=MAX_COUNT).contains(c));
                    let Some(count) = count else {
                        return Err(self.bad(format!(
                            "\"{part}\": a count is a whole number from 1 to {MAX_COUNT}"
                        )));
                    };
                    (count, rest)
                }
                _ => (1, part),
            };
            let Some(i) = names.iter().position(|n| *n == name) else {
                return Err(self.bad(format!(
                    "\"{part}\" is not on the menu: items are [COUNTx]NAME joined by +, names {}",
                    names.join(", ")
                )));
            };
            first.get_or_insert(i);
            plaice |= items()[i] == crate::model::Item::PlaiceAndChips;
            // Both below 2^20 and a price below 2^16: no order of a thousand parts overflows,
            // but a file can hold more parts than that.
            price = items()[i]
                .price_pence()
                .checked_mul(count)
                .and_then(|p| price.checked_add(p))
                .ok_or_else(|| self.bad("the order's price does not fit in 64 bits"))?;
        }
        Ok((price, first.unwrap_or(0), plaice))
    }
}

/// The orders (first makings) and the duplicates (`duplicate` 1), each in file order.
fn parse_orders(path: &Path, text: &str) -> Result<(Vec<OrderRow>, Vec<OrderRow>), OutputError> {
    let (columns, lines) = csv_lines(path, text, ORDERS_CSV_HEADER, ORDERS_MIN_COLUMNS)?;
    let header: Vec<&str> = ORDERS_CSV_HEADER.split(',').collect();
    let (mut orders, mut duplicates) = (Vec::new(), Vec::new());
    for (line, row) in lines {
        let cells: Vec<&str> = row.split(',').collect();
        if cells.len() != columns {
            return Err(OutputError::invalid(
                path,
                Some(line),
                None,
                format!(
                    "{} columns where the header has {columns} (a row cut short?)",
                    cells.len()
                ),
            ));
        }
        let cell = |c: usize| Cell {
            path,
            line,
            column: header[c],
            text: cells.get(c).copied().unwrap_or(""),
        };
        let opt_time = |c: usize| {
            if c < columns {
                cell(c).opt_time()
            } else {
                Ok(None)
            }
        };
        let placed = cell(3).time()?;
        let (price_pence, main_item, plaice) = cell(2).items()?;
        let till = cell(1).whole()?;
        let partition = cell(9).opt_whole()?;
        let _offset = cell(10).opt_whole()?;
        let order = OrderRow {
            id: cell(0).whole()?,
            placed,
            started: cell(4).opt_time()?,
            cooked: cell(5).opt_time()?,
            ready: cell(6).opt_time()?,
            collected: cell(7).opt_time()?,
            preparer: cell(8).opt_whole()?,
            fry_start: opt_time(11)?,
            make_start: opt_time(12)?,
            price_pence,
            main_item,
            plaice,
            till,
            partition,
        };
        check_order_times(&order, &|c: usize| cell(c))?;
        let duplicate = match cells.get(13).copied() {
            None | Some("0") => false,
            Some("1") => true,
            Some(other) => {
                return Err(cell(13).bad(format!(
                    "\"{other}\" is not 0 or 1: 1 marks an order made again after it was ready"
                )));
            }
        };
        if duplicate {
            duplicates.push(order);
        } else {
            orders.push(order);
        }
    }
    Ok((orders, duplicates))
}

/// An order's times in the order they happen: nothing before it was placed, collected after
/// ready, made up after a preparer started on it and before ready, fried before it came back.
fn check_order_times<'a>(
    o: &OrderRow,
    cell: &dyn Fn(usize) -> Cell<'a>,
) -> Result<(), OutputError> {
    let after = |t: Option<f64>, c: usize, earlier: Option<f64>, what: &str| match (t, earlier) {
        (Some(t), Some(e)) if t < e => Err(cell(c).bad(format!(
            "{t} is before {what} ({e}): an order's times go forwards"
        ))),
        _ => Ok(()),
    };
    let placed = Some(o.placed);
    after(o.started, 4, placed, "placed")?;
    after(o.cooked, 5, placed, "placed")?;
    after(o.ready, 6, placed, "placed")?;
    after(o.collected, 7, o.ready.or(placed), "ready")?;
    after(o.fry_start, 11, placed, "placed")?;
    after(o.cooked, 5, o.fry_start, "fry_start")?;
    after(o.make_start, 12, o.started.or(placed), "started")?;
    after(o.ready, 6, o.make_start, "make_start")?;
    Ok(())
}

type Series = (Vec<String>, Vec<(f64, u32, f64)>);

fn parse_series(path: &Path, text: &str) -> Result<Series, OutputError> {
    let (_, lines) = csv_lines(path, text, SERIES_CSV_HEADER, 3)?;
    let mut names: Vec<String> = Vec::new();
    let mut index: BTreeMap<&str, u32> = BTreeMap::new();
    let mut rows = Vec::new();
    let mut last = 0.0;
    for (line, row) in lines {
        let mut it = row.splitn(3, ',');
        let (Some(t), Some(name), Some(v)) = (it.next(), it.next(), it.next()) else {
            return Err(OutputError::invalid(
                path,
                Some(line),
                None,
                "fewer than 3 columns: rows are time_s,series,value (a row cut short?)",
            ));
        };
        let cell = |column, text| Cell {
            path,
            line,
            column,
            text,
        };
        let t = cell("time_s", t).time()?;
        if t < last {
            return Err(cell("time_s", "").bad(format!(
                "{t} is before the row above ({last}): rows are in time order"
            )));
        }
        last = t;
        if name.is_empty() {
            return Err(cell("series", name).bad("empty: give the series' name, e.g. lag:orders-0"));
        }
        let value = match v.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                return Err(cell("value", v).bad(format!(
                    "\"{v}\" is not a number: give a finite number, e.g. 12"
                )));
            }
        };
        let id = match index.get(name) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(names.len()).map_err(|_| {
                    cell("series", name).bad("more than 2^32 series: not a chipshop run")
                })?;
                names.push(name.to_string());
                index.insert(name, id);
                id
            }
        };
        rows.push((t, id, value));
    }
    Ok((names, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> &'static Path {
        Path::new("run")
    }

    const SUMMARY: &str = r#"{"scenario":"demo1","seed":1,"sim_end_s":60.0,
        "latency_s":{"p50":0.5,"p90":0.9,"p99":1.2},
        "preparers":[{"id":1,"busy_fraction":0.5,"partitions":["orders-0"]}]}"#;
    const ORDERS: &str = "id,till,items,placed,started,cooked,ready,collected,preparer,partition,offset,fry_start,make_start\n\
        1,1,cod_and_chips+2xlarge_chips,1.5,2.0,,3.0,3.0,1,0,0,,2.0\n";

    fn err(summary: &str, orders: &str, series: Option<&str>) -> String {
        parse(folder(), summary, orders, series)
            .expect_err("refused")
            .to_string()
    }

    #[test]
    fn duplicates_are_kept_apart_from_the_orders() {
        let orders = format!(
            "{ORDERS_CSV_HEADER}\n1,1,pie,1.0,2.0,,3.0,3.0,1,0,0,,2.0,0\n\
             1,1,pie,1.0,9.0,,10.0,,2,0,0,,9.0,1\n"
        );
        let d = parse(folder(), SUMMARY, &orders, None).unwrap();
        assert_eq!((d.orders.len(), d.duplicate_rows.len()), (1, 1));
        assert_eq!(d.duplicate_rows[0].ready, Some(10.0));
        // Older runs' files, without the column, are all orders.
        let d = parse(folder(), SUMMARY, ORDERS, None).unwrap();
        assert!(d.duplicate_rows.is_empty());
    }

    #[test]
    fn reads_what_chipshop_writes() {
        let series =
            "time_s,series,value\n0.000000000,lag:orders-0,0\n1.000000000,lag:orders-0,2\n";
        let d = parse(folder(), SUMMARY, ORDERS, Some(series)).unwrap();
        assert_eq!(d.orders[0].price_pence, 1050 + 900);
        assert_eq!(d.points().last(), Some((1.0, "lag:orders-0", 2.0)));
    }

    #[test]
    fn refusals_name_file_line_and_column() {
        // Rows of the 13 older columns get the 14th, `duplicate`.
        let row = |r: &str| {
            let tail = if r.split(',').count() == 13 { ",0" } else { "" };
            format!("{}\n{r}{tail}\n", ORDERS_CSV_HEADER)
        };
        for (orders, says) in [
            (
                row("1,1,pie,3,,,,,,,,,,yes"),
                "orders.csv:2: duplicate: \"yes\" is not 0 or 1",
            ),
            (
                row("1,1,pie,NaN,,,,,,,,,"),
                "orders.csv:2: placed: \"NaN\" is not a time",
            ),
            (row("1,1,pie,inf,,,,,,,,,"), "orders.csv:2: placed"),
            (row("1,1,pie,-3,,,,,,,,,"), "orders.csv:2: placed"),
            (
                row("1,1,pie,3,,,1,,,,,,"),
                "orders.csv:2: ready: 1 is before placed",
            ),
            (row("1,1,pie,3"), "orders.csv:2: 4 columns"),
            (
                row("1,1,fish,3,,,,,,,,,"),
                "orders.csv:2: items: \"fish\" is not on the menu",
            ),
            (
                row("1,1,99999999999999999999xpie,3,,,,,,,,,"),
                "orders.csv:2: items",
            ),
            (row("x,1,pie,3,,,,,,,,,"), "orders.csv:2: id"),
            ("".to_string(), "orders.csv: is empty"),
            (
                row("1,1,pie,3,,,,,,,,,").trim_end().to_string(),
                "orders.csv:2: is cut short",
            ),
            ("id,till\n".to_string(), "orders.csv:1: the header"),
        ] {
            let e = err(SUMMARY, &orders, None);
            assert!(e.contains(says), "{e} should say {says}");
        }
        for (summary, says) in [
            (
                r#"{"scenario": 5}"#.to_string(),
                "summary.json: scenario: 5 is not a name",
            ),
            ("".to_string(), "summary.json: is empty"),
            ("[1]".to_string(), "is not a JSON object"),
            (
                SUMMARY.replace("\"demo1\"", "5"),
                "summary.json: scenario: 5 is not a name",
            ),
            (SUMMARY.replace("60.0", "-1"), "summary.json: sim_end_s: -1"),
            (
                SUMMARY.replace("0.5,\"partitions\"", "1.5,\"partitions\""),
                "preparers[0].busy_fraction",
            ),
            (
                SUMMARY.replace("\"p99\":1.2", "\"p99\":null"),
                "latency_s.p99",
            ),
            (
                SUMMARY.replace(",\"seed\":1", ""),
                "summary.json: seed: missing",
            ),
        ] {
            let e = err(&summary, ORDERS, None);
            assert!(e.contains(says), "{e} should say {says}");
        }
        for (series, says) in [
            (
                "time_s,series,value\n1,lag:orders-0\n",
                "series.csv:2: fewer than 3 columns",
            ),
            (
                "time_s,series,value\n1,lag:orders-0,NaN\n",
                "series.csv:2: value",
            ),
            (
                "time_s,series,value\n2,a,1\n1,a,1\n",
                "series.csv:3: time_s: 1 is before",
            ),
            ("time_s,series,value\n1,,1\n", "series.csv:2: series: empty"),
        ] {
            let e = err(SUMMARY, ORDERS, Some(series));
            assert!(e.contains(says), "{e} should say {says}");
        }
    }

    #[test]
    fn no_input_panics() {
        // Every prefix of a valid folder's files, and some bytes that are not text at all.
        let series = "time_s,series,value\n0.5,lag:orders-0,1\n";
        for cut in 0..ORDERS.len() {
            let _ = parse(folder(), SUMMARY, &ORDERS[..cut], Some(series));
        }
        for cut in 0..SUMMARY.len() {
            let _ = parse(folder(), &SUMMARY[..cut], ORDERS, None);
        }
        for cut in 0..series.len() {
            let _ = parse(folder(), SUMMARY, ORDERS, Some(&series[..cut]));
        }
        let _ = parse(folder(), "\u{0}\u{ffff}", ",,,,\n,\n", Some(",\n\n"));
    }
}
