//! Which of CPython's `invalid_*` grammar rules words a parser failure. Rules that depend
//! on where the failure sits come first (Ruff's wording can be about something else), then
//! one per kind of Ruff error. The rules live in the files named after what they detect:
//! `targets`, `assignments`, `calls`, `params`, `adjacency`, `displays`, `conditional`,
//! `blocks` and `ruff_messages`.

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
        ParseErrorType::OtherError(m) => other_error(ctx, m, i, span_text, span_line),
        ParseErrorType::InvalidMatchPatternTarget if i > 0 && ctx.is_word(i - 1, "as") => {
            syntax_at("cannot use '_' as a target", span_line)
        }
        ParseErrorType::ExpectedImaginaryNumber => {
            syntax_at("imaginary number required in complex literal", span_line)
        }
        ParseErrorType::ExpectedRealNumber => {
            syntax_at("real number required in complex literal", span_line)
        }
        ParseErrorType::UnexpectedIndentation => unexpected_indent(ctx, i),
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Colon,
            ..
        } => missing_colon(ctx, i),
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Lpar,
            ..
        } => missing_def_paren(ctx, i),
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Else,
            ..
        } if !ctx.is_op(i, ":") => missing_else(ctx, i),
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
        | ParseErrorType::SimpleStatementsOnSameLine => missing_comma(ctx, i),
        ParseErrorType::ExpectedExpression => missing_expression(ctx, i),
        ParseErrorType::PositionalAfterKeywordArgument => positional_after_keyword(ctx, i, false),
        ParseErrorType::PositionalAfterKeywordUnpacking => positional_after_keyword(ctx, i, true),
        ParseErrorType::InvalidArgumentUnpackingOrder => unpacking_order(ctx, i),
        ParseErrorType::UnparenthesizedGeneratorExpression => generator_argument(ctx, i, span_line),
        ParseErrorType::NonDefaultParamAfterDefaultParam => {
            non_default_after_default(ctx, i, span_line)
        }
        ParseErrorType::ParamAfterVarKeywordParam => {
            syntax_at("arguments cannot follow var-keyword argument", span_line)
        }
        ParseErrorType::ExpectedKeywordParam => bare_star(ctx, i),
        ParseErrorType::VarParameterWithDefault => var_param_default(ctx, i),
        ParseErrorType::InvalidDeleteTarget => {
            target_error(span_text, start, ctx, Targets::Delete).unwrap_or_else(|| generic(ctx, i))
        }
        ParseErrorType::InvalidAugmentedAssignmentTarget => {
            augmented_target_named(ctx, i, span_text, span_line)
        }
        ParseErrorType::InvalidNamedAssignmentTarget => named_target(ctx, i, span_text, span_line),
        ParseErrorType::InvalidAnnotatedAssignmentTarget => {
            annotated_target(ctx, i, span_text, span_line)
        }
        ParseErrorType::InvalidAssignmentTarget => assignment_target(ctx, i, start, end),
        ParseErrorType::IterableUnpackingInComprehension => syntax_at(
            "iterable unpacking cannot be used in comprehension",
            span_line,
        ),
        ParseErrorType::EmptySlice => empty_subscript(ctx, i),
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

/// Rules that depend on where the failure sits rather than on Ruff's wording, in the order
/// CPython's grammar would reach them.
pub(super) fn context_rules(
    ctx: &Ctx,
    error: &ParseErrorType,
    i: usize,
) -> Option<SyntaxErrorInfo> {
    adjacent_in_brackets(ctx, error, i)
        .or_else(|| ternary_without_else(ctx, i))
        .or_else(|| dict_rules(ctx, i))
        .or_else(|| target_rules(ctx, error, i))
        .or_else(|| param_rules(ctx, error, i))
        .or_else(|| bracket_rules(ctx, i))
        .or_else(|| condition_assignment(ctx, i))
}

/// Rules for a failure inside brackets, which depend on what the brackets are: a call's
/// (or class bases') arguments, or a group, display or comprehension.
fn bracket_rules(ctx: &Ctx, i: usize) -> Option<SyntaxErrorInfo> {
    let open = ctx.open_bracket(i)?;
    let call =
        open > 0 && ctx.is_op(open, "(") && ctx.ends_expr(open - 1) && !ctx.is_keyword(open - 1);
    let class_or_def =
        open >= 2 && (ctx.is_word(open - 2, "def") || ctx.is_word(open - 2, "class"));
    if (call && !class_or_def || open >= 2 && ctx.is_word(open - 2, "class"))
        && let Some(info) = kwarg_rule(ctx, open, i)
    {
        return Some(info);
    }
    if call || class_or_def {
        return None;
    }
    starred_group(ctx, open)
        // invalid_for_target inside a comprehension: `[x for f() in y]`, `[x for range(3)]`.
        .or_else(|| comprehension_target(ctx, open, i))
        .or_else(|| unparenthesized_comprehension_target(ctx, open, i))
        .or_else(|| display_assignment(ctx, open, i))
}
