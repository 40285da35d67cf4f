//! `chipshop play`: the talk's live demo in a terminal. The shop runs on the engine, stepped
//! to the wall clock, and the screen shows a panel per till, preparer and the cook, with the
//! consumer lag, the partitions' owners, rebalances and the hot cabinet.
//!
//! Guarantee: drawing never changes what is simulated. The screen only reads the shop (its
//! [`ShopView`](crate::model::ShopView) and the records it hands to its outputs); the run is
//! the same [`ShopRun`](crate::model::ShopRun) that `chipshop run` uses, and stepping it in
//! pieces runs the same events in the same order as one call. Keys that change the shop are
//! scheduled events, written into the played scenario's `[[faults]]`.

mod keys;
mod live;
mod log;
mod panels;
mod screen;
mod snapshot;
mod status;
mod steer;

pub use keys::{Action, Key, Keys};
pub use live::{LiveOptions, Played, Show, play_live};
pub use log::PlayLog;
pub use panels::{LogLine, Panel, clock, items, panel_lines};
pub use screen::{KEYS, draw, panels_for};
pub use snapshot::{buffer_text, snapshot};
pub use status::{Speed, Status};
pub use steer::{Steer, Steering};

/// Why `play` failed.
#[derive(Debug, thiserror::Error)]
pub enum PlayError {
    /// The terminal could not be set up, drawn on or read.
    #[error("terminal: {0}")]
    Terminal(#[from] std::io::Error),
    /// The shop's run failed.
    #[error(transparent)]
    Shop(#[from] crate::model::ShopError),
}
