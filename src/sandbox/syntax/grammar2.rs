//! Ruff's parse errors, reworded as CPython's `invalid_*` grammar rules would word them. (part 2)

#[allow(unused_imports)]
use super::*;

pub(super) fn map_parse_error(
    ctx: &Ctx,
    error: &ParseErrorType,
    start: usize,
    end: usize,
    i: usize,
) -> SyntaxErrorInfo {
    if ctx.toks.is_empty() {
        return syntax_at("invalid syntax", norm_line(ctx.src, start));
    }
    if let Some(info) = stray_indent(ctx, i) {
        return info;
    }
    if let Some(info) = augmented_target(ctx, i) {
        return info;
    }
    let span_text = ctx.src.get(start..end).unwrap_or("");
    let span_line = norm_line(ctx.src, start);
    if let Some(info) = context_rules(ctx, error, i) {
        return info;
    }
    match error {
        ParseErrorType::OtherError(m) if m.starts_with("Expected an indented block") => {
            indented_block(ctx, i)
        }
        ParseErrorType::OtherError(m) if m.starts_with("Expected `except` or `finally`") => {
            syntax_at(
                "expected 'except' or 'finally' block",
                ctx.line(after_try_block(ctx, i)),
            )
        }
        ParseErrorType::OtherError(m)
            if m.starts_with("Only single target")
                && annotation_follows(ctx, i)
                && !ctx.is_keyword(ctx.stmt_start(i)) =>
        {
            let what = if span_text.trim_start().starts_with('[') {
                "list"
            } else {
                "tuple"
            };
            syntax_at(
                format!("only single target (not {what}) can be annotated"),
                span_line,
            )
        }
        ParseErrorType::OtherError(m) => {
            let direct = match m.as_str() {
                "Trailing comma not allowed"
                    if ctx.kind(i + 1) == Some(Tk::Newline)
                        && ctx.head(ctx.stmt_start(i)).1 == "from" =>
                {
                    Some((
                        "trailing comma not allowed without surrounding parentheses",
                        ctx.line(i),
                    ))
                }
                "Expected one or more exception types" => {
                    Some(("expected one or more exception types", ctx.line(i)))
                }
                "Position-only parameter separator not allowed as first parameter" => {
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
        ParseErrorType::InvalidMatchPatternTarget if i > 0 && ctx.is_word(i - 1, "as") => {
            syntax_at("cannot use '_' as a target", span_line)
        }
        ParseErrorType::ExpectedImaginaryNumber => {
            syntax_at("imaginary number required in complex literal", span_line)
        }
        ParseErrorType::ExpectedRealNumber => {
            syntax_at("real number required in complex literal", span_line)
        }
        ParseErrorType::UnexpectedIndentation => {
            let mut j = i;
            while matches!(ctx.kind(j), Some(Tk::Indent)) {
                j += 1;
            }
            err(INDENT, "unexpected indent", ctx.line(j))
        }
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Colon,
            ..
        } => missing_colon(ctx, i),
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Lpar,
            ..
        } => {
            let s = ctx.stmt_start(i);
            if ctx.head(s).1 == "def" {
                return syntax_at("expected '('", ctx.line(i));
            }
            generic(ctx, i)
        }
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Else,
            ..
        } if !ctx.is_op(i, ":") => {
            let level = if ctx.is_closing(i) {
                ctx.level(i) + 1
            } else {
                ctx.level(i)
            };
            let mut j = i;
            while j > 0 && !(ctx.is_word(j, "if") && ctx.level(j) == level) {
                j -= 1;
            }
            let floor = ctx.open_bracket(j).map_or(ctx.stmt_start(j), |o| o + 1);
            let a = ctx.expr_start(j.saturating_sub(1), floor);
            syntax_at("expected 'else' after 'if' expression", ctx.line(a))
        }
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Rpar,
            ..
        } if ctx.is_op(i, "(") && in_def_params(ctx, i) && plain_names(ctx, i) => {
            syntax_at("Function parameters cannot be parenthesized", ctx.line(i))
        }
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Comma | TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace,
            ..
        }
        | ParseErrorType::SimpleStatementsOnSameLine => {
            let info = adjacent(ctx, i);
            if info.message == "invalid syntax"
                && let Some(inner) = inner_adjacency(ctx, i)
            {
                return inner;
            }
            info
        }
        ParseErrorType::ExpectedExpression => missing_expression(ctx, i),
        ParseErrorType::PositionalAfterKeywordArgument
        | ParseErrorType::PositionalAfterKeywordUnpacking
            if adjacency_in_arg(ctx, i)
                .is_some_and(|k| adjacent(ctx, k).message != "invalid syntax") =>
        {
            adjacency_in_arg(ctx, i).map_or_else(|| generic(ctx, i), |k| adjacent(ctx, k))
        }
        ParseErrorType::PositionalAfterKeywordArgument => syntax_at(
            "positional argument follows keyword argument",
            close_line(ctx, i),
        ),
        ParseErrorType::PositionalAfterKeywordUnpacking => syntax_at(
            "positional argument follows keyword argument unpacking",
            close_line(ctx, i),
        ),
        ParseErrorType::InvalidArgumentUnpackingOrder => {
            let line = ctx.open_bracket(i).map_or(ctx.line(i), |o| ctx.line(o + 1));
            syntax_at(
                "iterable argument unpacking follows keyword argument unpacking",
                line,
            )
        }
        ParseErrorType::UnparenthesizedGeneratorExpression => {
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
        ParseErrorType::NonDefaultParamAfterDefaultParam => {
            let annotated = ctx.is_op(i + 1, ":") && in_def_params(ctx, i);
            let next = if annotated {
                scan_expr(ctx, i + 2, false).0
            } else {
                i + 1
            };
            if ctx.is_op(next, ",") || ctx.is_op(next, ")") || (!annotated && ctx.is_op(next, ":"))
            {
                syntax_at("non-default argument follows default argument", span_line)
            } else {
                ctx.touch(next);
                generic(ctx, next)
            }
        }
        ParseErrorType::ParamAfterVarKeywordParam => {
            syntax_at("arguments cannot follow var-keyword argument", span_line)
        }
        ParseErrorType::ExpectedKeywordParam => {
            // invalid_star_etc: `*` then `)`, `, )` or `, **` (or `:` / `, :` in a lambda).
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
        ParseErrorType::VarParameterWithDefault => {
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
        ParseErrorType::InvalidDeleteTarget => {
            target_error(span_text, start, ctx, Targets::Delete).unwrap_or_else(|| generic(ctx, i))
        }
        ParseErrorType::InvalidAugmentedAssignmentTarget => match parse_expr(span_text) {
            Some(e) => syntax_at(
                format!(
                    "'{}' is an illegal expression for augmented assignment",
                    expr_name(&e)
                ),
                span_line,
            ),
            None => generic(ctx, i),
        },
        ParseErrorType::InvalidNamedAssignmentTarget => match parse_expr(span_text) {
            Some(e) => syntax_at(
                format!("cannot use assignment expressions with {}", expr_name(&e)),
                span_line,
            ),
            None => generic(ctx, i),
        },
        ParseErrorType::InvalidAnnotatedAssignmentTarget => {
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
        ParseErrorType::InvalidAssignmentTarget => assignment_target(ctx, i, start, end),
        ParseErrorType::IterableUnpackingInComprehension => syntax_at(
            "iterable unpacking cannot be used in comprehension",
            span_line,
        ),
        ParseErrorType::EmptySlice => {
            // `x[]` is `x` followed by an empty list: inside brackets that is the comma hint.
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
        ParseErrorType::EmptyImportNames => {
            let s = ctx.stmt_start(i);
            if ctx.head(s).1 == "from" && ctx.is_op(i.saturating_sub(1), ",") && ctx.level(i) == 0 {
                return syntax_at(
                    "trailing comma not allowed without surrounding parentheses",
                    ctx.line(i),
                );
            }
            generic(ctx, i)
        }
        _ => generic(ctx, i),
    }
}

/// Line of the bracket closing the call that holds token `i` (CPython's last token there).
pub(super) fn close_line(ctx: &Ctx, i: usize) -> usize {
    match ctx.open_bracket(i).and_then(|o| ctx.closing_of(o)) {
        Some(c) => ctx.line(c),
        None => ctx.line(i),
    }
}

pub(super) fn in_def_params(ctx: &Ctx, i: usize) -> bool {
    match ctx.open_bracket(i) {
        Some(o) => o >= 2 && ctx.is_word(o - 2, "def") && ctx.is_op(o, "("),
        None => false,
    }
}

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

/// `expected an indented block after ...`: the header is the logical line before token `i`.
pub(super) fn indented_block(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    // Find the NEWLINE that ends the header.
    let mut nl = i;
    while nl > 0 && ctx.kind(nl) != Some(Tk::Newline) {
        nl -= 1;
    }
    let after = nl + 1;
    let s = ctx.stmt_start(nl.saturating_sub(1));
    let (h, kw) = ctx.head(s);
    let what = match kw {
        "def" => "function definition".to_string(),
        "class" => "class definition".to_string(),
        "except" if ctx.is_op(h + 1, "*") => "'except*' statement".to_string(),
        "if" | "elif" | "else" | "while" | "for" | "with" | "try" | "except" | "finally"
        | "match" | "case" => {
            format!("'{kw}' statement")
        }
        _ => return err(INDENT, "expected an indented block", ctx.line(after)),
    };
    err(
        INDENT,
        format!(
            "expected an indented block after {what} on line {}",
            ctx.line(h)
        ),
        ctx.line(after),
    )
}

/// Ruff expected a `:`: compound-statement headers, dictionaries and `=` in conditions.
pub(super) fn missing_colon(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    if let Some(open) = ctx.open_bracket(i)
        && ctx.is_op(open, "{")
        && let Some(info) = dict_key(ctx, open, i)
    {
        return info;
    }
    let s = ctx.stmt_start(i);
    let (h, kw) = ctx.head(s);
    let newline = ctx.kind(i) == Some(Tk::Newline);
    let header = matches!(
        kw,
        "if" | "elif"
            | "while"
            | "for"
            | "with"
            | "class"
            | "except"
            | "match"
            | "case"
            | "else"
            | "try"
            | "finally"
            | "def"
    );
    if newline && header && ctx.outer_level(i) == 0 {
        return syntax_at("expected ':'", ctx.line(i));
    }
    if matches!(kw, "else" | "try" | "finally" | "def") && ctx.outer_level(i) == 0 {
        return syntax_at("expected ':'", ctx.line(i));
    }
    if ctx.is_op(i, "=")
        && matches!(kw, "if" | "elif" | "while")
        && let Some(info) = named_expr_hint(ctx, h + 1, i)
    {
        return info;
    }
    generic(ctx, i)
}

/// A dictionary item without its `:`; `Some` when CPython words it specially.
pub(super) fn dict_key(ctx: &Ctx, open: usize, i: usize) -> Option<SyntaxErrorInfo> {
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
    if let Some(open) = ctx.open_bracket(i)
        && ctx.is_op(open, "{")
        && let Some(info) = dict_key(ctx, open, i)
    {
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

/// The target of a `for`, `with ... as`, comprehension or assignment cannot be assigned.
pub(super) fn assignment_target(ctx: &Ctx, i: usize, start: usize, end: usize) -> SyntaxErrorInfo {
    let s = ctx.stmt_start(i);
    let e = ctx.stmt_end(i);
    let (h, kw) = ctx.head(s);
    let level = ctx.level(i);
    // A comprehension's `for` at the target's own bracket level.
    // A comprehension target, in this bracket or an enclosing one.
    let mut inner = i;
    while let Some(open) = ctx.open_bracket(inner) {
        if let Some(info) = comprehension_target(ctx, open, i) {
            return info;
        }
        inner = open;
    }
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
