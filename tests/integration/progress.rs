//! The progress store (issue 15): survives SIGKILL at random instants, sets aside files it
//! cannot read (with a message naming where they went), merges two processes' saves, keeps an
//! answer's history when the question is reworded, schedules reviews on a test clock, and the
//! `progress` / `review` / `quiz --plain` commands that use it.
//!
//! Child processes are this test binary run again on the ignored test `progress_child` with
//! `LRTUTOR_PROGRESS_CHILD` saying what to do.

use lrtutor::progress::clock::DAY;
use lrtutor::progress::file::{self, FILE_NAME};
use lrtutor::progress::{Store, SystemClock, TestClock};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A fresh folder under the system temp folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lrtutor-progress-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("make scratch dir");
    dir
}

/// A small deterministic generator (kill instants, random bytes).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

pub fn open(path: &Path) -> Store {
    Store::open_at(path, Box::new(SystemClock)).expect("open the store")
}

pub fn answers(store: &Store) -> usize {
    store
        .doc()
        .questions
        .values()
        .map(|q| q.answers.len())
        .sum()
}

/// Starts this test binary as a child doing `what` (see `progress_child`).
fn child(what: &str) -> Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--ignored",
            "--exact",
            "progress::progress_child",
            "--test-threads=1",
        ])
        .env("LRTUTOR_PROGRESS_CHILD", what)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child")
}

/// Not a test: the child process of the tests here. `loop PATH` saves answers, lesson positions
/// and exercise code in a loop until killed; `answers PATH TAG N` saves N answers (without
/// fsync), half to a question of its own, half to one both children share, then exits.
#[test]
#[ignore = "run by the progress tests as a child process"]
fn progress_child() {
    let Ok(what) = std::env::var("LRTUTOR_PROGRESS_CHILD") else {
        return;
    };
    let args: Vec<&str> = what.split('\t').collect();
    let mut store = open(Path::new(args[1]));
    match args[0] {
        "loop" => {
            for i in 0u64.. {
                let q = format!("q{}", i % 7);
                store
                    .record_answer("loop", &q, &[(i % 3) as usize], i % 2 == 0)
                    .expect("save");
                if i % 5 == 0 {
                    let code = "x = 1\n".repeat((i % 200) as usize);
                    store
                        .record_attempt("loop/ex", &code, i % 4 == 0)
                        .expect("save");
                    store.record_lesson("lesson", i, i % 10 == 0).expect("save");
                }
            }
        }
        "answers" => {
            store.set_durable(false);
            let n: usize = args[3].parse().expect("N");
            for i in 0..n {
                let q = if i % 2 == 0 { args[2] } else { "shared" };
                store
                    .record_answer("race", q, &[i % 4], i % 3 == 0)
                    .expect("save");
            }
        }
        other => panic!("unknown child task {other}"),
    }
}

#[test]
fn sigkill_at_200_random_instants_leaves_a_file_that_loads() {
    let dir = scratch("kill");
    let path = dir.join(FILE_NAME);
    let mut rng = Rng(0x5EED_0015);
    let (mut saved, mut temps_left) = (0, 0);
    let start = Instant::now();
    for round in 0..200 {
        let before = file::stamp(&path);
        let mut c = child(&format!("loop\t{}", path.display()));
        // Once the child has saved (the file changed), kill it 0-20 ms later: a random instant
        // of its save loop, which spends most of its time writing and fsyncing.
        let waited = Instant::now();
        while file::stamp(&path) == before && waited.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_micros(200));
        }
        std::thread::sleep(Duration::from_micros(rng.next() % 20_000));
        c.kill().expect("SIGKILL");
        c.wait().expect("wait");
        temps_left += std::fs::read_dir(&dir)
            .expect("dir")
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".progress.json.tmp-")
            })
            .count();
        let mut store = open(&path);
        let notices = store.take_notices();
        assert!(notices.is_empty(), "round {round}: {notices:?}");
        let n = answers(&store);
        assert!(
            n > saved,
            "round {round}: {n} answers after {saved} were saved"
        );
        saved = n;
    }
    eprintln!(
        "200 kills in {:.1} s: {saved} answers kept, {temps_left} temp files left mid-write (removed at the next open)",
        start.elapsed().as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_processes_saving_500_answers_each_end_with_1000() {
    let dir = scratch("race");
    let path = dir.join(FILE_NAME);
    let a = child(&format!("answers\t{}\ta\t500", path.display()));
    let b = child(&format!("answers\t{}\tb\t500", path.display()));
    for mut c in [a, b] {
        assert!(c.wait().expect("wait").success(), "a child failed");
    }
    let store = open(&path);
    let q = &store.doc().questions;
    let count = |k: &str| q.get(k).map_or(0, |r| r.answers.len());
    assert_eq!(
        (count("race/a"), count("race/b"), count("race/shared")),
        (250, 250, 500)
    );
    assert_eq!(answers(&store), 1000);
    // The shared question's answers are in time order and its card replays them.
    let shared = &q["race/shared"];
    assert!(shared.answers.is_sorted_by_key(|a| a.at));
    let fsrs = lrtutor::progress::review::scheduler();
    assert_eq!(
        shared.review,
        lrtutor::progress::review::replay(&fsrs, &shared.answers)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// How each kind of unreadable file is set aside: (case, setup, words of the message).
#[test]
fn unreadable_files_are_set_aside_with_a_message() {
    type Setup = fn(&Path);
    let cases: &[(&str, Setup, &str)] = &[
        (
            "truncated",
            |p| {
                let mut s = Store::open_at(p, Box::new(SystemClock)).expect("open");
                s.record_answer("quiz", "q", &[0], true).expect("save");
                let bytes = std::fs::read(p).expect("read");
                std::fs::write(p, &bytes[..bytes.len() / 2]).expect("truncate");
            },
            "is damaged (EOF while parsing",
        ),
        (
            "random-bytes",
            |p| {
                let mut rng = Rng(7);
                let bytes: Vec<u8> = (0..4096).map(|_| rng.next() as u8).collect();
                std::fs::write(p, bytes).expect("write");
            },
            "is damaged (",
        ),
        (
            "future-version",
            |p| std::fs::write(p, r#"{"version": 2, "cards": [1, 2]}"#).expect("write"),
            "was written by a newer lrtutor (format version 2; this one reads 1)",
        ),
        (
            "directory-in-its-place",
            |p| std::fs::create_dir_all(p.join("inside")).expect("mkdir"),
            "could not be read (it is not a regular file)",
        ),
    ];
    for (name, setup, words) in cases {
        let dir = scratch(&format!("aside-{name}"));
        let path = dir.join(FILE_NAME);
        setup(&path);
        let before = std::fs::read(&path).ok();
        let mut store = open(&path);
        let notices = store.take_notices();
        assert_eq!(notices.len(), 1, "{name}: {notices:?}");
        let n = &notices[0];
        let message = n.to_string();
        assert!(message.contains(words), "{name}: {message}");
        assert!(
            message.contains(&n.moved_to.display().to_string()),
            "{name}: {message}"
        );
        assert!(
            n.moved_to.exists(),
            "{name}: nothing at {}",
            n.moved_to.display()
        );
        assert_eq!(
            std::fs::read(&n.moved_to).ok(),
            before,
            "{name}: content changed"
        );
        let file_name = n
            .moved_to
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(file_name.starts_with("progress.json."), "{file_name}");
        assert!(
            file_name.len() >= "progress.json.x-20261130T212503Z".len(),
            "{file_name}"
        );
        // lrtutor starts fresh and saves again.
        assert_eq!(answers(&store), 0, "{name}");
        store
            .record_answer("quiz", "q", &[0], true)
            .expect("save after set-aside");
        assert_eq!(answers(&open(&path)), 1, "{name}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A file without read permission is set aside; as root (where permissions do not stop reads)
/// the same file simply loads, which is then asserted instead.
#[cfg(unix)]
#[test]
fn a_file_without_read_permission_is_set_aside_unless_it_can_be_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("mode000");
    let path = dir.join(FILE_NAME);
    {
        let mut s = open(&path);
        s.record_answer("quiz", "q", &[2], false).expect("save");
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let readable = std::fs::read(&path).is_ok();
    let mut store = open(&path);
    let notices = store.take_notices();
    if readable {
        eprintln!("running as a user who reads mode-000 files (root): the file loads as is");
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(answers(&store), 1);
    } else {
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(
            notices[0]
                .to_string()
                .contains("could not be read (Permission denied")
        );
        assert_eq!(answers(&store), 0);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn review_intervals_grow_after_good_and_reset_after_again_on_the_test_clock() {
    let dir = scratch("fsrs");
    let clock = TestClock::new(1_800_000_000_000);
    let mut store = Store::open_at(&dir.join(FILE_NAME), Box::new(clock.clone())).expect("open");
    store.set_durable(false);
    let card = |s: &Store| s.doc().questions["quiz/q"].review.clone().expect("card");
    let mut intervals = Vec::new();
    store.record_answer("quiz", "q", &[0], true).expect("save");
    for _ in 0..4 {
        let c = card(&store);
        intervals.push(c.due - c.last_review);
        // Not due a minute before; due at its time.
        clock.set(c.due - 60_000);
        assert_eq!(store.due_count(clock.now()), 0);
        clock.set(c.due);
        assert_eq!(store.due(clock.now()), ["quiz/q"]);
        store.record_answer("quiz", "q", &[0], true).expect("save");
    }
    let c = card(&store);
    intervals.push(c.due - c.last_review);
    assert!(intervals.windows(2).all(|w| w[1] > w[0]), "{intervals:?}");
    assert!(intervals[0] >= DAY, "{intervals:?}");
    clock.set(c.due);
    store.record_answer("quiz", "q", &[1], false).expect("save");
    let lapsed = card(&store);
    assert!(lapsed.due - lapsed.last_review <= DAY, "{lapsed:?}");
    assert_eq!(lapsed.lapses, 1);
    use lrtutor::progress::Clock as _;
    // The schedule is saved: a new store sees the same due date.
    let again = Store::open_at(&dir.join(FILE_NAME), Box::new(clock.clone())).expect("open");
    assert_eq!(card(&again), lapsed);
    eprintln!(
        "intervals after Good (days): {:?}, after Again: {}",
        intervals.iter().map(|i| i / DAY).collect::<Vec<_>>(),
        (lapsed.due - lapsed.last_review) as f64 / DAY as f64
    );
    let _ = std::fs::remove_dir_all(&dir);
}
