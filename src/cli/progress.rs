//! `lrtutor progress [--format text|json|csv] [--reset [ID] [--yes]]`: the learner's progress
//! per lesson (text), or every lesson, question and exercise (JSON, CSV); `--reset` forgets all
//! of it or one lesson, quiz, question or exercise. Also [`Recorder`], which `quiz --plain` and
//! `review` use to save answers.

use super::quiz::Answered;
use crate::content::quiz::{Kind, Question};
use crate::content::{Course, clean};
use crate::progress::summary::{self, LessonSummary, rfc3339};
use crate::progress::{Place, Rating, Store, SystemClock, course};
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;

/// Output formats of `progress`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

/// Opens the learner's store for a command, telling them of any file set aside.
pub fn open(command: &str) -> Result<Store, String> {
    let mut store = Store::open(Box::new(SystemClock)).map_err(|e| e.to_string())?;
    for n in store.take_notices() {
        errln!("lrtutor {command}: {n}");
    }
    Ok(store)
}

/// Saves answers into the learner's progress for `quiz --plain` and `review`. Recording is off
/// when `LRTUTOR_NO_PROGRESS` is set (to anything but empty or `0`); a store that cannot be
/// opened or saved is reported once, and the quiz goes on.
pub struct Recorder {
    store: Option<Store>,
    command: &'static str,
}

impl Recorder {
    pub fn open(command: &'static str) -> Recorder {
        let off = std::env::var("LRTUTOR_NO_PROGRESS").is_ok_and(|v| !v.is_empty() && v != "0");
        let store = if off {
            None
        } else {
            match open(command) {
                Ok(s) => Some(s),
                Err(e) => {
                    errln!("lrtutor {command}: your answers will not be saved: {e}");
                    None
                }
            }
        };
        Recorder { store, command }
    }

    /// Records an answer to `question` of `quiz` (and, for an exercise, the attempt); one that
    /// could not be graded is left out.
    pub fn answer(&mut self, quiz: &str, question: &Question, a: &Answered) {
        if !a.graded {
            return;
        }
        let id = &question.id.value;
        let key = format!("{quiz}/{id}");
        self.with(|s| s.record_answer(quiz, id, &a.chosen, a.right));
        if let (Kind::Exercise, Some(code)) = (question.kind.value, &a.code) {
            self.with(|s| s.record_attempt(&key, code, a.right));
        }
    }

    /// Records an answer given in review, with the learner's rating of a right one.
    pub fn review(&mut self, key: &str, question: &Question, a: &Answered, r: Option<Rating>) {
        if !a.graded {
            return;
        }
        self.with(|s| s.record_review(key, &a.chosen, a.right, r));
        if let (Kind::Exercise, Some(code)) = (question.kind.value, &a.code) {
            self.with(|s| s.record_attempt(key, code, a.right));
        }
    }

    /// Remembers where the learner is.
    pub fn location(&mut self, kind: Place, id: &str) {
        self.with(|s| s.record_location(kind, id, 0));
    }

    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// Runs `f` on the store; on failure says so once and stops recording.
    fn with(&mut self, f: impl FnOnce(&mut Store) -> Result<(), crate::progress::Error>) {
        let Some(store) = &mut self.store else {
            return;
        };
        let done = f(store);
        // A save that found the file damaged set it aside: say so as open does.
        for n in store.take_notices() {
            errln!("lrtutor {}: {n}", self.command);
        }
        if let Err(e) = done {
            errln!(
                "lrtutor {}: your answers are no longer saved: {e}",
                self.command
            );
            self.store = None;
        }
    }
}

/// Runs `lrtutor progress`; returns the exit code.
pub fn run(
    course_dir: Option<&Path>,
    format: Format,
    reset: Option<Option<String>>,
    yes: bool,
) -> i32 {
    let Some(course) = super::check::course_for("lrtutor progress", course_dir) else {
        return 2;
    };
    let mut store = match open("progress") {
        Ok(s) => s,
        Err(e) => {
            errln!("lrtutor progress: {e}");
            return 2;
        }
    };
    if let Some(id) = reset {
        return self::reset(&mut store, &course, id, yes);
    }
    let outline = course::outline(&course);
    let now = store.now();
    match format {
        Format::Text => out!("{}", text(&store, &outline, now)),
        Format::Csv => out!("{}", summary::csv(&summary::items(store.doc(), &outline))),
        Format::Json => outln!("{}", json(&store, &outline, now)),
    }
    0
}

/// The per-lesson table, the reviews due and where the learner stopped.
fn text(store: &Store, outline: &summary::Outline, now: i64) -> String {
    let lessons = summary::lessons(store.doc(), outline, now);
    let width = lessons
        .iter()
        .map(|l| l.id.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let mut s = format!("Progress (saved in {})\n\n", store.path().display());
    s.push_str(&format!(
        "{:<width$}  {:<6}  {:<7}  {:<9}  {:<3}  title\n",
        "lesson", "read", "quiz", "exercises", "due"
    ));
    for l in &lessons {
        s.push_str(&format!(
            "{:<width$}  {:<6}  {:<7}  {:<9}  {:<3}  {}\n",
            l.id,
            match l.read {
                Some(true) => "read",
                Some(false) => "unread",
                None => "-",
            },
            score(l),
            exercises(l),
            l.due,
            l.title
        ));
    }
    let due = store.due_count(now);
    s.push('\n');
    s.push_str(&match due {
        0 => "No reviews due now.\n".to_string(),
        n => format!(
            "{} due now: lrtutor review\n",
            super::count(n, "review", "reviews")
        ),
    });
    if let Some(l) = store.last_location() {
        s.push_str(&format!(
            "Last: {} {} (position {}), {}\n",
            place(l.kind),
            clean(&l.id),
            l.position,
            rfc3339(l.at)
        ));
    }
    s
}

fn score(l: &LessonSummary) -> String {
    match (&l.quiz, l.questions) {
        (None, _) | (_, 0) => "-".into(),
        _ => format!("{}/{}", l.right, l.questions),
    }
}

fn exercises(l: &LessonSummary) -> String {
    match l.exercises {
        0 => "-".into(),
        n => format!("{}/{n}", l.solved),
    }
}

fn place(p: Place) -> &'static str {
    match p {
        Place::Lesson => "lesson",
        Place::Quiz => "quiz",
        Place::Exercise => "exercise",
        Place::Review => "review",
    }
}

/// `{"file", "now", "due", "lessons": [...], "items": [...], "last"}`; times as RFC 3339.
fn json(store: &Store, outline: &summary::Outline, now: i64) -> String {
    let time = |t: Option<i64>| t.map(rfc3339);
    let items: Vec<serde_json::Value> = summary::items(store.doc(), outline)
        .into_iter()
        .map(|i| {
            serde_json::json!({
                "kind": i.kind, "id": i.id, "lesson": i.lesson, "title": i.title,
                "status": i.status, "attempts": i.attempts, "right": i.right,
                "last": time(i.last), "due": time(i.due),
            })
        })
        .collect();
    let last = store.last_location().map(|l| {
        serde_json::json!({"kind": place(l.kind), "id": l.id, "position": l.position, "at": rfc3339(l.at)})
    });
    let v = serde_json::json!({
        "file": store.path().display().to_string(),
        "now": rfc3339(now),
        "due": store.due_count(now),
        "lessons": summary::lessons(store.doc(), outline, now),
        "items": items,
        "last": last,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// `--reset [ID]`: asks first on a terminal; elsewhere needs `--yes`.
fn reset(store: &mut Store, course: &Course, id: Option<String>, yes: bool) -> i32 {
    // A lesson's id resets its quiz too.
    let ids: Vec<String> = match &id {
        None => Vec::new(),
        Some(id) => {
            let outline = course::outline(course);
            let quiz = outline
                .lessons
                .iter()
                .find(|l| l.lesson && &l.id == id)
                .and_then(|l| l.quiz.as_ref().map(|q| q.id.clone()));
            std::iter::once(id.clone())
                .chain(quiz.filter(|q| q != id))
                .collect()
        }
    };
    let what = match &id {
        None => format!("all your progress (in {})", store.path().display()),
        Some(id) => format!("your progress on '{}'", clean(id)),
    };
    if !yes {
        let stdin = io::stdin();
        if !stdin.is_terminal() {
            errln!(
                "lrtutor progress: not resetting {what} without a confirmation; standard input is not a terminal, so add --yes to reset"
            );
            return 2;
        }
        out!("Reset {what}? This cannot be undone. Type yes to confirm: ");
        let _ = io::stdout().flush();
        let mut line = String::new();
        let _ = stdin.lock().read_line(&mut line);
        if !matches!(line.trim(), "yes" | "y") {
            outln!("Nothing was reset.");
            return 1;
        }
    }
    match store.reset(&ids) {
        Ok(n) => {
            outln!("Reset {what}: {}.", super::count(n, "record", "records"));
            0
        }
        Err(e) => {
            errln!("lrtutor progress: {e}");
            2
        }
    }
}
