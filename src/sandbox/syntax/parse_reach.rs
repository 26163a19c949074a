//! From a Ruff parse error to a [`Fail`]: the offset CPython's parser stops at, and how far
//! it has read by then (which decides whether a tokenizer error found later in the file, or
//! an unclosed bracket, is reported instead).

#[allow(unused_imports)]
use super::*;

pub(super) fn ruff_failure(ctx: &Ctx, text: &Text, e: &ParseError) -> Fail {
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
pub(super) fn reach(ctx: &Ctx, i: usize, message: &str) -> usize {
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

/// Furthest token CPython reads when it parses an expression starting at `k` with its error
/// rules on: a `name = value` inside brackets is read as a named expression, value included.
pub(super) fn explore(ctx: &Ctx, k: usize) -> usize {
    let (furthest, _) = scan_expr(ctx, k, false);
    if ctx.is_op(furthest, "=")
        && ctx.level(furthest) > ctx.outer_level(k)
        && ctx.kind(furthest.saturating_sub(1)) == Some(Tk::Name)
    {
        return scan_expr(ctx, furthest + 1, true).0;
    }
    furthest
}

/// Whether CPython's lookahead at a failure on token `i` runs into the end of the tokens.
pub(super) fn reaches_end(ctx: &Ctx, start: usize, i: usize) -> bool {
    let Some(last) = ctx.toks.iter().rposition(|t| t.kind != Tk::End) else {
        return true;
    };
    let last_tok = ctx.toks[last];
    start >= last_tok.end || (i >= last && matches!(last_tok.kind, Tk::Name | Tk::Number | Tk::Str))
}
