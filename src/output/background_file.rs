//! A file written on a thread of its own: the run hands it large chunks of bytes and goes on
//! while the kernel copies them.
//!
//! A trace is written as fast as it is formatted, and handing each 64 KiB to the kernel cost
//! the simulating thread a fifth of a traced run. Chunks go back to be filled again and at most
//! a few are in flight, so memory stays small however long the run. The file underneath is an
//! [`AtomicFile`]: it takes its real name only on [`commit`](BackgroundFile::commit), and one
//! dropped before (an error, Ctrl-C) is removed once the thread has stopped.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use super::atomic_file::AtomicFile;
use super::error::OutputError;

/// Bytes gathered before they go to the thread.
const CHUNK: usize = 1 << 18;
/// Chunks on their way to the thread (or back) at most.
const CHUNKS_IN_FLIGHT: usize = 4;

/// What the thread gives back when it stops: the file, or the first error writing it.
type Written = std::io::Result<AtomicFile>;

/// The run's side of a file written on a thread (see the module's documentation).
pub(super) struct BackgroundFile {
    path: PathBuf,
    chunk: Vec<u8>,
    to_thread: Option<SyncSender<Vec<u8>>>,
    emptied: Receiver<Vec<u8>>,
    thread: Option<JoinHandle<Written>>,
}

impl BackgroundFile {
    /// Starts writing what will become `target` (under a temporary name until committed).
    pub(super) fn create(target: &Path) -> Result<BackgroundFile, OutputError> {
        let mut file = AtomicFile::create(target)?;
        let (to_thread, from_run) = sync_channel::<Vec<u8>>(CHUNKS_IN_FLIGHT);
        let (to_run, emptied) = sync_channel::<Vec<u8>>(CHUNKS_IN_FLIGHT);
        let thread = std::thread::Builder::new()
            .name("chipshop-writer".into())
            .spawn(move || -> Written {
                for mut chunk in from_run {
                    file.write_all(&chunk)?;
                    chunk.clear();
                    // The run may have enough chunks already; this one can go.
                    let _ = to_run.try_send(chunk);
                }
                Ok(file)
            })
            .map_err(|e| OutputError::io(target, e))?;
        Ok(BackgroundFile {
            path: target.to_path_buf(),
            chunk: Vec::with_capacity(CHUNK),
            to_thread: Some(to_thread),
            emptied,
            thread: Some(thread),
        })
    }

    /// Hands the gathered bytes to the thread. If it has stopped, returns the error it stopped
    /// on.
    fn send_chunk(&mut self) -> std::io::Result<()> {
        let fresh = self
            .emptied
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let full = std::mem::replace(&mut self.chunk, fresh);
        let sent = self.to_thread.as_ref().map(|to| to.send(full));
        if let Some(Err(_)) = sent {
            // The thread stopped on an error: take it, and write nothing more.
            self.to_thread = None;
            return match self.join() {
                Err(e) => Err(e),
                Ok(_) => Err(std::io::Error::other("the writing thread stopped")),
            };
        }
        if self.to_thread.is_none() {
            return Err(std::io::Error::other("the file was already abandoned"));
        }
        Ok(())
    }

    /// Waits for the thread and returns what it gave back.
    fn join(&mut self) -> Written {
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(written)) => written,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Err(std::io::Error::other("the writing thread already stopped")),
        }
    }

    /// Writes what is left, waits for the thread, and gives the file its real name.
    pub(super) fn commit(mut self) -> Result<(), OutputError> {
        if !self.chunk.is_empty() {
            self.send_chunk()
                .map_err(|e| OutputError::io(&self.path, e))?;
        }
        self.to_thread = None;
        match self.join() {
            Ok(file) => file.commit(),
            Err(e) => Err(OutputError::io(&self.path, e)),
        }
    }
}

impl Write for BackgroundFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.chunk.extend_from_slice(bytes);
        if self.chunk.len() >= CHUNK {
            self.send_chunk()?;
        }
        Ok(bytes.len())
    }

    /// The bytes are the thread's to write; [`commit`](BackgroundFile::commit) waits for them.
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for BackgroundFile {
    /// Dropped before its commit: the thread stops, and the unfinished file is removed before
    /// the run goes on.
    fn drop(&mut self) {
        self.to_thread = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("chipshop-bg-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_every_byte_in_order_and_appears_on_commit() {
        let dir = dir("order");
        let target = dir.join("events.jsonl");
        let mut f = BackgroundFile::create(&target).unwrap();
        let mut expected = Vec::new();
        // Several chunks' worth, in pieces that do not divide a chunk.
        for i in 0..200_000u32 {
            let line = format!("{{\"n\":{i}}}\n");
            f.write_all(line.as_bytes()).unwrap();
            expected.extend_from_slice(line.as_bytes());
        }
        assert!(expected.len() > 3 * CHUNK);
        assert!(
            !target.exists(),
            "nothing under the real name before commit"
        );
        f.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), expected);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn dropped_before_commit_leaves_nothing() {
        let dir = dir("drop");
        let mut f = BackgroundFile::create(&dir.join("trace.json")).unwrap();
        f.write_all(&vec![b'x'; 3 * CHUNK]).unwrap();
        drop(f);
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
