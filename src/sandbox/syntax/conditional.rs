//! Conditional expressions cut short: `a if b` with no `else`.

#[allow(unused_imports)]
use super::*;

/// `a if b` followed by something other than `else` or `:`, around the failure at `i`.
pub(super) fn ternary_without_else(ctx: &Ctx, i: usize) -> Option<SyntaxErrorInfo> {
    if i == 0 {
        return None;
    }
    // The condition ends before a dangling binary operator (`x if y > else z`).
    let dangling =
        ctx.kind(i - 1) == Some(Tk::Op) && !ctx.is_closing(i - 1) && !ctx.is_opening(i - 1);
    if !dangling && (ctx.is_op(i, ":") || ctx.is_word(i, "else")) {
        return None;
    }
    let level = failure_level(ctx, i);
    let s = ctx.stmt_start(i);
    let mut k = i;
    while k > s {
        k -= 1;
        if ctx.level(k) < level {
            break;
        }
        if ctx.level(k) != level {
            continue;
        }
        let t = ctx.text(k);
        if ctx.kind(k) == Some(Tk::Op)
            && matches!(t, "," | "=" | ":" | ";" | ":=" | "(" | "[" | "{")
        {
            break;
        }
        if ctx.is_word(k, "else") || ctx.is_word(k, "lambda") {
            return None;
        }
        if ctx.is_word(k, "for") {
            break;
        }
        if ctx.is_word(k, "if")
            && k > s
            && ctx.ends_expr(k - 1)
            && k + 1 < i
            && ctx.starts_expr(k + 1)
        {
            let floor = ctx.open_bracket(k).map_or(s, |o| o + 1);
            // A comprehension's condition (after `for ... in`) is not a conditional expression.
            let mut in_clause = false;
            for f in floor..k {
                if ctx.level(f) == level && ctx.is_word(f, "for") {
                    in_clause = false;
                }
                if ctx.level(f) == level
                    && ctx.is_word(f, "in")
                    && (floor..f).any(|g| ctx.level(g) == level && ctx.is_word(g, "for"))
                {
                    in_clause = true;
                }
            }
            if in_clause {
                return None;
            }
            let a = ctx.expr_start(k - 1, floor);
            if ctx.is_keyword(a)
                && !matches!(
                    ctx.text(a),
                    "None" | "True" | "False" | "not" | "await" | "lambda"
                )
            {
                return None;
            }
            let head = ctx.head(s).1;
            if a == s && matches!(head, "if" | "elif" | "while" | "assert" | "return" | "del") {
                return None;
            }
            return Some(syntax_at(
                "expected 'else' after 'if' expression",
                ctx.line(a),
            ));
        }
    }
    None
}

/// Ruff expected the `else` of a conditional expression: CPython reports it at the start
/// of the expression.
pub(super) fn missing_else(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    let level = failure_level(ctx, i);
    let mut j = i;
    while j > 0 && !(ctx.is_word(j, "if") && ctx.level(j) == level) {
        j -= 1;
    }
    let floor = ctx.open_bracket(j).map_or(ctx.stmt_start(j), |o| o + 1);
    let a = ctx.expr_start(j.saturating_sub(1), floor);
    syntax_at("expected 'else' after 'if' expression", ctx.line(a))
}

/// The bracket level a failure at token `i` belongs to: a closing bracket still counts as
/// inside the brackets it closes.
fn failure_level(ctx: &Ctx, i: usize) -> usize {
    if ctx.is_closing(i) {
        ctx.level(i) + 1
    } else {
        ctx.level(i)
    }
}
