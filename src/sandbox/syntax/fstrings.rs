//! F-string bodies checked the way CPython 3.11's `string_parser.c` does: braces,
//! conversions, format specs and nesting, with each expression re-parsed on its own.

#[allow(unused_imports)]
use super::*;

/// An f-string body, checked the way 3.11's `string_parser.c` does.
pub(super) struct FString<'a> {
    pub(super) body: &'a [u8],
    pub(super) raw: bool,
    pub(super) depth: usize,
    pub(super) body_start: usize,
}

impl FString<'_> {
    pub(super) fn msg(text: impl Into<String>) -> StrErr {
        StrErr::AfterRun(text.into())
    }

    /// Literal text and replacement fields from `i`; returns where it stopped.
    pub(super) fn parse(&self, mut i: usize, lvl: u32) -> Result<usize, StrErr> {
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
    pub(super) fn field(&self, mut i: usize, lvl: u32) -> Result<usize, StrErr> {
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
