//! Expressions as CPython names them in its messages ("function call", "literal", ...).

#[allow(unused_imports)]
use super::*;

/// `_PyPegen_get_expr_name`.
pub(super) fn expr_name(e: &Expr) -> &'static str {
    match e {
        Expr::Attribute(_) => "attribute",
        Expr::Subscript(_) => "subscript",
        Expr::Starred(_) => "starred",
        Expr::Name(_) => "name",
        Expr::List(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Lambda(_) => "lambda",
        Expr::Call(_) => "function call",
        Expr::BoolOp(_) | Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
        Expr::Generator(_) => "generator expression",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield expression",
        Expr::Await(_) => "await expression",
        Expr::ListComp(_) => "list comprehension",
        Expr::SetComp(_) => "set comprehension",
        Expr::DictComp(_) => "dict comprehension",
        Expr::Dict(_) => "dict literal",
        Expr::Set(_) => "set display",
        Expr::FString(_) | Expr::TString(_) => "f-string expression",
        Expr::NoneLiteral(_) => "None",
        Expr::BooleanLiteral(b) => {
            if b.value {
                "True"
            } else {
                "False"
            }
        }
        Expr::EllipsisLiteral(_) => "ellipsis",
        Expr::StringLiteral(_) | Expr::BytesLiteral(_) | Expr::NumberLiteral(_) => "literal",
        Expr::Compare(_) => "comparison",
        Expr::If(_) => "conditional expression",
        Expr::Named(_) => "named expression",
        Expr::Slice(_) | Expr::IpyEscapeCommand(_) => "expression",
    }
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

/// Parses a piece of source as one expression (bracketed if it spans lines).
pub(super) fn parse_expr(text: &str) -> Option<Expr> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    if let Ok(p) = ruff_python_parser::parse_expression(trimmed) {
        return Some(p.into_expr());
    }
    let wrapped = format!("({trimmed}\n)");
    ruff_python_parser::parse_expression(&wrapped)
        .ok()
        .map(|p| p.into_expr())
}

/// Line of a byte offset inside the normalised text.
pub(super) fn norm_line(src: &str, off: usize) -> usize {
    let end = off.min(src.len());
    src.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
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
            return Some(Fail {
                offset: ctx.toks.get(j).map_or(0, |t| t.start),
                info: syntax_at("expected 'except' or 'finally' block", line),
                at_line: line,
                final_: false,
                tokenizer: false,
                reaches_end: false,
            });
        }
    }
    None
}

/// Index of the innermost bracket still open at the end of the tokens.
pub(super) fn unclosed_index(ctx: &Ctx) -> usize {
    let mut stack: Vec<usize> = Vec::new();
    for k in 0..ctx.toks.len() {
        if ctx.is_opening(k) {
            stack.push(k);
        } else if ctx.is_closing(k) {
            stack.pop();
        }
    }
    stack.last().copied().unwrap_or(0)
}

pub(super) fn unclosed_start(ctx: &Ctx) -> usize {
    ctx.toks.get(unclosed_index(ctx)).map_or(0, |t| t.start)
}

/// Whether the innermost unclosed bracket sits where CPython parses expressions (not in an
/// import, a `case` pattern or a parameter list).
pub(super) fn unclosed_in_expression(ctx: &Ctx) -> bool {
    let k = unclosed_index(ctx);
    let (h, head) = ctx.head(ctx.stmt_start(k));
    if matches!(head, "import" | "from" | "case" | "class") {
        return false;
    }
    !(head == "def" && k == h + 2)
}
