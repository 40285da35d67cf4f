//! Queueing theory on the engine: an M/M/c model and the closed-form results it must match.
//!
//! Not part of the shop; these check that the engine (and later the shop) reproduce theory.

mod erlang;
mod mmc;

pub use erlang::{erlang_c, mm1_wait, mmc_wait};
pub use mmc::{MmcConfig, MmcEvent, MmcModel, MmcReport, run_mmc};
