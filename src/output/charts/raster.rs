//! The PNG backend: plotters' bitmap backend with thick lines drawn the way an SVG renderer
//! strokes them (each segment a band, round joins and caps) and text laid out by `text.rs`.
//! Not the SVG path (`svg.rs`).
//!
//! Why: plotters turns a whole thick path into one polygon, offsetting every vertex along the
//! bisector of its two segments. At a sharp turn (a lag line that goes up and straight back
//! down within a pixel or two) the inner offset lies far from the line, so the polygon throws
//! spikes through the title and below the axis while the SVG of the same chart is clean.
//! Stroking segment by segment has no such vertex.

use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

/// Wraps a bitmap backend; every call but `draw_path` (and thick `draw_line`) passes through.
pub(super) struct Raster<'a>(pub(super) BitMapBackend<'a>);

type Result<E> = std::result::Result<(), DrawingErrorKind<E>>;

/// A style of the same colour, one pixel wide, for filling the bands and joins.
struct Fill(BackendColor);

impl BackendStyle for Fill {
    fn color(&self) -> BackendColor {
        self.0
    }
}

impl<'a> Raster<'a> {
    /// A band `width` wide from `a` to `b`, with flat ends.
    fn band(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        width: f64,
        fill: &Fill,
    ) -> Result<<BitMapBackend<'a> as DrawingBackend>::ErrorType> {
        let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
        let len = dx.hypot(dy);
        if len < 1e-9 {
            return Ok(());
        }
        let (nx, ny) = (-dy / len * width / 2.0, dx / len * width / 2.0);
        let corner = |p: BackendCoord, s: f64| {
            (
                (f64::from(p.0) + s * nx).round() as i32,
                (f64::from(p.1) + s * ny).round() as i32,
            )
        };
        self.0.fill_polygon(
            [
                corner(a, 1.0),
                corner(b, 1.0),
                corner(b, -1.0),
                corner(a, -1.0),
            ],
            fill,
        )
    }

    /// A round join or cap: a disc as wide as the line.
    fn disc(
        &mut self,
        at: BackendCoord,
        width: u32,
        fill: &Fill,
    ) -> Result<<BitMapBackend<'a> as DrawingBackend>::ErrorType> {
        if width >= 3 {
            self.0.draw_circle(at, width / 2, fill, true)
        } else {
            Ok(())
        }
    }
}

impl<'a> DrawingBackend for Raster<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<Self::ErrorType> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<Self::ErrorType> {
        self.0.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<Self::ErrorType> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<Self::ErrorType> {
        if style.stroke_width() <= 1 {
            return self.0.draw_line(from, to, style);
        }
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<Self::ErrorType> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<Self::ErrorType> {
        let width = style.stroke_width();
        if width <= 1 || style.color().alpha == 0.0 {
            return self.0.draw_path(path, style);
        }
        let fill = Fill(style.color());
        let mut last: Option<BackendCoord> = None;
        for p in path {
            match last {
                Some(q) if q == p => continue,
                Some(q) => self.band(q, p, f64::from(width), &fill)?,
                None => {}
            }
            self.disc(p, width, &fill)?;
            last = Some(p);
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<Self::ErrorType> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.0.fill_polygon(vert, style)
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<Self::ErrorType> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let (w, h) = self.0.get_size();
        super::text::rasterise(text, style, pos, |at, coverage| {
            if at.0 < 0 || at.1 < 0 || at.0 >= w as i32 || at.1 >= h as i32 {
                return Ok(());
            }
            let c = BackendColor {
                alpha: color.alpha * f64::from(coverage.min(1.0)),
                rgb: color.rgb,
            };
            self.0.draw_pixel(at, c)
        })
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        Ok(super::text::box_size(text, style.size()))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<Self::ErrorType> {
        self.0.blit_bitmap(pos, size, src)
    }
}
