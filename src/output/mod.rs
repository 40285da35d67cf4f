//! Output files: written whole or not at all (temporary name, then rename).

mod atomic_file;
pub mod charts;
mod error;
mod orders_csv;

pub use atomic_file::AtomicFile;
pub use error::OutputError;
pub use orders_csv::{HEADER as ORDERS_CSV_HEADER, OrdersCsv};
