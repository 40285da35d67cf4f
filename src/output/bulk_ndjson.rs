//! `opensearch-bulk.ndjson`: the analyst's index of orders, loadable with `POST _bulk`.
//!
//! Each order is two lines: `{"index":{"_index":"orders","_id":"<id>"}}` then the document;
//! every line ends in a newline, as the bulk API requires.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::atomic_file::AtomicFile;
use super::error::OutputError;
use crate::model::AnalystDoc;

/// Writes the bulk file through an [`AtomicFile`]; the first error is kept for [`finish`](Self::finish).
pub struct BulkNdjson {
    file: AtomicFile,
    path: PathBuf,
    error: Option<std::io::Error>,
}

impl BulkNdjson {
    /// Starts `path`.
    pub fn create(path: &Path) -> Result<BulkNdjson, OutputError> {
        Ok(BulkNdjson {
            file: AtomicFile::create(path)?,
            path: path.to_path_buf(),
            error: None,
        })
    }

    /// Appends one order's action and document lines.
    pub fn write(&mut self, doc: &AnalystDoc) {
        if self.error.is_some() {
            return;
        }
        let result = writeln!(
            self.file,
            r#"{{"index":{{"_index":"orders","_id":"{}"}}}}"#,
            doc.order
        )
        .and_then(|()| serde_json::to_writer(&mut self.file, doc).map_err(std::io::Error::from))
        .and_then(|()| self.file.write_all(b"\n"));
        if let Err(e) = result {
            self.error = Some(e);
        }
    }

    /// Finishes the file under its real name.
    pub fn finish(self) -> Result<(), OutputError> {
        if let Some(e) = self.error {
            return Err(OutputError::io(&self.path, e));
        }
        self.file.commit()
    }
}
