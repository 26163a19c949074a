//! Two expressions side by side where a comma or an operator is missing: `print x`,
//! `f(a b)`, `[1 2]`, `x[]`; CPython's comma hint and when it is given.

#[allow(unused_imports)]
use super::*;

/// Two expressions side by side inside brackets, whatever Ruff expected there.
pub(super) fn adjacent_in_brackets(
    ctx: &Ctx,
    error: &ParseErrorType,
    i: usize,
) -> Option<SyntaxErrorInfo> {
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
    None
}

/// Ruff expected a comma or a closing bracket, or found two statements on one line.
pub(super) fn missing_comma(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    let info = adjacent(ctx, i);
    if info.message == "invalid syntax"
        && let Some(inner) = inner_adjacency(ctx, i)
    {
        return inner;
    }
    info
}

/// `x[]` is `x` followed by an empty list: inside brackets that is the comma hint.
pub(super) fn empty_subscript(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
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

/// Two expressions side by side: `print "x"`, `f(a b)`, `x = a b`.
pub(super) fn adjacent(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
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
    if let Some(info) = dict_key(ctx, i) {
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
pub(super) fn inner_adjacency(ctx: &Ctx, open: usize) -> Option<SyntaxErrorInfo> {
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

/// Whether `invalid_expression` (the comma hint) is reached for a second expression at `i`:
/// not for parameter names, nor after `in`/`if` of a comprehension (a plain disjunction).
pub(super) fn comma_hint_allowed(ctx: &Ctx, i: usize) -> bool {
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
