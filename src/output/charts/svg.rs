//! The SVG backend: plotters' SVG backend with text written by `text.rs` (placed where the PNG
//! draws it, in the font's real family with a fallback, or as outlines) and lines joined and
//! capped round, as the PNG backend draws them (`raster.rs`), so that the two files agree.

use std::cell::RefCell;
use std::rc::Rc;

use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

use super::style::FONT;
use super::text::{self, SvgText};

/// Marks where a text goes in plotters' output, until [`finish`] puts it there.
const MARK: char = '\u{E000}';

/// Wraps plotters' SVG backend; text is collected in `texts` and put in place by [`finish`].
pub(super) struct Vector<'a> {
    pub(super) inner: SVGBackend<'a>,
    pub(super) texts: Rc<RefCell<Vec<String>>>,
    pub(super) how: SvgText,
}

type Result<E> = std::result::Result<(), DrawingErrorKind<E>>;

impl<'a> DrawingBackend for Vector<'a> {
    type ErrorType = <SVGBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<Self::ErrorType> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<Self::ErrorType> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<Self::ErrorType> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<Self::ErrorType> {
        if style.stroke_width() > 1 {
            // As a polyline, so that it gets round caps as the PNG's thick lines do.
            return self.inner.draw_path([from, to], style);
        }
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<Self::ErrorType> {
        if style.color().alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let mut texts = self.texts.borrow_mut();
        let n = texts.len();
        texts.push(text::svg_element(text, style, pos, FONT, self.how));
        self.inner
            .draw_text(&format!("{MARK}{n}{MARK}"), style, pos)
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        Ok(text::box_size(text, style.size()))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<Self::ErrorType> {
        self.inner.blit_bitmap(pos, size, src)
    }
}

/// Puts the texts in place of plotters' marked `<text>` elements, and gives every polyline
/// round joins and caps: SVG's default mitre joins draw the sharp turns of a dense line as long
/// points (one renderer cuts them at its mitre limit, another may not), where the PNG draws a
/// round end.
pub(super) fn finish(svg: &str, texts: &[String]) -> String {
    let mut out = String::with_capacity(svg.len() + texts.iter().map(String::len).sum::<usize>());
    let mut rest = svg;
    while let Some(mark) = rest.find(MARK) {
        let open = rest[..mark].rfind("<text").unwrap_or(mark);
        let number_end = rest[mark + MARK.len_utf8()..]
            .find(MARK)
            .map_or(mark, |i| mark + MARK.len_utf8() + i);
        let n: usize = rest[mark + MARK.len_utf8()..number_end]
            .parse()
            .unwrap_or(usize::MAX);
        let close = rest[number_end..]
            .find("</text>")
            .map_or(rest.len(), |i| number_end + i + "</text>".len());
        let close = if rest[close..].starts_with('\n') {
            close + 1
        } else {
            close
        };
        out.push_str(&rest[..open]);
        if let Some(element) = texts.get(n) {
            out.push_str(element);
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out.replace(
        "<polyline fill=\"none\"",
        "<polyline fill=\"none\" stroke-linejoin=\"round\" stroke-linecap=\"round\"",
    )
}
