//! A tokenizer after CPython 3.11's own, finding the errors CPython raises while tokenizing.

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

pub(super) const MAX_INDENT: usize = 100;
pub(super) const MAX_LEVEL: usize = 200;

pub(super) fn is_id_start_byte(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 128
}

pub(super) fn is_id_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 128
}

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

    pub(super) fn identifier(&mut self, start: usize) -> Result<(), TokErr> {
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

    pub(super) fn verify_end(&self, p: usize, kind: &str) -> Result<(), String> {
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

    pub(super) fn decimal_tail(&self, mut p: usize) -> Result<usize, String> {
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

    pub(super) fn radix(
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

    pub(super) fn number_end(&self, start: usize) -> Result<usize, String> {
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

    pub(super) fn number(&mut self, start: usize) -> Result<(), TokErr> {
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

/// Whether `ch` may start an identifier (Unicode XID_Start), asked of Ruff's lexer so that
/// no Unicode tables are needed here.
pub(super) fn is_xid_start(ch: char) -> bool {
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
pub(super) fn is_xid_continue(ch: char) -> bool {
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
pub(super) fn is_printable(ch: char) -> bool {
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
