//! Changes the learner makes, kept until they are saved. A save re-reads the file under the
//! lock and applies the pending changes to what is there, so another process's saves in the
//! meantime are kept (merge by id), and a reset by another process is not undone by this one.
//! Applying a change twice does nothing the second time: answers and attempts are known by
//! their time and id together.

use super::model::{Answer, Attempt, Doc, Location, Millis};
use super::review;
use rs_fsrs::FSRS;

/// One change to the document.
#[derive(Debug, Clone)]
pub enum Change {
    /// A lesson's reading position, and whether it was read to the end.
    Lesson {
        id: String,
        position: u64,
        read: bool,
        at: Millis,
    },
    /// An answer to the question `key` (`quiz/question`).
    Answer { key: String, answer: Answer },
    /// A graded attempt at an exercise.
    Attempt { id: String, attempt: Attempt },
    /// The exercise's code as the learner last saved it.
    Code {
        id: String,
        code: String,
        at: Millis,
    },
    /// Where the learner is now.
    Last(Location),
}

/// Applies `change` to `doc`.
pub fn apply(doc: &mut Doc, change: &Change, fsrs: &FSRS) {
    match change {
        Change::Lesson {
            id,
            position,
            read,
            at,
        } => {
            let rec = doc.lessons.entry(id.clone()).or_default();
            if *read {
                rec.read_at = Some(rec.read_at.map_or(*at, |t| t.min(*at)));
            }
            if *at >= rec.at {
                rec.position = *position;
                rec.at = *at;
            }
        }
        Change::Answer { key, answer } => add_answer(doc, key, answer, fsrs),
        Change::Attempt { id, attempt } => {
            let rec = doc.exercises.entry(id.clone()).or_default();
            if !rec
                .attempts
                .iter()
                .any(|a| a.id == attempt.id && a.at == attempt.at)
            {
                let at = rec
                    .attempts
                    .partition_point(|a| (a.at, &a.id) < (attempt.at, &attempt.id));
                rec.attempts.insert(at, attempt.clone());
            }
        }
        Change::Code { id, code, at } => {
            let rec = doc.exercises.entry(id.clone()).or_default();
            if *at >= rec.code_at {
                rec.code = Some(code.clone());
                rec.code_at = *at;
            }
        }
        Change::Last(loc) => {
            if doc.last.as_ref().is_none_or(|l| loc.at >= l.at) {
                doc.last = Some(loc.clone());
            }
        }
    }
}

/// Adds an answer in time order and brings the question's card up to date: one FSRS step when
/// the answer is the latest (the usual case), a replay of the history when another process
/// saved a later answer first.
fn add_answer(doc: &mut Doc, key: &str, answer: &Answer, fsrs: &FSRS) {
    let rec = doc.questions.entry(key.to_string()).or_default();
    if rec
        .answers
        .iter()
        .any(|a| a.id == answer.id && a.at == answer.at)
    {
        return;
    }
    let at = rec
        .answers
        .partition_point(|a| (a.at, &a.id) < (answer.at, &answer.id));
    rec.answers.insert(at, answer.clone());
    rec.review = if at + 1 == rec.answers.len() && (at == 0 || rec.review.is_some()) {
        Some(review::next(fsrs, rec.review.as_ref(), answer))
    } else {
        review::replay(fsrs, &rec.answers)
    };
}

/// Repairs what a hand-edited file may hold: answers out of order, or a card that is not a
/// plausible FSRS state (rebuilt from the answers).
pub fn repair(doc: &mut Doc, fsrs: &FSRS) {
    for rec in doc.questions.values_mut() {
        let sorted = rec.answers.is_sorted_by_key(|a| a.at);
        if !sorted {
            rec.answers
                .sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        }
        let bad = rec.review.as_ref().is_none_or(|c| !review::plausible(c));
        if !sorted || (bad && !rec.answers.is_empty()) {
            rec.review = review::replay(fsrs, &rec.answers);
        }
    }
}

/// Removes everything saved under `id`: a lesson, a question or exercise (`quiz/question`), or
/// a whole quiz (every `quiz/...`). Returns how many records went.
pub fn reset(doc: &mut Doc, id: &str) -> usize {
    let prefix = format!("{id}/");
    let hit = |k: &String| k == id || k.starts_with(&prefix);
    let before = doc.lessons.len() + doc.questions.len() + doc.exercises.len();
    doc.lessons.retain(|k, _| !hit(k));
    doc.questions.retain(|k, _| !hit(k));
    doc.exercises.retain(|k, _| !hit(k));
    let after = doc.lessons.len() + doc.questions.len() + doc.exercises.len();
    if doc.last.as_ref().is_some_and(|l| hit(&l.id)) {
        doc.last = None;
    }
    before - after
}
