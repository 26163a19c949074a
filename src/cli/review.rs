//! `lrtutor review [--plain]`: the questions due for spaced review, from every quiz, shuffled.
//! On a terminal (without `--plain`) the app opens on its review session; otherwise they are
//! asked as `quiz --plain` asks them (same feedback, worked solution and quick check). After a
//! right answer the learner may say it was hard or easy (Enter: good), which FSRS uses for the
//! next interval; a wrong one comes back within a day.

use super::progress::Recorder;
use super::quiz::{self, Input};
use crate::content::quiz::{Question, Quiz};
use crate::content::{clean, session};
use crate::progress::summary::rfc3339;
use crate::progress::{Place, Rating};
use std::collections::HashMap;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;

/// Runs the command; returns the exit code (0 after a session or with nothing due, 2 when the
/// course or the progress cannot be read).
pub fn run(course_dir: Option<&Path>, plain: bool, seed: Option<u64>) -> i32 {
    let Some(course) = super::check::course_for("lrtutor review", course_dir) else {
        return 2;
    };
    if std::env::var("LRTUTOR_NO_PROGRESS").is_ok_and(|v| !v.is_empty() && v != "0") {
        errln!("lrtutor review: LRTUTOR_NO_PROGRESS is set, so there is no progress to review");
        return 2;
    }
    let mut recorder = Recorder::open("review");
    let Some(store) = recorder.store() else {
        return 2;
    };
    let questions: HashMap<String, (&Quiz, &Question)> = course
        .quizzes
        .iter()
        .flat_map(|f| {
            f.quiz
                .questions
                .iter()
                .map(move |q| (format!("{}/{}", f.quiz.id.value, q.id.value), (&f.quiz, q)))
        })
        .collect();
    let now = store.now();
    let due: Vec<String> = store.due(now).into_iter().map(String::from).collect();
    let (found, gone): (Vec<_>, Vec<_>) = due.into_iter().partition(|k| questions.contains_key(k));
    if !gone.is_empty() {
        errln!(
            "lrtutor review: {} due no longer in this course, skipped: {}",
            super::count(gone.len(), "question", "questions"),
            clean(&gone.join(", "))
        );
    }
    let (stdin, stdout) = (io::stdin(), io::stdout());
    let mut input = Input::new(stdin.lock(), !stdin.is_terminal());
    let mut out = stdout.lock();
    let seed_arg = seed;
    let seed = seed.unwrap_or(now as u64);
    let order: Vec<&str> = session::shuffled(found.len(), seed)
        .into_iter()
        .map(|i| found[i].as_str())
        .collect();
    if !plain && super::app::interactive() && !order.is_empty() {
        // The app keeps its own hold on the progress file.
        drop(recorder);
        return super::app::start(course_dir, None, super::app::Start::Review(seed_arg));
    }
    recorder.location(Place::Review, "review");
    let _ = session_on(
        &order,
        &questions,
        seed,
        &mut recorder,
        &mut input,
        &mut out,
    );
    if let Some(store) = recorder.store() {
        let _ = writeln!(out, "{}", next_due(store));
    }
    0
}

/// Asks each due question in `order`; records each answer with its rating.
fn session_on(
    order: &[&str],
    questions: &HashMap<String, (&Quiz, &Question)>,
    seed: u64,
    recorder: &mut Recorder,
    input: &mut Input<impl BufRead>,
    out: &mut impl Write,
) -> io::Result<()> {
    let n = order.len();
    if n == 0 {
        return writeln!(out, "Nothing to review now.");
    }
    writeln!(
        out,
        "Review — {} due",
        super::count(n, "question", "questions")
    )?;
    let mut right = 0;
    for (k, key) in order.iter().enumerate() {
        let Some(&(quiz, q)) = questions.get(*key) else {
            continue;
        };
        writeln!(
            out,
            "\nQuestion {} of {n} (from {})",
            k + 1,
            clean(&quiz.title)
        )?;
        // A question with `params` comes back with another variant (its numbers change).
        let Some((q, _)) = super::exam::prepared(q, seed, out)? else {
            continue;
        };
        let q = &q;
        let Some(answered) = quiz::ask(quiz, q, seed, input, out)? else {
            writeln!(out, "\n(input ended)")?;
            break;
        };
        let rating = if answered.right {
            right += 1;
            rate(input, out)?
        } else {
            None
        };
        recorder.review(key, q, &answered, rating);
        quiz::explain(q, out)?;
    }
    writeln!(out, "\nReviewed: {right} of {n} right.")
}

/// After a right answer: how hard recalling it was (Enter is Good).
fn rate(input: &mut Input<impl BufRead>, out: &mut impl Write) -> io::Result<Option<Rating>> {
    loop {
        write!(out, "How was it? h = hard, Enter = good, e = easy: ")?;
        out.flush()?;
        let Some(line) = input.line(out)? else {
            return Ok(None);
        };
        match line.trim().to_ascii_lowercase().as_str() {
            "" | "g" | "good" => return Ok(None),
            "h" | "hard" => return Ok(Some(Rating::Hard)),
            "e" | "easy" => return Ok(Some(Rating::Easy)),
            _ => writeln!(out, "Please answer h, e, or press Enter.")?,
        }
    }
}

/// When the next review is due, if any question is scheduled.
fn next_due(store: &crate::progress::Store) -> String {
    let next = store
        .doc()
        .questions
        .values()
        .filter_map(|q| q.review.as_ref().map(|c| c.due))
        .filter(|&d| d > store.now())
        .min();
    match next {
        Some(t) => format!("Next review due {}.", rfc3339(t)),
        None => "No reviews scheduled.".into(),
    }
}
