//! A tokenizer after CPython 3.11's own, finding the errors CPython raises while tokenizing.
//! This file holds the tokens, the main loop, string extents and operators with their bracket
//! errors; numbers, identifiers and indentation are read in files of those names.

#[allow(unused_imports)]
use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tk {
    Name,
    Number,
    Str,
    Op,
    Newline,
    Indent,
    Dedent,
    End,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub(super) kind: Tk,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) line: usize,
    /// Bracket depth once this token is read (an opening bracket counts itself).
    pub(super) level: usize,
}

/// How CPython surfaces a tokenizer error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Surface {
    /// Raised with an exception at once; it also overrides an earlier parser error, since
    /// CPython tokenizes the rest of the file after a parser error to look for these.
    Raised,
    /// Only a status code: it matters when the parser actually asks for that token.
    Deferred,
    /// End of file inside brackets: "'(' was never closed", at the bracket's line.
    Unclosed { line: usize },
}

#[derive(Clone, Debug)]
pub(super) struct TokErr {
    pub(super) kind: &'static str,
    pub(super) msg: String,
    pub(super) line: usize,
    pub(super) offset: usize,
    pub(super) surface: Surface,
}

pub(super) struct Lexer<'a> {
    pub(super) src: &'a str,
    pub(super) s: &'a [u8],
    pub(super) pos: usize,
    pub(super) line: usize,
    pub(super) atbol: bool,
    pub(super) blank: bool,
    pub(super) indstack: Vec<usize>,
    pub(super) altstack: Vec<usize>,
    pub(super) pending: i64,
    pub(super) parens: Vec<(u8, usize)>,
    pub(super) toks: Vec<Tok>,
    /// CPython's line count once the whole text has been read.
    pub(super) eof_line: usize,
}

pub(super) const MAX_LEVEL: usize = 200;

impl<'a> Lexer<'a> {
    pub(super) fn new(src: &'a str) -> Lexer<'a> {
        let eof_line = src.bytes().filter(|b| *b == b'\n').count().max(1);
        Lexer {
            src,
            s: src.as_bytes(),
            pos: 0,
            line: 1,
            atbol: true,
            blank: false,
            indstack: vec![0],
            altstack: vec![0],
            pending: 0,
            parens: Vec::new(),
            toks: Vec::new(),
            eof_line,
        }
    }

    pub(super) fn at(&self, p: usize) -> u8 {
        self.s.get(p).copied().unwrap_or(0)
    }

    pub(super) fn level(&self) -> usize {
        self.parens.len()
    }

    pub(super) fn push(&mut self, kind: Tk, start: usize, end: usize, line: usize) {
        let level = self.level();
        self.toks.push(Tok {
            kind,
            start,
            end,
            line,
            level,
        });
    }

    pub(super) fn fail(
        &self,
        kind: &'static str,
        msg: impl Into<String>,
        line: usize,
        offset: usize,
        surface: Surface,
    ) -> TokErr {
        TokErr {
            kind,
            msg: msg.into(),
            line,
            offset,
            surface,
        }
    }

    pub(super) fn raised(&self, msg: impl Into<String>, offset: usize) -> TokErr {
        self.fail(SYNTAX, msg, self.line, offset, Surface::Raised)
    }

    /// End of file at `offset` with a bracket still open: "'(' was never closed", reported
    /// at the innermost open bracket's line.
    pub(super) fn never_closed(&self, offset: usize) -> Option<TokErr> {
        let &(ch, line) = self.parens.last()?;
        Some(self.fail(
            SYNTAX,
            format!("'{}' was never closed", ch as char),
            line,
            offset,
            Surface::Unclosed { line },
        ))
    }

    /// A backslash at `offset` that is not at the end of its line.
    pub(super) fn bad_continuation(&self, offset: usize) -> TokErr {
        self.fail(
            SYNTAX,
            "unexpected character after line continuation character",
            self.line,
            offset,
            Surface::Deferred,
        )
    }

    /// Tokenizes everything, stopping at the first error.
    pub(super) fn run(mut self) -> (Vec<Tok>, Option<TokErr>) {
        let result = self.tokens();
        (self.toks, result.err())
    }

    pub(super) fn tokens(&mut self) -> Result<(), TokErr> {
        loop {
            if self.atbol {
                self.indentation()?;
            }
            if self.pending != 0 {
                let kind = if self.pending < 0 {
                    Tk::Dedent
                } else {
                    Tk::Indent
                };
                self.pending += if self.pending < 0 { 1 } else { -1 };
                let line = if self.pos >= self.s.len() {
                    self.eof_line
                } else {
                    self.line
                };
                self.push(kind, self.pos, self.pos, line);
                continue;
            }
            while matches!(self.at(self.pos), b' ' | b'\t' | 0x0c) {
                self.pos += 1;
            }
            if self.at(self.pos) == b'#' {
                while self.pos < self.s.len() && self.s[self.pos] != b'\n' {
                    self.pos += 1;
                }
            }
            let start = self.pos;
            if start >= self.s.len() {
                if let Some(e) = self.never_closed(start) {
                    return Err(e);
                }
                self.push(Tk::End, start, start, self.eof_line);
                return Ok(());
            }
            let c = self.s[start];
            if is_id_start_byte(c) {
                if let Some(q) = self.string_prefix(start) {
                    self.string(start, q)?;
                    continue;
                }
                self.identifier(start)?;
                continue;
            }
            match c {
                b'\n' => {
                    self.pos += 1;
                    let line = self.line;
                    self.line += 1;
                    self.atbol = true;
                    let skip = self.blank || self.level() > 0;
                    self.blank = false;
                    if !skip {
                        self.push(Tk::Newline, start, start + 1, line);
                    }
                }
                b'.' if self.at(start + 1).is_ascii_digit() => self.number(start)?,
                b'0'..=b'9' => self.number(start)?,
                b'\'' | b'"' => self.string(start, start)?,
                b'\\' => {
                    if self.at(start + 1) != b'\n' {
                        return Err(self.bad_continuation(start));
                    }
                    let backslash_line = self.line;
                    self.pos = start + 2;
                    self.line += 1;
                    if self.pos >= self.s.len() {
                        if let Some(e) = self.never_closed(start) {
                            return Err(e);
                        }
                        return Err(self.fail(
                            SYNTAX,
                            "unexpected EOF while parsing",
                            backslash_line,
                            start,
                            Surface::Deferred,
                        ));
                    }
                }
                _ => self.operator(start)?,
            }
        }
    }

    /// If a string prefix (b, r, u, f and their legal pairs) followed by a quote starts at
    /// `start`, the offset of the quote.
    pub(super) fn string_prefix(&self, start: usize) -> Option<usize> {
        let (mut b, mut r, mut u, mut f) = (false, false, false, false);
        let mut p = start;
        loop {
            let c = self.at(p).to_ascii_lowercase();
            if !(b || u || f) && c == b'b' {
                b = true;
            } else if !(b || u || r || f) && c == b'u' {
                u = true;
            } else if !(r || u) && c == b'r' {
                r = true;
            } else if !(f || b || u) && c == b'f' {
                f = true;
            } else {
                return None;
            }
            p += 1;
            if matches!(self.at(p), b'\'' | b'"') {
                return Some(p);
            }
        }
    }

    /// A string literal whose prefix starts at `start` and whose quote is at `quote_at`.
    pub(super) fn string(&mut self, start: usize, quote_at: usize) -> Result<(), TokErr> {
        let quote = self.s[quote_at];
        let first_line = self.line;
        let mut p = quote_at + 1;
        let mut quote_size = 1;
        let mut end_quote_size = 0;
        if self.at(p) == quote {
            p += 1;
            if self.at(p) == quote {
                p += 1;
                quote_size = 3;
            } else {
                end_quote_size = 1;
            }
        }
        while end_quote_size != quote_size {
            let at_eof = p >= self.s.len();
            let c = self.at(p);
            if at_eof || (quote_size == 1 && c == b'\n') {
                let detected = if at_eof { self.eof_line } else { self.line };
                let msg = if quote_size == 3 {
                    format!(
                        "unterminated triple-quoted string literal (detected at line {detected})"
                    )
                } else {
                    format!("unterminated string literal (detected at line {detected})")
                };
                return Err(self.fail(SYNTAX, msg, first_line, start, Surface::Raised));
            }
            p += 1;
            if c == b'\n' {
                self.line += 1;
            }
            if c == quote {
                end_quote_size += 1;
            } else {
                end_quote_size = 0;
                if c == b'\\' && p < self.s.len() {
                    if self.s[p] == b'\n' {
                        self.line += 1;
                    }
                    p += 1;
                }
            }
        }
        self.pos = p;
        self.push(Tk::Str, start, p, first_line);
        Ok(())
    }

    pub(super) fn operator(&mut self, start: usize) -> Result<(), TokErr> {
        const THREE: [&[u8]; 5] = [b"**=", b"...", b"//=", b"<<=", b">>="];
        const TWO: [&[u8]; 20] = [
            b"!=", b"%=", b"&=", b"**", b"*=", b"+=", b"-=", b"->", b"//", b"/=", b":=", b"<<",
            b"<=", b"<>", b"==", b">=", b">>", b"@=", b"^=", b"|=",
        ];
        let rest = self.s.get(start..).unwrap_or(&[]);
        let len = if THREE.iter().any(|op| rest.starts_with(op)) {
            3
        } else if TWO.iter().any(|op| rest.starts_with(op)) {
            2
        } else {
            1
        };
        let c = self.s[start];
        match c {
            b'(' | b'[' | b'{' if len == 1 => {
                if self.level() >= MAX_LEVEL {
                    return Err(self.raised("too many nested parentheses", start));
                }
                self.parens.push((c, self.line));
            }
            b')' | b']' | b'}' => {
                let Some((open, open_line)) = self.parens.pop() else {
                    return Err(self.raised(format!("unmatched '{}'", c as char), start));
                };
                let matching = matches!((open, c), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
                if !matching {
                    let msg = if open_line != self.line {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}' on line {}",
                            c as char, open as char, open_line
                        )
                    } else {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}'",
                            c as char, open as char
                        )
                    };
                    return Err(self.raised(msg, start));
                }
            }
            _ => {}
        }
        self.pos = start + len;
        self.push(Tk::Op, start, start + len, self.line);
        Ok(())
    }
}
