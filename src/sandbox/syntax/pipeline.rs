//! Putting the stages together: tokenizer errors, parser errors, string and compiler checks.

#[allow(unused_imports)]
use super::*;

/// A parser-stage failure: where the parser stopped (normalised offset) and what 3.11 says.
#[derive(Clone, Debug)]
pub(super) struct Fail {
    pub(super) offset: usize,
    pub(super) info: SyntaxErrorInfo,
    /// Line of the furthest token CPython's parser read (what an unclosed bracket is
    /// compared with), which can differ from the line it reports.
    pub(super) at_line: usize,
    /// CPython raised it without tokenizing the rest of the file ("unexpected indent").
    pub(super) final_: bool,
    /// The message comes from a tokenizer (so an enclosing f-string adds no prefix).
    pub(super) tokenizer: bool,
    /// Whether CPython's parser looks past the last token here (so that an unclosed bracket
    /// at end of file is what it reports).
    pub(super) reaches_end: bool,
}

impl Fail {
    /// A failure found by the parser's own rules, read no further than its line.
    pub(super) fn parser(offset: usize, info: SyntaxErrorInfo, at_line: usize) -> Fail {
        Fail {
            offset,
            info,
            at_line,
            final_: false,
            tokenizer: false,
            reaches_end: false,
        }
    }
}

pub(super) fn diagnose(source: &str, parsed: &Parsed<ModModule>) -> Option<SyntaxErrorInfo> {
    if let Some((info, _)) = parse_stage(source, parsed, 0) {
        return Some(info);
    }
    compile_checks(parsed.syntax(), source)
}

pub(super) fn options() -> ParseOptions {
    ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY311)
}

/// Parses a fragment (an f-string's expression) through the parser stage only.
pub(super) fn parse_stage_text(source: &str, depth: usize) -> Option<(SyntaxErrorInfo, bool)> {
    let parsed = ruff_python_parser::parse_unchecked(source, options()).try_into_module()?;
    parse_stage(source, &parsed, depth)
}

/// Tokenizer and parser errors; the flag tells whether the tokenizer raised it.
pub(super) fn parse_stage(
    source: &str,
    parsed: &Parsed<ModModule>,
    depth: usize,
) -> Option<(SyntaxErrorInfo, bool)> {
    let text = Text::new(source);
    let (toks, tok_err) = Lexer::new(&text.norm).run();
    let ctx = Ctx {
        src: &text.norm,
        toks: &toks,
        touched: std::cell::Cell::new(0),
    };
    let fail = parser_failure(&ctx, &text, parsed, depth);
    let from_tokenizer = |te: TokErr| Some((err(te.kind, te.msg, te.line), true));
    match (tok_err, fail) {
        (Some(te), None) => from_tokenizer(te),
        (Some(te), Some(fail)) => {
            let last_end = toks
                .iter()
                .rev()
                .find(|t| t.kind != Tk::End)
                .map_or(0, |t| t.end);
            let deferred_reached =
                te.surface == Surface::Deferred && (fail.offset >= last_end || fail.reaches_end);
            if fail.offset >= te.offset || deferred_reached {
                return from_tokenizer(te);
            }
            if fail.final_ {
                return Some((fail.info, fail.tokenizer));
            }
            match te.surface {
                Surface::Raised => from_tokenizer(te),
                Surface::Unclosed { line } if fail.at_line > line || fail.reaches_end => {
                    from_tokenizer(te)
                }
                Surface::Unclosed { line }
                    if fail.offset > unclosed_start(&ctx)
                        && !fail.final_
                        && fail.info.message == "invalid syntax"
                        && unclosed_in_expression(&ctx) =>
                {
                    // CPython keeps reading inside the bracket across lines; see how far.
                    let (stop, _) = scan_expr(&ctx, unclosed_index(&ctx), false);
                    if stop >= toks.len() || ctx.line(stop) > line {
                        return from_tokenizer(te);
                    }
                    Some((fail.info, fail.tokenizer))
                }
                _ => Some((fail.info, fail.tokenizer)),
            }
        }
        (None, Some(fail)) => Some((fail.info, fail.tokenizer)),
        (None, None) => None,
    }
}

/// The first parser-stage error: Ruff's own, 3.12+ syntax Ruff accepts, or the string checks
/// CPython 3.11 makes while parsing.
pub(super) fn parser_failure(
    ctx: &Ctx,
    text: &Text,
    parsed: &Parsed<ModModule>,
    depth: usize,
) -> Option<Fail> {
    let mut best: Option<Fail> = string_failure(ctx, depth);
    if let Some(f) = try_else_without_except(ctx)
        && best.as_ref().is_none_or(|b| f.offset < b.offset)
    {
        best = Some(f);
    }
    // Ruff reports errors in parse order; the first is where its parser first got stuck
    // (later ones can start earlier, e.g. an invalid target noticed at its `=`).
    let ruff = parsed.errors().first().map(|e| ruff_failure(ctx, text, e));
    let newer = parsed
        .unsupported_syntax_errors()
        .iter()
        .filter_map(|u| newer_syntax_failure(ctx, text, u))
        .min_by_key(|f| f.offset);
    for cand in [ruff, newer].into_iter().flatten() {
        if best.as_ref().is_none_or(|b| cand.offset < b.offset) {
            best = Some(cand);
        }
    }
    best
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
