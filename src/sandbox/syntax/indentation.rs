//! Indentation at the start of each line, as CPython's tokenizer measures it: INDENT and
//! DEDENT tokens, and its IndentationError and TabError.

#[allow(unused_imports)]
use super::*;

pub(super) const MAX_INDENT: usize = 100;

impl Lexer<'_> {
    /// Indentation at the start of a line, as CPython's `tok_get` measures it.
    pub(super) fn indentation(&mut self) -> Result<(), TokErr> {
        self.atbol = false;
        let mut line_start = self.pos;
        let (mut col, mut altcol) = (0usize, 0usize);
        // A backslash continuation inside the indentation: the first one fixes the column.
        let mut cont_col = 0usize;
        loop {
            match self.at(self.pos) {
                b' ' => {
                    col += 1;
                    altcol += 1;
                }
                b'\t' => {
                    col = (col / 8 + 1) * 8;
                    altcol += 1;
                }
                0x0c => {
                    col = 0;
                    altcol = 0;
                }
                b'\\' => {
                    if cont_col == 0 {
                        cont_col = col;
                    }
                    if self.at(self.pos + 1) != b'\n' {
                        return Err(self.bad_continuation(self.pos));
                    }
                    let backslash_line = self.line;
                    self.pos += 2;
                    self.line += 1;
                    line_start = self.pos;
                    if self.pos >= self.s.len() {
                        return Err(self.fail(
                            SYNTAX,
                            "unexpected EOF while parsing",
                            backslash_line,
                            self.pos,
                            Surface::Deferred,
                        ));
                    }
                    continue;
                }
                _ => break,
            }
            self.pos += 1;
        }
        if cont_col != 0 {
            col = cont_col;
            altcol = cont_col;
        }
        let c = self.at(self.pos);
        let at_eof = self.pos >= self.s.len();
        self.blank = !at_eof && (c == b'#' || c == b'\n');
        if at_eof {
            col = 0;
            altcol = 0;
        }
        if self.blank || self.level() > 0 {
            return Ok(());
        }
        let line = if at_eof { self.eof_line } else { self.line };
        let top = self.indstack.len() - 1;
        let tab_error = |lx: &Self| {
            lx.fail(
                TAB,
                "inconsistent use of tabs and spaces in indentation",
                line,
                line_start,
                Surface::Deferred,
            )
        };
        if col == self.indstack[top] {
            if altcol != self.altstack[top] {
                return Err(tab_error(self));
            }
        } else if col > self.indstack[top] {
            if self.indstack.len() >= MAX_INDENT {
                return Err(self.fail(
                    INDENT,
                    "too many levels of indentation",
                    line,
                    line_start,
                    Surface::Deferred,
                ));
            }
            if altcol <= self.altstack[top] {
                return Err(tab_error(self));
            }
            self.pending += 1;
            self.indstack.push(col);
            self.altstack.push(altcol);
        } else {
            while self.indstack.len() > 1 && col < self.indstack[self.indstack.len() - 1] {
                self.pending -= 1;
                self.indstack.pop();
                self.altstack.pop();
            }
            let top = self.indstack.len() - 1;
            if col != self.indstack[top] {
                return Err(self.fail(
                    INDENT,
                    "unindent does not match any outer indentation level",
                    line,
                    line_start,
                    Surface::Deferred,
                ));
            }
            if altcol != self.altstack[top] {
                return Err(tab_error(self));
            }
        }
        Ok(())
    }
}
