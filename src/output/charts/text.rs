//! Text on the charts, laid out once for both files: the PNG draws the glyphs itself, and the
//! SVG writes a `<text>` placed where the PNG drew (or, for slide tools without the font, the
//! glyphs' outlines as paths). Not the choice of words, sizes or places (the charts).
//!
//! plotters' own text does not serve: its PNG places each glyph without its side bearing and
//! its SVG uses another font size and baseline, so the two files disagreed by several pixels
//! (the titles by 20). Here a text box is plotters' (the advance width, `size / 1.24` high, the
//! anchor picking a corner or middle of it), so that charts laid out with
//! `estimate_text_size` keep their places, and the baseline sits at 0.8 of the box.

use std::fmt::Write as _;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, OutlineCurve, PxScale, ScaleFont, point};
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendTextStyle};

/// DejaVu Sans, bundled so that charts need no system fonts (licence in assets/fonts/).
pub(super) static DEJAVU_SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// The bundled font, parsed once.
fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(DEJAVU_SANS).expect("the bundled font parses"))
}

/// A text laid out: its glyphs at pen positions along the baseline, relative to the anchor
/// point, before any rotation.
struct Laid {
    glyphs: Vec<(GlyphId, f32)>,
    /// Pen start relative to the anchor point (x) and the baseline relative to it (y).
    start: (f32, f32),
    width: f32,
    scale: PxScale,
}

/// Lays `text` out at plotters' `size` (the font's ascent-to-descent height in pixels).
fn lay_out(text: &str, size: f64, h: HPos, v: VPos) -> Laid {
    let scaled = font().as_scaled(PxScale::from(size as f32));
    let mut glyphs = Vec::with_capacity(text.len());
    let mut pen = 0.0f32;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        glyphs.push((id, pen));
        pen += scaled.h_advance(id);
        prev = Some(id);
    }
    let height = size as f32 / 1.24;
    let x = match h {
        HPos::Left => 0.0,
        HPos::Center => -pen / 2.0,
        HPos::Right => -pen,
    };
    let top = match v {
        VPos::Top => 0.0,
        VPos::Center => -height / 2.0,
        VPos::Bottom => -height,
    };
    Laid {
        glyphs,
        start: (x, top + 0.8 * height),
        width: pen,
        scale: PxScale::from(size as f32),
    }
}

/// The size plotters estimates for a text box: the advance width and `size / 1.24`.
pub(super) fn box_size(text: &str, size: f64) -> (u32, u32) {
    let laid = lay_out(text, size, HPos::Left, VPos::Top);
    (laid.width as u32, (size / 1.24) as u32)
}

/// Turns an offset from the anchor point as the text's rotation does.
fn turn(t: &FontTransform, (x, y): (f32, f32)) -> (f32, f32) {
    match t {
        FontTransform::Rotate90 => (-y, x),
        FontTransform::Rotate180 => (-x, -y),
        FontTransform::Rotate270 => (y, -x),
        _ => (x, y),
    }
}

/// Draws `text` pixel by pixel (the PNG): `put(pixel, coverage)` for every covered pixel.
pub(super) fn rasterise<S: BackendTextStyle, E>(
    text: &str,
    style: &S,
    pos: BackendCoord,
    mut put: impl FnMut(BackendCoord, f32) -> Result<(), E>,
) -> Result<(), E> {
    let anchor = style.anchor();
    let laid = lay_out(text, style.size(), anchor.h_pos, anchor.v_pos);
    let transform = style.transform();
    for &(id, pen) in &laid.glyphs {
        let glyph = id.with_scale_and_position(laid.scale, point(laid.start.0 + pen, laid.start.1));
        let Some(outlined) = font().outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        let mut covered = Vec::new();
        outlined.draw(|x, y, c| covered.push((x, y, c)));
        for (x, y, c) in covered {
            // The pixel's centre, relative to the anchor point, turned with the text.
            let local = (bounds.min.x + x as f32 + 0.5, bounds.min.y + y as f32 + 0.5);
            let (dx, dy) = turn(&transform, local);
            let at = (
                pos.0 + (dx - 0.5).round() as i32,
                pos.1 + (dy - 0.5).round() as i32,
            );
            put(at, c)?;
        }
    }
    Ok(())
}

/// An SVG colour and opacity: `#RRGGBB` and the alpha.
fn colour(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// How an SVG writes its text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SvgText {
    /// `<text>` in the bundled font's family, falling back to any sans-serif: small files,
    /// text a slide tool can edit.
    #[default]
    Text,
    /// Each glyph's outline as a path: looks the same in a tool without the font.
    Paths,
}

/// The SVG element for `text`, placed where [`rasterise`] draws it.
pub(super) fn svg_element<S: BackendTextStyle>(
    text: &str,
    style: &S,
    pos: BackendCoord,
    family: &str,
    how: SvgText,
) -> String {
    let anchor = style.anchor();
    let laid = lay_out(text, style.size(), anchor.h_pos, anchor.v_pos);
    let color = style.color();
    let opacity = if color.alpha < 1.0 {
        format!(" opacity=\"{:.3}\"", color.alpha)
    } else {
        String::new()
    };
    let rotate = match style.transform() {
        FontTransform::Rotate90 => 90,
        FontTransform::Rotate180 => 180,
        FontTransform::Rotate270 => 270,
        _ => 0,
    };
    let transform = if rotate == 0 {
        String::new()
    } else {
        format!(" transform=\"rotate({rotate}, {}, {})\"", pos.0, pos.1)
    };
    match how {
        SvgText::Text => {
            // The anchor as SVG's, so a viewer with another sans-serif still centres a title.
            let (x, text_anchor) = match anchor.h_pos {
                HPos::Left => (laid.start.0, "start"),
                HPos::Center => (0.0, "middle"),
                HPos::Right => (0.0, "end"),
            };
            let em = em_size(laid.scale);
            let mut escaped = String::with_capacity(text.len());
            for c in text.chars() {
                match c {
                    '<' => escaped.push_str("&lt;"),
                    '>' => escaped.push_str("&gt;"),
                    '&' => escaped.push_str("&amp;"),
                    '"' => escaped.push_str("&quot;"),
                    c => escaped.push(c),
                }
            }
            format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"{text_anchor}\" font-family=\"{family}\" \
                 font-size=\"{em:.2}\" fill=\"{}\"{opacity}{transform}>{escaped}</text>\n",
                num(pos.0 as f32 + x),
                num(pos.1 as f32 + laid.start.1),
                colour(color),
            )
        }
        SvgText::Paths => {
            let scaled = font().as_scaled(laid.scale);
            let (sx, sy) = (scaled.h_scale_factor(), scaled.v_scale_factor());
            let mut d = String::new();
            for &(id, pen) in &laid.glyphs {
                let Some(outline) = font().outline(id) else {
                    continue;
                };
                let ox = pos.0 as f32 + laid.start.0 + pen;
                let oy = pos.1 as f32 + laid.start.1;
                let p = |q: ab_glyph::Point| (num(ox + q.x * sx), num(oy - q.y * sy));
                let mut at: Option<ab_glyph::Point> = None;
                for curve in &outline.curves {
                    let from = match curve {
                        OutlineCurve::Line(a, _)
                        | OutlineCurve::Quad(a, _, _)
                        | OutlineCurve::Cubic(a, _, _, _) => *a,
                    };
                    if at != Some(from) {
                        let (x, y) = p(from);
                        let _ = write!(d, "M{x} {y}");
                    }
                    at = Some(match curve {
                        OutlineCurve::Line(_, b) => {
                            let (x, y) = p(*b);
                            let _ = write!(d, "L{x} {y}");
                            *b
                        }
                        OutlineCurve::Quad(_, c, b) => {
                            let ((cx, cy), (x, y)) = (p(*c), p(*b));
                            let _ = write!(d, "Q{cx} {cy} {x} {y}");
                            *b
                        }
                        OutlineCurve::Cubic(_, c1, c2, b) => {
                            let ((ax, ay), (bx, by), (x, y)) = (p(*c1), p(*c2), p(*b));
                            let _ = write!(d, "C{ax} {ay} {bx} {by} {x} {y}");
                            *b
                        }
                    });
                }
            }
            if d.is_empty() {
                return String::new();
            }
            format!(
                "<path d=\"{d}\" fill=\"{}\"{opacity}{transform}><title>{}</title></path>\n",
                colour(color),
                text.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            )
        }
    }
}

/// The font's em size at a plotters scale (which is the ascent-to-descent height).
fn em_size(scale: PxScale) -> f32 {
    let f = font();
    let units = f.units_per_em().unwrap_or(2048.0);
    scale.y * units / (f.ascent_unscaled() - f.descent_unscaled())
}

/// A coordinate with at most two decimals and no trailing zeros.
fn num(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_is_as_wide_as_its_advances_and_centred_text_straddles_its_anchor() {
        let (w, h) = box_size("Hello", 48.0);
        assert!(w > 100 && w < 160, "{w}");
        assert_eq!(h, 38);
        let laid = lay_out("Hello", 48.0, HPos::Center, VPos::Top);
        assert!((laid.start.0 + laid.width / 2.0).abs() < 1e-3);
        // Capitals reach from about the box's top to the baseline.
        let cap = font().as_scaled(PxScale::from(48.0)).ascent() * 0.9;
        assert!((laid.start.1 - cap).abs() < 8.0, "{} {cap}", laid.start.1);
    }
}
