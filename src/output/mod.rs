//! Output files and folders: written whole or not at all (a temporary name, then a rename).

mod atomic_file;
mod background_file;
mod bulk_ndjson;
pub mod charts;
mod error;
mod folder;
mod orders_csv;
mod perfetto;
mod run_files;
mod series_csv;
mod table_thread;
mod text_rows;

pub use atomic_file::AtomicFile;
pub use bulk_ndjson::BulkNdjson;
pub use error::OutputError;
pub use folder::{
    CHARTS_DIR, FolderError, FolderKind, OUTPUT_FILES, StagedFolder, foreign_entries,
};
pub use orders_csv::{HEADER as ORDERS_CSV_HEADER, OrdersCsv};
pub use perfetto::{PERFETTO_BYTES_PER_ORDER, PERFETTO_COMFORTABLE_BYTES, PerfettoTrace};
pub use run_files::RunFiles;
pub use series_csv::{HEADER as SERIES_CSV_HEADER, SeriesCsv};
