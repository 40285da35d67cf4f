//! Theme, palette (Okabe-Ito), the bundled font and the scenario-and-seed corner note.

use std::sync::Once;

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::data::RunData;

/// DejaVu Sans, bundled so that charts need no system fonts (licence in assets/fonts/).
static DEJAVU_SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// The font family name the charts use.
pub(super) const FONT: &str = "dejavu-sans";

/// Registers the bundled font with plotters (once).
pub(super) fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are a valid TTF shipped with the crate; a failure would be a build bug.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, DEJAVU_SANS);
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
    note: String,
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
        Style { bg, fg, grid, note }
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
