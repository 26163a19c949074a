//! Call arguments: `f(a.b=1)` and other keyword arguments that are not names, positional
//! arguments after keyword ones, `*` after `**` unpacking, and an unparenthesized generator
//! beside other arguments.

#[allow(unused_imports)]
use super::*;

/// `invalid_kwarg` for the call argument holding token `i`.
pub(super) fn kwarg_rule(ctx: &Ctx, open: usize, i: usize) -> Option<SyntaxErrorInfo> {
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

/// First place inside the call argument holding token `i` where two expressions touch.
pub(super) fn adjacency_in_arg(ctx: &Ctx, i: usize) -> Option<usize> {
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

/// Line of the bracket closing the call that holds token `i` (CPython's last token there).
pub(super) fn close_line(ctx: &Ctx, i: usize) -> usize {
    match ctx.open_bracket(i).and_then(|o| ctx.closing_of(o)) {
        Some(c) => ctx.line(c),
        None => ctx.line(i),
    }
}

/// A positional argument after a keyword argument (or `**` unpacking); two expressions
/// side by side in the argument are reported first.
pub(super) fn positional_after_keyword(ctx: &Ctx, i: usize, unpacking: bool) -> SyntaxErrorInfo {
    if let Some(k) = adjacency_in_arg(ctx, i) {
        let info = adjacent(ctx, k);
        if info.message != "invalid syntax" {
            return info;
        }
    }
    let msg = if unpacking {
        "positional argument follows keyword argument unpacking"
    } else {
        "positional argument follows keyword argument"
    };
    syntax_at(msg, close_line(ctx, i))
}

/// `f(**a, *b)`.
pub(super) fn unpacking_order(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    let line = ctx.open_bracket(i).map_or(ctx.line(i), |o| ctx.line(o + 1));
    syntax_at(
        "iterable argument unpacking follows keyword argument unpacking",
        line,
    )
}

/// `f(x for x in y, z)`.
pub(super) fn generator_argument(ctx: &Ctx, i: usize, span_line: usize) -> SyntaxErrorInfo {
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
