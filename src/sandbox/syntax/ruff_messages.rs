//! Ruff's free-text parse errors (`ParseErrorType::OtherError`) reworded as CPython 3.11
//! words them: indented blocks, `try` without handlers, annotated tuples, parameter
//! separators, exception lists, `from` imports and class patterns.

#[allow(unused_imports)]
use super::*;

pub(super) fn other_error(
    ctx: &Ctx,
    m: &str,
    i: usize,
    span_text: &str,
    span_line: usize,
) -> SyntaxErrorInfo {
    if m.starts_with("Expected an indented block") {
        return indented_block(ctx, i);
    }
    if m.starts_with("Expected `except` or `finally`") {
        return syntax_at(
            "expected 'except' or 'finally' block",
            ctx.line(after_try_block(ctx, i)),
        );
    }
    if m.starts_with("Only single target")
        && annotation_follows(ctx, i)
        && !ctx.is_keyword(ctx.stmt_start(i))
    {
        let what = if span_text.trim_start().starts_with('[') {
            "list"
        } else {
            "tuple"
        };
        return syntax_at(
            format!("only single target (not {what}) can be annotated"),
            span_line,
        );
    }
    let direct = match m {
        "Trailing comma not allowed"
            if ctx.kind(i + 1) == Some(Tk::Newline) && ctx.head(ctx.stmt_start(i)).1 == "from" =>
        {
            Some((
                "trailing comma not allowed without surrounding parentheses",
                ctx.line(i),
            ))
        }
        "Expected one or more exception types" => {
            Some(("expected one or more exception types", ctx.line(i)))
        }
        "Position-only parameter separator not allowed as first parameter" => slash_first(ctx, i),
        "Only one '/' separator allowed" => Some(("/ may appear only once", ctx.line(i))),
        "Only one '*' parameter allowed"
        | "Only one '*' separator allowed"
        | "Keyword-only parameter separator not allowed after '*' parameter" => {
            Some(("* argument may appear only once", span_line))
        }
        "'/' parameter must appear before '*' parameter" => {
            Some(("/ must be ahead of *", ctx.line(i)))
        }
        "Positional patterns cannot follow keyword patterns" => {
            Some(("positional patterns follow keyword patterns", span_line))
        }
        "Cannot have both 'except' and 'except*' on the same 'try'" => Some((
            "cannot have both 'except' and 'except*' on the same 'try'",
            span_line,
        )),
        m if m.starts_with("Multiple exception types must be parenthesized") => {
            Some(("multiple exception types must be parenthesized", span_line))
        }
        _ => None,
    };
    match direct {
        Some((msg, line)) => syntax_at(msg, line),
        None if m.starts_with("Expected an expression") => missing_expression(ctx, i),
        None => generic(ctx, i),
    }
}
