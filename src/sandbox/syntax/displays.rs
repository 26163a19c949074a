//! Dictionaries, groups and comprehensions: a key without its `:` or value, `{'a': *b}`,
//! `(*x)`, and `[x, y for x, y in z]`.

#[allow(unused_imports)]
use super::*;

/// Dictionary rules that depend on where the failure sits.
pub(super) fn dict_rules(ctx: &Ctx, i: usize) -> Option<SyntaxErrorInfo> {
    // `{'a': *b}`.
    if let Some(open) = ctx.open_bracket(i)
        && ctx.is_op(open, "{")
    {
        let level = ctx.level(open);
        if let Some(star) = (open + 2..=i.min(ctx.toks.len().saturating_sub(1)))
            .find(|&k| ctx.level(k) == level && ctx.is_op(k, "*") && ctx.is_op(k - 1, ":"))
        {
            return Some(syntax_at(
                "cannot use a starred expression in a dictionary value",
                ctx.line(star),
            ));
        }
    }
    // invalid_kvpair: a later dictionary key not followed by `:`.
    if let Some(open) = ctx.open_bracket(i)
        && ctx.is_op(open, "{")
        && let Some(info) = later_key_without_colon(ctx, open, i)
    {
        return Some(info);
    }
    None
}

/// invalid_group: `(*x)` and `(**x)`.
pub(super) fn starred_group(ctx: &Ctx, open: usize) -> Option<SyntaxErrorInfo> {
    if ctx.is_op(open, "(")
        && (ctx.is_op(open + 1, "*") || ctx.is_op(open + 1, "**"))
        && let Some(close) = ctx.closing_of(open)
    {
        let level = ctx.level(open);
        let plain = !(open + 1..close)
            .any(|k| ctx.level(k) == level && (ctx.is_op(k, ",") || ctx.is_word(k, "for")));
        if plain {
            let msg = if ctx.is_op(open + 1, "**") {
                "cannot use double starred expression here"
            } else {
                "cannot use starred expression here"
            };
            return Some(syntax_at(msg, ctx.line(open + 1)));
        }
    }
    None
}

/// invalid_comprehension: `[x, y for x, y in z]`.
pub(super) fn unparenthesized_comprehension_target(
    ctx: &Ctx,
    open: usize,
    i: usize,
) -> Option<SyntaxErrorInfo> {
    if (ctx.is_op(open, "[") || ctx.is_op(open, "{"))
        && ctx.is_word(i, "for")
        && ctx.level(i) == ctx.level(open)
    {
        let level = ctx.level(open);
        let dict = (open + 1..i).any(|k| ctx.level(k) == level && ctx.is_op(k, ":"));
        if !dict && (open + 1..i).any(|k| ctx.level(k) == level && ctx.is_op(k, ",")) {
            return Some(syntax_at(
                "did you forget parentheses around the comprehension target?",
                ctx.line(open + 1),
            ));
        }
    }
    None
}

/// A dictionary item without its `:` at token `i`; `Some` when CPython words it specially.
pub(super) fn dict_key(ctx: &Ctx, i: usize) -> Option<SyntaxErrorInfo> {
    let open = ctx.open_bracket(i).filter(|&o| ctx.is_op(o, "{"))?;
    let level = ctx.level(open);
    // Start of the current item and whether an earlier item exists.
    let mut item = open + 1;
    let mut earlier = false;
    let mut colon_before = false;
    for j in open + 1..i {
        if ctx.level(j) == level && ctx.is_op(j, ",") {
            item = j + 1;
            earlier = true;
        }
        if ctx.level(j) == level && ctx.is_op(j, ":") {
            colon_before = true;
        }
    }
    let in_value = (item..i).any(|j| ctx.level(j) == level && ctx.is_op(j, ":"));
    let comprehension = (open + 1..i).any(|j| ctx.level(j) == level && ctx.is_word(j, "for"));
    if in_value || item >= i || comprehension {
        return None;
    }
    if earlier && colon_before {
        return Some(syntax_at(
            "':' expected after dictionary key",
            ctx.line(i.saturating_sub(1)),
        ));
    }
    None
}

/// `invalid_kvpair`: after a complete `key: value,` a key must be followed by `:`.
pub(super) fn later_key_without_colon(ctx: &Ctx, open: usize, i: usize) -> Option<SyntaxErrorInfo> {
    let level = ctx.level(open);
    let mut item = open + 1;
    let mut earlier_pair = false;
    let mut colon_seen = false;
    for k in open + 1..i {
        if ctx.level(k) != level {
            continue;
        }
        if ctx.is_word(k, "for") || ctx.is_op(k, "**") {
            return None;
        }
        if ctx.is_op(k, ":") {
            colon_seen = true;
        }
        if ctx.is_op(k, ",") {
            if !colon_seen {
                return None;
            }
            earlier_pair = true;
            colon_seen = false;
            item = k + 1;
        }
    }
    if !earlier_pair || colon_seen || item > i || !ctx.starts_expr(item) {
        return None;
    }
    let key_end = expr_end(ctx, item);
    if key_end + 1 > i || ctx.is_op(key_end + 1, ":") {
        return None;
    }
    Some(syntax_at(
        "':' expected after dictionary key",
        ctx.line(item),
    ))
}

/// Ruff wanted an expression: dictionary values get CPython's own wording.
pub(super) fn missing_expression(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    if i > 0
        && ctx.is_op(i - 1, ":")
        && (ctx.is_op(i, "}") || ctx.is_op(i, ","))
        && let Some(open) = ctx.open_bracket(i - 1)
        && ctx.is_op(open, "{")
        && ctx.level(i - 1) == ctx.level(open)
    {
        return syntax_at(
            "expression expected after dictionary key and ':'",
            ctx.line(i - 1),
        );
    }
    generic(ctx, i)
}
