//! Function and lambda parameters: a missing `(` or `:` around a `def`'s signature,
//! defaults missing or misplaced, `*args=1`, a bare `*`, the `/` and `*` separators, and
//! parenthesized parameters.

#[allow(unused_imports)]
use super::*;

pub(super) fn in_def_params(ctx: &Ctx, i: usize) -> bool {
    match ctx.open_bracket(i) {
        Some(o) => o >= 2 && ctx.is_word(o - 2, "def") && ctx.is_op(o, "("),
        None => false,
    }
}

/// Whether token `i` sits in a lambda's parameter list (before its `:`).
pub(super) fn in_lambda_params(ctx: &Ctx, i: usize) -> bool {
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

/// Whether the bracket at `open` holds only names separated by commas.
pub(super) fn plain_names(ctx: &Ctx, open: usize) -> bool {
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

/// Parameter rules that depend on where the failure sits.
pub(super) fn param_rules(ctx: &Ctx, error: &ParseErrorType, i: usize) -> Option<SyntaxErrorInfo> {
    let (h, kw) = ctx.head(ctx.stmt_start(i));
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
    None
}

/// Ruff expected a `(`: after a `def`'s name that is CPython's "expected '('".
pub(super) fn missing_def_paren(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    let s = ctx.stmt_start(i);
    if ctx.head(s).1 == "def" {
        return syntax_at("expected '('", ctx.line(i));
    }
    generic(ctx, i)
}

/// `/` as the first parameter: misplaced after `*`, or with nothing before it.
pub(super) fn slash_first(ctx: &Ctx, i: usize) -> Option<(&'static str, usize)> {
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

/// `def f(a=1, b)`: a parameter without a default after one with a default.
pub(super) fn non_default_after_default(ctx: &Ctx, i: usize, span_line: usize) -> SyntaxErrorInfo {
    let annotated = ctx.is_op(i + 1, ":") && in_def_params(ctx, i);
    let next = if annotated {
        scan_expr(ctx, i + 2, false).0
    } else {
        i + 1
    };
    if ctx.is_op(next, ",") || ctx.is_op(next, ")") || (!annotated && ctx.is_op(next, ":")) {
        syntax_at("non-default argument follows default argument", span_line)
    } else {
        ctx.touch(next);
        generic(ctx, next)
    }
}

/// invalid_star_etc: `*` then `)`, `, )` or `, **` (or `:` / `, :` in a lambda).
pub(super) fn bare_star(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
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

/// `def f(*args=1)` and `def f(**kwargs=1)`.
pub(super) fn var_param_default(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
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
