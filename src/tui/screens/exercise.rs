//! An exercise question until the playground screen (issue 14) takes it over: the prompt, the
//! starter code (or the code the learner saved), hints revealed one at a time, and how to get
//! an attempt graded today (`lrtutor quiz ID --plain` here, `lrtutor run FILE --against REF`
//! for a reference file of one's own).

use super::Ctx;
use crate::tui::app::Step;
use crate::tui::record::Location;
use crossterm::event::{KeyCode, KeyEvent};

/// The keys of the exercise screen.
pub const KEYS: &[(&str, &str)] = &[
    ("h", "show the next hint"),
    ("↑ ↓ / PgUp PgDn", "scroll"),
    ("?", "this help"),
    ("Esc / q", "back"),
];

/// An exercise being looked at.
pub struct Exercise {
    pub quiz: usize,
    pub question: usize,
    pub quiz_id: String,
    pub question_id: String,
    /// The starter, or the learner's saved code.
    pub code: String,
    /// Hints shown so far.
    pub hints: usize,
    pub scroll: u16,
}

impl Exercise {
    pub fn new(ctx: &mut Ctx, quiz: usize, question: usize) -> Exercise {
        let q = &ctx.course.quizzes[quiz].quiz;
        let x = &q.questions[question];
        let code = ctx
            .record
            .saved_code(&q.id.value, &x.id.value)
            .or_else(|| x.starter.clone())
            .unwrap_or_default();
        Exercise {
            quiz,
            question,
            quiz_id: q.id.value.clone(),
            question_id: x.id.value.clone(),
            code,
            hints: 0,
            scroll: 0,
        }
    }

    pub fn handle(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Step {
        let total = ctx.course.quizzes[self.quiz].quiz.questions[self.question]
            .hints
            .len();
        match key.code {
            KeyCode::Char('h') if self.hints < total => self.hints += 1,
            KeyCode::Char('h') => *ctx.status = Some("no more hints".into()),
            KeyCode::Down | KeyCode::Char('j') => self.scroll = self.scroll.saturating_add(1),
            KeyCode::Up | KeyCode::Char('k') => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll = self.scroll.saturating_add(10),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            _ => return Step::Unhandled,
        }
        Step::Stay
    }

    /// The mouse wheel scrolls.
    pub fn wheel(&mut self, down: bool) {
        self.scroll = if down {
            self.scroll.saturating_add(3)
        } else {
            self.scroll.saturating_sub(3)
        };
    }

    pub fn location(&self) -> Location {
        Location::Exercise {
            quiz: self.quiz_id.clone(),
            question: self.question_id.clone(),
        }
    }
}
