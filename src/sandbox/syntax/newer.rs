//! Syntax newer than 3.11 that Ruff accepts and CPython 3.11 rejects.

#[allow(unused_imports)]
use super::*;

pub(super) fn newer_syntax_failure(
    ctx: &Ctx,
    text: &Text,
    u: &UnsupportedSyntaxError,
) -> Option<Fail> {
    let start = text.offset(u.range.start().to_usize());
    let i = ctx.index_at(start);
    let line = ctx.line(i);
    let msg = match u.kind {
        UnsupportedSyntaxErrorKind::TypeParameterList => {
            let s = ctx.stmt_start(i);
            if ctx.head(s).1 == "def" {
                "expected '('"
            } else {
                "invalid syntax"
            }
        }
        UnsupportedSyntaxErrorKind::UnparenthesizedExceptionTypes => {
            let s = ctx.stmt_start(i);
            let first = ctx.head(s).0 + 1;
            let first = if ctx.is_op(first, "*") {
                first + 1
            } else {
                first
            };
            return Some(Fail {
                offset: start,
                info: syntax_at(
                    "multiple exception types must be parenthesized",
                    ctx.line(first),
                ),
                at_line: line,
                final_: false,
                tokenizer: false,
                reaches_end: false,
            });
        }
        UnsupportedSyntaxErrorKind::UnpackingInComprehension(_) => {
            if ctx.is_op(i, "**") {
                "dict unpacking cannot be used in dict comprehension"
            } else {
                "iterable unpacking cannot be used in comprehension"
            }
        }
        UnsupportedSyntaxErrorKind::ParenthesizedKeywordArgumentName => {
            "expression cannot contain assignment, perhaps you meant \"==\"?"
        }
        UnsupportedSyntaxErrorKind::TypeAliasStatement
        | UnsupportedSyntaxErrorKind::TypeParamDefault
        | UnsupportedSyntaxErrorKind::TemplateStrings
        | UnsupportedSyntaxErrorKind::LazyImportStatement
        | UnsupportedSyntaxErrorKind::Pep701FString(_) => "invalid syntax",
        _ => return None,
    };
    let line = if matches!(u.kind, UnsupportedSyntaxErrorKind::TypeAliasStatement) {
        ctx.line(i + 1)
    } else {
        line
    };
    Some(Fail {
        offset: start,
        info: syntax_at(msg, line),
        at_line: line,
        final_: false,
        tokenizer: false,
        reaches_end: false,
    })
}

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
    let level = if ctx.is_closing(i) {
        ctx.level(i) + 1
    } else {
        ctx.level(i)
    };
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

/// An INDENT that follows no block header (e.g. after a decorator line): "unexpected indent".
pub(super) fn stray_indent(ctx: &Ctx, i: usize) -> Option<SyntaxErrorInfo> {
    let mut k = i;
    while ctx.kind(k) == Some(Tk::Indent) {
        k += 1;
    }
    let s = ctx.stmt_start(k);
    if s == 0 || ctx.kind(s - 1) != Some(Tk::Indent) {
        return None;
    }
    let mut j = s - 1;
    while j > 0 && ctx.kind(j) == Some(Tk::Indent) {
        j -= 1;
    }
    let after_header = ctx.kind(j) == Some(Tk::Newline) && j > 0 && ctx.is_op(j - 1, ":");
    if after_header || ctx.kind(j) != Some(Tk::Newline) {
        return None;
    }
    Some(err(INDENT, "unexpected indent", ctx.line(s)))
}
