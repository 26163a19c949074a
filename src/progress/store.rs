//! [`Store`]: the learner's progress, open. Every `record_*` call applies the change in memory
//! and saves at once (lock, re-read only if another process wrote since, merge, write, unlock),
//! so the app and `quiz --plain` never hold unsaved answers.

use super::change::{self, Change};
use super::clock::Clock;
use super::file::{self, Problem, Read, Stamp};
use super::model::{Answer, Attempt, Doc, Location, Millis, Place, Rating};
use super::review;
use rs_fsrs::FSRS;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A failure to open or save progress. The message names the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot {what} {}: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the progress file {} {problem}, and it could not be moved aside ({source}); move or delete it yourself, then try again",
        path.display()
    )]
    Stuck {
        path: PathBuf,
        problem: String,
        source: std::io::Error,
    },
    #[error(
        "no data directory for lrtutor on this system; set LRTUTOR_HOME to a folder for your progress"
    )]
    NoDir,
    #[error("nothing is saved under '{0}' (give a lesson, quiz, `quiz/question` or exercise id)")]
    NotFound(String),
}

/// A progress file that was set aside, to tell the learner about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Where the file was.
    pub path: PathBuf,
    /// Where it is now.
    pub moved_to: PathBuf,
    pub problem: Problem,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "your progress file {} {}; it was moved to {} and lrtutor starts with fresh progress ({})",
            self.path.display(),
            self.problem,
            self.moved_to.display(),
            match self.problem {
                Problem::Newer(_) => "the newer lrtutor can still read it there",
                _ => "nothing was deleted; look at it or restore it by hand",
            }
        )
    }
}

/// The learner's progress, loaded from its file.
pub struct Store {
    path: PathBuf,
    doc: Doc,
    /// Changes not yet saved (a save that failed keeps them for the next one).
    pending: Vec<Change>,
    /// The file as this store last read or wrote it: the lock's save counter and the file's
    /// identity.
    seen: (u64, Option<Stamp>),
    notices: Vec<Notice>,
    /// Bytes of the last write (to size the next one's buffer).
    written: usize,
    durable: bool,
    fsrs: FSRS,
    clock: Box<dyn Clock>,
}

impl Store {
    /// Opens the progress in the default place (`LRTUTOR_HOME`, else the platform data dir).
    /// A file that cannot be read is set aside: see [`Store::take_notices`].
    pub fn open(clock: Box<dyn Clock>) -> Result<Store, Error> {
        let dir = file::default_dir().ok_or(Error::NoDir)?;
        Store::open_at(&dir.join(file::FILE_NAME), clock)
    }

    /// Opens the progress file at `path` (created on the first save).
    pub fn open_at(path: &Path, clock: Box<dyn Clock>) -> Result<Store, Error> {
        let mut store = Store {
            path: path.to_path_buf(),
            doc: Doc::default(),
            pending: Vec::new(),
            seen: (0, None),
            notices: Vec::new(),
            written: 0,
            durable: true,
            fsrs: review::scheduler(),
            clock,
        };
        let lock = store.lock()?;
        file::remove_stale_temps(store.dir());
        store.doc = store.read_file(&lock)?.unwrap_or_default();
        Ok(store)
    }

    /// Files set aside since the last call (at open, or when a save found a damaged file).
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// Where the progress file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Everything saved (with this store's unsaved changes).
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// The time now on this store's clock.
    pub fn now(&self) -> Millis {
        self.clock.now()
    }

    /// `false` skips fsync on save (benchmarks; tests that do not test durability).
    pub fn set_durable(&mut self, durable: bool) {
        self.durable = durable;
    }

    /// Records the reader's position in a lesson (`read`: they reached its end) and that the
    /// learner is there now.
    pub fn record_lesson(&mut self, lesson: &str, position: u64, read: bool) -> Result<(), Error> {
        let at = self.now();
        self.queue(Change::Lesson {
            id: lesson.into(),
            position,
            read,
            at,
        });
        self.queue(Change::Last(Location {
            kind: Place::Lesson,
            id: lesson.into(),
            position,
            at,
        }));
        self.save()
    }

    /// Records an answer to question `question` of quiz `quiz`: the options picked (indices in
    /// the quiz file's order) and whether it was right. Updates the review schedule (Again when
    /// wrong, Good when right).
    pub fn record_answer(
        &mut self,
        quiz: &str,
        question: &str,
        chosen: &[usize],
        right: bool,
    ) -> Result<(), Error> {
        self.record_rated(&format!("{quiz}/{question}"), chosen, right, None)
    }

    /// Records an answer given in review, keyed `quiz/question`; a right answer may carry the
    /// learner's own rating (Hard or Easy; `None` is Good).
    pub fn record_review(
        &mut self,
        key: &str,
        chosen: &[usize],
        right: bool,
        rating: Option<Rating>,
    ) -> Result<(), Error> {
        self.record_rated(key, chosen, right, rating)
    }

    fn record_rated(
        &mut self,
        key: &str,
        chosen: &[usize],
        right: bool,
        rating: Option<Rating>,
    ) -> Result<(), Error> {
        let answer = Answer {
            id: unique_id(),
            at: self.now(),
            chosen: chosen
                .iter()
                .map(|&c| u32::try_from(c).unwrap_or(u32::MAX))
                .collect(),
            right,
            rating: rating.filter(|_| right),
        };
        self.queue(Change::Answer {
            key: key.into(),
            answer,
        });
        self.save()
    }

    /// Records a graded attempt at exercise `id` with the code submitted (kept as its last code).
    pub fn record_attempt(&mut self, id: &str, code: &str, passed: bool) -> Result<(), Error> {
        let at = self.now();
        self.queue(Change::Attempt {
            id: id.into(),
            attempt: Attempt {
                id: unique_id(),
                at,
                passed,
            },
        });
        self.queue(Change::Code {
            id: id.into(),
            code: code.into(),
            at,
        });
        self.save()
    }

    /// Saves the learner's code for exercise `id` without grading it.
    pub fn save_code(&mut self, id: &str, code: &str) -> Result<(), Error> {
        let at = self.now();
        self.queue(Change::Code {
            id: id.into(),
            code: code.into(),
            at,
        });
        self.save()
    }

    /// Remembers where the learner is (a quiz, an exercise, review...), for "continue".
    pub fn record_location(&mut self, kind: Place, id: &str, position: u64) -> Result<(), Error> {
        let at = self.now();
        self.queue(Change::Last(Location {
            kind,
            id: id.into(),
            position,
            at,
        }));
        self.save()
    }

    /// Per-lesson progress now (read, quiz score, exercises solved, reviews due), for Home.
    pub fn summary(&self, outline: &super::summary::Outline) -> Vec<super::summary::LessonSummary> {
        super::summary::lessons(&self.doc, outline, self.now())
    }

    /// Where the learner stopped last.
    pub fn last_location(&self) -> Option<&Location> {
        self.doc.last.as_ref()
    }

    /// The questions (`quiz/question`) due for review at `now`, the longest overdue first.
    pub fn due(&self, now: Millis) -> Vec<&str> {
        let mut due: Vec<(Millis, &str)> = self
            .doc
            .questions
            .iter()
            .filter_map(|(k, q)| q.review.as_ref().map(|c| (c.due, k.as_str())))
            .filter(|(d, _)| *d <= now)
            .collect();
        due.sort();
        due.into_iter().map(|(_, k)| k).collect()
    }

    /// How many questions are due for review at `now`.
    pub fn due_count(&self, now: Millis) -> usize {
        self.due(now).len()
    }

    /// Removes what is saved under each of `ids` (lesson, quiz, `quiz/question` or exercise
    /// ids), or everything when `ids` is empty; saves at once. Returns how many records went;
    /// an id with nothing saved is an error and nothing is removed.
    pub fn reset(&mut self, ids: &[String]) -> Result<usize, Error> {
        self.save()?;
        let lock = self.lock()?;
        self.reload_if_changed(&lock)?;
        let mut doc = self.doc.clone();
        let removed = if ids.is_empty() {
            let n = doc.lessons.len() + doc.questions.len() + doc.exercises.len();
            doc = Doc::default();
            n
        } else {
            let n: usize = ids.iter().map(|id| change::reset(&mut doc, id)).sum();
            if n == 0 {
                return Err(Error::NotFound(ids.join(", ")));
            }
            n
        };
        self.doc = doc;
        self.write(&lock)?;
        Ok(removed)
    }

    /// Picks up what other lrtutor processes saved since (for a screen that stays open, such
    /// as Home); this store's unsaved changes stay on top.
    pub fn refresh(&mut self) -> Result<(), Error> {
        let lock = self.lock()?;
        if self.reload_if_changed(&lock)? {
            for c in &self.pending {
                change::apply(&mut self.doc, c, &self.fsrs);
            }
        }
        Ok(())
    }

    /// Saves the pending changes: under the lock, re-reads the file if another process wrote
    /// it, applies the changes to it, and writes it back.
    pub fn save(&mut self) -> Result<(), Error> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let lock = self.lock()?;
        if self.reload_if_changed(&lock)? {
            for c in &self.pending {
                change::apply(&mut self.doc, c, &self.fsrs);
            }
        }
        self.write(&lock)?;
        self.pending.clear();
        Ok(())
    }

    fn queue(&mut self, c: Change) {
        change::apply(&mut self.doc, &c, &self.fsrs);
        self.pending.push(c);
    }

    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    fn lock(&self) -> Result<file::Lock, Error> {
        file::lock(self.dir()).map_err(|source| Error::Io {
            what: "lock the progress folder",
            path: self.dir().to_path_buf(),
            source,
        })
    }

    /// Re-reads the file if it is not the one this store last saw; `true` if `doc` now holds
    /// what another process wrote. A file found damaged is set aside and this store's own
    /// document (the last good one, with its changes) is kept, to be written back.
    fn reload_if_changed(&mut self, lock: &file::Lock) -> Result<bool, Error> {
        if (lock.generation(), file::stamp(&self.path)) == self.seen {
            return Ok(false);
        }
        match self.read_file(lock)? {
            Some(doc) => {
                self.doc = doc;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Reads the file (the caller holds the lock); `None` when it could not be read and was set
    /// aside (with a notice). A missing file is an empty document.
    fn read_file(&mut self, lock: &file::Lock) -> Result<Option<Doc>, Error> {
        let doc = match file::read(&self.path) {
            Read::Missing => Some(Doc::default()),
            Read::Loaded(mut doc) => {
                change::repair(&mut doc, &self.fsrs);
                Some(doc)
            }
            Read::Bad(problem) => {
                let moved_to =
                    file::set_aside(&self.path, &problem, self.now()).map_err(|source| {
                        Error::Stuck {
                            path: self.path.clone(),
                            problem: problem.to_string(),
                            source,
                        }
                    })?;
                self.notices.push(Notice {
                    path: self.path.clone(),
                    moved_to,
                    problem,
                });
                None
            }
        };
        self.seen = (lock.generation(), file::stamp(&self.path));
        Ok(doc)
    }

    /// Writes `doc` (the caller holds the lock).
    fn write(&mut self, lock: &file::Lock) -> Result<(), Error> {
        // Sized from the last write: growing a megabyte buffer by doubling costs ~10% of a save.
        let mut bytes = Vec::with_capacity(self.written + self.written / 8 + 4096);
        serde_json::to_writer(&mut bytes, &self.doc).map_err(|e| Error::Io {
            what: "encode",
            path: self.path.clone(),
            source: std::io::Error::other(e),
        })?;
        self.written = bytes.len();
        file::write_atomic(&self.path, &bytes, self.durable).map_err(|source| Error::Io {
            what: "write",
            path: self.path.clone(),
            source,
        })?;
        // Counted after the rename: a crash in between leaves the file's identity changed,
        // which other stores notice as well.
        let generation = lock.generation().wrapping_add(1);
        lock.set_generation(generation)
            .map_err(|source| Error::Io {
                what: "update the lock file in",
                path: self.dir().to_path_buf(),
                source,
            })?;
        self.seen = (generation, file::stamp(&self.path));
        Ok(())
    }
}

/// With the answer's time, an id no other answer has: the process and a counter (a later
/// process with a reused pid answers at another time). Kept short: a file holds thousands.
fn unique_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{:x}-{n:x}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::clock::{DAY, TestClock};

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lrtutor-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join(file::FILE_NAME)
    }

    fn open(path: &Path, clock: &TestClock) -> Store {
        let mut s = Store::open_at(path, Box::new(clock.clone())).expect("open");
        s.set_durable(false);
        s
    }

    #[test]
    fn two_stores_merge_by_id_and_a_reset_is_not_undone_by_a_stale_store() {
        let path = scratch("merge");
        let clock = TestClock::new(1_800_000_000_000);
        let (mut a, mut b) = (open(&path, &clock), open(&path, &clock));
        a.record_answer("quiz", "one", &[0], true).expect("save");
        b.record_answer("quiz", "two", &[1], false).expect("save");
        a.record_lesson("intro", 12, true).expect("save");
        let keys = |s: &Store| s.doc().questions.keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&a), ["quiz/one", "quiz/two"]);
        assert_eq!(a.last_location().map(|l| l.id.as_str()), Some("intro"));
        // b resets one question; a, which still holds it in memory, saves something else.
        assert_eq!(b.reset(&["quiz/one".into()]).expect("reset"), 1);
        a.record_answer("quiz", "three", &[2], true).expect("save");
        assert_eq!(keys(&a), ["quiz/three", "quiz/two"]);
        assert_eq!(keys(&open(&path, &clock)), ["quiz/three", "quiz/two"]);
        // b sees a's latest answer once it refreshes.
        assert_eq!(keys(&b), ["quiz/two"]);
        b.refresh().expect("refresh");
        assert_eq!(keys(&b), ["quiz/three", "quiz/two"]);
        assert!(matches!(
            b.reset(&["nothing".into()]),
            Err(Error::NotFound(_))
        ));
        let _ = std::fs::remove_dir_all(path.parent().expect("dir"));
    }

    #[test]
    fn a_save_that_finds_the_file_damaged_sets_it_aside_and_keeps_what_the_store_holds() {
        let path = scratch("damaged");
        let clock = TestClock::new(1_800_000_000_000);
        let mut s = open(&path, &clock);
        s.record_answer("q", "one", &[0], true).expect("save");
        std::fs::write(&path, b"\x00garbage").expect("damage");
        s.record_answer("q", "two", &[1], true).expect("save");
        let notices = s.take_notices();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(matches!(notices[0].problem, Problem::Corrupt(_)));
        assert_eq!(
            std::fs::read(&notices[0].moved_to).expect("moved"),
            b"\x00garbage"
        );
        let again = open(&path, &clock);
        assert_eq!(again.doc().questions.len(), 2);
        let _ = std::fs::remove_dir_all(path.parent().expect("dir"));
    }

    #[test]
    fn due_questions_come_longest_overdue_first() {
        let path = scratch("due");
        let clock = TestClock::new(1_800_000_000_000);
        let mut s = open(&path, &clock);
        s.record_answer("q", "right", &[0], true).expect("save");
        clock.advance(1000);
        s.record_answer("q", "wrong", &[1], false).expect("save");
        let now = clock.now();
        let table = [
            (now, vec![]),
            (now + DAY, vec!["q/wrong"]),
            (now + 10 * DAY, vec!["q/wrong", "q/right"]),
        ];
        for (at, want) in table {
            assert_eq!(s.due(at), want, "at +{} ms", at - now);
            assert_eq!(s.due_count(at), want.len());
        }
        let _ = std::fs::remove_dir_all(path.parent().expect("dir"));
    }
}
