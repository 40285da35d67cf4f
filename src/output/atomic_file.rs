//! Files that appear whole or not at all: written under a temporary name, renamed when done.
//!
//! An interrupted run leaves at most a `.partial` file, never one that looks complete.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::error::OutputError;

/// A buffered file being written; it takes its real name only on [`commit`](Self::commit).
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<File>>,
    /// Set once the file has its real name; until then, dropping it removes the temporary.
    renamed: bool,
}

impl AtomicFile {
    /// Starts writing what will become `target`.
    pub fn create(target: &Path) -> Result<AtomicFile, OutputError> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = target.with_file_name(format!(".{name}.partial"));
        let file = File::create(&temp).map_err(|e| OutputError::io(&temp, e))?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp,
            writer: Some(BufWriter::with_capacity(1 << 16, file)),
            renamed: false,
        })
    }

    /// Writes `bytes` to `target` at once.
    pub fn write_all(target: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        let mut file = AtomicFile::create(target)?;
        file.write_all(bytes)
            .map_err(|e| OutputError::io(target, e))?;
        file.commit()
    }

    /// Flushes, syncs and renames the file to its real name. If any step fails (a full disk,
    /// a folder in the way of the real name), the temporary file is removed.
    pub fn commit(mut self) -> Result<(), OutputError> {
        // On failure `self` is dropped on return, and `Drop` removes the temporary file.
        self.finish_and_rename()
    }

    fn finish_and_rename(&mut self) -> Result<(), OutputError> {
        let writer = self.writer.take().expect("commit consumes the file");
        let file = writer
            .into_inner()
            .map_err(|e| OutputError::io(&self.temp, e.into_error()))?;
        file.sync_all()
            .map_err(|e| OutputError::io(&self.temp, e))?;
        drop(file);
        std::fs::rename(&self.temp, &self.target).map_err(|e| OutputError::io(&self.target, e))?;
        self.renamed = true;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.as_mut().expect("not yet committed").write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.as_mut().expect("not yet committed").flush()
    }
}

impl Drop for AtomicFile {
    /// A file dropped without `commit` (an error or a panic part-way) is removed.
    fn drop(&mut self) {
        if !self.renamed {
            // Drop the writer first: a file still open is removed all the same on Unix, but
            // not on every system.
            self.writer.take();
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appears_only_when_committed() {
        let dir = std::env::temp_dir().join(format!("chipshop-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("summary.json");
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"{}").unwrap();
        assert!(
            !target.exists(),
            "nothing under the real name before commit"
        );
        f.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"{}");
        let mut g = AtomicFile::create(&dir.join("orders.csv")).unwrap();
        g.write_all(b"half").unwrap();
        drop(g);
        assert!(!dir.join("orders.csv").exists());
        assert!(
            !dir.join(".orders.csv.partial").exists(),
            "an abandoned file is cleaned up"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_commit_leaves_no_partial() {
        let dir = std::env::temp_dir().join(format!("chipshop-atomic-fail-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        // A folder where the file should go: the rename fails.
        std::fs::create_dir_all(dir.join("summary.json")).unwrap();
        let err = AtomicFile::write_all(&dir.join("summary.json"), b"{}").unwrap_err();
        assert!(err.to_string().contains("summary.json"), "{err}");
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["summary.json"], "the .partial is gone");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
