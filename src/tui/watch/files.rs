//! Watching files for saves: `notify` on the folders that hold them, filtered to the files'
//! names and debounced here (an editor's save is several events: truncate, write, rename,
//! chmod), so one save makes one run.
//!
//! The folder is watched rather than the file because editors often save by writing a new
//! file and renaming it over the old one (vim, many IDEs): a watch on the file itself would
//! stay on the deleted inode. Watching the folder also sees a file that disappears and comes
//! back. Reads and opens are ignored — running the snippet reads it, which must not count as a
//! save. Where the system's notifier cannot start (no inotify instances left), the folders are
//! polled instead.

use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// How long the files must stay quiet after an event before the change is reported.
pub const QUIET: Duration = Duration::from_millis(120);

/// How often the polling fallback looks at the folders.
const POLL: Duration = Duration::from_millis(400);

/// What the watcher reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// One of the files was saved, created, removed or renamed (after the quiet period).
    Saved,
    /// The notifier reported an error (said once; watching goes on where it can).
    Trouble(String),
}

/// A running watch; dropping it stops the notifier (and then the debounce thread).
pub struct Watch {
    _watcher: Box<dyn Watcher + Send>,
    /// Debounced changes.
    pub changes: Receiver<Change>,
}

/// Starts watching `files` (their folders, non-recursively). Errors when a folder cannot be
/// watched (it does not exist, or is unreadable).
pub fn watch(files: &[&Path]) -> Result<Watch, String> {
    let targets: Vec<(PathBuf, OsString)> = files.iter().map(|f| split(f)).collect();
    if let Some((dir, _)) = targets.iter().find(|(d, _)| !d.is_dir()) {
        return Err(format!(
            "cannot watch the folder {}: there is no such folder; give a file in an existing folder",
            dir.display()
        ));
    }
    let (raw_tx, raw_rx) = channel::<notify::Result<Event>>();
    let mut watcher = start(raw_tx)?;
    for (dir, _) in &targets {
        watcher
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch the folder {}: {e}", dir.display()))?;
    }
    let (tx, changes) = channel();
    std::thread::Builder::new()
        .name("lrtutor-watch".into())
        .spawn(move || debounce(&raw_rx, &tx, &targets))
        .map_err(|e| format!("cannot start the watch thread: {e}"))?;
    Ok(Watch {
        _watcher: watcher,
        changes,
    })
}

/// The system's notifier, or a poller where it cannot start.
fn start(tx: Sender<notify::Result<Event>>) -> Result<Box<dyn Watcher + Send>, String> {
    let send = {
        let tx = tx.clone();
        move |e| {
            let _ = tx.send(e);
        }
    };
    match notify::recommended_watcher(send) {
        Ok(w) => Ok(Box::new(w)),
        Err(_) => {
            let config = notify::Config::default().with_poll_interval(POLL);
            let send = move |e| {
                let _ = tx.send(e);
            };
            notify::PollWatcher::new(send, config)
                .map(|w| Box::new(w) as Box<dyn Watcher + Send>)
                .map_err(|e| format!("cannot watch files on this system: {e}"))
        }
    }
}

/// A file's folder (`.` for a bare name) and its name.
fn split(file: &Path) -> (PathBuf, OsString) {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = file.file_name().map(OsString::from).unwrap_or_default();
    (dir, name)
}

/// Whether an event is a change to one of the targets (reads and opens are not).
fn concerns(event: &Event, targets: &[(PathBuf, OsString)]) -> bool {
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|p| {
        let name = p.file_name().unwrap_or_default();
        targets.iter().any(|(_, n)| n == name)
    })
}

/// Waits for a relevant event, then for `QUIET` without one, and reports one `Saved`; ends
/// when the notifier or the receiver goes away.
fn debounce(
    raw: &Receiver<notify::Result<Event>>,
    tx: &Sender<Change>,
    targets: &[(PathBuf, OsString)],
) {
    let mut told_trouble = false;
    let mut pending = false;
    loop {
        let next = if pending {
            raw.recv_timeout(QUIET)
        } else {
            raw.recv().map_err(|_| RecvTimeoutError::Disconnected)
        };
        match next {
            Ok(Ok(event)) => pending |= concerns(&event, targets),
            Ok(Err(e)) => {
                if !told_trouble && tx.send(Change::Trouble(e.to_string())).is_err() {
                    return;
                }
                told_trouble = true;
            }
            Err(RecvTimeoutError::Timeout) => {
                pending = false;
                if tx.send(Change::Saved).is_err() {
                    return;
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A fresh folder under the system's temporary folder.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lrtutor-watch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        dir
    }

    /// The changes reported within `wait`.
    fn collect(w: &Watch, wait: Duration) -> Vec<Change> {
        let end = Instant::now() + wait;
        let mut out = Vec::new();
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            match w.changes.recv_timeout(left) {
                Ok(c) => out.push(c),
                Err(_) => break,
            }
        }
        out
    }

    #[test]
    fn a_burst_of_writes_is_one_change_and_reads_and_other_files_are_none() {
        let dir = scratch("burst");
        let file = dir.join("a.py");
        std::fs::write(&file, "x = 1\n").expect("write");
        let w = watch(&[&file]).expect("watches");
        // Reading the file (as a run does) and writing a neighbour change nothing.
        let _ = std::fs::read_to_string(&file);
        std::fs::write(dir.join("b.py"), "y = 2\n").expect("write");
        assert_eq!(collect(&w, Duration::from_millis(600)), []);
        // Three writes in a row, as an editor's save: one change.
        for k in 0..3 {
            std::fs::write(&file, format!("x = {k}\n")).expect("write");
        }
        assert_eq!(collect(&w, Duration::from_secs(2)), [Change::Saved]);
        // Replaced by rename (vim's way), then removed: each is seen.
        std::fs::write(dir.join("a.py.tmp"), "x = 9\n").expect("write");
        std::fs::rename(dir.join("a.py.tmp"), &file).expect("rename");
        assert_eq!(collect(&w, Duration::from_secs(2)), [Change::Saved]);
        std::fs::remove_file(&file).expect("remove");
        assert_eq!(collect(&w, Duration::from_secs(2)), [Change::Saved]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_it() {
        let dir = scratch("missing").join("nowhere");
        let err = watch(&[&dir.join("a.py")]).err().expect("an error");
        assert!(
            err.contains("cannot watch the folder") && err.contains("nowhere"),
            "{err}"
        );
    }
}
