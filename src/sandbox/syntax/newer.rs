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
            let info = syntax_at(
                "multiple exception types must be parenthesized",
                ctx.line(first),
            );
            return Some(Fail::parser(start, info, line));
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
    Some(Fail::parser(start, syntax_at(msg, line), line))
}
