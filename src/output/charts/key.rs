//! The key in a column of its own, right of the plot, so that it never covers a line: a
//! swatch and a name per entry. Shared by the charts over time.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use super::style::Style;

/// Width of the key column right of the plot, in pixels.
pub(super) const KEY_WIDTH: u32 = 320;
/// Most entries the key names; the rest are counted in one line.
const KEY_ROWS: usize = 18;

/// What an entry of the key looks like.
#[derive(Clone, Copy, Debug)]
pub(super) enum Swatch {
    /// A line of this colour and width.
    Line(RGBColor, u32),
    /// A dashed line.
    Dashed(RGBColor),
    /// A filled block (a bar, a shaded span).
    Block(RGBAColor),
    /// A band along the top of the swatch (a span that pauses only some members, shaded
    /// along the top of the plot).
    Band(RGBAColor),
    /// A short upright line (a crash, an event).
    Tick(RGBColor),
    /// A triangle marker (a batch in).
    Triangle(RGBColor),
    /// A dot (an order).
    Dot(RGBColor),
    /// A cross (an order no one collected).
    Cross(RGBColor),
}

/// `root` split into the plot (left) and the key column (right).
pub(super) fn split<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
) -> (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>) {
    let (w, _) = root.dim_in_pixel();
    root.split_horizontally(w.saturating_sub(KEY_WIDTH))
}

/// Draws the entries down the key column, from below the title; a name may hold a line
/// break.
pub(super) fn draw<DB: DrawingBackend>(
    key: &DrawingArea<DB, Shift>,
    st: &Style,
    entries: &[(String, Swatch)],
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let mut y = 130;
    for (name, swatch) in entries.iter().take(KEY_ROWS) {
        match *swatch {
            Swatch::Line(c, w) => {
                key.draw(&PathElement::new(vec![(10, y), (60, y)], c.stroke_width(w)))?
            }
            Swatch::Dashed(c) => {
                for x in [10, 42] {
                    key.draw(&PathElement::new(
                        vec![(x, y), (x + 18, y)],
                        c.stroke_width(3),
                    ))?;
                }
            }
            Swatch::Block(c) => {
                key.draw(&Rectangle::new([(10, y - 16), (60, y + 16)], c.filled()))?;
            }
            Swatch::Band(c) => {
                key.draw(&Rectangle::new([(10, y - 16), (60, y - 4)], c.filled()))?;
            }
            Swatch::Tick(c) => key.draw(&PathElement::new(
                vec![(35, y - 18), (35, y + 18)],
                c.stroke_width(4),
            ))?,
            Swatch::Triangle(c) => key.draw(&TriangleMarker::new((35, y), 14, c.filled()))?,
            Swatch::Dot(c) => key.draw(&Circle::new((35, y), 8, c.filled()))?,
            Swatch::Cross(c) => key.draw(&Cross::new((35, y), 12, c.stroke_width(3)))?,
        }
        // A name of two lines ("preparer 1\norders-0, orders-1") takes two rows.
        for line in name.lines() {
            key.draw_text(line, &st.label(), (72, y - 16))?;
            y += 36;
        }
        y += 8;
    }
    if entries.len() > KEY_ROWS {
        let more = format!("and {} more", entries.len() - KEY_ROWS);
        key.draw_text(&more, &st.label(), (72, y - 16))?;
    }
    Ok(())
}
