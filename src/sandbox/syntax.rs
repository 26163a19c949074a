//! Temporary stand-in for CPython syntax errors (replaced by the full module).

use ruff_python_ast::ModModule;
use ruff_python_parser::Parsed;

#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxErrorInfo {
    pub kind: &'static str,
    pub message: String,
    pub line: usize,
}

pub fn parse(source: &str) -> Result<Parsed<ModModule>, SyntaxErrorInfo> {
    ruff_python_parser::parse_module(source).map_err(|e| SyntaxErrorInfo {
        kind: "SyntaxError",
        message: "invalid syntax".into(),
        line: line_of(source, e.location.start().to_usize()),
    })
}

pub fn line_of(source: &str, offset: usize) -> usize {
    source
        .as_bytes()
        .iter()
        .take(offset)
        .filter(|b| **b == b'\n')
        .count()
        + 1
}
