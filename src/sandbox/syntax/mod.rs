//! CPython 3.11 syntax errors for learner snippets.
//!
//! Ruff's parser builds the tree the sandbox runs, but its diagnostics are worded for a linter
//! and it accepts syntax newer than 3.11. Learners must instead see what `python3.11` prints:
//! the exception class, its `msg` and its `lineno`. This module gets there in layers:
//!
//! 1. a tokenizer written after CPython 3.11's own (`Parser/tokenizer.c`), which finds the
//!    errors CPython raises while tokenizing (strings, numbers, odd characters, indentation,
//!    brackets) together with CPython's rules for which of them wins over a parser error;
//! 2. Ruff's parser (target 3.11) to find where parsing fails, then the grammar's
//!    `invalid_*` rules re-enacted on the tokens of the failing statement to word the message;
//! 3. the 3.11 f-string and string-escape checks, which CPython runs while parsing;
//! 4. the compiler's checks (symbol table and code generation) on Ruff's tree, e.g.
//!    `'return' outside function`.
//!
//! Everything works on a copy of the source whose line ends are `\n` (CPython translates
//! `\r\n` and `\r` too, and adds a final newline); only line numbers leave the module.
//!
//! The wording is re-derived, not looked up, so a few contrived inputs still get a different
//! message than CPython (the unit tests list what is known to match). Expressions nested
//! about 3000 deep are refused up front with CPython's `RecursionError`, which also keeps
//! Ruff from building (and recursively dropping) trees that could exhaust the stack.

use std::collections::HashSet;

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::{self as ast, Expr, ModModule, PythonVersion, Stmt};
use ruff_python_parser::{
    Mode, ParseError, ParseErrorType, ParseOptions, Parsed, UnsupportedSyntaxError,
    UnsupportedSyntaxErrorKind,
};
use ruff_text_size::Ranged;

/// A syntax error as CPython 3.11 reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxErrorInfo {
    /// "SyntaxError", "IndentationError" or "TabError" (or "RecursionError" for expressions
    /// nested deeper than CPython's compiler accepts).
    pub kind: &'static str,
    /// CPython's `e.msg`, e.g. "expected ':'".
    pub message: String,
    /// 1-based line CPython reports (`e.lineno`).
    pub line: usize,
}

const SYNTAX: &str = "SyntaxError";
const INDENT: &str = "IndentationError";
const TAB: &str = "TabError";

/// Parses `source`; Ok(module) when it is valid Python 3.11, else CPython's error.
pub fn parse(source: &str) -> Result<Parsed<ModModule>, SyntaxErrorInfo> {
    // CPython refuses NUL bytes before tokenizing (its `lineno` is then None; the line of the
    // first NUL is the most useful stand-in).
    if let Some(pos) = source.find('\0') {
        return Err(err(
            SYNTAX,
            "source code string cannot contain null bytes",
            line_of(source, pos),
        ));
    }
    // Trees deeper than CPython's compiler accepts are refused before Ruff builds them: CPython
    // raises RecursionError there, and dropping such a tree could exhaust the stack.
    {
        let text = Text::new(source);
        let (toks, tok_err) = Lexer::new(&text.norm).run();
        if let Some(te) = &tok_err
            && te.msg == "too many nested parentheses"
        {
            return Err(err(te.kind, te.msg.clone(), te.line));
        }
        if let Some(line) = too_deep(&text.norm, &toks) {
            return Err(SyntaxErrorInfo {
                kind: "RecursionError",
                message: "maximum recursion depth exceeded during compilation".to_string(),
                line,
            });
        }
    }
    let parsed = match ruff_python_parser::parse_unchecked(source, options()).try_into_module() {
        Some(parsed) => parsed,
        None => return Err(err(SYNTAX, "invalid syntax", 1)),
    };
    if source.contains('\r') {
        // Diagnose the text CPython actually tokenizes (`\r\n` and `\r` become `\n`, and a
        // final `\r\n` gains an extra newline), but hand back the tree of `source` itself.
        let text = Text::new(source);
        let diagnosed =
            match ruff_python_parser::parse_unchecked(&text.norm, options()).try_into_module() {
                Some(p) => diagnose(&text.norm, &p),
                None => Some(err(SYNTAX, "invalid syntax", 1)),
            };
        return match diagnosed {
            Some(info) => Err(info),
            None => Ok(parsed),
        };
    }
    match diagnose(source, &parsed) {
        Some(info) => Err(info),
        None => Ok(parsed),
    }
}

/// 1-based line number of a byte offset in `source`.
///
/// `\n`, `\r\n` and a lone `\r` each end a line; offsets past the end count as the end.
pub fn line_of(source: &str, offset: usize) -> usize {
    let bytes = source.as_bytes();
    let before = bytes.get(..offset.min(bytes.len())).unwrap_or(bytes);
    let mut line = 1;
    for (i, b) in before.iter().enumerate() {
        // A `\r\n` pair ends its line at the `\n`.
        if *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

fn err(kind: &'static str, message: impl Into<String>, line: usize) -> SyntaxErrorInfo {
    SyntaxErrorInfo {
        kind,
        message: message.into(),
        line: line.max(1),
    }
}

// Whole-source steps: line ends, the nesting limit, and the stages put together.
mod nesting;
mod normalize;
mod pipeline;

// 1. The tokenizer and its errors.
mod identifiers;
mod indentation;
mod numbers;
mod tokenizer;

// 2. Parser failures: where Ruff's parser stopped, then the `invalid_*` rules by what they
// detect, over helpers on tokens and expressions.
mod adjacency;
mod assignments;
mod blocks;
mod calls;
mod conditional;
mod displays;
mod expr_scan;
mod exprs;
mod newer;
mod params;
mod parse_errors;
mod parse_reach;
mod ruff_messages;
mod targets;
mod tokens;

// 3. String literals and f-strings.
mod fstrings;
mod strings;

// 4. The compile stage: symbol table, then code generation.
mod codegen;
mod codegen_exprs;
mod codegen_patterns;
mod compile;
mod symtable;
mod symtable_comprehensions;
mod symtable_declarations;

#[cfg(test)]
mod tests;

#[allow(unused_imports)]
use {
    adjacency::*, assignments::*, blocks::*, calls::*, codegen::*, codegen_exprs::*,
    codegen_patterns::*, compile::*, conditional::*, displays::*, expr_scan::*, exprs::*,
    fstrings::*, identifiers::*, indentation::*, nesting::*, newer::*, normalize::*, numbers::*,
    params::*, parse_errors::*, parse_reach::*, pipeline::*, ruff_messages::*, strings::*,
    symtable::*, symtable_comprehensions::*, symtable_declarations::*, targets::*, tokenizer::*,
    tokens::*,
};
