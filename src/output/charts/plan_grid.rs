//! The plan chart: the grid of a plan (the first axis across, the other axes' combinations
//! down), each cell coloured feasible, infeasible or undecided, with the runs it took and the
//! choice outlined; drawn from plan.json. Not the search, and not the sweep charts.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde_json::Value;

use super::style::{self, Style};
use super::{ChartOptions, DrawResult, Drawing, emit};
use crate::output::OutputError;

/// One cell of the grid.
#[derive(Clone, Debug, PartialEq)]
struct Cell {
    /// `feasible`, `infeasible` or `undecided`.
    status: String,
    /// `measured`, `inferred` or `dominated`.
    how: String,
    /// Runs made at the point.
    runs: u64,
}

/// The grid, read from plan.json.
#[derive(Clone, Debug, PartialEq)]
struct PlanGrid {
    title: String,
    note: String,
    /// The first axis's name and values (columns).
    x_name: String,
    x_values: Vec<String>,
    /// One label per row (`partitions=6`), or one empty label.
    rows: Vec<String>,
    /// Row-major cells.
    cells: Vec<Cell>,
    /// The chosen cell's index.
    choice: Option<usize>,
}

fn load(path: &Path) -> Result<PlanGrid, OutputError> {
    let text = std::fs::read_to_string(path).map_err(|e| OutputError::read(path, e))?;
    let doc: Value = serde_json::from_str(&text)
        .map_err(|e| OutputError::invalid(path, None, None, format!("is not JSON: {e}")))?;
    let axes: Vec<String> = doc["axes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a.as_str().map(str::to_string))
        .collect();
    let points = doc["points"].as_array().cloned().unwrap_or_default();
    let value = |p: &Value, axis: &str| match &p["parameters"][axis] {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    };
    let mut x_values: Vec<String> = Vec::new();
    let mut rows: Vec<String> = Vec::new();
    for p in &points {
        let x = axes.first().map_or_else(String::new, |a| value(p, a));
        if !x_values.contains(&x) {
            x_values.push(x);
        }
        let row: Vec<String> = axes
            .iter()
            .skip(1)
            .map(|a| format!("{a}={}", value(p, a)))
            .collect();
        let row = row.join(", ");
        if !rows.contains(&row) {
            rows.push(row);
        }
    }
    // Grid order has the last axis fastest: cell (row, column) is point row + column * rows.
    let n_rows = rows.len().max(1);
    let mut cells = vec![
        Cell {
            status: "undecided".into(),
            how: "dominated".into(),
            runs: 0,
        };
        points.len()
    ];
    for (i, p) in points.iter().enumerate() {
        let (column, row) = (i / n_rows, i % n_rows);
        cells[row * x_values.len() + column] = Cell {
            status: p["status"].as_str().unwrap_or("undecided").to_string(),
            how: p["how"].as_str().unwrap_or("measured").to_string(),
            runs: p["replications"].as_u64().unwrap_or(0),
        };
    }
    let choice = doc["choice"].as_u64().map(|i| {
        let i = i as usize;
        (i % n_rows) * x_values.len() + i / n_rows
    });
    let targets: Vec<String> = doc["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t.as_str().map(str::to_string))
        .collect();
    Ok(PlanGrid {
        title: format!("Plan: {}", targets.join(", ")),
        note: format!(
            "{} · seed {} · {:.0}% confidence · {} runs (full sweep {}) · cost = {}",
            doc["scenario"].as_str().unwrap_or("?"),
            doc["seed"],
            doc["confidence"].as_f64().unwrap_or(0.95) * 100.0,
            doc["runs"],
            doc["full_sweep_runs"],
            doc["cost"].as_str().unwrap_or("?")
        ),
        x_name: axes.first().cloned().unwrap_or_default(),
        x_values,
        rows,
        cells,
        choice,
    })
}

/// Draws the chart of the plan in `dir` (its plan.json) into the folder `charts` as
/// `plan_grid` (PNG, SVG or both) and returns the files written.
pub fn draw_plan_chart(
    dir: &Path,
    charts: &Path,
    options: &ChartOptions,
) -> Result<Vec<PathBuf>, OutputError> {
    style::register_font();
    let grid = load(&dir.join("plan.json"))?;
    let st = Style::with_note(options.theme, grid.note.clone());
    std::fs::create_dir_all(charts).map_err(|e| OutputError::io(charts, e))?;
    let mut out = Vec::new();
    emit(
        charts,
        options,
        "plan_grid",
        &GridDrawing { grid, st: &st },
        &mut out,
    )?;
    Ok(out)
}

struct GridDrawing<'a> {
    grid: PlanGrid,
    st: &'a Style,
}

impl Drawing for GridDrawing<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        draw(root, &self.grid, self.st)
    }
}

/// Width of the row labels and of the key, in pixels.
const LABEL_WIDTH: i32 = 300;
const KEY_WIDTH: i32 = 330;

fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, g: &PlanGrid, st: &Style) -> DrawResult
where
    DB::ErrorType: 'static,
{
    st.frame(root)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let centre = Pos::new(HPos::Center, VPos::Center);
    root.draw_text(
        &g.title,
        &st.title().pos(Pos::new(HPos::Center, VPos::Top)),
        (w / 2, 30),
    )?;
    let left = LABEL_WIDTH;
    let right = w - KEY_WIDTH;
    let columns = g.x_values.len().max(1) as i32;
    let rows = g.rows.len().max(1) as i32;
    let cw = (right - left) / columns;
    let ch = ((h - 300) / rows).min(220);
    // A grid of few rows sits in the middle of the picture, not under the title.
    let top = ((h - rows * ch) / 2 - 40).max(150);
    let colour = |status: &str| match status {
        "feasible" => st.colour(2),
        "infeasible" => st.colour(5),
        _ => RGBColor(0x99, 0x99, 0x99),
    };
    for (k, cell) in g.cells.iter().enumerate() {
        let (row, column) = (k as i32 / columns, k as i32 % columns);
        let (x0, y0) = (left + column * cw, top + row * ch);
        let (x1, y1) = (x0 + cw - 6, y0 + ch - 6);
        let fill = colour(&cell.status);
        if cell.how == "measured" {
            root.draw(&Rectangle::new([(x0, y0), (x1, y1)], fill.filled()))?;
        } else {
            // Not measured at the point itself: a light fill.
            root.draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                fill.mix(0.35).filled(),
            ))?;
        }
        let words = match (cell.how.as_str(), cell.runs) {
            ("inferred", _) => "inferred".to_string(),
            (_, 0) => "not run".to_string(),
            (_, n) => format!("{n} runs"),
        };
        root.draw_text(
            &words,
            &st.label().pos(centre),
            ((x0 + x1) / 2, (y0 + y1) / 2),
        )?;
        if g.choice == Some(k) {
            for i in 0..6 {
                root.draw(&Rectangle::new(
                    [(x0 - i, y0 - i), (x1 + i, y1 + i)],
                    st.fg.stroke_width(1),
                ))?;
            }
            root.draw_text(
                "choice",
                &st.label().pos(Pos::new(HPos::Center, VPos::Top)),
                ((x0 + x1) / 2, y0 + 8),
            )?;
        }
    }
    for (i, v) in g.x_values.iter().enumerate() {
        let x = left + i as i32 * cw + cw / 2;
        root.draw_text(
            v,
            &st.label().pos(Pos::new(HPos::Center, VPos::Top)),
            (x, top + rows * ch + 8),
        )?;
    }
    root.draw_text(
        &g.x_name,
        &st.label().pos(Pos::new(HPos::Center, VPos::Top)),
        ((left + right) / 2, top + rows * ch + 50),
    )?;
    for (i, r) in g.rows.iter().enumerate() {
        root.draw_text(
            r,
            &st.label().pos(Pos::new(HPos::Right, VPos::Center)),
            (left - 16, top + i as i32 * ch + ch / 2),
        )?;
    }
    let mut y = top;
    for (name, c, light) in [
        ("feasible", colour("feasible"), false),
        ("infeasible", colour("infeasible"), false),
        ("undecided", colour("undecided"), false),
        ("inferred", colour("feasible"), true),
        ("not refined", colour("undecided"), true),
    ] {
        let fill = if light { c.mix(0.35) } else { c.mix(1.0) };
        root.draw(&Rectangle::new(
            [(right + 30, y), (right + 80, y + 36)],
            fill.filled(),
        ))?;
        root.draw_text(name, &st.label(), (right + 95, y + 2))?;
        y += 56;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_laid_out_with_the_first_axis_across() {
        let dir = std::env::temp_dir().join(format!("chipshop-plan-grid-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let doc = serde_json::json!({
            "axes": ["preparers", "partitions"],
            "targets": ["wait_mean_s <= 1"],
            "choice": 3,
            "points": [
                {"parameters": {"preparers": 1, "partitions": 6}, "status": "infeasible", "how": "measured", "replications": 5},
                {"parameters": {"preparers": 1, "partitions": 12}, "status": "infeasible", "how": "inferred", "replications": 0},
                {"parameters": {"preparers": 2, "partitions": 6}, "status": "undecided", "how": "measured", "replications": 50},
                {"parameters": {"preparers": 2, "partitions": 12}, "status": "feasible", "how": "measured", "replications": 10},
            ],
        });
        std::fs::write(dir.join("plan.json"), doc.to_string()).unwrap();
        let g = load(&dir.join("plan.json")).unwrap();
        assert_eq!(g.x_values, ["1", "2"]);
        assert_eq!(g.rows, ["partitions=6", "partitions=12"]);
        // Row partitions=12, column preparers=2.
        assert_eq!(g.choice, Some(3));
        assert_eq!(g.cells[1].runs, 50);
        assert_eq!(g.cells[2].how, "inferred");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
