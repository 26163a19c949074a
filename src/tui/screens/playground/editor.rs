//! The playground's editor: a `ratatui-textarea` buffer (undo/redo, selection, yank) with the
//! few Python habits a learner expects on top — `Enter` keeps the indentation and adds a level
//! after a line ending in `:`, `Tab` inserts spaces to the next multiple of 4, a bracketed
//! paste goes in as one undoable edit with its line endings normalised. Drawing is the view's
//! (it colours the lines with `highlight::python_lines`), so the widget's own renderer is unused.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, Input, Key, TextArea};

/// Spaces per indentation level (PEP 8).
pub const INDENT: usize = 4;

/// The code being edited.
pub struct Editor {
    area: TextArea<'static>,
}

impl Editor {
    pub fn new(code: &str) -> Editor {
        let lines: Vec<String> = code
            .trim_end_matches('\n')
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l).replace('\t', "    "))
            .collect();
        let mut area = TextArea::new(lines);
        area.set_tab_length(INDENT as u8);
        area.set_hard_tab_indent(false);
        area.set_max_histories(1000);
        Editor { area }
    }

    /// The code, each line ending in `\n`.
    pub fn text(&self) -> String {
        let mut s = self.area.lines().join("\n");
        s.push('\n');
        s
    }

    pub fn lines(&self) -> &[String] {
        self.area.lines()
    }

    /// (row, column) of the cursor, 0-based, the column in characters.
    pub fn cursor(&self) -> (usize, usize) {
        let c = self.area.cursor();
        (c.0, c.1)
    }

    /// The selected span, start before end, as (row, column) pairs.
    pub fn selection(&self) -> Option<((usize, usize), (usize, usize))> {
        self.area.selection_range()
    }

    /// Moves the cursor to the start of 1-based `line` (clamped to the buffer).
    pub fn go_to_line(&mut self, line: u32) {
        let row = (line as usize)
            .saturating_sub(1)
            .min(self.area.lines().len().saturating_sub(1));
        self.area.cancel_selection();
        self.area
            .move_cursor(CursorMove::Jump(u16::try_from(row).unwrap_or(u16::MAX), 0));
    }

    /// `PgDn`/`PgUp`: the cursor moves `rows` lines, keeping its column where the line is long
    /// enough; with `select` the selection grows. (The widget's own paging works on the
    /// viewport of its renderer, which the app does not use: it draws the code itself.)
    pub fn page(&mut self, rows: usize, down: bool, select: bool) {
        let (row, col) = self.cursor();
        let last = self.area.lines().len().saturating_sub(1);
        let target = if down {
            row.saturating_add(rows).min(last)
        } else {
            row.saturating_sub(rows)
        };
        if !select {
            self.area.cancel_selection();
        } else if self.area.selection_range().is_none() {
            self.area.start_selection();
        }
        let at = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        self.area.move_cursor(CursorMove::Jump(at(target), at(col)));
    }

    /// Replaces the whole text (reset to starter, reload after the external editor); undoable.
    pub fn replace(&mut self, code: &str) {
        self.area.select_all();
        self.area.cut();
        self.paste(code);
        self.area.move_cursor(CursorMove::Top);
        self.area.move_cursor(CursorMove::Head);
    }

    /// Inserts pasted text at the cursor (replacing a selection).
    pub fn paste(&mut self, text: &str) {
        let text = text
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\t', "    ");
        let text = text.strip_suffix('\n').unwrap_or(&text);
        self.area.insert_str(text);
    }

    /// Handles an editing key; false when the key is not the editor's (the screen's then).
    pub fn key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        match key.code {
            KeyCode::Enter if !ctrl && !alt => self.newline(),
            KeyCode::Tab if !ctrl && !alt => {
                self.area.insert_tab();
            }
            KeyCode::BackTab => self.dedent(),
            KeyCode::Char('z') if ctrl => {
                self.area.undo();
            }
            KeyCode::Char('y') if ctrl => {
                self.area.redo();
            }
            KeyCode::Char('x') if ctrl => {
                self.area.cut();
            }
            KeyCode::Char('v') if ctrl => {
                self.area.paste();
            }
            KeyCode::Char('a') if ctrl => self.area.select_all(),
            KeyCode::Char('c' | 'w') if alt => self.area.copy(),
            KeyCode::Insert if ctrl => self.area.copy(),
            KeyCode::Esc => return false,
            KeyCode::Char(_) if ctrl || alt => return false,
            KeyCode::F(_) => return false,
            _ => {
                let input = Input {
                    key: Key::from(key.code),
                    ctrl,
                    alt,
                    shift,
                };
                self.area.input(input);
            }
        }
        true
    }

    /// `Enter`: a new line indented like this one, one level more after a `:`.
    fn newline(&mut self) {
        let (row, col) = self.cursor();
        let line = self.area.lines().get(row).cloned().unwrap_or_default();
        let before: String = line.chars().take(col).collect();
        let indent = before.chars().take_while(|c| *c == ' ').count();
        let opens = before.trim_end().ends_with(':') && !before.trim_start().starts_with('#');
        let width = indent + if opens { INDENT } else { 0 };
        self.area.insert_newline();
        if width > 0 {
            self.area.insert_str(" ".repeat(width));
        }
    }

    /// `Shift-Tab`: removes up to one level of indentation from the cursor's line.
    fn dedent(&mut self) {
        let (row, col) = self.cursor();
        let line = self.area.lines().get(row).cloned().unwrap_or_default();
        let n = line.chars().take_while(|c| *c == ' ').count().min(INDENT);
        if n == 0 {
            return;
        }
        self.area.move_cursor(CursorMove::Head);
        self.area.delete_next_char();
        for _ in 1..n {
            self.area.delete_next_char();
        }
        let col = u16::try_from(col.saturating_sub(n)).unwrap_or(u16::MAX);
        let row = u16::try_from(row).unwrap_or(u16::MAX);
        self.area.move_cursor(CursorMove::Jump(row, col));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn typed(start: &str, keys: &[KeyEvent]) -> Editor {
        let mut e = Editor::new(start);
        e.area.move_cursor(CursorMove::Bottom);
        e.area.move_cursor(CursorMove::End);
        for k in keys {
            e.key(*k);
        }
        e
    }

    fn chars(s: &str) -> Vec<KeyEvent> {
        s.chars()
            .map(|c| match c {
                '\n' => KeyEvent::from(KeyCode::Enter),
                '\t' => KeyEvent::from(KeyCode::Tab),
                c => KeyEvent::from(KeyCode::Char(c)),
            })
            .collect()
    }

    #[test]
    fn enter_indents_after_a_colon_and_keeps_the_indentation() {
        let table: &[(&str, &str, &str)] = &[
            ("for e in range(3):", "\nx", "for e in range(3):\n    x\n"),
            ("    a = 1", "\nb", "    a = 1\n    b\n"),
            ("if a:\n    if b:", "\nc", "if a:\n    if b:\n        c\n"),
            ("# note:", "\nd", "# note:\nd\n"),
            ("", "\tx", "    x\n"),
            ("ab", "\tx", "ab  x\n"),
        ];
        for (start, keys, want) in table {
            assert_eq!(
                typed(start, &chars(keys)).text(),
                *want,
                "{start:?} + {keys:?}"
            );
        }
    }

    #[test]
    fn shift_arrows_select_and_the_selection_copies_cuts_and_pastes() {
        let mut e = Editor::new("lr = 0.1\n");
        let shift = |c| KeyEvent::new(c, KeyModifiers::SHIFT);
        for _ in 0..2 {
            e.key(shift(KeyCode::Right));
        }
        assert_eq!(e.selection(), Some(((0, 0), (0, 2))));
        e.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::ALT));
        e.key(KeyEvent::from(KeyCode::End));
        e.key(KeyEvent::new(KeyCode::Char('v'), KeyModifiers::CONTROL));
        assert_eq!(e.text(), "lr = 0.1lr\n");
        e.key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL));
        e.key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL));
        assert_eq!(e.text(), "\n");
        e.key(KeyEvent::new(KeyCode::Char('v'), KeyModifiers::CONTROL));
        assert_eq!(e.text(), "lr = 0.1lr\n");
    }

    #[test]
    fn undo_redo_paste_and_dedent() {
        let mut e = typed("x = 1", &chars("0"));
        assert_eq!(e.text(), "x = 10\n");
        e.key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
        assert_eq!(e.text(), "x = 1\n");
        e.key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL));
        assert_eq!(e.text(), "x = 10\n");
        e.paste("\r\nfor i in range(2):\r\n\tprint(i)\r\n");
        assert_eq!(e.text(), "x = 10\nfor i in range(2):\n    print(i)\n");
        e.key(KeyEvent::from(KeyCode::BackTab));
        assert_eq!(e.text(), "x = 10\nfor i in range(2):\nprint(i)\n");
        e.go_to_line(2);
        assert_eq!(e.cursor(), (1, 0));
        e.go_to_line(99);
        assert_eq!(e.cursor(), (2, 0));
        e.replace("a = 2\n");
        assert_eq!(e.text(), "a = 2\n");
        e.key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
        assert_ne!(e.text(), "a = 2\n", "a reset can be undone");
    }
}
