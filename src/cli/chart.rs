//! `chipshop chart DIR`: redraws the charts of a finished run or sweep from its files.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::output::charts::{ChartOptions, Formats, Theme, draw_folder_charts};

#[derive(Clone, Copy, ValueEnum)]
enum ThemeArg {
    Light,
    Dark,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatsArg {
    Png,
    Svg,
    Both,
}

/// The look and the files of the charts: shared by `chipshop run`, `chipshop sweep` and
/// `chipshop chart`.
#[derive(Args)]
pub(crate) struct ChartLook {
    /// Light or dark charts (dark for dark slides).
    #[arg(long, value_enum, default_value = "light")]
    theme: ThemeArg,
    /// Which chart files to draw.
    #[arg(long, value_enum, default_value = "both")]
    charts: FormatsArg,
}

impl ChartLook {
    /// The drawing options these flags ask for, with the default timeline length.
    pub(crate) fn options(&self) -> ChartOptions {
        ChartOptions {
            theme: match self.theme {
                ThemeArg::Light => Theme::Light,
                ThemeArg::Dark => Theme::Dark,
            },
            formats: match self.charts {
                FormatsArg::Png => Formats::Png,
                FormatsArg::Svg => Formats::Svg,
                FormatsArg::Both => Formats::Both,
            },
            ..ChartOptions::default()
        }
    }
}

/// How a run's charts are drawn: shared by `chipshop chart` and `chipshop run`.
#[derive(Args)]
pub(crate) struct ChartFlags {
    #[command(flatten)]
    look: ChartLook,
    /// Orders on the order timeline (the first N).
    #[arg(long, default_value_t = 60)]
    timeline_orders: usize,
}

impl ChartFlags {
    /// The drawing options these flags ask for.
    pub(crate) fn options(&self) -> ChartOptions {
        ChartOptions {
            timeline_orders: self.timeline_orders,
            ..self.look.options()
        }
    }
}

/// Redraw the charts of a finished run (DIR/charts/) from its summary, orders and series, or
/// of a sweep from its sweep.json.
#[derive(Args)]
pub(crate) struct ChartArgs {
    /// The run's or the sweep's output folder.
    dir: PathBuf,
    #[command(flatten)]
    flags: ChartFlags,
}

pub(crate) fn run(args: ChartArgs) -> ExitCode {
    match draw_folder_charts(&args.dir, &args.flags.options()) {
        Ok(files) => {
            for f in files {
                println!("{}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => super::bad_input(e),
    }
}
