//! What cannot be assigned to or deleted: the targets of `=`, `for`, `with ... as`, `del`
//! and comprehensions (`f() = 1`, `for f() in x`, `del f()`, `[x for 1 in y]`).

#[allow(unused_imports)]
use super::*;

/// Target rules that depend on where the failure sits.
pub(super) fn target_rules(ctx: &Ctx, error: &ParseErrorType, i: usize) -> Option<SyntaxErrorInfo> {
    let s = ctx.stmt_start(i);
    let (h, kw) = ctx.head(s);
    // invalid_for_target: `for f() in x`, `for irange(5):`.
    if kw == "for" {
        let e = ctx.stmt_end(i);
        let inn = (h + 1..e).find(|&k| ctx.level(k) == 0 && ctx.is_word(k, "in"));
        if inn.is_none_or(|n| i <= n) {
            let stop = inn.unwrap_or_else(|| {
                (h + 1..e)
                    .find(|&k| ctx.level(k) == 0 && (ctx.is_op(k, ":") || ctx.is_op(k, "=")))
                    .unwrap_or(e)
            });
            let end = stop.saturating_sub(1);
            if inn.is_none()
                && end > h
                && let Some(info) = span_target(ctx, h + 1, end, Targets::For)
            {
                return Some(info);
            }
        }
    }
    // An assignment whose earlier target cannot be assigned (`f() =` with nothing after).
    if !ctx.is_keyword(s) && ctx.level(i) == 0 {
        let eqs: Vec<usize> = (s..i)
            .filter(|&k| ctx.level(k) == 0 && ctx.is_op(k, "="))
            .collect();
        if let Some(&eq) = eqs.first()
            && !(eq == s + 1 && ctx.kind(s) == Some(Tk::Name))
            && !(s..eq).any(|k| ctx.level(k) == 0 && ctx.is_op(k, ","))
            && eq > s
            && span_target(ctx, s, eq - 1, Targets::Store).is_some()
            && let Some(info) = named_expr_hint(ctx, s, eq)
        {
            return Some(info);
        }
        let mut from = s;
        for &eq in &eqs {
            if eq > from
                && let Some(info) = span_target(ctx, from, eq - 1, Targets::Store)
            {
                return Some(info);
            }
            from = eq + 1;
        }
    }
    // `del` reports the first target that cannot be deleted.
    if kw == "del" && !matches!(error, ParseErrorType::InvalidDeleteTarget) {
        let e = ctx.stmt_end(i);
        if e > h + 1 {
            return Some(
                span_target(ctx, h + 1, e - 1, Targets::Delete).unwrap_or_else(|| generic(ctx, i)),
            );
        }
    }
    None
}

/// `invalid_for_target` for the comprehension clause whose target holds token `i`.
pub(super) fn comprehension_target(ctx: &Ctx, open: usize, i: usize) -> Option<SyntaxErrorInfo> {
    let level = ctx.level(open);
    let f = (open + 1..=i.min(ctx.toks.len().saturating_sub(1)))
        .rev()
        .find(|&k| ctx.level(k) == level && ctx.is_word(k, "for"))?;
    if (f + 1..i).any(|k| ctx.level(k) == level && ctx.is_word(k, "in"))
        || (ctx.is_op(open, "(")
            && (open + 1..f).any(|k| ctx.level(k) == level && ctx.is_op(k, ",")))
        || f <= open + 1
        || !(ctx.ends_expr(f - 1) || ctx.is_op(f - 1, ","))
    {
        return None;
    }
    let end = expr_end(ctx, f + 1);
    // The target stops at its `in` (a comparison CPython looks inside).
    span_target(ctx, f + 1, end, Targets::For)
}

/// The target of a `for`, `with ... as`, comprehension or assignment cannot be assigned.
pub(super) fn assignment_target(ctx: &Ctx, i: usize, start: usize, end: usize) -> SyntaxErrorInfo {
    let s = ctx.stmt_start(i);
    let e = ctx.stmt_end(i);
    let (h, kw) = ctx.head(s);
    let level = ctx.level(i);
    // A comprehension target, in this bracket or an enclosing one.
    let mut inner = i;
    while let Some(open) = ctx.open_bracket(inner) {
        if let Some(info) = comprehension_target(ctx, open, i) {
            return info;
        }
        inner = open;
    }
    // A comprehension's `for` at the target's own bracket level.
    if level > 0 {
        let open = ctx.open_bracket(i).unwrap_or(s);
        if let Some(f) = (open..i)
            .rev()
            .find(|&j| ctx.is_word(j, "for") && ctx.level(j) == level)
        {
            if let Some(inn) = (f + 1..e).find(|&j| ctx.is_word(j, "in") && ctx.level(j) == level) {
                if let Some(info) = span_target(ctx, f + 1, inn - 1, Targets::For) {
                    return info;
                }
            } else if let Some(info) = comprehension_target(ctx, open, i) {
                return info;
            }
        }
    }
    if kw == "for" {
        if let Some(inn) = (h + 1..e).find(|&j| ctx.is_word(j, "in") && ctx.level(j) == 0)
            && let Some(info) = span_target(ctx, h + 1, inn - 1, Targets::For)
        {
            return info;
        }
        return generic(ctx, i);
    }
    if kw == "with" {
        let span = ctx.src.get(start..end).unwrap_or("");
        return target_error(span, start, ctx, Targets::Store).unwrap_or_else(|| generic(ctx, i));
    }
    let eqs: Vec<usize> = (s..e)
        .filter(|&j| ctx.level(j) == 0 && ctx.is_op(j, "="))
        .collect();
    if eqs.is_empty() {
        // A walrus inside brackets, for instance.
        return generic(ctx, i);
    }
    // The failed assignment is re-read as a tuple of named expressions: its last element
    // before the `=` gets the hint if the value after the `=` reads as an expression.
    let last_elt = (s..eqs[0])
        .rev()
        .find(|&k| ctx.level(k) == 0 && ctx.is_op(k, ","))
        .map_or(s, |c| c + 1);
    let value_end = (eqs[0] + 1..e)
        .find(|&k| ctx.level(k) == 0 && (ctx.is_op(k, ",") || ctx.is_op(k, "=")))
        .unwrap_or(e);
    let value_ok =
        value_end > eqs[0] + 1 && parse_expr(ctx.span(eqs[0] + 1, value_end - 1)).is_some();
    let plain_name = eqs[0] == last_elt + 1 && ctx.kind(last_elt) == Some(Tk::Name);
    if (value_ok || !plain_name)
        && let Some(info) = named_expr_hint(ctx, last_elt, eqs[0])
    {
        return info;
    }
    let mut from = s;
    for &eq in &eqs {
        if ctx.is_word(from, "yield") {
            return syntax_at(
                "assignment to yield expression not possible",
                ctx.line(from),
            );
        }
        if eq > from
            && let Some(info) = span_target(ctx, from, eq - 1, Targets::Store)
        {
            return info;
        }
        from = eq + 1;
    }
    generic(ctx, i)
}

/// Checks tokens `a..=b` as a target; `Some` names the part that cannot be a target.
pub(super) fn span_target(ctx: &Ctx, a: usize, b: usize, kind: Targets) -> Option<SyntaxErrorInfo> {
    if b < a {
        return None;
    }
    let base = ctx.toks.get(a)?.start;
    target_error(ctx.span(a, b), base, ctx, kind)
}

pub(super) fn target_error(
    text: &str,
    base: usize,
    ctx: &Ctx,
    kind: Targets,
) -> Option<SyntaxErrorInfo> {
    let lead = text.len() - text.trim_start().len();
    if kind == Targets::Delete && text.trim_start().starts_with('*') {
        return Some(syntax_at(
            "cannot delete starred",
            norm_line(ctx.src, base + lead),
        ));
    }
    let e = parse_expr(text)?;
    let bad = invalid_target(&e, kind)?;
    let verb = if kind == Targets::Delete {
        "delete"
    } else {
        "assign to"
    };
    // Offsets in `bad` are relative to the trimmed text (or one past a wrapping bracket).
    let rel = bad.range().start().to_usize();
    let line = norm_line(
        ctx.src,
        base + lead + rel.min(text.len().saturating_sub(lead)),
    );
    Some(syntax_at(format!("cannot {verb} {}", expr_name(bad)), line))
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Targets {
    Store,
    Delete,
    For,
}

/// `_PyPegen_get_invalid_target`: the part of a target that cannot be assigned or deleted.
pub(super) fn invalid_target(e: &Expr, kind: Targets) -> Option<&Expr> {
    match e {
        Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => {
            elts.iter().find_map(|x| invalid_target(x, kind))
        }
        Expr::Starred(s) => {
            if kind == Targets::Delete {
                Some(e)
            } else {
                invalid_target(&s.value, kind)
            }
        }
        Expr::Compare(c) => {
            if kind == Targets::For {
                if matches!(c.ops.first(), Some(ast::CmpOp::In)) {
                    return invalid_target(&c.left, kind);
                }
                return None;
            }
            Some(e)
        }
        Expr::Name(_) | Expr::Subscript(_) | Expr::Attribute(_) => None,
        _ => Some(e),
    }
}
