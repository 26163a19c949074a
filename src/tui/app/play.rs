//! The app's side of the playground: pastes, finished exercise checks and the learner's own
//! editor closing reach the playground on the stack, and `lrtutor play` / Home open it.

use super::{App, Screen, Step};
use crate::tui::grader::Checked;
use crate::tui::runner::JobId;
use crate::tui::screens::playground::Playground;
use crossterm::event::{KeyCode, KeyEvent};
use std::path::PathBuf;

impl App {
    /// A bracketed paste goes to the playground's editor or the reader's search box.
    pub(super) fn paste(&mut self, text: &str) {
        match self.stack.last_mut() {
            Some(Screen::Playground(p)) => p.paste(text),
            Some(Screen::Lesson(r)) => r.paste(text),
            _ => {}
        }
    }

    pub(super) fn checked(&mut self, job: JobId, c: Checked) {
        self.running = self.running.saturating_sub(1);
        let (stack, mut ctx) = self.split();
        // The screen may have been closed meanwhile; then the result is dropped.
        for s in stack.iter_mut().rev() {
            if let Screen::Playground(p) = s
                && p.checked(job, c.clone(), &mut ctx)
            {
                break;
            }
        }
    }

    pub(super) fn edited(&mut self, job: JobId, text: Result<String, String>) {
        let step = {
            let (stack, mut ctx) = self.split();
            match stack.last_mut() {
                Some(Screen::Playground(p)) => p.edited(job, text, &mut ctx),
                _ => Step::Stay,
            }
        };
        self.apply(step, KeyEvent::from(KeyCode::Null));
    }

    /// Opens the review session of the questions due now; Err says why there is none.
    pub fn open_review(&mut self) -> Result<(), String> {
        let review = crate::tui::screens::review::Review::start(&mut self.ctx());
        match review {
            Some(r) => {
                self.push(Screen::Review(Box::new(r)));
                Ok(())
            }
            None => Err(self.status.take().unwrap_or_default()),
        }
    }

    /// Opens the playground on top (`lrtutor play`: `file` and its code; else the free one).
    pub fn open_playground(&mut self, file: Option<(PathBuf, String)>) {
        let p = match file {
            Some((path, code)) => Playground::file(path, &code),
            None => Playground::free(&self.ctx()),
        };
        self.push(Screen::Playground(Box::new(p)));
    }

    /// Opens exercise `question` of quiz `quiz` in the playground; Err says what is missing.
    pub fn open_exercise(&mut self, quiz: &str, question: &str) -> Result<(), String> {
        let at = crate::tui::record::Location::Exercise {
            quiz: quiz.to_string(),
            question: question.to_string(),
        };
        let screen = crate::tui::screens::reopen(&at, &mut self.ctx());
        match screen {
            Some(s) => {
                self.push(s);
                Ok(())
            }
            None => Err(format!("no exercise '{question}' in quiz '{quiz}'")),
        }
    }
}
