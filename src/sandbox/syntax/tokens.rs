//! Helpers over the tokens of a statement ([`Ctx`]), and the plain SyntaxError built at a
//! token's line.

#[allow(unused_imports)]
use super::*;

pub(super) const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

pub(super) struct Ctx<'a> {
    pub(super) src: &'a str,
    pub(super) toks: &'a [Tok],
    /// Furthest token a rule saw CPython read while wording the error.
    pub(super) touched: std::cell::Cell<usize>,
}

impl Ctx<'_> {
    /// Records that CPython's parser reads token `i` on the way to its error.
    pub(super) fn touch(&self, i: usize) {
        self.touched.set(self.touched.get().max(i));
    }

    pub(super) fn text(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.src.get(t.start..t.end))
            .unwrap_or("")
    }

    pub(super) fn kind(&self, i: usize) -> Option<Tk> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub(super) fn is_op(&self, i: usize, op: &str) -> bool {
        self.kind(i) == Some(Tk::Op) && self.text(i) == op
    }

    pub(super) fn is_word(&self, i: usize, word: &str) -> bool {
        self.kind(i) == Some(Tk::Name) && self.text(i) == word
    }

    pub(super) fn is_keyword(&self, i: usize) -> bool {
        self.kind(i) == Some(Tk::Name) && KEYWORDS.contains(&self.text(i))
    }

    pub(super) fn line(&self, i: usize) -> usize {
        match self.toks.get(i) {
            Some(t) => t.line,
            None => self.toks.last().map_or(1, |t| t.line),
        }
    }

    pub(super) fn level(&self, i: usize) -> usize {
        self.toks.get(i).map_or(0, |t| t.level)
    }

    /// Bracket depth around token `i` (an opening bracket does not count itself).
    pub(super) fn outer_level(&self, i: usize) -> usize {
        if self.is_opening(i) {
            self.level(i).saturating_sub(1)
        } else {
            self.level(i)
        }
    }

    /// Index of the token at or after a normalised offset (the last token if none).
    pub(super) fn index_at(&self, off: usize) -> usize {
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
    pub(super) fn stmt_start(&self, i: usize) -> usize {
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
    pub(super) fn starts_stmt(&self, k: usize) -> bool {
        k == 0
            || matches!(
                self.kind(k - 1),
                Some(Tk::Newline | Tk::Indent | Tk::Dedent)
            )
            || (self.is_op(k - 1, ";") && self.level(k - 1) == 0)
    }

    /// Index of the NEWLINE (or end) closing the logical line holding token `i`.
    pub(super) fn stmt_end(&self, i: usize) -> usize {
        let mut e = i;
        while e < self.toks.len() && !matches!(self.toks[e].kind, Tk::Newline | Tk::End) {
            e += 1;
        }
        e.min(self.toks.len().saturating_sub(1))
    }

    /// The first word of a statement, skipping `async`.
    pub(super) fn head(&self, s: usize) -> (usize, &str) {
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
    pub(super) fn open_bracket(&self, i: usize) -> Option<usize> {
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

    pub(super) fn is_opening(&self, i: usize) -> bool {
        self.kind(i) == Some(Tk::Op) && matches!(self.text(i), "(" | "[" | "{")
    }

    pub(super) fn is_closing(&self, i: usize) -> bool {
        self.kind(i) == Some(Tk::Op) && matches!(self.text(i), ")" | "]" | "}")
    }

    /// The bracket closing the one opened at `open`, if it was read.
    pub(super) fn closing_of(&self, open: usize) -> Option<usize> {
        let level = self.level(open);
        (open + 1..self.toks.len()).find(|&j| self.is_closing(j) && self.level(j) + 1 == level)
    }

    /// Whether token `i` can begin an expression.
    pub(super) fn starts_expr(&self, i: usize) -> bool {
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
    pub(super) fn ends_expr(&self, i: usize) -> bool {
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
    pub(super) fn span(&self, a: usize, b: usize) -> &str {
        match (self.toks.get(a), self.toks.get(b)) {
            (Some(x), Some(y)) if x.start <= y.end => self.src.get(x.start..y.end).unwrap_or(""),
            _ => "",
        }
    }

    /// Start of the expression that ends at token `end`, walking back over balanced brackets
    /// and stopping at a separator of the enclosing level.
    pub(super) fn expr_start(&self, end: usize, floor: usize) -> usize {
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

pub(super) fn syntax_at(msg: impl Into<String>, line: usize) -> SyntaxErrorInfo {
    err(SYNTAX, msg, line)
}

/// CPython's plain "invalid syntax" at token `i`.
pub(super) fn generic(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    syntax_at("invalid syntax", ctx.line(i))
}
