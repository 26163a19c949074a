//! String literals as CPython 3.11 parses them: which tokens make one literal, escapes in
//! strings and bytes, and the errors found there; f-string bodies are checked in `fstrings`.

#[allow(unused_imports)]
use super::*;

/// How deep f-string expressions may be re-checked (each level is a shorter source).
pub(super) const MAX_FSTRING_DEPTH: usize = 32;

pub(super) enum StrErr {
    /// Reported on the line of the token after the strings (CPython's last token).
    AfterRun(String),
    /// Reported on the string token's own line.
    OwnLine(String),
    /// An error inside an f-string expression: the expression's error, the expression's
    /// byte offset inside the token, and whether it came from the tokenizer (no prefix).
    Inner(SyntaxErrorInfo, usize, bool),
}

pub(super) fn string_failure(ctx: &Ctx, depth: usize) -> Option<Fail> {
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
pub(super) fn check_string(
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
pub(super) fn bad_bytes_escape(body: &[u8]) -> Option<usize> {
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
pub(super) fn unicode_escape_error(body: &[u8]) -> Option<String> {
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
pub(super) fn known_char_name(name: &str) -> bool {
    if name.contains(['"', '\\', '\n', '}']) {
        return false;
    }
    ruff_python_parser::parse_expression(&format!("\"\\N{{{name}}}\"")).is_ok()
}
