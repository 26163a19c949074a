//! Assignments other than plain `target = value`: augmented (`a, b += 1`), annotated
//! (`a, b: int`), assignment expressions (`f() := 1`), and `=` written where `==` or `:=`
//! was meant (`if x = 1:`, `{'lr' = 0.1}`).

#[allow(unused_imports)]
use super::*;

/// `invalid_assignment`'s augmented-assignment alternative: `a, b += 1`.
pub(super) fn augmented_target(ctx: &Ctx, i: usize) -> Option<SyntaxErrorInfo> {
    const AUG: [&str; 13] = [
        "+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", ">>=", "<<=", "**=",
    ];
    let s = ctx.stmt_start(i);
    let e = ctx.stmt_end(i);
    let op = (s..e).find(|&j| {
        ctx.level(j) == 0 && ctx.kind(j) == Some(Tk::Op) && AUG.contains(&ctx.text(j))
    })?;
    if op <= s || i > op || !ctx.starts_expr(op + 1) && !ctx.is_word(op + 1, "yield") {
        return None;
    }
    if ctx.is_op(s, "*") {
        return Some(syntax_at(
            "'starred' is an illegal expression for augmented assignment",
            ctx.line(s),
        ));
    }
    let target = parse_expr(ctx.span(s, op - 1))?;
    if matches!(
        target,
        Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_)
    ) {
        return None;
    }
    Some(syntax_at(
        format!(
            "'{}' is an illegal expression for augmented assignment",
            expr_name(&target)
        ),
        ctx.line(s),
    ))
}

/// Ruff's invalid augmented-assignment target, named as CPython names it.
pub(super) fn augmented_target_named(
    ctx: &Ctx,
    i: usize,
    span_text: &str,
    span_line: usize,
) -> SyntaxErrorInfo {
    named_span(ctx, i, span_text, span_line, |name| {
        format!("'{name}' is an illegal expression for augmented assignment")
    })
}

/// `f() := 1`.
pub(super) fn named_target(
    ctx: &Ctx,
    i: usize,
    span_text: &str,
    span_line: usize,
) -> SyntaxErrorInfo {
    named_span(ctx, i, span_text, span_line, |name| {
        format!("cannot use assignment expressions with {name}")
    })
}

/// `message` worded with the name CPython gives the expression in `span_text`; plain
/// "invalid syntax" when the span is not an expression.
fn named_span(
    ctx: &Ctx,
    i: usize,
    span_text: &str,
    span_line: usize,
    message: impl Fn(&str) -> String,
) -> SyntaxErrorInfo {
    match parse_expr(span_text) {
        Some(e) => syntax_at(message(expr_name(&e)), span_line),
        None => generic(ctx, i),
    }
}

/// Ruff's invalid annotated-assignment target: `a, b: int`, `f(): int`, or a condition
/// whose `:` came early.
pub(super) fn annotated_target(
    ctx: &Ctx,
    i: usize,
    span_text: &str,
    span_line: usize,
) -> SyntaxErrorInfo {
    let s = ctx.stmt_start(i);
    if matches!(ctx.head(s).1, "if" | "elif" | "while") {
        return missing_colon(ctx, i);
    }
    let e = ctx.stmt_end(i);
    let colon = (s..e).find(|&k| ctx.level(k) == 0 && ctx.is_op(k, ":"));
    match colon {
        Some(c) if ctx.starts_expr(c + 1) => {}
        Some(c) => return generic(ctx, c + 1),
        None => return generic(ctx, i),
    }
    match parse_expr(span_text) {
        Some(e @ (Expr::List(_) | Expr::Tuple(_))) => syntax_at(
            format!(
                "only single target (not {}) can be annotated",
                expr_name(&e)
            ),
            span_line,
        ),
        _ => syntax_at("illegal target for annotation", span_line),
    }
}

/// Whether an annotation expression follows the statement's first top-level `:`.
pub(super) fn annotation_follows(ctx: &Ctx, i: usize) -> bool {
    let s = ctx.stmt_start(i);
    let e = ctx.stmt_end(i);
    (s..e)
        .find(|&k| ctx.level(k) == 0 && ctx.is_op(k, ":"))
        .is_some_and(|c| ctx.starts_expr(c + 1))
}

/// `invalid_named_expression` for `a = b` where a comparison or target was meant.
pub(super) fn named_expr_hint(ctx: &Ctx, a: usize, eq: usize) -> Option<SyntaxErrorInfo> {
    if eq <= a || !ctx.is_op(eq, "=") {
        return None;
    }
    let rhs = eq + 1;
    if !ctx.starts_expr(rhs) || ctx.is_word(rhs, "not") || ctx.is_word(rhs, "lambda") {
        return None;
    }
    // `!('=' | ':=')` right after the right-hand bitwise_or.
    let after = bitwise_or_end(ctx, rhs) + 1;
    if ctx.is_op(after, "=") || ctx.is_op(after, ":=") {
        return None;
    }
    if eq == a + 1 && ctx.kind(a) == Some(Tk::Name) && !ctx.is_keyword(a) {
        return Some(syntax_at(
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            ctx.line(a),
        ));
    }
    if matches!(ctx.text(a), "True" | "False" | "None") && ctx.kind(a) == Some(Tk::Name) {
        return None;
    }
    if ctx.is_opening(a) && !ctx.is_op(a, "{") {
        let close = ctx.closing_of(a)?;
        let inner = ctx.level(a);
        let has_for = (a + 1..close).any(|k| ctx.level(k) == inner && ctx.is_word(k, "for"));
        let has_comma = (a + 1..close).any(|k| ctx.level(k) == inner && ctx.is_op(k, ","));
        let excluded = if ctx.is_op(a, "[") {
            !has_for
        } else {
            has_for || has_comma || close == a + 1
        };
        if excluded {
            return None;
        }
    }
    let e = parse_expr(ctx.span(a, eq - 1))?;
    // A parenthesized expression is an atom whatever it holds.
    let grouped = ctx.is_op(a, "(") && ctx.closing_of(a) == Some(eq - 1);
    let bitwise_or = grouped
        || !matches!(
            e,
            Expr::Compare(_)
                | Expr::BoolOp(_)
                | Expr::Lambda(_)
                | Expr::If(_)
                | Expr::Named(_)
                | Expr::Tuple(_)
                | Expr::Yield(_)
                | Expr::YieldFrom(_)
                | Expr::Starred(_)
        ) && !matches!(&e, Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not);
    if !bitwise_or {
        return None;
    }
    Some(syntax_at(
        format!(
            "cannot assign to {} here. Maybe you meant '==' instead of '='?",
            expr_name(&e)
        ),
        ctx.line(a),
    ))
}

/// invalid_named_expression inside displays and groups: `{'lr' = 0.1}`.
pub(super) fn display_assignment(ctx: &Ctx, open: usize, i: usize) -> Option<SyntaxErrorInfo> {
    let level = ctx.level(open);
    let comprehension = (open + 1..i).any(|k| ctx.level(k) == level && ctx.is_word(k, "for"));
    let dict =
        ctx.is_op(open, "{") && (open + 1..i).any(|k| ctx.level(k) == level && ctx.is_op(k, ":"));
    if ctx.is_op(i, "=") && ctx.level(i) == level && !comprehension && !dict {
        let a = ctx.expr_start(i - 1, open + 1);
        if let Some(info) = named_expr_hint(ctx, a, i) {
            return Some(info);
        }
    }
    None
}

/// `if x = 1:` and friends, whatever Ruff made of it.
pub(super) fn condition_assignment(ctx: &Ctx, i: usize) -> Option<SyntaxErrorInfo> {
    let (h, kw) = ctx.head(ctx.stmt_start(i));
    if ctx.is_op(i, "=")
        && ctx.level(i) == 0
        && matches!(kw, "if" | "elif" | "while")
        && let Some(info) = named_expr_hint(ctx, h + 1, i)
    {
        return Some(info);
    }
    None
}
