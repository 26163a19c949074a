//! Blocks and statement headers: a missing `:`, a missing or unexpected indented block,
//! and a `try` without `except` or `finally`.

#[allow(unused_imports)]
use super::*;

/// `expected an indented block after ...`: the header is the logical line before token `i`.
pub(super) fn indented_block(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
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
pub(super) fn missing_colon(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    if let Some(info) = dict_key(ctx, i) {
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

/// An INDENT where no block may start.
pub(super) fn unexpected_indent(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    let mut j = i;
    while matches!(ctx.kind(j), Some(Tk::Indent)) {
        j += 1;
    }
    err(INDENT, "unexpected indent", ctx.line(j))
}

/// An INDENT that follows no block header (e.g. after a decorator line): "unexpected indent".
pub(super) fn stray_indent(ctx: &Ctx, i: usize) -> Option<SyntaxErrorInfo> {
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

/// The token after the block of the `try` that precedes token `i` (where CPython looks for
/// `except` or `finally`).
pub(super) fn after_try_block(ctx: &Ctx, i: usize) -> usize {
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
pub(super) fn block_end(ctx: &Ctx, colon: usize) -> usize {
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

/// `try:` ... `else:` with no `except` (Ruff accepts it when a `finally` follows).
pub(super) fn try_else_without_except(ctx: &Ctx) -> Option<Fail> {
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
            return Some(Fail::parser(
                ctx.toks.get(j).map_or(0, |t| t.start),
                syntax_at("expected 'except' or 'finally' block", line),
                line,
            ));
        }
    }
    None
}
