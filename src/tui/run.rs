//! The main loop, generic over ratatui's `Backend`: draw, wait for the next [`Action`], update,
//! hand the queued [`Effect`]s to the event source, repeat until the app quits or the events
//! end. The real terminal (crossterm events, runs on threads, signals) and the tests
//! (`TestBackend` and a [`Script`] of actions, runs done in order) plug into the same loop.

use super::app::{Action, App, Effect};
use super::runner;
use super::views;
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::collections::VecDeque;
use std::io;

/// Where actions come from and where effects go.
pub trait Events {
    /// The next action; `None` ends the loop (a script ran out).
    fn next(&mut self) -> io::Result<Option<Action>>;
    /// Starts an effect; what it produces comes back later through `next`.
    fn start(&mut self, effect: Effect);
}

/// Runs the app until it quits or the events end.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut impl Events,
) -> io::Result<()> {
    let size = terminal.size().map_err(backend_error)?;
    app.update(Action::Resize(size.width, size.height));
    loop {
        terminal
            .draw(|f| views::draw(f, app))
            .map_err(backend_error)?;
        if app.quit {
            return Ok(());
        }
        let Some(action) = events.next()? else {
            return Ok(());
        };
        if let Action::Resize(..) = action {
            terminal.autoresize().map_err(backend_error)?;
        }
        app.update(action);
        for effect in app.take_effects() {
            // The learner's own editor drew over the screen: redraw all of it.
            let full = matches!(effect, Effect::Edit { .. });
            events.start(effect);
            if full {
                terminal.clear().map_err(backend_error)?;
            }
        }
    }
}

/// Actions given in advance (tests, benchmarks). Runs happen at once, on a thread with the
/// sandbox's stack, and their outcome is the next action, so a script reads like a session.
#[derive(Debug, Default)]
pub struct Script {
    queue: VecDeque<Action>,
    /// The command `Effect::Edit` runs (no terminal to suspend); None: the edit fails.
    pub editor: Option<String>,
}

impl Script {
    pub fn new(actions: impl IntoIterator<Item = Action>) -> Script {
        Script {
            queue: actions.into_iter().collect(),
            editor: None,
        }
    }
}

impl Events for Script {
    fn next(&mut self) -> io::Result<Option<Action>> {
        Ok(self.queue.pop_front())
    }

    fn start(&mut self, effect: Effect) {
        match effect {
            Effect::Run { job, code } => {
                let (tx, rx) = std::sync::mpsc::channel();
                runner::spawn(code, move |o| {
                    let _ = tx.send(o);
                });
                if let Ok(o) = rx.recv() {
                    self.queue.push_front(Action::RunDone(job, Box::new(o)));
                }
            }
            Effect::Check {
                job,
                code,
                reference,
                epochs,
            } => {
                let (tx, rx) = std::sync::mpsc::channel();
                super::grader::spawn(code, reference, epochs, move |c| {
                    let _ = tx.send(c);
                });
                if let Ok(c) = rx.recv() {
                    self.queue.push_front(Action::Checked(job, Box::new(c)));
                }
            }
            Effect::Edit {
                job,
                path,
                name,
                code,
            } => {
                let text = match &self.editor {
                    Some(cmd) => super::outside::edit(path, &name, &code, cmd),
                    None => Err("no editor in this script".into()),
                };
                self.queue.push_front(Action::Edited(job, text));
            }
            Effect::Save { path, code } => {
                let msg = super::outside::save(&path, &code);
                self.queue.push_front(Action::Saved(msg));
            }
        }
    }
}

/// A backend's error as an `io::Error` (backends' error types need not be `Send`).
fn backend_error(e: impl std::error::Error) -> io::Error {
    io::Error::other(e.to_string())
}
