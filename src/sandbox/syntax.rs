//! CPython 3.11 syntax errors for learner snippets.
//!
//! Ruff's parser builds the tree the sandbox runs, but its diagnostics are worded for a linter
//! and it accepts syntax newer than 3.11. Learners must instead see what `python3.11` prints:
//! the exception class, its `msg` and its `lineno`. This module gets there in layers:
//!
//! 1. a tokenizer written after CPython 3.11's own (`Parser/tokenizer.c`), which finds the
//!    errors CPython raises while tokenizing (strings, numbers, odd characters, indentation,
//!    brackets) together with CPython's rules for which of them wins over a parser error;
//! 2. Ruff's parser (target 3.11) to find where parsing fails, then the grammar's
//!    `invalid_*` rules re-enacted on the tokens of the failing statement to word the message;
//! 3. the 3.11 f-string and string-escape checks, which CPython runs while parsing;
//! 4. the compiler's checks (symbol table and code generation) on Ruff's tree, e.g.
//!    `'return' outside function`.
//!
//! Everything works on a copy of the source whose line ends are `\n` (CPython translates
//! `\r\n` and `\r` too, and adds a final newline); only line numbers leave the module.
//!
//! The wording is re-derived, not looked up, so a few contrived inputs still get a different
//! message than CPython (the unit tests list what is known to match). Expressions nested
//! about 3000 deep are refused up front with CPython's `RecursionError`, which also keeps
//! Ruff from building (and recursively dropping) trees that could exhaust the stack.

use std::collections::HashSet;

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::{self as ast, Expr, ModModule, PythonVersion, Stmt};
use ruff_python_parser::{
    Mode, ParseError, ParseErrorType, ParseOptions, Parsed, UnsupportedSyntaxError,
    UnsupportedSyntaxErrorKind,
};
use ruff_text_size::Ranged;

/// A syntax error as CPython 3.11 reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxErrorInfo {
    /// "SyntaxError", "IndentationError" or "TabError" (or "RecursionError" for expressions
    /// nested deeper than CPython's compiler accepts).
    pub kind: &'static str,
    /// CPython's `e.msg`, e.g. "expected ':'".
    pub message: String,
    /// 1-based line CPython reports (`e.lineno`).
    pub line: usize,
}

const SYNTAX: &str = "SyntaxError";
const INDENT: &str = "IndentationError";
const TAB: &str = "TabError";

/// Parses `source`; Ok(module) when it is valid Python 3.11, else CPython's error.
pub fn parse(source: &str) -> Result<Parsed<ModModule>, SyntaxErrorInfo> {
    // CPython refuses NUL bytes before tokenizing (its `lineno` is then None; the line of the
    // first NUL is the most useful stand-in).
    if let Some(pos) = source.find('\0') {
        return Err(err(
            SYNTAX,
            "source code string cannot contain null bytes",
            line_of(source, pos),
        ));
    }
    // Trees deeper than CPython's compiler accepts are refused before Ruff builds them: CPython
    // raises RecursionError there, and dropping such a tree could exhaust the stack.
    {
        let text = Text::new(source);
        let (toks, tok_err) = Lexer::new(&text.norm).run();
        if let Some(te) = &tok_err
            && te.msg == "too many nested parentheses"
        {
            return Err(err(te.kind, te.msg.clone(), te.line));
        }
        if let Some(line) = too_deep(&text.norm, &toks) {
            return Err(SyntaxErrorInfo {
                kind: "RecursionError",
                message: "maximum recursion depth exceeded during compilation".to_string(),
                line,
            });
        }
    }
    let parsed = match ruff_python_parser::parse_unchecked(source, options()).try_into_module() {
        Some(parsed) => parsed,
        None => return Err(err(SYNTAX, "invalid syntax", 1)),
    };
    if source.contains('\r') {
        // Diagnose the text CPython actually tokenizes (`\r\n` and `\r` become `\n`, and a
        // final `\r\n` gains an extra newline), but hand back the tree of `source` itself.
        let text = Text::new(source);
        let diagnosed =
            match ruff_python_parser::parse_unchecked(&text.norm, options()).try_into_module() {
                Some(p) => diagnose(&text.norm, &p),
                None => Some(err(SYNTAX, "invalid syntax", 1)),
            };
        return match diagnosed {
            Some(info) => Err(info),
            None => Ok(parsed),
        };
    }
    match diagnose(source, &parsed) {
        Some(info) => Err(info),
        None => Ok(parsed),
    }
}

/// Expression nesting at which CPython 3.11 gives up ("maximum recursion depth exceeded
/// during compilation"); measured on chains of unary, binary, attribute and call operators.
const MAX_EXPR_DEPTH: usize = 2991;

/// Line of an expression whose tree would nest [`MAX_EXPR_DEPTH`] deep, estimated from the
/// tokens: every bracket, and every operator that wraps the tree built so far (binary and
/// unary operators, `.`, calls, subscripts, `**`, `if`, `lambda`, `await`, `not`), adds a
/// level; separators and the flat operators (comparisons, `and`, `or`) start a new operand.
fn too_deep(src: &str, toks: &[Tok]) -> Option<usize> {
    let mut frames: Vec<usize> = vec![0];
    let mut total = 1usize;
    let mut operand = false;
    for t in toks {
        let text = src.get(t.start..t.end).unwrap_or("");
        let mut bump = false;
        let mut reset = false;
        match t.kind {
            Tk::Newline | Tk::Indent | Tk::Dedent | Tk::End => {
                frames.clear();
                frames.push(0);
                total = 1;
                operand = false;
                continue;
            }
            Tk::Number | Tk::Str => operand = true,
            Tk::Name => match text {
                "not" | "await" | "lambda" => {
                    bump = true;
                    operand = false;
                }
                "if" => {
                    bump = operand;
                    operand = false;
                }
                "None" | "True" | "False" => operand = true,
                w if KEYWORDS.contains(&w) => {
                    reset = true;
                    operand = false;
                }
                _ => operand = true,
            },
            Tk::Op => match text {
                "(" | "[" | "{" => {
                    if operand
                        && text != "{"
                        && let Some(top) = frames.last_mut()
                    {
                        *top += 1;
                        total += 1;
                    }
                    frames.push(0);
                    total += 1;
                    operand = false;
                }
                ")" | "]" | "}" => {
                    if frames.len() > 1 {
                        let chain = frames.pop().unwrap_or(0);
                        total = total.saturating_sub(chain + 1);
                    }
                    operand = true;
                }
                "." | "**" | "+" | "-" | "~" | "*" | "/" | "//" | "%" | "@" | "&" | "|" | "^"
                | "<<" | ">>" => {
                    bump = true;
                    operand = false;
                }
                "..." => operand = true,
                _ => {
                    reset = true;
                    operand = false;
                }
            },
        }
        if let Some(top) = frames.last_mut() {
            if reset {
                total = total.saturating_sub(*top);
                *top = 0;
            } else if bump {
                *top += 1;
                total += 1;
            }
        }
        if total >= MAX_EXPR_DEPTH {
            return Some(t.line);
        }
    }
    None
}

/// 1-based line number of a byte offset in `source`.
///
/// `\n`, `\r\n` and a lone `\r` each end a line; offsets past the end count as the end.
pub fn line_of(source: &str, offset: usize) -> usize {
    let bytes = source.as_bytes();
    let before = bytes.get(..offset.min(bytes.len())).unwrap_or(bytes);
    let mut line = 1;
    for (i, b) in before.iter().enumerate() {
        // A `\r\n` pair ends its line at the `\n`.
        if *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

fn err(kind: &'static str, message: impl Into<String>, line: usize) -> SyntaxErrorInfo {
    SyntaxErrorInfo {
        kind,
        message: message.into(),
        line: line.max(1),
    }
}

// ---------------------------------------------------------------------------------------------
// Source normalisation
// ---------------------------------------------------------------------------------------------

/// The source as CPython's tokenizer sees it: `\n` line ends and a final newline.
struct Text {
    norm: String,
    /// Original byte offset -> normalised byte offset, kept only when the two differ.
    map: Option<Vec<usize>>,
}

impl Text {
    fn new(source: &str) -> Text {
        let mut norm = String::with_capacity(source.len() + 1);
        let has_cr = source.contains('\r');
        let mut map = if has_cr {
            Some(Vec::with_capacity(source.len() + 1))
        } else {
            None
        };
        let bytes = source.as_bytes();
        for (i, ch) in source.char_indices() {
            if let Some(m) = map.as_mut() {
                for _ in 0..ch.len_utf8() {
                    m.push(norm.len());
                }
            }
            if ch == '\r' {
                if i + 1 < bytes.len() && bytes[i + 1] == b'\n' {
                    continue;
                }
                norm.push('\n');
            } else {
                norm.push(ch);
            }
        }
        if let Some(m) = map.as_mut() {
            m.push(norm.len());
        }
        // CPython's `translate_newlines` loses track of a final `\r\n` and appends one more
        // newline after it, so such a file has an extra empty last line.
        if !norm.ends_with('\n') || source.ends_with("\r\n") {
            norm.push('\n');
        }
        Text { norm, map }
    }

    /// Maps an offset in the original source to the normalised text.
    fn offset(&self, original: usize) -> usize {
        match &self.map {
            Some(m) => m.get(original).copied().unwrap_or(self.norm.len()),
            None => original.min(self.norm.len()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer (after CPython 3.11's Parser/tokenizer.c)
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tk {
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
struct Tok {
    kind: Tk,
    start: usize,
    end: usize,
    line: usize,
    /// Bracket depth once this token is read (an opening bracket counts itself).
    level: usize,
}

/// How CPython surfaces a tokenizer error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Surface {
    /// Raised with an exception at once; it also overrides an earlier parser error, since
    /// CPython tokenizes the rest of the file after a parser error to look for these.
    Raised,
    /// Only a status code: it matters when the parser actually asks for that token.
    Deferred,
    /// End of file inside brackets: "'(' was never closed", at the bracket's line.
    Unclosed { line: usize },
}

#[derive(Clone, Debug)]
struct TokErr {
    kind: &'static str,
    msg: String,
    line: usize,
    offset: usize,
    surface: Surface,
}

struct Lexer<'a> {
    src: &'a str,
    s: &'a [u8],
    pos: usize,
    line: usize,
    atbol: bool,
    blank: bool,
    indstack: Vec<usize>,
    altstack: Vec<usize>,
    pending: i64,
    parens: Vec<(u8, usize)>,
    toks: Vec<Tok>,
    /// CPython's line count once the whole text has been read.
    eof_line: usize,
}

const MAX_INDENT: usize = 100;
const MAX_LEVEL: usize = 200;

fn is_id_start_byte(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 128
}

fn is_id_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 128
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Lexer<'a> {
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

    fn at(&self, p: usize) -> u8 {
        self.s.get(p).copied().unwrap_or(0)
    }

    fn level(&self) -> usize {
        self.parens.len()
    }

    fn push(&mut self, kind: Tk, start: usize, end: usize, line: usize) {
        let level = self.level();
        self.toks.push(Tok {
            kind,
            start,
            end,
            line,
            level,
        });
    }

    fn fail(
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

    fn raised(&self, msg: impl Into<String>, offset: usize) -> TokErr {
        self.fail(SYNTAX, msg, self.line, offset, Surface::Raised)
    }

    /// Tokenizes everything, stopping at the first error.
    fn run(mut self) -> (Vec<Tok>, Option<TokErr>) {
        let result = self.tokens();
        (self.toks, result.err())
    }

    fn tokens(&mut self) -> Result<(), TokErr> {
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
                if let Some(&(ch, line)) = self.parens.last() {
                    return Err(self.fail(
                        SYNTAX,
                        format!("'{}' was never closed", ch as char),
                        line,
                        start,
                        Surface::Unclosed { line },
                    ));
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
                        return Err(self.fail(
                            SYNTAX,
                            "unexpected character after line continuation character",
                            self.line,
                            start,
                            Surface::Deferred,
                        ));
                    }
                    let backslash_line = self.line;
                    self.pos = start + 2;
                    self.line += 1;
                    if self.pos >= self.s.len() {
                        if let Some(&(ch, line)) = self.parens.last() {
                            return Err(self.fail(
                                SYNTAX,
                                format!("'{}' was never closed", ch as char),
                                line,
                                start,
                                Surface::Unclosed { line },
                            ));
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

    /// Indentation at the start of a line, as CPython's `tok_get` measures it.
    fn indentation(&mut self) -> Result<(), TokErr> {
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
                        return Err(self.fail(
                            SYNTAX,
                            "unexpected character after line continuation character",
                            self.line,
                            self.pos,
                            Surface::Deferred,
                        ));
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

    /// If a string prefix (b, r, u, f and their legal pairs) followed by a quote starts at
    /// `start`, the offset of the quote.
    fn string_prefix(&self, start: usize) -> Option<usize> {
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

    fn identifier(&mut self, start: usize) -> Result<(), TokErr> {
        let mut p = start;
        let mut ascii = true;
        while is_id_byte(self.at(p)) {
            ascii &= self.at(p) < 128;
            p += 1;
        }
        if !ascii {
            let word = self.src.get(start..p).unwrap_or("");
            for (i, ch) in word.chars().enumerate() {
                let ok = if i == 0 {
                    ch == '_' || is_xid_start(ch)
                } else {
                    is_xid_continue(ch)
                };
                if !ok {
                    let msg = if is_printable(ch) {
                        format!("invalid character '{}' (U+{:04X})", ch, ch as u32)
                    } else {
                        format!("invalid non-printable character U+{:04X}", ch as u32)
                    };
                    return Err(self.raised(msg, start));
                }
            }
        }
        self.pos = p;
        self.push(Tk::Name, start, p, self.line);
        Ok(())
    }

    fn verify_end(&self, p: usize, kind: &str) -> Result<(), String> {
        let c = self.at(p);
        let rest = self.s.get(p + 1..).unwrap_or(&[]);
        let keyword_follows = match c {
            b'a' => rest.starts_with(b"nd"),
            b'e' => rest.starts_with(b"lse"),
            b'f' => rest.starts_with(b"or"),
            b'i' => matches!(rest.first(), Some(b'f' | b'n' | b's')),
            b'o' => rest.starts_with(b"r"),
            b'n' => rest.starts_with(b"ot"),
            _ => false,
        };
        // Non-ASCII bytes end the number; the identifier after it is checked on its own.
        if !keyword_follows && c < 128 && is_id_byte(c) {
            return Err(format!("invalid {kind} literal"));
        }
        Ok(())
    }

    fn decimal_tail(&self, mut p: usize) -> Result<usize, String> {
        loop {
            while self.at(p).is_ascii_digit() {
                p += 1;
            }
            if self.at(p) != b'_' {
                return Ok(p);
            }
            p += 1;
            if !self.at(p).is_ascii_digit() {
                return Err("invalid decimal literal".to_string());
            }
        }
    }

    fn radix(
        &self,
        mut p: usize,
        name: &str,
        digit: fn(u8) -> bool,
        checks_digits: bool,
    ) -> Result<usize, String> {
        loop {
            if self.at(p) == b'_' {
                p += 1;
            }
            let c = self.at(p);
            if !digit(c) {
                if checks_digits && c.is_ascii_digit() {
                    return Err(format!("invalid digit '{}' in {name} literal", c as char));
                }
                return Err(format!("invalid {name} literal"));
            }
            while digit(self.at(p)) {
                p += 1;
            }
            if self.at(p) != b'_' {
                break;
            }
        }
        if checks_digits && self.at(p).is_ascii_digit() {
            return Err(format!(
                "invalid digit '{}' in {name} literal",
                self.at(p) as char
            ));
        }
        self.verify_end(p, name)?;
        Ok(p)
    }

    fn number_end(&self, start: usize) -> Result<usize, String> {
        let mut p;
        // Whether to continue at the fraction, the exponent or the imaginary suffix.
        enum Next {
            Fraction,
            Exponent,
            Imaginary,
            Tail,
        }
        let next;
        let c0 = self.at(start);
        if c0 == b'.' {
            p = start + 1;
            next = Next::Fraction;
        } else if c0 == b'0' {
            p = start + 1;
            match self.at(p) {
                b'x' | b'X' => {
                    return self.radix(p + 1, "hexadecimal", |c| c.is_ascii_hexdigit(), false);
                }
                b'o' | b'O' => {
                    return self.radix(p + 1, "octal", |c| (b'0'..b'8').contains(&c), true);
                }
                b'b' | b'B' => {
                    return self.radix(p + 1, "binary", |c| c == b'0' || c == b'1', true);
                }
                _ => {}
            }
            loop {
                if self.at(p) == b'_' {
                    p += 1;
                    if !self.at(p).is_ascii_digit() {
                        return Err("invalid decimal literal".to_string());
                    }
                }
                if self.at(p) != b'0' {
                    break;
                }
                p += 1;
            }
            let mut nonzero = false;
            if self.at(p).is_ascii_digit() {
                nonzero = true;
                p = self.decimal_tail(p)?;
            }
            match self.at(p) {
                b'.' => {
                    p += 1;
                    next = Next::Fraction;
                }
                b'e' | b'E' => next = Next::Exponent,
                b'j' | b'J' => next = Next::Imaginary,
                _ => {
                    if nonzero {
                        return Err(
                            "leading zeros in decimal integer literals are not permitted; \
                                    use an 0o prefix for octal integers"
                                .to_string(),
                        );
                    }
                    self.verify_end(p, "decimal")?;
                    return Ok(p);
                }
            }
        } else {
            p = self.decimal_tail(start)?;
            if self.at(p) == b'.' {
                p += 1;
                next = Next::Fraction;
            } else {
                next = Next::Tail;
            }
        }
        let mut next = next;
        if let Next::Fraction = next {
            if self.at(p).is_ascii_digit() {
                p = self.decimal_tail(p)?;
            }
            next = Next::Tail;
        }
        if let Next::Tail = next {
            next = match self.at(p) {
                b'e' | b'E' => Next::Exponent,
                b'j' | b'J' => Next::Imaginary,
                _ => {
                    self.verify_end(p, "decimal")?;
                    return Ok(p);
                }
            };
        }
        if let Next::Exponent = next {
            let e = p;
            p += 1;
            let c = self.at(p);
            if c == b'+' || c == b'-' {
                p += 1;
                if !self.at(p).is_ascii_digit() {
                    return Err("invalid decimal literal".to_string());
                }
            } else if !c.is_ascii_digit() {
                self.verify_end(e, "decimal")?;
                return Ok(e);
            }
            p = self.decimal_tail(p)?;
            if !matches!(self.at(p), b'j' | b'J') {
                self.verify_end(p, "decimal")?;
                return Ok(p);
            }
        }
        // Imaginary suffix.
        p += 1;
        self.verify_end(p, "imaginary")?;
        Ok(p)
    }

    fn number(&mut self, start: usize) -> Result<(), TokErr> {
        match self.number_end(start) {
            Ok(end) => {
                self.pos = end;
                self.push(Tk::Number, start, end, self.line);
                Ok(())
            }
            Err(msg) => Err(self.raised(msg, start)),
        }
    }

    /// A string literal whose prefix starts at `start` and whose quote is at `quote_at`.
    fn string(&mut self, start: usize, quote_at: usize) -> Result<(), TokErr> {
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

    fn operator(&mut self, start: usize) -> Result<(), TokErr> {
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

/// Whether `ch` may start an identifier (Unicode XID_Start), asked of Ruff's lexer so that
/// no Unicode tables are needed here.
fn is_xid_start(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_alphabetic() || ch == '_';
    }
    let text = ch.to_string();
    let mut lexer = ruff_python_parser::lexer::lex(&text, Mode::Module);
    lexer.next_token() == TokenKind::Name
        && matches!(
            lexer.next_token(),
            TokenKind::Newline | TokenKind::NonLogicalNewline | TokenKind::EndOfFile
        )
}

/// Whether `ch` may continue an identifier (Unicode XID_Continue).
fn is_xid_continue(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_alphanumeric() || ch == '_';
    }
    let text = format!("a{ch}");
    let mut lexer = ruff_python_parser::lexer::lex(&text, Mode::Module);
    lexer.next_token() == TokenKind::Name
        && matches!(
            lexer.next_token(),
            TokenKind::Newline | TokenKind::NonLogicalNewline | TokenKind::EndOfFile
        )
}

/// CPython's `str.isprintable` for one character, without Unicode tables: control, format,
/// separator (other than space) and private-use characters are not printable.
fn is_printable(ch: char) -> bool {
    let c = ch as u32;
    if ch == ' ' {
        return true;
    }
    if ch.is_control() || ch.is_whitespace() {
        return false;
    }
    let format = matches!(c,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF
        | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F);
    let private = matches!(c, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD);
    let unassigned = matches!(c, 0xFFFE | 0xFFFF) || (c & 0xFFFE) == 0xFFFE;
    !(format || private || unassigned)
}

// ---------------------------------------------------------------------------------------------
// Putting the stages together
// ---------------------------------------------------------------------------------------------

/// A parser-stage failure: where the parser stopped (normalised offset) and what 3.11 says.
#[derive(Clone, Debug)]
struct Fail {
    offset: usize,
    info: SyntaxErrorInfo,
    /// Line of the furthest token CPython's parser read (what an unclosed bracket is
    /// compared with), which can differ from the line it reports.
    at_line: usize,
    /// CPython raised it without tokenizing the rest of the file ("unexpected indent").
    final_: bool,
    /// The message comes from a tokenizer (so an enclosing f-string adds no prefix).
    tokenizer: bool,
    /// Whether CPython's parser looks past the last token here (so that an unclosed bracket
    /// at end of file is what it reports).
    reaches_end: bool,
}

fn diagnose(source: &str, parsed: &Parsed<ModModule>) -> Option<SyntaxErrorInfo> {
    if let Some((info, _)) = parse_stage(source, parsed, 0) {
        return Some(info);
    }
    compile_checks(parsed.syntax(), source)
}

fn options() -> ParseOptions {
    ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY311)
}

/// Parses a fragment (an f-string's expression) through the parser stage only.
fn parse_stage_text(source: &str, depth: usize) -> Option<(SyntaxErrorInfo, bool)> {
    let parsed = ruff_python_parser::parse_unchecked(source, options()).try_into_module()?;
    parse_stage(source, &parsed, depth)
}

/// Tokenizer and parser errors; the flag tells whether the tokenizer raised it.
fn parse_stage(
    source: &str,
    parsed: &Parsed<ModModule>,
    depth: usize,
) -> Option<(SyntaxErrorInfo, bool)> {
    let text = Text::new(source);
    let (toks, tok_err) = Lexer::new(&text.norm).run();
    let ctx = Ctx {
        src: &text.norm,
        toks: &toks,
        touched: std::cell::Cell::new(0),
    };
    let fail = parser_failure(&ctx, &text, parsed, depth);
    let from_tokenizer = |te: TokErr| Some((err(te.kind, te.msg, te.line), true));
    match (tok_err, fail) {
        (Some(te), None) => from_tokenizer(te),
        (Some(te), Some(fail)) => {
            let last_end = toks
                .iter()
                .rev()
                .find(|t| t.kind != Tk::End)
                .map_or(0, |t| t.end);
            let deferred_reached =
                te.surface == Surface::Deferred && (fail.offset >= last_end || fail.reaches_end);
            if fail.offset >= te.offset || deferred_reached {
                return from_tokenizer(te);
            }
            if fail.final_ {
                return Some((fail.info, fail.tokenizer));
            }
            match te.surface {
                Surface::Raised => from_tokenizer(te),
                Surface::Unclosed { line } if fail.at_line > line || fail.reaches_end => {
                    from_tokenizer(te)
                }
                Surface::Unclosed { line }
                    if fail.offset > unclosed_start(&ctx)
                        && !fail.final_
                        && fail.info.message == "invalid syntax"
                        && unclosed_in_expression(&ctx) =>
                {
                    // CPython keeps reading inside the bracket across lines; see how far.
                    let (stop, _) = scan_expr(&ctx, unclosed_index(&ctx), false);
                    if stop >= toks.len() || ctx.line(stop) > line {
                        return from_tokenizer(te);
                    }
                    Some((fail.info, fail.tokenizer))
                }
                _ => Some((fail.info, fail.tokenizer)),
            }
        }
        (None, Some(fail)) => Some((fail.info, fail.tokenizer)),
        (None, None) => None,
    }
}

/// The first parser-stage error: Ruff's own, 3.12+ syntax Ruff accepts, or the string checks
/// CPython 3.11 makes while parsing.
fn parser_failure(
    ctx: &Ctx,
    text: &Text,
    parsed: &Parsed<ModModule>,
    depth: usize,
) -> Option<Fail> {
    let mut best: Option<Fail> = string_failure(ctx, depth);
    if let Some(f) = try_else_without_except(ctx)
        && best.as_ref().is_none_or(|b| f.offset < b.offset)
    {
        best = Some(f);
    }
    // Ruff reports errors in parse order; the first is where its parser first got stuck
    // (later ones can start earlier, e.g. an invalid target noticed at its `=`).
    let ruff = parsed.errors().first().map(|e| ruff_failure(ctx, text, e));
    let newer = parsed
        .unsupported_syntax_errors()
        .iter()
        .filter_map(|u| newer_syntax_failure(ctx, text, u))
        .min_by_key(|f| f.offset);
    for cand in [ruff, newer].into_iter().flatten() {
        if best.as_ref().is_none_or(|b| cand.offset < b.offset) {
            best = Some(cand);
        }
    }
    best
}

// ---------------------------------------------------------------------------------------------
// Token helpers
// ---------------------------------------------------------------------------------------------

const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

struct Ctx<'a> {
    src: &'a str,
    toks: &'a [Tok],
    /// Furthest token a rule saw CPython read while wording the error.
    touched: std::cell::Cell<usize>,
}

impl Ctx<'_> {
    /// Records that CPython's parser reads token `i` on the way to its error.
    fn touch(&self, i: usize) {
        self.touched.set(self.touched.get().max(i));
    }

    fn text(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.src.get(t.start..t.end))
            .unwrap_or("")
    }

    fn kind(&self, i: usize) -> Option<Tk> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn is_op(&self, i: usize, op: &str) -> bool {
        self.kind(i) == Some(Tk::Op) && self.text(i) == op
    }

    fn is_word(&self, i: usize, word: &str) -> bool {
        self.kind(i) == Some(Tk::Name) && self.text(i) == word
    }

    fn is_keyword(&self, i: usize) -> bool {
        self.kind(i) == Some(Tk::Name) && KEYWORDS.contains(&self.text(i))
    }

    fn line(&self, i: usize) -> usize {
        match self.toks.get(i) {
            Some(t) => t.line,
            None => self.toks.last().map_or(1, |t| t.line),
        }
    }

    fn level(&self, i: usize) -> usize {
        self.toks.get(i).map_or(0, |t| t.level)
    }

    /// Bracket depth around token `i` (an opening bracket does not count itself).
    fn outer_level(&self, i: usize) -> usize {
        if self.is_opening(i) {
            self.level(i).saturating_sub(1)
        } else {
            self.level(i)
        }
    }

    /// Index of the token at or after a normalised offset (the last token if none).
    fn index_at(&self, off: usize) -> usize {
        let n = self.toks.len();
        let i = self
            .toks
            .partition_point(|t| t.end <= off && !(t.start >= off && t.kind == Tk::End));
        let mut i = i.min(n.saturating_sub(1));
        // Zero-width tokens share their offset with the token after them: prefer real ones.
        while i + 1 < n
            && matches!(self.toks[i].kind, Tk::Indent | Tk::Dedent)
            && self.toks[i + 1].start <= off
        {
            i += 1;
        }
        i
    }

    /// First token of the logical line holding token `i`.
    fn stmt_start(&self, i: usize) -> usize {
        let mut s = i.min(self.toks.len());
        while s > 0 && !matches!(self.toks[s - 1].kind, Tk::Newline | Tk::Indent | Tk::Dedent) {
            s -= 1;
        }
        // A `;` also separates statements on one line.
        let mut j = i.min(self.toks.len().saturating_sub(1));
        while j > s {
            if self.is_op(j - 1, ";") && self.level(j - 1) == 0 {
                return j;
            }
            j -= 1;
        }
        s
    }

    /// Whether token `k` begins a statement (cheap form of `stmt_start(k) == k`).
    fn starts_stmt(&self, k: usize) -> bool {
        k == 0
            || matches!(
                self.kind(k - 1),
                Some(Tk::Newline | Tk::Indent | Tk::Dedent)
            )
            || (self.is_op(k - 1, ";") && self.level(k - 1) == 0)
    }

    /// Index of the NEWLINE (or end) closing the logical line holding token `i`.
    fn stmt_end(&self, i: usize) -> usize {
        let mut e = i;
        while e < self.toks.len() && !matches!(self.toks[e].kind, Tk::Newline | Tk::End) {
            e += 1;
        }
        e.min(self.toks.len().saturating_sub(1))
    }

    /// The first word of a statement, skipping `async`.
    fn head(&self, s: usize) -> (usize, &str) {
        if self.is_word(s, "async") {
            return (s + 1, self.text(s + 1));
        }
        (
            s,
            if self.kind(s) == Some(Tk::Name) {
                self.text(s)
            } else {
                ""
            },
        )
    }

    /// Index of the bracket that is open at token `i` (innermost), if any.
    fn open_bracket(&self, i: usize) -> Option<usize> {
        let target = if self.is_closing(i) {
            self.level(i) + 1
        } else if self.is_opening(i) {
            self.level(i).saturating_sub(1)
        } else {
            self.level(i)
        };
        if target == 0 {
            return None;
        }
        let mut j = i;
        while j > 0 {
            j -= 1;
            if self.is_opening(j) && self.level(j) == target {
                return Some(j);
            }
        }
        None
    }

    fn is_opening(&self, i: usize) -> bool {
        self.kind(i) == Some(Tk::Op) && matches!(self.text(i), "(" | "[" | "{")
    }

    fn is_closing(&self, i: usize) -> bool {
        self.kind(i) == Some(Tk::Op) && matches!(self.text(i), ")" | "]" | "}")
    }

    /// The bracket closing the one opened at `open`, if it was read.
    fn closing_of(&self, open: usize) -> Option<usize> {
        let level = self.level(open);
        (open + 1..self.toks.len()).find(|&j| self.is_closing(j) && self.level(j) + 1 == level)
    }

    /// Whether token `i` can begin an expression.
    fn starts_expr(&self, i: usize) -> bool {
        match self.kind(i) {
            Some(Tk::Number | Tk::Str) => true,
            Some(Tk::Name) => {
                !self.is_keyword(i)
                    || matches!(
                        self.text(i),
                        "None" | "True" | "False" | "lambda" | "not" | "await"
                    )
            }
            Some(Tk::Op) => matches!(self.text(i), "(" | "[" | "{" | "-" | "+" | "~" | "..."),
            _ => false,
        }
    }

    /// Whether token `i` can end an expression.
    fn ends_expr(&self, i: usize) -> bool {
        match self.kind(i) {
            Some(Tk::Number | Tk::Str) => true,
            Some(Tk::Name) => {
                !self.is_keyword(i) || matches!(self.text(i), "None" | "True" | "False")
            }
            Some(Tk::Op) => matches!(self.text(i), ")" | "]" | "}" | "..."),
            _ => false,
        }
    }

    /// Source text from the start of token `a` to the end of token `b` (inclusive).
    fn span(&self, a: usize, b: usize) -> &str {
        match (self.toks.get(a), self.toks.get(b)) {
            (Some(x), Some(y)) if x.start <= y.end => self.src.get(x.start..y.end).unwrap_or(""),
            _ => "",
        }
    }

    /// Start of the expression that ends at token `end`, walking back over balanced brackets
    /// and stopping at a separator of the enclosing level.
    fn expr_start(&self, end: usize, floor: usize) -> usize {
        let level = self.level(end);
        let mut j = end;
        while j > floor {
            let prev = j - 1;
            if self.level(prev) < level || (self.level(prev) == level && self.is_opening(prev)) {
                break;
            }
            if self.level(prev) == level {
                let t = self.text(prev);
                let stop = self.kind(prev) == Some(Tk::Op)
                    && matches!(
                        t,
                        "," | "=" | ":" | ";" | "+=" | "-=" | "*=" | "/=" | "->" | ":="
                    );
                let stop = stop
                    || (self.kind(prev) == Some(Tk::Name)
                        && self.is_keyword(prev)
                        && !matches!(
                            t,
                            "None"
                                | "True"
                                | "False"
                                | "and"
                                | "or"
                                | "not"
                                | "in"
                                | "is"
                                | "if"
                                | "else"
                                | "lambda"
                                | "await"
                        ));
                if stop || matches!(self.kind(prev), Some(Tk::Newline | Tk::Indent | Tk::Dedent)) {
                    break;
                }
            }
            j = prev;
        }
        j
    }
}

fn syntax_at(msg: impl Into<String>, line: usize) -> SyntaxErrorInfo {
    err(SYNTAX, msg, line)
}

// ---------------------------------------------------------------------------------------------
// Expressions as CPython names them
// ---------------------------------------------------------------------------------------------

/// `_PyPegen_get_expr_name`.
fn expr_name(e: &Expr) -> &'static str {
    match e {
        Expr::Attribute(_) => "attribute",
        Expr::Subscript(_) => "subscript",
        Expr::Starred(_) => "starred",
        Expr::Name(_) => "name",
        Expr::List(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Lambda(_) => "lambda",
        Expr::Call(_) => "function call",
        Expr::BoolOp(_) | Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
        Expr::Generator(_) => "generator expression",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield expression",
        Expr::Await(_) => "await expression",
        Expr::ListComp(_) => "list comprehension",
        Expr::SetComp(_) => "set comprehension",
        Expr::DictComp(_) => "dict comprehension",
        Expr::Dict(_) => "dict literal",
        Expr::Set(_) => "set display",
        Expr::FString(_) | Expr::TString(_) => "f-string expression",
        Expr::NoneLiteral(_) => "None",
        Expr::BooleanLiteral(b) => {
            if b.value {
                "True"
            } else {
                "False"
            }
        }
        Expr::EllipsisLiteral(_) => "ellipsis",
        Expr::StringLiteral(_) | Expr::BytesLiteral(_) | Expr::NumberLiteral(_) => "literal",
        Expr::Compare(_) => "comparison",
        Expr::If(_) => "conditional expression",
        Expr::Named(_) => "named expression",
        Expr::Slice(_) | Expr::IpyEscapeCommand(_) => "expression",
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Targets {
    Store,
    Delete,
    For,
}

/// `_PyPegen_get_invalid_target`: the part of a target that cannot be assigned or deleted.
fn invalid_target(e: &Expr, kind: Targets) -> Option<&Expr> {
    match e {
        Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => {
            elts.iter().find_map(|x| invalid_target(x, kind))
        }
        Expr::Starred(s) => {
            if kind == Targets::Delete {
                Some(e)
            } else {
                invalid_target(&s.value, kind)
            }
        }
        Expr::Compare(c) => {
            if kind == Targets::For {
                if matches!(c.ops.first(), Some(ast::CmpOp::In)) {
                    return invalid_target(&c.left, kind);
                }
                return None;
            }
            Some(e)
        }
        Expr::Name(_) | Expr::Subscript(_) | Expr::Attribute(_) => None,
        _ => Some(e),
    }
}

/// Parses a piece of source as one expression (bracketed if it spans lines).
fn parse_expr(text: &str) -> Option<Expr> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    if let Ok(p) = ruff_python_parser::parse_expression(trimmed) {
        return Some(p.into_expr());
    }
    let wrapped = format!("({trimmed}\n)");
    ruff_python_parser::parse_expression(&wrapped)
        .ok()
        .map(|p| p.into_expr())
}

/// Line of a byte offset inside the normalised text.
fn norm_line(src: &str, off: usize) -> usize {
    let end = off.min(src.len());
    src.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// `try:` ... `else:` with no `except` (Ruff accepts it when a `finally` follows).
fn try_else_without_except(ctx: &Ctx) -> Option<Fail> {
    for (k, t) in ctx.toks.iter().enumerate() {
        if t.kind != Tk::Name
            || !ctx.is_word(k, "try")
            || !ctx.starts_stmt(k)
            || !ctx.is_op(k + 1, ":")
        {
            continue;
        }
        let after = block_end(ctx, k + 1);
        let mut j = after;
        while matches!(ctx.kind(j), Some(Tk::Dedent)) {
            j += 1;
        }
        if ctx.is_word(j, "else") && ctx.starts_stmt(j) {
            let line = ctx.line(after);
            return Some(Fail {
                offset: ctx.toks.get(j).map_or(0, |t| t.start),
                info: syntax_at("expected 'except' or 'finally' block", line),
                at_line: line,
                final_: false,
                tokenizer: false,
                reaches_end: false,
            });
        }
    }
    None
}

/// Index of the innermost bracket still open at the end of the tokens.
fn unclosed_index(ctx: &Ctx) -> usize {
    let mut stack: Vec<usize> = Vec::new();
    for k in 0..ctx.toks.len() {
        if ctx.is_opening(k) {
            stack.push(k);
        } else if ctx.is_closing(k) {
            stack.pop();
        }
    }
    stack.last().copied().unwrap_or(0)
}

fn unclosed_start(ctx: &Ctx) -> usize {
    ctx.toks.get(unclosed_index(ctx)).map_or(0, |t| t.start)
}

/// Whether the innermost unclosed bracket sits where CPython parses expressions (not in an
/// import, a `case` pattern or a parameter list).
fn unclosed_in_expression(ctx: &Ctx) -> bool {
    let k = unclosed_index(ctx);
    let (h, head) = ctx.head(ctx.stmt_start(k));
    if matches!(head, "import" | "from" | "case" | "class") {
        return false;
    }
    !(head == "def" && k == h + 2)
}

// ---------------------------------------------------------------------------------------------
// Ruff's parse errors, reworded as CPython's `invalid_*` grammar rules would
// ---------------------------------------------------------------------------------------------

fn ruff_failure(ctx: &Ctx, text: &Text, e: &ParseError) -> Fail {
    let start = text.offset(e.location.start().to_usize());
    let end = text.offset(e.location.end().to_usize()).max(start);
    let i = ctx.index_at(start);
    let info = map_parse_error(ctx, &e.error, start, end, i);
    // "expected an indented block" is decided on the token after the header's NEWLINE, so
    // CPython's tokenizer has already produced that token (or failed on it).
    let start = if info.message.starts_with("expected an indented block") {
        let mut nl = i;
        while nl > 0 && ctx.kind(nl) != Some(Tk::Newline) {
            nl -= 1;
        }
        start.max(ctx.toks.get(nl).map_or(start, |t| t.end))
    } else {
        start
    };
    let reach = reach(ctx, i, &info.message);
    let last = ctx
        .toks
        .iter()
        .rposition(|t| t.kind != Tk::End)
        .unwrap_or(0);
    // A token that is only peeked at (`x if y els`) does not lead CPython past it.
    let peeked = info.message.starts_with("expected 'else'");
    let reach = reach.max(ctx.touched.get());
    let last_end = ctx.toks.get(last).map_or(0, |t| t.end);
    // Reading a string always fetches the next token (to join adjacent strings).
    let string_peek = reach >= last && ctx.kind(last) == Some(Tk::Str);
    let at_end = start >= last_end
        || (reaches_end(ctx, start, i) && !peeked)
        || (reach > i && reach > last)
        || string_peek;
    let final_ = info.message == "unexpected indent";
    let at_line = ctx.line(reach).max(info.line);
    Fail {
        offset: start,
        info,
        at_line,
        final_,
        tokenizer: false,
        reaches_end: at_end,
    }
}

/// The furthest token CPython's parser reads for a failure at token `i`: its error rules
/// often parse a whole expression past the failure and peek at the token after it.
fn reach(ctx: &Ctx, i: usize, message: &str) -> usize {
    if message.starts_with("invalid syntax. Perhaps you forgot a comma")
        || message.starts_with("Missing parentheses")
    {
        return scan_expr(ctx, i, false).0;
    }
    if message.contains("Maybe you meant") {
        if ctx.is_op(i, "=") {
            return scan_expr(ctx, i + 1, true).0;
        }
        return i;
    }
    let head = ctx.head(ctx.stmt_start(i)).1;
    let expression_context = !matches!(
        head,
        "import" | "from" | "case" | "def" | "class" | "global" | "nonlocal"
    );
    if message == "invalid syntax"
        && expression_context
        && i > 0
        && ctx.ends_expr(i - 1)
        && ctx.starts_expr(i)
        && (ctx.level(i) == 0 || comma_hint_allowed(ctx, i))
    {
        // `invalid_expression` / `invalid_legacy_expression` parse the second expression
        // even where they then stay silent.
        return explore(ctx, i);
    }
    if message == "invalid syntax" {
        // A failure just before a bracket: CPython tries to parse the bracket's contents.
        let opener = if ctx.is_opening(i) && i > 0 && ctx.ends_expr(i - 1) && expression_context {
            Some(i)
        } else if ctx.is_op(i + 1, "{") && ctx.ends_expr(i) && expression_context {
            Some(i + 1)
        } else {
            None
        };
        if let Some(open) = opener {
            return explore(ctx, open);
        }
    }
    i
}

/// Last token of the longest expression that starts at token `k`.
fn expr_end(ctx: &Ctx, k: usize) -> usize {
    scan_expr(ctx, k, false).1.max(k)
}

/// Reads tokens from `k` as CPython's expression rules would. Returns the first token it
/// could not use (the furthest token the parser looked at) and the last token of the longest
/// complete expression. With `bitwise_only` it stops before comparisons and boolean words.
fn scan_expr(ctx: &Ctx, k: usize, bitwise_only: bool) -> (usize, usize) {
    let n = ctx.toks.len();
    // Open brackets, each with whether its current item is starred.
    let mut stack: Vec<(u8, bool)> = Vec::new();
    let mut expect = true;
    let mut last = k.saturating_sub(1);
    let mut j = k;
    while j < n {
        let t = ctx.text(j);
        let depth = stack.len();
        match ctx.kind(j) {
            Some(Tk::Number | Tk::Str) => {
                if !expect {
                    break;
                }
                expect = false;
            }
            Some(Tk::Name) if !ctx.is_keyword(j) || matches!(t, "None" | "True" | "False") => {
                if !expect {
                    break;
                }
                expect = false;
            }
            Some(Tk::Name) => match t {
                "not" => {
                    if !expect {
                        if depth == 0 && bitwise_only {
                            break;
                        }
                        expect = true;
                    }
                }
                "await" => {
                    if !expect {
                        break;
                    }
                }
                "lambda" => {
                    if !expect {
                        break;
                    }
                    let mut m = j + 1;
                    while m < n && !(ctx.is_op(m, ":") && ctx.level(m) == ctx.level(j)) {
                        if matches!(ctx.kind(m), Some(Tk::Newline | Tk::End)) {
                            break;
                        }
                        m += 1;
                    }
                    if !ctx.is_op(m, ":") {
                        j = m;
                        break;
                    }
                    j = m;
                }
                "and" | "or" | "in" | "is" | "if" | "else" => {
                    if expect || (depth == 0 && bitwise_only) {
                        break;
                    }
                    expect = true;
                }
                "for" | "async" => {
                    if depth == 0 || expect {
                        break;
                    }
                    expect = true;
                }
                "yield" if depth > 0 && expect => {
                    if ctx.is_word(j + 1, "from") {
                        j += 1;
                    } else if ctx.is_closing(j + 1) {
                        // `(yield)` alone is a whole operand.
                        expect = false;
                    }
                }
                _ => break,
            },
            Some(Tk::Op) => match t {
                "(" | "[" | "{" => {
                    if !expect && t == "{" {
                        break;
                    }
                    // A `[` after an operand is a subscript (where `:` makes slices).
                    let mark = if t == "[" && !expect {
                        b'S'
                    } else {
                        t.as_bytes()[0]
                    };
                    stack.push((mark, false));
                    expect = true;
                }
                ")" | "]" | "}" => {
                    // `()`, `[]`, `{}`, a trailing comma and `x[1:]` close without an operand.
                    let empty_ok = j > k
                        && (ctx.is_opening(j - 1)
                            || ctx.is_op(j - 1, ",")
                            || (ctx.is_op(j - 1, ":")
                                && stack.last().is_some_and(|top| top.0 == b'S')));
                    if depth == 0 || (expect && !empty_ok) {
                        break;
                    }
                    stack.pop();
                    expect = false;
                }
                "," => {
                    if depth == 0 || expect {
                        break;
                    }
                    expect = true;
                    if let Some(top) = stack.last_mut() {
                        top.1 = false;
                    }
                }
                ":" => {
                    let Some(&(open, starred)) = stack.last() else {
                        break;
                    };
                    if open == b'(' || open == b'[' || (open == b'S' && starred) {
                        break;
                    }
                    expect = true;
                }
                "=" => {
                    let kwarg = j >= 2
                        && ctx.kind(j - 1) == Some(Tk::Name)
                        && (ctx.is_op(j - 2, "(") || ctx.is_op(j - 2, ","));
                    if !(stack.last().is_some_and(|top| top.0 == b'(') && !expect && kwarg) {
                        break;
                    }
                    expect = true;
                }
                "." => {
                    if expect {
                        break;
                    }
                    j += 1;
                    if ctx.kind(j) != Some(Tk::Name) || ctx.is_keyword(j) {
                        break;
                    }
                }
                "..." => {
                    if !expect {
                        break;
                    }
                    expect = false;
                }
                "-" | "+" | "~" => expect = true,
                "*" | "**" => {
                    if expect {
                        match stack.last_mut() {
                            Some(top) => top.1 = true,
                            None => break,
                        }
                    }
                    expect = true;
                }
                ":=" => {
                    if depth == 0 || expect {
                        break;
                    }
                    expect = true;
                }
                "<" | ">" | "==" | ">=" | "<=" | "!=" | "<>" => {
                    if expect || (depth == 0 && bitwise_only) {
                        break;
                    }
                    expect = true;
                }
                "/" | "//" | "%" | "@" | "&" | "|" | "^" | "<<" | ">>" => {
                    if expect {
                        break;
                    }
                    expect = true;
                }
                _ => break,
            },
            _ => break,
        }
        if !expect && stack.is_empty() {
            last = j;
        }
        j += 1;
    }
    (j, last)
}

/// Last token of the bitwise_or (no comparison, `not`, `and`, `or` or `if`) starting at `k`.
fn bitwise_or_end(ctx: &Ctx, k: usize) -> usize {
    scan_expr(ctx, k, true).1.max(k)
}

/// Rules that depend on where the failure sits rather than on Ruff's wording.
fn context_rules(ctx: &Ctx, error: &ParseErrorType, i: usize) -> Option<SyntaxErrorInfo> {
    let s = ctx.stmt_start(i);
    let (h, kw) = ctx.head(s);
    // Two expressions side by side inside brackets, whatever Ruff expected there.
    if i > 0
        && ctx.level(expr_end(ctx, i)) > 0
        && ctx.ends_expr(i - 1)
        && ctx.starts_expr(i)
        && !(matches!(
            error,
            ParseErrorType::ExpectedToken {
                expected: TokenKind::Colon,
                ..
            }
        ) && ctx.open_bracket(i).is_some_and(|o| ctx.is_op(o, "{")))
        && comma_hint_allowed(ctx, i)
    {
        let info = adjacent(ctx, i);
        if info.message != "invalid syntax" {
            return Some(info);
        }
    }
    // invalid_expression: `a if b` not followed by `else`.
    if let Some(info) = ternary_without_else(ctx, i) {
        return Some(info);
    }
    // `{'a': *b}`.
    if let Some(open) = ctx.open_bracket(i)
        && ctx.is_op(open, "{")
    {
        let level = ctx.level(open);
        if let Some(star) = (open + 2..=i.min(ctx.toks.len().saturating_sub(1)))
            .find(|&k| ctx.level(k) == level && ctx.is_op(k, "*") && ctx.is_op(k - 1, ":"))
        {
            return Some(syntax_at(
                "cannot use a starred expression in a dictionary value",
                ctx.line(star),
            ));
        }
    }
    // invalid_kvpair: a later dictionary key not followed by `:`.
    if let Some(open) = ctx.open_bracket(i)
        && ctx.is_op(open, "{")
        && let Some(info) = later_key_without_colon(ctx, open, i)
    {
        return Some(info);
    }
    // invalid_for_target: `for f() in x`, `for irange(5):`.
    if kw == "for" {
        let e = ctx.stmt_end(i);
        let inn = (h + 1..e).find(|&k| ctx.level(k) == 0 && ctx.is_word(k, "in"));
        if inn.is_none_or(|n| i <= n) {
            let stop = inn.unwrap_or_else(|| {
                (h + 1..e)
                    .find(|&k| ctx.level(k) == 0 && (ctx.is_op(k, ":") || ctx.is_op(k, "=")))
                    .unwrap_or(e)
            });
            let end = stop.saturating_sub(1);
            if inn.is_none()
                && end > h
                && let Some(info) = span_target(ctx, h + 1, end, Targets::For)
            {
                return Some(info);
            }
        }
    }
    // An assignment whose earlier target cannot be assigned (`f() =` with nothing after).
    if !ctx.is_keyword(s) && ctx.level(i) == 0 {
        let eqs: Vec<usize> = (s..i)
            .filter(|&k| ctx.level(k) == 0 && ctx.is_op(k, "="))
            .collect();
        if let Some(&eq) = eqs.first()
            && !(eq == s + 1 && ctx.kind(s) == Some(Tk::Name))
            && !(s..eq).any(|k| ctx.level(k) == 0 && ctx.is_op(k, ","))
            && eq > s
            && span_target(ctx, s, eq - 1, Targets::Store).is_some()
            && let Some(info) = named_expr_hint(ctx, s, eq)
        {
            return Some(info);
        }
        let mut from = s;
        for &eq in &eqs {
            if eq > from
                && let Some(info) = span_target(ctx, from, eq - 1, Targets::Store)
            {
                return Some(info);
            }
            from = eq + 1;
        }
    }
    // `del` reports the first target that cannot be deleted.
    if kw == "del" && !matches!(error, ParseErrorType::InvalidDeleteTarget) {
        let e = ctx.stmt_end(i);
        if e > h + 1 {
            return Some(
                span_target(ctx, h + 1, e - 1, Targets::Delete).unwrap_or_else(|| generic(ctx, i)),
            );
        }
    }
    if kw == "def"
        && ctx.is_op(h + 2, "(")
        && let Some(close) = ctx.closing_of(h + 2)
    {
        // After the parameters only `-> expr` may come before the forced `:`.
        let colon = (close + 1..ctx.toks.len()).find(|&k| ctx.level(k) == 0 && ctx.is_op(k, ":"));
        if i > close
            && colon.is_none_or(|c| i <= c)
            && !matches!(error, ParseErrorType::ExpectedToken { .. })
        {
            return Some(syntax_at("expected ':'", ctx.line(close + 1)));
        }
    }
    // invalid_default: `def f(x=)`, `lambda a=, b: 0`.
    if i > 0
        && ctx.is_op(i - 1, "=")
        && (ctx.is_op(i, ")") || ctx.is_op(i, ","))
        && (in_def_params(ctx, i - 1) || in_lambda_params(ctx, i - 1))
    {
        return Some(syntax_at(
            "expected default value expression",
            ctx.line(i - 1),
        ));
    }
    // `def f(a=1, /*, b)`: the comma between `/` and `*` is missing.
    if ctx.is_op(i, "*")
        && i > 0
        && ctx.is_op(i - 1, "/")
        && (in_def_params(ctx, i) || in_lambda_params(ctx, i))
    {
        return Some(syntax_at("expected comma between / and *", ctx.line(i)));
    }
    // invalid_lambda_parameters: `lambda (x): x`.
    if ctx.is_op(i, "(") {
        let mut j = i;
        while j > 0
            && (ctx.kind(j - 1) == Some(Tk::Name) && !ctx.is_keyword(j - 1)
                || ctx.is_op(j - 1, ","))
        {
            j -= 1;
        }
        let before = i.saturating_sub(1);
        let names_only = ctx.closing_of(i).is_some_and(|c| {
            c > i + 1
                && (i + 1..c).all(|k| {
                    (ctx.kind(k) == Some(Tk::Name) && !ctx.is_keyword(k)) || ctx.is_op(k, ",")
                })
        });
        if j > 0
            && ctx.is_word(j - 1, "lambda")
            && (ctx.is_op(before, ",") || before + 1 == j)
            && names_only
        {
            return Some(syntax_at(
                "Lambda expression parameters cannot be parenthesized",
                ctx.line(i),
            ));
        }
    }
    let open = ctx.open_bracket(i);
    if let Some(open) = open {
        let call = open > 0
            && ctx.is_op(open, "(")
            && ctx.ends_expr(open - 1)
            && !ctx.is_keyword(open - 1);
        let class_or_def =
            open >= 2 && (ctx.is_word(open - 2, "def") || ctx.is_word(open - 2, "class"));
        if (call && !class_or_def || open >= 2 && ctx.is_word(open - 2, "class"))
            && let Some(info) = kwarg_rule(ctx, open, i)
        {
            return Some(info);
        }
        if !call && !class_or_def {
            // invalid_group: `(*x)` and `(**x)`.
            if ctx.is_op(open, "(")
                && (ctx.is_op(open + 1, "*") || ctx.is_op(open + 1, "**"))
                && let Some(close) = ctx.closing_of(open)
            {
                let level = ctx.level(open);
                let plain = !(open + 1..close)
                    .any(|k| ctx.level(k) == level && (ctx.is_op(k, ",") || ctx.is_word(k, "for")));
                if plain {
                    let msg = if ctx.is_op(open + 1, "**") {
                        "cannot use double starred expression here"
                    } else {
                        "cannot use starred expression here"
                    };
                    return Some(syntax_at(msg, ctx.line(open + 1)));
                }
            }
            // invalid_for_target inside a comprehension: `[x for f() in y]`, `[x for range(3)]`.
            if let Some(info) = comprehension_target(ctx, open, i) {
                return Some(info);
            }
            // invalid_comprehension: `[x, y for x, y in z]`.
            if (ctx.is_op(open, "[") || ctx.is_op(open, "{"))
                && ctx.is_word(i, "for")
                && ctx.level(i) == ctx.level(open)
            {
                let level = ctx.level(open);
                let dict = (open + 1..i).any(|k| ctx.level(k) == level && ctx.is_op(k, ":"));
                if !dict && (open + 1..i).any(|k| ctx.level(k) == level && ctx.is_op(k, ",")) {
                    return Some(syntax_at(
                        "did you forget parentheses around the comprehension target?",
                        ctx.line(open + 1),
                    ));
                }
            }
            // invalid_named_expression inside displays and groups: `{'lr' = 0.1}`.
            let level = ctx.level(open);
            let comprehension =
                (open + 1..i).any(|k| ctx.level(k) == level && ctx.is_word(k, "for"));
            let dict = ctx.is_op(open, "{")
                && (open + 1..i).any(|k| ctx.level(k) == level && ctx.is_op(k, ":"));
            if ctx.is_op(i, "=") && ctx.level(i) == level && !comprehension && !dict {
                let a = ctx.expr_start(i - 1, open + 1);
                if let Some(info) = named_expr_hint(ctx, a, i) {
                    return Some(info);
                }
            }
        }
    }
    // `if x = 1:` and friends, whatever Ruff made of it.
    if ctx.is_op(i, "=")
        && ctx.level(i) == 0
        && matches!(kw, "if" | "elif" | "while")
        && let Some(info) = named_expr_hint(ctx, h + 1, i)
    {
        return Some(info);
    }
    None
}

/// `invalid_kwarg` for the call argument holding token `i`.
fn kwarg_rule(ctx: &Ctx, open: usize, i: usize) -> Option<SyntaxErrorInfo> {
    let level = ctx.level(open);
    let close = ctx.closing_of(open).unwrap_or(ctx.toks.len());
    let mut arg = open + 1;
    for k in open + 1..i.min(close) {
        if ctx.level(k) == level && ctx.is_op(k, ",") {
            arg = k + 1;
        }
    }
    let arg_end = (arg..close)
        .find(|&k| ctx.level(k) == level && ctx.is_op(k, ","))
        .unwrap_or(close);
    let eq = (arg..arg_end).find(|&k| ctx.level(k) == level && ctx.is_op(k, "="))?;
    if eq == arg {
        return None;
    }
    if eq == arg + 1
        && ctx.kind(arg) == Some(Tk::Name)
        && matches!(ctx.text(arg), "True" | "False" | "None")
    {
        return Some(syntax_at(
            format!("cannot assign to {}", ctx.text(arg)),
            ctx.line(arg),
        ));
    }
    if eq == arg + 1 && ctx.kind(arg) == Some(Tk::Name) && !ctx.is_keyword(arg) {
        let comprehension =
            (eq + 2..arg_end).any(|k| ctx.level(k) == level && ctx.is_word(k, "for"));
        if comprehension && ctx.starts_expr(eq + 1) {
            return Some(syntax_at(
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                ctx.line(arg),
            ));
        }
        return None;
    }
    if ctx.is_op(arg, "*")
        || ctx.is_op(arg, "**")
        || (arg..eq).any(|k| ctx.level(k) == level && ctx.is_word(k, "for"))
    {
        return None;
    }
    parse_expr(ctx.span(arg, eq - 1))?;
    Some(syntax_at(
        "expression cannot contain assignment, perhaps you meant \"==\"?",
        ctx.line(arg),
    ))
}

/// The token after the block of the `try` that precedes token `i` (where CPython looks for
/// `except` or `finally`).
fn after_try_block(ctx: &Ctx, i: usize) -> usize {
    let mut j = i.min(ctx.toks.len().saturating_sub(1));
    loop {
        if ctx.is_word(j, "try") && ctx.starts_stmt(j) {
            break;
        }
        if j == 0 {
            return i;
        }
        j -= 1;
    }
    let Some(colon) = (j..ctx.toks.len()).find(|&k| ctx.is_op(k, ":")) else {
        return i;
    };
    block_end(ctx, colon)
}

/// Index of the token after the block that follows the header colon at `colon`.
fn block_end(ctx: &Ctx, colon: usize) -> usize {
    let nl = colon + 1;
    if ctx.kind(nl) == Some(Tk::Newline) && ctx.kind(nl + 1) == Some(Tk::Indent) {
        let mut depth = 0usize;
        let mut k = nl + 1;
        while k < ctx.toks.len() {
            match ctx.kind(k) {
                Some(Tk::Indent) => depth += 1,
                Some(Tk::Dedent) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return k + 1;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        return k.min(ctx.toks.len().saturating_sub(1));
    }
    let end = ctx.stmt_end(nl);
    (end + 1).min(ctx.toks.len().saturating_sub(1))
}

/// Whether `invalid_expression` (the comma hint) is reached for a second expression at `i`:
/// not for parameter names, nor after `in`/`if` of a comprehension (a plain disjunction).
fn comma_hint_allowed(ctx: &Ctx, i: usize) -> bool {
    let s = ctx.stmt_start(i);
    let (h, kw) = ctx.head(s);
    let colon = (h..ctx.toks.len()).find(|&k| {
        ctx.level(k) == 0
            && (ctx.is_op(k, ":") || matches!(ctx.kind(k), Some(Tk::Newline | Tk::End)))
    });
    if kw == "case"
        && colon.is_none_or(|c| i < c)
        && !(h..i).any(|k| ctx.level(k) == 0 && ctx.is_word(k, "if"))
    {
        // Patterns are not expressions.
        return false;
    }
    let Some(open) = ctx.open_bracket(i) else {
        return true;
    };
    let level = ctx.level(open);
    if in_def_params(ctx, i) {
        // Only inside a default value.
        let item = (open + 1..i)
            .rev()
            .find(|&k| ctx.level(k) == level && ctx.is_op(k, ","))
            .map_or(open + 1, |k| k + 1);
        return (item..i).any(|k| ctx.level(k) == level && ctx.is_op(k, "="));
    }
    let mut in_clause = false;
    for k in open + 1..i {
        if ctx.level(k) != level {
            continue;
        }
        if ctx.is_word(k, "for") {
            in_clause = false;
        }
        let after_for = (open + 1..k).any(|f| ctx.level(f) == level && ctx.is_word(f, "for"));
        if (ctx.is_word(k, "in") || ctx.is_word(k, "if")) && after_for {
            in_clause = true;
        }
    }
    !in_clause
}

/// Whether the bracket at `open` holds only names separated by commas.
fn plain_names(ctx: &Ctx, open: usize) -> bool {
    let Some(close) = ctx.closing_of(open) else {
        return false;
    };
    let before = open.saturating_sub(1);
    if !(ctx.is_op(before, ",") || ctx.is_op(before, "(")) {
        return false;
    }
    (open + 1..close)
        .all(|k| (ctx.kind(k) == Some(Tk::Name) && !ctx.is_keyword(k)) || ctx.is_op(k, ","))
        && close > open + 1
}

/// First place inside the call argument holding token `i` where two expressions touch.
fn adjacency_in_arg(ctx: &Ctx, i: usize) -> Option<usize> {
    let open = ctx.open_bracket(i)?;
    let level = ctx.level(open);
    let close = ctx.closing_of(open).unwrap_or(ctx.toks.len());
    let arg = (open + 1..i)
        .rev()
        .find(|&k| ctx.level(k) == level && ctx.is_op(k, ","))
        .map_or(open + 1, |k| k + 1);
    let end = (i..close)
        .find(|&k| ctx.level(k) == level && ctx.is_op(k, ","))
        .unwrap_or(close);
    (arg + 1..end).find(|&k| ctx.level(k) == level && ctx.ends_expr(k - 1) && ctx.starts_expr(k))
}

/// Whether an annotation expression follows the statement's first top-level `:`.
fn annotation_follows(ctx: &Ctx, i: usize) -> bool {
    let s = ctx.stmt_start(i);
    let e = ctx.stmt_end(i);
    (s..e)
        .find(|&k| ctx.level(k) == 0 && ctx.is_op(k, ":"))
        .is_some_and(|c| ctx.starts_expr(c + 1))
}

/// `invalid_for_target` for the comprehension clause whose target holds token `i`.
fn comprehension_target(ctx: &Ctx, open: usize, i: usize) -> Option<SyntaxErrorInfo> {
    let level = ctx.level(open);
    let f = (open + 1..=i.min(ctx.toks.len().saturating_sub(1)))
        .rev()
        .find(|&k| ctx.level(k) == level && ctx.is_word(k, "for"))?;
    if (f + 1..i).any(|k| ctx.level(k) == level && ctx.is_word(k, "in"))
        || (ctx.is_op(open, "(")
            && (open + 1..f).any(|k| ctx.level(k) == level && ctx.is_op(k, ",")))
        || f <= open + 1
        || !(ctx.ends_expr(f - 1) || ctx.is_op(f - 1, ","))
    {
        return None;
    }
    let end = expr_end(ctx, f + 1);
    // The target stops at its `in` (a comparison CPython looks inside).
    span_target(ctx, f + 1, end, Targets::For)
}

/// Furthest token CPython reads when it parses an expression starting at `k` with its error
/// rules on: a `name = value` inside brackets is read as a named expression, value included.
fn explore(ctx: &Ctx, k: usize) -> usize {
    let (furthest, _) = scan_expr(ctx, k, false);
    if ctx.is_op(furthest, "=")
        && ctx.level(furthest) > ctx.outer_level(k)
        && ctx.kind(furthest.saturating_sub(1)) == Some(Tk::Name)
    {
        return scan_expr(ctx, furthest + 1, true).0;
    }
    furthest
}

/// Whether token `i` sits in a lambda's parameter list (before its `:`).
fn in_lambda_params(ctx: &Ctx, i: usize) -> bool {
    let level = ctx.level(i);
    let mut k = i;
    while k > 0 {
        k -= 1;
        if ctx.level(k) < level || ctx.is_op(k, ":") && ctx.level(k) == level {
            return false;
        }
        if ctx.is_word(k, "lambda") && ctx.level(k) == level {
            return true;
        }
        if matches!(ctx.kind(k), Some(Tk::Newline | Tk::Indent | Tk::Dedent)) {
            return false;
        }
    }
    false
}

/// Whether CPython's lookahead at a failure on token `i` runs into the end of the tokens.
fn reaches_end(ctx: &Ctx, start: usize, i: usize) -> bool {
    let Some(last) = ctx.toks.iter().rposition(|t| t.kind != Tk::End) else {
        return true;
    };
    let last_tok = ctx.toks[last];
    start >= last_tok.end || (i >= last && matches!(last_tok.kind, Tk::Name | Tk::Number | Tk::Str))
}

fn generic(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    syntax_at("invalid syntax", ctx.line(i))
}

fn map_parse_error(
    ctx: &Ctx,
    error: &ParseErrorType,
    start: usize,
    end: usize,
    i: usize,
) -> SyntaxErrorInfo {
    if ctx.toks.is_empty() {
        return syntax_at("invalid syntax", norm_line(ctx.src, start));
    }
    if let Some(info) = stray_indent(ctx, i) {
        return info;
    }
    if let Some(info) = augmented_target(ctx, i) {
        return info;
    }
    let span_text = ctx.src.get(start..end).unwrap_or("");
    let span_line = norm_line(ctx.src, start);
    if let Some(info) = context_rules(ctx, error, i) {
        return info;
    }
    match error {
        ParseErrorType::OtherError(m) if m.starts_with("Expected an indented block") => {
            indented_block(ctx, i)
        }
        ParseErrorType::OtherError(m) if m.starts_with("Expected `except` or `finally`") => {
            syntax_at(
                "expected 'except' or 'finally' block",
                ctx.line(after_try_block(ctx, i)),
            )
        }
        ParseErrorType::OtherError(m)
            if m.starts_with("Only single target")
                && annotation_follows(ctx, i)
                && !ctx.is_keyword(ctx.stmt_start(i)) =>
        {
            let what = if span_text.trim_start().starts_with('[') {
                "list"
            } else {
                "tuple"
            };
            syntax_at(
                format!("only single target (not {what}) can be annotated"),
                span_line,
            )
        }
        ParseErrorType::OtherError(m) => {
            let direct = match m.as_str() {
                "Trailing comma not allowed"
                    if ctx.kind(i + 1) == Some(Tk::Newline)
                        && ctx.head(ctx.stmt_start(i)).1 == "from" =>
                {
                    Some((
                        "trailing comma not allowed without surrounding parentheses",
                        ctx.line(i),
                    ))
                }
                "Expected one or more exception types" => {
                    Some(("expected one or more exception types", ctx.line(i)))
                }
                "Position-only parameter separator not allowed as first parameter" => {
                    let open = ctx.open_bracket(i).map_or(0, |o| o + 1);
                    let floor = if in_lambda_params(ctx, i) {
                        (0..i)
                            .rev()
                            .find(|&k| ctx.is_word(k, "lambda"))
                            .map_or(open, |k| k + 1)
                    } else {
                        open
                    };
                    if (floor..i).any(|k| ctx.is_op(k, "*") && ctx.level(k) == ctx.level(i)) {
                        Some(("/ must be ahead of *", ctx.line(i)))
                    } else if ctx.is_op(i + 1, ",") {
                        Some(("at least one argument must precede /", ctx.line(i)))
                    } else {
                        None
                    }
                }
                "Only one '/' separator allowed" => Some(("/ may appear only once", ctx.line(i))),
                "Only one '*' parameter allowed"
                | "Only one '*' separator allowed"
                | "Keyword-only parameter separator not allowed after '*' parameter" => {
                    Some(("* argument may appear only once", span_line))
                }
                "'/' parameter must appear before '*' parameter" => {
                    Some(("/ must be ahead of *", ctx.line(i)))
                }
                "Positional patterns cannot follow keyword patterns" => {
                    Some(("positional patterns follow keyword patterns", span_line))
                }
                "Cannot have both 'except' and 'except*' on the same 'try'" => Some((
                    "cannot have both 'except' and 'except*' on the same 'try'",
                    span_line,
                )),
                m if m.starts_with("Multiple exception types must be parenthesized") => {
                    Some(("multiple exception types must be parenthesized", span_line))
                }
                _ => None,
            };
            match direct {
                Some((msg, line)) => syntax_at(msg, line),
                None if m.starts_with("Expected an expression") => missing_expression(ctx, i),
                None => generic(ctx, i),
            }
        }
        ParseErrorType::InvalidMatchPatternTarget if i > 0 && ctx.is_word(i - 1, "as") => {
            syntax_at("cannot use '_' as a target", span_line)
        }
        ParseErrorType::ExpectedImaginaryNumber => {
            syntax_at("imaginary number required in complex literal", span_line)
        }
        ParseErrorType::ExpectedRealNumber => {
            syntax_at("real number required in complex literal", span_line)
        }
        ParseErrorType::UnexpectedIndentation => {
            let mut j = i;
            while matches!(ctx.kind(j), Some(Tk::Indent)) {
                j += 1;
            }
            err(INDENT, "unexpected indent", ctx.line(j))
        }
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Colon,
            ..
        } => missing_colon(ctx, i),
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Lpar,
            ..
        } => {
            let s = ctx.stmt_start(i);
            if ctx.head(s).1 == "def" {
                return syntax_at("expected '('", ctx.line(i));
            }
            generic(ctx, i)
        }
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Else,
            ..
        } if !ctx.is_op(i, ":") => {
            let level = if ctx.is_closing(i) {
                ctx.level(i) + 1
            } else {
                ctx.level(i)
            };
            let mut j = i;
            while j > 0 && !(ctx.is_word(j, "if") && ctx.level(j) == level) {
                j -= 1;
            }
            let floor = ctx.open_bracket(j).map_or(ctx.stmt_start(j), |o| o + 1);
            let a = ctx.expr_start(j.saturating_sub(1), floor);
            syntax_at("expected 'else' after 'if' expression", ctx.line(a))
        }
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Rpar,
            ..
        } if ctx.is_op(i, "(") && in_def_params(ctx, i) && plain_names(ctx, i) => {
            syntax_at("Function parameters cannot be parenthesized", ctx.line(i))
        }
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Comma | TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace,
            ..
        }
        | ParseErrorType::SimpleStatementsOnSameLine => {
            let info = adjacent(ctx, i);
            if info.message == "invalid syntax"
                && let Some(inner) = inner_adjacency(ctx, i)
            {
                return inner;
            }
            info
        }
        ParseErrorType::ExpectedExpression => missing_expression(ctx, i),
        ParseErrorType::PositionalAfterKeywordArgument
        | ParseErrorType::PositionalAfterKeywordUnpacking
            if adjacency_in_arg(ctx, i)
                .is_some_and(|k| adjacent(ctx, k).message != "invalid syntax") =>
        {
            adjacency_in_arg(ctx, i).map_or_else(|| generic(ctx, i), |k| adjacent(ctx, k))
        }
        ParseErrorType::PositionalAfterKeywordArgument => syntax_at(
            "positional argument follows keyword argument",
            close_line(ctx, i),
        ),
        ParseErrorType::PositionalAfterKeywordUnpacking => syntax_at(
            "positional argument follows keyword argument unpacking",
            close_line(ctx, i),
        ),
        ParseErrorType::InvalidArgumentUnpackingOrder => {
            let line = ctx.open_bracket(i).map_or(ctx.line(i), |o| ctx.line(o + 1));
            syntax_at(
                "iterable argument unpacking follows keyword argument unpacking",
                line,
            )
        }
        ParseErrorType::UnparenthesizedGeneratorExpression => {
            // A lone generator in class bases is just a syntax error; in calls Ruff only
            // complains when there are other arguments.
            let sole = ctx.open_bracket(i).is_some_and(|o| {
                let close = ctx.closing_of(o).unwrap_or(ctx.toks.len());
                !(o + 1..close).any(|k| ctx.level(k) == ctx.level(o) && ctx.is_op(k, ","))
            });
            if sole {
                let f = (i..ctx.toks.len())
                    .find(|&k| ctx.is_word(k, "for"))
                    .unwrap_or(i);
                return generic(ctx, f);
            }
            syntax_at("Generator expression must be parenthesized", span_line)
        }
        ParseErrorType::NonDefaultParamAfterDefaultParam => {
            let annotated = ctx.is_op(i + 1, ":") && in_def_params(ctx, i);
            let next = if annotated {
                scan_expr(ctx, i + 2, false).0
            } else {
                i + 1
            };
            if ctx.is_op(next, ",") || ctx.is_op(next, ")") || (!annotated && ctx.is_op(next, ":"))
            {
                syntax_at("non-default argument follows default argument", span_line)
            } else {
                ctx.touch(next);
                generic(ctx, next)
            }
        }
        ParseErrorType::ParamAfterVarKeywordParam => {
            syntax_at("arguments cannot follow var-keyword argument", span_line)
        }
        ParseErrorType::ExpectedKeywordParam => {
            // invalid_star_etc: `*` then `)`, `, )` or `, **` (or `:` / `, :` in a lambda).
            let star = if ctx.is_op(i, "*") {
                i
            } else {
                (0..=i).rev().find(|&k| ctx.is_op(k, "*")).unwrap_or(i)
            };
            let closes = |k: usize| ctx.is_op(k, ")") || ctx.is_op(k, ":");
            let bare = closes(star + 1)
                || (ctx.is_op(star + 1, ",") && (closes(star + 2) || ctx.is_op(star + 2, "**")));
            if bare {
                syntax_at("named arguments must follow bare *", ctx.line(star))
            } else {
                generic(ctx, star + 1)
            }
        }
        ParseErrorType::VarParameterWithDefault => {
            let mut j = i;
            while j > 0 && !(ctx.is_op(j, "*") || ctx.is_op(j, "**")) {
                j -= 1;
            }
            let which = if ctx.is_op(j, "**") {
                "var-keyword"
            } else {
                "var-positional"
            };
            syntax_at(
                format!("{which} argument cannot have default value"),
                ctx.line(i),
            )
        }
        ParseErrorType::InvalidDeleteTarget => {
            target_error(span_text, start, ctx, Targets::Delete).unwrap_or_else(|| generic(ctx, i))
        }
        ParseErrorType::InvalidAugmentedAssignmentTarget => match parse_expr(span_text) {
            Some(e) => syntax_at(
                format!(
                    "'{}' is an illegal expression for augmented assignment",
                    expr_name(&e)
                ),
                span_line,
            ),
            None => generic(ctx, i),
        },
        ParseErrorType::InvalidNamedAssignmentTarget => match parse_expr(span_text) {
            Some(e) => syntax_at(
                format!("cannot use assignment expressions with {}", expr_name(&e)),
                span_line,
            ),
            None => generic(ctx, i),
        },
        ParseErrorType::InvalidAnnotatedAssignmentTarget => {
            let s = ctx.stmt_start(i);
            if matches!(ctx.head(s).1, "if" | "elif" | "while") {
                return missing_colon(ctx, i);
            }
            let e = ctx.stmt_end(i);
            let colon = (s..e).find(|&k| ctx.level(k) == 0 && ctx.is_op(k, ":"));
            match colon {
                Some(c) if ctx.starts_expr(c + 1) => {}
                Some(c) => return generic(ctx, c + 1),
                None => return generic(ctx, i),
            }
            match parse_expr(span_text) {
                Some(e @ (Expr::List(_) | Expr::Tuple(_))) => syntax_at(
                    format!(
                        "only single target (not {}) can be annotated",
                        expr_name(&e)
                    ),
                    span_line,
                ),
                _ => syntax_at("illegal target for annotation", span_line),
            }
        }
        ParseErrorType::InvalidAssignmentTarget => assignment_target(ctx, i, start, end),
        ParseErrorType::IterableUnpackingInComprehension => syntax_at(
            "iterable unpacking cannot be used in comprehension",
            span_line,
        ),
        ParseErrorType::EmptySlice => {
            // `x[]` is `x` followed by an empty list: inside brackets that is the comma hint.
            let open = if ctx.is_op(i, "[") {
                i
            } else {
                i.saturating_sub(1)
            };
            if ctx.is_op(open, "[") && comma_hint_allowed(ctx, open) {
                return adjacent(ctx, open);
            }
            generic(ctx, i)
        }
        ParseErrorType::EmptyImportNames => {
            let s = ctx.stmt_start(i);
            if ctx.head(s).1 == "from" && ctx.is_op(i.saturating_sub(1), ",") && ctx.level(i) == 0 {
                return syntax_at(
                    "trailing comma not allowed without surrounding parentheses",
                    ctx.line(i),
                );
            }
            generic(ctx, i)
        }
        _ => generic(ctx, i),
    }
}

/// Line of the bracket closing the call that holds token `i` (CPython's last token there).
fn close_line(ctx: &Ctx, i: usize) -> usize {
    match ctx.open_bracket(i).and_then(|o| ctx.closing_of(o)) {
        Some(c) => ctx.line(c),
        None => ctx.line(i),
    }
}

fn in_def_params(ctx: &Ctx, i: usize) -> bool {
    match ctx.open_bracket(i) {
        Some(o) => o >= 2 && ctx.is_word(o - 2, "def") && ctx.is_op(o, "("),
        None => false,
    }
}

/// `invalid_assignment`'s augmented-assignment alternative: `a, b += 1`.
fn augmented_target(ctx: &Ctx, i: usize) -> Option<SyntaxErrorInfo> {
    const AUG: [&str; 13] = [
        "+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", ">>=", "<<=", "**=",
    ];
    let s = ctx.stmt_start(i);
    let e = ctx.stmt_end(i);
    let op = (s..e).find(|&j| {
        ctx.level(j) == 0 && ctx.kind(j) == Some(Tk::Op) && AUG.contains(&ctx.text(j))
    })?;
    if op <= s || i > op || !ctx.starts_expr(op + 1) && !ctx.is_word(op + 1, "yield") {
        return None;
    }
    if ctx.is_op(s, "*") {
        return Some(syntax_at(
            "'starred' is an illegal expression for augmented assignment",
            ctx.line(s),
        ));
    }
    let target = parse_expr(ctx.span(s, op - 1))?;
    if matches!(
        target,
        Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_)
    ) {
        return None;
    }
    Some(syntax_at(
        format!(
            "'{}' is an illegal expression for augmented assignment",
            expr_name(&target)
        ),
        ctx.line(s),
    ))
}

/// `expected an indented block after ...`: the header is the logical line before token `i`.
fn indented_block(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    // Find the NEWLINE that ends the header.
    let mut nl = i;
    while nl > 0 && ctx.kind(nl) != Some(Tk::Newline) {
        nl -= 1;
    }
    let after = nl + 1;
    let s = ctx.stmt_start(nl.saturating_sub(1));
    let (h, kw) = ctx.head(s);
    let what = match kw {
        "def" => "function definition".to_string(),
        "class" => "class definition".to_string(),
        "except" if ctx.is_op(h + 1, "*") => "'except*' statement".to_string(),
        "if" | "elif" | "else" | "while" | "for" | "with" | "try" | "except" | "finally"
        | "match" | "case" => {
            format!("'{kw}' statement")
        }
        _ => return err(INDENT, "expected an indented block", ctx.line(after)),
    };
    err(
        INDENT,
        format!(
            "expected an indented block after {what} on line {}",
            ctx.line(h)
        ),
        ctx.line(after),
    )
}

/// Ruff expected a `:`: compound-statement headers, dictionaries and `=` in conditions.
fn missing_colon(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    if let Some(open) = ctx.open_bracket(i)
        && ctx.is_op(open, "{")
        && let Some(info) = dict_key(ctx, open, i)
    {
        return info;
    }
    let s = ctx.stmt_start(i);
    let (h, kw) = ctx.head(s);
    let newline = ctx.kind(i) == Some(Tk::Newline);
    let header = matches!(
        kw,
        "if" | "elif"
            | "while"
            | "for"
            | "with"
            | "class"
            | "except"
            | "match"
            | "case"
            | "else"
            | "try"
            | "finally"
            | "def"
    );
    if newline && header && ctx.outer_level(i) == 0 {
        return syntax_at("expected ':'", ctx.line(i));
    }
    if matches!(kw, "else" | "try" | "finally" | "def") && ctx.outer_level(i) == 0 {
        return syntax_at("expected ':'", ctx.line(i));
    }
    if ctx.is_op(i, "=")
        && matches!(kw, "if" | "elif" | "while")
        && let Some(info) = named_expr_hint(ctx, h + 1, i)
    {
        return info;
    }
    generic(ctx, i)
}

/// A dictionary item without its `:`; `Some` when CPython words it specially.
fn dict_key(ctx: &Ctx, open: usize, i: usize) -> Option<SyntaxErrorInfo> {
    let level = ctx.level(open);
    // Start of the current item and whether an earlier item exists.
    let mut item = open + 1;
    let mut earlier = false;
    let mut colon_before = false;
    for j in open + 1..i {
        if ctx.level(j) == level && ctx.is_op(j, ",") {
            item = j + 1;
            earlier = true;
        }
        if ctx.level(j) == level && ctx.is_op(j, ":") {
            colon_before = true;
        }
    }
    let in_value = (item..i).any(|j| ctx.level(j) == level && ctx.is_op(j, ":"));
    let comprehension = (open + 1..i).any(|j| ctx.level(j) == level && ctx.is_word(j, "for"));
    if in_value || item >= i || comprehension {
        return None;
    }
    if earlier && colon_before {
        return Some(syntax_at(
            "':' expected after dictionary key",
            ctx.line(i.saturating_sub(1)),
        ));
    }
    None
}

/// `invalid_named_expression` for `a = b` where a comparison or target was meant.
fn named_expr_hint(ctx: &Ctx, a: usize, eq: usize) -> Option<SyntaxErrorInfo> {
    if eq <= a || !ctx.is_op(eq, "=") {
        return None;
    }
    let rhs = eq + 1;
    if !ctx.starts_expr(rhs) || ctx.is_word(rhs, "not") || ctx.is_word(rhs, "lambda") {
        return None;
    }
    // `!('=' | ':=')` right after the right-hand bitwise_or.
    let after = bitwise_or_end(ctx, rhs) + 1;
    if ctx.is_op(after, "=") || ctx.is_op(after, ":=") {
        return None;
    }
    if eq == a + 1 && ctx.kind(a) == Some(Tk::Name) && !ctx.is_keyword(a) {
        return Some(syntax_at(
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            ctx.line(a),
        ));
    }
    if matches!(ctx.text(a), "True" | "False" | "None") && ctx.kind(a) == Some(Tk::Name) {
        return None;
    }
    if ctx.is_opening(a) && !ctx.is_op(a, "{") {
        let close = ctx.closing_of(a)?;
        let inner = ctx.level(a);
        let has_for = (a + 1..close).any(|k| ctx.level(k) == inner && ctx.is_word(k, "for"));
        let has_comma = (a + 1..close).any(|k| ctx.level(k) == inner && ctx.is_op(k, ","));
        let excluded = if ctx.is_op(a, "[") {
            !has_for
        } else {
            has_for || has_comma || close == a + 1
        };
        if excluded {
            return None;
        }
    }
    let e = parse_expr(ctx.span(a, eq - 1))?;
    // A parenthesized expression is an atom whatever it holds.
    let grouped = ctx.is_op(a, "(") && ctx.closing_of(a) == Some(eq - 1);
    let bitwise_or = grouped
        || !matches!(
            e,
            Expr::Compare(_)
                | Expr::BoolOp(_)
                | Expr::Lambda(_)
                | Expr::If(_)
                | Expr::Named(_)
                | Expr::Tuple(_)
                | Expr::Yield(_)
                | Expr::YieldFrom(_)
                | Expr::Starred(_)
        ) && !matches!(&e, Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not);
    if !bitwise_or {
        return None;
    }
    Some(syntax_at(
        format!(
            "cannot assign to {} here. Maybe you meant '==' instead of '='?",
            expr_name(&e)
        ),
        ctx.line(a),
    ))
}

/// Two expressions side by side: `print "x"`, `f(a b)`, `x = a b`.
fn adjacent(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    if i == 0 {
        return generic(ctx, i);
    }
    let prev = i - 1;
    let s = ctx.stmt_start(prev);
    // invalid_legacy_expression: `print x` / `exec x`.
    if (ctx.is_word(prev, "print") || ctx.is_word(prev, "exec"))
        && comma_hint_allowed(ctx, i)
        && !ctx.is_op(i, "(")
        && (ctx.starts_expr(i) || ctx.is_op(i, "*"))
        && (prev == s || !(ctx.ends_expr(prev - 1) || ctx.is_op(prev - 1, ".")))
    {
        let name = ctx.text(prev);
        return syntax_at(
            format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?"),
            ctx.line(prev),
        );
    }
    if let Some(open) = ctx.open_bracket(i)
        && ctx.is_op(open, "{")
        && let Some(info) = dict_key(ctx, open, i)
    {
        return info;
    }
    // invalid_expression: the comma hint, only inside brackets.
    let b_level = ctx.level(expr_end(ctx, i));
    if ctx.ends_expr(prev) && ctx.starts_expr(i) && b_level > 0 && ctx.level(prev) >= b_level {
        let open = ctx.open_bracket(i);
        let floor = open.map_or(s, |o| o + 1);
        if !comma_hint_allowed(ctx, i) || ctx.head(s).1 == "from" || ctx.head(s).1 == "import" {
            return generic(ctx, i);
        }
        let a = ctx.expr_start(prev, floor);
        let level = b_level;
        if let Some(f) = (a..=prev).find(|&k| ctx.level(k) == level && ctx.is_word(k, "if"))
            && !(f..=prev).any(|k| ctx.level(k) == level && ctx.is_word(k, "else"))
            && f > a
        {
            return syntax_at("expected 'else' after 'if' expression", ctx.line(a));
        }
        // CPython compares only the token's length of each soft keyword, so any prefix of
        // `match`, `case` or `_` (like `m` or `ca`) counts as one.
        let soft = ctx.kind(a) == Some(Tk::Name)
            && ["match", "case", "_"]
                .iter()
                .any(|k| k.starts_with(ctx.text(a)));
        let name_string = ctx.kind(a) == Some(Tk::Name) && ctx.kind(a + 1) == Some(Tk::Str);
        // `a` must be a whole disjunction: a lambda would have swallowed more.
        let has_lambda = (a..=prev).any(|k| ctx.is_word(k, "lambda"));
        if !soft && !name_string && !has_lambda {
            return syntax_at("invalid syntax. Perhaps you forgot a comma?", ctx.line(a));
        }
    }
    generic(ctx, i)
}

/// A bracket right after an expression: CPython parses it as a second expression with its
/// error rules on, so a comma missing inside it is reported.
fn inner_adjacency(ctx: &Ctx, open: usize) -> Option<SyntaxErrorInfo> {
    if !ctx.is_opening(open)
        || open == 0
        || !ctx.ends_expr(open - 1)
        || ctx.is_op(open, "(")
        || ctx.is_op(open, "[")
    {
        return None;
    }
    // Where the bracket's contents stop being an expression.
    let (stop, _) = scan_expr(ctx, open, false);
    if stop > open + 1
        && ctx.level(stop) > ctx.level(open).saturating_sub(1)
        && ctx.ends_expr(stop - 1)
        && ctx.starts_expr(stop)
    {
        let info = adjacent(ctx, stop);
        return (info.message != "invalid syntax").then_some(info);
    }
    None
}

/// Ruff wanted an expression: dictionary values get CPython's own wording.
fn missing_expression(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    if i > 0
        && ctx.is_op(i - 1, ":")
        && (ctx.is_op(i, "}") || ctx.is_op(i, ","))
        && let Some(open) = ctx.open_bracket(i - 1)
        && ctx.is_op(open, "{")
        && ctx.level(i - 1) == ctx.level(open)
    {
        return syntax_at(
            "expression expected after dictionary key and ':'",
            ctx.line(i - 1),
        );
    }
    generic(ctx, i)
}

/// The target of a `for`, `with ... as`, comprehension or assignment cannot be assigned.
fn assignment_target(ctx: &Ctx, i: usize, start: usize, end: usize) -> SyntaxErrorInfo {
    let s = ctx.stmt_start(i);
    let e = ctx.stmt_end(i);
    let (h, kw) = ctx.head(s);
    let level = ctx.level(i);
    // A comprehension's `for` at the target's own bracket level.
    // A comprehension target, in this bracket or an enclosing one.
    let mut inner = i;
    while let Some(open) = ctx.open_bracket(inner) {
        if let Some(info) = comprehension_target(ctx, open, i) {
            return info;
        }
        inner = open;
    }
    if level > 0 {
        let open = ctx.open_bracket(i).unwrap_or(s);
        if let Some(f) = (open..i)
            .rev()
            .find(|&j| ctx.is_word(j, "for") && ctx.level(j) == level)
        {
            if let Some(inn) = (f + 1..e).find(|&j| ctx.is_word(j, "in") && ctx.level(j) == level) {
                if let Some(info) = span_target(ctx, f + 1, inn - 1, Targets::For) {
                    return info;
                }
            } else if let Some(info) = comprehension_target(ctx, open, i) {
                return info;
            }
        }
    }
    if kw == "for" {
        if let Some(inn) = (h + 1..e).find(|&j| ctx.is_word(j, "in") && ctx.level(j) == 0)
            && let Some(info) = span_target(ctx, h + 1, inn - 1, Targets::For)
        {
            return info;
        }
        return generic(ctx, i);
    }
    if kw == "with" {
        let span = ctx.src.get(start..end).unwrap_or("");
        return target_error(span, start, ctx, Targets::Store).unwrap_or_else(|| generic(ctx, i));
    }
    let eqs: Vec<usize> = (s..e)
        .filter(|&j| ctx.level(j) == 0 && ctx.is_op(j, "="))
        .collect();
    if eqs.is_empty() {
        // A walrus inside brackets, for instance.
        return generic(ctx, i);
    }
    // The failed assignment is re-read as a tuple of named expressions: its last element
    // before the `=` gets the hint if the value after the `=` reads as an expression.
    let last_elt = (s..eqs[0])
        .rev()
        .find(|&k| ctx.level(k) == 0 && ctx.is_op(k, ","))
        .map_or(s, |c| c + 1);
    let value_end = (eqs[0] + 1..e)
        .find(|&k| ctx.level(k) == 0 && (ctx.is_op(k, ",") || ctx.is_op(k, "=")))
        .unwrap_or(e);
    let value_ok =
        value_end > eqs[0] + 1 && parse_expr(ctx.span(eqs[0] + 1, value_end - 1)).is_some();
    let plain_name = eqs[0] == last_elt + 1 && ctx.kind(last_elt) == Some(Tk::Name);
    if (value_ok || !plain_name)
        && let Some(info) = named_expr_hint(ctx, last_elt, eqs[0])
    {
        return info;
    }
    let mut from = s;
    for &eq in &eqs {
        if ctx.is_word(from, "yield") {
            return syntax_at(
                "assignment to yield expression not possible",
                ctx.line(from),
            );
        }
        if eq > from
            && let Some(info) = span_target(ctx, from, eq - 1, Targets::Store)
        {
            return info;
        }
        from = eq + 1;
    }
    generic(ctx, i)
}

/// Checks tokens `a..=b` as a target; `Some` names the part that cannot be a target.
fn span_target(ctx: &Ctx, a: usize, b: usize, kind: Targets) -> Option<SyntaxErrorInfo> {
    if b < a {
        return None;
    }
    let base = ctx.toks.get(a)?.start;
    target_error(ctx.span(a, b), base, ctx, kind)
}

fn target_error(text: &str, base: usize, ctx: &Ctx, kind: Targets) -> Option<SyntaxErrorInfo> {
    let lead = text.len() - text.trim_start().len();
    if kind == Targets::Delete && text.trim_start().starts_with('*') {
        return Some(syntax_at(
            "cannot delete starred",
            norm_line(ctx.src, base + lead),
        ));
    }
    let e = parse_expr(text)?;
    let bad = invalid_target(&e, kind)?;
    let verb = if kind == Targets::Delete {
        "delete"
    } else {
        "assign to"
    };
    // Offsets in `bad` are relative to the trimmed text (or one past a wrapping bracket).
    let rel = bad.range().start().to_usize();
    let line = norm_line(
        ctx.src,
        base + lead + rel.min(text.len().saturating_sub(lead)),
    );
    Some(syntax_at(format!("cannot {verb} {}", expr_name(bad)), line))
}

// ---------------------------------------------------------------------------------------------
// Syntax newer than 3.11 that Ruff accepts
// ---------------------------------------------------------------------------------------------

fn newer_syntax_failure(ctx: &Ctx, text: &Text, u: &UnsupportedSyntaxError) -> Option<Fail> {
    let start = text.offset(u.range.start().to_usize());
    let i = ctx.index_at(start);
    let line = ctx.line(i);
    let msg = match u.kind {
        UnsupportedSyntaxErrorKind::TypeParameterList => {
            let s = ctx.stmt_start(i);
            if ctx.head(s).1 == "def" {
                "expected '('"
            } else {
                "invalid syntax"
            }
        }
        UnsupportedSyntaxErrorKind::UnparenthesizedExceptionTypes => {
            let s = ctx.stmt_start(i);
            let first = ctx.head(s).0 + 1;
            let first = if ctx.is_op(first, "*") {
                first + 1
            } else {
                first
            };
            return Some(Fail {
                offset: start,
                info: syntax_at(
                    "multiple exception types must be parenthesized",
                    ctx.line(first),
                ),
                at_line: line,
                final_: false,
                tokenizer: false,
                reaches_end: false,
            });
        }
        UnsupportedSyntaxErrorKind::UnpackingInComprehension(_) => {
            if ctx.is_op(i, "**") {
                "dict unpacking cannot be used in dict comprehension"
            } else {
                "iterable unpacking cannot be used in comprehension"
            }
        }
        UnsupportedSyntaxErrorKind::ParenthesizedKeywordArgumentName => {
            "expression cannot contain assignment, perhaps you meant \"==\"?"
        }
        UnsupportedSyntaxErrorKind::TypeAliasStatement
        | UnsupportedSyntaxErrorKind::TypeParamDefault
        | UnsupportedSyntaxErrorKind::TemplateStrings
        | UnsupportedSyntaxErrorKind::LazyImportStatement
        | UnsupportedSyntaxErrorKind::Pep701FString(_) => "invalid syntax",
        _ => return None,
    };
    let line = if matches!(u.kind, UnsupportedSyntaxErrorKind::TypeAliasStatement) {
        ctx.line(i + 1)
    } else {
        line
    };
    Some(Fail {
        offset: start,
        info: syntax_at(msg, line),
        at_line: line,
        final_: false,
        tokenizer: false,
        reaches_end: false,
    })
}

/// `a if b` followed by something other than `else` or `:`, around the failure at `i`.
fn ternary_without_else(ctx: &Ctx, i: usize) -> Option<SyntaxErrorInfo> {
    if i == 0 {
        return None;
    }
    // The condition ends before a dangling binary operator (`x if y > else z`).
    let dangling =
        ctx.kind(i - 1) == Some(Tk::Op) && !ctx.is_closing(i - 1) && !ctx.is_opening(i - 1);
    if !dangling && (ctx.is_op(i, ":") || ctx.is_word(i, "else")) {
        return None;
    }
    let level = if ctx.is_closing(i) {
        ctx.level(i) + 1
    } else {
        ctx.level(i)
    };
    let s = ctx.stmt_start(i);
    let mut k = i;
    while k > s {
        k -= 1;
        if ctx.level(k) < level {
            break;
        }
        if ctx.level(k) != level {
            continue;
        }
        let t = ctx.text(k);
        if ctx.kind(k) == Some(Tk::Op)
            && matches!(t, "," | "=" | ":" | ";" | ":=" | "(" | "[" | "{")
        {
            break;
        }
        if ctx.is_word(k, "else") || ctx.is_word(k, "lambda") {
            return None;
        }
        if ctx.is_word(k, "for") {
            break;
        }
        if ctx.is_word(k, "if")
            && k > s
            && ctx.ends_expr(k - 1)
            && k + 1 < i
            && ctx.starts_expr(k + 1)
        {
            let floor = ctx.open_bracket(k).map_or(s, |o| o + 1);
            // A comprehension's condition (after `for ... in`) is not a conditional expression.
            let mut in_clause = false;
            for f in floor..k {
                if ctx.level(f) == level && ctx.is_word(f, "for") {
                    in_clause = false;
                }
                if ctx.level(f) == level
                    && ctx.is_word(f, "in")
                    && (floor..f).any(|g| ctx.level(g) == level && ctx.is_word(g, "for"))
                {
                    in_clause = true;
                }
            }
            if in_clause {
                return None;
            }
            let a = ctx.expr_start(k - 1, floor);
            if ctx.is_keyword(a)
                && !matches!(
                    ctx.text(a),
                    "None" | "True" | "False" | "not" | "await" | "lambda"
                )
            {
                return None;
            }
            let head = ctx.head(s).1;
            if a == s && matches!(head, "if" | "elif" | "while" | "assert" | "return" | "del") {
                return None;
            }
            return Some(syntax_at(
                "expected 'else' after 'if' expression",
                ctx.line(a),
            ));
        }
    }
    None
}

/// `invalid_kvpair`: after a complete `key: value,` a key must be followed by `:`.
fn later_key_without_colon(ctx: &Ctx, open: usize, i: usize) -> Option<SyntaxErrorInfo> {
    let level = ctx.level(open);
    let mut item = open + 1;
    let mut earlier_pair = false;
    let mut colon_seen = false;
    for k in open + 1..i {
        if ctx.level(k) != level {
            continue;
        }
        if ctx.is_word(k, "for") || ctx.is_op(k, "**") {
            return None;
        }
        if ctx.is_op(k, ":") {
            colon_seen = true;
        }
        if ctx.is_op(k, ",") {
            if !colon_seen {
                return None;
            }
            earlier_pair = true;
            colon_seen = false;
            item = k + 1;
        }
    }
    if !earlier_pair || colon_seen || item > i || !ctx.starts_expr(item) {
        return None;
    }
    let key_end = expr_end(ctx, item);
    if key_end + 1 > i || ctx.is_op(key_end + 1, ":") {
        return None;
    }
    Some(syntax_at(
        "':' expected after dictionary key",
        ctx.line(item),
    ))
}

/// An INDENT that follows no block header (e.g. after a decorator line): "unexpected indent".
fn stray_indent(ctx: &Ctx, i: usize) -> Option<SyntaxErrorInfo> {
    let mut k = i;
    while ctx.kind(k) == Some(Tk::Indent) {
        k += 1;
    }
    let s = ctx.stmt_start(k);
    if s == 0 || ctx.kind(s - 1) != Some(Tk::Indent) {
        return None;
    }
    let mut j = s - 1;
    while j > 0 && ctx.kind(j) == Some(Tk::Indent) {
        j -= 1;
    }
    let after_header = ctx.kind(j) == Some(Tk::Newline) && j > 0 && ctx.is_op(j - 1, ":");
    if after_header || ctx.kind(j) != Some(Tk::Newline) {
        return None;
    }
    Some(err(INDENT, "unexpected indent", ctx.line(s)))
}

// ---------------------------------------------------------------------------------------------
// String literals as CPython 3.11 parses them (escapes, bytes, f-strings)
// ---------------------------------------------------------------------------------------------

/// How deep f-string expressions may be re-checked (each level is a shorter source).
const MAX_FSTRING_DEPTH: usize = 32;

enum StrErr {
    /// Reported on the line of the token after the strings (CPython's last token).
    AfterRun(String),
    /// Reported on the string token's own line.
    OwnLine(String),
    /// An error inside an f-string expression: the expression's error, the expression's
    /// byte offset inside the token, and whether it came from the tokenizer (no prefix).
    Inner(SyntaxErrorInfo, usize, bool),
}

fn string_failure(ctx: &Ctx, depth: usize) -> Option<Fail> {
    let toks = ctx.toks;
    let mut i = 0;
    while i < toks.len() {
        if toks[i].kind != Tk::Str {
            i += 1;
            continue;
        }
        let run = i;
        let mut j = i;
        while j < toks.len() && toks[j].kind == Tk::Str {
            j += 1;
        }
        let after_line = toks.get(j).map_or(toks[j - 1].line, |t| t.line);
        let mut bytes_mode = None;
        for k in run..j {
            let result = check_string(ctx.text(k), k != run, &mut bytes_mode, depth);
            let mut tokenizer = false;
            let info = match result {
                Ok(()) => continue,
                Err(StrErr::AfterRun(msg)) => syntax_at(msg, after_line),
                Err(StrErr::OwnLine(msg)) => syntax_at(msg, toks[k].line),
                Err(StrErr::Inner(inner, at, from_tokenizer)) => {
                    let lead = ctx.text(k).get(..at).unwrap_or("").matches('\n').count();
                    let line = toks[k].line + lead + inner.line.saturating_sub(1);
                    tokenizer = from_tokenizer;
                    let msg = if from_tokenizer {
                        inner.message
                    } else {
                        format!("f-string: {}", inner.message)
                    };
                    err(inner.kind, msg, line)
                }
            };
            // The strings are only checked once the token after them has been read.
            let reaches_end = j >= toks.len();
            return Some(Fail {
                offset: toks[run].start,
                info,
                at_line: after_line,
                final_: false,
                tokenizer,
                reaches_end,
            });
        }
        i = j;
    }
    None
}

/// Checks one string token; `bytes_mode` carries the previous token's kind for concatenation.
fn check_string(
    lit: &str,
    later: bool,
    bytes_mode: &mut Option<bool>,
    depth: usize,
) -> Result<(), StrErr> {
    let quote_at = lit.find(['\'', '"']).unwrap_or(0);
    let prefix = lit.get(..quote_at).unwrap_or("").to_ascii_lowercase();
    let (is_bytes, raw, is_f) = (
        prefix.contains('b'),
        prefix.contains('r'),
        prefix.contains('f'),
    );
    let rest = lit.get(quote_at..).unwrap_or("");
    let q = if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
        3
    } else {
        1
    };
    let body_start = quote_at + q;
    let body_end = lit.len().saturating_sub(q).max(body_start);
    let body = lit.as_bytes().get(body_start..body_end).unwrap_or(&[]);
    if is_bytes {
        if body.iter().any(|b| *b >= 0x80) {
            return Err(StrErr::OwnLine(
                "bytes can only contain ASCII literal characters".into(),
            ));
        }
        if !raw && let Some(pos) = bad_bytes_escape(body) {
            return Err(StrErr::AfterRun(format!(
                "(value error) invalid \\x escape at position {pos}"
            )));
        }
    } else if !is_f
        && !raw
        && let Some(msg) = unicode_escape_error(body)
    {
        return Err(StrErr::AfterRun(msg));
    }
    if later && *bytes_mode != Some(is_bytes) {
        return Err(StrErr::AfterRun(
            "cannot mix bytes and nonbytes literals".into(),
        ));
    }
    *bytes_mode = Some(is_bytes);
    if is_f {
        let fs = FString {
            body,
            raw,
            depth,
            body_start,
        };
        fs.parse(0, 0)?;
    }
    Ok(())
}

/// Position of a `\x` escape in a bytes literal that lacks two hex digits.
fn bad_bytes_escape(body: &[u8]) -> Option<usize> {
    let mut s = 0;
    while s < body.len() {
        if body[s] != b'\\' {
            s += 1;
            continue;
        }
        let at = s;
        s += 1;
        let Some(&c) = body.get(s) else { break };
        s += 1;
        if c == b'x' {
            let ok = body.get(s).is_some_and(u8::is_ascii_hexdigit)
                && body.get(s + 1).is_some_and(u8::is_ascii_hexdigit);
            if !ok {
                return Some(at);
            }
            s += 2;
        }
    }
    None
}

/// The `unicodeescape` failure CPython reports for a str literal body, if any.
fn unicode_escape_error(body: &[u8]) -> Option<String> {
    if !body.contains(&b'\\') {
        return None;
    }
    // CPython first spells every non-ASCII character as `\UXXXXXXXX`; positions count that.
    let mut buf: Vec<u8> = Vec::with_capacity(body.len() * 2);
    let mut s = 0;
    while s < body.len() {
        if body[s] == b'\\' {
            buf.push(b'\\');
            s += 1;
            if s >= body.len() || body[s] >= 0x80 {
                buf.extend_from_slice(b"u005c");
                if s >= body.len() {
                    break;
                }
            }
        }
        if body[s] >= 0x80 {
            let run_end = (s..body.len())
                .find(|&k| body[k] < 0x80)
                .unwrap_or(body.len());
            for ch in String::from_utf8_lossy(&body[s..run_end]).chars() {
                buf.extend_from_slice(format!("\\U{:08x}", ch as u32).as_bytes());
            }
            s = run_end;
        } else {
            buf.push(body[s]);
            s += 1;
        }
    }
    let fail = |start: usize, end: usize, reason: &str| -> Option<String> {
        if end == start + 1 {
            Some(format!(
                "(unicode error) 'unicodeescape' codec can't decode byte 0x{:02x} in position {start}: {reason}",
                buf.get(start).copied().unwrap_or(0)
            ))
        } else {
            Some(format!(
                "(unicode error) 'unicodeescape' codec can't decode bytes in position {start}-{}: {reason}",
                end.saturating_sub(1)
            ))
        }
    };
    let n = buf.len();
    let mut s = 0;
    while s < n {
        let c = buf[s];
        s += 1;
        if c != b'\\' {
            continue;
        }
        let start = s - 1;
        if s >= n {
            return fail(start, s, "\\ at end of string");
        }
        let c = buf[s];
        s += 1;
        match c {
            b'0'..=b'7' => {
                for _ in 0..2 {
                    if s < n && (b'0'..=b'7').contains(&buf[s]) {
                        s += 1;
                    }
                }
            }
            b'x' | b'u' | b'U' => {
                let (count, reason) = match c {
                    b'x' => (2, "truncated \\xXX escape"),
                    b'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let mut ch: u32 = 0;
                for _ in 0..count {
                    let Some(d) = buf.get(s).and_then(|b| (*b as char).to_digit(16)) else {
                        return fail(start, s, reason);
                    };
                    ch = ch.wrapping_mul(16).wrapping_add(d);
                    s += 1;
                }
                if ch > 0x10FFFF {
                    return fail(start, s, "illegal Unicode character");
                }
            }
            b'N' => {
                let mut reason = "malformed \\N character escape";
                if s < n && buf[s] == b'{' {
                    s += 1;
                    let name_start = s;
                    while s < n && buf[s] != b'}' {
                        s += 1;
                    }
                    if s >= n {
                        return fail(start, s, reason);
                    }
                    if s > name_start {
                        let name = String::from_utf8_lossy(&buf[name_start..s]).into_owned();
                        s += 1;
                        if known_char_name(&name) {
                            continue;
                        }
                        reason = "unknown Unicode character name";
                    }
                }
                return fail(start, s, reason);
            }
            _ => {}
        }
    }
    None
}

/// Whether `\N{name}` names a character, asked of Ruff's string parser.
fn known_char_name(name: &str) -> bool {
    if name.contains(['"', '\\', '\n', '}']) {
        return false;
    }
    ruff_python_parser::parse_expression(&format!("\"\\N{{{name}}}\"")).is_ok()
}

/// An f-string body, checked the way 3.11's `string_parser.c` does.
struct FString<'a> {
    body: &'a [u8],
    raw: bool,
    depth: usize,
    body_start: usize,
}

impl FString<'_> {
    fn msg(text: impl Into<String>) -> StrErr {
        StrErr::AfterRun(text.into())
    }

    /// Literal text and replacement fields from `i`; returns where it stopped.
    fn parse(&self, mut i: usize, lvl: u32) -> Result<usize, StrErr> {
        let body = self.body;
        let end = body.len();
        loop {
            let lit_start = i;
            let mut s = i;
            let mut doubled = false;
            while s < end {
                let mut ch = body[s];
                s += 1;
                if !self.raw && ch == b'\\' && s < end {
                    ch = body[s];
                    s += 1;
                    if ch == b'N' {
                        if s < end {
                            let open = body[s];
                            s += 1;
                            if open == b'{' {
                                while s < end {
                                    let c = body[s];
                                    s += 1;
                                    if c == b'}' {
                                        break;
                                    }
                                }
                            }
                        }
                        continue;
                    }
                }
                if ch == b'{' || ch == b'}' {
                    if lvl == 0 {
                        if s < end && body[s] == ch {
                            doubled = true;
                            break;
                        }
                        if ch == b'}' {
                            return Err(Self::msg("f-string: single '}' is not allowed"));
                        }
                    }
                    s -= 1;
                    break;
                }
            }
            if !self.raw
                && let Some(m) = unicode_escape_error(&body[lit_start..s])
            {
                return Err(Self::msg(m));
            }
            if doubled {
                i = s + 1;
                continue;
            }
            i = s;
            if i >= end || body[i] == b'}' {
                break;
            }
            i = self.field(i, lvl)?;
        }
        if lvl != 0 && (i >= end || body[i] != b'}') {
            return Err(Self::msg("f-string: expecting '}'"));
        }
        Ok(i)
    }

    /// One `{...}` replacement field starting at `i`; returns the offset after its `}`.
    fn field(&self, mut i: usize, lvl: u32) -> Result<usize, StrErr> {
        let body = self.body;
        let end = body.len();
        if lvl >= 2 {
            return Err(Self::msg("f-string: expressions nested too deeply"));
        }
        i += 1;
        let expr_start = i;
        let mut quote = 0u8;
        let mut triple = false;
        let mut nested: Vec<u8> = Vec::new();
        while i < end {
            let ch = body[i];
            if ch == b'\\' {
                return Err(Self::msg(
                    "f-string expression part cannot include a backslash",
                ));
            }
            if quote != 0 {
                if ch == quote {
                    if triple {
                        if i + 2 < end && body[i + 1] == ch && body[i + 2] == ch {
                            i += 3;
                            quote = 0;
                            triple = false;
                            continue;
                        }
                    } else {
                        quote = 0;
                        i += 1;
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            match ch {
                b'\'' | b'"' => {
                    if i + 2 < end && body[i + 1] == ch && body[i + 2] == ch {
                        triple = true;
                        i += 2;
                    }
                    quote = ch;
                }
                b'[' | b'{' | b'(' => {
                    if nested.len() >= MAX_LEVEL {
                        return Err(Self::msg("f-string: too many nested parenthesis"));
                    }
                    nested.push(ch);
                }
                b'#' => return Err(Self::msg("f-string expression part cannot include '#'")),
                b'!' | b':' | b'}' | b'=' | b'>' | b'<' if nested.is_empty() => {
                    let next = body.get(i + 1).copied().unwrap_or(0);
                    if next == b'=' && matches!(ch, b'!' | b'=' | b'<' | b'>') {
                        i += 2;
                        continue;
                    }
                    if ch == b'>' || ch == b'<' {
                        i += 1;
                        continue;
                    }
                    break;
                }
                b']' | b'}' | b')' => {
                    let Some(open) = nested.pop() else {
                        return Err(Self::msg(format!("f-string: unmatched '{}'", ch as char)));
                    };
                    if !matches!((open, ch), (b'(', b')') | (b'[', b']') | (b'{', b'}')) {
                        return Err(Self::msg(format!(
                            "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                            ch as char, open as char
                        )));
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if quote != 0 {
            return Err(Self::msg("f-string: unterminated string"));
        }
        if let Some(open) = nested.last() {
            return Err(Self::msg(format!(
                "f-string: unmatched '{}'",
                *open as char
            )));
        }
        if i >= end {
            return Err(Self::msg("f-string: expecting '}'"));
        }
        let expr = &body[expr_start..i];
        if expr
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | 0x0c))
        {
            if matches!(body[i], b'!' | b':' | b'=') {
                return Err(Self::msg(format!(
                    "f-string: expression required before '{}'",
                    body[i] as char
                )));
            }
            return Err(Self::msg("f-string: empty expression not allowed"));
        }
        if self.depth < MAX_FSTRING_DEPTH {
            let source = format!("({})", String::from_utf8_lossy(expr));
            if let Some((info, from_tokenizer)) = parse_stage_text(&source, self.depth + 1) {
                return Err(StrErr::Inner(
                    info,
                    self.body_start + expr_start,
                    from_tokenizer,
                ));
            }
        }
        if body[i] == b'=' {
            i += 1;
            while i < end && matches!(body[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
                i += 1;
            }
            if i >= end {
                return Err(Self::msg("f-string: expecting '}'"));
            }
        }
        if body[i] == b'!' {
            i += 1;
            if i >= end {
                return Err(Self::msg("f-string: expecting '}'"));
            }
            let conv = body[i];
            i += 1;
            if !matches!(conv, b's' | b'r' | b'a') {
                return Err(Self::msg(
                    "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                ));
            }
        }
        if i < end && body[i] == b':' {
            i += 1;
            if i >= end {
                return Err(Self::msg("f-string: expecting '}'"));
            }
            i = self.parse(i, lvl + 1)?;
        }
        if i >= end || body[i] != b'}' {
            return Err(Self::msg("f-string: expecting '}'"));
        }
        Ok(i + 1)
    }
}

// ---------------------------------------------------------------------------------------------
// Compiler checks: future imports, the symbol table, then code generation
// ---------------------------------------------------------------------------------------------

/// Deepest tree the checks below walk; deeper parts are skipped rather than risk the stack.
const MAX_WALK_DEPTH: usize = 400;

const FUTURE_FEATURES: [&str; 10] = [
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

/// Start offsets of the lines of a source (same line breaks as [`line_of`]).
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(source: &str) -> LineIndex {
        let bytes = source.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset).max(1)
    }
}

fn compile_checks(module: &ModModule, source: &str) -> Option<SyntaxErrorInfo> {
    let lines = LineIndex::new(source);
    let line = |node: &dyn Ranged| lines.line(node.range().start().to_usize());
    // future.c: only a docstring and other future imports may precede a future import.
    let mut future_line = 0;
    let mut seen_doc = false;
    for stmt in &module.body {
        match stmt {
            Stmt::ImportFrom(imp)
                if imp.level == 0
                    && imp
                        .module
                        .as_ref()
                        .is_some_and(|m| m.as_str() == "__future__") =>
            {
                for alias in &imp.names {
                    let name = alias.name.as_str();
                    if name == "braces" {
                        return Some(syntax_at("not a chance", line(stmt)));
                    }
                    if !FUTURE_FEATURES.contains(&name) {
                        return Some(syntax_at(
                            format!("future feature {name} is not defined"),
                            line(stmt),
                        ));
                    }
                }
                future_line = line(stmt);
            }
            Stmt::Expr(e) if !seen_doc && matches!(*e.value, Expr::StringLiteral(_)) => {
                seen_doc = true
            }
            _ => break,
        }
    }
    let mut table = SymTable::new(&lines);
    table.body(&module.body, 0);
    if let Some(info) = table.error.take() {
        return Some(info);
    }
    if let Some(info) = table.analyse() {
        return Some(info);
    }
    let mut compiler = Compiler {
        lines: &lines,
        scopes: vec![Scope::Module],
        loops: vec![0],
        future_line,
        error: None,
    };
    compiler.body(&module.body, 0);
    compiler.error
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scope {
    Module,
    Class,
    Function { is_async: bool, generator: bool },
    Lambda,
    Comprehension(&'static str),
}

const PARAM: u16 = 1;
const LOCAL: u16 = 2;
const USE: u16 = 4;
const ANNOT: u16 = 8;
const GLOBAL: u16 = 16;
const NONLOCAL: u16 = 32;
const IMPORT: u16 = 64;
const COMP_ITER: u16 = 128;
/// Bound by a walrus inside this comprehension (the binding goes to the enclosing scope).
const WALRUS: u16 = 256;

struct SymScope {
    kind: Scope,
    parent: Option<usize>,
    flags: std::collections::HashMap<String, u16>,
    nonlocals: Vec<(String, usize)>,
    /// Line of the first `global`/`nonlocal` naming each name.
    directives: std::collections::HashMap<String, usize>,
}

/// The parts of CPython's `symtable.c` that raise SyntaxError.
struct SymTable<'s> {
    lines: &'s LineIndex,
    scopes: Vec<SymScope>,
    current: usize,
    error: Option<SyntaxErrorInfo>,
    /// Inside a comprehension's iterable expression.
    comp_iter: usize,
}

impl<'s> SymTable<'s> {
    fn new(lines: &'s LineIndex) -> SymTable<'s> {
        let module = SymScope {
            kind: Scope::Module,
            parent: None,
            flags: Default::default(),
            nonlocals: Vec::new(),
            directives: Default::default(),
        };
        SymTable {
            lines,
            scopes: vec![module],
            current: 0,
            error: None,
            comp_iter: 0,
        }
    }

    fn line(&self, node: &dyn Ranged) -> usize {
        self.lines.line(node.range().start().to_usize())
    }

    fn fail(&mut self, msg: String, line: usize) {
        if self.error.is_none() {
            self.error = Some(syntax_at(msg, line));
        }
    }

    fn flags(&self, name: &str) -> u16 {
        self.scopes
            .get(self.current)
            .and_then(|s| s.flags.get(name).copied())
            .unwrap_or(0)
    }

    fn add(&mut self, name: &str, flag: u16) {
        if let Some(scope) = self.scopes.get_mut(self.current) {
            *scope.flags.entry(name.to_string()).or_insert(0) |= flag;
        }
    }

    fn enter(&mut self, kind: Scope) -> usize {
        let saved = self.current;
        self.scopes.push(SymScope {
            kind,
            parent: Some(saved),
            flags: Default::default(),
            nonlocals: Vec::new(),
            directives: Default::default(),
        });
        self.current = self.scopes.len() - 1;
        saved
    }

    fn body(&mut self, body: &[Stmt], depth: usize) {
        for stmt in body {
            if self.error.is_some() {
                return;
            }
            self.stmt(stmt, depth + 1);
        }
    }

    fn params(&mut self, params: &ast::Parameters) {
        let all = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .map(|p| &p.parameter)
            .chain(params.vararg.as_deref())
            .chain(params.kwonlyargs.iter().map(|p| &p.parameter))
            .chain(params.kwarg.as_deref());
        for p in all {
            let name = p.name.as_str();
            if self.flags(name) & PARAM != 0 {
                let line = self.line(p);
                self.fail(
                    format!("duplicate argument '{name}' in function definition"),
                    line,
                );
                return;
            }
            self.add(name, PARAM);
        }
    }

    fn param_exprs(&mut self, params: &ast::Parameters, depth: usize) {
        let with_defaults = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .chain(params.kwonlyargs.iter());
        for p in with_defaults.clone() {
            if let Some(d) = &p.default {
                self.expr(d, depth);
            }
        }
        for p in with_defaults {
            if let Some(a) = &p.parameter.annotation {
                self.expr(a, depth);
            }
        }
        for p in params.vararg.iter().chain(params.kwarg.iter()) {
            if let Some(a) = &p.annotation {
                self.expr(a, depth);
            }
        }
    }

    fn declare(&mut self, names: &[ast::Identifier], flag: u16, stmt: &Stmt) {
        let what = if flag == GLOBAL { "global" } else { "nonlocal" };
        for name in names {
            let name = name.as_str();
            let cur = self.flags(name);
            let problem = if cur & PARAM != 0 {
                Some(format!("name '{name}' is parameter and {what}"))
            } else if cur & USE != 0 {
                Some(format!("name '{name}' is used prior to {what} declaration"))
            } else if cur & ANNOT != 0 {
                Some(format!("annotated name '{name}' can't be {what}"))
            } else if cur & LOCAL != 0 {
                Some(format!(
                    "name '{name}' is assigned to before {what} declaration"
                ))
            } else {
                None
            };
            if let Some(msg) = problem {
                let line = self.line(stmt);
                self.fail(msg, line);
                return;
            }
            self.add(name, flag);
            let line = self.line(stmt);
            if let Some(scope) = self.scopes.get_mut(self.current) {
                scope.directives.entry(name.to_string()).or_insert(line);
            }
            if flag == NONLOCAL {
                let line = self.line(stmt);
                if let Some(scope) = self.scopes.get_mut(self.current) {
                    scope.nonlocals.push((name.to_string(), line));
                }
            }
        }
    }

    fn stmt(&mut self, stmt: &Stmt, depth: usize) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        match stmt {
            Stmt::FunctionDef(f) => {
                self.add(f.name.as_str(), LOCAL);
                self.param_exprs(&f.parameters, depth);
                if let Some(r) = &f.returns {
                    self.expr(r, depth);
                }
                for d in &f.decorator_list {
                    self.expr(&d.expression, depth);
                }
                let saved = self.enter(Scope::Function {
                    is_async: f.is_async,
                    generator: false,
                });
                self.params(&f.parameters);
                self.body(&f.body, depth);
                self.current = saved;
            }
            Stmt::ClassDef(c) => {
                self.add(c.name.as_str(), LOCAL);
                if let Some(args) = &c.arguments {
                    for a in args.args.iter() {
                        self.expr(a, depth);
                    }
                    for k in &args.keywords {
                        self.expr(&k.value, depth);
                    }
                }
                for d in &c.decorator_list {
                    self.expr(&d.expression, depth);
                }
                let saved = self.enter(Scope::Class);
                self.body(&c.body, depth);
                self.current = saved;
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    let cur = self.flags(n.id.as_str());
                    if cur & (GLOBAL | NONLOCAL) != 0 && self.current != 0 && a.simple {
                        let what = if cur & GLOBAL != 0 {
                            "global"
                        } else {
                            "nonlocal"
                        };
                        let line = self.line(stmt);
                        self.fail(
                            format!("annotated name '{}' can't be {what}", n.id.as_str()),
                            line,
                        );
                        return;
                    }
                    self.add(n.id.as_str(), ANNOT | LOCAL);
                } else {
                    self.expr(&a.target, depth);
                }
                self.expr(&a.annotation, depth);
                if let Some(v) = &a.value {
                    self.expr(v, depth);
                }
            }
            Stmt::Global(g) => self.declare(&g.names, GLOBAL, stmt),
            Stmt::Nonlocal(n) => self.declare(&n.names, NONLOCAL, stmt),
            Stmt::Import(imp) => {
                for alias in &imp.names {
                    let bound = alias.asname.as_ref().map_or_else(
                        || {
                            alias
                                .name
                                .as_str()
                                .split('.')
                                .next()
                                .unwrap_or("")
                                .to_string()
                        },
                        |a| a.as_str().to_string(),
                    );
                    self.add(&bound, IMPORT);
                }
            }
            Stmt::ImportFrom(imp) => {
                for alias in &imp.names {
                    if alias.name.as_str() == "*" {
                        if self.current != 0 {
                            let line = self.line(stmt);
                            self.fail("import * only allowed at module level".to_string(), line);
                            return;
                        }
                        continue;
                    }
                    let bound = alias
                        .asname
                        .as_ref()
                        .unwrap_or(&alias.name)
                        .as_str()
                        .to_string();
                    self.add(&bound, IMPORT);
                }
            }
            Stmt::Try(t) => {
                self.body(&t.body, depth);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty, depth);
                    }
                    if let Some(name) = &h.name {
                        self.add(name.as_str(), LOCAL);
                    }
                    self.body(&h.body, depth);
                }
                self.body(&t.orelse, depth);
                self.body(&t.finalbody, depth);
            }
            _ => {
                let mut v = SymVisit { table: self, depth };
                ruff_python_ast::visitor::walk_stmt(&mut v, stmt);
            }
        }
    }

    fn expr(&mut self, e: &Expr, depth: usize) {
        if depth > MAX_WALK_DEPTH || self.error.is_some() {
            return;
        }
        match e {
            Expr::Name(n) => {
                let flag = if n.ctx == ast::ExprContext::Load {
                    USE
                } else {
                    LOCAL
                };
                self.add(n.id.as_str(), flag);
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.param_exprs(p, depth + 1);
                }
                let saved = self.enter(Scope::Lambda);
                if let Some(p) = &l.parameters {
                    self.params(p);
                }
                self.expr(&l.body, depth + 1);
                self.current = saved;
            }
            Expr::ListComp(c) => {
                self.comprehension("list comprehension", &c.generators, &[&c.elt], depth)
            }
            Expr::SetComp(c) => {
                self.comprehension("set comprehension", &c.generators, &[&c.elt], depth)
            }
            Expr::Generator(c) => {
                self.comprehension("generator expression", &c.generators, &[&c.elt], depth)
            }
            Expr::DictComp(c) => {
                let mut parts: Vec<&Expr> = Vec::new();
                if let Some(k) = &c.key {
                    parts.push(k);
                }
                parts.push(&c.value);
                self.comprehension("dict comprehension", &c.generators, &parts, depth);
            }
            Expr::Named(n) => {
                self.expr(&n.value, depth + 1);
                if self.error.is_some() {
                    return;
                }
                if self.comp_iter > 0 {
                    let line = self.line(e);
                    self.fail(
                        "assignment expression cannot be used in a comprehension iterable expression".to_string(),
                        line,
                    );
                    return;
                }
                if let Expr::Name(target) = &*n.target {
                    self.named_target(target.id.as_str(), e);
                }
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                if let Some(Scope::Comprehension(what)) =
                    self.scopes.get(self.current).map(|s| s.kind)
                {
                    let line = self.line(e);
                    self.fail(format!("'yield' inside {what}"), line);
                    return;
                }
                let mut v = SymVisit { table: self, depth };
                ruff_python_ast::visitor::walk_expr(&mut v, e);
            }
            _ => {
                let mut v = SymVisit { table: self, depth };
                ruff_python_ast::visitor::walk_expr(&mut v, e);
            }
        }
    }

    /// Where a walrus inside comprehensions binds: not an iteration variable, not a class.
    fn named_target(&mut self, name: &str, e: &Expr) {
        let mut k = Some(self.current);
        while let Some(idx) = k {
            let Some(scope) = self.scopes.get(idx) else {
                break;
            };
            let (kind, flags, parent) = (
                scope.kind,
                scope.flags.get(name).copied().unwrap_or(0),
                scope.parent,
            );
            match kind {
                Scope::Comprehension(_) => {
                    if flags & COMP_ITER != 0 {
                        let line = self.line(e);
                        self.fail(
                            format!("assignment expression cannot rebind comprehension iteration variable '{name}'"),
                            line,
                        );
                        return;
                    }
                    if let Some(sc) = self.scopes.get_mut(idx) {
                        *sc.flags.entry(name.to_string()).or_insert(0) |= WALRUS;
                    }
                }
                Scope::Class => {
                    if idx != self.current {
                        let line = self.line(e);
                        self.fail(
                            "assignment expression within a comprehension cannot be used in a class body".to_string(),
                            line,
                        );
                    } else {
                        self.bind_in(idx, name);
                    }
                    return;
                }
                _ => {
                    self.bind_in(idx, name);
                    return;
                }
            }
            k = parent;
        }
    }

    fn bind_in(&mut self, idx: usize, name: &str) {
        if let Some(scope) = self.scopes.get_mut(idx) {
            *scope.flags.entry(name.to_string()).or_insert(0) |= LOCAL;
        }
    }

    fn comp_targets(&mut self, target: &Expr) {
        match target {
            Expr::Name(n) => {
                let name = n.id.as_str();
                if self.flags(name) & WALRUS != 0 {
                    let line = self.line(target);
                    self.fail(
                        format!("comprehension inner loop cannot rebind assignment expression target '{name}'"),
                        line,
                    );
                    return;
                }
                self.add(name, COMP_ITER | LOCAL);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for x in elts {
                    self.comp_targets(x);
                }
            }
            Expr::Starred(st) => self.comp_targets(&st.value),
            _ => {}
        }
    }

    fn comprehension(
        &mut self,
        what: &'static str,
        gens: &[ast::Comprehension],
        parts: &[&Expr],
        depth: usize,
    ) {
        let Some(first) = gens.first() else { return };
        self.comp_iter += 1;
        self.expr(&first.iter, depth + 1);
        self.comp_iter -= 1;
        let saved = self.enter(Scope::Comprehension(what));
        for (n, g) in gens.iter().enumerate() {
            // CPython visits each loop's target, then (after the first) its iterable.
            self.comp_targets(&g.target);
            self.expr(&g.target, depth + 1);
            if n > 0 {
                self.comp_iter += 1;
                self.expr(&g.iter, depth + 1);
                self.comp_iter -= 1;
            }
            for cond in &g.ifs {
                self.expr(cond, depth + 1);
            }
        }
        for p in parts {
            self.expr(p, depth + 1);
        }
        self.current = saved;
    }

    /// `analyze_block`: nonlocal declarations need a binding in an enclosing function.
    fn analyse(&self) -> Option<SyntaxErrorInfo> {
        for scope in &self.scopes {
            for (name, line) in &scope.nonlocals {
                if scope.kind == Scope::Module {
                    return Some(syntax_at(
                        "nonlocal declaration not allowed at module level",
                        *line,
                    ));
                }
                let flags = scope.flags.get(name).copied().unwrap_or(0);
                if flags & GLOBAL != 0 {
                    let first = scope.directives.get(name).copied().unwrap_or(*line);
                    return Some(syntax_at(
                        format!("name '{name}' is nonlocal and global"),
                        first,
                    ));
                }
                let mut parent = scope.parent;
                let mut bound = false;
                while let Some(p) = parent {
                    let Some(outer) = self.scopes.get(p) else {
                        break;
                    };
                    if matches!(
                        outer.kind,
                        Scope::Function { .. } | Scope::Lambda | Scope::Comprehension(_)
                    ) {
                        let f = outer.flags.get(name).copied().unwrap_or(0);
                        if f & GLOBAL != 0 {
                            break;
                        }
                        if f & (LOCAL | PARAM | IMPORT) != 0 {
                            bound = true;
                            break;
                        }
                    }
                    parent = outer.parent;
                }
                if !bound {
                    return Some(syntax_at(
                        format!("no binding for nonlocal '{name}' found"),
                        *line,
                    ));
                }
            }
        }
        None
    }
}

/// Lets the symbol table reuse Ruff's visitor for the plain parts of the tree.
struct SymVisit<'t, 's> {
    table: &'t mut SymTable<'s>,
    depth: usize,
}

impl<'a> ruff_python_ast::visitor::Visitor<'a> for SymVisit<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.table.stmt(stmt, self.depth + 1);
    }
    fn visit_expr(&mut self, expr: &'a Expr) {
        self.table.expr(expr, self.depth + 1);
    }
    fn visit_pattern(&mut self, pattern: &'a ast::Pattern) {
        match pattern {
            ast::Pattern::MatchAs(ast::PatternMatchAs { name: Some(n), .. })
            | ast::Pattern::MatchStar(ast::PatternMatchStar { name: Some(n), .. }) => {
                self.table.add(n.as_str(), LOCAL)
            }
            ast::Pattern::MatchMapping(ast::PatternMatchMapping { rest: Some(n), .. }) => {
                self.table.add(n.as_str(), LOCAL)
            }
            _ => {}
        }
        ruff_python_ast::visitor::walk_pattern(self, pattern);
    }
}

/// The parts of CPython's `compile.c` that raise SyntaxError.
struct Compiler<'s> {
    lines: &'s LineIndex,
    scopes: Vec<Scope>,
    /// Enclosing loops, counted per scope.
    loops: Vec<usize>,
    future_line: usize,
    error: Option<SyntaxErrorInfo>,
}

impl Compiler<'_> {
    fn line(&self, node: &dyn Ranged) -> usize {
        self.lines.line(node.range().start().to_usize())
    }

    fn fail(&mut self, msg: impl Into<String>, node: &dyn Ranged) {
        if self.error.is_none() {
            let line = self.line(node);
            self.error = Some(syntax_at(msg, line));
        }
    }

    fn scope(&self) -> Scope {
        self.scopes.last().copied().unwrap_or(Scope::Module)
    }

    fn in_loop(&self) -> bool {
        self.loops.last().is_some_and(|n| *n > 0)
    }

    fn with_scope(&mut self, scope: Scope, f: impl FnOnce(&mut Self)) {
        self.scopes.push(scope);
        self.loops.push(0);
        f(self);
        self.scopes.pop();
        self.loops.pop();
    }

    fn in_loop_body(&mut self, body: &[Stmt], depth: usize) {
        if let Some(n) = self.loops.last_mut() {
            *n += 1;
        }
        self.body(body, depth);
        if let Some(n) = self.loops.last_mut() {
            *n = n.saturating_sub(1);
        }
    }

    fn body(&mut self, body: &[Stmt], depth: usize) {
        for stmt in body {
            if self.error.is_some() {
                return;
            }
            self.stmt(stmt, depth + 1);
        }
    }

    fn debug_param(&mut self, params: &ast::Parameters) {
        let all = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .map(|p| &p.parameter)
            .chain(params.vararg.as_deref())
            .chain(params.kwonlyargs.iter().map(|p| &p.parameter))
            .chain(params.kwarg.as_deref());
        for p in all {
            if p.name.as_str() == "__debug__" {
                self.fail("cannot assign to __debug__", p);
            }
        }
    }

    fn params(&mut self, params: &ast::Parameters, depth: usize) {
        for p in params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .chain(params.kwonlyargs.iter())
        {
            if let Some(d) = &p.default {
                self.expr(d, depth, false);
            }
        }
        let annotated = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .chain(params.kwonlyargs.iter())
            .filter_map(|p| p.parameter.annotation.as_deref())
            .chain(
                params
                    .vararg
                    .iter()
                    .chain(params.kwarg.iter())
                    .filter_map(|p| p.annotation.as_deref()),
            );
        for a in annotated {
            // `*args: *Ts` is allowed since 3.11.
            self.expr(a, depth, true);
        }
    }

    fn target(&mut self, e: &Expr, depth: usize) {
        match e {
            Expr::Starred(s) => {
                self.fail("starred assignment target must be in a list or tuple", e);
                self.expr(&s.value, depth, false);
            }
            Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => {
                if elts.iter().filter(|x| x.is_starred_expr()).count() > 1 {
                    self.fail("multiple starred expressions in assignment", e);
                }
                for x in elts {
                    match x {
                        Expr::Starred(s) => self.target(&s.value, depth + 1),
                        _ => self.target(x, depth + 1),
                    }
                }
            }
            _ => self.expr(e, depth, false),
        }
    }

    fn stmt(&mut self, stmt: &Stmt, depth: usize) {
        if depth > MAX_WALK_DEPTH || self.error.is_some() {
            return;
        }
        match stmt {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(&d.expression, depth, false);
                }
                if f.name.as_str() == "__debug__" {
                    self.fail("cannot assign to __debug__", stmt);
                }
                self.params(&f.parameters, depth);
                if let Some(r) = &f.returns {
                    self.expr(r, depth, false);
                }
                self.debug_param(&f.parameters);
                let generator = contains_yield(&f.body);
                self.with_scope(
                    Scope::Function {
                        is_async: f.is_async,
                        generator,
                    },
                    |c| c.body(&f.body, depth),
                );
            }
            Stmt::ClassDef(cls) => {
                for d in &cls.decorator_list {
                    self.expr(&d.expression, depth, false);
                }
                if cls.name.as_str() == "__debug__" {
                    self.fail("cannot assign to __debug__", stmt);
                }
                if let Some(args) = &cls.arguments {
                    self.arguments(args, depth);
                }
                self.with_scope(Scope::Class, |c| c.body(&cls.body, depth));
            }
            Stmt::Return(r) => {
                match self.scope() {
                    Scope::Function {
                        is_async: true,
                        generator: true,
                    } if r.value.is_some() => {
                        self.fail("'return' with value in async generator", stmt);
                    }
                    Scope::Function { .. } => {}
                    _ => self.fail("'return' outside function", stmt),
                }
                if let Some(v) = &r.value {
                    self.expr(v, depth, false);
                }
            }
            Stmt::Break(_) if !self.in_loop() => self.fail("'break' outside loop", stmt),
            Stmt::Continue(_) if !self.in_loop() => {
                self.fail("'continue' not properly in loop", stmt)
            }
            Stmt::For(f) => {
                if f.is_async && !matches!(self.scope(), Scope::Function { is_async: true, .. }) {
                    self.fail("'async for' outside async function", stmt);
                }
                self.expr(&f.iter, depth, false);
                self.target(&f.target, depth);
                self.in_loop_body(&f.body, depth);
                self.body(&f.orelse, depth);
            }
            Stmt::While(w) => {
                self.expr(&w.test, depth, false);
                self.in_loop_body(&w.body, depth);
                self.body(&w.orelse, depth);
            }
            Stmt::With(w) => {
                if w.is_async && !matches!(self.scope(), Scope::Function { is_async: true, .. }) {
                    self.fail("'async with' outside async function", stmt);
                }
                for item in &w.items {
                    self.expr(&item.context_expr, depth, false);
                    if let Some(v) = &item.optional_vars {
                        self.target(v, depth);
                    }
                }
                self.body(&w.body, depth);
            }
            Stmt::Assign(a) => {
                self.expr(&a.value, depth, false);
                for t in &a.targets {
                    self.target(t, depth);
                }
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.target, depth, false);
                self.expr(&a.value, depth, false);
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v, depth, false);
                }
                self.target(&a.target, depth);
                self.expr(&a.annotation, depth, false);
            }
            Stmt::Try(t) => {
                self.body(&t.body, depth);
                let n = t.handlers.len();
                for (k, h) in t.handlers.iter().enumerate() {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if h.type_.is_none() && k + 1 < n {
                        self.fail("default 'except:' must be last", h);
                    }
                    if let Some(ty) = &h.type_ {
                        self.expr(ty, depth, false);
                    }
                    self.body(&h.body, depth);
                }
                self.body(&t.orelse, depth);
                self.body(&t.finalbody, depth);
            }
            Stmt::Import(imp) => {
                for alias in &imp.names {
                    let bound = alias.asname.as_ref().map_or_else(
                        || alias.name.as_str().split('.').next().unwrap_or(""),
                        |a| a.as_str(),
                    );
                    if bound == "__debug__" {
                        self.fail("cannot assign to __debug__", stmt);
                    }
                }
            }
            Stmt::ImportFrom(imp) => {
                for alias in &imp.names {
                    if alias.asname.as_ref().unwrap_or(&alias.name).as_str() == "__debug__" {
                        self.fail("cannot assign to __debug__", stmt);
                    }
                }
                if imp.level == 0
                    && imp
                        .module
                        .as_ref()
                        .is_some_and(|m| m.as_str() == "__future__")
                    && self.line(stmt) > self.future_line
                {
                    self.fail(
                        "from __future__ imports must occur at the beginning of the file",
                        stmt,
                    );
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.expr(t, depth, false);
                }
            }
            Stmt::If(i) => {
                self.expr(&i.test, depth, false);
                self.body(&i.body, depth);
                for clause in &i.elif_else_clauses {
                    if let Some(test) = &clause.test {
                        self.expr(test, depth, false);
                    }
                    self.body(&clause.body, depth);
                }
            }
            Stmt::Match(m) => {
                self.expr(&m.subject, depth, false);
                let n = m.cases.len();
                for (k, case) in m.cases.iter().enumerate() {
                    // Only the last case, or one with a guard, may match everything.
                    self.pattern(&case.pattern, case.guard.is_some() || k + 1 == n, depth);
                    let mut names = Vec::new();
                    self.pattern_names(&case.pattern, &mut names, depth);
                    if let Some(g) = &case.guard {
                        self.expr(g, depth, false);
                    }
                    self.body(&case.body, depth);
                }
            }
            Stmt::Expr(e) => self.expr(&e.value, depth, false),
            Stmt::Raise(r) => {
                if let Some(x) = &r.exc {
                    self.expr(x, depth, false);
                }
                if let Some(x) = &r.cause {
                    self.expr(x, depth, false);
                }
            }
            Stmt::Assert(a) => {
                self.expr(&a.test, depth, false);
                if let Some(m) = &a.msg {
                    self.expr(m, depth, false);
                }
            }
            _ => {}
        }
    }

    /// Names a pattern binds, in order; `None` when a name is bound twice (CPython's
    /// "multiple assignments to name ... in pattern" is reported by the caller).
    fn pattern_names(&mut self, p: &ast::Pattern, names: &mut Vec<String>, depth: usize) {
        if depth > MAX_WALK_DEPTH || self.error.is_some() {
            return;
        }
        let d = depth + 1;
        let bind = |c: &mut Self, name: &str, node: &ast::Pattern, names: &mut Vec<String>| {
            if names.iter().any(|n| n == name) {
                c.fail(
                    format!("multiple assignments to name '{name}' in pattern"),
                    node,
                );
            } else {
                names.push(name.to_string());
            }
        };
        match p {
            ast::Pattern::MatchAs(a) => {
                if let Some(inner) = &a.pattern {
                    self.pattern_names(inner, names, d);
                }
                if let Some(n) = &a.name {
                    bind(self, n.as_str(), p, names);
                }
            }
            ast::Pattern::MatchStar(st) => {
                if let Some(n) = &st.name {
                    bind(self, n.as_str(), p, names);
                }
            }
            ast::Pattern::MatchSequence(sq) => {
                for sub in &sq.patterns {
                    self.pattern_names(sub, names, d);
                }
            }
            ast::Pattern::MatchMapping(mm) => {
                let mut keys: Vec<String> = Vec::new();
                for key in &mm.keys {
                    let shown = match key {
                        Expr::StringLiteral(sl) => Some(py_str_repr(sl.value.to_str())),
                        Expr::NumberLiteral(ast::ExprNumberLiteral {
                            value: ast::Number::Int(i),
                            ..
                        }) => Some(i.to_string()),
                        Expr::NoneLiteral(_) => Some("None".to_string()),
                        Expr::BooleanLiteral(b) => {
                            Some(if b.value { "True" } else { "False" }.to_string())
                        }
                        _ => None,
                    };
                    if let Some(shown) = shown {
                        if keys.contains(&shown) {
                            self.fail(format!("mapping pattern checks duplicate key ({shown})"), p);
                        }
                        keys.push(shown);
                    }
                }
                for sub in &mm.patterns {
                    self.pattern_names(sub, names, d);
                }
                if let Some(rest) = &mm.rest {
                    bind(self, rest.as_str(), p, names);
                }
            }
            ast::Pattern::MatchClass(c) => {
                let mut attrs: Vec<&str> = Vec::new();
                for k in &c.arguments.keywords {
                    if attrs.contains(&k.attr.as_str()) {
                        self.fail(
                            format!(
                                "attribute name repeated in class pattern: {}",
                                k.attr.as_str()
                            ),
                            &k.pattern,
                        );
                    }
                    attrs.push(k.attr.as_str());
                }
                for sub in c
                    .arguments
                    .patterns
                    .iter()
                    .chain(c.arguments.keywords.iter().map(|k| &k.pattern))
                {
                    self.pattern_names(sub, names, d);
                }
            }
            ast::Pattern::MatchOr(o) => {
                let mut first: Option<Vec<String>> = None;
                for alt in &o.patterns {
                    let mut alt_names = Vec::new();
                    self.pattern_names(alt, &mut alt_names, d);
                    match &first {
                        None => first = Some(alt_names),
                        Some(f) => {
                            let mut a = f.clone();
                            let mut b = alt_names;
                            a.sort();
                            b.sort();
                            if a != b {
                                self.fail("alternative patterns bind different names", p);
                            }
                        }
                    }
                }
                for n in first.unwrap_or_default() {
                    bind(self, &n, p, names);
                }
            }
            _ => {}
        }
    }

    fn pattern(&mut self, p: &ast::Pattern, allow_irrefutable: bool, depth: usize) {
        if depth > MAX_WALK_DEPTH || self.error.is_some() {
            return;
        }
        let d = depth + 1;
        match p {
            ast::Pattern::MatchAs(a) => match &a.pattern {
                None if !allow_irrefutable => match &a.name {
                    Some(name) => self.fail(
                        format!(
                            "name capture '{}' makes remaining patterns unreachable",
                            name.as_str()
                        ),
                        p,
                    ),
                    None => self.fail("wildcard makes remaining patterns unreachable", p),
                },
                None => {}
                Some(inner) => self.pattern(inner, allow_irrefutable, d),
            },
            ast::Pattern::MatchOr(o) => {
                let n = o.patterns.len();
                for (k, alt) in o.patterns.iter().enumerate() {
                    self.pattern(alt, allow_irrefutable && k + 1 == n, d);
                }
            }
            ast::Pattern::MatchSequence(sq) => {
                if sq
                    .patterns
                    .iter()
                    .filter(|x| matches!(x, ast::Pattern::MatchStar(_)))
                    .count()
                    > 1
                {
                    self.fail("multiple starred names in sequence pattern", p);
                }
                for sub in &sq.patterns {
                    self.pattern(sub, true, d);
                }
            }
            ast::Pattern::MatchMapping(mm) => {
                for sub in &mm.patterns {
                    self.pattern(sub, true, d);
                }
            }
            ast::Pattern::MatchClass(c) => {
                for sub in c
                    .arguments
                    .patterns
                    .iter()
                    .chain(c.arguments.keywords.iter().map(|k| &k.pattern))
                {
                    self.pattern(sub, true, d);
                }
            }
            _ => {}
        }
    }

    fn arguments(&mut self, args: &ast::Arguments, depth: usize) {
        let mut seen: HashSet<&str> = HashSet::new();
        for k in &args.keywords {
            if let Some(arg) = &k.arg {
                if arg.as_str() == "__debug__" {
                    self.fail("cannot assign to __debug__", k);
                }
                if !seen.insert(arg.as_str()) {
                    self.fail(format!("keyword argument repeated: {}", arg.as_str()), k);
                }
            }
        }
        for a in args.args.iter() {
            self.expr(a, depth + 1, true);
        }
        for k in &args.keywords {
            self.expr(&k.value, depth + 1, false);
        }
    }

    fn comprehension(
        &mut self,
        kind: &'static str,
        gens: &[ast::Comprehension],
        parts: &[&Expr],
        depth: usize,
    ) {
        let Some(first) = gens.first() else { return };
        self.expr(&first.iter, depth + 1, false);
        let is_async = gens.iter().any(|g| g.is_async)
            || parts.iter().any(|p| contains_await(p, 0))
            || gens
                .iter()
                .flat_map(|g| g.ifs.iter())
                .any(|c| contains_await(c, 0))
            || gens.iter().skip(1).any(|g| contains_await(&g.iter, 0));
        let outer = self.scope();
        let outer_ok = matches!(
            outer,
            Scope::Function { is_async: true, .. } | Scope::Comprehension(_)
        );
        if is_async
            && kind != "generator expression"
            && !outer_ok
            && let Some(p) = parts.first()
        {
            self.fail(
                "asynchronous comprehension outside of an asynchronous function",
                *p,
            );
        }
        self.with_scope(Scope::Comprehension(kind), |c| {
            for (n, g) in gens.iter().enumerate() {
                c.target(&g.target, depth + 1);
                if n > 0 {
                    c.expr(&g.iter, depth + 1, false);
                }
                for cond in &g.ifs {
                    c.expr(cond, depth + 1, false);
                }
            }
            for p in parts {
                c.expr(p, depth + 1, false);
            }
        });
    }

    /// Visits an expression; `star_ok` when a starred item is allowed right here.
    fn expr(&mut self, e: &Expr, depth: usize, star_ok: bool) {
        if depth > MAX_WALK_DEPTH || self.error.is_some() {
            return;
        }
        let d = depth + 1;
        match e {
            Expr::Starred(s) => {
                if !star_ok {
                    if s.ctx == ast::ExprContext::Store {
                        self.fail("starred assignment target must be in a list or tuple", e);
                    } else {
                        self.fail("can't use starred expression here", e);
                    }
                }
                self.expr(&s.value, d, false);
            }
            Expr::Name(n) => {
                if n.id.as_str() == "__debug__" {
                    match n.ctx {
                        ast::ExprContext::Store => self.fail("cannot assign to __debug__", e),
                        ast::ExprContext::Del => self.fail("cannot delete __debug__", e),
                        _ => {}
                    }
                }
            }
            Expr::Attribute(a) => {
                if a.attr.as_str() == "__debug__" {
                    match a.ctx {
                        ast::ExprContext::Store => self.fail("cannot assign to __debug__", e),
                        ast::ExprContext::Del => self.fail("cannot delete __debug__", e),
                        _ => {}
                    }
                }
                self.expr(&a.value, d, false);
            }
            Expr::List(ast::ExprList { elts, .. })
            | Expr::Tuple(ast::ExprTuple { elts, .. })
            | Expr::Set(ast::ExprSet { elts, .. }) => {
                for x in elts {
                    self.expr(x, d, true);
                }
            }
            Expr::Call(c) => {
                self.expr(&c.func, d, false);
                self.arguments(&c.arguments, d);
            }
            Expr::Subscript(s) => {
                self.expr(&s.value, d, false);
                self.expr(&s.slice, d, true);
            }
            Expr::Yield(y) => {
                if matches!(self.scope(), Scope::Module | Scope::Class) {
                    self.fail("'yield' outside function", e);
                }
                if let Some(v) = &y.value {
                    self.expr(v, d, false);
                }
            }
            Expr::YieldFrom(y) => {
                match self.scope() {
                    Scope::Module | Scope::Class => self.fail("'yield' outside function", e),
                    Scope::Function { is_async: true, .. } => {
                        self.fail("'yield from' inside async function", e)
                    }
                    _ => {}
                }
                self.expr(&y.value, d, false);
            }
            Expr::Await(a) => {
                match self.scope() {
                    Scope::Module | Scope::Class => self.fail("'await' outside function", e),
                    Scope::Function {
                        is_async: false, ..
                    }
                    | Scope::Lambda => self.fail("'await' outside async function", e),
                    _ => {}
                }
                self.expr(&a.value, d, false);
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.params(p, d);
                    self.debug_param(p);
                }
                self.with_scope(Scope::Lambda, |c| c.expr(&l.body, d, false));
            }
            Expr::ListComp(c) => {
                self.comprehension("list comprehension", &c.generators, &[&c.elt], d)
            }
            Expr::SetComp(c) => {
                self.comprehension("set comprehension", &c.generators, &[&c.elt], d)
            }
            Expr::Generator(c) => {
                self.comprehension("generator expression", &c.generators, &[&c.elt], d)
            }
            Expr::DictComp(c) => {
                let mut parts: Vec<&Expr> = Vec::new();
                if let Some(k) = &c.key {
                    parts.push(k);
                }
                parts.push(&c.value);
                self.comprehension("dict comprehension", &c.generators, &parts, d);
            }
            _ => {
                let mut v = CompileVisit {
                    compiler: self,
                    depth: d,
                };
                ruff_python_ast::visitor::walk_expr(&mut v, e);
            }
        }
    }
}

struct CompileVisit<'c, 's> {
    compiler: &'c mut Compiler<'s>,
    depth: usize,
}

impl<'a> ruff_python_ast::visitor::Visitor<'a> for CompileVisit<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.compiler.stmt(stmt, self.depth);
    }
    fn visit_expr(&mut self, expr: &'a Expr) {
        self.compiler.expr(expr, self.depth, false);
    }
}

/// Whether a function body yields (not counting nested functions, classes or lambdas).
fn contains_yield(body: &[Stmt]) -> bool {
    struct Finder {
        found: bool,
        depth: usize,
    }
    impl<'a> ruff_python_ast::visitor::Visitor<'a> for Finder {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if self.found
                || self.depth > MAX_WALK_DEPTH
                || matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_))
            {
                return;
            }
            self.depth += 1;
            ruff_python_ast::visitor::walk_stmt(self, stmt);
            self.depth -= 1;
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found || self.depth > MAX_WALK_DEPTH {
                return;
            }
            match expr {
                Expr::Yield(_) | Expr::YieldFrom(_) => self.found = true,
                Expr::Lambda(_) => {}
                _ => {
                    self.depth += 1;
                    ruff_python_ast::visitor::walk_expr(self, expr);
                    self.depth -= 1;
                }
            }
        }
    }
    let mut f = Finder {
        found: false,
        depth: 0,
    };
    for s in body {
        ruff_python_ast::visitor::Visitor::visit_stmt(&mut f, s);
    }
    f.found
}

/// Whether an expression awaits (outside nested lambdas).
fn contains_await(e: &Expr, depth: usize) -> bool {
    struct Finder {
        found: bool,
        depth: usize,
    }
    impl<'a> ruff_python_ast::visitor::Visitor<'a> for Finder {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found || self.depth > MAX_WALK_DEPTH {
                return;
            }
            match expr {
                Expr::Await(_) => self.found = true,
                Expr::Lambda(_) => {}
                _ => {
                    self.depth += 1;
                    ruff_python_ast::visitor::walk_expr(self, expr);
                    self.depth -= 1;
                }
            }
        }
    }
    let mut f = Finder {
        found: false,
        depth,
    };
    ruff_python_ast::visitor::Visitor::visit_expr(&mut f, e);
    f.found
}

/// Python's `repr` of a str (enough for mapping-pattern keys).
fn py_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Source, then what CPython 3.11.7 reported for `compile(src, "f.py", "exec")`:
    /// `(type(e).__name__, e.msg, e.lineno)`, or `None` when it compiled.
    type Case = (&'static str, Option<(&'static str, &'static str, usize)>);

    const CASES: &[Case] = &[
        (
            "for epoch in range(10)\n    print(epoch)\n",
            Some(("SyntaxError", "expected ':'", 1)),
        ),
        (
            "x = 1\nif x == 1\n    print(x)\n",
            Some(("SyntaxError", "expected ':'", 2)),
        ),
        (
            "def f()\n    return 1\n",
            Some(("SyntaxError", "expected ':'", 1)),
        ),
        (
            "while True\n    pass\n",
            Some(("SyntaxError", "expected ':'", 1)),
        ),
        (
            "if x:\n    pass\nelse\n    pass\n",
            Some(("SyntaxError", "expected ':'", 3)),
        ),
        (
            "if x:\n    pass\nelif y\n    pass\n",
            Some(("SyntaxError", "expected ':'", 3)),
        ),
        (
            "try\n    pass\nexcept:\n    pass\n",
            Some(("SyntaxError", "expected ':'", 1)),
        ),
        (
            "try:\n    pass\nexcept ValueError\n    pass\n",
            Some(("SyntaxError", "expected ':'", 3)),
        ),
        (
            "try:\n    pass\nexcept\n    pass\n",
            Some(("SyntaxError", "expected ':'", 3)),
        ),
        (
            "with open(f) as g\n    pass\n",
            Some(("SyntaxError", "expected ':'", 1)),
        ),
        (
            "class A\n    pass\n",
            Some(("SyntaxError", "expected ':'", 1)),
        ),
        (
            "class A(B)\n    pass\n",
            Some(("SyntaxError", "expected ':'", 1)),
        ),
        (
            "import os\n\n\n\nfor i in range(3):\nprint(i)\n",
            Some((
                "IndentationError",
                "expected an indented block after 'for' statement on line 5",
                6,
            )),
        ),
        (
            "if x:\nprint(x)\n",
            Some((
                "IndentationError",
                "expected an indented block after 'if' statement on line 1",
                2,
            )),
        ),
        (
            "def f():\nreturn 1\n",
            Some((
                "IndentationError",
                "expected an indented block after function definition on line 1",
                2,
            )),
        ),
        (
            "while x:\nx -= 1\n",
            Some((
                "IndentationError",
                "expected an indented block after 'while' statement on line 1",
                2,
            )),
        ),
        (
            "if x:\n    pass\nelse:\npass\n",
            Some((
                "IndentationError",
                "expected an indented block after 'else' statement on line 3",
                4,
            )),
        ),
        (
            "try:\nx = 1\nexcept:\n    pass\n",
            Some((
                "IndentationError",
                "expected an indented block after 'try' statement on line 1",
                2,
            )),
        ),
        (
            "try:\n    x = 1\nexcept:\npass\n",
            Some((
                "IndentationError",
                "expected an indented block after 'except' statement on line 3",
                4,
            )),
        ),
        (
            "try:\n    x = 1\nexcept ValueError:\npass\n",
            Some((
                "IndentationError",
                "expected an indented block after 'except' statement on line 3",
                4,
            )),
        ),
        (
            "try:\n    x = 1\nexcept ValueError as e:\npass\n",
            Some((
                "IndentationError",
                "expected an indented block after 'except' statement on line 3",
                4,
            )),
        ),
        (
            "try:\n    x = 1\nfinally:\npass\n",
            Some((
                "IndentationError",
                "expected an indented block after 'finally' statement on line 3",
                4,
            )),
        ),
        (
            "if x:\n    pass\nelif y:\npass\n",
            Some((
                "IndentationError",
                "expected an indented block after 'elif' statement on line 3",
                4,
            )),
        ),
        (
            "with open(f) as g:\npass\n",
            Some((
                "IndentationError",
                "expected an indented block after 'with' statement on line 1",
                2,
            )),
        ),
        (
            "class A:\npass\n",
            Some((
                "IndentationError",
                "expected an indented block after class definition on line 1",
                2,
            )),
        ),
        (
            "for i in x:\n",
            Some((
                "IndentationError",
                "expected an indented block after 'for' statement on line 1",
                1,
            )),
        ),
        (
            "for i in x:",
            Some((
                "IndentationError",
                "expected an indented block after 'for' statement on line 1",
                1,
            )),
        ),
        (
            "def f():\n    # comment\n",
            Some((
                "IndentationError",
                "expected an indented block after function definition on line 1",
                2,
            )),
        ),
        (
            "print(\"a\"",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        (
            "print(\"a\"\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        (
            "x = [1, 2\n",
            Some(("SyntaxError", "'[' was never closed", 1)),
        ),
        ("x = {\n", Some(("SyntaxError", "'{' was never closed", 1))),
        (
            "x = [1, 2\ny = 3\n",
            Some(("SyntaxError", "'[' was never closed", 1)),
        ),
        (
            "print(\"a\"\nx = 1\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        (
            "print(\"a\" 1\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        ("x = 1)\n", Some(("SyntaxError", "unmatched ')'", 1))),
        (
            "foo(]\n",
            Some((
                "SyntaxError",
                "closing parenthesis ']' does not match opening parenthesis '('",
                1,
            )),
        ),
        (
            "(]\n",
            Some((
                "SyntaxError",
                "closing parenthesis ']' does not match opening parenthesis '('",
                1,
            )),
        ),
        (
            "x = (1, 2]\n",
            Some((
                "SyntaxError",
                "closing parenthesis ']' does not match opening parenthesis '('",
                1,
            )),
        ),
        (
            "x = 1\n    y = 2\n",
            Some(("IndentationError", "unexpected indent", 2)),
        ),
        (
            "if x:\n        a = 1\n    b = 2\n",
            Some((
                "IndentationError",
                "unindent does not match any outer indentation level",
                3,
            )),
        ),
        ("x = \n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "print \"hi\"\n",
            Some((
                "SyntaxError",
                "Missing parentheses in call to 'print'. Did you mean print(...)?",
                1,
            )),
        ),
        ("x === 1\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "if x = 1:\n    pass\n",
            Some((
                "SyntaxError",
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                1,
            )),
        ),
        (
            "f(a=1, 2)\n",
            Some((
                "SyntaxError",
                "positional argument follows keyword argument",
                1,
            )),
        ),
        (
            "f(**a, 2)\n",
            Some((
                "SyntaxError",
                "positional argument follows keyword argument unpacking",
                1,
            )),
        ),
        (
            "\"abc\n",
            Some((
                "SyntaxError",
                "unterminated string literal (detected at line 1)",
                1,
            )),
        ),
        (
            "x = 'abc\n",
            Some((
                "SyntaxError",
                "unterminated string literal (detected at line 1)",
                1,
            )),
        ),
        (
            "'''abc\n\n\n",
            Some((
                "SyntaxError",
                "unterminated triple-quoted string literal (detected at line 3)",
                1,
            )),
        ),
        (
            "x = \"\"\"abc\ndef\n",
            Some((
                "SyntaxError",
                "unterminated triple-quoted string literal (detected at line 2)",
                1,
            )),
        ),
        ("1 +* 2\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "f = lambda x: return x\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "return 5\n",
            Some(("SyntaxError", "'return' outside function", 1)),
        ),
        ("break\n", Some(("SyntaxError", "'break' outside loop", 1))),
        (
            "continue\n",
            Some(("SyntaxError", "'continue' not properly in loop", 1)),
        ),
        (
            "f(x for x in y, 1)\n",
            Some((
                "SyntaxError",
                "Generator expression must be parenthesized",
                1,
            )),
        ),
        (
            "def f(a=1, b):\n    pass\n",
            Some((
                "SyntaxError",
                "non-default argument follows default argument",
                1,
            )),
        ),
        (
            "x + 1 = 2\n",
            Some((
                "SyntaxError",
                "cannot assign to expression here. Maybe you meant '==' instead of '='?",
                1,
            )),
        ),
        (
            "None = 1\n",
            Some(("SyntaxError", "cannot assign to None", 1)),
        ),
        (
            "a, b += 1\n",
            Some((
                "SyntaxError",
                "'tuple' is an illegal expression for augmented assignment",
                1,
            )),
        ),
        (
            "lr = 0.1 \u{2044} 2\n",
            Some(("SyntaxError", "invalid character '\u{2044}' (U+2044)", 1)),
        ),
        (
            "print(\u{201c}hello\u{201d})\n",
            Some(("SyntaxError", "invalid character '\u{201c}' (U+201C)", 1)),
        ),
        (
            "if x:\n\tpass\n        pass\n",
            Some((
                "TabError",
                "inconsistent use of tabs and spaces in indentation",
                3,
            )),
        ),
        (
            "if x:\n        pass\n\tpass\n",
            Some((
                "TabError",
                "inconsistent use of tabs and spaces in indentation",
                3,
            )),
        ),
        (
            "x = 1_000_\n",
            Some(("SyntaxError", "invalid decimal literal", 1)),
        ),
        (
            "x = 0777\n",
            Some((
                "SyntaxError",
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                1,
            )),
        ),
        (
            "f\"{x\"\n",
            Some(("SyntaxError", "f-string: expecting '}'", 1)),
        ),
        (
            "f\"{x\"",
            Some(("SyntaxError", "f-string: expecting '}'", 1)),
        ),
        (
            "import torch.optim as\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "from x import\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        ("x = 1 2\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "print(1 2)\n",
            Some((
                "SyntaxError",
                "invalid syntax. Perhaps you forgot a comma?",
                1,
            )),
        ),
        (
            "x = [1 2]\n",
            Some((
                "SyntaxError",
                "invalid syntax. Perhaps you forgot a comma?",
                1,
            )),
        ),
        (
            "def f(x):\n    return x\nprint(f(1)\n",
            Some(("SyntaxError", "'(' was never closed", 3)),
        ),
        (
            "yield 1\n",
            Some(("SyntaxError", "'yield' outside function", 1)),
        ),
        (
            "await x\n",
            Some(("SyntaxError", "'await' outside function", 1)),
        ),
        (
            "def f(a, a):\n    pass\n",
            Some((
                "SyntaxError",
                "duplicate argument 'a' in function definition",
                1,
            )),
        ),
        (
            "nonlocal x\n",
            Some((
                "SyntaxError",
                "nonlocal declaration not allowed at module level",
                1,
            )),
        ),
        ("class = 1\n", Some(("SyntaxError", "invalid syntax", 1))),
        ("def = 5\n", Some(("SyntaxError", "invalid syntax", 1))),
        ("x = 5 +\n", Some(("SyntaxError", "invalid syntax", 1))),
        ("print(x))\n", Some(("SyntaxError", "unmatched ')'", 1))),
        (
            "else:\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "elif x:\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "except:\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        ("x = 1\n  \n", None),
        (
            "def f(x):\n  return x\n print(x)\n",
            Some((
                "IndentationError",
                "unindent does not match any outer indentation level",
                3,
            )),
        ),
        (
            "for i in range(10):\n    if i = 5:\n        break\n",
            Some((
                "SyntaxError",
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                2,
            )),
        ),
        (
            "print('hello)\n",
            Some((
                "SyntaxError",
                "unterminated string literal (detected at line 1)",
                1,
            )),
        ),
        (
            "s = \"it's\n",
            Some((
                "SyntaxError",
                "unterminated string literal (detected at line 1)",
                1,
            )),
        ),
        (
            "x = 10\nif x > 5:\n    print('big')\n  else:\n    print('small')\n",
            Some((
                "IndentationError",
                "unindent does not match any outer indentation level",
                4,
            )),
        ),
        (
            "x = [1, 2, 3\nprint(x)\n",
            Some(("SyntaxError", "'[' was never closed", 1)),
        ),
        (
            "d = {'a': 1, 'b' 2}\n",
            Some(("SyntaxError", "':' expected after dictionary key", 1)),
        ),
        (
            "d = {'a': 1 'b': 2}\n",
            Some((
                "SyntaxError",
                "invalid syntax. Perhaps you forgot a comma?",
                1,
            )),
        ),
        ("f(x=)\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "def f(x y):\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "True = 1\n",
            Some(("SyntaxError", "cannot assign to True", 1)),
        ),
        (
            "f() = 1\n",
            Some((
                "SyntaxError",
                "cannot assign to function call here. Maybe you meant '==' instead of '='?",
                1,
            )),
        ),
        (
            "[1, 2] = x\n",
            Some(("SyntaxError", "cannot assign to literal", 1)),
        ),
        (
            "x = 1 if y\n",
            Some(("SyntaxError", "expected 'else' after 'if' expression", 1)),
        ),
        (
            "print(f'{}')\n",
            Some(("SyntaxError", "f-string: empty expression not allowed", 1)),
        ),
        (
            "x = f'{a!z}'\n",
            Some((
                "SyntaxError",
                "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                1,
            )),
        ),
        (
            "x = f'{a'\n",
            Some(("SyntaxError", "f-string: expecting '}'", 1)),
        ),
        (
            "x = f'}'\n",
            Some(("SyntaxError", "f-string: single '}' is not allowed", 1)),
        ),
        ("type X = int\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "def f[T](x: T): pass\n",
            Some(("SyntaxError", "expected '('", 1)),
        ),
        (
            "class A[T]: pass\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        ("x = 5 $ 3\n", Some(("SyntaxError", "invalid syntax", 1))),
        ("x = `a`\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "x = 0b102\n",
            Some(("SyntaxError", "invalid digit '2' in binary literal", 1)),
        ),
        (
            "x = 1e\n",
            Some(("SyntaxError", "invalid decimal literal", 1)),
        ),
        (
            "x = 0x\n",
            Some(("SyntaxError", "invalid hexadecimal literal", 1)),
        ),
        ("x = 1.2.3\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "x = 12abc\n",
            Some(("SyntaxError", "invalid decimal literal", 1)),
        ),
        ("import\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "from . import\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "for i in range(10) print(i)\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "if x print(x)\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "def f:\n    pass\n",
            Some(("SyntaxError", "expected '('", 1)),
        ),
        (
            "def f(:\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "print(\"a\" + )\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "x = (1 + 2\n\n\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        (
            "if (x == 1:\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "if x == 1):\n    pass\n",
            Some(("SyntaxError", "unmatched ')'", 1)),
        ),
        (
            "a = 1 +\\\n",
            Some(("SyntaxError", "unexpected EOF while parsing", 1)),
        ),
        (
            "a = 1 \\ 2\n",
            Some((
                "SyntaxError",
                "unexpected character after line continuation character",
                1,
            )),
        ),
        (
            "del f()\n",
            Some(("SyntaxError", "cannot delete function call", 1)),
        ),
        (
            "x += yield\n",
            Some(("SyntaxError", "'yield' outside function", 1)),
        ),
        (
            "f(**k, *a)\n",
            Some((
                "SyntaxError",
                "iterable argument unpacking follows keyword argument unpacking",
                1,
            )),
        ),
        (
            "x = *a\n",
            Some(("SyntaxError", "can't use starred expression here", 1)),
        ),
        (
            "print(*a for a in b)\n",
            Some((
                "SyntaxError",
                "iterable unpacking cannot be used in comprehension",
                1,
            )),
        ),
        (
            "assert(x, 'msg'\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        (
            "def f():\n    x = 1\n  return x\n",
            Some((
                "IndentationError",
                "unindent does not match any outer indentation level",
                3,
            )),
        ),
        (
            "while True:\n    pass\nbreak\n",
            Some(("SyntaxError", "'break' outside loop", 3)),
        ),
        (
            "for x in 1, 2 = 3:\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "from __future__ import braces\n",
            Some(("SyntaxError", "not a chance", 1)),
        ),
        (
            "import a.b as c.d\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "x = 1; ; y = 2\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "if True:\n    pass\n  pass\n",
            Some((
                "IndentationError",
                "unindent does not match any outer indentation level",
                3,
            )),
        ),
        (
            "def f(*):\n    pass\n",
            Some(("SyntaxError", "named arguments must follow bare *", 1)),
        ),
        (
            "def f(**k, a):\n    pass\n",
            Some((
                "SyntaxError",
                "arguments cannot follow var-keyword argument",
                1,
            )),
        ),
        (
            "x = {1: 2, 3}\n",
            Some(("SyntaxError", "':' expected after dictionary key", 1)),
        ),
        (
            "global x\nx = 1\nglobal x\n",
            Some((
                "SyntaxError",
                "name 'x' is assigned to before global declaration",
                3,
            )),
        ),
        (
            "def f():\n    x = 1\n    global x\n",
            Some((
                "SyntaxError",
                "name 'x' is assigned to before global declaration",
                3,
            )),
        ),
        (
            "x: int, y: int = 1, 2\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "(a, b): int\n",
            Some((
                "SyntaxError",
                "only single target (not tuple) can be annotated",
                1,
            )),
        ),
        (
            "print('a' 'b' c)\n",
            Some((
                "SyntaxError",
                "invalid syntax. Perhaps you forgot a comma?",
                1,
            )),
        ),
        (
            "print(a b)\n",
            Some((
                "SyntaxError",
                "invalid syntax. Perhaps you forgot a comma?",
                1,
            )),
        ),
        (
            "print(a, b c)\n",
            Some((
                "SyntaxError",
                "invalid syntax. Perhaps you forgot a comma?",
                1,
            )),
        ),
        (
            "foo(a b c)\n",
            Some((
                "SyntaxError",
                "invalid syntax. Perhaps you forgot a comma?",
                1,
            )),
        ),
        ("x = a b\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "\n\n\nx = (1,\n     2,\n     3\ny = 1\n",
            Some(("SyntaxError", "'(' was never closed", 4)),
        ),
        (
            "with open('f') as f, open('g') as g\n    pass\n",
            Some(("SyntaxError", "expected ':'", 1)),
        ),
        (
            "async def f():\n    yield 1\n    return 2\n",
            Some(("SyntaxError", "'return' with value in async generator", 3)),
        ),
        ("def f():\n    yield 1\n    return 2\n", None),
        (
            "f(a, a=1, a=2)\n",
            Some(("SyntaxError", "keyword argument repeated: a", 1)),
        ),
        (
            "x = [i for i in range(10) if]\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "x = [i for in range(10)]\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        ("lambda: (yield)\n", None),
        ("match x:\n    case 1:\n        pass\n", None),
        (
            "match x\n    case 1:\n        pass\n",
            Some(("SyntaxError", "expected ':'", 1)),
        ),
        (
            "match x:\n    case 1\n        pass\n",
            Some(("SyntaxError", "expected ':'", 2)),
        ),
        ("try:\n    pass\nexcept* ValueError:\n    pass\n", None),
        (
            "try:\n    pass\n",
            Some(("SyntaxError", "expected 'except' or 'finally' block", 2)),
        ),
        (
            "try:\n    pass\nx = 1\n",
            Some(("SyntaxError", "expected 'except' or 'finally' block", 3)),
        ),
        ("x = 1 +\n\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "if x:\n",
            Some((
                "IndentationError",
                "expected an indented block after 'if' statement on line 1",
                1,
            )),
        ),
        (
            "if x:\n    ",
            Some((
                "IndentationError",
                "expected an indented block after 'if' statement on line 1",
                2,
            )),
        ),
        ("", None),
        ("\n", None),
        (
            "x\\",
            Some(("SyntaxError", "unexpected EOF while parsing", 1)),
        ),
        (
            "pass\\\n",
            Some(("SyntaxError", "unexpected EOF while parsing", 1)),
        ),
        ("\t\n", None),
        ("print(end='')\r\n", None),
        (
            "\u{feff}x = 1\n",
            Some(("SyntaxError", "invalid non-printable character U+FEFF", 1)),
        ),
        (
            "x = 'a\\\n",
            Some((
                "SyntaxError",
                "unterminated string literal (detected at line 1)",
                1,
            )),
        ),
        (
            "x = \"\"\"\n",
            Some((
                "SyntaxError",
                "unterminated triple-quoted string literal (detected at line 1)",
                1,
            )),
        ),
        ("def f(a, *, b=1, **c): pass\n", None),
        ("f(*a, b=1, **c)\n", None),
        ("i++\n", Some(("SyntaxError", "invalid syntax", 1))),
        ("x = 5\nx++\n", Some(("SyntaxError", "invalid syntax", 2))),
        (
            "if x == 1 and\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "print('a'\nprint('b')\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        ("x = (\n", Some(("SyntaxError", "'(' was never closed", 1))),
        ("x = )\n", Some(("SyntaxError", "unmatched ')'", 1))),
        ("x = ]\n", Some(("SyntaxError", "unmatched ']'", 1))),
        ("x = }\n", Some(("SyntaxError", "unmatched '}'", 1))),
        ("(\n)\n)\n", Some(("SyntaxError", "unmatched ')'", 3))),
        (
            "else if x:\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "if x:\n    pass\nelse if y:\n    pass\n",
            Some(("SyntaxError", "expected ':'", 3)),
        ),
        (
            "for i in range(10):\n    print(i)\n  print(i)\n",
            Some((
                "IndentationError",
                "unindent does not match any outer indentation level",
                3,
            )),
        ),
        (
            "def f(x):\n    return x\n\nf(1,)\nf(,)\n",
            Some(("SyntaxError", "invalid syntax", 5)),
        ),
        (
            "print(f\"{x!}\")\n",
            Some((
                "SyntaxError",
                "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                1,
            )),
        ),
        ("print(f\"{x:{y}}\")\n", None),
        ("print(f\"{x['a']}\")\n", None),
        (
            "print(f\"{x[\"a\"]}\")\n",
            Some(("SyntaxError", "f-string: unmatched '['", 1)),
        ),
        (
            "print(f\"{'\\n'}\")\n",
            Some((
                "SyntaxError",
                "f-string expression part cannot include a backslash",
                1,
            )),
        ),
        (
            "print(f\"{x # c}\")\n",
            Some((
                "SyntaxError",
                "f-string expression part cannot include '#'",
                1,
            )),
        ),
        ("print(f'{x=}')\n", None),
        ("print(f'{{}}')\n", None),
        (
            "x = 08\n",
            Some((
                "SyntaxError",
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                1,
            )),
        ),
        ("x = 00\n", None),
        ("x = 0_0\n", None),
        (
            "x = 1__0\n",
            Some(("SyntaxError", "invalid decimal literal", 1)),
        ),
        (
            "x = 0o8\n",
            Some(("SyntaxError", "invalid digit '8' in octal literal", 1)),
        ),
        (
            "x = 1j2\n",
            Some(("SyntaxError", "invalid imaginary literal", 1)),
        ),
        (
            "x = 1.e\n",
            Some(("SyntaxError", "invalid decimal literal", 1)),
        ),
        (
            "x = 1 if 2 else\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "def f(x=1, /, y):\n    pass\n",
            Some((
                "SyntaxError",
                "non-default argument follows default argument",
                1,
            )),
        ),
        (
            "print(\"hello\"))\n",
            Some(("SyntaxError", "unmatched ')'", 1)),
        ),
        (
            "if x:\npass\nelse:\n    pass\n",
            Some((
                "IndentationError",
                "expected an indented block after 'if' statement on line 1",
                2,
            )),
        ),
        (
            "x = [\n    1,\n    2,\n",
            Some(("SyntaxError", "'[' was never closed", 1)),
        ),
        (
            "def f(x):\n    '''doc\n    return x\n",
            Some((
                "SyntaxError",
                "unterminated triple-quoted string literal (detected at line 3)",
                2,
            )),
        ),
        (
            "for x in range(3):\n    pass\nelse\n    pass\n",
            Some(("SyntaxError", "expected ':'", 3)),
        ),
        (
            "import numpy as np\nimport torch\nmodel = torch.nn.Linear(3, 1)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.01\nfor epoch in range(10):\n    loss = model(x)\n",
            Some(("SyntaxError", "'(' was never closed", 4)),
        ),
        ("x = 1 ++ 2\n", None),
        ("x = not\n", Some(("SyntaxError", "invalid syntax", 1))),
        ("print(x for x in y)\n", None),
        ("x = y = \n", Some(("SyntaxError", "invalid syntax", 1))),
        ("x.1 = 2\n", Some(("SyntaxError", "invalid syntax", 1))),
        ("print(.5)\n", None),
        ("x = 1.\n", None),
        ("a = b = c +\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "def f(x): return x\nf(x for x in y, )\n",
            Some((
                "SyntaxError",
                "Generator expression must be parenthesized",
                2,
            )),
        ),
        (
            "x = {'a': 1, 'b': }\n",
            Some((
                "SyntaxError",
                "expression expected after dictionary key and ':'",
                1,
            )),
        ),
        (
            "x = {'a' 1}\n",
            Some((
                "SyntaxError",
                "invalid syntax. Perhaps you forgot a comma?",
                1,
            )),
        ),
        (
            "x = {'a':}\n",
            Some((
                "SyntaxError",
                "expression expected after dictionary key and ':'",
                1,
            )),
        ),
        (
            "with open(f) as 1:\n    pass\n",
            Some(("SyntaxError", "cannot assign to literal", 1)),
        ),
        (
            "for 1 in x:\n    pass\n",
            Some(("SyntaxError", "cannot assign to literal", 1)),
        ),
        (
            "for f() in x:\n    pass\n",
            Some(("SyntaxError", "cannot assign to function call", 1)),
        ),
        ("del 1\n", Some(("SyntaxError", "cannot delete literal", 1))),
        (
            "del x + 1\n",
            Some(("SyntaxError", "cannot delete expression", 1)),
        ),
        (
            "x = (yield) = 1\n",
            Some(("SyntaxError", "cannot assign to yield expression", 1)),
        ),
        (
            "f(x) += 1\n",
            Some((
                "SyntaxError",
                "'function call' is an illegal expression for augmented assignment",
                1,
            )),
        ),
        (
            "[a, b] += 1\n",
            Some((
                "SyntaxError",
                "'list' is an illegal expression for augmented assignment",
                1,
            )),
        ),
        (
            "x = 1 if 2\n",
            Some(("SyntaxError", "expected 'else' after 'if' expression", 1)),
        ),
        ("x := 1\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "(x.y := 1)\n",
            Some((
                "SyntaxError",
                "cannot use assignment expressions with attribute",
                1,
            )),
        ),
        (
            "print(a=1, a=2)\n",
            Some(("SyntaxError", "keyword argument repeated: a", 1)),
        ),
        (
            "def f(*, **k):\n    pass\n",
            Some(("SyntaxError", "named arguments must follow bare *", 1)),
        ),
        (
            "def f(a, (b, c)):\n    pass\n",
            Some((
                "SyntaxError",
                "Function parameters cannot be parenthesized",
                1,
            )),
        ),
        (
            "x = 'a' 'b\n",
            Some((
                "SyntaxError",
                "unterminated string literal (detected at line 1)",
                1,
            )),
        ),
        ("x = \u{e9} + 1\n", None),
        (
            "x = a\u{a0}+ 1\n",
            Some(("SyntaxError", "invalid non-printable character U+00A0", 1)),
        ),
        (
            "print('hi')\u{200b}\n",
            Some(("SyntaxError", "invalid non-printable character U+200B", 1)),
        ),
        ("x = 1 # \u{201c}comment\u{201d}\n", None),
        (
            "x = \u{2018}a\u{2019}\n",
            Some(("SyntaxError", "invalid character '\u{2018}' (U+2018)", 1)),
        ),
        (
            "class A:\n    def f(self)\n        pass\n",
            Some(("SyntaxError", "expected ':'", 2)),
        ),
        (
            "if x:\n    pass\n else:\n    pass\n",
            Some((
                "IndentationError",
                "unindent does not match any outer indentation level",
                3,
            )),
        ),
        (
            "x = [1, 2, 3]]\n",
            Some(("SyntaxError", "unmatched ']'", 1)),
        ),
        (
            "x = [(1, 2]\n",
            Some((
                "SyntaxError",
                "closing parenthesis ']' does not match opening parenthesis '('",
                1,
            )),
        ),
        (
            "print(len(x)\nprint(y)\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        ("def f(:\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "x = ((1, 2)\n\n\nfoo()\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        (
            "try:\n    x = 1\nexcept Exception, e:\n    print(e)\n",
            Some((
                "SyntaxError",
                "multiple exception types must be parenthesized",
                3,
            )),
        ),
        ("print >>sys.stderr, 'x'\n", None),
        (
            "exec 'x = 1'\n",
            Some((
                "SyntaxError",
                "Missing parentheses in call to 'exec'. Did you mean exec(...)?",
                1,
            )),
        ),
        (
            "raise ValueError, 'bad'\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        ("x = 1 <> 2\n", Some(("SyntaxError", "invalid syntax", 1))),
        ("s = ur'abc'\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "def f():\n    print 'hello'\n",
            Some((
                "SyntaxError",
                "Missing parentheses in call to 'print'. Did you mean print(...)?",
                2,
            )),
        ),
        (
            "print 'a', 'b'\n",
            Some((
                "SyntaxError",
                "Missing parentheses in call to 'print'. Did you mean print(...)?",
                1,
            )),
        ),
        ("print\n", None),
        (
            "print x, y\n",
            Some((
                "SyntaxError",
                "Missing parentheses in call to 'print'. Did you mean print(...)?",
                1,
            )),
        ),
        (
            "print(x, y\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        (
            "print('x' 'y' z)\n",
            Some((
                "SyntaxError",
                "invalid syntax. Perhaps you forgot a comma?",
                1,
            )),
        ),
        (
            "if x:\n    pass\nelif y:\n    pass\nelse:\n    pass\nelif z:\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 7)),
        ),
        (
            "if x:\n    pass\nelse:\n    pass\nelse:\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 5)),
        ),
        (
            "for i in range(10)\n    print(i)\nprint('done')\n",
            Some(("SyntaxError", "expected ':'", 1)),
        ),
        (
            "for i in range(10):\n    print(i\nprint('done')\n",
            Some(("SyntaxError", "'(' was never closed", 2)),
        ),
        (
            "for i in range(10):\n    print(i))\n",
            Some(("SyntaxError", "unmatched ')'", 2)),
        ),
        (
            "lr_list = [0.1, 0.01,\n           0.001\n           0.0001]\n",
            Some((
                "SyntaxError",
                "invalid syntax. Perhaps you forgot a comma?",
                2,
            )),
        ),
        (
            "config = {\n    'lr': 0.1\n    'epochs': 10,\n}\n",
            Some((
                "SyntaxError",
                "invalid syntax. Perhaps you forgot a comma?",
                2,
            )),
        ),
        (
            "config = {\n    'lr': 0.1,\n    'epochs': 10,\n\nprint(config)\n",
            Some(("SyntaxError", "'{' was never closed", 1)),
        ),
        (
            "model = Net(\n    in_features=10,\n    out_features=1\n    bias=True,\n)\n",
            Some((
                "SyntaxError",
                "invalid syntax. Perhaps you forgot a comma?",
                3,
            )),
        ),
        (
            "optimizer = torch.optim.Adam(model.parameters(), lr=1e-3\nscheduler = StepLR(optimizer, 10)\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        (
            "def train():\n    for epoch in range(10):\n        loss = step()\n        print(f'epoch {epoch} loss {loss:.3f}')\n    return loss\n\ntrain(\n",
            Some(("SyntaxError", "'(' was never closed", 7)),
        ),
        (
            "print(f'{epoch} {lr:.2e')\n",
            Some(("SyntaxError", "f-string: expecting '}'", 1)),
        ),
        (
            "print(f'{epoch} {lr:.2e}}')\n",
            Some(("SyntaxError", "f-string: single '}' is not allowed", 1)),
        ),
        (
            "print(f'{epoch} {lr:.2e}' f'{x')\n",
            Some(("SyntaxError", "f-string: expecting '}'", 1)),
        ),
        ("print(f\"{x['key']}\")\n", None),
        (
            "print(f\"{x[\"key\"]}\")\n",
            Some(("SyntaxError", "f-string: unmatched '['", 1)),
        ),
        ("print(f'{x:{width}.{precision}}')\n", None),
        ("print(f'{x!s:>10}')\n", None),
        (
            "print(f'{x!S}')\n",
            Some((
                "SyntaxError",
                "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                1,
            )),
        ),
        (
            "print(f'{ }')\n",
            Some(("SyntaxError", "f-string: empty expression not allowed", 1)),
        ),
        (
            "print(f'{x}}')\n",
            Some(("SyntaxError", "f-string: single '}' is not allowed", 1)),
        ),
        (
            "print(f'{{x}')\n",
            Some(("SyntaxError", "f-string: single '}' is not allowed", 1)),
        ),
        ("print(f'{x=!r:^20}')\n", None),
        (
            "print(f'{lambda: 1}')\n",
            Some(("SyntaxError", "f-string: invalid syntax", 1)),
        ),
        ("print(f'{(lambda: 1)()}')\n", None),
        (
            "print(f'{x:{y:{z}}}')\n",
            Some(("SyntaxError", "f-string: expressions nested too deeply", 1)),
        ),
        ("print(f'''{\nx\n}''')\n", None),
        (
            "print(f'{x!r=}')\n",
            Some(("SyntaxError", "f-string: expecting '}'", 1)),
        ),
        ("print(f'{x:=5}')\n", None),
        ("print(f'{(x:=5)}')\n", None),
        ("print(f'{a[\"b\"]}')\n", None),
        (
            "s = 'It\\'s fine'\ns2 = 'It's not'\n",
            Some((
                "SyntaxError",
                "unterminated string literal (detected at line 2)",
                2,
            )),
        ),
        (
            "s = \"say \"hi\"\"\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "s = '''abc''\n",
            Some((
                "SyntaxError",
                "unterminated triple-quoted string literal (detected at line 1)",
                1,
            )),
        ),
        (
            "s = 'abc\ndef'\n",
            Some((
                "SyntaxError",
                "unterminated string literal (detected at line 1)",
                1,
            )),
        ),
        (
            "s = r'C:\\new\\'\n",
            Some((
                "SyntaxError",
                "unterminated string literal (detected at line 1)",
                1,
            )),
        ),
        (
            "s = 'C:\\Users\\name'\n",
            Some((
                "SyntaxError",
                "(unicode error) 'unicodeescape' codec can't decode bytes in position 2-3: truncated \\UXXXXXXXX escape",
                1,
            )),
        ),
        ("s = 'C:\\\\Users\\\\name'\n", None),
        ("s = '\\N{GREEK SMALL LETTER ALPHA}'\n", None),
        (
            "s = '\\N{NOT A REAL NAME}'\n",
            Some((
                "SyntaxError",
                "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-18: unknown Unicode character name",
                1,
            )),
        ),
        ("s = b'\\N{DASH}'\n", None),
        ("s = '\\777'\n", None),
        (
            "s = '\\xZZ'\n",
            Some((
                "SyntaxError",
                "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape",
                1,
            )),
        ),
        (
            "s = '\\u00e'\n",
            Some((
                "SyntaxError",
                "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-4: truncated \\uXXXX escape",
                1,
            )),
        ),
        (
            "s = '\\U0011FFFF'\n",
            Some((
                "SyntaxError",
                "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character",
                1,
            )),
        ),
        (
            "s = f'\\xZZ{x}'\n",
            Some((
                "SyntaxError",
                "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape",
                1,
            )),
        ),
        (
            "x = 5\nif x > 3:\nprint('big')\n",
            Some((
                "IndentationError",
                "expected an indented block after 'if' statement on line 2",
                3,
            )),
        ),
        (
            "def f(x):\n\"\"\"doc\"\"\"\n    return x\n",
            Some((
                "IndentationError",
                "expected an indented block after function definition on line 1",
                2,
            )),
        ),
        (
            "class A:\n    def __init__(self):\n    self.x = 1\n",
            Some((
                "IndentationError",
                "expected an indented block after function definition on line 2",
                3,
            )),
        ),
        (
            "if x:\n    pass\n  else:\n    pass\n",
            Some((
                "IndentationError",
                "unindent does not match any outer indentation level",
                3,
            )),
        ),
        (
            "def f():\n    return 1\n    print('unreachable')\n      print('x')\n",
            Some(("IndentationError", "unexpected indent", 4)),
        ),
        (
            "x = [i for i in range(10)\ny = 2\n",
            Some(("SyntaxError", "'[' was never closed", 1)),
        ),
        (
            "x = (i for i in range(10)\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        (
            "result = sum([x**2 for x in range(10))\n",
            Some((
                "SyntaxError",
                "closing parenthesis ')' does not match opening parenthesis '['",
                1,
            )),
        ),
        (
            "result = sum([x**2 for x in range(10)]]\n",
            Some((
                "SyntaxError",
                "closing parenthesis ']' does not match opening parenthesis '('",
                1,
            )),
        ),
        (
            "print('hello world\")\n",
            Some((
                "SyntaxError",
                "unterminated string literal (detected at line 1)",
                1,
            )),
        ),
        (
            "print(\"hello world')\n",
            Some((
                "SyntaxError",
                "unterminated string literal (detected at line 1)",
                1,
            )),
        ),
        (
            "name = input('name: ')\nprint('hi ' + name'\n",
            Some((
                "SyntaxError",
                "unterminated string literal (detected at line 2)",
                2,
            )),
        ),
        (
            "x = 10\ny = 20\nif x > y\n    print(x)\nelse:\n    print(y)\n",
            Some(("SyntaxError", "expected ':'", 3)),
        ),
        (
            "def add(a, b):\n    return a + b\nprint(add(1, 2)\n",
            Some(("SyntaxError", "'(' was never closed", 3)),
        ),
        (
            "def greet(name):\nreturn 'hi ' + name\n",
            Some((
                "IndentationError",
                "expected an indented block after function definition on line 1",
                2,
            )),
        ),
        (
            "while True\n    break\n",
            Some(("SyntaxError", "expected ':'", 1)),
        ),
        (
            "numbers = [1, 2, 3]\nfor n in numbers:\n    if n % 2 == 0:\n        print(n)\n    else\n        print('odd')\n",
            Some(("SyntaxError", "expected ':'", 5)),
        ),
        (
            "import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(10, 5)\n    def forward(self, x):\n        return self.fc1(x\n",
            Some(("SyntaxError", "'(' was never closed", 7)),
        ),
        (
            "lambda x: x +\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        ("f = lambda x, y: x + y,\n", None),
        (
            "x = {'a': 1, 'b': 2,}\ny = {'a': 1, 'b': 2,,}\n",
            Some(("SyntaxError", "invalid syntax", 2)),
        ),
        (
            "def f(a, b,):\n    pass\ndef g(a, b,,):\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 3)),
        ),
        (
            "def f(a, b) -> int:\n    return 1\ndef g(a, b) -> :\n    return 1\n",
            Some(("SyntaxError", "expected ':'", 3)),
        ),
        (
            "class A():\n    pass\nclass B(,):\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 3)),
        ),
        (
            "x = [1, 2, 3]\nprint(x[1:2:3:4])\n",
            Some(("SyntaxError", "invalid syntax", 2)),
        ),
        (
            "x = [1, 2, 3]\nprint(x[])\n",
            Some((
                "SyntaxError",
                "invalid syntax. Perhaps you forgot a comma?",
                2,
            )),
        ),
        (
            "x.append(1, )\nx.append(, 1)\n",
            Some(("SyntaxError", "invalid syntax", 2)),
        ),
        (
            "assert x == 1, \n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "with open('f') as f, :\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        ("import os, \n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "from os import (path, \n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        (
            "from os import path as\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        ("global x, \n", Some(("SyntaxError", "invalid syntax", 1))),
        ("del x, \n", None),
        (
            "x = 1 if y else\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "x = [for x in y]\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "x = [x for x in]\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "x = [x for x in y if]\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "x = {x: for x in y}\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        (
            "x = {: x for x in y}\n",
            Some(("SyntaxError", "invalid syntax", 1)),
        ),
        ("x = {x: y for x, in z}\n", None),
        (
            "@property\ndef f(self): pass\n@\n",
            Some(("SyntaxError", "invalid syntax", 3)),
        ),
        ("@property\n\ndef f(self): pass\n", None),
        (
            "@property\nx = 1\n",
            Some(("SyntaxError", "invalid syntax", 2)),
        ),
        (
            "async def f():\n    await\n",
            Some(("SyntaxError", "invalid syntax", 2)),
        ),
        (
            "def f():\n    yield = 1\n",
            Some((
                "SyntaxError",
                "assignment to yield expression not possible",
                2,
            )),
        ),
        ("x = 1 not in\n", Some(("SyntaxError", "invalid syntax", 1))),
        ("x = 1 is not\n", Some(("SyntaxError", "invalid syntax", 1))),
        (
            "x = a if b else c if d\n",
            Some(("SyntaxError", "expected 'else' after 'if' expression", 1)),
        ),
        (
            "x = [1, 2, 3][\n",
            Some(("SyntaxError", "'[' was never closed", 1)),
        ),
        (
            "x = 1 + (2 * (3 - 4)\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        (
            "x = 1 + (2 * (3 - 4)))\n",
            Some(("SyntaxError", "unmatched ')'", 1)),
        ),
        (
            "print(\"a\" + str(1) + \"b\"\nprint(\"c\")\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        (
            "if (x > 1 and\n    y < 2:\n    pass\n",
            Some(("SyntaxError", "'(' was never closed", 1)),
        ),
        (
            "if (x > 1 and\n    y < 2)\n    pass\n",
            Some(("SyntaxError", "expected ':'", 2)),
        ),
        (
            "def f(x,\n      y\n      z):\n    pass\n",
            Some(("SyntaxError", "invalid syntax", 3)),
        ),
        (
            "x = 1\n\n\n    \n\ty = 2\n",
            Some(("IndentationError", "unexpected indent", 5)),
        ),
        (
            "for i in range(3):\n\tprint(i)\n        print(i)\n",
            Some((
                "TabError",
                "inconsistent use of tabs and spaces in indentation",
                3,
            )),
        ),
        (
            "for i in range(3):\n        print(i)\n\tprint(i)\n",
            Some((
                "TabError",
                "inconsistent use of tabs and spaces in indentation",
                3,
            )),
        ),
        (
            "if True:\n\tif True:\n\t\tpass\n        \tpass\n",
            Some((
                "TabError",
                "inconsistent use of tabs and spaces in indentation",
                4,
            )),
        ),
        (
            "def f():\n    return 1\nreturn 2\n",
            Some(("SyntaxError", "'return' outside function", 3)),
        ),
        (
            "class A:\n    def f(self):\n        return 1\n    return 2\n",
            Some(("SyntaxError", "'return' outside function", 4)),
        ),
        (
            "for i in x:\n    def f():\n        continue\n",
            Some(("SyntaxError", "'continue' not properly in loop", 3)),
        ),
        (
            "while x:\n    try:\n        break\n    finally:\n        continue\n",
            None,
        ),
        (
            "for i in x:\n    try:\n        pass\n    except:\n        break\n",
            None,
        ),
        (
            "for i in x:\n    pass\nelse:\n    continue\n",
            Some(("SyntaxError", "'continue' not properly in loop", 4)),
        ),
        (
            "while True:\n    if x:\n        break\n    else:\n        continue\n",
            None,
        ),
        (
            "x = [i for i in range(3) if (yield i)]\n",
            Some(("SyntaxError", "'yield' inside list comprehension", 1)),
        ),
        (
            "def f():\n    return [(yield) for i in x]\n",
            Some(("SyntaxError", "'yield' inside list comprehension", 2)),
        ),
        (
            "def f():\n    return {(yield): 1 for i in x}\n",
            Some(("SyntaxError", "'yield' inside dict comprehension", 2)),
        ),
        (
            "def f():\n    return ((yield) for i in x)\n",
            Some(("SyntaxError", "'yield' inside generator expression", 2)),
        ),
        (
            "def f():\n    return {(yield) for i in x}\n",
            Some(("SyntaxError", "'yield' inside set comprehension", 2)),
        ),
        ("def f():\n    lambda: (yield)\n", None),
        (
            "class A:\n    x = yield\n",
            Some(("SyntaxError", "'yield' outside function", 2)),
        ),
        (
            "def f():\n    class A:\n        yield 1\n",
            Some(("SyntaxError", "'yield' outside function", 3)),
        ),
        (
            "async def f():\n    await x\n    return [await y for y in z]\n",
            None,
        ),
        (
            "def f():\n    lambda: await x\n",
            Some(("SyntaxError", "'await' outside async function", 2)),
        ),
        ("def f():\n    return (await y for y in z)\n", None),
        ("async def f():\n    return (await y for y in z)\n", None),
        (
            "def f():\n    return [y for y in await z]\n",
            Some(("SyntaxError", "'await' outside async function", 2)),
        ),
        (
            "async def f():\n    async for x in y:\n        yield x\n",
            None,
        ),
        (
            "async def f():\n    async with a as b:\n        return b\n",
            None,
        ),
        ("async def f():\n    yield 1\n    return\n", None),
        (
            "async def f():\n    def g():\n        yield 1\n    return 2\n",
            None,
        ),
        (
            "async def f():\n    x = [(yield) for i in y]\n",
            Some(("SyntaxError", "'yield' inside list comprehension", 2)),
        ),
        (
            "async def f():\n    yield from g()\n",
            Some(("SyntaxError", "'yield from' inside async function", 2)),
        ),
        (
            "def f(a, b, *, a):\n    pass\n",
            Some((
                "SyntaxError",
                "duplicate argument 'a' in function definition",
                1,
            )),
        ),
        (
            "def f(a, *a):\n    pass\n",
            Some((
                "SyntaxError",
                "duplicate argument 'a' in function definition",
                1,
            )),
        ),
        (
            "def f(a, **a):\n    pass\n",
            Some((
                "SyntaxError",
                "duplicate argument 'a' in function definition",
                1,
            )),
        ),
        (
            "lambda a, a: 1\n",
            Some((
                "SyntaxError",
                "duplicate argument 'a' in function definition",
                1,
            )),
        ),
        ("def f(x):\n    def g(x):\n        pass\n", None),
        (
            "f(a=1, b=2, a=3)\n",
            Some(("SyntaxError", "keyword argument repeated: a", 1)),
        ),
        ("f(**a, **a)\n", None),
        (
            "class A(metaclass=M, metaclass=N): pass\n",
            Some(("SyntaxError", "keyword argument repeated: metaclass", 1)),
        ),
        ("x = *a, *b\n", None),
        ("*a, = b\n", None),
        ("[*a] = b\n", None),
        (
            "(*a) = b\n",
            Some(("SyntaxError", "cannot use starred expression here", 1)),
        ),
        (
            "a, *b, *c = d\n",
            Some((
                "SyntaxError",
                "multiple starred expressions in assignment",
                1,
            )),
        ),
        (
            "[a, *b, *c] = d\n",
            Some((
                "SyntaxError",
                "multiple starred expressions in assignment",
                1,
            )),
        ),
        (
            "for a, *b, *c in d:\n    pass\n",
            Some((
                "SyntaxError",
                "multiple starred expressions in assignment",
                1,
            )),
        ),
        ("print(*a)\n", None),
        ("x = [*a]\n", None),
        ("x = {*a}\n", None),
        ("x = (*a,)\n", None),
        ("del a, b\n", None),
        ("x = a[*b]\n", None),
        ("x = a[1:2, *b]\n", None),
        ("def f(*args: *Ts): pass\n", None),
        (
            "x = yield\n",
            Some(("SyntaxError", "'yield' outside function", 1)),
        ),
        ("from __future__ import annotations\nimport os\n", None),
        (
            "import os\nfrom __future__ import annotations\n",
            Some((
                "SyntaxError",
                "from __future__ imports must occur at the beginning of the file",
                2,
            )),
        ),
        (
            "\"\"\"doc\"\"\"\nfrom __future__ import annotations\n",
            None,
        ),
        (
            "\"\"\"doc\"\"\"\n\"\"\"doc2\"\"\"\nfrom __future__ import annotations\n",
            Some((
                "SyntaxError",
                "from __future__ imports must occur at the beginning of the file",
                3,
            )),
        ),
        (
            "from __future__ import nested_scopes, generators, division\n",
            None,
        ),
        ("from __future__ import barry_as_FLUFL\n", None),
        (
            "from __future__ import blah\n",
            Some(("SyntaxError", "future feature blah is not defined", 1)),
        ),
        (
            "from __future__ import *\n",
            Some(("SyntaxError", "future feature * is not defined", 1)),
        ),
        (
            "def f():\n    from __future__ import annotations\n",
            Some((
                "SyntaxError",
                "from __future__ imports must occur at the beginning of the file",
                2,
            )),
        ),
        (
            "__debug__ = 1\n",
            Some(("SyntaxError", "cannot assign to __debug__", 1)),
        ),
        (
            "def f(__debug__): pass\n",
            Some(("SyntaxError", "cannot assign to __debug__", 1)),
        ),
        (
            "f(__debug__=1)\n",
            Some(("SyntaxError", "cannot assign to __debug__", 1)),
        ),
        (
            "x.__debug__ = 1\n",
            Some(("SyntaxError", "cannot assign to __debug__", 1)),
        ),
        (
            "del __debug__\n",
            Some(("SyntaxError", "cannot delete __debug__", 1)),
        ),
        (
            "for __debug__ in x: pass\n",
            Some(("SyntaxError", "cannot assign to __debug__", 1)),
        ),
        (
            "def __debug__(): pass\n",
            Some(("SyntaxError", "cannot assign to __debug__", 1)),
        ),
        (
            "class __debug__: pass\n",
            Some(("SyntaxError", "cannot assign to __debug__", 1)),
        ),
        (
            "import __debug__\n",
            Some(("SyntaxError", "cannot assign to __debug__", 1)),
        ),
        (
            "try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass\n",
            Some(("SyntaxError", "default 'except:' must be last", 3)),
        ),
        (
            "try:\n    pass\nexcept ValueError:\n    pass\nexcept:\n    pass\n",
            None,
        ),
        ("x = 1\ndef f():\n    global x\n    x = 2\n", None),
        (
            "def f():\n    global x, y\n    nonlocal z\n",
            Some(("SyntaxError", "no binding for nonlocal 'z' found", 3)),
        ),
        (
            "def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x\n",
            Some(("SyntaxError", "name 'x' is nonlocal and global", 4)),
        ),
        (
            "def f():\n    def g():\n        nonlocal x\n",
            Some(("SyntaxError", "no binding for nonlocal 'x' found", 3)),
        ),
        (
            "class A:\n    nonlocal x\n",
            Some(("SyntaxError", "no binding for nonlocal 'x' found", 2)),
        ),
        (
            "def f():\n    x = 1\n    class A:\n        nonlocal x\n",
            None,
        ),
        (
            "def f():\n    x = 1\n    class A:\n        def g(self):\n            nonlocal x\n            x = 2\n",
            None,
        ),
        (
            "def f():\n    global x\n    x: int\n",
            Some(("SyntaxError", "annotated name 'x' can't be global", 3)),
        ),
        (
            "def f():\n    x: int\n    global x\n",
            Some(("SyntaxError", "annotated name 'x' can't be global", 3)),
        ),
        (
            "def f():\n    for x in y:\n        pass\n    global x\n",
            Some((
                "SyntaxError",
                "name 'x' is assigned to before global declaration",
                4,
            )),
        ),
        ("def f():\n    import x\n    global x\n", None),
        (
            "def f():\n    del x\n    global x\n",
            Some((
                "SyntaxError",
                "name 'x' is assigned to before global declaration",
                3,
            )),
        ),
        (
            "def f():\n    x += 1\n    global x\n",
            Some((
                "SyntaxError",
                "name 'x' is assigned to before global declaration",
                3,
            )),
        ),
        (
            "x = 1\nglobal x\n",
            Some((
                "SyntaxError",
                "name 'x' is assigned to before global declaration",
                2,
            )),
        ),
        (
            "print(x)\nglobal x\n",
            Some((
                "SyntaxError",
                "name 'x' is used prior to global declaration",
                2,
            )),
        ),
        ("def f():\n    [x for x in y]\n    global x\n", None),
        (
            "def f():\n    (x := 1)\n    global x\n",
            Some((
                "SyntaxError",
                "name 'x' is assigned to before global declaration",
                3,
            )),
        ),
        (
            "class A:\n    from os import *\n",
            Some(("SyntaxError", "import * only allowed at module level", 2)),
        ),
        ("import os\nfrom os import *\n", None),
        (
            "match x:\n    case y:\n        pass\n    case z:\n        pass\n",
            Some((
                "SyntaxError",
                "name capture 'y' makes remaining patterns unreachable",
                2,
            )),
        ),
        (
            "match x:\n    case _:\n        pass\n    case 1:\n        pass\n",
            Some((
                "SyntaxError",
                "wildcard makes remaining patterns unreachable",
                2,
            )),
        ),
        (
            "match x:\n    case y if y > 0:\n        pass\n    case z:\n        pass\n",
            None,
        ),
        (
            "match x:\n    case (y):\n        pass\n    case 2:\n        pass\n",
            Some((
                "SyntaxError",
                "name capture 'y' makes remaining patterns unreachable",
                2,
            )),
        ),
        (
            "match x:\n    case 1 | y:\n        pass\n    case 2:\n        pass\n",
            Some((
                "SyntaxError",
                "name capture 'y' makes remaining patterns unreachable",
                2,
            )),
        ),
        (
            "match x:\n    case 1 | y:\n        pass\n",
            Some((
                "SyntaxError",
                "alternative patterns bind different names",
                2,
            )),
        ),
        (
            "match x:\n    case y | 1:\n        pass\n",
            Some((
                "SyntaxError",
                "name capture 'y' makes remaining patterns unreachable",
                2,
            )),
        ),
        (
            "match x:\n    case [*a, *b]:\n        pass\n",
            Some((
                "SyntaxError",
                "multiple starred names in sequence pattern",
                2,
            )),
        ),
        (
            "match x:\n    case {'a': 1, 'a': 2}:\n        pass\n",
            Some((
                "SyntaxError",
                "mapping pattern checks duplicate key ('a')",
                2,
            )),
        ),
        (
            "match x:\n    case Point(x=1, x=2):\n        pass\n",
            Some((
                "SyntaxError",
                "attribute name repeated in class pattern: x",
                2,
            )),
        ),
        (
            "match x:\n    case [1, 2] as y:\n        pass\n    case _:\n        pass\n",
            None,
        ),
        (
            "match x:\n    case y as z:\n        pass\n    case _:\n        pass\n",
            Some((
                "SyntaxError",
                "name capture 'y' makes remaining patterns unreachable",
                2,
            )),
        ),
        (
            "match x:\n    case [a] | b:\n        pass\n",
            Some((
                "SyntaxError",
                "alternative patterns bind different names",
                2,
            )),
        ),
        (
            "match x:\n    case a | a:\n        pass\n",
            Some((
                "SyntaxError",
                "name capture 'a' makes remaining patterns unreachable",
                2,
            )),
        ),
        (
            "match x:\n    case [a, a]:\n        pass\n",
            Some((
                "SyntaxError",
                "multiple assignments to name 'a' in pattern",
                2,
            )),
        ),
        ("match x:\n    case {**rest}:\n        pass\n", None),
        (
            "match x:\n    case -1:\n        pass\n    case 1+2j:\n        pass\n",
            None,
        ),
        (
            "match x:\n    case 1+2:\n        pass\n",
            Some((
                "SyntaxError",
                "imaginary number required in complex literal",
                2,
            )),
        ),
        (
            "match x:\n    case a.b:\n        pass\n    case f():\n        pass\n",
            None,
        ),
        ("x = 1\nx = (y := 2)\n[z := i for i in range(3)]\n", None),
        (
            "[i := 0 for i in range(3)]\n",
            Some((
                "SyntaxError",
                "assignment expression cannot rebind comprehension iteration variable 'i'",
                1,
            )),
        ),
        ("[j for i in range(3) if (j := i)]\n", None),
        (
            "[(k := 1) for i in (k := [1])]\n",
            Some((
                "SyntaxError",
                "assignment expression cannot be used in a comprehension iterable expression",
                1,
            )),
        ),
        (
            "class A:\n    [(z := 1) for i in range(3)]\n",
            Some((
                "SyntaxError",
                "assignment expression within a comprehension cannot be used in a class body",
                2,
            )),
        ),
        ("def f():\n    return (yield)\n", None),
        ("def f(a, /, b, *, c): return a\n", None),
        ("def f(*, a=1, b): pass\n", None),
        ("async def f():\n    [x async for x in y]\n", None),
        (
            "[x async for x in y]\n",
            Some((
                "SyntaxError",
                "asynchronous comprehension outside of an asynchronous function",
                1,
            )),
        ),
        (
            "async def f():\n    return [x for x in y if await z]\n",
            None,
        ),
        (
            "def f():\n    x = [x async for x in y]\n",
            Some((
                "SyntaxError",
                "asynchronous comprehension outside of an asynchronous function",
                2,
            )),
        ),
        ("def f():\n    return (x async for x in y)\n", None),
        ("await = 1\n", Some(("SyntaxError", "invalid syntax", 1))),
        ("async = 1\n", Some(("SyntaxError", "invalid syntax", 1))),
        ("def f():\n    yield\n    return 1\n", None),
        (
            "if True:\n    return\n",
            Some(("SyntaxError", "'return' outside function", 2)),
        ),
        (
            "def f():\n    if True:\n        pass\n    else:\n        return 1\n",
            None,
        ),
        (
            "def f():\n    while True:\n        def g():\n            break\n",
            Some(("SyntaxError", "'break' outside loop", 4)),
        ),
        ("x = lambda: (yield from y)\n", None),
        ("x = [lambda: (yield) for i in y]\n", None),
        ("f(x for x in y)\n", None),
        ("f(1, *a, b=2, **c, d=3)\n", None),
        ("f(**c, d=3)\n", None),
        (
            "print(x, end='', sep='', end='')\n",
            Some(("SyntaxError", "keyword argument repeated: end", 1)),
        ),
        ("class A:\n    def f(self): return super().f()\n", None),
        (
            "nonlocal x\nx = 1\n",
            Some((
                "SyntaxError",
                "nonlocal declaration not allowed at module level",
                1,
            )),
        ),
        ("def f():\n    global x\n    global x\n", None),
        (
            "def f():\n    nonlocal x\n    x = 1\n",
            Some(("SyntaxError", "no binding for nonlocal 'x' found", 2)),
        ),
        (
            "def f():\n    x = 1\n    def g():\n        global x\n    def h():\n        nonlocal x\n",
            None,
        ),
        (
            "def f(x):\n    def g():\n        nonlocal x\n        x = 1\n",
            None,
        ),
        (
            "def f(x):\n    nonlocal x\n",
            Some(("SyntaxError", "name 'x' is parameter and nonlocal", 2)),
        ),
        (
            "def f(x):\n    global x\n",
            Some(("SyntaxError", "name 'x' is parameter and global", 2)),
        ),
        (
            "def f():\n    x = 1\n    nonlocal x\n",
            Some((
                "SyntaxError",
                "name 'x' is assigned to before nonlocal declaration",
                3,
            )),
        ),
        (
            "def f():\n    print(x)\n    nonlocal x\n",
            Some((
                "SyntaxError",
                "name 'x' is used prior to nonlocal declaration",
                3,
            )),
        ),
        (
            "def f():\n    y = 1\n    def g():\n        print(y)\n        nonlocal y\n",
            Some((
                "SyntaxError",
                "name 'y' is used prior to nonlocal declaration",
                5,
            )),
        ),
    ];

    fn outcome(src: &str) -> Option<(&'static str, String, usize)> {
        match parse(src) {
            Ok(_) => None,
            Err(e) => Some((e.kind, e.message, e.line)),
        }
    }

    #[test]
    fn matches_cpython_311() {
        let mut wrong = Vec::new();
        for (src, want) in CASES {
            let want = want.map(|(kind, msg, line)| (kind, msg.to_string(), line));
            let got = outcome(src);
            if got != want {
                wrong.push(format!("{src:?}\n    want {want:?}\n    got  {got:?}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} of {} cases differ:\n{}",
            wrong.len(),
            CASES.len(),
            wrong.join("\n")
        );
    }

    #[test]
    fn line_of_counts_every_line_end() {
        assert_eq!(line_of("", 0), 1);
        assert_eq!(line_of("a\nb", 1), 1);
        assert_eq!(line_of("a\nb", 2), 2);
        assert_eq!(line_of("a\r\nb", 2), 1);
        assert_eq!(line_of("a\r\nb", 3), 2);
        assert_eq!(line_of("a\rb\rc", 4), 3);
        assert_eq!(line_of("x\ny\n", 1_000), 3);
        // An offset inside a multi-byte character still counts the lines before it.
        assert_eq!(line_of("\u{e9}\n\u{e9}", 1), 1);
        assert_eq!(line_of("\u{e9}\n\u{e9}", 4), 2);
    }

    #[test]
    fn valid_programs_parse() {
        let src = [
            "import torch",
            "from torch.optim.lr_scheduler import StepLR",
            "",
            "model = torch.nn.Linear(10, 1)",
            "opt = torch.optim.SGD(model.parameters(), lr=0.1)",
            "sched = StepLR(opt, step_size=30, gamma=0.1)",
            "for epoch in range(100):",
            "    opt.step()",
            "    sched.step()",
            "    if epoch % 10 == 0:",
            "        print(f\"{epoch}: {sched.get_last_lr()[0]:.4f}\")",
            "",
        ]
        .join("\n");
        let src = src.as_str();
        let parsed = parse(src);
        assert!(
            parsed.as_ref().is_ok_and(|p| p.suite().len() == 6),
            "{:?}",
            parsed.err()
        );
        assert!(parse("").is_ok());
        assert!(parse("\n\n# only a comment\n").is_ok());
        assert!(parse("x = 1\r\nif x:\r\n    y = 2\r\n").is_ok());
    }

    #[test]
    fn deep_expressions_are_refused_like_cpython() {
        for src in [
            format!("x = {}1\n", "-".repeat(5_000)),
            format!("x = {}1\n", "1 + ".repeat(50_000)),
        ] {
            let got = outcome(&src);
            assert_eq!(
                got,
                Some((
                    "RecursionError",
                    "maximum recursion depth exceeded during compilation".to_string(),
                    1
                ))
            );
        }
        let nested = format!("x = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(
            outcome(&nested),
            Some(("SyntaxError", "too many nested parentheses".to_string(), 1))
        );
        assert!(parse(&format!("x = {}1\n", "-".repeat(2_000))).is_ok());
    }

    #[test]
    fn never_panics() {
        let fixed = [
            "\0",
            "\r",
            "\\",
            "'''",
            "f'{",
            "f'{x:{y:{z:{w}}}}'",
            "'\\N{",
            "b'\\x'",
            "\u{feff}",
            "\t\x0c\t x",
            "if x:\n\tpass\n        pass",
            "lambda: (yield)",
            "match x:\n case {**_}: pass",
        ];
        for src in fixed {
            let _ = parse(src);
        }
        // A fixed pseudo-random soup of Python fragments.
        const PIECES: [&str; 48] = [
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            ":",
            ",",
            ".",
            "=",
            "+",
            "*",
            "**",
            "'",
            "\"",
            "'''",
            "\\",
            "#",
            "\n",
            "\r\n",
            "\t",
            "    ",
            "x",
            "1",
            "0x",
            "1_",
            "1e",
            "f'",
            "b'",
            "rb'",
            "{x}",
            "!r",
            ":=",
            "->",
            "if ",
            "else",
            "for ",
            " in ",
            "def ",
            "class ",
            "lambda",
            "yield",
            "await ",
            "print ",
            "\u{201c}",
            "\u{a0}",
            "\\N{",
            "\u{1f600}",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3_000 {
            let mut src = String::new();
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let len = (state >> 33) % 40;
            for _ in 0..len {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                let pick = usize::try_from((state >> 33) % 48).unwrap_or(0);
                src.push_str(PIECES.get(pick).copied().unwrap_or(""));
            }
            let _ = parse(&src);
        }
    }

    #[test]
    fn large_input_is_handled() {
        let block =
            "def f(x):\n    return [i * x for i in range(10) if i % 2]\n\nclass A:\n    y = f(3)\n";
        let src = block.repeat(5_000);
        assert!(parse(&src).is_ok());
        let broken = format!("{src}print(\"done\"\n");
        assert_eq!(
            outcome(&broken),
            Some(("SyntaxError", "'(' was never closed".to_string(), 25_001))
        );
    }
}
