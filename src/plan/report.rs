//! What a plan says: the table `chipshop plan` prints and plan.json. Only simulated results
//! go in, never wall-clock figures, so both are the same whatever `--jobs`.

use serde_json::{Map, Value, json};

use super::search::{How, Outcome, PlanPoint, PointResult};
use super::target::Target;
use crate::sweep::MEASURES;

/// What a plan was asked, for its outputs.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanContext {
    /// The scenario's name.
    pub scenario: String,
    /// The master seed.
    pub seed: u64,
    /// The axes' names (`preparers`, `preparers=partitions`).
    pub axes: Vec<String>,
    /// The targets.
    pub targets: Vec<Target>,
    /// The cost, written out.
    pub cost: String,
    /// The confidence of each interval.
    pub confidence: f64,
    /// Replications of a point at first, and at the most.
    pub replications: (usize, usize),
    /// The monotone axes that pruned.
    pub monotone: Vec<String>,
    /// The finished sweep decided from (`--from`), if any.
    pub from: Option<String>,
}

/// A point's values as `preparers=4 partitions=6`.
fn label(ctx: &PlanContext, p: &PlanPoint) -> String {
    ctx.axes
        .iter()
        .zip(&p.values)
        .map(|(a, v)| format!("{a}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn how(h: How, points: &[PlanPoint], ctx: &PlanContext) -> String {
    match h {
        How::Measured => "measured".into(),
        How::Inferred { from } => format!("inferred from {}", label(ctx, &points[from])),
        How::Dominated => "not refined: a cheaper point is feasible".into(),
    }
}

/// A number short enough for a table.
fn short(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "-".into()
        } else {
            x.to_string()
        };
    }
    let a = x.abs();
    if a >= 1000.0 || a == 0.0 || a == a.round() {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    }
}

/// A measure as `24.1 [22.0, 26.2]`, or `-` without runs.
fn interval(r: &PointResult, measure: usize) -> String {
    match r.intervals.get(measure) {
        Some(i) if !r.runs.is_empty() => {
            format!("{} [{}, {}]", short(i.mean), short(i.low), short(i.high))
        }
        _ => "-".into(),
    }
}

/// The table printed on stdout: the question, the choice with its measures, the runner-up,
/// every point (status, how, runs) and the runs spent against a full sweep.
pub fn plan_table(ctx: &PlanContext, points: &[PlanPoint], outcome: &Outcome) -> String {
    let targets: Vec<String> = ctx.targets.iter().map(|t| t.to_string()).collect();
    let mut out = format!(
        "plan for {} (seed {}): {} at {}% confidence, cost = {}\n",
        ctx.scenario,
        ctx.seed,
        targets.join(" and "),
        ctx.confidence * 100.0,
        ctx.cost
    );
    let describe = |title: &str, p: usize, out: &mut String| {
        let r = &outcome.points[p];
        out.push_str(&format!(
            "{title} {} (cost {}, {}, {} runs)\n",
            label(ctx, &points[p]),
            short(points[p].cost),
            how(r.how, points, ctx),
            r.runs.len()
        ));
        for (t, v) in ctx.targets.iter().zip(&r.verdicts) {
            out.push_str(&format!(
                "  {:<22} {:<28} target {t}: {}\n",
                t.name(),
                interval(r, t.measure),
                match v {
                    super::Verdict::Holds => "holds",
                    super::Verdict::Fails => "fails",
                    super::Verdict::Undecided if r.runs.is_empty() => "not run",
                    super::Verdict::Undecided => "undecided",
                }
            ));
        }
    };
    match outcome.choice {
        Some(c) => describe("choice:", c, &mut out),
        None => {
            out.push_str("no point meets every target");
            if let Some(c) = outcome.closest {
                out.push_str("; the closest:\n");
                describe("closest:", c, &mut out);
            } else {
                out.push('\n');
            }
        }
    }
    if let Some(r) = outcome.runner_up {
        describe("runner-up:", r, &mut out);
    }
    for &u in &outcome.cheaper_undecided {
        out.push_str(&format!(
            "undecided after {} runs, and cheaper than the choice: {}\n",
            outcome.points[u].runs.len(),
            label(ctx, &points[u])
        ));
    }
    // Every point, as a table.
    let mut header: Vec<String> = ctx.axes.clone();
    header.extend(["cost", "status", "runs"].map(String::from));
    header.extend(ctx.targets.iter().map(|t| t.name().to_string()));
    header.push("how".into());
    let mut rows = vec![header];
    for (p, r) in points.iter().zip(&outcome.points) {
        let mut row = p.values.clone();
        row.push(short(p.cost));
        row.push(r.status.name().into());
        row.push(r.runs.len().to_string());
        row.extend(ctx.targets.iter().map(|t| interval(r, t.measure)));
        row.push(how(r.how, points, ctx));
        rows.push(row);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    out.push('\n');
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "\n{} runs in {} rounds; a full sweep of these {} points at {} replications is {} runs\n",
        outcome.runs(),
        outcome.rounds,
        points.len(),
        ctx.replications.1,
        points.len() * ctx.replications.1
    ));
    for w in &outcome.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

/// JSON for a number: `null` for NaN and infinities.
fn num(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

/// plan.json: the question, every point (values, cost, status, how, runs, every measure's
/// mean and interval, each target's verdict), the choice, the runner-up, the runs spent.
pub fn plan_json(ctx: &PlanContext, points: &[PlanPoint], outcome: &Outcome) -> Value {
    let index = |p: Option<usize>| p.map_or(Value::Null, |p| json!(p));
    let json_points: Vec<Value> = points
        .iter()
        .zip(&outcome.points)
        .enumerate()
        .map(|(i, (p, r))| {
            let mut values = Map::new();
            for (a, v) in ctx.axes.iter().zip(&p.values) {
                let v = serde_json::from_str::<Value>(v).unwrap_or_else(|_| json!(v));
                values.insert(a.clone(), v);
            }
            let mut measures = Map::new();
            if !r.runs.is_empty() {
                for (name, iv) in MEASURES.iter().zip(&r.intervals) {
                    measures.insert(
                        (*name).into(),
                        json!({"mean": num(iv.mean), "low": num(iv.low), "high": num(iv.high)}),
                    );
                }
            }
            let verdicts: Vec<Value> = r
                .verdicts
                .iter()
                .map(|v| json!(format!("{v:?}").to_lowercase()))
                .collect();
            let (how, from) = match r.how {
                How::Measured => ("measured", Value::Null),
                How::Inferred { from } => ("inferred", json!(from)),
                How::Dominated => ("dominated", Value::Null),
            };
            json!({
                "index": i,
                "parameters": values,
                "cost": num(p.cost),
                "status": r.status.name(),
                "how": how,
                "inferred_from": from,
                "replications": r.runs.len(),
                "verdicts": verdicts,
                "measures": measures,
            })
        })
        .collect();
    json!({
        "scenario": ctx.scenario,
        "seed": ctx.seed,
        "from": ctx.from,
        "axes": ctx.axes,
        "targets": ctx.targets.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
        "cost": ctx.cost,
        "confidence": ctx.confidence,
        "min_replications": ctx.replications.0,
        "max_replications": ctx.replications.1,
        "monotone": ctx.monotone,
        "choice": index(outcome.choice),
        "runner_up": index(outcome.runner_up),
        "closest": index(outcome.closest),
        "cheaper_undecided": outcome.cheaper_undecided,
        "runs": outcome.runs(),
        "rounds": outcome.rounds,
        "full_sweep_runs": points.len() * ctx.replications.1,
        "warnings": outcome.warnings,
        "points": json_points,
    })
}
