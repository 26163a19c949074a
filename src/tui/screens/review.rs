//! The review session: the questions due for spaced review, from every quiz, shuffled, asked one
//! at a time by the quiz screen with its usual feedback. After a right answer the learner says
//! how it went (`h` hard, `Enter` good, `e` easy), which sets the next interval; a wrong answer
//! comes back soon. An answer is recorded when the learner moves on, or leaves.

use super::Ctx;
use super::quiz::{Phase, QuizScreen};
use crate::content::quiz::Kind;
use crate::content::session;
use crate::tui::app::Step;
use crate::tui::record::{Ease, Record};
use crate::tui::runner::{JobId, Outcome};
use crossterm::event::{KeyCode, KeyEvent};

/// The keys of the review session.
pub const KEYS: &[(&str, &str)] = &[
    (
        "a b c… / ↑ ↓ Space",
        "pick (Space toggles for several answers)",
    ),
    ("Enter", "answer; after a right one: it went fine (good)"),
    ("h / e", "after a right answer: it was hard / easy"),
    ("r", "run the question's code"),
    ("Tab", "move between the question and the feedback"),
    ("PgUp PgDn", "scroll"),
    ("Esc / q", "stop (the answers given so far are kept)"),
];

/// A review session in progress.
pub struct Review {
    /// The due questions still in the course, in the order asked: (quiz, question) indices.
    pub items: Vec<(usize, usize)>,
    /// Position in `items`.
    pub pos: usize,
    pub right: usize,
    /// The question being asked; None when the session is over.
    pub current: Option<Box<QuizScreen>>,
}

impl Review {
    /// A session of what is due now; None (and a status message) when nothing is.
    pub fn start(ctx: &mut Ctx) -> Option<Review> {
        let due = ctx.record.due();
        let mut found = Vec::new();
        for (quiz, question) in &due {
            let q = ctx
                .course
                .quizzes
                .iter()
                .position(|f| f.quiz.id.value == *quiz);
            let x = q.and_then(|q| {
                let questions = &ctx.course.quizzes[q].quiz.questions;
                questions
                    .iter()
                    .position(|x| x.id.value == *question && x.kind.value != Kind::Exercise)
            });
            if let (Some(q), Some(x)) = (q, x) {
                found.push((q, x));
            }
        }
        if found.is_empty() {
            *ctx.status = Some(if due.is_empty() {
                "nothing to review now: a question you answer comes back here when it is due".into()
            } else {
                "the questions due are no longer in this course".into()
            });
            return None;
        }
        let items: Vec<(usize, usize)> = session::shuffled(found.len(), ctx.seed)
            .into_iter()
            .map(|i| found[i])
            .collect();
        let mut r = Review {
            items,
            pos: 0,
            right: 0,
            current: None,
        };
        r.ask(ctx);
        Some(r)
    }

    /// Opens the question at `pos`, or ends the session.
    fn ask(&mut self, ctx: &mut Ctx) {
        self.current = self.items.get(self.pos).map(|&(quiz, question)| {
            let title = &ctx.course.quizzes[quiz].quiz.title;
            let label = format!("Review {} of {} · {title}", self.pos + 1, self.items.len());
            Box::new(QuizScreen::review_turn(ctx, quiz, question, label))
        });
    }

    /// The answer of the current question, once given (right or wrong).
    pub fn answered(&self) -> Option<bool> {
        let q = self.current.as_ref()?;
        matches!(q.phase, Phase::Feedback { .. })
            .then(|| q.review.as_ref()?.answer.as_ref().map(|a| a.correct))
            .flatten()
    }

    pub fn handle(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Step {
        if self.current.is_none() {
            return match key.code {
                KeyCode::Enter => Step::Back,
                _ => Step::Unhandled,
            };
        }
        match (self.answered(), key.code) {
            (Some(true), KeyCode::Char('h')) => self.next(Ease::Hard, ctx),
            (Some(true), KeyCode::Char('e')) => self.next(Ease::Easy, ctx),
            (Some(_), KeyCode::Enter | KeyCode::Right | KeyCode::Char('n')) => {
                self.next(Ease::Good, ctx)
            }
            _ => {
                return match self.current.as_mut() {
                    Some(q) => q.handle(key, ctx),
                    None => Step::Unhandled,
                };
            }
        }
        Step::Stay
    }

    /// Records the answer with `ease` and asks the next question.
    fn next(&mut self, ease: Ease, ctx: &mut Ctx) {
        let kept = self.settle(ease, ctx.record);
        ctx.kept(kept);
        self.pos += 1;
        self.ask(ctx);
    }

    /// Records the current answer, if one was given and not yet recorded (also when the
    /// learner leaves the session: an answer given counts).
    pub fn settle(&mut self, ease: Ease, record: &mut dyn Record) -> Result<(), String> {
        let Some(answer) = self
            .current
            .as_mut()
            .and_then(|q| q.review.as_mut())
            .and_then(|t| t.answer.take())
        else {
            return Ok(());
        };
        if answer.correct {
            self.right += 1;
        }
        record.review(answer, ease)
    }

    pub fn wheel(&mut self, down: bool) {
        if let Some(q) = &mut self.current {
            q.wheel(down);
        }
    }

    pub fn run_done(&mut self, job: JobId, outcome: &Outcome) -> bool {
        self.current
            .as_mut()
            .is_some_and(|q| q.run_done(job, outcome))
    }
}
