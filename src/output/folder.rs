//! The output folder as one unit: a run (a sweep, a set of charts) is built whole in a hidden
//! sibling of its folder and swapped in when complete, so the folder always holds exactly one
//! run, and a folder that chipshop did not write is not replaced unless forced. Not the files
//! inside (see `atomic_file.rs`).
//!
//! Beside `out/`, while a command builds it, there are:
//! - `.out.chipshop-<id>.lock`: a file the command holds locked for as long as it lives;
//! - `.out.chipshop-<id>.partial/`: the folder being built;
//! - for an instant during the swap, `.out.chipshop-<id>.old/`: the folder being replaced.
//!
//! A kill at any instant leaves either the old folder or the new one at `out/`, whole (or, for
//! the instant between the swap's two renames, neither, with both beside it). Leftovers whose
//! lock is free (or gone) belong to a command that died: the next command writing `out/`
//! removes them. Those whose lock is held belong to a command still running, and stay.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use fs4::{FileExt, TryLockError};
use thiserror::Error;

/// The files chipshop writes into an output folder: a run's, a sweep's or a shard's. A folder
/// holding anything else is not chipshop's (see [`StagedFolder::begin`]); a command that writes
/// a new file into its folder must add the name here.
pub const OUTPUT_FILES: [&str; 13] = [
    "summary.json",
    "scenario.toml",
    "orders.csv",
    "series.csv",
    "events.jsonl",
    "trace.json",
    "opensearch-bulk.ndjson",
    "sweep.csv",
    "sweep.json",
    "raw.csv",
    "shard.json",
    "plan.json",
    CHARTS_DIR,
];

/// The charts' folder inside an output folder.
pub const CHARTS_DIR: &str = "charts";

/// What a folder must hold for chipshop to replace it without `--force`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FolderKind {
    /// A run's, a sweep's or a shard's folder: only [`OUTPUT_FILES`], `charts/` holding charts.
    Output,
    /// A folder of charts: only `.png`, `.svg` and `.gif` (`chart --animate`) files.
    Charts,
}

/// Why an output folder could not be made or replaced.
#[derive(Debug, Error)]
pub enum FolderError {
    /// The path names a file.
    #[error("{path}: is a file, not a folder; give --out a folder (it will be made)")]
    NotAFolder {
        /// The path, as given.
        path: PathBuf,
    },
    /// The path is the root folder, or holds the current folder: replacing it whole would take
    /// everything in it.
    #[error(
        "{path}: {why}; chipshop replaces its output folder whole, so give --out a folder of its own"
    )]
    TooWide {
        /// The path, as given.
        path: PathBuf,
        /// Root, where you are, or your home.
        why: &'static str,
    },
    /// The folder holds files chipshop did not write.
    #[error(
        "{path}: not a chipshop output folder: it holds {}; give --out another folder, or add --force to replace it and everything in it",
        list(found)
    )]
    NotChipshops {
        /// The path, as given.
        path: PathBuf,
        /// The first few entries that chipshop did not write.
        found: Vec<String>,
    },
    /// The folder (or the place beside it) could not be made, read or renamed.
    #[error("{path}: cannot {action}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// What the system said.
        source: std::io::Error,
    },
}

fn list(found: &[String]) -> String {
    let shown: Vec<String> = found.iter().take(3).map(|f| format!("\"{f}\"")).collect();
    match found.len() {
        0..=3 => shown.join(", "),
        n => format!("{} and {} more", shown.join(", "), n - 3),
    }
}

fn io(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> FolderError {
    let path = path.to_path_buf();
    move |source| FolderError::Io {
        path,
        action,
        source,
    }
}

/// A folder being built beside its target; [`commit`](Self::commit) swaps it in, dropping it
/// uncommitted (an error, an interrupt) removes it and leaves the target as it was.
#[derive(Debug)]
pub struct StagedFolder {
    /// Where the folder goes (its parent resolved).
    target: PathBuf,
    /// The path as the user gave it, for messages.
    shown: PathBuf,
    kind: FolderKind,
    force: bool,
    staging: PathBuf,
    old: PathBuf,
    lock_path: PathBuf,
    lock: Option<File>,
    cleaned: Vec<PathBuf>,
    committed: bool,
}

impl StagedFolder {
    /// Starts building the folder `out`: checks that `out` is a folder chipshop may replace
    /// (absent, empty, or holding only what chipshop writes there, per `kind`; anything with
    /// `force`, except the root or a folder holding the current one), removes what dead
    /// commands left beside it, and makes the hidden folder to build in.
    pub fn begin(out: &Path, kind: FolderKind, force: bool) -> Result<StagedFolder, FolderError> {
        let (parent, name) = resolve(out)?;
        fs::create_dir_all(&parent).map_err(io(out, "create the output folder"))?;
        let target = parent.join(&name);
        refuse_too_wide(&target, out)?;
        check_replaceable(&target, out, kind, force)?;
        let cleaned = remove_leftovers(&parent, &name);
        let id = unique_id();
        let stem = format!(".{}.chipshop-{id}", name.to_string_lossy());
        let lock_path = parent.join(format!("{stem}.lock"));
        let lock = File::create_new(&lock_path).map_err(io(out, "create the output folder"))?;
        let mut staged = StagedFolder {
            target,
            shown: out.to_path_buf(),
            kind,
            force,
            staging: parent.join(format!("{stem}.partial")),
            old: parent.join(format!("{stem}.old")),
            lock_path,
            lock: None,
            cleaned,
            committed: false,
        };
        // Called through the trait: std's own `File::lock` needs a newer Rust than ours.
        FileExt::lock(&lock).map_err(io(&staged.lock_path, "lock the output folder"))?;
        staged.lock = Some(lock);
        fs::create_dir(&staged.staging).map_err(io(&staged.staging, "create the output folder"))?;
        Ok(staged)
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Folders left by dead commands that [`begin`](Self::begin) removed (with their locks).
    pub fn cleaned(&self) -> &[PathBuf] {
        &self.cleaned
    }

    /// Puts the finished folder in place of the target, removing the folder it replaces.
    pub fn commit(mut self) -> Result<(), FolderError> {
        // Files may have been added to the target while this command ran.
        check_replaceable(&self.target, &self.shown, self.kind, self.force)?;
        let replaced = match fs::rename(&self.target, &self.old) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(io(&self.shown, "replace the output folder")(e)),
        };
        if let Err(e) = fs::rename(&self.staging, &self.target) {
            if replaced {
                let _ = fs::rename(&self.old, &self.target);
            }
            return Err(io(&self.shown, "replace the output folder")(e));
        }
        self.committed = true;
        // What stays of the old folder if this fails is removed by the next command, since
        // its lock is then gone.
        if replaced {
            let _ = fs::remove_dir_all(&self.old);
        }
        Ok(())
    }
}

impl Drop for StagedFolder {
    /// An uncommitted folder is removed; the lock file goes last, so that no other command
    /// takes what is left for a dead command's.
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
        let _ = fs::remove_file(&self.lock_path);
        self.lock.take();
    }
}

/// The folder's parent and its name; `.`, `..` and a symbolic link are resolved first, so that
/// the folder is built beside the real one.
fn resolve(out: &Path) -> Result<(PathBuf, OsString), FolderError> {
    let path = if out.file_name().is_none() || out.is_symlink() {
        fs::canonicalize(out).map_err(io(out, "find the output folder"))?
    } else {
        out.to_path_buf()
    };
    let Some(name) = path.file_name() else {
        return Err(FolderError::TooWide {
            path: out.to_path_buf(),
            why: "is the root folder",
        });
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name.to_os_string()))
}

/// Refuses a target that holds the current folder or the home folder, whatever `--force`
/// says: `--out ~ --force` would otherwise take everything the user has.
fn refuse_too_wide(target: &Path, shown: &Path) -> Result<(), FolderError> {
    let Ok(there) = fs::canonicalize(target) else {
        return Ok(());
    };
    let holds = |dir: Option<PathBuf>| {
        dir.and_then(|d| fs::canonicalize(d).ok())
            .is_some_and(|d| d.starts_with(&there))
    };
    let why = if holds(std::env::current_dir().ok()) {
        "holds the current folder"
    } else if holds(std::env::var_os("HOME").map(PathBuf::from)) {
        "holds your home folder"
    } else {
        return Ok(());
    };
    Err(FolderError::TooWide {
        path: shown.to_path_buf(),
        why,
    })
}

/// Whether `target` may be replaced: absent, an empty folder, a folder of `kind`, or `force`.
fn check_replaceable(
    target: &Path,
    shown: &Path,
    kind: FolderKind,
    force: bool,
) -> Result<(), FolderError> {
    match fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(shown, "read the output folder")(e)),
        Ok(m) if !m.is_dir() => Err(FolderError::NotAFolder {
            path: shown.to_path_buf(),
        }),
        Ok(_) if force => Ok(()),
        Ok(_) => {
            let found =
                foreign_entries(target, kind).map_err(io(shown, "read the output folder"))?;
            if found.is_empty() {
                Ok(())
            } else {
                Err(FolderError::NotChipshops {
                    path: shown.to_path_buf(),
                    found,
                })
            }
        }
    }
}

/// The entries of `dir` that chipshop would not have written into a folder of `kind`, sorted.
pub fn foreign_entries(dir: &Path, kind: FolderKind) -> std::io::Result<Vec<String>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let file_type = entry.file_type()?;
        // An older chipshop's half-written file (`.orders.csv.partial`) is chipshop's too.
        let partial = name.starts_with('.') && name.contains(".partial");
        if kind == FolderKind::Output && name == CHARTS_DIR && file_type.is_dir() {
            // Named inside the folder (`charts/talk.pdf`), so the user knows what to move.
            let inside = foreign_entries(&entry.path(), FolderKind::Charts)?;
            found.extend(inside.into_iter().map(|n| format!("{CHARTS_DIR}/{n}")));
            continue;
        }
        let ours = match kind {
            FolderKind::Charts => file_type.is_file() && (is_chart(&name) || partial),
            FolderKind::Output => {
                file_type.is_file()
                    && (partial
                        || (OUTPUT_FILES.contains(&name.as_str())
                            && has_its_shape(&entry.path(), &name)))
            }
        };
        if !ours {
            found.push(if file_type.is_dir() {
                format!("{name}/")
            } else {
                name
            });
        }
    }
    found.sort();
    Ok(found)
}

fn is_chart(name: &str) -> bool {
    !name.starts_with('.')
        && (name.ends_with(".png") || name.ends_with(".svg") || name.ends_with(".gif"))
}

/// A summary.json, sweep.json, plan.json or shard.json is chipshop's if it is a JSON object with the key
/// chipshop puts first; other files are recognised by name.
fn has_its_shape(path: &Path, name: &str) -> bool {
    let key = match name {
        "summary.json" | "sweep.json" | "plan.json" => "scenario",
        "shard.json" => "definition",
        _ => return true,
    };
    fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .is_some_and(|v| v.get(key).is_some())
}

/// Removes what dead commands left beside `parent/name`: `.name.chipshop-<id>.*` whose lock
/// file is gone or free. Returns the folders it removed (not the lock files).
fn remove_leftovers(parent: &Path, name: &std::ffi::OsStr) -> Vec<PathBuf> {
    let prefix = format!(".{}.chipshop-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut by_id: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some((id, suffix)) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.rsplit_once('.'))
        else {
            continue;
        };
        if matches!(suffix, "partial" | "old" | "lock") {
            by_id.entry(id.to_string()).or_default().push(entry.path());
        }
    }
    let mut removed = Vec::new();
    for (id, mut paths) in by_id {
        let lock_path = parent.join(format!("{prefix}{id}.lock"));
        let alive = File::open(&lock_path)
            .is_ok_and(|f| matches!(FileExt::try_lock(&f), Err(TryLockError::WouldBlock)));
        if alive {
            continue;
        }
        // Folders first, the lock last (as a live command does).
        paths.sort_by_key(|p| *p == lock_path);
        for p in paths {
            let gone = if p == lock_path {
                fs::remove_file(&p)
            } else {
                fs::remove_dir_all(&p)
            };
            if gone.is_ok() && p != lock_path {
                removed.push(p);
            }
        }
    }
    removed
}

/// A name no other command beside the same folder uses: the process id and a random number.
fn unique_id() -> String {
    use std::hash::{BuildHasher, RandomState};
    let random = RandomState::new().hash_one(std::process::id());
    format!("{}-{:08x}", std::process::id(), random as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("chipshop-folder-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_committed_folder_replaces_the_old_one_whole() {
        let dir = scratch("swap");
        let out = dir.join("run");
        fs::create_dir_all(out.join("charts")).unwrap();
        fs::write(out.join("orders.csv"), "old").unwrap();
        fs::write(out.join("events.jsonl"), "old").unwrap();
        fs::write(out.join("charts/a.png"), "old").unwrap();
        let staged = StagedFolder::begin(&out, FolderKind::Output, false).unwrap();
        fs::write(staged.path().join("orders.csv"), "new").unwrap();
        assert_eq!(
            fs::read(out.join("orders.csv")).unwrap(),
            b"old",
            "old until commit"
        );
        staged.commit().unwrap();
        assert_eq!(names(&out), ["orders.csv"], "nothing of the old run stays");
        assert_eq!(names(&dir), ["run"], "nothing left beside it");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_uncommitted_folder_leaves_the_old_one() {
        let dir = scratch("abandon");
        let out = dir.join("run");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("orders.csv"), "old").unwrap();
        let staged = StagedFolder::begin(&out, FolderKind::Output, false).unwrap();
        fs::write(staged.path().join("orders.csv"), "new").unwrap();
        drop(staged);
        assert_eq!(fs::read(out.join("orders.csv")).unwrap(), b"old");
        assert_eq!(names(&dir), ["run"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn foreign_files_are_refused_unless_forced() {
        let dir = scratch("foreign");
        let out = dir.join("mine");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("notes.md"), "mine").unwrap();
        fs::write(out.join("summary.json"), "[1, 2]").unwrap();
        let err = StagedFolder::begin(&out, FolderKind::Output, false).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("notes.md") && text.contains("summary.json"),
            "{text}"
        );
        assert!(text.contains("--force"), "{text}");
        StagedFolder::begin(&out, FolderKind::Output, true)
            .unwrap()
            .commit()
            .unwrap();
        assert!(names(&out).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn charts_folders_hold_only_charts() {
        let dir = scratch("charts");
        fs::write(dir.join("a.png"), "").unwrap();
        fs::write(dir.join("b.svg"), "").unwrap();
        assert!(
            foreign_entries(&dir, FolderKind::Charts)
                .unwrap()
                .is_empty()
        );
        fs::write(dir.join("talk.pdf"), "").unwrap();
        assert_eq!(
            foreign_entries(&dir, FolderKind::Charts).unwrap(),
            ["talk.pdf"]
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_stray_file_in_a_runs_charts_is_named_inside_it() {
        let dir = scratch("charts-in-run");
        fs::create_dir_all(dir.join(CHARTS_DIR)).unwrap();
        fs::write(dir.join(CHARTS_DIR).join("a.png"), "").unwrap();
        assert!(
            foreign_entries(&dir, FolderKind::Output)
                .unwrap()
                .is_empty()
        );
        fs::write(dir.join(CHARTS_DIR).join("talk.pdf"), "").unwrap();
        assert_eq!(
            foreign_entries(&dir, FolderKind::Output).unwrap(),
            ["charts/talk.pdf"]
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_dead_commands_leftovers_go_and_a_live_ones_stay() {
        let dir = scratch("leftovers");
        let out = dir.join("run");
        // A dead command: its folder and a lock file nobody holds.
        fs::create_dir_all(dir.join(".run.chipshop-1-dead.partial")).unwrap();
        fs::create_dir_all(dir.join(".run.chipshop-1-dead.old")).unwrap();
        fs::write(dir.join(".run.chipshop-1-dead.lock"), "").unwrap();
        // Another dead one whose lock file is already gone.
        fs::create_dir_all(dir.join(".run.chipshop-2-dead.partial")).unwrap();
        // A live command beside the same folder.
        let live = StagedFolder::begin(&out, FolderKind::Output, false).unwrap();
        assert_eq!(live.cleaned().len(), 3, "{:?}", live.cleaned());
        let next = StagedFolder::begin(&out, FolderKind::Output, false).unwrap();
        assert_eq!(
            next.cleaned().len(),
            0,
            "a live command's files are not leftovers"
        );
        assert!(live.path().is_dir(), "a live command's folder stays");
        drop(next);
        drop(live);
        assert!(names(&dir).is_empty(), "{:?}", names(&dir));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_or_the_root_is_refused() {
        let dir = scratch("file");
        fs::write(dir.join("f"), "").unwrap();
        let err = StagedFolder::begin(&dir.join("f"), FolderKind::Output, true).unwrap_err();
        assert!(matches!(err, FolderError::NotAFolder { .. }), "{err}");
        let err = StagedFolder::begin(Path::new("/"), FolderKind::Output, true).unwrap_err();
        assert!(matches!(err, FolderError::TooWide { .. }), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
