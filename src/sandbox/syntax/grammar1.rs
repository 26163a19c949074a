//! Ruff's parse errors, reworded as CPython's `invalid_*` grammar rules would word them. (part 1)

#[allow(unused_imports)]
use super::*;

pub(super) fn ruff_failure(ctx: &Ctx, text: &Text, e: &ParseError) -> Fail {
    let start = text.offset(e.location.start().to_usize());
    let end = text.offset(e.location.end().to_usize()).max(start);
    let i = ctx.index_at(start);
    let info = map_parse_error(ctx, &e.error, start, end, i);
    // "expected an indented block" is decided on the token after the header's NEWLINE, so
    // CPython's tokenizer has already produced that token (or failed on it).
    let start = if info.message.starts_with("expected an indented block") {
        let mut nl = i;
        while nl > 0 && ctx.kind(nl) != Some(Tk::Newline) {
            nl -= 1;
        }
        start.max(ctx.toks.get(nl).map_or(start, |t| t.end))
    } else {
        start
    };
    let reach = reach(ctx, i, &info.message);
    let last = ctx
        .toks
        .iter()
        .rposition(|t| t.kind != Tk::End)
        .unwrap_or(0);
    // A token that is only peeked at (`x if y els`) does not lead CPython past it.
    let peeked = info.message.starts_with("expected 'else'");
    let reach = reach.max(ctx.touched.get());
    let last_end = ctx.toks.get(last).map_or(0, |t| t.end);
    // Reading a string always fetches the next token (to join adjacent strings).
    let string_peek = reach >= last && ctx.kind(last) == Some(Tk::Str);
    let at_end = start >= last_end
        || (reaches_end(ctx, start, i) && !peeked)
        || (reach > i && reach > last)
        || string_peek;
    let final_ = info.message == "unexpected indent";
    let at_line = ctx.line(reach).max(info.line);
    Fail {
        offset: start,
        info,
        at_line,
        final_,
        tokenizer: false,
        reaches_end: at_end,
    }
}

/// The furthest token CPython's parser reads for a failure at token `i`: its error rules
/// often parse a whole expression past the failure and peek at the token after it.
pub(super) fn reach(ctx: &Ctx, i: usize, message: &str) -> usize {
    if message.starts_with("invalid syntax. Perhaps you forgot a comma")
        || message.starts_with("Missing parentheses")
    {
        return scan_expr(ctx, i, false).0;
    }
    if message.contains("Maybe you meant") {
        if ctx.is_op(i, "=") {
            return scan_expr(ctx, i + 1, true).0;
        }
        return i;
    }
    let head = ctx.head(ctx.stmt_start(i)).1;
    let expression_context = !matches!(
        head,
        "import" | "from" | "case" | "def" | "class" | "global" | "nonlocal"
    );
    if message == "invalid syntax"
        && expression_context
        && i > 0
        && ctx.ends_expr(i - 1)
        && ctx.starts_expr(i)
        && (ctx.level(i) == 0 || comma_hint_allowed(ctx, i))
    {
        // `invalid_expression` / `invalid_legacy_expression` parse the second expression
        // even where they then stay silent.
        return explore(ctx, i);
    }
    if message == "invalid syntax" {
        // A failure just before a bracket: CPython tries to parse the bracket's contents.
        let opener = if ctx.is_opening(i) && i > 0 && ctx.ends_expr(i - 1) && expression_context {
            Some(i)
        } else if ctx.is_op(i + 1, "{") && ctx.ends_expr(i) && expression_context {
            Some(i + 1)
        } else {
            None
        };
        if let Some(open) = opener {
            return explore(ctx, open);
        }
    }
    i
}

/// Last token of the longest expression that starts at token `k`.
pub(super) fn expr_end(ctx: &Ctx, k: usize) -> usize {
    scan_expr(ctx, k, false).1.max(k)
}

/// Reads tokens from `k` as CPython's expression rules would. Returns the first token it
/// could not use (the furthest token the parser looked at) and the last token of the longest
/// complete expression. With `bitwise_only` it stops before comparisons and boolean words.
pub(super) fn scan_expr(ctx: &Ctx, k: usize, bitwise_only: bool) -> (usize, usize) {
    let n = ctx.toks.len();
    // Open brackets, each with whether its current item is starred.
    let mut stack: Vec<(u8, bool)> = Vec::new();
    let mut expect = true;
    let mut last = k.saturating_sub(1);
    let mut j = k;
    while j < n {
        let t = ctx.text(j);
        let depth = stack.len();
        match ctx.kind(j) {
            Some(Tk::Number | Tk::Str) => {
                if !expect {
                    break;
                }
                expect = false;
            }
            Some(Tk::Name) if !ctx.is_keyword(j) || matches!(t, "None" | "True" | "False") => {
                if !expect {
                    break;
                }
                expect = false;
            }
            Some(Tk::Name) => match t {
                "not" => {
                    if !expect {
                        if depth == 0 && bitwise_only {
                            break;
                        }
                        expect = true;
                    }
                }
                "await" => {
                    if !expect {
                        break;
                    }
                }
                "lambda" => {
                    if !expect {
                        break;
                    }
                    let mut m = j + 1;
                    while m < n && !(ctx.is_op(m, ":") && ctx.level(m) == ctx.level(j)) {
                        if matches!(ctx.kind(m), Some(Tk::Newline | Tk::End)) {
                            break;
                        }
                        m += 1;
                    }
                    if !ctx.is_op(m, ":") {
                        j = m;
                        break;
                    }
                    j = m;
                }
                "and" | "or" | "in" | "is" | "if" | "else" => {
                    if expect || (depth == 0 && bitwise_only) {
                        break;
                    }
                    expect = true;
                }
                "for" | "async" => {
                    if depth == 0 || expect {
                        break;
                    }
                    expect = true;
                }
                "yield" if depth > 0 && expect => {
                    if ctx.is_word(j + 1, "from") {
                        j += 1;
                    } else if ctx.is_closing(j + 1) {
                        // `(yield)` alone is a whole operand.
                        expect = false;
                    }
                }
                _ => break,
            },
            Some(Tk::Op) => match t {
                "(" | "[" | "{" => {
                    if !expect && t == "{" {
                        break;
                    }
                    // A `[` after an operand is a subscript (where `:` makes slices).
                    let mark = if t == "[" && !expect {
                        b'S'
                    } else {
                        t.as_bytes()[0]
                    };
                    stack.push((mark, false));
                    expect = true;
                }
                ")" | "]" | "}" => {
                    // `()`, `[]`, `{}`, a trailing comma and `x[1:]` close without an operand.
                    let empty_ok = j > k
                        && (ctx.is_opening(j - 1)
                            || ctx.is_op(j - 1, ",")
                            || (ctx.is_op(j - 1, ":")
                                && stack.last().is_some_and(|top| top.0 == b'S')));
                    if depth == 0 || (expect && !empty_ok) {
                        break;
                    }
                    stack.pop();
                    expect = false;
                }
                "," => {
                    if depth == 0 || expect {
                        break;
                    }
                    expect = true;
                    if let Some(top) = stack.last_mut() {
                        top.1 = false;
                    }
                }
                ":" => {
                    let Some(&(open, starred)) = stack.last() else {
                        break;
                    };
                    if open == b'(' || open == b'[' || (open == b'S' && starred) {
                        break;
                    }
                    expect = true;
                }
                "=" => {
                    let kwarg = j >= 2
                        && ctx.kind(j - 1) == Some(Tk::Name)
                        && (ctx.is_op(j - 2, "(") || ctx.is_op(j - 2, ","));
                    if !(stack.last().is_some_and(|top| top.0 == b'(') && !expect && kwarg) {
                        break;
                    }
                    expect = true;
                }
                "." => {
                    if expect {
                        break;
                    }
                    j += 1;
                    if ctx.kind(j) != Some(Tk::Name) || ctx.is_keyword(j) {
                        break;
                    }
                }
                "..." => {
                    if !expect {
                        break;
                    }
                    expect = false;
                }
                "-" | "+" | "~" => expect = true,
                "*" | "**" => {
                    if expect {
                        match stack.last_mut() {
                            Some(top) => top.1 = true,
                            None => break,
                        }
                    }
                    expect = true;
                }
                ":=" => {
                    if depth == 0 || expect {
                        break;
                    }
                    expect = true;
                }
                "<" | ">" | "==" | ">=" | "<=" | "!=" | "<>" => {
                    if expect || (depth == 0 && bitwise_only) {
                        break;
                    }
                    expect = true;
                }
                "/" | "//" | "%" | "@" | "&" | "|" | "^" | "<<" | ">>" => {
                    if expect {
                        break;
                    }
                    expect = true;
                }
                _ => break,
            },
            _ => break,
        }
        if !expect && stack.is_empty() {
            last = j;
        }
        j += 1;
    }
    (j, last)
}

/// Last token of the bitwise_or (no comparison, `not`, `and`, `or` or `if`) starting at `k`.
pub(super) fn bitwise_or_end(ctx: &Ctx, k: usize) -> usize {
    scan_expr(ctx, k, true).1.max(k)
}

/// Rules that depend on where the failure sits rather than on Ruff's wording.
pub(super) fn context_rules(
    ctx: &Ctx,
    error: &ParseErrorType,
    i: usize,
) -> Option<SyntaxErrorInfo> {
    let s = ctx.stmt_start(i);
    let (h, kw) = ctx.head(s);
    // Two expressions side by side inside brackets, whatever Ruff expected there.
    if i > 0
        && ctx.level(expr_end(ctx, i)) > 0
        && ctx.ends_expr(i - 1)
        && ctx.starts_expr(i)
        && !(matches!(
            error,
            ParseErrorType::ExpectedToken {
                expected: TokenKind::Colon,
                ..
            }
        ) && ctx.open_bracket(i).is_some_and(|o| ctx.is_op(o, "{")))
        && comma_hint_allowed(ctx, i)
    {
        let info = adjacent(ctx, i);
        if info.message != "invalid syntax" {
            return Some(info);
        }
    }
    // invalid_expression: `a if b` not followed by `else`.
    if let Some(info) = ternary_without_else(ctx, i) {
        return Some(info);
    }
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
    let open = ctx.open_bracket(i);
    if let Some(open) = open {
        let call = open > 0
            && ctx.is_op(open, "(")
            && ctx.ends_expr(open - 1)
            && !ctx.is_keyword(open - 1);
        let class_or_def =
            open >= 2 && (ctx.is_word(open - 2, "def") || ctx.is_word(open - 2, "class"));
        if (call && !class_or_def || open >= 2 && ctx.is_word(open - 2, "class"))
            && let Some(info) = kwarg_rule(ctx, open, i)
        {
            return Some(info);
        }
        if !call && !class_or_def {
            // invalid_group: `(*x)` and `(**x)`.
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
            // invalid_for_target inside a comprehension: `[x for f() in y]`, `[x for range(3)]`.
            if let Some(info) = comprehension_target(ctx, open, i) {
                return Some(info);
            }
            // invalid_comprehension: `[x, y for x, y in z]`.
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
            // invalid_named_expression inside displays and groups: `{'lr' = 0.1}`.
            let level = ctx.level(open);
            let comprehension =
                (open + 1..i).any(|k| ctx.level(k) == level && ctx.is_word(k, "for"));
            let dict = ctx.is_op(open, "{")
                && (open + 1..i).any(|k| ctx.level(k) == level && ctx.is_op(k, ":"));
            if ctx.is_op(i, "=") && ctx.level(i) == level && !comprehension && !dict {
                let a = ctx.expr_start(i - 1, open + 1);
                if let Some(info) = named_expr_hint(ctx, a, i) {
                    return Some(info);
                }
            }
        }
    }
    // `if x = 1:` and friends, whatever Ruff made of it.
    if ctx.is_op(i, "=")
        && ctx.level(i) == 0
        && matches!(kw, "if" | "elif" | "while")
        && let Some(info) = named_expr_hint(ctx, h + 1, i)
    {
        return Some(info);
    }
    None
}

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

/// The token after the block of the `try` that precedes token `i` (where CPython looks for
/// `except` or `finally`).
pub(super) fn after_try_block(ctx: &Ctx, i: usize) -> usize {
    let mut j = i.min(ctx.toks.len().saturating_sub(1));
    loop {
        if ctx.is_word(j, "try") && ctx.starts_stmt(j) {
            break;
        }
        if j == 0 {
            return i;
        }
        j -= 1;
    }
    let Some(colon) = (j..ctx.toks.len()).find(|&k| ctx.is_op(k, ":")) else {
        return i;
    };
    block_end(ctx, colon)
}

/// Index of the token after the block that follows the header colon at `colon`.
pub(super) fn block_end(ctx: &Ctx, colon: usize) -> usize {
    let nl = colon + 1;
    if ctx.kind(nl) == Some(Tk::Newline) && ctx.kind(nl + 1) == Some(Tk::Indent) {
        let mut depth = 0usize;
        let mut k = nl + 1;
        while k < ctx.toks.len() {
            match ctx.kind(k) {
                Some(Tk::Indent) => depth += 1,
                Some(Tk::Dedent) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return k + 1;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        return k.min(ctx.toks.len().saturating_sub(1));
    }
    let end = ctx.stmt_end(nl);
    (end + 1).min(ctx.toks.len().saturating_sub(1))
}

/// Whether `invalid_expression` (the comma hint) is reached for a second expression at `i`:
/// not for parameter names, nor after `in`/`if` of a comprehension (a plain disjunction).
pub(super) fn comma_hint_allowed(ctx: &Ctx, i: usize) -> bool {
    let s = ctx.stmt_start(i);
    let (h, kw) = ctx.head(s);
    let colon = (h..ctx.toks.len()).find(|&k| {
        ctx.level(k) == 0
            && (ctx.is_op(k, ":") || matches!(ctx.kind(k), Some(Tk::Newline | Tk::End)))
    });
    if kw == "case"
        && colon.is_none_or(|c| i < c)
        && !(h..i).any(|k| ctx.level(k) == 0 && ctx.is_word(k, "if"))
    {
        // Patterns are not expressions.
        return false;
    }
    let Some(open) = ctx.open_bracket(i) else {
        return true;
    };
    let level = ctx.level(open);
    if in_def_params(ctx, i) {
        // Only inside a default value.
        let item = (open + 1..i)
            .rev()
            .find(|&k| ctx.level(k) == level && ctx.is_op(k, ","))
            .map_or(open + 1, |k| k + 1);
        return (item..i).any(|k| ctx.level(k) == level && ctx.is_op(k, "="));
    }
    let mut in_clause = false;
    for k in open + 1..i {
        if ctx.level(k) != level {
            continue;
        }
        if ctx.is_word(k, "for") {
            in_clause = false;
        }
        let after_for = (open + 1..k).any(|f| ctx.level(f) == level && ctx.is_word(f, "for"));
        if (ctx.is_word(k, "in") || ctx.is_word(k, "if")) && after_for {
            in_clause = true;
        }
    }
    !in_clause
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

/// Whether an annotation expression follows the statement's first top-level `:`.
pub(super) fn annotation_follows(ctx: &Ctx, i: usize) -> bool {
    let s = ctx.stmt_start(i);
    let e = ctx.stmt_end(i);
    (s..e)
        .find(|&k| ctx.level(k) == 0 && ctx.is_op(k, ":"))
        .is_some_and(|c| ctx.starts_expr(c + 1))
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

/// Furthest token CPython reads when it parses an expression starting at `k` with its error
/// rules on: a `name = value` inside brackets is read as a named expression, value included.
pub(super) fn explore(ctx: &Ctx, k: usize) -> usize {
    let (furthest, _) = scan_expr(ctx, k, false);
    if ctx.is_op(furthest, "=")
        && ctx.level(furthest) > ctx.outer_level(k)
        && ctx.kind(furthest.saturating_sub(1)) == Some(Tk::Name)
    {
        return scan_expr(ctx, furthest + 1, true).0;
    }
    furthest
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

/// Whether CPython's lookahead at a failure on token `i` runs into the end of the tokens.
pub(super) fn reaches_end(ctx: &Ctx, start: usize, i: usize) -> bool {
    let Some(last) = ctx.toks.iter().rposition(|t| t.kind != Tk::End) else {
        return true;
    };
    let last_tok = ctx.toks[last];
    start >= last_tok.end || (i >= last && matches!(last_tok.kind, Tk::Name | Tk::Number | Tk::Str))
}

pub(super) fn generic(ctx: &Ctx, i: usize) -> SyntaxErrorInfo {
    syntax_at("invalid syntax", ctx.line(i))
}
