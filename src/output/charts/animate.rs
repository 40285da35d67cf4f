//! `chipshop chart DIR --animate NAME`: a chart over time as an animated GIF that fills in from
//! left to right over the run (or its window), for a slide that builds. Not the still charts
//! (`mod.rs`) nor their PNG stroking (`raster.rs`).
//!
//! The chart is drawn once, whole, as its PNG is (same pixels); frame k shows it up to the k-th
//! step of its time axis, and beyond that only the plot's background and grid lines. So the
//! axes, the title and the key are the finished chart's in every frame and nothing jumps; the
//! last frame is the still chart. The first frame is the whole picture, each later one only the
//! strip newly revealed; every frame has its own 256 colours (GIF's limit), chosen by NeuQuant,
//! which is deterministic: the same run gives the same bytes.

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::style::{self, Style, TimePlot};
use super::{ChartOptions, Drawing, KINDS, Kind, RunChart, RunData, SIZE, format_err, raster};
use crate::output::{AtomicFile, OutputError};

/// Frames of the chart filling in (the last is the whole chart).
pub const FRAMES: usize = 48;
/// Time between two frames, in hundredths of a second: 48 frames fill in over about 4 s.
const DELAY_CS: u16 = 8;
/// How long the last frame stays, in hundredths of a second: the GIF plays once and stops on it,
/// but a slide tool that loops every GIF anyway shows the finished chart a while first.
const HOLD_CS: u16 = 400;
/// NeuQuant's sampling (1 best and slowest, 30 fastest): 10 keeps text edges clean.
const QUANTISE_SPEED: i32 = 10;

/// The charts over time this run draws (its window's): the names `--animate` takes.
pub fn animatable_charts(data: &RunData, options: &ChartOptions) -> Vec<&'static str> {
    let data = super::window::for_options(data, options);
    KINDS
        .into_iter()
        .filter(|k| k.over_time() && k.applies(&data, options))
        .map(Kind::name)
        .collect()
}

/// Writes `charts/<name>.gif` (the folder made if missing), the chart `name` of the run
/// filling in over its time axis, under a temporary name renamed when whole.
/// `progress(done, FRAMES)` is called after each frame; when it returns false the work stops
/// and nothing is written. `None` when stopped so, or when `name` is not one of
/// [`animatable_charts`].
pub fn animate_chart(
    data: &RunData,
    name: &str,
    charts: &Path,
    options: &ChartOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Option<PathBuf>, OutputError> {
    let data = super::window::for_options(data, options);
    let Some(kind) = KINDS
        .into_iter()
        .find(|k| k.name() == name && k.over_time() && k.applies(&data, options))
    else {
        return Ok(None);
    };
    let path = charts.join(format!("{name}.gif"));
    style::register_font();
    let st = Style::new(options.theme, &data);
    let chart = RunChart {
        kind,
        data: &data,
        st: &st,
        options,
    };
    let (w, h) = (SIZE.0 as usize, SIZE.1 as usize);
    let mut full = vec![0u8; w * h * 3];
    {
        let root = raster::Raster(BitMapBackend::with_buffer(&mut full, SIZE)).into_drawing_area();
        chart.draw(&root).map_err(|e| format_err(&path, e))?;
        root.present().map_err(|e| format_err(&path, e))?;
    }
    let plots = st.take_time_plots();
    let background = background(&full, w, h, &plots, &st);
    // The time the frames step through: what the plots span (the cabinet's stock spans the
    // first minutes only), else the run's.
    let start = plots.iter().map(|p| p.start).fold(f64::INFINITY, f64::min);
    let end = plots
        .iter()
        .map(|p| p.end)
        .fold(f64::NEG_INFINITY, f64::max);
    let (start, end) = if start < end {
        (start, end)
    } else {
        (data.start(), data.end())
    };
    // Where each plot is cut at frame k: its first column still hidden (the whole hidden
    // area's end at the last frame, which hides nothing).
    let cut = |k: usize, p: &TimePlot| -> i32 {
        let t = start + (end - start) * k as f64 / FRAMES as f64;
        let f = if p.end > p.start {
            ((t - p.start) / (p.end - p.start)).clamp(0.0, 1.0)
        } else {
            1.0
        };
        if k == FRAMES {
            hidden_area(p, w, h).0.end
        } else {
            p.x.start + (f * f64::from(p.x.end - p.x.start)).round() as i32
        }
    };

    let mut bytes = Vec::new();
    {
        // No loop count: the GIF plays once, as a slide that builds.
        let mut encoder = gif::Encoder::new(&mut bytes, SIZE.0 as u16, SIZE.1 as u16, &[])
            .map_err(|e| format_err(&path, e))?;
        for k in 1..=FRAMES {
            // The picture at frame k: the chart left of each cut, the background right of it.
            let mut picture = full.clone();
            for p in &plots {
                let c = cut(k, p).max(0) as usize;
                let (xs, ys) = hidden_area(p, w, h);
                for y in ys {
                    let row = y as usize * w;
                    let (a, b) = ((row + c) * 3, (row + xs.end.max(0) as usize) * 3);
                    if a < b {
                        picture[a..b].copy_from_slice(&background[a..b]);
                    }
                }
            }
            // The first frame whole; each later one the strip revealed since the one before.
            let (left, top, right, bottom) = if k == 1 {
                (0, 0, w as i32, h as i32)
            } else {
                strip(&plots, |p| (cut(k - 1, p), cut(k, p)))
            };
            let mut frame = sub_frame(&picture, w, (left, top, right, bottom));
            frame.delay = if k == FRAMES { HOLD_CS } else { DELAY_CS };
            frame.dispose = gif::DisposalMethod::Keep;
            encoder
                .write_frame(&frame)
                .map_err(|e| format_err(&path, e))?;
            if !progress(k, FRAMES) {
                return Ok(None);
            }
        }
    }
    std::fs::create_dir_all(charts).map_err(|e| OutputError::io(charts, e))?;
    AtomicFile::write_all(&path, &bytes)?;
    Ok(Some(path))
}

/// How far a thick line may overhang its plot (a line at zero, a fault line's end), in
/// pixels: the part of the image each frame hides is the plot with this margin.
const OVERHANG: i32 = 4;

/// The pixels a frame may hide of plot `p`: the plot and the overhang around it but on the
/// left (the y axis), inside the image.
fn hidden_area(p: &TimePlot, w: usize, h: usize) -> (std::ops::Range<i32>, std::ops::Range<i32>) {
    (
        p.x.start.max(0)..(p.x.end + OVERHANG).min(w as i32),
        (p.y.start - OVERHANG).max(0)..(p.y.end + OVERHANG).min(h as i32),
    )
}

/// The image with each plot emptied: inside the plot, the background colour, and the grid
/// colour on the rows and columns where the finished chart draws a grid line (at least 40% of
/// its length in the grid colour, so a line the data covers in places is drawn whole); on the
/// row below it the x axis (where the chart has one); below that only what is in the text
/// colour (tick marks, the axis); around it the background.
fn background(full: &[u8], w: usize, h: usize, plots: &[TimePlot], st: &Style) -> Vec<u8> {
    let mut out = full.to_vec();
    let rgb = |c: RGBColor| [c.0, c.1, c.2];
    let (bg, grid, fg) = (rgb(st.bg), rgb(st.grid), rgb(st.fg));
    let at = |x: i32, y: i32| (y as usize * w + x as usize) * 3;
    let pixel = |x: i32, y: i32| [full[at(x, y)], full[at(x, y) + 1], full[at(x, y) + 2]];
    for p in plots {
        let (width, height) = (p.x.end - p.x.start, p.y.end - p.y.start);
        if width <= 0 || height <= 0 || p.x.start < 0 || p.y.start < 0 {
            continue;
        }
        let inside = |x: i32, y: i32| p.x.contains(&x) && p.y.contains(&y);
        let is_grid = |x: i32, y: i32| inside(x, y) && pixel(x, y) == grid;
        let rows: Vec<bool> =
            p.y.clone()
                .map(|y| p.x.clone().filter(|&x| is_grid(x, y)).count() * 5 >= width as usize * 2)
                .collect();
        let cols: Vec<bool> =
            p.x.clone()
                .map(|x| p.y.clone().filter(|&y| is_grid(x, y)).count() * 5 >= height as usize * 2)
                .collect();
        let (xs, ys) = hidden_area(p, w, h);
        for y in ys {
            for x in xs.clone() {
                let colour = if inside(x, y) {
                    let (i, j) = ((x - p.x.start) as usize, (y - p.y.start) as usize);
                    if rows[j] || cols[i] { grid } else { bg }
                } else if x < p.x.end
                    && ((y == p.y.end && pixel(x, y) != bg) || (y > p.y.end && pixel(x, y) == fg))
                {
                    fg
                } else {
                    bg
                };
                out[at(x, y)..at(x, y) + 3].copy_from_slice(&colour);
            }
        }
    }
    out
}

/// The bounding box (left, top, right, bottom) of the columns each plot reveals, `span(p)`
/// giving them as (from, to); a 1x1 box at the first plot's corner when nothing is revealed.
fn strip(plots: &[TimePlot], span: impl Fn(&TimePlot) -> (i32, i32)) -> (i32, i32, i32, i32) {
    let mut bbox: Option<(i32, i32, i32, i32)> = None;
    for p in plots {
        let (a, b) = span(p);
        if a >= b {
            continue;
        }
        let r = (a, p.y.start - OVERHANG, b, p.y.end + OVERHANG);
        bbox = Some(match bbox {
            None => r,
            Some(q) => (q.0.min(r.0), q.1.min(r.1), q.2.max(r.2), q.3.max(r.3)),
        });
    }
    bbox.unwrap_or_else(|| {
        let (x, y) = plots.first().map_or((0, 0), |p| (p.x.start, p.y.start));
        (x, y, x + 1, y + 1)
    })
}

/// The part (left, top, right, bottom) of the `w` pixels wide RGB image as a GIF frame placed
/// there, with its own palette.
fn sub_frame(
    picture: &[u8],
    w: usize,
    (left, top, right, bottom): (i32, i32, i32, i32),
) -> gif::Frame<'static> {
    let h = (picture.len() / (w * 3)) as i32;
    let (left, top) = (left.clamp(0, w as i32 - 1), top.clamp(0, h - 1));
    let (right, bottom) = (right.clamp(left + 1, w as i32), bottom.clamp(top + 1, h));
    let (fw, fh) = ((right - left) as usize, (bottom - top) as usize);
    let mut rgb = Vec::with_capacity(fw * fh * 3);
    for y in top as usize..bottom as usize {
        let row = (y * w + left as usize) * 3;
        rgb.extend_from_slice(&picture[row..row + fw * 3]);
    }
    let mut frame = gif::Frame::from_rgb_speed(fw as u16, fh as u16, &rgb, QUANTISE_SPEED);
    frame.left = left as u16;
    frame.top = top as u16;
    frame
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strip_spans_every_plot_and_is_never_empty() {
        let p = |x: std::ops::Range<i32>, y: std::ops::Range<i32>| TimePlot {
            x,
            y,
            start: 0.0,
            end: 10.0,
        };
        let plots = [p(100..900, 50..500), p(100..900, 600..800)];
        assert_eq!(strip(&plots, |_| (200, 220)), (200, 46, 220, 804));
        assert_eq!(strip(&plots, |_| (220, 220)), (100, 50, 101, 51));
    }
}
