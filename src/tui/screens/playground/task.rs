//! An exercise in the playground: the prompt, the starter, the reference (shown only once the
//! exercise is solved or every hint is out), the hints revealed so far, and the last grade.

use super::super::Ctx;
use crate::content::quiz::Question;
use crate::tui::grader::Checked;

/// The exercise being solved.
pub struct Task {
    pub quiz_id: String,
    pub question_id: String,
    /// Markdown.
    pub prompt: String,
    pub starter: String,
    /// The reference solution (`None`: the question has none, so attempts only run).
    pub reference: Option<String>,
    /// Epochs compared (`compare.steps`).
    pub epochs: usize,
    pub hints: Vec<String>,
    /// Hints shown so far.
    pub shown: usize,
    pub solved: bool,
    /// The learner asked to see the reference (allowed once solved or all hints are out).
    pub show_reference: bool,
    /// The last check of an attempt.
    pub last: Option<Box<Checked>>,
}

impl Task {
    pub fn new(ctx: &Ctx, quiz: usize, question: usize) -> Task {
        let q = &ctx.course.quizzes[quiz].quiz;
        let x: &Question = &q.questions[question];
        Task {
            quiz_id: q.id.value.clone(),
            question_id: x.id.value.clone(),
            prompt: x.prompt.clone(),
            starter: x.starter.clone().unwrap_or_default(),
            reference: x.reference.as_ref().map(|r| r.value.clone()),
            epochs: x.compare.as_ref().map_or(usize::MAX, |c| c.steps),
            hints: x.hints.clone(),
            shown: 0,
            solved: ctx.record.solved(&q.id.value, &x.id.value),
            show_reference: false,
            last: None,
        }
    }

    /// Reveals the next hint; the message when there is none left.
    pub fn hint(&mut self) -> Result<(), String> {
        if self.shown < self.hints.len() {
            self.shown += 1;
            Ok(())
        } else if self.hints.is_empty() {
            Err("this exercise has no hints".into())
        } else {
            Err("every hint is shown; `a` shows the reference solution".into())
        }
    }

    /// Whether the reference may be shown: after solving, or after every hint.
    pub fn may_show_reference(&self) -> bool {
        self.reference.is_some() && (self.solved || self.shown >= self.hints.len())
    }

    /// Toggles the reference; the message when it may not be shown yet.
    pub fn toggle_reference(&mut self) -> Result<(), String> {
        if self.reference.is_none() {
            return Err("this exercise has no reference solution".into());
        }
        if !self.may_show_reference() {
            let left = self.hints.len() - self.shown;
            return Err(format!(
                "the reference is shown once you solve it or after every hint ({left} left: h)"
            ));
        }
        self.show_reference = !self.show_reference;
        Ok(())
    }
}
