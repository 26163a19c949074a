//! The progress file on disk: where it lives, reading it (and setting aside a file that cannot be
//! read), writing it crash-safely, and the advisory lock around read-merge-write.
//!
//! A write goes to a temporary file in the same directory, which is fsynced, renamed over the
//! old file, and then the directory is fsynced: a kill at any instant leaves the old file or the
//! new one, never a torn one. Every write and every set-aside happens under an exclusive lock
//! on `progress.lock` beside the file, so two lrtutor processes take turns.

use super::model::{Doc, Millis, VERSION};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The file's name in its directory.
pub const FILE_NAME: &str = "progress.json";
const LOCK_NAME: &str = "progress.lock";
/// Temporary files start with this; any found while holding the lock were left by a killed
/// process and are removed.
const TEMP_PREFIX: &str = ".progress.json.tmp-";
/// Larger than any real progress file (10,000 answers take about 1 MB): refused unread.
const MAX_BYTES: u64 = 256 << 20;

/// The directory of the learner's progress: `LRTUTOR_HOME` if set, else the platform's data
/// directory (`$XDG_DATA_HOME/lrtutor`, usually `~/.local/share/lrtutor`, on Linux).
pub fn default_dir() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("LRTUTOR_HOME").filter(|h| !h.is_empty()) {
        return Some(PathBuf::from(home));
    }
    directories::ProjectDirs::from("", "", "lrtutor").map(|d| d.data_dir().to_path_buf())
}

/// Holds the exclusive lock until dropped. The lock file also holds a write counter that every
/// save increments, so a store can tell that someone else wrote even if the new file happens to
/// match the old one's size, time and (reused) inode number.
pub struct Lock(File);

impl Lock {
    /// The number of saves made so far (0 for a new lock file).
    pub fn generation(&self) -> u64 {
        let mut text = String::new();
        let mut f = &self.0;
        let read = f
            .seek(SeekFrom::Start(0))
            .and_then(|_| f.read_to_string(&mut text));
        read.ok()
            .and_then(|_| text.trim().parse().ok())
            .unwrap_or(0)
    }

    /// Records one more save (a fixed width, so the old text is always overwritten whole).
    pub fn set_generation(&self, generation: u64) -> io::Result<()> {
        let mut f = &self.0;
        f.seek(SeekFrom::Start(0))?;
        f.write_all(format!("{generation:020}\n").as_bytes())
    }
}

/// Takes the lock of the progress file in `dir`, waiting for another process to finish.
pub fn lock(dir: &Path) -> io::Result<Lock> {
    fs::create_dir_all(dir)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(dir.join(LOCK_NAME))?;
    file.lock()?;
    Ok(Lock(file))
}

/// What identifies one version of the file: a write renames a new file into place, so another
/// process's save shows as a different identity, and an unchanged file need not be read again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64),
}

/// The stamp of the file at `path` now (`None`: there is no file).
pub fn stamp(path: &Path) -> Option<Stamp> {
    let m = fs::metadata(path).ok()?;
    Some(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
        #[cfg(unix)]
        inode: {
            use std::os::unix::fs::MetadataExt;
            (m.dev(), m.ino())
        },
    })
}

/// Why a file was set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// It could not be read (permissions, a directory in its place, an I/O error).
    Unreadable(String),
    /// It is not a progress file of any version (truncated, random bytes, wrong shape).
    Corrupt(String),
    /// A newer lrtutor wrote it, in a format this one does not know.
    Newer(u64),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Unreadable(e) => write!(f, "could not be read ({e})"),
            Problem::Corrupt(e) => write!(f, "is damaged ({e})"),
            Problem::Newer(v) => write!(
                f,
                "was written by a newer lrtutor (format version {v}; this one reads {VERSION})"
            ),
        }
    }
}

/// What reading the file found.
pub enum Read {
    Missing,
    Loaded(Doc),
    Bad(Problem),
}

/// Reads and parses the file (the caller holds the lock).
pub fn read(path: &Path) -> Read {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Read::Missing,
        Err(e) => return Read::Bad(Problem::Unreadable(e.to_string())),
    };
    // A named pipe would block the read forever; a directory cannot be read at all.
    if !meta.is_file() {
        return Read::Bad(Problem::Unreadable("it is not a regular file".into()));
    }
    if meta.len() > MAX_BYTES {
        return Read::Bad(Problem::Unreadable(format!(
            "it is larger than {} MiB",
            MAX_BYTES >> 20
        )));
    }
    match fs::read(path) {
        Ok(bytes) => parse(&bytes),
        Err(e) => Read::Bad(Problem::Unreadable(e.to_string())),
    }
}

/// Parses a file's bytes, telling a newer format from a damaged file.
pub fn parse(bytes: &[u8]) -> Read {
    #[derive(serde::Deserialize)]
    struct VersionOnly {
        version: u64,
    }
    match serde_json::from_slice::<Doc>(bytes) {
        Ok(doc) if doc.version == VERSION => Read::Loaded(doc),
        Ok(doc) if doc.version > VERSION => Read::Bad(Problem::Newer(doc.version.into())),
        Ok(doc) => Read::Bad(Problem::Corrupt(format!(
            "it has format version {}, which lrtutor never wrote",
            doc.version
        ))),
        Err(e) => match serde_json::from_slice::<VersionOnly>(bytes) {
            // A newer version may have changed the shape of everything but `version`.
            Ok(v) if v.version > u64::from(VERSION) => Read::Bad(Problem::Newer(v.version)),
            _ => Read::Bad(Problem::Corrupt(e.to_string())),
        },
    }
}

/// Moves the file at `path` aside, to `progress.json.<why>-<UTC time>` beside it (with a number
/// added if that name is taken); returns the new path.
pub fn set_aside(path: &Path, problem: &Problem, now: Millis) -> io::Result<PathBuf> {
    let why = match problem {
        Problem::Unreadable(_) => "unreadable",
        Problem::Corrupt(_) => "corrupt",
        Problem::Newer(_) => "newer",
    };
    let time = chrono::DateTime::from_timestamp_millis(now)
        .unwrap_or(chrono::DateTime::UNIX_EPOCH)
        .format("%Y%m%dT%H%M%SZ");
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(FILE_NAME);
    for n in 1..1000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let to = path.with_file_name(format!("{name}.{why}-{time}{suffix}"));
        if fs::symlink_metadata(&to).is_ok() {
            continue;
        }
        fs::rename(path, &to)?;
        return Ok(to);
    }
    Err(io::Error::other("too many set-aside files with this time"))
}

/// Removes temporary files left by a process killed while writing (the caller holds the lock,
/// so no one else is writing one now).
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Writes `bytes` to `path` crash-safely (the caller holds the lock). `durable = false` skips
/// the two fsyncs (benchmarks and tests that measure everything else).
pub fn write_atomic(path: &Path, bytes: &[u8], durable: bool) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!("{TEMP_PREFIX}{}-{n}", std::process::id()));
    let written = (|| {
        let mut f = File::create_new(&temp)?;
        f.write_all(bytes)?;
        if durable {
            timed_sync(|| f.sync_all())?;
        }
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written?;
    if durable {
        timed_sync(|| sync_dir(dir))?;
    }
    Ok(())
}

/// Time spent in fsync by this process, so the benchmark can report a save without it.
static FSYNC_NANOS: AtomicU64 = AtomicU64::new(0);

/// The total time this process has spent waiting for fsync in [`write_atomic`].
pub fn fsync_time() -> std::time::Duration {
    std::time::Duration::from_nanos(FSYNC_NANOS.load(Ordering::Relaxed))
}

fn timed_sync(sync: impl FnOnce() -> io::Result<()>) -> io::Result<()> {
    let start = std::time::Instant::now();
    let done = sync();
    let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
    FSYNC_NANOS.fetch_add(nanos, Ordering::Relaxed);
    done
}

/// Makes the rename itself durable.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows has no directory handles to sync; its rename is already journaled.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
