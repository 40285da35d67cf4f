//! Output files: written whole or not at all (temporary name, then rename).

mod atomic_file;
mod bulk_ndjson;
pub mod charts;
mod error;
mod orders_csv;
mod run_files;
mod series_csv;

pub use atomic_file::AtomicFile;
pub use bulk_ndjson::BulkNdjson;
pub use error::OutputError;
pub use orders_csv::{HEADER as ORDERS_CSV_HEADER, OrdersCsv};
pub use run_files::RunFiles;
pub use series_csv::{HEADER as SERIES_CSV_HEADER, SeriesCsv};
