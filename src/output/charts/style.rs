//! Theme, palette (Okabe-Ito), the bundled font and the scenario-and-seed corner note.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::Once;

use plotters::chart::{ChartContext, MeshStyle, SeriesLabelPosition};
use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::data::RunData;

/// The font family the charts name: the bundled font's real family name, so that an SVG viewer
/// with DejaVu Sans installed uses it, then any sans-serif (never a serif fallback). plotters
/// looks the bundled font up under this same text.
pub(super) const FONT: &str = "DejaVu Sans, sans-serif";

/// Registers the bundled font with plotters (once).
pub(super) fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are a valid TTF shipped with the crate; a failure would be a build bug.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, super::text::DEJAVU_SANS);
    });
}

/// Light charts for light slides, dark charts for dark slides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on white.
    #[default]
    Light,
    /// Light text on near-black.
    Dark,
}

/// The Okabe-Ito colour-blind-safe palette, without black (used for text).
pub(super) const PALETTE: [RGBColor; 7] = [
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

/// Colours, type sizes and the corner note of one set of charts.
pub(super) struct Style {
    pub(super) bg: RGBColor,
    pub(super) fg: RGBColor,
    pub(super) grid: RGBColor,
    /// The palette as drawn on this background (lightened on the dark one).
    palette: [RGBColor; 7],
    theme: Theme,
    note: String,
    /// The plots over time drawn with this style so far, for an animation to fill in.
    time_plots: RefCell<Vec<TimePlot>>,
}

/// Where a chart over time put one of its plots: the plot's pixels and the times at its
/// left and right edges. An animation reveals each plot from left to right.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TimePlot {
    /// The plot's columns, in pixels.
    pub(super) x: Range<i32>,
    /// The plot's rows, in pixels.
    pub(super) y: Range<i32>,
    /// The time at the plot's left edge, in seconds.
    pub(super) start: f64,
    /// The time at its right edge.
    pub(super) end: f64,
}

/// WCAG's relative luminance of a colour.
/// An axis's tick label: the value with the decimals it has and no more, so ticks a second or
/// more apart read as whole numbers and a window of a few seconds (ticks 0.2 s apart), or an
/// axis of zeros (0 to 1), still reads 300.2, 300.4 rather than the same whole number twice.
/// Plotters puts ticks on round steps, so six decimals hold any tick a slide can show.
pub(super) fn tick(v: &f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn luminance(c: RGBColor) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// WCAG's contrast ratio of two colours (1 to 21).
pub(super) fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `c` mixed towards `towards` in steps of 5% until it has at least 4.5:1 contrast with `bg`:
/// above WCAG's 3:1 for graphics, because a thin line on a projected dark slide needs more
/// (Okabe-Ito's blue, 3.6:1 on the dark background, read as dim).
fn legible(c: RGBColor, bg: RGBColor, towards: RGBColor) -> RGBColor {
    let mix = |k: f64| {
        let m = |a: u8, b: u8| (f64::from(a) * (1.0 - k) + f64::from(b) * k).round() as u8;
        RGBColor(m(c.0, towards.0), m(c.1, towards.1), m(c.2, towards.2))
    };
    (0..=20)
        .map(|i| mix(f64::from(i) * 0.05))
        .find(|&m| contrast(m, bg) >= 4.5)
        .unwrap_or(towards)
}

impl Style {
    pub(super) fn new(theme: Theme, data: &RunData) -> Style {
        let mut note = format!("{} · seed {}", data.scenario, data.seed);
        for o in &data.overrides {
            note.push_str(" · ");
            note.push_str(o);
        }
        Style::with_note(theme, note)
    }

    /// A style whose corner note is `note` (a sweep's: scenario, seed and replications).
    pub(super) fn with_note(theme: Theme, note: String) -> Style {
        let (bg, fg, grid) = match theme {
            Theme::Light => (WHITE, BLACK, RGBColor(0xDD, 0xDD, 0xDD)),
            Theme::Dark => (
                RGBColor(0x12, 0x12, 0x12),
                RGBColor(0xF0, 0xF0, 0xF0),
                RGBColor(0x44, 0x44, 0x44),
            ),
        };
        // The light theme keeps Okabe-Ito's own colours (darkening them would merge the two
        // blues); on the dark background the dim ones (blue, vermillion) are lightened.
        let palette = match theme {
            Theme::Light => PALETTE,
            Theme::Dark => PALETTE.map(|c| legible(c, bg, WHITE)),
        };
        Style {
            bg,
            fg,
            grid,
            palette,
            theme,
            note,
            time_plots: RefCell::new(Vec::new()),
        }
    }

    /// Notes that `chart` plots time along x (seconds), for an animation to fill it in from
    /// left to right. Every chart over time calls it once per plot ([`Style::time_axes`] does).
    pub(super) fn note_time_plot<DB: DrawingBackend>(
        &self,
        chart: &ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    ) {
        let (x, y) = chart.plotting_area().get_pixel_range();
        let times = chart.x_range();
        self.time_plots.borrow_mut().push(TimePlot {
            x,
            y,
            start: times.start,
            end: times.end,
        });
    }

    /// The plots over time drawn so far, which are forgotten.
    pub(super) fn take_time_plots(&self) -> Vec<TimePlot> {
        std::mem::take(&mut self.time_plots.borrow_mut())
    }

    /// Colour `i` of the palette (wrapping), as drawn on this theme's background.
    pub(super) fn colour(&self, i: usize) -> RGBColor {
        self.palette[i % self.palette.len()]
    }

    /// The shading of a span (a rebalance): stronger on the dark background, where a light
    /// veil shows less.
    pub(super) fn shade(&self) -> RGBAColor {
        match self.theme {
            Theme::Light => self.fg.mix(0.15),
            Theme::Dark => self.fg.mix(0.25),
        }
    }

    /// The title font (48 px).
    pub(super) fn title(&self) -> TextStyle<'static> {
        (FONT, 48).into_font().color(&self.fg)
    }

    /// Axis and legend labels (28 px).
    pub(super) fn label(&self) -> TextStyle<'static> {
        (FONT, 28).into_font().color(&self.fg)
    }

    /// Gives a chart's mesh the charts' look: labels and axis names in the label font, axes in
    /// the text colour, light major grid lines and no minor ones.
    pub(super) fn mesh<'m, 'a, 'b, X, Y, DB>(
        &self,
        mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    ) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
    where
        X: Ranged,
        Y: Ranged,
        DB: DrawingBackend,
    {
        mesh.label_style(self.label())
            .axis_desc_style(self.label())
            .axis_style(self.fg)
            .bold_line_style(self.grid)
            .light_line_style(self.bg)
    }

    /// The start of every chart: the title over it, the charts' margins, room for the axes'
    /// labels (`y_label_width` pixels for the y axis: 150 fits five digits and a name).
    pub(super) fn builder<'a, 'b, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        title: &str,
        y_label_width: u32,
    ) -> ChartBuilder<'a, 'b, DB> {
        let mut b = ChartBuilder::on(area);
        b.margin(40)
            .x_label_area_size(110)
            .y_label_area_size(y_label_width);
        if !title.is_empty() {
            b.caption(title, self.title());
        }
        b
    }

    /// Draws the axes of a chart over time: seconds since opening along x, `y_desc` up y,
    /// labelled by [`tick`].
    pub(super) fn time_axes<DB: DrawingBackend>(
        &self,
        chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
        y_desc: &str,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        self.note_time_plot(chart);
        self.mesh(&mut chart.configure_mesh())
            .x_desc("time since opening (s)")
            .y_desc(y_desc)
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .draw()
    }

    /// Draws the key of the series that were given labels, at `pos`, on a veil of the
    /// background with a border.
    pub(super) fn key<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
        pos: SeriesLabelPosition,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        chart
            .configure_series_labels()
            .position(pos)
            .margin(20)
            .label_font(self.label())
            .background_style(self.bg.mix(0.85))
            .border_style(self.fg)
            .draw()
    }

    /// Fills the background and writes the scenario and seed in the bottom-right corner.
    pub(super) fn frame<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        root.fill(&self.bg)?;
        let style = (FONT, 24).into_font().color(&self.fg.mix(0.7));
        let (w, h) = root.dim_in_pixel();
        let width = root.estimate_text_size(&self.note, &style)?.0;
        root.draw_text(
            &self.note,
            &style,
            (w as i32 - width as i32 - 24, h as i32 - 36),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dark_theme_colour_stands_out_three_to_one() {
        let st = Style::with_note(Theme::Dark, String::new());
        for i in 0..PALETTE.len() {
            let ratio = contrast(st.colour(i), st.bg);
            assert!(ratio >= 3.0, "colour {i} {:?}: {ratio:.2}:1", st.colour(i));
        }
        assert!(contrast(st.fg, st.bg) >= 4.5);
        // Okabe-Ito's blue is dim on the dark background as it comes: it is lightened.
        assert!(contrast(PALETTE[3], st.bg) < 4.5);
        assert!(contrast(st.colour(3), st.bg) >= 4.5);
        // The light theme keeps the palette as it is.
        let light = Style::with_note(Theme::Light, String::new());
        assert_eq!(light.colour(3), PALETTE[3]);
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((contrast(BLACK, WHITE) - 21.0).abs() < 1e-9);
        // WCAG's worked value: #777777 on white is 4.48:1.
        assert!((contrast(RGBColor(0x77, 0x77, 0x77), WHITE) - 4.48).abs() < 0.01);
    }
}
