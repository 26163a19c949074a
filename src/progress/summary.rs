//! What the learner has done, per lesson and per item, for `lrtutor progress` (text, JSON, CSV)
//! and the app's Home. The course comes in as an [`Outline`] (ids and titles only); what was
//! saved for ids no longer in the course is kept in the file but not summarised.

use super::model::{Doc, Millis};
use serde::Serialize;

/// The course as progress needs it: lessons in order, each with its quiz's question ids.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub lessons: Vec<LessonOutline>,
}

/// A lesson (or a quiz that belongs to no lesson: then `lesson` is false and `id` is the quiz's).
#[derive(Debug, Clone)]
pub struct LessonOutline {
    pub id: String,
    pub title: String,
    pub lesson: bool,
    pub quiz: Option<QuizOutline>,
}

#[derive(Debug, Clone)]
pub struct QuizOutline {
    pub id: String,
    pub questions: Vec<QuestionOutline>,
}

#[derive(Debug, Clone)]
pub struct QuestionOutline {
    pub id: String,
    /// The first line of the prompt (for listings).
    pub title: String,
    pub exercise: bool,
}

/// One lesson's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LessonSummary {
    pub id: String,
    pub title: String,
    /// `None` for a quiz that belongs to no lesson.
    pub read: Option<bool>,
    pub quiz: Option<String>,
    /// Choice questions whose latest answer is right.
    pub right: usize,
    /// Choice questions answered at least once.
    pub answered: usize,
    /// Choice questions in the quiz.
    pub questions: usize,
    pub solved: usize,
    pub exercises: usize,
    /// Questions of this lesson's quiz due for review now.
    pub due: usize,
}

/// One row of the item listing (`--format csv`): a lesson, a question or an exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// `lesson`, `question` or `exercise`.
    pub kind: &'static str,
    /// The lesson id, or `quiz/question`.
    pub id: String,
    /// The lesson it belongs to.
    pub lesson: String,
    pub title: String,
    /// `read`/`unread`; `right`/`wrong`/`unanswered` (the latest answer);
    /// `solved`/`attempted`/`untried`.
    pub status: &'static str,
    /// Answers or attempts made.
    pub attempts: usize,
    /// Of those, right or passed.
    pub right: usize,
    /// When last answered, attempted or read.
    pub last: Option<Millis>,
    /// When the next review is due.
    pub due: Option<Millis>,
}

/// Per-lesson progress at `now`.
pub fn lessons(doc: &Doc, outline: &Outline, now: Millis) -> Vec<LessonSummary> {
    outline
        .lessons
        .iter()
        .map(|l| lesson(doc, l, now))
        .collect()
}

fn lesson(doc: &Doc, l: &LessonOutline, now: Millis) -> LessonSummary {
    let mut s = LessonSummary {
        id: l.id.clone(),
        title: l.title.clone(),
        read: l
            .lesson
            .then(|| doc.lessons.get(&l.id).is_some_and(|r| r.read_at.is_some())),
        quiz: l.quiz.as_ref().map(|q| q.id.clone()),
        right: 0,
        answered: 0,
        questions: 0,
        solved: 0,
        exercises: 0,
        due: 0,
    };
    let Some(quiz) = &l.quiz else {
        return s;
    };
    for q in &quiz.questions {
        let key = format!("{}/{}", quiz.id, q.id);
        let rec = doc.questions.get(&key);
        if rec
            .and_then(|r| r.review.as_ref())
            .is_some_and(|c| c.due <= now)
        {
            s.due += 1;
        }
        if q.exercise {
            s.exercises += 1;
            s.solved += usize::from(
                doc.exercises
                    .get(&key)
                    .is_some_and(|e| e.solved_at().is_some()),
            );
            continue;
        }
        s.questions += 1;
        if let Some(last) = rec.and_then(|r| r.answers.last()) {
            s.answered += 1;
            s.right += usize::from(last.right);
        }
    }
    s
}

/// Every lesson, question and exercise of the outline with what was done.
pub fn items(doc: &Doc, outline: &Outline) -> Vec<Item> {
    let mut rows = Vec::new();
    for l in &outline.lessons {
        if l.lesson {
            let rec = doc.lessons.get(&l.id);
            let read = rec.and_then(|r| r.read_at);
            rows.push(Item {
                kind: "lesson",
                id: l.id.clone(),
                lesson: l.id.clone(),
                title: l.title.clone(),
                status: if read.is_some() { "read" } else { "unread" },
                attempts: 0,
                right: 0,
                last: rec.map(|r| r.at).filter(|&t| t > 0).or(read),
                due: None,
            });
        }
        for q in l.quiz.iter().flat_map(|q| {
            q.questions
                .iter()
                .map(move |x| (format!("{}/{}", q.id, x.id), x))
        }) {
            rows.push(question_item(doc, &l.id, q.0, q.1));
        }
    }
    rows
}

fn question_item(doc: &Doc, lesson: &str, key: String, q: &QuestionOutline) -> Item {
    let rec = doc.questions.get(&key);
    let due = rec.and_then(|r| r.review.as_ref()).map(|c| c.due);
    if q.exercise {
        let ex = doc.exercises.get(&key);
        let attempts = ex.map_or(0, |e| e.attempts.len());
        let passed = ex.map_or(0, |e| e.attempts.iter().filter(|a| a.passed).count());
        return Item {
            kind: "exercise",
            status: match (passed, attempts) {
                (0, 0) => "untried",
                (0, _) => "attempted",
                _ => "solved",
            },
            attempts,
            right: passed,
            last: ex.and_then(|e| e.attempts.last()).map(|a| a.at),
            due,
            id: key,
            lesson: lesson.into(),
            title: q.title.clone(),
        };
    }
    let answers = rec.map_or(&[][..], |r| &r.answers[..]);
    Item {
        kind: "question",
        status: match answers.last() {
            None => "unanswered",
            Some(a) if a.right => "right",
            Some(_) => "wrong",
        },
        attempts: answers.len(),
        right: answers.iter().filter(|a| a.right).count(),
        last: answers.last().map(|a| a.at),
        due,
        id: key,
        lesson: lesson.into(),
        title: q.title.clone(),
    }
}

/// A time as RFC 3339 UTC (`2026-11-30T21:25:03Z`), for exports.
pub fn rfc3339(t: Millis) -> String {
    chrono::DateTime::from_timestamp_millis(t)
        .unwrap_or(chrono::DateTime::UNIX_EPOCH)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// The items as CSV (RFC 4180: a header row, CRLF line ends, fields with commas, quotes or line
/// breaks quoted and their quotes doubled).
pub fn csv(items: &[Item]) -> String {
    let mut out = String::from("kind,id,lesson,title,status,attempts,right,last,due\r\n");
    for i in items {
        let time = |t: Option<Millis>| t.map(rfc3339).unwrap_or_default();
        let fields = [
            i.kind.to_string(),
            i.id.clone(),
            i.lesson.clone(),
            i.title.clone(),
            i.status.to_string(),
            i.attempts.to_string(),
            i.right.to_string(),
            time(i.last),
            time(i.due),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_as_rfc_4180_says() {
        let table = [
            ("plain", "plain"),
            ("a, b", "\"a, b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("", ""),
        ];
        for (field, want) in table {
            assert_eq!(csv_field(field), want);
        }
    }
}
