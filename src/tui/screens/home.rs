//! Home, the course map: every lesson in course order with its quiz and the quiz's exercises,
//! the quizzes that belong to no lesson, and the files that failed to load (with their
//! `path:line` error, so nothing goes missing silently).

use super::{Ctx, exercise_screen, lesson_screen, quiz_screen, reopen};
use crate::content::Course;
use crate::content::quiz::Kind;
use crate::tui::app::Step;
use crossterm::event::{KeyCode, KeyEvent};

/// The keys of Home.
pub const KEYS: &[(&str, &str)] = &[
    ("Enter", "open the lesson, quiz or exercise"),
    ("c", "continue where you stopped"),
    ("r", "review the questions due (spaced repetition)"),
    ("p", "playground: write and run your own scheduler code"),
    ("↑ ↓ / j k", "move"),
    (
        "PgUp PgDn Home End",
        "move by a page, to the top or the end",
    ),
    ("?", "this help"),
    ("q", "quit"),
];

/// One row of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// `course.lessons[i]`.
    Lesson(usize),
    /// `course.quizzes[i]`, under its lesson (`nested`) or on its own.
    Quiz { quiz: usize, nested: bool },
    /// An exercise question of a quiz.
    Exercise { quiz: usize, question: usize },
    /// `course.diagnostics[i]`: a file that did not load.
    Problem(usize),
}

/// Home's state.
#[derive(Debug, Clone)]
pub struct Home {
    pub rows: Vec<Row>,
    pub selected: usize,
    /// Rows scrolled off the top (the view keeps the selection visible).
    pub offset: usize,
}

impl Home {
    pub fn new(course: &Course) -> Home {
        Home {
            rows: rows(course),
            selected: 0,
            offset: 0,
        }
    }

    pub fn handle(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Step {
        let last = self.rows.len().saturating_sub(1);
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => self.selected = (self.selected + 1).min(last),
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::PageDown => self.selected = (self.selected + 10).min(last),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(10),
            KeyCode::Home | KeyCode::Char('g') => self.selected = 0,
            KeyCode::End | KeyCode::Char('G') => self.selected = last,
            KeyCode::Enter => return self.open(ctx),
            KeyCode::Char('c') => return continue_(ctx),
            KeyCode::Char('r') => {
                if let Some(r) = super::review::Review::start(ctx) {
                    return Step::Push(crate::tui::app::Screen::Review(Box::new(r)));
                }
            }
            KeyCode::Char('p') => {
                let p = super::playground::Playground::free(ctx);
                return Step::Push(crate::tui::app::Screen::Playground(Box::new(p)));
            }
            _ => return Step::Unhandled,
        }
        Step::Stay
    }

    /// The mouse wheel moves the selection.
    pub fn wheel(&mut self, down: bool) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = if down {
            (self.selected + 1).min(last)
        } else {
            self.selected.saturating_sub(1)
        };
    }

    fn open(&self, ctx: &mut Ctx) -> Step {
        match self.rows.get(self.selected) {
            Some(Row::Lesson(i)) => {
                let id = &ctx.course.lessons[*i].meta.id.value;
                let line = ctx.record.lesson(id).line;
                Step::Push(lesson_screen(ctx.course, *i, line))
            }
            Some(Row::Quiz { quiz, .. }) => Step::Push(quiz_screen(ctx, *quiz, None)),
            Some(Row::Exercise { quiz, question }) => {
                Step::Push(exercise_screen(ctx, *quiz, *question))
            }
            Some(Row::Problem(_)) => {
                *ctx.status = Some(
                    "this file did not load: fix the error shown (`lrtutor check` lists them all) and restart".into(),
                );
                Step::Stay
            }
            None => Step::Stay,
        }
    }
}

/// `c`: the place the learner last was, else the first lesson not yet read.
fn continue_(ctx: &mut Ctx) -> Step {
    if let Some(s) = ctx.record.last().and_then(|at| reopen(&at, ctx)) {
        return Step::Push(s);
    }
    let course = ctx.course;
    let next = course
        .lessons
        .iter()
        .position(|l| !ctx.record.lesson(&l.meta.id.value).read);
    match next {
        Some(i) => {
            let line = ctx.record.lesson(&course.lessons[i].meta.id.value).line;
            Step::Push(lesson_screen(course, i, line))
        }
        None => {
            *ctx.status = Some("every lesson is read: pick a quiz or an exercise".into());
            Step::Stay
        }
    }
}

/// The rows of the map, in course order.
pub fn rows(course: &Course) -> Vec<Row> {
    let mut out = Vec::new();
    let mut shown = vec![false; course.quizzes.len()];
    for (i, lesson) in course.lessons.iter().enumerate() {
        out.push(Row::Lesson(i));
        let id = &lesson.meta.id.value;
        let wanted = lesson.meta.quiz.as_ref().map(|q| q.value.as_str());
        for (q, file) in course.quizzes.iter().enumerate() {
            let quiz = &file.quiz;
            let belongs = Some(quiz.id.value.as_str()) == wanted
                || quiz.lesson.as_ref().is_some_and(|l| l.value == *id);
            if belongs && !shown[q] {
                shown[q] = true;
                push_quiz(&mut out, course, q, true);
            }
        }
    }
    for (q, _) in shown.iter().enumerate().filter(|(_, s)| !**s) {
        push_quiz(&mut out, course, q, false);
    }
    out.extend((0..course.diagnostics.len()).map(Row::Problem));
    out
}

fn push_quiz(out: &mut Vec<Row>, course: &Course, quiz: usize, nested: bool) {
    out.push(Row::Quiz { quiz, nested });
    let questions = &course.quizzes[quiz].quiz.questions;
    for (question, x) in questions.iter().enumerate() {
        if x.kind.value == Kind::Exercise {
            out.push(Row::Exercise { quiz, question });
        }
    }
}
