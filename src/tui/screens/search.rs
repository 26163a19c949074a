//! The reader's `/` search: the query typed in the footer, every case-insensitive match in the
//! rendered lesson, and which one is current (`n`/`N` move it). The reader scrolls to it.

use crate::tui::markdown::{self, Doc};
use crossterm::event::{KeyCode, KeyEvent};

/// The search box and its matches.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// Typing the query (keys go to the box).
    pub editing: bool,
    pub query: String,
    /// (line, start char, end char) of each match, in order.
    pub matches: Vec<(usize, usize, usize)>,
    pub current: usize,
}

impl Search {
    /// An empty box, open for typing.
    pub fn open() -> Search {
        Search {
            editing: true,
            ..Search::default()
        }
    }

    /// A key typed into the box; true when the query changed (the matches must be found again).
    pub fn key(&mut self, key: KeyEvent) -> bool {
        match key.code {
            KeyCode::Enter => {
                self.editing = false;
                if self.query.is_empty() {
                    *self = Search::default();
                }
                false
            }
            KeyCode::Esc => {
                *self = Search::default();
                false
            }
            KeyCode::Backspace => self.query.pop().is_some(),
            KeyCode::Char(c) if !c.is_control() => {
                self.query.push(c);
                true
            }
            _ => false,
        }
    }

    /// Finds the query in `doc`; the current match becomes the first at or after line `top`.
    pub fn find(&mut self, doc: &Doc, top: usize) {
        let q = self.query.to_lowercase();
        self.matches = if q.is_empty() {
            Vec::new()
        } else {
            markdown::find(doc, &q)
        };
        self.current = self.matches.iter().position(|m| m.0 >= top).unwrap_or(0);
    }

    /// Moves to the next (previous) match, wrapping around.
    pub fn step(&mut self, forward: bool) {
        let n = self.matches.len();
        if n > 0 {
            self.current = if forward {
                (self.current + 1) % n
            } else {
                (self.current + n - 1) % n
            };
        }
    }

    /// The line of the current match.
    pub fn line(&self) -> Option<usize> {
        self.matches.get(self.current).map(|m| m.0)
    }
}
