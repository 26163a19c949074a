//! How far an expression runs, read from the tokens as CPython's expression rules would:
//! the furthest token its parser looks at and the end of the longest complete expression.

#[allow(unused_imports)]
use super::*;

/// Last token of the longest expression that starts at token `k`.
pub(super) fn expr_end(ctx: &Ctx, k: usize) -> usize {
    scan_expr(ctx, k, false).1.max(k)
}

/// Reads tokens from `k` as CPython's expression rules would. Returns the first token it
/// could not use (the furthest token the parser looked at) and the last token of the longest
/// complete expression. With `bitwise_only` it stops before comparisons and boolean words.
pub(super) fn scan_expr(ctx: &Ctx, k: usize, bitwise_only: bool) -> (usize, usize) {
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
pub(super) fn bitwise_or_end(ctx: &Ctx, k: usize) -> usize {
    scan_expr(ctx, k, true).1.max(k)
}
